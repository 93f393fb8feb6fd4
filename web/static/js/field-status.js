// Status buttons of a technician's route page, safe against lost networks (lifts, basements).
// A tap is first written to localStorage (one entry per tap, with its own client_id), then sent in
// order; an entry leaves the queue only when the server has answered it, so a tap is never lost,
// and the client_id makes a resend after a lost answer count once. Offline, taps wait and go out
// when the browser is back online (and every few seconds while anything waits).
(function () {
  "use strict";

  var root = document.getElementById("field-status");
  if (!root) { return; }
  var api = root.getAttribute("data-api");
  var key = root.getAttribute("data-key");
  var next = JSON.parse(root.getAttribute("data-next"));
  var labels = JSON.parse(root.getAttribute("data-labels"));
  var english = document.documentElement.lang === "en";
  var sending = false;

  function load() {
    try { return JSON.parse(window.localStorage.getItem(key)) || []; } catch (e) { return []; }
  }

  function save(queue) { window.localStorage.setItem(key, JSON.stringify(queue)); }

  function newId() {
    if (window.crypto && window.crypto.randomUUID) { return window.crypto.randomUUID(); }
    return Date.now().toString(36) + "-" + Math.random().toString(36).slice(2) + "-" + Math.random().toString(36).slice(2);
  }

  function two(n) { return (n < 10 ? "0" : "") + n; }

  // The phone's local time with its offset, as the contract records `at`.
  function localIso(date) {
    var offset = -date.getTimezoneOffset();
    var sign = offset >= 0 ? "+" : "-";
    offset = Math.abs(offset);
    return date.getFullYear() + "-" + two(date.getMonth() + 1) + "-" + two(date.getDate()) + "T" +
      two(date.getHours()) + ":" + two(date.getMinutes()) + ":" + two(date.getSeconds()) +
      sign + two(Math.floor(offset / 60)) + ":" + two(offset % 60);
  }

  function boxOf(visitId) {
    var boxes = document.querySelectorAll(".status-box");
    for (var i = 0; i < boxes.length; i++) {
      if (boxes[i].getAttribute("data-visit") === visitId) { return boxes[i]; }
    }
    return null;
  }

  function show(visitId, status, pending, error) {
    var box = boxOf(visitId);
    if (!box) { return; }
    box.setAttribute("data-status", status);
    var label = box.querySelector(".status-label");
    label.textContent = labels[status] || status;
    label.className = "status-label st-" + status;
    box.querySelector(".status-pending").hidden = !pending;
    var problem = box.querySelector(".status-error");
    problem.hidden = !error;
    problem.textContent = error ? root.getAttribute("data-refused") + ": " + error : "";
    var allowed = next[status] || [];
    var buttons = box.querySelectorAll("[data-set-status]");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].hidden = allowed.indexOf(buttons[i].getAttribute("data-set-status")) < 0;
    }
  }

  function renderQueue() {
    var queue = load();
    var text = root.querySelector(".queue-text");
    root.classList.toggle("waiting", queue.length > 0);
    text.textContent = queue.length ? root.getAttribute("data-queued").replace("{n}", queue.length) : "";
  }

  function waitingFor(visitId) {
    return load().some(function (entry) { return entry.visit_id === visitId; });
  }

  function drop(clientId) {
    save(load().filter(function (entry) { return entry.client_id !== clientId; }));
  }

  function answered(entry, status, body) {
    drop(entry.client_id);
    if (status === 200) {
      show(entry.visit_id, body.status, waitingFor(entry.visit_id), null);
    } else {
      var message = (english ? body.message : body.message_zh || body.message) || String(status);
      show(entry.visit_id, body.current || boxOf(entry.visit_id).getAttribute("data-status"), false, message);
    }
  }

  function flush() {
    renderQueue();
    var queue = load();
    if (sending || !queue.length) { return; }
    sending = true;
    var entry = queue[0];
    var body = {status: entry.status, client_id: entry.client_id, at: entry.at};
    if (entry.note) { body.note = entry.note; }
    if (entry.part_id) { body.part_id = entry.part_id; }
    window.fetch(api.replace("__VISIT__", encodeURIComponent(entry.visit_id)), {
      method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "Accept": "application/json"},
      body: JSON.stringify(body)
    }).then(function (response) {
      if (response.status >= 500 || response.status === 401) { throw new Error("try again later"); }
      return response.json().catch(function () { return {}; }).then(function (data) {
        answered(entry, response.status, data);
      });
    }).then(function () {
      sending = false;
      flush();
    }, function () {
      sending = false;
      renderQueue();
    });
  }

  function tap(box, status, note, partId) {
    var queue = load();
    queue.push({client_id: newId(), visit_id: box.getAttribute("data-visit"), status: status,
                at: localIso(new Date()), note: note || "", part_id: partId || ""});
    save(queue);
    show(box.getAttribute("data-visit"), status, true, null);
    flush();
  }

  document.addEventListener("click", function (event) {
    var target = event.target instanceof Element ? event.target : null;
    var box = target && target.closest(".status-box");
    if (!box) { return; }
    var details = box.querySelector(".status-details");
    var button = target.closest("[data-set-status]");
    if (button) {
      var status = button.getAttribute("data-set-status");
      if (button.hasAttribute("data-details")) {
        details.hidden = false;
        details.setAttribute("data-for", status);
        details.querySelector(".part-field").hidden = status !== "needs_part";
        return;
      }
      tap(box, status);
      return;
    }
    if (target.closest("[data-status-send]")) {
      var wanted = details.getAttribute("data-for");
      var note = details.querySelector("textarea").value.trim();
      var part = wanted === "needs_part" ? details.querySelector("select").value : "";
      details.hidden = true;
      details.querySelector("textarea").value = "";
      tap(box, wanted, note, part);
    } else if (target.closest("[data-status-cancel]")) {
      details.hidden = true;
    }
  });

  // Taps still waiting from before a reload show as made.
  load().forEach(function (entry) { show(entry.visit_id, entry.status, true, null); });
  window.addEventListener("online", flush);
  window.setInterval(flush, 5000);
  flush();
}());

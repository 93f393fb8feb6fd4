/* The dispatch board's edits: drag a visit on the timeline (mouse, pen or finger), or use the form
   (keyboard); undo, redo; re-optimise the rest with a look at the changes before publishing; insert
   an urgent visit into a slot the slot finder proposes. Every rule is the server's: this script only
   sends the edit and shows the answer, in the page's language. After a saved change the page reloads
   to show the new plan, and the answer's words are shown again there. */
(function () {
  "use strict";
  var panel = document.getElementById("board-edit");
  if (!panel) { return; }
  var api = panel.getAttribute("data-api");
  var texts = JSON.parse(panel.getAttribute("data-texts"));
  var zh = (document.documentElement.lang || "zh").indexOf("zh") === 0;
  var result = panel.querySelector("[data-edit-result]");
  var form = panel.querySelector("[data-edit-form]");
  var KEPT = "board-edit-result";
  var technicianNames = {};
  Array.prototype.forEach.call(form.elements.technician_id.options, function (o) { technicianNames[o.value] = o.textContent; });
  var locked = (panel.getAttribute("data-locked") || "").split(" ");

  function nameOf(technicianId) { return technicianId ? (technicianNames[technicianId] || technicianId) : "—"; }

  function words(w) { return zh ? w.zh : w.en; }

  function show(kind, lead, lines) {
    result.className = "edit-result edit-" + kind;
    result.textContent = "";
    var p = document.createElement("p");
    p.textContent = lead;
    result.appendChild(p);
    if (lines && lines.length) {
      var ul = document.createElement("ul");
      lines.forEach(function (line) {
        var li = document.createElement("li");
        li.textContent = line;
        ul.appendChild(li);
      });
      result.appendChild(ul);
    }
  }

  function post(path, body) {
    return window.fetch(api + path, {
      method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "Accept": "application/json"},
      body: JSON.stringify(body || {})
    }).then(function (response) {
      return response.json().then(function (data) { return {status: response.status, data: data}; },
                                  function () { return {status: response.status, data: {}}; });
    });
  }

  function reloadWith(kind, lead, lines) {
    try { window.sessionStorage.setItem(KEPT, JSON.stringify({kind: kind, lead: lead, lines: lines})); } catch (e) { /* private mode */ }
    window.location.reload();
  }

  function failed(answer) {
    var data = answer.data || {};
    var message = (zh && data.message_zh) || data.message || String(answer.status);
    var lines = (data.problems || []).map(function (p) { return (p.column ? p.column + ": " : "") + ((zh && p.message_zh) || p.message); });
    show("failed", texts.edit_failed + message, lines);
  }

  function answered(answer) {
    var data = answer.data || {};
    if (answer.status === 200) {
      var what = data.done || (data.edit && data.edit.what);
      var notes = (data.worse || []).map(function (w) { return texts.edit_worse + words(w); });
      reloadWith("saved", texts.edit_saved + (what ? words(what) : ""), notes);
    } else if (answer.status === 409 && data.broken) {
      show("refused", texts.edit_refused + words(data.done), data.broken.map(words));
    } else {
      failed(answer);
    }
  }

  function send(edit) {
    show("working", texts.edit_working);
    return post("/edits", edit).then(answered, function () { show("failed", texts.edit_failed); });
  }

  // --- the form (keyboard, screen reader, tablet) ---------------------------------------------

  function fromForm() {
    var action = form.elements.action.value;
    var edit = {kind: action === "lock_time" ? "lock" : action, visit_id: form.elements.visit_id.value};
    var technician = form.elements.technician_id.value;
    var start = form.elements.start.value;
    if (technician) { edit.technician_id = technician; }
    if (start && action !== "unassign" && action !== "unlock" && action !== "swap") { edit.start = start; }
    if (action === "swap") { edit.other_visit_id = form.elements.other_visit_id.value; }
    return edit;
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    send(fromForm());
  });

  // --- dragging on the timeline (pointer events: mouse, pen and touch alike) ------------------

  var clock = panel.getAttribute("data-clock").split(" ").map(Number);
  var dayStart = clock[0], dayEnd = clock[1], plotX = clock[2], plotWidth = clock[3], rowHeight = clock[4];
  var svg = document.querySelector("svg.timeline");

  function hhmm(minutes) {
    minutes = Math.max(0, Math.min(24 * 60 - 1, Math.round(minutes / 5) * 5));
    var h = Math.floor(minutes / 60), m = minutes % 60;
    return (h < 10 ? "0" : "") + h + ":" + (m < 10 ? "0" : "") + m;
  }

  function svgPoint(event) {
    var point = svg.createSVGPoint();
    point.x = event.clientX;
    point.y = event.clientY;
    return point.matrixTransform(svg.getScreenCTM().inverse());
  }

  function rowAt(y) {
    var rows = svg.querySelectorAll(".tl-row[data-technician]");
    for (var i = 0; i < rows.length; i++) {
      var top = Number(rows[i].getAttribute("data-y"));
      if (y >= top && y < top + rowHeight) { return rows[i].getAttribute("data-technician"); }
    }
    return null;
  }

  function chooseInForm(visitId) {
    form.elements.visit_id.value = visitId;
    form.elements.action.value = "move";
    form.elements.technician_id.focus();
  }

  if (svg) {
    svg.querySelectorAll("rect[data-visit]").forEach(function (rect) {
      var visitId = rect.getAttribute("data-visit");
      rect.setAttribute("tabindex", "0");
      rect.setAttribute("role", "button");
      rect.setAttribute("aria-label", visitId);
      rect.classList.add("draggable");
      if (locked.indexOf(visitId) >= 0) { rect.classList.add("locked"); }
      rect.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          chooseInForm(visitId);
        }
      });
      var drag = null;
      rect.addEventListener("pointerdown", function (event) {
        event.preventDefault();
        rect.setPointerCapture(event.pointerId);
        var p = svgPoint(event);
        drag = {x: p.x, y: p.y, moved: false};
        rect.classList.add("dragging");
      });
      rect.addEventListener("pointermove", function (event) {
        if (!drag) { return; }
        var p = svgPoint(event);
        var dx = p.x - drag.x, dy = p.y - drag.y;
        if (Math.abs(dx) + Math.abs(dy) > 3) { drag.moved = true; }
        rect.setAttribute("transform", "translate(" + dx + " " + dy + ")");
      });
      function end(event, cancelled) {
        if (!drag) { return; }
        var started = drag;
        drag = null;
        rect.classList.remove("dragging");
        rect.removeAttribute("transform");
        if (cancelled || !started.moved) { return; }
        var p = svgPoint(event);
        var technician = rowAt(p.y);
        if (!technician) { return; }
        var x = Number(rect.getAttribute("x")) + (p.x - started.x);
        var minute = dayStart + (x - plotX) / plotWidth * (dayEnd - dayStart);
        send({kind: "move", visit_id: visitId, technician_id: technician, start: hhmm(minute)});
      }
      rect.addEventListener("pointerup", function (event) { end(event, false); });
      rect.addEventListener("pointercancel", function (event) { end(event, true); });
    });
  }

  // --- undo, redo, re-optimise ------------------------------------------------------------------

  panel.querySelector("[data-edit-undo]").addEventListener("click", function () { post("/undo").then(answered); });
  panel.querySelector("[data-edit-redo]").addEventListener("click", function () { post("/redo").then(answered); });

  var dialog = panel.querySelector("[data-reoptimise-dialog]");
  var changes = panel.querySelector("[data-reoptimise-changes]");
  var proposal = null;

  function changesTable(diff) {
    changes.textContent = "";
    if (!diff.changes.length) {
      changes.textContent = texts.reoptimise_none;
      return;
    }
    var table = document.createElement("table");
    table.className = "table";
    var head = table.insertRow();
    [texts.col_visit, texts.col_was, texts.col_now].forEach(function (label) {
      var th = document.createElement("th");
      th.textContent = label;
      head.appendChild(th);
    });
    diff.changes.forEach(function (c) {
      var row = table.insertRow();
      [c.visit_id, nameOf(c.technician_before) + " " + (c.start_before || ""),
       nameOf(c.technician_after) + " " + (c.start_after || "")].forEach(function (text) {
        row.insertCell().textContent = text;
      });
      row.setAttribute("data-change", c.visit_id);
    });
    changes.appendChild(table);
    if (diff.to_call.length) {
      var p = document.createElement("p");
      p.className = "call-flag";
      p.textContent = texts.reoptimise_calls + diff.to_call.join(zh ? "、" : ", ");
      changes.appendChild(p);
    }
  }

  panel.querySelector("[data-reoptimise]").addEventListener("click", function () {
    show("working", texts.edit_working);
    post("/reoptimise", {}).then(function (answer) {
      if (answer.status !== 200) { failed(answer); return; }
      result.textContent = "";
      proposal = answer.data.proposal;
      changesTable(answer.data.changes);
      dialog.showModal();
    }, function () { show("failed", texts.edit_failed); });
  });
  panel.querySelector("[data-publish]").addEventListener("click", function () {
    dialog.close();
    post("/reoptimise", {confirm: proposal}).then(answered);
  });
  panel.querySelector("[data-cancel]").addEventListener("click", function () { dialog.close(); });

  // --- insert an urgent visit ---------------------------------------------------------------------

  var urgent = panel.querySelector("[data-urgent-form]");
  var slotList = panel.querySelector("[data-urgent-slots]");
  function urgentVisit() {
    var e = urgent.elements;
    var visit = {id: "U" + String(Date.now()).slice(-6), lat: Number(e.lat.value), lon: Number(e.lon.value),
                 type: e.type.value, priority: Number(e.priority.value), duration_min: Number(e.duration_min.value)};
    if (e.region.value) { visit.region = e.region.value; }
    if (e.required_skills.value) { visit.required_skills = e.required_skills.value; }
    return visit;
  }

  urgent.addEventListener("submit", function (event) {
    event.preventDefault();
    var visit = urgentVisit();
    slotList.textContent = "";
    show("working", texts.edit_working);
    window.fetch(panel.getAttribute("data-slots"), {
      method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "Accept": "application/json"},
      body: JSON.stringify({visit: visit, days: 1})
    }).then(function (response) { return response.json().then(function (data) { return {status: response.status, data: data}; }); })
      .then(function (answer) {
        if (answer.status !== 200) { failed(answer); return; }
        result.textContent = "";
        if (!answer.data.slots.length) { slotList.textContent = texts.urgent_none; return; }
        answer.data.slots.forEach(function (slot) {
          var li = document.createElement("li");
          var button = document.createElement("button");
          button.type = "button";
          button.className = "button small";
          button.textContent = texts.urgent_book;
          button.addEventListener("click", function () {
            show("working", texts.edit_working);
            post("/urgent", {visit: visit, slot: slot}).then(answered);
          });
          li.textContent = slot.window_start + "–" + slot.window_end + " " + nameOf(slot.technician_id) + " ";
          li.appendChild(button);
          slotList.appendChild(li);
        });
      }, function () { show("failed", texts.edit_failed); });
  });

  // --- the words of the change that led to this page ---------------------------------------------

  try {
    var kept = window.sessionStorage.getItem(KEPT);
    if (kept) {
      window.sessionStorage.removeItem(KEPT);
      kept = JSON.parse(kept);
      show(kept.kind, kept.lead, kept.lines);
    }
  } catch (e) { /* private mode */ }
}());

// The call list: an outcome button posts the outcome (and the note) to the API; the card says what was recorded.
// One client_id per card and outcome, kept until answered, so a retried tap records nothing twice.
(function () {
  "use strict";
  var list = document.querySelector(".call-list");
  if (!list) { return; }
  var api = list.getAttribute("data-api");
  var english = list.getAttribute("data-lang") === "en";
  var pending = {};

  function newId() {
    if (window.crypto && window.crypto.randomUUID) { return window.crypto.randomUUID(); }
    return "cb-" + Date.now().toString(36) + "-" + Math.random().toString(36).slice(2);
  }

  function localIso(date) {
    var offset = -date.getTimezoneOffset();
    function two(n) { return (n < 10 ? "0" : "") + n; }
    var sign = offset >= 0 ? "+" : "-";
    offset = Math.abs(offset);
    return date.getFullYear() + "-" + two(date.getMonth() + 1) + "-" + two(date.getDate()) + "T" +
      two(date.getHours()) + ":" + two(date.getMinutes()) + ":" + two(date.getSeconds()) +
      sign + two(Math.floor(offset / 60)) + ":" + two(offset % 60);
  }

  function answered(card, button, status, body) {
    var state = card.querySelector(".call-state");
    if (status === 200) {
      var text = state.getAttribute("data-saved").replace("__OUTCOME__", button.getAttribute("data-label"));
      if (body.complaint_id) {
        text += " · " + state.getAttribute("data-complaint").replace("__ID__", body.complaint_id);
      }
      state.textContent = text;
      if (body.outcome) {
        card.classList.add("settled");
        card.querySelectorAll(".outcome").forEach(function (b) { b.disabled = true; });
      }
      return;
    }
    var message = (english ? body.message : body.message_zh || body.message) || String(status);
    state.textContent = list.getAttribute("data-failed") + ": " + message;
  }

  list.addEventListener("click", function (event) {
    var button = event.target instanceof Element ? event.target.closest("[data-outcome]") : null;
    if (!button || button.disabled) { return; }
    var card = button.closest(".call");
    var visit = card.getAttribute("data-visit");
    var outcome = button.getAttribute("data-outcome");
    var key = visit + "|" + outcome;
    pending[key] = pending[key] || {client_id: newId(), at: localIso(new Date())};
    var body = {outcome: outcome, client_id: pending[key].client_id, at: pending[key].at,
                note: card.querySelector(".note").value};
    button.disabled = true;
    window.fetch(api.replace("__VISIT__", encodeURIComponent(visit)), {
      method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "Accept": "application/json"},
      body: JSON.stringify(body)
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (response.status < 500) { delete pending[key]; }
        button.disabled = false;
        answered(card, button, response.status, data);
      });
    }).catch(function () {
      button.disabled = false;
      card.querySelector(".call-state").textContent = list.getAttribute("data-failed");
    });
  });
}());

// The board follows the field: every few seconds it asks for the day's orders and updates each
// stop's status cell (polling, which every proxy and the serverless adapter pass through).
(function () {
  "use strict";

  var panel = document.getElementById("board-status");
  if (!panel) { return; }
  var api = panel.getAttribute("data-api");
  var labels = JSON.parse(panel.getAttribute("data-labels"));
  var EVERY_MS = 3000;

  function update(visits) {
    var cells = panel.querySelectorAll("[data-visit-status]");
    var byId = {};
    visits.forEach(function (visit) { byId[visit.visit_id] = visit.status; });
    for (var i = 0; i < cells.length; i++) {
      var status = byId[cells[i].getAttribute("data-visit-status")];
      if (status && cells[i].className !== "status-cell st-" + status) {
        cells[i].className = "status-cell st-" + status;
        cells[i].textContent = labels[status] || status;
      }
    }
  }

  function poll() {
    window.fetch(api, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) { if (data) { update(data.visits); } }, function () { /* offline: next round */ });
  }

  window.setInterval(poll, EVERY_MS);
}());

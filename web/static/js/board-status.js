// The board follows the field: every few seconds it asks for the day's orders and updates each
// stop's status (polling, which every proxy and the serverless adapter pass through). A stop still
// to be done after its planned end is flagged as running late; on the plan's own day a red line
// marks "now" on the timeline; the search box keeps the rows whose order id or customer holds the text typed.
(function () {
  "use strict";

  var panel = document.getElementById("board-status");
  if (!panel) { return; }
  var api = panel.getAttribute("data-api");
  var labels = JSON.parse(panel.getAttribute("data-labels"));
  var ACTIVE = ["planned", "en_route", "on_site"];
  var EVERY_MS = 3000;

  function flagLate() {
    var now = Date.now();
    var rows = panel.querySelectorAll("tr[data-end]");
    for (var i = 0; i < rows.length; i++) {
      var cell = rows[i].querySelector("[data-visit-status]");
      var status = cell.className.replace("status-cell st-", "");
      rows[i].querySelector("[data-late]").hidden =
        !(ACTIVE.indexOf(status) >= 0 && now > Date.parse(rows[i].getAttribute("data-end")));
    }
  }

  // The timeline's scale: first and last minute of the clock, and where the plot sits in SVG units.
  var clock = panel.getAttribute("data-clock").split(" ").map(Number);
  var dayStart = Date.parse(panel.getAttribute("data-day-start"));

  function drawNow() {
    var svg = document.querySelector("svg.timeline");
    if (!svg) { return; }
    var minute = (Date.now() - dayStart) / 60000;
    var line = svg.querySelector(".now-line");
    if (minute < clock[0] || minute > clock[1]) {
      if (line) { line.remove(); }
      return;
    }
    if (!line) {
      line = document.createElementNS("http://www.w3.org/2000/svg", "line");
      line.setAttribute("class", "now-line");
      line.setAttribute("y1", "18");
      line.setAttribute("y2", svg.viewBox.baseVal.height);
      svg.appendChild(line);
    }
    var x = clock[2] + (minute - clock[0]) / (clock[1] - clock[0]) * clock[3];
    line.setAttribute("x1", x.toFixed(1));
    line.setAttribute("x2", x.toFixed(1));
  }

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
    flagLate();
    drawNow();
  }

  function poll() {
    window.fetch(api, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) { if (data) { update(data.visits); } }, function () { /* offline: next round */ });
  }

  var search = panel.querySelector("[data-status-search]");
  search.addEventListener("input", function () {
    var wanted = search.value.trim().toLowerCase();
    var rows = panel.querySelectorAll("tr[data-search]");
    for (var i = 0; i < rows.length; i++) {
      rows[i].hidden = wanted !== "" && rows[i].getAttribute("data-search").toLowerCase().indexOf(wanted) < 0;
    }
  });

  // Re-plan the rest of the day from what was reported; the page then shows the new plan and its changes.
  var replan = panel.querySelector("[data-replan]");
  var moment = replan.querySelector("input[name=at]");
  var now = new Date();
  moment.value = (now.getHours() < 10 ? "0" : "") + now.getHours() + ":" + (now.getMinutes() < 10 ? "0" : "") + now.getMinutes();
  replan.addEventListener("submit", function (event) {
    event.preventDefault();
    var state = replan.querySelector(".replan-state");
    state.textContent = state.getAttribute("data-working");
    window.fetch(replan.getAttribute("data-replan"), {
      method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "Accept": "application/json"},
      body: JSON.stringify({at: moment.value})
    }).then(function (response) {
      if (response.ok) { window.location.reload(); return; }
      return response.json().then(function (body) {
        state.textContent = state.getAttribute("data-failed") + ": " + (body.message || response.status);
      });
    }).catch(function () { state.textContent = state.getAttribute("data-failed"); });
  });

  flagLate();
  drawNow();
  window.setInterval(poll, EVERY_MS);
}());

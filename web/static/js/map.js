// The tile map over the route sketch (web/templates/_live_map.html). The sketch stays in place until
// the first tiles arrive; when none can load (offline, blocked, no Leaflet) the frame says "fallback"
// and the sketch is what the page shows. Places come already in the tiles' coordinates (GCJ-02 for
// Amap), so this only draws. No inline style or script: colours are set through the DOM.
(function () {
  "use strict";

  var GIVE_UP_MS = 15000;

  function decide(frame, state) {
    if (frame.getAttribute("data-map-state") !== "loading") { return false; }
    frame.setAttribute("data-map-state", state);
    return true;
  }

  function numbered(L, map, at, n, colour, label, css) {
    var marker = L.marker(at, {icon: L.divIcon({className: css, html: "", iconSize: [20, 20]}), keyboard: false});
    // The icon element exists once the marker is on the map: number and colour it then.
    marker.on("add", function () {
      var element = marker.getElement();
      element.textContent = n;
      if (colour) { element.style.backgroundColor = colour; }
    });
    return marker.bindTooltip(label).addTo(map);
  }

  function draw(L, map, data) {
    var points = [];
    data.routes.forEach(function (route) { points = points.concat(route.line); });
    data.unassigned.forEach(function (visit) { points.push(visit.at); });
    if (!points.length) { return; }
    map.fitBounds(points, {padding: [24, 24], maxZoom: 15});
    data.routes.forEach(function (route) {
      L.polyline(route.line, {color: route.colour, weight: 3, opacity: 0.85}).bindTooltip(route.name).addTo(map);
      route.stops.forEach(function (stop) {
        numbered(L, map, stop.at, String(stop.n), route.colour, stop.label, "map-stop");
      });
    });
    data.bases.forEach(function (base) { numbered(L, map, base.at, "", null, base.label, "map-base"); });
    data.unassigned.forEach(function (visit) {
      L.circleMarker(visit.at, {radius: 5, color: "#7d8793", weight: 1.5, fillColor: "#ffffff", fillOpacity: 1})
        .bindTooltip(visit.label).addTo(map);
    });
  }

  function start(frame) {
    var holder = frame.querySelector("[data-live-map]");
    var L = window.L;
    if (!holder || !L) { decide(frame, "fallback"); return; }
    var data = JSON.parse(holder.getAttribute("data-live-map"));
    var map = L.map(holder, {scrollWheelZoom: false});
    var tiles = data.tiles;
    var layer = L.tileLayer(tiles.url, {attribution: tiles.attribution, maxZoom: tiles.max_zoom,
                                        subdomains: tiles.subdomains || "abc"});
    var loaded = 0;
    function giveUp() {
      if (decide(frame, "fallback")) { map.remove(); holder.parentNode.removeChild(holder); }
    }
    layer.on("tileload", function () {
      loaded += 1;
      decide(frame, "live");
    });
    // "load" comes once every tile in view has answered, loaded or failed.
    layer.on("load", function () { if (!loaded) { giveUp(); } });
    window.setTimeout(function () { if (!loaded) { giveUp(); } }, GIVE_UP_MS);
    draw(L, map, data);
    layer.addTo(map);
  }

  document.querySelectorAll("[data-map-frame]").forEach(function (frame) {
    if (frame.getAttribute("data-map-state") === "loading") { start(frame); }
  });
}());

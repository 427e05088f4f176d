/* civmon map: incidents as points only when the place is exact; coarse places as dashed, approximate areas.
 * Works with no tiles at all (the outlines and markers are vector layers). Labels are text, never HTML. */
"use strict";

function label(p, extra) {
  const el = document.createElement("span");
  el.textContent = (extra ? extra + " — " : "") + p.name + (p.approximate ? " (approximate: " + p.precision + ")" : "");
  return el;
}

function draw(map, p, extra, link) {
  if (p.lat === null || p.lat === undefined) return null;
  const layer = p.approximate
    ? L.circle([p.lat, p.lon], {radius: p.radius_m, dashArray: "4 4", weight: 1, color: "#b03a2e", fillOpacity: 0.12, className: "area-approx"})
    : L.circleMarker([p.lat, p.lon], {radius: 6, color: "#7a1f1f", fillOpacity: 0.8, className: "point-exact"});
  layer.bindTooltip(label(p, extra));
  if (link) layer.on("click", () => { window.location.href = link; });
  layer.addTo(map);
  return layer;
}

function makeMap(el) {
  const map = L.map(el, {worldCopyJump: true}).setView([30, 35], 4);
  const tiles = el.dataset.tiles;
  if (tiles) {
    L.tileLayer(tiles, {maxZoom: 12, attribution: "© OpenStreetMap contributors"}).addTo(map);
  } else {
    el.classList.add("no-tiles");
  }
  return map;
}

const el = document.getElementById("map");
if (el && window.L) {
  const map = makeMap(el);
  if (el.dataset.place) {
    const p = JSON.parse(el.dataset.place);
    const layer = draw(map, p, "", null);
    if (layer) map.setView([p.lat, p.lon], p.approximate ? Math.max(3, 12 - Math.round(Math.log2(p.radius_m / 500))) : 12);
  } else if (el.dataset.points) {
    fetch(el.dataset.points, {credentials: "same-origin"}).then(r => r.json()).then(body => {
      const layers = [];
      for (const item of (body.data || [])) {
        const layer = draw(map, item.place, item.code + " · " + item.grade, "/incidents/" + encodeURIComponent(item.code));
        if (layer) layers.push(layer);
      }
      el.dataset.drawn = String(layers.length);
      if (layers.length) map.fitBounds(L.featureGroup(layers).getBounds().pad(0.2), {maxZoom: 9});
    }).catch(() => { el.dataset.drawn = "error"; });
  }
}

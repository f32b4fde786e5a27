// map.html's drawing: the events and mentions mawqi inlined (#mawqi-data), over the country and
// first-level outlines (#mawqi-outlines), with Leaflet and Leaflet.markercluster inlined before
// it. Nothing is fetched: the OpenStreetMap layer is off until the reader turns it on. Every
// text from an article is set as text (never as HTML), and a link only when it is http(s).
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("mawqi-data").textContent);
  const outlines = JSON.parse(document.getElementById("mawqi-outlines").textContent);
  const S = data.strings;
  const symbols = new Map(data.symbols.map((s) => [s.sub_event_type, s]));

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    for (const c of children) if (c !== null && c !== undefined) node.append(c);
    return node;
  }
  // "Incidents · الهجمات": every label in both languages, the Arabic isolated right-to-left.
  function both(key) {
    const s = S[key] || { en: key, ar: "" };
    return el("span", {}, s.en, s.ar ? " · " : "", s.ar ? el("span", { class: "ar", dir: "rtl" }, s.ar) : null);
  }
  function symbolOf(p) {
    return symbols.get(p.sub_event_type) || { colour: "#777777", shape: p.layer === "handovers" ? "diamond" : "circle" };
  }
  function swatch(colour, shape) {
    const s = el("span", { class: "sym " + shape });
    s.style.background = colour;
    return s;
  }

  const map = L.map("map", { minZoom: 1, maxZoom: 18, worldCopyJump: true, zoomSnap: 0.5 });
  map.createPane("outlines").style.zIndex = 250;
  map.createPane("mentionsPane").style.zIndex = 610;
  map.createPane("incidentsPane").style.zIndex = 620;
  map.createPane("handoversPane").style.zIndex = 630; // handovers above incidents, always

  const outlineRenderer = L.canvas({ pane: "outlines" });
  const countries = L.geoJSON(outlines.countries, {
    pane: "outlines", renderer: outlineRenderer, interactive: false,
    style: { color: "#7b8794", weight: 0.8, fillColor: "#f7f5ef", fillOpacity: 1 },
  }).addTo(map);
  const admin1 = L.geoJSON(outlines.admin1, {
    pane: "outlines", renderer: outlineRenderer, interactive: false,
    style: { color: "#a9b1ba", weight: 0.5, dashArray: "2 2", fill: false },
  }).addTo(map);
  const online = L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
    maxZoom: 19, attribution: "© OpenStreetMap contributors",
  });

  function dl(rows) {
    const list = el("dl");
    for (const [key, value] of rows)
      if (value !== null && value !== undefined && value !== "") list.append(el("dt", {}, both(key)), el("dd", {}, String(value)));
    return list;
  }
  function placeLabel(p) {
    const node = el("span", {}, p.place || "");
    if (p.place_ar) node.append(" · ", el("span", { class: "ar", dir: "rtl" }, p.place_ar));
    return node;
  }
  function eventPopup(p) {
    const sym = symbols.get(p.sub_event_type);
    const head = el("div", {}, el("strong", {}, sym ? sym.label_en : p.sub_event_type));
    if (sym && sym.label_ar) head.append(" · ", el("span", { class: "ar", dir: "rtl" }, sym.label_ar));
    const rows = [["date", p.event_date || "—"], ["place", null]];
    const body = el("div", { class: "popup" }, head);
    const d = dl(rows);
    d.append(el("dt", {}, both("place")), el("dd", {}, placeLabel(p), p.location_note ? el("div", { dir: "auto" }, p.location_note) : null));
    body.append(d, dl([
      ["weapon", p.weapon], ["munitions", p.munitions_count], ["fatalities", p.fatalities], ["injuries", p.injuries],
      ["actor1", p.actor1], ["actor2", p.actor2], ["target", p.target], ["actor_from", p.actor_from], ["actor_to", p.actor_to],
    ]));
    if (p.evidence) body.append(el("blockquote", { dir: p.language === "ar" ? "rtl" : "ltr", lang: p.language || "" }, p.evidence));
    if ((p.sources && p.sources.length) || (p.urls && p.urls.length)) {
      const list = el("ul");
      for (const r of p.reports || []) list.append(el("li", { dir: "auto" }, r.source || r.id, r.published ? ", " + r.published : ""));
      for (const url of p.urls || [])
        if (/^https?:\/\//i.test(url))
          list.append(el("li", { dir: "ltr" }, el("a", { href: url, target: "_blank", rel: "noopener noreferrer" }, url)));
      body.append(el("div", {}, both("sources")), list);
    }
    return body;
  }
  function mentionPopup(p) {
    const body = el("div", { class: "popup" }, el("strong", {}, placeLabel(p)));
    if (p.count !== undefined) body.append(dl([["count", p.count]]));
    else body.append(el("div", { dir: "auto" }, "“", p.text || "", "”"), dl([["article", p.doc_id]]));
    return body;
  }
  function icon(cls, colour, shape, title) {
    const html = el("span", { class: "sym " + shape, title: title || "" });
    html.style.background = colour;
    return L.divIcon({ className: "mawqi-icon " + cls, html: html.outerHTML, iconSize: [16, 16], iconAnchor: [8, 8] });
  }
  function clusterGroup(cls, pane) {
    // Stacked features at one point spread out when their cluster is clicked (spiderfy).
    return L.markerClusterGroup({
      clusterPane: pane, maxClusterRadius: 28, spiderfyOnMaxZoom: true, showCoverageOnHover: false,
      iconCreateFunction: (cluster) => L.divIcon({
        html: "<div><span>" + cluster.getChildCount() + "</span></div>",
        className: "marker-cluster " + cls, iconSize: L.point(34, 34),
      }),
    });
  }

  const groups = {
    mentions: clusterGroup("cluster-mentions", "mentionsPane"),
    incidents: clusterGroup("cluster-incidents", "incidentsPane"),
    handovers: clusterGroup("cluster-handovers", "handoversPane"),
  };
  const mentionMarkers = data.mentions.features.map((f) => {
    const [lon, lat] = f.geometry.coordinates;
    const m = L.marker([lat, lon], { pane: "mentionsPane", icon: icon("mention", "#8c8c8c", "mention", f.properties.place) });
    m.bindPopup(() => mentionPopup(f.properties));
    return m;
  });
  const eventMarkers = data.events.features.map((f) => {
    const p = f.properties;
    const sym = symbolOf(p);
    const [lon, lat] = f.geometry.coordinates;
    const m = L.marker([lat, lon], {
      pane: p.layer + "Pane", icon: icon(p.layer === "handovers" ? "handover" : "incident", sym.colour, sym.shape, p.place),
    });
    m.bindPopup(() => eventPopup(p), { maxWidth: 360 });
    // A label beside the marker, place and date; shown from zoom 6 (.labels-on), where they fit.
    const label = el("span", { dir: "ltr" }, p.place || "", p.place_ar ? " · " : "",
      p.place_ar ? el("bdi", { dir: "rtl" }, p.place_ar) : null, p.event_date ? el("bdi", {}, ", " + p.event_date) : null);
    m.bindTooltip(label, { permanent: true, direction: "right", offset: [9, 0], className: "mawqi-label" });
    return { marker: m, layer: p.layer, date: p.event_date || "" };
  });
  groups.mentions.addLayers(mentionMarkers);

  // The date range over event_date; undated events show while their box is ticked.
  const panel = document.getElementById("panel");
  const fromInput = el("input", { type: "date", id: "date-from" });
  const toInput = el("input", { type: "date", id: "date-to" });
  const undated = el("input", { type: "checkbox", id: "undated", checked: "" });
  const dates = eventMarkers.map((e) => e.date).filter((d) => d).sort();
  if (dates.length) {
    for (const input of [fromInput, toInput]) { input.min = dates[0]; input.max = dates[dates.length - 1]; }
  }
  const shown = el("span", { id: "shown" });
  function drawEvents() {
    const from = fromInput.value, to = toInput.value;
    let n = 0;
    groups.incidents.clearLayers();
    groups.handovers.clearLayers();
    const by = { incidents: [], handovers: [] };
    for (const e of eventMarkers) {
      const inRange = e.date ? (!from || e.date >= from) && (!to || e.date <= to) : undated.checked;
      if (!inRange) continue;
      by[e.layer].push(e.marker);
      ++n;
    }
    groups.incidents.addLayers(by.incidents);
    groups.handovers.addLayers(by.handovers);
    shown.textContent = n + " / " + eventMarkers.length;
    return n;
  }
  for (const input of [fromInput, toInput, undated]) input.addEventListener("change", drawEvents);

  const legend = el("div", {});
  for (const s of data.symbols) {
    const used = data.events.features.some((f) => f.properties.sub_event_type === s.sub_event_type);
    if (!used) continue;
    legend.append(el("div", { class: "row" }, swatch(s.colour, s.shape),
      el("span", {}, s.label_en, " · ", el("span", { class: "ar", dir: "rtl" }, s.label_ar))));
  }
  legend.append(el("div", { class: "row" }, el("span", { class: "sym mention" }), both("mentions")));
  panel.append(
    el("h1", {}, both("title")),
    legend,
    el("div", { class: "row" }, el("label", { for: "date-from" }, both("from")), fromInput),
    el("div", { class: "row" }, el("label", { for: "date-to" }, both("to")), toInput),
    el("div", { class: "row" }, undated, el("label", { for: "undated" }, both("undated"))),
    el("div", { class: "row" }, both("shown"), shown),
  );
  if (data.truncated) panel.append(el("div", { class: "note" }, both("truncated")));

  for (const g of [groups.mentions, groups.incidents, groups.handovers]) g.addTo(map);
  const drawnEvents = drawEvents();

  const overlays = {};
  overlays[S.handovers.en + " · " + S.handovers.ar] = groups.handovers;
  overlays[S.incidents.en + " · " + S.incidents.ar] = groups.incidents;
  overlays[S.mentions.en + " · " + S.mentions.ar] = groups.mentions;
  overlays[S.outlines.en + " · " + S.outlines.ar] = admin1;
  overlays[S.online.en + " · " + S.online.ar] = online;
  L.control.layers(null, overlays, { collapsed: true, position: "topleft" }).addTo(map);
  L.control.scale({ imperial: false }).addTo(map);

  const points = eventMarkers.map((e) => e.marker.getLatLng()).concat(mentionMarkers.map((m) => m.getLatLng()));
  const toggleLabels = () => document.getElementById("map").classList.toggle("labels-on", map.getZoom() >= 6);
  map.on("zoomend", toggleLabels);
  if (points.length) map.fitBounds(L.latLngBounds(points).pad(0.2), { maxZoom: 9 });
  else map.fitWorld();
  countries.bringToBack();
  toggleLabels();

  // For tests and scripts: every feature the page holds is on the map.
  document.body.setAttribute("data-mawqi-drawn", String(drawnEvents + mentionMarkers.length));
})();

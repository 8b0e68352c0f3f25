// Clairvoie — the maps (MapLibre GL JS, served from this site: no CDN, and with no basemap configured,
// no request leaves the town's server). Every map repeats what the page already says without JavaScript.
//
// #carte, the sensor map: the server draws it as an image; a button replaces the image with this map, and only
// then are MapLibre and the points loaded (a first visit stays light). The page gives everything in data-
// attributes: the sensors' GeoJSON (already filtered like the list), the districts' outlines, the town's
// streets, an optional basemap style URL and the labels in the page's language. Points are shaped by their
// personal-data level (as in the image and the legend); groups and, once few enough, points are buttons.
// For tests and assistive summaries the element receives data-ready, data-sensors (loaded) and data-visible
// (sensors drawn in the current view, clusters counted by their size).
//
// .carte-projets, a budget's projects (or a kiosk's nearby sensors, with data-anchor): data-projects holds their
// GeoJSON points (id, title); a point leads to
// the project's row in the table below. .carte-lieu, choosing a project's place: a click fills the latitude and
// longitude fields named by data-lat and data-lon (which stay the way to type it), and typing moves the marker.
(function () {
  'use strict';

  // MapLibre's files have content-hashed names: the page's script element gives them.
  var me = document.currentScript;
  var LIB = me && me.getAttribute('data-lib');
  var WORKER = me && me.getAttribute('data-worker');
  var CSS = me && me.getAttribute('data-css');
  // MapLibre's own controls speak the page's language.
  var LOCALE = {};
  try { LOCALE = JSON.parse((me && me.getAttribute('data-locale')) || '{}'); } catch (e) { LOCALE = {}; }

  function whenLibrary(done) {
    // MapLibre's style sheet comes with the library, not with the page.
    if (CSS && !document.querySelector('link[data-maplibre]')) {
      var link = document.createElement('link');
      link.rel = 'stylesheet';
      link.href = CSS;
      link.setAttribute('data-maplibre', '');
      document.head.appendChild(link);
    }
    if (window.maplibregl) return done();
    var existing = document.querySelector('script[data-maplibre]');
    var script = existing || document.createElement('script');
    script.addEventListener('load', done);
    if (!existing) {
      script.src = LIB;
      script.setAttribute('data-maplibre', '');
      document.head.appendChild(script);
    }
  }

  // Shapes and colours by personal-data level (colours of at least 3:1 on the light background; the shape says
  // it without colour). The same as the server's image (app/src/sensors/preview.rs) and the legend.
  var SHAPES = {
    none: ['circle', '#1d4e89'], pseudonymised: ['square', '#b34000'],
    personal: ['triangle', '#ce0500'], sensitive: ['diamond', '#6e0000'], other: ['circle', '#3a3a3a'],
  };
  var ICON = ['match', ['get', 'p'], 'none', 'pd-none', 'pseudonymised', 'pd-pseudonymised', 'personal', 'pd-personal', 'sensitive', 'pd-sensitive', 'pd-other'];

  // Each shape drawn once on a canvas and given to the map as an image (no sprite file, no font server).
  function addShapes(map) {
    var ratio = 2;
    var size = 20 * ratio;
    Object.keys(SHAPES).forEach(function (level) {
      var canvas = document.createElement('canvas');
      canvas.width = size; canvas.height = size;
      var c = canvas.getContext('2d');
      var m = size / 2, r = 7.5 * ratio;
      c.beginPath();
      switch (SHAPES[level][0]) {
        case 'square': c.rect(m - r * 0.85, m - r * 0.85, r * 1.7, r * 1.7); break;
        case 'triangle': c.moveTo(m, m - r * 1.05); c.lineTo(m + r * 1.1, m + r * 0.85); c.lineTo(m - r * 1.1, m + r * 0.85); c.closePath(); break;
        case 'diamond': c.moveTo(m, m - r * 1.15); c.lineTo(m + r * 1.15, m); c.lineTo(m, m + r * 1.15); c.lineTo(m - r * 1.15, m); c.closePath(); break;
        default: c.arc(m, m, r, 0, Math.PI * 2);
      }
      c.fillStyle = SHAPES[level][1];
      c.fill();
      c.lineWidth = 2 * ratio;
      c.strokeStyle = '#ffffff';
      c.stroke();
      map.addImage('pd-' + level, c.getImageData(0, 0, size, size), { pixelRatio: ratio });
    });
  }

  // The town's streets under the sensors when no basemap is configured, their names as labels once zoomed in.
  function addStreets(map, streets) {
    map.addSource('rues', { type: 'geojson', data: streets });
    map.addLayer({ id: 'rues-bord', type: 'line', source: 'rues', layout: { 'line-cap': 'round', 'line-join': 'round' }, paint: { 'line-color': '#c8c8bd', 'line-width': ['interpolate', ['linear'], ['zoom'], 12, 2, 16, 12] } });
    map.addLayer({ id: 'rues', type: 'line', source: 'rues', layout: { 'line-cap': 'round', 'line-join': 'round' }, paint: { 'line-color': '#ffffff', 'line-width': ['interpolate', ['linear'], ['zoom'], 12, 1, 16, 9] } });
    var labels = [];
    (streets.features || []).forEach(function (f) {
      var line = f.geometry && f.geometry.type === 'LineString' ? f.geometry.coordinates : null;
      if (!line || line.length < 2) return;
      var span = document.createElement('span');
      span.className = 'map-street';
      span.setAttribute('aria-hidden', 'true');
      span.textContent = f.properties.name;
      labels.push({ line: line, marker: new window.maplibregl.Marker({ element: span }) });
    });
    // The point of a line nearest to `p` (screen pixels), so each street in view is named near the middle.
    function nearestOnLine(line, p) {
      var best = null, bestDistance = Infinity;
      for (var i = 1; i < line.length; i++) {
        var a = map.project(line[i - 1]), b = map.project(line[i]);
        var dx = b.x - a.x, dy = b.y - a.y, length = dx * dx + dy * dy;
        var t = length ? Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / length)) : 0;
        var x = a.x + t * dx, y = a.y + t * dy, d = (x - p.x) * (x - p.x) + (y - p.y) * (y - p.y);
        if (d < bestDistance) { bestDistance = d; best = map.unproject([x, y]); }
      }
      return best;
    }
    function place() {
      var b = map.getBounds();
      var near = map.getZoom() >= 15;
      var centre = map.project(map.getCenter());
      labels.forEach(function (l) {
        var at = near && nearestOnLine(l.line, centre);
        if (at && b.contains(at)) l.marker.setLngLat(at).addTo(map); else l.marker.remove();
      });
    }
    map.on('moveend', place);
    place();
  }

  function plainStyle() {
    return {
      version: 8,
      sources: {},
      layers: [{ id: 'fond', type: 'background', paint: { 'background-color': '#f6f6f1' } }],
    };
  }

  function bounds(geojson) {
    var b = [180, 90, -180, -90];
    function add(c) {
      if (typeof c[0] === 'number') {
        b[0] = Math.min(b[0], c[0]); b[1] = Math.min(b[1], c[1]);
        b[2] = Math.max(b[2], c[0]); b[3] = Math.max(b[3], c[1]);
      } else c.forEach(add);
    }
    (geojson.features || []).forEach(function (f) { if (f.geometry) add(f.geometry.coordinates); });
    return b[0] <= b[2] ? [[b[0], b[1]], [b[2], b[3]]] : null;
  }

  function fetchJson(url) {
    return fetch(url, { credentials: 'same-origin' }).then(function (r) {
      if (!r.ok) throw new Error(url + ': ' + r.status);
      return r.json();
    });
  }

  function newMap(el) {
    var lib = window.maplibregl;
    lib.setWorkerUrl(WORKER);
    var map = new lib.Map({
      container: el,
      style: el.getAttribute('data-style') || plainStyle(),
      center: [0.69, 47.397],
      zoom: 13,
      attributionControl: false,
      // One finger scrolls the page, two move the map (Ctrl + wheel to zoom with a mouse): a swipe on a phone
      // is never trapped by the map.
      cooperativeGestures: true,
      locale: LOCALE,
    });
    map.addControl(new lib.NavigationControl({ showCompass: false }), 'top-right');
    return map;
  }

  function addDistricts(map, districts) {
    map.addSource('quartiers', { type: 'geojson', data: districts });
    map.addLayer({ id: 'quartiers-fond', type: 'fill', source: 'quartiers', paint: { 'fill-color': '#e3e3fd', 'fill-opacity': 0.35 } });
    map.addLayer({ id: 'quartiers-bord', type: 'line', source: 'quartiers', paint: { 'line-color': '#6a6af4', 'line-width': 2 } });
  }

  // The circle searched around an address or the visitor's position ([lon, lat, metres]), as a polygon.
  function circle(near) {
    var ring = [];
    var kx = 111320 * Math.cos(near[1] * Math.PI / 180);
    for (var i = 0; i <= 64; i++) {
      var a = (i / 64) * 2 * Math.PI;
      ring.push([near[0] + (near[2] * Math.cos(a)) / kx, near[1] + (near[2] * Math.sin(a)) / 111320]);
    }
    return { type: 'Feature', geometry: { type: 'Polygon', coordinates: [ring] }, properties: {} };
  }

  function addNear(map, near) {
    map.addSource('autour', { type: 'geojson', data: circle(near) });
    map.addLayer({ id: 'autour-fond', type: 'fill', source: 'autour', paint: { 'fill-color': '#1d4e89', 'fill-opacity': 0.07 } });
    map.addLayer({ id: 'autour-bord', type: 'line', source: 'autour', paint: { 'line-color': '#1b1f24', 'line-width': 2, 'line-dasharray': [3, 2] } });
    var cross = document.createElement('span');
    cross.className = 'map-near';
    cross.setAttribute('aria-hidden', 'true');
    new window.maplibregl.Marker({ element: cross }).setLngLat([near[0], near[1]]).addTo(map);
  }

  // "Around me": the browser's position, then the list and map around it (the distance chosen in the form).
  function offerNearMe() {
    document.querySelectorAll('.near-me').forEach(function (button) {
      if (!navigator.geolocation || button.getAttribute('data-offered')) return;
      button.setAttribute('data-offered', 'true');
      button.hidden = false;
      var form = button.form;
      var status = form && form.querySelector('.near-me-status');
      button.addEventListener('click', function () {
        button.disabled = true;
        navigator.geolocation.getCurrentPosition(function (p) {
          var rayon = form && form.elements.rayon ? form.elements.rayon.value : '200';
          window.location.assign(form.getAttribute('action') + '?lat=' + p.coords.latitude.toFixed(6) +
            '&lon=' + p.coords.longitude.toFixed(6) + '&rayon=' + encodeURIComponent(rayon));
        }, function () {
          button.disabled = false;
          if (status) status.textContent = button.getAttribute('data-refused') || '';
        }, { enableHighAccuracy: false, timeout: 15000, maximumAge: 60000 });
      });
    });
  }

  // The districts and, without a basemap, the town's streets: every map's background.
  function background(map, el) {
    var streets = !el.getAttribute('data-style') && el.getAttribute('data-streets');
    return Promise.all([fetchJson(el.getAttribute('data-districts')), streets ? fetchJson(streets) : Promise.resolve(null)])
      .then(function (all) {
        addDistricts(map, all[0]);
        if (all[1]) addStreets(map, all[1]);
        return all[0];
      });
  }

  function fit(map, geojson) {
    var b = bounds(geojson);
    if (b) map.fitBounds(b, { padding: 40, duration: 0, maxZoom: 16 });
  }

  function init(el) {
    if (el.getAttribute('data-initialised')) return;
    el.setAttribute('data-initialised', 'true');
    var labels = {};
    try { labels = JSON.parse(el.getAttribute('data-labels') || '{}'); } catch (e) { labels = {}; }
    var lib = window.maplibregl;
    var map = newMap(el);
    var markers = {};
    var points = {};
    // Where focus should go once a group opened with the keyboard has spread (the button it was on is gone).
    var focusNear = null;

    function updateCounts() {
      var visible = 0;
      map.queryRenderedFeatures({ layers: ['groupes', 'capteurs'] }).forEach(function (f) {
        visible += f.properties.cluster ? f.properties.point_count : 1;
      });
      el.setAttribute('data-visible', String(visible));
    }

    // Cluster sizes as buttons: readable without a font server, reachable with the keyboard.
    function updateClusterButtons() {
      var seen = {};
      map.querySourceFeatures('capteurs').forEach(function (f) {
        var p = f.properties;
        if (!p.cluster || seen[p.cluster_id]) return;
        seen[p.cluster_id] = true;
        if (!markers[p.cluster_id]) {
          var button = document.createElement('button');
          button.type = 'button';
          button.className = 'map-cluster';
          button.textContent = p.point_count_abbreviated;
          button.setAttribute('aria-label', p.point_count + ' ' + (labels.sensors || ''));
          button.addEventListener('click', function (ev) {
            ev.stopPropagation();
            if (document.activeElement === button) focusNear = f.geometry.coordinates;
            map.getSource('capteurs').getClusterExpansionZoom(p.cluster_id).then(function (zoom) {
              map.easeTo({ center: f.geometry.coordinates, zoom: zoom });
            });
          });
          markers[p.cluster_id] = new lib.Marker({ element: button }).setLngLat(f.geometry.coordinates);
        }
        markers[p.cluster_id].addTo(map);
      });
      Object.keys(markers).forEach(function (id) {
        if (!seen[id]) { markers[id].remove(); delete markers[id]; }
      });
    }

    // Once few points are in view, each is a button too: the keyboard opens a point as a click does.
    function updatePointButtons() {
      var features = map.queryRenderedFeatures({ layers: ['capteurs'] });
      var seen = {};
      if (features.length <= 40) {
        features.forEach(function (f) {
          var p = f.properties;
          seen[p.r] = true;
          if (points[p.r]) return;
          var button = document.createElement('button');
          button.type = 'button';
          button.className = 'map-point';
          button.setAttribute('aria-label', p.n + ' (' + ((labels.personal || {})[p.p] || p.p) + ')');
          button.addEventListener('click', function (ev) {
            ev.stopPropagation();
            popup(f);
          });
          points[p.r] = new lib.Marker({ element: button }).setLngLat(f.geometry.coordinates).addTo(map);
        });
      }
      Object.keys(points).forEach(function (r) {
        if (!seen[r]) { points[r].remove(); delete points[r]; }
      });
    }

    // After a group opened with the keyboard: focus the nearest group or point where it was, else the map.
    function restoreFocus() {
      if (!focusNear) return;
      var at = map.project(focusNear);
      var best = null, bestDistance = Infinity;
      Object.keys(markers).map(function (k) { return markers[k]; })
        .concat(Object.keys(points).map(function (k) { return points[k]; }))
        .forEach(function (m) {
          var p = map.project(m.getLngLat());
          var d = Math.pow(p.x - at.x, 2) + Math.pow(p.y - at.y, 2);
          if (d < bestDistance) { bestDistance = d; best = m.getElement(); }
        });
      focusNear = null;
      (best || map.getCanvas()).focus();
    }

    function popup(feature) {
      var p = feature.properties;
      var box = document.createElement('div');
      box.className = 'map-popup';
      var title = document.createElement('p');
      var strong = document.createElement('strong');
      strong.textContent = p.n;
      title.appendChild(strong);
      box.appendChild(title);
      [
        p.r,
        (labels.technology || {})[p.t] || p.t,
        (labels.personal || {})[p.p] || p.p,
        (labels.status || {})[p.s] || p.s,
      ].forEach(function (text) {
        var line = document.createElement('p');
        line.textContent = text;
        box.appendChild(line);
      });
      var link = document.createElement('a');
      link.href = '/capteurs/' + encodeURIComponent(p.r);
      link.textContent = labels.open || p.r;
      box.appendChild(link);
      new lib.Popup({ closeButton: true, maxWidth: '18rem' })
        .setLngLat(feature.geometry.coordinates)
        .setDOMContent(box)
        .addTo(map);
      link.focus();
    }

    map.on('load', function () {
      Promise.all([fetchJson(el.getAttribute('data-source')), background(map, el)])
        .then(function (all) {
          var sensors = all[0];
          var districts = all[1];
          addShapes(map);
          var near = null;
          try { near = JSON.parse(el.getAttribute('data-near') || 'null'); } catch (e) { near = null; }
          if (near) addNear(map, near);
          map.addSource('capteurs', { type: 'geojson', data: sensors, cluster: true, clusterRadius: 45, clusterMaxZoom: 17 });
          map.addLayer({
            id: 'groupes', type: 'circle', source: 'capteurs', filter: ['has', 'point_count'],
            paint: {
              'circle-color': '#1d4e89', 'circle-opacity': 0.85, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2,
              'circle-radius': ['step', ['get', 'point_count'], 14, 10, 18, 100, 24, 1000, 30],
            },
          });
          map.addLayer({
            id: 'capteurs', type: 'symbol', source: 'capteurs', filter: ['!', ['has', 'point_count']],
            layout: { 'icon-image': ICON, 'icon-allow-overlap': true, 'icon-ignore-placement': true },
          });
          el.setAttribute('data-sensors', String((sensors.features || []).length));
          var view = sensors.features && sensors.features.length ? sensors : districts;
          if (near) view = { type: 'FeatureCollection', features: (sensors.features || []).concat([circle(near)]) };
          fit(map, view);
          map.on('click', 'capteurs', function (e) { if (e.features && e.features[0]) popup(e.features[0]); });
          map.on('click', 'groupes', function (e) {
            var f = e.features && e.features[0];
            if (!f) return;
            map.getSource('capteurs').getClusterExpansionZoom(f.properties.cluster_id).then(function (zoom) {
              map.easeTo({ center: f.geometry.coordinates, zoom: zoom });
            });
          });
          ['capteurs', 'groupes'].forEach(function (layer) {
            map.on('mouseenter', layer, function () { map.getCanvas().style.cursor = 'pointer'; });
            map.on('mouseleave', layer, function () { map.getCanvas().style.cursor = ''; });
          });
          map.on('idle', function () {
            updateClusterButtons();
            updatePointButtons();
            updateCounts();
            restoreFocus();
            el.setAttribute('data-zoom', map.getZoom().toFixed(2));
            el.setAttribute('data-ready', 'true');
          });
        })
        .catch(function (e) {
          el.setAttribute('data-error', String(e && e.message));
        });
    });
  }

  // A budget's projects: each point opens a popup linking to the project's row.
  function initProjects(el) {
    var lib = window.maplibregl;
    var projects = { type: 'FeatureCollection', features: [] };
    try { projects = JSON.parse(el.getAttribute('data-projects') || '') || projects; } catch (e) { /* keep empty */ }
    var map = newMap(el);
    map.on('load', function () {
      background(map, el).then(function (districts) {
        map.addSource('projets', { type: 'geojson', data: projects });
        map.addLayer({
          id: 'projets', type: 'circle', source: 'projets',
          paint: { 'circle-color': '#1d4e89', 'circle-radius': 8, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2 },
        });
        // A kiosk's own place: "you are here", in words, and inside the view.
        var here = null;
        try { here = JSON.parse(el.getAttribute('data-here') || 'null'); } catch (e) { here = null; }
        var shown = projects;
        if (here) {
          var label = document.createElement('span');
          label.className = 'map-here';
          label.textContent = el.getAttribute('data-here-label') || '';
          // Its name is its words (MapLibre would otherwise call every marker "Repère").
          label.setAttribute('aria-label', label.textContent);
          new lib.Marker({ element: label, anchor: 'bottom' }).setLngLat(here).addTo(map);
          shown = { type: 'FeatureCollection', features: projects.features.concat([{ type: 'Feature', geometry: { type: 'Point', coordinates: here }, properties: {} }]) };
        }
        fit(map, shown.features.length ? shown : districts);
        map.on('click', 'projets', function (e) {
          var f = e.features && e.features[0];
          if (!f) return;
          var link = document.createElement('a');
          link.href = (el.getAttribute('data-anchor') || '#projet-') + f.properties.id;
          link.textContent = f.properties.title;
          new lib.Popup({ closeButton: true, maxWidth: '18rem' }).setLngLat(f.geometry.coordinates).setDOMContent(link).addTo(map);
          link.focus();
        });
        map.on('mouseenter', 'projets', function () { map.getCanvas().style.cursor = 'pointer'; });
        map.on('mouseleave', 'projets', function () { map.getCanvas().style.cursor = ''; });
        el.setAttribute('data-projects-drawn', String(projects.features.length));
        el.setAttribute('data-ready', 'true');
      }).catch(function (e) { el.setAttribute('data-error', String(e && e.message)); });
    });
  }

  // Choosing a place: the map and the two fields follow each other.
  function initPlace(el) {
    var lib = window.maplibregl;
    var lat = document.getElementById(el.getAttribute('data-lat'));
    var lon = document.getElementById(el.getAttribute('data-lon'));
    if (!lat || !lon) return;
    var map = newMap(el);
    var marker = new lib.Marker({ color: '#1d4e89' });
    function read(input) { return parseFloat(String(input.value).replace(',', '.')); }
    function show() {
      var y = read(lat), x = read(lon);
      if (isFinite(y) && isFinite(x) && Math.abs(y) <= 90 && Math.abs(x) <= 180) marker.setLngLat([x, y]).addTo(map);
      else marker.remove();
    }
    lat.addEventListener('input', show);
    lon.addEventListener('input', show);
    map.on('load', function () {
      background(map, el).then(function (districts) {
        fit(map, districts);
        show();
        map.on('click', function (e) {
          lat.value = e.lngLat.lat.toFixed(6);
          lon.value = e.lngLat.lng.toFixed(6);
          show();
        });
        el.setAttribute('data-ready', 'true');
      }).catch(function (e) { el.setAttribute('data-error', String(e && e.message)); });
    });
  }

  // The sensor map: its button (hidden without JavaScript) swaps the server's image for the interactive map.
  function offer(el) {
    var button = el.querySelector('.map-start');
    if (!button || el.getAttribute('data-offered')) return;
    el.setAttribute('data-offered', 'true');
    button.hidden = false;
    button.addEventListener('click', function () {
      button.disabled = true;
      el.setAttribute('aria-busy', 'true');
      whenLibrary(function () {
        var preview = el.querySelector('.map-preview');
        if (preview) preview.remove();
        button.remove();
        el.classList.add('map-live');
        el.removeAttribute('aria-busy');
        init(el);
        // Focus follows the click to the map, which the arrow keys then move.
        var canvas = el.querySelector('canvas');
        if (canvas) canvas.focus();
      });
    });
  }

  function start() {
    var found = [];
    var sensors = document.getElementById('carte');
    if (sensors) offer(sensors);
    offerNearMe();
    document.querySelectorAll('.carte-projets').forEach(function (el) { found.push([el, initProjects]); });
    document.querySelectorAll('.carte-lieu').forEach(function (el) { found.push([el, initPlace]); });
    found.forEach(function (pair) {
      var el = pair[0];
      if (el.getAttribute('data-initialised')) return;
      whenLibrary(function () {
        if (el.getAttribute('data-initialised')) return;
        el.setAttribute('data-initialised', 'true');
        pair[1](el);
      });
    });
  }

  // The page may add a map after this script runs (navigation inside the app): look again for a while.
  start();
  var tries = 0;
  var timer = setInterval(function () {
    tries += 1;
    start();
    if (tries > 40) clearInterval(timer);
  }, 250);
})();

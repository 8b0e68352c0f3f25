// Clairvoie — the maps (MapLibre GL JS, served from this site: no CDN, and with no basemap configured,
// no request leaves the town's server). Every map repeats what the page already says without JavaScript.
//
// #carte, the sensor map: the page gives everything in data- attributes: the sensors' GeoJSON (already filtered
// like the list), the districts' outlines, an optional basemap style URL and the labels in the page's language.
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
  // MapLibre's own controls speak the page's language.
  var LOCALE = {};
  try { LOCALE = JSON.parse((me && me.getAttribute('data-locale')) || '{}'); } catch (e) { LOCALE = {}; }

  function whenLibrary(done) {
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

  // Colours by personal-data level, all with at least 3:1 contrast on the light background.
  var COLOURS = ['match', ['get', 'p'], 'none', '#1d4e89', 'pseudonymised', '#b34000', 'personal', '#ce0500', 'sensitive', '#6e0000', '#3a3a3a'];

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
      Promise.all([fetchJson(el.getAttribute('data-source')), fetchJson(el.getAttribute('data-districts'))])
        .then(function (all) {
          var sensors = all[0];
          var districts = all[1];
          addDistricts(map, districts);
          map.addSource('capteurs', { type: 'geojson', data: sensors, cluster: true, clusterRadius: 45, clusterMaxZoom: 17 });
          map.addLayer({
            id: 'groupes', type: 'circle', source: 'capteurs', filter: ['has', 'point_count'],
            paint: {
              'circle-color': '#1d4e89', 'circle-opacity': 0.85, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2,
              'circle-radius': ['step', ['get', 'point_count'], 14, 10, 18, 100, 24, 1000, 30],
            },
          });
          map.addLayer({
            id: 'capteurs', type: 'circle', source: 'capteurs', filter: ['!', ['has', 'point_count']],
            paint: { 'circle-color': COLOURS, 'circle-radius': 7, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2 },
          });
          el.setAttribute('data-sensors', String((sensors.features || []).length));
          fit(map, sensors.features && sensors.features.length ? sensors : districts);
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
            updateCounts();
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
      fetchJson(el.getAttribute('data-districts')).then(function (districts) {
        addDistricts(map, districts);
        map.addSource('projets', { type: 'geojson', data: projects });
        map.addLayer({
          id: 'projets', type: 'circle', source: 'projets',
          paint: { 'circle-color': '#1d4e89', 'circle-radius': 8, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2 },
        });
        fit(map, projects.features.length ? projects : districts);
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
      fetchJson(el.getAttribute('data-districts')).then(function (districts) {
        addDistricts(map, districts);
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

  function start() {
    var found = [];
    var sensors = document.getElementById('carte');
    if (sensors) found.push([sensors, init]);
    document.querySelectorAll('.carte-projets').forEach(function (el) { found.push([el, initProjects]); });
    document.querySelectorAll('.carte-lieu').forEach(function (el) { found.push([el, initPlace]); });
    found.forEach(function (pair) {
      var el = pair[0];
      if (el.getAttribute('data-initialised')) return;
      whenLibrary(function () {
        if (el.getAttribute('data-initialised')) return;
        if (pair[1] !== init) el.setAttribute('data-initialised', 'true');
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

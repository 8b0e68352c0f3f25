// Clairvoie — the town-hall kiosk: idle reset and staying on the town's own pages.
//
// After the kiosk's idle time (data-idle, seconds) without a touch, a key or a scroll, a dialog warns that the
// kiosk will return to its home, counts down data-warning seconds (WCAG 2.2.1: at least 20) and can be
// extended with "Continue" (or Escape). At zero, the visit is ended on the server (POST /borne/terminer: the
// session with the visitor's sign-in and anything typed is gone), the browser's storage is cleared and the home
// replaces the page. The home page with nothing typed and nobody's visit has nothing to clear: it stays.
// While someone is active, the server is told at most every 20 s (POST /borne/actif), so a person reading or
// filling in a long ballot is not signed out by the server's own idle limit.
(function () {
  'use strict';
  var root = document.querySelector('.kiosk[data-idle]');
  var dialog = document.getElementById('borne-inactivite');
  var counter = document.getElementById('borne-decompte');
  var keep = document.getElementById('borne-continuer');
  if (!root || !dialog || !counter || !keep) return;
  var idle = Number(root.getAttribute('data-idle')) || 90;
  var warning = Math.min(Number(root.getAttribute('data-warning')) || 30, idle - 1);
  var visit = root.getAttribute('data-visit') === 'true';
  var timer = null;
  var tick = null;
  var lastPing = Date.now();
  var resetting = false;

  function typedSomething() {
    var fields = document.querySelectorAll('main input, main textarea');
    for (var i = 0; i < fields.length; i++) {
      var f = fields[i];
      if (f.type === 'hidden' || f.type === 'submit' || f.type === 'button') continue;
      if ((f.type === 'checkbox' || f.type === 'radio') ? f.checked !== f.defaultChecked : f.value !== '') return true;
    }
    return false;
  }

  function somethingToClear() {
    return visit || location.pathname !== '/borne' || typedSomething();
  }

  function reset() {
    if (resetting) return;
    resetting = true;
    try { window.sessionStorage.clear(); window.localStorage.clear(); } catch (e) { /* storage may be off */ }
    var home = function () { window.location.replace('/borne'); };
    fetch('/borne/terminer', { method: 'POST', credentials: 'same-origin', redirect: 'manual' }).then(home, home);
  }

  function countdown() {
    var left = warning;
    counter.textContent = String(left);
    if (!dialog.open) {
      if (dialog.showModal) dialog.showModal(); else dialog.setAttribute('open', '');
    }
    root.setAttribute('data-countdown', 'true');
    clearInterval(tick);
    tick = setInterval(function () {
      left -= 1;
      counter.textContent = String(Math.max(left, 0));
      if (left <= 0) {
        clearInterval(tick);
        reset();
      }
    }, 1000);
  }

  function arm() {
    clearTimeout(timer);
    timer = setTimeout(function () {
      if (somethingToClear()) countdown(); else arm();
    }, (idle - warning) * 1000);
  }

  function ping() {
    if (!visit || Date.now() - lastPing < 20000) return;
    lastPing = Date.now();
    fetch('/borne/actif', { method: 'POST', credentials: 'same-origin' }).catch(function () { /* next time */ });
  }

  function extend() {
    clearInterval(tick);
    root.removeAttribute('data-countdown');
    if (dialog.open) dialog.close();
    lastPing = 0;
    ping();
    arm();
  }

  ['pointerdown', 'keydown', 'touchstart', 'input', 'scroll', 'wheel'].forEach(function (name) {
    document.addEventListener(name, function () {
      if (dialog.open) return;
      ping();
      arm();
    }, { passive: true, capture: true });
  });
  keep.addEventListener('click', extend);
  // Escape closes a modal dialog: it extends the time too.
  dialog.addEventListener('cancel', function (e) { e.preventDefault(); extend(); });

  // A kiosk stays on the town's own pages: links to other sites do nothing.
  document.addEventListener('click', function (e) {
    var link = e.target && e.target.closest ? e.target.closest('a[href]') : null;
    if (link && link.host && link.host !== window.location.host) e.preventDefault();
  }, true);

  arm();
})();

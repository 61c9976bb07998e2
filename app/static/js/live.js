// Bridge from Socket.IO to htmx: every server message becomes a DOM event on
// <body>, and fragments refetch themselves with hx-trigger="<name> from:body";
// the phone's step instead refetches only for a newer version (see follow).
(function () {
  'use strict';
  var body = document.body;
  var meeting = body.dataset.meeting;
  var screen = body.dataset.screen;  // a screen opened through its screen link
  var status = document.getElementById('live-status');
  // Websocket first (saves seconds on slow mobile networks), long-polling as fallback.
  // A phone tells on every (re)connect which version of its step it shows: if
  // it missed a step change, the server says the version at once.
  function shownVersion() {
    var step = document.getElementById('meeting-step');
    return step ? Number(step.dataset.version) : undefined;
  }
  var socket = io({
    transports: ['websocket', 'polling'],
    tryAllTransports: true,
    auth: screen ? { screen: screen } : meeting ? { meeting: meeting }
      : function (send) { send({ v: shownVersion() }); }
  });

  function show(online) {
    if (!status) return;
    status.textContent = online ? status.dataset.online : status.dataset.offline;
    status.classList.toggle('live-offline', !online);
    body.classList.toggle('is-offline', !online);
  }

  // The phone's step keeps what a resident is typing: it refetches only when
  // the meeting's version moved past the one it shows (data-version).
  // A change heard while a refetch is on its way is fetched once that one is in.
  var heard = 0;
  function follow(version) {
    heard = Math.max(heard, Number(version) || 0);
    var step = document.getElementById('meeting-step');
    if (step && heard > Number(step.dataset.version)) {
      htmx.trigger(step, 'step-stale', {});
    }
  }
  body.addEventListener('htmx:afterSettle', function (event) {
    if (event.target && event.target.id === 'meeting-step') follow(heard);
  });

  // While the socket is up every message reaches the page, hidden or not: a
  // return to the page asks nothing. While it is down, ask the version over
  // HTTP (a few bytes) and refetch the step only if it moved; the reconnect
  // itself says the version too (see auth above).
  function catchUp() {
    var step = document.getElementById('meeting-step');
    if (socket.connected || !step || !step.dataset.versionUrl) return;
    fetch(step.dataset.versionUrl, { credentials: 'same-origin', cache: 'no-store' })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) { if (data) follow(data.v); })
      .catch(function () { /* still offline: the next occasion asks again */ });
  }

  // A fragment that refetches itself on messages (hx-trigger="<name> from:body")
  // is replaced by its reply, and htmx keeps a message heard meanwhile for the
  // element the reply replaces: so a fragment that heard one of its messages
  // while its refetch was on its way is fetched again once the reply is in.
  var onTheWay = {};  // id of a refetching fragment -> whether it heard one since
  function listens(element, name) {
    var trigger = element.getAttribute && element.getAttribute('hx-trigger');
    return !!trigger && trigger.split(',').some(function (part) {
      var words = part.trim().split(/\s+/);
      return words[0] === name && words.indexOf('from:body') > 0;
    });
  }
  body.addEventListener('htmx:beforeRequest', function (event) {
    var element = event.detail.elt;
    if (element.id && /from:body/.test(element.getAttribute('hx-trigger') || '')) {
      onTheWay[element.id] = false;
    }
  });
  body.addEventListener('htmx:afterSettle', function (event) {
    var id = event.target && event.target.id;
    if (!id || !(id in onTheWay)) return;
    var again = onTheWay[id];
    delete onTheWay[id];
    var element = document.getElementById(id);
    if (again && element && element.getAttribute('hx-get')) {
      htmx.ajax('GET', element.getAttribute('hx-get'),
        { source: element, target: element, swap: 'outerHTML' });
    }
  });
  ['htmx:responseError', 'htmx:sendError'].forEach(function (failed) {
    body.addEventListener(failed, function (event) {
      delete onTheWay[event.detail.elt && event.detail.elt.id];
    });
  });

  socket.onAny(function (name, data) {
    Object.keys(onTheWay).forEach(function (id) {
      var element = document.getElementById(id);
      if (element && listens(element, name)) onTheWay[id] = true;
    });
    htmx.trigger(body, name, data || {});
  });
  socket.on('step-changed', function (data) { follow(data && data.v); });
  var connectedBefore = false;
  socket.on('connect', function () {
    show(true);
    // Milliseconds from navigation until live: read by the page-weight benchmark.
    if (window.__ready === undefined) window.__ready = performance.now();
    // A reconnect may have missed messages: the fragments that listen refetch.
    if (connectedBefore) htmx.trigger(body, 'live-connected', {});
    connectedBefore = true;
  });
  socket.on('disconnect', function () { show(false); });
  socket.on('connect_error', function () { show(false); });
  socket.on('session-ended', function () {
    socket.disconnect();
    window.location.reload();
  });
  window.addEventListener('online', catchUp);
  document.addEventListener('visibilitychange', function () {
    if (document.visibilityState === 'visible') catchUp();
  });
})();

// Countdowns: the server sends the seconds left (data-remaining), never a clock
// time, so a phone whose clock is off still counts right; each new fragment
// starts its own from the moment it arrived.
(function () {
  'use strict';
  function text(left) {
    var minutes = Math.floor(left / 60), seconds = left % 60;
    return minutes + ':' + (seconds < 10 ? '0' : '') + seconds;
  }
  function tick() {
    var now = Date.now();
    document.querySelectorAll('.countdown[data-remaining]').forEach(function (el) {
      if (!el.dataset.end) el.dataset.end = String(now + Number(el.dataset.remaining) * 1000);
      var left = Math.max(0, Math.ceil((Number(el.dataset.end) - now) / 1000));
      var time = el.querySelector('.countdown-time');
      var shown = left > 0 ? text(left) : el.dataset.done;
      if (time && time.textContent !== shown) time.textContent = shown;
      el.classList.toggle('countdown-done', left === 0);
    });
  }
  tick();
  document.body.addEventListener('htmx:afterSettle', tick);
  window.setInterval(tick, 250);
})();

// A new step is said to screen readers: the step is swapped out whole, so the
// words go to a live region beside it (#step-announcer), and only when the
// version shown changed (a refetch of the same step says nothing again).
(function () {
  'use strict';
  var announcer = document.getElementById('step-announcer');
  var step = document.getElementById('meeting-step');
  if (!announcer || !step) return;
  var shown = step.dataset.version;
  document.body.addEventListener('htmx:afterSettle', function () {
    var now = document.getElementById('meeting-step');
    if (!now || now.dataset.version === shown) return;
    shown = now.dataset.version;
    var parts = [now.querySelector('h2'), now.querySelector('.state')]
      .filter(Boolean)
      .map(function (el) { return el.textContent.replace(/\s+/g, ' ').trim(); });
    announcer.textContent = parts.join('. ');
  });
})();

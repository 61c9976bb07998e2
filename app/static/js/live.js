// Bridge from Socket.IO to htmx: every server message becomes a DOM event on
// <body>, and fragments refetch themselves with hx-trigger="<name> from:body";
// the phone's step instead refetches only for a newer version (see follow).
(function () {
  'use strict';
  var body = document.body;
  var meeting = body.dataset.meeting;
  var status = document.getElementById('live-status');
  // Websocket first (saves seconds on slow mobile networks), long-polling as fallback.
  var socket = io({
    transports: ['websocket', 'polling'],
    tryAllTransports: true,
    auth: meeting ? { meeting: meeting } : {}
  });

  function show(online) {
    if (!status) return;
    status.textContent = online ? status.dataset.online : status.dataset.offline;
    status.classList.toggle('live-offline', !online);
    body.classList.toggle('is-offline', !online);
  }

  // The phone's step keeps what a resident is typing: it refetches only when
  // the meeting's version moved past the one it shows (data-version).
  function follow(version) {
    var step = document.getElementById('meeting-step');
    if (step && Number(version) > Number(step.dataset.version)) {
      htmx.trigger(step, 'step-stale', {});
    }
  }

  // Messages may have been missed while away: ask the version, a few bytes,
  // over the socket when it is up (no request at all), else over HTTP.
  function catchUp() {
    var step = document.getElementById('meeting-step');
    if (!step || !step.dataset.versionUrl) return;
    if (socket.connected) {
      socket.timeout(5000).emit('step-version', function (error, version) {
        if (!error && typeof version === 'number') follow(version);
      });
      return;
    }
    fetch(step.dataset.versionUrl, { credentials: 'same-origin', cache: 'no-store' })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) { if (data) follow(data.v); })
      .catch(function () { /* still offline: the next occasion asks again */ });
  }

  function resync() {
    htmx.trigger(body, 'live-connected', {});
    catchUp();
  }

  socket.onAny(function (name, data) {
    htmx.trigger(body, name, data || {});
  });
  socket.on('step-changed', function (data) { follow(data && data.v); });
  var connectedBefore = false;
  socket.on('connect', function () {
    show(true);
    // Milliseconds from navigation until live: read by the page-weight benchmark.
    if (window.__ready === undefined) window.__ready = performance.now();
    // A reconnect may have missed messages: refetch what this page shows.
    if (connectedBefore) resync();
    connectedBefore = true;
  });
  socket.on('disconnect', function () { show(false); });
  socket.on('connect_error', function () { show(false); });
  socket.on('session-ended', function () {
    socket.disconnect();
    window.location.reload();
  });
  window.addEventListener('online', resync);
  document.addEventListener('visibilitychange', function () {
    if (document.visibilityState === 'visible') resync();
  });
})();

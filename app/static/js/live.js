// Bridge from Socket.IO to htmx: every server message becomes a DOM event on
// <body>, and fragments refetch themselves with hx-trigger="<name> from:body".
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

  function resync() {
    htmx.trigger(body, 'live-connected', {});
  }

  socket.onAny(function (name, data) {
    htmx.trigger(body, name, data || {});
  });
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

// Answers survive a lost network: a form marked data-queue="answer" that cannot
// be sent is kept on the phone (localStorage), shown as "waiting to send", and
// sent again on `online`, on return to the page, on reconnect and on reload.
// An answer the server refuses for now (429 wait, 5xx) is kept the same way
// and sent again once the wait is over.
// The server stores each answer once: every body carries its own key.
(function () {
  'use strict';
  var KEY = 'kt-outbox';
  var body = document.body;
  var sending = false;

  function load() {
    try { return JSON.parse(localStorage.getItem(KEY)) || []; } catch (e) { return []; }
  }
  function save(items) {
    try { localStorage.setItem(KEY, JSON.stringify(items)); } catch (e) { /* storage full: keep in memory */ }
  }
  function queuedForm(elt) {
    return elt && elt.closest ? elt.closest('form[data-queue]') : null;
  }
  function markPending(item) {
    var button = item.pressed && document.getElementById(item.pressed);
    var block = item.target && document.getElementById(item.target);
    // the choices of one question: the group (a choice may sit beside its listen button)
    var group = button && (button.closest('[role=group]') || button.parentNode);
    if (group) {
      group.querySelectorAll('[aria-pressed]').forEach(function (b) {
        b.setAttribute('aria-pressed', b === button ? 'true' : 'false');
      });
    }
    if (block && !block.querySelector('.waiting')) {
      var note = document.createElement('p');
      note.className = 'waiting';
      note.setAttribute('role', 'status');
      note.textContent = body.dataset.waiting || 'Waiting to send';
      block.appendChild(note);
    }
  }

  // Remember exactly what each answer form sends, with its key.
  body.addEventListener('htmx:configRequest', function (evt) {
    var form = queuedForm(evt.target);
    if (!form) return;
    var params = new URLSearchParams();
    evt.detail.formData.forEach(function (value, name) { params.append(name, value); });
    var submitter = evt.detail.triggeringEvent && evt.detail.triggeringEvent.submitter;
    form._outbox = {
      url: evt.detail.path,
      body: params.toString(),
      target: evt.detail.target ? evt.detail.target.id : '',
      pressed: submitter ? submitter.id : '',
      csrf: evt.detail.headers['X-CSRFToken'] || ''
    };
  });

  function enqueue(form) {
    if (!form || !form._outbox) return false;
    var items = load();
    items.push(form._outbox);
    save(items);
    markPending(form._outbox);
    return true;
  }

  // Offline already: do not even try; keep the answer.
  body.addEventListener('htmx:beforeRequest', function (evt) {
    if (navigator.onLine) return;
    if (enqueue(queuedForm(evt.target))) evt.preventDefault();
  });
  // The network failed while sending: keep the answer.
  body.addEventListener('htmx:sendError', function (evt) {
    enqueue(queuedForm(evt.target));
  });
  // The server asked to wait (429) or failed (5xx): keep the answer, send it later.
  body.addEventListener('htmx:responseError', function (evt) {
    var xhr = evt.detail.xhr;
    if (!mustRetry(xhr.status)) return;
    if (enqueue(queuedForm(evt.target))) later(xhr.getResponseHeader('Retry-After'));
  });

  function mustRetry(status) {
    return status === 429 || status >= 500;
  }
  var timer = null;
  function later(retryAfter) {
    var seconds = Math.min(Math.max(parseInt(retryAfter, 10) || 5, 1), 300);
    clearTimeout(timer);
    timer = setTimeout(flush, seconds * 1000);
  }

  function flush() {
    if (sending) return;
    var items = load();
    if (!items.length) return;
    sending = true;
    var item = items[0];
    fetch(item.url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        'HX-Request': 'true',
        'X-CSRFToken': item.csrf
      },
      body: item.body
    }).then(function (response) {
      if (mustRetry(response.status)) {
        sending = false;  // kept: the server asked to wait, or failed
        later(response.headers.get('Retry-After'));
        return;
      }
      return response.text().then(function (html) {
        // Stored, or refused for good (closed step, bad input): either way it left the phone.
        var rest = load().slice(1);
        save(rest);
        var target = item.target && document.getElementById(item.target);
        if (target && (response.ok || response.status === 409 || response.status === 422)) {
          htmx.swap(target, html, { swapStyle: 'outerHTML' });
        }
        sending = false;
        flush();
      });
    }).catch(function () {
      sending = false;  // still offline: try again on the next occasion
    });
  }

  window.addEventListener('online', flush);
  body.addEventListener('live-connected', flush);
  document.addEventListener('visibilitychange', function () {
    if (document.visibilityState === 'visible') flush();
  });
  // After a reload, show what is still waiting, then try to send it.
  load().forEach(markPending);
  flush();

  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register('/sw.js').catch(function () { /* the app works without it */ });
  }
})();

// A phone's own bill figures stay on the phone: kept in its own storage when
// the bill form is sent, compared there with the released picture (blocks with
// data-figure / data-reference), and forgotten after a day. The server never
// sends them back, in no page, cookie or socket message.
(function () {
  'use strict';
  var PREFIX = 'kt-bill-';
  var DAY = 24 * 60 * 60 * 1000;
  var HEAT_FACTOR = { kwh: 1, m3: 10.3, litre: 10 };

  function number(value) {
    value = (value || '').replace(/\s/g, '').replace(',', '.');
    if (!value) return null;
    var n = Number(value);
    return isFinite(n) ? n : null;
  }
  function read(key) {
    try { return JSON.parse(localStorage.getItem(key)); } catch (e) { return null; }
  }
  function forgetOld() {
    try {
      for (var i = localStorage.length - 1; i >= 0; i--) {
        var key = localStorage.key(i);
        if (key && key.indexOf(PREFIX) === 0) {
          var kept = read(key);
          if (!kept || Date.now() - kept.t > DAY) localStorage.removeItem(key);
        }
      }
    } catch (e) { /* no storage: nothing kept */ }
  }

  document.body.addEventListener('htmx:configRequest', function (evt) {
    var form = evt.target.closest && evt.target.closest('form[data-own-figures]');
    if (!form) return;
    var data = evt.detail.formData;
    var heat = number(data.get('heat_amount'));
    var figures = {
      elec_kwh: number(data.get('elec_kwh')),
      heat_kwh: heat === null ? null : heat * (HEAT_FACTOR[data.get('heat_unit')] || 1),
      advance_eur: number(data.get('advance_eur')),
      peak_advance_eur: number(data.get('peak_advance_eur')),
      price_eur_kwh: number(data.get('price_eur_kwh'))
    };
    try {
      localStorage.setItem(PREFIX + form.dataset.ownFigures, JSON.stringify({ t: Date.now(), f: figures }));
    } catch (e) { /* storage full or off: the picture shows without the phone's place */ }
  });

  function reveal(container, position) {
    var span = container.querySelector('[data-position="' + position + '"]');
    if (span) span.hidden = false;
    container.hidden = false;
  }
  // Point "You" at the band of the strip the phone's own figure falls in.
  function mark(block, value) {
    if (!block.dataset.edges) return null;
    var band = block.dataset.edges.split(',').filter(function (edge) { return value >= Number(edge); }).length;
    var marker = block.querySelector('.strip-you[data-band="' + band + '"]');
    if (marker) marker.setAttribute('visibility', 'visible');
    return band;
  }
  function place(root) {
    root.querySelectorAll('[data-own-step]').forEach(function (picture) {
      var kept = read(PREFIX + picture.dataset.ownStep);
      if (!kept) return;
      picture.querySelectorAll('[data-figure][data-edges]').forEach(function (block) {
        var value = kept.f[block.dataset.figure];
        var own = block.querySelector('[data-own]');
        if (value === null || value === undefined || !own || !block.dataset.edges) return;
        var band = mark(block, value);
        var middle = block.dataset.middle.split(',').map(Number);
        reveal(own, band < middle[0] ? 'lower' : band > middle[1] ? 'higher' : 'middle');
      });
      picture.querySelectorAll('[data-reference]').forEach(function (item) {
        var value = kept.f[item.dataset.reference];
        if (value === null || value === undefined) return;
        mark(item, value);
        var ratio = value / Number(item.dataset.value);
        reveal(item, ratio < 0.8 ? 'lower' : ratio > 1.2 ? 'higher' : 'middle');
      });
    });
  }

  forgetOld();
  htmx.onLoad(place);
})();

// Read-aloud (speech.js) is fetched only by a phone that has an on-device voice,
// and only once a page shows a listen button: other phones never load it.
(function () {
  'use strict';
  var synth = window.speechSynthesis;
  var src = document.body.dataset.speech;
  if (!synth || !src) return;
  var asked = false;
  function load() {
    if (asked || !document.querySelector('.listen')) return;
    if (!synth.getVoices().some(function (v) { return v.localService; })) return;
    asked = true;
    var script = document.createElement('script');
    script.src = src;
    document.head.appendChild(script);
  }
  synth.addEventListener('voiceschanged', load);
  document.body.addEventListener('htmx:load', load);
  load();
})();

// Klimaattafel service worker {{ version }}: keeps the app shell and the pages
// a phone opened, so a meeting page still loads when the venue's network drops.
// Fragments (HX-Request) and live traffic always go to the network; answers are
// queued by the page itself (offline.js), not here: Safari has no Background Sync.
'use strict';
const SHELL_CACHE = 'kt-shell-{{ version }}';
const PAGE_CACHE = 'kt-pages-v1';
const SHELL = {{ shell|tojson }};
const OFFLINE_URL = {{ offline_url|tojson }};

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(SHELL_CACHE)
      .then((cache) => cache.addAll([...SHELL, OFFLINE_URL]))
      .then(() => self.skipWaiting())
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys
        .filter((key) => key.startsWith('kt-shell-') && key !== SHELL_CACHE)
        .map((key) => caches.delete(key))))
      .then(() => self.clients.claim())
  );
});

function storable(response) {
  const control = response.headers.get('Cache-Control') || '';
  return response.ok && response.type === 'basic' && !control.includes('no-store');
}

async function networkFirstPage(request) {
  const cache = await caches.open(PAGE_CACHE);
  try {
    const response = await fetch(request);
    if (storable(response)) cache.put(request, response.clone());
    return response;
  } catch (error) {
    return (await cache.match(request)) || (await caches.match(OFFLINE_URL));
  }
}

async function cacheFirstStatic(request) {
  const cached = await caches.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (storable(response)) (await caches.open(SHELL_CACHE)).put(request, response.clone());
  return response;
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/socket.io/')) return;
  // A fragment differs from its page (Vary: HX-Request): never serve one for the other.
  if (request.headers.get('HX-Request')) return;
  if (request.mode === 'navigate') {
    event.respondWith(networkFirstPage(request));
  } else if (url.pathname.startsWith('/static/')) {
    event.respondWith(cacheFirstStatic(request));
  }
});

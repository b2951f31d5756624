// The young people's installable app: a small service worker whose scope is /ung/ only.
// It keeps one page, the offline page, and shows it when the phone has no connection. Pages
// themselves are never cached: they are personal, and the server sends them as no-store.
const CACHE = "ung-offline-v1";
const OFFLINE = "/ung/offline";

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.add(OFFLINE)));
  self.skipWaiting();
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys().then((keys) =>
      Promise.all(keys.filter((key) => key !== CACHE).map((key) => caches.delete(key)))
    )
  );
  self.clients.claim();
});

self.addEventListener("fetch", (event) => {
  if (event.request.mode !== "navigate") {
    return;
  }
  event.respondWith(
    fetch(event.request).catch(() => caches.match(OFFLINE))
  );
});

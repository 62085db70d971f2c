// The service worker: the app's shell works without network (a student's offline scans), the API never
// comes from a cache. Hashed files under /assets/ are kept once fetched; the page itself is fetched
// fresh when there is network and taken from the cache when there is none.
const CACHE = 'attendance-shell-v1';
const SHELL = ['/', '/manifest.json', '/icon.svg', '/icon-192.png'];

self.addEventListener('install', (e) => {
  e.waitUntil(caches.open(CACHE).then((c) => c.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (e) => {
  e.waitUntil(caches.keys().then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

self.addEventListener('fetch', (e) => {
  const url = new URL(e.request.url);
  if (e.request.method !== 'GET' || url.origin !== location.origin) return;
  if (url.pathname.startsWith('/api/') || url.pathname.startsWith('/ws') || url.pathname.startsWith('/actuator')
      || url.pathname.startsWith('/oauth2') || url.pathname.startsWith('/login')) return;
  if (url.pathname.startsWith('/assets/')) {
    e.respondWith(caches.open(CACHE).then(async (c) => {
      const hit = await c.match(e.request);
      if (hit) return hit;
      const res = await fetch(e.request);
      if (res.ok) c.put(e.request, res.clone());
      return res;
    }));
    return;
  }
  if (e.request.mode === 'navigate' || SHELL.includes(url.pathname)) {
    e.respondWith(fetch(e.request).then((res) => {
      if (res.ok) caches.open(CACHE).then((c) => c.put(url.pathname === '/index.html' ? '/' : e.request, res.clone()));
      return res;
    }).catch(() => caches.match(e.request).then((hit) => hit || caches.match('/'))));
  }
});

self.addEventListener('push', (e) => {
  let data = {};
  try {
    data = e.data ? e.data.json() : {};
  } catch {
    data = {};
  }
  if (data.type === 'claim') {
    const approved = data.status === 'APPROVED';
    e.waitUntil(self.registration.showNotification(approved ? 'Your claim was approved' : 'Your claim was not approved', {
      body: approved ? `Your record is updated.${data.note ? ` “${data.note}”` : ''}`
        : `${data.note ? `“${data.note}” — ` : ''}open the app to see why.`,
      icon: '/icon-192.png', tag: data.claimId, data: { url: '/#/claims' } }));
  }
  if (data.type === 'session-opened') {
    e.waitUntil(self.registration.showNotification('Attendance is open', {
      body: 'Your class has started — open the app to mark yourself.', icon: '/icon-192.png', tag: data.sessionId,
      data: { url: '/#/now' } }));
  }
});

self.addEventListener('notificationclick', (e) => {
  e.notification.close();
  e.waitUntil(self.clients.openWindow(e.notification.data?.url || '/'));
});

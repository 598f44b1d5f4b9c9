// The site's service worker: what the browser keeps for when the network is gone.
// Each route names the requests it answers and how; a request no route claims goes to the network
// untouched, as if there were no worker. Add a route (and its cache name to CACHES) to keep more.
// Nothing signed-in is ever stored: a response marked no-store (every signed-in page) is not kept.
'use strict';

const VERSION = 'v1';
const CRISIS_CACHE = `ats-crisis-${VERSION}`;
const CRISIS_PATH = '/crisis';

// Every cache this version uses; any other "ats-" cache is an older version's and is deleted.
const CACHES = [CRISIS_CACHE];

const sameOrigin = url => url.origin === self.location.origin;

// The crisis page (any country), and the files it loads (its stylesheets and scripts name it as referrer).
function isCrisis(request, url) {
    if (url.pathname === CRISIS_PATH) return true;
    if (!['style', 'script', 'image', 'font'].includes(request.destination) || !request.referrer) return false;
    const from = new URL(request.referrer);
    return sameOrigin(from) && from.pathname === CRISIS_PATH;
}

const routes = [
    { matches: isCrisis, handle: request => networkFirst(request, CRISIS_CACHE) },
];

function storable(response) {
    return response.ok && response.type === 'basic' && !/no-store/i.test(response.headers.get('Cache-Control') || '');
}

// The network's answer when there is one (kept for next time), else the last one kept.
async function networkFirst(request, cacheName) {
    const cache = await caches.open(cacheName);
    try {
        const response = await fetch(request);
        if (storable(response)) await cache.put(request, response.clone());
        return response;
    } catch (offline) {
        const kept = await cache.match(request, { ignoreVary: true })
            || (request.mode === 'navigate' ? await cache.match(CRISIS_PATH, { ignoreVary: true, ignoreSearch: true }) : undefined);
        if (kept) return kept;
        throw offline;
    }
}

// Keep the signed-out crisis page (and its stylesheets) from the start, so it opens offline even
// before she has looked at it; credentials are omitted, so it is never her signed-in page.
async function keepCrisisPage() {
    const cache = await caches.open(CRISIS_CACHE);
    const response = await fetch(CRISIS_PATH, { credentials: 'omit' });
    if (!storable(response)) return;
    const html = await response.clone().text();
    await cache.put(CRISIS_PATH, response);
    const base = new URL('/', self.location.origin);
    const sheets = [...html.matchAll(/<link[^>]*rel="stylesheet"[^>]*href="([^"]+)"/g)].map(m => new URL(m[1], base));
    await Promise.all(sheets.filter(sameOrigin).map(async url => {
        const sheet = await fetch(url, { credentials: 'omit' });
        if (storable(sheet)) await cache.put(url, sheet);
    }));
}

self.addEventListener('install', event => {
    // A failed first copy must not stop the worker: the page is kept again whenever it is opened.
    event.waitUntil(keepCrisisPage().catch(() => undefined).then(() => self.skipWaiting()));
});

self.addEventListener('activate', event => {
    event.waitUntil(caches.keys()
        .then(names => Promise.all(names.filter(n => n.startsWith('ats-') && !CACHES.includes(n)).map(n => caches.delete(n))))
        .then(() => self.clients.claim()));
});

self.addEventListener('fetch', event => {
    const request = event.request;
    if (request.method !== 'GET') return;
    const url = new URL(request.url);
    if (!sameOrigin(url)) return;
    const route = routes.find(r => r.matches(request, url));
    if (route) event.respondWith(route.handle(request));
});

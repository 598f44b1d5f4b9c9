// The site's service worker: what the browser keeps for when the network is gone.
// Each route names the requests it answers and how; a request no route claims goes to the network
// untouched, as if there were no worker. Add a route (and its cache name to CACHES) to keep more.
//
// Three caches:
// - the signed-out crisis page and its files, kept from the start (never her signed-in copy);
// - the shell: the site's stylesheets, scripts, icons and manifest, the same for everyone;
// - hers: the pages she opened of her course (/learn, its lessons and outline) and her toolkit. Her
//   pages are marked no-store for the browser's and proxies' HTTP caches; this cache is the one
//   deliberate copy. Its name carries the opaque owner id the server sends with every signed-in
//   response (X-Offline-Owner, never her email), and it is deleted when a page arrives with no
//   owner (she signed out, her sign-in ended) or another owner (someone else signed in here).
'use strict';

const VERSION = 'v2';
const CRISIS_CACHE = `ats-crisis-${VERSION}`;
const SHELL_CACHE = `ats-shell-${VERSION}`;
const HERS_PREFIX = 'ats-user-';
const HERS_CURRENT = `${HERS_PREFIX}${VERSION}-`;
const OWNER_HEADER = 'X-Offline-Owner';
const CRISIS_PATH = '/crisis';

// Every shared cache this version uses; any other "ats-" cache is an older version's and is deleted.
const CACHES = [CRISIS_CACHE, SHELL_CACHE];

const sameOrigin = url => url.origin === self.location.origin;
const hersCache = owner => `${HERS_CURRENT}${owner}`;

// A page: a navigation, or Blazor's enhanced navigation fetching the next page's HTML.
const isPage = request => request.mode === 'navigate' || /text\/html/.test(request.headers.get('Accept') || '');
const isHtml = response => /^text\/html/.test(response.headers.get('Content-Type') || '');

// Her pages worth reading offline: her course, its lessons and outline, and her toolkit.
const isHers = (request, url) => isPage(request) && (url.pathname === '/learn' || url.pathname.startsWith('/learn/') || url.pathname === '/toolkit');

// The files every page loads (fingerprinted by the build, so one kept copy is right until the next build).
const isShell = (request, url) =>
    ['style', 'script', 'image', 'font', 'manifest'].includes(request.destination) || url.pathname === '/manifest.webmanifest';

// The crisis page (any country), and the files it loads (its stylesheets and scripts name it as referrer).
function isCrisis(request, url) {
    if (url.pathname === CRISIS_PATH) return true;
    if (!['style', 'script', 'image', 'font'].includes(request.destination) || !request.referrer) return false;
    const from = new URL(request.referrer);
    return sameOrigin(from) && from.pathname === CRISIS_PATH;
}

const routes = [
    { matches: isCrisis, handle: (request, event) => networkFirst(request, event, CRISIS_CACHE) },
    { matches: isHers, handle: hersNetworkFirst },
    { matches: isShell, handle: (request, event) => networkFirst(request, event, SHELL_CACHE) },
    // Any other page goes to the network as it is; only who it was sent to is noted (settleOwner).
    { matches: isPage, handle: async (request, event) => settled(await fetch(request), event) },
];

function storable(response) {
    return response.ok && response.type === 'basic' && !/no-store/i.test(response.headers.get('Cache-Control') || '');
}

// A page from the network says who is signed in now: every cache of hers that is not that person's goes.
async function settleOwner(owner) {
    const keep = owner ? hersCache(owner) : null;
    const names = await caches.keys();
    await Promise.all(names.filter(n => n.startsWith(HERS_PREFIX) && n !== keep).map(n => caches.delete(n)));
}

function ownerOf(response) {
    if (response.type !== 'basic' || !isHtml(response)) return undefined; // says nothing about who is signed in
    return response.headers.get(OWNER_HEADER) || null;
}

function settled(response, event) {
    const owner = ownerOf(response);
    if (owner !== undefined) event.waitUntil(settleOwner(owner));
    return response;
}

// The network's answer when there is one (kept for next time), else the last one kept.
async function networkFirst(request, event, cacheName) {
    const cache = await caches.open(cacheName);
    try {
        const response = await fetch(request);
        if (storable(response)) event.waitUntil(cache.put(request, response.clone()));
        return isPage(request) ? settled(response, event) : response;
    } catch (offline) {
        // The crisis page's scripts, and the icons, may be in the shell's cache rather than this one.
        const kept = await cache.match(request, { ignoreVary: true })
            || (cacheName !== SHELL_CACHE && !isPage(request) ? await (await caches.open(SHELL_CACHE)).match(request, { ignoreVary: true }) : undefined)
            || (request.mode === 'navigate' ? await cache.match(CRISIS_PATH, { ignoreVary: true, ignoreSearch: true }) : undefined);
        if (kept) return kept;
        throw offline;
    }
}

// Her page from the network, kept in her cache (once the caches of anyone else are gone); offline, her kept copy.
async function hersNetworkFirst(request, event) {
    const key = request.url;
    try {
        const response = await fetch(request);
        const owner = ownerOf(response);
        if (owner !== undefined) {
            const copy = response.ok && !response.redirected && owner && !response.headers.has('blazor-enhanced-nav-redirect-location') ? response.clone() : null;
            event.waitUntil(settleOwner(owner).then(async () => {
                if (copy) await (await caches.open(hersCache(owner))).put(key, copy);
            }));
        }
        return response;
    } catch (offline) {
        const kept = await keptOfHers(key);
        if (kept) return kept;
        throw offline;
    }
}

// At most one person's cache exists (settleOwner): the page from it, if she opened it here.
async function keptOfHers(key) {
    for (const name of (await caches.keys()).filter(n => n.startsWith(HERS_CURRENT))) {
        const cache = await caches.open(name);
        const kept = await cache.match(key, { ignoreVary: true }) || await cache.match(key, { ignoreVary: true, ignoreSearch: true });
        if (kept) return kept;
    }
    return undefined;
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
    const current = n => CACHES.includes(n) || n.startsWith(HERS_CURRENT);
    event.waitUntil(caches.keys()
        .then(names => Promise.all(names.filter(n => n.startsWith('ats-') && !current(n)).map(n => caches.delete(n))))
        .then(() => self.clients.claim()));
});

// The sign-out button's script (offline.js) says so before the form goes: her pages go at once.
self.addEventListener('message', event => {
    if (event.data === 'signed-out') event.waitUntil(settleOwner(null));
});

self.addEventListener('fetch', event => {
    const request = event.request;
    if (request.method !== 'GET') return;
    const url = new URL(request.url);
    if (!sameOrigin(url)) return;
    const route = routes.find(r => r.matches(request, url));
    if (route) event.respondWith(route.handle(request, event));
});

// Registers the service worker (sw.js) that keeps the crisis page for when the network is gone.
// Without it (an old browser, a private window) every page still works online.
if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => undefined);
}

// Registers the service worker (sw.js) that keeps the crisis page, the site's files and the pages she
// opened of her course and toolkit for when the network is gone. Without it (an old browser, a private
// window) every page still works online.
//
// Signing out deletes her kept pages here first, before the form goes; the sign-out response also asks
// the browser to clear the site's storage (Clear-Site-Data), and the worker drops them at the next page
// that comes with no owner, so a browser without one of the three still ends with none of hers.
(() => {
  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => undefined);
  }

  const HERS_PREFIX = 'ats-user-';
  const dropHers = () => {
    navigator.serviceWorker?.controller?.postMessage('signed-out');
    if (!('caches' in window)) return;
    caches.keys()
      .then(names => Promise.all(names.filter(n => n.startsWith(HERS_PREFIX)).map(n => caches.delete(n))))
      .catch(() => undefined);
  };

  document.addEventListener('submit', event => {
    if (event.target instanceof HTMLFormElement && /(^|\/)Account\/Logout$/.test(event.target.getAttribute('action') || '')) dropHers();
  }, true);
})();

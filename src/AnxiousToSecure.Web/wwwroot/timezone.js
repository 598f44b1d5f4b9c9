// Sign-up: the browser knows her time zone (an IANA name such as "Europe/London"); the server checks
// it before keeping it. Without JavaScript the field stays empty and she gets the course's zone,
// which she can change in her profile.
(() => {
  const fill = () => {
    let zone = "";
    try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch { /* very old browser */ }
    document.querySelectorAll("input[data-browser-time-zone]").forEach(input => { if (!input.value) input.value = zone; });
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fill); else fill();
  // Blazor's enhanced navigation swaps pages without a full load.
  if (window.Blazor?.addEventListener) window.Blazor.addEventListener("enhancedload", fill);
  else document.addEventListener("DOMContentLoaded", () => window.Blazor?.addEventListener?.("enhancedload", fill));
})();

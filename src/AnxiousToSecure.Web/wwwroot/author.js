// The lesson editor never loses work silently: leaving it with unsaved edits asks first, by any route.
// Blazor's NavigationLock asks on closing the tab or reloading, but enhanced navigation (the header's
// links, the editor's own) and the back button swap pages without unloading and without asking it.
(() => {
  const question = "This lesson has unsaved changes. Leave without saving them?";
  const editor = () => document.querySelector("form.lesson-editor");
  const dirty = () => editor()?.dataset.dirty === "true";
  let guarded = false;

  // Back lands first on an entry of the editor's own, where it can ask before going on.
  const guard = () => {
    if (guarded || !editor()) return;
    history.pushState({ lessonEditorGuard: true }, "", location.href);
    guarded = true;
  };

  // Marked at once: the server's mark comes a round trip later, after a click may already have left.
  const mark = event => {
    const form = event.target.closest?.("form.lesson-editor");
    if (!form) return;
    form.dataset.dirty = "true";
    guard();
  };
  document.addEventListener("input", mark, true);
  document.addEventListener("change", mark, true);

  window.addEventListener("beforeunload", event => {
    if (dirty()) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  // A link Blazor will follow without unloading the page (otherwise beforeunload asks, once).
  const enhanced = link => {
    if ((link.target && link.target !== "_self") || link.hasAttribute("download")) return false;
    if (link.closest("[data-enhance-nav=false]")) return false;
    const url = new URL(link.href, location.href);
    if (url.origin !== location.origin) return false;
    return !(url.pathname === location.pathname && url.search === location.search && url.hash);
  };

  // On window, capturing: before Blazor's own click handler on the document.
  window.addEventListener("click", event => {
    if (!dirty() || event.defaultPrevented || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    const link = event.target.closest?.("a[href]");
    if (!link || !enhanced(link) || confirm(question)) return;
    event.preventDefault();
    event.stopImmediatePropagation();
  }, true);

  // Capturing at the window runs before Blazor's listener, which would otherwise reload the editor's address.
  window.addEventListener("popstate", event => {
    if (!guarded || !editor() || history.state?.lessonEditorGuard) {
      guarded = false;
      return;
    }
    guarded = false;
    event.stopImmediatePropagation();
    if (dirty() && !confirm(question)) {
      guard();
      return;
    }
    history.back();
  }, true);
})();

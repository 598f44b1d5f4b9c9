// Reflection boxes save as she writes. Every keystroke is kept on this device first (localStorage),
// then sent to the server a moment later; a dropped connection only delays the save, and a draft
// newer than the saved text is restored on the next visit. Without JavaScript the form's own
// "Save reflection" button posts the same form.
//
// Devices are shared: a draft's key carries its owner (an opaque hash of her account, from the
// page), so a draft is only offered back to the account that wrote it. Every page drops drafts older
// than a day, and pages of a signed-in student drop every draft that is not hers. Signing out clears
// them all here too (the server also asks the browser to clear the site's storage at sign-in and out).
(() => {
  const SAVE_DELAY_MS = 1200;
  const PREFIX = "journal:";
  const DRAFT_LIFETIME_MS = 24 * 60 * 60 * 1000; // JournalDrafts.Lifetime

  const draftKeys = () => {
    try {
      return Array.from({ length: localStorage.length }, (_, i) => localStorage.key(i)).filter(k => k && k.startsWith(PREFIX));
    } catch { return []; }
  };
  const remove = key => { try { localStorage.removeItem(key); } catch { } };
  const expired = draft => !draft || typeof draft.at !== "number" || Date.now() - draft.at > DRAFT_LIFETIME_MS;
  const parse = key => { try { return JSON.parse(localStorage.getItem(key) || "null"); } catch { return null; } };

  // owner: the signed-in student's, when the page knows it; otherwise only stale drafts go.
  function purgeDrafts(owner) {
    for (const key of draftKeys()) {
      const parts = key.slice(PREFIX.length).split(":");
      const foreign = parts.length !== 2 || (owner && parts[0] !== owner);
      if (foreign || expired(parse(key))) remove(key);
    }
  }

  const clearDrafts = () => draftKeys().forEach(remove);

  function setup(form) {
    if (form.dataset.autosaveReady) return;
    form.dataset.autosaveReady = "1";
    const box = form.querySelector("textarea");
    const status = form.querySelector(".journal-status");
    const key = form.dataset.draftKey;
    const owner = form.dataset.draftOwner;
    if (!key || !owner || !key.startsWith(`${PREFIX}${owner}:`)) return;
    const savedAt = Number(box.dataset.savedAt || 0);
    let timer = null;
    let inFlight = false;
    let dirty = false;

    const say = text => { if (status) status.textContent = text; };
    const readDraft = () => {
      const draft = parse(key);
      if (draft && (expired(draft) || draft.owner !== owner)) { remove(key); return null; }
      return draft;
    };
    const keepDraft = () => { try { localStorage.setItem(key, JSON.stringify({ text: box.value, at: Date.now(), owner })); } catch { /* storage full or off */ } };
    const dropDraft = () => remove(key);

    const draft = readDraft();
    if (draft && draft.text !== box.value && draft.at > savedAt) {
      box.value = draft.text;
      say("Restored what you wrote on this device earlier. Saving…");
      dirty = true;
      schedule(0);
    } else if (draft && draft.text === box.value) {
      dropDraft();
    }

    async function save() {
      if (inFlight) { schedule(SAVE_DELAY_MS); return; }
      inFlight = true;
      dirty = false;
      const sent = box.value;
      try {
        const response = await fetch(form.action, { method: "POST", body: new FormData(form), headers: { Accept: "application/json" }, credentials: "same-origin" });
        const body = await response.json().catch(() => ({}));
        if (!response.ok || !body.saved) {
          say(body.message || "Could not save just now. What you wrote is kept on this device and will be saved when you are back online.");
          dirty = true;
          return;
        }
        if (box.value === sent) dropDraft();
        // The server words it, in her zone and the site's one style, as the journal page does.
        say(body.message || "Saved.");
      } catch {
        dirty = true;
        say("You seem to be offline. What you wrote is kept on this device and will be saved when you are back.");
      } finally {
        inFlight = false;
        if (dirty) schedule(SAVE_DELAY_MS * 4);
      }
    }

    function schedule(delay) {
      clearTimeout(timer);
      timer = setTimeout(save, delay);
    }

    box.addEventListener("input", () => { keepDraft(); dirty = true; say("Saving…"); schedule(SAVE_DELAY_MS); });
    window.addEventListener("online", () => { if (dirty) schedule(0); });
    form.addEventListener("submit", event => { event.preventDefault(); keepDraft(); schedule(0); });
  }

  const init = () => {
    const forms = document.querySelectorAll("form[data-autosave]");
    purgeDrafts(forms.length > 0 ? forms[0].dataset.draftOwner : null);
    forms.forEach(setup);
  };
  document.addEventListener("submit", event => {
    if (event.target instanceof HTMLFormElement && /(^|\/)Account\/Logout$/.test(event.target.getAttribute("action") || "")) clearDrafts();
  }, true);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
  // Blazor's enhanced navigation swaps pages without a full load.
  if (window.Blazor?.addEventListener) window.Blazor.addEventListener("enhancedload", init);
  else document.addEventListener("DOMContentLoaded", () => window.Blazor?.addEventListener?.("enhancedload", init));
})();

// "Copy" beside a share link (/admin/codes): copies the text of the field it names. Without JavaScript the
// buttons stay hidden and the field can be selected and copied by hand.
(() => {
  const show = () => document.querySelectorAll("button[data-copy-from]").forEach(b => { b.hidden = false; });
  document.addEventListener("click", async event => {
    const button = event.target.closest?.("button[data-copy-from]");
    if (!button) return;
    event.preventDefault();
    const field = document.getElementById(button.dataset.copyFrom);
    if (!field) return;
    const status = document.getElementById(button.dataset.copyStatus || "");
    try {
      await navigator.clipboard.writeText(field.value);
      if (status) status.textContent = "Link copied.";
    } catch {
      field.focus();
      field.select();
      if (status) status.textContent = "The link is selected: copy it with your keyboard or menu.";
    }
  });
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", show); else show();
  if (window.Blazor?.addEventListener) window.Blazor.addEventListener("enhancedload", show);
  else document.addEventListener("DOMContentLoaded", () => window.Blazor?.addEventListener?.("enhancedload", show));
})();

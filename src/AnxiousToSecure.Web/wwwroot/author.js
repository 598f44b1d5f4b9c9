// Unsaved changes are never lost silently: leaving the lesson editor while it has unsaved edits asks first.
window.addEventListener("beforeunload", event => {
  if (document.querySelector("form.lesson-editor[data-dirty='true']")) {
    event.preventDefault();
    event.returnValue = "";
  }
});

// Public portal: prevent double submission of forms marked data-submit-once (the server is idempotent anyway).
// The busy text comes from the form (data-submitting-text) so that it follows the page language.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (!form.hasAttribute || !form.hasAttribute("data-submit-once")) return;
  if (form.dataset.submitted === "1") { event.preventDefault(); return; }
  form.dataset.submitted = "1";
  form.setAttribute("aria-busy", "true");
  setTimeout(function () {
    form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = true; b.textContent = form.dataset.submittingText || "正在提交…"; });
  }, 0);
});
// Forms that come back from the server with errors: put the keyboard focus on the error summary.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.querySelector(".error-summary");
  if (summary) summary.focus();
});
// Coming back with the browser's Back button: make the form usable again.
window.addEventListener("pageshow", function (event) {
  if (!event.persisted) return;
  document.querySelectorAll("form[data-submit-once]").forEach(function (form) {
    form.dataset.submitted = "";
    form.removeAttribute("aria-busy");
    form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = false; });
  });
});

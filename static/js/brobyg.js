// Started from a file, not inline, so the Content-Security-Policy can forbid inline scripts.
document.addEventListener("DOMContentLoaded", function () {
  if (window.DKFDS && typeof window.DKFDS.init === "function") {
    window.DKFDS.init();
  }
  // Put focus on the first error summary so screen readers announce it (WCAG 3.3.1).
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  }
});
// After an htmx swap of a results region, tell assistive technology how many rows there are.
document.addEventListener("htmx:afterSwap", function (event) {
  var status = event.detail.target.querySelector("[data-live-status]");
  if (status) {
    status.setAttribute("role", "status");
  }
});

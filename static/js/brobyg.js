// Started from a file, not inline, so the Content-Security-Policy can forbid inline scripts.

// Every form is validated by the server and answered with the dkfds error summary, in Danish,
// all errors at once; the browser's own bubbles (in the browser's language, one at a time)
// never show. Templates carry `novalidate`; this covers any form that lacks it.
function brobygNoBrowserValidation(root) {
  root.querySelectorAll("form:not([novalidate])").forEach(function (form) {
    form.noValidate = true;
  });
}

// A form whose template shows field errors but no error summary still gets one, built from
// the field errors, so the user learns of every error at once (WCAG 3.3.1).
function brobygErrorSummary(root) {
  root.querySelectorAll("form").forEach(function (form) {
    if (form.querySelector("[data-error-summary]") || form.parentElement.querySelector(":scope > [data-error-summary]")) {
      return;
    }
    var messages = form.querySelectorAll(".form-error-message");
    if (!messages.length || document.querySelector("[data-error-summary]")) {
      return;
    }
    var summary = document.createElement("div");
    summary.className = "alert alert-error error-summary";
    summary.setAttribute("role", "alert");
    summary.setAttribute("tabindex", "-1");
    summary.setAttribute("data-error-summary", "");
    var body = document.createElement("div");
    body.className = "alert-body";
    var heading = document.createElement("p");
    heading.className = "alert-heading";
    heading.textContent = document.body.getAttribute("data-error-heading") || "";
    var list = document.createElement("ul");
    list.className = "alert-text nobullet-list";
    messages.forEach(function (message) {
      var group = message.closest(".form-group");
      var control = group && group.querySelector("input:not([type=hidden]), select, textarea");
      var label = group && group.querySelector(".form-label");
      var item = document.createElement("li");
      var link = document.createElement(control && control.id ? "a" : "span");
      if (control && control.id) {
        link.href = "#" + control.id;
      }
      var text = message.textContent.replace(/^\s*\S+:\s*/, "").trim();  // drops the "Fejl:" prefix
      link.textContent = (label ? label.textContent.replace("*", "").trim() + ": " : "") + text;
      item.appendChild(link);
      list.appendChild(item);
    });
    body.appendChild(heading);
    body.appendChild(list);
    summary.appendChild(body);
    form.insertBefore(summary, form.firstChild);
  });
}

// Wide tables scroll inside their own region on a narrow screen; the page never scrolls
// sideways (WCAG 1.4.10). The region is focusable so it can be scrolled from the keyboard.
function brobygScrollRegions(root) {
  root.querySelectorAll("main table").forEach(function (table) {
    if (table.closest(".table--responsive-scroll, .table-scroll")) {
      return;
    }
    var region = document.createElement("div");
    region.className = "table--responsive-scroll";
    region.setAttribute("tabindex", "0");
    region.setAttribute("role", "region");
    var caption = table.querySelector("caption");
    region.setAttribute("aria-label", caption ? caption.textContent.trim() : (document.body.getAttribute("data-table-label") || "Tabel"));
    table.parentNode.insertBefore(region, table);
    region.appendChild(table);
  });
}

document.addEventListener("DOMContentLoaded", function () {
  brobygNoBrowserValidation(document);
  brobygScrollRegions(document);
  brobygErrorSummary(document);
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
  brobygNoBrowserValidation(event.detail.target);
  brobygScrollRegions(event.detail.target);
  var status = event.detail.target.querySelector("[data-live-status]");
  if (status) {
    status.setAttribute("role", "status");
  }
});

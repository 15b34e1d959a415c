// Confirmation modals (templates/core/_confirm.html): a button with data-confirm="<modal id>"
// opens the dkfds modal instead of submitting; the modal's button submits with confirm=1.
// Without this file the form posts unconfirmed and the server asks on a page (core.confirm).
(function () {
  if (window.brobygConfirm) {
    return;
  }
  window.brobygConfirm = true;
  document.addEventListener("DOMContentLoaded", function () {
    // dkfds traps focus by making every child of <body> inert except a modal container.
    var container = document.createElement("div");
    container.className = "fds-modal-container";
    document.body.appendChild(container);
    document.querySelectorAll("[data-confirm-modal]").forEach(function (modal) {
      container.appendChild(modal);
    });
    document.querySelectorAll("[data-confirm]").forEach(function (button) {
      button.addEventListener("click", function (event) {
        var modal = document.getElementById(button.getAttribute("data-confirm"));
        if (!modal || !window.DKFDS || !window.DKFDS.Modal) {
          return;
        }
        event.preventDefault();
        new window.DKFDS.Modal(modal).show(event);
      });
    });
  });
})();

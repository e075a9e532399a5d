// factcheck: the little JavaScript there is. Pages work without it.
(function () {
  "use strict";
  // htmx leaves 4xx responses unswapped by default; ours carry a readable message
  // (already taken, stale edit, not allowed) that belongs on the page.
  document.body.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr.status;
    if (status === 403 || status === 409 || status === 422 || status === 400) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
  document.body.addEventListener("htmx:responseError", function (event) {
    var flash = document.getElementById("flash");
    if (flash) {
      flash.textContent = "The server could not complete that (" + event.detail.xhr.status + "). Reload the page and try again.";
      flash.className = "flash flash-error";
    }
  });
})();

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

  // --- rating colours: marks and badges carry data-colour (a #rrggbb hex); the page has no
  // style attributes (Content-Security-Policy), so the colour is set here as --mark-colour.
  function paintColours(root) {
    Array.prototype.forEach.call((root || document).querySelectorAll("[data-colour]"), function (el) {
      if (/^#[0-9a-fA-F]{6}$/.test(el.dataset.colour)) {
        el.style.setProperty("--mark-colour", el.dataset.colour);
      }
    });
  }
  paintColours(document);
  document.body.addEventListener("htmx:afterSwap", function (event) { paintColours(event.detail.target); });

  // --- the queue table: the selected row and ticked boxes survive the 20 s refresh ----------
  var ROW = "tr.claim-row";
  var focusedRowId = null;

  function rows() {
    return Array.prototype.slice.call(document.querySelectorAll(ROW));
  }

  function selectRow(row, moveFocus) {
    rows().forEach(function (r) { r.classList.remove("focused"); r.removeAttribute("aria-selected"); });
    if (!row) { focusedRowId = null; return; }
    row.classList.add("focused");
    row.setAttribute("aria-selected", "true");
    focusedRowId = row.id;
    if (moveFocus) {
      row.focus({ preventScroll: true });
      row.scrollIntoView({ block: "nearest" });
    }
  }

  function currentRow() {
    return focusedRowId ? document.getElementById(focusedRowId) : null;
  }

  document.body.addEventListener("focusin", function (event) {
    var row = event.target.closest && event.target.closest(ROW);
    if (row) { selectRow(row, false); }
  });

  var saved = null;
  document.body.addEventListener("htmx:beforeSwap", function (event) {
    if (!event.detail.target || event.detail.target.id !== "queue-results") { return; }
    var active = document.activeElement;
    saved = {
      row: focusedRowId,
      hadFocus: !!(active && event.detail.target.contains(active)),
      activeId: active && active.id,
      checked: Array.prototype.map.call(
        document.querySelectorAll("#queue-results input[name=claims]:checked"),
        function (box) { return box.value; }),
    };
  });
  document.body.addEventListener("htmx:afterSettle", function (event) {
    if (!saved || !document.getElementById("queue-results")) { return; }
    var state = saved;
    saved = null;
    // After a bulk step the server says which boxes stay ticked (the refused claims).
    var verb = event.detail.requestConfig && event.detail.requestConfig.verb;
    if (verb === "post") { state.checked = []; }
    state.checked.forEach(function (value) {
      var box = document.querySelector("#queue-results input[name=claims][value='" + CSS.escape(value) + "']");
      if (box) { box.checked = true; }
    });
    var row = state.row ? document.getElementById(state.row) : null;
    if (row) {
      selectRow(row, false);
      if (state.hadFocus) {
        var again = state.activeId && document.getElementById(state.activeId);
        (again && row.contains(again) ? again : row).focus({ preventScroll: true });
      }
    }
  });

  // --- Back/Forward: the filter form shows the filters of the URL being restored ----------
  // htmx snapshots the page when it leaves it, by then the form already holds the new
  // filters; the URL is the truth, so the form is set from it after every restore.
  function syncFiltersFromUrl() {
    var form = document.getElementById("queue-filters");
    if (!form) { return; }
    var params = new URLSearchParams(window.location.search);
    Array.prototype.forEach.call(form.elements, function (field) {
      if (!field.name || field.type === "submit" || field.type === "button") { return; }
      var value = params.get(field.name) || "";
      if (field.tagName === "SELECT") {
        var match = Array.prototype.find.call(field.options, function (option) {
          return option.value.toLowerCase() === value.toLowerCase();
        });
        field.selectedIndex = match ? match.index : 0;
      } else {
        field.value = value;
      }
    });
  }
  document.body.addEventListener("htmx:historyRestore", syncFiltersFromUrl);
  window.addEventListener("pageshow", syncFiltersFromUrl);

  // --- keyboard shortcuts: j/k move, Enter opens, c takes, n next claim, ? shows the keys ---
  function typing(target) {
    if (!target) { return false; }
    var tag = target.tagName;
    return target.isContentEditable || tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT";
  }

  function move(step) {
    var all = rows();
    if (!all.length) { return; }
    var index = all.indexOf(currentRow());
    var next = index < 0 ? (step > 0 ? 0 : all.length - 1)
      : Math.min(all.length - 1, Math.max(0, index + step));
    selectRow(all[next], true);
  }

  function toggleHelp() {
    var dialog = document.getElementById("shortcuts");
    if (!dialog) { return; }
    if (dialog.open) { dialog.close(); } else { dialog.showModal(); }
  }

  function take() {
    var row = currentRow();
    var button = row ? row.querySelector("button.take") : document.getElementById("take-button");
    if (button) {
      button.click();
    } else {
      var flash = document.getElementById("flash");
      if (flash) {
        flash.textContent = row ? "This claim cannot be taken now." : "Select a claim first (j / k).";
        flash.className = "flash flash-warning";
      }
    }
  }

  function nextClaim() {
    var form = document.getElementById("next-claim-form") || document.getElementById("shortcut-next-claim");
    if (form) { form.requestSubmit ? form.requestSubmit() : form.submit(); }
  }

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) { return; }
    if (typing(event.target)) { return; }
    var dialog = document.getElementById("shortcuts");
    if (dialog && dialog.open && event.key !== "?") { return; }
    switch (event.key) {
      case "j": move(1); break;
      case "k": move(-1); break;
      case "Enter": {
        var row = currentRow();
        // Enter on a real button or link keeps its own meaning.
        if (!row || (event.target !== document.body && event.target !== row)) { return; }
        window.location.assign(row.getAttribute("data-href"));
        break;
      }
      case "c": take(); break;
      case "n": nextClaim(); break;
      case "?": toggleHelp(); break;
      default: return;
    }
    event.preventDefault();
  });

  // --- focus follows the result of an HTMX action, never left on <body> ------------------------
  // htmx focuses an [autofocus] element in new content; when the control the user pressed
  // was swapped away and nothing claimed focus, move it to the swapped part's message (or
  // the part itself) so keyboard and screen-reader users land on what changed.
  document.body.addEventListener("htmx:afterSettle", function (event) {
    var config = event.detail.requestConfig;
    if (!config || !config.triggeringEvent) { return; }  // polling, not the user
    var active = document.activeElement;
    if (active && active !== document.body && document.contains(active)) { return; }
    var target = event.detail.target;
    if (target && !document.contains(target) && target.id) {
      target = document.getElementById(target.id);
    }
    if (!target) { return; }
    var result = target.querySelector("[autofocus], [role=alert], [role=status]") || target;
    if (!result.matches("a[href], button, input, select, textarea, [tabindex]")) {
      result.setAttribute("tabindex", "-1");
    }
    result.focus();
  });

  // The report's Print button (no inline onclick: the Content-Security-Policy forbids it).
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-print]")) { window.print(); }
  });
})();

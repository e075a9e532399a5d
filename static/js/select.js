// factcheck: words selected in the article become a claim's exact place in the stored text.
// Each paragraph carries data-start, its offset in the article body; the offset of a point
// is that plus the text before it in the paragraph, without the claim numbers ([1], [2]).
// Offsets count characters as Python does (code points, not UTF-16 units).
(function () {
  "use strict";

  // --- the add / edit forms: show only the values of the chosen kind ------------------------
  function showKindValues(form) {
    var select = form.querySelector("select[name=kind]");
    if (!select) { return; }
    var kind = select.value;
    Array.prototype.forEach.call(form.querySelectorAll(".kind-values"), function (set) {
      var kinds = (set.getAttribute("data-kinds") || "").split(" ");
      set.hidden = kinds.indexOf(kind) < 0;
    });
  }
  function initForms(root) {
    Array.prototype.forEach.call(root.querySelectorAll("form.claim-values-form"), function (form) {
      showKindValues(form);
      if (form.dataset.kindsReady) { return; }
      form.dataset.kindsReady = "1";
      form.addEventListener("change", function (event) {
        if (event.target.name === "kind") { showKindValues(form); }
      });
      // Typed words replace a selection: the server then finds them in the text.
      var words = form.querySelector("[name=words]");
      if (words) {
        words.addEventListener("input", function () {
          ["start", "end"].forEach(function (name) {
            var field = form.querySelector("input[name=" + name + "]");
            if (field) { field.value = ""; }
          });
        });
      }
    });
  }
  initForms(document);
  document.body.addEventListener("htmx:afterSettle", function (event) { initForms(event.target); });

  // --- selections -> offsets in the body ---------------------------------------------------
  var bar = document.getElementById("selection-bar");
  if (!bar) { return; }
  var wordsOut = document.getElementById("selection-words");
  var addLink = document.getElementById("add-claim-link");
  var useButton = document.getElementById("use-selection");
  var current = null;

  function blockOf(node) {
    var element = node && (node.nodeType === 1 ? node : node.parentElement);
    var block = element && element.closest("[data-start]");
    return block && block.closest(".selectable-text") ? block : null;
  }

  function plainText(fragment) {
    Array.prototype.forEach.call(fragment.querySelectorAll(".claim-ref"), function (ref) {
      ref.remove();
    });
    return fragment.textContent;
  }

  function offsetOf(block, container, offset) {
    var range = document.createRange();
    range.setStart(block, 0);
    range.setEnd(container, offset);
    var before = plainText(range.cloneContents());
    return parseInt(block.getAttribute("data-start"), 10) + Array.from(before).length;
  }

  function hide() {
    bar.hidden = true;
    current = null;
  }

  function update() {
    var selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) { hide(); return; }
    var range = selection.getRangeAt(0);
    var startBlock = blockOf(range.startContainer);
    var endBlock = blockOf(range.endContainer);
    if (!startBlock || !endBlock) { hide(); return; }
    var start = offsetOf(startBlock, range.startContainer, range.startOffset);
    var end = offsetOf(endBlock, range.endContainer, range.endOffset);
    var text = plainText(range.cloneContents()).replace(/\s+/g, " ").trim();
    if (!text || end <= start) { hide(); return; }
    current = { start: start, end: end, text: text };
    var shown = text.length > 120 ? text.slice(0, 117) + "…" : text;
    wordsOut.textContent = "Selected: “" + shown + "”" +
      (startBlock !== endBlock ? " (across paragraphs: a claim's words lie in one)" : "");
    addLink.href = bar.getAttribute("data-add-url") + "?start=" + start + "&end=" + end;
    if (useButton) { useButton.hidden = !document.getElementById("edit-form"); }
    bar.hidden = false;
  }

  var timer = null;
  document.addEventListener("selectionchange", function () {
    clearTimeout(timer);
    timer = setTimeout(update, 120);
  });
  // Pressing a button of the bar must not clear the selection it acts on.
  bar.addEventListener("mousedown", function (event) { event.preventDefault(); });
  document.getElementById("clear-selection").addEventListener("click", function () {
    window.getSelection().removeAllRanges();
    hide();
  });
  if (useButton) {
    useButton.addEventListener("click", function () {
      var form = document.getElementById("edit-form");
      if (!form || !current) { return; }
      form.querySelector("[name=words]").value = current.text;
      form.querySelector("input[name=start]").value = current.start;
      form.querySelector("input[name=end]").value = current.end;
      var details = document.getElementById("edit-claim");
      if (details) { details.open = true; }
      form.querySelector("[name=words]").focus();
      window.getSelection().removeAllRanges();
      hide();
    });
  }
})();

/* Hållbar's own behaviour, loaded on every page after HTMX.
 *
 * The Content-Security-Policy allows no inline script, no on*= handler and no style attribute:
 * what those did is done here, for the page as loaded and for every part HTMX swaps in.
 */
(function () {
  "use strict";

  function each(root, selector, fn) {
    if (root.matches && root.matches(selector)) fn(root);
    if (root.querySelectorAll) root.querySelectorAll(selector).forEach(fn);
  }

  function setUp(root) {
    // A select that submits its form when changed (the language switch).
    each(root, "[data-submit-on-change]", function (element) {
      if (element.dataset.submitOnChangeReady) return;
      element.dataset.submitOnChangeReady = "1";
      element.addEventListener("change", function () {
        if (element.form) element.form.submit();
      });
    });
    // Progress bars: the width from data-progress (a number 0–100) through the CSSOM, which the
    // policy allows, unlike a style attribute in the HTML.
    each(root, "[data-progress]", function (element) {
      var value = Math.max(0, Math.min(100, parseInt(element.dataset.progress, 10) || 0));
      element.style.width = value + "%";
    });
  }

  // A form sent back with errors: its summary (generic/_error_summary.html) takes the focus, so
  // a screen reader reads what is wrong and the keyboard starts there; each of its links moves
  // the focus to its field.
  function focusErrorSummary() {
    var summary = document.querySelector("[data-error-summary]");
    if (!summary) return;
    summary.focus();
    summary.querySelectorAll("a[href^='#']").forEach(function (link) {
      link.addEventListener("click", function (event) {
        var target = document.getElementById(link.getAttribute("href").slice(1));
        if (!target) return;
        event.preventDefault();
        var field = target.matches("input, select, textarea") ? target
          : target.querySelector("input, select, textarea") || target;
        field.scrollIntoView({block: "center"});
        field.focus();
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", focusErrorSummary);
  } else {
    focusErrorSummary();
  }

  if (window.htmx) {
    // Called for the document once loaded and for every element HTMX swaps in.
    window.htmx.onLoad(setUp);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { setUp(document); });
  } else {
    setUp(document);
  }
})();

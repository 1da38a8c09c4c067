/* Accessibility repairs of Swagger UI's rendered page (/api/docs/, WCAG 2.1 A/AA).
 *
 * Swagger UI (React) draws and redraws its operations as they are opened; a MutationObserver
 * repairs each part as it appears. It only changes attributes React does not change again
 * afterwards (an href, aria-label, tabindex), never the structure React owns. The colours and
 * the small-screen layout are in swagger_ui.css.
 */
(function () {
  "use strict";

  var root = document.getElementById("swagger-ui");
  if (!root) return;

  function each(selector, fn) {
    root.querySelectorAll(selector).forEach(fn);
  }

  function repair() {
    // An operation's summary is one button (it opens the operation); the deep link inside it
    // was a link within a button. Without its href it is plain text; the address still follows
    // the opened operation (deepLinking).
    each(".opblock-summary-control a[href]", function (link) {
      link.removeAttribute("href");
    });

    // A parameter's field (a choice list, a text box) is named by the parameter.
    each("tr[data-param-name] :is(select, input, textarea):not([aria-label])", function (field) {
      var row = field.closest("tr[data-param-name]");
      var name = row.getAttribute("data-param-name");
      if (field.type === "checkbox" && field.closest(".parameter__empty_value_toggle")) {
        name += " (send empty value)";
      }
      field.setAttribute("aria-label", name);
    });
    each(".body-param :is(select, textarea):not([aria-label])", function (field) {
      field.setAttribute("aria-label", field.tagName === "SELECT" ? "Request body media type" : "Request body");
    });

    // The authorisation dialog: its close button (an icon) gets a name; a button whose name
    // (aria-label) leaves out its visible text ("Authorize", named "Apply credentials") is
    // named by its text, as a speech user says it.
    each(".close-modal:not([aria-label])", function (button) {
      button.setAttribute("aria-label", "Close");
    });
    each("button[aria-label]", function (button) {
      var text = button.textContent.trim();
      var label = button.getAttribute("aria-label");
      if (text && label.toLowerCase().indexOf(text.toLowerCase()) === -1) {
        button.setAttribute("aria-label", text + " (" + label + ")");
      }
    });

    // A code block that scrolls sideways can be reached with the keyboard to scroll it.
    each("pre:not([tabindex])", function (block) {
      block.setAttribute("tabindex", "0");
    });
  }

  // The observer's callback runs as a microtask right after React's change: before the browser
  // paints and before any other task. Only added nodes matter (attributes are not observed, so
  // the repairs do not call it again).
  new MutationObserver(repair).observe(root, { childList: true, subtree: true });
  repair();
})();

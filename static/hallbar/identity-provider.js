/* The IdP form (templates/identity/identityprovider_edit.html): only the chosen protocol's
 * section is shown. Without this script both are shown, and the server reads only the chosen
 * one's fields.
 */
(function () {
  "use strict";

  function setUp() {
    var form = document.querySelector("[data-identity-provider-form]");
    if (!form) return;
    var choice = form.querySelector("[data-protocol-choice]");
    if (!choice) return;
    function show() {
      form.querySelectorAll("fieldset[data-protocol]").forEach(function (section) {
        section.hidden = Boolean(choice.value) && section.dataset.protocol !== choice.value;
      });
    }
    choice.addEventListener("change", show);
    show();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();

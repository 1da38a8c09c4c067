// Submits the forms marked data-auto-submit at once (the SAML answer posted again from the
// portal's own page, templates/identity/saml_post.html); without JavaScript the user presses
// the form's button.
(function () {
  "use strict";
  document.querySelectorAll("form[data-auto-submit]").forEach(function (form) {
    form.submit();
  });
})();

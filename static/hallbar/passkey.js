/* Passkeys (WebAuthn) on the MFA pages: a form marked data-passkey="create" (register) or
   "get" (log in) asks the browser for a credential with the options in data-options (JSON from
   py_webauthn), puts the answer into its hidden "credential" field and is sent. A register form
   whose name is empty is sent as it is, so the server says what is missing. */
(function () {
  "use strict";

  function toBuffer(value) {
    let text = value.replace(/-/g, "+").replace(/_/g, "/");
    while (text.length % 4) text += "=";
    const binary = atob(text);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
    return bytes.buffer;
  }

  function toBase64url(buffer) {
    const bytes = new Uint8Array(buffer);
    let binary = "";
    for (let i = 0; i < bytes.length; i += 1) binary += String.fromCharCode(bytes[i]);
    return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function publicKey(kind, json) {
    const options = JSON.parse(json);
    options.challenge = toBuffer(options.challenge);
    if (options.user) options.user.id = toBuffer(options.user.id);
    (options.excludeCredentials || []).forEach((c) => { c.id = toBuffer(c.id); });
    (options.allowCredentials || []).forEach((c) => { c.id = toBuffer(c.id); });
    return options;
  }

  function asJSON(credential) {
    const response = credential.response;
    const out = {
      id: credential.id,
      rawId: toBase64url(credential.rawId),
      type: credential.type,
      clientExtensionResults: credential.getClientExtensionResults(),
      response: { clientDataJSON: toBase64url(response.clientDataJSON) },
    };
    if (credential.authenticatorAttachment) {
      out.authenticatorAttachment = credential.authenticatorAttachment;
    }
    if (response.attestationObject) {
      out.response.attestationObject = toBase64url(response.attestationObject);
      if (response.getTransports) out.response.transports = response.getTransports();
    }
    if (response.authenticatorData) {
      out.response.authenticatorData = toBase64url(response.authenticatorData);
      out.response.signature = toBase64url(response.signature);
      if (response.userHandle) out.response.userHandle = toBase64url(response.userHandle);
    }
    return JSON.stringify(out);
  }

  document.querySelectorAll("form[data-passkey]").forEach((form) => {
    const status = form.querySelector("[data-passkey-status]");
    const field = form.querySelector("input[name=credential]");
    form.addEventListener("submit", async (event) => {
      if (field.value) return;
      const name = form.querySelector("input[name=name]");
      if (name && !name.value.trim()) return;
      event.preventDefault();
      if (!window.PublicKeyCredential || !navigator.credentials) {
        status.textContent = form.dataset.unsupported;
        return;
      }
      status.textContent = form.dataset.waiting;
      try {
        const kind = form.dataset.passkey;
        const options = { publicKey: publicKey(kind, form.dataset.options) };
        const credential = kind === "create"
          ? await navigator.credentials.create(options)
          : await navigator.credentials.get(options);
        field.value = asJSON(credential);
        form.submit();
      } catch (error) {
        status.textContent = form.dataset.failed;
        console.warn("passkey:", error && error.name, error && error.message);
      }
    });
  });
})();

"""Test support for the secretariat's IdP pages: SAML metadata with a freshly made self-signed
certificate, and a tiny HTTP server on loopback that serves it (a real socket, no mocks)."""

from __future__ import annotations

import http.server
import threading
import time
from contextlib import contextmanager, suppress

from tests.identity.saml_idp import cert_body, key_and_cert


def self_signed_cert_b64(common_name: str = "idp.example.se") -> str:
    """A fresh self-signed certificate, base64 DER without armour (as SAML metadata holds it)."""
    _key, cert = key_and_cert(common_name)
    return cert_body(cert)


def idp_metadata(entity_id: str = "https://idp.regionorebrolan.se/saml", cert: str = "") -> str:
    cert = cert or self_signed_cert_b64()
    base = entity_id.rsplit("/", 1)[0]
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata"
    xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="{entity_id}">
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:KeyDescriptor use="signing">
      <ds:KeyInfo><ds:X509Data><ds:X509Certificate>{cert}</ds:X509Certificate></ds:X509Data>
      </ds:KeyInfo>
    </md:KeyDescriptor>
    <md:SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
        Location="{base}/slo"/>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
        Location="{base}/sso"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>
"""


@contextmanager
def serving(routes: dict[str, bytes], delay: float = 0):
    """An HTTP server on 127.0.0.1 answering GET ``path`` with ``routes[path]`` (404 else), after
    ``delay`` seconds; yields its base URL."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            time.sleep(delay)
            body = routes.get(self.path)
            if body is None:
                self.send_response(404)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/samlmetadata+xml")
            self.end_headers()  # no Content-Length: the size bound must count what arrives
            with suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def free_port() -> int:
    """A loopback port nothing listens on (bound, then closed)."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]

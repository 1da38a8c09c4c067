"""A real SAML 2.0 IdP for the tests: Debian's SimpleSAMLphp 1.19 served by PHP's built-in server.

``SamlIdp.start()`` writes a configuration directory of its own (config.php, authsources.php,
the hosted IdP with a fresh key and certificate, the SPs it trusts) in a temporary directory and
starts ``php -S 127.0.0.1:<free port>`` on /usr/share/simplesamlphp/www with
``SIMPLESAMLPHP_CONFIG_DIR`` pointing there (SimpleSAMLphp reads that variable before its default
/etc/simplesamlphp). The test users and the trusted SPs live in JSON files that the PHP
configuration reads at every request, so a test changes a user's attributes or registers the SP
of its own live server without a restart.

``login(...)`` drives the IdP's login form with ``requests`` (as a browser would, without one)
and returns the signed SAMLResponse it posts to the SP.
"""

from __future__ import annotations

import datetime
import html
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from urllib.parse import urljoin

import pytest
import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

SIMPLESAMLPHP = Path(os.environ.get("HALLBAR_SIMPLESAMLPHP", "/usr/share/simplesamlphp"))
PHP = os.environ.get("HALLBAR_PHP", "php")

# The IdP's users: password and attributes (uid, mail, givenName, sn and the role attribute).
ROLE_ATTRIBUTE = "hallbarRole"
PASSWORD = "idp-lösen-1"
USERS = {
    "anna.orebro": {
        "uid": ["anna.orebro"],
        "mail": ["anna.orebro@regionorebrolan.se"],
        "givenName": ["Anna"],
        "sn": ["Örnberg"],
        ROLE_ATTRIBUTE: ["upphandlare", "anställd"],
    },
    "bo.orebro": {
        "uid": ["bo.orebro"],
        "mail": ["bo.orebro@regionorebrolan.se"],
        "givenName": ["Bo"],
        "sn": ["Berglund"],
        ROLE_ATTRIBUTE: ["anställd"],
    },
}


def missing() -> str | None:
    """Why the IdP cannot run on this machine, or None."""
    if shutil.which(PHP) is None:
        return f"{PHP} is missing (apt-get install php-cli php-xml php-mbstring)"
    if not (SIMPLESAMLPHP / "www" / "module.php").exists():
        return f"SimpleSAMLphp is missing at {SIMPLESAMLPHP} (apt-get install simplesamlphp)"
    found = subprocess.run([PHP, "-m"], capture_output=True, text=True, check=False).stdout
    for module in ("dom", "mbstring", "openssl"):
        if module not in found.split():
            return f"PHP's {module} extension is missing (apt-get install php-xml php-mbstring)"
    return None


def key_and_cert(common_name: str) -> tuple[str, str]:
    """A fresh RSA key and a self-signed certificate, both PEM."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    return key_pem, cert.public_bytes(serialization.Encoding.PEM).decode()


def cert_body(pem: str) -> str:
    """A PEM certificate without its armour and line breaks (as SAML metadata holds it)."""
    return "".join(line for line in pem.strip().splitlines() if not line.startswith("-----"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


CONFIG_PHP = """<?php
$config = [
    'baseurlpath' => '{base}',
    'certdir' => '{dir}/cert/',
    'loggingdir' => '{dir}/log/',
    'datadir' => '{dir}/data/',
    'tempdir' => '{dir}/tmp',
    'metadatadir' => '{dir}/metadata/',
    'secretsalt' => '{salt}',
    'auth.adminpassword' => '{admin}',
    'admin.protectindexpage' => true,
    'admin.protectmetadata' => false,
    'technicalcontact_name' => 'Hållbar tests',
    'technicalcontact_email' => 'tests@example.org',
    'timezone' => 'Europe/Stockholm',
    'logging.level' => SimpleSAML\\Logger::NOTICE,
    'logging.handler' => 'file',
    'logging.logfile' => 'simplesamlphp.log',
    'enable.saml20-idp' => true,
    'enable.shib13-idp' => false,
    'module.enable' => ['exampleauth' => true, 'core' => true, 'saml' => true, 'admin' => true],
    'store.type' => 'phpsession',
    'session.phpsession.savepath' => '{dir}/sessions',
    'session.cookie.secure' => false,
    'session.cookie.samesite' => null,
    'session.cookie.name' => 'IdpSessionID',
    'session.phpsession.cookiename' => 'IdpPhpSession',
    'session.authtoken.cookiename' => 'IdpAuthToken',
    'language.default' => 'en',
    'theme.use' => 'default',
    'metadata.sources' => [['type' => 'flatfile']],
    'metadata.sign.enable' => false,
];
"""

AUTHSOURCES_PHP = """<?php
$users = json_decode(file_get_contents(__DIR__ . '/users.json'), true);
$source = ['exampleauth:UserPass'];
foreach ($users as $name => $attributes) {
    $source[$name . ':' . '{password}'] = $attributes;
}
$config = [
    'admin' => ['core:AdminPassword'],
    'hallbar-users' => $source,
];
"""

IDP_HOSTED_PHP = """<?php
$metadata['__DYNAMIC:1__'] = [
    'host' => '__DEFAULT__',
    'privatekey' => 'idp.key',
    'certificate' => 'idp.crt',
    'auth' => 'hallbar-users',
    // Logout messages over HTTP-Redirect are signed, as the portal requires of an IdP's.
    'redirect.sign' => true,
    'NameIDFormat' => 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent',
    'attributes.NameFormat' => 'urn:oasis:names:tc:SAML:2.0:attrname-format:basic',
    'authproc' => [
        10 => ['class' => 'saml:PersistentNameID', 'attribute' => 'uid'],
    ],
];
"""

SP_REMOTE_PHP = """<?php
$sps = json_decode(file_get_contents(__DIR__ . '/sp-remote.json'), true) ?: [];
foreach ($sps as $entityId => $sp) {
    $metadata[$entityId] = $sp;
}
"""

# PHP's built-in server: /module.php/core/... runs module.php with PATH_INFO; anything that
# is a file is served as it is.
ROUTER_PHP = """<?php
$root = '{www}';
$path = parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH);
if (preg_match('#^(/(?:[\\w-]+/)*[\\w-]+\\.php)(/.*)?$#', $path, $m) && is_file($root . $m[1])) {
    $_SERVER['SCRIPT_NAME'] = $m[1];
    $_SERVER['SCRIPT_FILENAME'] = $root . $m[1];
    $_SERVER['PHP_SELF'] = $path;
    if (isset($m[2])) {
        $_SERVER['PATH_INFO'] = $m[2];
    } else {
        unset($_SERVER['PATH_INFO']);
    }
    chdir(dirname($root . $m[1]));
    require $root . $m[1];
    return true;
}
return false;
"""


class SamlIdp:
    """One SimpleSAMLphp IdP process with its own configuration directory."""

    def __init__(self):
        self.dir = Path(tempfile.mkdtemp(prefix="hallbar-idp-"))
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}/"
        self.entity_id = urljoin(self.base, "saml2/idp/metadata.php")
        self.metadata_url = self.entity_id
        self.key_pem, self.cert_pem = key_and_cert("Hållbar test IdP")
        self.process: subprocess.Popen | None = None
        self.users = json.loads(json.dumps(USERS))

    # Configuration

    def _write(self, name: str, text: str) -> None:
        path = self.dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def write_config(self) -> None:
        for sub in ("cert", "log", "data", "tmp", "metadata", "sessions"):
            (self.dir / sub).mkdir(exist_ok=True)
        self._write(
            "config.php",
            CONFIG_PHP.replace("{base}", self.base)
            .replace("{dir}", str(self.dir))
            .replace("{salt}", secrets.token_hex(16))
            .replace("{admin}", secrets.token_hex(8)),
        )
        self._write("authsources.php", AUTHSOURCES_PHP.replace("{password}", PASSWORD))
        self._write("cert/idp.key", self.key_pem)
        self._write("cert/idp.crt", self.cert_pem)
        self._write("metadata/saml20-idp-hosted.php", IDP_HOSTED_PHP)
        self._write("metadata/saml20-sp-remote.php", SP_REMOTE_PHP)
        self._write("router.php", ROUTER_PHP.replace("{www}", str(SIMPLESAMLPHP / "www")))
        self.save_users()
        self.trust_sps({})

    def save_users(self) -> None:
        self._write("users.json", json.dumps(self.users))

    def set_user(self, username: str, **attributes) -> None:
        """Change (or add) a user's attributes, effective at their next login."""
        self.users.setdefault(username, {}).update(
            {k: v if isinstance(v, list) else [v] for k, v in attributes.items()}
        )
        self.save_users()

    def trust_sps(self, sps: dict) -> None:
        """The SPs this IdP answers: {entity id: {"acs": url, "sls": url, "cert": pem or ""}}."""
        metadata = {}
        for entity_id, sp in sps.items():
            entry = {
                "AssertionConsumerService": sp["acs"],
                "SingleLogoutService": [
                    {
                        "Binding": "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect",
                        "Location": sp["sls"],
                    }
                ],
                "NameIDFormat": "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent",
            }
            if sp.get("cert"):
                # A strict IdP: the SP's AuthnRequests and logout messages must be signed.
                entry["certData"] = cert_body(sp["cert"])
                entry["validate.authnrequest"] = True
                entry["validate.logout"] = True
            metadata[entity_id] = entry
        self._write("metadata/sp-remote.json", json.dumps(metadata))

    # The process

    def start(self) -> SamlIdp:
        self.write_config()
        env = {**os.environ, "SIMPLESAMLPHP_CONFIG_DIR": str(self.dir)}
        self.log = open(self.dir / "log" / "php-server.log", "wb")  # noqa: SIM115
        self.process = subprocess.Popen(
            [
                PHP,
                "-d",
                "display_errors=stderr",
                "-d",
                f"session.save_path={self.dir / 'sessions'}",
                "-S",
                f"127.0.0.1:{self.port}",
                "-t",
                str(SIMPLESAMLPHP / "www"),
                str(self.dir / "router.php"),
            ],
            cwd=str(SIMPLESAMLPHP / "www"),
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            try:
                response = requests.get(self.metadata_url, timeout=2)
                if response.status_code == 200 and "EntityDescriptor" in response.text:
                    return self
            except requests.ConnectionError:
                pass
            if self.process.poll() is not None:
                break
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"SimpleSAMLphp did not start: {self.server_log()}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
        if getattr(self, "log", None):
            self.log.close()

    def cleanup(self) -> None:
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)

    def server_log(self) -> str:
        texts = []
        for name in ("log/php-server.log", "log/simplesamlphp.log"):
            path = self.dir / name
            if path.exists():
                texts.append(path.read_text(errors="replace")[-4000:])
        return "\n".join(texts)

    def metadata_xml(self) -> str:
        return requests.get(self.metadata_url, timeout=5).text

    # Driving a login without a browser

    def login(self, session: requests.Session, redirect_url: str, username: str, password=None):
        """Follow the SP's AuthnRequest redirect, log in as ``username`` (unless the IdP's session
        still holds one) and return (ACS URL, {"SAMLResponse": …, "RelayState": …})."""
        response = session.get(redirect_url, timeout=10)
        form = _form(response.text)
        if (form and "username" in form[1]) or ("password" in response.text and not form):
            action = urljoin(response.url, form[0]) if form and form[0] else response.url
            fields = dict(form[1]) if form else {}
            fields.update(username=username, password=password or PASSWORD)
            response = session.post(action, data=fields, timeout=10)
            form = _form(response.text)
        if not form or "SAMLResponse" not in form[1]:
            raise AssertionError(
                f"No SAMLResponse from the IdP ({response.status_code}): {response.text[:2000]}"
            )
        return html.unescape(form[0]), form[1]


_FORM = re.compile(r"<form[^>]*action=\"([^\"]*)\"[^>]*>(.*?)</form>", re.S | re.I)
_INPUT = re.compile(r"<input([^>]*)>", re.I)
_ATTR = re.compile(r"(\w+)=\"([^\"]*)\"")


def _form(text: str):
    """The first form with inputs on an HTML page: (action, {name: value})."""
    for match in _FORM.finditer(text):
        fields = {}
        for tag in _INPUT.finditer(match.group(2)):
            attrs = dict(_ATTR.findall(tag.group(1)))
            if "name" in attrs:
                fields[attrs["name"]] = html.unescape(attrs.get("value", ""))
        if fields:
            return match.group(1), fields
    return None


# The pytest side: a session-scoped IdP, and the portal's SPs it trusts.


@pytest.fixture(scope="session")
def saml_idp():
    """One SimpleSAMLphp IdP for the test session. Outside CI a machine without PHP or
    SimpleSAMLphp skips the tests that need it; in CI that is a failure (.ci/run installs them)."""
    reason = missing()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"{reason}: .ci/run installs it with apt-get.")
        pytest.skip(reason)
    idp = SamlIdp().start()
    yield idp
    idp.cleanup()


@pytest.fixture(scope="session")
def sp_key_cert():
    """The portal's (SP's) signing key and certificate for the tests, PEM."""
    return key_and_cert("Hållbar test SP")


def saml_provider(idp: SamlIdp, organisation, **fields):
    """An enabled SAML IdP of ``organisation`` set up from the test IdP's real metadata, with
    the attribute names and role mapping a region's IT department would give."""
    from identity.choices import Protocol, Role
    from identity.models import IdentityProvider
    from identity.saml import idp_metadata_read

    read = idp_metadata_read(idp.metadata_xml())
    values = {
        "protocol": Protocol.SAML,
        "email_domains": ["regionorebrolan.se"],
        "saml_entity_id": read["entity_id"],
        "saml_metadata_url": idp.metadata_url,
        "saml_sso_url": read["sso_url"],
        "saml_slo_url": read["slo_url"],
        "saml_x509_certs": read["x509_certs"],
        "attr_username": "uid",
        "attr_email": "mail",
        "attr_first_name": "givenName",
        "attr_last_name": "sn",
        "attr_role": ROLE_ATTRIBUTE,
        "role_mapping": {"upphandlare": Role.PROCURER},
        "default_role": Role.READER,
        **fields,
    }
    return IdentityProvider.objects.create(organisation=organisation, **values)


def trust(idp: SamlIdp, base_url: str, providers, cert: str = "") -> None:
    """Make the IdP answer the portal at ``base_url`` for each of ``providers``."""
    from django.urls import reverse

    sps = {}
    for provider in providers:
        urls = {
            name: base_url.rstrip("/") + reverse(f"identity:saml_{name}", args=[provider.pk])
            for name in ("metadata", "acs", "sls")
        }
        sps[urls["metadata"]] = {"acs": urls["acs"], "sls": urls["sls"], "cert": cert}
    idp.trust_sps(sps)

"""The test OpenID provider as a pytest fixture, and what the tests do with it.

``oidc_idp`` (session-scoped) starts ``python -m tests.identity.oidc_provider serve PORT`` as its
own process on a free loopback port, with its own settings and a clean environment (never the
portal's settings or database), waits for its discovery document and stops it at the end. One
process per test process (tests/conftest.py loads this module as a plugin).
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import pytest
import requests

from tests.identity.oidc_provider.people import PASSWORD, PEOPLE

ROOT = Path(__file__).resolve().parents[3]

__all__ = ["PASSWORD", "PEOPLE", "RunningIdp", "connect", "idp_log_in", "oidc_idp"]


@dataclass
class RunningIdp:
    base: str
    control_token: str
    process: subprocess.Popen
    log: Path

    @property
    def issuer(self) -> str:
        return f"{self.base}/o"

    def control(self, action: str, **data) -> None:
        response = requests.post(
            f"{self.base}/control/{action}/",
            json=data,
            headers={"X-Control-Token": self.control_token},
            timeout=10,
        )
        response.raise_for_status()

    def add_client(self, client_id, client_secret, redirect_uris, post_logout_redirect_uris=()):
        self.control(
            "client",
            client_id=client_id,
            client_secret=client_secret,
            redirect_uris=list(redirect_uris),
            post_logout_redirect_uris=list(post_logout_redirect_uris),
        )

    def set_claims(self, username: str, **claims) -> None:
        """The person's extra claims (role, region) from now on."""
        self.control("person", username=username, claims={**PEOPLE[username][3], **claims})

    def quirk(self, client_id: str, **claims) -> None:
        """Claims this client's ID tokens carry wrongly (aud, nonce…)."""
        self.control("quirk", client_id=client_id, claims=claims)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start(folder: Path) -> RunningIdp:
    port = _free_port()
    token = secrets.token_urlsafe(24)
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "LANG": "C.UTF-8",
        "DJANGO_SETTINGS_MODULE": "tests.identity.oidc_provider.settings",
        "HALLBAR_IDP_DIR": str(folder),
        "HALLBAR_IDP_CONTROL_TOKEN": token,
        "HALLBAR_IDP_SECRET_KEY": secrets.token_urlsafe(32),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    log = folder / "idp.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "tests.identity.oidc_provider", "serve", str(port)],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    idp = RunningIdp(base=f"http://127.0.0.1:{port}", control_token=token, process=process, log=log)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"The test IdP stopped:\n{log.read_text()}")
        try:
            if requests.get(f"{idp.issuer}/.well-known/openid-configuration", timeout=2).ok:
                return idp
        except requests.RequestException:
            pass
        time.sleep(0.2)
    _stop(idp)
    raise RuntimeError(f"The test IdP did not answer within 60 s:\n{log.read_text()}")


def _stop(idp: RunningIdp) -> None:
    idp.process.terminate()
    try:
        idp.process.wait(10)
    except subprocess.TimeoutExpired:
        idp.process.kill()
        idp.process.wait(10)


@pytest.fixture(scope="session")
def oidc_idp(tmp_path_factory):
    """The running test IdP, one per test process (tests/conftest.py loads this module)."""
    idp = _start(tmp_path_factory.mktemp("oidc-idp"))
    yield idp
    _stop(idp)


def connect(idp: RunningIdp, organisation, base_url: str, **fields):
    """An OIDC IdentityProvider of ``organisation`` at the test IdP, with a client of its own
    registered there for the portal at ``base_url`` (the test client's or the live server's)."""
    from django.urls import reverse

    from identity.choices import Protocol, Role
    from identity.models import IdentityProvider

    client_id = f"portal-{organisation.code.lower()}-{uuid.uuid4().hex[:8]}"
    secret = secrets.token_urlsafe(24)
    values = {
        "protocol": Protocol.OIDC,
        "oidc_issuer": idp.issuer,
        "oidc_client_id": client_id,
        "oidc_client_secret": secret,
        "attr_username": "preferred_username",
        "attr_role": "role",
        "role_mapping": {"upphandlare": Role.PROCURER, "läsare": Role.READER},
        "default_role": "",
        **fields,
    }
    provider = IdentityProvider.objects.create(organisation=organisation, **values)
    idp.add_client(
        client_id,
        secret,
        [base_url + reverse("identity:oidc_callback", args=[provider.pk])],
        [base_url + reverse("login")],
    )
    return provider


def idp_log_in(authorize_url: str, username: str, password: str = PASSWORD, session=None):
    """What a browser does at the IdP: open the authorization URL, log in there, and follow the
    IdP's redirects up to the one back to the portal, whose URL is returned (not followed)."""
    session = session or requests.Session()
    page = session.get(authorize_url, timeout=10, allow_redirects=False)
    if page.status_code == 302 and "/accounts/login/" in page.headers["Location"]:
        login_url = urljoin(authorize_url, page.headers["Location"])
        form = session.get(login_url, timeout=10)
        form.raise_for_status()
        posted = session.post(
            login_url,
            data={
                "username": username,
                "password": password,
                "csrfmiddlewaretoken": session.cookies["idp_csrftoken"],
            },
            timeout=10,
            allow_redirects=False,
        )
        assert posted.status_code == 302, posted.text
        page = session.get(
            urljoin(login_url, posted.headers["Location"]), timeout=10, allow_redirects=False
        )
    assert page.status_code == 302, page.text[:2000]
    return page.headers["Location"]

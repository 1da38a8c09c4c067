"""A real SMTP server on loopback (aiosmtpd, its own process) that the tests read mails from."""

from __future__ import annotations

import base64
import email
import email.policy
import json
import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Mail:
    to: list[str]
    message: email.message.EmailMessage

    @property
    def subject(self) -> str:
        return " ".join(str(self.message["Subject"]).split())  # unfolded

    @property
    def message_id(self) -> str:
        return str(self.message["Message-ID"])

    def part(self, content_type: str) -> str:
        return self.message.get_body(preferencelist=(content_type.split("/")[1],)).get_content()

    @property
    def text(self) -> str:
        return self.part("text/plain")

    @property
    def html(self) -> str:
        return self.part("text/html")


class SmtpServer:
    def __init__(self, folder: Path, log: Path):
        self.folder = folder
        self.port = free_port()
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "aiosmtpd",
                "-n",
                "-l",
                f"127.0.0.1:{self.port}",
                "-c",
                "tests.reminders.smtp_sink.FolderHandler",
                str(folder),
            ],
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                if self.process.poll() is not None:
                    break
                time.sleep(0.05)
        raise RuntimeError(f"aiosmtpd did not start: {log.read_text()}")

    def mails(self) -> list[Mail]:
        found = []
        for path in sorted(self.folder.glob("*.json")):
            record = json.loads(path.read_text(encoding="utf-8"))
            raw = base64.b64decode(record["data"])
            message = email.message_from_bytes(raw, policy=email.policy.default)
            found.append(Mail(to=record["rcpt_tos"], message=message))
        return found

    def to(self, address: str) -> list[Mail]:
        return [m for m in self.mails() if address in m.to]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


@pytest.fixture
def smtp_server(tmp_path, settings):
    """aiosmtpd on a free loopback port in its own process; Django's SMTP backend points at it."""
    server = SmtpServer(tmp_path / "mails", tmp_path / "smtp.log")
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.DEFAULT_FROM_EMAIL = "Hållbar <paminnelser@hallbar.test>"
    settings.HALLBAR_SITE_URL = "https://hallbar.example.se"
    yield server
    server.stop()

"""The reminders on a real Celery worker and beat over Redis, mailing a real SMTP server.

Beat starts the daily run (here every two seconds, HALLBAR_REMINDER_EVERY_SECONDS=2): today's
digest goes out once, however many times beat runs it. A run of a given day on a worker SIGKILLed
between two digests, and the same day run again on another worker: every digest arrives exactly
once.

Needs PostgreSQL and Redis (the worker is another process and must see the test database); the
SQLite pass skips it.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time

import pytest
from django.utils import timezone

from audits.models import Finding
from organisations.choices import Role
from organisations.models import Membership, User
from reminders.models import Digest
from reminders.tasks import send_reminders
from tests.helpers import empty_broker
from tests.test_worker import ROOT, Worker
from tests.world import World

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(
        not os.environ.get("REDIS_URL")
        or not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="a real worker needs PostgreSQL and Redis (DATABASE_URL and REDIS_URL)",
    ),
]

D = dt.date(2024, 7, 25)
WAIT = 150


class Beat:
    def __init__(self, log, env):
        self.log = log
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "hallbar",
                "beat",
                "--loglevel=INFO",
                "-s",
                str(log.with_suffix(".schedule")),
            ],
            cwd=ROOT,
            env={**os.environ, "DJANGO_SETTINGS_MODULE": "hallbar.settings.test", **env},
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)


def _wait(what, done, logs):
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if done():
            return
        time.sleep(0.2)
    text = "\n".join(p.read_text(errors="replace")[-3000:] for p in logs if p.exists())
    pytest.fail(f"never {what}\n{text}")


def test_beat_and_a_killed_worker_send_every_digest_once(transactional_db, tmp_path, smtp_server):
    empty_broker()  # a day's task that a killed worker of an earlier run left unacknowledged
    world = World()
    today = timezone.localdate()
    for role, user in world.users.items():
        user.email = f"{role}@hallbar.test"
        user.save()
    Finding.objects.filter(pk=world.finding_a.pk).update(deadline=today)
    # Three people have reminders on D.
    second = User.objects.create_user(username="procurer_a2", email="procurer_a2@hallbar.test")
    Membership.objects.create(user=second, organisation=world.region_a, role=Role.PROCURER)
    for audit in (world.audit_a, world.audit_b):
        Finding.objects.create(
            audit=audit,
            kind="observation",
            description=f"Brist {audit.pk}.",
            raised_on=world.day,
            deadline=D,
        )
    env = {
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_server.port}",
        "HALLBAR_SITE_URL": "https://hallbar.example.se",
        "HALLBAR_REMINDER_EVERY_SECONDS": "2",
        # Two seconds between digests: the kill lands between two of them.
        "HALLBAR_REMINDER_SEND_INTERVAL": "2",
    }
    workers = []
    try:
        first = Worker("reminders1", tmp_path / "w1.log", **env)
        workers.append(first)
        beat = Beat(tmp_path / "beat.log", env)
        try:
            # 1. Beat starts the daily run within two seconds: today's digest, once.
            _wait(
                "got today's digest from beat",
                lambda: len(smtp_server.mails()) >= 2,
                [tmp_path / "beat.log", first.log],
            )
            time.sleep(5)  # beat runs the day twice more: nothing new
        finally:
            beat.stop()
        # Region A's two procurers, once each.
        today_mails = smtp_server.mails()
        assert sorted(a for m in today_mails for a in m.to) == [
            "procurer_a2@hallbar.test",
            "procurer_a@hallbar.test",
        ]
        assert all("Riskanalys saknas." in m.text for m in today_mails)
        assert "beat: Starting" in (tmp_path / "beat.log").read_text()
        assert (tmp_path / "beat.log").read_text().count("reminders.tasks.send_reminders") >= 2

        # 2. The day D on the worker, killed after its first digest.
        send_reminders.delay(D.isoformat())
        _wait("sent D's first digest", lambda: len(smtp_server.mails()) >= 3, [first.log])
        first.kill()
        time.sleep(3)
        assert len(smtp_server.mails()) == 3

        # 3. The same day again on another worker: only what was missing.
        second_worker = Worker("reminders2", tmp_path / "w2.log", **env)
        workers.append(second_worker)
        send_reminders.delay(D.isoformat())
        _wait("finished D", lambda: len(smtp_server.mails()) >= 5, [second_worker.log])
        time.sleep(3)  # a sixth digest would come 2 s after the fifth (the send interval)
    finally:
        for worker in workers:
            worker.stop()
    mails = smtp_server.mails()
    d_mails = mails[2:]
    assert sorted(a for m in d_mails for a in m.to) == [
        "procurer_a2@hallbar.test",
        "procurer_a@hallbar.test",
        "procurer_b@hallbar.test",
    ]
    assert len({m.message_id for m in mails}) == len(mails) == 5
    assert Digest.objects.filter(day=D, state="sent").count() == 3

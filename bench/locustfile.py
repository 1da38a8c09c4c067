"""Mixed portal and API traffic for the bounded load run of `make bench` (bench/load.py).

Not meant to be started by hand: bench/load.py starts gunicorn on the bench database, makes the
sessions and tokens, and passes them here in the environment:

- BENCH_SESSIONS: session keys of the bench secretariat account, one per portal user;
- BENCH_TOKENS: API tokens of the same account, one per API user;
- BENCH_YEAR: the year of audits the API users list; BENCH_AUDIT_IDS: audits to open.

Every request says it came through the TLS proxy (X-Forwarded-Proto: https), as in production,
so the production settings answer it instead of redirecting to HTTPS.
"""

import itertools
import os
import random
import re

from locust import HttpUser, between, task

SESSIONS = os.environ.get("BENCH_SESSIONS", "").split(",")
TOKENS = os.environ.get("BENCH_TOKENS", "").split(",")
YEAR = os.environ.get("BENCH_YEAR", "2040")
AUDIT_IDS = [int(pk) for pk in os.environ.get("BENCH_AUDIT_IDS", "").split(",") if pk]
PROXY = {"X-Forwarded-Proto": "https"}
STYLESHEET = re.compile(r'href="(/static/[^"]+\.css)"')

_sessions = itertools.count()
_tokens = itertools.count()


class PortalUser(HttpUser):
    """A member of the secretariat clicking through the portal."""

    weight = 1
    wait_time = between(0.5, 2.0)

    def on_start(self):
        session = SESSIONS[next(_sessions) % len(SESSIONS)]
        self.client.headers.update({**PROXY, "Cookie": f"sessionid={session}"})
        home = self.client.get("/", name="/")
        found = STYLESHEET.search(home.text or "")
        self.stylesheet = found.group(1) if found else None

    @task(3)
    def start_page(self):
        self.client.get("/", name="/")

    @task(2)
    def audit_list(self):
        self.client.get("/audits/", name="/audits/")

    @task(2)
    def supplier_list(self):
        self.client.get("/suppliers/", name="/suppliers/")

    @task(3)
    def audit_detail(self):
        self.client.get(f"/audits/{random.choice(AUDIT_IDS)}/", name="/audits/[id]/")

    @task(1)
    def stylesheet_file(self):
        # A static file, as WhiteNoise serves it in production (hashed name, compressed).
        if self.stylesheet:
            self.client.get(self.stylesheet, name="/static/[css]")


class ApiUser(HttpUser):
    """A region's system reading the API with its token."""

    weight = 1
    wait_time = between(0.5, 2.0)

    def on_start(self):
        token = TOKENS[next(_tokens) % len(TOKENS)]
        self.client.headers.update(
            {**PROXY, "Authorization": f"Bearer {token}", "Accept": "application/json"}
        )

    @task(3)
    def audits_of_a_year(self):
        self.client.get(
            f"/api/v1/audits/?year={YEAR}&page_size=100", name="/api/v1/audits/?page_size=100"
        )

    @task(1)
    def audits_of_a_year_large(self):
        self.client.get(
            f"/api/v1/audits/?year={YEAR}&page_size=1000", name="/api/v1/audits/?page_size=1000"
        )

    @task(2)
    def suppliers(self):
        self.client.get("/api/v1/suppliers/?page_size=100", name="/api/v1/suppliers/")

    @task(3)
    def audit(self):
        self.client.get(f"/api/v1/audits/{random.choice(AUDIT_IDS)}/", name="/api/v1/audits/[id]/")

# syntax=docker/dockerfile:1
# One image for the web process (gunicorn), the Celery worker and Celery beat; docker-compose.yml
# picks the process with `command:`. The default command serves the web application.
FROM python:3.11-slim-bookworm

# pyproject.toml installs dependencies only ([tool.setuptools] packages = []): the project's own
# modules are imported from /app, the working directory, for gunicorn, celery and manage.py alike.
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONPATH=/app \
    DJANGO_SETTINGS_MODULE=hallbar.settings.production \
    DJANGO_STATIC_ROOT=/app/staticfiles \
    DJANGO_MEDIA_ROOT=/app/media

# Shared libraries WeasyPrint loads at run time to render the yearly report as PDF
# (recent WeasyPrint also loads libharfbuzz-subset to embed font subsets).
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 \
        libpangoft2-1.0-0 \
        libharfbuzz0b \
        libharfbuzz-subset0 \
        fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

# A fixed numeric id so that orchestrators can verify runAsNonRoot.
RUN groupadd --system --gid 10001 hallbar \
    && useradd --system --uid 10001 --gid hallbar --home-dir /app --no-create-home \
        --shell /usr/sbin/nologin hallbar

WORKDIR /app

# Dependencies first, from pyproject.toml alone, so that a code change does not reinstall them.
# (README.m[d]: pyproject names the readme; the glob keeps the build working without one.)
COPY pyproject.toml README.m[d] /tmp/hallbar-build/
RUN pip install /tmp/hallbar-build && rm -rf /tmp/hallbar-build

# The application code stays owned by root: the app user can read it but not change it.
COPY . .

# Static files are collected into the image (served by WhiteNoise). The secret key and hosts
# exist for this build step only; the real ones come from the environment at run time.
# Uploaded files (evidence, report PDFs) are the only thing the app writes: a named volume
# mounted on /app/media starts out with the ownership given here.
RUN DJANGO_SECRET_KEY=collectstatic-build-step-only-not-a-secret \
    DJANGO_ALLOWED_HOSTS=localhost \
    python manage.py collectstatic --noinput \
    && mkdir -p /app/media \
    && chown hallbar:hallbar /app/media

USER 10001:10001

EXPOSE 8000

# Health of the web process: the admin login page answers 200 when gunicorn, Django and the
# database connection work (ATOMIC_REQUESTS opens a transaction for every request). The Host header is the first of DJANGO_ALLOWED_HOSTS (a leading-dot wildcard made concrete) so
# Django does not reject it, and X-Forwarded-Proto tells it the request came through the TLS
# proxy so that DJANGO_SECURE_SSL_REDIRECT does not answer with a redirect.
# (The worker and beat containers override or disable this check in docker-compose.yml.)
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import http.client, os, sys; host = os.environ.get('DJANGO_ALLOWED_HOSTS', '').split(',')[0].strip().lstrip('.'); host = host if host not in ('', '*') else 'localhost'; c = http.client.HTTPConnection('127.0.0.1', 8000, timeout=4); c.request('GET', '/healthz/', headers={'Host': host, 'X-Forwarded-Proto': 'https'}); sys.exit(0 if c.getresponse().status == 200 else 1)"]

CMD ["gunicorn", "hallbar.wsgi", "--bind", "0.0.0.0:8000", "--workers", "2", "--access-logfile", "-"]

"""The deployment files agree with each other and with the settings; production settings are safe.

No database and no Docker engine needed: docker-compose.yml and the Dockerfile are read as text,
and the production settings are exercised in subprocesses (settings are read once per process).
"""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
SETTINGS_DIR = ROOT / "hallbar" / "settings"
APP_SERVICES = ("web", "worker", "beat")

# Runs manage.py as `python manage.py …` would, except that base.py's env.read_env() is a no-op:
# a developer's .env must not change what these tests see (it could set DJANGO_SECRET_KEY, say).
MANAGE_WITHOUT_DOTENV = """\
import runpy, sys
import environ
environ.Env.read_env = lambda *args, **kwargs: None
sys.argv = ["manage.py", *sys.argv[1:]]
runpy.run_path("manage.py", run_name="__main__")
"""

# Every env(...) / env.bool(...) / env.int(...) / env.list(...) / env.db(...) (and the other
# django-environ casts) call in the settings: the variable name is the first argument.
ENV_CALL = re.compile(
    r"\benv(?:\.(?:bool|int|float|str|list|tuple|dict|json|url|path|db|db_url|cache|cache_url"
    r"|email|email_url|search_url))?\(\s*[\"']([A-Z][A-Z0-9_]*)[\"']"
)


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def services(compose):
    return compose["services"]


def _dockerfile_instructions():
    """The Dockerfile's instructions, continuation lines joined, comments dropped."""
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    joined = re.sub(r"\\\n", " ", "\n".join(lines))
    return [line.strip() for line in joined.splitlines() if line.strip()]


def _settings_env_vars():
    names = set()
    for path in sorted(SETTINGS_DIR.glob("*.py")):
        names.update(ENV_CALL.findall(path.read_text(encoding="utf-8")))
    return names


def _production_env(**overrides):
    """The inherited environment minus anything the settings read, plus the overrides."""
    # DJANGO_ALLOW_ASYNC_UNSAFE is set while the browser tests run in the same session.
    steering = _settings_env_vars() | {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {key: value for key, value in os.environ.items() if key not in steering}
    env["DJANGO_SETTINGS_MODULE"] = "hallbar.settings.production"
    env.update(overrides)
    return env


def _run_manage(*args, env):
    return subprocess.run(
        [sys.executable, "-c", MANAGE_WITHOUT_DOTENV, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _secret_key():
    return secrets.token_urlsafe(64)  # 86 characters, well above Django's 50


# docker-compose.yml ----------------------------------------------------------------------------


def test_compose_has_no_obsolete_version_key(compose):
    assert "version" not in compose


def test_compose_defines_the_services(services):
    assert {"web", "worker", "beat", "db", "redis"} <= set(services)


def test_compose_database_and_broker_images(services):
    assert str(services["db"]["image"]).startswith("postgres:15")
    assert str(services["redis"]["image"]).startswith("redis:7")


@pytest.mark.parametrize("name", ["db", "redis", "web"])
def test_compose_service_has_a_healthcheck(services, name):
    healthcheck = services[name].get("healthcheck")
    assert healthcheck, f"{name} has no healthcheck"
    assert not healthcheck.get("disable")
    assert healthcheck.get("test")


def test_compose_healthchecks_use_the_usual_probes(services):
    assert "pg_isready" in " ".join(services["db"]["healthcheck"]["test"])
    assert "redis-cli ping" in " ".join(services["redis"]["healthcheck"]["test"])


def test_compose_app_services_share_one_image(services):
    images = {services[name].get("image") for name in APP_SERVICES}
    builds = {str(services[name].get("build")) for name in APP_SERVICES}
    assert len(images) == 1 and None not in images, images
    assert builds == {"."}, builds


def test_compose_processes(services):
    web = " ".join(services["web"]["command"])
    assert "migrate --noinput" in web
    assert web.index("migrate") < web.index("gunicorn hallbar.wsgi")
    worker = services["worker"]["command"]
    assert worker.startswith("celery -A hallbar worker")
    assert "--prefetch-multiplier 1" in worker
    assert services["beat"]["command"].startswith("celery -A hallbar beat")


@pytest.mark.parametrize("name", APP_SERVICES)
def test_compose_app_services_wait_for_healthy_db_and_redis(services, name):
    depends_on = services[name]["depends_on"]
    for dependency in ("db", "redis"):
        assert depends_on[dependency]["condition"] == "service_healthy", (name, dependency)


@pytest.mark.parametrize("name", APP_SERVICES)
def test_compose_app_services_point_at_db_and_redis(services, name):
    service = services[name]
    assert service["env_file"] == ".env" or ".env" in service["env_file"]
    environment = service["environment"]
    assert environment["DATABASE_URL"].startswith("postgres://")
    assert "@db:5432/" in environment["DATABASE_URL"]
    assert environment["REDIS_URL"].startswith("redis://redis:6379")


def test_compose_media_volume_is_shared_by_web_and_worker(compose, services):
    media_root = services["web"]["environment"]["DJANGO_MEDIA_ROOT"]
    for name in ("web", "worker"):
        assert f"media:{media_root}" in services[name]["volumes"], name
    assert "media" in compose["volumes"]
    assert "postgres-data:/var/lib/postgresql/data" in services["db"]["volumes"]


def test_compose_is_usable_without_a_tls_proxy_by_default(services):
    environment = services["web"]["environment"]
    assert environment["DJANGO_SECURE_SSL_REDIRECT"] == "${DJANGO_SECURE_SSL_REDIRECT:-false}"


# Dockerfile ------------------------------------------------------------------------------------


def test_dockerfile_base_image_and_command():
    instructions = _dockerfile_instructions()
    assert instructions[0].startswith("FROM python:3.11"), instructions[0]
    cmd = [line for line in instructions if line.startswith("CMD ")]
    assert cmd and "gunicorn" in cmd[-1] and "hallbar.wsgi" in cmd[-1]
    assert any(line.startswith("HEALTHCHECK ") for line in instructions)


def test_dockerfile_runs_as_non_root_with_production_settings():
    instructions = _dockerfile_instructions()
    users = [line.split()[1] for line in instructions if line.startswith("USER ")]
    assert users and users[-1].split(":")[0] not in {"root", "0"}
    assert any(
        "DJANGO_SETTINGS_MODULE=hallbar.settings.production" in line
        for line in instructions
        if line.startswith("ENV ")
    )
    # The dependencies are installed from pyproject.toml, and static files are collected.
    run = " ".join(line for line in instructions if line.startswith("RUN "))
    assert "pip install" in run
    assert "collectstatic --noinput" in run


def test_dockerignore_keeps_secrets_and_local_state_out():
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    for entry in (".env", ".git", ".venv", "db.sqlite3", "media"):
        assert entry in ignored, entry


# .env.example ----------------------------------------------------------------------------------


def test_settings_env_regex_finds_the_known_variables():
    # Guards the regex itself: if it stopped matching, the test below would pass vacuously.
    assert {"DJANGO_SECRET_KEY", "DJANGO_DEBUG", "DATABASE_URL", "DJANGO_ALLOWED_HOSTS"} <= (
        _settings_env_vars()
    )


def test_env_example_documents_every_variable_the_settings_read():
    documented = set(
        re.findall(r"[A-Z][A-Z0-9_]*", (ROOT / ".env.example").read_text(encoding="utf-8"))
    )
    missing = sorted(_settings_env_vars() - documented)
    assert not missing, f".env.example does not mention: {', '.join(missing)}"


# Production settings ---------------------------------------------------------------------------


def test_production_settings_pass_check_deploy(tmp_path):
    env = _production_env(
        DJANGO_SECRET_KEY=_secret_key(),
        DJANGO_ALLOWED_HOSTS="hallbar.example.se",
        DATABASE_URL=f"sqlite:///{tmp_path / 'deploy-check.sqlite3'}",
    )
    result = _run_manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_visibility_timeout_below_the_time_limit_is_refused(tmp_path):
    # Redis would hand a job still running to a second worker: the settings refuse to load.
    env = _production_env(
        DJANGO_SECRET_KEY=_secret_key(),
        DJANGO_ALLOWED_HOSTS="hallbar.example.se",
        DATABASE_URL=f"sqlite:///{tmp_path / 'deploy-check.sqlite3'}",
        CELERY_TASK_TIME_LIMIT="600",
        CELERY_VISIBILITY_TIMEOUT="600",
    )
    result = _run_manage("check", env=env)
    assert result.returncode != 0
    assert "CELERY_VISIBILITY_TIMEOUT must be above CELERY_TASK_TIME_LIMIT" in result.stderr


def test_production_settings_refuse_to_start_without_a_secret_key():
    env = _production_env(DJANGO_ALLOWED_HOSTS="hallbar.example.se")
    result = _run_manage("check", env=env)
    assert result.returncode != 0, result.stdout + result.stderr
    assert "DJANGO_SECRET_KEY" in result.stderr, result.stderr


def test_production_settings_refuse_to_start_without_allowed_hosts():
    env = _production_env(DJANGO_SECRET_KEY=_secret_key())
    result = _run_manage("check", env=env)
    assert result.returncode != 0, result.stdout + result.stderr
    assert "DJANGO_ALLOWED_HOSTS" in result.stderr, result.stderr


def test_production_settings_default_to_https_and_no_debug():
    env = _production_env(
        DJANGO_SECRET_KEY=_secret_key(), DJANGO_ALLOWED_HOSTS="hallbar.example.se"
    )
    result = _run_manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; "
        "print(settings.DEBUG, settings.SECURE_SSL_REDIRECT, settings.SESSION_COOKIE_SECURE)",
        env=env,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.split() == ["False", "True", "True"], result.stdout


def test_production_collectstatic_works_without_a_database(tmp_path):
    # The Docker build runs this step with throwaway values and no database.
    env = _production_env(
        DJANGO_SECRET_KEY="collectstatic-build-step-only-not-a-secret",
        DJANGO_ALLOWED_HOSTS="localhost",
        DJANGO_STATIC_ROOT=str(tmp_path / "static"),
        DATABASE_URL="postgres://nobody:nothing@127.0.0.1:1/none",
    )
    result = _run_manage("collectstatic", "--noinput", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "static" / "staticfiles.json").exists()

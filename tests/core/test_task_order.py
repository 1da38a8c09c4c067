"""Tasks and services go one way (HackSoft's order): a tasks module imports its service, and a
service never imports a tasks module, not even inside a function; the import job's model does not
import its service either. A task named by a service is the one Celery runs."""

import ast
from pathlib import Path

from celery import current_app

from core.imports import RUN_IMPORT_JOB_TASK
from core.jobs import job_task
from reporting.services import BUILD_REPORT_TASK

ROOT = Path(__file__).resolve().parents[2]


def imported_modules(path: str) -> set[str]:
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def test_services_never_import_tasks_and_models_never_import_services():
    assert "core.tasks" not in imported_modules("core/imports.py")
    for module in ("__init__", "jobs", "registers"):
        assert "reporting.tasks" not in imported_modules(f"reporting/services/{module}.py")
    assert "core.imports" not in imported_modules("core/models.py")
    assert "core.imports" in imported_modules("core/tasks.py")
    assert "reporting.services" in imported_modules("reporting/tasks.py")


def test_the_named_tasks_are_registered():
    from core.tasks import run_import_job
    from reporting.tasks import build_report

    assert job_task(BUILD_REPORT_TASK) is current_app.tasks[build_report.name]
    assert job_task(RUN_IMPORT_JOB_TASK) is current_app.tasks[run_import_job.name]

"""Content-Security-Policy: every page, API answer and admin page carries a policy that allows
scripts and styles from the portal's own files only (no inline code, no eval), and no template
of the project holds what that policy would block: an inline <script>, an on*= handler, a
javascript: URL, a style attribute or a <style> element."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db

DIRECTIVES = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def policy(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    parts = (part.strip().split(None, 1) for part in header.split(";") if part.strip())
    return {part[0]: part[1] if len(part) > 1 else "" for part in parts}


def assert_strict_policy(response):
    directives = policy(response)
    for name, value in DIRECTIVES.items():
        assert directives.get(name) == value, (name, directives.get(name))
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]


def test_pages_have_the_policy(client, world):
    assert_strict_policy(client.get("/login/"))
    assert_strict_policy(client.get("/audits/public/"))
    assert_strict_policy(client.get("/no-such-page/"))
    client.force_login(world.users["procurer_a"])
    assert_strict_policy(client.get("/"))
    response = client.get(f"/audits/{world.audit_a.pk}/")
    assert response.status_code == 200
    assert_strict_policy(response)


def test_the_api_and_its_docs_have_the_policy(client, api_as):
    assert_strict_policy(api_as("reader").get("/api/v1/audits/"))
    assert_strict_policy(client.get("/api/v1/audits/"))  # 401
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    assert_strict_policy(docs)


def test_the_admin_has_the_policy(client, db):
    admin = get_user_model().objects.create_superuser("csp-admin", "a@example.org", "x-pass-1")
    client.force_login(admin)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert_strict_policy(response)


def test_swagger_ui_loads_its_init_script_from_a_url(client):
    page = client.get("/api/docs/").content.decode()
    assert not INLINE_SCRIPT.search(page)
    assert "<style" not in page
    script = re.search(r'<script src="([^"]*script=[^"]*)"', page)
    assert script, "Swagger UI's init script is not loaded by URL"
    init = client.get(script.group(1).replace("&amp;", "&"))
    assert init.status_code == 200
    assert init["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in init.content.decode()


# What the policy blocks in a template: an executable <script> without src (a JSON data block
# is not executed and is allowed), an on…= event handler attribute, a javascript: URL, a style
# attribute, a <style> element, HTMX's hx-on (it needs eval).
INLINE_SCRIPT = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*type=[\"']application/(?:ld\+)?json)[^>]*>", re.IGNORECASE
)
BLOCKED = {
    "inline <script>": INLINE_SCRIPT,
    "on* handler": re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE),
    "javascript: URL": re.compile(r"javascript:", re.IGNORECASE),
    "style attribute": re.compile(r"<[^>]*\sstyle\s*=", re.IGNORECASE),
    "<style> element": re.compile(r"<style[\s>]", re.IGNORECASE),
    "hx-on": re.compile(r"\shx-on", re.IGNORECASE),
}
# WeasyPrint's input, never served to a browser: the print CSS is inlined on purpose.
PRINT_ONLY = {Path("reporting/report_pdf.html")}


def project_templates() -> list[tuple[Path, Path]]:
    base = Path(settings.BASE_DIR)
    apps = (base / app / "templates" for app in settings.LOCAL_APPS)
    folders = [base / "templates", *(folder for folder in apps if folder.is_dir())]
    return [(folder, path) for folder in folders for path in sorted(folder.rglob("*.html"))]


def test_no_template_holds_what_the_policy_blocks():
    templates = project_templates()
    assert len(templates) > 40
    found = []
    for folder, path in templates:
        name = path.relative_to(folder)
        text = path.read_text(encoding="utf-8")
        for what, pattern in BLOCKED.items():
            if name in PRINT_ONLY and what == "<style> element":
                continue
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{name}:{line}: {what}")
    assert found == []

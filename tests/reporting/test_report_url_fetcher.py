"""The report's PDF renderer fetches only the project's own static files and data: URLs: an
image on a web server, a file outside the static folders (file:///etc/passwd, a ".." out of
STATIC_URL) or another scheme is never fetched, and the PDF is still written."""

import io
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from PIL import Image
from pypdf import PdfReader

from reporting.render import report_html_document, url_fetcher


@pytest.fixture
def static_image(settings, tmp_path):
    """A PNG in a static folder of its own, found by the staticfiles finders as
    /static/csp-test/dot.png."""
    folder = tmp_path / "static"
    (folder / "csp-test").mkdir(parents=True)
    Image.new("RGB", (8, 8), (31, 92, 99)).save(folder / "csp-test" / "dot.png")
    settings.STATICFILES_DIRS = [*settings.STATICFILES_DIRS, folder]
    return "/static/csp-test/dot.png"


@pytest.fixture
def counting_server():
    """A web server on loopback that counts every request it gets."""
    hits = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            body = io.BytesIO()
            Image.new("RGB", (8, 8), (200, 85, 61)).save(body, format="PNG")
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()
            self.wfile.write(body.getvalue())

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", hits
    server.shutdown()
    server.server_close()


def image_count(pdf: bytes) -> int:
    return sum(len(page.images) for page in PdfReader(io.BytesIO(pdf)).pages)


def test_only_the_static_image_is_fetched(static_image, counting_server):
    origin, hits = counting_server
    html = f"""<html><head>
      <link rel="stylesheet" href="{origin}/style.css">
      <style>@import url("{origin}/imported.css");</style>
    </head><body>
      <p>Rapport</p>
      <img src="{static_image}">
      <img src="{origin}/x.png">
      <img src="http://127.0.0.1:1/x">
      <img src="file:///etc/passwd">
      <img src="/static/../../../../etc/passwd">
      <img src="ftp://127.0.0.1/x.png">
    </body></html>"""
    pdf = report_html_document(html).write_pdf()
    assert pdf.startswith(b"%PDF")
    assert hits == []
    assert image_count(pdf) == 1


def test_a_data_url_is_drawn(static_image):
    body = io.BytesIO()
    Image.new("RGB", (4, 4), (0, 0, 0)).save(body, format="PNG")
    import base64

    data = base64.b64encode(body.getvalue()).decode()
    pdf = report_html_document(f'<img src="data:image/png;base64,{data}">').write_pdf()
    assert image_count(pdf) == 1


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "file:///static/../etc/passwd",
        "http://127.0.0.1:1/x",
        "https://example.org/logo.png",
        "ftp://127.0.0.1/x",
        "file://remote-host/static/hallbar/hallbar.css",
    ],
)
def test_the_fetcher_refuses(url):
    with pytest.raises(ValueError):
        url_fetcher()(url)


def test_the_fetcher_serves_the_project_css():
    response = url_fetcher()("file:///static/hallbar/hallbar.css")
    assert response.status == 200
    assert b"bg-hallbar" in response.read()

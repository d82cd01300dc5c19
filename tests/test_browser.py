"""A real browser (Debian Chromium, driven by Playwright) loads every page of the built site,
served on 127.0.0.1: each chart must draw, no request may leave 127.0.0.1, and there must be
no JavaScript errors other than known harmless ones."""

from __future__ import annotations

import functools
import os
import http.server
import shutil
import threading
from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = pytest.mark.slow

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Known harmless console messages: Jupyter Book 1 declares THEBE_JS_URL twice; the
# pydata theme logs its default theme mode; Chromium's own favicon probe is checked
# by the response handler below (every other failed request is an error).
HARMLESS = ("Identifier 'THEBE_JS_URL' has already been declared", "Got invalid theme mode",
            "Failed to load resource")
ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(scope="module")
def site(built_book):
    html = built_book["repo"] / "_build" / "html"
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(html))
    handler.log_message = lambda *a: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield html, f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def pages(html: Path) -> list[str]:
    skip = {"genindex.html", "search.html"}
    return sorted(str(p.relative_to(html)) for p in html.rglob("*.html")
                  if p.name not in skip and "_static" not in p.parts and "_sources" not in p.parts)


def test_every_page_draws_its_charts_offline(site):
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("Debian chromium is required in CI (apt-get install chromium)")
        pytest.skip("Debian chromium is not installed (apt-get install chromium)")
    html, base = site
    all_pages = pages(html)
    assert "chapters/data_appendix.html" in all_pages
    outside, errors, drawn = [], [], {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--no-first-run", "--disable-sync", "--disable-quic"])
        page = browser.new_page(viewport={"width": 1280, "height": 1500})
        page.on("request", lambda r: None if r.url.startswith((base, "data:", "blob:", "about:")) else outside.append(r.url))
        page.on("response", lambda r: errors.append(f"{r.status} {r.url}")
                if r.status >= 400 and not r.url.endswith("/favicon.ico") else None)
        page.on("pageerror", lambda e: errors.append(f"{page.url}: {e}"))
        page.on("console", lambda m: errors.append(f"{page.url}: {m.text}") if m.type == "error" else None)
        shot_taken = False
        for rel in all_pages:
            page.goto(f"{base}/{rel}", wait_until="load")
            n_charts = page.locator(".cl-vega-chart").count()
            if n_charts:
                page.wait_for_function(
                    "n => document.querySelectorAll('.cl-vega-chart svg.marks, .cl-vega-chart canvas.marks').length >= n",
                    arg=n_charts, timeout=30_000)
            drawn[rel] = (n_charts, page.locator(".cl-vega-chart svg.marks, .cl-vega-chart canvas.marks").count())
            if n_charts and not shot_taken:
                ARTIFACTS.mkdir(exist_ok=True)
                page.locator(".cl-vega-chart").first.scroll_into_view_if_needed()
                page.screenshot(path=str(ARTIFACTS / "chart-page.png"), full_page=False)
                shot_taken = True
        browser.close()
    real_errors = [e for e in errors if not any(h in e for h in HARMLESS)]
    assert not outside, f"requests left 127.0.0.1: {outside[:10]}"
    assert not real_errors, real_errors[:10]
    assert all(n == d for n, d in drawn.values()), {k: v for k, v in drawn.items() if v[0] != v[1]}
    assert sum(n for n, _ in drawn.values()) >= 1
    assert shot_taken and (ARTIFACTS / "chart-page.png").stat().st_size > 10_000


def test_no_external_scripts_or_styles_and_local_mathjax(site):
    """Static check beside the browser one: every script and stylesheet is local."""
    import re

    html, _ = site
    external = re.compile(r'<(?:script|link)[^>]+(?:src|href)="(?:https?:)?//[^"]+"')
    for rel in pages(html):
        text = (html / rel).read_text()
        assert not external.findall(text), (rel, external.findall(text)[:3])
        if 'class="math' in text:  # a page with equations loads MathJax from _static
            assert re.search(r'<script[^>]+src="[./]*_static/mathjax/tex-chtml.js', text), rel
    assert (html / "_static" / "vendor" / "vega-bundle.js").exists()
    assert (html / "_static" / "mathjax" / "tex-chtml.js").exists()

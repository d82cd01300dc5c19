"""Data that cannot run code (issue 26): the whole book (HTML and PDF) built on data files whose every text field
carries markup, script, Markdown, MyST roles and LaTeX: the authors' layout (ImageNet), a user's tidy file (MS COCO),
Epoch AI's table and the three hardware tables, from a folder whose own name is hostile too (the variant notice and
the data appendix print the paths).  In Chromium no script of theirs runs (no dialog, no console error, no element
they would have made) on any page, the chapter source views included, and with every chart's marks hovered (their
tooltips); the strings are shown as they are, on the pages, in the charts' data and in the PDF; LaTeX read no
file outside the book; the CSV downloads hold them exactly (a cell is never rewritten for spreadsheets: the data
appendix says how to open them).  The PDF of this build is also checked for its layout (issue 26): numbered as the
site, every float inside its page, no page but a chapter's last under 60% full, lettered appendices, its contents
called so, the online edition in a reader's words.  A ``variants`` test: it builds a whole book (``make test-variants``)."""

from __future__ import annotations

import csv
import functools
import http.server
import json
import re
import shutil
import subprocess
import threading
from pathlib import Path

import pytest

from conftest import ROOT, cli, copy_repo
from pdf_pages import short_pages
from test_variants import tidy_file

pytestmark = [pytest.mark.variants, pytest.mark.slow]

# One string with every kind of markup the book's outputs could read: HTML and script (the chart's <script>
# element, attributes, a javascript: address), Markdown, MyST roles, LaTeX (text and maths, a file read, a
# comment, specials), an entity and a table's cell end.  No quotes or "--" (typography would change them).
HOSTILE = ("</script><img src=x onerror=alert(1)> <b onmouseover=alert(2)>b</b> **s** _e_ `c` "
           "[l](javascript:alert(3)) {eval}`1+1` {download}`/etc/passwd` "
           "$\\def\\x{\\input{/etc/passwd}}\\x$ \\input{/etc/passwd} & &amp; | # % ^ ~ {{x}}")
FOLDER = "u`{eval}`1`<i>x</i>$\\input{/etc/passwd}$"  # the user's folder, in every path the book reads or prints
SMALL = ["theory.replications=20", "theory.penalty_replications=10", "theory.n_points=9", "future_costs.n_boot=50"]
DATE = re.compile(r"^\d{4}(-\d{1,2}(-\d{1,2})?)?$")
INJECTED = "img[src='x'], [onerror], [onmouseover], a[href^='javascript']"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync", "--disable-quic"]


def _text(cell: str) -> bool:
    """A cell the loaders read as text (not a number, not a date, not empty)."""
    cell = cell.strip()
    if not cell or DATE.match(cell):
        return False
    try:
        float(cell.replace(",", ""))
        return False
    except ValueError:
        return True


def poison(src: Path, dest: Path, header_rows: int, columns: set[str] | None = None) -> int:
    """Copy the CSV ``src`` to ``dest`` with HOSTILE appended to every text cell (of ``columns`` only, when
    given) of its data rows; the cells stay distinct where they were.  Returns the number of cells changed."""
    with open(src, newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    names = rows[0]
    changed = 0
    for row in rows[header_rows:]:
        for j, cell in enumerate(row):
            if (columns is None or names[j] in columns) and _text(cell):
                row[j] = f"{cell} {HOSTILE}"
                changed += 1
    dest.parent.mkdir(parents=True, exist_ok=True)
    with open(dest, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    return changed


def normal(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    repo = copy_repo(tmp_path_factory.mktemp("hostile"))
    raw, user = ROOT / "data" / "raw", repo / FOLDER
    files = {
        # the authors' layout: three header rows; names, titles, addresses, datasets, chips, comments
        "imagenet": poison(raw / "mit-futuretech" / "image-classification-on-imagenet.csv", user / "imagenet.csv", 3),
        "epoch": poison(raw / "epoch-ai" / "All ML Systems - full view.csv", user / "epoch.csv", 1,
                        {"Model", "Organization", "Task", "Domain", "Training hardware", "Country (of organization)",
                         "Notability criteria", "Confidence", "Training dataset"}),
        "hw_gpu": poison(raw / "computer-progress-hardware" / "gpu.csv", user / "gpu.csv", 1),
        "hw_cpu": poison(raw / "computer-progress-hardware" / "cpu.csv", user / "cpu.csv", 1),
        "hw_tpu": poison(raw / "computer-progress-hardware" / "tpu.csv", user / "tpu.csv", 1),
    }
    assert all(files.values()), files
    tidy_file(user / "coco.csv", "Det", slope=0.1, seed=3)  # a user's tidy file, its model names hostile
    poison(user / "coco.csv", user / "coco.csv", 1, {"model"})
    data = [a for key in (*files, "coco") for a in ("-d", f"{key}={user / (key.removeprefix('hw_') + '.csv')}")]
    cli(repo, "run", *data, *[a for p in SMALL for a in ("-p", p)])
    cli(repo, "html")
    cli(repo, "pdf")
    return repo


@pytest.fixture(scope="module")
def pages(hostile):
    """Every page of the hostile build in Chromium: ``{page: (article text, what its scripts did)}``."""
    from playwright.sync_api import sync_playwright

    site = hostile / "_build" / "html"
    handler = functools.partial(type("Q", (http.server.SimpleHTTPRequestHandler,), {"log_message": lambda *a: None}),
                                directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    rels = sorted(str(p.relative_to(site)) for p in site.rglob("*.html")
                  if not {"_static", "_sources", "results", "_modules"} & set(p.relative_to(site).parts)
                  and p.name not in ("genindex.html", "search.html", "index.html"))
    out = {}
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
            context = browser.new_context(viewport={"width": 1280, "height": 1000})
            for rel in rels:
                events = []
                page = context.new_page()
                page.on("dialog", lambda d, ev=events: (ev.append(f"dialog: {d.message}"), d.dismiss()))
                page.on("console", lambda m, ev=events: ev.append(f"console {m.type}: {m.text}")
                        if m.type in ("error", "warning") else None)
                page.on("pageerror", lambda e, ev=events: ev.append(f"pageerror: {e}"))
                page.goto(f"{base}/{rel}", wait_until="load")
                n = page.locator(".cl-vega-chart").count()
                if n:
                    page.wait_for_function("n => document.querySelectorAll('.cl-vega-chart svg.marks').length >= n",
                                           arg=n, timeout=30_000)
                # hover every mark of every chart: a tooltip that parsed HTML would run its handler now
                for mark in page.locator(".cl-vega-chart svg [aria-roledescription] path").all()[:40]:
                    try:
                        mark.hover(timeout=500)
                    except Exception:  # a mark under another one: the next
                        pass
                injected = page.locator(f"article {INJECTED}, #vg-tooltip-element {INJECTED}").count()
                if injected:
                    events.append(f"{injected} elements made from the data")
                text = page.inner_text("article") if page.locator("article").count() else page.inner_text("body")
                specs = [json.loads(m) for m in re.findall(r"var spec=(\{.*?\});function draw", page.content())]
                out[rel] = (normal(text), events, specs)
                page.close()
            browser.close()
    finally:
        httpd.shutdown()
    return out


def test_no_script_from_the_data_runs(pages):
    bad = {rel: events for rel, (_, events, _) in pages.items() if events}
    assert len(pages) >= 20 and not bad, bad


def _strings(value):
    """Every string in a parsed spec."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def test_the_strings_are_shown_as_they_are_on_the_pages(pages):
    shown = [rel for rel, (text, _, _) in pages.items() if normal(HOSTILE) in text]
    # a model's name (the ImageNet page, history), a user's path (the data appendix and the front page)
    for rel in ("chapters/benchmarks/01_imagenet.html", "chapters/history.html", "chapters/data_appendix.html"):
        assert rel in shown, (rel, shown)
    # the variant notice names the user's files (not their folder, whose hostile name reached no page as markup)
    assert "are the file imagenet.csv" in pages["chapters/benchmarks/01_imagenet.html"][0]
    # charts draw the strings themselves: names in tooltips, domains in legends
    in_charts = [rel for rel, (_, _, specs) in pages.items() if any(HOSTILE in s for s in _strings(specs))]
    assert "chapters/history.html" in in_charts and "chapters/benchmarks/01_imagenet.html" in in_charts, in_charts


def test_the_strings_are_shown_as_they_are_in_the_pdf(hostile):
    latex = hostile / "_build" / "site-pdf" / "_build" / "latex"
    pdf = latex / "computational-limits.pdf"
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = normal(text.replace("-\n", "-"))
    assert flat.count(normal(HOSTILE)) >= 3, "the hostile string is not printed as it is in the PDF"
    assert "root:x:0:0" not in text  # /etc/passwd was not read into the PDF
    # LaTeX opened no file outside the book: every file in its log is in the build, TeX's own tree or fonts
    log = (latex / "computational-limits.log").read_text(errors="replace")
    assert "(/etc/passwd" not in log  # TeX logs each file it opens as "(<path>" (the log also quotes the text)
    tex = (latex / "computational-limits.tex").read_text()
    assert "\\input{/etc/passwd}" not in tex and "\\def\\x" not in tex


def test_the_csv_downloads_hold_the_strings_exactly(hostile):
    """Results and figure files keep each string as the data file had it (no escaping, no formula guard)."""
    import pandas as pd

    results = hostile / "_build" / "results"
    holding = [p.relative_to(results) for p in sorted(results.rglob("*.csv"))
               if pd.read_csv(p, dtype=str, keep_default_na=False).map(lambda v: v.endswith(" " + HOSTILE)).any().any()]
    assert any(p.parts[0] == "figures" for p in holding) and len(holding) >= 3, holding
    site = hostile / "_build" / "html" / "results"
    assert all((site / p).read_bytes() == (results / p).read_bytes() for p in holding)  # as downloaded


def test_source_views_were_read(pages):
    assert any(rel.startswith("sources/") for rel in pages), sorted(pages)


def _site_captions(site: Path) -> dict[str, str]:
    """``{"Fig. 4.2": its first words}`` for every numbered figure and table of the site."""
    from bs4 import BeautifulSoup

    out = {}
    for page in sorted((site / "chapters").rglob("*.html")):
        for cap in BeautifulSoup(page.read_text(), "html.parser").select("figcaption, caption"):
            for link in cap.select("a.headerlink"):  # the "#" after a caption
                link.decompose()
            number = cap.select_one(".caption-number")
            if number is not None:
                key = normal(number.get_text())
                out[key] = normal(cap.get_text()).removeprefix(key).split()[:2]
    return out


LEAST_FILL = 0.6  # how full every page but a chapter's last is, at least (the old build's fullest short page: 55%)


def test_the_pdf_is_numbered_as_the_site_and_fits_its_pages(hostile):
    latex = hostile / "_build" / "site-pdf" / "_build" / "latex"
    text = subprocess.run(["pdftotext", str(latex / "computational-limits.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    flat = normal(text)
    captions = _site_captions(hostile / "_build" / "html")
    assert {"Fig. 4.2", "Table 4.1", "Table 1", "Fig. 1.1"} <= set(captions), sorted(captions)
    missing = [f"{key} {' '.join(words)}" for key, words in captions.items()
               if f"{key}: {' '.join(words)}" not in flat]
    assert not missing, missing  # the same number before the same caption
    log = (latex / "computational-limits.log").read_text(errors="replace")
    assert "Float too large" not in log and "Overfull \\vbox" not in log  # nothing runs past its page's text block
    head = normal(text[:3000]).lower()  # the contents' heading is set in capitals
    assert "contents" in head and "at a glance" not in head.replace("argument at a glance", "")
    appendices = [flat.find(f"Appendix {letter}: ") for letter in "ABC"]
    assert -1 < appendices[0] < appendices[1] < appendices[2], appendices
    assert "Appendix: " not in flat
    assert "introduction" in head and "The online edition" in flat
    assert "html.baseurl" not in flat and "HTML edition built with this PDF" in flat  # reader's words, no address set
    # no page half empty before a table that moved whole to the next page (tables float; pdf_pages.py)
    assert not short_pages(latex / "computational-limits.pdf", LEAST_FILL)

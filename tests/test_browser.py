"""A real browser (Debian Chromium, driven by Playwright) reads every page of the shared test build,
served on 127.0.0.1: no console error or warning, every chart draws, the front page shows its figure,
every figure's "Data (CSV)" link serves the rows it draws, and the calculator recomputes when an input
moves and agrees with projections.csv at its defaults (issue 14).  Every page reads on a phone (390 px) and on a
desktop (1400 px): nothing wider than the window, nothing cut without a visible scroll bar, chart text at least
10 px; and axe-core (WCAG 2 A and AA) finds no serious or critical violation, every chart labelled with what it
shows (issue 26).  One served site and one browser for all of them; scroll bars are drawn as on a desktop
(Playwright hides them by default, and a hidden bar would pass for a visible one)."""

from __future__ import annotations

import functools
import http.server
import io
import json
import math
import os
import re
import shutil
import threading
import urllib.request
from pathlib import Path

import pandas as pd
import pytest

from conftest import ROOT

pytestmark = pytest.mark.slow

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = ROOT / "test-artifacts"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync", "--disable-quic"]
CHARTS = ".cl-vega-chart svg.marks, .cl-vega-chart canvas.marks"


# What a reader would find wrong with a page's layout at the window's width (run in the page):
# * overflow: the page is wider than the window (it scrolls sideways);
# * clipped: a table, caption, figure or code block whose content is cut by a box that does not scroll, or that
#   scrolls with no visible bar (a scroll bar takes room in its box: offsetHeight > clientHeight + borders), or a
#   caption wider than the box it is read in;
# * small: chart text drawn smaller than 10 px (its font size times the SVG's scale on screen).
LAYOUT_JS = """() => {
  const out = {overflow: [], clipped: [], small: []};
  const doc = document.documentElement;
  if (doc.scrollWidth > doc.clientWidth + 1) out.overflow.push(`page ${doc.scrollWidth} px in ${doc.clientWidth} px`);
  const article = document.querySelector('article') || document.body;
  const name = e => (e.id ? '#' + e.id : e.tagName.toLowerCase() + (e.className && e.className.baseVal === undefined
      ? '.' + String(e.className).split(' ')[0] : '')) + ' "' + (e.textContent || '').trim().slice(0, 40) + '"';
  const boxes = article.querySelectorAll('table, caption, figcaption, figure, pre, .cl-vega-chart, .pst-scrollable-table-container, div.highlight');
  for (const el of boxes) {
    const st = getComputedStyle(el);
    if (st.display === 'none' || el.getClientRects().length === 0) continue;
    const wide = el.scrollWidth > el.clientWidth + 1;
    if (!wide) continue;
    if (!['auto', 'scroll'].includes(st.overflowX)) {
      if (['hidden', 'clip'].includes(st.overflowX)) out.clipped.push('cut, no scroll: ' + name(el));
      continue;
    }
    const borders = parseFloat(st.borderTopWidth) + parseFloat(st.borderBottomWidth);
    if (el.offsetHeight - el.clientHeight - borders < 4) out.clipped.push('scrolls with no visible bar: ' + name(el));
  }
  for (const cap of article.querySelectorAll('caption, figcaption')) {
    let box = cap.parentElement;
    while (box && box !== article && !['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(box).overflowX))
      box = box.parentElement;
    if (!box || box === article) continue;
    const b = box.getBoundingClientRect();
    for (const r of cap.getClientRects())
      if (r.width > 0 && (r.right > b.left + box.clientWidth + 1 || r.left < b.left - 1)) {
        out.clipped.push(`caption wider than its box (${Math.round(r.width)} px in ${box.clientWidth} px): ` + name(cap));
        break;
      }
  }
  for (const t of article.querySelectorAll('.cl-vega-chart svg text')) {
    if (!t.textContent.trim() || t.getClientRects().length === 0) continue;
    const m = t.getScreenCTM();
    const px = parseFloat(getComputedStyle(t).fontSize) * Math.sqrt(m.a * m.a + m.b * m.b);
    if (px < 9.95) out.small.push(`${px.toFixed(1)} px "${t.textContent.trim().slice(0, 30)}"`);
  }
  return out;
}"""


# On a phone the scroll bar shows only while one scrolls (the bar the layout checks see is drawn as on a desktop):
# every table box that scrolls sideways shows its cue without hover, a shadow on its right edge (a background fixed
# to the box) and, under a caption, a line saying that the table scrolls, which goes once its end is in view.
SCROLL_CUE_JS = """async () => {
  const out = [];
  const frames = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));  // scroll state is read per frame
  const cue = b => {
    const st = getComputedStyle(b), cap = b.querySelector(':scope > table > caption');
    return {shadow: st.backgroundImage.includes('gradient') && st.backgroundAttachment.split(',').some(a => a.trim() === 'scroll'),
            line: cap ? getComputedStyle(cap, '::after').content : null};
  };
  for (const b of document.querySelectorAll('article .pst-scrollable-table-container')) {
    if (b.getClientRects().length === 0 || b.scrollWidth <= b.clientWidth + 1) continue;
    const name = (b.querySelector('caption') || b).textContent.trim().slice(0, 40);
    const start = cue(b);
    if (!start.shadow) out.push('no shadow on its right edge: ' + name);
    if (start.line !== null && ['none', 'normal', ''].includes(start.line)) out.push('no scroll line under its caption: ' + name);
    b.scrollLeft = b.scrollWidth;
    await frames();
    const end = cue(b);
    if (end.line !== null && !['none', 'normal', ''].includes(end.line)) out.push('the scroll line stays at the end: ' + name);
    b.scrollLeft = 0;
    await frames();
  }
  return out;
}"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def site(built_book):
    html = built_book["site"]
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(html)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield html, f"http://127.0.0.1:{httpd.server_address[1]}", built_book["results"]
    httpd.shutdown()
    httpd.server_close()


DESKTOP, PHONE = 1400, 390  # px: the window widths every page is read at


@pytest.fixture(scope="module")
def chromium():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("Debian chromium is required in CI (apt-get install chromium)")
        pytest.skip("Debian chromium is not installed (apt-get install chromium)")
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS,
                               ignore_default_args=["--hide-scrollbars"])
        yield b
        b.close()


@pytest.fixture(scope="module")
def browser(chromium):
    # One context for every page, as one reader's browser: the theme's, MathJax's and vega's scripts
    # are fetched and compiled once, not once per page (23 pages: about 54 s -> 33 s).
    context = chromium.new_context(viewport={"width": DESKTOP, "height": 1400})
    yield context
    context.close()


def pages(html: Path) -> list[str]:
    skip = {"genindex.html", "search.html"}
    return sorted(str(p.relative_to(html)) for p in html.rglob("*.html")
                  if p.name not in skip and not {"_static", "_sources", "sources", "results", "_modules"} & set(p.parts))


def open_page(browser, base, rel, log):
    page = browser.new_page()
    page.on("console", lambda m: log.append(f"{rel}: {m.type}: {m.text}") if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: log.append(f"{rel}: pageerror: {e}"))
    page.on("requestfailed", lambda r: log.append(f"{rel}: request failed: {r.url}"))
    page.on("response", lambda r: log.append(f"{rel}: {r.status} {r.url}") if r.status >= 400 else None)
    page.on("request", lambda r: None if r.url.startswith((base, "data:", "blob:", "about:"))
            else log.append(f"{rel}: request left 127.0.0.1: {r.url}"))
    with urllib.request.urlopen(f"{base}/{rel}") as resp:  # read before the browser can navigate away
        forwards = re.search(r'http-equiv="refresh"', resp.read().decode(), re.IGNORECASE)
    page.goto(f"{base}/{rel}", wait_until="load")
    if forwards:  # index.html forwards to the front page: let it land, or closing the page aborts that request
        page.wait_for_url(lambda url: not url.endswith("/" + rel), wait_until="load")
    n = page.locator(".cl-vega-chart").count()
    if n:
        page.wait_for_function(f"n => document.querySelectorAll('{CHARTS}').length >= n", arg=n, timeout=30_000)
    return page, n


@pytest.fixture(scope="module")
def loaded(site, browser):
    """Every page, opened once (charts drawn) and kept open for the tests that look at it: ``{page: (Page,
    charts on it, its console log)}``.  Opening a page costs the browser 1-3 s of CPU."""
    html, base, _ = site
    out = {}
    for rel in pages(html):
        log = []
        page, n = open_page(browser, base, rel, log)
        out[rel] = (page, n, log)
    yield out
    for page, _, _ in out.values():
        page.close()


def test_every_page_is_clean_and_draws_its_charts(loaded):
    drawn = {rel: (n, page.locator(CHARTS).count()) for rel, (page, n, _) in loaded.items()}
    log = [line for _, _, page_log in loaded.values() for line in page_log]
    assert "chapters/data_appendix.html" in drawn and len(drawn) >= 20
    assert not log, "console errors, warnings or failed requests:\n" + "\n".join(log[:20])
    assert all(n == d for n, d in drawn.values()), {k: v for k, v in drawn.items() if v[0] != v[1]}


def test_front_page_shows_its_figure_and_findings(loaded):
    page, n, log = loaded["chapters/intro.html"]
    page.bring_to_front()  # a page in the background of the shared context takes seconds per screenshot
    assert n >= 1 and page.locator("#fig-front " + CHARTS.split(",")[0]).count() == 1
    text = page.inner_text("article").replace("’", "'")
    for finding in ("The bottom line", "Key numbers", "Compute to reach", "Its cost at today's prices",
                    "Compute saved by the models since July 2020", "Growth of frontier training compute",
                    "The paper's claims"):
        assert finding in text
    assert "How this edition differs from the paper" in text
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "front-page.png"), full_page=False)
    assert not log, log


def test_figure_data_links_serve_the_rows_each_figure_draws(site):
    html, base, _ = site
    checked = 0
    for rel in pages(html):
        text = (html / rel).read_text()
        for fig_id, href in re.findall(r'<figure[^>]*id="([^"]+)".*?href="([^"]+\.csv)" download', text, re.DOTALL):
            csv_path = (html / rel).parent / href
            assert csv_path.exists(), f"{rel} {fig_id}: {href} is not in the site"
            rows = pd.read_csv(csv_path)
            assert len(rows) > 0, f"{rel} {fig_id}: empty data file"
            spec = _figure_spec(text, fig_id)
            if spec is not None:  # every column of the data file is a field the chart has in its data
                fields = set()
                for values in spec.get("datasets", {}).values():
                    for row in values[:50]:
                        fields |= set(row)
                assert len(rows) <= sum(len(v) for v in spec.get("datasets", {}).values()) or not fields, (rel, fig_id)
            checked += 1
    assert checked >= 15, f"only {checked} figures with a data link"


def _figure_spec(text: str, fig_id: str) -> dict | None:
    start = text.find(f'id="{fig_id}"')
    match = re.search(r"var spec=(\{.*?\});function draw", text[start:], re.DOTALL)
    return json.loads(match.group(1)) if match else None


def test_no_python_number_formats_in_pages(site):
    html, _, _ = site
    bad = []
    for rel in pages(html):
        if rel == "chapters/api.html":  # function signatures are code
            continue
        text = (html / rel).read_text()
        text = re.sub(r"<script.*?</script>|<style.*?</style>|<pre.*?</pre>|<code.*?</code>", " ", text, flags=re.DOTALL)
        visible = re.sub(r"<[^>]+>", " ", text)
        for m in re.findall(r"\b\d(?:\.\d+)?e[+-]\d+\b|\b10\^-?\d", visible):
            bad.append(f"{rel}: {m}")
    assert not bad, bad[:20]


def test_calculator_recomputes_and_agrees_with_projections(site, loaded):
    from compute_limits.report.projections import flops, usd

    results = site[2]
    page, _, log = loaded["chapters/future_costs.html"]
    page.bring_to_front()
    calc = page.locator("#fig-future-costs-calculator")
    calc.scroll_into_view_if_needed()

    def lines() -> dict:
        texts = calc.locator("svg text").all_text_contents()
        return {t.split(":")[0]: t for t in texts if t.split(":")[0] in ("Compute", "Cost", "CO2", "Affordable")}

    page.wait_for_function("() => document.querySelector('#fig-future-costs-calculator svg text') !== null")
    before = lines()
    proj = pd.read_csv(results / "projections.csv")
    bench = page.locator("#fig-future-costs-calculator select[name='benchmark']").input_value()
    form = page.locator("#fig-future-costs-calculator input[name='form']:checked").input_value()
    target = float(page.locator("#fig-future-costs-calculator input[name='target']").input_value()) / 100
    from compute_limits.config import load_costs
    vintage = load_costs().default_vintage  # the calculator opens on the default vintage
    row = proj[(proj["benchmark"] == bench) & (proj["form"] == form) & (proj["model_set"] == "all")
               & ((proj["target_error"] - target).abs() < 1e-9) & (proj["hardware_vintage"] == vintage)].iloc[0]
    assert flops(row["log10_flops"]) in before["Compute"], (before, row["log10_flops"])
    assert usd(row["log10_usd"]) in before["Cost"], (before, row["log10_usd"])
    ARTIFACTS.mkdir(exist_ok=True)
    calc.screenshot(path=str(ARTIFACTS / "calculator-default.png"))
    # move the target to another projected target and read the new value: first one the rule calls estimable (a
    # number to compare; on the form that has most of them, chosen with its radio button), then, with the
    # slider, one it does not where there is one (the words)
    def candidates(f):
        rows = proj[(proj["benchmark"] == bench) & (proj["form"] == f) & (proj["model_set"] == "all")
                    & (proj["hardware_vintage"] == vintage) & ~proj["is_today"].astype(str).str.lower().eq("true")
                    & ((proj["target_error"] - target).abs() > 1e-9)]
        ok = rows["estimable"].astype(str).str.lower().eq("true")
        return pd.concat([rows[ok], rows[~ok]]), int(ok.sum())

    shown_form = form
    form = max(proj.loc[proj["benchmark"] == bench, "form"].unique(), key=lambda f: (candidates(f)[1], f == shown_form))
    others, n_estimable = candidates(form)
    assert n_estimable, f"no other target of {bench} the rule calls estimable"
    page.locator(f"#fig-future-costs-calculator input[name='form'][value='{form}']").check()
    other = others.iloc[0]
    page.locator("#fig-future-costs-calculator input[name='target']").fill(str(round(100 * other["target_error"], 6)))
    page.locator("#fig-future-costs-calculator input[name='target']").dispatch_event("input")
    page.wait_for_timeout(500)
    after = lines()
    def expected(r) -> str:  # the book's one rule, applied in the browser: too wide (interval.max_orders) in words
        return flops(r["log10_flops"]) if str(r["estimable"]).lower() == "true" else "not estimable from these data"

    assert after["Compute"] != before["Compute"]
    assert flops(other["log10_flops"]) in after["Compute"], (after, other["log10_flops"])
    calc.screenshot(path=str(ARTIFACTS / "calculator-moved.png"))
    # the controls come first (vega-embed appends them after the chart), and the slider's raw log10 value is hidden
    above = page.evaluate("""() => { const c = document.querySelector('#fig-future-costs-calculator');
        return c.querySelector('.vega-bindings').getBoundingClientRect().bottom
               <= c.querySelector('svg').getBoundingClientRect().top; }""")
    assert above, "the calculator's inputs are below its results"
    assert not page.locator("#fig-future-costs-calculator input[name='target_log10'] + span").is_visible()
    # the log-scale slider follows the number box, and moving the slider sets the box and the results
    slider = page.locator("#fig-future-costs-calculator input[name='target_log10']")
    assert abs(float(slider.input_value()) - math.log10(100 * other["target_error"])) < 0.01
    third = others[(others["target_error"] - other["target_error"]).abs() > 1e-9].iloc[-1]
    slider.evaluate("(el, v) => { el.value = v; el.dispatchEvent(new Event('input')); }",
                    str(math.log10(100 * third["target_error"])))
    page.wait_for_timeout(500)
    box = float(page.locator("#fig-future-costs-calculator input[name='target']").input_value())
    assert box == float(f"{100 * third['target_error']:.3g}"), (box, third["target_error"])
    assert expected(third) in lines()["Compute"], (lines(), third["log10_flops"])
    assert not log, log


def test_no_request_leaves_the_machine_and_math_is_local(site):
    html, _, _ = site
    external = re.compile(r'<(?:script|link)[^>]+(?:src|href)="(?:https?:)?//[^"]+"')
    for rel in pages(html):
        text = (html / rel).read_text()
        assert not external.findall(text), (rel, external.findall(text)[:3])
    assert (html / "_static" / "vendor" / "vega-bundle.js").exists()
    assert (html / "_static" / "mathjax" / "tex-chtml.js").exists()


def test_every_results_file_is_downloadable_from_the_data_appendix(site):
    html, _, results = site
    text = (html / "chapters" / "data_appendix.html").read_text()
    linked = set(re.findall(r'download[^>]*href="[^"]*?([a-z_0-9]+\.csv)"', text)) | \
        set(re.findall(r'href="[^"]*_downloads/[^"]*/([a-z_0-9]+\.csv)"', text))
    files = {p.name for p in results.glob("*.csv")} - {"dictionary.csv"}
    assert files - linked <= set(), f"results files not downloadable from the data appendix: {sorted(files - linked)}"
    dictionary = pd.read_csv(io.StringIO((results / "dictionary.csv").read_text()))
    assert not (dictionary["meaning"] == "(undocumented)").any()


REWORKED = {  # issue 15's "charts a reader can read", by page: each is captured in test-artifacts/charts/
    "chapters/history.html": ["fig-history-longrun", "fig-history-hardware"],
    "chapters/out_of_sample.html": ["fig-oos-fits", "fig-oos-residuals", "fig-oos-growth"],
    "chapters/benchmarks/02_coco.html": ["fig-coco-conversion"],
    "chapters/ways_out.html": ["fig-ways-out-rates", "fig-ways-out-years"],
}


def test_reworked_charts_have_readable_distinct_axis_labels(loaded):
    """No axis repeats a tick label ("2021 2021 2021"), no label is smaller than 10 px, and each chart
    is saved as a screenshot for review."""
    out = ARTIFACTS / "charts"
    out.mkdir(parents=True, exist_ok=True)
    problems = []
    for rel, ids in REWORKED.items():
        page, _, log = loaded[rel]
        page.bring_to_front()
        for fig in ids:
            figure = page.locator(f"#{fig}")
            assert figure.count() == 1, f"{rel}: no #{fig}"
            figure.scroll_into_view_if_needed()
            figure.screenshot(path=str(out / f"{fig}.png"))
            axes = figure.evaluate("""f => Array.from(f.querySelectorAll('g.role-axis')).map(axis =>
                Array.from(axis.querySelectorAll('g.role-axis-label text')).map(t =>
                    [t.textContent, parseFloat(getComputedStyle(t).fontSize)]))""")
            assert axes, f"{rel} #{fig}: no axis drawn"
            for labels in axes:
                texts = [t for t, _ in labels if t]
                if len(texts) != len(set(texts)):
                    problems.append(f"{rel} #{fig}: repeated tick labels {texts}")
                small = [t for t, size in labels if size < 10]
                if small:
                    problems.append(f"{rel} #{fig}: labels under 10 px {small[:5]}")
        assert not log, log
    assert not problems, "\n".join(problems)


def _layout_problems(rel: str, found: dict) -> list[str]:
    return [f"{rel}: {kind}: {what}" for kind, items in found.items() for what in items]


def test_every_page_reads_on_a_desktop(loaded):
    """At 1400 px: no page wider than the window, no table, caption or chart cut without a visible scroll bar,
    no chart text under 10 px (Table 3.2's "v1 sample" column, Table 4.1's caption, the data dictionary)."""
    problems = []
    for rel, (page, _, _) in loaded.items():
        problems += _layout_problems(rel, page.evaluate(LAYOUT_JS))
    assert not problems, "\n".join(problems[:30])


def test_every_page_reads_on_a_phone(site, chromium):
    """At 390 px, every page: the same checks as on a desktop (tables scroll in their box with a bar, captions
    wrap outside it, charts fill the width with text at least 10 px), every table that scrolls shows its cue
    (:data:`SCROLL_CUE_JS`), no console error; a screenshot of the top of each page in test-artifacts/phone/."""
    html, base, _ = site
    out = ARTIFACTS / "phone"
    out.mkdir(parents=True, exist_ok=True)
    context = chromium.new_context(viewport={"width": PHONE, "height": 844}, device_scale_factor=1)
    problems, log, n_pages = [], [], 0
    try:
        for rel in pages(html):
            page, _ = open_page(context, base, rel, log)
            problems += _layout_problems(rel, page.evaluate(LAYOUT_JS))
            problems += [f"{rel}: scroll cue: {p}" for p in page.evaluate(SCROLL_CUE_JS)]
            page.screenshot(path=str(out / (rel.replace("/", "_").removesuffix(".html") + ".png")))
            page.close()
            n_pages += 1
    finally:
        context.close()
    assert n_pages >= 20
    assert not problems, "\n".join(problems[:30])
    assert not log, "console errors, warnings or failed requests:\n" + "\n".join(log[:20])


AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def test_every_page_passes_axe_and_every_chart_is_described(loaded):
    """axe-core (the version axe-playwright-python bundles), WCAG 2 A and AA rules, on every page as drawn: no
    serious or critical violation.  Every chart (vega-embed's ``graphics-document`` around its SVG) is labelled
    (Vega's ``description``) with what it shows, then its figure's caption."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    problems, charts = [], 0
    for rel, (page, n, _) in loaded.items():
        # preload off: axe's CSS preload fetches the theme's @import relative to the page (a 404 of its own);
        # resultTypes: only violations are read, so axe keeps every violating node and skips collecting the nodes
        # that pass (axe's documented option for large pages: the data appendix's tables)
        result = axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}, "preload": False,
                                        "resultTypes": ["violations"]})
        for v in result.response["violations"]:
            if v["impact"] in ("serious", "critical"):
                problems.append(f"{rel}: {v['impact']} {v['id']} ({len(v['nodes'])}): "
                                f"{v['nodes'][0]['target']} {v['help']}")
        labels = page.evaluate("""() => Array.from(document.querySelectorAll('.cl-vega-chart')).map(c => {
            const doc = c.querySelector('[role="graphics-document"]');  // vega-embed's box around the SVG
            const cap = c.closest('figure') && c.closest('figure').querySelector('figcaption');
            return [c.id, doc ? (doc.getAttribute('aria-label') || '') : '',
                    cap ? cap.innerText.replace(/\\s+/g, ' ').replace(/^Fig\\. [0-9.]+ /, '').slice(0, 30) : ''];
        })""")
        for div, label, caption in labels:
            charts += 1
            own = label.split(caption)[0] if caption else label
            if len(own.strip(" .")) < 20:  # a sentence of its own, not only the caption
                problems.append(f"{rel} #{div}: the chart does not say what it shows: {label[:80]!r}")
    assert charts >= 15, charts
    assert not problems, "\n".join(problems[:30])


def test_code_links_open_a_readable_source_with_a_way_back(site, chromium):
    """A figure's "Code" link opens the chapter's source at its line, at 390 px without sideways scrolling: prose
    as text, code cells highlighted as Python, a link back to the chapter; the API page's [source] links open the
    package's modules (sphinx.ext.viewcode)."""
    html, base, _ = site
    text = (html / "chapters" / "history.html").read_text()
    href = re.search(r'href="(\.\./sources/chapters/history\.md\.html#L(\d+))"', text)
    assert href, "no Code link on the history page"
    context = chromium.new_context(viewport={"width": PHONE, "height": 844})
    log = []
    try:
        page = context.new_page()
        page.on("console", lambda m: log.append(m.text) if m.type in ("error", "warning") else None)
        page.goto(f"{base}/chapters/{href.group(1)}", wait_until="load")
        found = page.evaluate("""line => ({
            wide: document.documentElement.scrollWidth > document.documentElement.clientWidth + 1,
            target: !!document.getElementById('L' + line),
            python: document.querySelectorAll('.cell .highlight .kn, .cell .highlight .n').length,
            proseAsCode: document.querySelectorAll('.prose .k, .prose .kn, .prose .s').length,
            back: (document.querySelector('nav a') || {}).href || ''})""", href.group(2))
        (ARTIFACTS / "phone").mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "phone" / "source-history.png"))
        assert found["target"] and not found["wide"] and found["python"] > 20 and found["proseAsCode"] == 0, found
        assert found["back"].endswith("/chapters/history.html"), found
        page.goto(found["back"], wait_until="load")
        assert "history" in page.url
        page.close()
    finally:
        context.close()
    assert not log, log
    api = (html / "chapters" / "api.html").read_text()
    modules = re.findall(r'href="(\.\./_modules/compute_limits/[^"#]+\.html)', api)
    assert modules and all((html / "chapters" / m).resolve().exists() for m in set(modules)), modules[:3]

"""Command-line interface: ``python -m compute_limits <command>`` (also ``compute-limits``)::

    assets                    write the vega bundle the site loads (make venv does, once)
    data                      fetch/verify the raw data (mirror: COMPUTE_LIMITS_DATA_MIRROR)
    run   [-p K=V] [-d ID=PATH] [--only CH] [--force]
                              execute the chapters whose inputs changed (all or nothing)
    html  / pdf               build the site / the PDF (strict: -W --keep-going)
    book  [-p ...] [-d ...]   data + run + html, then print where index.html is
    validate [-d ID=PATH ...] check every configured input (and your files) without running anything
    status                    which chapters are up to date, with their parameters and inputs
    epoch-live [--url URL]    download Epoch's live export and rebuild with it

Problems with input files, parameters or configuration print one clear message each, never a traceback.
Each command imports what it uses inside its own function, so that a command (or a refused parameter)
pays only for its own modules: pandas, papermill, Sphinx and altair take seconds to import.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ..data import paths
from ..data.files import atomic_write
from ..errors import ConfigError, DataValidationError

SITE = paths.BUILD / "site"  # Sphinx works here; a successful build is published to _build/html
SITE_PDF = paths.BUILD / "site-pdf"  # the PDF's own Sphinx environment (its table of contents differs)
PDF_TOC = paths.ROOT / "_toc_pdf.yml"  # the printed book: no API reference
PDF_NAME = "computational-limits.pdf"
DEBUG_ENV = "COMPUTE_LIMITS_DEBUG"


def _jb() -> list[str]:
    """``jupyter-book`` as this interpreter runs it, with Sphinx using every core (see jupyter_book_jobs)."""
    return [sys.executable, "-m", "compute_limits.pipeline.jupyter_book_jobs", str(os.cpu_count() or 1)]


def write_assets() -> Path:
    """Write the vega bundle the HTML loads from ``_static/vendor`` (no CDN).  It depends only on the pinned
    vl-convert, so ``make venv`` writes it with the environment (3-6 s, once)."""
    from ..report.charts import vega_bundle  # altair and vl-convert: only for this command

    return atomic_write(paths.STATIC / "vendor" / "vega-bundle.js", vega_bundle())


def ensure_assets() -> Path:
    """The vega bundle, written if missing (a checkout whose environment predates ``make venv`` writing it)."""
    target = paths.STATIC / "vendor" / "vega-bundle.js"
    # Checked before importing: the chart module brings pandas, altair and vl-convert (~1.1 s).
    return target if target.exists() else write_assets()


def cmd_assets(args) -> int:
    print(f"assets: {write_assets().relative_to(paths.ROOT)}")
    return 0


def build(builder: str, fresh: bool = False) -> int:
    from filelock import FileLock

    with FileLock(str(paths.BUILD / ".site.lock")):  # one Sphinx build at a time per checkout
        return _build(builder, fresh)


def _build(builder: str, fresh: bool) -> int:
    ensure_assets()
    pdf = builder == "pdflatex"
    cmd = _jb() + ["build", str(paths.ROOT), "--path-output", str(SITE_PDF if pdf else SITE), "--builder", builder,
                   "-W", "--keep-going"] + (["--toc", str(PDF_TOC)] if pdf else [])
    if fresh:
        cmd.append("--all")
    print("$ " + " ".join(cmd), flush=True)
    return subprocess.run(cmd, cwd=paths.ROOT).returncode


def publish(name: str, site: Path = SITE) -> Path:
    """Replace ``_build/<name>`` by the fresh ``<site>/_build/<name>`` (the old one stays until then)."""
    built = site / "_build" / name
    target = paths.BUILD / name
    tmp = paths.BUILD / f".{name}-new"
    shutil.rmtree(tmp, ignore_errors=True)
    shutil.copytree(built, tmp, copy_function=functools.partial(_link_or_copy, built, target))
    old = paths.BUILD / f".{name}-old"
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        os.replace(target, old)
    os.replace(tmp, target)
    shutil.rmtree(old, ignore_errors=True)
    return target


def _link_or_copy(built: Path, published: Path, src: str, dst: str) -> str:
    """Copy ``src`` (a file of the site just built) to ``dst``, or hard-link the published site's copy when
    it has the same size and date.  A published site is never written in place (each build makes a new one
    and swaps it in), so the two sites may share unchanged files: MathJax, the theme and most pages (about
    40 MB).  The Sphinx site is never linked: Sphinx rewrites its files in place."""
    old = published / Path(src).relative_to(built)
    try:
        st, ot = os.stat(src), os.stat(old)
        if (st.st_size, st.st_mtime_ns) == (ot.st_size, ot.st_mtime_ns):
            os.link(old, dst)
            return dst
    except OSError:  # not published before, or no hard links here: copy
        pass
    return shutil.copy2(src, dst)


def cmd_data(args) -> int:
    from ..data.fetch import FetchError, fetch_all

    try:
        reports = fetch_all(mirror=args.mirror)
    except FetchError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    for r in reports:
        print(f"  {r.action:8s} {r.id:12s} {r.path.relative_to(paths.ROOT)}  (from {r.source})")
    print(f"data: {len(reports)} files verified (sha256)")
    return 0


def _overrides(args) -> dict:
    return paths.parse_data_overrides(args.data)


def cmd_run(args) -> int:
    from . import stamps

    t0 = time.perf_counter()
    if not (args.force or args.only) and stamps.run_is_current(args.param, args.data):
        print(f"chapters: 0 executed; nothing a chapter reads or the run leaves has changed since the last "
              f"complete run ({time.perf_counter() - t0:.1f} s)")
        return 0
    inputs = stamps.run_inputs(args.param, args.data)
    from .kernels import WORKERS, Pool, likely_imports

    # Something changed, so a chapter will probably execute: its kernel boots and imports what the changed
    # chapters import (about 4 s, in its own process) while this process imports the pipeline and hashes
    # the chapters (about 1.5 s).
    kernels = Pool(WORKERS)
    kernels.prestart(likely_imports(stamps.last_run_time()))
    try:
        from .pipeline import ChapterFailed, run

        try:
            run(args.param, _overrides(args), only=args.only, force=args.force, kernels=kernels)
        except ChapterFailed as err:
            print(f"error: {err}", file=sys.stderr)
            return 1
    finally:
        kernels.close()  # the run closes it too; this covers input refused before the run began
    if not args.only:  # an --only run leaves the other chapters unchecked
        stamps.write_run_stamp(inputs)
    return 0


def cmd_html(args) -> int:
    from .stamps import site_is_current, write_site_stamp

    published = paths.BUILD / "html"
    if not args.fresh and site_is_current(published, "html"):
        print(f"book: file://{published / 'index.html'} (up to date: nothing it is built from changed)")
        return 0
    from .site import add_extras, draw_preview

    # The link-preview PNG is drawn in a thread while Sphinx, a subprocess, starts up.
    with ThreadPoolExecutor(max_workers=1) as pool:
        preview = pool.submit(draw_preview, SITE / "_build" / "html")
        code = build("html", fresh=args.fresh)
    if code != 0:
        print("error: the site was not rebuilt (Sphinx reported problems above); the previous "
              f"{paths.BUILD.name}/html is untouched", file=sys.stderr)
        return code
    add_extras(SITE / "_build" / "html", paths.BUILD / "latex" / PDF_NAME, preview.result())
    write_site_stamp(SITE / "_build" / "html", "html")
    target = publish("html")
    print(f"book: file://{target / 'index.html'}")
    return 0


def cmd_pdf(args) -> int:
    code = build("pdflatex", fresh=args.fresh)
    pdf = SITE_PDF / "_build" / "latex" / PDF_NAME
    if code != 0 or not pdf.exists():
        print("error: the PDF was not rebuilt; the previous one is untouched", file=sys.stderr)
        return code or 1
    target = publish("latex", SITE_PDF)
    html = paths.BUILD / "html"
    if html.exists():  # every HTML page links to the PDF of the same build (a new file: see _link_or_copy)
        atomic_write(html / PDF_NAME, (target / PDF_NAME).read_bytes())
    print(f"pdf: {target / PDF_NAME}")
    return 0


def cmd_book(args) -> int:
    t0 = time.perf_counter()
    for step in (cmd_data, cmd_run, cmd_html):
        code = step(args)
        if code:
            return code
    print(f"book built in {time.perf_counter() - t0:.1f} s")
    return 0


def cmd_validate(args) -> int:
    from ..data.validate import check_inputs
    from .registry import load_jobs

    jobs = load_jobs(args.param, _overrides(args))
    metrics = next((j.params["metrics"] for j in jobs if "metrics" in j.params), None)
    checked = check_inputs(_overrides(args), metrics)
    for c in checked:
        try:
            shown = c.path.relative_to(paths.ROOT)
        except ValueError:
            shown = c.path
        print(f"  ok  {c.key:12s} {shown}: {c.what}")
    print(f"valid: {len(checked)} input files checked, and {len(jobs)} chapter jobs' parameters")
    return 0


def cmd_status(args) -> int:
    from .pipeline import input_records, status

    for job, state in status(args.param, _overrides(args)):
        print(f"  {job.id:28s} {state}")
        if args.verbose:
            for key, value in sorted(job.params.items()):
                print(f"      param  {key} = {json.dumps(value, default=str)}")
            for rec in input_records(job):
                print(f"      input  {rec['key']}: {rec.get('url') or rec['path']} sha256 {rec['sha256'][:16]}…")
    return 0


def cmd_epoch_live(args) -> int:
    from ..data.live import LiveFetchError, fetch_live_epoch

    try:
        info = fetch_live_epoch(args.url, paths.DATA / "live")
    except LiveFetchError as err:  # network or validation failure: nothing replaced
        print(f"error: live export not fetched ({err}); previous data left in place", file=sys.stderr)
        return 1
    print(json.dumps(info, indent=2, default=str))
    args.data = list(args.data or []) + [f"epoch={info['path']}"]
    return cmd_run(args) or cmd_html(args)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="compute-limits", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)

    def common(p):
        p.add_argument("-p", "--param", action="append", default=[],
                       help="chapter parameter key=value or chapter.key=value (repeatable)")
        p.add_argument("-d", "--data", action="append", default=[],
                       help="use your own data file: ID=PATH (benchmark id or 'epoch'; repeatable)")
        p.add_argument("--only", action="append", default=[], help="run only this chapter id")
        p.add_argument("--force", action="store_true", help="re-execute even if up to date")
        p.add_argument("--mirror", default=None, help="data mirror folder (default: $COMPUTE_LIMITS_DATA_MIRROR)")
        p.add_argument("--fresh", action="store_true", help="rebuild every page (Sphinx --all)")
        p.add_argument("-v", "--verbose", action="store_true", help="status: show parameters and inputs")

    for name, func in [("assets", cmd_assets), ("data", cmd_data), ("run", cmd_run), ("html", cmd_html),
                       ("pdf", cmd_pdf), ("book", cmd_book), ("validate", cmd_validate), ("status", cmd_status)]:
        p = sub.add_parser(name)
        common(p)
        p.set_defaults(func=func)
    p = sub.add_parser("epoch-live")
    common(p)
    p.add_argument("--url", default="https://epoch.ai/data/all_ai_models.csv")
    p.set_defaults(func=cmd_epoch_live)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except DataValidationError as err:
        print(f"error: refused to run, nothing was changed.\n{err}", file=sys.stderr)
        return 2
    except (ConfigError, ValueError, FileNotFoundError, KeyError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except Exception as err:  # a bug: one line, and the traceback on request
        if os.environ.get(DEBUG_ENV):
            raise
        print(f"error: unexpected {type(err).__name__}: {err} (set {DEBUG_ENV}=1 for the traceback)",
              file=sys.stderr)
        return 1

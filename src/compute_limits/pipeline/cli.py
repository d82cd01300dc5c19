"""Command-line interface: ``python -m compute_limits <command>`` (also ``compute-limits``)::

    assets                    write the vega bundle the site loads (make venv does, once)
    data                      fetch/verify the raw data (mirror: COMPUTE_LIMITS_DATA_MIRROR)
    run   [-p K=V] [-d ID=PATH] [--only CH] [--force]
                              execute the chapters whose inputs changed (all or nothing)
    html  / pdf               build the site / the PDF with Jupyter Book (warnings are errors)
    book  [-p ...] [-d ...]   data + run + html, then print where index.html is
    validate [-d ID=PATH ...] check every configured input (and your files) without running anything
    status [-v]               what the data and parameters given change and reach; which chapters are up
                              to date, with their parameters and inputs
    epoch-live [--url URL]    download Epoch's live export and rebuild with it
    publish                   keep the installed results as the edition variants compare with (_build/published;
                              a complete run that changes no data or parameter does it itself)
    compare A B [--all] [--csv FILE]
                              the headline answers that differ between two results folders

``make book`` calls ``run`` and ``html`` only when a file they read changed (see the Makefile).
A problem with input files, parameters or configuration (the book's own error, ``BookError``) prints one
clear message, never a traceback; any other exception is a bug and prints its traceback.  Each command
imports what it uses inside its own function, so that a command (or a refused parameter) pays only for its
own modules: pandas, papermill, Sphinx and altair take seconds to import.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from ..data import paths
from ..data.files import atomic_write
from ..errors import BookError, DataValidationError


def write_assets():
    """Write the vega bundle the HTML loads from ``_static/vendor`` (no CDN).  It depends only on the pinned
    vl-convert, so ``make venv`` writes it with the environment (3-6 s, once)."""
    from ..report.charts import vega_bundle  # altair and vl-convert: only for this command

    return atomic_write(paths.STATIC / "vendor" / "vega-bundle.js", vega_bundle())


def ensure_assets():
    """The vega bundle, written if missing (a checkout whose environment predates ``make venv`` writing it)."""
    target = paths.STATIC / "vendor" / "vega-bundle.js"
    # Checked before importing: the chart module brings pandas, altair and vl-convert (~1.1 s).
    return target if target.exists() else write_assets()


def cmd_assets(args) -> int:
    print(f"assets: {write_assets().relative_to(paths.ROOT)}")
    return 0


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
    from .pipeline import ChapterFailed, run

    try:
        run(args.param, _overrides(args), only=args.only, force=args.force, edited=args.edited)
    except ChapterFailed as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    return 0


def cmd_html(args) -> int:
    from .site import build_html

    ensure_assets()
    code, target = build_html(fresh=args.fresh)
    if code != 0:
        print("error: the site was not rebuilt (Sphinx reported problems above); the previous "
              f"{paths.BUILD.name}/html is untouched", file=sys.stderr)
        return code
    print(f"book: file://{target / 'index.html'}")
    return 0


def cmd_pdf(args) -> int:
    from .site import build_pdf

    code, pdf = build_pdf(fresh=args.fresh)
    if code != 0:
        print("error: the PDF was not rebuilt; the previous one is untouched", file=sys.stderr)
        return code
    print(f"pdf: {pdf}")
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
    from .reach import reaches, summary
    from .registry import chapter_parameters, load_jobs

    for line in summary(reaches(load_jobs(args.param, _overrides(args)), _overrides(args))):
        print(line)  # what the build asked for changes from the published edition, and what it reaches
    for job, state in status(args.param, _overrides(args)):
        print(f"  {job.id:28s} {state}")
        if args.verbose:
            for name, param in chapter_parameters(job.source).items():  # its meaning: parameters.DESCRIPTIONS
                value = json.dumps(job.params[name], default=str) if name in job.params else param.default
                given = "set" if name in job.params else "default"
                print(f"      param  {name} = {value} ({given}): {param.comment}")
            for rec in input_records(job):
                print(f"      input  {rec['key']}: {rec.get('url') or rec['path']} sha256 {rec['sha256'][:16]}…")
    return 0


def cmd_publish(args) -> int:
    """Keep the installed results as the edition variant builds compare with (a complete run that changes
    nothing from the defaults does this itself)."""
    from . import provenance
    from .edition import publish

    if not (paths.RESULTS / "headlines.csv").is_file():
        print("error: no results to publish: build the book first (make book)", file=sys.stderr)
        return 1
    changes = {(c["kind"], c["name"], c["value"]): c for rec in provenance.read(provenance.PROVENANCE).values()
               for c in rec.get("variant") or []}
    kept = publish([{k: c[k] for k in ("kind", "name", "value")} for c in changes.values()])
    print(f"published: {kept['path']} (commit {kept['commit']}, {kept['built_at']}"
          + (f"; built with {', '.join(c['name'] + ' = ' + c['value'] for c in kept['changes'])}" if kept["changes"]
             else "") + ")")
    return 0


def cmd_compare(args) -> int:
    """Print the headline answers that differ between two results folders (A, then B)."""
    from ..analysis.changes import compare
    from ..data.results import read_result
    from ..report.changes import text

    folders = [Path(f) for f in args.folders]
    for folder in folders:
        if not (folder / "headlines.csv").is_file():
            print(f"error: {folder} holds no headlines.csv (a results folder, such as _build/results or "
                  "_build/published)", file=sys.stderr)
            return 2
    table = compare(read_result("headlines", folders[0]), read_result("headlines", folders[1]))
    print(f"A = {folders[0]}\nB = {folders[1]}")
    print(text(table, every_row=args.all))
    if args.csv:
        table.to_csv(args.csv, index=False)
        print(f"written: {args.csv}")
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
        p.add_argument("--edited", action="append", default=[],
                       help="run: a chapter source that is the only kind of file changed since the last complete "
                            "run (make passes them); prose-only edits then skip the full check")

    for name, func in [("assets", cmd_assets), ("data", cmd_data), ("run", cmd_run), ("html", cmd_html),
                       ("pdf", cmd_pdf), ("book", cmd_book), ("validate", cmd_validate), ("status", cmd_status)]:
        p = sub.add_parser(name)
        common(p)
        p.set_defaults(func=func)
    p = sub.add_parser("publish")
    p.set_defaults(func=cmd_publish)
    p = sub.add_parser("compare")
    p.add_argument("folders", nargs=2, metavar="RESULTS", help="two results folders: A, then B")
    p.add_argument("--all", action="store_true", help="list every headline row, not only those that differ")
    p.add_argument("--csv", default=None, help="also write the comparison (changes.csv's columns) to this file")
    p.set_defaults(func=cmd_compare)
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
    except BookError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2

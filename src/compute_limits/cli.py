"""Command-line interface: ``python -m compute_limits <command>`` (also ``compute-limits``).

    data                      fetch/verify the raw data (mirror: COMPUTE_LIMITS_DATA_MIRROR)
    run   [-p K=V] [-d ID=PATH] [--only CH] [--force]
                              execute the chapters whose inputs changed
    html  / pdf               build the site / the PDF (strict: -W --keep-going)
    book  [-p ...] [-d ...]   data + run + html, then print where index.html is
    validate -d ID=PATH ...   check user data files without running anything
    status                    which chapters are up to date
    epoch-live [--url URL]    download Epoch's live export and rebuild the history chapter
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

from . import paths


def _jb() -> list[str]:
    exe = Path(sys.executable).with_name("jupyter-book")
    return [str(exe)] if exe.exists() else ["jupyter-book"]


def ensure_assets() -> Path:
    """Write the vega bundle the HTML loads from ``_static/vendor`` (no CDN)."""
    from .charts import vega_bundle

    target = paths.STATIC / "vendor" / "vega-bundle.js"
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(".part")
        tmp.write_text(vega_bundle(), encoding="utf-8")
        tmp.replace(target)
    return target


def build(builder: str, fresh: bool = False) -> int:
    ensure_assets()
    cmd = _jb() + ["build", str(paths.ROOT), "--builder", builder, "-W", "--keep-going"]
    if fresh:
        cmd.append("--all")
    print("$ " + " ".join(cmd), flush=True)
    return subprocess.run(cmd, cwd=paths.ROOT).returncode


def cmd_data(args) -> int:
    from .fetch import FetchError, fetch_all

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
    from .userdata import parse_data_overrides

    return parse_data_overrides(args.data)


def cmd_run(args) -> int:
    from .pipeline import ChapterFailed, run
    from .validation import DataValidationError

    try:
        run(args.param, _overrides(args), only=args.only, force=args.force)
    except DataValidationError as err:
        print(f"error: refused to run, nothing was changed.\n{err}", file=sys.stderr)
        return 2
    except (ChapterFailed, ValueError, FileNotFoundError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    return 0


def cmd_html(args) -> int:
    code = build("html", fresh=args.fresh)
    if code == 0:
        print(f"book: file://{paths.BUILD / 'html' / 'index.html'}")
    return code


def cmd_pdf(args) -> int:
    code = build("pdflatex", fresh=args.fresh)
    pdf = paths.BUILD / "latex" / "computational-limits.pdf"
    if code == 0 and pdf.exists():
        print(f"pdf: {pdf}")
    return code


def cmd_book(args) -> int:
    t0 = time.perf_counter()
    for step in (cmd_data, cmd_run, cmd_html):
        code = step(args)
        if code:
            return code
    print(f"book built in {time.perf_counter() - t0:.1f} s")
    return 0


def cmd_validate(args) -> int:
    from .userdata import validate_overrides
    from .validation import DataValidationError

    try:
        validate_overrides(_overrides(args))
    except DataValidationError as err:
        print(err, file=sys.stderr)
        return 2
    print("valid")
    return 0


def cmd_status(args) -> int:
    from .pipeline import input_hash, input_records, is_current, load_jobs

    for job in load_jobs(args.param, _overrides(args)):
        if not job.source.exists():
            state = "not written"
        else:
            state = "up to date" if (not job.after and is_current(job, input_hash(job, input_records(job)))) else "to run"
        print(f"  {job.id:28s} {state}")
    return 0


def cmd_epoch_live(args) -> int:
    from .live import fetch_live_epoch

    try:
        info = fetch_live_epoch(args.url, paths.DATA / "live")
    except Exception as err:  # network or validation failure: nothing replaced
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

    for name, func in [("data", cmd_data), ("run", cmd_run), ("html", cmd_html), ("pdf", cmd_pdf),
                       ("book", cmd_book), ("validate", cmd_validate), ("status", cmd_status)]:
        p = sub.add_parser(name)
        common(p)
        p.set_defaults(func=func)
    p = sub.add_parser("epoch-live")
    common(p)
    p.add_argument("--url", default="https://epoch.ai/data/all_ai_models.csv")
    p.set_defaults(func=cmd_epoch_live)
    args = parser.parse_args(argv)
    if args.command == "validate":
        args.data = list(args.data)
    return args.func(args)

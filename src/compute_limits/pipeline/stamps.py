"""Quick answers to "has anything changed since the last build?", from file sizes and dates.

The authorities are the pipeline's content hashes (what a chapter reads) and Sphinx's own dependency
tracking; computing the hashes means importing pandas, pandera and the loaders and reading every input
(~2 s).  A *stamp* is cheaper: the path, size and modification time of every file a step can read or
leaves behind, with its arguments.  A step whose stamp matches the one it left after its last complete
run has nothing to do; any difference (an edit, a touch, a deleted notebook, other parameters) falls
through to the full check, so a stamp can only skip work that the full check would skip too.
(make works the same way; this keeps the book's own list of what each step reads.)
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from ..data import paths
from ..data.files import atomic_write
from .provenance import git_commit

RUN_STAMP = paths.BUILD / ".run-stamp"
SITE_STAMP = ".inputs-sha256"  # in a published site: what it was built from


def files_under(*roots: Path) -> list[Path]:
    """Every file under ``roots`` (files themselves included), sorted, without ``__pycache__``."""
    out: list[Path] = []
    for root in roots:
        if root.is_file():
            out.append(root)
        elif root.is_dir():
            out += sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    return out


def fingerprint(files, extra: str = "") -> str:
    """sha256 of each file's path (repository-relative inside it, so a copied checkout keeps its stamps), size
    and modification time (missing files count as missing), and ``extra``."""
    digest = hashlib.sha256(extra.encode())
    for f in files:
        f = Path(f)
        if f.is_relative_to(paths.ROOT):
            f = f.relative_to(paths.ROOT)
        try:
            st = (paths.ROOT / f).stat()
            digest.update(f"{f}:{st.st_size}:{st.st_mtime_ns}\n".encode())
        except OSError:
            digest.update(f"{f}:missing\n".encode())
    return digest.hexdigest()


# ---------------------------------------------------------------- the run step


def run_inputs(params, data) -> str:
    """What any chapter can read: chapter sources and registry, the package, ``data/`` (configurations and
    raw files), the pinned requirements, the user's files, and the command's parameters; and the commit
    (with its "-dirty" mark), which the reproducibility page records."""
    user = [Path(p) for p in paths.parse_data_overrides(data).values()]
    sources = [p for p in files_under(paths.CHAPTERS) if p.suffix != ".ipynb"]
    files = sources + files_under(paths.ROOT / "src" / "compute_limits", paths.DATA,
                                  paths.ROOT / "requirements.txt") + user
    return fingerprint(files, json.dumps({"params": list(params or []), "data": list(data or []),
                                          "commit": git_commit()}))


def run_outputs() -> str:
    """What a run leaves: the executed notebooks, the results and the provenance."""
    notebooks = [p for p in files_under(paths.CHAPTERS) if p.suffix == ".ipynb"]
    return fingerprint(notebooks + files_under(paths.RESULTS, paths.BUILD / "provenance"))


def run_is_current(params, data) -> bool:
    """Whether nothing a run reads or leaves has changed since the last complete run with these arguments."""
    try:
        stamp = json.loads(RUN_STAMP.read_text())
    except (OSError, ValueError):
        return False
    return stamp == {"inputs": run_inputs(params, data), "outputs": run_outputs()}


def last_run_time() -> float | None:
    """When the last complete run ended (its stamp's modification time), or None."""
    try:
        return RUN_STAMP.stat().st_mtime
    except OSError:
        return None


def write_run_stamp(inputs: str) -> None:
    """After a complete run: ``inputs`` as fingerprinted *before* it started (a file edited during the run
    then fails the next check), the outputs as they are now."""
    atomic_write(RUN_STAMP, json.dumps({"inputs": inputs, "outputs": run_outputs()}))


# ---------------------------------------------------------------- the html and pdf steps


def site_inputs(builder: str) -> str:
    """Everything a Sphinx build reads: executed notebooks, configuration, static files, bibliography,
    chapter sources, the package for the API page, the results copied into the site."""
    files = [paths.ROOT / n for n in ("_config.yml", "_toc.yml", "_toc_pdf.yml", "references.bib")]
    files += files_under(paths.CHAPTERS, paths.STATIC, paths.RESULTS, paths.ROOT / "src" / "compute_limits")
    return fingerprint(files, builder)


def site_is_current(site: Path, builder: str) -> bool:
    stamp = site / SITE_STAMP
    return stamp.exists() and stamp.read_text().strip() == site_inputs(builder)


def write_site_stamp(site: Path, builder: str) -> None:
    (site / SITE_STAMP).write_text(site_inputs(builder) + "\n")

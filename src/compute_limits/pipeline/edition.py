"""The published edition a variant build compares with, kept in ``_build/published/``.

After every complete run that changes nothing from the published edition (no data file given, no parameter
off its chapter's default: :func:`compute_limits.pipeline.reach.changes` is empty), the pipeline copies the
results it installed to ``_build/published/`` (:func:`publish`), with ``edition.json``: the commit and time of
that build, and the sha256 of its ``headlines.csv``.  A variant build passes that description to the front page
(its ``variant`` parameter, so the page runs again when the edition changes), which writes ``changes.csv``:
this build's headline answers beside the edition's.  ``compute_limits publish`` keeps the installed results as
the edition by hand (to compare variants with another variant: the edition then records the changes it was
built with).  A checkout that never built the default book has no edition; the front page says so.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil

from ..data import paths
from ..data.files import atomic_write, sha256_file

PUBLISHED = paths.BUILD / "published"
EDITION = "edition.json"


def read_edition() -> dict | None:
    """The published edition's description (None when there is none): ``path`` (relative to the repository),
    ``commit``, ``built_at`` (UTC), ``headlines_sha256``, ``changes`` (what it was built with; empty for the
    published edition proper)."""
    path = PUBLISHED / EDITION
    if not path.is_file() or not (PUBLISHED / "headlines.csv").is_file():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def publish(changes: list[dict] | None = None, results=None) -> dict:
    """Copy the installed results to ``_build/published`` (replacing the edition kept before) and describe them;
    ``changes``: what the build changed from the defaults (empty for a default build)."""
    from .provenance import git_commit

    results = results or paths.RESULTS
    kept = read_edition()
    if kept is not None and kept.get("changes", []) == list(changes or []) and _same_files(results, PUBLISHED):
        return kept  # the same results: the edition keeps its date (a variant compared with it need not re-run)
    new = paths.BUILD / ".published-new"
    shutil.rmtree(new, ignore_errors=True)
    shutil.copytree(results, new)
    headlines = new / "headlines.csv"
    edition = {"path": str(PUBLISHED.relative_to(paths.ROOT)), "commit": git_commit(),
               "built_at": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
               "headlines_sha256": sha256_file(headlines) if headlines.is_file() else "",
               "changes": list(changes or [])}
    atomic_write(new / EDITION, json.dumps(edition, indent=2, sort_keys=True))
    old = paths.BUILD / ".published-old"
    shutil.rmtree(old, ignore_errors=True)
    if PUBLISHED.exists():
        PUBLISHED.rename(old)
    new.rename(PUBLISHED)
    shutil.rmtree(old, ignore_errors=True)
    return edition


def _same_files(a, b) -> bool:
    """The two folders hold the same files with the same bytes (``edition.json`` aside)."""
    import filecmp

    def files(root):
        return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file() and p.name != EDITION)

    names = files(a)
    return names == files(b) and all(filecmp.cmp(a / n, b / n, shallow=False) for n in names)

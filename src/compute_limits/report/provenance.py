"""The reproducibility appendix's tables and the facts of its build, from the build's provenance.  (A variant
build's notice, on every page that depends on what it changed, is added by the book's Sphinx extension:
:mod:`compute_limits.pipeline.sphinx_ext`.)"""

from __future__ import annotations

import datetime as dt
import importlib.metadata as md
import json
import platform
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..quantities import Count
from .text import grouped

PACKAGES = ("jupyter-book", "sphinx", "myst-nb", "jupytext", "papermill", "pandas", "numpy", "scipy",
            "statsmodels", "altair", "vl-convert-python", "pandera", "pydantic", "pooch", "scikit-learn")


def package_versions(names=PACKAGES) -> pd.DataFrame:
    rows = [{"package": "python", "version": platform.python_version()}]
    for name in names:
        try:
            rows.append({"package": name, "version": md.version(name)})
        except md.PackageNotFoundError:
            rows.append({"package": name, "version": "not installed"})
    return pd.DataFrame(rows)


def chapter_table(records: dict, show_hashes: bool = True) -> pd.DataFrame:
    rows = []
    for job, rec in sorted(records.items()):
        when = dt.datetime.fromisoformat(rec["executed_at"]) if rec.get("executed_at") else None
        row = {"chapter": job, "source": rec["source"],
               "executed (UTC)": when.strftime("%d %b %Y %H:%M") if when else "",
               "seconds": f"{rec['seconds']:.1f}" if rec.get("seconds") is not None else ""}
        if show_hashes:
            row["input hash"] = (rec.get("input_hash") or "")[:12]
        rows.append(row)
    return pd.DataFrame(rows)


@dataclass
class Build:
    """What the appendix states about the build: the commit, when, how many chapter pages it executed, and
    whether the chapter table shows each page's input hash (else it is only in the provenance file)."""

    commit: str
    date: str  # UTC, e.g. "2026-12-07 15:12 UTC"
    n_chapters: Count
    show_hashes: bool


def build(records: dict, commit: str, show_hashes: bool, now: dt.datetime | None = None) -> Build:
    when = now or dt.datetime.now(dt.timezone.utc)
    return Build(commit, when.strftime("%Y-%m-%d %H:%M UTC"), len(records), bool(show_hashes))


def data_table(records: dict) -> pd.DataFrame:
    """Every data file any chapter ran on: key, file, sha256 (in groups of sixteen), licence, chapters
    (one row per file; the addresses are listed in the data appendix)."""
    rows: dict = {}
    for job, rec in records.items():
        for inp in rec.get("inputs") or []:
            key = (inp["path"], inp["sha256"])
            row = rows.setdefault(key, {"data": inp["key"], "file": Path(inp["path"]).name,
                                        "sha256": grouped(inp["sha256"]),
                                        "licence": inp.get("licence"), "chapters": set()})
            row["chapters"].add(job.split(":")[0])
    out = pd.DataFrame(rows.values())
    if not out.empty:
        out["chapters"] = out["chapters"].map(lambda c: ", ".join(sorted(c)))
        out = out.sort_values(["data", "file"]).reset_index(drop=True)
    return out


def parameter_table(records: dict) -> pd.DataFrame:
    """Every chapter's parameters: the value the build used, and whether it is the source's default."""
    rows = []
    for job, rec in sorted(records.items()):
        passed = rec.get("params") or {}
        for name, default in (rec.get("defaults") or {}).items():  # the parameters cell, recorded by the pipeline
            if name in ("data_files", "variant"):
                continue
            if name in passed:
                rows.append({"chapter": job, "parameter": name, "value": json.dumps(passed[name], default=str),
                             "set by": "this build"})
            else:
                rows.append({"chapter": job, "parameter": name, "value": default, "set by": "default"})
    return pd.DataFrame(rows, columns=["chapter", "parameter", "value", "set by"])

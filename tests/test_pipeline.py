"""The pipeline end to end: execution, caching, strictness, determinism, glue."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

from conftest import ROOT, cli, copy_repo, param_args

pytestmark = pytest.mark.slow


def results_digest(repo: Path) -> dict[str, str]:
    res = repo / "_build" / "results"
    return {str(p.relative_to(res)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(res.rglob("*.csv"))}


def executed_notebooks(repo: Path) -> list[Path]:
    return sorted((repo / "chapters").rglob("*.ipynb"))


def test_book_builds_strictly(built_book):
    repo = built_book["repo"]
    assert "0 failed" in built_book["run"].stdout
    assert (repo / "_build" / "html" / "index.html").exists()
    assert "book: file://" in built_book["html"].stdout
    # every chapter in the registry whose source exists was executed
    sources = sorted(p.stem for p in (repo / "chapters").glob("*.py"))
    for stem in sources:
        if stem == "benchmark":
            assert list((repo / "chapters" / "benchmarks").glob("*.ipynb"))
        else:
            assert (repo / "chapters" / f"{stem}.ipynb").exists(), stem
    assert (repo / "_build" / "results" / "data_summary.csv").exists()


def test_rebuild_with_nothing_changed_executes_nothing(built_book):
    repo = built_book["repo"]
    before = {p: p.stat().st_mtime_ns for p in executed_notebooks(repo)}
    again = cli(repo, "run", *param_args())
    assert re.search(r"chapters: 0 executed, \d+ up to date, 0 failed", again.stdout), again.stdout
    assert {p: p.stat().st_mtime_ns for p in executed_notebooks(repo)} == before


def test_only_changed_chapter_reruns(built_book):
    repo = built_book["repo"]
    appendix = repo / "chapters" / "data_appendix.py"
    appendix.write_text(appendix.read_text() + "\n# %% [markdown]\n# A sentence added by the test.\n")
    out = cli(repo, "run", *param_args()).stdout
    assert "> data_appendix: executing" in out
    executed = re.findall(r"> (\S+): executing", out)
    assert set(executed) <= {"data_appendix", "reproducibility"}, executed


def test_glue_keys_cited_in_prose_are_glued(built_book):
    repo = built_book["repo"]
    role = re.compile(r"\{glue(?::(?:text|any|md|figure|math))?\}`([^`]+)`")
    directive = re.compile(r"```\{glue(?::figure|:math)?\}\s+(\S+)")
    for nb_path in executed_notebooks(repo):
        nb = json.loads(nb_path.read_text())
        glued = {o["metadata"]["scrapbook"]["name"]
                 for c in nb["cells"] for o in c.get("outputs", [])
                 if o.get("metadata", {}).get("scrapbook")}
        cited = set()
        for c in nb["cells"]:
            texts = ["".join(c["source"])] if c["cell_type"] == "markdown" else []
            for o in c.get("outputs", []):  # prose emitted from code cells (e.g. charts.figure)
                texts.append("".join(o.get("data", {}).get("text/markdown", "")))
            for text in texts:
                cited |= {m.split(":")[0] for m in role.findall(text) if "::" not in m}
                cited |= set(directive.findall(text))
        missing = cited - glued
        assert not missing, f"{nb_path.name}: cited but never glued: {sorted(missing)}"


def test_results_are_deterministic(built_book, tmp_path):
    repo = built_book["repo"]
    first = results_digest(repo)
    assert first
    cli(repo, "run", "--force", *param_args())
    second = results_digest(repo)
    changed = [k for k in first if first[k] != second.get(k)]
    assert not changed, f"results differ between two executions: {changed}"


def test_failing_cell_names_chapter_and_keeps_previous_state(built_book):
    repo = built_book["repo"]
    nb = repo / "chapters" / "data_appendix.ipynb"
    before = nb.read_bytes()
    src = repo / "chapters" / "data_appendix.py"
    original = src.read_text()
    src.write_text(original.replace("charts.enable()", "charts.enable()\nraise RuntimeError('boom from the test')"))
    try:
        proc = cli(repo, "run", "--only", "data_appendix", *param_args(), check=False)
    finally:
        src.write_text(original)
    assert proc.returncode == 1
    assert re.search(r"chapter data_appendix \(chapters/data_appendix.py\) failed in cell \d+: RuntimeError: boom from the test",
                     proc.stderr), proc.stderr
    assert nb.read_bytes() == before


def test_bad_user_data_is_refused_before_anything_runs(built_book, tmp_path):
    repo = built_book["repo"]
    bad = tmp_path / "bad.csv"
    bad.write_text("model,date,score,compute\nA,2019,seventy,1e19\nB,2999-01-01,70,0\n")
    before = {p: p.stat().st_mtime_ns for p in executed_notebooks(repo)}
    proc = cli(repo, "run", "-d", f"imagenet={bad}", *param_args(), check=False)
    assert proc.returncode == 2
    assert "refused to run, nothing was changed" in proc.stderr
    assert "bad.csv, row 2, column 'score': must be a number" in proc.stderr
    assert "bad.csv, row 3, column 'date': must not be in the future" in proc.stderr
    assert "bad.csv, row 3, column 'compute': must be > 0" in proc.stderr
    assert {p: p.stat().st_mtime_ns for p in executed_notebooks(repo)} == before


def test_unknown_parameter_is_refused(built_book):
    proc = cli(built_book["repo"], "run", "-p", "no_such_parameter=1", check=False)
    assert proc.returncode == 1 and "not a parameter of any chapter" in proc.stderr

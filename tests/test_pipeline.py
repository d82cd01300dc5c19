"""The pipeline on a toy book: what re-runs, in which order, two at a time, all or nothing (issues 12, 13)."""

import hashlib
import json
import subprocess
import textwrap
from pathlib import Path

import pandas as pd
import pytest

from conftest import cli, copy_build, copy_repo

pytestmark = pytest.mark.slow  # these run the pipeline (kernels) on a toy book

FRONT = textwrap.dedent("""\
    ---
    jupytext:
      text_representation:
        extension: .md
        format_name: myst
    kernelspec:
      display_name: Python 3
      language: python
      name: python3
    ---
    """)


def chapter(title: str, code: str, params: str = "level = 0.95  # coverage\n") -> str:
    return (FRONT + f"\n# {title}\n\n```{{code-cell}} ipython3\n:tags: [remove-cell]\n\n"
            "import time\nimport pandas as pd\nfrom compute_limits.data.results import write_result, read_result\n"
            f"```\n\n```{{code-cell}} ipython3\n:tags: [parameters, remove-cell]\n\n{params}```\n\n"
            f"```{{code-cell}} ipython3\n:tags: [remove-cell]\n\n{code}\n```\n\nText.\n")


REGISTRY = """
[[chapter]]
id = "a"
source = "a.md"

[[chapter]]
id = "b"
source = "b.md"

[[chapter]]
id = "c"
source = "c.md"
needs = ["a"]

[[chapter]]
id = "prose"
source = "prose.md"
"""

# a and b sleep side by side and record when they ran; c reads a's result.  The run starts one kernel before
# any chapter asks and the second when a second chapter does, so b can start a kernel's boot (1-2 s on a
# busy machine) after a: each sleeps longer than that.
A = chapter("A", "t0 = time.time(); time.sleep(2.5)\n"
            "write_result(pd.DataFrame({'chapter': ['a'], 'start': [t0], 'end': [time.time()], 'level': [level]}), 'toy')")
B = chapter("B", "t0 = time.time(); time.sleep(2.5)\n"
            "write_result(pd.DataFrame({'chapter': ['b'], 'start': [t0], 'end': [time.time()], 'level': [level]}), 'toy2')")
C = chapter("C", "assert 't0' not in dir(), 'a variable of the chapter run before in this kernel survived'\n"
            "n = float(read_result('toy')['level'].iloc[0])\nassert fail == 0, 'asked to fail'\n"
            "write_result(pd.DataFrame({'chapter': ['c'], 'start': [0.0], 'end': [0.0], 'level': [n]}), 'toy3')",
            params="fail = 0  # 1 makes this chapter fail\n")
PROSE = FRONT + "\n# Prose\n\nNo code here.\n"
DICTIONARY = """
[file.toy]
description = "toy"
keys = ["chapter"]
[file.toy2]
description = "toy"
keys = ["chapter"]
[file.toy3]
description = "toy"
keys = ["chapter"]
[file.toy.columns]
chapter = ["which chapter", ""]
start = ["start time", "s"]
end = ["end time", "s"]
[file.toy2.columns]
chapter = ["which chapter", ""]
start = ["start time", "s"]
end = ["end time", "s"]
[file.toy3.columns]
chapter = ["which chapter", ""]
start = ["start time", "s"]
end = ["end time", "s"]
"""


@pytest.fixture(scope="module")
def toy_built(tmp_path_factory):
    """The toy book, run once; tests that run it again work on a copy (``toy``)."""
    repo = copy_repo(tmp_path_factory.mktemp("toy") / "repo")
    for md in (repo / "chapters").glob("*.md"):
        md.unlink()
    for name, text in {"a.md": A, "b.md": B, "c.md": C, "prose.md": PROSE}.items():
        (repo / "chapters" / name).write_text(text)
    (repo / "chapters" / "book.toml").write_text(REGISTRY)
    with open(repo / "data" / "dictionary.toml", "a") as fh:
        fh.write(DICTIONARY)
    (repo / "_toc.yml").write_text("format: jb-book\nroot: chapters/prose\nchapters:\n"
                                   "  - file: chapters/a\n  - file: chapters/b\n  - file: chapters/c\n")
    first = cli(repo, "run")
    return repo, first


@pytest.fixture
def toy(toy_built, tmp_path):
    return copy_build(toy_built[0], tmp_path / "repo")


def checksums(repo: Path) -> dict:
    files = list((repo / "_build" / "results").rglob("*.csv")) + list((repo / "chapters").rglob("*.ipynb"))
    return {str(p.relative_to(repo)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(files)}


def executed(proc) -> list[str]:
    return sorted(line.split(":")[0].split("> ")[1] for line in proc.stdout.splitlines() if line.strip().startswith(">"))


def test_runs_in_order_in_parallel_and_then_nothing(toy_built, toy):
    assert executed(toy_built[1]) == ["a", "b", "c", "prose"]
    res = toy / "_build" / "results"
    a, b = pd.read_csv(res / "toy.csv").iloc[0], pd.read_csv(res / "toy2.csv").iloc[0]
    assert a["start"] < b["end"] and b["start"] < a["end"], "a and b should have run side by side"
    assert pd.read_csv(res / "toy3.csv")["level"].iloc[0] == 0.95  # c read a's (staged) result
    assert (res / "dictionary.csv").exists()
    second = cli(toy, "run")
    assert executed(second) == [] and "0 executed" in second.stdout


def test_an_unchanged_checkout_is_answered_from_its_stamp_and_any_change_falls_through(toy):
    """``run`` first compares sizes and dates with the stamp the last complete run left (no imports, no
    hashes); any difference goes to the content hashes, which decide what re-runs.  (Other parameters make
    another stamp: test_a_parameter_reruns_only_its_chapter_and_dependents runs after a complete run.)"""
    quick = cli(toy, "run")
    assert "nothing a chapter reads or the run leaves has changed" in quick.stdout and executed(quick) == []
    source = toy / "chapters" / "b.md"
    source.write_text(source.read_text())  # same content, new date: checked by content, nothing re-runs
    touched = cli(toy, "run")
    assert "= b: up to date" in touched.stdout and executed(touched) == []
    assert "nothing a chapter reads" in cli(toy, "run").stdout  # the checked state was stamped again
    (toy / "chapters" / "c.ipynb").unlink()  # an output gone: the stamp no longer matches
    assert executed(cli(toy, "run")) == ["c"]
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-c", "commit.gpgsign=false"]
    subprocess.run(git + ["init", "-q"], cwd=toy, check=True)
    subprocess.run(git + ["commit", "-q", "--allow-empty", "-m", "x"], cwd=toy, check=True)
    assert "nothing a chapter reads" not in cli(toy, "run").stdout  # a new commit: the provenance records it
    assert "nothing a chapter reads" in cli(toy, "run").stdout


def test_a_parameter_reruns_only_its_chapter_and_dependents(toy):
    out = cli(toy, "run", "-p", "a.level=0.9")
    assert executed(out) == ["a", "c"]
    assert pd.read_csv(toy / "_build" / "results" / "toy3.csv")["level"].iloc[0] == 0.9


def test_a_rerun_with_the_same_results_leaves_their_dates_alone(toy):
    """Sphinx rebuilds every page that links a results file whose date changed (the data appendix links them
    all), so a chapter that re-runs and writes the same bytes must not touch its files."""
    res = toy / "_build" / "results"
    files = [res / "toy3.csv", res / "toy.csv", res / "dictionary.csv"]
    before = {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in files}
    out = cli(toy, "run", "--force", "--only", "c")
    assert executed(out) == ["c"]
    assert {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in files} == before


def test_code_hash_covers_only_imported_modules(toy):
    # code in a module no toy chapter imports: nothing re-runs
    with open(toy / "src" / "compute_limits" / "report" / "text.py", "a") as fh:
        fh.write("\n_TOUCHED = 1\n")
    assert executed(cli(toy, "run")) == []
    # a comment in a module every toy code chapter imports (data.results): nothing re-runs either
    with open(toy / "src" / "compute_limits" / "data" / "results.py", "a") as fh:
        fh.write("\n# only a comment\n")
    assert executed(cli(toy, "run")) == []
    # code in it: they re-run
    with open(toy / "src" / "compute_limits" / "data" / "results.py", "a") as fh:
        fh.write("\n_TOUCHED = 1\n")
    assert executed(cli(toy, "run")) == ["a", "b", "c"]


def test_failed_run_changes_nothing(toy):
    before = checksums(toy)
    out = cli(toy, "run", "-p", "a.level=0.8", "-p", "c.fail=1", check=False)
    assert out.returncode == 1
    assert "chapter c (chapters/c.md) failed in cell" in out.stderr and "AssertionError: asked to fail" in out.stderr
    assert "Traceback" not in out.stderr
    assert (toy / "_build" / "failed" / "c.ipynb").exists()
    assert checksums(toy) == before, "a failed run must leave every notebook and result as it was"
    assert not (toy / "_build" / ".staging").exists()


def test_deleted_chapter_fails_before_running(toy):
    (toy / "chapters" / "b.md").unlink()
    out = cli(toy, "run", check=False)
    assert out.returncode == 2 and "source chapters/b.md does not exist" in out.stderr
    assert "Traceback" not in out.stderr


@pytest.mark.parametrize("args,message", [
    (["-p", "nosuch=1"], "parameter 'nosuch' is not a parameter of any chapter"),
    (["-p", "zz.level=0.9"], "unknown chapter 'zz'"),
    (["-p", "level=1.5"], "must be a number in (0, 1)"),
    (["-p", "level"], "must look like key=value"),
])
def test_bad_parameters_get_one_line(toy_built, args, message):
    toy = toy_built[0]
    out = cli(toy, "run", *args, check=False)
    assert out.returncode == 2 and message in out.stderr
    assert "Traceback" not in out.stderr and len(out.stderr.strip().splitlines()) == 1


def test_status_and_validate_say_what_they_checked(toy):
    status = cli(toy, "status", "-v")
    assert "up to date" in status.stdout and "param" not in status.stdout.split("a ")[0]
    val = cli(toy, "validate")
    assert "valid:" in val.stdout and "imagenet" in val.stdout and "epoch" in val.stdout


def test_prose_pages_are_converted_without_a_kernel(toy):
    nb = json.loads((toy / "chapters" / "prose.ipynb").read_text())
    assert [c["cell_type"] for c in nb["cells"]] == ["markdown"]
    assert nb["metadata"]["compute_limits"]["seconds"] < 1.0


class _FakeKernel:
    def __init__(self, n):
        self.n, self.alive = n, True

    def is_alive(self):
        return self.alive

    def shutdown_kernel(self, now=False):
        self.alive = False


def test_kernel_pool_starts_on_demand_lends_the_last_used_and_survives_a_failed_start(monkeypatch):
    """No real kernels: a run that executes one chapter after another needs one kernel, the one with the
    imports of the chapter before; a kernel that fails to start gives its place back."""
    from compute_limits.pipeline import kernels

    started, fail = [], [False]

    def fake_start():
        if fail[0]:
            fail[0] = False
            raise RuntimeError("no kernel")
        started.append(_FakeKernel(len(started)))
        return started[-1]

    monkeypatch.setattr(kernels, "start", fake_start)
    pool = kernels.Pool(2)
    with pool.kernel() as km:
        first = km
    with pool.kernel() as km:
        assert km is first and len(started) == 1  # one after another: one kernel
    with pool.kernel() as a, pool.kernel() as b:
        assert {a.n, b.n} == {0, 1} and len(started) == 2  # side by side: two
        a.alive = False  # a dies: it is dropped when returned
    assert len(pool._all) == 1
    with pool.kernel():  # the last kernel is busy; the next job starts one, which fails
        fail[0] = True
        with pytest.raises(RuntimeError):
            pool._take()
        with pool.kernel() as c:  # its place was given back: this start succeeds
            assert c.n == 2
    pool.close()
    assert not any(k.alive for k in started)


def test_the_first_kernel_imports_the_books_modules_and_each_chapter_starts_with_an_empty_namespace():
    """A real kernel: the one started before any job asks has imported the book's modules (a broken one is
    skipped) before it answers the job, silently; each chapter's first cell empties the namespace."""
    import nbformat
    from compute_limits.pipeline import kernels

    first_cell = kernels.with_environment(nbformat.v4.new_notebook(), {"TOY": "1"}, "/").cells[0].source

    def run(km, code):
        kc = km.client()
        kc.start_channels()
        try:
            kc.wait_for_ready(timeout=60)
            return kc.execute_interactive(code, timeout=60, output_hook=lambda msg: None)["content"]
        finally:
            kc.stop_channels()

    pool = kernels.Pool(1)
    pool.prestart(["compute_limits.errors", "compute_limits.no_such_module"])
    try:
        with pool.kernel() as km:
            reply = run(km, first_cell + "\nimport sys\nassert 'compute_limits.errors' in sys.modules\n"
                                         "assert 'compute_limits' not in dir()\nleft_behind = 1")
            assert reply["status"] == "ok", reply
            assert reply["execution_count"] == 1  # the imports were silent
            first = km
        with pool.kernel() as km:
            assert km is first
            reply = run(km, first_cell + "\nassert 'left_behind' not in dir()")
            assert reply["status"] == "ok", reply
    finally:
        pool.close()


def test_the_first_kernel_imports_what_the_changed_chapters_import(tmp_path):
    """From modification times: the chapters whose source or code changed since the last run; all if none."""
    import os

    from compute_limits.pipeline.kernels import likely_imports
    from compute_limits.code_graph import module_closure, module_path

    a, b = tmp_path / "a.md", tmp_path / "b.md"
    a.write_text("```{code-cell} ipython3\nfrom compute_limits.errors import ConfigError\n```\n")
    b.write_text("```{code-cell} ipython3\nfrom compute_limits.data import paths\n```\n")
    code = module_closure(["compute_limits.errors", "compute_limits.data", "compute_limits.data.paths"])
    last_run = max(module_path(m).stat().st_mtime for m in code) + 100
    os.utime(a, (last_run - 10, last_run - 10))
    os.utime(b, (last_run + 10, last_run + 10))
    both = ["compute_limits.data", "compute_limits.data.paths", "compute_limits.errors"]
    assert likely_imports(last_run, tmp_path) == ["compute_limits.data", "compute_limits.data.paths"]
    assert likely_imports(last_run + 20, tmp_path) == both  # nothing changed: data or parameters did
    assert likely_imports(None, tmp_path) == both
    (tmp_path / "broken.md").write_bytes(b"\xff\xfe not text")  # the pipeline reports it; the guess skips it
    assert likely_imports(None, tmp_path) == both

"""The pipeline on a toy book: what re-runs (exactly the pages an input reaches, never a prose edit), in which
order, two at a time, all or nothing; what fails a chapter (an error, a warning, an undeclared read), and how
the failure is named (issues 12, 13, 24)."""

import hashlib
import json
import re
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


def chapter(title: str, imports: str, code: str, params: str = "level = 0.95  # coverage\n") -> str:
    return (FRONT + f"\n# {title}\n\nThe first paragraph of {title}.\n\n```{{code-cell}} ipython3\n:tags: [remove-cell]\n\n"
            f"{imports}```\n\n```{{code-cell}} ipython3\n:tags: [parameters, remove-cell]\n\n{params}```\n\n"
            f"```{{code-cell}} ipython3\n:tags: [remove-cell]\n\n{code}\n```\n\nThe last paragraph of {title}.\n")


REGISTRY = """
[[chapter]]
id = "a"
source = "a.md"
configs = ["costs", "specification", "dictionary"]

[[chapter]]
id = "b"
source = "b.md"
inputs = ["hw_gpu"]
configs = ["manifest", "dictionary"]

[[chapter]]
id = "c"
source = "c.md"
configs = ["dictionary"]
needs = ["a"]

[[chapter]]
id = "prose"
source = "prose.md"
"""

# a reads a configuration file and imports a package module with a multi-line import (as black writes it);
# b reads a data file and imports a library; c reads a's result.  In the first run a and b sleep side by side
# (TOY_PAUSE, which is not an input: later runs do not wait) and record when they ran, outside the results,
# which stay the same from run to run.  The run starts a kernel when a chapter asks and a second when a second
# chapter does, so b can start a kernel's boot (1-2 s on a busy machine) after a: each sleeps longer than that.
A = chapter("A", "import os\nimport time\nimport pandas as pd\nfrom compute_limits import (\n    toy_module,\n)\n"
            "from compute_limits.config import load_costs\nfrom compute_limits.data.results import write_result\n",
            "t0 = time.time(); time.sleep(float(os.environ.get('TOY_PAUSE', 0)))\nprice = load_costs().get().price_usd_per_hour\n"
            "open('../times-a.txt', 'w').write(f'{t0} {time.time()}')\n"
            "write_result(pd.DataFrame({'chapter': ['a'], 'level': [level], 'price': [price]}), 'toy')")
B = chapter("B", "import os\nimport time\nimport pandas as pd\nimport tabulate\nfrom compute_limits.data.manifest import resolve\n"
            "from compute_limits.data.results import write_result\n",
            "t0 = time.time(); time.sleep(float(os.environ.get('TOY_PAUSE', 0)))\n"
            "rows = len(resolve('hw_gpu', data_files).read_text().splitlines())\n"
            "open('../times-b.txt', 'w').write(f'{t0} {time.time()}')\n"
            "write_result(pd.DataFrame({'chapter': ['b'], 'level': [level], 'rows': [rows]}), 'toy2')",
            params="level = 0.95  # coverage\ndata_files = {}  # overrides\n")
C = chapter("C", "import warnings\nimport pandas as pd\nfrom compute_limits.data.results import write_result, read_result\n",
            "assert 't0' not in dir(), 'a variable of the chapter run before in this kernel survived'\n"
            "n = float(read_result('toy')['level'].iloc[0])\nassert fail == 0, 'asked to fail'\n"
            "if warn:\n    warnings.warn('a warning nobody reads')\n"
            "write_result(pd.DataFrame({'chapter': ['c'], 'level': [n]}), 'toy3')",
            params="fail = 0  # 1 makes this chapter fail\nwarn = 0  # 1 makes it warn\n")
PROSE = FRONT + "\n# Prose\n\nNo code here.\n"
TOY_MODULE = '"""A module only chapter a imports."""\n\n\ndef answer():\n    return 42\n'
DICTIONARY = """
[file.toy]
description = "toy"
key_columns = ["chapter"]
[file.toy2]
description = "toy"
key_columns = ["chapter"]
[file.toy3]
description = "toy"
key_columns = ["chapter"]
[file.toy.columns]
chapter = ["which chapter", ""]
price = ["price", "USD"]
[file.toy2.columns]
chapter = ["which chapter", ""]
rows = ["rows", ""]
[file.toy3.columns]
chapter = ["which chapter", ""]
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
    (repo / "src" / "compute_limits" / "toy_module.py").write_text(TOY_MODULE)
    with open(repo / "data" / "dictionary.toml", "a") as fh:
        fh.write(DICTIONARY)
    (repo / "_toc.yml").write_text("format: jb-book\nroot: chapters/prose\nchapters:\n"
                                   "  - file: chapters/a\n  - file: chapters/b\n  - file: chapters/c\n")
    first = cli(repo, "run", env={"TOY_PAUSE": "2.5"})
    return repo, first


@pytest.fixture
def toy(toy_built, tmp_path):
    return copy_build(toy_built[0], tmp_path / "repo")


def checksums(repo: Path) -> dict:
    files = list((repo / "_build" / "results").rglob("*.csv")) + list((repo / "chapters").rglob("*.ipynb"))
    return {str(p.relative_to(repo)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(files)}


def executed(proc) -> list[str]:
    return sorted(line.split(":")[0].split("> ")[1] for line in proc.stdout.splitlines() if line.strip().startswith(">"))


def changed_pages(before: dict, after: dict) -> list[str]:
    return sorted(Path(p).stem for p in set(before) | set(after) if p.endswith(".ipynb") and before.get(p) != after.get(p))


def test_runs_in_order_in_parallel_and_then_nothing(toy_built, toy):
    assert executed(toy_built[1]) == ["a", "b", "c", "prose"]
    res = toy / "_build" / "results"
    (a_start, a_end), (b_start, b_end) = ([float(x) for x in (toy / f"times-{c}.txt").read_text().split()] for c in "ab")
    assert a_start < b_end and b_start < a_end, "a and b should have run side by side"
    assert pd.read_csv(res / "toy3.csv")["level"].iloc[0] == 0.95  # c read a's (staged) result
    assert (res / "dictionary.csv").exists()
    second = cli(toy, "run")
    assert executed(second) == [] and "0 executed" in second.stdout


def test_each_kind_of_input_reruns_exactly_the_pages_it_reaches(toy, tmp_path):
    """A data file, a configuration file, a package module imported through a multi-line import, a library's
    installed version, a code cell: each re-executes the chapters that read it (and those that read their
    changed results), and no other page changes.  An edit of prose or of a module's comments executes nothing."""

    def step(*args, env=None):
        before = checksums(toy)
        out = cli(toy, "run", *args, env=env)
        return executed(out), changed_pages(before, checksums(toy))

    gpu = tmp_path / "gpu.csv"  # a data file: b reads it
    gpu.write_text((toy / "data" / "raw" / "computer-progress-hardware" / "gpu.csv").read_text() + "\n")
    assert step("-d", f"hw_gpu={gpu}") == (["b"], ["b"])
    costs = toy / "data" / "costs.toml"  # a configuration file: a reads it, and c reads a's results
    costs.write_text(re.sub(r"price_usd_per_hour = ([0-9.]+)", lambda m: f"price_usd_per_hour = {float(m[1]) + 1}",
                            costs.read_text()))  # every vintage's price: a's result changes
    assert step("-d", f"hw_gpu={gpu}") == (["a", "c"], ["a", "c"])
    module = toy / "src" / "compute_limits" / "toy_module.py"  # imported by a only, over three lines
    module.write_text(module.read_text() + "\n# a comment is not code\n")
    assert step("-d", f"hw_gpu={gpu}") == ([], [])
    module.write_text(module.read_text().replace("return 42", "return 43"))
    assert step("-d", f"hw_gpu={gpu}") == (["a"], ["a"])  # its results are the same: c does not re-run
    fake = tmp_path / "site"  # a newer tabulate, which only b imports (its version, as importlib reads it)
    (fake / "tabulate-99.0.dist-info").mkdir(parents=True)
    (fake / "tabulate-99.0.dist-info" / "METADATA").write_text("Metadata-Version: 2.1\nName: tabulate\nVersion: 99.0\n")
    (fake / "tabulate-99.0.dist-info" / "top_level.txt").write_text("tabulate\n")
    newer = {"PYTHONPATH": f"{fake}:{toy / 'src'}"}
    assert step("-d", f"hw_gpu={gpu}", env=newer) == (["b"], ["b"])
    source = toy / "chapters" / "c.md"
    source.write_text(source.read_text().replace("The last paragraph of C.", "An edited last paragraph."))
    outputs = [c.get("outputs") for c in json.loads((toy / "chapters" / "c.ipynb").read_text())["cells"]]
    assert step("-d", f"hw_gpu={gpu}", env=newer) == ([], ["c"])  # prose: the page changes, nothing executes
    nb = json.loads((toy / "chapters" / "c.ipynb").read_text())
    assert "An edited last paragraph." in json.dumps(nb) and "The last paragraph of C." not in json.dumps(nb)
    assert [c.get("outputs") for c in nb["cells"]] == outputs
    source.write_text(source.read_text().replace("n = float(", "n = 1 * float("))
    assert step("-d", f"hw_gpu={gpu}", env=newer) == (["c"], ["c"])


def test_a_rerun_with_the_same_results_leaves_their_dates_alone(toy):
    """Sphinx rebuilds every page that links a results file whose date changed (the data appendix links them
    all), so a chapter that re-runs and writes the same bytes must not change their dates."""
    res = toy / "_build" / "results"
    files = [res / "toy3.csv", res / "toy.csv", res / "toy2.csv", res / "dictionary.csv"]
    before = {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in files}
    out = cli(toy, "run", "--force", "--only", "c")
    assert executed(out) == ["c"]
    assert {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in files} == before


def test_a_failure_names_the_line_of_the_source_changes_nothing_and_leaves_no_stale_failure(toy):
    before = checksums(toy)
    out = cli(toy, "run", "-p", "a.level=0.8", "-p", "c.fail=1", check=False)
    assert out.returncode == 1
    line = next(i for i, text in enumerate((toy / "chapters" / "c.md").read_text().splitlines(), 1)
                if "assert fail == 0" in text)
    assert f"chapter c (chapters/c.md, line {line}) failed: AssertionError: asked to fail" in out.stderr
    assert "Traceback" in out.stderr or "AssertionError" in out.stderr.split("failed:")[1]  # the traceback, plain
    assert "\x1b[" not in out.stderr
    assert (toy / "_build" / "failed" / "c.ipynb").exists()
    assert checksums(toy) == before, "a failed run must leave every notebook and result as it was"
    assert not (toy / "_build" / ".staging").exists()
    cli(toy, "run")
    assert not (toy / "_build" / "failed").exists(), "a failure of an earlier run is not this run's"


def test_a_warning_fails_its_chapter_at_its_line(toy):
    out = cli(toy, "run", "-p", "c.warn=1", check=False)
    line = next(i for i, text in enumerate((toy / "chapters" / "c.md").read_text().splitlines(), 1)
                if "assert 't0' not in dir()" in text)
    assert out.returncode == 1
    assert f"chapter c (chapters/c.md, line {line}) wrote to stderr" in out.stderr
    assert "UserWarning: a warning nobody reads" in out.stderr


def test_a_chapter_that_reads_what_it_does_not_declare_fails(toy):
    registry = toy / "chapters" / "book.toml"
    registry.write_text(registry.read_text().replace('configs = ["costs", "specification", "dictionary"]',
                                                         'configs = ["specification", "dictionary"]'))
    out = cli(toy, "run", check=False)
    assert out.returncode == 1
    assert ("chapter a (chapters/a.md): it read data/costs.toml, which chapters/book.toml does not declare: "
            'add "costs" to its configs') in out.stderr
    registry.write_text(registry.read_text().replace('needs = ["a"]\n', ""))
    out = cli(toy, "run", "--force", "--only", "c", check=False)
    assert "it read the results toy.csv, written by a, which chapters/book.toml does not declare under its needs" \
        in out.stderr


def test_deleted_chapter_fails_before_running(toy):
    (toy / "chapters" / "b.md").unlink()
    out = cli(toy, "run", check=False)
    assert out.returncode == 2 and "source chapters/b.md does not exist" in out.stderr
    assert "Traceback" not in out.stderr


def test_a_bug_is_not_a_user_error_and_keeps_its_traceback(toy):
    """Only the book's own error (BookError) is reported in one line; anything else is a bug."""
    (toy / "_build" / "provenance" / "chapters.json").write_text("{ not json")
    out = cli(toy, "run", check=False)
    assert out.returncode == 1 and "Traceback" in out.stderr and "JSONDecodeError" in out.stderr


def test_bad_parameters_get_one_line(toy_built):
    """Refused before anything runs, each with one line naming the parameter and the rule, exit code 2."""
    from compute_limits.errors import ConfigError
    from compute_limits.pipeline.registry import load_jobs

    for args, message in [(["nosuch=1"], "parameter 'nosuch' is not a parameter of any chapter"),
                          (["zz.level=0.9"], "unknown chapter 'zz'"),
                          (["level=1.5"], "must be a number in (0, 1)"),
                          (["level"], "must look like key=value")]:
        with pytest.raises(ConfigError) as err:
            load_jobs(args)
        assert message in str(err.value) and "\n" not in str(err.value)
    for args, message in [(["-p", "level=1.5"], "must be a number in (0, 1)"),
                          (["-d", "imagenet"], "data override 'imagenet' must look like id=path")]:
        out = cli(toy_built[0], "run", *args, check=False)
        assert out.returncode == 2 and message in out.stderr
        assert "Traceback" not in out.stderr and len(out.stderr.strip().splitlines()) == 1


def test_status_and_validate_say_what_they_checked(toy):
    status = cli(toy, "status", "-v", "-p", "a.level=0.9")
    assert "a" in status.stdout and "to run" in status.stdout and "up to date" in status.stdout
    assert "param  level = 0.9 (set): coverage" in status.stdout and "param  level = 0.95 (default)" in status.stdout
    val = cli(toy, "validate")
    assert "valid:" in val.stdout and "imagenet" in val.stdout and "epoch" in val.stdout


def test_prose_pages_are_converted_without_a_kernel(toy):
    nb = json.loads((toy / "chapters" / "prose.ipynb").read_text())
    assert [c["cell_type"] for c in nb["cells"]] == ["markdown"]
    assert nb["metadata"]["compute_limits"]["seconds"] < 1.0


class _FakeKM:
    def __init__(self):
        self.alive = True

    def is_alive(self):
        return self.alive


class _FakeKernel:
    def __init__(self, n):
        self.n, self.km = n, _FakeKM()

    def shutdown(self):
        self.km.alive = False


def test_kernel_pool_starts_on_demand_lends_the_last_used_and_survives_a_failed_start(monkeypatch):
    """No real kernels: a run that executes one chapter after another needs one kernel, the one with the
    imports of the chapter before; a kernel that fails to start gives its place back; ``fresh`` lends none twice."""
    from compute_limits.pipeline import kernels

    started, fail = [], [False]

    def fake_start(log_dir=None):
        if fail[0]:
            fail[0] = False
            raise RuntimeError("no kernel")
        started.append(_FakeKernel(len(started)))
        return started[-1]

    monkeypatch.setattr(kernels, "start", fake_start)
    pool = kernels.Pool(2, fresh=False)
    with pool.kernel() as k:
        first = k
    with pool.kernel() as k:
        assert k is first and len(started) == 1  # one after another: one kernel
    with pool.kernel() as a, pool.kernel() as b:
        assert {a.n, b.n} == {0, 1} and len(started) == 2  # side by side: two
        a.km.alive = False  # a dies: it is dropped when returned
    assert len(pool._all) == 1
    with pool.kernel():  # the last kernel is busy; the next job starts one, which fails
        fail[0] = True
        with pytest.raises(RuntimeError):
            pool._take()
        with pool.kernel() as c:  # its place was given back: this start succeeds
            assert c.n == 2
    pool.close()
    assert not any(k.km.alive for k in started)
    fresh = kernels.Pool(1, fresh=True)
    with fresh.kernel() as a:
        pass
    with fresh.kernel() as b:
        assert b is not a and not a.km.alive
    fresh.close()


def test_each_chapter_starts_with_an_empty_namespace_and_records_what_it_opens(tmp_path):
    """A real kernel, lent to two chapters: the second finds none of the first's variables, and each records
    the files it opened for reading (and only those)."""
    import nbformat

    from compute_limits.pipeline import kernels

    def run(km, code):
        kc = km.client()
        kc.start_channels()
        try:
            kc.wait_for_ready(timeout=60)
            return kc.execute_interactive(code, timeout=60, output_hook=lambda msg: None)["content"]
        finally:
            kc.stop_channels()

    data = tmp_path / "data.txt"
    data.write_text("x")
    pool = kernels.Pool(1, fresh=False)
    try:
        for n, code in enumerate([f"left_behind = open({str(data)!r}).read()\nopen({str(tmp_path / 'w.txt')!r}, 'w').close()",
                                  "assert 'left_behind' not in dir()"]):
            nb = kernels.with_environment(nbformat.v4.new_notebook(), {"TOY": "1"}, "/", tmp_path / f"reads{n}.json")
            with pool.kernel() as kernel:
                cells = [c.source for c in nb.cells]
                reply = run(kernel.km, "\n".join([cells[0], code, cells[1]]))
                assert reply["status"] == "ok", reply
                assert kernel.output_since(0) == ""  # the kernel process itself wrote nothing
        assert str(data) in json.loads((tmp_path / "reads0.json").read_text())
        assert str(tmp_path / "w.txt") not in json.loads((tmp_path / "reads0.json").read_text())
        assert str(data) not in json.loads((tmp_path / "reads1.json").read_text())
    finally:
        pool.close()


def test_the_iteration_limit_of_the_frontier_fit_is_not_silenced(monkeypatch):
    """The frontier's quantile regression used to run with every warning ignored, its iteration limit included."""
    import numpy as np
    from statsmodels.tools.sm_exceptions import IterationLimitWarning

    from compute_limits.stats import regression

    rng = np.random.default_rng(1)
    df = pd.DataFrame({"compute": 10 ** rng.uniform(17, 22, 30), "error": rng.uniform(0.05, 0.5, 30)})
    fit = regression.QuantReg.fit
    monkeypatch.setattr(regression.QuantReg, "fit", lambda self, **kw: fit(self, **{**kw, "max_iter": 1}))
    with pytest.warns(IterationLimitWarning):
        regression.fit_quantile(df, "compute")


def test_a_git_commit_is_recorded_by_the_after_phase(toy):
    """The reproducibility page records the commit: a new commit re-runs the after phase, nothing else."""
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-c", "commit.gpgsign=false"]
    subprocess.run(git + ["init", "-q"], cwd=toy, check=True)
    registry = toy / "chapters" / "book.toml"
    registry.write_text(registry.read_text() + '\n[[chapter]]\nid = "after"\nsource = "after.md"\nafter = true\n')
    (toy / "chapters" / "after.md").write_text(chapter("After", "from compute_limits.pipeline import provenance\n",
                                                       "commit = provenance.git_commit()\nprint(commit)"))
    assert executed(cli(toy, "run")) == ["after"]
    (toy / "NOTES.txt").write_text("a tracked file no chapter reads\n")
    subprocess.run(git + ["add", "chapters", "NOTES.txt"], cwd=toy, check=True)
    subprocess.run(git + ["commit", "-q", "-m", "x"], cwd=toy, check=True)
    assert executed(cli(toy, "run")) == ["after"]
    assert executed(cli(toy, "run")) == []
    source = toy / "chapters" / "c.md"  # a prose edit of a committed chapter: its page only, the commit stands
    source.write_text(source.read_text().replace("The last paragraph of C.", "An edited last paragraph."))
    assert "only prose changed (c)" in cli(toy, "run", "--edited", "chapters/c.md").stdout
    (toy / "NOTES.txt").write_text("an edited tracked file\n")
    assert executed(cli(toy, "run")) == ["after"]  # any other tracked file edited: the commit is '-dirty'


def test_make_runs_the_pipeline_only_when_a_file_it_reads_changed(toy):
    """make's stamps: nothing changed, nothing starts; other PARAMS, or a file added, run the full check; when
    the only files changed are chapter sources, make names them and a prose-only edit takes the quick path."""
    from conftest import ROOT

    def make(*args):
        out = subprocess.run(["make", "-C", str(toy), "run", f"VENV={ROOT / '.venv'}", *args], capture_output=True,
                             text=True, env={**__import__("os").environ, "PYTHONPATH": str(toy / "src")})
        assert out.returncode == 0, out.stdout + out.stderr
        return out.stdout

    assert "0 executed" in make()
    assert "compute_limits run" not in make()  # nothing changed: make answers alone
    source = toy / "chapters" / "c.md"
    source.write_text(source.read_text().replace("The last paragraph of C.", "An edited last paragraph."))
    out = make()
    assert "--edited chapters/c.md" in out and "only prose changed (c)" in out
    assert "An edited last paragraph." in (toy / "chapters" / "c.ipynb").read_text()
    assert "compute_limits run" not in make()
    cli(toy, "run", "--force", "--only", "a", "-p", "a.level=0.5")  # by hand: c, which needs a, is not checked
    source.write_text(source.read_text().replace("An edited last paragraph.", "Edited again."))
    out = make()  # not the quick path: a ran with parameters that are not make's, and c was left unchecked
    assert "--edited chapters/c.md" in out and "only prose changed" not in out
    assert executed(subprocess.CompletedProcess([], 0, out, "")) == ["a"]  # a as make asks; then c is current
    assert "Edited again." in (toy / "chapters" / "c.ipynb").read_text()
    out = make("PARAMS=c.warn=0")  # other arguments: checked again, and c, given a parameter, executes
    assert "--edited" not in out and executed(subprocess.CompletedProcess([], 0, out, "")) == ["c"]
    (toy / "data" / "notes.txt").write_text("a file the chapters do not read")
    assert "0 executed" in make("PARAMS=c.warn=0")  # a file added: checked again

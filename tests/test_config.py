"""The configuration files, the parameters' declarations, the results dictionary, the code graph and the cache."""

import os
import shutil
import textwrap

import pandas as pd
import pytest

from compute_limits import cache, code_graph
from compute_limits.config import literature, load_benchmarks, load_costs, specification
from compute_limits.data import paths, results
from compute_limits.errors import ConfigError


def test_benchmarks_in_file_order_with_metrics():
    b = load_benchmarks()
    assert list(b) == ["imagenet", "coco", "squad", "conll", "wmt14_en_fr", "wmt14_en_de"]
    assert [c.order for c in b.values()] == [1, 2, 3, 4, 5, 6]
    assert b["imagenet"].metric == "top1" and set(b["imagenet"].metrics) == {"top1", "top5"}
    assert b["imagenet"].source == "the authors' released data (MIT FutureTech)"


def test_metric_and_targets_parameters():
    b = load_benchmarks(metrics={"imagenet": "top5"}, targets={"coco": [0.25, 0.15]})
    assert b["imagenet"].metric == "top5" and b["imagenet"].metric_label == "top-5 accuracy"
    assert b["imagenet"].metric_changed and b["coco"].targets == (0.25, 0.15)
    with pytest.raises(ConfigError, match="has no metric 'top9'; available in benchmarks.toml: top1, top5"):
        load_benchmarks(metrics={"imagenet": "top9"})
    with pytest.raises(ConfigError, match="unknown benchmark id"):
        load_benchmarks(targets={"cifar": [0.1]})
    with pytest.raises(ConfigError, match="error rates in"):
        load_benchmarks(targets={"coco": [1.5]})


def test_effective_targets_replace_beaten_ones():
    cfg = load_benchmarks()["imagenet"]
    assert cfg.effective_targets(0.09) == (0.05, 0.03, 0.01)
    # best error 2%: 5% and 3% are beaten; 1% is kept and two fractions of today's error are added
    assert cfg.effective_targets(0.02) == (0.01, 0.004, 0.002)
    assert all(t < 0.0098 for t in cfg.effective_targets(0.0098)) and len(cfg.effective_targets(0.0098)) == 3


def test_user_file_changes_the_attribution():
    b = load_benchmarks(data_files={"coco": "/tmp/my_coco.csv"})
    assert b["coco"].user_file and b["coco"].source == "a user-supplied file (my_coco.csv)"


def _config_copy(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text))
    return path


def test_bad_benchmark_entry_names_file_entry_and_key(tmp_path):
    path = _config_copy(tmp_path, "benchmarks.toml", """
        [[benchmark]]
        id = "Bad Id"
        name = "X"
        task = "t"
        data = "x.csv"
        compute = "flops"
        metric = "top1"
        [benchmark.metrics.top1]
        label = "top-1"
        targets = [0.5]
        """)
    with pytest.raises(ConfigError) as err:
        load_benchmarks(path=path)
    lines = str(err.value).splitlines()
    assert any(ln.startswith("benchmarks.toml: benchmark 'Bad Id': id: ") and "snake_case" in ln for ln in lines)
    assert any(ln.startswith("benchmarks.toml: benchmark 'Bad Id': compute: ") for ln in lines)


def test_costs_validation(tmp_path):
    src = paths.COSTS_CONFIG.read_text()
    path = tmp_path / "costs.toml"
    path.write_text(src.replace("pue = 1.58", "pue = 0.5", 1))
    with pytest.raises(ConfigError, match=r"costs.toml: vintage.v100_2019.pue: Input should be greater than or equal to 1"):
        load_costs(path)
    # the default vintage is the main specification's (data/specification.toml), not costs.toml's
    spec = specification()
    other = spec.model_copy(update={"prices": spec.prices.model_copy(update={"vintage": "tpu_2031"})})
    with pytest.raises(ConfigError, match=r"prices.vintage\) names unknown vintage 'tpu_2031'"):
        load_costs(None, other)
    path.write_text('default_vintage = "v100_2019"\n' + src)
    with pytest.raises(ConfigError, match="costs.toml: default_vintage: the price vintage is part of the main"):
        load_costs(path)
    costs = load_costs()
    assert costs.get().id == costs.default_vintage == spec.prices.vintage
    assert costs.get("v100_2019").price_year == 2019


def test_literature_keys_resolve_and_cite_known_references():
    lit = literature()
    bib = (paths.ROOT / "references.bib").read_text()
    for key, fig in lit.figure.items():
        assert f"{{{fig.cite}," in bib, f"{key} cites {fig.cite}, which is not in references.bib"
    assert lit.paper("imagenet", "top1").r2 == 0.43 and lit.paper("imagenet", "top5") is None
    with pytest.raises(KeyError, match="no figure 'nope'"):
        lit["nope"]


def test_results_refuse_undocumented_columns(tmp_path, monkeypatch):
    monkeypatch.setenv(paths.RESULTS_ENV, str(tmp_path))
    results.write_result(pd.DataFrame({"benchmark": ["x"], "n": [3]}), "fits")
    with pytest.raises(results.UndocumentedColumn, match="column\\(s\\) mystery not documented"):
        results.write_result(pd.DataFrame({"benchmark": ["x"], "mystery": [3]}), "fits")
    with pytest.raises(results.UndocumentedColumn, match=r"\[file.nowhere\]"):
        results.write_result(pd.DataFrame({"benchmark": ["x"]}), "nowhere")
    results.write_dictionary(tmp_path)
    d = pd.read_csv(tmp_path / "dictionary.csv")
    assert list(d.columns) == ["file", "column", "meaning", "unit"] and set(d["column"]) == {"benchmark", "n"}


def test_every_dictionary_file_is_described():
    for name, entry in results.dictionary()["file"].items():
        assert entry.get("description"), f"{name} has no description"
        assert entry.get("key_columns"), f"{name} names no key columns"


def test_code_hash_follows_imports_only(tmp_path):
    closure = code_graph.module_closure(["compute_limits.stats.intervals"])
    assert "compute_limits.stats.regression" in closure and "compute_limits.stats.forms" in closure
    assert "compute_limits.report.charts" not in closure and "compute_limits.pipeline.pipeline" not in closure


calls = []


@cache.cached
def _square(x):
    calls.append(x)
    return x * x


def test_cached_reuses_results(tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "CACHE", tmp_path / "cache")
    monkeypatch.delenv(cache.NO_CACHE_ENV, raising=False)
    calls.clear()
    assert _square(3) == 9 and _square(3) == 9 and calls == [3]
    assert _square(4) == 16 and calls == [3, 4]
    monkeypatch.setenv(cache.NO_CACHE_ENV, "1")
    assert _square(3) == 9 and calls == [3, 4, 3]
    shutil.rmtree(tmp_path / "cache")


@cache.cached_file
def _first_line(path, upper):
    calls.append(path.name)
    return path.read_text().splitlines()[0].upper() if upper else path.read_text().splitlines()[0]


def test_cached_file_keys_on_the_files_bytes_and_passes_a_path_that_is_no_file_through(tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "CACHE", tmp_path / "cache")
    monkeypatch.delenv(cache.NO_CACHE_ENV, raising=False)
    calls.clear()
    f = tmp_path / "a.csv"
    f.write_text("x,y\n1,2\n")
    assert _first_line(f, True) == "X,Y" and _first_line(str(f), True) == "X,Y" and calls == ["a.csv"]
    assert _first_line(f, False) == "x,y" and calls == ["a.csv"] * 2  # another argument, another entry
    f.write_text("z\n")  # same path, other bytes: parsed again
    assert _first_line(f, True) == "Z" and calls == ["a.csv"] * 3
    assert _first_line.cache_name.endswith("_first_line")  # its folder names the loader, not a wrapper
    with pytest.raises(FileNotFoundError):  # not a file: the loader itself raises, nothing is cached
        _first_line(tmp_path / "missing.csv", True)
    assert calls[-1] == "missing.csv"


def test_the_cache_keeps_the_most_recently_used_results_of_each_function(tmp_path, monkeypatch):
    """Old entries are removed once a function has more than KEEP_PER_FUNCTION; an entry read again is
    recent, so it stays while older ones go."""
    monkeypatch.setattr(paths, "CACHE", tmp_path / "cache")
    monkeypatch.delenv(cache.NO_CACHE_ENV, raising=False)
    monkeypatch.setattr(cache, "KEEP_PER_FUNCTION", 3)
    folder = tmp_path / "cache" / _square.cache_name
    calls.clear()
    clock = iter(range(1_000_000, 2_000_000, 10))  # mtimes one apart: the order never depends on the clock
    real_utime = os.utime
    monkeypatch.setattr(cache.os, "utime", lambda p, *a, **k: real_utime(p, (t := next(clock), t)))
    for x in (1, 2, 3):
        _square(x)
        real_utime(max(folder.glob("*.pkl"), key=lambda e: e.stat().st_mtime_ns), (t := next(clock), t))
    assert len(list(folder.glob("*.pkl"))) == 3
    _square(1)  # read again: now the most recent
    assert calls == [1, 2, 3]
    _square(4)  # the fourth result: the least recently used (2) goes
    assert len(list(folder.glob("*.pkl"))) == 3
    _square(1), _square(3)
    assert calls == [1, 2, 3, 4]
    _square(2)
    assert calls == [1, 2, 3, 4, 2]

    def refuse(*_a, **_k):
        raise PermissionError("read-only cache")

    monkeypatch.setattr(cache.os, "utime", refuse)  # a cache that can be read but not touched
    assert _square(2) == 4 and calls == [1, 2, 3, 4, 2]


def test_a_cache_entry_is_keyed_on_the_code_and_library_versions_and_recomputed_when_unreadable(tmp_path, monkeypatch):
    """Another fingerprint (code or a library's version) is another entry; an entry that cannot be unpickled,
    whatever the error (a pandas upgrade moves a class: AttributeError, ModuleNotFoundError), is recomputed."""
    monkeypatch.setattr(paths, "CACHE", tmp_path / "cache")
    monkeypatch.delenv(cache.NO_CACHE_ENV, raising=False)
    calls.clear()
    monkeypatch.setattr(cache, "fingerprint", lambda names: "statsmodels 0.15")
    assert _square(5) == 25 and _square(5) == 25 and calls == [5]
    monkeypatch.setattr(cache, "fingerprint", lambda names: "statsmodels 0.16")
    assert _square(5) == 25 and calls == [5, 5]
    [entry] = [e for e in (tmp_path / "cache" / _square.cache_name).glob("*.pkl") if e.stat().st_mtime_ns ==
               max(x.stat().st_mtime_ns for x in (tmp_path / "cache" / _square.cache_name).glob("*.pkl"))]
    for unreadable in (b"cno_such_module_anywhere\nThing\n.", b"cbuiltins\nno_such_attribute\n.", b"\x80\x05junk",
                       b""):
        entry.write_bytes(unreadable)
        assert _square(5) == 25
    assert calls == [5, 5, 5, 5, 5, 5]
    assert _square(5) == 25 and len(calls) == 6  # the recomputed entry is read again


def test_the_fingerprint_holds_the_versions_of_the_libraries_the_code_imports(monkeypatch):
    """A module's fingerprint changes with the installed version of a library its code reaches (statsmodels,
    and numpy, which statsmodels requires) and not with one it does not (pytest)."""
    providers, dists = code_graph._installed()

    def with_version(dist, version):
        changed = dict(dists)
        changed[dist] = (version, dists[dist][1])
        monkeypatch.setattr(code_graph, "_installed", lambda: (providers, changed))
        return code_graph.fingerprint(["compute_limits.stats.regression"])

    before = code_graph.fingerprint(["compute_limits.stats.regression"])
    versions = code_graph.library_versions(code_graph.closure_libraries(["compute_limits.stats.regression"]))
    assert {"statsmodels", "numpy", "scipy", "pandas", "python"} <= set(versions) and "pytest" not in versions
    assert with_version("statsmodels", "99.0") != before
    assert with_version("numpy", "99.0") != before
    assert with_version("pytest", "99.0") == before


def test_imports_are_read_from_the_syntax_whatever_their_layout():
    """A parenthesised multi-line import (as black and ruff write a long one) was invisible to the line-by-line
    reader, so the chapter never re-ran when the imported code changed."""
    cell = textwrap.dedent("""\
        %matplotlib inline
        from compute_limits.analysis import (
            projections,
            costs as cost_analysis,
        )
        import compute_limits.stats.trends, json

        def later():
            from compute_limits.report import glue
        """)
    found = code_graph.imported_modules(cell)
    assert {"compute_limits.analysis.projections", "compute_limits.analysis.costs", "compute_limits.stats.trends",
            "compute_limits.report.glue"} <= found
    assert code_graph.code_facts(cell).libraries == ("json",)


def test_code_hash_ignores_documentation_but_not_code(tmp_path, monkeypatch):
    pkg = tmp_path / "compute_limits"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    mod = pkg / "m.py"
    monkeypatch.setattr(code_graph, "PACKAGE_DIR", pkg)
    mod.write_text('"""Doc."""\n\ndef f():\n    """What f does."""\n    return 1  # one\n')
    first = code_graph.code_hash(["compute_limits.m"])
    mod.write_text('"""Other doc."""\n\n\ndef f():\n    """Says more."""\n    return 1  # still one\n')
    assert code_graph.code_hash(["compute_limits.m"]) == first
    mod.write_text('"""Doc."""\n\ndef f():\n    return 2\n')
    assert code_graph.code_hash(["compute_limits.m"]) != first


def test_parameter_values_take_their_defaults_type():
    """A tuple on the command line reaches the chapter as a list (papermill would pass its string), an int
    where a number is expected is a float, and a value of the wrong type is refused before anything runs."""
    from compute_limits.pipeline.registry import load_jobs

    jobs = load_jobs(["history.paper_window=(2013,2019)", "level=0.9"])
    history = next(j for j in jobs if j.chapter == "history")
    assert history.params["paper_window"] == [2013, 2019] and isinstance(history.params["paper_window"], list)
    history = next(j for j in load_jobs(["history.start_year=1960"]) if j.chapter == "history")
    assert history.params["start_year"] == 1960.0 and isinstance(history.params["start_year"], float)
    with pytest.raises(ConfigError, match=r"start_year='x' \(history\): must be a number like its default 1950.0"):
        load_jobs(["history.start_year=x"])
    with pytest.raises(ConfigError, match="must be an integer"):
        load_jobs(["seed=abc"])


@pytest.mark.parametrize("override,message", [
    ("future_costs.n_boot=0", "parameter n_boot=0 (future_costs): must be a whole number at least 2"),
    ("benchmarks_summary.n_boot=1", "parameter n_boot=1 (benchmarks_summary): must be a whole number at least 2"),
    ("ways_out.budget_usd=-1", "parameter budget_usd=-1.0 (ways_out): must be a number greater than 0"),
    ("ways_out.reduction_factor=1", "parameter reduction_factor=1.0 (ways_out): must be a number greater than 1"),
    ("theory.improvement=1", "parameter improvement=1 (theory): must be a number greater than 1"),
    ("history.frontier_top_k=0", "parameter frontier_top_k=0 (history): must be a whole number at least 1"),
    ("history.topk_grid=(1,0)", "parameter topk_grid=[1, 0] (history): every element must be a whole number at least 1"),
    ("history.split_grid=(2016,2004)", "parameter split_grid=[2016, 2004] (history): split_grid must be [first, last]"),
    ("history.anatomy_min_n=2", "parameter anatomy_min_n=2 (history): must be a whole number at least 3"),
    ("out_of_sample.min_test_models=0", "parameter min_test_models=0 (out_of_sample): must be a whole number at least 1"),
    ("out_of_sample.paper_window=(2020,2012)", "parameter paper_window=[2020, 2012] (out_of_sample): paper_window must be []"),
    ("theory.replications=-5", "parameter replications=-5 (theory): must be a whole number at least 2"),
    ("theory.n_min=0", "parameter n_min=0 (theory): must be a whole number at least 2"),
    ("theory.sigma=0", "parameter sigma=0.0 (theory): must be a number greater than 0"),
    ("theory.s=1000", "parameters s=1000, p=1000 (theory): s (true features) must be fewer than p"),
    ("theory.penalty_scales=(0.5,0)", "parameter penalty_scales=[0.5, 0] (theory): every element must be a number greater than 0"),
    ("seed=-1", "parameter seed=-1 ("),
    ("growth_end=2010", "parameters growth_start=2012.0, growth_end=2010.0 ("),
    ("history.dl_split=1940", "parameters start_year=1950.0, dl_split=1940.0 (history): start_year must be before dl_split"),
])
def test_parameter_values_outside_their_domain_are_refused_before_anything_runs(override, message):
    """Each value here used to reach its chapter: some failed in a cell after the chapters before it had run
    (`math domain error` for a negative budget), others ran to the end (n_boot of 0 or 1, a reversed
    split_grid, reduction_factor=1, min_test_models=0)."""
    from compute_limits.pipeline.registry import load_jobs

    with pytest.raises(ConfigError) as err:
        load_jobs([override])
    assert str(err.value).startswith(message) and "\n" not in str(err.value)


def test_every_parameter_is_described_once_and_every_chapter_says_so():
    """A parameter's meaning is declared once (parameters.DESCRIPTIONS); each chapter's parameters cell carries
    it as the comment after the default, as papermill reads the cell, and every parameter papermill can set is
    one the chapter assigns."""
    from compute_limits import parameters
    from compute_limits.pipeline.registry import chapter_parameters, read_registry

    seen, wrong = set(), []
    for entry in read_registry():
        for name, param in chapter_parameters(paths.CHAPTERS / entry.source).items():
            seen.add(name)
            if param.comment != parameters.DESCRIPTIONS.get(name):
                wrong.append(f"{entry.source}: {name}: {param.comment!r}")
    assert not wrong, wrong
    assert seen == set(parameters.DESCRIPTIONS), set(parameters.DESCRIPTIONS) ^ seen
    assert not [d for d in parameters.DESCRIPTIONS.values() if "=" in d]


def test_a_parameters_line_papermill_cannot_read_is_refused(tmp_path):
    from compute_limits.pipeline.registry import chapter_parameters

    source = tmp_path / "x.md"
    source.write_text("```{code-cell} ipython3\n:tags: [parameters]\n\nlevel = 0.95  # coverage (0 = none)\n```\n")
    with pytest.raises(ConfigError, match="papermill cannot read parameter"):
        chapter_parameters(source)


def test_every_chapters_defaults_lie_in_their_domains_and_every_rule_names_a_parameter():
    """The rules are declared by name: a rule for a name no chapter has, or a default it refuses, is a bug."""
    from compute_limits import parameters
    from compute_limits.pipeline.registry import _defaults, chapter_parameters, load_jobs

    defaults = {job.chapter: _defaults(chapter_parameters(job.source)) for job in load_jobs()}
    assert {chapter: parameters.problems(values) for chapter, values in defaults.items()
            if parameters.problems(values)} == {}
    names = {name for values in defaults.values() for name in values}
    ruled = set(parameters.DOMAINS) | {n for rel in parameters.RELATIONS for n in rel.names}
    assert ruled <= names, ruled - names
    assert parameters.problems({"level": True}) and parameters.problems({"n_boot": 2.5})  # bool and fractions


def test_combining_parts_rewrites_only_the_named_tables_and_the_dictionary(tmp_path, monkeypatch):
    """The pipeline recombines, after each chapter, only the tables whose parts that chapter wrote."""
    monkeypatch.setenv(paths.RESULTS_ENV, str(tmp_path))
    for part in ("imagenet", "coco"):
        results.write_result(pd.DataFrame({"benchmark": [part], "n": [3]}), "fits", part=part)
        results.write_result(pd.DataFrame({"benchmark": [part], "year_slope": [1.0]}), "time_trend", part=part)
    assert [p.name for p in results.combine_parts(tmp_path, names={"fits"})] == ["fits.csv"]
    assert not (tmp_path / "time_trend.csv").exists()
    assert set(pd.read_csv(tmp_path / "dictionary.csv")["file"]) == {"fits.csv"}
    assert list(pd.read_csv(tmp_path / "fits.csv")["benchmark"]) == ["imagenet", "coco"]  # in benchmarks.toml order
    assert {p.name for p in results.combine_parts(tmp_path)} == {"fits.csv", "time_trend.csv"}

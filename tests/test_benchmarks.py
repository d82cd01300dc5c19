"""The benchmark pages and the benchmark summary: fits, the "not estimable" rule, the metric as a parameter,
any valid input, the claims evidence, what each page's sections glue and which variant of a sentence they pick,
and the pages' sources (analysis.benchmarks, analysis.benchmark_page, analysis.benchmark_summary,
analysis.benchmark_claims, analysis.families, report.benchmark_tables, report.benchmark_charts)."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from compute_limits import config
from compute_limits.analysis import benchmark_claims as bclaims, benchmark_page as page, benchmark_summary as summary
from compute_limits.analysis import benchmarks, families
from compute_limits.analysis.claims import EVIDENCE_COLUMNS, evidence, ledger
from compute_limits.analysis.compute_measures import consolidation_summary
from compute_limits.analysis.data_summary import users_files
from compute_limits.data import paths
from compute_limits.data.benchmarks import load_all
from compute_limits.report import benchmark_charts as plot, benchmark_tables as tab, ledger_text
from compute_limits.report import numbers as N
from compute_limits.report.glue import items
from compute_limits.report.numbers import NOT_ESTIMABLE
from compute_limits.stats import compare
from compute_limits.stats.forms import FORMS
from compute_limits.stats.bootstrap import r2_gain_interval
from compute_limits.stats.intervals import r2_interval

BASELINE = {  # the main polynomial fits before the redesign (baseline results/fits.csv)
    "imagenet": (102, 0.09075626874, 0.6935563439), "coco": (20, 0.06199751009, 0.8153488753),
    "squad": (12, 0.09561017496, 0.871830949), "conll": (12, 0.02691371427, 0.4168309907),
    "wmt14_en_fr": (14, 0.02364545368, 0.1472819319), "wmt14_en_de": (12, 0.01408742547, 0.1883911933),
}
CLAIMS = {"r2_range_v1", "imagenet_r2_v1", "time_trend_gain", "years_per_10x", "polynomial_preferred",
          "en_de_not_significant", "v1_significant_slopes", "small_gains_v1"}


_TABLES = {}


N_BOOT = 200  # the frontier's bootstrap in these tests (the book's default is 1000; a page test uses that)


def _claims(analyses, rows, lit, seed, n_boot):
    """The page's claims-ledger rows, their text written from literature.toml's templates."""
    return ledger_text.write_rows(bclaims.claims_evidence(analyses, rows, lit, seed, n_boot), lit)


def analyse_all(metrics=None, data_files=None, level=0.95, n_boot=N_BOOT):
    """Every benchmark analysed; the released files are read once per test module (a user's file each time)."""
    configs = config.load_benchmarks(metrics=metrics, data_files=data_files)
    if not _TABLES:
        _TABLES.update(load_all(config.load_benchmarks()))
    tables = {b: _TABLES[b].copy() for b in configs}
    for b in (data_files or {}):
        tables[b] = load_all({b: configs[b]}, data_files)[b]
    for b, c in configs.items():  # the selected metric's score and error
        if c.metric in tables[b] and b not in (data_files or {}):
            tables[b]["score"] = tables[b][c.metric]
            tables[b]["error"] = 1 - tables[b]["score"] / 100
    return configs, {b: benchmarks.analyse(benchmarks.prepare(tables, c), level, n_boot=n_boot)
                     for b, c in configs.items()}


@pytest.fixture(scope="module")
def real():
    return analyse_all()


def glued(a, lit, configs, data_files=None) -> dict:
    """Every value a benchmark page glues, {key: value} (text set by kind, flags, case names)."""
    names = {b: c.name for b, c in configs.items()}
    conv = page.conversion(a, consolidation_summary(a.data, a.conversion), names, data_files)
    out = {}
    for prefix, obj in (("bm", page.intro(a)), ("tgt", page.targets(a)),
                        ("users", users_files(configs, data_files or {}, a.config.id)),
                        ("chk", page.check(a)), ("conv", conv), ("conv", tab.names(conv)),
                        ("fit", page.main_fit(a)), ("trend", page.trend(a, lit)), ("front", page.frontier(a)),
                        ("v1", page.v1(a, lit)), ("form", page.forms(a))):
        for key, value in items(obj, prefix):
            assert key not in out, f"{key} glued twice"  # myst-nb warns on a duplicate key: the -W build fails
            assert isinstance(value, str | bool), f"{key} is glued raw: annotate it with its kind"
            out[key] = value
    return out


def summary_glued(analyses, lit, configs=None, data_files=None) -> dict:
    """Every value the summary page glues."""
    rows = summary.summary_table(analyses, lit)
    configs = configs or config.load_benchmarks()
    out = {}
    for prefix, obj in (("users", users_files(configs, data_files or {})), ("slopes", summary.slopes(rows)), ("v1", summary.v1_numbers(analyses, rows, lit)),
                        ("forms", summary.forms(rows)), ("progress", summary.progress(rows, analyses, lit))):
        for key, value in [*items(obj, prefix), *items(tab.names(obj), prefix)]:
            assert key not in out, f"{key} glued twice"
            assert isinstance(value, str | bool), f"{key} is glued raw: annotate it with its kind"
            out[key] = value
    return out


def text_of(values: dict) -> str:
    return " ".join(str(v) for v in values.values())


def tidy_file(tmp_path: Path, n: int = 12, slope: float = 0.06, start: int = 2021, seed: int = 3,
              flat: bool = False) -> Path:
    """A valid tidy benchmark file: no named model, no family, every model after July 2020."""
    rng = np.random.default_rng(seed)
    c = 10 ** rng.uniform(17, 21, n)
    y = (0.3 if flat else -0.8 + slope * np.log10(c)) + rng.normal(0, 0.03, n)
    dates = [f"{yr}-{m:02d}" for yr, m in zip(rng.integers(start, start + 3, n), rng.integers(1, 13, n))]
    path = tmp_path / "tidy.csv"
    pd.DataFrame({"model": [f"Synth-{i}" for i in range(n)], "date": dates,
                  "score": (100 * (1 - 10 ** -y)).round(3), "compute": c}).to_csv(path, index=False)
    return path


# ---------------------------------------------------------------- the fits, against the baseline


def test_main_fits_match_the_baseline(real):
    _, analyses = real
    for bid, (n, slope, r2) in BASELINE.items():
        p = analyses[bid].main.polynomial
        assert (p.n, p.slope, p.r2) == (n, pytest.approx(slope, rel=1e-8), pytest.approx(r2, rel=1e-8))


def test_fit_rows_count_models_with_score_and_compute(real):
    _, analyses = real
    for a in analyses.values():
        for sample in benchmarks.SAMPLES:
            sub = benchmarks.sample_rows(a.data, sample)
            for compute in benchmarks.compute_measures(a.config):
                expected = int((sub["error"].notna() & (sub["error"] > 0) & sub[compute].notna()).sum())
                rows = a.fits[(a.fits["model_set"] == sample) & (a.fits["compute"] == compute)
                              & (a.fits["metric"] == a.config.metric) & a.fits["form"].isin(FORMS)]
                assert set(rows["n"]) == ({expected} if expected >= benchmarks.MIN_FIT_ROWS else set())


def test_results_carry_metric_level_and_boolean_estimable(real):
    _, analyses = real
    for a in analyses.values():
        for name, df in a.results().items():
            assert "metric" in df.columns, name
            if "estimable" in df.columns:
                assert df["estimable"].dtype == bool, name
                assert set(df["level"]) <= {0.95}, name
        assert list(a.fits.columns) == benchmarks.FIT_COLUMNS


def test_not_estimable_rule_everywhere(real):
    """En–De's slope is not significant: no k, no compute to halve the error, no 1756 on the v1 time trend, no
    k of 981 for a family fit at R² 0.00035 (the issue's examples)."""
    _, analyses = real
    de = analyses["wmt14_en_de"]
    main = de.fits[(de.fits["model_set"] == "all") & (de.fits["form"] == "polynomial")
                   & (de.fits["compute"] == "hardware_burden")].iloc[0]
    assert not main["estimable"] and main["slope_lo"] < 0 < main["slope_hi"] and np.isinf(main["k_hi"])
    trend_v1 = de.fits[(de.fits["model_set"] == "v1") & (de.fits["form"] == "polynomial_year")].iloc[0]
    assert trend_v1["k"] == pytest.approx(1756.2, abs=0.1) and not trend_v1["estimable"]
    coco = analyses["coco"].families.set_index("family").loc["ResNet"]
    assert coco["k"] == pytest.approx(980.6, abs=0.1) and coco["r2"] < 0.001 and not coco["estimable"]
    assert analyses["imagenet"].families.set_index("family").loc["ResNet", "estimable"]
    values = glued(de, config.literature(), config.load_benchmarks())
    assert values["fit_estimable"] is False and values["fit_k_estimable"] is False
    for key in ("fit_k", "fit_k_with_interval", "fit_error_factor", "fit_error_factor_with_interval", "trend_k"):
        assert values[key] == NOT_ESTIMABLE, key
    assert values["fit_halve"] == NOT_ESTIMABLE and values["fit_halve_estimable"] is False
    assert "fit_k_reverse" not in values  # no number for the sentences that need one
    assert values["fit_b_with_interval"].startswith("0.014 (95% confidence interval −0.0065 to")  # the slope itself
    text = text_of(values)
    assert "71" not in text and "10²¹" not in text and "1756" not in text and "1,800" not in text
    assert "not estimable" in tab.fits_display(de)["k"].tolist()
    coco = glued(analyses["coco"], config.literature(), config.load_benchmarks())
    assert coco["front_families"] == "no" and "980" not in text_of(coco) and "981" not in text_of(coco)
    assert tab.families_display(analyses["coco"])["k"].tolist() == ["not estimable"]


def test_level_reaches_every_interval():
    _, narrow = analyse_all(level=0.8)
    _, wide = analyse_all(level=0.99)
    for bid in ("imagenet", "conll"):
        n, w = narrow[bid].fits.iloc[0], wide[bid].fits.iloc[0]
        assert n["slope_lo"] > w["slope_lo"] and n["slope_hi"] < w["slope_hi"] and n["level"] == 0.8
        assert set(narrow[bid].time_trend["level"]) == {0.8} and set(narrow[bid].families["level"]) <= {0.8}
        fit = dict(items(page.main_fit(narrow[bid]), "fit"))
        assert "80% confidence interval" in fit["fit_b_with_interval"] and "95%" not in text_of(fit)


def test_families_and_samples():
    assert families.family_of("ResNet-152") == "ResNet"
    assert families.family_of("NoisyStudent (EfficientNet-L2)") == "EfficientNet"
    assert families.family_of("NASNET-A(6)") == "NASNet & searched nets"
    assert families.family_of("AlexNet") is None
    df = pd.DataFrame({"date": [2019.9, 2020.5, 2020.45, 2021.0]})
    assert list(benchmarks.sample_rows(df, "v1").index) == [0, 2]  # a year-only 2020 row (2020.5) is not v1


# ---------------------------------------------------------------- the metric is a parameter


def test_imagenet_top5_is_fitted_and_the_paper_numbers_vanish():
    configs, analyses = analyse_all(metrics={"imagenet": "top5"})
    lit = config.literature()
    a = analyses["imagenet"]
    assert a.config.metric == "top5" and set(a.fits["metric"]) == {"top5"}
    p = a.main.polynomial
    assert p.n == 48 and p.slope == pytest.approx(0.1647, abs=1e-3) and p.r2 == pytest.approx(0.6588, abs=1e-3)
    values = glued(a, lit, configs)
    assert values["bm_metric_label"] == "top-5 accuracy" and "43%" not in text_of(values)
    assert values["bm_metric_changed"] is True and values["bm_default_metric_label"] == "top-1 accuracy"
    assert values["v1_paper"] == "none" and "v1_paper_r2" not in values
    assert values["trend_paper_says"] is False and "trend_paper_years" not in values
    rows = summary.summary_table(analyses, lit)
    assert np.isnan(rows.set_index("benchmark").loc["imagenet", "v1_reported_r2"])
    ids = {e.claim_id for e in _claims(analyses, rows, lit, 1, 100)}
    assert ids == {"r2_range_v1", "polynomial_preferred", "en_de_not_significant", "v1_significant_slopes",
                   "small_gains_v1"}
    progress = summary.progress(rows, analyses, lit)  # v1's ratio is about ImageNet scored by top-1: not repeated here
    assert (progress.said, progress.said_for) == ("elsewhere", ("ImageNet",))
    assert progress.said_metrics == ("top-1 accuracy",)


# ---------------------------------------------------------------- any valid input


@pytest.mark.parametrize("bid", list(config.load_benchmarks()))
def test_pages_build_from_a_small_tidy_file(tmp_path, bid):
    """A tidy file (model, date, score, compute; 12 rows) for any benchmark: no network operations, no
    v1-sample rows, no families, no named model; every phrase, table and chart of both pages is made."""
    files = {bid: str(tidy_file(tmp_path))}
    configs, analyses = analyse_all(data_files=files)
    lit = config.literature()
    a = analyses[bid]
    assert a.main.polynomial.n == 12 and a.v1 is None and a.families.empty and a.conversion is None
    values = glued(a, lit, configs)
    assert values["bm_source"] == "a user-supplied file (tidy.csv)"
    assert values["bm_models"] == values["bm_scored"] == "12" and values["bm_all_scored"] is True
    main = configs[bid].compute
    assert values["conv_case"] == ("given" if main == "consolidated_hardware_burden" else "hardware")
    assert values["conv_fitted"] is False
    assert (values["v1_fitted"], values["v1_n"], values["v1_min_rows"]) == (False, "0", "5")
    assert "v1_b" not in values or values["v1_b"] == NOT_ESTIMABLE
    assert values["front_families"] == "none" and values["form_v1_compared"] is False
    checked = tab.check_summary_display(a).set_index("measure")
    assert checked.loc["network operations", "recorded"] == "0"
    hardware = checked.loc["hardware burden"]
    assert hardware["recorded"] == "12" and hardware["largest difference"] == "—"  # nothing to rebuild it from
    for f in (tab.fits_display, tab.check_display, tab.families_display, tab.comparison_display):
        f(a)
    plot.fit_chart(a)[0].to_dict()
    plot.residual_chart(a)[0].to_dict()
    rows = summary.summary_table(analyses, lit)
    assert rows.set_index("benchmark").loc[bid, "v1_n"] == 0
    claims = _claims(analyses, rows, lit, 1, 100)
    assert list(evidence(claims).columns) == EVIDENCE_COLUMNS
    tab.summary_display(rows)
    tab.claims_display(claims)
    summary_glued(analyses, lit)
    plot.slopes_chart(summary.slopes_table(analyses))[0].to_dict()


def test_a_flat_benchmark_reads_not_estimable(tmp_path):
    files = {"conll": str(tidy_file(tmp_path, flat=True, seed=5))}
    configs, analyses = analyse_all(data_files=files)
    a = analyses["conll"]
    assert not benchmarks.fit_numbers(a.main.polynomial).estimable
    values = glued(a, config.literature(), configs)
    assert values["fit_estimable"] is False and values["fit_k"] == NOT_ESTIMABLE
    assert values["fit_drift"] in ("rise", "fall", "none")
    rows = summary.summary_table(analyses, config.literature())
    assert tab.summary_display(rows).set_index("benchmark").loc["CoNLL 2003", "k·R² to k"] == "not estimable"
    assert summary.slopes(rows).which == "some" and "CoNLL 2003" in summary.slopes(rows).not_estimable


# ---------------------------------------------------------------- the summary and the claims


def test_summary_table_order_verdicts_and_bracket(real):
    configs, analyses = real
    lit = config.literature()
    rows = summary.summary_table(analyses, lit)
    assert list(rows["benchmark"]) == list(configs)  # benchmarks.toml order
    for _, r in rows.iterrows():
        cmp_ = analyses[r["benchmark"]].comparison_of("all")
        assert r["verdict"] == compare.form_verdict(cmp_)
        assert r["k_reverse"] == pytest.approx(r["k"] * r["r2_polynomial"])
        assert r["k_reverse"] < r["k"]
    forms = summary.forms(rows)
    # En–Fr no longer "prefers" the exponential form: neither slope is estimable (issue 25, correction 6)
    assert (forms.n_polynomial, forms.n_exponential, forms.n_neither) == (1, 1, 4)
    assert forms.by_verdict == {"polynomial": ("MS COCO",), "exponential": ("ImageNet",),
                                "neither": ("SQuAD 1.1", "CoNLL 2003", "WMT 2014 En–Fr", "WMT 2014 En–De")}
    assert forms.support == "in_part" and not forms.v1_decided and forms.v1_compared == 6
    slopes = summary.slopes(rows)
    assert slopes.not_estimable == ("WMT 2014 En–Fr", "WMT 2014 En–De") and slopes.which == "some"
    assert (slopes.n_estimable, slopes.k_min, slopes.k_max) == (4, pytest.approx(10.46, abs=0.01),
                                                                pytest.approx(37.15, abs=0.01))
    progress = summary.progress(rows, analyses, lit)
    assert progress.which == "some" and progress.said == "here" and progress.said_for == ("ImageNet",)
    assert progress.estimable == ("ImageNet", "SQuAD 1.1", "WMT 2014 En–Fr")
    v1 = summary.v1_numbers(analyses, rows, lit)
    assert (v1.n_covered, v1.n_inside, v1.n_overlap, v1.year_only_outside) == (5, 2, 5, 9)
    assert v1.left_out == ("WMT 2014 En–De",) and v1.excluded_fitted and v1.cutoff_year == 2020
    values = summary_glued(analyses, lit)
    assert values["forms_by_verdict_exponential_names"] == "ImageNet"
    assert values["slopes_estimable_names"] == "ImageNet, MS COCO, SQuAD 1.1 and CoNLL 2003"
    assert values["v1_cutoff_year"] == "2020" and values["v1_excluded_r2"] == "15%"


def test_claims_evidence_rows_and_verdicts(real):
    _, analyses = real
    lit = config.literature()
    rows = summary.summary_table(analyses, lit)
    ev = evidence(_claims(analyses, rows, lit, 20200713, 1000))
    assert set(ev["claim_id"]) == CLAIMS and ev["claim_id"].is_unique
    assert (ev["chapter"] == "benchmarks_summary").all() and ev["note"].str.len().min() > 40
    by = ev.set_index("claim_id")
    assert by.loc["imagenet_r2_v1", "test"] == "inside" and by.loc["imagenet_r2_v1", "paper_number"] == 0.43
    assert by.loc["imagenet_r2_v1", "book_lo"] < 0.43 < by.loc["imagenet_r2_v1", "book_hi"]
    # the v1 sample with its own, pre-July-2020 conversion (issue 25, correction 1; 3.07 with the leaky one)
    assert by.loc["years_per_10x", "book_value"] == pytest.approx(2.87, abs=0.01)
    assert by.loc["en_de_not_significant", "book_lo"] < 1 < by.loc["en_de_not_significant", "book_hi"]
    assert by.loc["r2_range_v1", "test"] == "share" and by.loc["polynomial_preferred", "test"] == "share"
    rows_written = _claims(analyses, rows, lit, 1, 100)
    metrics = ledger_text.evidence(rows_written, lit, metric=bclaims.metrics(rows_written, analyses, lit))
    metrics = metrics.set_index("claim_id")["metric"]
    assert metrics["imagenet_r2_v1"] == "top1" and metrics["en_de_not_significant"] == "bleu"
    assert "coco:box_ap" in metrics["r2_range_v1"] and "wmt14_en_de" not in metrics["r2_range_v1"]
    verdicts = ledger(ev).set_index("claim_id")["verdict"]
    assert verdicts["en_de_not_significant"] == "holds" and verdicts["imagenet_r2_v1"] == "holds"
    assert verdicts["polynomial_preferred"] == "holds in part"
    assert verdicts["r2_range_v1"] == verdicts["v1_significant_slopes"] == verdicts["small_gains_v1"] == "holds in part"
    # judged on the point estimates (2 of 5); "cannot tell it from a wider one" only where every interval overlaps
    # the range and reaches beyond it (correction 10: it was stated whatever the count)
    assert by.loc["r2_range_v1", "book_value"] == pytest.approx(0.4) and "2 of 5" in by.loc["r2_range_v1", "note"]
    assert "cannot tell it from a wider one" in by.loc["r2_range_v1", "note"]
    narrow = rows.assign(v1_r2_lo=rows["v1_r2"].clip(0.3, 0.67) - 0.005, v1_r2_hi=rows["v1_r2"].clip(0.3, 0.67) + 0.005)
    note = next(e.note for e in _claims(analyses, narrow, lit, 1, 100) if e.claim_id == "r2_range_v1")
    assert "wider one" not in note and "of the 5 intervals overlap the range." in note


def test_benchmark_claims_follow_literature(real):
    """Which benchmark a statement is about comes from literature.toml, not from ids in the code."""
    _, analyses = real
    lit = config.literature()
    rows = summary.summary_table(analyses, lit)
    without_de = lit.model_copy(update={"paper_benchmark": tuple(p for p in lit.paper_benchmark
                                                                 if p.benchmark != "wmt14_en_de")})
    ids = {e.claim_id for e in _claims(analyses, rows, without_de, 1, 100)}
    assert "en_de_not_significant" not in ids and "imagenet_r2_v1" in ids
    moved = tuple(p.model_copy(update={"claims": {"significant": "conll_flat"}, "significant": False})
                  if p.benchmark == "conll" else p for p in lit.paper_benchmark)
    ev = _claims(analyses, rows, lit.model_copy(update={"paper_benchmark": moved}), 1, 100)
    conll = next(e for e in ev if e.claim_id == "conll_flat")
    assert "CoNLL 2003" in conll.claim and conll.book_hi < 1  # CoNLL's v1 slope is significant: error falls


def test_tables_set_each_value_by_its_kind(real):
    configs, analyses = real
    lit = config.literature()
    rows = summary.summary_table(analyses, lit)
    claims = _claims(analyses, rows, lit, 20200713, 1000)
    shown = tab.claims_display(claims).assign(claim_id=[e.claim_id for e in claims]).set_index("claim_id")
    assert shown["this book"].to_dict() == {
        # the v1 sample with its own pre-July-2020 conversion, and a form preferred only where its slope is
        # estimable (h-spec, issue 25 corrections 1 and 6)
        "r2_range_v1": "40%", "polynomial_preferred": "50%", "imagenet_r2_v1": "48% (24–69%)",
        "time_trend_gain": "22% (7–41%)", "years_per_10x": "2.9 years (1.8–5.0)",
        "en_de_not_significant": "0.96× (0.86–1.1×) error per tenfold compute", "v1_significant_slopes": "80%",
        "small_gains_v1": "50%"}
    assert shown.loc["polynomial_preferred", "verdict"] == "holds in part"
    check = tab.check_summary_display(analyses["imagenet"]).set_index("measure")
    assert check.loc["network operations"].tolist() == ["77", "73", "69", "4", "77%"]
    assert check.loc["hardware burden"].tolist() == ["36", "34", "34", "0", "3%"]
    table = tab.summary_display(rows).set_index("benchmark")
    assert table.loc["ImageNet"].tolist() == ["consolidated", "102", "0.091 (0.079–0.10)", "7.64–11.0", "69% / 75%",
                                             "exponential", "3.2 (2.4–4.5)", "13 percentage points", "40, 48%"]
    assert table.loc["WMT 2014 En–De", "k·R² to k"] == "not estimable"
    de = tab.fits_display(analyses["wmt14_en_de"])
    assert "5.7 × 10⁻⁴ (0.016)" in de["b (s.e.)"].tolist()  # a slope near zero keeps two significant digits


def test_new_kinds_and_name_lists():
    assert (N.show(0.6936, "percent"), N.show_interval(0.2832, 0.7136, "percent")) == ("69%", "28–71%")
    assert (N.show(0.13, "points"), N.show(0.075, "points"), N.show(0.004, "points")) == \
        ("13 percentage points", "7.5 percentage points", "less than one percentage point")
    assert (N.show(-269.21, "fixed"), N.show(-0.04, "fixed")) == ("−269.2", "−0.0")
    forms = summary.FormsSummary(2.0, 3, 1, 0, 2, {"polynomial": ("A",), "exponential": (), "neither": ("B", "C")},
                                 3, 0, 0, 3, False, "agree")
    assert tab.names(forms) == {"by_verdict_polynomial_names": "A", "by_verdict_exponential_names": "none",
                                "by_verdict_neither_names": "B and C"}


def test_a_data_string_in_a_table_is_shown_literally(real):
    """A model or benchmark name enters a Markdown table cell escaped (report.tables.literal)."""
    import html

    from markdown_it import MarkdownIt

    from compute_limits.report.tables import literal

    names = ("Net_v2 *large* (`x`, $10^3$)", "{{ x }} <b>bold</b> [a](b) & ~~c~~", "Swin-L (384 res, ImageNet-22k)")
    for name in names:
        rendered = MarkdownIt("commonmark").enable("strikethrough").render(literal(name)).strip()
        assert rendered.startswith("<p>") and html.unescape(rendered[3:-4]) == name
    _, analyses = real
    bad = analyses["imagenet"].check
    labels = bad.loc[bad["status"] == "disagrees", "label"]
    assert tab.check_display(analyses["imagenet"])["model"].tolist() == [literal(x) for x in labels]
    rows = summary.summary_table(analyses, config.literature())
    assert tab.summary_display(rows.assign(name="A*b*"))["benchmark"].tolist()[0] == "A\\*b\\*"


def test_r2_interval_and_gain_bootstrap():
    lo, hi = r2_interval(0.5, 40, 0.95)
    assert lo < 0.5 < hi and r2_interval(0.5, 400, 0.95)[1] - r2_interval(0.5, 400, 0.95)[0] < hi - lo
    assert r2_interval(0.01, 10, 0.95)[0] == 0.0 and np.isnan(r2_interval(0.5, 3)[0])
    rng = np.random.default_rng(0)
    x, t = rng.uniform(17, 22, 60), rng.uniform(2012, 2022, 60)
    y = 0.05 * x + 0.02 * t + rng.normal(0, 0.05, 60)
    a = r2_gain_interval(x, t, y, 500, np.random.default_rng(1))
    assert a == r2_gain_interval(x, t, y, 500, np.random.default_rng(1)) and 0 < a[0] < a[1]


# ---------------------------------------------------------------- the pages' sources


CHAPTERS = [paths.CHAPTERS / "benchmark.md", paths.CHAPTERS / "benchmarks_summary.md"]


def prose(path: Path) -> str:
    import jupytext

    return "\n".join(c.source for c in jupytext.read(path).cells if c.cell_type == "markdown")


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_prose_has_no_stray_digit_and_no_function(path):
    text = prose(path)
    text = re.sub(r"\$[^$]*\$", "", text)  # math
    text = re.sub(r"\{[a-z:]+\}`[^`]*`", "", text)  # roles: glue, ref, term, cite
    text = re.sub(r"`[^`]*`", "", text)  # code
    text = re.sub(r"^\(.*\)=$|^:name:.*$|^:{3,}.*$", "", text, flags=re.M)  # labels, {if} conditions
    text = re.sub(r"\b(19|20)\d\d\b", "", text)  # years
    text = re.sub(r"\bv[12]\b", "", text)  # the paper's versions (glossary terms)
    assert not re.findall(r"\d", text), re.findall(r".{20}\d.{20}", text)
    import jupytext

    code = [c.source for c in jupytext.read(path).cells if c.cell_type == "code"]
    assert not any(re.search(r"^\s*def |^\s*class ", c, re.M) for c in code)
    assert len(code) <= 15 and not any("Markdown(" in c for c in code)


def test_figure_and_table_names_are_unique_per_benchmark():
    src = (paths.CHAPTERS / "benchmark.md").read_text()
    names = re.findall(r'f"(fig|tbl)-\{cfg\.id\}-([a-z-]+)"', src)
    assert len(names) >= 8 and len(set(names)) == len(names)
    assert ":name:" not in src  # the benchmark pages' names are made from the benchmark id
    md = plot.figure_block("fig_fit", "fig-coco-fit", "Caption.").data
    assert ":name: fig-coco-fit" in md and "{glue:md}`fit_links`" not in md and "{glue:md}`fig_fit_links`" in md
    md = plot.figure_block("fig_fit", "fig-coco-fit", "Caption.", {"fit_estimable": "Falls.",
                                                                    "not fit_estimable": "Flat."}).data
    blocks = re.findall(r"^::::\{if\} (.+)\n```\{glue:figure\} fig_fit\n:name: fig-coco-fit\n\n(.+)\n```\n::::$",
                        md, re.M)
    assert blocks == [("fit_estimable", "Falls. Caption. {glue:md}`fig_fit_links`"),
                      ("not fit_estimable", "Flat. Caption. {glue:md}`fig_fit_links`")]


_IF = re.compile(r"^(:{3,})\{if\} (not )?([a-z0-9_]+)(?: (==|!=) \"([^\"]*)\")?$")


def _conditions(path: Path):
    """``(negated, key, op, value)`` of every ``{if}`` block of a chapter, and of those its code emits
    (the takeaways of ``figure_block``)."""
    import jupytext

    found = [m.groups()[1:] for m in (_IF.match(line) for line in prose(path).splitlines()) if m]
    for cell in jupytext.read(path).cells:
        if cell.cell_type == "code" and "figure_block(" in cell.source:
            for cond in re.findall(r"['\"]((?:not )?[a-z0-9_]+(?: [=!]= \"[^\"]*\")?)['\"]: \"", cell.source):
                found.append(_IF.match(f":::{{if}} {cond}").groups()[1:])
    return found


def _shown(text: str, values: dict) -> str:
    """The chapter's Markdown with every ``{if}`` block whose condition does not hold removed (as the Sphinx
    extension does), nested blocks included."""
    out, stack = [], []
    for line in text.splitlines():
        m = _IF.match(line)
        if m:
            fence, neg, key, op, want = m.groups()
            value = values[key]
            holds = (str(value) == want) == (op == "==") if op else bool(value)
            stack.append((fence, holds != bool(neg)))
        elif stack and line.strip() == stack[-1][0]:
            stack.pop()
        elif all(h for _, h in stack):
            out.append(line)
    return "\n".join(out)


def _pages(tmp_path):
    """The benchmark pages' glued values on the released data, a tidy file, a flat file and top-5 ImageNet."""
    lit = config.literature()
    out = []
    (tmp_path / "flat").mkdir()
    for kwargs in ({}, {"data_files": {"coco": str(tidy_file(tmp_path))}},
                   {"data_files": {"squad": str(tidy_file(tmp_path / "flat", flat=True, seed=5))}},
                   {"metrics": {"imagenet": "top5"}}):
        configs, analyses = analyse_all(**kwargs)
        data_files = kwargs.get("data_files", {})
        out.append((configs, analyses, [glued(a, lit, configs, data_files) for a in analyses.values()],
                    summary_glued(analyses, lit, configs, data_files)))
    return out


def test_the_declared_pooled_conversions_are_what_the_analysis_pools():
    """benchmarks.toml's pooled_conversion (what the pipeline reads to say what a change of data reaches) names
    exactly the samples whose conversion the analysis fits on every benchmark's models, on the configured data:
    all models (no cut-off) and the v1 sample (the conversion that sees only models before July 2020)."""
    configs = config.load_benchmarks()
    if not _TABLES:
        _TABLES.update(load_all(configs))
    for bid, cfg in configs.items():
        pooled = set()
        for sample, cutoff in (("all", None), ("v1", benchmarks.V1_CUTOFF)):
            conv = benchmarks.prepare(_TABLES, cfg, conversion_cutoff=cutoff).conversion
            if conv is not None and conv.source == "pooled":
                pooled.add(sample)
        assert pooled == set(cfg.pooled_conversion), f"{bid}: the analysis pools {sorted(pooled)}, benchmarks.toml " \
                                                     f"declares {list(cfg.pooled_conversion)}"
    assert configs["coco"].pooled_conversion == ("all", "v1")  # the dependency issue 27 found undeclared


def test_a_pooled_conversion_names_the_users_file_it_draws_on(tmp_path):
    """Issue 27: a user's ImageNet file (tidy: no compute measures to pool) leaves MS COCO's pooled conversion
    without models; the COCO page says that the user's file is in the pool, and names it."""
    user = tidy_file(tmp_path)
    configs, analyses = analyse_all(data_files={"imagenet": str(user)})
    values = glued(analyses["coco"], config.literature(), configs, {"imagenet": str(user)})
    assert values["conv_case"] == "unfitted" and values["conv_pool_has_users"] is True
    assert (values["conv_pool_users"], values["conv_pool_users_files"]) == ("ImageNet", user.name)
    assert "{glue:text}`conv_pool_users_files`" in _shown(prose(CHAPTERS[0]), values)
    coco = analyse_all()[1]["coco"]  # the released files: the pool holds ImageNet's 11 models
    assert coco.conversion.source == "pooled" and coco.conversion.n == 11
    assert glued(coco, config.literature(), config.load_benchmarks())["conv_pool_has_users"] is False
    assert glued(analyses["imagenet"], config.literature(), configs, {"imagenet": str(user)})["users_focus"] is True


def test_every_conversion_case_has_its_sentence():
    """How the consolidated measure arose, in the cases the released files do not show, and each case's
    sentence in the chapter."""
    from types import SimpleNamespace

    from compute_limits.analysis.compute_measures import ConsolidationSummary

    consolidated = SimpleNamespace(config=SimpleNamespace(compute="consolidated_hardware_burden"))
    base = dict(hardware=5, converted=0, conversion=None, fit_benchmarks=(), implied=None)
    cases = [page.conversion(consolidated, ConsolidationSummary(unconverted=u, authors=au, **base), {})
             for u, au in ((0, None), (0, {"rows": 5}), (3, {"rows": 5}))]
    assert [(c.case, c.fitted, c.unconverted) for c in cases] == [("given", False, 0), ("complete", False, 0),
                                                                 ("unfitted", False, 3)]
    hardware = SimpleNamespace(config=SimpleNamespace(compute="hardware_burden"))
    assert page.conversion(hardware, ConsolidationSummary(unconverted=0, authors=None, **base), {}).case == "hardware"
    written = {want for _, key, op, want in _conditions(CHAPTERS[0]) if key == "conv_case" and op == "=="}
    assert written == {"hardware", "given", "complete", "unfitted", "own", "pooled"}


def test_every_sentence_a_page_shows_has_its_values(tmp_path):
    """Each chapter's {if} blocks test flags and cases its sections glue (a case always matches a variant),
    and every value a shown sentence cites is glued: what a -W build checks, on data with other variants."""
    sources = {"benchmark": prose(CHAPTERS[0]), "summary": prose(CHAPTERS[1])}
    conditions_of = {"benchmark": _conditions(CHAPTERS[0]), "summary": _conditions(CHAPTERS[1])}
    seen = set()
    for _, _, pages, summary_values in _pages(tmp_path):
        for name, sets in (("benchmark", pages), ("summary", [summary_values])):
            conditions = conditions_of[name]
            cases = {}
            for _, key, op, want in conditions:
                if op:
                    cases.setdefault(key, set()).add(want)
            for values in sets:
                for neg, key, op, want in conditions:
                    assert isinstance(values[key], bool) or op, f"{name}: {{if}} {key} is not a flag"
                for key, wanted in cases.items():
                    assert values[key] in wanted, f"{name}: {key} = {values[key]!r} has no variant"
                    seen.add((key, values[key]))
                shown = _shown(sources[name], values)
                for key in re.findall(r"\{glue:(?:text|md)\}`([a-z0-9_]+)", shown):
                    assert key in values or key.startswith("fig_"), f"{name}: {key} is cited but not glued"
    assert {("conv_case", "own"), ("conv_case", "pooled"), ("conv_case", "given"), ("conv_case", "hardware"),
            ("front_families", "none"), ("front_families", "some"), ("front_families", "no"),
            ("v1_paper", "none"), ("v1_paper", "r2_and_gain"), ("v1_paper", "left_out"), ("v1_paper", "range"),
            ("fit_drift", "rise"), ("fit_drift", "none")} <= seen


def test_old_sources_are_gone():
    assert not (paths.CHAPTERS / "benchmark.py").exists()
    assert not (paths.CHAPTERS / "benchmarks_summary.py").exists()


# ---------------------------------------------------------------- once through the pipeline


@pytest.mark.variants
def test_pipeline_runs_both_pages_on_a_tidy_file_with_top5(tmp_path):
    """In a scratch copy: a 12-row tidy CoNLL file and ImageNet scored by top-5, both pages executed by the
    pipeline; the results and the glued prose say what ran."""
    import json

    from conftest import cli, copy_repo

    repo = copy_repo(tmp_path / "repo")
    data = tidy_file(tmp_path)
    args = ["-d", f"conll={data}", "-p", "metrics={'imagenet':'top5'}"]
    cli(repo, "run", "--only", "benchmark", *args)
    cli(repo, "run", "--only", "benchmarks_summary", *args)
    results = repo / "_build" / "results"
    fits = pd.read_csv(results / "fits.csv")
    main = fits[(fits["model_set"] == "all") & (fits["form"] == "polynomial")].drop_duplicates("benchmark")
    by = main.set_index("benchmark")
    assert by.loc["conll", "n"] == 12 and by.loc["imagenet", "metric"] == "top5" and by.loc["imagenet", "n"] == 48
    assert fits["estimable"].dtype == bool and "level" in fits
    summary_csv = pd.read_csv(results / "benchmarks_summary.csv").set_index("benchmark")
    assert summary_csv.loc["conll", "v1_n"] == 0 and np.isnan(summary_csv.loc["imagenet", "v1_reported_r2"])
    assert "k_reverse" in summary_csv
    claims = pd.read_csv(results / "claims_evidence" / "benchmarks_summary.csv")
    assert "imagenet_r2_v1" not in set(claims["claim_id"])
    conll = _glued_in(repo / "chapters" / "benchmarks" / "04_conll.ipynb")
    assert conll["bm_source"] == "a user-supplied file (tidy.csv)" and conll["v1_fitted"] is False
    imagenet = _glued_in(repo / "chapters" / "benchmarks" / "01_imagenet.ipynb")
    assert imagenet["bm_metric_label"] == "top-5 accuracy" and imagenet["v1_paper"] == "none"
    assert "v1_paper_r2" not in imagenet and "43%" not in json.dumps(imagenet)


def _glued_in(notebook: Path) -> dict:
    """The values an executed notebook glued, by key."""
    import ast
    import json

    out = {}
    for cell in json.loads(notebook.read_text())["cells"]:
        for output in cell.get("outputs", []):
            name = output.get("metadata", {}).get("scrapbook", {}).get("name")
            text = output.get("data", {}).get("application/papermill.record/text/plain")
            if name and text is not None:
                try:
                    out[name] = ast.literal_eval(text)
                except (ValueError, SyntaxError):
                    out[name] = text
    return out


# ---------------------------------------------------------------- issue 25: corrections 5, 10 and 11


def test_the_frontier_interval_is_a_bootstrap_over_papers(real):
    """Correction 5: the frontier's slope interval was a kernel standard error on a dozen models printed as a
    95% confidence interval, so CoNLL's k = 25.8 (22.4–30.5) read as a finding although a pairs bootstrap puts
    about 30% of its slopes at or below zero.  Now it is the percentile interval of refits on resampled papers,
    and the estimability rule applies: CoNLL's frontier k is not estimable; En–De's frontier k is, beside a
    least-squares k that is not, and the page says what that does and does not mean."""
    configs, analyses = real
    lit = config.literature()
    for a in analyses.values():
        rows = a.fits[a.fits["form"] == benchmarks.frontier_form()]
        assert set(rows["interval"]) == {"bootstrap"} and set(a.fits.loc[a.fits["form"] != "quantile10", "interval"]) == {"t"}
        for sample, fit in a.frontiers.items():
            assert fit.slope_draws is not None and len(fit.slope_draws) >= 0.99 * N_BOOT
            row = rows[rows["model_set"] == sample].iloc[0]
            alpha = (1 - 0.95) / 2
            lo, hi = (np.quantile(fit.slope_draws, q, method="inverted_cdf") for q in (alpha, 1 - alpha))
            assert (row["slope_lo"], row["slope_hi"]) == (pytest.approx(lo), pytest.approx(hi))
    conll = analyses["conll"].fits.set_index(["form", "model_set"]).loc[("quantile10", "all")]
    assert conll["slope_lo"] < 0 < conll["slope_hi"] and not conll["estimable"] and np.isinf(conll["k_hi"])
    assert 0.2 < benchmarks.share_at_or_below_zero(analyses["conll"].frontiers["all"]) < 0.4
    values = glued(analyses["conll"], lit, configs)
    assert values["front_falls"] is False and values["front_k"] == NOT_ESTIMABLE and "25.8" not in text_of(values)
    assert values["front_b_with_interval"].startswith("0.039 (95% bootstrap interval −0.0")
    de = glued(analyses["wmt14_en_de"], lit, configs)
    assert de["front_falls"] is True and de["front_only_frontier_falls"] is True and de["fit_k"] == NOT_ESTIMABLE
    shown = _shown(prose(CHAPTERS[0]), de)
    assert "the frontier does not make it so" in shown and "how the best of them scaled" in shown
    assert "the frontier does not make it so" not in _shown(prose(CHAPTERS[0]), glued(analyses["imagenet"], lit, configs))


def test_halving_the_error_comes_with_its_interval_or_is_not_estimable(real):
    """Correction 10: "halving the error takes about 2,100 times the compute" had no interval (it is about
    850–6,600×); CoNLL's "1.5 × 10¹¹ times" rested on an interval from 10⁶ to 10⁶⁷ and is not estimable."""
    configs, analyses = real
    lit = config.literature()
    im = glued(analyses["imagenet"], lit, configs)
    assert im["fit_halve_with_interval"] == "2,100× (95% confidence interval 850–6,600×)"
    assert im["fit_halve_estimable"] is True and im["fit_halve_too_wide"] is False
    assert "Halving the error takes about 2,100× (95% confidence interval 850–6,600×) as much compute" in \
        _shown(prose(CHAPTERS[0]), im).replace("{glue:text}`fit_halve_with_interval`", im["fit_halve_with_interval"])
    conll = glued(analyses["conll"], lit, configs)
    assert conll["fit_falls"] is True and conll["fit_halve"] == NOT_ESTIMABLE and conll["fit_halve_too_wide"] is True
    assert "10¹¹" not in text_of(conll) and "1.5 ×" not in text_of(conll)
    assert "its {glue:text}`bm_level` interval spans more than {glue:text}`fit_halve_max_orders`" in \
        _shown(prose(CHAPTERS[0]), conll)


def test_a_slope_clear_of_zero_below_it_reads_as_error_rising(tmp_path):
    """Correction 10: "Error falls as compute grows" and "slopes … positive, with intervals clear of zero" keyed
    on an interval that excludes zero, which a significantly negative slope does too."""
    rng = np.random.default_rng(11)
    c = 10 ** rng.uniform(17, 21, 12)
    y = 2.5 - 0.08 * np.log10(c) + rng.normal(0, 0.02, 12)
    path = tmp_path / "rising.csv"
    pd.DataFrame({"model": [f"Synth-{i}" for i in range(12)], "date": [f"{2021 + i % 3}-0{1 + i % 9}" for i in range(12)],
                  "score": (100 * (1 - 10 ** -y)).round(3), "compute": c}).to_csv(path, index=False)
    files = {"conll": str(path)}
    configs, analyses = analyse_all(data_files=files)
    a = analyses["conll"]
    assert benchmarks.fit_numbers(a.main.polynomial).slope_hi < 0
    values = glued(a, config.literature(), configs)
    assert values["fit_estimable"] is True and values["fit_rises"] is True and values["fit_falls"] is False
    assert values["fit_k"] == NOT_ESTIMABLE and values["fit_halve"] == NOT_ESTIMABLE and "fit_k_reverse" not in values
    shown = _shown(prose(CHAPTERS[0]), values)
    assert "the error rises with compute" in shown and "Error falls as compute grows" not in shown
    rows = summary.summary_table(analyses, config.literature())
    s = summary.slopes(rows)
    assert s.rising == ("CoNLL 2003",) and s.any_rising and "CoNLL 2003" not in s.estimable + s.not_estimable
    assert s.n_estimable == 3 and s.k_max == pytest.approx(rows.set_index("name").loc[list(s.estimable), "k"].max())
    figure = tab.names(s)
    assert figure["rising_names"] == "CoNLL 2003"


def test_the_residual_takeaway_is_read_from_the_plotted_line(real):
    """Correction 10: the caption said "the residuals rise" from the time-trend coefficient, not from the
    least-squares line of the residuals on the date the figure draws."""
    _, analyses = real
    for a in analyses.values():
        fit = page.main_fit(a)
        dates = a.main.rows["date"].to_numpy(dtype=float)
        resid = a.main.polynomial.residuals()
        ok = np.isfinite(dates)
        assert fit.drift_b.value == pytest.approx(np.polyfit(dates[ok], resid[ok], 1)[0])
        assert fit.drift == ("rise" if fit.drift_b.lo > 0 else "fall" if fit.drift_b.hi < 0 else "none")
    assert page.main_fit(analyses["imagenet"]).drift == "rise" and page.main_fit(analyses["conll"]).drift == "none"


def test_the_summary_reads_right_for_one_benchmark_and_its_overlap_sentence_follows_the_count(real):
    """Correction 10: "Across the 1 benchmarks", "1 of them have"; and "these data cannot tell v1's range from a
    wider one" was stated whatever the overlap count."""
    configs, analyses = real
    lit = config.literature()
    one = {"imagenet": analyses["imagenet"]}
    values = summary_glued(one, lit)
    assert values["slopes_single"] is True and values["v1_covered_single"] is True
    shown = _shown(prose(CHAPTERS[1]), values)
    assert "{glue:text}`slopes_n` benchmarks" not in shown and "On the one benchmark configured" in shown
    assert values["slopes_count_case"] == "one_falls" and values["v1_year_only_case"] in ("none", "one", "many")
    assert 'slopes_count_case == "one_falls"' in (paths.CHAPTERS / "benchmarks_summary.md").read_text()
    rows = summary.summary_table(analyses, lit)
    v1 = summary.v1_numbers(analyses, rows, lit)
    assert v1.all_overlap and v1.all_wider and v1.year_only_case == "many" and v1.outside == ()
    assert v1.width_min == pytest.approx((rows["v1_r2_hi"] - rows["v1_r2_lo"])[rows["benchmark"] != "wmt14_en_de"].min())
    narrow = rows.copy()
    narrow.loc[narrow["benchmark"] == "squad", ["v1_r2_lo", "v1_r2_hi"]] = (0.8, 0.95)  # wholly above 68%
    v = summary.v1_numbers(analyses, narrow, lit)
    assert not v.all_overlap and not v.all_wider and v.outside == ("SQuAD 1.1",)
    shown = _shown(prose(CHAPTERS[1]), {**summary_glued(analyses, lit), **dict(items(v, "v1")),
                                       **dict(items(tab.names(v), "v1"))})
    assert "these data cannot tell v1's range from a wider one" not in shown
    assert "the interval lies wholly outside v1's range" in shown


def test_targets_in_context_error_meaning_floors_and_flags(real):
    """Correction 11: each page says what its error means and where a floor lies; a target below the floor is
    flagged (in the page, and in every results row that projects it)."""
    configs, analyses = real
    cfg = configs["imagenet"]
    assert cfg.floor.error == 0.06 and cfg.floor.cite == "northcutt2021pervasive"
    assert cfg.below_floor(0.05) and not cfg.below_floor(0.09) and configs["coco"].floor is None
    bib = (paths.ROOT / "references.bib").read_text()
    for c in configs.values():
        for m in c.metrics.values():
            assert m.means, f"{c.id}: {m.label} has no meaning"
            assert m.floor is None or f"{{{m.floor.cite}," in bib
    assert "BLEU 90" in configs["wmt14_en_fr"].error_means and "AP 90" in configs["coco"].error_means
    t = {b: page.targets(a) for b, a in analyses.items()}
    assert (t["imagenet"].below, t["imagenet"].n_below) == ("all", 3)
    assert (t["conll"].below, t["conll"].n_below, t["conll"].floor) == ("one", 1, 0.016)
    assert (t["coco"].below, t["coco"].has_floor) == ("none", False)
    lit = config.literature()
    shown = _shown(prose(CHAPTERS[0]), glued(analyses["imagenet"], lit, configs))
    assert "an {term}`error floor`" in shown and "lie below that floor" in shown
    from compute_limits.analysis import projections

    rows = pd.DataFrame({"benchmark": ["imagenet", "imagenet", "coco", "conll", "other"],
                         "metric": ["top1", "top5", "box_ap", "f1", "x"], "target_error": [0.05, 0.001, 0.1, 0.01, 0.1]})
    flagged = projections.with_floors(rows, configs)
    assert flagged["below_floor"].tolist() == [True, False, False, True, False]
    assert flagged["floor_error"].iloc[0] == 0.06 and np.isnan(flagged["floor_error"].iloc[1])
    assert {"floor_error", "below_floor"} <= set(projections.PROJECTION_COLUMNS)
    f = projections.target_floor(configs["conll"], 0.05, 0.01)
    assert (f.first_below, f.only_last_below, f.floor) == (False, True, 0.016)
    assert projections.target_floor(cfg, 0.05, 0.01).first_below
    for chapter, flag in (("future_costs.md", "reqfloor_first_below"), ("ways_out.md", "buy_floor_first_below"),
                          ("intro.md", "needfloor_first_below")):
        assert f":::{{if}} {flag}" in (paths.CHAPTERS / chapter).read_text(), chapter

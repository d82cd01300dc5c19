"""One estimability rule (issue 26, "numbers people can hold"; issue 25's rule): a quantity on a log or ratio scale
is estimable iff its interval has finite ends and spans at most ``interval.max_orders`` orders of magnitude of the
main specification (``data/specification.toml``).  Before, three answers disagreed: finite ends (projections.csv's
``estimable`` and every count keyed on it), 6 orders (the ledger, the halving multiple) and 12 orders (what a page
printed), so a target a page called "not estimable" was still counted, dated and drawn."""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from compute_limits import config
from compute_limits.analysis import claims
from compute_limits.analysis import ways_out_findings as find
from compute_limits.quantities import Kind
from compute_limits.report import numbers as N
from compute_limits.stats import intervals

SRC = Path(__file__).resolve().parents[1] / "src" / "compute_limits"
WIDE = (83.378025, 107.303630)  # ImageNet at 1%, exponential, all models: 24 orders of magnitude (issue 26)
NINE = (25.791989, 34.805708)  # ImageNet at 5%, polynomial, v1 sample: 9 orders (printed before, "uninformative")


def by_rule(lo, hi, limit: float) -> np.ndarray:
    """The rule, written out here independently of the package: both ends finite, at most ``limit`` apart."""
    lo, hi = np.asarray(lo, dtype=float), np.asarray(hi, dtype=float)
    with np.errstate(invalid="ignore"):
        return np.isfinite(lo) & np.isfinite(hi) & ((hi - lo) <= limit)


# ---------------------------------------------------------------- declared once


def test_the_rule_is_declared_once_in_the_specification():
    spec = config.specification()
    assert spec.interval.max_orders == 6.0 == intervals.max_orders()
    code = "\n".join(p.read_text() for p in SRC.rglob("*.py"))
    assert "SHOWN_MAX_ORDERS" not in code and not re.search(r"^\s*MAX_ORDERS\s*=", code, re.M)


@pytest.mark.parametrize("bad", ["0", "-6", "\"six\"", "inf"])
def test_a_limit_that_is_not_a_positive_number_is_refused(tmp_path, bad):
    text = (Path(config.SPECIFICATION_CONFIG).read_text()
            .replace("max_orders = 6.0", f"max_orders = {bad}", 1))
    path = tmp_path / "specification.toml"
    path.write_text(text)
    with pytest.raises(config.ConfigError, match="interval.max_orders"):
        config.specification(str(path))


# ---------------------------------------------------------------- one rule everywhere (these failed before)


def test_a_projection_too_wide_to_decide_is_not_estimable():
    """Before: ``projection_estimable`` checked finite ends only, so 10⁸³·⁴–10¹⁰⁷·³ FLOP was estimable (and
    counted, dated and drawn) while the page printed it as "not estimable"."""
    assert list(intervals.projection_estimable([WIDE[0], NINE[0], 20.0, 20.0], [WIDE[1], NINE[1], 26.0, math.inf])) \
        == [False, False, True, False]
    # what is printed follows the same flag: the nine-order interval was printed before (at twelve orders)
    assert N.show_interval(*NINE, "log10_flop") == N.NOT_ESTIMABLE
    assert N.decides(*NINE, "log10_flop") == bool(intervals.projection_estimable(*NINE)[0]) is False
    assert N.decides(20.0, 26.0, "log10_flop") is True


def test_the_ledger_keeps_uninformative_for_a_value_whose_interval_is_only_too_wide():
    """estimable now carries the width: a row the future-cost chapter flags not estimable only because its
    interval is too wide still has a value and an interval, so the ledger says uninformative, not "not
    testable"; an unbounded interval is still not testable."""
    row = {"book_value": 28.8, "book_lo": NINE[0], "book_hi": NINE[1], "paper_number": 28.0, "test": "inside",
           "unit": "log10 FLOP", "tolerance": 0.5, "estimable": bool(intervals.projection_estimable(*NINE)[0])}
    assert row["estimable"] is False and claims.verdict(row) == "uninformative"
    assert claims.verdict({**row, "book_hi": math.inf}) == "not testable"
    assert claims.verdict({**row, "paper_number": 40.0}) == "does not hold"  # outside even that interval
    assert claims.too_wide(*NINE, "log10 FLOP") and not claims.too_wide(20.0, 26.0, "log10 FLOP")
    assert claims.rule().max_orders == intervals.max_orders()


# ---------------------------------------------------------------- re-use: another limit changes everything alike


def test_another_limit_changes_the_flag_the_counts_the_printing_and_the_calculator_alike(tmp_path):
    """A re-user who sets ``max_orders = 12``: the nine-order projection becomes estimable everywhere at once."""
    text = Path(config.SPECIFICATION_CONFIG).read_text().replace("max_orders = 6.0", "max_orders = 12.0", 1)
    path = tmp_path / "specification.toml"
    path.write_text(text)
    limit = config.specification(str(path)).interval.max_orders
    assert limit == 12.0
    lo = np.array([NINE[0], WIDE[0], 20.0, 20.0])
    hi = np.array([NINE[1], WIDE[1], 26.0, math.inf])
    six, twelve = intervals.projection_estimable(lo, hi), intervals.projection_estimable(lo, hi, limit=limit)
    assert list(six) == list(by_rule(lo, hi, 6.0)) == [False, False, True, False]
    assert list(twelve) == list(by_rule(lo, hi, 12.0)) == [True, False, True, False]
    assert int(six.sum()) == 1 and int(twelve.sum()) == 2  # a count keyed on the flag moves with it
    assert N.decides(*NINE, "log10_flop", limit=limit) and not N.decides(*NINE, "log10_flop")
    assert intervals.informative(1.0, 1e9, limit=limit) and not intervals.informative(1.0, 1e9)


def _calculator(limit):
    from compute_limits.analysis import answers
    from compute_limits.config import literature, load_benchmarks, load_costs
    from compute_limits.data.benchmarks import load_all
    from compute_limits.data.epoch import load_epoch
    from compute_limits.report import projections as show

    cfg = load_benchmarks()
    fc = answers.future_costs(load_all(cfg), load_epoch(), cfg, load_costs(), literature(), "", "v100_2019", 1e8,
                              2012.0, None, 0.95, 20, 1)
    return fc, show


@pytest.fixture(scope="module")
def fc_show():
    return _calculator(None)


def test_the_calculator_applies_the_rule_with_the_limit_passed_in(fc_show):
    import html

    import vl_convert as vlc

    from compute_limits.report import charts

    fc, show = fc_show
    r = fc.main[(fc.main["benchmark"] == "imagenet") & (fc.main["model_set"] == "all")
                & (fc.main["form"] == "exponential") & np.isclose(fc.main["target_error"], 0.01)].iloc[0]
    width = float(r["log10_flops_hi"] - r["log10_flops_lo"])
    assert 6 < width < 100 and not r["estimable"]

    def lines(limit):
        rows = show.calculator_rows(fc.fitset, fc.vintage, fc.default_scenario, fc.level, limit=limit)
        assert (rows["max_orders"] == (intervals.max_orders() if limit is None else limit)).all()
        spec = show.calculator_spec(rows, "imagenet", 0.01, "exponential", fc.vintage, fc.budget_usd, fc.level)
        svg = vlc.vegalite_to_svg(spec, vl_version=charts.VL_VERSION)
        texts = [html.unescape(t) for t in re.findall(r"<text[^>]*>(.*?)</text>", svg, re.S)]
        return [t for t in texts if t.startswith(show.CALCULATOR_PREFIXES)]

    # the specification's limit: not estimable, as projections.csv says (the page's expected lines agree)
    assert lines(None) == [p + N.NOT_ESTIMABLE for p in show.CALCULATOR_PREFIXES] == show.calculator_expected(
        fc.main, "imagenet", "exponential", 0.01, fc.vintage.price_usd_per_hour, fc.vintage, fc.budget_usd,
        fc.default_scenario, fc.level, fc.fitset)
    # a limit above its width: the same expressions print the number
    wide_open = lines(100.0)
    assert wide_open[0].startswith("Compute: 10") and N.NOT_ESTIMABLE not in wide_open[0]


# ---------------------------------------------------------------- counts equal pages


def glued(results: Path) -> dict[tuple[str, str], str]:
    q = pd.read_csv(results / "quotes.csv", keep_default_na=False)
    return {(r.page, r.key): r.shown for r in q.itertuples()}


def check_counts(results: Path) -> None:
    """Every count of estimable / not estimable targets the pages glue, recomputed from the results files by the
    rule (:func:`by_rule`, with the specification's limit)."""
    limit = config.specification().interval.max_orders
    q = glued(results)
    proj = pd.read_csv(results / "projections.csv")
    assert (proj["estimable"].astype(bool) == by_rule(proj["log10_flops_lo"], proj["log10_flops_hi"], limit)).all()
    vintage = config.specification().prices.vintage
    every = proj[(proj["model_set"] == "all") & (proj["hardware_vintage"] == vintage)]
    one = every.drop_duplicates(["benchmark", "form", "target_error"])
    ok = one["estimable"].astype(bool)
    bounded = np.isfinite(one[["log10_flops_lo", "log10_flops_hi"]].to_numpy(dtype=float)).all(axis=1)
    assert q[("future_costs", "scale_n_targets")] == N.show(int((ok & ~one["is_today"].astype(bool)).sum()), "count")
    assert q[("future_costs", "scale_n_hidden")] == N.show(int((~ok).sum()), "count")
    assert q[("future_costs", "int_n_rows")] == N.show(len(every), "count")
    assert q[("future_costs", "int_n_not_estimable")] == N.show(int((~every["estimable"].astype(bool)).sum()), "count")
    all_bounded = np.isfinite(every[["log10_flops_lo", "log10_flops_hi"]].to_numpy(dtype=float)).all(axis=1)
    assert q[("future_costs", "int_n_unbounded")] == N.show(int((~all_bounded).sum()), "count")
    assert q[("future_costs", "int_n_too_wide")] == N.show(int((all_bounded & ~every["estimable"].astype(bool)).sum()),
                                                           "count")
    shown = N.show(limit, Kind("orders", 0))
    assert q[("future_costs", "int_max_orders")] == shown
    assert all(v == shown for (page, key), v in q.items() if key.endswith("halve_max_orders"))
    assert bounded.sum() >= ok.sum()
    # affordability.csv: a date only for an estimable projection
    afford = pd.read_csv(results / "affordability.csv")
    key = ["benchmark", "model_set", "form", "hardware_vintage", "target_error"]
    both = afford.merge(proj[key + ["estimable"]], on=key, suffixes=("", "_projection"), validate="many_to_one")
    assert len(both) == len(afford)
    assert not (both["estimable"].astype(bool) & ~both["estimable_projection"].astype(bool)).any()
    assert (both["estimable"].astype(bool) == both["affordable_year"].notna()).all()
    # ways out: its verdict on each target is the future-cost chapter's, and its counts follow
    wo = pd.read_csv(results / "ways_out.csv")
    verdict = {(b, f, round(t, 6)): bool(e) for b, f, t, e in
               zip(one["benchmark"], one["form"], one["target_error"], one["estimable"])}
    assert all(verdict[(b, f, round(t, 6))] == bool(p) for b, f, t, p in
               zip(wo["benchmark"], wo["form"], wo["target_error"], wo["projection_estimable"]))
    assert not (wo["estimable"].astype(bool) & ~wo["projection_estimable"].astype(bool)).any()
    counted, left_out = find.counted_targets(wo.assign(estimable=wo["estimable"].astype(bool),
                                                       preferred=wo["preferred"].astype(bool)))
    assert q[("ways_out", "buy_n_targets")] == N.show(int((counted["scenario"] == "hardware").sum()), "count")
    assert q[("ways_out", "buy_n_not_estimable")] == N.show(len(left_out), "count")
    # the charts: the headline figure (future costs, front page) and the projection chart leave out what is not
    # estimable, say how many in their captions, and their data never set such a value as a number
    head = next(iter(config.load_benchmarks()))
    mine = every[every["benchmark"] == head].drop_duplicates(["form", "target_error"])
    hidden = N.show(int((~mine["estimable"].astype(bool)).sum()), "count")
    assert q[("future_costs", "reqdrawn_n_hidden")] == hidden
    for name in ("future_costs-fig_future_headline", "intro-fig_front"):
        fig = pd.read_csv(results / "figures" / f"{name}.csv", keep_default_na=False)
        fig = fig[fig["layer"] == "projection"]
        no = fig["estimable"].astype(str) != "True"
        assert no.sum() == int(hidden) and (fig.loc[no, ["compute_text", "interval_text"]] == N.NOT_ESTIMABLE).all().all()
    drawn = pd.read_csv(results / "figures" / "future_costs-fig_future_projections.csv")
    assert len(drawn) == int(ok.sum())
    # the ledger's limit is the same value
    assert q[("claims", "rule_max_orders")] == q[("future_costs", "int_max_orders")]


@pytest.mark.slow
def test_every_glued_count_of_estimable_targets_follows_the_rule(built_book):
    check_counts(built_book["results"])

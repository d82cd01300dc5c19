"""Numbers people can hold (issue 26): dollar amounts beside world GDP, no uninformative power of ten printed,
and the year kind's horizon set by the chapter's ``horizon_year``."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import pytest

from compute_limits import config
from compute_limits.analysis import headlines, ways_out
from compute_limits.analysis import ways_out_findings as find
from compute_limits.quantities import Estimate, FlopEstimate, Log10UsdGdp, UsdEstimate, Year, YearEstimate
from compute_limits.report import numbers as N
from compute_limits.report.glue import items
from compute_limits.stats.intervals import max_orders


# ---------------------------------------------------------------- world GDP beside large dollar amounts


def test_a_large_dollar_amount_is_said_in_years_of_world_gdp_from_the_data():
    gdp = config.literature().value("world_gdp_usd")
    assert config.literature()["world_gdp_usd"].cite  # the figure has a source
    years = 10 ** 14.2 / gdp
    assert N.show(14.2, "log10_usd_gdp") == f"$10¹⁴·², about $160 trillion, {N.years(years)} of world GDP"
    assert N.show(14.2, "log10_usd_gdp").endswith("1.5 years of world GDP")  # with the 2023 figure, $105 trillion
    assert N.show(12.5, "log10_usd_gdp") == "$10¹²·⁵, about $3.2 trillion, 3% of a year of world GDP"
    assert N.show(8.0, "log10_usd_gdp") == "$10⁸·⁰, about $100 million"  # too small to compare
    assert N.show(93.5, "log10_usd_gdp") == "$10⁹³·⁵"  # no words for a number of that size
    # an interval's ends as powers alone; the glue of an estimate puts the words on its value
    assert N.show_interval(12.3, 16.6, "log10_usd_gdp") == "$10¹²·³–10¹⁶·⁶"

    @dataclass
    class Cost:
        usd: UsdEstimate
        plain: Log10UsdGdp

    glued = dict(items(Cost(Estimate(14.2, 12.3, 16.6, 0.95, "calibration interval"), 14.7), "c"))
    assert glued["c_usd_with_interval"] == ("$10¹⁴·², about $160 trillion, 1.5 years of world GDP "
                                            "(95% calibration interval $10¹²·³–10¹⁶·⁶)")
    assert glued["c_plain"].endswith(f"{N.years(10 ** 14.7 / gdp)} of world GDP")


def test_chapters_that_set_dollars_against_world_gdp_declare_the_literature_config():
    import tomllib

    from conftest import ROOT

    chapters = {c["id"]: c for c in tomllib.loads((ROOT / "chapters" / "book.toml").read_text())["chapter"]}
    for page in ("intro", "ways_out"):  # they glue UsdEstimate fields (front_page, ways_out_findings)
        assert "literature" in chapters[page].get("configs", []), page


# ---------------------------------------------------------------- uninformative values are never printed


def test_a_power_of_ten_whose_interval_spans_too_many_orders_is_said_in_words():
    wide = Estimate(93.5, 83.4, 107.3, 0.95, "calibration interval")  # issue 26's ImageNet 1%, exponential
    parts = N.estimate_parts(wide, "log10_flop")
    assert parts == {"": N.NOT_ESTIMABLE, "interval": N.NOT_ESTIMABLE, "with_interval": N.NOT_ESTIMABLE,
                     "estimable": False}
    usd = N.estimate_parts(Estimate(86.0, 76.9, 97.5, 0.95, "calibration interval"), "log10_usd_gdp")
    assert usd["with_interval"] == N.NOT_ESTIMABLE and usd["estimable"] is False  # ways out's buy_last_usd
    assert N.show_interval(71.4, 1112.2, "log10_flop") == N.NOT_ESTIMABLE
    # the book's one rule (data/specification.toml's interval.max_orders, 6): the v1 ImageNet 5% compute spans
    # nine orders, so it is not printed (the ledger calls the same interval uninformative); six orders are
    nine = N.estimate_parts(Estimate(28.8, 25.8, 34.8, 0.95, "calibration interval"), "log10_flop")
    assert nine["with_interval"] == N.NOT_ESTIMABLE and nine["estimable"] is False
    narrow = N.estimate_parts(Estimate(28.8, 25.8, 31.8, 0.95, "calibration interval"), "log10_flop")
    assert narrow["with_interval"] == "10²⁸·⁸ FLOP (95% calibration interval 10²⁵·⁸–10³¹·⁸ FLOP)"
    assert max_orders() == 6.0
    assert not N.decides(0.0, max_orders() + 0.1, "log10") and N.decides(0.0, max_orders(), "log10")
    # other kinds are not powers of ten: a wide interval of years or of a factor is set as before
    assert N.decides(2030, 2090, "year") and N.show_interval(1.5, 1e9, "factor") == "1.5–1.0 × 10⁹×"
    # an unbounded end is said in words by the interval itself
    assert N.show_interval(24.8, math.inf, "log10_flop") == "10²⁴·⁸ FLOP or more (unbounded above)"


def test_cost_tables_print_no_uninformative_cell():
    import pandas as pd

    from compute_limits.report import cost_tables as ct

    assert ct.answer_cell(93.5, 83.4, 107.3, True, "log10") == ct.NOT_ESTIMABLE_CELL
    assert ct.answer_cell(26.1, 24.5, 28.0, True, "log10") == "10²⁶·¹ (10²⁴·⁵–10²⁸·⁰)"
    row = pd.Series({"estimable": True, "log10_usd_lo": 76.9, "log10_usd_hi": 97.5})
    assert not ct._shown(row, "log10_usd")


def quoted_cost():
    flops = headlines.Headline("log10_flops", "alpha", "top1", 0.05, "all", "polynomial", "", 24.0, 23.0, 26.0,
                               "log10 FLOP", "calibration interval (x)", 0.9, True, "future_costs", "l")
    usd = headlines.Headline("log10_usd", "alpha", "top1", 0.05, "all", "polynomial", "hardware v", 6.0, 5.0, 8.0,
                             "log10 USD", "calibration interval (x)", 0.9, True, "future_costs", "l")
    return ways_out.QuotedCost(flops, usd, 24.1, 23.0, 26.0, 6.1)


def test_the_time_trend_cost_has_the_interval_of_its_compute_not_a_degenerate_one():
    """ways_out's ``tt_usd`` was glued with lo = hi = value: "$10¹⁴·⁷ (… interval $10¹⁴·⁷)"."""
    q = find.quoted(quoted_cost(), 0.9, 2025.0)
    assert q.tt_usd.lo == pytest.approx(23.0 - 18.0) and q.tt_usd.hi == pytest.approx(26.0 - 18.0)
    glued = dict(items(q, "q"))
    assert glued["q_tt_usd_interval"] == "$10⁵·⁰–10⁸·⁰"
    assert glued["q_tt_usd_with_interval"] == "$10⁶·¹, about $1.3 million (90% calibration interval $10⁵·⁰–10⁸·⁰)"


# ---------------------------------------------------------------- the horizon is the chapter's


@dataclass
class Dates:
    horizon: Year
    year: Year
    late: YearEstimate


def test_the_year_kind_honours_a_chapter_s_horizon():
    dates = Dates(2150.0, 2120.4, Estimate(2120.4, 2110.0, 2160.0, 0.95, "Fieller interval"))
    default = dict(items(dates, "d"))
    assert default["d_horizon"] == "after 2100" and default["d_year"] == "after 2100"  # the book's default
    glued = dict(items(dates, "d", horizon=2150))
    assert glued["d_horizon"] == "2150" and glued["d_year"] == "2120"
    assert glued["d_late_with_interval"] == "2120 (95% Fieller interval 2110 to after 2150)"
    assert dict(items(dates, "d", horizon=2050))["d_year"] == "after 2050"
    assert N.show_interval(2110, 2140, "year", horizon=2150) == "2110–2140"


def test_ways_out_glues_its_dates_with_its_horizon_year():
    from conftest import ROOT

    text = (ROOT / "chapters" / "ways_out.md").read_text()
    for call in re.findall(r"^glue_all\(.*$", text, re.M):
        if "horizon_year" in call:  # a section computed with the horizon sets its dates with it too
            assert call.rstrip().endswith("horizon=horizon_year)"), call


# ---------------------------------------------------------------- the built pages


SUP = str.maketrans("⁻⁰¹²³⁴⁵⁶⁷⁸⁹·", "-0123456789.")
POWER = r"\$?10([⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+(?:·[⁰¹²³⁴⁵⁶⁷⁸⁹]+)?)"


def uninformative(text: str) -> list[str]:
    """Ranges of powers of ten on a page that span more than max_orders() orders of magnitude, and values
    followed by an interval whose ends are both the value ("$10¹⁴·⁷ (95% … interval $10¹⁴·⁷)")."""
    found = []
    for m in re.finditer(POWER + r"[–]" + POWER, text):
        lo, hi = (float(g.translate(SUP)) for g in m.groups())
        if hi - lo > max_orders():
            found.append(m.group(0))
    for m in re.finditer(r"(" + POWER + r")[^()]{0,60}\([^()]*interval (" + POWER + r")\)", text):
        if m.group(1).lstrip("$") == m.group(3).lstrip("$"):
            found.append(m.group(0))
    return found


def test_the_page_scan_finds_what_issue_26_names():
    assert uninformative("it is 10⁹³·⁵ FLOP (95% calibration interval 10⁸³·⁴–10¹⁰⁷·³ FLOP)")
    assert uninformative("10¹¹⁹·⁸ (10⁷¹·⁴–10¹¹¹²·²)")
    assert uninformative("$10¹⁴·⁷, about $550 trillion (95% calibration interval $10¹⁴·⁷)")
    assert uninformative("10²⁸·⁸ FLOP (95% calibration interval 10²⁵·⁸–10³⁴·⁸ FLOP)")  # nine orders
    assert not uninformative("10²⁸·⁸ FLOP (95% calibration interval 10²⁵·⁸–10³¹·⁸ FLOP)")


@pytest.mark.slow
def test_no_page_prints_an_uninformative_power_of_ten(built_book):
    from test_book import visible

    site = built_book["site"]
    bad = {p.name: uninformative(visible(p)) for p in sorted(site.glob("chapters/**/*.html")) if p.name != "api.html"}
    assert not {k: v for k, v in bad.items() if v}


def test_a_year_keeps_its_own_interval_beside_a_cost_too_wide_to_print():
    import pandas as pd

    from compute_limits.report import ways_out as show
    from compute_limits.report.tables import literal

    row = pd.Series({"log10_usd": 4.2, "log10_usd_lo": -12.3, "log10_usd_hi": 8.5, "affordable_year": 2025.0,
                     "affordable_year_lo": 2025.0, "affordable_year_hi": 2028.5})
    assert show._cost_and_year(row, True, 2100) == "cost not estimable; 2025 (2025–2028)"
    assert show._cost_and_year(pd.Series({**row, "log10_usd_lo": 3.0}), True, 2100) == literal("$10⁴·²; 2025 (2025–2028)")
    assert show._cost_and_year(row, False, 2100) == show.NOT_ESTIMABLE

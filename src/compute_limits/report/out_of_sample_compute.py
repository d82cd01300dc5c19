"""The out-of-sample chapter's compute side and its quoted targets: phrases, the growth table and chart.

* :func:`growth_phrases`, :func:`growth_display`, :func:`growth_rows` / :func:`growth_chart`: the growth of
  the largest training runs in the paper's window and after the v1 cut-off
  (:mod:`compute_limits.analysis.frontier_growth`).
* :func:`reach_phrases`: the book's headline answers the chapter quotes (``headlines.csv``).
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

import altair as alt
import numpy as np
import pandas as pd

from ..analysis.frontier_growth import GrowthWindows, points
from ..analysis.headlines import Headline
from ..analysis.out_of_sample import BenchmarkTest
from ..config import Literature
from . import charts
from . import numbers as N
from .glue import Md
from .out_of_sample import growth_ci, growth_range, month_year, p_value, signed, window_label
from .out_of_sample_charts import year_axis
from .text import join


@dataclass
class GrowthPhrases:
    paper_growth: str  # v1's "tenfold a year"
    amodei_doubling: str
    pre_window: str
    post_window: str
    newest: str
    records: Md  # how the record-setters are chosen
    frontier_k: str
    records_pre: str
    records_post: str
    records_post_range: str
    records_n_pre: str
    records_n_post: str
    records_change: str
    records_change_p: str
    records_reading: Md  # did the pace change, by the interaction test
    records_vs_frontier: Md  # whether the record-setters' interval holds the frontier's rate
    records_vs_paper: Md  # whether it holds the paper's tenfold
    frontier_pre: str
    frontier_post: str
    frontier_n_pre: str
    frontier_n_post: str
    frontier_change_p: str
    frontier_reading: Md
    undecided: Md  # what the data cannot decide
    conclusion: Md  # what the claim that the pace could not last rests on
    overshoot: str  # the record-setters' pre-window trend at the newest date against the largest run
    overshoot_side: str  # "above" or "below"
    largest: str  # the largest run in the table


def _reading(g: GrowthWindows) -> Md:
    if g.post is None:
        return Md("the data cannot say whether the pace changed")
    if g.significant:
        return Md("the pace changed" + (", downwards" if g.change < 0 else ", upwards"))
    return Md("the data cannot tell the two paces apart")


def _holds(trend, value: float, what: str) -> Md:
    if trend is None:
        return Md(f"cannot be set against {what}")
    inside = trend.growth_lo <= value <= trend.growth_hi
    return Md(f"{'includes' if inside else 'excludes'} {what}")


def growth_phrases(records: GrowthWindows, frontier: GrowthWindows, systems: pd.DataFrame,
                   lit: Literature) -> GrowthPhrases:
    """The compute-side section: ``systems`` (every Epoch system with compute) gives the newest date and the
    largest run; ``lit`` the paper's tenfold and Amodei & Hernandez's doubling time."""
    paper_growth = lit.value("v1_compute_growth_per_year")
    fr_rate = frontier.post.growth_per_year if frontier.post is not None else math.nan
    newest = float(systems["year"].max())
    top = systems.loc[systems["compute"].idxmax()]
    gap = float(records.pre.predict_log10(newest)) - math.log10(float(top["compute"]))
    undecided = []
    if records.post is None or not records.post.estimable:
        undecided.append("how fast records are set now")
    if records.post is not None and records.post.growth_lo <= fr_rate <= records.post.growth_hi:
        undecided.append("whether the record-setters now grow more slowly than the frontier as a whole")
    if not records.significant:
        undecided.append("whether the record-setters' earlier pace slowed")
    if not frontier.significant:
        undecided.append("whether the frontier's pace changed")
    return GrowthPhrases(
        paper_growth=N.growth(paper_growth), amodei_doubling=N.months(lit.value("amodei_doubling_months")),
        pre_window=window_label(records.pre_start, records.pre_end), post_window=window_label(records.post_start),
        newest=month_year(newest),
        records=Md("the largest system to date at its release" if records.top_k == 1
                   else f"among the {N.integer(records.top_k)} largest systems to date at release"),
        frontier_k=N.integer(frontier.top_k), records_pre=growth_ci(records.pre), records_post=growth_ci(records.post),
        records_post_range=growth_range(records.post), records_n_pre=N.integer(records.n_pre),
        records_n_post=N.integer(records.n_post), records_change=signed(records.change),
        records_change_p=p_value(records.change_p), records_reading=_reading(records),
        records_vs_frontier=_holds(records.post, fr_rate, "the frontier's rate"),
        records_vs_paper=_holds(records.post, paper_growth, "the paper's tenfold"),
        frontier_pre=growth_ci(frontier.pre), frontier_post=growth_ci(frontier.post),
        frontier_n_pre=N.integer(frontier.n_pre), frontier_n_post=N.integer(frontier.n_post),
        frontier_change_p=p_value(frontier.change_p), frontier_reading=_reading(frontier),
        undecided=Md(join(undecided) if undecided else "nothing of the above"),
        conclusion=Md(
            f"With only {N.integer(records.n_post)} records from {window_label(records.post_start)} the current pace "
            "of the largest runs is not pinned down, so the claim that the tenfold pace could not last rests on the "
            "change test above, not on a measured new rate"
            if records.post is None or not records.post.estimable else
            "The record-setters' current pace is measured, so the claim can be read off the two rates directly"),
        overshoot=f"{N.number(abs(gap), 2)} orders of magnitude", overshoot_side="above" if gap > 0 else "below",
        largest=f"{top['model']} ({N.sci(float(top['compute']))} FLOP)")


# ---------------------------------------------------------------- the targets (quoted)


@dataclass
class ReachPhrases:
    name: str
    target: str  # "5% ImageNet error" (or "a lower ImageNet error" when no row is quoted)
    compute: str  # the quoted compute with its interval, named
    variant: str  # "v1 sample, polynomial form"
    agreement: Md  # whether the quoted row comes from this chapter's 2020 fit
    year: str
    best_later_model: str
    best_later_error: str
    best_v1_model: str
    best_v1_error: str


def _value(h: Headline) -> str:
    """``10²⁸·⁵ FLOP (95% calibration interval 10²⁵·⁸–10³⁴·⁰)``: a quoted headline with its interval, named
    by the first words of the row's ``interval`` (the kind)."""
    if not h.estimable:
        return N.NOT_ESTIMABLE
    log = h.unit.startswith("log10")
    fmt, unit = (N.pow10, h.unit.removeprefix("log10").strip()) if log else (N.number, h.unit)
    kw = {"digits": 1} if log else {"sig": 2}
    kind = h.interval.split(" (")[0].split(";")[0].strip() or "interval"
    extra = ", conversion uncertainty included" if "conversion uncertainty" in h.interval else ""
    return f"{fmt(h.value, **kw)} {unit} ({N.pct(h.level, 0)} {kind} {N.interval(h.lo, h.hi, fmt, **kw)}{extra})"


def _agreement(h: Headline, test: BenchmarkTest | None) -> Md:
    """", the same fit as this chapter's" when the quoted compute is what this chapter's 2020 fit gives."""
    if test is None or test.config.id != h.benchmark or h.sample != "v1" or not np.isfinite(h.value):
        return Md("")
    mine = float(test.fits.fit(h.form).required_log10_compute(h.target_error))
    if abs(mine - h.value) < 0.05:
        return Md(", the same 2020 fit as this chapter's")
    return Md(f", which differs from this chapter's 2020 fit by {N.number(abs(mine - h.value), 2)} orders of magnitude")


def reach_phrases(name: str, flops: Headline | None, year: Headline | None, best: dict,
                  test: BenchmarkTest | None = None) -> ReachPhrases:
    """The quoted headline answers (``None``: the future-cost chapter wrote no such row).  With ``test`` (this
    chapter's test of the same benchmark) the quoted compute is checked against its 2020 fit."""
    out = ReachPhrases(
        name=name, target=f"a lower {name} error", compute="a compute the future-cost chapter does not give",
        variant="v1 sample", agreement=Md(""), year="a year that chapter does not give",
        best_later_model=best["later"]["model"] or N.MISSING, best_later_error=N.pct(best["later"]["error"]),
        best_v1_model=best["v1"]["model"] or N.MISSING, best_v1_error=N.pct(best["v1"]["error"]))
    if flops is not None:
        out = dataclasses.replace(out, target=f"{N.pct(flops.target_error)} {name} error", compute=_value(flops),
                                  variant=f"{flops.sample} sample, {flops.form} form", agreement=_agreement(flops, test))
    if year is not None:
        span = f"from {N.year(year.lo)} to {N.year(year.hi)}" if np.isfinite(year.lo) else ""
        text = N.year(year.value) + (f" ({span} across the {N.pct(year.level, 0)} interval)" if span else "")
        out = dataclasses.replace(out, year=text if year.estimable else N.NOT_ESTIMABLE)
    return out


def growth_display(windows: list[GrowthWindows], labels: dict[str, str]) -> pd.DataFrame:
    rows = []
    for g in windows:
        for trend, start, end in ((g.pre, g.pre_start, g.pre_end), (g.post, g.post_start, None)):
            rows.append({"Population": labels[g.population], "Window": window_label(start, end),
                         "Systems": N.integer(trend.n) if trend is not None else "0", "Growth": growth_ci(trend),
                         "Change p": p_value(g.change_p) if end is None else ""})
    return pd.DataFrame(rows)


def growth_rows(points: pd.DataFrame, windows: list[GrowthWindows], labels: dict[str, str], newest: float,
                segment_labels: tuple[str, str, str]) -> pd.DataFrame:
    """The systems (``points`` of :func:`~compute_limits.analysis.frontier_growth.points`) and each
    population's trends: the pre-window trend over its window and extended to ``newest``, and the
    post-window trend."""
    pts = pd.DataFrame({"kind": "system", "population": points["population"].map(labels), "model": points["model"],
                        "date": points["date"].dt.strftime("%Y-%m-%d"), "year": points["year"],
                        "compute": points["compute"], "segment": ""})
    rows = [pts]
    for g in windows:
        spans = [(g.pre, g.pre.start_year, g.pre_end, segment_labels[0]), (g.pre, g.pre_end, newest, segment_labels[1])]
        if g.post is not None:
            spans.append((g.post, g.post.start_year, newest, segment_labels[2]))
        for trend, a, b, seg in spans:
            xs = np.array([a, b])
            rows.append(pd.DataFrame({"kind": "trend", "population": labels[g.population], "model": "", "date": "",
                                      "year": xs, "compute": 10 ** trend.predict_log10(xs),
                                      "segment": f"{seg}: {N.growth(trend.growth_per_year)}"}))
    return pd.concat(rows, ignore_index=True)


def growth_chart(rows: pd.DataFrame, labels: dict[str, str], segment_labels: tuple[str, str, str]) -> alt.LayerChart:
    """Training compute of the largest systems (log scale) with each population's trends."""
    pops = list(labels.values())
    color = alt.Color("population:N", title="Systems", scale=alt.Scale(domain=pops, range=charts.PALETTE[:len(pops)]))
    lo, hi = float(rows["year"].min()), float(rows["year"].max())
    x = alt.X("year:Q", scale=alt.Scale(domain=[math.floor(lo), math.ceil(hi)], nice=False),
              axis=year_axis(math.floor(lo), math.ceil(hi), "Publication date"))
    y = alt.Y("compute:Q", title="Training compute (FLOP)", scale=charts.log_scale(), axis=charts.log_axis())
    dots = alt.Chart().transform_filter(alt.datum.kind == "system").mark_point(filled=True, size=32, opacity=0.6).encode(
        x=x, y=y, color=color, tooltip=[alt.Tooltip("model:N", title="System"), alt.Tooltip("date:N", title="Date"),
                                        alt.Tooltip("compute:Q", title="Compute (FLOP)", format=charts.tooltip_format())])
    segs = alt.Chart().transform_filter(alt.datum.kind == "trend").transform_calculate(
        era="split(datum.segment, ':')[0]").mark_line(strokeWidth=2.5).encode(
        x=x, y=y, color=color, detail="segment:N",
        strokeDash=alt.StrokeDash("era:N", title="Trend", scale=alt.Scale(domain=list(segment_labels),
                                                                          range=[[1, 0], [6, 4], [2, 2]])),
        tooltip=[alt.Tooltip("population:N", title="Systems"), alt.Tooltip("segment:N", title="Trend")])
    return alt.layer(dots, segs, data=rows).properties(width=charts.WIDTH, height=340,
                                                        description="growth of the largest training runs")


def population_labels(record_top_k: int, frontier_top_k: int) -> dict[str, str]:
    """Legend labels of the two populations of :mod:`~compute_limits.analysis.frontier_growth`."""
    records = "record-setters" if record_top_k == 1 else f"top {N.integer(record_top_k)} at release"
    return {"records": records, "frontier": f"top {N.integer(frontier_top_k)} at release"}


def segment_labels(pre_window: str, post_window: str) -> tuple[str, str, str]:
    """Legend labels of the trend segments: fitted pre window, its extension, fitted post window."""
    return f"{pre_window} trend", f"{pre_window} trend, extended", f"trend from {post_window}"


def growth_figure(systems: pd.DataFrame, windows: list[GrowthWindows], record_top_k: int, frontier_top_k: int):
    """``(chart, rows)`` of the growth figure: the systems since the paper's window opened and the trends."""
    g = windows[0]
    labels = population_labels(record_top_k, frontier_top_k)
    segments = segment_labels(window_label(g.pre_start, g.pre_end), window_label(g.post_start))
    rows = growth_rows(points(systems, frontier_top_k, record_top_k, g.pre_start), windows, labels,
                       float(systems["year"].max()), segments)
    return growth_chart(rows, labels, segments), rows

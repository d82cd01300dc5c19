"""How the history chapter shows its numbers: one phrase dictionary per section, and its tables.

Every computed rate is shown with its population, its window and its interval at the chapter's
``level`` (:func:`rate`); a rate whose interval includes zero growth reads
:data:`~compute_limits.report.numbers.NOT_ESTIMABLE`, and a series the data cannot fit reads
:data:`UNAVAILABLE`.  Quoted figures come from ``data/literature.toml``.  The charts are in
:mod:`compute_limits.report.history_charts`, the tables in :mod:`compute_limits.report.history_tables`.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd

from ..analysis import chips as C
from ..analysis import history as H
from ..analysis import milestones as M
from ..config import Literature
from ..stats.trends import Trend, doubling_months
from . import numbers as N
from .glue import Md
from .text import count, join, plural

UNAVAILABLE = "not available in these data"
NOT_IN_DATA = "the benchmark data this build used do not have it"
RESNEXT = "ResNeXt-101"  # the milestone's name (glued: the prose holds no digits of its own)
MEASURE_LABELS = {"consolidated_hardware_burden": "consolidated hardware burden",
                  "hardware_burden": "hardware burden", "network_operations": "network operations"}


def ci(level: float) -> str:
    return f"{N.pct(level, 0)} CI"


def span(start: float, end: float) -> str:
    """``"2012–2019"`` for the window [start, end] in whole years."""
    a, b = int(math.floor(start)), int(math.floor(end))
    return str(a) if a == b else f"{a}{N.DASH}{b}"


def rate(t: Trend | None, level: float) -> str:
    """``"4.9× a year (95% CI 4.6–5.2)"``; not estimable or unavailable where it must be."""
    if t is None:
        return UNAVAILABLE
    if not t.estimable:
        return N.NOT_ESTIMABLE
    return f"{N.growth(t.growth_per_year)} ({ci(level)} {N.interval(t.growth_lo, t.growth_hi, sig=2)})"


def doubling(t: Trend | None, level: float) -> str:
    """``"5.2 months (95% CI 5.0–5.5)"``."""
    if t is None:
        return UNAVAILABLE
    if not t.estimable or t.slope <= 0:
        return N.NOT_ESTIMABLE
    return f"{N.months(t.doubling_months)} ({ci(level)} {N.interval(t.doubling_months_lo, t.doubling_months_hi, sig=2)})"


def short(t: Trend | None) -> str:
    """``"4.9×"``, the point value alone (for captions), or why there is none."""
    if t is None:
        return UNAVAILABLE
    return N.factor(t.growth_per_year) if t.estimable else N.NOT_ESTIMABLE


def every(t: Trend | None) -> str:
    """``"every 5.2 months"``, or why there is no doubling time."""
    if t is None:
        return f"at a rate {UNAVAILABLE}"
    if not t.estimable or t.slope <= 0:
        return f"at a rate {N.NOT_ESTIMABLE}"
    return f"every {N.months(t.doubling_months)}"


def trend_phrases(t: Trend | None, level: float, window: str) -> dict:
    """Rate, doubling time, window and number of points of one trend; ``x`` and ``every`` for captions."""
    return {"rate": rate(t, level), "doubling": doubling(t, level), "window": window,
            "n": N.integer(t.n) if t is not None else "0", "x": short(t), "every": every(t)}


def millions(x) -> str:
    """``1.2e6`` → ``"1.2 million"`` (for counts a reader pictures in millions)."""
    return f"{N.number(x / 1e6, 2)} million"


def _sci(x, unit: str = "FLOP") -> str:
    return f"{N.sci(x)} {unit}".strip() if np.isfinite(x) else UNAVAILABLE


def _hardware(row: pd.Series | None) -> str:
    """``"2 GeForce GTX 580 chips for 6.0 days"`` from a milestone row."""
    if row is None or pd.isna(row["chips"]) or pd.isna(row["days"]):
        return "hardware not recorded"
    return f"{count(row['chips'], 'chip').replace(' chip', ' ' + row['chip'] + ' chip')} for {N.number(row['days'], 2)} days"


# --------------------------------------------------------------------------
# Sections
# --------------------------------------------------------------------------


def overview(pop: H.Populations, eras: H.Eras, epoch: pd.DataFrame, level: float) -> dict:
    return {"ci": ci(level), "source": Path(str(epoch.attrs.get("path", "Epoch AI's table"))).name,"n_notable": N.integer(eras.n_notable), "n_systems": N.integer(len(pop.systems)),
            "newest": eras.newest.strftime("%B %Y"), "top_k": N.integer(pop.frontier_top_k),
            "n_rows": N.integer(pop.n_rows), "skipped_no_date": N.integer(pop.skipped_no_date),
            "rows_without_compute": N.integer(pop.rows_without_compute),
            "skipped_rows": Md(count(pop.skipped_no_date, "row")), "no_compute_rows": Md(count(pop.rows_without_compute, "row"))}


def early(e: H.Early, eras: H.Eras, lit: Literature, level: float) -> dict:
    moore = lit.value("moore_doubling_months")
    pre = eras.pre
    return {
        "name": e.reference, "year": str(e.year), "compute": _sci(e.compute),
        "choice": Md("" if e.found else f" (Epoch's table has no row {e.requested!r}; the earliest system with a "
                                        "compute estimate stands in)"),
        "largest": e.largest, "largest_year": str(e.largest_year), "largest_compute": _sci(e.largest_compute),
        "ratio": N.pow10(math.log10(e.largest_compute / e.compute), 0) if e.compute > 0 else UNAVAILABLE,
        "hardware_x": N.integer(lit.value("v1_hardware_improvement")),
        "spectrum_x": millions(lit.value("spectrum_rise_since_rosenblatt")),
        "split": str(int(eras.split)), "pre": trend_phrases(pre, level, span(eras.start, eras.split - 1)),
        "moore_months": N.number(moore, 2),
        "pre_vs_moore": _versus(pre, moore),
    }


def _where(t: Trend | None, value: float, lo: str, hi: str, phrases: tuple[str, str, str, str]) -> Md:
    """Where a reference ``value`` lies against the trend's interval ``[t.lo, t.hi]`` (attribute names
    ``lo``/``hi``), as one of ``phrases`` = (not estimable, inside, above the interval, below it)."""
    unknown, inside, above, below = phrases
    if t is None or not t.estimable:
        return Md(unknown)
    low, high = getattr(t, lo), getattr(t, hi)
    return Md(inside if low <= value <= high else above if high < value else below)


def _versus(t: Trend | None, months: float) -> Md:
    """Whether a reference doubling time lies inside a trend's interval, as a short phrase."""
    return _where(t, months, "doubling_months_lo", "doubling_months_hi",
                  ("beyond comparison with it, as the data do not pin the rate down", "inside that interval",
                   "above that interval", "below that interval"))


def gpus(c: C.Chips, ref: pd.Series | None, bench: M.BenchmarkHistory, lit: Literature) -> dict:
    fastest, board = c.gpu, c.gpu_board
    same = board.name == fastest.name
    return {
        "paper_year": str(int(lit.value("v1_gpu_speedup_year"))),
        "low": N.integer(lit.value("v1_gpu_speedup_low")), "high": N.integer(lit.value("v1_gpu_speedup_high")),
        "by2012": N.integer(lit.value("v1_gpu_speedup_2012")),
        "year": str(c.year), "gpu": fastest.name or UNAVAILABLE, "gpu_gflops": N.integer(fastest.gflops_per_chip),
        "cpu": c.cpu.name or UNAVAILABLE, "cpu_gflops": N.integer(c.cpu.gflops_per_chip),
        "ratio": N.number(c.gpu_over_cpu, 2) if np.isfinite(c.gpu_over_cpu) else UNAVAILABLE,
        "board": Md(_board(fastest) if same else f"{_board(board)}; the fastest single GPU was the {fastest.name}"),
        "alexnet_gpus": N.integer(lit.value("alexnet_gpus")), "alexnet_days_low": N.integer(lit.value("alexnet_days_low")),
        "alexnet_days_high": N.integer(lit.value("alexnet_days_high")),
        "bench": bench.name, "bench_source": bench.source, "ref": bench.reference or UNAVAILABLE, "ref_choice": _ref_choice(bench),
        "ref_hardware": _hardware(ref),
        "ref_burden": _sci(ref["hardware_burden_flop"]) if ref is not None else UNAVAILABLE,
        "ref_epoch": Md(_epoch_clause(ref)),
    }


def _board(f: C.Fastest) -> str:
    if f.units == 1:
        return f"the {f.name} is a single GPU"
    return (f"the {f.name} is a board with {count(f.units, 'GPU')}, {N.integer(f.gflops_listed)} GFLOPS together, "
            f"and the comparison counts one of them")


def _ref_choice(b: M.BenchmarkHistory) -> Md:
    if b.reference_found or not b.reference:
        return Md("")
    return Md(f" (the data have no {b.reference_requested}, so the earliest model with compute stands in)")


def _epoch_clause(row: pd.Series | None) -> str:
    if row is None or not np.isfinite(row["epoch_training_compute_flop"]):
        return "not available (Epoch's table has no row of that name)"
    return f"{N.sci(row['epoch_training_compute_flop'])} FLOP, a ratio of {N.number(row['ratio'], 2)}"


def runs(ms: M.Milestones, ref: pd.Series | None, noisy_standing: dict, lit: Literature) -> dict:
    noisy, resnext = _authors(ms.get("NoisyStudent")), _authors(ms.get(RESNEXT))
    ref_burden = ref["hardware_burden_flop"] if ref is not None else math.nan
    over = noisy["hardware_burden_flop"] / ref_burden if noisy is not None else math.nan
    ref_name = ref["system"] if ref is not None else "the reference model"
    outliers = [f"{r.system} ({N.number(r.ratio, 2)}; {r.note or 'no note'})" for r in ms.outliers.itertuples()]
    return {
        "resnext_name": RESNEXT, "resnext_gpus": N.integer(lit.value("resnext_gpus")), "resnext_days": N.integer(lit.value("resnext_days")),
        "resnext_data": Md(f"the authors' data: {_hardware(resnext)}" if resnext is not None else NOT_IN_DATA),
        "noisy_tpus": N.integer(lit.value("noisy_student_tpus")), "noisy_days": N.integer(lit.value("noisy_student_days")),
        "noisy_data": Md(NOT_IN_DATA if noisy is None else
                         f"in the authors' data it used {_hardware(noisy)}, a hardware burden of "
                         f"{_sci(noisy['hardware_burden_flop'])}"
                         + (f", {N.number(over, 2)} times that of {ref_name}" if np.isfinite(over) else "")),
        "noisy_standing": noisy_standing,
        "noisy_images": millions(lit.value("imagenet_labelled_images")),
        "noisy_pseudo": millions(lit.value("noisy_student_pseudo_labelled")),
        "et_hours": N.integer(lit.value("evolved_transformer_gpu_hours")),
        "et_gpus": N.integer(lit.value("evolved_transformer_gpus")),
        "et_gpu_hours": millions(lit.value("evolved_transformer_gpu_hours") * lit.value("evolved_transformer_gpus")),
        "et_paper_hours": millions(lit.value("v1_evolved_transformer_gpu_hours")),
        "n_matched": N.integer(ms.n_matched), "n_in_range": N.integer(ms.n_in_range),
        "range_lo": N.number(ms.range_lo), "range_hi": N.number(ms.range_hi),
        "util_lo": N.pct(1 / ms.range_hi, 0), "median": N.number(ms.median_ratio, 2),
        "n_outliers": N.integer(len(ms.outliers)), "outliers": Md(join(outliers) or "none"),
        "outlier_word": plural("exception", len(ms.outliers)),
    }


def _authors(row: pd.Series | None) -> pd.Series | None:
    """A milestone row only where the authors' data hold it (not Epoch's stand-in)."""
    return row if row is not None and str(row["source"]).startswith("authors") else None


def standing(s: M.Standing | None, config) -> dict:
    """Where a model stands on its benchmark: the benchmark's name and a short phrase."""
    name = config.name if config is not None else "its benchmark"
    if s is None:
        return {"bench": name, "phrase": Md("not in the data this build used")}
    metric_label = config.metric_label
    if not s.record_at_release:
        head = f"not the most accurate model in the data when it was published ({metric_label} {N.number(s.score, 3)}%)"
    else:
        head = f"the most accurate model in the data when it was published ({metric_label} {N.number(s.score, 3)}%)"
    if s.n_better == 0:
        return {"bench": name, "phrase": Md(head + "; no model in the data scores higher")}
    first = f"{s.first_better} ({s.first_better_year}) was the first to score higher"
    return {"bench": name, "phrase": Md(f"{head}; {first}, and {count(s.n_better, 'model')} in the data score higher")}


def eras(e: H.Eras, pop: H.Populations, level: float, topk_grid) -> dict:
    newest = float(e.newest.year)
    post = span(e.split, newest)
    sens = e.sensitivity
    rng = {}
    for era in ("pre", "post"):
        d = sens[sens["era"] == era]["doubling_months"].replace(np.inf, np.nan).dropna()
        rng[era] = N.interval(d.min(), d.max(), sig=2) if len(d) else UNAVAILABLE
    topk = e.topk["doubling_months"].replace(np.inf, np.nan).dropna()
    return {
        "pre": trend_phrases(e.pre, level, span(e.start, e.split - 1)),
        "post": trend_phrases(e.post, level, post), "frontier": trend_phrases(e.frontier, level, post),
        "records": trend_phrases(e.records, level, post),
        "split": str(int(e.split)), "start": str(int(e.start)), "newest": e.newest.strftime("%B %Y"),
        "top_k": N.integer(pop.frontier_top_k), "record_top_k": Md(_top(pop.record_top_k)),
        "n_notable": N.integer(e.n_notable), "n_systems": N.integer(len(pop.systems)),
        "n_frontier_all": N.integer(e.n_frontier_all),
        "split_from": str(int(sens["split"].min())) if len(sens) else UNAVAILABLE,
        "split_to": str(int(sens["split"].max())) if len(sens) else UNAVAILABLE,
        "post_range": rng["post"], "pre_range": rng["pre"],
        "topk_range": N.interval(topk.min(), topk.max(), sig=2) if len(topk) else UNAVAILABLE,
        "contrast": Md(_contrast(sens)),
        "topk_min": N.integer(min(topk_grid)), "topk_max": N.integer(max(topk_grid)),
    }


def _contrast(sens: pd.DataFrame) -> str:
    """Whether the eras' doubling times stay apart under every split tried."""
    pre = sens[sens["era"] == "pre"]["doubling_months"].replace(np.inf, np.nan)
    post = sens[sens["era"] == "post"]["doubling_months"].replace(np.inf, np.nan)
    if pre.notna().any() and post.notna().any() and post.max() < pre.min():
        return "so the contrast between the eras does not depend on where exactly the line is drawn"
    return "so where the line is drawn matters to the contrast between the eras"


def _top(k: int) -> str:
    return "the largest system to date" if k == 1 else f"one of the {N.integer(k)} largest systems to date"


def paper(p: H.PaperWindow, e: H.Eras, pop: H.Populations, lit: Literature, level: float) -> dict:
    w = span(p.start, p.end - 1)
    ten = lit.value("v1_compute_growth_per_year")
    return {
        "v1_first": str(int(lit.value("v1_compute_growth_first_year"))),
        "v1_last": str(int(lit.value("v1_compute_growth_last_year"))),
        "window": w, "notable": trend_phrases(p.notable, level, w), "frontier": trend_phrases(p.frontier, level, w),
        "records": trend_phrases(p.records, level, w),
        "records_last": p.records_last or UNAVAILABLE, "records_last_year": str(p.records_last_year or ""),
        "paper_x": N.number(ten), "paper_months": N.number(doubling_months(math.log10(ten)), 2),
        "amodei_months": N.number(lit.value("amodei_doubling_months"), 2),
        "records_verdict": _inside(p.records, ten), "frontier_verdict": _inside(p.frontier, ten),
        "moore": N.number(lit.value("moore_doubling_months"), 2),
        "top_k": N.integer(pop.frontier_top_k), "record_top_k": Md(_top(pop.record_top_k)),
    }


def _inside(t: Trend | None, growth: float) -> Md:
    """How a trend's growth interval stands against a reference growth (the interval is the subject)."""
    return _where(t, growth, "growth_lo", "growth_hi", ("cannot be set against", "includes", "lies below", "lies above"))


def chips(c: C.Chips, a: C.Anatomy, lit: Literature, level: float) -> dict:
    g = c.gpu_trend
    gw = _window(g)
    dec = a.decomposition
    more = dec.loc[["chips", "time"], "share"].sum()
    growth = a.growth
    out = {
        "gpu": trend_phrases(g, level, gw), "gpu_board": trend_phrases(c.gpu_board_trend, level, gw),
        "gpu_all": trend_phrases(c.gpu_all_trend, level, gw),
        "frontier_same": trend_phrases(c.frontier_same_years, level, gw),
        "gap": N.number(c.gap, 2) if np.isfinite(c.gap) else UNAVAILABLE,
        "tpu_precision": C.PEAK_PRECISION["tpu"], "gpu_precision": C.PEAK_PRECISION["gpu"],
        "dec_n": N.integer(dec["n"].iloc[0]), "dec_window": a.decomposition_window or UNAVAILABLE,
        "dec_more": N.pct(more, 0) if np.isfinite(more) else UNAVAILABLE,
        "chips_per_run": trend_phrases(a.notable.get("chips_per_run"), level, _window(a.notable.get("chips_per_run"))),
        "days_per_run": trend_phrases(a.notable.get("training_days_per_run"), level,
                                      _window(a.notable.get("training_days_per_run"))),
        "cost": trend_phrases(a.notable.get("cost_per_run"), level, growth.window if growth else UNAVAILABLE),
        "per_dollar": trend_phrases(a.notable.get("compute_per_dollar"), level, growth.window if growth else UNAVAILABLE),
        "frontier_cost": trend_phrases(a.frontier.get("frontier_cost_per_run"), level,
                                       _window(a.frontier.get("frontier_cost_per_run"))),
        "cottier": N.number(lit.value("cottier_cost_growth"), 2),
    }
    for k in dec.index:
        r = dec.loc[k]
        ok = np.isfinite(r["growth_per_year"])
        out[f"dec_{k}"] = (f"{N.growth(r['growth_per_year'])}, {ci(level)} "
                           f"{N.interval(r['growth_per_year_lo'], r['growth_per_year_hi'], sig=2)}") if ok else UNAVAILABLE
        out[f"dec_{k}_share"] = N.pct(r["share"], 0) if ok else UNAVAILABLE
    return out


def _window(t: Trend | None) -> str:
    return span(t.start_year, t.end_year) if t is not None else UNAVAILABLE


def benchmark(b: M.BenchmarkHistory, level: float) -> dict:
    top = b.top
    return {
        "name": b.name, "source": b.source, "ref": b.reference or UNAVAILABLE, "ref_choice": _ref_choice(b),
        "measure": MEASURE_LABELS.get(b.measure, b.measure),
        "n": N.integer(len(b.rows)), "n_measured": N.integer(int(b.rows["measured"].sum())),
        "all": trend_phrases(b.all_models, level, _window(b.all_models)),
        "measured": trend_phrases(b.measured, level, _window(b.measured)),
        "top": str(top["model"]) if top is not None else UNAVAILABLE,
        "top_year": str(int(top["year"])) if top is not None else "",
        "top_relative": N.number(top["relative"], 2) if top is not None else UNAVAILABLE,
    }


def era_labels(e: H.Eras, pop: H.Populations) -> dict[str, str]:
    """Labels of the era trends (long-run chart) and of the populations (sensitivity chart)."""
    post = span(e.split, e.newest.year)
    return {"pre": f"notable systems, {span(e.start, e.split - 1)}", "post": f"notable systems, {post}",
            "frontier": f"{frontier_label(pop)}, {post}", "records": f"record-setters, {post}"}


def sensitivity_labels(pop: H.Populations) -> dict[str, str]:
    return {"pre": "notable systems, before the split", "post": "notable systems, from the split on",
            "frontier": f"{frontier_label(pop)}, from the split on"}


def frontier_label(pop: H.Populations) -> str:
    return f"frontier (top {N.integer(pop.frontier_top_k)} at release)"


def series_labels(pop: H.Populations, e: H.Eras, p: H.PaperWindow, b: M.BenchmarkHistory, c: C.Chips,
                  a: C.Anatomy, bid: str) -> dict[str, str]:
    """Series id -> label naming its population and window, in the order figures and tables show them."""
    post = span(e.split, e.newest.year)
    pw = span(p.start, p.end - 1)
    k = N.integer(pop.frontier_top_k)
    growth = a.growth.window if a.growth else ""

    def own(t: Trend | None) -> str:
        return _window(t) if t is not None else ""

    return {
        "notable_pre_dl": f"notable systems, {span(e.start, e.split - 1)}",
        "notable_all": f"notable systems, {post}",
        "frontier": f"frontier (top {k} at release), {post}",
        "records": f"record-setters, {post}",
        "notable_2012_2019": f"notable systems, {pw}",
        "frontier_2012_2019": f"frontier (top {k} at release), {pw}",
        "records_2012_2019": f"record-setters, {pw}",
        f"{bid}_models": f"{b.name} models, {own(b.all_models)}",
        "gpu_peak_gflops_per_gpu": f"fastest GPU's peak, per GPU, {own(c.gpu_trend)}",
        "cpu_peak_gflops": f"fastest CPU's peak, {own(c.cpu_trend)}",
        "frontier_chips_per_run": f"frontier: chips per run, {own(a.frontier.get('frontier_chips_per_run'))}",
        "frontier_training_days_per_run": f"frontier: training days, {own(a.frontier.get('frontier_training_days_per_run'))}",
        "frontier_achieved_flops_per_chip":
            f"frontier: achieved FLOP/s per chip, {own(a.frontier.get('frontier_achieved_flops_per_chip'))}",
        "frontier_cost_per_run": f"frontier: cost per run, {own(a.frontier.get('frontier_cost_per_run'))}",
        "cost_per_run": f"notable: cost per run, {growth}",
        "compute_per_dollar": f"notable: training FLOP per dollar, {growth}",
    }


def references(lit: Literature) -> dict[str, float]:
    """Reference growth rates for the growth chart: Moore's law, the paper's tenfold, Amodei & Hernandez."""
    moore, amodei = lit.value("moore_doubling_months"), lit.value("amodei_doubling_months")
    return {f"Moore's law (doubling every {N.number(moore, 2)} months)": 2 ** (12 / moore),
            f"the paper: {N.number(lit.value('v1_compute_growth_per_year'))}× a year":
                lit.value("v1_compute_growth_per_year"),
            f"Amodei & Hernandez (doubling every {N.number(amodei, 2)} months)": 2 ** (12 / amodei)}

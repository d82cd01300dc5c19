"""How the ways-out chapter shows its numbers: the phrases each section glues, its tables and charts.

Every number is set with :mod:`compute_limits.report.numbers`; a rate is always set by :func:`rate_x`
(two significant digits), in prose, tables and tooltips alike, so a figure reads the same everywhere.
"""

from __future__ import annotations


import numpy as np
import pandas as pd

from ..analysis import claims, headlines, k_gap, levers, ways_out
from ..analysis.levers import Rate
from ..analysis.ways_out import SCENARIOS
from ..report import numbers as N
from ..report.glue import Md
from ..report.text import join

SCENARIO_NAMES = {"hardware": "hardware alone", "algorithms": "algorithms alone", "both": "both levers"}
FORM_SHORT = {"polynomial": "poly.", "exponential": "exp."}
SCENARIO_HEADERS = {"hardware": "Hardware", "algorithms": "Algorithms", "both": "Both"}
LEVER_NAMES = {"hardware": "compute per dollar", "algorithms": "algorithms", "spending": "spending per run",
               "compute": "compute per run"}
# Who measured a published rate, on what population and window (the rows of literature.toml they come from).
PUBLISHED_LABELS = {
    "hobbhahn2022": "Hobbhahn & Besiroglu: GPUs, 2006–2021",
    "hobbhahn2022_ml": "Hobbhahn & Besiroglu: ML GPUs",
    "hernandez2020": "Hernandez & Brown: ImageNet, 2012–2019",
    "erdil2022": "Erdil & Besiroglu: ImageNet",
    "cottier2024": "Cottier et al.: frontier models, 2016–2023",
    "sevilla2022": "Sevilla et al.: notable systems, 2010–2022",
    "amodei2018": "Amodei & Hernandez: record runs, 2012–2018",
}


def rate_x(per_year: float) -> str:
    """A growth factor per year as the chapter prints it everywhere: ``1.4×``, ``12×``."""
    return N.factor(per_year, 2)


def rate_iv(rate: Rate) -> str:
    """The rate's interval, ``1.3–1.6``; ``not estimable from these data`` where it includes no growth."""
    if not rate.estimable:
        return N.NOT_ESTIMABLE
    if rate.lo == rate.hi:
        return N.MISSING
    return N.interval(rate.per_year_lo, rate.per_year_hi, N.number, sig=2)


def window(rate: Rate) -> str:
    return f"{N.year(rate.start)}–{N.year(rate.end)}" if np.isfinite(rate.start) else ""


def usd(log10_value: float) -> str:
    return "$" + N.pow10(log10_value)


def money(x: float) -> str:
    """A budget: ``$100 million``, ``$1.5 billion``."""
    for size, word in ((1e9, "billion"), (1e6, "million")):
        if x >= size:
            return f"${N.number(x / size, 3)} {word}"
    return f"${N.integer(x)}"


def year_phrase(base: float, years: float, horizon: int) -> str:
    """The calendar year ``base + years``: ``2043``, ``after 2100`` or ``never``."""
    return N.year(base + years, horizon) if np.isfinite(years) else "never"


def when(base: float, years: float, horizon: int) -> str:
    """A date for prose: ``already in 2025``, ``around 2043``, ``after 2100`` or ``never``."""
    if not np.isfinite(years):
        return "never"
    if years == 0:
        return f"already in {N.year(base)}"
    text = year_phrase(base, years, horizon)
    return text if text.startswith("after") else f"around {text}"


def when_iv(base: float, point: float, lo: float, hi: float, estimable: bool, horizon: int) -> str:
    """A date with its interval: ``around 2043 (2038–2050)``, ``after 2100 (interval from 2090)``."""
    if not estimable:
        return f"at a date {N.NOT_ESTIMABLE}"
    head = when(base, point, horizon)
    a, b = year_phrase(base, lo, horizon), year_phrase(base, hi, horizon)
    if head.startswith("after") or head == "never":
        return head if a.startswith("after") else f"{head} (interval from {a})"
    return head if a == b else f"{head} ({a}–{b})"


# --------------------------------------------------------------------------
# Section phrases (each a dict for one glue_all)
# --------------------------------------------------------------------------


def lever_phrases(lit) -> dict:
    """The literature's figures in "The levers the paper names"."""
    def span(lo, hi):
        return f"{N.number(lit.value(lo))}–{N.number(lit.value(hi))} times"

    return {"tpu_speedup": span("tpu_speedup_low", "tpu_speedup_high"),
            "tpu_ops_per_watt": span("tpu_ops_per_watt_low", "tpu_ops_per_watt_high"),
            "loihi_orders": N.number(lit.value("loihi_edp_orders")),
            "han_alexnet": f"{N.number(lit.value('han_alexnet_compression'))}-fold",
            "han_vgg": f"{N.number(lit.value('han_vgg_compression'))}-fold",
            "efficientnet_smaller": f"{N.number(lit.value('efficientnet_smaller'), 2)} times",
            "efficientnet_faster": f"{N.number(lit.value('efficientnet_faster'), 2)} times"}


def _years10(rate: Rate) -> str:
    """Years for a tenfold gain, with the interval, or not estimable."""
    if not (rate.estimable and rate.log10_per_year > 0):
        return N.NOT_ESTIMABLE
    return f"{N.years(1 / rate.log10_per_year)} ({N.interval(1 / rate.hi, 1 / rate.lo, N.number, sig=2)})"


def rates_phrases(wo, names: dict, lit) -> dict:
    """The phrases of "How fast have the levers moved?"."""
    dec = wo.decomposition
    cpd, spend, comp = dec.per_dollar, dec.spending, dec.compute
    alg, pub = wo.algorithms[wo.headline], wo.published
    hob, hob_ml, hb, er = pub["hobbhahn2022"], pub["hobbhahn2022_ml"], pub["hernandez2020"], pub["erdil2022"]
    inside = [k for k in ("hernandez2020", "erdil2022") if alg.lo <= pub[k].log10_per_year <= alg.hi]
    cfg = wo.mains[wo.headline].config
    same = all(levers.comparable(k, cfg.id, cfg.metric) for k in ("hernandez2020", "erdil2022"))
    ok = {b: r.estimable and r.log10_per_year > 0 for b, r in wo.algorithms.items()}
    fast = [f"{names[b]} at {rate_x(r.per_year)} a year" for b, r in wo.algorithms.items()
            if b != wo.headline and r.per_year > 10]
    return {
        "level": N.pct(wo.level, 0), "window": window(cpd), "n_runs": N.integer(cpd.n), "population": dec.population,
        "cpd": rate_x(cpd.per_year), "cpd_iv": rate_iv(cpd), "cpd_doubling": N.months(cpd.doubling_months),
        "hob": rate_x(hob.per_year), "hob_years": N.number(lit.value("hobbhahn_doubling_years")),
        "hob_ml": rate_x(hob_ml.per_year), "hob_ml_years": N.number(lit.value("hobbhahn_ml_doubling_years")),
        "cpd_vs_hob": "above" if cpd.lo > hob.hi else "below" if cpd.hi < hob.lo else "consistent with",
        "headline": names[wo.headline], "alg_n": N.integer(alg.n), "alg_window": window(alg),
        "alg": rate_x(alg.per_year), "alg_iv": rate_iv(alg), "alg_years10": _years10(alg),
        "alg_compounded": N.factor(alg.per_year ** lit.value("hernandez_years"), 2),
        "published_agree": Md({2: "Both published estimates below lie inside the book's interval.",
                               1: "One of the two published estimates below lies inside the book's interval.",
                               0: "Neither published estimate below lies inside the book's interval."}[len(inside)]
                              if same else f"The published estimates below were measured on ImageNet top-1 error, not "
                              f"on {names[wo.headline]} scored by {cfg.metric_label}: they give a scale, not a check."),
        "hb_gain": N.factor(lit.value("hernandez_efficiency_gain")),
        "hb_years": N.integer(lit.value("hernandez_years")),
        "hb_halving": N.months(lit.value("hernandez_halving_months")), "hb": rate_x(hb.per_year),
        "er_halving": N.months(lit.value("erdil_halving_months")),
        "er_halving_iv": N.interval(lit["erdil_halving_months"].lo, lit["erdil_halving_months"].hi, N.number, sig=2),
        "er": rate_x(er.per_year), "er_iv": N.interval(er.per_year_lo, er.per_year_hi, N.number, sig=2),
        "alg_vs_hw": "a larger lever than" if alg.log10_per_year > cpd.log10_per_year else "a smaller lever than",
        "alg_over_hw": N.number(alg.log10_per_year / cpd.log10_per_year, 2) if cpd.log10_per_year > 0 else N.MISSING,
        "n_alg": N.integer(len(ok)), "n_alg_estimable": N.integer(sum(ok.values())),
        "alg_estimable": Md(join([names[b] for b, v in ok.items() if v]) or "none"),
        "alg_not_estimable": Md(join([names[b] for b, v in ok.items() if not v]) or "none"),
        "alg_fast": Md(join(fast) or "none here"),
        "compute": rate_x(comp.per_year), "compute_iv": rate_iv(comp), "spend": rate_x(spend.per_year),
        "spend_iv": rate_iv(spend), "share_spend": N.pct(dec.share_spending, 0),
        "share_cpd": N.pct(dec.share_per_dollar, 0), "cottier": rate_x(pub["cottier2024"].per_year),
        "sevilla_doubling": N.months(lit.value("sevilla_doubling_months")),
        "sevilla": rate_x(pub["sevilla2022"].per_year),
        "amodei_doubling": N.months(lit.value("amodei_doubling_months")), "amodei": rate_x(pub["amodei2018"].per_year),
        "takeaway": (f"Spending per run ({rate_x(spend.per_year)} a year) grew faster than compute per dollar "
                     f"({rate_x(cpd.per_year)})." if spend.log10_per_year > cpd.log10_per_year else
                     f"Compute per dollar ({rate_x(cpd.per_year)} a year) grew faster than spending per run "
                     f"({rate_x(spend.per_year)})."),
    }


def _row(table: pd.DataFrame, bench: str, target: float, scenario: str, form: str) -> pd.Series:
    sel = (table["benchmark"] == bench) & np.isclose(table["target_error"], target) & \
          (table["scenario"] == scenario) & (table["form"] == form)
    return table[sel].iloc[0]


def _target(table: pd.DataFrame, bench: str, target: float, form: str, horizon: int) -> dict:
    """Cost and date of one target under each scenario (and the date the earlier, two-model method gave)."""
    first = _row(table, bench, target, "hardware", form)
    out = {"pct": N.pct(target), "usd": usd(first["log10_usd"]),
           "usd_iv": f"{usd(first['log10_usd_lo'])}–{usd(first['log10_usd_hi'])}"}
    for s in SCENARIOS:
        r = _row(table, bench, target, s, form)
        base = r["base_year"]
        out[s] = when_iv(base, r["years_to_affordable"], r["years_lo"], r["years_hi"], bool(r["estimable"]), horizon)
        out[f"{s}_before"] = when(base, r["years_compute_only"], horizon)
        out[f"{s}_after"] = when(base, r["years_to_affordable"], horizon)
    return out


def target_list(df: pd.DataFrame, names: dict) -> Md:
    items = [f"{names.get(b, b)} at {N.pct(e)}" for b, e in df[["benchmark", "target_error"]].itertuples(index=False)]
    return Md(join(list(dict.fromkeys(items))) or "none")


def quoted_phrases(q) -> dict:
    """The future-cost chapter's headline compute and cost, and the time-trend model's at the price year."""
    return {"pct": N.pct(q.flops.target_error), "flops": N.pow10(q.flops.value), "level": N.pct(q.flops.level, 0),
            "flops_iv": N.interval(q.flops.lo, q.flops.hi, N.pow10), "interval": q.flops.interval.split(" (")[0],
            "usd": usd(q.usd.value), "form": q.flops.form, "tt_flops": N.pow10(q.tt_log10_flops),
            "tt_flops_iv": N.interval(q.tt_log10_flops_lo, q.tt_log10_flops_hi, N.pow10), "tt_usd": usd(q.tt_log10_usd)}


def scenario_phrases(wo, names: dict, quoted, vintage, horizon: int) -> dict:
    """The phrases of "What each lever buys" (headline benchmark under its headline form)."""
    table, form, bench = wo.scenarios, wo.form, wo.headline
    other = next(f for f in ("polynomial", "exponential") if f != form)
    tg = wo.targets[bench]
    first, last = _target(table, bench, tg[0], form, horizon), _target(table, bench, tg[-1], form, horizon)
    pref = table[table["preferred"]]
    hw_far = ways_out.beyond(pref, horizon, scenario="hardware")
    both_far = ways_out.beyond(pref, horizon, scenario="both")
    far_lo = ways_out.beyond(pref, horizon, "affordable_year_lo", scenario="both")
    last_both = _row(table, bench, tg[-1], "both", form)
    spend = wo.decomposition.spending
    with_spend = ways_out.years_with(last_both, spend.log10_per_year)
    other_last = _row(table, bench, tg[-1], "both", other)
    within = (table["affordable_year"] <= horizon) & (table["base_year"] + table["years_compute_only"] <= horizon)
    shift = (table["years_to_affordable"] - table["years_compute_only"]).abs()[within]
    n_targets = int((pref["scenario"] == "hardware").sum())
    return {
        "headline": names[bench], "form": form, "other_form": other, "vintage": vintage.label,
        "level": N.pct(wo.level, 0), "base_year": str(wo.base_year), "budget": money(wo.budget_usd),
        "horizon": str(horizon), "cpd": rate_x(wo.decomposition.per_dollar.per_year), "spend": rate_x(spend.per_year),
        "window": window(wo.decomposition.per_dollar),
        "quoted": quoted_phrases(quoted), "first": first, "last": last,
        "last_with_spending": when(wo.base_year, with_spend, horizon),
        "last_other_usd": usd(other_last["log10_usd"]),
        "last_other_both": when_iv(wo.base_year, other_last["years_to_affordable"], other_last["years_lo"],
                                   other_last["years_hi"], bool(other_last["estimable"]), horizon),
        "n_targets": N.integer(n_targets), "n_hw_far": N.integer(len(hw_far)), "n_both_far": N.integer(len(both_far)),
        "both_far": target_list(both_far, names), "far_lo": target_list(far_lo, names),
        "median_shift": N.years(float(shift[np.isfinite(shift)].median())) if np.isfinite(shift).any() else N.MISSING,
        "no_trend": Md(f"{join([names[b] for b in wo.no_trend])} cannot be priced this way: too few distinct "
                       "publication dates for a time trend" if wo.no_trend else
                       "every benchmark's models span enough publication dates for a time trend"),
        "takeaway": (f"With both levers at their historic rates, {N.integer(n_targets - len(both_far))} of the "
                     f"{N.integer(n_targets)} targets fit the budget by {horizon}."),
    }


def k_gap_phrases(wo, names: dict) -> dict:
    """The phrases of "The gap to the fourth-power bound" (headline benchmark and the count)."""
    gap = wo.k_gap.set_index("benchmark")
    g = gap.loc[wo.headline]
    est = wo.k_gap[wo.k_gap["estimable"]]
    above = est[est["bracket_above_bound"]]
    not_est = [names[b] for b in wo.k_gap.loc[~wo.k_gap["estimable"], "benchmark"]]
    ok = bool(g["estimable"])
    return {
        "headline": names[wo.headline], "level": N.pct(wo.level, 0), "bound": N.number(wo.bound),
        "factor": f"{N.number(wo.factor)}-fold", "data_factor": f"{N.number(wo.factor ** 2)} times",
        "bound_factor": f"{N.number(wo.factor ** wo.bound)} times",
        "k": N.number(g["k"], 2) if ok else N.NOT_ESTIMABLE,
        "k_iv": N.interval(g["k_lo"], g["k_hi"], N.number, sig=2) if ok else "unbounded",
        "k_reverse": N.number(g["k_reverse"], 2), "r2": N.number(g["r2"], 2),
        "compute_reverse": N.pow10(g["log10_compute_reverse"]) if ok else N.NOT_ESTIMABLE,
        "compute_fitted": N.pow10(g["log10_compute_fitted"]) if ok else N.NOT_ESTIMABLE,
        "gap_range": N.interval(g["gap_reverse"], g["gap_decades"], N.number, sig=2) if ok else N.NOT_ESTIMABLE,
        "statement": Md(f"The bracket and the confidence interval of k lie wholly above the bound on "
                        f"{N.integer(len(above))} of the {N.integer(len(est))} benchmarks whose slope is estimable"
                        + (f" ({join([names[b] for b in above['benchmark']])})" if len(above) else "")
                        + (f"; for {join(not_est)} the slope's interval includes zero, so k is "
                           f"{N.NOT_ESTIMABLE}." if not_est else ".")),
    }


def conclusion_phrases(wo, names: dict, lit, quoted, oos, configs, horizon: int) -> dict:
    """The phrases of the conclusion (every statement names the benchmark it rests on)."""
    rep = wo.reproduction.set_index("benchmark")
    est = wo.reproduction[wo.reproduction["estimable"]]
    r = rep.loc[wo.headline]
    cfg = configs[wo.headline]
    paper = lit.paper(wo.headline, cfg.metric)
    v1 = est[est["v1_r2"].notna()]
    lo_row = est.loc[est["r2"].idxmin()] if len(est) else None
    alg, dec = wo.algorithms[wo.headline], wo.decomposition
    last = _target(wo.scenarios, wo.headline, wo.targets[wo.headline][-1], wo.form, horizon)
    pref = wo.scenarios[wo.scenarios["preferred"]]
    far_lo = ways_out.beyond(pref, horizon, "affordable_year_lo", scenario="both")
    gap = wo.k_gap[wo.k_gap["estimable"]]
    by_source: dict[str, list[str]] = {}
    for b in wo.mains:
        by_source.setdefault(configs[b].source, []).append(names[b])
    sources = (next(iter(by_source)) if len(by_source) == 1 else
               join([f"{src} for {join(bs)}" for src, bs in by_source.items()]))
    if oos is None:
        oos_text = (f"The out-of-sample check could not be run on {names[wo.headline]}: it needs enough models both "
                    f"before and after July 2020.")
    else:
        eff_iv = N.interval(oos.efficiency_lo, oos.efficiency_hi, N.number, sig=2)
        eff = (f"they needed {N.factor(oos.efficiency, 2)} less compute than the line says "
               f"({N.pct(oos.level, 0)} Fieller interval {eff_iv})"
               if oos.efficiency_estimable else f"how much less compute they needed is {N.NOT_ESTIMABLE}")
        oos_text = (f"Fitted on the {N.integer(oos.n_train)} {names[wo.headline]} models published before July 2020, "
                    f"the line's {N.pct(oos.level, 0)} prediction interval covers "
                    f"{N.pct(oos.coverage, 0)} of the {N.integer(oos.n_test)} later models "
                    f"(confidence interval {N.interval(oos.coverage_lo, oos.coverage_hi, N.pct, decimals=0)}), and "
                    f"{N.pct(oos.share_below, 0)} of them lie below it: {eff}.")
    return {
        "level": N.pct(wo.level, 0), "headline": names[wo.headline], "n": N.integer(r["n"]),
        "v1_r2_range": f"{N.number(100 * lit.value('v1_r2_low'), 2)}–{N.pct(lit.value('v1_r2_high'), 0)}",
        "v1_headline_r2": Md(f"; {N.pct(paper.r2, 0)} on {names[wo.headline]}, plus "
                             f"{N.number(100 * paper.r2_gain_time_trend, 2)} points from a time trend"
                             if paper is not None and paper.r2 is not None else
                             f"; it reported no R² for {names[wo.headline]} scored by {cfg.metric_label}"),
        "v1_years": N.years(lit.value("v1_years_per_10x")), "sources": Md(sources),
        "n_benchmarks": N.integer(len(wo.reproduction)), "n_estimable": N.integer(len(est)),
        "not_estimable": Md(join([names[b] for b in wo.reproduction.loc[~wo.reproduction["estimable"], "benchmark"]])
                            or "none"),
        "r2_lo": N.pct(lo_row["r2"], 0) if lo_row is not None else N.MISSING,
        "r2_lo_name": lo_row["name"] if lo_row is not None else N.MISSING,
        "r2_hi": N.pct(est["r2"].max(), 0) if len(est) else N.MISSING,
        "r2_hi_name": est.loc[est["r2"].idxmax(), "name"] if len(est) else N.MISSING,
        "v1_range": Md(f", and from {N.pct(v1['v1_r2'].min(), 0)} ({v1.loc[v1['v1_r2'].idxmin(), 'name']}) to "
                       f"{N.pct(v1['v1_r2'].max(), 0)} ({v1.loc[v1['v1_r2'].idxmax(), 'name']}) on the models "
                       f"published before July 2020" if len(v1) else ""),
        "r2": N.pct(r["r2"], 0), "r2_gain": N.number(100 * r["r2_gain_time_trend"], 2), "years10": _years10(alg),
        "quoted": quoted_phrases(quoted), "population": dec.population, "window": window(dec.per_dollar),
        "compute": rate_x(dec.compute.per_year), "cpd": rate_x(dec.per_dollar.per_year),
        "spend": rate_x(dec.spending.per_year), "alg": rate_x(alg.per_year), "alg_window": window(alg),
        "alg_vs_hw": ("a larger lever than" if alg.log10_per_year > dec.per_dollar.log10_per_year
                      else "a smaller lever than"),
        "oos": Md(oos_text), "budget": money(wo.budget_usd), "horizon": str(horizon), "form": wo.form,
        "last": last, "far_lo": target_list(far_lo, names),
        "room": Md(f"On {N.integer(int(gap['bracket_above_bound'].sum()))} of the {N.integer(len(gap))} benchmarks "
                   f"with an estimable exponent, even the floor of the bracket, k·R², lies above the fourth-power "
                   f"bound: today's scaling is far from the best the argument allows, though nothing shows that "
                   f"the bound can be reached."),
    }


def rates_result(rates: pd.DataFrame, names: dict) -> pd.DataFrame:
    """``ways_out_rates`` with its display ``name`` filled in (keys stay ids)."""
    out = rates.copy()
    out["name"] = rates_display(rates, names)["Source and population"].to_numpy()
    return out


# --------------------------------------------------------------------------
# Tables
# --------------------------------------------------------------------------


def rates_display(rates: pd.DataFrame, names: dict) -> pd.DataFrame:
    """The rates table: one line per rate, with window and population."""
    def label(r):
        if r["origin"] == "published":
            return PUBLISHED_LABELS.get(r["rate"], r["rate"])
        if r["lever"] == "algorithms":
            return (f"This book: {names.get(r['rate'].removeprefix('algorithms_'), r['rate'])}, time trend, "
                    f"{N.year(r['start_year'])}–{N.year(r['end_year'])}")
        return f"This book: Epoch AI runs with a cost, {N.year(r['start_year'])}–{N.year(r['end_year'])}"

    def iv(r):
        if r["origin"] == "this book" and not r["estimable"]:
            return "not estimable"
        return N.MISSING if r["per_year_lo"] == r["per_year_hi"] else \
            N.interval(r["per_year_lo"], r["per_year_hi"], N.number, sig=2)

    return pd.DataFrame({
        "Lever": rates["lever"].map(LEVER_NAMES),
        "Source and population": [label(r) for _, r in rates.iterrows()],
        "× a year": rates["per_year"].map(rate_x),
        "Interval": [iv(r) for _, r in rates.iterrows()],
        "Doubling": [N.months(m) if np.isfinite(m) else N.MISSING for m in rates["doubling_months"]],
    })


def years_display(table: pd.DataFrame, names: dict, horizon: int) -> pd.DataFrame:
    """Targets (rows, each benchmark under its headline form) × scenarios: the calendar year the target
    fits the budget, with its interval."""
    df = table[table["preferred"]]
    rows = []
    for (bench, err), grp in df.groupby(["benchmark", "target_error"], sort=False):
        g = grp.set_index("scenario")
        row = {"Benchmark": names.get(bench, bench), "Error": N.pct(err), "Form": FORM_SHORT[g["form"].iloc[0]],
               "Cost": usd(g["log10_usd"].iloc[0])}
        for s in SCENARIOS:
            r = g.loc[s]
            if not r["estimable"]:
                row[SCENARIO_HEADERS[s]] = "not estimable"
                continue
            base = r["base_year"]
            lo, hi = (year_phrase(base, r[c], horizon) for c in ("years_lo", "years_hi"))
            point = year_phrase(base, r["years_to_affordable"], horizon)
            row[SCENARIO_HEADERS[s]] = point if lo == hi == point else f"{point} ({lo}–{hi})"
        rows.append(row)
    return pd.DataFrame(rows)


def k_gap_display(gap: pd.DataFrame) -> pd.DataFrame:
    def k_text(r):
        return "not estimable" if not r["estimable"] else \
            f"{N.number(r['k'], 2)} ({N.interval(r['k_lo'], r['k_hi'], N.number, sig=2)})"

    return pd.DataFrame({
        "Benchmark": gap["name"], "n": gap["n"].map(N.integer), "R²": gap["r2"].map(lambda v: N.number(v, 2)),
        "k (CI)": [k_text(r) for _, r in gap.iterrows()],
        "k·R²": [N.number(r["k_reverse"], 2) if r["estimable"] else "not estimable" for _, r in gap.iterrows()],
        "Above the bound": [("yes" if r["bracket_above_bound"] else "no") if r["estimable"] else "—"
                            for _, r in gap.iterrows()],
    })


def results(wo, names: dict) -> dict:
    """The chapter's results: ``{name: (DataFrame, part or None)}`` for ``write_result``."""
    ev = k_gap.claims_evidence(wo.k_gap, wo.bound, wo.level, names)
    return {"ways_out_rates": (rates_result(wo.rates, names), None), "ways_out": (wo.scenarios, None),
            "k_gap": (wo.k_gap, None),
            "headlines": (headlines.table(ways_out.headline_rows(wo)), ways_out.CHAPTER),
            "claims_evidence": (claims.evidence(ev), ways_out.CHAPTER)}

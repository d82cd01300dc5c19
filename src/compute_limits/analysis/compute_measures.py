"""The two measures of training compute, rebuilt from their components, and their consolidation.

* **Network operations** = operations per forward pass × forward+backward factor × epochs × training-set size.
  Operations per pass are ``flops``, or ``2 × multiadds`` where only multiply-adds are reported;
  the forward+backward factor is the data's ``fp_bp_ratio`` (3 in every released row; 3 when empty).
* **Hardware burden** = Σ over CPU/GPU/TPU of chip count × peak GFLOPS × 1e9 × training seconds (FLOP).
* **Consolidated hardware burden**: the hardware burden where it is known, else a prediction from
  network operations by a log–log *conversion regression* ``log10(HW) = a + b·log10(NetOps)`` fitted on
  the models that have both (the authors' v2 procedure; their result is the data's ``computing_power``).

Only the final training run counts (``training_*`` columns); pre-training and fine-tuning columns are not used.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from statsmodels.regression.linear_model import OLS  # not statsmodels.api: it imports every model (~1 s)

from ..stats.regression import design

FP_BP_DEFAULT = 3.0  # forward + backward ≈ 3 forward passes (the data's fp_bp_ratio)
CHIPS = ("gpu", "tpu", "cpu")
REL_TOL = 0.05  # rebuilt and recorded values "agree" within 5 % (the data rounds to 2–3 significant figures)
MIN_CONVERSION_ROWS = 5  # fewer models with both measures: pool the conversion over all benchmarks


def ops_per_pass(df: pd.DataFrame) -> pd.Series:
    """Operations per forward pass: ``flops``, else ``2 × multiadds``."""
    return df["flops"].combine_first(2.0 * df["multiadds"])


def rebuild_network_operations(df: pd.DataFrame) -> pd.Series:
    """Network operations (FLOP) from ops per pass × fp_bp_ratio × epochs × set size (NaN if a part is missing)."""
    ratio = df["fp_bp_ratio"].fillna(FP_BP_DEFAULT) if "fp_bp_ratio" in df else FP_BP_DEFAULT
    return ops_per_pass(df) * ratio * df["training_epochs"] * df["training_set_size"]


def rebuild_hardware_burden(df: pd.DataFrame) -> pd.Series:
    """Hardware burden (FLOP): Σ over chip types of count × peak GFLOPS × 1e9 × training seconds."""
    parts = []
    for chip in CHIPS:
        amount, peak = f"training_{chip}_amount", f"training_{chip}_ptp_gflops"
        if amount in df and peak in df:
            parts.append(df[amount] * df[peak] * 1e9 * df["training_time_total_sec"])
    if not parts:
        return pd.Series(np.nan, index=df.index)
    return pd.concat(parts, axis=1).sum(axis=1, min_count=1)


def compute_check(df: pd.DataFrame, rel_tol: float = REL_TOL) -> pd.DataFrame:
    """Compare rebuilt measures with the data's columns, one row per model and measure.

    Columns: ``model, label, measure`` (network_operations / hardware_burden), ``recorded``, ``rebuilt``,
    ``ratio`` (rebuilt / recorded), ``status``: ``agrees`` (within ``rel_tol``), ``disagrees``,
    ``recorded only`` (components missing), ``rebuilt only`` (column empty).
    """
    rebuilt = {"network_operations": rebuild_network_operations(df),
               "hardware_burden": rebuild_hardware_burden(df)}
    frames = []
    for measure, values in rebuilt.items():
        recorded = df[measure]
        keep = recorded.notna() | values.notna()
        out = pd.DataFrame({"model": df["model"], "label": df["label"], "measure": measure,
                            "recorded": recorded, "rebuilt": values})[keep]
        out["ratio"] = out["rebuilt"] / out["recorded"]
        status = np.where(out["recorded"].isna(), "rebuilt only",
                          np.where(out["rebuilt"].isna(), "recorded only",
                                   np.where((out["ratio"] - 1).abs() <= rel_tol, "agrees", "disagrees")))
        out["status"] = status
        frames.append(out)
    return pd.concat(frames, ignore_index=True)


def compute_check_summary(check: pd.DataFrame) -> pd.DataFrame:
    """Per measure: rows compared, agreeing, disagreeing, recorded only, and the largest ``|rebuilt/recorded − 1|``."""
    rows = []
    for measure in ("network_operations", "hardware_burden"):
        sub = check[check["measure"] == measure]
        both = sub[sub["status"].isin(["agrees", "disagrees"])]
        rows.append({
            "measure": measure,
            "recorded": int(sub["recorded"].notna().sum()),
            "rebuilt": int(sub["rebuilt"].notna().sum()),
            "compared": int(len(both)),
            "agree": int((both["status"] == "agrees").sum()),
            "disagree": int((both["status"] == "disagrees").sum()),
            "recorded_only": int((sub["status"] == "recorded only").sum()),
            "max_rel_diff": float((both["ratio"] - 1).abs().max()) if len(both) else np.nan,
            "median_rel_diff": float((both["ratio"] - 1).abs().median()) if len(both) else np.nan,
        })
    return pd.DataFrame(rows)


@dataclass
class Conversion:
    """The log–log conversion ``log10(HW) = intercept + slope·log10(NetOps)``."""

    n: int
    intercept: float
    slope: float
    intercept_se: float
    slope_se: float
    r2: float
    resid_sd: float
    source: str  # "own" (this benchmark's rows) or "pooled" (all configured benchmarks)
    data: pd.DataFrame = field(default_factory=pd.DataFrame)  # benchmark, model, label, date, log10_net, log10_hw
    cov: np.ndarray = field(default_factory=lambda: np.full((2, 2), np.nan))  # of (intercept, slope)
    cutoff: float | None = None  # fitted only on models dated before this (decimal year), if set

    @property
    def latest(self) -> float:
        """Decimal date of the latest model the conversion was fitted on."""
        return float(self.data["date"].max()) if "date" in self.data and len(self.data) else float("nan")

    def predict_log10(self, log10_net):
        return self.intercept + self.slope * np.asarray(log10_net, dtype=float)

    def predict(self, net_ops):
        """Predicted hardware burden (FLOP) for network operations ``net_ops`` (FLOP)."""
        return 10.0 ** self.predict_log10(np.log10(np.asarray(net_ops, dtype=float)))


def conversion_rows(df: pd.DataFrame) -> pd.DataFrame:
    """The models with both network operations and hardware burden (score not required)."""
    both = df[df["network_operations"].notna() & df["hardware_burden"].notna()]
    return pd.DataFrame({
        "benchmark": both["benchmark"] if "benchmark" in both else "",
        "model": both["model"], "label": both["label"],
        "date": both["date"] if "date" in both else np.nan,
        "log10_net": np.log10(both["network_operations"].astype(float)),
        "log10_hw": np.log10(both["hardware_burden"].astype(float)),
    }).reset_index(drop=True)


def fit_conversion(rows: pd.DataFrame, source: str = "own", cutoff: float | None = None) -> Conversion:
    """OLS of log10 hardware burden on log10 network operations over ``rows`` (from :func:`conversion_rows`)."""
    if len(rows) < 3:
        raise ValueError(f"the conversion regression needs at least 3 models with both measures, got {len(rows)}")
    model = OLS(rows["log10_hw"].to_numpy(), design(rows["log10_net"].to_numpy())).fit()
    return Conversion(n=int(len(rows)), intercept=float(model.params[0]), slope=float(model.params[1]),
                      intercept_se=float(model.bse[0]), slope_se=float(model.bse[1]), r2=float(model.rsquared),
                      resid_sd=float(np.sqrt(model.scale)), source=source, data=rows,
                      cov=np.asarray(model.cov_params()), cutoff=cutoff)


def choose_conversion(df: pd.DataFrame, pool: list[pd.DataFrame] | None = None,
                      min_rows: int = MIN_CONVERSION_ROWS, cutoff: float | None = None) -> Conversion | None:
    """The benchmark's own conversion if it has ``min_rows`` models with both measures, else one fitted
    on the pooled rows of ``pool`` (every benchmark's table), each model once (:data:`IDENTITY`); ``None``
    if neither is possible.

    With ``cutoff`` only models dated before it are used (what existed then: the out-of-sample test).
    """
    def rows_of(table):
        rows = conversion_rows(table)
        return rows if cutoff is None else rows[rows["date"] < cutoff]

    own = rows_of(df)
    if len(own) >= min_rows:
        return fit_conversion(own, "own", cutoff)
    if pool:
        pooled = pd.concat([rows_of(p) for p in pool], ignore_index=True)
        pooled = pooled.drop_duplicates(list(IDENTITY)).reset_index(drop=True)
        if len(pooled) >= 3:
            return fit_conversion(pooled, "pooled", cutoff)
    return None


IDENTITY = ("model", "date", "log10_net", "log10_hw")
"""What makes two pooled rows one model: its name, its date and both compute figures, whichever file or
benchmark lists it (a filtered copy of a benchmark's file, added as a benchmark of its own, does not count its
models twice).  Rows of one name with other figures are other runs and all count."""


def consolidate(df: pd.DataFrame, conversion: Conversion | None) -> pd.DataFrame:
    """Add ``consolidated_hardware_burden`` (FLOP) and ``consolidated_source``
    (``hardware burden`` / ``converted`` / empty) to a copy of ``df``."""
    out = df.copy()
    hw = out["hardware_burden"]
    converted = pd.Series(np.nan, index=out.index)
    if conversion is not None:
        net = out["network_operations"]
        converted = pd.Series(np.where(net.notna(), conversion.predict(net.fillna(1.0)), np.nan), index=out.index)
    out["consolidated_hardware_burden"] = hw.combine_first(converted)
    out["consolidated_source"] = np.where(hw.notna(), "hardware burden",
                                          np.where(converted.notna(), "converted", ""))
    return out


def compare_computing_power(df: pd.DataFrame) -> pd.DataFrame:
    """Rows with the data's ``computing_power``: recorded vs this book's consolidated value.

    Columns: ``model, label, consolidated_source, computing_power, consolidated_hardware_burden, ratio``.
    """
    rows = df[df["computing_power"].notna()]
    out = rows[["model", "label", "consolidated_source", "computing_power", "consolidated_hardware_burden"]].copy()
    out["ratio"] = out["consolidated_hardware_burden"] / out["computing_power"]
    return out.reset_index(drop=True)


def computing_power_summary(comparison: pd.DataFrame, rel_tol: float = REL_TOL) -> dict:
    """Counts and spread of the comparison, split by how the consolidated value arose."""
    out = {"rows": int(len(comparison))}
    for source, key in (("hardware burden", "hw"), ("converted", "converted")):
        sub = comparison[comparison["consolidated_source"] == source]
        rel = (sub["ratio"] - 1).abs()
        out[f"{key}_rows"] = int(len(sub))
        out[f"{key}_agree"] = int((rel <= rel_tol).sum())
        out[f"{key}_max_rel_diff"] = float(rel.max()) if len(sub) else float("nan")
        out[f"{key}_median_ratio"] = float(sub["ratio"].median()) if len(sub) else float("nan")
    out["missing"] = int(comparison["consolidated_hardware_burden"].isna().sum())
    return out


def implied_conversion(df: pd.DataFrame) -> dict | None:
    """The conversion line the data's ``computing_power`` implies: OLS of log10(computing_power) on
    log10(network operations) over rows whose hardware burden is empty (``None`` if < 3 rows)."""
    rows = df[df["hardware_burden"].isna() & df["network_operations"].notna() & df["computing_power"].notna()]
    if len(rows) < 3:
        return None
    x = np.log10(rows["network_operations"].astype(float).to_numpy())
    y = np.log10(rows["computing_power"].astype(float).to_numpy())
    model = OLS(y, design(x)).fit()
    return {"n": int(len(rows)), "intercept": float(model.params[0]), "slope": float(model.params[1]),
            "r2": float(model.rsquared)}


@dataclass
class ConsolidationSummary:
    """How a benchmark's consolidated measure arose, for its page.

    Counts are of models with a score.  ``authors_*`` compare the book's consolidated values with the
    data's own ``computing_power`` (absent for a tidy file, whose compute is taken as given);
    ``implied`` is the conversion line the authors' converted values lie on (None with < 3 rows).
    """

    hardware: int  # covered by their own hardware burden
    converted: int  # covered by the conversion
    unconverted: int  # network operations only, but no conversion could be fitted (left out)
    conversion: Conversion | None
    fit_benchmarks: tuple[str, ...]  # benchmark ids of the models the conversion was fitted on, in order
    authors: dict | None  # computing_power_summary, or None when the data carry no values of their own
    implied: dict | None


def consolidation_summary(df: pd.DataFrame, conversion: Conversion | None) -> ConsolidationSummary:
    """Summarise :func:`consolidate`'s result ``df`` (a benchmark's table) and the conversion it used."""
    scored = df[df["score"].notna()]
    source = scored["consolidated_source"]
    unconverted = int((scored["hardware_burden"].isna() & scored["network_operations"].notna()
                       & scored["consolidated_hardware_burden"].isna()).sum())
    own_values = not (df["layout"] == "tidy").all() if "layout" in df else True
    fitted = tuple(dict.fromkeys(conversion.data["benchmark"])) if conversion is not None else ()
    return ConsolidationSummary(
        hardware=int((source == "hardware burden").sum()), converted=int((source == "converted").sum()),
        unconverted=unconverted, conversion=conversion, fit_benchmarks=fitted,
        authors=computing_power_summary(compare_computing_power(df)) if own_values else None,
        implied=implied_conversion(df) if own_values else None)

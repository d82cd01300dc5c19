"""One benchmark's data made ready for the fits, and its main fits: what every chapter builds on.

* :func:`prepare`: the benchmark's table with the consolidated hardware burden (hardware burden where
  known, else converted from network operations by the conversion regression), optionally with the
  conversion fitted only on models dated before a cut-off (what existed then).
* :func:`sample_rows`: all models, or the v1 sample (published before July 2020).
* :func:`main_fits`: the polynomial and exponential fits of error on the main compute measure.

DataFrames in, dataclasses out; no file is read here (see :mod:`compute_limits.data.benchmarks`).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..config import BenchmarkConfig
from ..stats.regression import Fit, fit_ols, usable
from . import compute_measures as cm

V1_CUTOFF = 2020.5  # the v1 sample: models published before July 2020 (decimal date < 2020.5)
SAMPLES = ("all", "v1")
SAMPLE_LABELS = {"all": "all models", "v1": "models published before July 2020 (the v1 sample)"}
MIN_FIT_ROWS = 5  # fewer usable rows than this: a fit is not reported


@dataclass
class Prepared:
    """A benchmark's table with ``consolidated_hardware_burden`` (and ``error_<metric>`` columns),
    and the conversion that filled it (``None`` when no row needed one)."""

    config: BenchmarkConfig
    data: pd.DataFrame
    conversion: cm.Conversion | None


def prepare(tables: dict[str, pd.DataFrame], config: BenchmarkConfig,
            conversion_cutoff: float | None = None) -> Prepared:
    """Consolidate compute for ``config``'s table (``tables`` holds every benchmark's, for pooling).

    The conversion is fitted on this benchmark's models with both measures when there are at least
    ``MIN_CONVERSION_ROWS``; otherwise on the pooled models of every benchmark (COCO has none of its
    own).  With ``conversion_cutoff`` only models dated before it enter the conversion.
    """
    df = tables[config.id]
    needs = bool((df["hardware_burden"].isna() & df["network_operations"].notna()).any())
    conversion = None
    if needs:
        pool = list(_distinct(tables).values())
        conversion = cm.choose_conversion(df, pool, cutoff=conversion_cutoff)
    df = cm.consolidate(df, conversion)
    for metric in {config.metric, config.robustness_metric} - {None}:
        if metric in df:
            df[f"error_{metric}"] = 1 - df[metric] / 100
    return Prepared(config, df, conversion)


def _distinct(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """One table per data file (two entries sharing a file would count its models twice)."""
    seen, out = set(), {}
    for bid, df in tables.items():
        key = df.attrs.get("path", bid)
        if key not in seen:
            seen.add(key)
            out[bid] = df
    return out


def sample_rows(df: pd.DataFrame, sample: str, cutoff: float = V1_CUTOFF) -> pd.DataFrame:
    """``all`` rows, or the ``v1`` sample: ``date < cutoff``.

    A row dated only by its year gets ``date = year + 0.5``; a year-only 2020 row therefore falls
    outside the v1 sample (it cannot be shown to predate July 2020).
    """
    if sample == "all":
        return df
    if sample == "v1":
        return df[df["date"] < cutoff]
    raise ValueError(f"unknown sample {sample!r}; expected one of {SAMPLES}")


@dataclass
class MainFits:
    """The main fits of one benchmark and sample: what every later chapter uses."""

    config: BenchmarkConfig
    sample: str
    data: pd.DataFrame  # the sample's rows (all models, with or without score/compute)
    rows: pd.DataFrame  # the rows the fits use (score and main compute present)
    polynomial: Fit
    exponential: Fit
    conversion: cm.Conversion | None

    @property
    def compute(self) -> str:
        return self.config.compute

    def fit(self, form: str) -> Fit:
        return {"polynomial": self.polynomial, "exponential": self.exponential}[form]


def main_fits(prepared: Prepared, sample: str = "all", min_rows: int = MIN_FIT_ROWS) -> MainFits | None:
    """Both forms fitted on the main compute measure of ``sample``; ``None`` with fewer than ``min_rows``."""
    cfg = prepared.config
    data = sample_rows(prepared.data, sample)
    rows = usable(data, cfg.compute)
    if len(rows) < min_rows:
        return None
    meta = {"benchmark": cfg.id, "metric": cfg.metric, "sample": sample}
    return MainFits(cfg, sample, data, rows,
                    fit_ols(data, "polynomial", cfg.compute, **meta),
                    fit_ols(data, "exponential", cfg.compute, **meta),
                    prepared.conversion)

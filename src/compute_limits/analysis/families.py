"""Scaling within architecture families: polynomial fits on the models of one family.

The paper's robustness check fits the scaling law within families of related ImageNet models (ResNet,
EfficientNet, NASNet, DPN).  The released data keep about one row per paper, so a family here gathers
variants from different papers that share a backbone (matched on the model name), not one paper's
sweep of model sizes; its slope is rough, and often not estimable.

DataFrames in, a DataFrame out (one row per family with at least ``MIN_FAMILY_ROWS`` usable models).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ..stats import forms
from ..stats.intervals import k_interval, slope_estimable, slope_interval
from ..stats.regression import fit_ols, usable

# (family, regular expression on the model name); the first match wins.
FAMILIES = (
    ("EfficientNet", r"EfficientNet|NoisyStudent|TinyNet"),
    ("ResNeXt", r"ResNeXt|RNX"),
    ("ResNet", r"ResNet|ScaleNet|SKNet|RedNet"),
    ("NASNet & searched nets", r"NASNet|NASNET|Amoeba|DARTS|Mnas|Proxyless|Single-Path|GreedyNAS|DenseNAS|SCARLET|"
                               r"MoGA|FBNet|NAT-|AlphaX|MUXNet|RandWire"),
    ("DPN", r"\bDPN"),
    ("Vision transformer", r"ViT|DeiT|BEiT|CaiT|Swin|T2T|TNT|PiT\b|CeiT|XCiT|VOLO|Twins|PVT|CvT|CSWin|ViL\b|HVT|ViP\b|"
                           r"Visformer|NesT|MViT|ResT\b|Conformer|Container|GLiT|AutoFormer|DAT-|CoAtNet|Perceiver"),
    ("MLP", r"MLP"),
    ("Inception", r"Inception|Xception"),
    ("MobileNet", r"MobileNet|GhostNet|ESPNet"),
    ("VGG", r"VGG"),
)
_PATTERNS = tuple((name, re.compile(pattern)) for name, pattern in FAMILIES)
MIN_FAMILY_ROWS = 4  # fewer usable models in a family: no fit
FAMILY_COLUMNS = ["family", "n", "slope", "slope_se", "slope_lo", "slope_hi", "r2", "k", "k_lo", "k_hi",
                  "estimable", "models"]


def family_of(name: str) -> str | None:
    """The architecture family a model name belongs to (see ``FAMILIES``), or ``None``."""
    for family, pattern in _PATTERNS:
        if pattern.search(str(name)):
            return family
    return None


def family_fits(df: pd.DataFrame, compute: str, level: float = 0.95,
                min_rows: int = MIN_FAMILY_ROWS) -> pd.DataFrame:
    """Polynomial fits within each family with at least ``min_rows`` usable rows (``FAMILY_COLUMNS``).

    ``estimable`` is the book's rule on the slope's ``level`` interval; ``models`` lists the labels.
    """
    rows = usable(df, compute).copy()
    rows["family"] = rows["model"].map(family_of)
    out = []
    for family, _ in FAMILIES:
        sub = rows[rows["family"] == family]
        if len(sub) < min_rows:
            continue
        fit = fit_ols(sub, forms.PAPER_FORM, compute)
        lo, hi = slope_interval(fit, level)
        k_lo, k_hi = k_interval(fit, level)
        out.append({"family": family, "n": fit.n, "slope": fit.slope, "slope_se": fit.slope_se,
                    "slope_lo": lo, "slope_hi": hi, "r2": fit.r2, "k": fit.k if fit.k is not None else np.nan,
                    "k_lo": k_lo, "k_hi": k_hi, "estimable": slope_estimable(lo, hi),
                    "models": "; ".join(sub["label"])})
    return pd.DataFrame(out, columns=FAMILY_COLUMNS).astype({"n": int, "estimable": bool})

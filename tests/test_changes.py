"""What a change moved (issue 27, item 3): two builds' headline answers side by side (``changes.csv``, the front
page's table, ``compute_limits compare A B``)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from compute_limits.analysis.changes import CHANGES, compare, summary
from compute_limits.pipeline import cli as cli_module
from compute_limits.report.changes import moved, text

COLUMNS = ["quantity", "benchmark", "metric", "target_error", "model_set", "form", "scenario", "value", "lo", "hi",
           "unit", "interval", "level", "estimable", "chapter", "label", "preferred"]


def headlines(rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=COLUMNS)


def row(quantity, target, value, lo, hi, form="polynomial", model_set="all", estimable=True, preferred=True,
        unit="log10 FLOP"):
    return [quantity, "imagenet", "top1", target, model_set, form, np.nan, value, lo, hi, unit, "calibration interval",
            0.95, estimable, "future_costs", "x", preferred]


PUBLISHED = headlines([row("log10_flops", 0.05, 26.1, 24.9, 27.4), row("log10_flops", 0.03, 28.5, 27.0, 30.1),
                       row("log10_flops", 0.05, 27.0, 25.0, 29.0, form="exponential", preferred=False),
                       row("log10_flops", 0.449, 25.0, 24.0, 26.0, model_set="v1")])
CURRENT = headlines([row("log10_flops", 0.05, 25.9, 24.9, 27.4), row("log10_flops", 0.03, 28.5, 27.0, 30.1),
                     row("log10_flops", 0.05, 27.0, 25.0, 29.5, form="exponential", preferred=False),
                     row("log10_flops", 0.539, 25.5, 24.5, 26.5, model_set="v1")])


# ---------------------------------------------------------------- compare


def test_compare_sets_each_question_beside_the_other_builds():
    table = compare(PUBLISHED, CURRENT)
    by = dict(zip(table["question"], table["change"]))
    assert by == {"log10_flops:imagenet/top1@0.05:all:polynomial": "changed",  # the value moved
                  "log10_flops:imagenet/top1@0.03:all:polynomial": "unchanged",
                  "log10_flops:imagenet/top1@0.05:all:exponential": "changed",  # only the upper end moved
                  "log10_flops:imagenet/top1@0.449:v1:polynomial": "only published",
                  "log10_flops:imagenet/top1@0.539:v1:polynomial": "only this build"}
    first = table.iloc[0]
    assert (first["published_value"], first["value"], first["published_lo"], first["hi"]) == (26.1, 25.9, 24.9, 27.4)
    new = table[table["change"] == "only this build"].iloc[0]
    assert np.isnan(new["published_value"]) and new["value"] == 25.5
    assert set(table["change"]) <= set(CHANGES)
    assert compare(None, CURRENT) is None  # no published edition: nothing to compare with
    assert (compare(PUBLISHED, PUBLISHED)["change"] == "unchanged").all()


def test_compare_uses_question_ids_when_both_builds_have_them():
    a, b = PUBLISHED.assign(question=["q1", "q2", "q3", "q4"]), CURRENT.assign(question=["q1", "q2", "q3", "q4"])
    table = compare(a, b)
    assert list(table["question"]) == ["q1", "q2", "q3", "q4"]  # the v1 target moved, the question did not
    assert list(table["change"]) == ["changed", "unchanged", "changed", "changed"]
    with pytest.raises(ValueError, match="two published headline rows"):
        compare(pd.concat([a, a.iloc[:1]]), b)


def test_estimability_counts_as_a_change():
    table = compare(PUBLISHED.iloc[:1], headlines([row("log10_flops", 0.05, 26.1, 24.9, 27.4, estimable=False)]))
    assert list(table["change"]) == ["changed"]


def test_summary_and_the_front_page_table():
    table = compare(PUBLISHED, CURRENT)
    s = summary(table, {"published": {"commit": "0123456789abcdef-dirty", "built_at": "2026-12-07 18:00 UTC",
                                      "changes": []}})
    assert (s.rows, s.changed, s.unchanged, s.only_published, s.only_this_build) == (5, 2, 1, 1, 1)
    assert s.any_moved and not s.none_moved and s.shown == 3  # the exponential row is not quoted by default
    assert s.published_commit == "0123456789ab-dirty"
    shown = moved(table)
    assert list(shown["Change"]) == ["changed", "only published", "only this build"]
    assert "10²⁶·¹ FLOP" in shown["Published"].iloc[0] and "10²⁵·⁹ FLOP" in shown["This build"].iloc[0]
    assert shown["Published"].iloc[2] == "—"
    by_hand = summary(table, {"published": {"commit": "unknown", "built_at": "", "changes": [
        {"kind": "parameter", "name": "replications", "value": "20"}, {"kind": "parameter", "name": "level", "value": "0.9"}]}})
    assert by_hand.published_by_hand and by_hand.published_changes == "replications = 20; level = 0.9"
    assert not s.published_by_hand
    none = summary(None, {"published": None})
    assert none.is_variant and not none.has_published


def test_compare_command_prints_what_differs(tmp_path, capsys):
    a, b = tmp_path / "a", tmp_path / "b"
    for folder, frame in ((a, PUBLISHED), (b, CURRENT)):
        folder.mkdir()
        frame.to_csv(folder / "headlines.csv", index=False)
    assert cli_module.main(["compare", str(a), str(b), "--csv", str(tmp_path / "out.csv")]) == 0
    out = capsys.readouterr().out
    assert "changed     log10_flops:imagenet/top1@0.05:all:polynomial" in out
    assert "A: 10²⁶·¹ FLOP (10²⁴·⁹–10²⁷·⁴ FLOP)" in out and "B: 10²⁵·⁹ FLOP (10²⁴·⁹–10²⁷·⁴ FLOP)" in out
    assert "only in A" in out and "only in B" in out and "@0.03" not in out  # unchanged rows only with --all
    assert "2 changed, 1 unchanged, 1 only in A, 1 only in B (of 5 headline rows)" in out
    assert list(pd.read_csv(tmp_path / "out.csv")["change"]) == list(compare(PUBLISHED, CURRENT)["change"])
    assert cli_module.main(["compare", str(a), str(b), "--all"]) == 0
    assert "@0.03" in capsys.readouterr().out
    assert cli_module.main(["compare", str(a), str(tmp_path)]) == 2
    assert "holds no headlines.csv" in capsys.readouterr().err
    assert "changed" in text(compare(PUBLISHED, CURRENT))

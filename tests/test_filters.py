"""Sample filters: a declared choice of which models a benchmark's fits use (the ``filters`` parameter)."""

from __future__ import annotations

import pytest

from compute_limits.config import load_benchmarks
from compute_limits.data.benchmarks import load_all
from compute_limits.errors import ConfigError
from compute_limits.pipeline.registry import load_jobs


def imagenet(filters):
    cfg = load_benchmarks(filters=filters)["imagenet"]
    return cfg, load_all({"imagenet": cfg})["imagenet"]


def test_a_filter_keeps_the_models_it_names_and_counts_the_others():
    _, every = imagenet(None)
    cfg, kept = imagenet({"imagenet": {"empty": ["pretraining_dataset"], "leave_out": ["AlexNet"]}})
    blank = every["pretraining_dataset"].isna() | (every["pretraining_dataset"].astype(str).str.strip() == "")
    assert len(kept) == int((blank & (every["model"] != "AlexNet")).sum()) < len(every)
    assert kept["pretraining_dataset"].isna().all() and "AlexNet" not in set(kept["model"])
    assert kept.attrs["filtered_out"] == len(every) - len(kept)
    assert cfg.sample_filter.describe() == "models with pretraining_dataset empty, without AlexNet"
    _, filled = imagenet({"imagenet": {"filled": ["pretraining_dataset"]}})
    assert len(filled) + int(blank.sum()) == len(every)


@pytest.mark.parametrize("filters, message", [
    ({"imagenet": {"empty": ["pretraining"]}}, "benchmark 'imagenet' (image-classification-on-imagenet.csv): no column 'pretraining'"),
    ({"imagenet": {"leave_out": ["AlexNet-9"]}}, "no model named 'AlexNet-9' in its model column"),
    ({"imagenett": {"empty": ["year"]}}, "parameter filters: unknown benchmark id 'imagenett'"),
    ({"imagenet": {"keep": ["AlexNet"]}}, "parameter filters: benchmark 'imagenet': keep: Extra inputs are not permitted"),
    ({"imagenet": {}}, "a filter needs leave_out (model names), empty or filled (column names)"),
])
def test_a_filter_that_cannot_be_honoured_is_one_clear_error(filters, message):
    with pytest.raises(ConfigError) as err:
        imagenet(filters)
    assert message in str(err.value) and "\n" not in str(err.value)


def test_the_pipeline_checks_a_filter_before_anything_runs():
    """A filter is checked with the other parameters, against the file it filters, before any chapter runs."""
    with pytest.raises(ConfigError, match="no column 'pretraining'"):
        load_jobs(["filters={'imagenet':{'empty':['pretraining']}}"])
    jobs = load_jobs(["filters={'imagenet':{'leave_out':['AlexNet']}}"])
    given = {j.id: j.params.get("filters") for j in jobs if "filters" in j.params}
    assert given and all(v == {"imagenet": {"leave_out": ["AlexNet"]}} for v in given.values())

"""Loaders on the real mirrored data and on malformed files the tests write."""

import datetime as dt
import re

import pandas as pd
import pytest

from compute_limits import loaders
from compute_limits.validation import DataValidationError

EXPECTED_MODELS = {"imagenet": 208, "coco": 116, "squad": 41, "conll": 54, "wmt14_en_fr": 42, "wmt14_en_de": 55}


@pytest.mark.parametrize("bench,count", EXPECTED_MODELS.items())
def test_real_benchmark_counts(bench, count):
    df = loaders.load_benchmark(bench)
    assert len(df) == count
    assert df["model"].notna().all()
    assert df["error"].between(0, 1).all() or df["error"].isna().any()
    # the group-label rows and the unnamed row are gone
    assert not (df["model"] == "name").any()


def test_real_imagenet_compute_counts_and_dates():
    df = loaders.load_benchmark("imagenet")
    scored = df["score"].notna()
    assert (scored & df["hardware_burden"].notna()).sum() == 36
    assert (scored & df["network_operations"].notna()).sum() == 77
    assert (scored & df["computing_power"].notna()).sum() == 102
    alexnet = df[df["model"] == "AlexNet"].iloc[0]
    assert alexnet["hardware_burden"] == pytest.approx(1.6e18, rel=0.05)
    resnet = df[(df["model"] == "ResNet-152") & (df["year"] == 2015)].iloc[0]
    assert resnet["month"] == 12 and resnet["date_source"] == "arxiv"
    assert resnet["date"] == pytest.approx(2015 + 11.5 / 12)


def test_epoch_real_counts():
    e = loaders.load_epoch()
    assert len(e) == 1892
    assert e["compute"].notna().sum() == 988
    assert e["date"].min().date() == dt.date(1950, 7, 2)
    assert e["date"].max().date() == dt.date(2025, 6, 10)


def test_hardware_tables():
    assert len(loaders.load_hardware("gpu")) == 500
    assert len(loaders.load_hardware("cpu")) == 1219
    tpu = loaders.load_hardware("tpu")
    assert tpu.set_index("chip").loc["Cloud TPU v3", "gflops"] == 4.2e5


def test_arxiv_dates():
    assert loaders.arxiv_year_month("https://arxiv.org/pdf/2205.01917v1.pdf") == (2022, 5)
    assert loaders.arxiv_year_month("https://arxiv.org/abs/1512.03385") == (2015, 12)
    assert loaders.arxiv_year_month("http://papers.nips.cc/paper/7181") is None


# ----------------------------------------------------------------- malformed input

IMAGENET = loaders.default_path("imagenet")


def _authors_copy(tmp_path, edit):
    """Write a copy of the real ImageNet file with ``edit(df)`` applied to its data rows."""
    raw = pd.read_csv(IMAGENET, dtype=str, keep_default_na=False)
    edit(raw)
    path = tmp_path / "imagenet_user.csv"
    raw.to_csv(path, index=False)
    return path, raw


def _row_of(raw, name):
    return int(raw.index[raw["name"] == name][0]) + 2  # header is line 1


def _messages(err):
    return [str(p) for p in err.value.problems]


def test_user_csv_in_authors_layout_loads(tmp_path):
    path, _ = _authors_copy(tmp_path, lambda raw: None)
    df = loaders.load_benchmark_file(path)
    assert len(df) == 208


def test_missing_column(tmp_path):
    path, _ = _authors_copy(tmp_path, lambda raw: raw.pop("hardware_burden"))
    with pytest.raises(DataValidationError) as err:
        loaders.load_benchmark_file(path)
    assert any("imagenet_user.csv" in m and "'hardware_burden'" in m and "missing" in m for m in _messages(err))


def test_non_numeric_value(tmp_path):
    def edit(raw):
        raw.loc[raw["name"] == "AlexNet", "(TOP 1 score)"] = "sixty"
    path, raw = _authors_copy(tmp_path, edit)
    with pytest.raises(DataValidationError) as err:
        loaders.load_benchmark_file(path)
    row = _row_of(raw, "AlexNet")
    assert f"imagenet_user.csv, row {row}, column 'top1': must be a number (got 'sixty')" in _messages(err)


def test_negative_and_zero_compute(tmp_path):
    def edit(raw):
        raw.loc[raw["name"] == "AlexNet", "hardware_burden"] = "-1e18"
        raw.loc[raw["name"] == "CoCa", "network_operations"] = "0"
    path, raw = _authors_copy(tmp_path, edit)
    with pytest.raises(DataValidationError) as err:
        loaders.load_benchmark_file(path)
    msgs = _messages(err)
    assert any(m.startswith(f"imagenet_user.csv, row {_row_of(raw, 'AlexNet')}, column 'hardware_burden': must be > 0") for m in msgs)
    assert any(m.startswith(f"imagenet_user.csv, row {_row_of(raw, 'CoCa')}, column 'network_operations': must be > 0") for m in msgs)


def test_score_out_of_range(tmp_path):
    def edit(raw):
        raw.loc[raw["name"] == "AlexNet", "(TOP 1 score)"] = "163.1"
    path, raw = _authors_copy(tmp_path, edit)
    with pytest.raises(DataValidationError) as err:
        loaders.load_benchmark_file(path)
    assert any(re.match(rf"imagenet_user.csv, row {_row_of(raw, 'AlexNet')}, column 'top1': score must be between 0 and 100", m)
               for m in _messages(err))


def test_duplicate_model(tmp_path):
    def edit(raw):
        alex = raw[raw["name"] == "AlexNet"]
        raw.loc[len(raw)] = alex.iloc[0]
    path, raw = _authors_copy(tmp_path, edit)
    with pytest.raises(DataValidationError) as err:
        loaders.load_benchmark_file(path)
    last = len(raw) + 1
    assert any(m.startswith(f"imagenet_user.csv, row {last}, column 'model': duplicate model") for m in _messages(err))


def test_future_year(tmp_path):
    def edit(raw):
        raw.loc[raw["name"] == "AlexNet", "year"] = "2099"
    path, raw = _authors_copy(tmp_path, edit)
    with pytest.raises(DataValidationError) as err:
        loaders.load_benchmark_file(path)
    assert any(f"row {_row_of(raw, 'AlexNet')}, column 'year'" in m and "future" in m for m in _messages(err))


def test_all_problems_reported_together(tmp_path):
    def edit(raw):
        raw.loc[raw["name"] == "AlexNet", "(TOP 1 score)"] = "x"
        raw.loc[raw["name"] == "CoCa", "hardware_burden"] = "-5"
    path, _ = _authors_copy(tmp_path, edit)
    with pytest.raises(DataValidationError) as err:
        loaders.load_benchmark_file(path)
    assert len(err.value.problems) == 2


def test_tidy_layout(tmp_path):
    path = tmp_path / "tidy.csv"
    path.write_text("model,date,score,compute\nA,2019-05,70.5,1e19\nB,2020,75,2e20\n")
    df = loaders.load_benchmark_file(path)
    assert list(df["model"]) == ["A", "B"]
    assert df.loc[0, "date"] == pytest.approx(2019 + 4.5 / 12)
    assert df.loc[1, "date"] == pytest.approx(2020.5)
    assert df.loc[1, "hardware_burden"] == 2e20


@pytest.mark.parametrize("body,expect", [
    ("model,date,score\nA,2019,70\n", "column 'compute': required column is missing"),
    ("model,date,score,compute\nA,2019,seventy,1e19\n", "row 2, column 'score': must be a number"),
    ("model,date,score,compute\nA,2019,70,0\n", "row 2, column 'compute': must be > 0"),
    ("model,date,score,compute\nA,2999-01-01,70,1e19\n", "row 2, column 'date': must not be in the future"),
    ("model,date,score,compute\nA,2019,70,1e19\nA,2019,71,1e19\n", "row 3, column 'model': duplicate model"),
])
def test_tidy_layout_errors(tmp_path, body, expect):
    path = tmp_path / "tidy.csv"
    path.write_text(body)
    with pytest.raises(DataValidationError) as err:
        loaders.load_benchmark_file(path)
    assert any(expect in m for m in _messages(err)), _messages(err)


def test_epoch_missing_required_column(tmp_path):
    path = tmp_path / "epoch.csv"
    path.write_text("Model,Publication date\nA,2020-01-01\n")
    with pytest.raises(DataValidationError) as err:
        loaders.load_epoch(path)
    assert "column 'Training compute (FLOP)': required column is missing" in str(err.value)


def test_epoch_renamed_columns(tmp_path):
    path = tmp_path / "epoch.csv"
    path.write_text("System,Publication date,Training compute (FLOP),Training dataset size (total)\nA,2020-01-01,1e20,5\n")
    df = loaders.load_epoch(path)
    assert df.loc[0, "model"] == "A" and df.loc[0, "dataset_size"] == 5


def test_data_readme_lists_the_manifest_checksums():
    text = (loaders.paths.DATA / "README.md").read_text()
    manifest = loaders.read_manifest()
    for _, row in manifest.iterrows():
        assert f"| {row['id']} | {row['sha256']} |" in text, row["id"]


def test_benchmark_config_errors(tmp_path):
    from compute_limits.validation import ConfigError

    bad = tmp_path / "b.toml"
    bad.write_text('[[benchmark]]\nid = "x"\nname = "X"\n')
    with pytest.raises(ConfigError, match="missing key"):
        loaders.load_benchmark_configs(bad)
    bad.write_text('[[benchmark]]\nid = "x"\nname = "X"\ntask = "t"\ndata = "d"\nmetric = "top1"\n'
                   'metric_label = "m"\ncompute = "hardware_burden"\ntargets = [1.5]\n')
    with pytest.raises(ConfigError, match="targets"):
        loaders.load_benchmark_configs(bad)

"""Loaders on the real mirrored data, and every kind of bad file a user can pass (issue 12.1)."""

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from compute_limits.config import load_benchmarks
from compute_limits.data import benchmarks as bm, epoch, hardware, paths, schemas
from compute_limits.data.epoch import load_epoch
from compute_limits.data.csv_text import read_csv_text
from compute_limits.data.hardware import load_all_hardware, load_hardware
from compute_limits.data.manifest import default_path
from compute_limits.data.validate import check_inputs
from compute_limits.errors import DataValidationError

EXPECTED_MODELS = {"imagenet": 208, "coco": 116, "squad": 41, "conll": 54, "wmt14_en_fr": 42, "wmt14_en_de": 55}


@pytest.fixture(scope="module")
def tables():
    return bm.load_all(load_benchmarks())


@pytest.mark.parametrize("bench,count", EXPECTED_MODELS.items())
def test_real_benchmark_counts(tables, bench, count):
    df = tables[bench]
    assert len(df) == count
    assert df["model"].notna().all() and not (df["model"] == "name").any()
    scored = df["error"].dropna()
    assert scored.between(0, 1).all() and len(scored) > 0


def test_real_imagenet_compute_counts_and_dates(tables):
    df = tables["imagenet"]
    scored = df["score"].notna()
    assert (scored & df["hardware_burden"].notna()).sum() == 36
    assert (scored & df["network_operations"].notna()).sum() == 77
    assert (scored & df["computing_power"].notna()).sum() == 102
    alexnet = df[df["model"] == "AlexNet"].iloc[0]
    assert alexnet["hardware_burden"] == pytest.approx(1.6e18, rel=0.05)
    resnet = df[(df["model"] == "ResNet-152") & (df["year"] == 2015)].iloc[0]
    assert resnet["month"] == 12 and resnet["date_source"] == "arxiv"
    assert resnet["date"] == pytest.approx(2015 + 11.5 / 12)


def count_parses(monkeypatch, *modules) -> list:
    """The files the given loader modules parse (each parse starts by reading the CSV text)."""
    parsed = []
    for module in modules:
        real = module.read_csv_text
        monkeypatch.setattr(module, "read_csv_text", lambda p, *a, _real=real, **k: parsed.append(p) or _real(p, *a, **k))
    return parsed


def test_selected_metric_changes_score():
    top5 = bm.load_benchmark(load_benchmarks(metrics={"imagenet": "top5"})["imagenet"])
    assert top5["score"].notna().sum() == 107 and (top5["score"] == top5["top5"]).sum() == 107


def test_shared_data_file_read_once(tmp_path, monkeypatch):
    """Two entries on one file yield two tables from one read."""
    calls = count_parses(monkeypatch, bm)
    monkeypatch.setattr(bm, "_READ", {})
    monkeypatch.setattr(paths, "CACHE", tmp_path / "cache")  # an empty computation cache
    cfg = load_benchmarks()["imagenet"]
    twin = cfg.model_copy(update={"id": "imagenet_top5", "metric": "top5"})
    out = bm.load_all({"imagenet": cfg, "imagenet_top5": twin})
    assert len(calls) == 1 and set(out) == {"imagenet", "imagenet_top5"}
    assert out["imagenet_top5"]["score"].notna().sum() == 107


def test_a_file_is_read_again_only_when_it_changes_and_callers_get_their_own_copy(tmp_path, monkeypatch):
    """The pipeline's kernels run several chapters: an unchanged file is parsed once per process, an edited
    one is read again, and a chapter that modifies its table does not change the next chapter's."""
    calls = count_parses(monkeypatch, bm)
    monkeypatch.setattr(bm, "_READ", {})
    monkeypatch.setattr(paths, "CACHE", tmp_path / "cache")
    cfg = load_benchmarks()["imagenet"]
    user = tmp_path / "imagenet.csv"
    user.write_bytes(bm.resolve(cfg.data).read_bytes())
    first = bm.load_all({"imagenet": cfg}, {"imagenet": str(user)})["imagenet"]
    first.loc[:, "score"] = -1.0
    first.loc[:, "model"] = "changed"
    second = bm.load_all({"imagenet": cfg}, {"imagenet": str(user)})["imagenet"]
    assert len(calls) == 1 and len(second) == 208 and (second["score"].dropna() >= 0).all()
    assert not (second["model"] == "changed").any()
    lines = user.read_text().splitlines(keepends=True)
    user.write_text("".join(lines[:-1]))  # a user edits the file: one model fewer
    third = bm.load_all({"imagenet": cfg}, {"imagenet": str(user)})["imagenet"]
    assert len(calls) == 2 and len(third) == 207 and len(bm._READ) == 1  # the edited file replaced the old


def test_a_new_process_reads_a_parsed_file_from_the_cache_until_the_file_changes(tmp_path, monkeypatch):
    """Each kernel is a new process: the parsed benchmark and Epoch tables are kept in the computation cache
    under the file's sha256, so only the first kernel to read a file parses it, and an edit parses it again."""
    monkeypatch.setattr(paths, "CACHE", tmp_path / "cache")
    parsed = count_parses(monkeypatch, bm, epoch)
    cfg = load_benchmarks()["imagenet"]
    user, epoch_file = tmp_path / "imagenet.csv", tmp_path / "epoch.csv"
    user.write_bytes(bm.resolve(cfg.data).read_bytes())
    epoch_file.write_bytes(default_path("epoch").read_bytes())
    tables = []
    for _ in range(2):  # two "processes": nothing remembered in memory
        monkeypatch.setattr(bm, "_READ", {})
        tables.append((bm.load_all({"imagenet": cfg}, {"imagenet": str(user)})["imagenet"], load_epoch(epoch_file)))
    assert len(parsed) == 2  # each file parsed once
    pd.testing.assert_frame_equal(tables[0][0], tables[1][0])
    pd.testing.assert_frame_equal(tables[0][1], tables[1][1])
    assert tables[1][1].attrs == tables[0][1].attrs
    user.write_text("".join(user.read_text().splitlines(keepends=True)[:-1]))
    monkeypatch.setattr(bm, "_READ", {})
    assert len(bm.load_all({"imagenet": cfg}, {"imagenet": str(user)})["imagenet"]) == 207 and len(parsed) == 3


def test_a_hardware_table_is_parsed_once_and_again_when_its_file_changes(tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "CACHE", tmp_path / "cache")
    parsed = count_parses(monkeypatch, hardware)
    gpu = tmp_path / "gpu.csv"
    gpu.write_bytes(default_path("hw_gpu").read_bytes())
    first, second = load_hardware("gpu", gpu), load_hardware("gpu", gpu)
    pd.testing.assert_frame_equal(first, second)
    assert len(parsed) == 1 and second.attrs == first.attrs
    gpu.write_text("".join(gpu.read_text().splitlines(keepends=True)[:-1]))
    assert len(load_hardware("gpu", gpu)) == len(first) - 1 and len(parsed) == 2


def test_epoch_real_counts():
    e = load_epoch()
    assert len(e) == 1892
    assert e["compute"].notna().sum() == 988
    assert e["date"].min().date() == dt.date(1950, 7, 2)
    assert e["date"].max().date() == dt.date(2025, 6, 10)
    assert e.attrs["skipped_no_date"] == 0


def test_hardware_tables(tmp_path):
    assert {kind: len(table) for kind, table in load_all_hardware().items()} == {"gpu": 500, "cpu": 1219, "tpu": 6}
    user_gpu = tmp_path / "gpu.csv"  # a user's GPU table, one chip fewer: the other two stay the manifest's
    user_gpu.write_text("".join(default_path("hw_gpu").read_text().splitlines(keepends=True)[:-1]))
    assert {kind: len(table) for kind, table in load_all_hardware({"hw_gpu": str(user_gpu)}).items()} == \
        {"gpu": 499, "cpu": 1219, "tpu": 6}
    assert len(load_hardware("gpu")) == 500
    assert len(load_hardware("cpu")) == 1219
    assert load_hardware("tpu").set_index("chip").loc["Cloud TPU v3", "gflops"] == 4.2e5


def test_arxiv_dates():
    assert bm.arxiv_year_month("https://arxiv.org/pdf/2205.01917v1.pdf") == (2022, 5)
    assert bm.arxiv_year_month("https://arxiv.org/abs/1512.03385") == (2015, 12)
    assert bm.arxiv_year_month("http://papers.nips.cc/paper/7181") is None


# ----------------------------------------------------------------- the authors' layout, edited

IMAGENET = default_path("imagenet")


def _authors_copy(tmp_path, edit):
    raw = pd.read_csv(IMAGENET, dtype=str, keep_default_na=False)
    edit(raw)
    path = tmp_path / "imagenet_user.csv"
    raw.to_csv(path, index=False)
    return path, raw


def _row_of(raw, name):
    return int(raw.index[raw["name"] == name][0]) + 2  # header is line 1


def _messages(err):
    return [str(p) for p in err.value.problems]


def test_authors_layout_copy_loads(tmp_path):
    path, _ = _authors_copy(tmp_path, lambda raw: None)
    assert len(bm.load_benchmark_file(path)) == 208


def test_missing_column(tmp_path):
    path, _ = _authors_copy(tmp_path, lambda raw: raw.pop("hardware_burden"))
    with pytest.raises(DataValidationError) as err:
        bm.load_benchmark_file(path)
    assert _messages(err) == ["imagenet_user.csv, column 'hardware_burden': required column is missing"]


def test_non_numeric_and_non_positive_values(tmp_path):
    def edit(raw):
        raw.loc[raw["name"] == "AlexNet", "(TOP 1 score)"] = "sixty"
        raw.loc[raw["name"] == "CoCa", "network_operations"] = "0"
        raw.loc[raw["name"] == "VGG-19", "hardware_burden"] = "inf"
    path, raw = _authors_copy(tmp_path, edit)
    with pytest.raises(DataValidationError) as err:
        bm.load_benchmark_file(path)
    msgs = _messages(err)
    assert f"imagenet_user.csv, row {_row_of(raw, 'AlexNet')}, column 'top1': must be a number (got 'sixty')" in msgs
    assert any(m.startswith(f"imagenet_user.csv, row {_row_of(raw, 'CoCa')}, column 'network_operations': must be > 0")
               for m in msgs)
    assert any(m.startswith(f"imagenet_user.csv, row {_row_of(raw, 'VGG-19')}, column 'hardware_burden': must be at most")
               for m in msgs)


def test_score_range_duplicate_and_future_year(tmp_path):
    def edit(raw):
        raw.loc[raw["name"] == "AlexNet", "(TOP 1 score)"] = "163.1"
        raw.loc[raw["name"] == "VGG-19", "year"] = "2099"
        raw.loc[len(raw)] = raw[raw["name"] == "CoCa"].iloc[0]
    path, raw = _authors_copy(tmp_path, edit)
    with pytest.raises(DataValidationError) as err:
        bm.load_benchmark_file(path)
    msgs = _messages(err)
    assert any(m.startswith(f"imagenet_user.csv, row {_row_of(raw, 'AlexNet')}, column 'top1': must be a score") for m in msgs)
    assert any(f"row {_row_of(raw, 'VGG-19')}, column 'year': must not be in the future" in m for m in msgs)
    assert any(m.startswith(f"imagenet_user.csv, row {len(raw) + 1}, column 'model': duplicate model") for m in msgs)


# ----------------------------------------------------------------- tidy files and unreadable files


def tidy(path, rows, header="model,date,score,compute"):
    path.write_text(header + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def good_rows(n=12):
    return [f"Net-{i},{2013 + i % 9}-0{1 + i % 9},{60 + i},{10 ** (17 + i / 3):.3e}" for i in range(n)]


def test_tidy_file_loads(tmp_path):
    df = bm.load_benchmark_file(tidy(tmp_path / "t.csv", good_rows()))
    assert len(df) == 12 and df["layout"].eq("tidy").all() and df["hardware_burden"].gt(0).all()


@pytest.mark.parametrize("cell,column,rule", [
    ("inf", "compute", "must be at most 1e32"),
    ("-1", "compute", "must be > 0"),
    ("lots", "compute", "must be a number"),
    ("", "compute", "must not be empty"),
])
def test_tidy_bad_compute(tmp_path, cell, column, rule):
    rows = good_rows()
    rows[3] = f"Bad,2016-05,70,{cell}"
    with pytest.raises(DataValidationError) as err:
        bm.load_benchmark_file(tidy(tmp_path / "t.csv", rows))
    assert any(m.startswith(f"t.csv, row 5, column '{column}': {rule}") for m in _messages(err))


def test_tidy_future_date_and_duplicate(tmp_path):
    rows = good_rows() + ["Net-1,2016-02,70,1e19", "Later,2999-01,80,1e20"]
    with pytest.raises(DataValidationError) as err:
        bm.load_benchmark_file(tidy(tmp_path / "t.csv", rows))
    msgs = _messages(err)
    assert any("row 14, column 'model': duplicate model" in m for m in msgs)
    assert any("row 15, column 'date': must not be in the future" in m for m in msgs)


@pytest.mark.parametrize("content,rule", [
    (b"", "file is empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a text file"),
    ("model,date,score,compute\nR\xe9seau,2015,70,1e18\n".encode("latin-1"), "not UTF-8 text"),
    (b"model;date;score;compute\nA;2015;70;1e18\n", "separated by semicolons"),
    (b"model,date,score,compute\n", "has a header but no data rows"),
    (b"model,date,score,compute\nA,2015,70,1e18,extra,more\n", "row has 6 fields but the header has 4"),
])
def test_unreadable_files_get_one_message(tmp_path, content, rule):
    path = tmp_path / "user.csv"
    path.write_bytes(content)
    with pytest.raises(DataValidationError) as err:
        read_csv_text(path)
    assert len(err.value.problems) == 1 and rule in str(err.value.problems[0])
    assert str(err.value.problems[0]).startswith("user.csv")


def test_directory_and_missing_file(tmp_path):
    with pytest.raises(DataValidationError, match="is a directory"):
        read_csv_text(tmp_path)
    with pytest.raises(DataValidationError, match="file not found"):
        read_csv_text(tmp_path / "absent.csv")


def test_validation_counts_usable_rows(tmp_path):
    """A valid file with too few usable rows is refused at validation, naming the minimum."""
    few = tidy(tmp_path / "few.csv", good_rows(bm.MIN_USABLE_ROWS - 1))
    with pytest.raises(DataValidationError) as err:
        check_inputs({"imagenet": str(few)})
    msg = str(err.value)
    assert f"has {bm.MIN_USABLE_ROWS - 1} models with both a top1 score and compute" in msg
    assert f"at least {bm.MIN_USABLE_ROWS}" in msg


def test_validation_checks_every_configured_input():
    checked = check_inputs()
    keys = [c.key for c in checked]
    assert keys[:6] == list(EXPECTED_MODELS) and {"epoch", "hw_gpu", "hw_cpu", "hw_tpu"} <= set(keys)
    assert "102 with score and compute" in checked[0].what


def test_validation_reports_each_problem_once(tmp_path):
    """Two benchmark entries reading one bad file: its problems are listed once."""
    rows = good_rows()
    rows[0] = "Bad,2015,70,-5"
    bad = tidy(tmp_path / "bad.csv", rows)
    with pytest.raises(DataValidationError) as err:
        check_inputs({"imagenet": str(bad), "coco": str(bad)})
    msgs = [str(p) for p in err.value.problems]
    assert len(msgs) == len(set(msgs)) and sum("row 2, column 'compute'" in m for m in msgs) == 1


def test_unknown_data_id(tmp_path):
    with pytest.raises(DataValidationError, match="unknown data id 'cifar'"):
        check_inputs({"cifar": str(tidy(tmp_path / "c.csv", good_rows()))})


def test_epoch_export_with_renamed_columns_and_missing_dates(tmp_path):
    path = tmp_path / "epoch_new.csv"
    pd.DataFrame({
        "Organisation": ["A", "B", "C"], "System": ["X", "Y", "Z"],
        "publication date": ["2020-01-05", "", "2021-03-01"],
        "Training Compute (FLOP)": ["1e22", "3e23", ""], "New column": ["", "", ""],
    }).to_csv(path, index=False)
    df = load_epoch(path)
    assert list(df["model"]) == ["X", "Z"] and df.attrs["skipped_no_date"] == 1
    assert df.attrs["rows_without_compute"] == 1


def test_epoch_export_missing_required_column(tmp_path):
    path = tmp_path / "epoch_bad.csv"
    pd.DataFrame({"Model": ["X"], "Publication date": ["2020-01-01"]}).to_csv(path, index=False)
    with pytest.raises(DataValidationError) as err:
        load_epoch(path)
    assert "Training compute (FLOP)" in str(err.value) and "accepted names" in str(err.value)


def test_numeric_cells_accept_spaces_separators_and_dollars_and_name_the_rest():
    """Plain numbers parse directly; the other cells go through the string rules (spaces, ',' and '$'
    dropped; '', '-', 'nan' empty): both paths give the same numbers, and only real non-numbers are problems."""
    cells = ["12", " 12 ", "1,000", "$5", "-", "", "nan", "sixty", "1e3", None, "2.5"]
    df = pd.DataFrame({"x": pd.Series(cells, dtype=object)})
    found = []
    out = schemas.numeric(df, ["x"], "f.csv", 2, found)
    expected = [12, 12, 1000, 5, np.nan, np.nan, np.nan, np.nan, 1000, np.nan, 2.5]
    np.testing.assert_array_equal(out["x"].to_numpy(), np.array(expected, dtype=float))
    assert out["x"].dtype == float
    assert [(p.row, p.column, p.rule, p.value) for p in found] == [(9, "x", "must be a number", "sixty")]

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
    """1,892 rows, one system listed twice: P-LLama3 on lines 3215 and 3261 (its rows span several lines each).
    The second has no training compute and no other number that differs, so it is merged into the first."""
    e = load_epoch()
    assert len(e) == 1891
    assert e["compute"].notna().sum() == 988
    assert e["date"].min().date() == dt.date(1950, 7, 2)
    assert e["date"].max().date() == dt.date(2025, 6, 10)
    assert e.attrs["skipped_no_date"] == 0
    [note] = e.attrs["repeats"]
    assert (note.row, note.column, note.value) == (3261, "Model", "P-LLama3")
    assert "repeats line 3215 (same Model and Publication date)" in note.rule and "Task" in note.rule
    llama = e[e["model"] == "P-LLama3"]
    assert len(llama) == 1 and llama["source_row"].item() == 3215 and llama["compute"].item() == pytest.approx(7.2e23, rel=1e-3)


def test_hardware_tables(tmp_path):
    """cpu.csv's 1,219 rows list two chips twice in one (unknown) year, the second time only with another
    spelling of the code name (Cedar Mill, Cedarmill), which the book does not read: merged, 1,217 chips."""
    assert {kind: len(table) for kind, table in load_all_hardware().items()} == {"gpu": 500, "cpu": 1217, "tpu": 6}
    user_gpu = tmp_path / "gpu.csv"  # a user's GPU table, one chip fewer: the other two stay the manifest's
    user_gpu.write_text("".join(default_path("hw_gpu").read_text().splitlines(keepends=True)[:-1]))
    assert {kind: len(table) for kind, table in load_all_hardware({"hw_gpu": str(user_gpu)}).items()} == \
        {"gpu": 499, "cpu": 1217, "tpu": 6}
    assert len(load_hardware("gpu")) == 500 and load_hardware("gpu").attrs["repeats"] == []
    cpu = load_hardware("cpu")
    assert len(cpu) == 1217
    assert [(n.row, n.value) for n in cpu.attrs["repeats"]] == [(1156, "Intel Celeron D 347"), (1208, "Intel Celeron D 365")]
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
    assert f"imagenet_user.csv, line {_row_of(raw, 'AlexNet')}, column 'top1': must be a number (got 'sixty')" in msgs
    assert any(m.startswith(f"imagenet_user.csv, line {_row_of(raw, 'CoCa')}, column 'network_operations': must be > 0")
               for m in msgs)
    assert any(m.startswith(f"imagenet_user.csv, line {_row_of(raw, 'VGG-19')}, column 'hardware_burden': must be at most")
               for m in msgs)


def test_score_range_conflicting_duplicate_and_future_year(tmp_path):
    def edit(raw):
        raw.loc[raw["name"] == "AlexNet", "(TOP 1 score)"] = "163.1"
        raw.loc[raw["name"] == "VGG-19", "year"] = "2099"
        raw.loc[len(raw)] = raw[raw["name"] == "CoCa"].iloc[0]
        raw.loc[len(raw) - 1, "(TOP 1 score)"] = "80.0"  # CoCa again, same paper, another score
    path, raw = _authors_copy(tmp_path, edit)
    with pytest.raises(DataValidationError) as err:
        bm.load_benchmark_file(path)
    msgs = _messages(err)
    assert any(m.startswith(f"imagenet_user.csv, line {_row_of(raw, 'AlexNet')}, column 'top1': must be a score") for m in msgs)
    assert any(f"line {_row_of(raw, 'VGG-19')}, column 'year': must not be in the future" in m for m in msgs)
    assert f"imagenet_user.csv, line {len(raw) + 1}, column 'top1': repeats line {_row_of(raw, 'CoCa')} (same model " \
           f"and paper_link) with another value; line {_row_of(raw, 'CoCa')} has 91 (got 80)" in msgs


def test_an_exact_repeat_in_the_authors_layout_is_merged_and_reported(tmp_path):
    path, raw = _authors_copy(tmp_path, lambda raw: raw.loc.__setitem__(len(raw), raw[raw["name"] == "CoCa"].iloc[0]))
    df = bm.load_benchmark_file(path)
    assert len(df) == 208 and (df["model"] == "CoCa").sum() == 1
    [note] = df.attrs["repeats"]
    assert str(note) == (f"imagenet_user.csv, line {len(raw) + 1}, column 'model': repeats line {_row_of(raw, 'CoCa')} "
                         f"(same model and paper_link) and no number or date differs: merged into line "
                         f"{_row_of(raw, 'CoCa')} (got 'CoCa')")


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
    assert any(m.startswith(f"t.csv, line 5, column '{column}': {rule}") for m in _messages(err))
    assert len(_messages(err)) == 1  # a cell that is not a number is not also called empty


def test_tidy_future_date_and_conflicting_duplicate(tmp_path):
    rows = good_rows() + ["Net-1,2016-02,70,1e19", "Later,2999-01,80,1e20"]
    with pytest.raises(DataValidationError) as err:
        bm.load_benchmark_file(tidy(tmp_path / "t.csv", rows))
    msgs = _messages(err)
    assert "t.csv, line 14, column 'score': repeats line 3 (same model) with another value; line 3 has 61 (got 70)" in msgs
    assert any(m.startswith("t.csv, line 14, column 'compute': repeats line 3 (same model) with another value")
               for m in msgs)
    assert any("line 14, column 'date': repeats line 3" in m for m in msgs)
    assert any("line 15, column 'date': must not be in the future" in m for m in msgs)


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
    assert len(msgs) == len(set(msgs)) and sum("line 2, column 'compute'" in m for m in msgs) == 1


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
    df.index = df.index + 2  # a table's index is the line each row starts on
    out = schemas.numeric(df, ["x"], "f.csv", found)
    expected = [12, 12, 1000, 5, np.nan, np.nan, np.nan, np.nan, 1000, np.nan, 2.5]
    np.testing.assert_array_equal(out["x"].to_numpy(), np.array(expected, dtype=float))
    assert out["x"].dtype == float
    assert [(p.row, p.column, p.rule, p.value) for p in found] == [(9, "x", "must be a number", "sixty")]


# ----------------------------------------------------------------- lines as an editor counts them (issue 27.6)


MULTILINE = (  # a model name on two lines (lines 3-4): the bad value on line 7 is the sixth record
    'model,date,score,compute\n'
    'Net-0,2013-01,60,1e17\n'
    '"Net-1\n(a note on two lines)",2014-02,61,2e17\n'
    'Net-2,2015-03,62,3e17\n'
    'Net-3,2016-04,63,4e17\n'
    'Net-4,2017-05,64,lots\n'
    + "".join(f"Net-{i},20{10 + i}-01,{60 + i},{i}e18\n" for i in range(5, 12))
)


def test_a_problem_names_the_line_after_a_field_that_spans_lines(tmp_path):
    with pytest.raises(DataValidationError) as err:
        bm.load_benchmark_file(tidy_text(tmp_path / "multi.csv", MULTILINE))
    assert _messages(err) == ["multi.csv, line 7, column 'compute': must be a number (got 'lots')"]
    with pytest.raises(DataValidationError) as err:  # and so does validate, which make book runs first
        check_inputs({"imagenet": str(tmp_path / "multi.csv")})
    assert str(err.value).splitlines()[1:] == ["multi.csv, line 7, column 'compute': must be a number (got 'lots')"]


def tidy_text(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def test_source_rows_are_lines_and_blank_lines_count(tmp_path):
    """Blank lines (also one before the header, and lines of spaces) are skipped but counted; CRLF line ends
    and a spreadsheet's empty trailing fields change nothing."""
    text = "\r\n" + MULTILINE.replace("lots", "5e17").replace("Net-2,", "\r\n   \r\nNet-2,").replace("\n", "\r\n")
    text = text.replace("Net-0,2013-01,60,1e17\r\n", "Net-0,2013-01,60,1e17,,\r\n")
    df = bm.load_benchmark_file(tidy_text(tmp_path / "crlf.csv", text))
    lines = text.split("\n")
    assert list(df["source_row"][:4]) == [3, 4, 8, 9]
    for line, model in zip(df["source_row"], df["model"]):
        assert lines[line - 1].startswith(model.split("\n")[0]) or lines[line - 1].startswith('"' + model.split("\n")[0])
    assert df.loc[0, "hardware_burden"] == 1e17 and df.loc[0, "model"] == "Net-0"  # columns not shifted by ",,"


def test_the_raw_files_read_as_pandas_reads_them():
    """Every pinned file gives the table pandas' own parser gives (so results cannot change), indexed by lines."""
    for data_id in ("imagenet", "coco", "squad", "conll", "wmt14_en_fr", "wmt14_en_de", "epoch", "hw_gpu", "hw_cpu", "hw_tpu"):
        path = default_path(data_id)
        ours = read_csv_text(path)
        theirs = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8-sig")
        theirs.columns = [c.strip() for c in theirs.columns]
        pd.testing.assert_frame_equal(ours.reset_index(drop=True), theirs)
        assert ours.index.is_monotonic_increasing and ours.index[0] == 2
    epoch_lines = read_csv_text(default_path("epoch")).index
    assert epoch_lines[-1] > 8 * len(epoch_lines)  # its notes span lines: records are not lines there


def test_a_row_with_extra_empty_fields_keeps_its_columns(tmp_path):
    """pandas would take the first column for an index when the first row has one field too many."""
    df = read_csv_text(tidy_text(tmp_path / "x.csv", "a,b\n1,2,\n3,4\n"))
    assert list(df.columns) == ["a", "b"] and df.loc[2].tolist() == ["1", "2"] and df.loc[3].tolist() == ["3", "4"]


def epoch_file(path, rows):
    header = "Model,Publication date,Training compute (FLOP),Task,Notability criteria,Parameters\n"
    return tidy_text(path, header + "".join(rows))


def test_epoch_repeats_with_notes_that_span_lines(tmp_path):
    """Epoch's rows carry notes on several lines: the messages name the lines an editor shows."""
    rows = ['A,2020-01-05,1e22,"Language\nmodelling",,\n',    # lines 2-3
            'B,2021-03-01,,Vision,,5e9\n',                     # line 4
            'A,2020-01-05,,"Language modelling\nand more",SOTA,7e9\n',  # lines 5-6: fills A's empties
            'B,2021-03-01,,Vision,,5e9\n',                     # line 7: an exact repeat
            'C,2022-01-01,2e23,Games,,\n']                     # line 8
    df = load_epoch(epoch_file(tmp_path / "e.csv", rows))
    assert list(df["model"]) == ["A", "B", "C"] and list(df["source_row"]) == [2, 4, 8]
    a = df.iloc[0]
    assert a["compute"] == 1e22 and a["parameters"] == 7e9 and a["notable"] and a["task"] == "Language\nmodelling"
    assert [str(n) for n in df.attrs["repeats"]] == [
        "e.csv, line 5, column 'Model': repeats line 2 (same Model and Publication date) and no number or date "
        "differs: merged into line 2, whose empty Notability criteria, Parameters it fills; wording kept from "
        "line 2 in Task (got 'A')",
        "e.csv, line 7, column 'Model': repeats line 4 (same Model and Publication date) and no number or date "
        "differs: merged into line 4 (got 'B')"]
    rows[2] = 'A,2020-01-05,3e22,"Language\nmodelling",,\n'  # the same system with another compute: refused
    rows.append('D,2023-01-01,not known,Games,,\n')  # line 9
    with pytest.raises(DataValidationError) as err:
        load_epoch(epoch_file(tmp_path / "e2.csv", rows))
    assert _messages(err) == [
        "e2.csv, line 9, column 'Training compute (FLOP)': must be a number (got 'not known')",
        "e2.csv, line 5, column 'Training compute (FLOP)': repeats line 2 (same Model and Publication date) with "
        "another value; line 2 has 1e+22 (got 3e+22)"]


def test_hardware_repeats(tmp_path):
    gpu = "Manufacturer,Class,GPU,Year,GFLOPS,TDP\nNvidia,Desktop,X1,2010,100,50\nNvidia,Desktop,X1,2011,200,50\n"
    assert len(load_hardware("gpu", tidy_text(tmp_path / "g.csv", gpu))) == 2  # one name, two years: two chips
    repeated = gpu + "Nvidia,Workstation,X1,2010,100,\n"
    df = load_hardware("gpu", tidy_text(tmp_path / "g2.csv", repeated))
    assert len(df) == 2 and [(n.row, n.column) for n in df.attrs["repeats"]] == [(4, "GPU")]
    assert "wording kept from line 2 in Class" in df.attrs["repeats"][0].rule
    with pytest.raises(DataValidationError, match=r"g3.csv, line 4, column 'GFLOPS': repeats line 2 \(same GPU and "
                                                  r"Year\) with another value; line 2 has 100 \(got 120\)"):
        load_hardware("gpu", tidy_text(tmp_path / "g3.csv", gpu + "Nvidia,Desktop,X1,2010,120,50\n"))


def test_validate_reports_the_rows_it_merged(tmp_path):
    rows = good_rows() + [good_rows()[4]]
    checked = {c.key: c for c in check_inputs({"imagenet": str(tidy(tmp_path / "t.csv", rows))})}
    assert checked["imagenet"].notes == ("t.csv, line 14, column 'model': repeats line 6 (same model) and no number "
                                         "or date differs: merged into line 6 (got 'Net-4')",)
    assert "12 models" in checked["imagenet"].what and "1 row listed twice, merged:" in checked["imagenet"].what
    assert checked["imagenet"].what.endswith(checked["imagenet"].notes[0])
    assert "1 row listed twice" in checked["epoch"].what and len(checked["hw_cpu"].notes) == 2
    assert checked["hw_gpu"].notes == ()

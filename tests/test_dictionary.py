"""The results dictionary (issue 27.7): every file described, every column documented, every categorical
column's values listed, and the writer refusing what the dictionary does not say."""

from __future__ import annotations

import pandas as pd
import pytest

from compute_limits.analysis import data_summary as ds
from compute_limits.config import load_benchmarks, load_costs
from compute_limits.data import paths, results


@pytest.fixture
def out(tmp_path, monkeypatch):
    monkeypatch.setenv(paths.RESULTS_ENV, str(tmp_path))
    return tmp_path


def fits(**columns) -> pd.DataFrame:
    return pd.DataFrame({"benchmark": ["imagenet"], "metric": ["top1"], "model_set": ["all"],
                         "compute": ["hardware_burden"], **columns})


def test_a_value_outside_a_categorical_columns_list_fails_the_writer(out):
    results.write_result(fits(form=["quantile10"]), "fits")  # fits.csv's form also holds the robustness forms
    with pytest.raises(results.UndeclaredValue, match=r"fits.csv: column form holds 'cubic'.*polynomial, "
                                                      r"exponential, polynomial_year, quantile10"):
        results.write_result(fits(form=["cubic"]), "fits")
    with pytest.raises(results.UndeclaredValue, match="column form holds 'quantile10'"):  # projections: two forms only
        results.write_result(pd.DataFrame({"form": ["quantile10"]}), "projections")
    with pytest.raises(results.UndeclaredValue, match="column model_set holds 'v2'"):
        results.write_result(fits(model_set=["v2"], form=["polynomial"]), "fits")
    with pytest.raises(results.UndeclaredValue, match="column verdict holds 'maybe'"):
        results.write_result(pd.DataFrame({"claim_id": ["x"], "verdict": ["maybe"]}), "claims")
    results.write_result(pd.DataFrame({"claim_id": ["x"], "verdict": ["not testable"]}), "claims")
    # lists the configs hold are listed, not enforced (a fork adds benchmarks, metrics, vintages)
    results.write_result(pd.DataFrame({"benchmark": ["cifar10"], "hardware_vintage": ["b200_2025"]}), "projections")
    # true/false columns need no list; empty cells are not values
    results.write_result(pd.DataFrame({"form": ["polynomial", None], "preferred": [True, False]}), "projections")


def test_a_file_without_a_description_fails_the_writer(out, monkeypatch):
    d = {**results.dictionary(), "file": {**results.dictionary()["file"], "fits": {"key_columns": ["benchmark"]}}}
    monkeypatch.setattr(results, "dictionary", lambda: d)
    with pytest.raises(results.UndocumentedColumn, match=r"fits.csv has no description.*\[file.fits\] description"):
        results.write_result(pd.DataFrame({"benchmark": ["imagenet"]}), "fits")
    with pytest.raises(results.UndocumentedColumn, match=r"\[file.nowhere\]"):
        results.write_result(pd.DataFrame({"benchmark": ["imagenet"]}), "nowhere")
    with pytest.raises(ValueError, match="dictionary's own"):
        results.write_result(pd.DataFrame({"file": ["x"]}), "dictionary_values")


def test_the_dictionary_describes_files_and_lists_values(out):
    results.write_result(fits(form=["polynomial"], slope=[0.1]), "fits")
    results.write_result(pd.DataFrame({"benchmark": ["imagenet"], "hardware_vintage": ["v100_2019"],
                                       "log10_flops": [25.0]}), "projections")
    results.write_dictionary(out)
    columns = pd.read_csv(out / "dictionary.csv")
    assert list(columns.columns) == ["file", "column", "meaning", "unit"]
    assert set(columns["file"]) == {"fits.csv", "projections.csv"}  # the dictionary's own columns are not rows
    form = columns[(columns.file == "fits.csv") & (columns.column == "form")]["meaning"].item()
    assert "polynomial_year" in form and "quantile10" in form

    files = pd.read_csv(out / "dictionary_files.csv").set_index("file")
    assert list(files.index) == ["dictionary.csv", "dictionary_files.csv", "dictionary_values.csv", "fits.csv",
                                 "projections.csv"]
    assert files["description"].str.len().gt(40).all() and files["key_columns"].notna().all()
    assert files.at["fits.csv", "licence"] == "GPL-3.0" and files.at["dictionary.csv", "licence"] == "CC BY 4.0"
    default = load_costs().default_vintage
    how = files.at["projections.csv", "description"]
    assert f'select hardware_vintage == "{default}", the default vintage' in how and "{" not in how

    values = pd.read_csv(out / "dictionary_values.csv")
    assert list(values.columns) == ["file", "column", "value", "meaning"] and values["meaning"].notna().all()
    of = lambda f, c: list(values[(values.file == f) & (values.column == c)]["value"])  # noqa: E731
    assert of("fits.csv", "form") == ["polynomial", "exponential", "polynomial_year", "quantile10"]
    assert of("fits.csv", "model_set") == ["all", "v1"]
    assert of("fits.csv", "compute") == ["consolidated_hardware_burden", "hardware_burden", "network_operations"]
    assert of("fits.csv", "benchmark") == list(load_benchmarks())
    assert "top5" in of("fits.csv", "metric")  # every metric a benchmark offers, not only the selected ones
    assert of("projections.csv", "hardware_vintage") == list(load_costs().vintages)
    assert of("fits.csv", "slope") == [] and of("projections.csv", "log10_flops") == []
    vintage = values[(values.file == "projections.csv") & (values.value == default)]["meaning"].item()
    assert vintage.endswith("(the default vintage)")


def test_every_declared_file_and_value_list_is_complete():
    d = results.dictionary()
    for name, entry in d["file"].items():
        assert str(entry.get("description", "")).strip(), f"{name} has no description"
        assert entry.get("key_columns"), f"{name} names no key columns"
        for column, values in entry.get("values", {}).items():
            assert results.describe(name, column), f"{name}: values of undocumented column {column}"
            assert results.value_meanings(name, column), f"{name}.{column}: empty value list"
        for column in entry.get("text", []):
            assert results.describe(name, column) and not results.value_meanings(name, column), (name, column)
    for column in d["values"]:
        assert column in d["columns"], f"[values] {column} is not a shared column"
    for name in d["file"]:
        for column in list(d["columns"]) + list(d["file"][name].get("columns", {})):
            for value, meaning in results.value_meanings(name, column).items():
                assert value and meaning and ";" not in value, (name, column, value)


def test_the_completeness_fields_are_the_dictionarys():
    assert list(results.value_meanings("data_completeness", "field")) == list(ds.FILTER_FIELDS)


@pytest.mark.slow
def test_every_text_column_of_the_built_results_is_categorical_with_values_or_declared_free_text(built_book):
    """In the book's own results, a column of strings either lists its values (every value present among
    them: the writer checked) or is declared free text; every file has a row in dictionary_files.csv."""
    res = built_book["results"]
    files = set(pd.read_csv(res / "dictionary_files.csv")["file"])
    values = pd.read_csv(res / "dictionary_values.csv")
    undeclared = []
    for path in sorted(res.glob("*.csv")):
        assert path.name in files, path.name
        if path.stem in results.DICTIONARY_FILES:
            continue
        df = pd.read_csv(path)
        for col in df.columns:
            if not (df[col].dtype == object or pd.api.types.is_string_dtype(df[col])):
                continue
            listed = set(values[(values.file == path.name) & (values.column == col)]["value"])
            if listed:
                assert set(df[col].dropna()) <= listed, (path.name, col, set(df[col].dropna()) - listed)
            elif not results.is_text(path.stem, col):
                undeclared.append(f"{path.name}:{col}")
    assert not undeclared, f"string columns neither categorical nor declared free text: {undeclared}"
    assert {"benchmarks.csv", "data_completeness.csv", "dictionary_values.csv"} <= files
    measures = pd.read_csv(res / "benchmarks.csv").set_index("benchmark")["compute"]
    assert measures.to_dict() == {b: c.compute for b, c in load_benchmarks().items()}


# ----------------------------------------------------------------- the data appendix's tables (issue 27.4, 27.6)


def test_completeness_of_the_columns_a_filter_could_use(tmp_path):
    """The issue's numbers: pretraining_* filled for 9 of 208 ImageNet models, and empty for the models known
    to be pre-trained on more data; a tidy file has none of the columns."""
    from compute_limits.data.benchmarks import load_all

    configs = load_benchmarks()
    tables = load_all(configs)
    rows = ds.completeness(tables).set_index(["benchmark", "field"])
    assert rows.loc[("imagenet", "pretraining_*"), ["models", "filled"]].tolist() == [208, 9]
    assert rows.loc[("imagenet", "training_dataset"), "filled"] == 208 and not rows.loc[("coco", "relevant"), "in_file"]
    img = tables["imagenet"]
    pre = [c for c in img.columns if c.startswith("pretraining_")]
    for name in ("NoisyStudent", "BiT-L", "ViT-H/14", "Meta Pseudo Labels", "ALIGN", "FixResNeXt-101 32x48d"):
        assert img[img["model"].str.contains(name, regex=False)][pre].isna().all(axis=None), name
    summary = ds.completeness_summary(tables, configs)
    assert (summary.name, summary.models, summary.pretraining) == ("ImageNet", 208, 9)
    assert (summary.most_common_dataset, summary.most_common_count) == ("ImageNet 1K", 207)
    user = tmp_path / "t.csv"
    user.write_text("model,date,score,compute\n" + "".join(f"N{i},2015,{60 + i},1e{17 + i}\n" for i in range(12)))
    mine = ds.completeness(load_all({"imagenet": configs["imagenet"]}, {"imagenet": str(user)}))
    assert not mine["in_file"].any() and (mine["filled"] == 0).all() and set(mine["field"]) == set(ds.FILTER_FIELDS)


def test_the_appendix_lists_the_rows_merged_once_per_file():
    from compute_limits.data.benchmarks import load_all
    from compute_limits.data.epoch import load_epoch
    from compute_limits.data.hardware import load_all_hardware

    configs = load_benchmarks()
    tables = load_all({**configs, "imagenet_top5": configs["imagenet"].model_copy(update={"id": "imagenet_top5"})})
    rows = ds.repeats(tables, {"epoch": load_epoch(), **{f"hw_{k}": t for k, t in load_all_hardware().items()}})
    assert list(zip(rows["data"], rows["line"], rows["key"])) == [
        ("epoch", 3261, "P-LLama3"), ("hw_cpu", 1156, "Intel Celeron D 347"), ("hw_cpu", 1208, "Intel Celeron D 365")]
    s = ds.repeats_summary(rows)
    assert (s.n, s.n_files, s.any) == (3, 2, True)
    config = ds.benchmark_config(configs).set_index("benchmark")
    assert config.loc["imagenet", "compute"] == "consolidated_hardware_burden" and config.loc["squad", "robustness_metric"] == "f1"


def test_a_column_named_after_a_pandas_method_fails_the_writer(out):
    """`sample` and `keys` were results columns: `df.sample == "all"` compared a method (issue 27)."""
    for column in ("sample", "keys", "index"):
        with pytest.raises(ValueError, match=rf"fits.csv: column\(s\) \['{column}'\] shadow pandas"):
            results.write_result(fits(form=["polynomial"]).assign(**{column: [1]}), "fits")
    with pytest.raises(ValueError, match="shadow pandas"):
        results.write_figure_data(pd.DataFrame({"sample": ["all"]}), "toy-fig")


def test_results_written_before_the_rename_read_with_todays_column_names(tmp_path):
    (tmp_path / "headlines.csv").write_text("quantity,sample\nk,all\n")
    (tmp_path / "dictionary_files.csv").write_text("file,keys\nfits,benchmark\n")
    assert list(results.read_result("headlines", tmp_path).columns) == ["quantity", "model_set"]
    assert list(results.read_result("dictionary_files", tmp_path).columns) == ["file", "key_columns"]

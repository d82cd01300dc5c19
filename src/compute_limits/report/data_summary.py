"""Tables and the chart of the data appendix (the chapter writes the captions and the prose)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from ..data import paths, results
from ..data.results import dictionary
from .numbers import integer
from .tables import Md, code, literal
from .text import grouped


def models_per_year_chart(counts: pd.DataFrame) -> alt.Chart:
    order = list(dict.fromkeys(counts["name"]))
    return (
        alt.Chart(counts)
        .mark_bar()
        .encode(
            x=alt.X("year:O", title="Publication year"),
            y=alt.Y("models:Q", title="Models", stack="zero"),
            color=alt.Color("name:N", title="Benchmark", sort=order),
            tooltip=[alt.Tooltip("name:N", title="benchmark"), alt.Tooltip("year:O", title="year"),
                     alt.Tooltip("models:Q", title="models")],
        )
        .properties(width=520, height=280)
    )


MEASURES = {"consolidated_hardware_burden": "consolidated hardware burden", "hardware_burden": "hardware burden",
            "network_operations": "network operations"}


def benchmark_table(rows: pd.DataFrame, config: pd.DataFrame) -> pd.DataFrame:
    """Per benchmark entry: metric, main compute measure (``config``: :func:`analysis.data_summary.benchmark_config`),
    models, years, and the models with a score and each measure."""
    measure = rows["benchmark"].map(dict(zip(config["benchmark"], config["compute"])))
    out = pd.DataFrame({
        "Benchmark": rows["name"], "Metric": rows["metric"], "Main measure": measure.map(lambda m: MEASURES.get(m, m)),
        "Models": rows["models"].map(integer),
        "Years": rows["first_year"].astype(str) + "–" + rows["last_year"].astype(str),
        "Scored": rows["with_score"].map(integer),
        "+ net. ops": rows["score_and_network_operations"].map(integer),
        "+ hw burden": rows["score_and_hardware_burden"].map(integer),
        "+ main measure": rows["score_and_consolidated"].map(integer),
        "arXiv month": rows["dated_by_arxiv"].map(integer),
    })
    return out


def hardware_table(summary: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({"Table": summary["table"].str.upper(), "Chips": summary["chips"].map(integer),
                         "With peak rate": summary["with_peak_gflops"].map(integer),
                         "Years": summary["first_year"].astype(str) + "–" + summary["last_year"].astype(str)})


def _address(source: str) -> str:
    """A link whose text is the address exactly as fetched (an autolink would show ``%20`` as a space, and
    the PDF can then not break the long commit hash: the epoch address ran 89 pt into the margin)."""
    return f"[{literal(source)}]({source})" if source.startswith(("http://", "https://")) else code(source)


def inputs_table(inputs: pd.DataFrame) -> pd.DataFrame:
    """Every file read, its origin and full sha256 (in groups of sixteen); addresses: :func:`addresses`."""
    return pd.DataFrame({"Data": inputs["data"], "Origin": inputs["origin"],
                         "File": inputs["source"].map(lambda s: s.rsplit("/", 1)[-1].replace("%20", " ")),
                         "sha256": inputs["sha256"].map(grouped), "Licence": inputs["licence"]})


def addresses(inputs: pd.DataFrame) -> str:
    """A Markdown list: where each file comes from (its commit-pinned address, or its path)."""
    return "\n".join(f"- {code(d)}: {_address(s)}" for d, s in zip(inputs["data"], inputs["source"]))


def _download(name: str) -> str:
    """A Sphinx download link to a results file (a file in the HTML edition, its name in the PDF)."""
    return Md(f"{{download}}`{name} <../_build/results/{name}>`")


def _dirs(results_dir=None) -> list:
    return [results_dir] if results_dir else [paths.results_read_dir(), paths.results_dir()]  # others', and ours


def results_table(results_dir=None) -> pd.DataFrame:
    """One row per results file present (and the dictionary's own three): download link, what a row is, key
    columns, licence (data/dictionary.toml; written to dictionary_files.csv)."""
    desc = results.file_rows(_dirs(results_dir))
    return pd.DataFrame({
        "File": desc["file"].map(_download),
        "One row is": desc["description"] + " Keys: " + desc["key_columns"] + ".",
        "Licence": desc["licence"],
    }).reset_index(drop=True)


RESULTS_WIDTHS = [24, 62, 14]  # a row's description is long: a narrow column made rows too tall to fit a PDF page
DICTIONARY_WIDTHS = [30, 26, 40, 17]  # file and column names are long and unbreakable


def dictionary_table(results_dir=None) -> pd.DataFrame:
    """The column dictionary of the results files present (the rows of dictionary.csv, this chapter's own
    files included whether or not an earlier build left them)."""
    d = results.column_rows(_dirs(results_dir)).fillna("")
    return pd.DataFrame({"File": d["file"], "Column": d["column"].map(literal), "Meaning": d["meaning"].map(literal),
                         "Unit": d["unit"].map(literal)})


VALUES_WIDTHS = [24, 26, 40, 24]


def values_table(results_dir=None) -> pd.DataFrame:
    """The values of the categorical columns (dictionary_values.csv), each value once: with the files it is
    declared for when a file gives the column values of its own, else "any file"."""
    v = results.value_rows(_dirs(results_dir))
    shared = [results.dictionary().get("file", {}).get(f.removesuffix(".csv"), {}).get("values", {}).get(c) is None
              for f, c in zip(v["file"], v["column"])]
    v = v.assign(files=[("any file" if s else f.removesuffix(".csv")) for s, f in zip(shared, v["file"])])
    g = v.groupby(["column", "value", "meaning", "files"], sort=False).size().reset_index()
    g = g.groupby(["column", "value", "meaning"], sort=False)["files"].apply(", ".join).reset_index()
    return pd.DataFrame({"Column": g["column"].map(literal), "Value": g["value"].map(literal),
                         "Meaning": g["meaning"].map(literal), "Files": g["files"].map(literal)})


def completeness_table(rows: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """Models with a value in each filter field (rows) of each benchmark file (columns, ``names``: benchmark id
    to its name); "—" where the file lacks the column."""
    out = {"Column": pd.Series(list(dict.fromkeys(rows["field"]))).map(code)}
    for bid, sub in rows.groupby("benchmark", sort=False):
        cells = [integer(n) if present else "—" for n, present in zip(sub["filled"], sub["in_file"])]
        out[f"{names[bid]} ({integer(int(sub['models'].iloc[0]))})"] = cells
    return pd.DataFrame(out)


def repeats_table(rows: pd.DataFrame) -> pd.DataFrame:
    """The rows listed twice and merged: file, line, key, what was done (strings from the files, literal)."""
    return pd.DataFrame({"File": rows["file"].map(literal), "Line": rows["line"].map(str),
                         "Key": (rows["column"] + ": " + rows["key"]).map(literal), "Note": rows["note"].map(literal)})


def tidy_layout_note() -> str:
    """What a tidy user file's ``compute`` is taken to mean (from data/dictionary.toml's terms)."""
    return dictionary().get("tidy_compute", "")

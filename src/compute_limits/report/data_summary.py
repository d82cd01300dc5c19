"""Tables and the chart of the data appendix (the chapter writes the captions and the prose)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from ..data import paths
from ..data.results import dictionary, file_descriptions
from .numbers import integer
from .text import grouped

RESULTS_LICENCE = {  # what a results file derives from decides its licence (see the note under the table)
    "history_trends": "CC BY 4.0 + GPL-3.0",
    "milestones": "CC BY 4.0 + GPL-3.0",
    "simulation": "MIT",
    "simulation_penalty": "MIT",
    "cost_vintages": "CC BY 4.0",
}
DEFAULT_LICENCE = "GPL-3.0"


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


def benchmark_table(rows: pd.DataFrame) -> pd.DataFrame:
    out = pd.DataFrame({
        "Benchmark": rows["name"], "Metric": rows["metric"], "Models": rows["models"].map(integer),
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
    return f"[{source}]({source})" if source.startswith(("http://", "https://")) else f"`{source}`"


def inputs_table(inputs: pd.DataFrame) -> pd.DataFrame:
    """Every file read, its origin and full sha256 (in groups of sixteen); addresses: :func:`addresses`."""
    return pd.DataFrame({"Data": inputs["data"], "Origin": inputs["origin"],
                         "File": inputs["source"].map(lambda s: s.rsplit("/", 1)[-1].replace("%20", " ")),
                         "sha256": inputs["sha256"].map(grouped), "Licence": inputs["licence"]})


def addresses(inputs: pd.DataFrame) -> str:
    """A Markdown list: where each file comes from (its commit-pinned address, or its path)."""
    return "\n".join(f"- `{d}`: {_address(s)}" for d, s in zip(inputs["data"], inputs["source"]))


def _download(name: str) -> str:
    """A Sphinx download link to a results file (a file in the HTML edition, its name in the PDF)."""
    return f"{{download}}`{name} <../_build/results/{name}>`"


def results_table(results_dir=None) -> pd.DataFrame:
    """One row per results file present: download link, what a row is, key columns, licence."""
    dirs = [results_dir] if results_dir else [paths.results_read_dir(), paths.results_dir()]  # others', and ours
    present = {p.name for d in dirs for p in d.glob("*.csv")}
    desc = file_descriptions()
    desc = desc[desc["file"].isin(present)]
    return pd.DataFrame({
        "File": desc["file"].map(_download),
        "One row is": desc["description"] + " Keys: " + desc["keys"] + ".",
        "Licence": desc["file"].str.removesuffix(".csv").map(lambda n: RESULTS_LICENCE.get(n, DEFAULT_LICENCE)),
    }).reset_index(drop=True)


DICTIONARY_WIDTHS = [30, 26, 40, 17]  # file and column names are long and unbreakable


def dictionary_table(results_dir=None) -> pd.DataFrame:
    results_dir = results_dir or paths.results_read_dir()
    d = pd.read_csv(results_dir / "dictionary.csv").fillna("")
    return d.rename(columns={"file": "File", "column": "Column", "meaning": "Meaning", "unit": "Unit"})


def tidy_layout_note() -> str:
    """What a tidy user file's ``compute`` is taken to mean (from data/dictionary.toml's terms)."""
    return dictionary().get("tidy_compute", "")

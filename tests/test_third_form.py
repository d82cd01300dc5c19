"""A forker adds a functional form the way chapters/extending.md says ("Adding a functional form"): one entry in
the registry (src/compute_limits/stats/forms.py), its name in the main specification's forms (data/specification.toml,
``[form] forms``) and its line in the data dictionary.  The whole book then runs and builds with it, and the form
reaches the fits, the comparison, the charts' colour scales, the calculator and the pages that list forms (a
benchmark page's comparison, the out-of-sample test, the projected costs).
"""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from conftest import cli, copy_repo

pytestmark = pytest.mark.variants

SMALL = ["theory.replications=20", "theory.n_points=9", "future_costs.n_boot=50", "benchmark.n_boot=100",
         "benchmarks_summary.n_boot=100"]

ENTRY = '''
LOGISTIC = Form("logistic", lambda e: np.log10((1.0 - e) / e), lambda y: 1.0 / (1.0 + 10.0 ** y),
                lambda y: np.log1p(10.0 ** (-y)), lambda y: np.isfinite(y),
                label="logistic", short="logit", colour="#009E73",
                vega_response="log((1 - {e}) / {e}) / LN10", vega_inverse="1 / (1 + pow(10, {y}))")
'''


def add_form(repo, entry: str = ENTRY, constant: str = "LOGISTIC", name: str = "logistic",
             meaning: str = "log10((1 − error)/error) = a + b·log10(compute)") -> None:
    """What extending.md tells a forker to do: the form's entry in the registry (``entry`` defines ``constant``),
    its name in the specification's forms, and its ``meaning`` in the data dictionary."""
    path = repo / "src" / "compute_limits" / "stats" / "forms.py"
    src = path.read_text()
    anchor = "REGISTRY: dict[str, Form] = {f.name: f for f in (POLYNOMIAL, EXPONENTIAL)}"
    assert anchor in src
    path.write_text(src.replace(anchor, entry.strip() + "\n" + anchor.replace("EXPONENTIAL)", f"EXPONENTIAL, {constant})")))
    spec = repo / "data" / "specification.toml"
    line = 'forms = ["polynomial", "exponential"]'
    assert spec.read_text().count(line) == 1
    spec.write_text(spec.read_text().replace(line, f'forms = ["polynomial", "exponential", "{name}"]'))
    dictionary = repo / "data" / "dictionary.toml"
    text = dictionary.read_text()
    old = 'form = { polynomial = "log10(1/error) = a + b·log10(compute)", exponential = "1/error = a + b·log10(compute)"'
    assert text.count(old) == 2
    dictionary.write_text(text.replace(old, old + f', {name} = "{meaning}"'))


@pytest.fixture(scope="module")
def third_form(tmp_path_factory):
    repo = copy_repo(tmp_path_factory.mktemp("third_form"))
    add_form(repo)
    run = cli(repo, "run", *[a for p in SMALL for a in ("-p", p)])
    cli(repo, "html")
    return repo, run


def text(page) -> str:
    """The article text of a built page (no scripts: the charts' data are checked apart)."""
    from bs4 import BeautifulSoup
    soup = BeautifulSoup(page.read_text(), "html.parser")
    article = soup.find("article") or soup
    for s in article.find_all(["script", "style"]):
        s.decompose()
    return " ".join(article.get_text(" ").split())


def specs(page) -> list[dict]:
    """The Vega-Lite specs embedded in a built page."""
    return [json.loads(m) for m in re.findall(r"var spec=(\{.*?\});function draw", page.read_text(), re.DOTALL)]


def walk(value):
    """Every dict inside ``value``."""
    if isinstance(value, dict):
        yield value
        for v in value.values():
            yield from walk(v)
    elif isinstance(value, list):
        for v in value:
            yield from walk(v)


def test_the_third_form_is_fitted_and_compared_on_every_benchmark(third_form):
    repo, _ = third_form
    fits = pd.read_csv(repo / "_build" / "results" / "fits.csv")
    main = fits[(fits["model_set"] == "all") & (fits["compute"] == "consolidated_hardware_burden")]
    assert set(main[main["form"] == "logistic"]["benchmark"]) == set(main["benchmark"])
    comparison = pd.read_csv(repo / "_build" / "results" / "model_comparison.csv")
    assert {"r2_logistic", "aic_logistic", "loo_rmse_logistic", "slope_estimable_logistic"} <= set(comparison.columns)
    assert set(comparison["verdict"]) <= {"polynomial", "exponential", "logistic", "neither"}


def test_the_charts_and_the_calculator_draw_the_third_form(third_form):
    repo, _ = third_form
    site = repo / "_build" / "html" / "chapters"
    forms = ["polynomial", "exponential", "logistic"]
    scales = [d for d in walk(specs(site / "benchmarks" / "01_imagenet.html")) if d.get("domain") == forms]
    assert scales and all(d["range"] == ["#D55E00", "#0072B2", "#009E73"] for d in scales)
    costs = specs(site / "future_costs.html")
    assert any(d.get("domain") == forms for d in walk(costs))  # the projection charts
    binds = [d["bind"] for d in walk(costs) if d.get("name") == "form" and "bind" in d]
    assert binds and binds[0]["options"] == forms  # the calculator's buttons
    calc = [d["calculate"] for d in walk(costs) if d.get("as") == "y0"]
    assert calc and "log((1 - (datum.e)) / (datum.e)) / LN10" in calc[0]  # and its response


def test_the_pages_that_list_forms_list_the_third_form(third_form):
    repo, _ = third_form
    site, results = repo / "_build" / "html" / "chapters", repo / "_build" / "results"
    assert "R² poly. / exp. / logit" in text(site / "benchmarks" / "01_imagenet.html")  # the page's comparison
    oos = text(site / "out_of_sample.html")
    assert "RMSE poly / exp / logit" in oos and "Coverage logit" in oos  # the forms out of sample
    models = pd.read_csv(results / "out_of_sample_models.csv")
    assert set(models["form"]) == {"polynomial", "exponential", "logistic"}
    lines = [d for d in walk(specs(site / "out_of_sample.html")) if d.get("field") == "kind" and "scale" in d]
    assert any("2020 fit, logistic" in d["scale"].get("domain", []) for d in lines)  # its 2020 line is drawn
    assert "Logistic (FLOP)" in text(site / "future_costs.html")  # the projected compute, per form
    projections = pd.read_csv(results / "projections.csv")
    assert "logistic" in set(projections["form"])

"""A form with an extra fitted parameter builds the whole book: a floored power law (error = floor + a·C^-b, the
floor fitted by profile) added the way chapters/extending.md says (registry entry, the specification's forms, the
data dictionary; the setup of tests/test_third_form.py).  Its profile value reaches the benchmark page's
comparison, and ways out, whose time trend cannot take such a form, builds without it and says so.
"""

from __future__ import annotations

import pandas as pd
import pytest

from conftest import cli, copy_repo
from test_third_form import SMALL, add_form, specs, text, walk

pytestmark = pytest.mark.variants

ENTRY = '''
FLOORED = Form("floored", lambda e, f: np.log10(1.0 / (e - f)), lambda y, f: f + 10.0 ** (-y),
               lambda y, f: np.log1p(f * 10.0 ** y), lambda y, f: np.isfinite(y),
               label="floored", short="floor.", colour="#CC79A7", extra_params=("floor",),
               extra_bounds=lambda e: (0.0, 0.999 * float(np.min(e))),
               vega_response="-log({e} - {floor}) / LN10", vega_inverse="{floor} + pow(10, -{y})")
'''


@pytest.fixture(scope="module")
def floored(tmp_path_factory):
    repo = copy_repo(tmp_path_factory.mktemp("extra_form"))
    add_form(repo, ENTRY, "FLOORED", "floored", "log10(1/(error − floor)) = a + b·log10(compute)")
    cli(repo, "run", *[a for p in SMALL for a in ("-p", p)])
    cli(repo, "html")
    return repo


def test_the_profile_value_is_on_the_benchmark_page(floored):
    from compute_limits.report.benchmark_tables import NUMBER3
    from compute_limits.report.numbers import show
    results, site = floored / "_build" / "results", floored / "_build" / "html" / "chapters"
    fits = pd.read_csv(results / "fits.csv")
    assert "floored" in set(fits["form"])
    c = pd.read_csv(results / "model_comparison.csv")
    row = c[(c["benchmark"] == "imagenet") & (c["model_set"] == "all")].iloc[0]
    floor = float(row["extra_floored"])
    assert 0.0 <= floor < 1.0 and "extra_se_floored" in c.columns
    page = text(site / "benchmarks" / "01_imagenet.html")
    assert "floor (floor., s.e.)" in page and show(floor, NUMBER3) in page
    # the calculator carries the floor per benchmark and evaluates the floored response with it
    costs = specs(site / "future_costs.html")
    calc = [d["calculate"] for d in walk(costs) if d.get("as") == "y0"]
    assert calc and "-log((datum.e) - (datum.floor)) / LN10" in calc[0]


def test_ways_out_builds_without_the_form_its_time_trend_cannot_take(floored):
    results, site = floored / "_build" / "results", floored / "_build" / "html" / "chapters"
    scenarios = pd.read_csv(results / "ways_out.csv")
    assert set(scenarios["form"]) == {"polynomial", "exponential"} and len(scenarios)
    page = text(site / "ways_out.html")
    assert "the scenarios leave out the floored form" in page
    # the projections and out of sample take the form (its response at the fitted floor)
    assert "floored" in set(pd.read_csv(results / "projections.csv")["form"])
    assert "floored" in set(pd.read_csv(results / "out_of_sample_models.csv")["form"])

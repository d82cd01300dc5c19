"""The output type that carries a chart's Vega-Lite spec to the PDF build (no browser renders it).

:mod:`compute_limits.report.charts` writes it; the book's Sphinx extension
(:mod:`compute_limits.pipeline.sphinx_ext`) draws it as a vector PDF for LaTeX.  It lives here, apart
from both, so that neither imports the other to agree on it.
"""

VEGA_MIME = "application/vnd.compute-limits.vegalite+json"

"""The output type that carries a chart's Vega-Lite spec to the PDF build (no browser renders it), and how a spec
is written into a page's inline ``<script>`` (:func:`script_json`).

:mod:`compute_limits.report.charts` writes it; the book's Sphinx extension
(:mod:`compute_limits.pipeline.sphinx_ext`) draws it as a vector PDF for LaTeX.  It lives here, apart
from both, so that neither imports the other to agree on it.
"""

import json

VEGA_MIME = "application/vnd.compute-limits.vegalite+json"

# In an inline <script>, "</script>" (or "<!--") in a string ends the element or starts a comment, whatever
# the JSON around it: every "<", ">" and "&" is written as its JSON escape, which reads back as the same string.
# (U+2028 and U+2029, line ends in older JavaScript, are escaped too: json.dumps writes ASCII.)
_SCRIPT_SAFE = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def script_json(value) -> str:
    """``value`` as JSON that is inert inside an HTML ``<script>`` element (and equal to ``value`` once parsed)."""
    return json.dumps(value, sort_keys=True, ensure_ascii=True).translate(_SCRIPT_SAFE)

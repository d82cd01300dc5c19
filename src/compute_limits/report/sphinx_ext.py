"""The book's Sphinx extension (``_config.yml``: ``sphinx.extra_extensions``).

* **No Thebe.**  Jupyter Book always loads sphinx-thebe, which writes ``const THEBE_JS_URL = …`` into every
  page, in this toolchain twice, so every page threw "Identifier 'THEBE_JS_URL' has already been declared".
  The book has no launch buttons, so the Thebe scripts are dropped from every page.
"""

from __future__ import annotations


def _is_thebe(script) -> bool:
    name = str(getattr(script, "filename", "") or "")
    body = str(getattr(script, "attributes", {}).get("body", "") if hasattr(script, "attributes") else "")
    return "thebe" in name.lower() or "THEBE_JS_URL" in body


def _drop_thebe(app, pagename, templatename, context, doctree) -> None:
    if "script_files" in context:
        context["script_files"] = [s for s in context["script_files"] if not _is_thebe(s)]
    if "css_files" in context:
        context["css_files"] = [c for c in context["css_files"] if "thebe" not in str(getattr(c, "filename", c))]


def setup(app):
    app.connect("html-page-context", _drop_thebe, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}

"""A variant build's notice, on every page whose numbers depend on what the build changed (part of the book's
Sphinx extension, :mod:`compute_limits.pipeline.sphinx_ext`).

The pipeline records, for each page, which of the build's changes from the published edition its numbers
depend on and how they reach it (``variant`` in ``_build/provenance/chapters.json``, from
:func:`compute_limits.pipeline.reach.page_variants`: a user's file it reads, a parameter of its own off the
default, or either through the results of a chapter it needs).  Here each such page gets a notice under its
title naming them: which file replaced which, which parameter differs from its default.  The notice is built
from docutils nodes, its file names and values as literal text: nothing a user passed is parsed as Markdown.
A page whose notice changed is read again even when its notebook did not (``env-get-outdated``).
"""

from __future__ import annotations

import json

from docutils import nodes

_KEY = "cl_variant_notices"  # on the Sphinx environment: docname -> the notice it was read with ("" for none)


def notices() -> dict[str, list[dict]]:
    """Each page (by docname) with the changes its numbers depend on (pages without any are left out)."""
    from .provenance import PROVENANCE, read

    out = {}
    for rec in read(PROVENANCE).values():
        if rec.get("variant") and rec.get("output"):
            out[str(rec["output"]).removesuffix(".ipynb")] = rec["variant"]
    return out


def _signature(changes: list[dict] | None) -> str:
    return json.dumps(changes or [], sort_keys=True)


def _item(change: dict) -> nodes.list_item:
    para = nodes.paragraph()
    if change["kind"] == "data":
        para += [nodes.Text("the data "), nodes.literal(text=change["name"]), nodes.Text(" are the file "),
                 nodes.literal(text=change.get("file_name") or change["value"]), nodes.Text(", given with DATA, in place of "),
                 nodes.literal(text=change["default"].rsplit("/", 1)[-1])]
        if change.get("origin"):
            para += nodes.Text(f", {change['origin']}")
    else:
        para += [nodes.Text("the parameter "), nodes.literal(text=f"{change['name']} = {change['value']}"),
                 nodes.Text(" (default "), nodes.literal(text=change["default"]), nodes.Text(")")]
    para += nodes.Text(f"; it reaches this page: {change['why']}.")
    return nodes.list_item("", para)


def notice(changes: list[dict], end: str = "") -> nodes.Element:
    """The admonition: a variant build, and each change this page depends on; ``end``, its closing sentence
    (``_config.yml``: ``cl_variant_notice_end``), after them."""
    box = nodes.admonition(classes=["warning", "cl-variant-notice"])
    box += nodes.title(text="A variant build, not the published edition")
    box += nodes.paragraph(text="The numbers on this page depend on what this build changed:")
    box += nodes.bullet_list("", *[_item(c) for c in changes])
    if end.strip():
        box += nodes.paragraph(text=end.strip())
    return box


def _add_notice(app, doctree) -> None:
    docname = app.env.docname
    changes = notices().get(docname)
    getattr(app.env, _KEY)[docname] = _signature(changes)
    if not changes:
        return
    box = notice(changes, app.config.cl_variant_notice_end or "")
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None or not section.children or not isinstance(section[0], nodes.title):
        doctree.insert(0, box)
    else:
        section.insert(1, box)


def _init(app) -> None:
    if not hasattr(app.env, _KEY):
        setattr(app.env, _KEY, {})


def _outdated(app, env, added, changed, removed) -> list[str]:
    """Pages whose notice is not the one they were read with (their notebook unchanged)."""
    current = notices()
    stored = getattr(env, _KEY, {})
    return [d for d in env.found_docs if d not in added and d not in changed
            and stored.get(d, _signature(None)) != _signature(current.get(d))]


def _purge(app, env, docname) -> None:
    getattr(env, _KEY, {}).pop(docname, None)


def _merge(app, env, docnames, other) -> None:
    mine = getattr(env, _KEY, {})
    mine.update({d: s for d, s in getattr(other, _KEY, {}).items() if d in docnames})
    setattr(env, _KEY, mine)


def setup(app):
    app.add_config_value("cl_variant_notice_end", "", "env")
    app.connect("builder-inited", _init)
    app.connect("doctree-read", _add_notice)
    app.connect("env-get-outdated", _outdated)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1", "env_version": 1}

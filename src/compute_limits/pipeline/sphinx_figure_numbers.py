"""Figure numbers without unpickling every page (a Sphinx extension, loaded by :mod:`.sphinx_ext`).

With ``numfig``, Sphinx numbers figures and tables after every build's reading phase, even when one page
changed: ``TocTreeCollector.assign_figure_numbers`` walks the whole book from the root page and unpickles
every page's doctree on the way (0.6-0.8 s of a one-page rebuild of this book, most of it the API and data
pages).  What the walk uses from a page is small and changes only when the page is read again: in
document order, the sections it enters (by anchor), the pages its toctrees list, and its numbered nodes
(type and id).  This keeps that *outline* per page in the environment, under the time the page was read,
and numbers from the outlines with Sphinx's own rules; a page read since is walked again.

It replaces Sphinx 7.4's function as ``sphinx_multitoc_numbering`` replaces the section numbering beside it
(no event exists for it).  Sphinx would rebuild every page's outline anyway when the configuration or the
extensions change, since it then reads every page again.  ``tests/test_sphinx_extensions.py`` compares
the numbers with Sphinx's own on a small book edited between builds.
"""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.environment.collectors.toctree import TocTreeCollector
from sphinx.util import url_re

OUTLINES = "compute_limits_figure_outlines"  # environment attribute: docname -> (read time, outline)
SPHINX_ASSIGN_FIGURE_NUMBERS = TocTreeCollector.assign_figure_numbers  # the function replaced (for the tests)


def _outline(doctree: nodes.Node, figtype) -> list[tuple]:
    """The events Sphinx's walk of ``doctree`` acts on, in its order: ("section", anchor id) ... ("end",),
    ("toctree", [page, ...]) and ("figure", type, id)."""
    events: list[tuple] = []

    def walk(node: nodes.Node) -> None:
        for sub in node.children:
            if isinstance(sub, nodes.section):
                events.append(("section", sub["ids"][0]))
                walk(sub)
                events.append(("end",))
            elif isinstance(sub, addnodes.toctree):
                events.append(("toctree", [name for _title, name in sub["entries"]]))
            elif isinstance(sub, nodes.Element):
                kind = figtype(sub)
                if kind and sub["ids"]:
                    events.append(("figure", kind, sub["ids"][0]))
                walk(sub)

    walk(doctree)
    return events


def assign_figure_numbers(self, env) -> list[str]:
    """Sphinx 7.4's ``TocTreeCollector.assign_figure_numbers``, walking remembered outlines."""
    generated_docnames = frozenset(env.domains["std"]._virtual_doc_names)
    rewrite_needed = []
    assigned: set[str] = set()
    old_fignumbers = env.toc_fignumbers
    env.toc_fignumbers = {}
    fignum_counter: dict[str, dict[tuple[int, ...], int]] = {}
    outlines = env.__dict__.setdefault(OUTLINES, {})

    def get_figtype(node: nodes.Node) -> str | None:
        for domain in env.domains.values():
            figtype = domain.get_enumerable_node_type(node)
            if domain.name == "std" and not domain.get_numfig_title(node):
                continue  # Skip if uncaptioned node
            if figtype:
                return figtype
        return None

    def get_section_number(docname: str, anchor_id: str) -> tuple[int, ...]:
        anchorname = "#" + anchor_id
        secnumbers = env.toc_secnumbers.get(docname, {})
        secnum = secnumbers.get(anchorname) if anchorname in secnumbers else secnumbers.get("")
        return secnum or ()

    def get_next_fignumber(figtype: str, secnum: tuple[int, ...]) -> tuple[int, ...]:
        counter = fignum_counter.setdefault(figtype, {})
        secnum = secnum[: env.config.numfig_secnum_depth]
        counter[secnum] = counter.get(secnum, 0) + 1
        return (*secnum, counter[secnum])

    def outline(docname: str) -> list[tuple]:
        read_at = env.all_docs.get(docname)
        kept = outlines.get(docname)
        if kept is not None and kept[0] == read_at:
            return kept[1]
        events = _outline(env.get_doctree(docname), get_figtype)
        outlines[docname] = (read_at, events)
        return events

    def walk_doc(docname: str, secnum: tuple[int, ...]) -> None:
        if docname in assigned:
            return
        assigned.add(docname)
        stack = [secnum]
        for event in outline(docname):
            if event[0] == "section":
                stack.append(get_section_number(docname, event[1]) or stack[-1])
            elif event[0] == "end":
                stack.pop()
            elif event[0] == "toctree":
                for subdocname in event[1]:
                    if url_re.match(subdocname) or subdocname == "self" or subdocname in generated_docnames:
                        continue  # don't mess with those
                    walk_doc(subdocname, stack[-1])
            else:
                _, figtype, figure_id = event
                fignumbers = env.toc_fignumbers.setdefault(docname, {}).setdefault(figtype, {})
                fignumbers[figure_id] = get_next_fignumber(figtype, stack[-1])

    if env.config.numfig:
        walk_doc(env.config.root_doc, ())
        for docname, fignums in env.toc_fignumbers.items():
            if fignums != old_fignumbers.get(docname):
                rewrite_needed.append(docname)
    for docname in set(outlines) - set(env.all_docs):  # pages removed from the book
        del outlines[docname]
    return rewrite_needed


def setup(app):
    TocTreeCollector.assign_figure_numbers = assign_figure_numbers
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}

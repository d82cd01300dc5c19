"""The book's Sphinx extensions on a small Sphinx project (issue 13: the html step of a one-page rebuild):
figure numbers from remembered page outlines equal Sphinx's own, and a rebuild neither unpickles the pages
that did not change nor compiles the theme's templates again, and the search index keeps every page's index
entries after an incremental build."""

import io
import shutil
import textwrap
from pathlib import Path

import pytest
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.environment.collectors.toctree import TocTreeCollector

from compute_limits.pipeline import sphinx_figure_numbers

SPHINX_OWN = sphinx_figure_numbers.SPHINX_ASSIGN_FIGURE_NUMBERS

PAGES = {
    "index.rst": """
        Book
        ====

        .. toctree::
           :numbered:

           a
           b

        .. toctree::

           c
        """,
    "a.rst": """
        A
        =

        .. figure:: img.png
           :name: fig-a1

           First figure of A.

        Part
        ----

        .. table:: A table
           :name: tab-a

           ===  ===
           x    y
           ===  ===
           1    2
           ===  ===
        """,
    "b.rst": """
        B
        =

        .. figure:: img.png
           :name: fig-b1

           First figure of B.

        .. figure:: img.png

           A figure without a name is numbered too.

        Part one
        --------

        .. code-block:: python
           :caption: Some code
           :name: code-b

           x = 1

        .. figure:: img.png

        Part two
        --------

        .. figure:: img.png
           :name: fig-b2

           Second figure of B.
        """,
    "c.rst": """
        C
        =

        .. figure:: img.png
           :name: fig-c1

           Figure of an unnumbered page.
        """,
}
NEW_FIGURE = """

Added
-----

.. figure:: img.png
   :name: fig-a0

   A figure added to A.
"""


def write_book(src: Path, depth: int) -> None:
    src.mkdir(parents=True, exist_ok=True)
    (src / "conf.py").write_text(f"numfig = True\nnumfig_secnum_depth = {depth}\n")
    (src / "img.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    for name, text in PAGES.items():
        (src / name).write_text(textwrap.dedent(text).lstrip())


def build(src: Path, out: Path, ours: bool, monkeypatch) -> BuildEnvironment:
    if not ours:  # Sphinx's own function, whatever an earlier build in this process installed
        monkeypatch.setattr(TocTreeCollector, "assign_figure_numbers", SPHINX_OWN)
    app = Sphinx(str(src), str(src), str(out / "html"), str(out / "doctrees"), "html", status=None,
                 warning=io.StringIO(),
                 confoverrides={"extensions": ["compute_limits.pipeline.sphinx_figure_numbers"] if ours else []})
    app.build()
    return app.env


@pytest.mark.parametrize("depth", [0, 1])
def test_numbers_match_sphinx_and_unchanged_pages_are_not_unpickled(tmp_path, monkeypatch, depth):
    src = tmp_path / "src"
    write_book(src, depth)
    ours = build(src, tmp_path / "ours", True, monkeypatch)
    assert ours.toc_fignumbers == build(src, tmp_path / "fresh", False, monkeypatch).toc_fignumbers
    assert ours.toc_fignumbers["b"]["figure"]["fig-b2"] and ours.toc_fignumbers["c"]["figure"]["fig-c1"]

    with open(src / "a.rst", "a") as fh:  # one page changes: a figure is added before others in the book
        fh.write(NEW_FIGURE)
    loaded: list[str] = []
    get_doctree = BuildEnvironment.get_doctree
    monkeypatch.setattr(BuildEnvironment, "get_doctree", lambda env, name: loaded.append(name) or get_doctree(env, name))
    again = build(src, tmp_path / "ours", True, monkeypatch)
    monkeypatch.setattr(BuildEnvironment, "get_doctree", get_doctree)
    shutil.rmtree(tmp_path / "fresh")
    assert again.toc_fignumbers == build(src, tmp_path / "fresh", False, monkeypatch).toc_fignumbers
    assert again.toc_fignumbers != ours.toc_fignumbers
    if depth:  # numbered per chapter: the unnumbered page C keeps its numbers, so it is not even written
        assert "c" not in loaded  # its outline was kept; Sphinx's own walk unpickles every page
    else:  # numbered through the book: C's figure moves up one, and C is written again
        assert again.toc_fignumbers["c"] != ours.toc_fignumbers["c"]


def test_the_books_extension_compiles_the_theme_templates_once(tmp_path, monkeypatch):
    """The second build of a page renders from Jinja's bytecode cache: no template is compiled again."""
    import jinja2

    src = tmp_path / "src"
    write_book(src, 1)
    compiled: list[str] = []
    compile_ = jinja2.Environment.compile
    monkeypatch.setattr(jinja2.Environment, "compile",
                        lambda env, source, name=None, *a, **k: compiled.append(name) or compile_(env, source, name, *a, **k))

    def build_with_extension():
        app = Sphinx(str(src), str(src), str(tmp_path / "out" / "html"), str(tmp_path / "out" / "doctrees"), "html",
                     status=None, warning=io.StringIO(), confoverrides={"extensions": ["compute_limits.pipeline.sphinx_ext"]})
        app.build()

    build_with_extension()
    assert "page.html" in compiled and list((tmp_path / "out" / ".jinja_cache").iterdir())
    compiled.clear()
    (src / "b.rst").write_text((src / "b.rst").read_text() + "\nMore text.\n")
    build_with_extension()
    assert [name for name in compiled if name] == []  # template files (strings Sphinx renders have no name)


GLOSSARY_PAGES = {
    "index.rst": """
        Book
        ====

        .. toctree::

           terms
           other
           gone
        """,
    "terms.rst": """
        Terms
        =====

        .. glossary::

           Hardware burden
              Processors times their peak rate times the time.

           Network operations
              Operations one pass of the network takes.

        .. index:: single: Fieller interval; main
        """,
    "other.rst": """
        Other
        =====

        .. index:: pair: lasso; penalty
        """,
    "gone.rst": """
        Gone
        ====

        .. index:: single: removed entry
        """,
}


def index_entries(out: Path) -> dict:
    """``indexentries`` of a built search index, with page numbers replaced by page names."""
    import json

    text = (out / "searchindex.js").read_text()
    frozen = json.loads(text[text.index("(") + 1:text.rindex(")")])
    return {entry: sorted((frozen["docnames"][doc], target, main) for doc, target, main in places)
            for entry, places in frozen["indexentries"].items()}


@pytest.mark.parametrize("ours", [True, False])
def test_an_incremental_build_keeps_the_index_entries_of_pages_it_does_not_write(tmp_path, monkeypatch, ours):
    """After one page is edited and another removed, the search index's entries equal those of a build from
    nothing: the unchanged glossary's terms stay searchable (Sphinx 7.4 drops them: sphinx-doc/sphinx#12599)."""
    from sphinx.search import IndexBuilder

    from compute_limits.pipeline import sphinx_search_index

    if not ours:  # Sphinx's own methods, whatever an earlier build in this process installed
        monkeypatch.setattr(IndexBuilder, "load", sphinx_search_index.SPHINX_LOAD)
        monkeypatch.setattr(IndexBuilder, "prune", sphinx_search_index.SPHINX_PRUNE)
    else:
        monkeypatch.setattr(IndexBuilder, "load", IndexBuilder.load)  # restored after the test
        monkeypatch.setattr(IndexBuilder, "prune", IndexBuilder.prune)
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text("")
    for name, text in GLOSSARY_PAGES.items():
        (src / name).write_text(textwrap.dedent(text).lstrip())

    def build(out: Path) -> dict:
        app = Sphinx(str(src), str(src), str(out), str(out / ".doctrees"), "html", status=None,
                     warning=io.StringIO(),
                     confoverrides={"extensions": ["compute_limits.pipeline.sphinx_search_index"] if ours else []})
        app.build()
        return index_entries(out)

    first = build(tmp_path / "incremental")
    assert "hardware burden" in first and "removed entry" in first
    (src / "other.rst").write_text((src / "other.rst").read_text() + "\n.. index:: single: added entry\n")
    (src / "gone.rst").unlink()
    (src / "index.rst").write_text((src / "index.rst").read_text().replace("   gone\n", ""))
    incremental = build(tmp_path / "incremental")
    fresh = build(tmp_path / "fresh")
    assert "added entry" in fresh and "removed entry" not in fresh and "hardware burden" in fresh
    if ours:
        assert incremental == fresh
    else:  # the defect this extension fixes: the unchanged glossary's entries are gone
        assert "hardware burden" not in incremental

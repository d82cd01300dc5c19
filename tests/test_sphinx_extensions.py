"""The one fix the book applies to Sphinx itself, on a small Sphinx project: the search index keeps every
page's index entries after an incremental build (sphinx-doc/sphinx#12599), on the Sphinx versions that lose
them and only there (issue 24)."""

import io
import json
import textwrap
from pathlib import Path

import pytest
import sphinx
from sphinx.application import Sphinx
from sphinx.search import IndexBuilder

from compute_limits.pipeline import sphinx_search_index

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
    text = (out / "searchindex.js").read_text()
    frozen = json.loads(text[text.index("(") + 1:text.rindex(")")])
    return {entry: sorted((frozen["docnames"][doc], target, main) for doc, target, main in places)
            for entry, places in frozen["indexentries"].items()}


@pytest.mark.parametrize("ours", [True, False])
def test_an_incremental_build_keeps_the_index_entries_of_pages_it_does_not_write(tmp_path, monkeypatch, ours):
    """After one page is edited and another removed, the search index's entries equal those of a build from
    nothing: the unchanged glossary's terms stay searchable.  Without the fix, on this Sphinx, they are gone
    (the day a Sphinx release fixes #12599, the second case fails and NEEDED can say which versions need it)."""
    assert sphinx_search_index.NEEDED == (sphinx.version_info[:2] == (7, 4))
    # Sphinx's own methods, whatever an earlier build in this process installed; restored after the test
    monkeypatch.setattr(IndexBuilder, "load", sphinx_search_index.SPHINX_LOAD)
    monkeypatch.setattr(IndexBuilder, "prune", sphinx_search_index.SPHINX_PRUNE)
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
    else:  # the defect the fix is for: the unchanged glossary's entries are gone
        assert "hardware burden" not in incremental


def test_on_a_sphinx_that_does_not_need_it_the_fix_changes_nothing(monkeypatch):
    monkeypatch.setattr(IndexBuilder, "load", sphinx_search_index.SPHINX_LOAD)
    monkeypatch.setattr(IndexBuilder, "prune", sphinx_search_index.SPHINX_PRUNE)
    monkeypatch.setattr(sphinx_search_index, "NEEDED", False)
    sphinx_search_index.setup(None)
    assert IndexBuilder.load is sphinx_search_index.SPHINX_LOAD
    assert IndexBuilder.prune is sphinx_search_index.SPHINX_PRUNE

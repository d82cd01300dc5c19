"""Index entries kept in the search index across incremental builds (a Sphinx extension, loaded by
:mod:`.sphinx_ext` on the Sphinx versions that need it: :data:`NEEDED`).

Sphinx 7.4's HTML search index lists, under ``indexentries``, every index entry of the book (glossary
terms, the API's objects) so that a search finds them.  An incremental build loads the previous
``searchindex.js`` and re-feeds only the pages it writes again, but ``IndexBuilder.load`` restores the
words and titles and not the index entries, so after any one-page rebuild the index holds only the
entries of the pages just written (in this book usually none: searching "hardware burden" then no longer
offers the glossary's entry).  This is Sphinx's open issue sphinx-doc/sphinx#12599.

The fix restores the entries from the loaded index, and drops those of pages that are written again or
removed, as ``prune`` does for words.  The loaded keys are already lower case, as ``freeze`` writes them,
so writing them again gives the same index.  ``tests/test_sphinx_extensions.py`` compares the index after
an edit with the index of a build from nothing, and shows the defect without the fix.

The fix wraps two methods of Sphinx's ``IndexBuilder`` and sets its ``_index_entries``, so it is applied only to
the Sphinx series it was written and tested against (7.4, the series Jupyter Book 1 installs); on any other
version the extension does nothing, and the test says whether that version still needs a fix.
"""

from __future__ import annotations

import sphinx
from sphinx.search import IndexBuilder

NEEDED = sphinx.version_info[:2] == (7, 4)  # sphinx-doc/sphinx#12599 is open; 7.4 is the series checked

SPHINX_LOAD = IndexBuilder.load  # the methods wrapped (for the tests)
SPHINX_PRUNE = IndexBuilder.prune


class _Loaded:
    """A search-index format whose ``load`` returns an index already parsed (read the file once)."""

    def __init__(self, frozen):
        self.frozen = frozen

    def load(self, _stream):
        return self.frozen


def load(self, stream, format) -> None:
    """Sphinx's ``IndexBuilder.load``, then the index entries of the loaded index."""
    if isinstance(format, str):
        format = self.formats[format]
    frozen = format.load(stream)
    SPHINX_LOAD(self, stream, _Loaded(frozen))  # raises ValueError for an old or foreign index, as before
    docnames = frozen["docnames"]
    entries: dict[str, list[tuple[str, str, str]]] = {}
    for entry, places in frozen.get("indexentries", {}).items():
        for doc, target_id, is_main in places:
            entries.setdefault(docnames[doc], []).append((entry, target_id, "main" if is_main else ""))
    self._index_entries = {docname: sorted(found) for docname, found in entries.items()}


def prune(self, docnames) -> None:
    """Sphinx's ``IndexBuilder.prune``, and the index entries of pages not kept."""
    docnames = set(docnames)
    SPHINX_PRUNE(self, docnames)
    self._index_entries = {doc: found for doc, found in self._index_entries.items() if doc in docnames}


def setup(app):
    if NEEDED:
        IndexBuilder.load = load
        IndexBuilder.prune = prune
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}

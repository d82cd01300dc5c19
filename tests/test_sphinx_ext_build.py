"""The book's Sphinx extension and what a build keeps (issue 24), on small Sphinx projects.

* An edit of the extension rebuilds every page: its ``env_version`` is a hash of its code, so Sphinx, which
  otherwise keeps every page whose source did not change, starts from a fresh environment (built with a copy of
  the package whose extension is then edited).
* A page's saved doctree holds the page only, not a copy of Sphinx's environment through nodes parsed in a
  document of their own (MyST's ``{eval-rst}``).
"""

import os
import pickle
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

from compute_limits.pipeline import sphinx_ext

SRC = Path(__file__).resolve().parents[1] / "src"
PAGES = {
    "conf.py": 'extensions = ["compute_limits.pipeline.sphinx_ext"]\n',
    "index.rst": """
        Book
        ====

        .. toctree::

           other
        """,
    "other.rst": """
        Other
        =====

        A page whose source never changes.
        """,
}


def test_the_version_is_a_number_derived_from_the_extensions_code():
    version = sphinx_ext.extension_version()
    assert isinstance(version, int) and version == sphinx_ext.extension_version()
    assert sphinx_ext.setup.__module__ in sphinx_ext.EXTENSION_MODULES


def test_an_edit_of_the_extensions_code_rebuilds_every_page_and_a_comment_none(tmp_path):
    package = tmp_path / "pkg"
    shutil.copytree(SRC / "compute_limits", package / "compute_limits",
                    ignore=shutil.ignore_patterns("__pycache__"))
    src = tmp_path / "book"
    src.mkdir()
    for name, text in PAGES.items():
        (src / name).write_text(textwrap.dedent(text).lstrip())
    out = tmp_path / "html"
    env = {**os.environ, "PYTHONPATH": str(package)}

    def build() -> dict[str, int]:
        """Build incrementally; the date of each page written (nanoseconds)."""
        proc = subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-q", "-W", str(src), str(out)],
                              env=env, capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr
        return {page: (out / f"{page}.html").stat().st_mtime_ns for page in ("index", "other")}

    first = build()
    assert build() == first  # nothing changed: no page written again
    extension = package / "compute_limits" / "pipeline" / "sphinx_variant.py"  # one of the modules setup loads
    extension.write_text(extension.read_text() + "\n# a comment changes no page\n")
    assert build() == first
    extension.write_text(extension.read_text() + "\n_EDITED = True  # code: every page again\n")
    edited = build()
    assert all(edited[page] != first[page] for page in first), (first, edited)
    assert build() == edited  # and the next build keeps them again


def test_a_saved_doctree_holds_the_page_and_not_the_environment(tmp_path):
    src = tmp_path / "book"
    src.mkdir()
    (src / "conf.py").write_text('extensions = ["myst_parser", "compute_limits.pipeline.sphinx_ext"]\n')
    (src / "index.md").write_text("# Book\n\n```{eval-rst}\n* a list parsed as reStructuredText\n* in a document "
                                  "of its own\n```\n")

    def saved(extension: bool) -> bytes:
        out = tmp_path / f"html-{extension}"
        conf = {} if extension else {"extensions": "myst_parser"}
        args = [f"-D{k}={v}" for k, v in conf.items()]
        proc = subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-q", "-W", *args, str(src), str(out)],
                              capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr
        return (out / ".doctrees" / "index.doctree").read_bytes()

    without = saved(False)  # the defect: the list's nodes keep their own document, whose settings hold the env
    assert b"sphinx.environment" in without
    with_ours = saved(True)
    assert b"sphinx.environment" not in with_ours and len(with_ours) < len(without) / 4
    doctree = pickle.loads(with_ours)
    assert "a list parsed as reStructuredText" in doctree.astext()
    assert all(getattr(node, "_document", None) in (None, doctree) for node in doctree.findall())

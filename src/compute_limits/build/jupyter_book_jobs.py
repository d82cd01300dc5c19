"""Jupyter Book's own ``build`` command, with Sphinx reading and writing pages in parallel.

    python -m compute_limits.build.jupyter_book_jobs JOBS build <the jupyter-book build arguments>

Jupyter Book 1's command line has no ``-j``, but the function it builds with (``build_sphinx``) takes
``jobs``; this sets it and then runs the ordinary command, so everything else (configuration, table of
contents, the LaTeX step) stays Jupyter Book's.  Sphinx reads in parallel only when every extension
declares that it may; :mod:`compute_limits.report.sphinx_ext` declares the two that say nothing.
The pages are the same as a serial build's (byte-identical HTML, checked when this was introduced).
"""

from __future__ import annotations

import functools
import sys

import jupyter_book.sphinx
from jupyter_book.cli.main import main as jupyter_book_main


def main(argv: list[str]) -> None:
    jobs, args = int(argv[0]), argv[1:]
    # jupyter_book.cli.main.build imports build_sphinx from this module when it runs, so it gets this one.
    jupyter_book.sphinx.build_sphinx = functools.partial(jupyter_book.sphinx.build_sphinx, jobs=jobs)
    jupyter_book_main(args, prog_name="jupyter-book")


if __name__ == "__main__":
    main(sys.argv[1:])

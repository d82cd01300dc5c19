"""Jupyter Book's own ``build`` command, with Sphinx reading and writing pages in parallel.

    python -m compute_limits.pipeline.jupyter_book_jobs JOBS build <the jupyter-book build arguments>

Jupyter Book 1's command line has no ``-j``, but the function it builds with (``build_sphinx``) takes
``jobs``; this sets it and then runs the ordinary command, so everything else (configuration, table of
contents, the LaTeX step) stays Jupyter Book's.  Sphinx reads in parallel only when every extension
declares that it may; :mod:`compute_limits.pipeline.sphinx_ext` declares the two that say nothing.
The pages are the same as a serial build's (byte-identical HTML, checked when this was introduced).

It also ends the process without Python's teardown, which spends ~1.4 s freeing Sphinx's environment
and page trees after every file has been written and closed.
"""

from __future__ import annotations

import functools
import logging
import os
import sys

import jupyter_book.sphinx
from jupyter_book.cli.main import main as jupyter_book_main


def main(argv: list[str]) -> None:
    jobs, args = int(argv[0]), argv[1:]
    # jupyter_book.cli.main.build imports build_sphinx from this module when it runs, so it gets this one.
    jupyter_book.sphinx.build_sphinx = functools.partial(jupyter_book.sphinx.build_sphinx, jobs=jobs)
    try:
        jupyter_book_main(args, prog_name="jupyter-book")  # a click command: it always raises SystemExit
    except SystemExit as done:
        code = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
        if isinstance(done.code, str):
            print(done.code, file=sys.stderr)
        logging.shutdown()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


if __name__ == "__main__":
    main(sys.argv[1:])

"""How full each page of the built PDF is (issue 26: no half-empty page before a table that moved whole to the
next one), read with ``pdftotext -bbox`` (poppler-utils).

A page's fill is how far down its text block its last word reaches (0 at the top of the block, 1 at its foot),
the running header and the page number left out; the text block is the span the book's words take over all its
pages.  A chapter's last page is short by nature (the next chapter starts on a new page): a chapter's first page
has no running header, so the page before it, and the last page of the book, are a chapter's last pages.  When a
chapter's last page holds a figure or table that did not fit under the chapter's last lines (a float set on the
page after them: the page has a caption), the page before it is where the chapter's text ends, and short by
nature too.  The front matter (pages numbered i, ii, ...) is left out.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

HEADER = "The Computational Limits of Deep Learning"  # the running header's first words (the book's title)
EDGE = 0.08  # the top and bottom of a page (as fractions of its height) that hold the header and the page number
_PAGE = re.compile(r'<page width="[\d.]+" height="([\d.]+)">(.*?)</page>', re.S)
_WORD = re.compile(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>')
_ROMAN = re.compile(r"^[ivxlc]+$")
_CAPTION = re.compile(r"(?:^| )(?:Fig\.|Table) [\d.]+:")


def pages(pdf: Path) -> list[dict]:
    """Each page: ``number`` (1-based), ``fill``, ``header`` (it has the running header), ``label`` (its printed
    page number), ``first`` (its first words below the header)."""
    xml = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    raw = []
    for match in _PAGE.finditer(xml):
        height = float(match.group(1))
        words = [(float(a) / height, float(b) / height, html_text(w)) for a, b, w in _WORD.findall(match.group(2))]
        raw.append(words)
    body = [[w for w in words if EDGE < w[0] and w[1] < 1 - EDGE] for words in raw]
    top = min(w[0] for words in body for w in words)
    foot = max(w[1] for words in body for w in words)
    out = []
    for number, (words, inside) in enumerate(zip(raw, body), 1):
        head = " ".join(w[2] for w in words if w[0] <= EDGE)
        tail = [w[2] for w in words if w[1] >= 1 - EDGE]
        out.append({"number": number, "fill": (max(w[1] for w in inside) - top) / (foot - top) if inside else 0.0,
                    "header": head.startswith(HEADER), "label": tail[-1] if tail else "",
                    "first": " ".join(w[2] for w in inside[:8]),
                    "caption": bool(_CAPTION.search(" ".join(w[2] for w in inside)))})
    return out


def html_text(word: str) -> str:
    return word.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')


def short_pages(pdf: Path, least: float) -> list[str]:
    """The pages, other than a chapter's last page and the front matter, whose fill is under ``least``."""
    found = pages(pdf)
    out = []
    last = [j + 1 == len(found) or not found[j + 1]["header"] for j in range(len(found))]
    for i, page in enumerate(found):
        text_ends = i + 1 < len(found) and last[i + 1] and found[i + 1]["caption"]
        if last[i] or text_ends or _ROMAN.match(page["label"]):
            continue
        if page["fill"] < least:
            out.append(f"page {page['number']} (printed {page['label']}): {page['fill']:.0%} full, "
                       f"from {page['first']!r}")
    return out

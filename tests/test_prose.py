"""Prose that cannot drift (issue 11): every number in a chapter's prose is glued, or a year, or part of
a reference, citation, formula, code span or name; and chapters read like a paper (issue 13)."""

import re
from pathlib import Path

import jupytext
import pytest

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = sorted((ROOT / "chapters").glob("*.md"))

# Spans whose digits are not prose numbers: roles (glue, cite, ref, term, download, eq, numref), code spans,
# inline and display math, Markdown links' targets, directive lines and their options, HTML comments, labels.
SKIP = [
    r"(?s)^(```+)(?![`{])[^\n]*\n.*?^\1\s*$",  # fenced code blocks (not directives: their captions are prose)
    r"(?s)^```\{code-block\}.*?^```\s*$",
    r"^\s*(```|:::).*$",           # directive fences
    r"^\s*:[a-z-]+:.*$",           # directive options (:name:, :widths: …)
    r"^\s*\(.*\)=\s*$",            # labels
    r"(?s)\$\$.*?\$\$|\$[^$\n]+\$",     # math
    r"\{[a-z:]+\}`[^`\n]*`",        # {glue:text}`key:.2f`, {cite:p}`key`, {ref}`label` …
    r"``[^`\n]*``|`[^`\n]*`",        # code spans
    r"\]\([^)]*\)",                # link targets
    r"(?s)<!--.*?-->",
    r"<[^>]+>",                    # inline HTML
    r"^\s*\d+\.\s",                 # numbered-list markers
    r"CC BY \d\.\d|GPL-\d\.\d|SQuAD \d\.\d|Python \d\.\d+",  # names with version numbers
]
NUMBER = re.compile(r"(?<![\w.\-–/^])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![\w/])")


def is_year(token: str) -> bool:
    return re.fullmatch(r"(19|20)\d\d", token) is not None


def strip_skipped(text: str) -> str:
    for pattern in SKIP:
        text = re.sub(pattern, " ", text, flags=re.MULTILINE)
    return text


def prose_numbers(text: str) -> list[str]:
    """The numbers in ``text`` that are neither years nor inside a skipped span."""
    text = strip_skipped(text)
    # "2012–2019", "2012 to 2019": years; "Appendix A", model names with digits (ResNeXt-101, GPT-3) are words
    return [t for t in NUMBER.findall(text) if not is_year(t)]


def markdown_cells(path: Path) -> list[str]:
    nb = jupytext.read(path, fmt="md:myst")
    return [c.source for c in nb.cells if c.cell_type == "markdown"]


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_no_stray_numbers_in_prose(path):
    stray = []
    for cell in markdown_cells(path):
        for line in strip_skipped(cell).splitlines():
            found = prose_numbers(line)
            if found:
                stray.append(f"{found} in: {line.strip()[:140]}")
    assert not stray, f"{path.name}: numbers in prose that are not glued (glue them, or cite them from " \
                      f"data/literature.toml):\n" + "\n".join(stray)


def test_the_scanner_finds_what_it_should():
    assert prose_numbers("grew 44× in 7 years, 3.4 months, 95% of 1,058 papers") == ["44", "7", "3.4", "95", "1,058"]
    assert prose_numbers("$$\na = 1 + 2\n$$\n```toml\nx = 3\n```\n1. First\nCC BY 4.0") == []
    assert prose_numbers("```{glue:figure} fig\n:name: fig-x\n\nA caption with 12 models.\n```") == ["12"]
    assert prose_numbers("from 2012 to 2019, see {ref}`fig-1` and {glue:text}`n_models` ($10^{26}$), "
                         "`make book`, ResNeXt-101, GPT-3, WMT 2014 En–Fr, top-1, log10, CO2") == []


@pytest.mark.parametrize("path", [p for p in CHAPTERS if "```{code-cell}" in p.read_text()], ids=lambda p: p.name)
def test_chapters_read_like_a_paper(path):
    """Code cells are few and short: at most about 15 cells and a third of the lines; no functions."""
    nb = jupytext.read(path, fmt="md:myst")
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    code_lines = sum(len(c.splitlines()) for c in code)
    all_lines = len(path.read_text().splitlines())
    assert len(code) <= 16, f"{path.name}: {len(code)} code cells"
    assert code_lines <= all_lines / 3, f"{path.name}: {code_lines} of {all_lines} lines are code"
    assert not any(re.search(r"^\s*(def|class) ", c, re.MULTILINE) for c in code), f"{path.name} defines a function"
    assert not any("display(Markdown" in c for c in code), f"{path.name} builds prose in Python"


def test_no_e_notation_or_caret_powers_in_chapter_sources():
    bad = []
    for path in CHAPTERS:
        text = path.read_text()
        bad += [f"{path.name}: {m}" for m in re.findall(r":\.\d*e`|:\.\d+e\}|\d10\^|\b10\^\{?-?\d", text)
                if "$" not in m]
    assert not bad, bad

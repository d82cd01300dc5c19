"""Prose lives in the chapters and in data files, not in the package (issue 24, item 1).

The scan reads every module of ``src/compute_limits`` with ``ast`` and flags a string (a constant, or the
literal parts of an f-string) of :data:`MIN_WORDS` words or more: a sentence a reader would want to edit.
What is not prose, by rule:

* documentation: docstrings, and any string standing alone as a statement (an attribute's docstring);
* messages: a string inside a ``raise`` statement, or an argument of a call to an exception, a ``Problem``
  or ``warnings.warn`` (error messages stay beside the code that detects the error);
* the name of an interval, a module-level constant named ``…INTERVAL`` (a statistical object's name, set
  beside its value by the glue);
* the modules whose text is messages, descriptions or markup by concern (:data:`MESSAGE_MODULES`): the
  command line and the site's shell (``pipeline/``), the chapter parameters' descriptions
  (``parameters.py``) and the questions' descriptions (``analysis/headlines.py``).

The claims ledger's claims and notes are templates in ``data/literature.toml``'s ``[ledger]`` table.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from compute_limits import config
from compute_limits.analysis.claims import Evidence, text
from compute_limits.errors import ConfigError
from compute_limits.quantities import Count, Kind, Percent
from compute_limits.report import ledger_text

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "compute_limits"
MIN_WORDS = 15
MESSAGE_MODULES = ("pipeline/", "parameters.py", "analysis/headlines.py")
PAGE_MODULES = ("pipeline/sphinx_",)  # of those, the Sphinx extension's modules write page text: scanned
_WORD = re.compile(r"\(?[A-Za-z][A-Za-z'’-]*[,.;:)]*")  # a word of prose, not a token of code
_MESSAGE_CALLS = re.compile(r"(Error|Exception|Problem|Warning|warn)$")


def _words(text: str) -> int:
    """The words of prose in ``text``; Markdown's emphasis (``*No rows …*``) and HTML tags are not words' parts."""
    text = re.sub(r"<[^>]*>", " ", text)
    return sum(1 for t in text.split() if _WORD.fullmatch(t.strip("*_")))


def _literal_text(node) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else " {} " for v in node.values)
    return None


def _call_name(call: ast.Call) -> str:
    f = call.func
    return f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""


def _exempt(tree: ast.Module) -> set[int]:
    """The ids of the string nodes that are documentation, messages or interval names."""
    out: set[int] = set()

    def under(node):
        out.update(id(n) for n in ast.walk(node))

    for node in ast.walk(tree):
        if isinstance(node, ast.Expr) and _literal_text(node.value) is not None:
            under(node)  # a docstring, or a string standing alone
        elif isinstance(node, ast.Raise):
            under(node)
        elif isinstance(node, ast.Call) and _MESSAGE_CALLS.search(_call_name(node)):
            under(node)
        elif isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id.endswith("INTERVAL")
                                                  for t in node.targets):
            under(node)
    return out


def prose_literals(root: Path = PACKAGE) -> list[str]:
    found = []
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        if rel.startswith(MESSAGE_MODULES) and not rel.startswith(PAGE_MODULES):
            continue
        tree = ast.parse(path.read_text())
        exempt = _exempt(tree)
        parts = {id(v) for n in ast.walk(tree) if isinstance(n, ast.JoinedStr) for v in ast.walk(n) if v is not n}
        for node in ast.walk(tree):
            if id(node) in exempt or id(node) in parts:  # an f-string's parts are read with it
                continue
            text_ = _literal_text(node)
            if text_ is not None and _words(text_) >= MIN_WORDS:
                found.append(f"{rel}:{node.lineno}: {text_[:80]!r}")
    return found


def test_no_prose_is_written_in_the_package():
    """No sentence of a page is a string in the package: it is in a chapter, or a template of a data file."""
    assert prose_literals() == []


def test_the_scan_finds_a_sentence_and_spares_messages(tmp_path):
    """The scan would fail on a note written in Python (f-string or constant), and spares docstrings and errors."""
    (tmp_path / "notes.py").write_text(
        '"""A module docstring that is long enough to be a sentence of fifteen words or more, surely."""\n'
        'def note(n):\n'
        '    if n < 0:\n'
        '        raise ValueError(f"n is {n}: a count of models is never below zero, so this file is not one we read")\n'
        '    return f"On the v1 sample ({n} models) each tenfold increase in compute multiplies the error by a factor of about one half"\n'
        'NOTE = "The frontier grew about as fast as the record-setters did, and the data cannot tell them apart"\n'
        'CALIBRATION_INTERVAL = "calibration interval of a single model\'s cost and confidence interval of the growth rate"\n')
    found = prose_literals(tmp_path)
    assert sorted(f.split(":")[1] for f in found) == ["5", "6"]


def test_a_template_is_filled_by_kind_and_data_stays_text():
    lit = config.literature().model_copy(update={"ledger": {
        "t": "${name}: ${share} of ${n} (${level} interval), ${inner}; ${items}", "inner": "at ${x} error",
        "item": "${name} ${n}"}})
    written = ledger_text.write(text("t", name="${x} {0.__class__} *bold*", share=(0.437, Percent),
                                     n=(1000, Count), level=(0.95, Kind("percent")),
                                     inner=text("inner", x=(0.05, "share")),
                                     items=(text("item", name="A", n=(1, Count)), text("item", name="B", n=(2, Count)))),
                               lit)
    # a value is set by its kind; a string from the data goes in as it is, never read as a template again
    assert written == "${x} {0.__class__} *bold*: 44% of 1,000 (95% interval), at 5% error; A 1; B 2"


def test_a_template_cannot_reach_attributes_and_names_what_is_missing():
    lit = config.literature()
    with pytest.raises(ConfigError, match=r"no template 'nope'"):
        ledger_text.write(text("nope"), lit)
    bad = lit.model_copy(update={"ledger": {"t": "${a} and ${b}"}})
    with pytest.raises(ConfigError, match=r"no value for \$b"):
        ledger_text.write(text("t", a="x"), bad)
    with pytest.raises(Exception, match="not a valid template"):
        config.Literature.model_validate({**lit.model_dump(), "ledger": {"t": "${a.__class__}"}})


def test_every_ledger_row_is_written_before_it_becomes_a_table():
    row = Evidence("c", "ch", "lbl", text("k4_claim"), "4", 4.0, 1.0, 1.0, 1.0, "share", 0.0, True, "share",
                   text("bench_no_v1_fit"))
    from compute_limits.analysis import claims

    with pytest.raises(TypeError, match="template still to fill"):
        claims.evidence([row])
    df = ledger_text.evidence([row], config.literature())
    assert df.loc[0, "claim"].startswith("Observed scaling") and df.loc[0, "note"].endswith("not testable")


def test_the_kinds_the_templates_added():
    from compute_limits.report.numbers import show

    assert (show(2020.5, "decimal_year"), show(2012.0, "decimal_year")) == ("2020.5", "2012")  # no "2,020"
    assert (show(2, "ordinal"), show(14, "ordinal"), show(1013, "ordinal")) == ("second", "14th", "1,013th")
    # a percentage that rounds to zero has no sign ("−0%" read as a fall that is not there)
    assert (show(-0.003, "percent"), show(-0.06, "percent"), show(-0.0004, Kind("percent", 1))) == ("0%", "−6%", "0.0%")


def test_every_template_the_package_names_is_in_literature_toml_and_every_template_is_used():
    """A ledger row names its template in code: a typo fails here, not in the middle of a build; and no template
    of ``[ledger]`` is left that no code fills (a forker would edit it for nothing)."""
    ledger = config.literature().ledger
    named, prefixes = set(), set()
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and _call_name(node) == "text" and node.args:
                arg = node.args[0]
                names = [arg] if not isinstance(arg, ast.IfExp) else [arg.body, arg.orelse]
                for a in names:
                    if isinstance(a, ast.Constant):
                        named.add(a.value)
                    elif isinstance(a, ast.JoinedStr) and isinstance(a.values[0], ast.Constant):
                        prefixes.add(a.values[0].value)  # f"over_standing_{status}": one template per status
    assert named, "the scan found no ledger template named in the package"
    assert sorted(named - set(ledger)) == []
    assert all(any(k.startswith(p) for k in ledger) for p in prefixes)
    assert sorted(k for k in ledger if k not in named and not k.startswith(tuple(prefixes))) == []


def test_the_scan_reads_the_sphinx_extension_and_markdown_sentences(tmp_path):
    """Page text the Sphinx extension writes (``pipeline/sphinx_*.py``) is scanned, the command line's messages
    (the rest of ``pipeline/``) are not; a sentence set in Markdown emphasis, or in HTML, counts its words."""
    (tmp_path / "pipeline").mkdir()
    (tmp_path / "report").mkdir()
    sentence = "The reproducibility appendix lists every chapter's parameters and data files; the front page sets them"
    (tmp_path / "pipeline" / "sphinx_notice.py").write_text(f'END = "{sentence}"\n')
    (tmp_path / "pipeline" / "cli.py").write_text(f'HELP = "{sentence}"\n')
    (tmp_path / "report" / "tables.py").write_text(
        'EMPTY = "*No rows in this build: the data it ran on hold none for this table.*"\n'
        'CITE = "<p>Cite the paper for its findings, this edition for the re-derivation of every one of its numbers</p>"\n'
        'SUB = "{{ empty_table }}"\n')
    found = sorted(f.split(":")[0] + ":" + f.split(":")[1] for f in prose_literals(tmp_path))
    assert found == ["pipeline/sphinx_notice.py:1", "report/tables.py:1", "report/tables.py:2"], found

"""The claims ledger's text, written from its templates: a claim or a note (:class:`~compute_limits.analysis.claims.Text`)
is a template of ``data/literature.toml``'s ``[ledger]`` table with its ``$placeholders`` filled, each value set by
its kind (:func:`compute_limits.report.numbers.show`).

The templates are data: they are filled with :class:`string.Template` (no attribute or index access, no code), and
a value is substituted as text, never read as a template again.  A string value (a benchmark's name, a vintage's
label) is data too and goes in as it is; the ledger page shows the whole text literally.
"""

from __future__ import annotations

import string
import typing
from dataclasses import replace

import pandas as pd

from ..analysis import claims
from ..analysis.claims import Evidence, Text
from ..config import Literature
from ..errors import ConfigError
from ..quantities import kind_of
from .numbers import show

JOIN = "; "  # between the items of a list of texts


def _value(value, lit: Literature, where: str) -> str:
    if isinstance(value, Text):
        return write(value, lit)
    if isinstance(value, str):
        return value
    if isinstance(value, tuple) and all(isinstance(v, Text) for v in value):
        return JOIN.join(write(v, lit) for v in value)
    if isinstance(value, tuple) and len(value) == 2:
        number, kind = value
        return show(number, kind_of(kind) or kind)
    raise TypeError(f"{where}: a value is a (value, kind) pair, a str, a Text or a tuple of Text; got {value!r}")


def write(text: Text, lit: Literature) -> str:
    """The text of ``text``: its template from ``lit.ledger`` with every placeholder filled."""
    try:
        template = lit.ledger[text.template]
    except KeyError:
        raise ConfigError(f"literature.toml: [ledger] has no template {text.template!r}") from None
    values = {name: _value(v, lit, f"ledger template {text.template!r}, ${name}") for name, v in text.values}
    try:
        return string.Template(template).substitute(values)
    except KeyError as err:
        raise ConfigError(f"literature.toml: [ledger] {text.template}: no value for ${err.args[0]} "
                          f"(it has: {', '.join(sorted(values)) or 'none'})") from None


def typed(obj, *names: str) -> dict:
    """The fields ``names`` of a dataclass whose fields are annotated with their kinds, as the values of a
    :class:`Text`: ``(value, kind)`` for a number, the string itself for a string."""
    hints = typing.get_type_hints(type(obj), include_extras=True)
    out = {}
    for name in names:
        value, kind = getattr(obj, name), kind_of(hints[name])
        if kind is None and not isinstance(value, str):
            raise TypeError(f"{type(obj).__name__}.{name} is a number without a kind (compute_limits.quantities)")
        out[name] = value if kind is None else (value, kind)
    return out


def written(row: Evidence, lit: Literature) -> Evidence:
    """``row`` with its claim and note written."""
    return replace(row, **{f: write(getattr(row, f), lit) for f in ("claim", "note")
                           if isinstance(getattr(row, f), Text)})


def write_rows(rows: list[Evidence], lit: Literature) -> list[Evidence]:
    """Every row with its claim and note written."""
    return [written(r, lit) for r in rows]


def evidence(rows: list[Evidence], lit: Literature, **columns) -> pd.DataFrame:
    """``claims_evidence`` rows as a table (:func:`compute_limits.analysis.claims.evidence`), their text written;
    ``columns`` adds columns (one value per row)."""
    return claims.evidence(write_rows(rows, lit)).assign(**columns)

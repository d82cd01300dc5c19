"""The book's own errors: a problem with the user's input, configuration or parameters (a :class:`BookError`),
said in one message per problem, naming file, line, column and rule.  Any other exception is a bug and keeps
its traceback."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    file: str
    row: int | None  # the line of the file the row starts on, as an editor counts (1-based; the header's
    #                  line counts, and so does every line of a quoted field that spans several); None = whole file
    column: str | None
    rule: str
    value: object = None

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"line {self.row}")
        if self.column is not None:
            where.append(f"column {self.column!r}")
        got = "" if self.value is None else f" (got {self.value!r})"
        return f"{', '.join(where)}: {self.rule}{got}"


class BookError(Exception):
    """A problem the user can fix (an input file, a configuration file, a parameter, a missing download):
    the command line prints its message, without a traceback."""


class DataValidationError(BookError, ValueError):
    """Raised with every problem found in a file, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        lines = [str(p) for p in self.problems]
        super().__init__(f"{len(lines)} problem(s) in input data:\n" + "\n".join(lines))


class ConfigError(BookError, ValueError):
    """A configuration file, a parameter or a command-line argument is missing or holds an invalid value."""

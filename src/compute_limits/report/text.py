"""Words that depend on numbers: plurals, articles and lists, so prose never reads "1 models"."""

from __future__ import annotations

from .numbers import integer

_IRREGULAR = {"family": "families", "series": "series", "criterion": "criteria", "analysis": "analyses",
              "appendix": "appendices", "century": "centuries", "study": "studies", "summary": "summaries"}
_AN_EXCEPTIONS = ("one", "uni", "use", "eu", "ur")  # "a one-off", "a unit", "a user" …
_AN_LETTERS = ("hour", "honest", "heir", "mlp", "ms ", "nlp", "nas", "f1", "l1", "mnist", "rnn", "svm", "x", "sacre")


def plural(word: str, n: int | float | None = None) -> str:
    """The plural of ``word`` (or ``word`` itself when ``n`` is 1)."""
    if n is not None and float(n) == 1:
        return word
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith(("s", "x", "ch", "sh")):
        return word + "es"
    return word + "s"


def count(n, word: str) -> str:
    """``count(1, "model")`` → ``"1 model"``; ``count(208, "model")`` → ``"208 models"``."""
    return f"{integer(n)} {plural(word, n)}"


def article(phrase: str) -> str:
    """``"a"`` or ``"an"`` for ``phrase`` (by its sound, for the words this book uses)."""
    low = phrase.strip().lower()
    if low.startswith(_AN_LETTERS) or (low[:1] in "aeiou" and not low.startswith(_AN_EXCEPTIONS)):
        return "an"
    return "a"


def with_article(phrase: str) -> str:
    """``"an image classification benchmark"``."""
    return f"{article(phrase)} {phrase}"


def join(items, last: str = "and") -> str:
    """``["a", "b", "c"]`` → ``"a, b and c"``."""
    items = [str(i) for i in items]
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return f"{', '.join(items[:-1])} {last} {items[-1]}"


_ORDINAL_WORDS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")


def ordinal(n: int) -> str:
    """``1`` → ``"first"`` … ``10`` → ``"tenth"``, then ``"11th"``, ``"22nd"``, ``"1,013th"``."""
    n = int(n)
    if 1 <= n <= len(_ORDINAL_WORDS):
        return _ORDINAL_WORDS[n - 1]
    suffix = "th" if 11 <= n % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{integer(n)}{suffix}"


def grouped(sha: str) -> str:
    """A sha256 in four groups of sixteen, so it can wrap in a table cell (compare group by group)."""
    return " ".join(sha[i:i + 16] for i in range(0, len(sha), 16))


def error_title(metric_label: str) -> str:
    """The one axis title of a benchmark's error, on every chart: ``Error (1 − top-1 accuracy)`` (the axis
    is in percent, so the score reads as a fraction)."""
    return f"Error (1 − {metric_label})"

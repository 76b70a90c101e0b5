"""What readers type, read the same on every Python: numbers and texts.

Both rules are written down, with examples, in docs/contribute/scoring.md ("A number" and "A word
or phrase"). They use the Unicode 3.2 tables that every Python carries (``unicodedata.ucd_3_2_0``),
never the Python's own Unicode version, so CPython 3.11 (Unicode 14) and Pyodide (Unicode 16) judge
every answer alike.
"""

from __future__ import annotations

import math
import re
import unicodedata
from decimal import Decimal

_UCD = unicodedata.ucd_3_2_0
_CONTROL_SPACES = frozenset("\t\n\x0b\x0c\r\x85")  # tab and the line breaks: LF, VT, FF, CR, NEL
_QUOTES = str.maketrans(
    {
        **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032", "'"),
        **dict.fromkeys("\u201c\u201d\u201e\u201f\u00ab\u00bb", '"'),
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
    }
)
_END_MARKS = " .,;:!?'\""
LONGEST_NUMBER = 100  # characters: no answer a quiz asks for is longer


def _is_space(char: str) -> bool:
    return char in _CONTROL_SPACES or _UCD.category(char) in ("Zs", "Zl", "Zp")


def _as_spaces(text: str) -> str:
    """Every space, tab or line break as a plain space, and none at either end."""
    return "".join(" " if _is_space(char) else char for char in text).strip(" ")


def _collapse(text: str) -> str:
    return " ".join(part for part in _as_spaces(text).split(" ") if part)


def is_blank(text: str) -> bool:
    """Whether a typed text holds nothing but spaces (and so leaves its question unanswered)."""
    return not _collapse(text)


def normalise_text(text: str) -> str:
    """Text as compared: decomposed (NFKD), case-folded, without marks, quotes and dashes made plain,
    spaces made one, spaces and end marks trimmed; all by Unicode 3.2, so the same on every Python."""
    decomposed = _UCD.normalize("NFKD", text)
    folded = "".join(char if _UCD.category(char) == "Cn" else char.casefold() for char in decomposed)
    bare = "".join(char for char in _UCD.normalize("NFKD", folded) if not _UCD.combining(char))
    return _collapse(bare.translate(_QUOTES)).strip(_END_MARKS)


_SIGN = r"(?P<sign>[+-])?"
_PERCENT = r"(?: ?%)?"
_NUMBER_FORMS = [
    # 1,234 and 1,234.5: commas between groups of three, a decimal point.
    re.compile(rf"{_SIGN}(?P<whole>[1-9][0-9]{{0,2}}(?:,[0-9]{{3}})+)(?:\.(?P<fraction>[0-9]*))?{_PERCENT}"),
    # 1.234,5 and 1.234.567: points between groups of three, with a decimal comma or at least two points.
    re.compile(rf"{_SIGN}(?P<whole>[1-9][0-9]{{0,2}}(?:\.[0-9]{{3}})+),(?P<fraction>[0-9]*){_PERCENT}"),
    re.compile(rf"{_SIGN}(?P<whole>[1-9][0-9]{{0,2}}(?:\.[0-9]{{3}}){{2,}}){_PERCENT}"),
    # 12 900 and 12 900,5: spaces between groups of three.
    re.compile(rf"{_SIGN}(?P<whole>[1-9][0-9]{{0,2}}(?: [0-9]{{3}})+)(?:[.,](?P<fraction>[0-9]*))?{_PERCENT}"),
    # 12, 12.5, 12,5, .5 and 12.: a point or a comma is a decimal separator.
    re.compile(rf"{_SIGN}(?P<whole>[0-9]*)(?:[.,](?P<fraction>[0-9]*))?{_PERCENT}"),
]


# The marks of a number, as the minus sign and full-width keyboards type them.
_MARKS = {"\u2212": "-", "\uff0b": "+", "\uff0d": "-", "\uff0c": ",", "\uff0e": ".", "\uff05": "%"}


def _digits_made_plain(text: str) -> str:
    """Decimal digits of any script (Unicode 3.2's category Nd) as 0-9, and the marks above as ASCII."""
    plain = []
    for char in text:
        digit = _UCD.decimal(char, None) if not char.isascii() and _UCD.category(char) == "Nd" else None
        plain.append(str(digit) if digit is not None else _MARKS.get(char, char))
    return "".join(plain)


def read_number(answer: object) -> Decimal | None:
    """The exact number an answer stands for, or None when it is not one (see "A number" in the specification).

    ``answer`` is a JSON number (int or float) or the text the reader typed.
    """
    if isinstance(answer, bool):
        return None
    if isinstance(answer, int):
        return Decimal(answer)
    if isinstance(answer, float):
        return Decimal(repr(answer)) if math.isfinite(answer) else None
    if not isinstance(answer, str) or len(answer) > LONGEST_NUMBER:
        return None
    text = _as_spaces(_digits_made_plain(answer))
    for form in _NUMBER_FORMS:
        if match := form.fullmatch(text):
            whole, fraction = match["whole"], match.groupdict().get("fraction") or ""
            digits = re.sub("[^0-9]", "", whole)
            if not digits and not fraction:
                return None
            return Decimal(f"{match['sign'] or ''}{digits or 0}.{fraction or 0}")
    return None


def exact(number: float) -> Decimal:
    """A number written in a quiz (read as a float with at most 15 significant digits), exactly as written."""
    return Decimal(repr(number))

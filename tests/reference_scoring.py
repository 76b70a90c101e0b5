"""A second, independent implementation of the scoring rules of ``docs/contribute/scoring.md``.

Written from that page alone (and from the quiz JSON of ``docs/contribute/data-formats.md``), without
reading quizlib's scoring code, so that a misunderstanding shared by the page's reader and the engine's
author cannot hide. Standard library only; every number is a `fractions.Fraction` until it is shown, and
shown numbers are cut (never rounded up) as the page says.

``reference_result(quiz, answers)`` takes a quiz as the dict of ``quizlib.serialize.quiz_to_dict`` and the
answers mapping (question id -> answer, as JSON would give it), and returns the expected result:

    {"questions": [{"id", "kind", "outcome", "points", "max", "fraction", "marks"}],
     "score", "max", "percent", "passed", "band",
     "scales": [{"id", "answered", "needed", "mean", "score", "band"}],
     "profile", "notes", "measures": {"agreement", "distinct", "contradictions"},
     "exact": {...the same numbers as Fractions, before they are cut...}}

Shown numbers are `decimal.Decimal` (already cut), or None where the page says ``null``.
Answers of the wrong shape raise `WrongShape`, carrying the id of the question they belong to.
"""

from __future__ import annotations

import math
import re
import unicodedata
from decimal import Decimal
from fractions import Fraction
from typing import Any

UCD = unicodedata.ucd_3_2_0

# How the reference reads a few words of the page:
# "spaces": the characters Unicode 3.2 puts in Zs (U+0020, U+00A0, U+1680, U+2000-U+200B, U+202F, U+205F,
# U+3000; U+200B is a space there), Zl and Zp (U+2028, U+2029), the tabs (U+0009, and the line tabulation
# U+000B) and the line breaks (LF, CR, form feed U+000C, next line U+0085). Not U+001C-U+001F (which
# Python's str.isspace also takes): they are neither tabs nor line breaks.
SPACES = "".join(sorted({chr(c) for c in range(0x110000) if UCD.category(chr(c)) in ("Zs", "Zl", "Zp")}
                        | set("\t\x0b\n\r\x0c\x85")))  # fmt: skip
SINGLE_QUOTES = "\u2018\u2019\u201a\u201b\u2032"  # the four single quotes and the prime -> ' (text step 4)
DOUBLE_QUOTES = "\u201c\u201d\u201e\u201f\u00ab\u00bb"  # four double quotes, « » -> "
DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"  # the six dashes and the minus sign -> -
END_MARKS = " .,;:!?'\""  # text step 6 (after step 5 every space is U+0020)
SIGNS = "+-\u2212"
MAX_TYPED = 100  # characters (code points) of the text as typed, before anything is taken off
# The page lets points split groups "when the number also has a decimal comma or more than one point", and
# step 3 allows "a point or a comma" as the decimal separator; unlike commas ("Groups of commas end with a
# decimal point, never a decimal comma"), it says nothing against groups of points ending with a decimal
# point. So, read literally, `1.234.5` is 1234.5 and `1.234.` is 1234. False: such a text is not a number.
POINT_GROUPS_MAY_END_WITH_A_DECIMAL_POINT = False  # "groups of points [end] with a decimal comma or nothing"
FULL_WIDTH_MARKS = str.maketrans("\uff0b\uff0d\uff0c\uff0e\uff05", "+-,.%")  # "count as + - , . %"
TYPED_KINDS = ("numeric", "text", "reflection")
SCORED_KINDS = ("single", "truefalse", "multiple", "numeric", "text", "blanks", "match", "order")
UNSCORED_KINDS = ("likert", "reflection")


class WrongShape(ValueError):
    """An answer that does not fit its question (or an id the quiz does not have)."""

    def __init__(self, question: str | None, message: str) -> None:
        super().__init__(f"question {question!r}: {message}" if question else message)
        self.question = question


# -- numbers ---------------------------------------------------------------------------------------------


def exact(value: Any) -> Fraction:
    """A JSON number (or a decimal string) as the exact decimal it was written as.

    JSON floats are read back through their shortest repr, which is the text they were written as
    whenever that text has at most 15 significant digits.
    """
    if isinstance(value, bool):
        raise TypeError("a boolean is not a number")
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, float):
        return Fraction(Decimal(repr(value)))
    if isinstance(value, Decimal):
        return Fraction(value)
    if isinstance(value, str):
        return Fraction(Decimal(value))
    raise TypeError(f"not a number: {value!r}")


def cut(value: Fraction | None, places: int) -> Decimal | None:
    """Cut to ``places`` decimals, toward zero (never rounded up); trailing zeros dropped."""
    if value is None:
        return None
    scaled = value * 10**places
    whole = math.floor(scaled) if scaled >= 0 else math.ceil(scaled)
    return Decimal(whole).scaleb(-places).normalize()


def shown(value: Decimal | None) -> str:
    """A cut number as the reader sees it: ``1``, ``0.66``, ``66.6`` (no exponent, no trailing zeros)."""
    if value is None:
        return "null"
    text = format(value.normalize(), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _digit(char: str) -> str | None:
    """The ASCII digit for a decimal digit of Unicode 3.2 (category Nd there), else None.

    Unicode 3.2 also gives a decimal value to the superscripts and subscripts (``²``, ``₂``), which it files
    as "other numbers" (No), not as decimal digits: the reference does not take them as digits.
    """
    if UCD.category(char) != "Nd":
        return None
    return str(UCD.decimal(char))


# The digits, decimal part and % of a typed number, once its ends are trimmed, its sign taken off, every
# digit made ASCII and every space made U+0020 (so a group separator " " stands for any one space).
# Grouped digits: a first group of one to three digits not starting with 0, then groups of three, all split
# by the same separator. Tried in this order; the first that matches the whole text wins.
_FIRST = r"[1-9]\d{0,2}"
_PERCENT = r"(?: ?%)?"
_GROUPED = (
    # groups of commas end with a decimal point (with or without digits after it), never a decimal comma
    re.compile(rf"(?P<int>{_FIRST}(?:,\d{{3}})+)(?:\.(?P<dec>\d*))?{_PERCENT}"),
    # groups of single spaces, then a decimal point or comma
    re.compile(rf"(?P<int>{_FIRST}(?: \d{{3}})+)(?:[.,](?P<dec>\d*))?{_PERCENT}"),
    # groups of points, when the number also has a decimal comma or more than one point (checked below);
    # as many groups as can be read (`1.234.567` is 1234567), then a decimal comma or point
    re.compile(rf"(?P<int>{_FIRST}(?:\.\d{{3}})+)(?:(?P<sep>[.,])(?P<dec>\d*))?{_PERCENT}"),
)
_PLAIN = re.compile(rf"(?P<int>\d*)(?:[.,](?P<dec>\d*))?{_PERCENT}")


def read_number(text: str) -> Fraction | None:
    """The number a reader typed, by the grammar of the page ("What the reader may type"), or None.

    The text as typed has at most 100 characters; spaces at either end are ignored; then an optional sign
    (+, - or U+2212), the digits (maybe grouped, see above), an optional decimal separator with its digits
    if any (`12.` is 12), an optional % with or without one space before it. A comma after a first group
    of one to three digits not starting with 0 and followed by exactly three digits separates groups;
    any other comma is a decimal comma.
    """
    if len(text) > MAX_TYPED:
        return None
    text = text.translate(FULL_WIDTH_MARKS).strip(SPACES)
    sign = 1
    if text[:1] in tuple(SIGNS):
        sign = -1 if text[0] != "+" else 1
        text = text[1:]
    body = []
    for char in text:
        if char in SPACES:
            body.append(" ")
        elif char in ",.%":
            body.append(char)
        else:
            digit = _digit(char)
            if digit is None:
                return None
            body.append(digit)
    ascii_text = "".join(body)
    match = None
    for index, pattern in enumerate(_GROUPED):
        match = pattern.fullmatch(ascii_text)
        if match is not None and index == 2:
            if match["sep"] == "." and not POINT_GROUPS_MAY_END_WITH_A_DECIMAL_POINT:
                match = None
            elif match["sep"] != "," and ascii_text.count(".") < 2:
                match = None  # neither a decimal comma nor more than one point: `1.234` is 1.234
        if match is not None:
            break
    if match is None:
        match = _PLAIN.fullmatch(ascii_text)
        if match is None:
            return None
    whole = re.sub(r"[ ,.]", "", match["int"])
    decimals = match["dec"] or ""
    if not whole and not decimals:
        return None
    return sign * Fraction(Decimal(f"{whole or '0'}.{decimals or '0'}"))


# -- texts -----------------------------------------------------------------------------------------------


def _known(char: str) -> bool:
    """A character Unicode 3.2 knows (has given a category other than "unassigned")."""
    return UCD.category(char) != "Cn"


def _fold(text: str) -> str:
    """Case folding (Python's str.casefold, full folding) of each character Unicode 3.2 knows; any other
    character is left as it is. The folded form may be a character newer than 3.2 (U+10A0 gives U+2D00)."""
    return "".join(char.casefold() if _known(char) else char for char in text)


_SPACE_RUNS = re.compile("[" + re.escape(SPACES) + "]+")
_QUOTES_DASHES = str.maketrans({**dict.fromkeys(SINGLE_QUOTES, "'"), **dict.fromkeys(DOUBLE_QUOTES, '"'),
                                **dict.fromkeys(DASHES, "-")})  # fmt: skip


def normalise_text(text: str) -> str:
    """The six steps of "A word or phrase", in order."""
    text = UCD.normalize("NFKD", text)  # 1: compatibility forms made plain (and accents split off)
    text = UCD.normalize("NFKD", _fold(text))  # 2: case folding, then decomposed again
    text = "".join(char for char in text if UCD.combining(char) == 0)  # 3: marks with a combining class go
    text = text.translate(_QUOTES_DASHES)  # 4: quotes, dashes and the minus sign
    text = _SPACE_RUNS.sub(" ", text)  # 5: every run of spaces becomes one space
    return text.strip(END_MARKS)  # 6: spaces and . , ; : ! ? ' " off both ends


def texts_equal(given: str, accepted: str) -> bool:
    return normalise_text(given) == normalise_text(accepted)


# -- answers ---------------------------------------------------------------------------------------------


def _empty(answer: Any) -> bool:
    """Left out (None here), null, "", [] or {}."""
    return answer is None or (isinstance(answer, str | list | dict) and len(answer) == 0)


def _spaces_only(answer: Any) -> bool:
    """A text that is empty or made only of spaces (of any kind the page calls spaces)."""
    return isinstance(answer, str) and answer.strip(SPACES) == ""


_BLANK = re.compile(r"\[\[(.*?)\]\]", re.S)


def blanks_of(question: dict[str, Any]) -> list[tuple[str, list[str]]]:
    """The blanks of a ``type: blanks`` question: (id, accepted answers), ids a, b, c… in prompt order.

    Read from the prompt's ``[[…]]`` as the author wrote them; if the engine's quiz JSON keeps them
    elsewhere (choices with ``accepted``-like texts), that is used instead.
    """
    found = [[part.strip() for part in m.group(1).split("|")] for m in _BLANK.finditer(question["prompt"])]
    if found:
        return [(_letter(i), accepted) for i, accepted in enumerate(found)]
    blanks = []
    for choice in question.get("choices", []):
        accepted = choice.get("accepted") or [part.strip() for part in choice["text"].split("|")]
        blanks.append((choice["id"], list(accepted)))
    return blanks


def _letter(index: int) -> str:
    return chr(ord("a") + index)


def _likert_size(quiz: dict[str, Any]) -> int:
    return len(quiz.get("likert") or []) or 5


def _judge(question: dict[str, Any], answer: Any, labels: int) -> tuple[str, Fraction | None, Any]:
    """(outcome, fraction or None, the answer as it counts) for one question; raises WrongShape."""
    qid, kind = question["id"], question["kind"]
    choices = question.get("choices", [])
    ids = [c["id"] for c in choices]

    def wrong(message: str) -> WrongShape:
        return WrongShape(qid, message)

    if _empty(answer) or (kind in TYPED_KINDS and _spaces_only(answer)):
        return "unanswered", None, None

    if kind in ("single", "truefalse"):
        if not isinstance(answer, str):
            raise wrong("expected one choice id")
        if answer not in ids:
            raise wrong("expected a choice id of this question")
        right = next(c for c in choices if c["id"] == answer)["correct"]
        return _outcome(Fraction(1 if right else 0)), Fraction(1 if right else 0), answer

    if kind == "multiple":
        if not isinstance(answer, list) or not all(isinstance(a, str) for a in answer):
            raise wrong("expected a list of choice ids")
        if any(a not in ids for a in answer):
            raise wrong("expected a choice id of this question")
        picked = set(answer)
        right = {c["id"] for c in choices if c["correct"]}
        if question.get("scoring") == "partial":
            fraction = Fraction(max(0, len(picked & right) - len(picked - right)), len(right))
        else:
            fraction = Fraction(1 if picked == right else 0)
        return _outcome(fraction), fraction, answer

    if kind == "numeric":
        if isinstance(answer, bool) or not isinstance(answer, int | float | str):
            raise wrong("expected a number, or the text typed")
        if isinstance(answer, str):
            value = read_number(answer)
        elif isinstance(answer, float) and not math.isfinite(answer):
            value = None
        else:
            value = exact(answer)
        if value is None:
            return "incorrect", Fraction(0), answer
        key = exact(question["number"])
        tolerance = exact(question["tolerance"])
        allowance = abs(key) * tolerance if question.get("relative") else tolerance
        fraction = Fraction(1 if abs(value - key) <= allowance else 0)
        return _outcome(fraction), fraction, answer

    if kind == "text":
        if not isinstance(answer, str):
            raise wrong("expected the text typed")
        right = any(texts_equal(answer, accepted) for accepted in question["accepted"])
        return _outcome(Fraction(int(right))), Fraction(int(right)), answer

    if kind == "blanks":
        blanks = blanks_of(question)
        names = [name for name, _ in blanks]
        if not isinstance(answer, dict):
            raise wrong("expected an object giving the text typed in each blank")
        for name, text in answer.items():
            if name not in names:
                raise wrong("expected a blank id of this question")
            if text is not None and not isinstance(text, str):
                raise wrong("expected the text typed in the blank")
        given = {name: text for name, text in answer.items() if not _empty(text) and not _spaces_only(text)}
        if not given:
            return "unanswered", None, None
        right = sum(1 for name, accepted in blanks
                    if name in given and any(texts_equal(given[name], a) for a in accepted))  # fmt: skip
        fraction = Fraction(right, len(blanks))
        return _outcome(fraction), fraction, answer

    if kind == "match":
        if not isinstance(answer, dict):
            raise wrong("expected an object giving, for each item, the id of the item it is matched with")
        for left, right in answer.items():
            if left not in ids:
                raise wrong("expected an item id of this question")
            if right is not None and not isinstance(right, str):
                raise wrong("expected an item id of this question")
            if isinstance(right, str) and not _spaces_only(right) and right not in ids:
                raise wrong("expected an item id of this question")
        # null, "" and a pick of only spaces are no pick; with no pick at all the question is unanswered
        picks = {left: right for left, right in answer.items() if isinstance(right, str) and not _spaces_only(right)}
        if not picks:
            return "unanswered", None, None
        # a pair is right when the right-hand text picked is the left-hand item's own right-hand text
        right_text = {c["id"]: tuple(c.get("accepted") or ()) for c in choices}
        fraction = Fraction(sum(1 for left, right in picks.items() if right_text[right] == right_text[left]),
                            len(ids))  # fmt: skip
        return _outcome(fraction), fraction, answer

    if kind == "order":
        if not isinstance(answer, list) or sorted(answer, key=repr) != sorted(ids, key=repr):
            raise wrong("expected a list of every item id once, in the reader's order")
        position = {item: i for i, item in enumerate(answer)}
        pairs = [(a, b) for i, a in enumerate(ids) for b in ids[i + 1 :]]  # key order: a before b
        fraction = Fraction(sum(1 for a, b in pairs if position[a] < position[b]), len(pairs))
        return _outcome(fraction), fraction, answer

    if kind == "likert":
        if isinstance(answer, bool) or not isinstance(answer, int) or not 1 <= answer <= labels:
            raise wrong(f"expected a whole number from 1 to {labels}")
        return "answered", None, answer

    if kind == "reflection":
        if not isinstance(answer, str):
            raise wrong("expected the text typed")
        return "answered", None, answer

    raise AssertionError(f"unknown question kind {kind!r}")


def _outcome(fraction: Fraction) -> str:
    return "correct" if fraction == 1 else "incorrect" if fraction == 0 else "partial"


def _marks(question: dict[str, Any], answer: Any) -> dict[str, str]:
    """What each choice, blank or pair of an answered question was ("Marks"): a choice picked is right or wrong,
    a right one not picked is missed, a wrong one not picked has no mark; every blank and pair is right or wrong
    (an empty one is wrong). Other kinds, and unanswered questions, have none."""
    kind = question["kind"]
    if answer is None:
        return {}
    if kind in ("single", "truefalse", "multiple"):
        picked = {answer} if isinstance(answer, str) else set(answer)
        return {c["id"]: ("right" if c["correct"] else "wrong") if c["id"] in picked else "missed"
                for c in question["choices"] if c["id"] in picked or c["correct"]}  # fmt: skip
    if kind == "blanks":
        return {name: "right" if isinstance(answer.get(name), str) and any(texts_equal(answer[name], a)
                                                                           for a in accepted) else "wrong"
                for name, accepted in blanks_of(question)}  # fmt: skip
    if kind == "match":
        text = {c["id"]: tuple(c.get("accepted") or ()) for c in question["choices"]}
        return {left: "right" if answer.get(left) in text and text[answer[left]] == text[left] else "wrong"
                for left in text}  # fmt: skip
    return {}


# -- bands -----------------------------------------------------------------------------------------------


def band_index(bands: list[dict[str, Any]], value: Fraction | None) -> int | None:
    """The index (in the order given) of the band holding ``value``: from its low end up to the next
    band's low end, the top band also holding its high end."""
    if value is None or not bands:
        return None
    lows = sorted(range(len(bands)), key=lambda i: exact(bands[i]["low"]))
    for rank, index in enumerate(lows):
        low = exact(bands[index]["low"])
        if rank + 1 < len(lows):
            if low <= value < exact(bands[lows[rank + 1]]["low"]):
                return index
        elif low <= value <= exact(bands[index]["high"]):
            return index
    return None


# -- conditions ------------------------------------------------------------------------------------------

_TOKEN = re.compile(r"\s*(?:(?P<num>\d+(?:\.\d+)?|\.\d+)|(?P<name>[A-Za-z_][A-Za-z0-9_]*)"
                    r"|(?P<op>>=|<=|==|!=|>|<|\+|-|\(|\)|,))")  # fmt: skip
_COMPARE = {
    ">=": lambda a, b: a >= b,
    "<=": lambda a, b: a <= b,
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    ">": lambda a, b: a > b,
    "<": lambda a, b: a < b,
}
BUILT_INS = ("agreement", "distinct", "contradictions")


class ConditionError(ValueError):
    pass


class Undefined(Exception):
    """A condition needs ``agreement`` while no statement is answered (only possible in a quiz without scales,
    where notes are judged at once): the page defines no value, so the reference says the condition does not hold."""


def _tokens(text: str) -> list[tuple[str, str]]:
    out, pos, text = [], 0, text.rstrip()
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None or match.end() == pos:
            raise ConditionError(f"cannot read {text[pos:]!r}")
        kind = match.lastgroup or ""
        out.append((kind, match[kind]))
        pos = match.end()
    return out


def evaluate(condition: str, values: dict[str, Fraction | None]) -> bool:
    """Evaluate a ``when:`` condition exactly. ``values`` maps scale ids and the built-ins to numbers."""
    tokens = _tokens(condition)
    pos = 0

    def peek() -> tuple[str, str] | None:
        return tokens[pos] if pos < len(tokens) else None

    def take(expected: str | None = None) -> tuple[str, str]:
        nonlocal pos
        token = peek()
        if token is None or (expected is not None and token[1] != expected):
            raise ConditionError(f"expected {expected or 'more'} in {condition!r}")
        pos += 1
        return token

    def either() -> Any:
        value = both()
        while peek() == ("name", "or"):
            take()
            right = both()
            value = bool(value) or bool(right)
        return value

    def both() -> Any:
        value = negation()
        while peek() == ("name", "and"):
            take()
            right = negation()
            value = bool(value) and bool(right)
        return value

    def negation() -> Any:
        if peek() == ("name", "not"):
            take()
            return not negation()
        return comparison()

    def comparison() -> Any:
        left = total()
        result: Any = left
        chained = False
        while (token := peek()) is not None and token[0] == "op" and token[1] in _COMPARE:
            take()
            right = total()
            holds = _COMPARE[token[1]](left, right)
            result = holds if not chained else (result and holds)
            chained, left = True, right
        return result

    def total() -> Any:
        value = unary()
        while (token := peek()) is not None and token[1] in ("+", "-") and token[0] == "op":
            take()
            right = unary()
            value = value + right if token[1] == "+" else value - right
        return value

    def unary() -> Any:
        if peek() == ("op", "-"):
            take()
            return -unary()
        if peek() == ("op", "+"):
            take()
            return unary()
        return atom()

    def atom() -> Any:
        kind, text = take()
        if kind == "num":
            return Fraction(Decimal(text))
        if kind == "op" and text == "(":
            value = either()
            take(")")
            return value
        if kind == "name":
            if text == "always":
                return True
            if text in ("min", "max", "abs"):
                take("(")
                args = [total()]
                while peek() == ("op", ","):
                    take()
                    args.append(total())
                take(")")
                if text == "abs":
                    if len(args) != 1:
                        raise ConditionError("abs takes one value")
                    return abs(args[0])
                return min(args) if text == "min" else max(args)
            if text in values:
                value = values[text]
                if value is None:
                    raise Undefined(text)
                return value
        raise ConditionError(f"unexpected {text!r} in {condition!r}")

    try:
        result = either()
    except Undefined:
        return False
    if pos != len(tokens):
        raise ConditionError(f"unexpected {tokens[pos][1]!r} in {condition!r}")
    if not isinstance(result, bool):
        raise ConditionError(f"not a condition: {condition!r}")
    return result


# -- the whole quiz --------------------------------------------------------------------------------------


def reference_result(quiz: dict[str, Any], answers: dict[str, Any]) -> dict[str, Any]:
    """The result the page says the engine gives for these answers (see the module docstring)."""
    by_id = {q["id"]: q for q in quiz["questions"]}
    for qid in answers:
        if qid not in by_id:
            raise WrongShape(None, f"expected a question id of quiz {quiz['id']!r}; found {qid!r}")
    labels = _likert_size(quiz)

    questions = []
    given: dict[str, int] = {}  # likert answers as given
    score, maximum = Fraction(0), Fraction(0)
    scored_any = False
    for question in quiz["questions"]:
        qid, kind = question["id"], question["kind"]
        answer = answers.get(qid)
        outcome, fraction, counted = _judge(question, answer, labels)
        entry: dict[str, Any] = {"id": qid, "kind": kind, "outcome": outcome}
        if kind in SCORED_KINDS:
            scored_any = True
            weight = exact(question["weight"])
            points = weight * (fraction or 0)
            score += points
            maximum += weight
            entry.update(points=cut(points, 2), max=cut(weight, 2), fraction=fraction or Fraction(0),
                         exact_points=points, marks=_marks(question, counted))  # fmt: skip
        else:
            entry.update(points=None, max=None, fraction=None, exact_points=None, marks={})
            if kind == "likert" and outcome == "answered":
                given[qid] = counted
        questions.append(entry)

    percent = 100 * score / maximum if scored_any and maximum else None
    pass_mark = quiz.get("pass_mark")
    passed = None if pass_mark is None or percent is None else percent >= exact(pass_mark)
    band = band_index(quiz.get("bands") or [], percent) if percent is not None else None

    # scales
    scales, means = [], {}
    for scale in quiz.get("scales") or []:
        statements = [q for q in quiz["questions"] if q["kind"] == "likert" and q.get("scale") == scale["id"]]
        counted = [labels + 1 - given[q["id"]] if q.get("reverse") else given[q["id"]]
                   for q in statements if q["id"] in given]  # fmt: skip
        minimum = int(scale.get("minimum", 1))
        mean = Fraction(sum(counted), len(counted)) if counted and len(counted) >= minimum else None
        scale_score = 100 * (mean - 1) / (labels - 1) if mean is not None else None
        means[scale["id"]] = mean
        scales.append({
            "id": scale["id"],
            "answered": len(counted),
            "needed": max(0, minimum - len(counted)),
            "mean": cut(mean, 2),
            "score": cut(scale_score, 0),
            "band": band_index(scale.get("bands") or [], mean),
            "exact_mean": mean,
            "exact_score": scale_score,
        })  # fmt: skip

    # the three measures, on the answers as given
    values = list(given.values())
    agreement = Fraction(sum(values), len(values)) if values else None
    distinct = len(set(values))
    middle = Fraction(labels + 1, 2)
    pairs = set()
    statements = {q["id"]: q for q in quiz["questions"] if q["kind"] == "likert"}
    for q in statements.values():
        partner = q.get("partner") or ""
        if partner and partner in statements and partner != q["id"]:
            pairs.add(frozenset((q["id"], partner)))
    contradictions = 0
    for pair in pairs:
        first, second = sorted(pair)
        if first in given and second in given:
            a, b = given[first], given[second]
            if (a > middle and b > middle) or (a < middle and b < middle):
                contradictions += 1

    profile, notes = None, []
    if all(mean is not None for mean in means.values()):
        env: dict[str, Fraction | None] = {**means, "agreement": agreement, "distinct": Fraction(distinct),
                                           "contradictions": Fraction(contradictions)}  # fmt: skip
        for rule in quiz.get("profiles") or []:
            if evaluate(rule["when"], env):
                profile = rule["id"]
                break
        notes = [rule["id"] for rule in quiz.get("notes") or [] if evaluate(rule["when"], env)]

    return {
        "questions": questions,
        "score": cut(score, 2),
        "max": cut(maximum, 2),
        "percent": cut(percent, 1),
        "passed": passed,
        "band": band,
        "scales": scales,
        "profile": profile,
        "notes": notes,
        "measures": {"agreement": cut(agreement, 2), "distinct": distinct, "contradictions": contradictions},
        "exact": {"score": score, "max": maximum, "percent": percent, "agreement": agreement},
    }


def reference_labels(result: dict[str, Any]) -> dict[str, str]:
    """The label under each scored question, as the page shows it (``Correct. Points: 1 of 1.``)."""
    words = {"correct": "Correct.", "partial": "Partly correct.", "incorrect": "Not quite.",
             "unanswered": "Not answered."}  # fmt: skip
    return {
        q["id"]: f"{words[q['outcome']]} Points: {shown(q['points'])} of {shown(q['max'])}."
        for q in result["questions"]
        if q["points"] is not None
    }

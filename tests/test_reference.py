"""The engine against an independent reference of ``docs/contribute/scoring.md`` (tests/reference_scoring.py).

- every example row of the scoring page, through the reference and through the engine;
- the page's tables of refused answers, through the engine, message for message;
- random quizzes written as Markdown quiz source (every question kind, weights, tolerances, bands, pass
  marks, statements with scales, reverse keying, partners, profiles and notes), parsed by the engine and
  scored by both, with answers of every allowed shape, unanswered forms (blanks and picks empty or made
  of spaces of every kind, U+200B among them), typed numbers in every form of the grammar (groups split
  by every kind of space, by commas and by points, trailing decimal separators, ``%`` with or without a
  space, leading zeros, the 100-character edge) and around tolerance edges, and texts in case, accent,
  compatibility (``™``, U+2102, ``㎒``), Georgian, Devanagari, enclosing-mark, quote, guillemet, dash, minus-sign and
  spacing variants;
- answers of the wrong shape give ``{"error": …}`` naming the question, never a result;
- each revised point of the page, case by case, through both (so that every disagreement shows on its own).

Deterministic (derandomized, no example database); about 20 s in all when the engine and the reference agree.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st
from reference_scoring import (
    SPACES,
    WrongShape,
    cut,
    exact,
    read_number,
    reference_labels,
    reference_result,
    shown,
    texts_equal,
)

import quizlib
from quizlib import bridge
from quizlib.serialize import quiz_to_dict

PAGE = Path(__file__).resolve().parent.parent / "docs" / "contribute" / "scoring.md"
SETTINGS = {
    "derandomize": True,
    "database": None,
    "deadline": None,
    "print_blob": False,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
}

# -- running the engine --------------------------------------------------------------------------------


def engine(quiz: dict[str, Any], answers: dict[str, Any], document: dict[str, Any] | None = None) -> dict[str, Any]:
    """The engine's result (or ``{"error": …}``) through the browser's entry point, numbers as Decimals."""
    document = document if document is not None else {"format": 2, "quiz": quiz["id"], "answers": answers}
    text = bridge.check(json.dumps(quiz), json.dumps(document))
    result: dict[str, Any] = json.loads(text, parse_float=Decimal)
    return result


def parse(source: str) -> dict[str, Any]:
    return quiz_to_dict(quizlib.parse_quiz(source))


def number(value: Any) -> Decimal | None:
    """A number of the engine's result as a Decimal (None stays None)."""
    if value is None or isinstance(value, bool):
        return value
    return Decimal(value) if isinstance(value, int) else value


def band_range(quiz: dict[str, Any], scale: dict[str, Any], band: dict[str, Any]) -> str:
    """A scale band's range as "Shown to the reader" writes it: the scores, cut, of the lowest and the highest
    mean s/k in the band, for k answered statements (the scale's minimum up to all) and s from k to k·L; one
    number when they are the same."""
    top = len(quiz.get("likert") or []) or 5
    count = sum(q["kind"] == "likert" and q["scale"] == scale["id"] for q in quiz["questions"])
    lows = sorted(exact(other["low"]) for other in scale["bands"])
    following = [low for low in lows if low > exact(band["low"])]

    def inside(mean: Fraction) -> bool:
        return exact(band["low"]) <= mean and (mean < following[0] if following else mean <= exact(band["high"]))

    means = [Fraction(s, k) for k in range(max(1, scale["minimum"]), count + 1) for s in range(k, k * top + 1)]
    held = [100 * (mean - 1) / (top - 1) for mean in means if inside(mean)]
    low, high = shown(cut(min(held), 0)), shown(cut(max(held), 0))
    return low if low == high else f"{low} to {high}"


def expected_summary(quiz: dict[str, Any], ref: dict[str, Any]) -> str:
    """The result summary as "Shown to the reader" describes it."""
    parts = []
    if ref["percent"] is not None:
        parts.append(f"You scored {shown(ref['score'])} out of {shown(ref['max'])} ({shown(ref['percent'])}%).")
        if quiz.get("pass_mark") is not None:
            mark = shown(cut(exact(quiz["pass_mark"]), 1))
            parts.append(f"You passed: the pass mark is {mark}%." if ref["passed"]
                         else f"The pass mark is {mark}%: read the notes under the questions you missed, "
                         "and try them again another day.")  # fmt: skip
    for scale, found in zip(quiz["scales"], ref["scales"], strict=True):
        if found["score"] is None:
            parts.append(f"{scale['name']}: answer {found['needed']} more to see this score.")
        elif found["band"] is None:
            parts.append(f"{scale['name']}: {shown(found['score'])} out of 100.")
        else:
            band = scale["bands"][found["band"]]
            parts.append(
                f"{scale['name']}: {shown(found['score'])} out of 100 ({band['text']}: "
                f"{band_range(quiz, scale, band)})."
            )
    return " ".join(parts) or "Nothing here is scored: your answers are for you, and they stay in this browser."


def differences(quiz: dict[str, Any], answers: dict[str, Any], got: dict[str, Any],
                written: dict[str, list[str]] | None = None) -> list[str]:  # fmt: skip
    """Every way the engine's result ``got`` differs from the reference (empty when they agree).

    ``written``: band texts in the order the quiz source wrote them ("" for the quiz's result bands, a scale
    id for its bands), to check that band indexes count in written order; by default the quiz JSON's order.
    """
    try:
        ref = reference_result(quiz, answers)
    except WrongShape as error:
        return [] if "error" in got else [f"reference refuses the answers ({error}); engine gives a result"]
    if "error" in got:
        return [f"engine refuses the answers: {got['error']}"]
    found: list[str] = []

    def same(what: str, engine_value: Any, reference_value: Any) -> None:
        if isinstance(reference_value, Decimal | int) and not isinstance(reference_value, bool):
            ok = (isinstance(engine_value, Decimal | int) and not isinstance(engine_value, bool)
                  and number(engine_value) == reference_value)  # fmt: skip
        else:
            ok = engine_value == reference_value
        if not ok:
            found.append(f"{what}: engine {engine_value!r}, reference {reference_value!r}")

    def band_in_written_order(bands: list[dict[str, Any]], index: int | None, key: str) -> int | None:
        if index is None or written is None or key not in written:
            return index
        return written[key].index(bands[index]["text"])

    engine_questions = {q["id"]: q for q in got.get("questions", [])}
    labels = reference_labels(ref)
    for expected in ref["questions"]:
        qid = expected["id"]
        actual = engine_questions.get(qid)
        if actual is None:
            found.append(f"question {qid}: missing from the engine's result")
            continue
        same(f"question {qid} outcome", actual.get("outcome"), expected["outcome"])
        if expected["points"] is not None:
            same(f"question {qid} points", actual.get("points"), expected["points"])
            same(f"question {qid} max", actual.get("max"), expected["max"])
            same(f"question {qid} label", actual.get("label"), labels[qid])
        same(f"question {qid} marks", actual.get("marks"), expected["marks"])
    same("score", got.get("score"), ref["score"])
    same("max", got.get("max"), ref["max"])
    same("percent", got.get("percent"), ref["percent"])
    same("passed", got.get("passed"), ref["passed"])
    same("band", got.get("band"), band_in_written_order(quiz["bands"], ref["band"], ""))
    engine_scales = {s["id"]: s for s in got.get("scales", [])}
    for scale, expected in zip(quiz["scales"], ref["scales"], strict=True):
        actual = engine_scales.get(scale["id"])
        if actual is None:
            found.append(f"scale {scale['id']}: missing from the engine's result")
            continue
        for field in ("mean", "score", "needed", "answered"):
            same(f"scale {scale['id']} {field}", actual.get(field), expected[field])
        same(f"scale {scale['id']} band", actual.get("band"),
             band_in_written_order(scale["bands"], expected["band"], scale["id"]))  # fmt: skip
    same("profile", got.get("profile"), ref["profile"])
    same("notes", got.get("notes"), ref["notes"])
    measures = got.get("measures")
    if not isinstance(measures, dict):
        found.append(f"measures: engine {measures!r}, reference {ref['measures']!r}")
    else:
        same("measures.distinct", measures.get("distinct"), ref["measures"]["distinct"])
        same("measures.contradictions", measures.get("contradictions"), ref["measures"]["contradictions"])
        same("measures.agreement", measures.get("agreement"), ref["measures"]["agreement"])
    same("summary", got.get("summary"), expected_summary(quiz, ref))
    return found


# -- the page's own examples ---------------------------------------------------------------------------

LEFT_OUT = object()


def _cell(text: str) -> Any:
    text = text.strip()
    if text == "left out":
        return LEFT_OUT
    if text.startswith("`") and text.endswith("`"):
        return json.loads(text[1:-1])
    return text


def page_examples() -> tuple[dict[str, str], list[tuple[str, list[str], list[list[Any]]]]]:
    """The quiz sources of the scoring page by id, and its example tables (the quiz they follow, header, rows)."""
    quizzes: dict[str, str] = {}
    tables = []
    current = ""
    lines = PAGE.read_text(encoding="utf-8").splitlines()
    i = 0
    while i < len(lines):
        if lines[i].startswith("```quiz"):
            end = lines.index("```", i + 1)
            body = "\n".join(lines[i + 1 : end])
            match = re.search(r"^id: (.*)$", body, re.M)
            assert match, body
            current = match[1]
            quizzes[current] = body
            i = end + 1
        elif lines[i].startswith("|") and i + 1 < len(lines) and lines[i + 1].startswith("|---"):
            header = [h.strip() for h in lines[i].strip().strip("|").split("|")]
            rows = []
            i += 2
            while i < len(lines) and lines[i].startswith("|"):
                rows.append(lines[i].strip()[1:-1].split(" | "))
                i += 1
            if set(header) & {"answer", "answers", "document"}:  # an example, as tests/parity/spec.py reads them
                tables.append((current, header, [[_cell(c) for c in row] for row in rows]))
        else:
            i += 1
    return quizzes, tables


def _row_expectations(quiz_id: str, header: list[str], row: list[Any]) -> tuple[str, Any, dict[str, Any]]:
    """(quiz id, answers or a whole document, {what: expected}) for one row of a table."""
    values = dict(zip(header, row, strict=True))
    quiz_id = values.pop("quiz", quiz_id)
    if "document" in values:
        return quiz_id, ("document", values.pop("document")), values
    if "answer" in values:
        answer = values.pop("answer")
        answers = {} if answer is LEFT_OUT else {"q1": answer}
    else:
        answers = values.pop("answers")
    renamed = {}
    for key, value in values.items():
        key = {"outcome": "q1 outcome", "points": "q1 points", "label": "q1 label", "marks": "q1 marks"}.get(key, key)
        renamed[key] = None if value == "null" else value
    return quiz_id, answers, renamed


def _actual(what: str, quiz: dict[str, Any], result: dict[str, Any]) -> Any:
    """The value named by a column of the page's tables, out of an engine-like result."""
    questions = {q["id"]: q for q in result["questions"]}
    scales = {s["id"]: s for s in result["scales"]}
    if re.fullmatch(r"q\d+ (outcome|points|label|marks)", what):
        qid, field = what.split()
        return questions[qid][field]
    if what in ("score", "max", "percent", "passed", "band", "profile", "notes", "summary"):
        return result[what]
    if what == "contradictions":
        return result["measures"]["contradictions"]
    scale, field = what.split()
    return scales[scale][field]


def _equal(actual: Any, expected: Any) -> bool:
    if isinstance(expected, int | float) and not isinstance(expected, bool):
        return (isinstance(actual, int | float | Decimal) and not isinstance(actual, bool)
                and Decimal(str(actual)) == Decimal(str(expected)))  # fmt: skip
    return bool(actual == expected)


def _reference_like(quiz: dict[str, Any], answers: dict[str, Any]) -> dict[str, Any]:
    """The reference's result in the engine's shape (labels and summary included)."""
    ref = reference_result(quiz, answers)
    labels = reference_labels(ref)
    for question in ref["questions"]:
        question["label"] = labels.get(question["id"], "")
    return {**ref, "summary": expected_summary(quiz, ref)}


def _page_rows() -> list[tuple[str, Any, dict[str, Any]]]:
    _, tables = page_examples()
    return [_row_expectations(quiz_id, header, row)
            for quiz_id, header, rows in tables for row in rows]  # fmt: skip


def test_page_rows_through_the_reference() -> None:
    """Every example row of the page comes out of the reference as the page says (a check on the reference)."""
    sources, _ = page_examples()
    wrong = []
    for quiz_id, answers, expected in _page_rows():
        quiz = parse(sources[quiz_id])
        if isinstance(answers, tuple):
            continue  # a whole answers document: the engine's business (test_page_refusals)
        if "error" in expected:
            try:
                reference_result(quiz, answers)
                wrong.append(f"{quiz_id} {answers}: the reference accepts what the page refuses")
            except WrongShape:
                pass
            continue
        result = _reference_like(quiz, answers)
        for what, value in expected.items():
            if not _equal(_actual(what, quiz, result), value):
                wrong.append(f"{quiz_id} {answers} {what}: reference {_actual(what, quiz, result)!r}, page {value!r}")
    assert not wrong, "\n".join(wrong)


def test_page_rows_through_the_engine() -> None:
    """Every example row of the page, through the engine's JSON entry point (errors message for message)."""
    sources, _ = page_examples()
    wrong = []
    count = 0
    for quiz_id, answers, expected in _page_rows():
        quiz = parse(sources[quiz_id])
        count += 1
        document = answers[1] if isinstance(answers, tuple) else None
        result = engine(quiz, {} if document else answers, document)
        if "error" in expected:
            if result.get("error") != expected["error"]:
                wrong.append(f"{quiz_id} {answers}: engine error {result.get('error')!r}, page {expected['error']!r}")
            continue
        if "error" in result:
            wrong.append(f"{quiz_id} {answers}: engine refuses: {result['error']}")
            continue
        for what, value in expected.items():
            try:
                actual = _actual(what, quiz, result)
            except (KeyError, TypeError) as error:
                actual = f"<missing {error}>"
            if not _equal(actual, value):
                wrong.append(f"{quiz_id} {answers} {what}: engine {actual!r}, page {value!r}")
    assert count > 60
    assert not wrong, "\n".join(wrong)


# -- strategies: numbers -------------------------------------------------------------------------------

DIGIT_SETS = {
    "ascii": "0123456789",
    "fullwidth": "".join(chr(0xFF10 + i) for i in range(10)),
    "arabic-indic": "".join(chr(0x0660 + i) for i in range(10)),
    "devanagari": "".join(chr(0x0966 + i) for i in range(10)),
    "mathematical bold": "".join(chr(0x1D7CE + i) for i in range(10)),  # outside the BMP: one character each
}
# Every kind of character the page calls a space: Unicode 3.2's Zs (U+200B among them), Zl, Zp, the tabs
# and the line breaks.
SPACE_KINDS = [" ", "\u00a0", "\u1680", *(chr(c) for c in range(0x2000, 0x200C)), "\u202f", "\u205f", "\u3000",
               "\u2028", "\u2029", "\t", "\x0b", "\n", "\r", "\x0c", "\x85"]  # fmt: skip
A_SPACE = st.one_of(st.just(" "), st.sampled_from(SPACE_KINDS))
SPACE_RUNS = st.lists(A_SPACE, min_size=1, max_size=3).map("".join)
PADDING = st.one_of(st.just(""), st.just(""), SPACE_RUNS)


def decimal_text(value: Fraction) -> str:
    """A finite decimal as plain text (no exponent, no trailing zeros)."""
    text = format(Decimal(value.numerator) / Decimal(value.denominator), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def to_decimal(value: Fraction) -> Fraction:
    """``value`` when it is a finite decimal (checked), for the formatter."""
    text = decimal_text(value)
    assert Fraction(Decimal(text)) == value, value
    return value


EXTRA_ZEROS = st.sampled_from([0, 0, 0, 1, 2])
POINTS = st.sampled_from([".", ","])
GROUPINGS = st.sampled_from(["", "", "space", ",", "."])
FEW_DECIMALS = st.sampled_from(["", "0", "5"])
ONE_IN_FOUR = st.integers(0, 3).map(lambda n: n == 0)
ONE_IN_EIGHT = st.integers(0, 7).map(lambda n: n == 0)
ONE_IN_TEN = st.integers(0, 9).map(lambda n: n == 0)
ONE_OR_TWO = st.integers(1, 2)
DIGIT_SET_NAMES = st.sampled_from(["ascii", "ascii", "ascii", "fullwidth", "arabic-indic", "devanagari",
                                   "mathematical bold"])  # fmt: skip
MINUS_FORMS = st.sampled_from(["-", "\u2212"])
PLUS_FORMS = st.sampled_from(["", "", "", "+"])
PERCENT_FORMS = st.sampled_from(["", "", "", "", "%", " %"])
EDGE_SIZES = st.sampled_from([99, 100, 100, 101])


def group(whole: str, separators: list[str]) -> str:
    """``whole`` split into a first group of one to three digits and groups of three, by ``separators``."""
    head = len(whole) % 3 or 3
    groups = [whole[:head]] + [whole[i : i + 3] for i in range(head, len(whole), 3)]
    return groups[0] + "".join(sep + g for sep, g in zip(separators, groups[1:], strict=False))


@st.composite
def typed_number(draw: st.DrawFn, value: Fraction) -> str:
    """``value`` typed in one of the forms of the page's grammar (mostly read back as ``value``), with
    grouping by every kind of single space, by commas and by points, decimal separators with and without
    digits after them (`12.`), `%` with or without a space before it, leading zeros, and the 100-character
    edge."""
    text = decimal_text(to_decimal(value))
    negative = text.startswith("-")
    whole, _, decimals = text.lstrip("-").partition(".")
    decimals += "0" * draw(EXTRA_ZEROS)
    point = draw(POINTS)
    # a decimal separator with no digits after it: `12.`, `12,`, `1,500.`
    trailing = not decimals and draw(ONE_IN_FOUR)
    grouping = draw(GROUPINGS) if len(whole) > 3 else ""
    if grouping == "space":
        whole = group(whole, [draw(A_SPACE) for _ in whole])
    elif grouping == ",":
        whole = group(whole, [","] * len(whole))
        point = "."  # groups of commas end with a decimal point
    elif grouping == ".":
        whole = group(whole, ["."] * len(whole))
        point = ","  # groups of points: with a decimal comma, or with no decimals when there are two points
        if whole.count(".") < 2 and not decimals:
            decimals = draw(FEW_DECIMALS)
            trailing = not decimals
    if draw(ONE_IN_TEN):
        whole = "0" * draw(ONE_OR_TWO) + whole  # leading zeros (a grouped number is then no number)
    if whole == "0" and decimals and draw(st.booleans()):
        whole = ""
    body = whole + (point + decimals if decimals else point if trailing else "")
    digits = DIGIT_SETS[draw(DIGIT_SET_NAMES)]
    body = "".join(digits[int(c)] if c.isdigit() else c for c in body)
    sign = draw(MINUS_FORMS) if negative else draw(PLUS_FORMS)
    percent = draw(PERCENT_FORMS)
    if percent == " %":
        percent = draw(A_SPACE) + "%"
    typed = draw(PADDING) + sign + body + percent + draw(PADDING)
    if draw(ONE_IN_EIGHT):
        # the 100-character edge: spaces (of any kind) added at either end up to 99, 100 or 101 characters
        size = draw(EDGE_SIZES)
        if len(typed) < size:
            fill = draw(A_SPACE) * (size - len(typed))
            cut_at = draw(st.integers(0, len(fill)))
            typed = fill[:cut_at] + typed + fill[cut_at:]
    return typed


NEAR_MISSES = st.sampled_from([
    "{}e3", "{}e0", "1_{}", "about {}", "{} jobs", "~{}", "{}.", "{},", "{}.,", "--{}", "+-{}", "{} %", "{}  %",
    "{}%%", "% {}", "({})", "{}\u00a0", "{}\u200b%", "{} 5", "0x{}", "{}/1", "- {}", "{}\u2030", "{}\ufeff",
    "\u180e{}", "{}\u00ad", "{}\u00b2", "0{}", "00{}", "{}" + " " * 90, "0" * 90 + "{}", "{}'",
])  # fmt: skip
NUMBER_ALPHABET = "0123456789 ,.+-\u2212%\uff11\u0662e_\u00a0\u200b\u202f\t"


UNITS = st.sampled_from([Fraction(1), Fraction(1, 10), Fraction(1, 100), Fraction(1, 1000)])
SIDES = st.sampled_from([-1, 1])
WHERE = st.integers(0, 4)
HOW = st.sampled_from(["typed"] * 6 + ["json", "near miss", "fuzz"])
HUNDREDTHS = st.integers(-500, 500)
TENTHS = st.integers(-(10**7), 10**7)
FUZZ = st.text(NUMBER_ALPHABET, min_size=1, max_size=12)


@st.composite
def number_answer(draw: st.DrawFn, key: Fraction, allowance: Fraction) -> Any:
    """An answer to a numeric question: typed or JSON, near the key and around the tolerance's edges."""
    edge = key + draw(SIDES) * allowance
    where = draw(WHERE)
    if where == 0:
        value = key
    elif where == 1:
        value = edge
    elif where == 2:
        value = edge + draw(SIDES) * draw(UNITS)  # just inside or just outside the tolerance
    elif where == 3:
        value = key + Fraction(draw(HUNDREDTHS), 100)
    else:
        value = Fraction(draw(TENTHS), 10)
    how = draw(HOW)
    if how == "json":
        as_float = float(Decimal(decimal_text(value)))
        if Fraction(Decimal(repr(as_float))) == value:
            return int(as_float) if as_float.is_integer() and draw(st.booleans()) else as_float
        how = "typed"
    if how == "near miss":
        return draw(NEAR_MISSES).format(decimal_text(value))
    if how == "fuzz":
        return draw(FUZZ)
    return draw(typed_number(value))


# -- strategies: texts ---------------------------------------------------------------------------------

ACCEPTED = ["calling", "a calling", "vocation", "curriculum vitæ", "CV", "Straße", "café", "naïve", "rock 'n' roll",
            "self-made", "co-op", "Résumé", "ﬁnance", "Σοφία", "İstanbul", "job", "career", "careers", "pay now",
            "step up", "O'Brien", "U.S.", "Œuvre", "Ångström", "smörgåsbord", "10-4",
            # compatibility characters, Georgian capitals (which fold to U+2D00…), Devanagari vowel signs,
            # virama and nukta, enclosing marks, Greek with a subscript iota, quotes, guillemets, dashes, the
            # minus sign, the prime, a no-break space and a zero-width space
            "Brand™", "\u2102 numbers", "5 MHz", "5 ㎒", "\u22125 ℃", "\u10a0\u10a1\u10a2", "\u2d00\u2d01", "नमस्ते",
            "किताब",
            "\u0958िला", "ok\u20dd", "\u20dea", "le «mot» juste", "“quoted”", "it\u2019s", "6\u20322″", "pay–as–you–go",
            "ᾠδή", "pay\u00a0now", "Ⅻ", "№ 5"]  # fmt: skip
WRONG_TEXTS = ["callings", "the calling", "c.v.", "jobs", "carreer", "curriculum vitae", "strase", "", "?", "...",
               "-", "calling calling", "vocations", "co op", "selfmade", "\u10d0\u10d1\u10d2", "नमसत", "कतब", "ωδη",
               "worklife", "6'2\"", "TM", "5mhz"]  # fmt: skip
ACCENTED = {"a": "áàâäå", "e": "éèêë", "i": "íìîï", "o": "óòôöø", "u": "úùûü", "c": "ç", "n": "ñ"}
END_MARKS = [" ", ".", ",", ";", ":", "!", "?", "'", '"', "  ", "?!", ". ", "…", "\u2019", "\u201d", "«", "»",
             "\u201e", "\u2032", "\u2033", "\u00a0", "\u200b", "\u3000", "\u2028", "-", "\u2212", "*"]  # fmt: skip
SINGLE_QUOTE_FORMS = "'\u2018\u2019\u201a\u201b\u2032"
DOUBLE_QUOTE_FORMS = '"\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb'
DASH_FORMS = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
COMPATIBLE = [("TM", "™"), ("tm", "™"), ("C", "\u2102"), ("MHz", "㎒"), (" MHz", "㎒"), ("fi", "ﬁ"), ("fl", "ﬂ"),
              ("ff", "ﬀ"), ("XII", "Ⅻ"), ("No", "№"), ("°C", "℃"), ("A", "Å"), ("K", "K"), ("s", "\u017f"),
              ("ss", "ß"), ("...", "…"), ("1", "¹"), ("a", "ª"), ("o", "º")]  # fmt: skip
ENCLOSING_MARKS = "\u20dd\u20de\u20df\u20e0\u20e2"
DEVANAGARI_MARKS = "\u094d\u093c\u093f\u093e\u0940\u0941"  # virama and nukta (class 9 and 7), vowel signs (0)
GEORGIAN = {chr(0x10A0 + i): chr(0x2D00 + i) for i in range(0x26)}


VARIANT_STEPS = st.lists(st.sampled_from([
    "upper", "lower", "title", "swapcase", "casefold", "nfd", "nfc", "nfkc", "accents", "strip accents", "fullwidth",
    "ligature", "compat", "quotes", "dashes", "spaces", "zero-width", "ends", "georgian", "devanagari", "enclose",
    "iota", "wrong letter", "plural"]), max_size=4)  # fmt: skip
ACCENTED_FORMS = {plain: st.sampled_from(forms) for plain, forms in ACCENTED.items()}
COMPATIBLE_PAIRS = st.sampled_from(COMPATIBLE)
SINGLE_QUOTES = st.sampled_from(SINGLE_QUOTE_FORMS)
DOUBLE_QUOTES = st.sampled_from(DOUBLE_QUOTE_FORMS)
DASHES = st.sampled_from(DASH_FORMS)
INVISIBLES = st.sampled_from(["\u200b", "\u00a0", "\u200c", "\ufeff"])
ENDS = st.sampled_from(END_MARKS)
DEVANAGARI = st.sampled_from(DEVANAGARI_MARKS)
ENCLOSING = st.sampled_from(ENCLOSING_MARKS)
OMEGA_FORMS = st.sampled_from(["ὠι", "ὠ\u0345", "ω\u0313\u0345", "ᾨ", "ὠ"])
ALPHA_FORMS = st.sampled_from(["\u03b1", "ᾳ", "\u03b1\u0345"])
WRONG_LETTERS = st.sampled_from("xqz")
TO_GEORGIAN_CAPITALS = {small: capital for capital, small in GEORGIAN.items()}


@st.composite
def text_variant(draw: st.DrawFn, text: str) -> str:
    """``text`` with changes that the page's normalisation may undo (or may not: the reference decides)."""
    steps = draw(VARIANT_STEPS)
    for step in steps:
        if step in ("upper", "lower", "title", "swapcase", "casefold"):
            text = getattr(text, step)()
        elif step in ("nfd", "nfc", "nfkc"):
            text = unicodedata.normalize(step.upper(), text)
        elif step == "accents":
            text = "".join(draw(ACCENTED_FORMS[c]) if c in ACCENTED and draw(st.booleans()) else c
                           for c in text)  # fmt: skip
        elif step == "strip accents":
            text = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
        elif step == "fullwidth":
            text = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" and draw(st.booleans()) else c for c in text)
        elif step == "ligature":
            text = text.replace("fi", "ﬁ").replace("fl", "ﬂ")
        elif step == "compat":
            plain, compat = draw(COMPATIBLE_PAIRS)
            text = (
                text.replace(compat, plain) if compat in text and draw(st.booleans()) else text.replace(plain, compat)
            )
        elif step == "quotes":
            text = re.sub("['\u2018\u2019\u2032]", lambda _: draw(SINGLE_QUOTES), text)
            text = re.sub('["\u201c\u201d\u00ab\u00bb\u2033]', lambda _: draw(DOUBLE_QUOTES), text)
        elif step == "dashes":
            text = re.sub("[-\u2013\u2212]", lambda _: draw(DASHES), text)
        elif step == "spaces":
            text = re.sub("[ \u00a0\u200b]", lambda _: draw(SPACE_RUNS), text)
        elif step == "zero-width":
            i = draw(st.integers(0, len(text)))
            text = text[:i] + draw(INVISIBLES) + text[i:]
        elif step == "ends":
            text = draw(ENDS) + text + draw(ENDS)
        elif step == "georgian":
            text = "".join(GEORGIAN.get(c, TO_GEORGIAN_CAPITALS.get(c, c)) for c in text)
        elif step == "devanagari" and text:
            i = draw(st.integers(0, len(text)))
            if draw(st.booleans()):
                text = text[:i] + draw(DEVANAGARI) + text[i:]
            else:
                text = "".join(c for c in text if c not in DEVANAGARI_MARKS or draw(st.booleans()))
        elif step == "enclose":
            i = draw(st.integers(0, len(text)))
            if any(c in ENCLOSING_MARKS for c in text) and draw(st.booleans()):
                text = "".join(c for c in text if c not in ENCLOSING_MARKS)
            else:
                text = text[:i] + draw(ENCLOSING) + text[i:]
        elif step == "iota":
            text = text.replace("ᾠ", draw(OMEGA_FORMS)).replace("\u03b1", draw(ALPHA_FORMS))
        elif step == "wrong letter" and text:
            i = draw(st.integers(0, len(text) - 1))
            text = text[:i] + draw(WRONG_LETTERS) + text[i + 1 :]
        elif step == "plural":
            text += "s"
    return text


def text_answer(accepted: list[str]) -> st.SearchStrategy[str]:
    return _text_answer(tuple(accepted))


TEXT_ALPHABET = "aAéÉß .,'\u2019-\u2013\t!?ﬁ™\u2102㎒\u10a0\u2d00कि\u094d\u20dd«»\u2212\u200b\u00a0\u2033\u0345\u03b9"


@functools.cache
def _text_answer(accepted: tuple[str, ...]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(accepted).flatmap(text_variant),
        st.sampled_from(accepted).flatmap(text_variant),
        st.sampled_from(WRONG_TEXTS + ACCEPTED).flatmap(text_variant),
        st.text(st.sampled_from(TEXT_ALPHABET), max_size=6),
    )


# -- strategies: quizzes -------------------------------------------------------------------------------


class Question:
    """One generated question: its source lines and what answering it needs."""

    def __init__(self, kind: str, lines: list[str], **info: Any) -> None:
        self.kind, self.lines, self.info = kind, lines, info
        self.id = ""


def decimals_text(value: Fraction, places: int) -> str:
    return f"{Decimal(value.numerator) / Decimal(value.denominator):.{places}f}"


weights = st.one_of(st.none(), st.integers(1, 1000).map(lambda n: Fraction(n, 100)))
choice_texts = ["Pay", "A path", "Time", "Learning", "Money now", "A step up", "The same job", "Training"]
feedbacks = st.one_of(st.none(), st.sampled_from(["Yes.", "Not quite: think again.", "Right, partly."]))


def weight_lines(weight: Fraction | None, style: int) -> list[str]:
    if weight is None:
        return []
    text = decimal_text(weight) if style == 0 else decimals_text(weight, 2)
    return [f"weight: {text}"]


@st.composite
def choice_question(draw: st.DrawFn) -> Question:
    count = draw(st.integers(2, 5))
    correct = draw(st.lists(st.booleans(), min_size=count, max_size=count))
    if not any(correct):
        correct[draw(st.integers(0, count - 1))] = True
    kind = "multiple" if sum(correct) > 1 else "single"
    lines = []
    if kind == "single" and draw(st.integers(0, 4)) == 0:
        kind = "multiple"
        lines.append("type: multiple")
    if kind == "multiple" and draw(st.booleans()):
        lines.append("scoring: partial")
    lines += weight_lines(draw(weights), draw(st.integers(0, 1)))
    for i, right in enumerate(correct):
        lines.append(f"- [{'x' if right else ' '}] {choice_texts[i]}")
        feedback = draw(feedbacks)
        if feedback:
            lines.append(f"  feedback: {feedback}")
    return Question(kind, lines)


@st.composite
def truefalse_question(draw: st.DrawFn) -> Question:
    answer = draw(st.sampled_from(["true", "false", "True", "FALSE"]))
    return Question("truefalse", ["type: truefalse", f"answer: {answer}", *weight_lines(draw(weights), 0)])


@st.composite
def numeric_question(draw: st.DrawFn) -> Question:
    places = draw(st.integers(0, 3))
    magnitude = draw(st.sampled_from([10**2, 10**4, 10**7]))
    key = Fraction(draw(st.integers(-magnitude, magnitude)), 10**places)
    kind = draw(st.sampled_from(["none", "absolute", "relative"]))
    lines = ["type: numeric", f"answer: {decimal_text(key)}"]
    if kind == "none":
        allowance = Fraction(0)
    elif kind == "absolute":
        tolerance = Fraction(draw(st.integers(0, 500)), 100)
        allowance = tolerance
        lines.append(f"tolerance: {decimal_text(tolerance)}")
    else:
        percent = Fraction(draw(st.integers(1, 500)), 10)
        allowance = abs(key) * percent / 100
        lines.append(f"tolerance: {decimal_text(percent)}%")
    lines += weight_lines(draw(weights), 0)
    return Question("numeric", lines, key=key, allowance=allowance, tolerance_kind=kind)


@st.composite
def text_question(draw: st.DrawFn) -> Question:
    accepted = draw(st.lists(st.sampled_from(ACCEPTED), min_size=1, max_size=3, unique=True))
    lines = ["type: text", "answer: " + " | ".join(accepted), *weight_lines(draw(weights), 0)]
    return Question("text", lines, accepted=accepted)


@st.composite
def order_question(draw: st.DrawFn) -> Question:
    count = draw(st.integers(2, 5))
    lines = [*weight_lines(draw(weights), 0), *(f"{i + 1}. Step {i + 1}" for i in range(count))]
    return Question("order", lines, ids=[chr(97 + i) for i in range(count)])


@st.composite
def blanks_question(draw: st.DrawFn) -> Question:
    count = draw(st.integers(1, 3))
    blanks = [draw(st.lists(st.sampled_from(ACCEPTED), min_size=1, max_size=2, unique=True)) for _ in range(count)]
    words = ["A job is", "and then", "while a career is", "across", "and that is"]
    prompt = " ".join(f"{words[i]} [[{' | '.join(accepted)}]]" for i, accepted in enumerate(blanks)) + "."
    return Question("blanks", ["type: blanks", *weight_lines(draw(weights), 0)], prompt=prompt, blanks=blanks)


@st.composite
def match_question(draw: st.DrawFn) -> Question:
    count = draw(st.integers(2, 4))
    lefts = ["Job", "Career", "Calling", "Trade"]
    rights = ["Pay, now", "Moving up, over years", "Work that matters in itself", "A skill of the hands"]
    lines = ["type: match", *weight_lines(draw(weights), 0)]
    lines += [f"- {lefts[i]} = {rights[i]}" for i in range(count)]
    return Question("match", lines, ids=[chr(97 + i) for i in range(count)])


def reflection_question() -> st.SearchStrategy[Question]:
    return st.builds(lambda: Question("reflection", ["type: reflection"]))


scored_questions = st.one_of(choice_question(), truefalse_question(), numeric_question(), text_question(),
                             order_question(), blanks_question(), match_question())  # fmt: skip


@st.composite
def bands(draw: st.DrawFn, low: int, high: int, max_places: int, unit: str) -> list[tuple[str, str]]:
    """Band lines from ``low`` to ``high`` with no gap at their precision, in a random written order.

    Returns (source line, band text) pairs in the written order.
    """
    places = draw(st.integers(0, max_places))
    step = Fraction(1, 10**places)
    span = int((high - low) / step)
    count = draw(st.integers(1, min(4, span + 1)))
    likely = [int((p - low) / step) for p in LIKELY_PERCENTS_LIST if low < p <= high and (p - low) / step % 1 == 0]
    cut_points = (
        st.one_of(st.integers(1, span), st.sampled_from(likely)) if likely and high == 100 else st.integers(1, span)
    )
    cuts = sorted(draw(st.lists(cut_points, min_size=count - 1, max_size=count - 1, unique=True)))
    starts = [Fraction(low)] + [low + c * step for c in cuts]
    ends = [s - step for s in starts[1:]] + [Fraction(high)]
    lines = []
    for i, (start, end) in enumerate(zip(starts, ends, strict=True)):
        text = f"band {i} {draw(st.sampled_from(['low', 'mid', 'high', 'top']))}"
        lines.append((f"band: {decimals_text(start, places)}-{decimals_text(end, places)}{unit}: {text}", text))
    return draw(st.permutations(lines))


# Percents a few questions often reach exactly (k of n), for pass marks and band edges on the line.
LIKELY_PERCENTS_LIST = [
    Fraction(p) for p in ("20", "25", "33.3", "33.4", "40", "50", "60", "66.6", "66.7", "75", "80", "100")
]
LIKELY_PERCENTS = st.sampled_from(LIKELY_PERCENTS_LIST)
NUMBER_LITERALS = st.sampled_from(["0", "0.5", "1", "1.5", "2", "2.25", "2.5", "3", "3.5", "4", "4.75", "5"])
COMPARISONS = st.sampled_from([">=", "<=", ">", "<", "==", "!="])


@functools.cache
def conditions(scale_ids: tuple[str, ...]) -> st.SearchStrategy[str]:
    names = st.sampled_from(scale_ids)
    measure = st.one_of(
        names,
        st.sampled_from(["agreement", "distinct", "contradictions"]),
        st.builds("{} - {}".format, names, names),
        st.builds("{} + {}".format, names, NUMBER_LITERALS),
        st.builds("min({}, {})".format, names, names),
        st.builds("max({}, {})".format, names, st.one_of(names, NUMBER_LITERALS)),
        st.builds("abs({} - {})".format, names, names),
    )
    comparison = st.builds("{} {} {}".format, measure, COMPARISONS, st.one_of(NUMBER_LITERALS, names))

    def joined(first: st.SearchStrategy[str], second: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        return st.one_of(
            st.builds("not {}".format, first),
            st.builds("{} and {}".format, first, second),
            st.builds("({} or {})".format, first, second),
            st.builds("{} or {}".format, first, second),
        )

    # up to three comparisons, joined by not / and / or (with and without brackets)
    two = joined(comparison, comparison)
    return st.one_of(comparison, two, joined(two, comparison), joined(comparison, two))


class Generated:
    """A generated quiz: its source, its questions, and the written order of its bands."""

    def __init__(self, source: str, questions: list[Question], written: dict[str, list[str]], labels: int) -> None:
        self.source, self.questions, self.written, self.labels = source, questions, written, labels


def assemble(settings_lines: list[str], blocks: list[list[str]]) -> str:
    return "\n".join(settings_lines + [""] + ["\n".join(b) + "\n" for b in blocks])


@st.composite
def quizzes(draw: st.DrawFn) -> Generated:
    """A random quiz as Markdown quiz source, which the engine must accept."""
    head = ["id: generated"]
    written: dict[str, list[str]] = {}
    if draw(st.booleans()):
        mark = draw(st.one_of(st.integers(0, 1000).map(lambda n: Fraction(n, 10)), LIKELY_PERCENTS))
        head.append(f"pass: {decimal_text(mark)}%")
    if draw(st.booleans()):
        lines = draw(bands(0, 100, 1, "%"))
        head += [line for line, _ in lines]
        written[""] = [text for _, text in lines]
    labels = 5
    if draw(st.integers(0, 2)) == 0:
        labels = draw(st.integers(2, 7))
        head.append("likert: " + " | ".join(f"L{i + 1}" for i in range(labels)))

    questions = draw(st.lists(st.one_of(scored_questions, reflection_question()), max_size=5))
    scale_blocks: list[list[str]] = []
    scale_ids = [f"s{chr(97 + i)}" for i in range(draw(st.integers(0, 3)))]
    statements: list[Question] = []
    for scale_id in scale_ids:
        count = draw(st.integers(1, 3))
        block = [f"scale: {scale_id}", f"name: Scale {scale_id.upper()}"]
        if draw(st.booleans()):
            block.append(f"minimum: {draw(st.integers(1, count))}")
        if draw(st.integers(0, 3)):
            lines = draw(bands(1, labels, 2, ""))
            block += [line for line, _ in lines]
            written[scale_id] = [text for _, text in lines]
        scale_blocks.append(block)
        for _ in range(count):
            lines = ["type: likert", f"measures: {scale_id}"]
            if draw(st.booleans()):
                lines.append(draw(st.sampled_from(["reverse: yes", "reverse: no", "reverse: true"])))
            statements.append(Question("likert", lines))
    if not questions and not statements:
        questions = [draw(scored_questions)]
    order = draw(st.permutations(questions + statements))
    for number, question in enumerate(order, 1):
        question.id = f"q{number}" if question.kind != "likert" or draw(st.booleans()) else f"st{number}"
    names = [q.id for q in order if q.kind == "likert"]
    for question in order:
        if question.kind == "likert" and len(names) > 1 and draw(st.integers(0, 2)) == 0:
            partner = draw(st.sampled_from([n for n in names if n != question.id]))
            question.lines.append(f"partner: {partner}")

    def block(number: int, question: Question) -> list[str]:
        prompt = question.info.get("prompt") or f"Question {number} ({question.kind})?"
        lines = [f"question: {prompt}"]
        if question.id != f"q{number}":
            lines.append(f"id: {question.id}")
        return lines + question.lines

    blocks = scale_blocks + [block(n, q) for n, q in enumerate(order, 1)]
    rules: list[list[str]] = []
    if scale_ids:
        for i in range(draw(st.integers(0, 2))):
            rules.append([f"profile: p{i}", f"when: {draw(conditions(tuple(scale_ids)))}", f"title: Profile {i}"])
        if rules or draw(st.booleans()):
            rules.append(["profile: last", "when: always", "title: Anything else"])
        notes = []
        for i in range(draw(st.integers(0, 3))):
            when = draw(
                st.one_of(
                    conditions(tuple(scale_ids)),
                    st.sampled_from(
                        ["contradictions > 0", "distinct == 1", "agreement >= 4", "agreement <= 2", "distinct >= 3"]
                    ),
                )
            )
            notes.append([f"note: n{i}", f"when: {when}", f"text: Note {i}."])
        rules += notes
    # The engine checks that every profile can be reached: keep only what it accepts.
    for attempt in (rules, [r for r in rules if not r[0].startswith("profile: p")], []):
        source = assemble(head, blocks + attempt)
        try:
            quizlib.parse_quiz(source)
        except quizlib.QuizErrors as errors:
            if attempt:
                continue
            raise AssertionError(f"the engine refuses a quiz the page allows:\n{source}\n{errors}") from None
        return Generated(source, order, written, labels)
    raise AssertionError("unreachable")


# -- strategies: answers -------------------------------------------------------------------------------

UNANSWERED = st.sampled_from([None, "", [], {}])
SPACES_ONLY = st.one_of(st.sampled_from([" ", "   ", "\t", " \n ", "\u200b", "\u00a0", " \u200b\u3000"]), SPACE_RUNS,
                        st.sampled_from([" " * 101, "\u00a0" * 150, "\u200b" * 101]))  # fmt: skip
NO_TEXT = st.one_of(st.none(), st.just(""), SPACES_ONLY, SPACES_ONLY)  # a blank or a pick left empty


@st.composite
def answer_for(draw: st.DrawFn, question: Question, labels: int) -> Any:
    """An allowed answer to ``question`` (possibly one of the unanswered forms)."""
    if draw(st.integers(0, 6)) == 0:
        if question.kind in ("numeric", "text", "reflection") and draw(st.booleans()):
            return draw(SPACES_ONLY)
        return draw(UNANSWERED)
    kind, info = question.kind, question.info
    if kind == "single":
        return draw(
            st.sampled_from([chr(97 + i) for i in range(sum(line.startswith("- [") for line in question.lines))])
        )
    if kind == "multiple":
        ids = [chr(97 + i) for i in range(sum(line.startswith("- [") for line in question.lines))]
        return draw(st.lists(st.sampled_from(ids), min_size=1, max_size=len(ids) + 1))
    if kind == "truefalse":
        return draw(st.sampled_from(["true", "false"]))
    if kind == "numeric":
        return draw(number_answer(info["key"], info["allowance"]))
    if kind == "text":
        return draw(text_answer(info["accepted"]))
    if kind == "order":
        return draw(st.permutations(info["ids"]))
    if kind == "blanks":
        names = [chr(97 + i) for i in range(len(info["blanks"]))]
        answer = {}
        nothing = draw(st.integers(0, 3)) == 0  # every blank empty or only spaces: unanswered
        for name, accepted in zip(names, info["blanks"], strict=True):
            how = 1 if nothing else draw(st.integers(0, 5))
            if how == 0:
                continue
            answer[name] = (draw(NO_TEXT) if how == 1
                            else draw(text_answer(accepted)))  # fmt: skip
        return answer
    if kind == "match":
        ids = info["ids"]
        answer = {}
        nothing = draw(st.integers(0, 3)) == 0  # no pick at all: unanswered
        for left in ids:
            how = 1 if nothing else draw(st.integers(0, 5))
            if how == 0:
                continue
            # no pick: null, "" or only spaces (a pick of only spaces is no pick)
            answer[left] = (draw(NO_TEXT) if how == 1
                            else draw(st.sampled_from(ids)))  # fmt: skip
        return answer
    if kind == "likert":
        return draw(st.integers(1, labels))
    if kind == "reflection":
        return draw(st.text(max_size=10))
    raise AssertionError(kind)


@st.composite
def answer_sets(draw: st.DrawFn, generated: Generated) -> dict[str, Any]:
    answers = {}
    for question in generated.questions:
        if draw(st.integers(0, 5)) == 0:
            continue  # left out
        answers[question.id] = draw(answer_for(question, generated.labels))
    return answers


def check_quiz_data(quiz: dict[str, Any], generated: Generated) -> list[str]:
    """The quiz JSON keeps the numbers the source wrote, exactly (read back through their shortest repr)."""
    found = []
    for question, data in zip(generated.questions, quiz["questions"], strict=True):
        if question.kind == "numeric":
            info = question.info
            if exact(data["number"]) != info["key"]:
                found.append(f"{data['id']}: answer {info['key']} stored as {data['number']!r}")
            if info["tolerance_kind"] != "none":
                allowance = (
                    abs(exact(data["number"])) * exact(data["tolerance"])
                    if data["relative"]
                    else exact(data["tolerance"])
                )
                if allowance != info["allowance"]:
                    found.append(f"{data['id']}: allowance {info['allowance']} read back as {allowance} from "
                                 f"tolerance {data['tolerance']!r}, relative {data['relative']}")  # fmt: skip
    return found


# -- the property tests --------------------------------------------------------------------------------


@settings(max_examples=500, **SETTINGS)
@given(st.data())
def test_engine_matches_the_reference_on_random_quizzes(data: st.DataObject) -> None:
    generated = data.draw(quizzes(), label="quiz")
    quiz = quiz_to_dict(quizlib.parse_quiz(generated.source))
    answers = data.draw(answer_sets(generated), label="answers")
    note(generated.source)
    assert not check_quiz_data(quiz, generated)
    got = engine(quiz, answers)
    found = differences(quiz, answers, got, generated.written)
    assert not found, "\n".join(found)


@st.composite
def numeric_quiz(draw: st.DrawFn) -> tuple[Generated, dict[str, Any]]:
    question = draw(numeric_question())
    count = draw(st.integers(1, 6))
    questions = [Question("numeric", question.lines, **question.info) for _ in range(count)]
    for number, item in enumerate(questions, 1):
        item.id = f"q{number}"
    source = assemble(["id: numbers"], [[f"question: Number {n}?", *q.lines] for n, q in enumerate(questions, 1)])
    answers = {q.id: draw(number_answer(q.info["key"], q.info["allowance"])) for q in questions}
    return Generated(source, questions, {}, 5), answers


@settings(max_examples=800, **SETTINGS)
@given(numeric_quiz())
def test_typed_numbers_match_the_reference(case: tuple[Generated, dict[str, Any]]) -> None:
    generated, answers = case
    quiz = quiz_to_dict(quizlib.parse_quiz(generated.source))
    note(generated.source)
    assert not check_quiz_data(quiz, generated)
    found = differences(quiz, answers, engine(quiz, answers))
    assert not found, "\n".join(found)


@st.composite
def text_quiz(draw: st.DrawFn) -> tuple[Generated, dict[str, Any]]:
    questions = [draw(text_question()) for _ in range(draw(st.integers(1, 6)))]
    for number, item in enumerate(questions, 1):
        item.id = f"q{number}"
    source = assemble(["id: texts"], [[f"question: Word {n}?", *q.lines] for n, q in enumerate(questions, 1)])
    answers = {q.id: draw(st.one_of(text_answer(q.info["accepted"]), SPACES_ONLY)) for q in questions}
    return Generated(source, questions, {}, 5), answers


@settings(max_examples=800, **SETTINGS)
@given(text_quiz())
def test_typed_texts_match_the_reference(case: tuple[Generated, dict[str, Any]]) -> None:
    generated, answers = case
    quiz = quiz_to_dict(quizlib.parse_quiz(generated.source))
    note(generated.source)
    found = differences(quiz, answers, engine(quiz, answers))
    assert not found, "\n".join(found)


@st.composite
def wrong_answer_for(draw: st.DrawFn, question: Question, labels: int) -> Any:
    """An answer of the wrong shape for ``question`` (never one the page calls unanswered)."""
    kind, info = question.kind, question.info
    junk = st.sampled_from([True, False, 7, 2.5, {"x": 1}, [[1]], ["a", 1]])
    if kind in ("single", "truefalse"):
        return draw(st.one_of(junk, st.sampled_from([["a"], ["true"], "z", "A", "c9", "TRUE", 1])))
    if kind == "multiple":
        return draw(st.one_of(junk, st.sampled_from(["a", ["z"], ["a", "z"], [1], [None], ["A"]])))
    if kind == "numeric":
        return draw(st.sampled_from([True, False, ["12"], {"a": "1"}, [1.5]]))
    if kind in ("text", "reflection"):
        return draw(st.sampled_from([7, 2.5, True, ["job"], {"a": "job"}]))
    if kind == "order":
        ids = info["ids"]
        return draw(st.sampled_from([ids[:-1], [*ids, ids[0]], [*ids[:-1], "z"], "a", [ids[0]] * len(ids),
                                     {"a": "b"}, 3]))  # fmt: skip
    if kind == "blanks":
        return draw(st.sampled_from([{"z": "job"}, {"a": 7}, {"a": ["job"]}, "job", ["job"], 3, {"A": "job"}]))
    if kind == "match":
        return draw(st.sampled_from([{"z": "a"}, {"a": "z"}, {"a": 1}, "a", ["a"], {"A": "a"}, {"a": ["a"]}]))
    if kind == "likert":
        return draw(st.sampled_from([0, labels + 1, -1, 2.0, "3", True, [3], 3.5]))
    raise AssertionError(kind)


@settings(max_examples=200, **SETTINGS)
@given(st.data())
def test_answers_of_the_wrong_shape_are_refused(data: st.DataObject) -> None:
    generated = data.draw(quizzes(), label="quiz")
    quiz = quiz_to_dict(quizlib.parse_quiz(generated.source))
    answers = data.draw(answer_sets(generated), label="answers")
    victim = data.draw(st.sampled_from([*generated.questions, None]), label="question")
    if victim is None:
        qid = data.draw(st.sampled_from(["q99", "Q1", "zz", "q1 "]))
        answers[qid] = "a"
    else:
        qid = victim.id
        answers[qid] = data.draw(wrong_answer_for(victim, generated.labels), label="wrong answer")
    note(generated.source)
    with pytest.raises(WrongShape):
        reference_result(quiz, answers)
    got = engine(quiz, answers)
    assert set(got) == {"error"}, f"engine gives a result for {answers}: {got}"
    assert qid in got["error"], got["error"]


def test_answers_for_another_quiz_are_refused() -> None:
    quiz = parse("id: mine\nquestion: Yes?\ntype: truefalse\nanswer: true")
    for document in ({"format": 2, "quiz": "other", "answers": {"q1": "true"}},
                     {"format": 2, "answers": {"q1": "true"}},
                     {"format": 1, "quiz": "mine", "answers": {"q1": "true"}},
                     {"format": 2, "quiz": "mine", "answers": ["true"]}):  # fmt: skip
        assert set(engine(quiz, {}, document)) == {"error"}, document


# -- direct checks of the reference's own reading of the page ------------------------------------------


def test_reference_spaces_are_the_pages() -> None:
    """Unicode 3.2's spaces (Zs, with U+200B; Zl; Zp), the tabs and the line breaks, and nothing else."""
    zs = {chr(c) for c in range(0x110000) if unicodedata.ucd_3_2_0.category(chr(c)) == "Zs"}
    assert "\u200b" in zs and "\u180e" not in zs
    assert set(SPACES) == zs | {"\u2028", "\u2029", "\t", "\x0b", "\n", "\r", "\x0c", "\x85"} == set(SPACE_KINDS)


@pytest.mark.parametrize(("typed", "value"), [
    # the page's own examples
    ("12.9", "12.9"), ("12,9", "12.9"), (" 12.9 ", "12.9"), ("1,500", "1500"), ("1 500", "1500"),
    ("1.500,0", "1500"), ("1,500.0", "1500"), ("+1500", "1500"), ("\uff11\uff15\uff10\uff10", "1500"),
    ("1500%", "1500"), ("١٢", "12"), ("\u22123", "-3"), (".5", "0.5"), ("0,125", "0.125"),
    ("1,234", "1234"), ("1,50", "1.5"), ("15,00", "15"), ("12 900", "12900"), ("1.234,5", "1234.5"),
    ("45%", "45"), ("45 %", "45"), ("12.", "12"), ("1500.", "1500"), ("1500 %", "1500"), ("1.234.567", "1234567"),
    ("1,500,0", None), ("01,500", "1.5"), ("1.5e3", None), ("1_500", None), ("about 13", None), ("", None),
    ("1e3", None),
    # more of the grammar
    ("1,2345", "1.2345"), ("1234,567", "1234.567"), ("1.234", "1.234"), ("1,234,567.5", "1234567.5"),
    ("12,", "12"), (",5", "0.5"), ("1,234.", "1234"), ("1,234,", None), ("1,234,5", None), (".", None),
    (",", None), ("+.", None), ("%", None), ("1.234,", "1234"), ("1.234,567", "1234.567"),
    ("1 234,567", "1234.567"), ("1 234.567", "1234.567"), ("1,234 567", None), ("1 234,567.8", None),
    ("0 500", None), ("012 345", None), ("0.234.567", None), ("01.234,5", None), ("1234 567", None),
    ("1  500", None), ("1500  %", None), ("% 1500", None), ("1500%%", None), ("- 5", None), ("1.23.456", None),
    ("1\u00a0500", "1500"), ("1\u202f500", "1500"), ("1\u200b500", "1500"), ("1\t500", "1500"),
    ("1\u3000500\u2009000", "1500000"), ("1500\u00a0%", "1500"), ("1500\u200b%", "1500"),
    ("\u200b1500\u2028", "1500"), ("\x851500\x0c", "1500"), ("\U0001d7cf\U0001d7d0", "12"), ("1\u0661", "11"),
    ("1\u00b2", None), ("1\u2082", None), ("\uff0b5", "5"), ("5\uff05", "5"), ("1\uff0c500", "1500"),
    ("1\uff0e5", "1.5"), ("\uff0d5", "-5"), ("\ufe625", None),
    ("1\x1c500", None), ("\x1f15", None), ("\ufeff15", None), ("\u180e15", None),
    # the 100 characters are counted on the text as typed
    (" " * 96 + "1500", "1500"), (" " * 97 + "1500", None), ("0" * 96 + "1500", "1500"), ("0" * 97 + "1500", None),
    ("x" * 101, None), ("1" * 101, None), ("\U0001d7cf" * 100, "1" * 100),
    # groups of points end with a decimal comma or nothing, never a decimal point
    ("1.234.5", None), ("1.234.", None), ("1.234.567.89", None),
])  # fmt: skip
def test_reference_reads_numbers_as_the_page_says(typed: str, value: str | None) -> None:
    assert read_number(typed) == (None if value is None else Fraction(Decimal(value)))


@pytest.mark.parametrize(("given", "accepted", "equal"), [
    ("  A   Calling. ", "a calling", True), ("VOCATION", "vocation", True), ("Vocation!", "vocation", True),
    ("callings", "calling", False), ("the calling", "calling", False), ("CURRICULUM VITÆ", "curriculum vitæ", True),
    ("c.v.", "CV", False), ("\uff43\uff56", "CV", True), ("curriculum vitae", "curriculum vitæ", False),
    ("STRASSE", "Straße", True), ("café", "cafe", True), ("\ufb01nance", "finance", True),
    ("rock \u2019n\u2019 roll", "rock 'n' roll", True), ("self\u2013made", "self-made", True),
    ("a\tcalling\n", "a calling", True), ('"calling"', "calling", True), ("calling;:", "calling", True),
    # compatibility forms, then case folding (TM becomes tm), then decomposed again
    ("™", "tm", True), ("Brand™", "brandtm", True), ("\u2102", "c", True), ("㎒", "MHZ", True), ("5㎒", "5 mhz", False),
    ("\u22125 ℃", "-5 °c", True), ("Ⅻ", "xii", True), ("\U0001d400", "a", True), ("ﬀ", "FF", True), ("K", "k", True),
    # case folding of every character Unicode 3.2 knows, by str.casefold, also into newer characters
    ("\u10a0\u10a1", "\u2d00\u2d01", True), ("\u10a0", "\u10d0", False), ("ᾳ", "\u03b1\u03b9", True),
    ("ᾼ", "\u03b1\u03b9", True), ("ᾳ", "\u03b1", False), ("\u03b1\u0345", "\u03b1\u03b9", True),
    ("İstanbul", "istanbul", True), ("ς", "\u03c3", True),
    ("\u1e9e", "ss", False), ("\u13a0", "\uab70", False),
    # marks with a combining class go; vowel signs and enclosing marks (class 0) stay
    ("नमस्ते", "नमसते", True), ("क़", "क", True), ("\u0958", "क", True), ("किताब", "कताब", False),
    ("ok\u20dd", "ok", False), ("OK\u20dd", "ok\u20dd", True), ("\u0627\u064e", "\u0627", True),
    # quotes, dashes and the minus sign; U+2033 (double prime) is two U+2032 after step 1, so it becomes ''
    ("it\u2018s", "it's", True), ("it\u201bs", "it's", True), ("6\u20322", "6'2", True), ("a\u2033b", "a''b", True),
    ("a\u2033b", 'a"b', False), ("le «mot» juste", 'le "mot" juste', True), ("a\u201eb\u201f", 'a"b', True),
    ("a\u2212b", "a-b", True), ("a\u2015b", "a-b", True), ("a\u2011b", "a-b", True), ("a\u00adb", "ab", False),
    # spaces: every kind, U+200B and U+00A0 among them; U+001C-U+001F, U+FEFF and U+180E are not spaces
    ("a\u00a0b", "a b", True), ("a\u200bb", "a b", True), ("a\u200bb", "ab", False), ("job\u200b", "job", True),
    ("a\u2028\u3000b", "a b", True), ("job\x85", "job", True), ("a\x1cb", "a b", False), ("job\x1f", "job", False),
    ("a\ufeff", "a", False), ("a\u180eb", "a b", False), ("«job»", "job", True), ("„job“", "job", True),
])  # fmt: skip
def test_reference_compares_texts_as_the_page_says(given: str, accepted: str, equal: bool) -> None:
    assert texts_equal(given, accepted) is equal


# -- the engine on each revised point of the page, case by case ----------------------------------------

# (typed, key): the key is the reference's reading, or, where the reference reads no number, a reading
# someone could give it, so that the engine's reading shows.
NUMBER_CASES = [
    ("12.", "12"), ("12,", "12"), ("1500.", "1500"), ("1,500.", "1500"), ("1 500,", "1500"), ("1.234,", "1234"),
    ("1500 %", "1500"), ("1500  %", "1500"), ("1,500,0", "1500"), ("1,500,", "1500"), ("01,500", "1.5"),
    ("01,500", "1500"), ("0 500", "500"), ("012 345", "12345"), ("0.234.567", "234567"), ("1.234.567", "1234567"),
    ("1.234,567", "1234.567"), ("1 234,567", "1234.567"), ("1,234 567", "1234567"), ("1234 567", "1234567"),
    ("1  500", "1500"), ("1,234,5", "1234.5"), ("\U0001d7ce" * 96 + "\U0001d7cf\U0001d7d3\U0001d7ce\U0001d7ce", "1500"),
    ("\U0001d7ce" * 97 + "\U0001d7cf\U0001d7d3\U0001d7ce\U0001d7ce", "1500"),
    (" " * 97 + "1500", "1500"), ("0" * 97 + "1500", "1500"), ("1500." + "0" * 95, "1500"),
    *((f"1{space}500", "1500") for space in SPACE_KINDS),
    *((f"{space}1500%{space}", "1500") for space in SPACE_KINDS),
    *((f"1500{space}%", "1500") for space in SPACE_KINDS),
    # read differently by some
    ("1.234.5", "1234.5"), ("1.234.", "1234"), ("1.234.567.89", "1234567.89"), ("1\u00b2", "12"),
    ("\x1c1500", "1500"), ("1\x1f500", "1500"), ("\ufeff1500", "1500"), ("\u180e1500", "1500"),
    ("\uff0b5", "5"), ("\ufe625", "5"), ("\u207a5", "5"), ("\uff0d5", "-5"), ("5\uff05", "5"), ("5\ufe6a", "5"),
    ("1\uff0c500", "1500"), ("1\ufe50500", "1500"), ("1\uff0e5", "1.5"), ("1\ufe525", "1.5"), ("\ufe635", "-5"),
    ("1\u20245", "1.5"), ("\u00b9\u00b2", "12"), ("\u2081\u2082", "12"), ("\u2460", "1"), ("\u2469", "10"),
    ("\u3251", "21"), ("\u2488", "1"), ("\u24885", "1.5"), ("\u216b", "12"), ("\u00bc", "0.25"),
]  # fmt: skip


@pytest.mark.parametrize(("typed", "key"), NUMBER_CASES)
def test_engine_reads_typed_numbers_as_the_reference(typed: str, key: str) -> None:
    quiz = parse(f"id: n\n\nquestion: How many?\ntype: numeric\nanswer: {key}\n")
    answers = {"q1": typed}
    found = differences(quiz, answers, engine(quiz, answers))
    assert not found, "\n".join(found)


TEXT_CASES = [
    ("Brand™", "brandtm"), ("\u2102 numbers", "c numbers"), ("5 MHz", "5 ㎒"), ("5 MHz", "5㎒"), ("\u22125 ℃", "-5 °C"),
    ("\u10a0\u10a1\u10a2", "\u2d00\u2d01\u2d02"), ("\u10a0\u10a1\u10a2", "\u10d0\u10d1\u10d2"), ("ᾠδή", "ὨΙΔΉ"),
    ("ᾠδή", "ὠδή"), ("ᾠδή", "ω\u0313\u0345δη"), ("नमस्ते", "नमसते"), ("किताब", "कताब"), ("\u0958िला", "कि\u093cला"),
    ("ok\u20dd", "OK\u20dd"), ("ok\u20dd", "ok"), ("\u20dea", "a"), ("le «mot» juste", 'le "mot" juste'),
    ("“quoted”", "quoted"), ("it\u2019s", "it\u201bs"), ("6\u20322″", "6'2''"), ("6\u20322″", '6\'2"'),
    ("pay–as–you–go", "pay\u2212as―you\u2011go"),
    ("pay\u00a0now", "pay\u200bnow"), ("pay now", "pay\u200b\u200bnow"), ("pay now", "paynow\u200b"),
    ("job", "\u200bjob\u00a0"), ("job", "jo\u200bb"), ("job", "job\u3000\u2029"), ("job", "\x85job\x0b"),
    ("job", "job\u200c"), ("job", "job\ufeff"), ("a b", "a\x1cb"), ("job", "job\x1f"), ("a b", "a\u180eb"),
    ("Straße", "STRASSE"), ("Straße", "STRA\u1e9eE"), ("İstanbul", "i\u0307stanbul"), ("\u13a0", "\uab70"),
]  # fmt: skip


@pytest.mark.parametrize(("accepted", "typed"), TEXT_CASES)
def test_engine_compares_texts_as_the_reference(accepted: str, typed: str) -> None:
    quiz = parse(f"id: t\n\nquestion: Which word?\ntype: text\nanswer: {accepted}\n")
    answers = {"q1": typed}
    found = differences(quiz, answers, engine(quiz, answers))
    assert not found, "\n".join(found)


UNANSWERED_SOURCE = """id: u

scale: s
name: S

question: A [[job]] is not a [[career]].
type: blanks

question: Match them.
type: match
- Job = Pay, now
- Career = Moving up
- Calling = Work that matters

question: Why?
type: reflection

question: Which word?
type: text
answer: job

question: How many?
type: numeric
answer: 12

question: I like my work.
type: likert
measures: s
"""
UNANSWERED_CASES = [
    {"q1": {"a": " ", "b": "\u00a0"}}, {"q1": {"a": "\u200b"}}, {"q1": {"a": "\u200b", "b": "\u3000\u2029"}},
    {"q1": {"a": None, "b": "\t\n"}}, {"q1": {"a": "job", "b": "\u200b"}}, {"q1": {"a": "\x1c"}},
    {"q2": {"a": " "}}, {"q2": {"a": "\u00a0", "b": None, "c": ""}}, {"q2": {"a": "\u200b"}},
    {"q2": {"a": "a", "b": "\u200b"}}, {"q2": {"a": "\u2028"}}, {"q2": {"a": "\x1f"}},
    {"q3": "\u200b", "q4": "\u00a0\u200b", "q5": "\u3000"}, {"q3": " " * 101, "q4": "\u2029", "q5": "\u200b" * 101},
    {"q3": "\x1c", "q4": "\x1e", "q5": "\x1f"}, {"q6": 3}, {}, {"q1": {}, "q2": {}, "q3": "", "q4": None},
]  # fmt: skip


@pytest.mark.parametrize("answers", UNANSWERED_CASES, ids=lambda a: json.dumps(a))
def test_engine_takes_empty_answers_as_the_reference(answers: dict[str, Any]) -> None:
    """Blanks and picks that are all empty or only spaces (of every kind); ``agreement`` null with no statement."""
    quiz = parse(UNANSWERED_SOURCE)
    found = differences(quiz, answers, engine(quiz, answers))
    assert not found, "\n".join(found)

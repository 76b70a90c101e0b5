"""Score a reader's answers against a quiz. Pure: the same answers always give the same result.

Answers map question ids to: a choice id (single, truefalse: "true" or "false"); a list of choice
ids (multiple); a number or the text typed (numeric); the text typed (text); the item ids in the
reader's order (order); a whole number from 1 to the number of answer labels (likert); free text
(reflection, never scored). A question left out, or answered with None, "" or [], is unanswered.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from .errors import AnswerError
from .model import LIKERT, MULTIPLE, NUMERIC, ORDER, PARTIAL, REFLECTION, SINGLE, TEXT, TRUE_FALSE, Question, Quiz
from .profiles import ScaleResult, band_of, built_ins, notes_for, points, profile_for, scale_results

CORRECT = "correct"
PARTIALLY = "partial"
INCORRECT = "incorrect"
UNANSWERED = "unanswered"
ANSWERED = "answered"  # an ungraded question (likert, reflection) that has an answer


@dataclass(frozen=True)
class QuestionResult:
    """How one question went: its outcome, points out of ``max_points``, and which feedback to show."""

    id: str
    outcome: str
    points: float
    max_points: float
    feedback: tuple[str, ...] = ()


@dataclass(frozen=True)
class Result:
    """The whole quiz.

    ``percent`` has one decimal; ``passed`` is None without a pass mark; ``band`` is the index of the
    quiz's result band; ``profile`` and ``notes`` are ids of the self-assessment's profile and notes.
    """

    score: float
    max_score: float
    percent: float
    passed: bool | None
    questions: tuple[QuestionResult, ...]
    band: int | None = None
    scales: tuple[ScaleResult, ...] = ()
    profile: str | None = None
    notes: tuple[str, ...] = ()


def score_quiz(quiz: Quiz, answers: Mapping[str, object]) -> Result:
    """Score ``answers`` (see the module's docstring for their form).

    Raises `AnswerError` for an unknown question, choice or item id, or an answer of the wrong type.
    """
    if not isinstance(answers, Mapping):
        raise AnswerError(f"expected answers as a mapping of question id to answer; found {type(answers).__name__}")
    by_id = {question.id: question for question in quiz.questions}
    for question_id in answers:
        if question_id not in by_id:
            raise AnswerError(f"expected a question id of quiz '{quiz.id}'; found {question_id!r}")
    top = points(quiz)
    results = tuple(_score(question, answers.get(question.id), top) for question in quiz.questions)
    total = round(sum(result.points for result in results), 4)
    maximum = round(sum(result.max_points for result in results), 4)
    percent = round(100 * total / maximum, 1) if maximum else 0.0
    passed = None if quiz.pass_mark is None or not maximum else percent >= quiz.pass_mark
    band = band_of(quiz.bands, percent) if maximum else None
    likert = {q.id: value for q in quiz.questions if q.kind == LIKERT and isinstance(value := answers.get(q.id), int)}
    scales = scale_results(quiz, likert)
    extra = built_ins(quiz, likert)
    profile = profile_for(quiz, scales, extra)
    notes = tuple(rule.id for rule in notes_for(quiz, scales, extra))
    return Result(total, maximum, percent, passed, results, band, scales, profile.id if profile else None, notes)


def normalise_text(text: str) -> str:
    """Text as compared: accents dropped, case folded, runs of spaces made one, ends trimmed."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(bare.casefold().split())


def read_number(answer: object) -> float | None:
    """A number typed by the reader ('12.5', '12,5', ' 7 '), or None when it is not one."""
    if isinstance(answer, bool):
        return None
    if isinstance(answer, int | float):
        try:
            value = float(answer)
        except OverflowError:  # an int beyond any float
            return None
        return value if math.isfinite(value) else None
    text = str(answer).strip().replace(" ", "")
    if text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _blank(answer: object) -> bool:
    return answer is None or answer == "" or answer == []


def _score(question: Question, answer: object, top: int) -> QuestionResult:
    if question.kind in (LIKERT, REFLECTION):
        return _ungraded(question, answer, top)
    if _blank(answer):
        return QuestionResult(question.id, UNANSWERED, 0.0, question.weight)
    fraction, feedback = {
        SINGLE: _choices,
        TRUE_FALSE: _choices,
        MULTIPLE: _choices,
        NUMERIC: _numeric,
        TEXT: _text,
        ORDER: _order,
    }[question.kind](question, answer)
    points = round(question.weight * fraction, 4)
    outcome = CORRECT if fraction == 1 else INCORRECT if fraction == 0 else PARTIALLY
    return QuestionResult(question.id, outcome, points, question.weight, feedback)


def _ungraded(question: Question, answer: object, top: int) -> QuestionResult:
    if question.kind == LIKERT and answer is not None:
        if isinstance(answer, bool) or not isinstance(answer, int) or not 1 <= answer <= top:
            raise AnswerError(
                f"expected a whole number from 1 to {top} for statement '{question.id}'; found {answer!r}"
            )
    elif question.kind == REFLECTION and answer is not None and not isinstance(answer, str):
        raise AnswerError(f"expected text for reflection '{question.id}'; found {answer!r}")
    outcome = UNANSWERED if _blank(answer) or (isinstance(answer, str) and not answer.strip()) else ANSWERED
    return QuestionResult(question.id, outcome, 0.0, 0.0)


def _choices(question: Question, answer: object) -> tuple[float, tuple[str, ...]]:
    if question.kind == MULTIPLE:
        if not isinstance(answer, list) or not all(isinstance(item, str) for item in answer):
            raise AnswerError(f"expected a list of choice ids for question '{question.id}'; found {answer!r}")
        picked = set(answer)
    elif isinstance(answer, str):
        picked = {answer}
    else:
        raise AnswerError(f"expected one choice id for question '{question.id}'; found {answer!r}")
    known = {choice.id for choice in question.choices}
    for choice_id in sorted(picked - known):
        raise AnswerError(f"expected a choice id of question '{question.id}'; found {choice_id!r}")
    right = {choice.id for choice in question.choices if choice.correct}
    if question.kind == MULTIPLE and question.scoring == PARTIAL:
        fraction = max(0, len(picked & right) - len(picked - right)) / len(right)
    else:
        fraction = 1.0 if picked == right else 0.0
    feedback = tuple(
        choice.id
        for choice in question.choices
        if choice.feedback and (choice.id in picked or (question.kind == MULTIPLE and choice.correct))
    )
    return fraction, feedback


def _numeric(question: Question, answer: object) -> tuple[float, tuple[str, ...]]:
    if not isinstance(answer, str | int | float):
        raise AnswerError(f"expected a number for question '{question.id}'; found {answer!r}")
    value = read_number(answer)
    allowed = question.tolerance * abs(question.number) if question.relative else question.tolerance
    right = value is not None and abs(value - question.number) <= allowed + 1e-9
    return (1.0 if right else 0.0), ()


def _text(question: Question, answer: object) -> tuple[float, tuple[str, ...]]:
    if not isinstance(answer, str):
        raise AnswerError(f"expected text for question '{question.id}'; found {answer!r}")
    accepted = {normalise_text(variant) for variant in question.accepted}
    return (1.0 if normalise_text(answer) in accepted else 0.0), ()


def _order(question: Question, answer: object) -> tuple[float, tuple[str, ...]]:
    ids = [item.id for item in question.choices]
    if not isinstance(answer, list) or sorted(map(str, answer)) != sorted(ids) or len(set(answer)) != len(ids):
        raise AnswerError(f"expected every item id of question '{question.id}' once, in any order; found {answer!r}")
    position = {item_id: index for index, item_id in enumerate(answer)}
    pairs = [(first, second) for index, first in enumerate(ids) for second in ids[index + 1 :]]
    in_order = sum(position[first] < position[second] for first, second in pairs)
    return in_order / len(pairs), ()

"""Score a reader's answers against a quiz. Pure: the same answers always give the same result.

The rules, with worked examples that are also tests, are in docs/contribute/scoring.md. Each kind of
question judges its own answers (`quizlib.kinds`); this module adds them up, exactly, and judges the
pass mark, bands, profiles and notes on the exact values. Only what a `Result` shows is cut
(`quizlib.precision`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from . import precision
from .errors import AnswerError
from .kinds import KINDS
from .kinds.base import Marks, listed, shown
from .model import LIKERT, Question, Quiz
from .profiles import ScaleResult, band_of, built_ins, exact_means, notes_for, profile_for, scale_results

CORRECT = "correct"
PARTIALLY = "partial"
INCORRECT = "incorrect"
UNANSWERED = "unanswered"
ANSWERED = "answered"  # a question that is not scored (likert, reflection) and has an answer


@dataclass(frozen=True)
class QuestionResult:
    """How one question went: its outcome, points (cut) out of ``max_points``, and the mark of each choice or
    part (blank, pair) that has one: (id, "right", "wrong" or "missed"), in the order written."""

    id: str
    outcome: str
    points: float
    max_points: float
    marks: Marks = ()


@dataclass(frozen=True)
class Result:
    """The whole quiz, as shown (numbers cut, see `quizlib.precision`), judged on exact values.

    ``percent`` is None when nothing is scored; ``passed`` is None without a pass mark or anything
    scored; ``band`` is the index, in written order, of the quiz's result band; ``profile`` and ``notes``
    are ids of the self-assessment's profile and notes; ``measures`` are the built-ins of conditions.
    """

    score: float
    max_score: float
    percent: float | None
    passed: bool | None
    questions: tuple[QuestionResult, ...]
    band: int | None = None
    scales: tuple[ScaleResult, ...] = ()
    profile: str | None = None
    notes: tuple[str, ...] = ()
    measures: tuple[tuple[str, float | None], ...] = ()


def unanswered(answer: object) -> bool:
    """Left out, null, "", [] or {}: unanswered, for every kind of question."""
    return answer is None or (isinstance(answer, str | list | dict) and len(answer) == 0)


def score_quiz(quiz: Quiz, answers: Mapping[str, object]) -> Result:
    """Score ``answers``, a mapping of question id to answer (see docs/contribute/scoring.md for each kind).

    Raises `AnswerError` for an unknown question, choice or item id, or an answer of the wrong shape.
    """
    if not isinstance(answers, Mapping):
        raise AnswerError(f"expected answers as an object of question ids and answers; found {shown(answers)}")
    ids = [question.id for question in quiz.questions]
    for question_id in answers:
        if question_id not in ids:
            raise AnswerError(f"expected a question id of quiz '{quiz.id}' ({listed(ids)}); found {shown(question_id)}")
    scored = [_score(quiz, question, answers.get(question.id)) for question in quiz.questions]
    total = sum((points for _, points, _ in scored), Fraction(0))
    maximum = sum((top for _, _, top in scored), Fraction(0))
    percent = 100 * total / maximum if maximum else None
    passed = None if quiz.pass_mark is None or percent is None else percent >= Fraction(repr(quiz.pass_mark))
    ratings = {q.id: value for q in quiz.questions if q.kind == LIKERT and isinstance(value := answers.get(q.id), int)}
    means = exact_means(quiz, ratings)
    extra = built_ins(quiz, ratings)
    profile = profile_for(quiz, means, extra)
    return Result(
        score=precision.cut(total, precision.POINTS),
        max_score=precision.cut(maximum, precision.POINTS),
        percent=None if percent is None else precision.cut(percent, precision.PERCENT),
        passed=passed,
        questions=tuple(result for result, _, _ in scored),
        band=None if percent is None else band_of(quiz.bands, percent),
        scales=scale_results(quiz, ratings, means),
        profile=profile.id if profile else None,
        notes=tuple(rule.id for rule in notes_for(quiz, means, extra)),
        measures=(
            ("agreement", precision.cut(extra["agreement"], precision.MEAN) if ratings else None),
            ("distinct", float(extra["distinct"])),
            ("contradictions", float(extra["contradictions"])),
        ),
    )


def _score(quiz: Quiz, question: Question, answer: object) -> tuple[QuestionResult, Fraction, Fraction]:
    """The question's result, and its exact points and maximum."""
    kind = KINDS[question.kind]
    weight = Fraction(repr(question.weight)) if kind.graded else Fraction(0)
    judged = None if unanswered(answer) else kind.score(quiz, question, answer)
    top = precision.cut(weight, precision.POINTS)
    if judged is None:
        return QuestionResult(question.id, UNANSWERED, 0.0, top), Fraction(0), weight
    if not kind.graded:
        return QuestionResult(question.id, ANSWERED, 0.0, 0.0), Fraction(0), weight
    points = weight * judged.fraction
    outcome = CORRECT if judged.fraction == 1 else INCORRECT if judged.fraction == 0 else PARTIALLY
    shown = precision.cut(points, precision.POINTS)
    return QuestionResult(question.id, outcome, shown, top, judged.marks), points, weight

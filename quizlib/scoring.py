"""Score a reader's answers against a quiz. Pure: the same answers always give the same result."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .errors import AnswerError
from .model import MULTIPLE, Question, Quiz

CORRECT = "correct"
PARTIAL = "partial"
INCORRECT = "incorrect"
UNANSWERED = "unanswered"

Answer = str | list[str] | None


@dataclass(frozen=True)
class QuestionResult:
    """How one question went: its outcome, points out of ``max_points``, and which feedback to show."""

    id: str
    outcome: str
    points: float
    max_points: float
    feedback: tuple[str, ...]


@dataclass(frozen=True)
class Result:
    """The whole quiz: total points, the percentage (one decimal) and, with a pass mark, whether it passed."""

    score: float
    max_score: float
    percent: float
    passed: bool | None
    questions: tuple[QuestionResult, ...]


def score_quiz(quiz: Quiz, answers: Mapping[str, object]) -> Result:
    """Score ``answers``, a mapping of question id to a choice id (single choice) or a list of them.

    A question left out of ``answers``, or answered with None or an empty list, is unanswered.
    Raises `AnswerError` for an unknown question or choice id or an answer of the wrong type.
    """
    if not isinstance(answers, Mapping):
        raise AnswerError(f"expected answers as a mapping of question id to answer; found {type(answers).__name__}")
    by_id = {question.id: question for question in quiz.questions}
    for question_id in answers:
        if question_id not in by_id:
            raise AnswerError(f"expected a question id of quiz '{quiz.id}'; found {question_id!r}")
    results = tuple(_score_question(question, answers.get(question.id)) for question in quiz.questions)
    total = sum(result.points for result in results)
    maximum = sum(result.max_points for result in results)
    percent = round(100 * total / maximum, 1) if maximum else 0.0
    passed = None if quiz.pass_mark is None else percent >= quiz.pass_mark
    return Result(total, maximum, percent, passed, results)


def _chosen(question: Question, answer: object) -> list[str]:
    if answer is None:
        return []
    if question.kind == MULTIPLE:
        if not isinstance(answer, list) or not all(isinstance(item, str) for item in answer):
            raise AnswerError(f"expected a list of choice ids for question '{question.id}'; found {answer!r}")
        picked = answer
    else:
        if not isinstance(answer, str):
            raise AnswerError(f"expected one choice id for question '{question.id}'; found {answer!r}")
        picked = [answer]
    known = {choice.id for choice in question.choices}
    for choice_id in picked:
        if choice_id not in known:
            raise AnswerError(f"expected a choice id of question '{question.id}'; found {choice_id!r}")
    return picked


def _score_question(question: Question, answer: object) -> QuestionResult:
    picked = set(_chosen(question, answer))
    if not picked:
        return QuestionResult(question.id, UNANSWERED, 0.0, question.weight, ())
    right = {choice.id for choice in question.choices if choice.correct}
    outcome = CORRECT if picked == right else INCORRECT
    feedback = tuple(
        choice.id
        for choice in question.choices
        if choice.feedback and (choice.id in picked or (question.kind == MULTIPLE and choice.correct))
    )
    points = question.weight if outcome == CORRECT else 0.0
    return QuestionResult(question.id, outcome, points, question.weight, feedback)

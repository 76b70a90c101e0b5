"""Quizzes, answers and results as JSON, each with a format version.

Quiz (``FORMAT`` 1)::

    {"format": 1, "id": "…", "title": "…", "pass": 60.0 | null,
     "questions": [{"id": "q1", "type": "single" | "multiple", "prompt": "…", "explain": "…",
                    "weight": 1.0, "choices": [{"id": "a", "text": "…", "correct": true, "feedback": "…"}]}]}

Answers: ``{"format": 1, "quiz": "<quiz id>", "answers": {"q1": "a", "q2": ["a", "c"]}}``.
Result: ``{"format": 1, "score": …, "max": …, "percent": …, "passed": true | false | null,
"questions": [{"id", "outcome", "points", "max", "feedback": [choice ids]}]}``.
"""

from __future__ import annotations

import json
from typing import Any

from .errors import AnswerError
from .model import Choice, Question, Quiz
from .scoring import Result

FORMAT = 1


def quiz_to_dict(quiz: Quiz) -> dict[str, Any]:
    """The quiz as plain data (source lines are left out)."""
    return {
        "format": FORMAT,
        "id": quiz.id,
        "title": quiz.title,
        "pass": quiz.pass_mark,
        "questions": [
            {
                "id": question.id,
                "type": question.kind,
                "prompt": question.prompt,
                "explain": question.explain,
                "weight": question.weight,
                "choices": [
                    {"id": choice.id, "text": choice.text, "correct": choice.correct, "feedback": choice.feedback}
                    for choice in question.choices
                ],
            }
            for question in quiz.questions
        ],
    }


def quiz_from_dict(data: dict[str, Any]) -> Quiz:
    """Rebuild a quiz written by `quiz_to_dict`. Raises ValueError on another format version."""
    if data.get("format") != FORMAT:
        raise ValueError(f"expected quiz format {FORMAT}; found {data.get('format')!r}")
    questions = tuple(
        Question(
            q["id"],
            q["type"],
            q["prompt"],
            tuple(Choice(c["id"], c["text"], c["correct"], c["feedback"]) for c in q["choices"]),
            q["explain"],
            q["weight"],
        )
        for q in data["questions"]
    )
    return Quiz(data["id"], data["title"], questions, data["pass"])


def answers_from_dict(data: object) -> dict[str, object]:
    """The answers mapping out of an answers document. Raises `AnswerError` if it is malformed."""
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("answers"), dict):
        raise AnswerError(f'expected {{"format": {FORMAT}, "quiz": …, "answers": {{…}}}}; found {data!r:.80}')
    answers: dict[str, object] = data["answers"]
    return answers


def result_to_dict(result: Result) -> dict[str, Any]:
    """The result as plain data."""
    return {
        "format": FORMAT,
        "score": result.score,
        "max": result.max_score,
        "percent": result.percent,
        "passed": result.passed,
        "questions": [
            {"id": q.id, "outcome": q.outcome, "points": q.points, "max": q.max_points, "feedback": list(q.feedback)}
            for q in result.questions
        ],
    }


def dumps(data: object) -> str:
    """Compact, key-sorted JSON, with ``<``, ``>`` and ``&`` escaped so that it is inert wherever HTML holds it."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")

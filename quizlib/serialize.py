"""Quizzes, answers and results as JSON, each with a format version (``FORMAT``; results ``RESULT_FORMAT``).

Quiz: the fields of `model.Quiz` and of the objects inside it, by name, without source lines::

    {"format": 2, "id": "…", "title": "…", "pass_mark": 60.0 | null, "shuffle": "none",
     "likert": ["…"], "contexts": ["…", "…"] or [], "bands": [{"low", "high", "text"}],
     "scales": [{"id", "name", "minimum", "bands": […]}],
     "profiles": [{"id", "when", "title", "text"}], "notes": […],
     "questions": [{"id", "kind", "prompt", "explain", "weight", "hints": […], "scoring", "number",
                    "tolerance", "relative", "accepted": […], "scale", "reverse", "partner", "alternative",
                    "choices": [{"id", "text", "correct", "feedback", "accepted": […]}]}]}

Answers: ``{"format": 2, "quiz": "<quiz id>", "answers": {"q1": "a", "q2": ["a", "c"], "q3": "12.5"}}``
(the value for each kind is described in docs/contribute/scoring.md).

Result: ``{"format": 3, "score", "max", "percent", "passed", "band", "profile", "notes": […],
"questions": [{"id", "outcome", "points", "max", "marks": {choice or part id: "right" | "wrong" | "missed"}}],
"scales": [{"id", "name", "mean", "score", "answered", "needed", "band"}],
"measures": {"agreement", "distinct", "contradictions"}}``.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from .errors import AnswerError
from .kinds.base import shown
from .model import Band, Choice, Question, Quiz, Rule, Scale
from .scoring import Result

FORMAT = 2
# Results changed shape within the site's format 2 (a question's `marks` replaced `feedback` and `right`), so a
# tool reading `quizlib score` output can tell the two apart.
RESULT_FORMAT = 3
_SOURCE_ONLY = {"line", "when_line", "when_col"}


def _plain(value: object) -> object:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value) if f.name not in _SOURCE_ONLY}
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    return value


def quiz_to_dict(quiz: Quiz) -> dict[str, Any]:
    """The quiz as plain data (source lines are left out)."""
    data: dict[str, Any] = {"format": FORMAT, **_plain(quiz)}  # type: ignore[dict-item]
    return data


def quiz_from_dict(data: dict[str, Any]) -> Quiz:
    """Rebuild a quiz written by `quiz_to_dict`. Raises ValueError on another format version."""
    if data.get("format") != FORMAT:
        raise ValueError(f"expected quiz format {FORMAT}; found {data.get('format')!r}")

    def bands(items: list[dict[str, Any]]) -> tuple[Band, ...]:
        return tuple(Band(**item) for item in items)

    def choice(item: dict[str, Any]) -> Choice:
        return Choice(**{**item, "accepted": tuple(item.get("accepted", ()))})  # added within format 2

    def question(item: dict[str, Any]) -> Question:
        return Question(**{
            **item,
            "choices": tuple(choice(item) for item in item["choices"]),
            "hints": tuple(item["hints"]),
            "accepted": tuple(item["accepted"]),
        })  # fmt: skip

    fields = {key: value for key, value in data.items() if key != "format"}
    return Quiz(**{
        **fields,
        "questions": tuple(question(item) for item in data["questions"]),
        "bands": bands(data["bands"]),
        "likert": tuple(data["likert"]),
        "contexts": tuple(data.get("contexts", ())),  # added within format 2: optional
        "scales": tuple(Scale(**{**s, "bands": bands(s["bands"])}) for s in data["scales"]),
        "profiles": tuple(Rule(**rule) for rule in data["profiles"]),
        "notes": tuple(Rule(**rule) for rule in data["notes"]),
    })  # fmt: skip


def answers_from_dict(data: object, quiz: Quiz) -> dict[str, object]:
    """The answers mapping out of an answers document for ``quiz``. Raises `AnswerError` if it is malformed or
    meant for another quiz."""
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("answers"), dict):
        raise AnswerError(f'expected {{"format": {FORMAT}, "quiz": …, "answers": {{…}}}}; found {shown(data, 80)}')
    if data.get("quiz") != quiz.id:
        found = f"'{data['quiz']}'" if isinstance(data.get("quiz"), str) else "no quiz"
        raise AnswerError(f"expected answers for quiz '{quiz.id}'; found answers for {found}")
    answers: dict[str, object] = data["answers"]
    return answers


def result_to_dict(result: Result) -> dict[str, Any]:
    """The result as plain data."""
    return {
        "format": RESULT_FORMAT,
        "score": result.score,
        "max": result.max_score,
        "percent": result.percent,
        "passed": result.passed,
        "band": result.band,
        "profile": result.profile,
        "notes": list(result.notes),
        "questions": [
            {
                "id": q.id,
                "outcome": q.outcome,
                "points": q.points,
                "max": q.max_points,
                "marks": dict(q.marks),
            }
            for q in result.questions
        ],
        "scales": [_plain(scale) for scale in result.scales],
        "measures": dict(result.measures),
    }


def dumps(data: object) -> str:
    """Compact, key-sorted JSON, with ``<``, ``>`` and ``&`` escaped so that it is inert wherever HTML holds it."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")

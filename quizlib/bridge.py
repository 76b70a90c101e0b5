"""The entry points the browser calls: JSON text in, JSON text out.

Strings cross the JavaScript/Python boundary, never Python objects, so nothing leaks as a proxy.
This module imports nothing browser-specific; it is tested in CPython like the rest.
"""

from __future__ import annotations

import json

from .chart import scale_chart
from .errors import AnswerError
from .scoring import score_quiz
from .serialize import answers_from_dict, dumps, quiz_from_dict, result_to_dict
from .shuffle import reader_order
from .strings import points_label, summary, ui_strings


def check(quiz_json: str, answers_json: str, language: str = "en") -> str:
    """Score the answers; return the result with its summary, per-question labels and scale chart.

    On answers that do not fit the quiz, return ``{"error": message}`` instead.
    """
    quiz = quiz_from_dict(json.loads(quiz_json))
    try:
        answers = json.loads(answers_json)
    except RecursionError:
        return dumps({"error": "expected answers as JSON nested a few levels deep; found far deeper nesting"})
    except ValueError as error:
        return dumps({"error": f"expected answers as JSON; found {error}"})
    try:
        result = score_quiz(quiz, answers_from_dict(answers, quiz))
    except AnswerError as error:
        return dumps({"error": str(error)})
    strings = ui_strings(language)
    data = result_to_dict(result)
    data["summary"] = summary(quiz, result, strings)
    data["chart"] = scale_chart(quiz, result, strings)
    for question in data["questions"]:
        question["label"] = points_label(question["outcome"], question["points"], question["max"], strings)
    return dumps(data)


def order(quiz_json: str, seed: str) -> str:
    """The order of questions and choices for the reader whose seed this is."""
    return dumps(reader_order(quiz_from_dict(json.loads(quiz_json)), seed))

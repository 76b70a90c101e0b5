"""quizlib: read, validate, render and score quizzes written in Markdown pages.

Standard library only, so the very same code runs at build time in CPython and in the reader's
browser in Pyodide. Steps are separate and pure: parse (`parse_quiz`), render (`render_quiz`),
score (`score_quiz`).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from .errors import AnswerError, QuizError, QuizErrors
from .model import Choice, Question, Quiz

if TYPE_CHECKING:
    from .build import parse_quiz
    from .render import render_quiz
    from .scoring import QuestionResult, Result, score_quiz

# Imported when first used, so that the browser, which needs only quizlib.bridge, never loads the reader
# of quiz source (build, syntax, coverage) or the renderer.
_LAZY = {
    "parse_quiz": "build",
    "render_quiz": "render",
    "QuestionResult": "scoring",
    "Result": "scoring",
    "score_quiz": "scoring",
}


def __getattr__(name: str) -> object:
    if name in _LAZY:
        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__version__ = "0.1.0"

__all__ = [
    "AnswerError",
    "Choice",
    "Question",
    "QuestionResult",
    "Quiz",
    "QuizError",
    "QuizErrors",
    "Result",
    "__version__",
    "parse_quiz",
    "render_quiz",
    "score_quiz",
]

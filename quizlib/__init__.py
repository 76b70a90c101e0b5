"""quizlib: read, validate, render and score quizzes written in Markdown pages.

Standard library only, so the very same code runs at build time in CPython and in the reader's
browser in Pyodide. Steps are separate and pure: parse (`parse_quiz`), render (`render_quiz`),
score (`score_quiz`).
"""

from .build import parse_quiz
from .errors import AnswerError, QuizError, QuizErrors
from .model import Choice, Question, Quiz
from .render import render_quiz
from .scoring import QuestionResult, Result, score_quiz

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

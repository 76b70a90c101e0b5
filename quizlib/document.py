"""Read every quiz of one Markdown document: the single path shared by the build and `check`."""

from __future__ import annotations

from dataclasses import dataclass

from .build import parse_quiz
from .errors import QuizError, QuizErrors
from .markdown_source import QuizBlock, find_quiz_blocks
from .model import Quiz


@dataclass(frozen=True)
class FoundQuiz:
    """A quiz fence and what it holds: the quiz, or None when it has errors."""

    block: QuizBlock
    quiz: Quiz | None


def read_document(lines: list[str], path: str) -> tuple[list[FoundQuiz], list[QuizError]]:
    """The quizzes of a Markdown document and every error in them, in line order.

    Quizzes without an ``id:`` are numbered by position: quiz-1, quiz-2, …
    """
    blocks, errors = find_quiz_blocks(lines, path)
    found: list[FoundQuiz] = []
    first_line: dict[str, int] = {}
    for number, block in enumerate(blocks, 1):
        try:
            quiz: Quiz | None = parse_quiz(block.body, path=path, fence_line=block.line, default_id=f"quiz-{number}")
        except QuizErrors as problems:
            # Columns as in the file: the body was read without the fence's indent.
            errors.extend(QuizError(e.message, e.line, e.col + block.indent, e.path) for e in problems.errors)
            quiz = None
        if quiz is not None and quiz.id in first_line:
            errors.append(
                QuizError(
                    f"expected a quiz id used once on the page; found '{quiz.id}' again "
                    f"(first on line {first_line[quiz.id]})",
                    block.line,
                    1,
                    path,
                )
            )
            quiz = None
        if quiz is not None:
            first_line[quiz.id] = block.line
        found.append(FoundQuiz(block, quiz))
    return found, sorted(errors, key=lambda error: (error.line, error.col))

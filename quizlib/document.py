"""Read every quiz of one Markdown document: the single path shared by the build and `check`."""

from __future__ import annotations

from dataclasses import dataclass

from .build import parse_quiz
from .errors import QuizError, QuizErrors
from .markdown_source import PAGE, QUIZ, QuizBlock, find_quiz_blocks, read_page
from .model import Quiz
from .quiz_text import references, text_errors


@dataclass(frozen=True)
class FoundQuiz:
    """A quiz or quiz-results fence and what it holds.

    ``quiz`` is None when the quiz has errors, and for a fence that is not a quiz on the page: a
    quiz-results fence, or a quiz inside an HTML comment or raw HTML (see ``block.place``).
    """

    block: QuizBlock
    quiz: Quiz | None


def read_markdown(text: str, path: str) -> tuple[list[FoundQuiz], list[QuizError]]:
    """The quizzes of a Markdown file's text, read as the site build reads it (`quizlib.markdown_source`).

    Front matter is taken off as MkDocs does; error lines are the file's.
    """
    page = read_page(text)
    return read_document(page.lines, path, page.offset)


def read_document(lines: list[str], path: str, line_offset: int = 0) -> tuple[list[FoundQuiz], list[QuizError]]:
    """The quizzes of a document's Markdown lines and every error in them, in line order.

    ``line_offset``: lines of the file above ``lines`` (front matter), added to error lines. Quizzes
    without an ``id:`` are numbered by position among the page's quizzes: quiz-1, quiz-2, …
    """
    blocks, errors = find_quiz_blocks(lines, path, line_offset)
    found: list[FoundQuiz] = []
    first_line: dict[str, int] = {}
    links = references(lines) if blocks else {}
    number = 0
    for block in blocks:
        if block.kind != QUIZ or block.place != PAGE:
            found.append(FoundQuiz(block, None))
            continue
        number += 1
        fence_line = block.line + line_offset
        try:
            quiz: Quiz | None = parse_quiz(block.body, path=path, fence_line=fence_line, default_id=f"quiz-{number}")
        except QuizErrors as problems:
            # Columns as in the file: the body was read without the fence's indent.
            errors.extend(QuizError(e.message, e.line, e.col + block.indent, e.path) for e in problems.errors)
            quiz = None
        if inline := text_errors(block, path, line_offset, links):
            errors.extend(inline)
            quiz = None
        if quiz is not None and quiz.id in first_line:
            errors.append(
                QuizError(
                    f"expected a quiz id used once on the page; found '{quiz.id}' again "
                    f"(first on line {first_line[quiz.id]})",
                    fence_line,
                    1,
                    path,
                )
            )
            quiz = None
        if quiz is not None:
            first_line[quiz.id] = fence_line
        found.append(FoundQuiz(block, quiz))
    return found, sorted(errors, key=lambda error: (error.line, error.col))

"""The two error types of quizlib.

`QuizError` is a problem in a quiz's source: it always knows where it is (path, line, column) and
says what was expected and what was found. `AnswerError` is raised when answers handed to the
scorer do not fit the quiz; it is the only exception scoring raises.
"""

from __future__ import annotations


class QuizError(Exception):
    """One problem in quiz source text, printed as ``path:line:col: message``."""

    def __init__(self, message: str, line: int, col: int = 1, path: str = "<quiz>") -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.col = col
        self.path = path

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.message}"

    def located(self, path: str, line_offset: int = 0) -> QuizError:
        """The same error, placed in ``path`` and moved down by ``line_offset`` lines."""
        return QuizError(self.message, self.line + line_offset, self.col, path)


class QuizErrors(Exception):
    """Every problem found in one run, in source order; raised when there is at least one."""

    def __init__(self, errors: list[QuizError]) -> None:
        super().__init__("\n".join(str(error) for error in errors))
        self.errors = errors


class AnswerError(ValueError):
    """Answers that do not fit the quiz: unknown question or choice ids, or values of the wrong type."""

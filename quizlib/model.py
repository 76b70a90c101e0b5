"""The quiz as data: small frozen objects that keep the source line they came from."""

from __future__ import annotations

from dataclasses import dataclass

SINGLE = "single"
MULTIPLE = "multiple"
QUESTION_KINDS = (SINGLE, MULTIPLE)


@dataclass(frozen=True)
class Choice:
    """One answer a reader can pick. Texts are inline Markdown."""

    id: str
    text: str
    correct: bool
    feedback: str = ""
    line: int = 0


@dataclass(frozen=True)
class Question:
    """A question with its choices; ``kind`` is one of `QUESTION_KINDS`."""

    id: str
    kind: str
    prompt: str
    choices: tuple[Choice, ...]
    explain: str = ""
    weight: float = 1.0
    line: int = 0


@dataclass(frozen=True)
class Quiz:
    """A whole quiz. ``pass_mark`` is a percentage, or None when the quiz has no pass mark."""

    id: str
    title: str
    questions: tuple[Question, ...]
    pass_mark: float | None = None
    line: int = 0

"""What a kind of question is made of. The kinds themselves are in the modules beside this one."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, NamedTuple

from ..errors import AnswerError
from ..model import Choice, Question, Quiz
from ..typed import is_blank

if TYPE_CHECKING:
    from ..build import Builder
    from ..syntax import Block

Inline = Callable[[str], str]
COMMON_KEYS = ("id", "type", "explain")
MAX_PARTS = 20  # blanks in a sentence, or pairs to match: more would not fit a reader's screen
# Form fields of a question are named '<question>__<part>': '__' is never in an id, so names cannot clash.
PART = "__"


# What each choice or part of an answered question was (docs/contribute/scoring.md, "Marks").
RIGHT = "right"  # a right choice picked; a right blank or pair
WRONG = "wrong"  # a wrong choice picked; a blank or pair not right, or left empty
MISSED = "missed"  # a right choice not picked
Marks = tuple[tuple[str, str], ...]  # (choice or part id, mark), in the order written


class Scored(NamedTuple):
    """What a question earned: a fraction from 0 to 1, and the mark of each choice or part it has one for."""

    fraction: Fraction
    marks: Marks = ()


def by_part(question: Question, right: Callable[[Choice], bool]) -> Scored:
    """Every part (blank, pair) marked right or wrong; each right part earns an equal share."""
    marks = tuple((part.id, RIGHT if right(part) else WRONG) for part in question.choices)
    return Scored(Fraction(sum(mark == RIGHT for _, mark in marks), len(marks)), marks)


@dataclass(frozen=True)
class Rendering:
    """What a kind's widget is drawn from."""

    quiz: Quiz
    question: Question
    name: str  # the question's HTML id, and the name of its form fields
    inline: Inline
    strings: dict[str, str]


@dataclass(frozen=True)
class Kind:
    """One kind of question, described once: parsing, validation, scoring, rendering and the browser
    runtime (through `runtime`, in each quiz's data) all read it from here."""

    name: str
    keys: tuple[str, ...]  # the settings it takes besides COMMON_KEYS
    body: str  # the lines under the question: "choices" ('- [ ]'), "items" ('1.'), "pairs" ('- a = b'), or ""
    answer: str  # what an answer is, in words ({points}: the number of answer labels)
    graded: bool  # has right answers and points
    shuffled: bool  # its choices follow 'shuffle: choices'
    widget: str  # how the page asks: pick-one, pick-many, typed, arrange or slots (quiz_markdown/assets/quiz.js)
    hint: str  # the key, in quizlib.strings, of the instruction under the prompt
    read: Callable[[Builder, Block, Question], Question]  # its own parts, from its block, checked
    score: Callable[[Quiz, Question, object], Scored | None]  # None when unanswered; raises AnswerError
    render: Callable[[Rendering], str]  # its widget
    prompt: Callable[[Rendering], str] | None = None  # its prompt, when it is more than the text (blanks)
    whole_number: bool = False  # the page sends a picked value as a whole number (likert)

    def runtime(self) -> dict[str, object]:
        """What the browser runtime needs to know of this kind."""
        return {"widget": self.widget, "graded": self.graded, "whole_number": self.whole_number}


def shown(value: object, limit: int = 60) -> str:
    """An answer as JSON, for messages; cut short when long."""
    try:
        text = json.dumps(value, ensure_ascii=False, default=repr)
    except (ValueError, RecursionError):
        text = type(value).__name__
    return text if len(text) <= limit else text[: limit - 1] + "…"


def answer_error(quiz: Quiz, question: Question, what: str, found: object) -> AnswerError:
    """The error for an answer that does not fit ``question``: ``what`` was expected."""
    return AnswerError(f"question '{question.id}': expected {what.format(points=quiz.points)}; found {shown(found)}")


def listed(ids: list[str], limit: int = 8) -> str:
    return ", ".join(ids[:limit]) + (", …" if len(ids) > limit else "")


def unknown_id(quiz: Quiz, question: Question, what: str, ids: list[str], found: object) -> AnswerError:
    return answer_error(quiz, question, f"{what} of this question ({listed(ids)})", found)


def letter(index: int) -> str:
    """The id of the choice, item, blank or pair at ``index``: a, b, … z, then c27, c28, …"""
    return chr(ord("a") + index) if index < 26 else f"c{index + 1}"


def slot_answers(
    quiz: Quiz, question: Question, answer: object, what: str, part: str, of_ids: bool = False
) -> dict[str, str] | None:
    """The filled parts of an answer that names its parts (blanks, pairs): {part id: text}, or None when every
    part is empty or only spaces. Raises AnswerError for another shape (``what``) or an unknown ``part`` id, and,
    with ``of_ids``, for a filled value that is not one of the part ids either."""
    ids = [choice.id for choice in question.choices]
    if not isinstance(answer, dict):
        raise answer_error(quiz, question, what, answer)
    for part_id, value in answer.items():
        if part_id not in ids:
            raise unknown_id(quiz, question, part, ids, part_id)
        if value is not None and not isinstance(value, str):
            raise answer_error(quiz, question, what, answer)
        if of_ids and filled(value) and value not in ids:
            raise unknown_id(quiz, question, part, ids, value)
    given = {part_id: value for part_id, value in answer.items() if filled(value)}
    return given or None


def filled(value: object) -> bool:
    """Whether one slot of an answer (a blank, a pair) holds something: not only spaces."""
    return isinstance(value, str) and not is_blank(value)

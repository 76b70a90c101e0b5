"""Questions answered by typing: a number, a word or phrase, and a reflection (never scored)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from fractions import Fraction
from html import escape
from typing import TYPE_CHECKING

from ..model import Question, Quiz
from ..typed import exact, is_blank, normalise_text, read_number
from .base import Kind, Rendering, Scored, answer_error

if TYPE_CHECKING:
    from ..build import Builder
    from ..syntax import Block

NUMBER = "a number, or the text typed"
TEXT = "the text typed"


def _read_number(builder: Builder, block: Block, question: Question) -> Question:
    given, fields = block.fields.get("answer"), block.fields
    if given is None:
        builder.error("expected 'answer: …' in a numeric question; found none", block.head.line)
        return question
    number = builder.number(given, "a number such as '12.5'")
    tolerance, relative = 0.0, False
    if "tolerance" in fields:
        written = fields["tolerance"]
        relative = written.value.endswith("%")
        found = builder.number(replace(written, value=written.value.rstrip("% ")),
                               "a tolerance of zero or more, such as '0.5' or '5%'", 0)  # fmt: skip
        if found is not None and relative and found >= 100:
            builder.error(f"expected a relative tolerance below 100%; found {builder.shown(written.value)}",
                          written.line, written.col)  # fmt: skip
        elif found is not None:
            tolerance = float(exact(found) / 100) if relative else found
    return replace(question, number=number or 0.0, tolerance=tolerance, relative=relative)


def _read_text(builder: Builder, block: Block, question: Question) -> Question:
    given = block.fields.get("answer")
    if given is None:
        builder.error("expected 'answer: …' in a text question; found none", block.head.line)
        return question
    accepted = tuple(variant.strip() for variant in given.value.split("|"))
    if not all(normalise_text(variant) for variant in accepted):
        builder.error(f"expected accepted answers separated by '|', such as 'career | careers'; "
                      f"found {builder.shown(given.value)}", given.line, given.col)  # fmt: skip
    return replace(question, accepted=accepted)


def _nothing(builder: Builder, block: Block, question: Question) -> Question:
    return question


def typed_text(quiz: Quiz, question: Question, answer: object, what: str = TEXT) -> str | None:
    """The text typed, or None when it is only spaces; raises AnswerError when the answer is not text."""
    if not isinstance(answer, str):
        raise answer_error(quiz, question, what, answer)
    return None if is_blank(answer) else answer


def _score_number(quiz: Quiz, question: Question, answer: object) -> Scored | None:
    if isinstance(answer, bool) or not isinstance(answer, str | int | float):
        raise answer_error(quiz, question, NUMBER, answer)
    if isinstance(answer, str) and typed_text(quiz, question, answer, NUMBER) is None:
        return None
    value = read_number(answer)
    key = exact(question.number)
    allowed = exact(question.tolerance) * (abs(key) if question.relative else Decimal(1))
    return Scored(Fraction(value is not None and abs(value - key) <= allowed))


def _score_text(quiz: Quiz, question: Question, answer: object) -> Scored | None:
    text = typed_text(quiz, question, answer)
    if text is None:
        return None
    return Scored(Fraction(normalise_text(text) in {normalise_text(variant) for variant in question.accepted}))


def _score_reflection(quiz: Quiz, question: Question, answer: object) -> Scored | None:
    return None if typed_text(quiz, question, answer) is None else Scored(Fraction(0))


def _render(drawn: Rendering) -> str:
    label = f'<span class="qz-answer-label">{escape(drawn.strings["your_answer"])}</span>'
    if drawn.question.kind == "reflection":
        return f'<label class="qz-typed">{label}<textarea name="{drawn.name}" rows="4"></textarea></label>'
    mode = ' inputmode="decimal"' if drawn.question.kind == "numeric" else ""
    return (
        f'<label class="qz-typed">{label}'
        f'<input type="text" name="{drawn.name}" autocomplete="off" spellcheck="false"{mode} /></label>'
    )


NUMERIC = Kind(
    "numeric", ("weight", "hint", "alternative", "answer", "tolerance"), "", NUMBER, True, False, "typed",
    "type_number", _read_number, _score_number, _render,
)  # fmt: skip
TEXT_KIND = Kind(
    "text", ("weight", "hint", "alternative", "answer"), "", TEXT, True, False, "typed", "type_text",
    _read_text, _score_text, _render,
)  # fmt: skip
REFLECTION = Kind(
    "reflection", ("hint", "alternative"), "", TEXT, False, False, "typed", "reflection_hint",
    _nothing, _score_reflection, _render,
)  # fmt: skip

"""Statements of a self-assessment: rated from 1 to the number of answer labels, counted toward a scale."""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction
from html import escape
from typing import TYPE_CHECKING

from ..model import Question, Quiz
from .base import Kind, Rendering, Scored, answer_error

if TYPE_CHECKING:
    from ..build import Builder
    from ..syntax import Block

RATING = "a whole number from 1 to {points}"


def _read(builder: Builder, block: Block, question: Question) -> Question:
    if "measures" not in block.fields:
        builder.error("expected 'measures: …' naming the scale this statement counts toward; found none",
                      block.head.line)  # fmt: skip
    return replace(
        question,
        scale=block.text("measures"),
        reverse=builder.yes_no(block.fields.get("reverse")),
        partner=block.text("partner"),
    )


def _score(quiz: Quiz, question: Question, answer: object) -> Scored:
    if isinstance(answer, bool) or not isinstance(answer, int) or not 1 <= answer <= quiz.points:
        raise answer_error(quiz, question, RATING, answer)
    return Scored(Fraction(0))


def labels(quiz: Quiz, strings: dict[str, str]) -> tuple[str, ...]:
    """The answer labels: the quiz's own, or the interface's (as many as `Quiz.points`)."""
    return quiz.likert or tuple(strings["likert_labels"].split("|"))


def _render(drawn: Rendering) -> str:
    parts = ['<ul class="qz-likert">']
    for value, label in enumerate(labels(drawn.quiz, drawn.strings), 1):
        parts.append(
            f'<li><label><input type="radio" name="{drawn.name}" value="{value}" /> '
            f'<span class="qz-choice-text">{escape(label)}</span></label></li>'
        )
    parts.append("</ul>")
    return "\n".join(parts)


LIKERT = Kind(
    "likert", ("alternative", "measures", "reverse", "partner"), "", RATING, False, False, "pick-one",
    "likert_hint", _read, _score, _render, whole_number=True,
)  # fmt: skip

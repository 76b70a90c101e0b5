"""Questions answered by picking: one choice, choose all that apply, and true or false."""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction
from html import escape
from typing import TYPE_CHECKING

from ..model import ALL_OR_NOTHING, PARTIAL, Choice, Question, Quiz
from .base import MISSED, RIGHT, WRONG, Kind, Rendering, Scored, answer_error, letter, unknown_id

if TYPE_CHECKING:
    from ..build import Builder
    from ..syntax import Block

ONE = 'one choice id, such as "a"'
MANY = "a list of choice ids"


def _read(builder: Builder, block: Block, question: Question) -> Question:
    line = block.head.line
    correct = sum(choice.correct for choice in block.choices)
    if len(block.choices) < 2:
        builder.error(f"expected at least two choices ('- [ ] …') for this question; found {len(block.choices)}", line)
    elif correct == 0:
        builder.error("expected a correct choice marked '- [x]'; found none", line)
    elif question.kind == "single" and correct > 1:
        given = block.fields.get("type")
        builder.error(f"expected one correct choice for a single-choice question; found {correct} "
                      "(write 'type: multiple' for a question with several right answers)",
                      given.line if given else line)  # fmt: skip
    choices = tuple(
        Choice(letter(i), c.text, c.correct, c.feedback.value if c.feedback else "", c.line)
        for i, c in enumerate(block.choices)
    )
    scoring = builder.choice_of(block.fields.get("scoring"), (ALL_OR_NOTHING, PARTIAL), ALL_OR_NOTHING)
    return replace(question, choices=choices, scoring=scoring)


def _read_true_false(builder: Builder, block: Block, question: Question) -> Question:
    given = block.fields.get("answer")
    if given is None:
        builder.error("expected 'answer: …' in a truefalse question; found none", block.head.line)
        return question
    if given.value.lower() not in ("true", "false"):
        builder.error(f"expected 'true' or 'false'; found {builder.shown(given.value)}", given.line, given.col)
        return question
    right = given.value.lower() == "true"
    return replace(question, choices=(Choice("true", "", right), Choice("false", "", not right)))


def _picked(quiz: Quiz, question: Question, answer: object) -> set[str]:
    ids = [choice.id for choice in question.choices]
    if question.kind == "multiple":
        if not isinstance(answer, list) or not all(isinstance(item, str) for item in answer):
            raise answer_error(quiz, question, MANY, answer)
        picked = set(answer)
    elif isinstance(answer, str):
        picked = {answer}
    else:
        raise answer_error(quiz, question, ONE, answer)
    for choice_id in sorted(picked - set(ids)):
        raise unknown_id(quiz, question, "a choice id", ids, choice_id)
    return picked


def _score(quiz: Quiz, question: Question, answer: object) -> Scored:
    picked = _picked(quiz, question, answer)
    right = {choice.id for choice in question.choices if choice.correct}
    if question.scoring == PARTIAL:
        fraction = Fraction(max(0, len(picked & right) - len(picked - right)), len(right))
    else:
        fraction = Fraction(picked == right)
    marks = tuple(
        (choice.id, (RIGHT if choice.correct else WRONG) if choice.id in picked else MISSED)
        for choice in question.choices
        if choice.id in picked or choice.correct
    )
    return Scored(fraction, marks)


def _render(drawn: Rendering) -> str:
    question, strings = drawn.question, drawn.strings
    kind = "checkbox" if question.kind == "multiple" else "radio"
    parts = ['<ul class="qz-choices">']
    for choice in question.choices:
        text = drawn.inline(choice.text) if choice.text else escape(strings[choice.id])
        parts.append(
            f'<li class="qz-choice" data-qz-choice="{escape(choice.id)}"><label>'
            f'<input type="{kind}" name="{drawn.name}" value="{escape(choice.id)}" /> '
            f'<span class="qz-choice-text">{text}</span></label>'
        )
        if choice.feedback:
            parts.append(f'<p class="qz-feedback" hidden="hidden">{drawn.inline(choice.feedback)}</p>')
        parts.append("</li>")
    parts.append("</ul>")
    return "\n".join(parts)


_KEYS = ("weight", "hint", "alternative")
SINGLE = Kind("single", _KEYS, "choices", ONE, True, True, "pick-one", "choose_one", _read, _score, _render)
MULTIPLE = Kind(
    "multiple", (*_KEYS, "scoring"), "choices", MANY, True, True, "pick-many", "choose_many", _read, _score, _render
)
TRUE_FALSE = Kind(
    "truefalse", (*_KEYS, "answer"), "", ONE, True, False, "pick-one", "choose_true_false",
    _read_true_false, _score, _render,
)  # fmt: skip

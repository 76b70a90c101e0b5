"""Putting things in order: every pair of items in the key's order earns an equal share."""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction
from html import escape
from typing import TYPE_CHECKING

from ..model import Choice, Question, Quiz
from ..shuffle import display_order
from .base import PART, Kind, Rendering, Scored, answer_error, letter

if TYPE_CHECKING:
    from ..build import Builder
    from ..syntax import Block

ORDER_ANSWER = "a list of every item id once, in the reader's order"


def _read(builder: Builder, block: Block, question: Question) -> Question:
    if len(block.items) < 2:
        builder.error(f"expected at least two items ('1. …', '2. …') in their right order; found {len(block.items)}",
                      block.head.line)  # fmt: skip
    items = tuple(Choice(letter(i), item.text, True, "", item.line) for i, item in enumerate(block.items))
    return replace(question, choices=items)


def _score(quiz: Quiz, question: Question, answer: object) -> Scored:
    ids = [item.id for item in question.choices]
    if (
        not isinstance(answer, list)
        or not all(isinstance(item, str) for item in answer)
        or sorted(answer) != sorted(ids)
    ):
        raise answer_error(quiz, question, ORDER_ANSWER, answer)
    position = {item_id: index for index, item_id in enumerate(answer)}
    pairs = [(first, second) for index, first in enumerate(ids) for second in ids[index + 1 :]]
    return Scored(Fraction(sum(position[first] < position[second] for first, second in pairs), len(pairs)))


def _render(drawn: Rendering) -> str:
    by_id = {item.id: item for item in drawn.question.choices}
    order = display_order(list(by_id), f"{drawn.name}:{drawn.question.prompt}")
    parts = [f'<ol class="qz-order" id="{drawn.name}{PART}items">']
    for item_id in order:
        parts.append(
            f'<li class="qz-order-item" data-qz-item="{escape(item_id)}">'
            f'<span class="qz-choice-text">{drawn.inline(by_id[item_id].text)}</span></li>'
        )
    parts.append("</ol>")
    return "\n".join(parts)


ORDER = Kind(
    "order", ("weight", "hint", "alternative"), "items", ORDER_ANSWER, True, False, "arrange", "order_hint",
    _read, _score, _render,
)  # fmt: skip

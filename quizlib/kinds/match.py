"""Matching: each left-hand text goes with one right-hand text, picked from a list; each right pair earns a share."""

from __future__ import annotations

import re
from dataclasses import replace
from html import escape
from typing import TYPE_CHECKING

from ..model import Choice, Question, Quiz
from ..shuffle import display_order
from .base import MAX_PARTS, PART, Kind, Rendering, Scored, by_part, letter, slot_answers

if TYPE_CHECKING:
    from ..build import Builder
    from ..syntax import Block

PAIRS = "an object giving, for each item, the id of the item it is matched with"
SEPARATOR = " = "
_MARKDOWN = re.compile(r"[*`\[]")  # a right-hand text is shown in a list, as plain text: no emphasis, code or link


def _read(builder: Builder, block: Block, question: Question) -> Question:
    pairs: list[Choice] = []
    lefts: dict[str, int] = {}
    rights: dict[str, int] = {}
    for entry in block.entries:
        left, separator, right = (part.strip() for part in entry.text.partition(SEPARATOR))
        if not separator or not left or not right:
            builder.error(f"expected a pair written '- left = right'; found {builder.shown('- ' + entry.text)}",
                          entry.line, 3)  # fmt: skip
            continue
        for text, seen, side in ((left, lefts, "left"), (right, rights, "right")):
            if text in seen:
                builder.error(f"expected a different {side}-hand text in each pair; found {builder.shown(text)} "
                              f"again (first on line {seen[text]})", entry.line, 3)  # fmt: skip
            seen.setdefault(text, entry.line)
        if found := _MARKDOWN.search(right):
            builder.error(f"expected a right-hand text without Markdown (it is shown as plain text, in a list); "
                          f"found '{found[0]}' in {builder.shown(right)}", entry.line, 3)  # fmt: skip
        pairs.append(Choice(letter(len(pairs)), left, True, "", entry.line, (right,)))
    if len(block.entries) < 2:
        builder.error(f"expected at least two pairs ('- left = right') to match; found {len(block.entries)}",
                      block.head.line)  # fmt: skip
    elif len(block.entries) > MAX_PARTS:
        builder.error(f"expected at most {MAX_PARTS} pairs to match; found {len(block.entries)}", block.head.line)
    return replace(question, choices=tuple(pairs))


def _score(quiz: Quiz, question: Question, answer: object) -> Scored | None:
    picked = slot_answers(quiz, question, answer, PAIRS, "an item id", of_ids=True)
    if picked is None:
        return None
    return by_part(question, lambda pair: picked.get(pair.id) == pair.id)


def _render(drawn: Rendering) -> str:
    question, name = drawn.question, drawn.name
    order = display_order([pair.id for pair in question.choices], f"{name}:{question.prompt}:options")
    by_id = {pair.id: pair for pair in question.choices}
    options = [f'<option value="">{escape(drawn.strings["choose"])}</option>']
    options += [f'<option value="{escape(pair_id)}">{escape(by_id[pair_id].accepted[0])}</option>' for pair_id in order]
    parts = ['<ul class="qz-match">']
    for pair in question.choices:
        field = f"{name}{PART}{pair.id}"
        parts.append(
            f'<li class="qz-match-item"><label for="{field}" class="qz-choice-text">{drawn.inline(pair.text)}</label> '
            f'<select id="{field}" name="{field}" data-qz-slot="{escape(pair.id)}">{"".join(options)}</select></li>'
        )
    parts.append("</ul>")
    return "\n".join(parts)


MATCH = Kind(
    "match", ("weight", "hint", "alternative"), "pairs", PAIRS, True, False, "slots", "match_hint",
    _read, _score, _render,
)  # fmt: skip

"""Several blanks in one sentence, written '[[accepted | answers]]'; each is judged as a word or phrase."""

from __future__ import annotations

import re
from dataclasses import replace
from fractions import Fraction
from html import escape
from typing import TYPE_CHECKING

from ..model import Choice, Question, Quiz
from ..typed import normalise_text
from .base import Kind, Rendering, Scored, answer_error, filled, letter, unknown_id

if TYPE_CHECKING:
    from ..build import Builder
    from ..syntax import Block

BLANKS = "an object giving the text typed in each blank"
_BLANK = re.compile(r"\[\[(?P<accepted>[^\[\]]*)\]\]")  # no brackets inside: read in one pass, however long


def _read(builder: Builder, block: Block, question: Question) -> Question:
    head = block.head
    blanks = []
    for number, match in enumerate(_BLANK.finditer(question.prompt)):
        accepted = tuple(variant.strip() for variant in match["accepted"].split("|"))
        if not all(normalise_text(variant) for variant in accepted):
            builder.error(f"expected accepted answers inside '[[…]]', separated by '|', such as '[[job | jobs]]'; "
                          f"found {builder.shown(match[0])}", head.line, head.col + match.start())  # fmt: skip
        blanks.append(Choice(letter(number), "", True, "", head.line, accepted))
    rest = _BLANK.sub(lambda blank: " " * len(blank[0]), question.prompt)  # the text around the blanks
    if "[[" in rest or "]]" in rest:
        where = rest.find("[[") if "[[" in rest else rest.find("]]")
        builder.error("expected each blank written '[[answer]]', closed on the same line and with no bracket inside; "
                      "found a '[[' or ']]' that is not part of one",
                      head.line, head.col + max(where, 0))  # fmt: skip
    elif not blanks and head.value:
        builder.error("expected at least one blank in the question, written '[[answer]]'; found none",
                      head.line, head.col)  # fmt: skip
    return replace(question, choices=tuple(blanks))


def _score(quiz: Quiz, question: Question, answer: object) -> Scored | None:
    ids = [blank.id for blank in question.choices]
    if not isinstance(answer, dict):
        raise answer_error(quiz, question, BLANKS, answer)
    for blank_id, typed in answer.items():
        if blank_id not in ids:
            raise unknown_id(quiz, question, "a blank id", ids, blank_id)
        if typed is not None and not isinstance(typed, str):
            raise answer_error(quiz, question, BLANKS, answer)
    if not any(filled(typed) for typed in answer.values()):
        return None
    right = sum(
        filled(typed := answer.get(blank.id))
        and normalise_text(str(typed)) in {normalise_text(variant) for variant in blank.accepted}
        for blank in question.choices
    )
    return Fraction(right, len(ids)), ()


def _prompt(drawn: Rendering) -> str:
    """The sentence, with a text field in each blank."""
    question, parts, position = drawn.question, [], 0
    blanks = zip(question.choices, _BLANK.finditer(question.prompt), strict=True)
    for number, (blank, match) in enumerate(blanks, 1):
        if match.start() > position:
            parts.append(drawn.inline(question.prompt[position : match.start()]))
        label = drawn.strings["blank_label"].format(number=number, count=len(question.choices))
        parts.append(
            f'<input type="text" class="qz-blank" name="{drawn.name}-{blank.id}" data-qz-slot="{blank.id}" '
            f'aria-label="{escape(label)}" autocomplete="off" spellcheck="false" />'
        )
        position = match.end()
    if position < len(question.prompt):
        parts.append(drawn.inline(question.prompt[position:]))
    return "".join(parts)


def _render(drawn: Rendering) -> str:
    return ""


BLANKS_KIND = Kind(
    "blanks", ("weight", "hint"), "", BLANKS, True, False, "slots", "type_blanks", _read, _score, _render,
    prompt=_prompt,
)  # fmt: skip

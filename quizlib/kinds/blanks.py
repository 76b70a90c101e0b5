"""Several blanks in one sentence, written '[[accepted | answers]]'; each is judged as a word or phrase.

The question's legend says what to do; the sentence, with a text field in each blank, follows it,
and each field is described by a copy of the whole sentence, so a screen reader gives its context.
"""

from __future__ import annotations

import re
from dataclasses import replace
from html import escape
from typing import TYPE_CHECKING

from ..model import Choice, Question, Quiz
from ..typed import normalise_text
from .base import MAX_PARTS, PART, Kind, Rendering, Scored, by_part, letter, slot_answers

if TYPE_CHECKING:
    from ..build import Builder
    from ..syntax import Block

BLANKS = "an object giving the text typed in each blank"
# No brackets inside, so a page is read in one pass however long; '\[[' is two brackets, not a blank.
_BLANK = re.compile(r"(?<!\\)\[\[(?P<accepted>[^\[\]]*)\]\]")
_LITERAL = re.compile(r"\\\[\[[^\[\]]*\]\]")  # '\[[text]]': shown as written, not a blank
# Inline Markdown that must open and close between two blanks (and not around one).
_PAIRED = (("*", "*"), ("`", "`"), ("[", "]"))


def _read(builder: Builder, block: Block, question: Question) -> Question:
    head = block.head
    blanks = []
    for number, match in enumerate(_BLANK.finditer(question.prompt)):
        accepted = tuple(variant.strip() for variant in match["accepted"].split("|"))
        if not all(normalise_text(variant) for variant in accepted):
            builder.error(f"expected accepted answers inside '[[…]]', separated by '|', such as '[[job | jobs]]'; "
                          f"found {builder.shown(match[0])}", head.line, head.col + match.start())  # fmt: skip
        blanks.append(Choice(letter(number), "", True, "", head.line, accepted))
    rest = _BLANK.sub(_masked, _LITERAL.sub(_masked, question.prompt))
    stray = re.search(r"\[\[|\]\]", rest)
    if stray:
        found = builder.shown(question.prompt[stray.start() :])
        builder.error("expected each blank written '[[answer]]', closed on the same line and with no bracket inside; "
                      f"found {found}", head.line, head.col + stray.start())  # fmt: skip
    elif not blanks and head.value:
        builder.error("expected at least one blank in the question, written '[[answer]]'; found none",
                      head.line, head.col)  # fmt: skip
    elif len(blanks) > MAX_PARTS:
        builder.error(f"expected at most {MAX_PARTS} blanks in a question; found {len(blanks)}", head.line, head.col)
    for start, segment in [] if stray else _segments(question.prompt):
        plain = re.sub(r"\\[*`\[\]]", "", _LITERAL.sub("", segment))
        for opening, closing in _PAIRED:
            if plain.count(opening) != plain.count(closing) or (opening == closing and plain.count(opening) % 2):
                builder.error(f"expected Markdown such as '{opening}…{closing}' to open and close between two "
                              f"blanks, not around one; found {builder.shown(segment)}", head.line,
                              head.col + start)  # fmt: skip
                break
    return replace(question, choices=tuple(blanks))


def _masked(found: re.Match[str]) -> str:
    return " " * len(found[0])


def _segments(prompt: str) -> list[tuple[int, str]]:
    """The texts around the blanks, with where each starts."""
    found, position = [], 0
    for match in _BLANK.finditer(prompt):
        found.append((position, prompt[position : match.start()]))
        position = match.end()
    return [*found, (position, prompt[position:])]


def _score(quiz: Quiz, question: Question, answer: object) -> Scored | None:
    typed = slot_answers(quiz, question, answer, BLANKS, "a blank id")
    if typed is None:
        return None
    return by_part(
        question,
        lambda blank: (
            blank.id in typed and normalise_text(typed[blank.id]) in {normalise_text(text) for text in blank.accepted}
        ),
    )


def _plain(text: str) -> str:
    """Inline Markdown as the words it shows (for the hidden copy, where a link must not take focus)."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return re.sub(r"\\(?=[^\w\s])", "", re.sub(r"(?<!\\)[*`]", "", text))


def _prompt(drawn: Rendering) -> str:
    return escape(drawn.strings["type_blanks"])


def _render(drawn: Rendering) -> str:
    """The sentence, with a text field in each blank, and a hidden copy that describes each field."""
    question, strings = drawn.question, drawn.strings
    sentence, described = [], []
    for (_, segment), blank in zip(_segments(question.prompt), [*question.choices, None], strict=True):
        if segment:
            sentence.append(drawn.inline(segment))
            described.append(escape(_plain(segment)))
        if blank is None:
            break
        number = ord(blank.id) - ord("a") + 1 if len(blank.id) == 1 else int(blank.id[1:])
        label = strings["blank_label"].format(number=number, count=len(question.choices))
        sentence.append(
            f'<input type="text" class="qz-blank" name="{drawn.name}{PART}{blank.id}" data-qz-slot="{blank.id}" '
            f'aria-label="{escape(label)}" aria-describedby="{drawn.name}{PART}sentence" autocomplete="off" '
            'spellcheck="false" />'
        )
        described.append(f" ({escape(label)}) ")
    return (
        f'<p class="qz-sentence">{"".join(sentence)}</p>'
        f'<p class="qz-visually-hidden" id="{drawn.name}{PART}sentence">{"".join(described)}</p>'
    )


BLANKS_KIND = Kind(
    "blanks", ("weight", "hint"), "", BLANKS, True, False, "slots", "type_blanks", _read, _score, _render,
    prompt=_prompt,
)  # fmt: skip

"""Every kind of question, described once.

`KINDS` maps a kind's name (the value of ``type:``) to its `Kind`: the settings it takes, what its
answer is, whether it is scored or shuffled, how the page asks it (its widget), and how it is read,
scored and drawn. Parsing, validation, scoring, rendering and the browser runtime (through the quiz
data in each page) all read this table; a new kind is a module here and a line below.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .base import COMMON_KEYS, Kind, Rendering, Scored
from .blanks import BLANKS_KIND
from .choices import MULTIPLE, SINGLE, TRUE_FALSE
from .entry import NUMERIC, REFLECTION, TEXT_KIND
from .likert import LIKERT
from .match import MATCH
from .order import ORDER

if TYPE_CHECKING:
    from ..syntax import Block

KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (SINGLE, MULTIPLE, TRUE_FALSE, NUMERIC, TEXT_KIND, BLANKS_KIND, MATCH, ORDER, LIKERT, REFLECTION)
}
# Every setting a question may have, in the order a message lists them.
QUESTION_KEYS = tuple(dict.fromkeys(key for key in (*COMMON_KEYS, *(k for kind in KINDS.values() for k in kind.keys))))


def written_with(body: str) -> list[str]:
    """The kinds whose questions are followed by lines of this ``body`` ('choices', 'items' or 'pairs')."""
    return [kind.name for kind in KINDS.values() if kind.body == body]


def kind_of_lines(block: Block) -> Kind:
    """The kind of a question written without 'type:', from the lines under it: numbered items are put in order,
    '- left = right' pairs are matched, and choices make one choice, or several when more than one is right."""
    if block.items:
        return ORDER
    if block.entries and not block.choices:
        return MATCH
    return MULTIPLE if sum(choice.correct for choice in block.choices) > 1 else SINGLE


__all__ = ["COMMON_KEYS", "KINDS", "QUESTION_KEYS", "Kind", "Rendering", "Scored", "kind_of_lines", "written_with"]

"""`link_targets` reads every inline link's target in one pass over the text: the same targets as reading
each one on its own, as it did before (kept below as the reference), in linear time on a line of many '](',
where reading each on its own took quadratic time (about 8 s for a line of 8,000 '](')."""

from __future__ import annotations

import re
from unittest import mock

from hypothesis import given, settings
from hypothesis import strategies as st

from quizlib import quiz_text
from quizlib.quiz_text import _ESCAPED, _outside, code_spans, inline_problems, link_targets, references


def reference_target(text: str, position: int) -> str:
    """The target of an inline link whose '](' ends at ``position``, read on its own (the former reading)."""
    while position < len(text) and text[position] in " \t":
        position += 1
    if text.startswith("<", position):
        end = text.find(">", position)
        return text[position + 1 : end if end != -1 else len(text)]
    start, depth = position, 0
    while position < len(text):
        char = text[position]
        if char == "\\":
            position += 2
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            if depth == 0:
                break
            depth -= 1
        elif char in " \t":
            break
        position += 1
    return _ESCAPED.sub(r"\1", text[start:position])


def reference_link_targets(
    text: str, links: dict[str, str] | None = None, spans: list[tuple[int, int]] | None = None
) -> list[tuple[int, str]]:
    """`link_targets` as it was, each target read on its own."""
    if spans is None:
        spans = code_spans(text) if "`" in text else []
    found = [
        (link.end() + 1, reference_target(text, link.end()))
        for link in re.finditer(r"\]\(", text)
        if _outside(spans, link.start())
    ]
    if links:
        for reference in quiz_text._REFERENCE.finditer(text):
            target = links.get(quiz_text._reference_id(reference[2] or reference[1]))
            if target and _outside(spans, reference.start()):
                found.append((reference.start() + 1, target))
    return found


PIECES = [
    "](",
    "](",
    "(",
    ")",
    "\\",
    "\\\\",
    "<",
    ">",
    " ",
    "\t",
    "`",
    "``",
    "a",
    "b:",
    "/",
    "[",
    "]",
    "!",
    "&#47;",
    "{",
]
TEXTS = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)
LINKS = references(["[a]: javascript:x", "[b:]: //host", "[ref]: ../index.md"])


@settings(max_examples=3000, deadline=None)
@given(TEXTS)
def test_targets_are_those_read_one_by_one(text: str) -> None:
    assert link_targets(text) == reference_link_targets(text)
    assert link_targets(text, LINKS) == reference_link_targets(text, LINKS)
    assert link_targets(text, spans=[]) == reference_link_targets(text, spans=[])


@settings(max_examples=500, deadline=None)
@given(TEXTS)
def test_problems_are_those_found_with_targets_read_one_by_one(text: str) -> None:
    found = inline_problems(text, LINKS)
    with mock.patch.object(quiz_text, "link_targets", reference_link_targets):
        assert found == inline_problems(text, LINKS)


def test_a_line_of_many_links_in_links() -> None:
    text = "](" * 2_000 + "a)" + "](" * 10 + " b\\)c\\\\)" + "](<x](<y>"
    assert link_targets(text) == reference_link_targets(text)
    assert [target for _, target in link_targets("](a(b)c)d](e f](\\)g)")] == ["a(b)c", "e", ")g"]

"""Find quiz fences (```quiz … ```) in Markdown source, with their line numbers.

Other fenced code blocks are skipped whole, so a quiz shown as an example inside a longer
fence (````markdown … ````) is not taken for a real one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import QuizError

_FENCE = re.compile(r"^(?P<indent> *)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^`\n]*?)[ \t]*$")
# A raw HTML block, as Python-Markdown reads one: a block-level tag at the start of a line, up to its
# closing tag. Markdown inside is not read, so a quiz there would never become one.
_BLOCK_TAGS = (
    "address|article|aside|blockquote|details|dialog|div|dl|fieldset|figure|footer|form|header|main|nav|ol|p|"
    "section|table|ul"
)
_HTML_OPEN = re.compile(rf"^<(?P<tag>{_BLOCK_TAGS})(?=[\s>/])", re.I)
RAW_HTML_QUIZ = "expected the quiz outside raw HTML such as <div>…</div>, where Markdown is not read; found it inside"


@dataclass(frozen=True)
class QuizBlock:
    """A quiz fence: lines ``start`` (opening fence) to ``end`` (closing fence), 0-based, inclusive.

    ``info`` is the rest of the opening line, such as ``quiz show-source``.
    """

    start: int
    end: int
    body: str
    info: str = ""
    indent: int = 0  # spaces before the fence, taken off each line of the body

    @property
    def line(self) -> int:
        """1-based line number of the opening fence."""
        return self.start + 1


def find_quiz_blocks(lines: list[str], path: str = "<markdown>") -> tuple[list[QuizBlock], list[QuizError]]:
    """Return the quiz fences in ``lines`` and an error for a quiz fence that is never closed."""
    blocks: list[QuizBlock] = []
    errors: list[QuizError] = []
    index = 0
    while index < len(lines):
        if html := _HTML_OPEN.match(lines[index]):
            end = _html_block_end(lines, index, html["tag"].lower())
            errors += [
                QuizError(RAW_HTML_QUIZ, inside + 1, 1, path)
                for inside in range(index + 1, end)
                if (inner := _FENCE.match(lines[inside])) and inner["info"].split(" ", 1)[0] == "quiz"
            ]
            index = end + 1
            continue
        opener = _FENCE.match(lines[index])
        if opener is None:
            index += 1
            continue
        fence, indent, kind = opener["fence"], len(opener["indent"]), opener["info"].split(" ", 1)[0]
        nested = indent > 3  # in an admonition or a nested list, or a line of an indented code block
        close = _closing_line(lines, index + 1, fence, 4 if nested else 0)
        if nested and close is None:
            index += 1  # never closed: not a fence, just a line (of an indented code block, say)
            continue
        if nested and kind in ("quiz", "quiz-results"):
            errors.append(QuizError(
                f"expected the quiz fence at the start of its line; found it indented {indent} spaces (a quiz "
                "cannot go inside an admonition, a tab or a nested list; to show quiz source as an example, put "
                "it in a longer fence such as ````text)", index + 1, indent + 1, path,
            ))  # fmt: skip
        is_quiz = kind == "quiz" and not nested
        if is_quiz and close is None:
            errors.append(QuizError(
                f"expected a closing {fence} for the quiz fence opened here; found the end of the file",
                index + 1, indent + 1, path,
            ))  # fmt: skip
            break
        end = len(lines) - 1 if close is None else close
        if is_quiz:
            # As in CommonMark, the body loses as many leading spaces as the opening fence has.
            body = [_dedent(line, indent) for line in lines[index + 1 : end]]
            blocks.append(QuizBlock(index, end, "\n".join(body), opener["info"], indent))
        index = end + 1
    return blocks, errors


def _closing_line(lines: list[str], start: int, fence: str, indent: int) -> int | None:
    """The first line from ``start`` that closes ``fence``: as long, and indented at least ``indent`` spaces.

    An indented fence (``indent`` > 0) ends unclosed at the first line indented less: its block is over.
    """
    for index in range(start, len(lines)):
        stripped = lines[index].strip()
        indented = len(lines[index]) - len(lines[index].lstrip(" "))
        if stripped and indented < indent:
            return None
        if stripped and set(stripped) == {fence[0]} and len(stripped) >= len(fence):
            return index
    return None


def _dedent(line: str, spaces: int) -> str:
    indent = len(line) - len(line.lstrip(" "))
    return line[min(indent, spaces) :]


def _html_block_end(lines: list[str], start: int, tag: str) -> int:
    """The line that closes the HTML block opened on line ``start`` (nested tags of its kind counted)."""
    opening, closing = re.compile(rf"<{tag}(?=[\s>/])", re.I), re.compile(rf"</{tag}\s*>", re.I)
    depth = 0
    for index in range(start, len(lines)):
        depth += len(opening.findall(lines[index])) - len(closing.findall(lines[index]))
        if depth <= 0:
            return index
    return start  # never closed: only its first line is raw

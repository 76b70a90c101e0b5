"""Read a Markdown page as the site build reads it, and find its quiz fences (```quiz … ```).

One reader, one finder: `python -m quizlib check` and `export` read a file with `read_page`, the
Markdown extension (so the build) has Python-Markdown read the page with `markdown_lines`, and all of
them find quizzes with `find_quiz_blocks`. So they see the same lines, the same quizzes and the same
errors, at the same places.

Reading a page (`read_page`), as MkDocs and then Python-Markdown 3.x do:

- MkDocs decodes the file as UTF-8 with an optional byte-order mark, in text mode ("\\r\\n" and "\\r"
  end lines), and takes off front matter by its own rule (mkdocs/utils/meta.py, `split_front_matter`):
  a block between a first line '---' and a line '---' or '...', when it reads as a YAML mapping
  (checked with PyYAML when it is installed, as it is wherever MkDocs is; without it, when its first
  line looks like 'key: value'); otherwise leading MultiMarkdown 'key: value' lines up to a blank line.
  Blank lines after the front matter go too. Errors are placed in the file all the same.
- Python-Markdown then normalises the text (`markdown_lines`, exactly its NormalizeWhitespace): its own
  STX/ETX markers removed, line ends made "\\n", tabs expanded to 4 columns, lines of spaces emptied,
  two empty lines added. Only "\\n" ends a line: U+2028, U+2029, form feeds and vertical tabs stay
  inside their line, in Python-Markdown as in MkDocs's text-mode reading, and so here.

What counts as a quiz (`find_quiz_blocks`):

- a fence whose info starts with ``quiz`` at the start of a line, or up to 3 spaces in (under a list
  item), closed by a line of as many backticks (or tildes) or more: a quiz. An unclosed one is an
  error. An empty ``quiz-results`` fence shows the reader's saved results; one with text in it is an
  error.
- a quiz fence inside another fence (````markdown … ````): an example, not a quiz. Other fences are
  read as pymdownx.superfences (the site's fences) reads them: closed by the same fence, indented as
  much; a fence never closed is no fence (what follows is read), and after one that runs to the end
  of the page, superfences starts no other.
- a quiz fence indented 4 spaces or more (an admonition, a tab, a nested list), in a blockquote
  ('> ```quiz') or after a list marker ('- ```quiz'): an error, since Markdown would show the quiz's
  source as code, or garble it.
- a quiz fence inside raw HTML, where Markdown is not read: an error. Raw HTML is found as
  Python-Markdown finds it (its HTML block preprocessor, run after fenced code is set aside): a
  block-level tag at the start of a line up to its closing tag, counting nested ones (to the end of
  the page when it is never closed: a quiz after an unclosed ``<div>`` is an error), and
  ``<!DOCTYPE …>``, ``<?…?>`` and ``<![CDATA[…]]>``; with the same tokenizer (a private copy of
  `html.parser` with Python-Markdown's changes) and the same rules (see
  `quizlib.raw_html.scanner_class` for the two
  differences, on pages Python-Markdown itself takes quadratic time to read).
- a quiz fence inside an HTML comment that Markdown takes as a block (``<!--`` starting a line, closed
  by ``-->``): commented out on purpose. Neither `check` nor the build renders or reports it (the
  build drops it from the comment too). A ``<!--`` that is never closed is text, and so is one in the
  middle of a line: the quizzes after it are read.

Should Python-Markdown read a quiz's place otherwise all the same, the build says so (quiz_markdown).

Raw HTML is found by `quizlib.raw_html`; what quiz texts may hold is checked by `quizlib.quiz_text`.
"""

from __future__ import annotations

import importlib
import importlib.util
import re
from dataclasses import dataclass, replace
from typing import Any, NamedTuple

from .errors import QuizError
from .raw_html import COMMENT, RAW, Region, html_places

TAB_LENGTH = 4  # Python-Markdown's default tab_length
QUIZ = "quiz"
RESULTS = "quiz-results"
PAGE = "page"  # where a fence sits: read by Markdown, commented out, raw HTML

RAW_HTML_QUIZ = "expected the quiz outside raw HTML such as <div>…</div>, where Markdown is not read; found it inside"

_FENCE = re.compile(r"^(?P<indent> *)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^`\n]*?)[ \t]*$")
# What may come before a fence on its line: blockquote markers and list markers.
_CONTAINER = re.compile(r"^ {0,3}(?:>[ ]?|(?:[-+*]|[0-9]{1,9}[.)])[ ]+)+")
_QUOTES = re.compile(r" {0,3}(?:>[ ]?)+")  # a _CONTAINER of blockquote markers only


# --- Reading ---------------------------------------------------------------------------------------


def markdown_lines(text: str) -> list[str]:
    """The lines Python-Markdown reads from ``text`` (exactly its NormalizeWhitespace preprocessor)."""
    text = text.replace("\x02", "").replace("\x03", "")
    text = text.replace("\r\n", "\n").replace("\r", "\n") + "\n\n"
    text = text.expandtabs(TAB_LENGTH)
    text = re.sub(r"(?<=\n) +\n", "\n", text)
    return text.split("\n")


class Page(NamedTuple):
    """A page's Markdown lines, and how many lines of the file come before them (front matter)."""

    lines: list[str]
    offset: int


def read_page(text: str) -> Page:
    """A Markdown file's text, read as MkDocs and Python-Markdown read it (see the module's docstring)."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    markdown, offset = split_front_matter(text)
    return Page(markdown_lines(markdown), offset)


_YAML_FRONT = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)
_META = re.compile(r"^[ ]{0,3}[A-Za-z0-9_-]+:\s*.*")
_META_MORE = re.compile(r"^(?:[ ]{4}|\t)")


def split_front_matter(text: str) -> tuple[str, int]:
    """The Markdown that MkDocs hands to Python-Markdown, and how many lines it took off the top.

    MkDocs's rule (mkdocs/utils/meta.py, ``get_data``), for text with "\\n" line ends.
    """
    if match := _YAML_FRONT.match(text):
        if not _yaml_mapping(match[1]):
            return text, 0
        rest = text[match.end() :].lstrip("\n")
        return rest, text.count("\n", 0, len(text) - len(rest))
    # MultiMarkdown: 'key: value' lines (and lines indented under them) up to a blank line.
    lines = text.split("\n")
    index, key = 0, False
    while index < len(lines):
        line = lines[index]
        index += 1
        if line.strip() == "":
            break
        if _META.match(line):
            key = True
        elif not (key and _META_MORE.match(line)):
            index -= 1
            break
    rest = "\n".join(lines[index:]).lstrip("\n")
    return rest, text.count("\n", 0, len(text) - len(rest))


def _yaml_mapping(text: str) -> bool:
    """Whether MkDocs takes ``text`` as front matter: YAML that reads as a mapping."""
    try:
        yaml: Any = importlib.import_module("yaml")
    except ImportError:  # no PyYAML, so no MkDocs either: the common case, a first line 'key: value'
        first = next((line for line in text.split("\n") if line.strip() and not line.startswith("#")), "")
        return re.match(r"[^\s#\-\[{>|][^\n]*?:(?:[ \t]|$)", first) is not None
    try:
        return isinstance(yaml.load(text, getattr(yaml, "CSafeLoader", yaml.SafeLoader)), dict)
    except Exception:  # as MkDocs: text that is not YAML stays in the page
        return False


# --- Finding quiz fences ---------------------------------------------------------------------------


@dataclass(frozen=True)
class QuizBlock:
    """A quiz fence: lines ``start`` (opening fence) to ``end`` (closing fence), 0-based, inclusive.

    ``info`` is the rest of the opening line, such as ``quiz show-source``; ``kind`` is `QUIZ` or
    `RESULTS`; ``place`` is `PAGE` (Markdown reads it), `COMMENT` (inside an HTML comment: not a quiz)
    or `RAW` (inside raw HTML: an error).
    """

    start: int
    end: int
    body: str
    info: str = ""
    indent: int = 0  # spaces before the fence, taken off each line of the body
    kind: str = QUIZ
    place: str = PAGE

    @property
    def line(self) -> int:
        """1-based line number of the opening fence (in the lines searched)."""
        return self.start + 1


@dataclass(frozen=True)
class _Misplaced:
    """A quiz fence that Markdown would not read as one: line ``index`` (0-based), column ``col``."""

    index: int
    col: int
    message: str


def find_quiz_blocks(
    lines: list[str], path: str = "<markdown>", line_offset: int = 0
) -> tuple[list[QuizBlock], list[QuizError]]:
    """Every quiz and quiz-results fence in ``lines``, and the errors in where they are, in line order.

    ``line_offset``: lines of the file above ``lines`` (front matter), added to the lines of errors.
    Blocks in an HTML comment or in raw HTML are returned too, with their ``place``.
    """
    blocks, misplaced, regions = _scan_fences(lines)
    places = html_places(lines, regions, [block.start for block in blocks] + [item.index for item in misplaced])
    found: list[QuizBlock] = []
    errors: list[QuizError] = []
    for block in blocks:
        region = places.get(block.start)
        if region is None:
            if block.kind == RESULTS and block.body.strip():
                errors.append(QuizError(
                    "expected an empty quiz-results fence (it shows the reader's saved results); found text in it",
                    block.line + line_offset, block.indent + 1, path,
                ))  # fmt: skip
            found.append(block)
        elif region.kind == COMMENT:
            found.append(replace(block, place=COMMENT))
        else:
            errors.append(QuizError(_raw_message(block.kind, region, line_offset), block.line + line_offset,
                                    block.indent + 1, path))  # fmt: skip
            found.append(replace(block, place=RAW))
    for item in misplaced:
        region = places.get(item.index)
        if region is None:
            errors.append(QuizError(item.message, item.index + 1 + line_offset, item.col, path))
        elif region.kind != COMMENT:
            errors.append(QuizError(_raw_message(QUIZ, region, line_offset), item.index + 1 + line_offset,
                                    item.col, path))  # fmt: skip
    return found, sorted(errors, key=lambda error: (error.line, error.col))


def _kind(info: str) -> str:
    return info.split(" ", 1)[0]


def _scan_fences(lines: list[str]) -> tuple[list[QuizBlock], list[_Misplaced], list[tuple[int, int]]]:
    """Quiz fences, misplaced quiz fences, and the lines of the fences Markdown sets aside before reading HTML."""
    blocks: list[QuizBlock] = []
    misplaced: list[_Misplaced] = []
    regions: list[tuple[int, int]] = []
    index = 0
    plain = -1  # a line where superfences gave up a fence, which it does not read as a fence's start
    stashing = True  # False once a fence runs unclosed to the end: superfences then starts no other fence
    while index < len(lines):
        opener = _FENCE.match(lines[index])
        if opener is None:
            if (contained := _CONTAINER.match(lines[index])) and (
                inner := _FENCE.match(lines[index][contained.end() :])
            ):
                # A fence in a blockquote or a list item's first line: skipped whole, like any fence. Superfences
                # reads one after blockquote markers only: after a list marker, even in a blockquote, it never
                # took it for a fence, so it neither sets it aside nor gives it up.
                quoted = ">" in contained[0]
                superfenced = _QUOTES.fullmatch(contained[0]) is not None
                is_quiz = _kind(inner["info"]) in (QUIZ, RESULTS)
                if (index == plain or not stashing) and not is_quiz:
                    index += 1  # where superfences gave up a fence, or after one it never closed: a line
                    continue
                close, given_up = _container_close(lines, index, inner["fence"], quoted)
                if is_quiz:
                    where = (
                        "in a blockquote ('>'); take it out of the blockquote" if quoted
                        else f"after a list marker ('{contained[0].strip()}'); put it on a line of its own"
                    )  # fmt: skip
                    misplaced.append(_Misplaced(index, contained.end() + len(inner["indent"]) + 1, (
                        f"expected the {_kind(inner['info'])} fence at the start of its line; found it {where} "
                        "(Markdown would not read it as a quiz there)"
                    )))  # fmt: skip
                if close is not None:
                    if superfenced and stashing:
                        regions.append((index, close))  # superfences sets it aside too
                    index = close + 1
                elif superfenced:
                    index, plain = index + 1, given_up
                else:
                    index += 1  # no fence for superfences: the line after the list item is read as any
            else:
                index += 1
            continue
        fence, indent, kind = opener["fence"], len(opener["indent"]), _kind(opener["info"])
        nested = indent > 3  # in an admonition or a nested list, or a line of an indented code block
        if kind in (QUIZ, RESULTS) and not nested:
            close = _closing_line(lines, index + 1, fence)
        elif index == plain or not (stashing or kind in (QUIZ, RESULTS)):
            index += 1  # where superfences gave up a fence, or after one it never closed: a line
            continue
        else:
            close, given_up = _superfences_close(lines, index + 1, fence, indent)
        if close is None:
            if kind in (QUIZ, RESULTS) and not nested:
                misplaced.append(_Misplaced(index, indent + 1, (
                    f"expected a closing {fence} for the {kind} fence opened here; found the end of the file"
                )))  # fmt: skip
                break  # no fence for Markdown: an HTML comment around it may still close
            index, plain = index + 1, given_up  # never closed: no fence, so what follows is read
            stashing = stashing and given_up < len(lines)
            continue
        if nested and kind in (QUIZ, RESULTS):
            misplaced.append(_Misplaced(index, indent + 1, (
                f"expected the quiz fence at the start of its line; found it indented {indent} spaces (a quiz "
                "cannot go inside an admonition, a tab or a nested list; to show quiz source as an example, put "
                "it in a longer fence such as ````text)"
            )))  # fmt: skip
        end = close
        if kind in (QUIZ, RESULTS) and not nested:
            # As in CommonMark, the body loses as many leading spaces as the opening fence has.
            body = [_dedent(line, indent) for line in lines[index + 1 : end]]
            blocks.append(QuizBlock(index, end, "\n".join(body), opener["info"], indent, kind))
        if stashing or (kind in (QUIZ, RESULTS) and not nested):
            regions.append((index, end))  # set aside before HTML is read (quizzes by this extension)
        index = end + 1
    return blocks, misplaced, regions


def _closing_line(lines: list[str], start: int, fence: str) -> int | None:
    """The first line from ``start`` that closes the quiz fence ``fence``: as long or longer, indented or not."""
    for index in range(start, len(lines)):
        stripped = lines[index].strip()
        if stripped and set(stripped) == {fence[0]} and len(stripped) >= len(fence):
            return index
    return None


def _superfences_close(lines: list[str], start: int, fence: str, indent: int) -> tuple[int | None, int]:
    """The line closing any other fence, as pymdownx.superfences (the site's fences) reads it: ``fence`` again,
    as long and indented as much; or None, and the line where superfences gives up the fence.

    A line indented less (its block is over) means no fence at all; superfences does not read that line
    as the start of a fence either.
    """
    closing = re.compile(rf"{re.escape(fence)}[ \t]*")
    for index in range(start, len(lines)):
        line = lines[index]
        if not line.strip():
            continue
        if len(line) - len(line.lstrip(" ")) < indent:
            return None, index
        if closing.fullmatch(line, indent):
            return index, index
    return None, len(lines)


def _container_close(lines: list[str], start: int, fence: str, quoted: bool) -> tuple[int | None, int]:
    """The line closing a fence opened in a blockquote or after a list marker, or None; and where it ends.

    The fence ends with its blockquote (a line without '>') or its list item (a line not indented).
    """
    for index in range(start + 1, len(lines)):
        line = lines[index]
        contained = _CONTAINER.match(line)
        if (quoted and not (contained and ">" in contained[0])) or (not quoted and line[:1] not in ("", " ")):
            return None, index
        if contained:
            line = line[contained.end() :]
        if line.strip() == fence:
            return index, index
    return None, len(lines)


def _dedent(line: str, spaces: int) -> str:
    indent = len(line) - len(line.lstrip(" "))
    return line[min(indent, spaces) :]


def _raw_message(kind: str, region: Region, line_offset: int) -> str:
    what = "quiz" if kind == QUIZ else "quiz-results fence"
    start = RAW_HTML_QUIZ.replace("the quiz", f"the {what}")
    first = region.first + line_offset
    if not region.tag:
        return f"{start} the raw HTML that starts on line {first}"
    if region.last is None:
        return (
            f"{start.removesuffix(' inside')} after the <{region.tag}> of line {first}, which is never closed "
            f"(close it with </{region.tag}> before the {what})"
        )
    return f"{start} the <{region.tag}> of line {first}"

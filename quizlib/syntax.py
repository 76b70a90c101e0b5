"""First step of reading a quiz: sort the lines of a quiz fence into settings and blocks, noting every error.

`quizlib.build` makes the `Quiz` out of them; `quizlib.build.parse_quiz` does both steps.

The format is line based, so that it reads well on GitHub and needs no programming::

    title: Job or career?
    pass: 60%

    question: What is a job, in short?
    - [x] Work you do for pay, now
      feedback: Yes: a job is about the work and the pay of today.
    - [ ] The path you build over many years
    explain: See [the short answer](index.md#the-short-answer).

Quiz settings come first. Then come blocks, each opened by ``question:``, ``scale:``, ``profile:``
or ``note:`` and followed by its own settings; a question's choices (``- [ ]``, ``- [x]``), items
to order (``1.``, ``2.``) or other list lines (``- left = right``) follow it, and a choice's
``feedback:`` is indented under the choice. Which settings and lines a question takes depends on its
kind (`quizlib.kinds`), which the second step checks.
The full reference is docs/contribute/writing-quizzes.md.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from .errors import QuizError

QUIZ_KEYS = ("title", "id", "pass", "band", "likert", "shuffle", "context")
BLOCK_KEYS: dict[str, tuple[str, ...]] = {
    "question": (),  # every setting of every kind: given to the Reader (quizlib.kinds.QUESTION_KEYS)
    "scale": ("name", "minimum", "band"),
    "profile": ("when", "title", "text"),
    "note": ("when", "text"),
}
REPEATABLE = ("hint", "band")

_CHOICE = re.compile(r"^[-*] \[(?P<mark>[ xX]?)\](?:$| (?P<text>.*)$)")
_ITEM = re.compile(r"^(?P<number>[0-9]+)\. (?P<text>.*)$")
_ENTRY = re.compile(r"^[-*] (?P<text>(?!\[).*)$")
_KEY = re.compile(r"^(?P<key>[A-Za-z][A-Za-z_-]*)[ \t]*:(?P<value>.*)$")
# Control characters, halves of surrogate pairs, non-characters, and spaces other than space and tab at the
# start of a line: invisible in an editor, they would break the page or the reading of the line.
_INVISIBLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff\ufffe\uffff\u200b\u2060\ufeff]")
_UNSEEN = re.compile(rf"{_INVISIBLE.pattern}|^[ \t]*[^\S \t]")


def quoted(items: tuple[str, ...]) -> str:
    names = [f"'{item}:'" for item in items]
    return ", ".join(names[:-1]) + " or " + names[-1] if len(names) > 1 else names[0]


def nearest(found: str, allowed: Iterable[str]) -> str | None:
    """The one of ``allowed`` that ``found`` is a likely misspelling of ('tolerence' of 'tolerance'), if any."""
    close = difflib.get_close_matches(found.lower(), list(allowed), n=1, cutoff=0.75)
    return close[0] if close else None


def did_you_mean(found: str, allowed: Iterable[str], end: str = ":") -> str:
    """The end of the message for a key ``found`` close to one of the ``allowed`` ones: " (did you mean 'tolerance:'?)"
    (for a value, ``end`` is ""); otherwise ""."""
    close = nearest(found, allowed)
    return f" (did you mean '{close}{end}'?)" if close else ""


def shown(text: str, limit: int = 40) -> str:
    text = text.strip()
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


@dataclass
class Field:
    """A ``key: value`` line: the value and where the value starts."""

    value: str
    line: int
    col: int


@dataclass
class ChoiceDraft:
    text: str
    correct: bool
    line: int
    feedback: Field | None = None


@dataclass
class Block:
    """A block opened by ``question:``, ``scale:``, ``profile:`` or ``note:``, with its settings."""

    keyword: str
    head: Field
    fields: dict[str, Field] = field(default_factory=dict)
    repeated: dict[str, list[Field]] = field(default_factory=dict)
    choices: list[ChoiceDraft] = field(default_factory=list)
    items: list[ChoiceDraft] = field(default_factory=list)
    entries: list[ChoiceDraft] = field(default_factory=list)  # '- text' lines, such as a match's pairs

    def text(self, key: str, default: str = "") -> str:
        """The value of the block's ``key:`` setting, or ``default`` when it has none."""
        return self.fields[key].value if key in self.fields else default


class Reader:
    """First pass: sort each line into the quiz's settings and its blocks."""

    def __init__(self, path: str, first_line: int, question_keys: tuple[str, ...]) -> None:
        self.path = path
        self.keys = {**BLOCK_KEYS, "question": question_keys}
        self.first_line = first_line
        self.errors: list[QuizError] = []
        self.quiz = Block("quiz", Field("", first_line - 1, 1))
        self.blocks: list[Block] = []

    def error(self, message: str, line: int, col: int = 1) -> None:
        self.errors.append(QuizError(message, line, col, self.path))

    def read(self, text: str) -> None:
        for offset, raw in enumerate(text.split("\n")):
            line = self.first_line + offset
            if not raw.strip():
                continue
            if unseen := _UNSEEN.search(raw):
                char = unseen[0][-1]
                self.error(f"expected text you can see; found the invisible character U+{ord(char):04X} "
                           "(delete it and retype the text around it)", line, unseen.end())  # fmt: skip
                # Read the rest without them, so that one slip makes one error.
                raw = _INVISIBLE.sub("", raw)
                indent = len(raw) - len(raw.lstrip())
                raw = re.sub(r"[^ \t]", "", raw[:indent]) + raw[indent:]
            self.read_line(raw.rstrip(), line)

    def read_line(self, raw: str, line: int) -> None:
        indent = len(raw) - len(raw.lstrip(" \t"))
        content = raw[indent:]
        if indent:
            self.read_indented(content, line, indent + 1)
        elif match := _CHOICE.match(content):
            self.read_choice(match, line)
        elif match := _ITEM.match(content):
            self.read_item(match, line)
        elif match := _ENTRY.match(content):
            self.read_entry(match, line)
        elif match := _KEY.match(content):
            self.read_setting(match, line)
        else:
            self.error(
                f"expected a setting such as 'question: …' or a choice such as '- [ ] …'; found {shown(content)}",
                line,
            )

    def read_setting(self, match: re.Match[str], line: int) -> None:
        name, raw_value = match["key"], match["value"]
        value = raw_value.strip()
        here = Field(value, line, match.start("value") + 1 + len(raw_value) - len(raw_value.lstrip()))
        if name in BLOCK_KEYS:
            self.blocks.append(Block(name, here))
            return
        block = self.blocks[-1] if self.blocks else self.quiz
        allowed = self.keys.get(block.keyword, QUIZ_KEYS)
        owner = f"a {block.keyword}" if self.blocks else "the quiz, before its first question"
        if name not in allowed:
            expected = allowed + tuple(BLOCK_KEYS)
            self.error(f"expected {quoted(expected)} in {owner}; found '{name}:'{did_you_mean(name, expected)}", line)
        elif name in REPEATABLE:
            block.repeated.setdefault(name, []).append(here)
        elif name in block.fields:
            first = block.fields[name].line
            self.error(f"expected one '{name}:' in {owner}; found a second one (the first is on line {first})", line)
        else:
            block.fields[name] = here

    def question(self, what: str, line: int) -> Block | None:
        if self.blocks and self.blocks[-1].keyword == "question":
            return self.blocks[-1]
        self.error(f"expected {what} only under a 'question: …'; found one here", line)
        return None

    def read_choice(self, match: re.Match[str], line: int) -> None:
        question = self.question("a choice", line)
        if question is None:
            return
        mark, text = match["mark"], match["text"] or ""
        if mark == "":
            self.error("expected '[ ]' or '[x]' after '-'; found '[]'", line, 3)
        elif not text.strip():
            self.error("expected the choice's text after '- [ ] '; found nothing", line, 7)
        # Kept even when malformed, so that one slip does not also count as a missing choice.
        question.choices.append(ChoiceDraft(text.strip(), mark in ("x", "X"), line))

    def read_item(self, match: re.Match[str], line: int) -> None:
        question = self.question("an item to order", line)
        if question is None:
            return
        expected = len(question.items) + 1
        if len(match["number"]) > 6 or int(match["number"]) != expected:
            self.error(f"expected item number {expected}, counting from 1; found {match['number'][:9]}", line)
        question.items.append(ChoiceDraft(match["text"].strip(), True, line))

    def read_entry(self, match: re.Match[str], line: int) -> None:
        question = self.question("a list line such as '- left = right'", line)
        if question is not None:
            question.entries.append(ChoiceDraft(match["text"].strip(), False, line))

    def read_indented(self, content: str, line: int, col: int) -> None:
        choices = self.blocks[-1].choices if self.blocks else []
        key = _KEY.match(content)
        if not choices:
            self.error(
                f"expected an unindented line here (only a choice's 'feedback:' is indented); found {shown(content)}",
                line,
                col,
            )
        elif key is None or key["key"] != "feedback":
            hint = did_you_mean(key["key"], ("feedback",)) if key else ""
            self.error(f"expected 'feedback: …' under a choice; found {shown(content)}{hint}", line, col)
        elif choices[-1].feedback is not None:
            self.error("expected one 'feedback:' per choice; found a second one", line, col)
        else:
            choices[-1].feedback = Field(key["value"].strip(), line, col + key.start("value"))

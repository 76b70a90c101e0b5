"""Read the text inside a quiz fence into a `Quiz`, collecting every error on the way.

The format is line based, so that it reads well on GitHub and needs no programming::

    title: Job or career?
    pass: 60%

    question: What is a job, in short?
    - [x] Work you do for pay, now
      feedback: Yes: a job is about the work and the pay of today.
    - [ ] The path you build over many years
      feedback: That is closer to a career.
    explain: See [the short answer](index.md#the-short-answer).

Quiz settings come before the first ``question:``; each question's settings and choices follow it.
A choice's ``feedback:`` is indented under the choice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .errors import QuizError, QuizErrors
from .model import MULTIPLE, QUESTION_KINDS, SINGLE, Choice, Question, Quiz

QUIZ_KEYS = ("title", "id", "pass")
QUESTION_KEYS = ("id", "type", "explain", "weight")
CHOICE_KEYS = ("feedback",)

_CHOICE = re.compile(r"^[-*] \[(?P<mark>[ xX]?)\](?:$| (?P<text>.*)$)")
_KEY = re.compile(r"^(?P<key>[A-Za-z][A-Za-z_-]*)[ \t]*:(?P<value>.*)$")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_PERCENT = re.compile(r"^(?P<number>\d+(?:\.\d+)?)[ \t]*%?$")
_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")


def _quoted(items: tuple[str, ...]) -> str:
    names = [f"'{item}:'" for item in items]
    return ", ".join(names[:-1]) + " or " + names[-1] if len(names) > 1 else names[0]


def _shown(text: str, limit: int = 40) -> str:
    text = text.strip()
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


@dataclass
class _Field:
    value: str
    line: int
    col: int


@dataclass
class _ChoiceDraft:
    text: str
    correct: bool
    line: int
    fields: dict[str, _Field] = field(default_factory=dict)


@dataclass
class _QuestionDraft:
    prompt: _Field
    fields: dict[str, _Field] = field(default_factory=dict)
    choices: list[_ChoiceDraft] = field(default_factory=list)


class _Reader:
    def __init__(self, path: str, first_line: int) -> None:
        self.path = path
        self.first_line = first_line
        self.errors: list[QuizError] = []
        self.quiz_fields: dict[str, _Field] = {}
        self.questions: list[_QuestionDraft] = []

    def error(self, message: str, line: int, col: int = 1) -> None:
        self.errors.append(QuizError(message, line, col, self.path))

    def read(self, text: str) -> None:
        for offset, raw in enumerate(text.split("\n")):
            line = self.first_line + offset
            if raw.strip():
                self.read_line(raw.rstrip(), line)

    def read_line(self, raw: str, line: int) -> None:
        indent = len(raw) - len(raw.lstrip(" \t"))
        content = raw[indent:]
        if indent:
            self.read_indented(content, line, indent + 1)
            return
        choice = _CHOICE.match(content)
        if choice:
            self.read_choice(choice, line)
            return
        key = _KEY.match(content)
        if key is None:
            self.error(
                f"expected a setting such as 'question: …' or a choice such as '- [ ] …'; found {_shown(content)}",
                line,
            )
            return
        name, value = key["key"], key["value"].strip()
        value_col = key.start("value") + 1 + (len(key["value"]) - len(key["value"].lstrip()))
        if name == "question":
            self.questions.append(_QuestionDraft(_Field(value, line, value_col)))
            return
        if self.questions:
            fields, allowed, owner = self.questions[-1].fields, QUESTION_KEYS, "a question"
        else:
            fields, allowed, owner = self.quiz_fields, (*QUIZ_KEYS, "question"), "the quiz, before its first question"
        if name not in allowed:
            self.error(f"expected {_quoted(allowed)} in {owner}; found '{name}:'", line)
        elif name in fields:
            self.error(
                f"expected one '{name}:' in {owner}; found a second one (the first is on line {fields[name].line})",
                line,
            )
        else:
            fields[name] = _Field(value, line, value_col)

    def read_choice(self, match: re.Match[str], line: int) -> None:
        if not self.questions:
            self.error("expected 'question: …' before the first choice; found a choice", line)
            return
        mark, text = match["mark"], match["text"] or ""
        if mark == "":
            self.error("expected '[ ]' or '[x]' after '-'; found '[]'", line, 3)
        elif not text.strip():
            self.error("expected the choice's text after '- [ ] '; found nothing", line, 7)
        # Kept even when malformed, so that one slip does not also count as a missing choice.
        self.questions[-1].choices.append(_ChoiceDraft(text.strip(), mark in ("x", "X"), line))

    def read_indented(self, content: str, line: int, col: int) -> None:
        choices = self.questions[-1].choices if self.questions else []
        key = _KEY.match(content)
        if not choices:
            self.error(
                f"expected an unindented line here (only a choice's 'feedback:' is indented); found {_shown(content)}",
                line,
                col,
            )
        elif key is None or key["key"] not in CHOICE_KEYS:
            self.error(f"expected 'feedback: …' under a choice; found {_shown(content)}", line, col)
        elif key["key"] in choices[-1].fields:
            self.error("expected one 'feedback:' per choice; found a second one", line, col)
        else:
            value = key["value"].strip()
            choices[-1].fields[key["key"]] = _Field(value, line, col + key.start("value"))


class _Builder:
    """Turn the drafts into model objects, checking what a single line cannot show."""

    def __init__(self, reader: _Reader, default_id: str, fence_line: int) -> None:
        self.reader = reader
        self.default_id = default_id
        self.fence_line = fence_line
        self.error = reader.error

    def build(self) -> Quiz:
        fields = self.reader.quiz_fields
        quiz_id = self.identifier(fields.get("id"), self.default_id)
        pass_mark = self.pass_mark(fields.get("pass"))
        if not self.reader.questions:
            self.error("expected at least one 'question: …' in the quiz; found none", self.fence_line)
        questions = tuple(self.question(number, draft) for number, draft in enumerate(self.reader.questions, 1))
        seen: dict[str, int] = {}
        for question in questions:
            if question.id in seen:
                self.error(
                    f"expected a question id used once in the quiz; found '{question.id}' again "
                    f"(first on line {seen[question.id]})",
                    question.line,
                )
            seen.setdefault(question.id, question.line)
        title = fields["title"].value if "title" in fields else ""
        return Quiz(quiz_id, title, questions, pass_mark, self.fence_line)

    def identifier(self, given: _Field | None, default: str) -> str:
        if given is None:
            return default
        if not _ID.match(given.value):
            self.error(
                "expected an id of lowercase letters, digits and hyphens, such as 'pay-now'; "
                f"found {_shown(given.value)}",
                given.line,
                given.col,
            )
        return given.value

    def pass_mark(self, given: _Field | None) -> float | None:
        if given is None:
            return None
        match = _PERCENT.match(given.value)
        if match is None or float(match["number"]) > 100:
            self.error(
                f"expected a pass mark from 0% to 100%, such as '60%'; found {_shown(given.value)}",
                given.line,
                given.col,
            )
            return None
        return float(match["number"])

    def question(self, number: int, draft: _QuestionDraft) -> Question:
        fields, line = draft.fields, draft.prompt.line
        if not draft.prompt.value:
            self.error("expected the question's text after 'question:'; found nothing", line, draft.prompt.col)
        question_id = self.identifier(fields.get("id"), f"q{number}")
        choices = tuple(
            Choice(
                chr(ord("a") + index) if index < 26 else f"c{index + 1}",
                c.text,
                c.correct,
                c.fields["feedback"].value if "feedback" in c.fields else "",
                c.line,
            )
            for index, c in enumerate(draft.choices)
        )
        kind = self.kind(fields.get("type"), choices, line)
        weight = self.weight(fields.get("weight"))
        explain = fields["explain"].value if "explain" in fields else ""
        return Question(question_id, kind, draft.prompt.value, choices, explain, weight, line)

    def kind(self, given: _Field | None, choices: tuple[Choice, ...], line: int) -> str:
        correct = sum(choice.correct for choice in choices)
        if len(choices) < 2:
            self.error(f"expected at least two choices ('- [ ] …') for this question; found {len(choices)}", line)
        if given is not None and given.value not in QUESTION_KINDS:
            self.error(
                f"expected 'type:' to be {' or '.join(QUESTION_KINDS)}; found {_shown(given.value)}",
                given.line,
                given.col,
            )
            given = None
        kind = given.value if given is not None else (MULTIPLE if correct > 1 else SINGLE)
        if correct == 0 and len(choices) >= 2:
            self.error("expected a correct choice marked '- [x]'; found none", line)
        elif kind == SINGLE and correct > 1:
            self.error(
                f"expected one correct choice for a single-choice question; found {correct} "
                "(write 'type: multiple' for a question with several right answers)",
                given.line if given else line,
            )
        return kind

    def weight(self, given: _Field | None) -> float:
        if given is None:
            return 1.0
        if not _NUMBER.match(given.value) or float(given.value) <= 0:
            self.error(f"expected a weight above zero, such as '2'; found {_shown(given.value)}", given.line, given.col)
            return 1.0
        return float(given.value)


def parse_quiz(text: str, *, path: str = "<quiz>", fence_line: int = 0, default_id: str = "quiz") -> Quiz:
    """Read the body of a quiz fence that opens on line ``fence_line`` of ``path``.

    Raises `QuizErrors` with every problem found, in line order.
    """
    reader = _Reader(path, fence_line + 1)
    reader.read(text)
    quiz = _Builder(reader, default_id, fence_line).build()
    if reader.errors:
        raise QuizErrors(sorted(reader.errors, key=lambda error: (error.line, error.col)))
    return quiz

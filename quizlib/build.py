"""Second step of reading a quiz: turn the blocks found by `quizlib.syntax` into model objects.

Checks what no single line can show: missing or duplicate parts, ids used twice, answers that do not
fit the question type, bands that overlap or leave gaps, statements naming unknown scales.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import replace

from .conditions import KEYWORDS
from .errors import QuizErrors
from .model import (
    ALL_OR_NOTHING,
    LIKERT,
    MULTIPLE,
    NUMERIC,
    ORDER,
    PARTIAL,
    QUESTION_KINDS,
    SINGLE,
    TEXT,
    TRUE_FALSE,
    UNGRADED_KINDS,
    Band,
    Choice,
    Question,
    Quiz,
    Rule,
    Scale,
)
from .profiles import check_profiles
from .syntax import BLOCK_KEYS, Block, Field, Reader, shown

SHUFFLES = ("none", "questions", "choices", "all")
# Which question kinds take each setting (the rest take every setting).
KEY_KINDS = {
    "scoring": (MULTIPLE,),
    "answer": (TRUE_FALSE, NUMERIC, TEXT),
    "tolerance": (NUMERIC,),
    "measures": (LIKERT,),
    "reverse": (LIKERT,),
    "partner": (LIKERT,),
    "weight": tuple(kind for kind in QUESTION_KINDS if kind not in UNGRADED_KINDS),
    "hint": tuple(kind for kind in QUESTION_KINDS if kind != LIKERT),
}
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_SCALE_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_NUMBER = re.compile(r"^-?\d{1,12}(?:\.\d{1,12})?$")  # bounded: no number a quiz needs is larger
_PERCENT = re.compile(r"^(?P<number>\d+(?:\.\d+)?)[ \t]*%?$")
_BAND = re.compile(
    r"^(?P<low>\d+(?:\.\d+)?)[ \t]*%?[ \t]*(?:-|to)[ \t]*(?P<high>\d+(?:\.\d+)?)[ \t]*%?[ \t]*:[ \t]*(?P<text>.*)$"
)
_YES = {"yes": True, "true": True, "no": False, "false": False}


class Builder:
    """Second pass: turn the blocks into model objects, checking what a single line cannot show."""

    def __init__(self, reader: Reader, default_id: str, fence_line: int) -> None:
        self.reader = reader
        self.error = reader.error
        self.default_id = default_id
        self.fence_line = fence_line

    def build(self) -> Quiz:
        fields, repeated = self.reader.quiz.fields, self.reader.quiz.repeated
        blocks = self.reader.blocks
        by_kind = {keyword: [b for b in blocks if b.keyword == keyword] for keyword in BLOCK_KEYS}
        if not by_kind["question"]:
            self.error("expected at least one 'question: …' in the quiz; found none", self.fence_line)
        scales = tuple(self.scale(block) for block in by_kind["scale"])
        self.unique("scale", [(s.id, s.line) for s in scales])
        likert = self.labels(fields.get("likert"), "answer labels", "Disagree | Unsure | Agree")
        contexts = self.labels(fields.get("context"), "two contexts", "The work I do now | The work I am preparing for")
        if contexts and len(contexts) != 2:
            given = fields["context"]
            self.error(f"expected two contexts separated by '|'; found {len(contexts)}", given.line, given.col)
        questions = tuple(self.question(number, b) for number, b in enumerate(by_kind["question"], 1))
        for question, block in zip(questions, by_kind["question"], strict=True):
            if question.alternative and "context" not in fields:
                given = block.fields["alternative"]
                self.error("expected 'context: … | …' among the quiz settings, naming the context the "
                           "'alternative:' wording is for; found none", given.line)  # fmt: skip
        self.unique("question", [(q.id, q.line) for q in questions])
        self.check_statements(questions, scales)
        profiles = tuple(self.rule(block) for block in by_kind["profile"])
        notes = tuple(self.rule(block) for block in by_kind["note"])
        self.unique("profile", [(p.id, p.line) for p in profiles])
        self.unique("note", [(n.id, n.line) for n in notes])
        if profiles and not scales:
            self.error("expected 'scale:' blocks for the profiles to use; found none", profiles[0].line)
        return Quiz(
            id=self.identifier(fields.get("id"), self.default_id),
            title=self.reader.quiz.text("title"),
            questions=questions,
            pass_mark=self.pass_mark(fields.get("pass")),
            line=self.fence_line,
            bands=self.bands(repeated.get("band", []), 0.0, 100.0, "%"),
            likert=likert,
            scales=scales,
            profiles=profiles,
            notes=notes,
            shuffle=self.choice_of(fields.get("shuffle"), SHUFFLES, "none"),
            contexts=contexts if len(contexts) == 2 else (),
        )

    # -- shared checks -------------------------------------------------------------------------------

    def unique(self, what: str, ids: list[tuple[str, int]]) -> None:
        seen: dict[str, int] = {}
        for item_id, line in ids:
            if item_id in seen:
                self.error(f"expected a {what} id used once in the quiz; found '{item_id}' again "
                           f"(first on line {seen[item_id]})", line)  # fmt: skip
            seen.setdefault(item_id, line)

    def identifier(self, given: Field | None, default: str, pattern: re.Pattern[str] = _ID) -> str:
        if given is None:
            return default
        if not pattern.match(given.value):
            expected = (
                "an id of lowercase letters, digits and hyphens, such as 'pay-now'"
                if pattern is _ID
                else "a scale id of lowercase letters, digits and _, such as 'calling'"
            )
            self.error(f"expected {expected}; found {shown(given.value)}", given.line, given.col)
        return given.value

    def choice_of(self, given: Field | None, options: tuple[str, ...], default: str) -> str:
        if given is None:
            return default
        if given.value not in options:
            self.error(f"expected one of {', '.join(options)}; found {shown(given.value)}", given.line, given.col)
            return default
        return given.value

    def number(self, given: Field, what: str, low: float | None = None) -> float | None:
        if not _NUMBER.match(given.value) or (low is not None and float(given.value) < low):
            self.error(f"expected {what}; found {shown(given.value)}", given.line, given.col)
            return None
        return float(given.value)

    def yes_no(self, given: Field | None) -> bool:
        if given is None:
            return False
        if given.value.lower() not in _YES:
            self.error(f"expected yes or no; found {shown(given.value)}", given.line, given.col)
            return False
        return _YES[given.value.lower()]

    def pass_mark(self, given: Field | None) -> float | None:
        if given is None:
            return None
        match = _PERCENT.match(given.value)
        if match is None or float(match["number"]) > 100:
            self.error(
                f"expected a pass mark from 0% to 100%, such as '60%'; found {shown(given.value)}",
                given.line,
                given.col,
            )
            return None
        return float(match["number"])

    def bands(self, given: list[Field], low: float, high: float, unit: str) -> tuple[Band, ...]:
        """Bands must cover ``low`` to ``high`` with no overlap and no gap, at the precision they are written."""
        bands: list[Band] = []
        decimals = 0
        for band in given:
            match = _BAND.match(band.value)
            if match is None or not match["text"].strip():
                self.error(f"expected a band such as '{low:g}-{(low + high) / 2:g}{unit}: what to tell the reader'; "
                           f"found {shown(band.value)}", band.line, band.col)  # fmt: skip
                continue
            decimals = max(decimals, *(len(match[end].partition(".")[2]) for end in ("low", "high")))
            start, end = float(match["low"]), float(match["high"])
            if start > end or start < low or end > high:
                self.error(f"expected a range within {low:g}{unit} to {high:g}{unit}, low end first; "
                           f"found {match['low']} to {match['high']}", band.line, band.col)  # fmt: skip
                continue
            bands.append(Band(start, end, match["text"].strip(), band.line))
        bands.sort(key=lambda band: band.low)
        step = 10.0**-decimals
        if bands and len(bands) == len(given):
            if bands[0].low != low or bands[-1].high != high:
                self.error(f"expected the bands to run from {low:g}{unit} to {high:g}{unit}; "
                           f"found {bands[0].low:g}{unit} to {bands[-1].high:g}{unit}", bands[0].line)  # fmt: skip
            for before, after in itertools.pairwise(bands):
                if after.low <= before.high:
                    self.error(f"expected bands that do not overlap; found {after.low:g}{unit} inside the band "
                               f"on line {before.line}", after.line)  # fmt: skip
                elif round(after.low - before.high, 9) > step:
                    self.error(f"expected the next band to start at {before.high + step:.{decimals}f}{unit}, "
                               f"leaving no gap; found {after.low:.{decimals}f}{unit}", after.line)  # fmt: skip
        return tuple(bands)

    # -- blocks ----------------------------------------------------------------------------------------

    def labels(self, given: Field | None, what: str, example: str) -> tuple[str, ...]:
        if given is None:
            return ()
        labels = tuple(label.strip() for label in given.value.split("|"))
        if len(labels) < 2 or not all(labels):
            self.error(f"expected {what} separated by '|', such as '{example}'; "
                       f"found {shown(given.value)}", given.line, given.col)  # fmt: skip
            return ()
        return labels

    def scale(self, block: Block) -> Scale:
        fields = block.fields
        scale_id = self.identifier(block.head, "scale", _SCALE_ID)
        if scale_id in KEYWORDS:
            self.error(f"expected a scale id that is not a word of the conditions ({', '.join(KEYWORDS)}); "
                       f"found '{scale_id}'", block.head.line, block.head.col)  # fmt: skip
        minimum = 1
        if "minimum" in fields:
            given, what = fields["minimum"], "a whole number of statements, such as '5'"
            found = self.number(given, what, 1)
            if found is not None and found != int(found):
                self.error(f"expected {what}; found {shown(given.value)}", given.line, given.col)
            elif found is not None:
                minimum = int(found)
        name = block.text("name", scale_id)
        bands = self.bands(block.repeated.get("band", []), 1.0, 5.0, "")
        return Scale(scale_id, name, minimum, bands, block.head.line)

    def rule(self, block: Block) -> Rule:
        rule_id = self.identifier(block.head, block.keyword)
        when = block.fields.get("when")
        if when is None:
            self.error(f"expected 'when: …' in {block.keyword} '{rule_id}'; found none", block.head.line)
        return Rule(
            rule_id,
            when.value if when else "always",
            block.text("title"),
            block.text("text"),
            block.head.line,
            when.line if when else block.head.line,
            when.col if when else 1,
        )

    def question(self, number: int, block: Block) -> Question:
        fields, line = block.fields, block.head.line
        if not block.head.value:
            self.error("expected the question's text after 'question:'; found nothing", line, block.head.col)
        kind = self.kind(fields.get("type"), block)
        for key, kinds in KEY_KINDS.items():
            for given in [fields[key]] if key in fields else block.repeated.get(key, []):
                if kind not in kinds:
                    self.error(f"expected '{key}:' only in a {' or '.join(kinds)} question; found it in a {kind} "
                               "question", given.line)  # fmt: skip
        choices = self.choices(kind, block)
        weight = 1.0
        if "weight" in fields:
            given = fields["weight"]
            what = "a weight of 0.01 or more, such as '2'"
            found = self.number(given, what)
            if found is not None and found < 0.01:
                self.error(f"expected {what}; found {shown(given.value)}", given.line, given.col)
            elif found is not None:
                weight = found
        question = Question(
            id=self.identifier(fields.get("id"), f"q{number}"),
            kind=kind,
            prompt=block.head.value,
            choices=choices,
            explain=block.text("explain"),
            weight=weight,
            hints=tuple(hint.value for hint in block.repeated.get("hint", [])),
            line=line,
            scoring=self.choice_of(fields.get("scoring"), (ALL_OR_NOTHING, PARTIAL), ALL_OR_NOTHING),
            scale=block.text("measures"),
            reverse=self.yes_no(fields.get("reverse")),
            partner=block.text("partner"),
            alternative=block.text("alternative"),
        )
        return self.answer(question, fields, block)

    def kind(self, given: Field | None, block: Block) -> str:
        if given is not None:
            if given.value in QUESTION_KINDS:
                return given.value
            self.error(f"expected 'type:' to be one of {', '.join(QUESTION_KINDS)}; found {shown(given.value)}",
                       given.line, given.col)  # fmt: skip
        if block.items:
            return ORDER
        return MULTIPLE if sum(choice.correct for choice in block.choices) > 1 else SINGLE

    def choices(self, kind: str, block: Block) -> tuple[Choice, ...]:
        line = block.head.line
        if block.choices and kind not in (SINGLE, MULTIPLE):
            self.error(f"expected no '- [ ]' choices in a {kind} question; found {len(block.choices)}",
                       block.choices[0].line)  # fmt: skip
        if block.items and kind != ORDER:
            self.error(f"expected numbered items only in an order question; found them in a {kind} question",
                       block.items[0].line)  # fmt: skip
        if kind == ORDER:
            if len(block.items) < 2:
                self.error(f"expected at least two items ('1. …', '2. …') in their right order; "
                           f"found {len(block.items)}", line)  # fmt: skip
            return tuple(Choice(_letter(i), item.text, True, "", item.line) for i, item in enumerate(block.items))
        if kind not in (SINGLE, MULTIPLE):
            return ()
        correct = sum(choice.correct for choice in block.choices)
        if len(block.choices) < 2:
            self.error(f"expected at least two choices ('- [ ] …') for this question; found {len(block.choices)}", line)
        elif correct == 0:
            self.error("expected a correct choice marked '- [x]'; found none", line)
        elif kind == SINGLE and correct > 1:
            given = block.fields.get("type")
            self.error(f"expected one correct choice for a single-choice question; found {correct} "
                       "(write 'type: multiple' for a question with several right answers)",
                       given.line if given else line)  # fmt: skip
        return tuple(
            Choice(_letter(i), c.text, c.correct, c.feedback.value if c.feedback else "", c.line)
            for i, c in enumerate(block.choices)
        )

    def answer(self, question: Question, fields: dict[str, Field], block: Block) -> Question:
        kind, given = question.kind, fields.get("answer")
        if kind in (TRUE_FALSE, NUMERIC, TEXT) and given is None:
            self.error(f"expected 'answer: …' in a {kind} question; found none", block.head.line)
            return question
        if kind == TRUE_FALSE and given is not None:
            if given.value.lower() not in ("true", "false"):
                self.error(f"expected 'true' or 'false'; found {shown(given.value)}", given.line, given.col)
                return question
            right = given.value.lower() == "true"
            return replace(question, choices=(Choice("true", "", right), Choice("false", "", not right)))
        if kind == NUMERIC and given is not None:
            number = self.number(given, "a number such as '12.5'")
            tolerance, relative = 0.0, False
            if "tolerance" in fields:
                text = fields["tolerance"].value
                relative = text.endswith("%")
                found = self.number(Field(text.rstrip("% "), fields["tolerance"].line, fields["tolerance"].col),
                                    "a tolerance of zero or more, such as '0.5' or '5%'", 0)  # fmt: skip
                if found is not None and relative and found >= 100:
                    self.error(f"expected a relative tolerance below 100%; found {shown(text)}",
                               fields["tolerance"].line, fields["tolerance"].col)  # fmt: skip
                tolerance = (found or 0.0) / (100 if relative else 1)
            return replace(question, number=number or 0.0, tolerance=tolerance, relative=relative)
        if kind == TEXT and given is not None:
            accepted = tuple(variant.strip() for variant in given.value.split("|"))
            if not all(accepted):
                self.error(f"expected accepted answers separated by '|', such as 'career | careers'; "
                           f"found {shown(given.value)}", given.line, given.col)  # fmt: skip
            return replace(question, accepted=accepted)
        if kind == LIKERT and "measures" not in fields:
            message = "expected 'measures: …' naming the scale this statement counts toward; found none"
            self.error(message, block.head.line)
        return question

    def check_statements(self, questions: tuple[Question, ...], scales: tuple[Scale, ...]) -> None:
        names = {scale.id for scale in scales}
        statements = {q.id: q for q in questions if q.kind == LIKERT}
        for question in statements.values():
            if question.scale and question.scale not in names:
                known = ", ".join(sorted(names)) or "none defined"
                self.error(f"expected a scale defined in this quiz ({known}); found '{question.scale}'", question.line)
            if question.partner and (question.partner not in statements or question.partner == question.id):
                self.error(f"expected 'partner:' to name another statement's id; found '{question.partner}'",
                           question.line)  # fmt: skip
        for scale in scales:
            count = sum(q.scale == scale.id for q in statements.values())
            if count < scale.minimum:
                self.error(f"expected at least {scale.minimum} statement(s) measuring scale '{scale.id}' "
                           f"(its minimum); found {count}", scale.line)  # fmt: skip


def _letter(index: int) -> str:
    return chr(ord("a") + index) if index < 26 else f"c{index + 1}"


def parse_quiz(text: str, *, path: str = "<quiz>", fence_line: int = 0, default_id: str = "quiz") -> Quiz:
    """Read the body of a quiz fence that opens on line ``fence_line`` of ``path``.

    Raises `QuizErrors` with every problem found, in line order.
    """
    reader = Reader(path, fence_line + 1)
    reader.read(text)
    quiz = Builder(reader, default_id, fence_line).build()
    if not reader.errors:
        reader.errors.extend(check_profiles(quiz, path))
    if reader.errors:
        raise QuizErrors(sorted(reader.errors, key=lambda error: (error.line, error.col)))
    return quiz

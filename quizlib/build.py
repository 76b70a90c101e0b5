"""Second step of reading a quiz: turn the blocks found by `quizlib.syntax` into model objects.

Checks what no single line can show: missing or duplicate parts, ids used twice, answers that do not
fit the question type, bands that overlap or leave gaps, statements naming unknown scales.
"""

from __future__ import annotations

import itertools
import re

from . import precision
from .conditions import KEYWORDS
from .coverage import check_profiles
from .errors import QuizErrors
from .kinds import COMMON_KEYS, KINDS, QUESTION_KEYS, Kind, kind_of_lines, written_with
from .model import LIKERT, Band, Question, Quiz, Rule, Scale, answer_points
from .syntax import BLOCK_KEYS, Block, Field, Reader, did_you_mean, nearest, shown

SHUFFLES = ("none", "questions", "choices", "all")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_SCALE_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_NUMBER = re.compile(r"^-?[0-9]{1,15}(?:\.[0-9]{1,15})?$")
SIGNIFICANT_DIGITS = 15  # a number in a quiz is kept exactly as written (see quizlib.typed.exact)
_PERCENT = re.compile(r"^(?P<number>[0-9]+(?:\.[0-9]+)?)[ \t]*%?$")
_BAND = re.compile(
    r"^(?P<low>[0-9]+(?:\.[0-9]+)?)[ \t]*%?[ \t]*(?:-|to)[ \t]*(?P<high>[0-9]+(?:\.[0-9]+)?)[ \t]*%?[ \t]*:"
    r"[ \t]*(?P<text>.*)$"
)
_YES = {"yes": True, "true": True, "no": False, "false": False}


def _decimals(text: str) -> int:
    return len(text.partition(".")[2])


class Builder:
    """Second pass: turn the blocks into model objects, checking what a single line cannot show."""

    def __init__(self, reader: Reader, default_id: str, fence_line: int) -> None:
        self.reader = reader
        self.error = reader.error
        self.default_id = default_id
        self.fence_line = fence_line
        self.points = answer_points(())

    def build(self) -> Quiz:
        fields, repeated = self.reader.quiz.fields, self.reader.quiz.repeated
        blocks = self.reader.blocks
        by_kind = {keyword: [b for b in blocks if b.keyword == keyword] for keyword in BLOCK_KEYS}
        if not by_kind["question"]:
            self.error("expected at least one 'question: …' in the quiz; found none", self.fence_line)
        likert = self.labels(fields.get("likert"), "answer labels", "Disagree | Unsure | Agree")
        self.points = answer_points(likert)
        scales = tuple(self.scale(block) for block in by_kind["scale"])
        self.unique("scale", [(s.id, s.line) for s in scales])
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
        for rules, what in ((profiles, "profiles"), (notes, "notes")):
            if rules and not scales:
                self.error(f"expected 'scale:' blocks for the {what} to use; found none", rules[0].line)
        return Quiz(
            id=self.identifier(fields.get("id"), self.default_id),
            title=self.reader.quiz.text("title"),
            questions=questions,
            pass_mark=self.pass_mark(fields.get("pass")),
            line=self.fence_line,
            bands=self.bands(repeated.get("band", []), 0.0, 100.0, "%", precision.PERCENT),
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

    shown = staticmethod(shown)

    def number(self, given: Field, what: str, low: float | None = None, decimals: int | None = None) -> float | None:
        """The number written in ``given``: at most 15 significant digits (and ``decimals`` decimals), kept exact."""
        value = given.value
        digits = value.lstrip("-").replace(".", "").lstrip("0")
        if (
            not _NUMBER.match(value)
            or len(digits) > SIGNIFICANT_DIGITS
            or (low is not None and float(value) < low)
            or (decimals is not None and _decimals(value) > decimals)
        ):
            self.error(f"expected {what}; found {shown(value)}", given.line, given.col)
            return None
        return float(value)

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
        if match is None or float(match["number"]) > 100 or _decimals(match["number"]) > precision.PERCENT:
            self.error(
                "expected a pass mark from 0% to 100% with at most one decimal, such as '60%' or '66.7%'; "
                f"found {shown(given.value)}",
                given.line,
                given.col,
            )
            return None
        return float(match["number"])

    def bands(self, given: list[Field], low: float, high: float, unit: str, most: int) -> tuple[Band, ...]:
        """Bands, in the order written, must cover ``low`` to ``high`` with no overlap and no gap, at the precision
        they are written (at most ``most`` decimals)."""
        bands: list[Band] = []
        decimals = 0
        for band in given:
            match = _BAND.match(band.value)
            if match is None or not match["text"].strip():
                self.error(f"expected a band such as '{low:g}-{(low + high) / 2:g}{unit}: what to tell the reader'; "
                           f"found {shown(band.value)}", band.line, band.col)  # fmt: skip
                continue
            written = max(_decimals(match["low"]), _decimals(match["high"]))
            if written > most:
                self.error(f"expected a band's ends with at most {most} decimal{'s' if most > 1 else ''}, as results "
                           f"are shown; found {match['low']} to {match['high']}", band.line, band.col)  # fmt: skip
                continue
            decimals = max(decimals, written)
            start, end = float(match["low"]), float(match["high"])
            if start > end or start < low or end > high:
                self.error(f"expected a range within {low:g}{unit} to {high:g}{unit}, low end first; "
                           f"found {match['low']} to {match['high']}", band.line, band.col)  # fmt: skip
                continue
            bands.append(Band(start, end, match["text"].strip(), band.line))
        ordered = sorted(bands, key=lambda band: band.low)
        step = 10.0**-decimals
        if ordered and len(bands) == len(given):
            if ordered[0].low != low or ordered[-1].high != high:
                self.error(f"expected the bands to run from {low:g}{unit} to {high:g}{unit}; "
                           f"found {ordered[0].low:g}{unit} to {ordered[-1].high:g}{unit}",
                           ordered[0].line)  # fmt: skip
            for before, after in itertools.pairwise(ordered):
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
        bands = self.bands(block.repeated.get("band", []), 1.0, float(self.points), "", precision.MEAN)
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
        for key in [*fields, *block.repeated]:
            if key not in COMMON_KEYS and key not in kind.keys:
                takers = [other.name for other in KINDS.values() if key in other.keys]
                expected = f"'{key}:' only in a {' or '.join(takers)} question" if len(takers) <= 3 else f"no '{key}:'"
                for given in [fields[key]] if key in fields else block.repeated[key]:
                    self.error(f"expected {expected} in a {kind.name} question; found one" if len(takers) > 3 else
                               f"expected {expected}; found it in a {kind.name} question", given.line)  # fmt: skip
        self.lines(kind, block)
        weight = 1.0
        if "weight" in fields:
            given = fields["weight"]
            what = "a weight of 0.01 or more with at most two decimals, such as '2' or '0.5'"
            found = self.number(given, what, decimals=precision.POINTS)
            if found is not None and found < 0.01:
                self.error(f"expected {what}; found {shown(given.value)}", given.line, given.col)
            elif found is not None:
                weight = found
        question = Question(
            id=self.identifier(fields.get("id"), f"q{number}"),
            kind=kind.name,
            prompt=block.head.value,
            explain=block.text("explain"),
            weight=weight if kind.graded else 0.0,
            hints=tuple(hint.value for hint in block.repeated.get("hint", [])),
            line=line,
            alternative=block.text("alternative"),
        )
        return kind.read(self, block, question)

    def kind(self, given: Field | None, block: Block) -> Kind:
        if given is not None:
            if given.value in KINDS:
                return KINDS[given.value]
            hint = did_you_mean(given.value, KINDS, end="")
            self.error(f"expected 'type:' to be one of {', '.join(KINDS)}; found {shown(given.value)}{hint}",
                       given.line, given.col)  # fmt: skip
            if close := nearest(given.value, KINDS):  # read as meant, so that only real mistakes follow
                return KINDS[close]
        return kind_of_lines(block)

    def lines(self, kind: Kind, block: Block) -> None:
        """The lines under a question must be the ones its kind reads."""
        if block.choices and kind.body != "choices":
            self.error(f"expected no '- [ ]' choices in a {kind.name} question; found {len(block.choices)}",
                       block.choices[0].line)  # fmt: skip
        if block.items and kind.body != "items":
            takers = " or ".join(written_with("items"))
            self.error(f"expected numbered items only in an {takers} question; found them in a {kind.name} question",
                       block.items[0].line)  # fmt: skip
        if block.entries and kind.body != "pairs":
            takers = " or ".join(f"'type: {name}'" for name in written_with("pairs"))
            self.error(f"expected a choice such as '- [ ] …' (or a pair '- left = right' in a {takers} question); "
                       f"found {shown('- ' + block.entries[0].text)}", block.entries[0].line)  # fmt: skip

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


def parse_quiz(text: str, *, path: str = "<quiz>", fence_line: int = 0, default_id: str = "quiz") -> Quiz:
    """Read the body of a quiz fence that opens on line ``fence_line`` of ``path``.

    Raises `QuizErrors` with every problem found, in line order.
    """
    reader = Reader(path, fence_line + 1, QUESTION_KEYS)
    reader.read(text)
    quiz = Builder(reader, default_id, fence_line).build()
    if not reader.errors:
        reader.errors.extend(check_profiles(quiz, path))
    if reader.errors:
        raise QuizErrors(sorted(reader.errors, key=lambda error: (error.line, error.col)))
    return quiz

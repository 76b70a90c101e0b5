"""The quiz as data: small frozen objects that keep the source line they came from."""

from __future__ import annotations

from dataclasses import dataclass

LIKERT = "likert"  # the kind of a self-assessment statement (all kinds: quizlib.kinds)
DEFAULT_POINTS = 5  # answers a statement offers without 'likert:' (the interface's five labels)


def answer_points(likert: tuple[str, ...]) -> int:
    """How many answers a statement offers with these answer labels (none given: the interface's)."""
    return len(likert) or DEFAULT_POINTS


ALL_OR_NOTHING = "all"
PARTIAL = "partial"


@dataclass(frozen=True)
class Choice:
    """One answer a reader can pick, one item to put in order, one blank or one pair to match.

    Texts are inline Markdown. ``accepted``: the answers a blank accepts, or the right-hand text of a pair.
    """

    id: str
    text: str
    correct: bool = False
    feedback: str = ""
    line: int = 0
    accepted: tuple[str, ...] = ()


@dataclass(frozen=True)
class Question:
    """A question. ``kind`` names one of `quizlib.kinds.KINDS`; the fields after ``line`` apply to some kinds only.

    - choices: the choices (single, multiple, truefalse), the items in their right order (order), the
      blanks (blanks) or the pairs (match);
    - scoring: `ALL_OR_NOTHING` or `PARTIAL` (multiple);
    - number, tolerance, relative: the answer and how far off it may be, absolute or a fraction (numeric);
    - accepted: the answers taken as right (text);
    - scale, reverse, partner: the scale a statement counts toward, whether it is reverse-keyed, and the
      id of a statement saying the opposite (likert);
    - alternative: the prompt as it reads in the quiz's second context (see ``Quiz.contexts``), or "".
    """

    id: str
    kind: str
    prompt: str
    choices: tuple[Choice, ...] = ()
    explain: str = ""
    weight: float = 1.0
    hints: tuple[str, ...] = ()
    line: int = 0
    scoring: str = ALL_OR_NOTHING
    number: float = 0.0
    tolerance: float = 0.0
    relative: bool = False
    accepted: tuple[str, ...] = ()
    scale: str = ""
    reverse: bool = False
    partner: str = ""
    alternative: str = ""


@dataclass(frozen=True)
class Band:
    """A range of results, ``low`` to ``high`` inclusive, and what to tell a reader who lands in it."""

    low: float
    high: float
    text: str
    line: int = 0


@dataclass(frozen=True)
class Scale:
    """A self-assessment scale: the mean of its statements' answers, once ``minimum`` are answered."""

    id: str
    name: str
    minimum: int
    bands: tuple[Band, ...] = ()
    line: int = 0


@dataclass(frozen=True)
class Rule:
    """A profile or a response-quality note: it applies when its condition (see `quizlib.conditions`) holds."""

    id: str
    when: str
    title: str = ""
    text: str = ""
    line: int = 0
    when_line: int = 0
    when_col: int = 0


@dataclass(frozen=True)
class Quiz:
    """A whole quiz. ``pass_mark`` is a percentage, or None when the quiz has no pass mark.

    ``contexts``: two labels of what the reader answers about (such as the work they do now, or the work
    they are preparing for); questions with an ``alternative`` read it in the second. Scoring is the same.
    """

    id: str
    title: str
    questions: tuple[Question, ...]
    pass_mark: float | None = None
    line: int = 0
    bands: tuple[Band, ...] = ()
    likert: tuple[str, ...] = ()
    scales: tuple[Scale, ...] = ()
    profiles: tuple[Rule, ...] = ()
    notes: tuple[Rule, ...] = ()
    shuffle: str = "none"
    contexts: tuple[str, ...] = ()

    @property
    def points(self) -> int:
        """How many answers each statement offers: answers run from 1 to this, the number of answer labels."""
        return answer_points(self.likert)

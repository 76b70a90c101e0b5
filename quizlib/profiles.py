"""Self-assessments: scale scores, the profile that fits them, and soft notes on how items were answered.

A scale's score is the mean of its answered statements (reverse-keyed ones counted as
``points + 1 - answer``), shown also as 0 to 100. Profiles are tried in order and the first whose
condition holds wins; scales tie-break by the order they are defined in, so results never depend on
chance. Notes never block a result: they only ask the reader to look again.
"""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Mapping
from dataclasses import dataclass

from .conditions import Condition, ConditionError, parse_condition
from .errors import QuizError
from .model import LIKERT, Band, Question, Quiz, Rule

DEFAULT_POINTS = 5
GRID_STEPS = (0.25, 0.5, 1.0)  # the finest step that keeps the grid small is used
GRID_POINTS = 20_000


@dataclass(frozen=True)
class ScaleResult:
    """One scale: its mean (None until ``minimum`` statements are answered), 0–100 score and band."""

    id: str
    name: str
    mean: float | None
    score: float | None
    answered: int
    needed: int
    band: int | None


def points(quiz: Quiz) -> int:
    """How many answers each statement offers (1 to this)."""
    return len(quiz.likert) or DEFAULT_POINTS


def statements(quiz: Quiz) -> list[Question]:
    """The quiz's Likert statements, in quiz order."""
    return [question for question in quiz.questions if question.kind == LIKERT]


def keyed(question: Question, answer: int, top: int) -> int:
    """The answer as it counts toward the scale: reverse-keyed statements count the other way."""
    return top + 1 - answer if question.reverse else answer


def _decimals(number: float) -> int:
    return 0 if number == int(number) else min(len(repr(number).partition(".")[2]), 6)


def band_of(bands: tuple[Band, ...], value: float) -> int | None:
    """The index of the band holding ``value`` rounded (half up) to the bands' own precision, or None.

    Bands are checked to leave no gap at that precision, so every value in their range finds one.
    """
    scale = 10 ** max((_decimals(end) for band in bands for end in (band.low, band.high)), default=0)
    rounded = math.floor(value * scale + 0.5) / scale
    for index, band in enumerate(bands):
        if band.low - 1e-9 <= rounded <= band.high + 1e-9:
            return index
    return None


def scale_results(quiz: Quiz, answers: Mapping[str, int]) -> tuple[ScaleResult, ...]:
    """Every scale's result for these answers (statement id → 1…points)."""
    top = points(quiz)
    results = []
    for scale in quiz.scales:
        values = [keyed(q, answers[q.id], top) for q in statements(quiz) if q.scale == scale.id and q.id in answers]
        if len(values) >= scale.minimum and values:
            mean = round(sum(values) / len(values), 2)
            score = round((mean - 1) / (top - 1) * 100, 1)
            results.append(ScaleResult(scale.id, scale.name, mean, score, len(values), 0, band_of(scale.bands, mean)))
        else:
            results.append(
                ScaleResult(scale.id, scale.name, None, None, len(values), scale.minimum - len(values), None)
            )
    return tuple(results)


def built_ins(quiz: Quiz, answers: Mapping[str, int]) -> dict[str, float]:
    """The values of `conditions.BUILT_INS` for these answers."""
    given = [answers[q.id] for q in statements(quiz) if q.id in answers]
    top = points(quiz)
    strong_pairs = 0
    by_id = {q.id: q for q in statements(quiz)}
    for question in by_id.values():
        partner = by_id.get(question.partner)
        if partner and question.id in answers and partner.id in answers:
            both = (answers[question.id], answers[partner.id])
            # Agreeing (or disagreeing) strongly with a statement and with its opposite.
            if min(both) > (top + 1) / 2 or max(both) < (top + 1) / 2:
                strong_pairs += 1
    return {
        "agreement": round(sum(given) / len(given), 2) if given else 0.0,
        "distinct": float(len(set(given))),
        "contradictions": float(strong_pairs),
    }


@functools.lru_cache(maxsize=64)  # read each quiz's conditions once, not at every scoring
def _conditions(quiz: Quiz, rules: tuple[Rule, ...]) -> list[Condition]:
    names = {scale.id for scale in quiz.scales}
    return [parse_condition(rule.when, names) for rule in rules]


def profile_for(quiz: Quiz, results: tuple[ScaleResult, ...], extra: Mapping[str, float]) -> Rule | None:
    """The first profile whose condition holds, once every scale has a score; else None."""
    if not quiz.profiles or any(result.mean is None for result in results):
        return None
    values = {**extra, **{result.id: float(result.mean or 0.0) for result in results}}
    for rule, condition in zip(quiz.profiles, _conditions(quiz, quiz.profiles), strict=True):
        if condition.holds(values):
            return rule
    return None


def notes_for(quiz: Quiz, results: tuple[ScaleResult, ...], extra: Mapping[str, float]) -> list[Rule]:
    """Every note whose condition holds, once every scale has a score."""
    if not quiz.notes or any(result.mean is None for result in results):
        return []
    values = {**extra, **{result.id: float(result.mean or 0.0) for result in results}}
    return [rule for rule, c in zip(quiz.notes, _conditions(quiz, quiz.notes), strict=True) if c.holds(values)]


def check_profiles(quiz: Quiz, path: str) -> list[QuizError]:
    """Conditions that cannot be read, and profiles that can never apply or leave results uncovered.

    Reachability is tried on a grid: every scale's mean from 1 to the top answer in steps of 0.25, with the
    built-ins at neutral values (agreement in the middle, no contradictions). With so many scales or answers
    that this grid would make the check slow, a coarser one (0.5 or 1) still finds results no profile covers,
    but no longer calls a profile unreachable: it may fit means between the grid's points.
    """
    names = {scale.id for scale in quiz.scales}
    errors = []
    for rule in quiz.profiles + quiz.notes:
        try:
            parse_condition(rule.when, names)
        except ConditionError as problem:
            errors.append(QuizError(str(problem), rule.when_line, rule.when_col + problem.col - 1, path))
    if errors or not quiz.profiles or not quiz.scales or len(quiz.scales) > 4:
        return errors
    top = points(quiz)
    conditions = _conditions(quiz, quiz.profiles)
    count = len(quiz.scales)
    step = next((s for s in GRID_STEPS if (int((top - 1) / s) + 1) ** count <= GRID_POINTS), GRID_STEPS[-1])
    steps = [1 + step * index for index in range(int((top - 1) / step) + 1)]
    neutral = {"agreement": (top + 1) / 2, "distinct": float(top), "contradictions": 0.0}
    reached: set[int] = set()
    uncovered: dict[str, float] | None = None
    for means in itertools.product(steps, repeat=len(quiz.scales)):
        values = {**neutral, **{scale.id: mean for scale, mean in zip(quiz.scales, means, strict=True)}}
        winner = next((index for index, c in enumerate(conditions) if c.holds(values)), None)
        if winner is None:
            uncovered = uncovered or values
        else:
            reached.add(winner)
    for index, rule in enumerate(quiz.profiles):
        if index not in reached and step == GRID_STEPS[0]:
            errors.append(QuizError(
                f"expected profile '{rule.id}' to fit some results; found that the profiles before it, or its "
                f"condition, leave it none (scale means tried from 1 to {top} in steps of {step:g})",
                rule.line, 1, path,
            ))  # fmt: skip
    if uncovered is not None:
        example = ", ".join(f"{scale.id} = {uncovered[scale.id]:g}" for scale in quiz.scales)
        errors.append(QuizError(
            f"expected the profiles to cover every result; found none for {example} "
            "(end with a profile whose condition is 'when: always')",
            quiz.profiles[-1].line, 1, path,
        ))  # fmt: skip
    return errors

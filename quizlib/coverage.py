"""Profile coverage: every profile can apply to some reader, and every result has a profile.

Checked when a quiz is read (`quizlib.build.parse_quiz`).
"""

from __future__ import annotations

import itertools

from .conditions import ConditionError, parse_condition
from .errors import QuizError
from .model import Quiz
from .profiles import conditions_of as _conditions

GRID_STEPS = (0.25, 0.5, 1.0)  # the finest step that keeps the grid small is used
GRID_POINTS = 20_000


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
    top = quiz.points
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

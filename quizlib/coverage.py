"""Profile coverage, decided exactly: every profile fits some result, and every result has a profile.

Checked when a quiz is read (`quizlib.build.parse_quiz`). A *result* here is what a profile condition
sees: one mean for every scale. A scale of n statements answered 1 to L, with ``minimum: m``, can have
the mean s/k for every k from m to n and every s from k to k·L (a reverse-keyed statement counts
L + 1 - a, which runs over the same 1 to L, so reverse keying changes nothing here), and each statement
counts toward one scale only, so every combination of the scales' possible means is some reader's
result. The check tries every combination, exactly:

- every mean and every number of the conditions is multiplied by one common denominator, so that all
  of them are whole numbers; that changes no sum, difference, minimum, maximum, absolute value or
  comparison, so each condition holds exactly when `quizlib.conditions.Condition.holds` says it does;
- many results are tried at once: a chunk of results is one Python integer split into *lanes* of
  ``width`` bits, one result per lane, and each operation of a condition is a few operations on such
  integers (lane by lane, with no carry from one lane to the next: the width leaves room for every
  value the condition can reach).

Profile conditions may use scale means only: ``agreement``, ``distinct`` and ``contradictions`` depend
on the very answers, not on the means, and are for notes. Limits keep the check fast for any quiz within
them (about half a second at worst, see bench/coverage_speed.py): `MAX_RESULTS`, `MAX_PROFILES`,
`MAX_SIZE`, `MAX_STATEMENTS` and `MAX_DIGITS`; past one, the build names it.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Sequence
from fractions import Fraction

from .conditions import BUILT_INS, ConditionError, Node, parse_condition
from .errors import QuizError
from .model import LIKERT, Quiz, Rule

MAX_RESULTS = 100_000  # different combinations of scale means (the site's self-assessment has 68921)
MAX_PROFILES = 30
MAX_SIZE = 600  # names, numbers and operators in all profile conditions together (the site's: 167)
MAX_STATEMENTS = 30  # statements measuring one scale, in a quiz with profiles
MAX_DIGITS = 6  # digits of a number in a profile's condition, such as 2.95 (3)
CHUNK_BITS = 1 << 21  # results are tried this many bits at a time (lanes x width)

_BUILT_INS = ", ".join(list(BUILT_INS)[:-1]) + " and " + list(BUILT_INS)[-1]
# The tokens of `quizlib.conditions`, to find a name or a number in a condition that was read.
_TOKEN = re.compile(r"(?P<number>\d+(?:\.\d+)?)|(?P<name>[A-Za-z_][A-Za-z0-9_]*)|<=|>=|==|!=|[<>()+,-]")


def check_profiles(quiz: Quiz, path: str) -> list[QuizError]:
    """Conditions that cannot be read, and profiles that never apply or leave results without a profile.

    Every result a reader can reach is tried (see the module's description), within the limits that keep
    this fast; a quiz beyond them gets an error that names the limit.
    """
    names = {scale.id for scale in quiz.scales}
    errors: list[QuizError] = []
    trees: list[Node] = []
    for index, rule in enumerate(quiz.profiles + quiz.notes):
        try:
            tree = parse_condition(rule.when, names).tree
        except ConditionError as problem:
            errors.append(_at(rule, problem.col, str(problem), path))
            continue
        if index < len(quiz.profiles):
            errors.extend(_profile_condition_errors(rule, path))
            trees.append(tree)
    if errors or not quiz.profiles or not quiz.scales:
        return errors
    statements = [sum(q.kind == LIKERT and q.scale == scale.id for q in quiz.questions) for scale in quiz.scales]
    minimums = [max(1, scale.minimum) for scale in quiz.scales]
    if any(count < minimum for count, minimum in zip(statements, minimums, strict=True)):
        return errors  # that scale never has a mean, so no profile ever applies: the build says why
    errors.extend(_limit_errors(quiz, statements, minimums, path))
    if errors:
        return errors
    return _coverage_errors(quiz, trees, statements, minimums, path)


def _at(rule: Rule, col: int, message: str, path: str) -> QuizError:
    """An error at column ``col`` (1-based) of ``rule``'s condition."""
    return QuizError(message, rule.when_line, rule.when_col + col - 1, path)


def _profile_condition_errors(rule: Rule, path: str) -> list[QuizError]:
    """A profile condition that uses a built-in, or a number too long to check exactly and fast."""
    errors = []
    for token in _TOKEN.finditer(rule.when):
        name, number = token["name"], token["number"]
        if name in BUILT_INS:
            errors.append(_at(rule, token.start() + 1, (
                f"expected a profile condition on scale means only ({_BUILT_INS} are for notes); found '{name}'"
            ), path))  # fmt: skip
            break
        if number is not None and len(number.replace(".", "")) > MAX_DIGITS:
            errors.append(_at(rule, token.start() + 1, (
                f"expected a number of at most {MAX_DIGITS} digits in a profile's condition, such as '2.95'; "
                f"found '{number}'"
            ), path))  # fmt: skip
            break
    return errors


def mean_count(statements: int, minimum: int, points: int) -> int:
    """How many different means a scale can have: of ``minimum`` to ``statements`` answers, each 1 to ``points``.

    The mean is 1 + x with x = t/k (k answers, t from 0 to k·(points - 1)). Written in lowest terms p/q,
    such an x is reached when some k from ``minimum`` to ``statements`` is a multiple of q: x = 0 to
    points - 1 (q = 1) always, and for each other such q, the (points - 1)·φ(q) fractions p/q in lowest
    terms between 0 and points - 1.
    """
    totient = list(range(statements + 1))
    for prime in range(2, statements + 1):
        if totient[prime] == prime:
            for multiple in range(prime, statements + 1, prime):
                totient[multiple] -= totient[multiple] // prime
    reached = (q for q in range(2, statements + 1) if -(-minimum // q) * q <= statements)
    return points + (points - 1) * sum(totient[q] for q in reached)


def _limit_errors(quiz: Quiz, statements: list[int], minimums: list[int], path: str) -> list[QuizError]:
    """The limits within which the check is exact and fast; past one, the build says which."""
    errors = []
    why = "so that the build can check every profile against every result"
    if len(quiz.profiles) > MAX_PROFILES:
        errors.append(QuizError(
            f"expected at most {MAX_PROFILES} profiles, {why}; found {len(quiz.profiles)}",
            quiz.profiles[MAX_PROFILES].line, 1, path,
        ))  # fmt: skip
    sizes = list(itertools.accumulate(len(_TOKEN.findall(rule.when)) for rule in quiz.profiles))
    if sizes[-1] > MAX_SIZE:
        rule = quiz.profiles[next(index for index, size in enumerate(sizes) if size > MAX_SIZE)]
        errors.append(QuizError(
            f"expected at most {MAX_SIZE} names, numbers and operators in all profile conditions together, "
            f"{why}; found {sizes[-1]}", rule.when_line, rule.when_col, path,
        ))  # fmt: skip
    for scale, count in zip(quiz.scales, statements, strict=True):
        if count > MAX_STATEMENTS:
            errors.append(QuizError(
                f"expected at most {MAX_STATEMENTS} statements measuring scale '{scale.id}' in a quiz with "
                f"profiles, {why}; found {count}", scale.line, 1, path,
            ))  # fmt: skip
    if errors:
        return errors
    counts = [mean_count(n, m, quiz.points) for n, m in zip(statements, minimums, strict=True)]
    results = math.prod(counts)
    if results > MAX_RESULTS:
        each = ", ".join(f"{scale.id} {count}" for scale, count in zip(quiz.scales[:8], counts, strict=False))
        errors.append(QuizError(
            f"expected at most {MAX_RESULTS} different results (combinations of scale means), {why}; found "
            f"{results if results < 10**18 else 'more than 10^18'} (means: {each}{', …' if len(counts) > 8 else ''}; "
            "fewer scales, fewer statements per scale, a higher 'minimum:' or fewer answer labels give fewer)",
            quiz.profiles[0].line, 1, path,
        ))  # fmt: skip
    return errors


class _Lanes:
    """A chunk of ``count`` results packed in one integer: lane i (bits i·width to i·width + width - 1)
    holds a whole number v as v + 2**(width - 1), the bias, so that every lane is nonnegative.

    A truth is an integer whose bit i·width + width - 1, the top bit of lane i, is set when it holds for
    result i; ``top`` has every such bit set, and is also the bias of every lane. Whole-integer sums and
    differences work lane by lane as long as every lane's result fits (see `_magnitude`).
    """

    def __init__(self, width: int, count: int) -> None:
        self.width = width
        self.count = count
        self.ones = int.from_bytes((b"\x01" + bytes(width // 8 - 1)) * count, "little")  # 1 in every lane
        self.top = self.ones << (width - 1)

    def constant(self, value: int) -> int:
        return value * self.ones + self.top

    def at_least(self, left: int, right: int) -> int:
        """Where left ≥ right: the lane left - right + bias has its top bit set exactly then."""
        return (left - right + self.top) & self.top

    def above(self, left: int, right: int) -> int:
        """Where left > right, that is where left - right - 1 ≥ 0 (lanes hold whole numbers)."""
        return (left - right + self.top - self.ones) & self.top

    def choose(self, truth: int, left: int, right: int) -> int:
        """``left`` in the lanes where ``truth`` holds, ``right`` in the others."""
        ones = truth >> (self.width - 1)
        return right ^ ((left ^ right) & ((ones << self.width) - ones))


class _Evaluator:
    """Conditions made whole by `_whole`, evaluated over a chunk of results: ``columns[i]`` packs the
    means of scale i, one result per lane."""

    def __init__(self, lanes: _Lanes, columns: Sequence[int]) -> None:
        self.lanes = lanes
        self.columns = columns
        self.constants: dict[int, int] = {}

    def number(self, node: Node) -> int:
        head, lanes = node[0], self.lanes
        if head == "num":
            value = _payload(node)
            if value not in self.constants:
                self.constants[value] = lanes.constant(value)
            return self.constants[value]
        if head == "scale":
            return self.columns[_payload(node)]
        values = [self.number(child) for child in _children(node)]
        if head == "+":
            return values[0] + values[1] - lanes.top
        if head == "-":
            return values[0] - values[1] + lanes.top
        if head == "abs":  # of the first argument only, as in quizlib.conditions
            return lanes.choose(values[0] & lanes.top, values[0], 2 * lanes.top - values[0])
        result = values[0]
        for value in values[1:]:
            if head == "min":
                result = lanes.choose(lanes.above(value, result), result, value)
            else:
                result = lanes.choose(lanes.above(result, value), result, value)
        return result

    def truth(self, node: Node) -> int:
        head, lanes = node[0], self.lanes
        if head == "always":
            return lanes.top
        parts = _children(node)
        if head == "not":
            return lanes.top ^ self.truth(parts[0])
        if head in ("and", "or"):
            left = self.truth(parts[0])
            if left == (0 if head == "and" else lanes.top):
                return left  # the other side changes nothing
            right = self.truth(parts[1])
            return left & right if head == "and" else left | right
        left, right = self.number(parts[0]), self.number(parts[1])
        if head == ">=":
            return lanes.at_least(left, right)
        if head == "<=":
            return lanes.at_least(right, left)
        if head == ">":
            return lanes.above(left, right)
        if head == "<":
            return lanes.above(right, left)
        equal = lanes.at_least(left, right) & lanes.at_least(right, left)
        return equal if head == "==" else lanes.top ^ equal


def _children(node: Node) -> list[Node]:
    return [child for child in node[1:] if isinstance(child, tuple)]


def _payload(node: Node) -> int:
    value = node[1]
    assert isinstance(value, int)
    return value


def _constants(node: Node) -> list[Fraction]:
    """The numbers written in a condition as `quizlib.conditions` reads it."""
    if node[0] == "num":
        assert isinstance(node[1], Fraction)
        return [node[1]]
    return [number for child in _children(node) for number in _constants(child)]


def _whole(node: Node, denominator: int, indexes: dict[str, int]) -> Node:
    """``node`` with every number multiplied by ``denominator`` (whole numbers, then) and every scale id
    replaced by the scale's index."""
    head = node[0]
    if head == "num":
        assert isinstance(node[1], Fraction)
        number = node[1] * denominator
        assert number.denominator == 1
        return ("num", number.numerator)
    if head == "name":
        return ("scale", indexes[str(node[1])])
    return (head, *(_whole(child, denominator, indexes) for child in _children(node)))


def _magnitude(node: Node, low: int, high: int) -> tuple[int, int, int]:
    """For a whole ``node`` whose scale means run from ``low`` to ``high``: its least and greatest value
    (0 and 0 for a truth), and the largest magnitude of any number it computes."""
    head = node[0]
    if head == "num":
        value = _payload(node)
        return value, value, abs(value)
    if head == "scale":
        return low, high, max(abs(low), abs(high))
    if head == "always":
        return 0, 0, 0
    parts = [_magnitude(child, low, high) for child in _children(node)]
    inner = max(part[2] for part in parts)
    if head in ("+", "-"):
        (left_low, left_high, _), (right_low, right_high, _) = parts
        if head == "+":
            least, most = left_low + right_low, left_high + right_high
        else:
            least, most = left_low - right_high, left_high - right_low
    elif head == "min":
        least, most = min(part[0] for part in parts), min(part[1] for part in parts)
    elif head == "max":
        least, most = max(part[0] for part in parts), max(part[1] for part in parts)
    elif head == "abs":
        first_low, first_high, _ = parts[0]
        least = 0 if first_low <= 0 <= first_high else min(abs(first_low), abs(first_high))
        most = max(abs(first_low), abs(first_high))
    else:  # a truth
        return 0, 0, inner
    return least, most, max(inner, abs(least), abs(most))


def _decimal(number: Fraction) -> str:
    """``number``, whose denominator divides a power of 10, written out in full: 3, 2.95, 0.125."""
    digits = 0
    while (number * 10**digits).denominator != 1:
        digits += 1
    whole = abs(number * 10**digits).numerator
    sign = "-" if number < 0 else ""
    if not digits:
        return f"{sign}{whole}"
    text = str(whole).rjust(digits + 1, "0")
    return f"{sign}{text[:-digits]}.{text[-digits:]}"


def shown_mean(mean: Fraction) -> str:
    """A mean as a reader reads it: 3 or 2.95, exact; 17/6 (about 2.83) when no decimal is exact."""
    rest = mean.denominator
    for factor in (2, 5):
        while rest % factor == 0:
            rest //= factor
    if rest == 1:
        return _decimal(mean)
    return f"{mean.numerator}/{mean.denominator} (about {_decimal(round(mean, 2))})"


def _coverage_errors(
    quiz: Quiz, trees: list[Node], statements: list[int], minimums: list[int], path: str
) -> list[QuizError]:
    points = quiz.points
    denominator = math.lcm(
        *(math.lcm(*range(m, n + 1)) for n, m in zip(statements, minimums, strict=True)),
        *(number.denominator for tree in trees for number in _constants(tree)),
    )
    indexes = {scale.id: index for index, scale in enumerate(quiz.scales)}
    whole = [_whole(tree, denominator, indexes) for tree in trees]
    means = []  # each scale's means, times the denominator, from the lowest up
    for n, m in zip(statements, minimums, strict=True):
        steps = (range(denominator, points * denominator + 1, denominator // k) for k in range(m, n + 1))
        means.append(sorted(set[int]().union(*steps)))
    # Every lane must hold any value v a condition computes, and any difference v - w - 1 of two of them:
    # |v - w - 1| ≤ 2·largest + 1 < 2**(width - 1), the bias.
    largest = max(_magnitude(tree, denominator, points * denominator)[2] for tree in whole)
    width = -(-((2 * largest + 1).bit_length() + 1) // 8) * 8
    reached, takers, uncovered = _try_every_result(whole, means, width)

    errors = []
    for index, rule in enumerate(quiz.profiles):
        if reached[index]:
            continue
        named = [f"'{quiz.profiles[i].id}' (line {quiz.profiles[i].line})" for i in sorted(takers[index])]
        if not named:
            found = "no result meets its condition"
        elif len(named) == 1:
            found = f"profile {named[0]}, before it, takes every result it fits"
        else:
            found = f"the profiles before it, {', '.join(named[:-1])} and {named[-1]}, take every result it fits"
        errors.append(QuizError(f"expected profile '{rule.id}' to fit some results; found that {found}",
                                rule.line, 1, path))  # fmt: skip
    if uncovered is not None:
        example = ", ".join(
            f"{scale.id} = {shown_mean(Fraction(mean, denominator))}"
            for scale, mean in zip(quiz.scales, uncovered, strict=True)
        )
        errors.append(QuizError(
            f"expected the profiles to cover every result; found none for {example} "
            "(end with a profile whose condition is 'when: always')",
            quiz.profiles[-1].line, 1, path,
        ))  # fmt: skip
    return errors


def _try_every_result(
    profiles: list[Node], means: list[list[int]], width: int
) -> tuple[list[bool], list[set[int]], tuple[int, ...] | None]:
    """Every combination of ``means`` (one list per scale), in order: the first scale's lowest mean first,
    the last scale's means changing fastest. Gives which ``profiles`` win some result; for each of the
    others, the profiles that take the results its condition holds for; and the first result none fits.
    """
    sizes = [len(values) for values in means]
    columns = []  # scale by scale, the bytes of every result's lane, in order
    for index, values in enumerate(means):
        lanes = [(value + (1 << (width - 1))).to_bytes(width // 8, "little") for value in values]
        repeat = math.prod(sizes[index + 1 :])
        columns.append(b"".join(lane * repeat for lane in lanes) * math.prod(sizes[:index]))
    reached = [False] * len(profiles)
    takers: list[set[int]] = [set() for _ in profiles]
    always_covered = ("always",) in profiles
    uncovered: int | None = None
    total, step = math.prod(sizes), max(1, CHUNK_BITS // width)
    for start in range(0, total, step):
        chunk = _Lanes(width, min(step, total - start))
        low, high = start * width // 8, (start + chunk.count) * width // 8
        evaluator = _Evaluator(chunk, [int.from_bytes(column[low:high], "little") for column in columns])
        remaining = chunk.top  # the results no profile before this one fits
        winners: list[tuple[int, int]] = []  # (profile, the results it wins)
        for index, tree in enumerate(profiles):
            if not remaining and reached[index]:
                continue
            truth = evaluator.truth(tree)
            won = truth & remaining
            if won:
                reached[index] = True
                remaining ^= won
                winners.append((index, won))
            elif truth and not reached[index]:
                rest = truth
                for winner, results in winners:
                    if rest & results:
                        takers[index].add(winner)
                        rest ^= rest & results
                        if not rest:
                            break
        if remaining and uncovered is None:
            uncovered = start + ((remaining & -remaining).bit_length() - 1) // width
        if all(reached) and (always_covered or uncovered is not None):
            break
    if uncovered is None:
        return reached, takers, None
    example = []
    for values in reversed(means):
        uncovered, position = divmod(uncovered, len(values))
        example.append(values[position])
    return reached, takers, tuple(reversed(example))

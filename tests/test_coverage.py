"""The profile check (quizlib.coverage) is exact: it tries every combination of scale means a reader can
reach, not a grid, and its limits are named when a quiz passes them."""

import itertools
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizlib import QuizErrors, parse_quiz
from quizlib.conditions import parse_condition
from quizlib.coverage import MAX_DIGITS, MAX_PROFILES, MAX_RESULTS, MAX_SIZE, MAX_STATEMENTS, mean_count, shown_mean
from quizlib.document import read_document

ROOT = Path(__file__).resolve().parent.parent


def errors(body: str) -> list[str]:
    try:
        parse_quiz(body, path="p.md", fence_line=0)
    except QuizErrors as caught:
        return [str(error) for error in caught.errors]
    return []


def quiz(scales: list[tuple[str, int, int]], profiles: list[str], labels: int = 5) -> str:
    """A quiz: scales (id, statements, minimum), then their statements, then profiles p0, p1, … with these
    conditions, two lines each from `first_profile_line`; answer labels 1 to ``labels``."""
    text = "likert: " + " | ".join(f"answer {n}" for n in range(1, labels + 1)) + "\n" if labels != 5 else ""
    text += "".join(f"scale: {sid}\nminimum: {minimum}\n" for sid, _, minimum in scales)
    text += "".join(f"question: S\ntype: likert\nmeasures: {sid}\n" for sid, count, _ in scales for _ in range(count))
    return text + "".join(f"profile: p{n}\nwhen: {when}\n" for n, when in enumerate(profiles))


def first_profile_line(scales: list[tuple[str, int, int]], labels: int = 5) -> int:
    """The line of 'profile: p0' in `quiz`: after the labels (unless 5), two lines a scale, three a statement."""
    return 1 + (labels != 5) + 2 * len(scales) + 3 * sum(count for _, count, _ in scales)


def test_a_gap_between_grid_points_is_found_with_the_mean_that_falls_in_it():
    # job has 20 statements, all needed: its means are the multiples of 1/20, and 2.95 is one of them.
    scales = [("job", 20, 20), ("career", 1, 1), ("calling", 1, 1)]
    line = first_profile_line(scales)
    assert errors(quiz(scales, ["job >= 3", "job <= 2.9"])) == [
        f"p.md:{line + 2}:1: expected the profiles to cover every result; found none for job = 2.95, career = 1, "
        "calling = 1 (end with a profile whose condition is 'when: always')"
    ]
    # With 11 statements and any number answered, the first mean in the gap is 32/11.
    assert errors(quiz([("s", 11, 1)], ["s >= 3", "s <= 2.9"]))[0].endswith(
        "found none for s = 32/11 (about 2.91) (end with a profile whose condition is 'when: always')"
    )
    # With 10 statements or fewer, no mean falls between 2.9 and 3: nothing is left out.
    assert errors(quiz([("s", 10, 1)], ["s >= 3", "s <= 2.9"])) == []


def test_a_profile_that_fits_only_between_grid_points_is_reachable():
    # Three statements: the means are thirds, and 7/3 lies strictly between 2.25 and 2.5.
    assert errors(quiz([("s", 3, 1)], ["s > 2.25 and s < 2.5", "always"])) == []
    assert errors(quiz([("s", 3, 3)], ["s > 2.25 and s < 2.5", "always"])) == []
    # Two statements: halves only, so the same profile fits no result.
    assert errors(quiz([("s", 2, 1)], ["s > 2.25 and s < 2.5", "always"])) == [
        "p.md:9:1: expected profile 'p0' to fit some results; found that no result meets its condition"
    ]


def test_an_unreachable_profile_names_the_profiles_that_take_its_results():
    scales = [("a", 2, 1), ("b", 2, 1)]
    line = first_profile_line(scales)
    assert errors(quiz(scales, ["a >= 3", "a < 3", "a >= 4 and b >= 4"])) == [
        f"p.md:{line + 4}:1: expected profile 'p2' to fit some results; found that profile 'p0' (line {line}), "
        "before it, takes every result it fits"
    ]
    assert errors(quiz(scales, ["a >= 4", "b >= 4", "a < 4 and b < 4", "a + b >= 7.5"])) == [
        f"p.md:{line + 6}:1: expected profile 'p3' to fit some results; found that the profiles before it, 'p0' "
        f"(line {line}) and 'p1' (line {line + 2}), take every result it fits"
    ]


def test_the_sites_self_assessment_passes_and_is_checked_exactly():
    for page in (ROOT / "docs" / "self-assessment.md", ROOT / "tests" / "golden" / "work-orientation.md"):
        found, problems = read_document(page.read_text().splitlines(), str(page))
        assert problems == []
        assert found[0].quiz is not None and len(found[0].quiz.profiles) in (9, 15)
    # Without its last profile, the first result left without one, in the order the scales are written and
    # from the lowest means up, is named with its exact means.
    text = (ROOT / "docs" / "self-assessment.md").read_text()
    fence = text.split("```quiz\n")[1].split("```")[0]
    last = "profile: leaning-calling"
    without_last = fence.split(last)[0] + fence.split(last)[1].split("\n\n", 1)[1]
    assert [message.split(": ", 1)[1] for message in errors(without_last)] == [
        "expected the profiles to cover every result; found none for job = 1, career = 19/6 (about 3.17), "
        "calling = 3.5 (end with a profile whose condition is 'when: always')"
    ]


def test_profile_conditions_use_scale_means_only():
    body = quiz([("a", 2, 1)], ["a >= 3 and agreement >= 4", "always"])
    assert errors(body) == [
        "p.md:10:18: expected a profile condition on scale means only (agreement, distinct and contradictions "
        "are for notes); found 'agreement'"
    ]
    assert errors(quiz([("a", 2, 1)], ["always"]) + "note: n\nwhen: agreement >= 4 or contradictions > 0\n") == []


def test_the_limits_are_named():
    line = first_profile_line([("a", 1, 1)])  # 6
    assert errors(quiz([("a", 1, 1)], [f"a >= {n}" for n in range(MAX_PROFILES)] + ["always"])) == [
        f"p.md:{line + 2 * MAX_PROFILES}:1: expected at most {MAX_PROFILES} profiles, so that the build can "
        f"check every profile against every result; found {MAX_PROFILES + 1}"
    ]
    long = " or ".join(["a >= 2"] * 50)  # 199 names, numbers and operators
    copies = MAX_SIZE // 199 + 1  # the last one passes the limit
    assert errors(quiz([("a", 1, 1)], [long] * copies + ["always"])) == [
        f"p.md:{line + 2 * copies - 1}:7: expected at most {MAX_SIZE} names, numbers and operators in all profile "
        f"conditions together, so that the build can check every profile against every result; found {199 * copies + 1}"
    ]
    assert errors(quiz([("a", MAX_STATEMENTS + 1, 1)], ["always"])) == [
        f"p.md:1:1: expected at most {MAX_STATEMENTS} statements measuring scale 'a' in a quiz with profiles, so "
        f"that the build can check every profile against every result; found {MAX_STATEMENTS + 1}"
    ]
    scales = [(sid, 5, 4) for sid in "abcd"]  # 33 means each
    assert errors(quiz(scales, ["always"])) == [
        f"p.md:{first_profile_line(scales)}:1: expected at most {MAX_RESULTS} different results (combinations "
        "of scale means), so that the build can check every profile against every result; found 1185921 "
        "(means: a 33, b 33, c 33, d 33; fewer scales, fewer statements per scale, a higher 'minimum:' or "
        "fewer answer labels give fewer)"
    ]
    scales = [(f"s{n}", 1, 1) for n in range(40)]  # 5 means each
    assert errors(quiz(scales, ["always"])) == [
        f"p.md:{first_profile_line(scales)}:1: expected at most {MAX_RESULTS} different results (combinations "
        "of scale means), so that the build can check every profile against every result; found more than 10^18 "
        "(means: s0 5, s1 5, s2 5, s3 5, s4 5, s5 5, s6 5, s7 5, …; fewer scales, fewer statements per scale, a "
        "higher 'minimum:' or fewer answer labels give fewer)"
    ]
    assert errors(quiz([("a", 1, 1)], ["a >= 2.999999", "always"])) == [
        f"p.md:{line + 1}:12: expected a number of at most {MAX_DIGITS} digits in a profile's condition, such as "
        "'2.95'; found '2.999999'"
    ]


def test_many_scales_and_long_conditions_are_checked_exactly():
    # Five scales of 10 means (3 statements, all needed, on 1 to 4): 100000 results, every one tried.
    scales = [(sid, 3, 3) for sid in "abcde"]
    heavy = "min(" + ", ".join("abcde" * 19) + ") > 3.9"
    line = first_profile_line(scales, 4)
    body = quiz(scales, [heavy, "a + b + c + d + e == 9.99999", "a + b - c - d + e < 5", "always"], 4)
    assert errors(body) == [
        f"p.md:{line + 2}:1: expected profile 'p1' to fit some results; found that no result meets its condition"
    ]
    assert errors(body.replace("9.99999", "9.99999 + 0.00001")) == []  # 10: a mean of 2 on every scale


def test_how_many_means_a_scale_can_have():
    for statements, minimum, labels in itertools.product(range(1, 13), range(1, 13), range(2, 8)):
        if minimum <= statements:
            means = {Fraction(s, k) for k in range(minimum, statements + 1) for s in range(k, k * labels + 1)}
            assert mean_count(statements, minimum, labels) == len(means)
    assert mean_count(6, 5, 5) == 41  # the site's self-assessment: 41 x 41 x 41 results


def test_means_are_shown_exactly():
    assert [shown_mean(Fraction(n, d)) for n, d in [(3, 1), (59, 20), (1, 8), (17, 6), (32, 11)]] == [
        "3",
        "2.95",
        "0.125",
        "17/6 (about 2.83)",
        "32/11 (about 2.91)",
    ]


# Any quiz: the check says exactly what trying every combination of means with Condition.holds says.

NUMBERS = st.sampled_from(["0", "0.5", "1", "1.5", "2", "2.25", "2.5", "2.75", "3", "3.3333", "4", "0.125"])


def numbers(names: list[str]) -> st.SearchStrategy[str]:
    leaves = st.one_of(st.sampled_from(names), NUMBERS)
    return st.recursive(
        leaves,
        lambda inner: st.one_of(
            st.tuples(inner, st.sampled_from(["+", "-"]), inner).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
            st.tuples(st.sampled_from(["min", "max"]), st.lists(inner, min_size=1, max_size=3)).map(
                lambda t: f"{t[0]}({', '.join(t[1])})"
            ),
            inner.map(lambda x: f"abs({x})"),
        ),
        max_leaves=6,
    )


def truths(names: list[str]) -> st.SearchStrategy[str]:
    comparisons = st.tuples(numbers(names), st.sampled_from(["<", "<=", ">", ">=", "==", "!="]), numbers(names))
    leaves = st.one_of(comparisons.map(" ".join), st.just("always"))
    return st.recursive(
        leaves,
        lambda inner: st.one_of(
            st.tuples(inner, st.sampled_from(["and", "or"]), inner).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
            inner.map(lambda x: f"not ({x})"),
        ),
        max_leaves=3,
    )


@st.composite
def quizzes(draw: st.DrawFn) -> tuple[list[tuple[str, int, int]], list[str], int]:
    labels = draw(st.integers(2, 4))
    scales = []
    for sid in ["a", "b", "c"][: draw(st.integers(1, 3))]:
        count = draw(st.integers(1, 3))
        scales.append((sid, count, draw(st.integers(1, count))))
    profiles = draw(st.lists(truths([sid for sid, _, _ in scales]), min_size=1, max_size=5))
    return scales, profiles, labels


def by_hand(scales: list[tuple[str, int, int]], profiles: list[str], labels: int) -> list[str]:
    """What the check must say, found the slow way: every combination, evaluated by Condition.holds."""
    conditions = [parse_condition(when, {sid for sid, _, _ in scales}) for when in profiles]
    means = [
        sorted({Fraction(s, k) for k in range(minimum, count + 1) for s in range(k, k * labels + 1)})
        for _, count, minimum in scales
    ]
    reached: set[int] = set()
    takers: dict[int, set[int]] = {index: set() for index in range(len(profiles))}
    uncovered = None
    for combination in itertools.product(*means):
        values = {sid: mean for (sid, _, _), mean in zip(scales, combination, strict=True)}
        holds = [index for index, condition in enumerate(conditions) if condition.holds(values)]
        if not holds:
            uncovered = uncovered or combination
            continue
        reached.add(holds[0])
        for index in holds[1:]:
            takers[index].add(holds[0])
    line = first_profile_line(scales, labels)
    found = []
    for index in range(len(profiles)):
        if index in reached:
            continue
        named = [f"'p{taker}' (line {line + 2 * taker})" for taker in sorted(takers[index])]
        if not named:
            why = "no result meets its condition"
        elif len(named) == 1:
            why = f"profile {named[0]}, before it, takes every result it fits"
        else:
            why = f"the profiles before it, {', '.join(named[:-1])} and {named[-1]}, take every result it fits"
        found.append(f"p.md:{line + 2 * index}:1: expected profile 'p{index}' to fit some results; found that {why}")
    if uncovered is not None:
        example = ", ".join(f"{sid} = {shown_mean(mean)}" for (sid, _, _), mean in zip(scales, uncovered, strict=True))
        found.append(
            f"p.md:{line + 2 * len(profiles) - 2}:1: expected the profiles to cover every result; found none for "
            f"{example} (end with a profile whose condition is 'when: always')"
        )
    return found


@settings(max_examples=100, deadline=None)
@given(quizzes())
def test_the_check_says_what_trying_every_result_says(case):
    scales, profiles, labels = case
    assert errors(quiz(scales, profiles, labels)) == by_hand(scales, profiles, labels)


@pytest.mark.parametrize(
    "when",
    [
        "a - b == 0.5 or abs(a - c) == 1.3333",
        "max(a, b) - min(b, c) >= 2.75 and not (a == b)",
        "abs(a - b - c + 3) < 0.125 or min(a - 1, 4 - b) > 1.5",
    ],
)
def test_the_check_agrees_on_edge_values(when):
    scales, profiles = [("a", 4, 1), ("b", 3, 2), ("c", 4, 1)], [when, "a >= b", "c > 2"]
    assert errors(quiz(scales, profiles, 5)) == by_hand(scales, profiles, 5)

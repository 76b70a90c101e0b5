"""How long the exact profile check (quizlib.coverage) takes: the site's self-assessment, and the slowest
quizzes the check's limits allow.

    .venv/bin/python bench/coverage_speed.py

Each line gives the best of three runs of reading the quiz (`parse_quiz`, the check included) and of the
profile check alone, the number of results tried and what the check said. Not a test: it prints figures.
"""

from __future__ import annotations

import math
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from quizlib import QuizErrors, parse_quiz  # noqa: E402
from quizlib.coverage import (  # noqa: E402
    _TOKEN,
    MAX_PROFILES,
    MAX_RESULTS,
    MAX_SIZE,
    MAX_STATEMENTS,
    check_profiles,
    mean_count,
)
from quizlib.document import read_document  # noqa: E402
from quizlib.model import Quiz  # noqa: E402


def quiz_text(scales: list[tuple[str, int, int]], profiles: list[str], labels: int = 5) -> str:
    """A quiz with these scales (id, statements, minimum), profile conditions and answer labels."""
    text = "likert: " + " | ".join(f"label {n}" for n in range(labels)) + "\n\n" if labels != 5 else ""
    text += "".join(f"scale: {sid}\nminimum: {minimum}\n\n" for sid, _, minimum in scales)
    for sid, statements, _ in scales:
        text += "".join(
            f"question: Statement {n} on {sid}\ntype: likert\nmeasures: {sid}\n\n" for n in range(statements)
        )
    return text + "".join(f"profile: p{n}\nwhen: {when}\n\n" for n, when in enumerate(profiles))


def budget(condition: str, always: bool = True) -> list[str]:
    """As many copies of ``condition`` as the limits allow (all its tokens count), then 'always'."""
    tokens = len(_TOKEN.findall(condition))
    copies = min(MAX_PROFILES - 1, (MAX_SIZE - 1) // tokens)
    return [condition] * copies + (["always"] if always else [])


def wide() -> list[tuple[str, int, int]]:
    """Scales with the widest lanes and nearly MAX_RESULTS results: on two labels, 30 statements with
    minimum 1 (279 means, common denominator lcm(1..30)), then 119 and 3 means: 99603 results."""
    scales = [("a", MAX_STATEMENTS, 1), ("b", 27, 23), ("c", 2, 2)]
    assert math.prod(mean_count(n, m, 2) for _, n, m in scales) <= MAX_RESULTS
    return scales


MIN_CHAIN = "min(" + ", ".join(["a", "b", "c"] * 32) + ", a) - 0.00001 > 999999"
ABS_CHAIN = "abs(" * 61 + "a - b + c" + ")" * 61 + " > 999999"
EQUALITIES = " or ".join(f"a == {1 + n / 100000:.5f}" for n in range(1, 49)) + " or c == 1.25"
BANDS = [f"a - b >= {n / 7 - 1:.4f} and a - b < {(n + 1) / 7 - 1:.4f}" for n in range(14)]  # a - b: -1 to 1
WIDER = [f"a - b >= {n / 7 - 1:.4f} and a - b < {(n + 3) / 7 - 1:.4f}" for n in range(14)]
CASES: list[tuple[str, Callable[[], str]]] = [
    ("min chains (the slowest operation), never true", lambda: quiz_text(wide(), budget(MIN_CHAIN), 2)),
    ("abs chains, never true", lambda: quiz_text(wide(), budget(ABS_CHAIN), 2)),
    ("equalities joined by 'or', never true", lambda: quiz_text(wide(), budget(EQUALITIES), 2)),
    (
        "half the profiles unreachable, each taken by several before it",
        lambda: quiz_text(wide(), [*BANDS, "always", *WIDER], 2),
    ),
    (
        "min chains, no 'always' (every result uncovered)",
        lambda: quiz_text(wide(), budget(MIN_CHAIN, always=False), 2),
    ),
    (
        "five scales of 10 means, min chains",
        lambda: quiz_text(
            [(s, 3, 3) for s in "abcde"],
            budget("min(" + ", ".join("abcde" * 19) + ") > 5"),
            4,
        ),
    ),
]


def best(run: Callable[[], object]) -> tuple[float, object]:
    times, outcome = [], None
    for _ in range(3):
        start = time.perf_counter()
        outcome = run()
        times.append(time.perf_counter() - start)
    return min(times), outcome


def read(text: str) -> str:
    try:
        parse_quiz(text, path="bench.md")
    except QuizErrors as problems:
        first = str(problems.errors[0])
        return f"{len(problems.errors)} error(s), first: {first[:110]}{'…' if len(first) > 110 else ''}"
    return "no error"


def read_page(path: Path) -> str:
    found = read_document(path.read_text().splitlines(), str(path))
    return f"{len(found[1])} error(s)"


def report(name: str, quiz: Quiz, whole_read: Callable[[], str]) -> None:
    results = math.prod(
        mean_count(sum(q.scale == scale.id for q in quiz.questions), scale.minimum, quiz.points)
        for scale in quiz.scales
    )
    whole, outcome = best(whole_read)
    alone, _ = best(lambda: check_profiles(quiz, "bench.md"))
    print(f"{name}\n    {results} results: read {whole:.3f} s, profile check {alone:.3f} s; {outcome}")


def unchecked(text: str) -> Quiz:
    """The quiz, read without the profile check (which is timed on its own)."""
    import quizlib.build as build

    saved = build.check_profiles
    build.check_profiles = lambda quiz, path: []
    try:
        return parse_quiz(text, path="bench.md")
    finally:
        build.check_profiles = saved


def main() -> None:
    page = ROOT / "docs" / "self-assessment.md"
    quiz = read_document(page.read_text().splitlines(), str(page))[0][0].quiz
    report("docs/self-assessment.md (the whole page read)", quiz, lambda: read_page(page))
    for name, make in CASES:
        source = make()
        report(name, unchecked(source), lambda source=source: read(source))


if __name__ == "__main__":
    main()

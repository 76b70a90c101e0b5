"""Every text the quiz interface shows, in one catalog per language, and the result summary."""

from __future__ import annotations

from .scoring import Result

CATALOG: dict[str, dict[str, str]] = {
    "en": {
        "check": "Check answers",
        "choose_one": "Choose one answer.",
        "choose_many": "Choose all that apply.",
        "no_script": "Checking answers needs JavaScript, which is turned off or did not load in this browser.",
        "loading": "Loading the scoring engine…",
        "ready": "The scoring engine is ready.",
        "checking": "Checking your answers…",
        "failed": "The scoring engine could not load, so answers cannot be checked right now.",
        "retry": "Try again",
        "correct": "Correct.",
        "partial": "Partly correct.",
        "incorrect": "Not quite.",
        "unanswered": "Not answered.",
        "score": "You scored {score} out of {max} ({percent}%).",
        "passed": "You passed: the pass mark is {pass}%.",
        "not_passed": "The pass mark is {pass}%: try the questions you missed again.",
    },
}


def ui_strings(language: str = "en") -> dict[str, str]:
    """The catalog for ``language`` (such as 'en' or 'en-GB'), falling back to English per string."""
    chosen = CATALOG.get(language) or CATALOG.get(language.split("-")[0], {})
    return {**CATALOG["en"], **chosen}


def format_number(value: float) -> str:
    """A score as people write it: 3 rather than 3.0, 2.5 as it is."""
    return str(int(value)) if value == int(value) else f"{value:g}"


def summary(result: Result, pass_mark: float | None, strings: dict[str, str]) -> str:
    """The result in one or two plain sentences, as shown and announced to screen readers."""
    text = strings["score"].format(
        score=format_number(result.score), max=format_number(result.max_score), percent=format_number(result.percent)
    )
    if pass_mark is not None:
        key = "passed" if result.passed else "not_passed"
        text += " " + strings[key].format(**{"pass": format_number(pass_mark)})
    return text

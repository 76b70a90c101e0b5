"""Every text the quiz interface shows, in one catalog per language, and the result summary."""

from __future__ import annotations

from .model import Quiz
from .scoring import Result

CATALOG: dict[str, dict[str, str]] = {
    "en": {
        "check": "Check answers",
        "choose_one": "Choose one answer.",
        "choose_many": "Choose all that apply.",
        "choose_true_false": "True or false?",
        "true": "True",
        "false": "False",
        "type_number": "Type a number.",
        "type_text": "Type your answer.",
        "your_answer": "Your answer",
        "order_hint": "Put these in order, first at the top.",
        "move_up": "Move up",
        "move_down": "Move down",
        "moved": "{item}: now {position} of {count}.",
        "likert_hint": "How much do you agree?",
        "likert_labels": "Strongly disagree|Disagree|Neither agree nor disagree|Agree|Strongly agree",
        "reflection_hint": "Only for you: this stays in your browser and is not scored.",
        "show_hint": "Show a hint",
        "hint_count": "Hint {number} of {count}",
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
        "answered": "Answered.",
        "points": "Points: {points} of {max}.",
        "score": "You scored {score} out of {max} ({percent}%).",
        "passed": "You passed: the pass mark is {pass}%.",
        "not_passed": "The pass mark is {pass}%: try the questions you missed again.",
        "scale_score": "{name}: {score} out of 100",
        "scale_missing": "{name}: answer {count} more to see this score.",
        "chart_title": "Your scores, out of 100",
    },
}


def ui_strings(language: str = "en") -> dict[str, str]:
    """The catalog for ``language`` (such as 'en' or 'en-GB'), falling back to English per string."""
    chosen = CATALOG.get(language) or CATALOG.get(language.split("-")[0], {})
    return {**CATALOG["en"], **chosen}


def format_number(value: float) -> str:
    """A score as people write it: 3 rather than 3.0, 2.5 as it is."""
    return str(int(value)) if value == int(value) else f"{value:g}"


def scale_line(quiz: Quiz, result: Result, index: int, strings: dict[str, str]) -> str:
    """One scale's result in words, with its band's label when it has one."""
    scale, found = quiz.scales[index], result.scales[index]
    if found.score is None:
        return strings["scale_missing"].format(name=scale.name, count=found.needed)
    text = strings["scale_score"].format(name=scale.name, score=format_number(round(found.score)))
    return text + (f" ({scale.bands[found.band].text})" if found.band is not None else "")


def summary(quiz: Quiz, result: Result, strings: dict[str, str]) -> str:
    """The result in a few plain sentences, as shown and announced to screen readers."""
    parts = []
    if result.max_score:
        parts.append(
            strings["score"].format(
                score=format_number(result.score),
                max=format_number(result.max_score),
                percent=format_number(result.percent),
            )
        )
        if quiz.pass_mark is not None:
            key = "passed" if result.passed else "not_passed"
            parts.append(strings[key].format(**{"pass": format_number(quiz.pass_mark)}))
    parts.extend(scale_line(quiz, result, index, strings) + "." for index in range(len(quiz.scales)))
    return " ".join(parts)

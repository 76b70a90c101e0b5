"""Every example row of the scoring specification (docs/contribute/scoring.md), run through quizlib.

Run the same way by CPython and by Pyodide (tests/test_specification.py). Reads ``{"path": ..., "text":
...}`` as JSON on standard input and prints, as JSON, one entry per checked cell: where it is, the column,
what the page says and what the engine gives.

A table is an example when it has an ``answer`` (for the quiz's first question; *left out* for none),
``answers`` or ``document`` column. It belongs to the quiz in its ``quiz`` column, or else to the last
quiz above it. Its other columns name what to compare: a question's ``outcome``, ``points``,
``label`` or ``marks`` (``q2 outcome`` for another question), a result field (``score``, ``max``, ``percent``,
``passed``, ``band``, ``profile``, ``notes``, ``summary``, ``error``), a scale's ``<id> mean``,
``<id> score`` or ``<id> band``, or a measure (``agreement``, ``distinct``, ``contradictions``). A
cell in backticks is JSON; any other cell is text.
"""

from __future__ import annotations

import json
import sys

from quizlib.bridge import check
from quizlib.document import read_document
from quizlib.markdown_source import markdown_lines
from quizlib.serialize import dumps, quiz_to_dict

ANSWER_COLUMNS = ("answer", "answers", "document")
RESULT_FIELDS = ("score", "max", "percent", "passed", "band", "profile", "notes", "summary", "error")
MEASURES = ("agreement", "distinct", "contradictions")
QUESTION_FIELDS = ("outcome", "points", "label", "marks")


def cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def value(cell: str) -> object:
    return json.loads(cell[1:-1]) if cell.startswith("`") and cell.endswith("`") else cell


def tables(lines: list[str]) -> list[tuple[int, list[str], list[tuple[int, list[str]]]]]:
    """(line of the header, header, [(line, cells)]) for every table."""
    found = []
    index = 0
    while index + 1 < len(lines):
        if lines[index].startswith("|") and lines[index + 1].startswith("|---"):
            header, rows = cells(lines[index]), []
            index += 2
            while index < len(lines) and lines[index].startswith("|"):
                rows.append((index + 1, cells(lines[index])))
                index += 1
            found.append((index, header, rows))
        index += 1
    return found


def got(column: str, result: dict[str, object], first: str) -> object:
    if column == "error" or "error" in result:
        return result.get(column if column == "error" else "error")
    if column in RESULT_FIELDS:
        return result.get(column)
    if column in MEASURES:
        return result["measures"][column]  # type: ignore[index]
    name, _, field = column.rpartition(" ") if " " in column else (first, "", column)
    for question in result["questions"]:  # type: ignore[attr-defined]
        if question["id"] == name and field in QUESTION_FIELDS:
            return question[field]
    for scale in result["scales"]:  # type: ignore[attr-defined]
        if scale["id"] == name:
            return scale[field]
    raise KeyError(f"no column {column!r} in the result")


def run(path: str, text: str) -> list[dict[str, object]]:
    lines = markdown_lines(text)
    found, errors = read_document(lines, path)
    if errors:
        raise SystemExit("\n".join(map(str, errors)))
    quizzes = {item.quiz.id: (item.block.end, item.quiz) for item in found if item.quiz}
    checked: list[dict[str, object]] = []
    for _, header, rows in tables(lines):
        source = next((column for column in ANSWER_COLUMNS if column in header), None)
        if source is None:
            continue
        for line, row in rows:
            given = dict(zip(header, row, strict=True))
            above = [quiz for end, quiz in quizzes.values() if end < line]
            quiz = quizzes[given["quiz"]][1] if "quiz" in given else above[-1]
            first = quiz.questions[0].id
            if source == "document":
                document = value(given["document"])
            else:
                cell = given[source]
                answers = value(cell) if source == "answers" else {} if cell == "left out" else {first: value(cell)}
                document = {"format": 2, "quiz": quiz.id, "answers": answers}
            result = json.loads(check(dumps(quiz_to_dict(quiz)), json.dumps(document)))
            for column, cell in given.items():
                if column in (source, "quiz"):
                    continue
                expected, actual = value(cell), got(column, result, first)
                checked.append({
                    "where": f"{path}:{line}", "column": column, "expected": expected, "got": actual,
                    "ok": expected == actual,
                })  # fmt: skip
    return checked


if __name__ == "__main__":
    given = json.loads(sys.stdin.read())
    sys.stdout.write(dumps(run(given["path"], given["text"])) + "\n")
    sys.stdout.flush()

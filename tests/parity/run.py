"""The parity suite: the same program, run by CPython and by Pyodide, must print the same bytes.

Reads ``{"documents": {name: markdown}}`` as JSON on standard input. For every quiz it prints the
rendered HTML, the errors of broken quizzes, and the results of answer sets derived from hashes
(not from `random`, whose algorithms may change between Python versions).
"""

from __future__ import annotations

import hashlib
import json
import sys

from quizlib.bridge import check, order
from quizlib.document import read_document
from quizlib.model import Question
from quizlib.render import render_quiz
from quizlib.serialize import dumps, quiz_to_dict
from quizlib.typed import normalise_text, read_number

ANSWER_SETS = 12


def pick(seed: str, count: int) -> int:
    return int(hashlib.sha256(seed.encode()).hexdigest(), 16) % count


def answer(question: Question, seed: str) -> object:
    ids = [choice.id for choice in question.choices]
    if pick(seed + "skip", 5) == 0:
        return None
    if question.kind in ("single", "truefalse"):
        return ids[pick(seed, len(ids))]
    if question.kind == "multiple":
        return [item for index, item in enumerate(ids) if pick(f"{seed}{index}", 2)]
    if question.kind == "order":
        return sorted(ids, key=lambda item: hashlib.sha256((seed + item).encode()).hexdigest())
    if question.kind == "likert":
        return 1 + pick(seed, 5)
    if question.kind == "numeric":
        return [str(question.number), question.number + 1, "12,5", "x", "1,234.5", "\uff11\uff12"][pick(seed, 6)]
    if question.kind == "blanks":
        typed = [*question.choices[0].accepted, "", "NOPE", " Job. "]
        return {blank.id: typed[pick(f"{seed}{blank.id}", len(typed))] for blank in question.choices}
    if question.kind == "match":
        return {pair.id: ids[pick(f"{seed}{pair.id}", len(ids))] for pair in question.choices}
    variants = [*question.accepted, "  " + (question.accepted or ("",))[0].upper(), "nope"]
    return variants[pick(seed, len(variants))]


def run(documents: dict[str, str]) -> dict[str, object]:
    output: dict[str, object] = {}
    for name, text in sorted(documents.items()):
        found, errors = read_document(text.splitlines(), name)
        entry: dict[str, object] = {"errors": [str(error) for error in errors], "quizzes": []}
        for item in found:
            if item.quiz is None:
                continue
            quiz_json = dumps(quiz_to_dict(item.quiz))
            results = []
            for number in range(ANSWER_SETS):
                answers = {}
                for question in item.quiz.questions:
                    given = answer(question, f"{item.quiz.id}:{number}:{question.id}")
                    if given is not None:
                        answers[question.id] = given
                document = json.dumps({"format": 2, "quiz": item.quiz.id, "answers": answers})
                results.append(json.loads(check(quiz_json, document)))
            entry["quizzes"].append(  # type: ignore[attr-defined]
                {
                    "kinds": [question.kind for question in item.quiz.questions],
                    "html": render_quiz(item.quiz),
                    "order": json.loads(order(quiz_json, "reader-seed")),
                    "results": results,
                }
            )
        output[name] = entry
    return output


def every_character() -> dict[str, str]:
    """Typed answers judged the same whatever Unicode version the Python knows (Pyodide's 16, CPython 3.11's 14):
    a digest of how every character is normalised, and read as a number when doubled."""
    # Planes 0 to 3 and the tags of plane 14: every character Unicode has assigned so far, but private use.
    codes = [*range(0xD800), *range(0xE000, 0x32400), *range(0xE0000, 0xE0200)]
    characters = [chr(code) for code in codes]
    texts = hashlib.sha256("\x00".join(normalise_text(char) for char in characters).encode()).hexdigest()
    numbers = hashlib.sha256(" ".join(str(read_number(char * 2)) for char in characters).encode()).hexdigest()
    return {"texts": texts, "numbers": numbers}


def main(text: str) -> str:
    return dumps({"documents": run(json.loads(text)["documents"]), "unicode": every_character()})


if __name__ == "__main__":
    sys.stdout.write(main(sys.stdin.read()))

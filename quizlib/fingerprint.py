"""What a saved answer and a saved result depend on, as short fingerprints the page keeps with them.

A reader's browser keeps their answers between visits (docs/contribute/data-formats.md, "Saved progress").
When the quiz is edited, an answer stays only while its question is still asked the same way: the page
compares the fingerprint saved with the answer to the question's fingerprint now (`answer_fingerprints`).
A saved result is marked as out of date and checked again when the quiz or the scoring rules changed since it
was checked (`scoring_fingerprint`). Both are worked out here, once, when the site is built.
"""

from __future__ import annotations

import hashlib

from .kinds.blanks import _segments
from .model import Question, Quiz
from .serialize import dumps, quiz_to_dict

# Bump when the rules of docs/contribute/scoring.md change (what is scored, or how a result is written):
# every result a reader saved before is then marked as out of date and checked again by the engine.
SCORING_RULES = 1
DIGITS = 12  # hexadecimal digits of a fingerprint


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:DIGITS]


def asked(quiz: Quiz, question: Question) -> dict[str, object]:
    """What the reader saw and chose from when answering ``question``: its kind, its prompt in both wordings,
    and the id and text of each choice, item, blank or pair; for a statement, the answer labels of its scale.
    Not the explanation, hints, feedback, weight, right answers, accepted answers, tolerance or scale."""
    shown: dict[str, object] = {
        "kind": question.kind,
        "prompt": question.prompt,
        "alternative": question.alternative,
        "choices": [[choice.id, choice.text] for choice in question.choices],
    }
    if question.kind == "blanks":  # the sentence around the blanks, not the answers each accepts
        shown["prompt"] = [text for _, text in _segments(question.prompt)]
    elif question.kind == "match":  # the right-hand texts are the list the reader picks from
        shown["choices"] = [[pair.id, pair.text, *pair.accepted] for pair in question.choices]
    elif question.kind == "likert":
        shown["labels"] = [*quiz.likert]
        shown["points"] = quiz.points
    return shown


def answer_fingerprints(quiz: Quiz) -> dict[str, str]:
    """Each question's fingerprint, by question id: it changes when what the reader answered changes."""
    return {question.id: _digest(dumps(asked(quiz, question))) for question in quiz.questions}


def scoring_fingerprint(quiz: Quiz, language: str) -> str:
    """The fingerprint of a result: the whole quiz, the language of its texts and the scoring rules."""
    return _digest(f"{SCORING_RULES}\n{language}\n{dumps(quiz_to_dict(quiz))}")

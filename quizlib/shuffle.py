"""Deterministic shuffling: the same seed gives the same order, in CPython and in the browser alike.

Items are sorted by a hash of the seed and their id, so no random-number generator (whose
algorithm could change between Python versions) is involved.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from .model import Quiz


def seeded_order(ids: Sequence[str], seed: str) -> list[str]:
    """``ids`` in an order that depends only on ``seed`` and the ids themselves."""
    return sorted(ids, key=lambda item: hashlib.sha256(f"{seed}\x00{item}".encode()).hexdigest())


def display_order(ids: Sequence[str], seed: str) -> list[str]:
    """Like `seeded_order`, but never the given order (for items the reader must put in order)."""
    order = seeded_order(ids, seed)
    return order[1:] + order[:1] if order == list(ids) and len(ids) > 1 else order


def reader_order(quiz: Quiz, seed: str) -> dict[str, object]:
    """The order one reader sees, from the reader's own seed and the quiz's ``shuffle:`` setting.

    Returns ``{"questions": [ids], "choices": {question id: [choice ids]}}``; what is not shuffled
    keeps its written order.
    """
    from .kinds import KINDS  # here: the kinds themselves use the orders above

    questions = [question.id for question in quiz.questions]
    if quiz.shuffle in ("questions", "all"):
        questions = seeded_order(questions, f"{seed}:{quiz.id}")
    choices: dict[str, list[str]] = {}
    for question in quiz.questions:
        ids = [choice.id for choice in question.choices]
        if KINDS[question.kind].shuffled:
            if quiz.shuffle in ("choices", "all"):
                ids = seeded_order(ids, f"{seed}:{quiz.id}:{question.id}")
            choices[question.id] = ids
    return {"questions": questions, "choices": choices}

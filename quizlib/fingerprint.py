"""What a saved answer and a saved result depend on, as short fingerprints the page keeps with them.

A reader's browser keeps their answers between visits (docs/contribute/data-formats.md, "Saved progress").
When the quiz is edited, an answer stays only while its question is still asked the same way: the page
compares the fingerprint saved with the answer to the question's fingerprint now (`answer_fingerprints`).
A saved result is marked as out of date and checked again when the quiz, the language's texts or the code that
checks answers changed since it was checked (`scoring_fingerprint`). Both are worked out here, once, when the
site is built.
"""

from __future__ import annotations

import ast
import functools
import hashlib
from collections.abc import Iterator
from pathlib import Path

from .kinds.blanks import _segments
from .model import Question, Quiz
from .serialize import dumps, quiz_to_dict
from .strings import ui_strings

DIGITS = 12  # hexadecimal digits of a fingerprint
PACKAGE = Path(__file__).resolve().parent
ENGINE = "quizlib.bridge"  # what the browser calls to check answers


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
    """The fingerprint of a result: the whole quiz, the language and its texts, and the code that checks answers."""
    return _digest(f"{engine_code()}\n{language}\n{dumps(ui_strings(language))}\n{dumps(quiz_to_dict(quiz))}")


def _source(module: str) -> Path | None:
    """The file of a quizlib module ("quizlib.kinds.base"), or None when the name is not a module."""
    path = PACKAGE.joinpath(*module.split(".")[1:])
    found = path / "__init__.py" if path.is_dir() else path.with_suffix(".py")
    return found if found.is_file() else None


_BLOCKS: tuple[str, ...] = ("body", "orelse", "handlers", "finalbody", "cases")  # where statements hold statements


def _run_imports(tree: ast.Module) -> Iterator[ast.ImportFrom]:
    """Every 'from … import …' of a module, at any depth (in a function, a class, a try), but those for type
    checkers only ('if TYPE_CHECKING:'), which are never run. Statements only: no expression holds an import."""
    waiting: list[ast.AST] = [tree]
    while waiting:
        node = waiting.pop()
        if isinstance(node, ast.ImportFrom):
            yield node
        blocks = _BLOCKS
        if isinstance(node, ast.If) and ast.unparse(node.test) in ("TYPE_CHECKING", "typing.TYPE_CHECKING"):
            blocks = ("orelse",)
        for name in blocks:
            waiting.extend(getattr(node, name, ()))


@functools.cache
def engine_code() -> str:
    """The digest of the code that checks answers and writes a result: the source of quizlib.bridge and of every
    quizlib module it imports, in turn (found by reading their imports, so none is forgotten). Each file's text
    is read with its line endings made "\\n", so every checkout and every Python version gives the same digest."""
    texts: dict[str, bytes] = {}
    waiting = [ENGINE]
    while waiting:
        module = waiting.pop()
        path = _source(module)
        if module in texts or path is None:
            continue
        texts[module] = path.read_bytes().replace(b"\r\n", b"\n")
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        for node in _run_imports(ast.parse(texts[module])):
            if node.level:  # relative: quizlib's own
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
                named = f"{base}.{node.module}" if node.module else base
                waiting.append(named)
                waiting.extend(f"{named}.{alias.name}" for alias in node.names)  # "from . import precision"
    digest = hashlib.sha256()
    for module in sorted(texts):
        digest.update(module.encode() + b"\0" + texts[module] + b"\0")
    return digest.hexdigest()

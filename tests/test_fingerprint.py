"""What a saved answer depends on: each worked example of docs/contribute/data-formats.md ("When the quiz changes")
is an edit made to a real quiz, and the answer is kept exactly when the question's fingerprint stays the same."""

import ast
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from quizlib import fingerprint, parse_quiz
from quizlib.fingerprint import DIGITS, answer_fingerprints, engine_code, scoring_fingerprint
from quizlib.strings import CATALOG

DOC = Path(__file__).resolve().parent.parent / "docs" / "contribute" / "data-formats.md"

CHOICES = (
    "title: Basics\n"
    "question: Which is a job?\n"
    "hint: Think of pay.\n"
    "- [x] A post you are paid for\n"
    "  feedback: Yes.\n"
    "- [ ] A path over years\n"
    "explain: A job is work you do for pay.\n"
)
TYPED = "question: One word for a long-term path?\ntype: text\nanswer: career\n"
NUMERIC = "question: Jobs held from 18 to 58, on average?\ntype: numeric\nanswer: 12.9\ntolerance: 0.1\n"
ORDER = "question: Youngest first\n1. Age 18-24\n2. Age 25-34\n3. Age 35-44\n"
BLANKS = "question: A [[job]] now; a [[career]] over years.\ntype: blanks\n"
MATCH = "question: Match them.\n- Job = Pay\n- Career = Path\n"
STATEMENTS = (
    "likert: No | Maybe | Yes\ncontext: now | later\n"
    "scale: job\nband: 1-3: all\nscale: career\nband: 1-3: all\n"
    "question: I like my work.\nalternative: I will like my work.\ntype: likert\nmeasures: job\n"
    "question: I get paid.\ntype: likert\nmeasures: job\n"
    "question: I plan ahead.\ntype: likert\nmeasures: career\n"
)

# Each row of the page's table: the quiz before, the quiz after the edit, and the question whose answer is judged.
EDITS: dict[str, tuple[str, str, str]] = {
    "a new quiz title": (CHOICES, CHOICES.replace("title: Basics", "title: The basics"), "q1"),
    "a typo fixed in an explanation": (CHOICES, CHOICES.replace("work you do", "work you od"), "q1"),
    "a question added at the end": (CHOICES, CHOICES + TYPED, "q1"),
    "a hint or a choice's feedback reworded": (
        CHOICES,
        CHOICES.replace("Think of pay.", "Think of the pay.").replace("feedback: Yes.", "feedback: Right."),
        "q1",
    ),
    "another choice made the right one": (
        CHOICES,
        CHOICES.replace("[x] A post", "[ ] A post").replace("[ ] A path", "[x] A path"),
        "q1",
    ),
    "a text answer accepts one more spelling": (
        TYPED,
        TYPED.replace("answer: career", "answer: career | careers"),
        "q1",
    ),
    "a numeric answer's tolerance widened": (NUMERIC, NUMERIC.replace("tolerance: 0.1", "tolerance: 0.5"), "q1"),
    "a blank accepts one more spelling": (BLANKS, BLANKS.replace("[[job]]", "[[job | post]]"), "q1"),
    "a statement moved to another scale, or made reverse-keyed": (
        STATEMENTS,
        STATEMENTS.replace("measures: job", "measures: career\nreverse: true", 1),
        "q1",
    ),
    "the question's weight changed": (CHOICES, CHOICES.replace("explain:", "weight: 2\nexplain:"), "q1"),
    "the prompt reworded": (CHOICES, CHOICES.replace("Which is a job?", "Which one is a job?"), "q1"),
    "the question's second wording (`alternative:`) reworded": (
        STATEMENTS,
        STATEMENTS.replace("I will like my work.", "I expect to like my work."),
        "q1",
    ),
    "a choice's text reworded": (CHOICES, CHOICES.replace("A path over years", "A path over many years"), "q1"),
    "a choice added": (CHOICES, CHOICES.replace("explain:", "- [ ] A calling\nexplain:"), "q1"),
    "an item of an order question reworded": (ORDER, ORDER.replace("Age 35-44", "Ages 35-44"), "q1"),
    "the sentence around a blank reworded": (BLANKS, BLANKS.replace("over years", "over many years"), "q1"),
    "a right-hand text of a matching pair reworded": (MATCH, MATCH.replace("= Path", "= A path"), "q1"),
    "the quiz's answer labels for statements changed": (
        STATEMENTS,
        STATEMENTS.replace("No | Maybe | Yes", "No | Not sure | Yes"),
        "q1",
    ),
    "the question's kind changed": (TYPED, TYPED.replace("type: text\nanswer: career", "type: reflection"), "q1"),
}


def documented_rows() -> dict[str, str]:
    section = DOC.read_text(encoding="utf-8").split("### When the quiz changes", 1)[1]
    return dict(re.findall(r"^\| ([^|]+?) \| (kept|cleared)[^|]*\|$", section, re.M))


def test_every_documented_edit_is_tested():
    assert sorted(documented_rows()) == sorted(EDITS)


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_an_answer_is_kept_exactly_when_its_question_is_asked_the_same_way(edit):
    before, after, question = EDITS[edit]
    old, new = parse_quiz(before, default_id="t"), parse_quiz(after, default_id="t")
    kept = answer_fingerprints(old)[question] == answer_fingerprints(new)[question]
    assert ("kept" if kept else "cleared") == documented_rows()[edit]


def test_a_question_added_at_the_end_leaves_every_other_fingerprint_alone():
    old = answer_fingerprints(parse_quiz(CHOICES + ORDER, default_id="t"))
    new = answer_fingerprints(parse_quiz(CHOICES + ORDER + TYPED, default_id="t"))
    assert {key: new[key] for key in old} == old and set(new) == {"q1", "q2", "q3"}


def test_fingerprints_are_the_same_on_every_python():
    """sha256 of what the question shows, as key-sorted JSON: a change to that recipe clears every reader's
    saved answers, so it is pinned here."""
    quiz = parse_quiz(CHOICES, default_id="t")
    assert answer_fingerprints(quiz) == {"q1": "4ef3c486bf0b"}
    assert re.fullmatch(rf"[0-9a-f]{{{DIGITS}}}", scoring_fingerprint(quiz, "en"))


def test_a_result_is_current_only_for_the_same_quiz_language_texts_and_code(monkeypatch):
    quiz = parse_quiz(CHOICES, default_id="t")
    scored = scoring_fingerprint(quiz, "en")
    assert scoring_fingerprint(parse_quiz(CHOICES, default_id="t"), "en") == scored
    assert scoring_fingerprint(quiz, "fr") != scored
    assert scoring_fingerprint(parse_quiz(CHOICES.replace("Basics", "The basics"), default_id="t"), "en") != scored
    # The summary's words: "You scored 1 out of 1" reworded is another result.
    monkeypatch.setitem(CATALOG["en"], "score", "Your score: {score} of {max} ({percent}%).")
    assert scoring_fingerprint(quiz, "en") != scored


@pytest.fixture
def package_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """quizlib's source in a folder of its own, which the fingerprint reads from then on."""
    copy = tmp_path / "quizlib"
    shutil.copytree(fingerprint.PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(fingerprint, "PACKAGE", copy)
    engine_code.cache_clear()
    yield copy
    engine_code.cache_clear()


def test_the_code_that_checks_answers_is_part_of_a_results_fingerprint(package_copy: Path):
    """A change to the scoring code (or to any module it imports, in turn) makes every saved result out of date;
    a change elsewhere in quizlib, or to line endings only, does not."""
    before = engine_code()

    def changed(path: str, edit: Callable[[bytes], bytes]) -> str:
        file = package_copy / path
        text = file.read_bytes()
        file.write_bytes(edit(text))
        engine_code.cache_clear()
        try:
            return engine_code()
        finally:
            file.write_bytes(text)

    def note(text: bytes) -> bytes:
        return text + b"\n# a note\n"

    assert changed("scoring.py", note) != before
    assert changed("typed.py", note) != before  # imported by kinds/base.py, imported by scoring.py
    assert changed("kinds/likert.py", note) != before
    assert changed("render.py", note) == before  # the page, not the result
    assert changed("coverage.py", note) == before
    assert changed("scoring.py", lambda text: text.replace(b"\n", b"\r\n")) == before  # a Windows checkout
    engine_code.cache_clear()
    assert engine_code() == before


def test_the_engines_imports_are_found_wherever_a_statement_can_stand():
    source = """
from .a import x
if TYPE_CHECKING:
    from .typing_only import T
else:
    from .b import y
def f():
    try:
        from .c import z
    except ImportError:
        from .d import z
    finally:
        pass
    match z:
        case 1:
            from .e import w
class K:
    def g(self):
        with open("x"):
            from . import f
"""
    found = [(node.level, node.module) for node in fingerprint._run_imports(ast.parse(source))]
    assert sorted(found, key=str) == [(1, "a"), (1, "b"), (1, "c"), (1, "d"), (1, "e"), (1, None)]  # no typing_only

"""Every question type: how it is written, how it is scored, and what counts as a wrong answer."""

from decimal import Decimal

import pytest

from quizlib import AnswerError, QuizErrors, parse_quiz, score_quiz
from quizlib.typed import normalise_text, read_number


def quiz(body: str):
    return parse_quiz(body, default_id="t")


def outcome(body: str, answer) -> tuple[str, float, float]:
    result = score_quiz(quiz(body), {"q1": answer}).questions[0]
    return result.outcome, result.points, result.max_points


TRUE_FALSE = "question: A career can include your own business.\ntype: truefalse\nanswer: true"
NUMERIC = "question: Jobs held from 18 to 58, on average?\ntype: numeric\nanswer: 12.9\ntolerance: 0.1"
RELATIVE = "question: About how many?\ntype: numeric\nanswer: 200\ntolerance: 5%"
TEXT = "question: One word for a long-term path?\ntype: text\nanswer: career | vocation"
ORDER = "question: Youngest first\n1. Age 18-24\n2. Age 25-34\n3. Age 35-44\n4. Age 45-54"
PARTIAL = "question: Which are true?\nscoring: partial\nweight: 3\n- [x] a\n- [x] b\n- [x] c\n- [ ] d"


@pytest.mark.parametrize(
    ("body", "answer", "expected"),
    [
        (TRUE_FALSE, "true", ("correct", 1.0, 1.0)),
        (TRUE_FALSE, "false", ("incorrect", 0.0, 1.0)),
        (NUMERIC, 12.95, ("correct", 1.0, 1.0)),
        (NUMERIC, "13,0", ("correct", 1.0, 1.0)),
        (NUMERIC, "13.1", ("incorrect", 0.0, 1.0)),
        (NUMERIC, "about twelve", ("incorrect", 0.0, 1.0)),
        (NUMERIC, "", ("unanswered", 0.0, 1.0)),
        (RELATIVE, 209, ("correct", 1.0, 1.0)),
        (RELATIVE, 211, ("incorrect", 0.0, 1.0)),
        (TEXT, "  CAREER ", ("correct", 1.0, 1.0)),
        (TEXT, "vocatión", ("correct", 1.0, 1.0)),
        (TEXT, "job", ("incorrect", 0.0, 1.0)),
        (ORDER, ["a", "b", "c", "d"], ("correct", 1.0, 1.0)),
        (ORDER, ["b", "a", "c", "d"], ("partial", 0.83, 1.0)),
        (ORDER, ["d", "c", "b", "a"], ("incorrect", 0.0, 1.0)),
        (PARTIAL, ["a", "b", "c"], ("correct", 3.0, 3.0)),
        (PARTIAL, ["a", "b"], ("partial", 2.0, 3.0)),
        (PARTIAL, ["a", "d"], ("incorrect", 0.0, 3.0)),
        (PARTIAL, ["a", "b", "d"], ("partial", 1.0, 3.0)),
    ],
)
def test_scoring_by_type(body, answer, expected):
    assert outcome(body, answer) == expected


SINGLE = "question: Which is one job?\n- [ ] A path\n- [x] A post\n- [ ] A calling"
MULTIPLE = "question: Which apply?\n- [x] a\n- [x] b\n- [ ] c\n- [ ] d"
BLANKS = "question: A [[job]] now; a [[career]] over years.\ntype: blanks"
MATCH = "question: Match them.\n- Job = Pay\n- Career = Path\n- Calling = Meaning"
LIKERT = "scale: s\nquestion: I like my work.\ntype: likert\nmeasures: s"
REFLECTION = "question: What next?\ntype: reflection"


@pytest.mark.parametrize(
    ("body", "answer", "marks"),
    [
        (SINGLE, "b", (("b", "right"),)),
        (SINGLE, "c", (("b", "missed"), ("c", "wrong"))),
        (TRUE_FALSE, "true", (("true", "right"),)),
        (TRUE_FALSE, "false", (("true", "missed"), ("false", "wrong"))),
        (MULTIPLE, ["a", "c"], (("a", "right"), ("b", "missed"), ("c", "wrong"))),
        (MULTIPLE, ["d"], (("a", "missed"), ("b", "missed"), ("d", "wrong"))),
        (MULTIPLE, ["b", "a"], (("a", "right"), ("b", "right"))),
        (MULTIPLE, [], ()),
        (SINGLE, None, ()),
        (BLANKS, {"a": "Job", "b": "calling"}, (("a", "right"), ("b", "wrong"))),
        (BLANKS, {"b": "career"}, (("a", "wrong"), ("b", "right"))),
        (BLANKS, {"a": " "}, ()),
        (MATCH, {"a": "a", "b": "c", "c": "b"}, (("a", "right"), ("b", "wrong"), ("c", "wrong"))),
        (MATCH, {"c": "c"}, (("a", "wrong"), ("b", "wrong"), ("c", "right"))),
        (NUMERIC, "13", ()),
        (NUMERIC, "20", ()),
        (TEXT, "job", ()),
        (ORDER, ["b", "a", "c", "d"], ()),
        (LIKERT, 4, ()),
        (REFLECTION, "More training", ()),
    ],
)
def test_marks_by_type(body, answer, marks):
    """Right and wrong picks, right choices missed, and right or wrong parts; nothing for other kinds."""
    assert score_quiz(quiz(body), {"q1": answer}).questions[0].marks == marks


def test_ungraded_questions_do_not_count():
    survey = quiz(
        "scale: s\nquestion: I like it\ntype: likert\nmeasures: s\n"
        "question: Why?\ntype: reflection\nquestion: Q\n- [x] a\n- [ ] b"
    )
    result = score_quiz(survey, {"q1": 4, "q2": "Because.", "q3": "a"})
    assert [(q.outcome, q.max_points) for q in result.questions] == [("answered", 0), ("answered", 0), ("correct", 1)]
    assert (result.score, result.max_score, result.percent) == (1.0, 1.0, 100.0)


def test_hints_weights_and_bands():
    graded = quiz(
        "band: 0-49%: Read the page again.\nband: 50-100%: Well done.\n"
        "question: Q\nweight: 3\nhint: Think about pay.\nhint: It is about now.\n- [x] a\n- [ ] b\n"
        "question: R\n- [x] a\n- [ ] b"
    )
    assert graded.questions[0].hints == ("Think about pay.", "It is about now.")
    assert score_quiz(graded, {"q1": "a"}).band == 1  # 75%
    assert score_quiz(graded, {"q2": "a"}).band == 0  # 25%


@pytest.mark.parametrize(
    ("body", "answer", "message"),
    [
        (TRUE_FALSE, True, "question 'q1': expected one choice id, such as \"a\"; found true"),
        (NUMERIC, ["1"], "question 'q1': expected a number, or the text typed; found [\"1\"]"),
        (TEXT, 3, "question 'q1': expected the text typed; found 3"),
        (
            ORDER,
            ["a", "b"],
            'question \'q1\': expected a list of every item id once, in the reader\'s order; found ["a", "b"]',
        ),
        (
            ORDER,
            ["a", "a", "b", "c"],
            "question 'q1': expected a list of every item id once, in the reader's order; "
            'found ["a", "a", "b", "c"]',
        ),
        (
            "scale: s\nquestion: Q\ntype: likert\nmeasures: s",
            6,
            "question 'q1': expected a whole number from 1 to 5; found 6",
        ),
        (
            "scale: s\nquestion: Q\ntype: likert\nmeasures: s",
            True,
            "question 'q1': expected a whole number from 1 to 5; found true",
        ),
        ("question: Q\ntype: reflection", 3, "question 'q1': expected the text typed; found 3"),
        ("question: Q\ntype: reflection", ["x"], "question 'q1': expected the text typed; found [\"x\"]"),
    ],
)
def test_wrong_answer_types_raise_answer_error(body, answer, message):
    with pytest.raises(AnswerError) as caught:
        score_quiz(quiz(body), {"q1": answer})
    assert str(caught.value) == message


def test_text_and_numbers_as_readers_type_them():
    assert normalise_text("  Ça  VA ") == "ca va"
    assert [read_number(text) for text in ("12,5", " 7 ", "1 000", "nan", "inf", "x", True, float("nan"))] == [
        Decimal("12.5"),
        7,
        1000,
        None,
        None,
        None,
        None,
        None,
    ]


def test_characters_newer_than_unicode_3_2_are_compared_as_they_are_on_every_python():
    """Digits and case pairs added in Unicode 15 and 16 (known to Pyodide, not to CPython 3.11) change nothing."""
    kawi_digits = "\U00011f51\U00011f52"  # Kawi 1 and 2, Unicode 15
    garay_capital, garay_small = "\U00010d50", "\U00010d70"  # a Garay case pair, Unicode 16
    assert read_number(kawi_digits) is None
    assert normalise_text(garay_capital) == garay_capital != normalise_text(garay_small)
    assert read_number("\u0661\u0662") == 12  # Arabic-Indic digits are in Unicode 3.2
    assert normalise_text("\u0130stanbul") == "istanbul"


def test_the_likert_labels_set_the_range_everywhere():
    three = "likert: Never | Sometimes | Often\nscale: s\nband: 1-1.99: rarely\nband: 2-3: often\n"
    quiz = parse_quiz(three + "question: I plan ahead.\ntype: likert\nmeasures: s")
    assert quiz.points == 3
    assert score_quiz(quiz, {"q1": 3}).scales[0].score == 100
    with pytest.raises(AnswerError, match="from 1 to 3; found 4"):
        score_quiz(quiz, {"q1": 4})
    seven = "likert: " + " | ".join(str(n) for n in range(1, 8)) + "\nscale: s\nband: 1-3.99: low\nband: 4-7: high\n"
    quiz = parse_quiz(seven + "question: I plan ahead.\ntype: likert\nmeasures: s")
    assert (score_quiz(quiz, {"q1": 7}).scales[0].band, score_quiz(quiz, {"q1": 7}).scales[0].score) == (1, 100)
    with pytest.raises(QuizErrors, match="expected a range within 1 to 3, low end first; found 1 to 5"):
        parse_quiz("likert: a | b | c\nscale: s\nband: 1-5: all\nquestion: Q\ntype: likert\nmeasures: s")

"""Every question type: how it is written, how it is scored, and what counts as a wrong answer."""

from decimal import Decimal

import pytest

from quizlib import AnswerError, parse_quiz, score_quiz
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

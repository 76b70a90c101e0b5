"""Scoring: outcomes, points, feedback to show, and the one error type for answers that do not fit."""

import json

import pytest
from support import without_lines

from quizlib import AnswerError, parse_quiz, score_quiz
from quizlib.bridge import check
from quizlib.serialize import dumps, quiz_from_dict, quiz_to_dict

QUIZ = parse_quiz(
    """pass: 50%
question: Single
- [x] right
  feedback: good
- [ ] wrong
  feedback: bad
question: Multiple
weight: 2
- [x] one
  feedback: one is right
- [x] two
- [ ] three
  feedback: three is wrong""",
    default_id="demo",
)


def test_all_right():
    result = score_quiz(QUIZ, {"q1": "a", "q2": ["a", "b"]})
    assert (result.score, result.max_score, result.percent, result.passed) == (3.0, 3.0, 100.0, True)
    assert [q.outcome for q in result.questions] == ["correct", "correct"]


def test_weights_count_and_the_pass_mark_decides():
    result = score_quiz(QUIZ, {"q1": "a", "q2": ["a"]})
    assert (result.score, result.max_score, result.percent, result.passed) == (1.0, 3.0, 33.3, False)
    assert [q.outcome for q in result.questions] == ["correct", "incorrect"]


def test_feedback_of_chosen_choices_and_of_right_choices_left_out():
    result = score_quiz(QUIZ, {"q1": "b", "q2": ["b", "c"]})
    assert result.questions[0].feedback == ("b",)
    assert result.questions[1].feedback == ("a", "c")


def test_questions_left_out_are_unanswered():
    result = score_quiz(QUIZ, {"q2": []})
    assert [(q.outcome, q.points, q.max_points) for q in result.questions] == [
        ("unanswered", 0.0, 1.0),
        ("unanswered", 0.0, 2.0),
    ]


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"q9": "a"}, "expected a question id of quiz 'demo'; found 'q9'"),
        ({"q1": "z"}, "expected a choice id of question 'q1'; found 'z'"),
        ({"q1": ["a"]}, "expected one choice id for question 'q1'; found ['a']"),
        ({"q2": "a"}, "expected a list of choice ids for question 'q2'; found 'a'"),
        (["q1"], "expected answers as a mapping of question id to answer; found list"),
    ],
)
def test_answers_that_do_not_fit_raise_answer_error(answers, message):
    with pytest.raises(AnswerError) as caught:
        score_quiz(QUIZ, answers)
    assert str(caught.value) == message


def test_quiz_survives_json_except_for_source_lines():
    assert quiz_from_dict(json.loads(dumps(quiz_to_dict(QUIZ)))) == without_lines(QUIZ)


def test_bridge_returns_result_summary_and_labels():
    answers = json.dumps({"format": 2, "quiz": "demo", "answers": {"q1": "a", "q2": ["a"]}})
    result = json.loads(check(dumps(quiz_to_dict(QUIZ)), answers))
    assert result["summary"] == (
        "You scored 1 out of 3 (33.3%). The pass mark is 50%: try the questions you missed again."
    )
    assert [(q["id"], q["outcome"], q["label"]) for q in result["questions"]] == [
        ("q1", "correct", "Correct. Points: 1 of 1."),
        ("q2", "incorrect", "Not quite. Points: 0 of 2."),
    ]


def test_bridge_reports_answers_that_do_not_fit():
    answers = json.dumps({"format": 2, "quiz": "demo", "answers": {"q7": "a"}})
    assert json.loads(check(dumps(quiz_to_dict(QUIZ)), answers)) == {
        "error": "expected a question id of quiz 'demo'; found 'q7'"
    }


def test_json_is_safe_inside_a_script_element():
    assert dumps({"text": "</script><b>&"}) == '{"text":"\\u003c/script\\u003e\\u003cb\\u003e\\u0026"}'

"""Scoring: outcomes, points, marks (and so the feedback shown), and the one error type for answers that do not fit."""

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


def test_each_choice_is_marked_right_wrong_or_missed_and_the_page_gets_the_marks():
    result = score_quiz(QUIZ, {"q1": "b", "q2": ["b", "c"]})
    assert result.questions[0].marks == (("a", "missed"), ("b", "wrong"))
    assert result.questions[1].marks == (("a", "missed"), ("b", "right"), ("c", "wrong"))
    page = json.loads(check(dumps(quiz_to_dict(QUIZ)), json.dumps({"format": 2, "quiz": "demo", "answers": {
        "q2": ["a", "b"]}})))  # fmt: skip
    assert [q["marks"] for q in page["questions"]] == [{}, {"a": "right", "b": "right"}]


def test_questions_left_out_are_unanswered():
    result = score_quiz(QUIZ, {"q2": []})
    assert [(q.outcome, q.points, q.max_points) for q in result.questions] == [
        ("unanswered", 0.0, 1.0),
        ("unanswered", 0.0, 2.0),
    ]


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"q9": "a"}, "expected a question id of quiz 'demo' (q1, q2); found \"q9\""),
        ({"q1": "z"}, "question 'q1': expected a choice id of this question (a, b); found \"z\""),
        ({"q1": ["a"]}, 'question \'q1\': expected one choice id, such as "a"; found ["a"]'),
        ({"q2": "a"}, "question 'q2': expected a list of choice ids; found \"a\""),
        (["q1"], 'expected answers as an object of question ids and answers; found ["q1"]'),
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
        "You scored 1 out of 3 (33.3%). The pass mark is 50%: read the notes under the questions you missed, "
        "and try them again another day."
    )
    assert [(q["id"], q["outcome"], q["label"]) for q in result["questions"]] == [
        ("q1", "correct", "Correct. Points: 1 of 1."),
        ("q2", "incorrect", "Not quite. Points: 0 of 2."),
    ]


def test_bridge_reports_answers_that_do_not_fit():
    answers = json.dumps({"format": 2, "quiz": "demo", "answers": {"q7": "a"}})
    assert json.loads(check(dumps(quiz_to_dict(QUIZ)), answers)) == {
        "error": "expected a question id of quiz 'demo' (q1, q2); found \"q7\""
    }


def test_json_is_safe_inside_a_script_element():
    assert dumps({"text": "</script><b>&"}) == '{"text":"\\u003c/script\\u003e\\u003cb\\u003e\\u0026"}'


def test_a_band_holds_values_up_to_the_next_bands_low_end_judged_exactly():
    two = "question: A\nweight: 50.6\n- [x] a\n- [ ] b\nquestion: B\nweight: 49.4\n- [x] a\n- [ ] b"
    quiz = parse_quiz("band: 50.7-100%: high\nband: 0-50.6%: low\n" + two)
    assert score_quiz(quiz, {"q1": "a"}).band == 1  # 50.6%: the first band up, numbered as written
    assert score_quiz(quiz, {"q2": "a"}).band == 1  # 49.4%
    assert score_quiz(quiz, {"q1": "a", "q2": "a"}).band == 0  # 100%
    statements = "".join(f"question: S{n}\ntype: likert\nmeasures: s\n" for n in range(4))
    quiz = parse_quiz("scale: s\nminimum: 4\nband: 1-2.2: low\nband: 2.3-5: high\n" + statements)
    result = score_quiz(quiz, {"q1": 2, "q2": 2, "q3": 2, "q4": 3}).scales[0]
    assert (result.mean, result.band) == (2.25, 0)  # 2.25 is below 2.3, where "high" starts
    thirds = "".join(f"question: S{n}\ntype: likert\nmeasures: s\n" for n in range(3))
    quiz = parse_quiz("scale: s\nband: 1-2.33: low\nband: 2.34-5: high\n" + thirds)
    result = score_quiz(quiz, {"q1": 2, "q2": 2, "q3": 3}).scales[0]  # 7/3 = 2.333…
    assert (result.mean, result.band) == (2.33, 0)


def test_numbers_beyond_any_float_are_wrong_answers_not_crashes():
    quiz = parse_quiz("question: N\ntype: numeric\nanswer: 3")
    assert score_quiz(quiz, {"q1": 10**400}).questions[0].outcome == "incorrect"
    reply = json.loads(check(dumps(quiz_to_dict(quiz)), '{"format": 2, "answers": {"q1": ' + "9" * 5000 + "}}"))
    assert reply["error"].startswith("expected answers as JSON; found Exceeds the limit")


def test_quiz_json_from_before_contexts_still_reads():
    data = quiz_to_dict(QUIZ)
    del data["contexts"]
    for question in data["questions"]:
        del question["alternative"]
    assert quiz_from_dict(data) == without_lines(QUIZ)

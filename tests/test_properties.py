"""Properties that hold for any answers: scores stay in range, are repeatable, reward right answers."""

import contextlib
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st
from support import without_lines

from quizlib import parse_quiz, score_quiz
from quizlib.serialize import quiz_from_dict, quiz_to_dict

QUIZ = parse_quiz(
    """
question: single
- [x] a
- [ ] b
- [ ] c
question: multiple
scoring: partial
weight: 2
- [x] a
- [x] b
- [ ] c
question: strict multiple
- [x] a
- [ ] b
- [x] c
question: true or false
type: truefalse
answer: false
question: number
type: numeric
answer: 3.5
tolerance: 10%
question: word
type: text
answer: job | work
question: order
weight: 1.5
1. one
2. two
3. three
4. four
question: why
type: reflection
""".strip(),
    default_id="props",
)
RIGHT = {
    "q1": "a",
    "q2": ["a", "b"],
    "q3": ["a", "c"],
    "q4": "false",
    "q5": "3.5",
    "q6": "Job",
    "q7": ["a", "b", "c", "d"],
}


def answer_for(question) -> st.SearchStrategy:
    ids = [choice.id for choice in question.choices]
    return {
        "single": st.sampled_from(ids),
        "truefalse": st.sampled_from(ids),
        "multiple": st.lists(st.sampled_from(ids), unique=True),
        "numeric": st.one_of(st.floats(allow_nan=True), st.text(max_size=6)),
        "text": st.text(max_size=8),
        "order": st.permutations(ids),
        "reflection": st.text(max_size=20),
    }[question.kind]


answer_sets = st.fixed_dictionaries({}, optional={q.id: st.one_of(st.none(), answer_for(q)) for q in QUIZ.questions})


@settings(max_examples=300, deadline=None)
@given(answer_sets)
def test_score_is_within_zero_and_max_and_repeatable(answers):
    result = score_quiz(QUIZ, answers)
    assert 0 <= result.score <= result.max_score
    assert 0 <= result.percent <= 100
    assert all(0 <= q.points <= q.max_points for q in result.questions)
    assert score_quiz(QUIZ, dict(answers)) == result


@settings(max_examples=300, deadline=None)
@given(answer_sets, st.sampled_from(sorted(RIGHT)))
def test_answering_one_more_question_right_never_lowers_the_score(answers, question_id):
    before = score_quiz(QUIZ, answers).score
    after = score_quiz(QUIZ, {**answers, question_id: RIGHT[question_id]}).score
    assert after >= before


def test_the_right_answers_score_full_marks():
    result = score_quiz(QUIZ, RIGHT)
    assert (result.score, result.max_score) == (8.5, 8.5)


VISIBLE = st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\ufffe\uffff")  # the rest is refused


@given(st.text(VISIBLE, min_size=1, max_size=30).filter(lambda t: t.strip() and "|" not in t))
def test_quizzes_survive_json(text):
    quiz = parse_quiz(f"title: {text}\nquestion: {text}\nhint: {text}\n- [x] {text}\n  feedback: {text}\n- [ ] b")

    assert quiz_from_dict(quiz_to_dict(quiz)) == without_lines(quiz)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=3), inner, max_size=3),
    max_leaves=8,
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from([*RIGHT, "q8", "nope"]), json_values, max_size=4))
def test_any_json_answers_score_or_raise_answer_error_only(answers):
    from quizlib import AnswerError

    with contextlib.suppress(AnswerError):  # anything else fails the test
        score_quiz(QUIZ, answers)


def test_reader_order_is_stable_per_seed_and_keeps_what_is_not_shuffled():
    from quizlib.shuffle import reader_order

    shuffled = replace(QUIZ, shuffle="all")
    first = reader_order(shuffled, "reader-1")
    assert first == reader_order(shuffled, "reader-1")
    assert sorted(first["questions"]) == sorted(q.id for q in QUIZ.questions)
    assert any(reader_order(shuffled, f"reader-{n}") != first for n in range(2, 6))
    assert reader_order(QUIZ, "reader-1")["questions"] == [q.id for q in QUIZ.questions]
    assert "q7" not in first["choices"]  # items to order are always shown shuffled, at build time

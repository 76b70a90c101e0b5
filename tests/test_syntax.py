"""Reading quiz source: the model it gives, and the exact message for each kind of mistake."""

import textwrap

import pytest

from quizlib import Choice, Question, QuizErrors, parse_quiz


def parse(body: str, **options):
    return parse_quiz(textwrap.dedent(body).strip("\n"), path="docs/page.md", fence_line=10, **options)


def errors(body: str) -> list[str]:
    with pytest.raises(QuizErrors) as caught:
        parse(body)
    return [str(error) for error in caught.value.errors]


def test_reads_a_quiz_with_its_settings_choices_and_feedback():
    quiz = parse(
        """
        title: Job or *career*?
        pass: 60%

        question: What is a job?
        - [x] Work for pay now
          feedback: Yes.
        - [ ] A life plan
        explain: See [the answer](index.md).
        """,
        default_id="quiz-2",
    )
    assert quiz.id == "quiz-2"
    assert quiz.title == "Job or *career*?"
    assert quiz.pass_mark == 60.0
    assert quiz.line == 10
    assert quiz.questions == (
        Question(
            id="q1",
            kind="single",
            prompt="What is a job?",
            choices=(Choice("a", "Work for pay now", True, "Yes.", 15), Choice("b", "A life plan", False, "", 17)),
            explain="See [the answer](index.md).",
            weight=1.0,
            line=14,
        ),
    )


def test_several_right_choices_make_a_multiple_choice_question():
    quiz = parse(
        """
        question: Pick two
        - [x] one
        - [X] two
        - [ ] three
        """
    )
    assert quiz.questions[0].kind == "multiple"
    assert [choice.correct for choice in quiz.questions[0].choices] == [True, True, False]


def test_ids_and_weights_can_be_set():
    quiz = parse(
        """
        id: basics
        question: Q
        id: pay-now
        weight: 2.5
        - [x] a
        - [ ] b
        """
    )
    assert (quiz.id, quiz.questions[0].id, quiz.questions[0].weight) == ("basics", "pay-now", 2.5)


def test_every_error_is_reported_with_line_and_column():
    assert errors(
        """
        title: T
        pass: 120%
        colour: blue
        question:
        - [ ] only one
        """
    ) == [
        "docs/page.md:12:7: expected a pass mark from 0% to 100% with at most one decimal, such as '60%' or '66.7%'; "
        "found '120%'",
        "docs/page.md:13:1: expected 'title:', 'id:', 'pass:', 'band:', 'likert:', 'shuffle:', 'context:', "
        "'question:', 'scale:', 'profile:' or 'note:' in the quiz, before its first question; found 'colour:'",
        "docs/page.md:14:1: expected at least two choices ('- [ ] …') for this question; found 1",
        "docs/page.md:14:10: expected the question's text after 'question:'; found nothing",
    ]


def test_no_correct_choice():
    assert errors("question: Q\n- [ ] a\n- [ ] b") == [
        "docs/page.md:11:1: expected a correct choice marked '- [x]'; found none"
    ]


def test_two_correct_choices_in_a_single_choice_question():
    assert errors("question: Q\ntype: single\n- [x] a\n- [x] b") == [
        "docs/page.md:12:1: expected one correct choice for a single-choice question; found 2 "
        "(write 'type: multiple' for a question with several right answers)"
    ]


def test_lines_that_fit_nowhere():
    assert errors(
        """
        - [x] a choice before any question
        question: Q
        - [x] a
        - [] b
        -[ ] c
          nonsense
        - [ ]
        weight: heavy
        type: essay
        explain: one
        explain: two
        """
    ) == [
        "docs/page.md:11:1: expected a choice only under a 'question: …'; found one here",
        "docs/page.md:14:3: expected '[ ]' or '[x]' after '-'; found '[]'",
        "docs/page.md:15:1: expected a setting such as 'question: …' or a choice such as '- [ ] …'; found '-[ ] c'",
        "docs/page.md:16:3: expected 'feedback: …' under a choice; found 'nonsense'",
        "docs/page.md:17:7: expected the choice's text after '- [ ] '; found nothing",
        "docs/page.md:18:9: expected a weight of 0.01 or more with at most two decimals, such as '2' or '0.5'; "
        "found 'heavy'",
        "docs/page.md:19:7: expected 'type:' to be one of single, multiple, truefalse, numeric, text, blanks, match, "
        "order, likert, reflection; found 'essay'",
        "docs/page.md:21:1: expected one 'explain:' in a question; found a second one (the first is on line 20)",
    ]


def test_duplicate_and_malformed_ids():
    assert errors(
        """
        id: Not An Id
        question: A
        - [x] a
        - [ ] b
        question: B
        id: q1
        - [x] a
        - [ ] b
        """
    ) == [
        "docs/page.md:11:5: expected an id of lowercase letters, digits and hyphens, such as 'pay-now'; "
        "found 'Not An Id'",
        "docs/page.md:15:1: expected a question id used once in the quiz; found 'q1' again (first on line 12)",
    ]


def test_an_empty_quiz():
    assert errors("title: Nothing here") == [
        "docs/page.md:10:1: expected at least one 'question: …' in the quiz; found none"
    ]


def test_indented_line_with_no_choice_above():
    assert errors("  feedback: too early\nquestion: Q\n- [x] a\n- [ ] b") == [
        "docs/page.md:11:3: expected an unindented line here (only a choice's 'feedback:' is indented); "
        "found 'feedback: too early'"
    ]


def test_a_misspelled_key_is_named_with_the_nearest_key_allowed_there():
    """Real typos get a suggestion among the keys of that place (quiz settings, question settings, block
    keywords, a choice's feedback); a key near none of them gets none."""
    body = [
        "titel: T",  # codespell:ignore
        "question: How many?",
        "type: numeric",
        "answer: 5",
        "tolerence: 1",  # codespell:ignore
        "explian: Because.",  # codespell:ignore
        "hints: One.",
        "Question: Q",
        "answers: a",
        "- [x] a",
        "  feedbak: yes",
        "- [ ] b",
        "colour: blue",
    ]
    found = []
    for error in errors("\n".join(body)):
        where, _, message = error.partition(": ")
        found.append((where, message.rpartition("; found ")[2]))
    assert found == [
        ("docs/page.md:11:1", "'titel:' (did you mean 'title:'?)"),
        ("docs/page.md:15:1", "'tolerence:' (did you mean 'tolerance:'?)"),
        ("docs/page.md:16:1", "'explian:' (did you mean 'explain:'?)"),
        ("docs/page.md:17:1", "'hints:' (did you mean 'hint:'?)"),
        ("docs/page.md:18:1", "'Question:' (did you mean 'question:'?)"),
        ("docs/page.md:19:1", "'answers:' (did you mean 'answer:'?)"),
        ("docs/page.md:20:1", "2"),  # the choices under a numeric question: no key involved
        ("docs/page.md:21:3", "'feedbak: yes' (did you mean 'feedback:'?)"),
        ("docs/page.md:23:1", "'colour:'"),
    ]


def test_a_misspelled_type_is_named_with_the_nearest_type_and_read_as_it():
    """'type: number' gets 'numeric' suggested, and the question is read as a numeric one, so no made-up error
    follows (it gave three: no choices, 'answer:' in a single question, and the type); a type near none is not
    guessed, and the question is read from its lines."""
    near = errors("question: How many years?\ntype: number\nanswer: 40\ntolerance: 5")
    assert near == [
        "docs/page.md:12:7: expected 'type:' to be one of single, multiple, truefalse, numeric, text, blanks, match, "
        "order, likert, reflection; found 'number' (did you mean 'numeric'?)"
    ]
    far = errors("question: Pick one\ntype: banana\n- [x] a\n- [ ] b")
    assert far == [
        "docs/page.md:12:7: expected 'type:' to be one of single, multiple, truefalse, numeric, text, blanks, match, "
        "order, likert, reflection; found 'banana'"
    ]

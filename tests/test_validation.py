"""What the quiz checker catches beyond single lines: each error's exact message and place."""

import pytest

from quizlib import QuizErrors, parse_quiz


def errors(body: str) -> list[str]:
    with pytest.raises(QuizErrors) as caught:
        parse_quiz(body, path="p.md", fence_line=0)
    return [str(error) for error in caught.value.errors]


Q = "question: Q\n- [x] a\n- [ ] b\n"
SCALES = "scale: a\nscale: b\n"
STATEMENTS = "question: S\ntype: likert\nmeasures: a\nquestion: T\ntype: likert\nmeasures: b\n"


def test_bands_that_overlap_or_leave_gaps():
    assert errors("band: 0-50%: low\nband: 50-100%: high\n" + Q) == [
        "p.md:2:1: expected bands that do not overlap; found 50% inside the band on line 1"
    ]
    assert errors("band: 0-40%: low\nband: 50-100%: high\n" + Q) == [
        "p.md:2:1: expected the next band to start at 41%, leaving no gap; found 50%"
    ]
    assert errors("band: 10-100%: all\n" + Q) == [
        "p.md:1:1: expected the bands to run from 0% to 100%; found 10% to 100%"
    ]
    assert errors("band: high: nothing\n" + Q) == [
        "p.md:1:7: expected a band such as '0-50%: what to tell the reader'; found 'high: nothing'"
    ]


def test_scale_bands_at_two_decimals():
    body = "scale: a\nband: 1.00-2.33: low\nband: 2.35-5.00: high\nquestion: S\ntype: likert\nmeasures: a"
    assert errors(body) == ["p.md:3:1: expected the next band to start at 2.34, leaving no gap; found 2.35"]


def test_impossible_or_malformed_numbers():
    assert errors("question: Q\ntype: numeric\nanswer: 5\ntolerance: -1") == [
        "p.md:4:12: expected a tolerance of zero or more, such as '0.5' or '5%'; found '-1'"
    ]
    assert errors("question: Q\ntype: numeric\nanswer: 5\ntolerance: 150%") == [
        "p.md:4:12: expected a relative tolerance below 100%; found '150%'"
    ]
    assert errors("question: Q\ntype: numeric\nanswer: five") == [
        "p.md:3:9: expected a number such as '12.5'; found 'five'"
    ]
    assert errors("question: Q\ntype: numeric") == ["p.md:1:1: expected 'answer: …' in a numeric question; found none"]


def test_settings_that_do_not_fit_the_question_type():
    assert errors("question: Q\ntolerance: 1\nmeasures: a\n- [x] a\n- [ ] b") == [
        "p.md:2:1: expected 'tolerance:' only in a numeric question; found it in a single question",
        "p.md:3:1: expected 'measures:' only in a likert question; found it in a single question",
    ]
    assert errors("question: Q\ntype: truefalse\nanswer: maybe") == [
        "p.md:3:9: expected 'true' or 'false'; found 'maybe'"
    ]
    assert errors("question: Q\ntype: text\n- [x] a") == [
        "p.md:1:1: expected 'answer: …' in a text question; found none",
        "p.md:3:1: expected no '- [ ]' choices in a text question; found 1",
    ]


def test_statements_naming_unknown_scales_or_partners():
    assert errors("scale: a\nquestion: S\ntype: likert\nmeasures: b\npartner: nobody") == [
        "p.md:1:1: expected at least 1 statement(s) measuring scale 'a' (its minimum); found 0",
        "p.md:2:1: expected a scale defined in this quiz (a); found 'b'",
        "p.md:2:1: expected 'partner:' to name another statement's id; found 'nobody'",
    ]


def test_conditions_that_cannot_be_read_point_at_the_column():
    assert errors(SCALES + STATEMENTS + "profile: p\nwhen: a >= 3 and c < 2") == [
        "p.md:10:18: expected a scale id (a, b) or one of agreement, distinct, contradictions; found 'c'"
    ]
    assert errors(SCALES + STATEMENTS + "profile: p\nwhen: a >=") == [
        "p.md:10:11: expected a name or a number; found the end of the condition"
    ]


def test_unreachable_and_missing_profiles():
    body = SCALES + STATEMENTS + "profile: any\nwhen: always\nprofile: high\nwhen: a >= 4\n"
    assert errors(body) == [
        "p.md:11:1: expected profile 'high' to fit some results; found that profile 'any' (line 9), before it, "
        "takes every result it fits"
    ]
    body = SCALES + STATEMENTS + "profile: high\nwhen: a >= 4\n"
    assert errors(body) == [
        "p.md:9:1: expected the profiles to cover every result; found none for a = 1, b = 1 "
        "(end with a profile whose condition is 'when: always')"
    ]


def test_ids_used_twice():
    assert errors(SCALES + "scale: a\n" + STATEMENTS + "profile: x\nwhen: a > 3\nprofile: x\nwhen: always")[:2] == [
        "p.md:3:1: expected a scale id used once in the quiz; found 'a' again (first on line 1)",
        "p.md:12:1: expected a profile id used once in the quiz; found 'x' again (first on line 10)",
    ]


def test_numbers_out_of_any_sensible_range_are_refused_not_crashed_on():
    big = "9" * 400
    assert errors(f"question: Q\n1. a\n{big}. b") == [
        f"p.md:3:1: expected item number 2, counting from 1; found {big[:9]}"
    ]
    assert errors(f"question: Q\nweight: 1{'0' * 308}\n- [x] a\n- [ ] b") == [
        "p.md:2:9: expected a weight of 0.01 or more with at most two decimals, such as '2' or '0.5'; "
        "found '100000000000000000000000000000000000000…'"
    ]
    assert errors("question: Q\nweight: 0.00001\n- [x] a\n- [ ] b") == [
        "p.md:2:9: expected a weight of 0.01 or more with at most two decimals, such as '2' or '0.5'; found '0.00001'"
    ]
    assert errors(f"question: N\ntype: numeric\nanswer: {big}") == [
        "p.md:3:9: expected a number such as '12.5'; found '999999999999999999999999999999999999999…'"
    ]


def test_scale_settings_that_were_silently_accepted():
    statement = "question: S\ntype: likert\nmeasures: a\n"
    assert errors("scale: a\nminimum: 2.5\n" + statement * 3) == [
        "p.md:2:10: expected a whole number of statements, such as '5'; found '2.5'"
    ]
    assert errors("scale: not\n" + statement.replace("measures: a", "measures: not")) == [
        "p.md:1:8: expected a scale id that is not a word of the conditions (and, or, not, always, min, max, abs, "
        "agreement, distinct, contradictions); found 'not'"
    ]
    assert errors("scale: a\n" + statement + "id: me\npartner: me") == [
        "p.md:2:1: expected 'partner:' to name another statement's id; found 'me'"
    ]


def test_conditions_too_long_or_too_deep_to_read():
    head = SCALES + STATEMENTS + "profile: p\nwhen: "
    long = " and ".join(["a >= 1"] * 60)
    assert errors(head + long) == [
        "p.md:10:557: expected a condition of at most 200 names, numbers and operators; found 239"
    ]
    deep = "(" * 21 + "a" + ")" * 21 + " >= 1"
    assert errors(head + deep) == ["p.md:10:27: expected at most 20 parentheses inside one another; found more"]
    assert errors(head + "always + 1 >= 2") == ["p.md:10:14: expected numbers on both sides of '+'; found a comparison"]


def test_invisible_characters_are_named_with_their_place():
    assert errors("question: Pick\x01 one\n- [x] a\n- [ ] b") == [
        "p.md:1:15: expected text you can see; found the invisible character U+0001 "
        "(delete it and retype the text around it)"
    ]
    assert errors("\u00a0question: Q\n- [x] a\n- [ ] b") == [
        "p.md:1:1: expected text you can see; found the invisible character U+00A0 "
        "(delete it and retype the text around it)"
    ]


def test_many_scales_are_checked_on_every_result_not_a_grid():
    scales = "".join(f"scale: s{n}\n" for n in range(4))
    statements = "".join(f"question: S{n}\ntype: likert\nmeasures: s{n}\n" for n in range(4))
    narrow = "profile: narrow\nwhen: s0 >= 2.2 and s0 < 2.5\ntitle: N\ntext: t\n"  # one statement: whole means
    assert errors(scales + statements + narrow + "profile: high\nwhen: s0 >= 3\ntitle: H\ntext: t\n") == [
        "p.md:17:1: expected profile 'narrow' to fit some results; found that no result meets its condition",
        "p.md:21:1: expected the profiles to cover every result; found none for s0 = 1, s1 = 1, s2 = 1, s3 = 1 "
        "(end with a profile whose condition is 'when: always')",
    ]


def test_contexts_come_in_twos_and_alternatives_need_them():
    expected = "p.md:1:10: expected two contexts separated by '|'; found 3"
    assert errors("context: now | later | never\n" + Q) == [expected]
    assert errors(Q + "alternative: Q later") == [
        "p.md:4:1: expected 'context: … | …' among the quiz settings, naming the context the 'alternative:' "
        "wording is for; found none"
    ]


def test_one_context_is_one_error():
    assert errors("context: only one\n" + Q + "alternative: later") == [
        "p.md:1:10: expected two contexts separated by '|', such as 'The work I do now | The work I am preparing "
        "for'; found 'only one'"
    ]


@pytest.mark.parametrize(
    ("source", "messages"),
    [
        (
            "question: No blank here.\ntype: blanks",
            ["p.md:1:11: expected at least one blank in the question, written '[[answer]]'; found none"],
        ),
        (
            "question: A [[job]] and [[ ]] and [[x\ntype: blanks",
            [
                "p.md:1:25: expected accepted answers inside '[[…]]', separated by '|', such as '[[job | jobs]]'; "
                "found '[[ ]]'",
                "p.md:1:35: expected each blank written '[[answer]]', closed on the same line and with no bracket "
                "inside; found '[[x'",
            ],
        ),
        (
            "context: a | b\nquestion: A [[job]] pays.\ntype: blanks\nalternative: A [[job]] will pay.",
            ["p.md:4:1: expected no 'alternative:' in a blanks question; found one"],
        ),
        (
            "question: Match\ntype: match\n- Job = Pay\n- Career is growth\n- Calling = Pay",
            [
                "p.md:4:3: expected a pair written '- left = right'; found '- Career is growth'",
                "p.md:5:3: expected a different right-hand text in each pair; found 'Pay' again (first on line 3)",
            ],
        ),
        (
            "question: Match\ntype: match\n- Job = Pay",
            ["p.md:1:1: expected at least two pairs ('- left = right') to match; found 1"],
        ),
        (
            "question: Pick\n- [x] a\n- [ ] b\n- c",
            [
                "p.md:4:1: expected a choice such as '- [ ] …' (or a pair '- left = right' in a 'type: match' "
                "question); found '- c'"
            ],
        ),
    ],
)
def test_blanks_and_pairs_written_wrong(source, messages):
    with pytest.raises(QuizErrors) as caught:
        parse_quiz(source, path="p.md")
    assert [str(error) for error in caught.value.errors] == messages


@pytest.mark.parametrize(
    ("source", "messages"),
    [
        (
            "question: *A [[job]] is* work, `[[x]]`.\ntype: blanks",
            [
                "p.md:1:11: expected Markdown such as '*…*' to open and close between two blanks, not around one; "
                "found '*A'",
                "p.md:1:21: expected Markdown such as '*…*' to open and close between two blanks, not around one; "
                "found 'is* work, `'",
                "p.md:1:38: expected Markdown such as '`…`' to open and close between two blanks, not around one; "
                "found '`.'",
            ],
        ),
        (
            "question: M\n- Job = **Pay**\n- Job = Growth",
            [
                "p.md:2:3: expected a right-hand text without Markdown (it is shown as plain text, in a list); "
                "found '*' in '**Pay**'",
                "p.md:3:3: expected a different left-hand text in each pair; found 'Job' again (first on line 2)",
            ],
        ),
        (
            "question: M\n" + "".join(f"- L{n} = R{n}\n" for n in range(21)),
            ["p.md:1:1: expected at most 20 pairs to match; found 21"],
        ),
        (
            "question: " + "[[a]] " * 21 + "\ntype: blanks",
            ["p.md:1:11: expected at most 20 blanks in a question; found 21"],
        ),
    ],
)
def test_blanks_and_pairs_that_would_show_broken(source, messages):
    with pytest.raises(QuizErrors) as caught:
        parse_quiz(source, path="p.md")
    assert [str(error) for error in caught.value.errors] == messages


def test_an_escaped_blank_is_shown_as_written():
    quiz = parse_quiz("question: \\[[x]] marks a blank, as in [[this]].\ntype: blanks")
    assert [blank.accepted for blank in quiz.questions[0].choices] == [("this",)]


def test_pairs_without_a_type_make_a_matching_question():
    assert parse_quiz("question: Match\n- Job = Pay\n- Career = Growth").questions[0].kind == "match"


def test_notes_need_scales_as_profiles_do():
    assert errors("note: n\nwhen: agreement >= 0\ntext: Hm.\nquestion: A?\ntype: truefalse\nanswer: true") == [
        "p.md:1:1: expected 'scale:' blocks for the notes to use; found none"
    ]

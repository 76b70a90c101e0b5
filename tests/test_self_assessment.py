"""The work-orientation model (shared/research/self-assessment.md), as written in docs/self-assessment.md.

The persona table is the model read as a career adviser would: each row is a person, their answers to the
18 statements, and the profile and notes an adviser would expect them to be shown.
"""

import json
import re
from fractions import Fraction
from pathlib import Path

import pytest

from quizlib import score_quiz
from quizlib.bridge import check
from quizlib.document import read_document
from quizlib.profiles import band_of
from quizlib.serialize import dumps, quiz_to_dict

PAGE = Path(__file__).resolve().parent.parent / "docs" / "self-assessment.md"
QUIZ = read_document(PAGE.read_text().splitlines(), str(PAGE))[0][0].quiz
STATEMENTS = [q for q in QUIZ.questions if q.kind == "likert"]
SCALES = ("job", "career", "calling")


def answers(job: int, career: int, calling: int, skip: tuple[str, ...] = ()) -> dict[str, int]:
    """Answers that give each scale the wanted mean (reverse-keyed statements answered the other way)."""
    wanted = {"job": job, "career": career, "calling": calling}
    return {q.id: 6 - wanted[q.scale] if q.reverse else wanted[q.scale] for q in STATEMENTS if q.id not in skip}


def raw(pattern: str) -> dict[str, int]:
    """Answers written as the page orders its statements: six rounds of job, career, calling; '.' skips one."""
    digits = pattern.replace(" ", "")
    assert len(digits) == len(STATEMENTS)
    return {q.id: int(d) for q, d in zip(STATEMENTS, digits, strict=True) if d != "."}


def as_the_browser_scores(given: dict[str, int]) -> dict:
    document = json.dumps({"format": 2, "quiz": QUIZ.id, "answers": given})
    return json.loads(check(dumps(quiz_to_dict(QUIZ)), document))


def test_eighteen_statements_six_per_scale_one_reversed_each():
    assert len(STATEMENTS) == 18
    for scale in SCALES:
        mine = [q for q in STATEMENTS if q.scale == scale]
        assert (len(mine), sum(q.reverse for q in mine)) == (6, 1)
    assert [q.scale for q in STATEMENTS] == list(SCALES) * 6  # interleaved, as raw() reads them
    assert [q.reverse for q in STATEMENTS[15:]] == [True] * 3


# Answers in page order, grouped in rounds of (job, career, calling); the last round is the reverse-keyed one.
# Round 3's calling statement ("…is an important part of who I am") and round 5's job statement ("…is not an
# important part…") are partners.
PERSONAS = [
    ("answers every statement neutrally", "333 333 333 333 333 333", "no-clear-pull", ["same-answer"]),
    ("agrees with everything", "555 555 555 555 555 555", "all-round", ["same-answer", "agree-all", "contradiction"]),
    (
        "disagrees with everything",
        "111 111 111 111 111 111",
        "low-attachment",
        ["same-answer", "disagree-all", "contradiction"],
    ),
    ("works a shop job for the income; life happens outside work", "522 422 432 541 421 242", "mainly-job", []),
    ("ambitious analyst aiming for promotion", "353 353 244 251 254 512", "mainly-career", []),
    ("charity worker who cares about the people served", "225 135 215 144 124 541", "mainly-calling", []),
    ("retail worker climbing mainly for better pay", "552 543 542 442 442 324", "job-career", []),
    ("care worker who needs the pay and values helping", "524 325 414 433 223 342", "job-calling", []),
    ("junior doctor who wants to rise and to help", "255 145 245 253 144 521", "career-calling", []),
    ("wants pay, progress and meaning in equal measure", "444 444 444 444 244 222", "all-round", []),
    ("student training to teach (second context)", "335 245 224 244 235 531", "mainly-calling", []),
    ("between jobs, needs income, unsure what next", "422 333 323 332 322 334", "no-clear-pull", []),
    ("between jobs and worn out", "222 222 212 221 322 444", "low-attachment", []),
    (
        "job 4.0, career 3.67, calling 3.33: a clear high score, a slight lean",
        "443 443 443 444 433 232",
        "leaning-job",
        [],
    ),
    ("job 2.33, career 3, calling 3: nothing above neutral", "233 233 233 233 233 433", "no-clear-pull", []),
    (
        "says work is both an important part and not an important part of who they are",
        "522 422 435 541 421 242",
        "mainly-job",
        ["contradiction"],
    ),
    ("skips one statement of each scale", "52. 4.2 432 541 421 .42", "mainly-job", []),
    ("retiree back part-time for company and routine", "113 113 212 223 312 553", "no-clear-pull", []),
    ("unpaid carer who plans to return to care work (second context)", "115 114 114 125 114 155", "mainly-calling", []),
    ("burnt-out nurse who once cared a lot", "424 425 524 531 222 444", "mainly-job", []),
    ("self-employed plumber growing his business", "454 343 344 351 244 421", "mainly-career", []),
    ("the same plumber, skipping the statement about a next role", "454 3.3 344 351 244 421", "mainly-career", []),
    ("works for pay only and firmly rejects the other two views", "511 311 411 311 311 455", "no-clear-pull", []),
    ("mostly neutral, with six strong disagreements", "111 333 333 111 333 333", "low-attachment", []),
    ("call-centre worker who wants a new field, not a step up", "432 322 432 441 432 445", "mainly-job", []),
    ("app rider who works only for pay and wants more hours", "522 522 421 521 521 233", "mainly-job", []),
    (
        "pay and progress level, just above neutral, meaning close behind",
        "444 444 333 443 333 ...",
        "leaning-job-career",
        [],
    ),
]


@pytest.mark.parametrize(("who", "pattern", "profile", "notes"), PERSONAS, ids=[p[0] for p in PERSONAS])
def test_each_persona_gets_the_profile_and_notes_an_adviser_would_expect(who, pattern, profile, notes):
    result = as_the_browser_scores(raw(pattern))
    means = {scale["id"]: scale["mean"] for scale in result["scales"]}
    assert (result["profile"], result["notes"]) == (profile, notes), f"{who}: means {means}"


def test_the_persona_table_covers_every_kind_of_reader():
    profiles = {p[2] for p in PERSONAS}
    assert len(PERSONAS) >= 12
    assert {"no-clear-pull", "low-attachment", "all-round", "leaning-job"} <= profiles
    assert {f"mainly-{scale}" for scale in SCALES} <= profiles
    assert {"job-career", "job-calling", "career-calling"} <= profiles


@pytest.mark.parametrize(
    ("means", "profile"),
    [
        ((2, 2, 2), "low-attachment"),
        ((3, 3, 3), "no-clear-pull"),
        ((3, 2, 2), "no-clear-pull"),
        ((5, 2, 2), "mainly-job"),
        ((2, 5, 2), "mainly-career"),
        ((2, 2, 5), "mainly-calling"),
        ((4, 4, 2), "job-career"),
        ((4, 2, 4), "job-calling"),
        ((2, 4, 4), "career-calling"),
        ((4, 4, 4), "all-round"),
        ((4, 3, 2), "mainly-job"),
    ],
)
def test_profiles_follow_the_model(means, profile):
    assert score_quiz(QUIZ, answers(*means)).profile == profile


def test_neutral_is_not_agreement_and_a_clear_high_score_is_named():
    """Every reachable set of means: a profile that names a pull only for a scale clearly above neutral, and
    the band named beside each score never contradicts the profile's text: a pull is high; low attachment ("all
    three of your scores are below the middle") has all three low; no clear pull ("none … clearly above the
    middle") has none high."""
    pulls_of = {"all-round": SCALES, "no-clear-pull": (), "low-attachment": ()}
    named = ("low", "middle", "high")  # the bands in written order: the words checked after the loop
    grid = sorted({Fraction(n, d) for d in (5, 6) for n in range(d, 5 * d + 1)})
    for job in grid:
        for career in grid:
            for calling in grid:
                means = {"job": job, "career": career, "calling": calling}
                profile = _profile_for(means)
                pulls = pulls_of.get(profile, [scale for scale in SCALES if scale in profile.split("-")])
                band = {scale.id: named[band_of(scale.bands, means[scale.id]) or 0] for scale in QUIZ.scales}
                assert all(band[scale] == "high" for scale in pulls), (means, profile, band)
                if profile == "low-attachment":
                    assert set(band.values()) == {"low"}, (means, band)
                if profile == "no-clear-pull":
                    assert "high" not in band.values() and "middle" in band.values(), (means, band)
                top = max(means.values())
                if top >= Fraction(7, 2):
                    assert pulls and all(means[scale] >= Fraction(7, 2) for scale in pulls), (means, profile)
                    assert any(means[scale] == top for scale in pulls), (means, profile)
                else:
                    assert profile == ("low-attachment" if top <= Fraction(5, 2) else "no-clear-pull"), means
    assert "mixed" not in {rule.id for rule in QUIZ.profiles}
    assert all(tuple(band.text for band in scale.bands) == named for scale in QUIZ.scales)


def test_the_summary_names_each_score_s_band_with_a_range_that_holds_it():
    """Each persona's summary, as the reader sees it: the score lies in the range written beside it, and the
    ranges of the three bands never share a number."""
    ranges: dict[str, tuple[int, int]] = {}
    for who, pattern, *_ in PERSONAS:
        summary = as_the_browser_scores(raw(pattern))["summary"]
        found = re.findall(r"\): (\d+) out of 100 \((low|middle|high): (\d+) to (\d+)\)\.", summary)
        assert len(found) == 3, (who, summary)
        for score, band, low, high in found:
            assert int(low) <= int(score) <= int(high), (who, summary)
            assert ranges.setdefault(band, (int(low), int(high))) == (int(low), int(high))
    assert ranges == {"low": (0, 37), "middle": (40, 60), "high": (62, 100)}
    assert as_the_browser_scores(raw("333 333 333 333 333 333"))["summary"] == (
        "Job (pay): 50 out of 100 (middle: 40 to 60). Career (moving up): 50 out of 100 (middle: 40 to 60). "
        "Calling (meaning): 50 out of 100 (middle: 40 to 60)."
    )


def _profile_for(means: dict[str, Fraction]) -> str:
    from quizlib.profiles import profile_for

    rule = profile_for(QUIZ, means, {})
    assert rule is not None
    return rule.id


def test_partners_are_true_opposites():
    """The contradiction note fires only where answering both statements the same way cannot be honest."""
    by_id = {q.id: q for q in STATEMENTS}
    pairs = [(q, by_id[q.partner]) for q in STATEMENTS if q.partner]
    assert pairs
    for first, second in pairs:
        for a, b in ((first.prompt, second.prompt), (first.alternative, second.alternative)):
            assert re.sub(r"\bis not\b", "is", b) == a or re.sub(r"\bis not\b", "is", a) == b, (a, b)


def test_no_statement_assumes_extra_hours_or_us_words():
    for q in STATEMENTS:
        for text in filter(None, (q.prompt, q.alternative)):
            assert not re.search(r"paycheck|work extra|overtime|apart from", text, re.I), text


def test_scores_bands_and_the_0_to_100_scale():
    result = score_quiz(QUIZ, answers(5, 3, 1))
    assert [(s.id, s.mean, s.score, QUIZ.scales[i].bands[s.band].text) for i, s in enumerate(result.scales)] == [
        ("job", 5.0, 100.0, "high"),
        ("career", 3.0, 50.0, "middle"),
        ("calling", 1.0, 0.0, "low"),
    ]


def test_five_of_six_answers_are_enough_and_four_are_not():
    job_ids = [q.id for q in STATEMENTS if q.scale == "job"]
    five = score_quiz(QUIZ, answers(4, 2, 2, skip=tuple(job_ids[:1])))
    assert (five.scales[0].answered, five.profile) == (5, "mainly-job")
    four = as_the_browser_scores(answers(4, 2, 2, skip=tuple(job_ids[:2])))
    assert four["profile"] is None
    assert four["summary"].startswith("Job (pay): answer 1 more to see this score.")


def test_response_quality_notes():
    same = {q.id: 3 for q in STATEMENTS}
    assert score_quiz(QUIZ, same).notes == ("same-answer",)
    agree = {q.id: 5 for q in STATEMENTS}
    assert score_quiz(QUIZ, agree).notes == ("same-answer", "agree-all", "contradiction")
    assert score_quiz(QUIZ, answers(2, 4, 4)).notes == ()


def test_results_that_burnout_or_unpaid_work_can_give_say_so():
    texts = {rule.id: rule.text for rule in QUIZ.profiles}
    for profile in ("mainly-job", "leaning-job"):
        assert "worn out" in texts[profile], profile  # tiredness reads as a job view: say it can
    for anchor in ("i-want-to-change-fields", "i-work-for-myself"):  # a new field, an app, working for yourself
        assert f"next-steps.md#{anchor}" in texts["mainly-job"]
    for profile in ("mainly-calling", "leaning-calling"):
        assert "paid, or supported, fairly" in texts[profile], profile  # carers and volunteers get these too
    assert "company, routine" in texts["no-clear-pull"]


def test_every_profile_points_to_a_next_step_page():
    for rule in QUIZ.profiles:
        assert "(next-steps.md#" in rule.text, f"{rule.id}: its next steps should link to a situation"

"""The work-orientation model (shared/research/self-assessment.md), as written in docs/self-assessment.md."""

import json
from pathlib import Path

import pytest

from quizlib import score_quiz
from quizlib.bridge import check
from quizlib.document import read_document
from quizlib.serialize import dumps, quiz_to_dict

PAGE = Path(__file__).resolve().parent.parent / "docs" / "self-assessment.md"
QUIZ = read_document(PAGE.read_text().splitlines(), str(PAGE))[0][0].quiz
STATEMENTS = [q for q in QUIZ.questions if q.kind == "likert"]


def answers(job: int, career: int, calling: int, skip: tuple[str, ...] = ()) -> dict[str, int]:
    """Answers that give each scale the wanted mean (reverse-keyed statements answered the other way)."""
    wanted = {"job": job, "career": career, "calling": calling}
    return {q.id: 6 - wanted[q.scale] if q.reverse else wanted[q.scale] for q in STATEMENTS if q.id not in skip}


def test_eighteen_statements_six_per_scale_one_reversed_each():
    assert len(STATEMENTS) == 18
    for scale in ("job", "career", "calling"):
        mine = [q for q in STATEMENTS if q.scale == scale]
        assert (len(mine), sum(q.reverse for q in mine)) == (6, 1)
    assert [q.scale for q in STATEMENTS[:6]] == ["job", "career", "calling"] * 2  # interleaved


@pytest.mark.parametrize(
    ("means", "profile"),
    [
        ((2, 2, 2), "low-attachment"),
        ((5, 2, 2), "mainly-job"),
        ((2, 5, 2), "mainly-career"),
        ((2, 2, 5), "mainly-calling"),
        ((4, 4, 2), "job-career"),
        ((4, 2, 4), "job-calling"),
        ((2, 4, 4), "career-calling"),
        ((4, 4, 4), "all-round"),
        ((3, 3, 3), "all-round"),
        ((4, 3, 2), "mainly-job"),
    ],
)
def test_profiles_follow_the_model(means, profile):
    assert score_quiz(QUIZ, answers(*means)).profile == profile


def test_scores_bands_and_the_0_to_100_scale():
    result = score_quiz(QUIZ, answers(5, 3, 1))
    assert [(s.id, s.mean, s.score, QUIZ.scales[i].bands[s.band].text) for i, s in enumerate(result.scales)] == [
        ("job", 5.0, 100.0, "high"),
        ("career", 3.0, 50.0, "moderate"),
        ("calling", 1.0, 0.0, "low"),
    ]


def test_five_of_six_answers_are_enough_and_four_are_not():
    job_ids = [q.id for q in STATEMENTS if q.scale == "job"]
    five = score_quiz(QUIZ, answers(4, 2, 2, skip=tuple(job_ids[:1])))
    assert (five.scales[0].answered, five.profile) == (5, "mainly-job")
    document = json.dumps({"format": 2, "quiz": QUIZ.id, "answers": answers(4, 2, 2, skip=tuple(job_ids[:2]))})
    four = json.loads(check(dumps(quiz_to_dict(QUIZ)), document))
    assert four["profile"] is None
    assert four["summary"].startswith("Job: answer 1 more to see this score.")


def test_response_quality_notes():
    same = {q.id: 3 for q in STATEMENTS}
    assert score_quiz(QUIZ, same).notes == ("same-answer",)
    agree = {q.id: 5 for q in STATEMENTS}
    assert score_quiz(QUIZ, agree).notes == ("same-answer", "agree-all", "contradiction")
    assert score_quiz(QUIZ, answers(2, 4, 4)).notes == ()

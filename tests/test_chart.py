"""The self-assessment chart names its bands with their ranges, and the summary says in words where each score falls."""

import json
import xml.etree.ElementTree as ElementTree
from fractions import Fraction

import pytest

from quizlib import parse_quiz
from quizlib.bridge import check
from quizlib.profiles import band_of, band_range, score_of
from quizlib.serialize import dumps, quiz_to_dict

SVG = "{http://www.w3.org/2000/svg}"
THREE_BANDS = "band: 1.00-2.33: low\nband: 2.34-3.66: moderate\nband: 3.67-5.00: high\n"


def quiz_source(*scales: tuple[str, str], likert: str = "") -> str:
    parts = [f"id: feel\n{likert}"]
    for name, bands in scales:
        parts.append(f"scale: {name.lower()}\nname: {name}\n{bands}")
    for name, _ in scales:
        for number in range(2):
            parts.append(f"question: {name} statement {number}.\ntype: likert\nmeasures: {name.lower()}")
    return "\n\n".join(parts)


def checked(source: str, answers: dict[str, int], language: str = "en") -> dict:
    quiz = parse_quiz(source)
    document = {"format": 2, "quiz": quiz.id, "answers": answers}
    return json.loads(check(dumps(quiz_to_dict(quiz)), json.dumps(document), language))


def legend(chart: str) -> list[str]:
    """Each band's name and range as the chart writes them, left to right."""
    svg = ElementTree.fromstring(chart)
    return [" ".join(" ".join(text.itertext()).split()) for text in svg.iter(f"{SVG}text")
            if text.get("class") == "qz-chart-band-name"]  # fmt: skip


def test_the_summary_says_the_band_and_its_range_in_words():
    result = checked(quiz_source(("Pay", THREE_BANDS)), {"q1": 2, "q2": 3})
    assert result["summary"] == "Pay: 37 out of 100 (moderate: 37 to 62)."
    french = checked(quiz_source(("Pay", THREE_BANDS)), {"q1": 2, "q2": 3}, "fr")
    assert french["summary"] == "Pay : 37 sur 100 (moderate : 37 à 62)."


def test_a_scale_without_bands_says_its_score_alone():
    result = checked(quiz_source(("Pay", "")), {"q1": 5, "q2": 4})
    assert result["summary"] == "Pay: 87 out of 100."
    svg = ElementTree.fromstring(result["chart"])
    ticks = [text.text for text in svg.iter(f"{SVG}text") if text.get("class") == "qz-chart-tick"]
    assert ticks == ["0", "50", "100"]  # read against the axis, since it has no bands to name


def test_the_legend_names_each_band_with_its_range_under_its_own_stretch():
    result = checked(quiz_source(("Pay", THREE_BANDS), ("Growth", THREE_BANDS)), {"q1": 1, "q2": 2})
    # Two statements, one enough: the means 1 to 5 in halves. Scores no one can get (26 to 36, 63 to 74) are left out.
    assert legend(result["chart"]) == ["low 0 to 25", "moderate 37 to 62", "high 75 to 100"]  # once: shared bands
    svg = ElementTree.fromstring(result["chart"])
    bands = [rect for rect in svg.iter(f"{SVG}rect") if "qz-chart-band" in rect.get("class", "")][:3]
    names = [text for text in svg.iter(f"{SVG}text") if text.get("class") == "qz-chart-band-name"]
    for rect, name in zip(bands, names, strict=True):
        assert float(rect.get("x")) < float(name.get("x")) < float(rect.get("x")) + float(rect.get("width"))
    # Bands meet without a gap, and a line marks each place they meet: never told apart by shade alone.
    assert [float(rect.get("x")) + float(rect.get("width")) for rect in bands[:2]] == pytest.approx(
        [float(rect.get("x")) for rect in bands[1:]], abs=0.11
    )
    edges = [line for line in svg.iter(f"{SVG}line") if line.get("class") == "qz-chart-edge"]
    assert len(edges) == 2 * 2  # two meeting places on each of the two bars


def test_scales_with_different_bands_each_get_their_legend():
    two = "band: 1-2.99: rarely\nband: 3-5: often\n"
    result = checked(quiz_source(("Pay", THREE_BANDS), ("Growth", two)), {"q1": 1})
    assert legend(result["chart"]) == [
        *("low 0 to 25", "moderate 37 to 62", "high 75 to 100"),
        *("rarely 0 to 37", "often 50 to 100"),
    ]


def test_bands_too_narrow_for_their_words_are_listed_one_a_line():
    narrow = "band: 1-1.19: hardly ever at all\nband: 1.2-5: the rest\n"
    chart = checked(quiz_source(("Pay", narrow)), {"q1": 1})["chart"]
    assert legend(chart) == ["hardly ever at all: 0", "the rest: 12 to 100"]  # only a mean of 1 is below 1.2
    svg = ElementTree.fromstring(chart)
    names = [text for text in svg.iter(f"{SVG}text") if text.get("class") == "qz-chart-band-name"]
    assert len({text.get("y") for text in names}) == 2  # one under the other, not overlapping


def test_band_words_are_escaped_in_the_chart():
    chart = checked(quiz_source(("Pay", "band: 1-2.99: <b>low</b> & co\nband: 3-5: high\n")), {"q1": 1})["chart"]
    assert "<b>" not in chart and "&lt;b&gt;low&lt;/b&gt; &amp; co" in chart
    assert legend(chart)[0] == "<b>low</b> & co 0 to 37"


@pytest.mark.parametrize("labels", [3, 4, 5, 7])
@pytest.mark.parametrize(("statements", "minimum"), [(1, 1), (2, 2), (6, 5), (12, 1)])
def test_a_band_s_range_is_the_lowest_to_the_highest_score_a_reader_can_get_in_it(
    labels: int, statements: int, minimum: int
):
    """Every mean reachable with ``minimum`` to ``statements`` answers, on scales of 3 to 7 answers, and bands
    meeting anywhere: each shown score lies in the shown range of its band, and each end of a range is a score
    some reader gets in that band."""
    bands_source = f"band: 1-1.49: a\nband: 1.5-2.33: b\nband: 2.34-2.99: c\nband: 3-{labels}: d\n"
    likert = "likert: " + " | ".join(f"L{number}" for number in range(labels)) + "\n"
    asked = "".join(f"\n\nquestion: Statement {n}.\ntype: likert\nmeasures: pay" for n in range(statements))
    quiz = parse_quiz(f"id: feel\n{likert}\nscale: pay\nname: Pay\nminimum: {minimum}\n{bands_source}{asked}")
    scale = quiz.scales[0]
    assert (quiz.points, sum(q.scale == "pay" for q in quiz.questions)) == (labels, statements)
    got: dict[int, set[int]] = {}
    for count in range(minimum, statements + 1):
        for total in range(count, count * labels + 1):
            mean = Fraction(total, count)
            band = band_of(scale.bands, mean)
            assert band is not None
            got.setdefault(band, set()).add(int(score_of(mean, labels)))  # cut to a whole number
    for band in range(len(scale.bands)):
        ends = band_range(quiz, scale, band)
        assert ends == ((min(got[band]), max(got[band])) if band in got else None), (band, ends)

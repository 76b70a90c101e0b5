"""Every number a reader sees follows the specification's display rule ("Rounding, and what readers see" in
docs/contribute/scoring.md): cut, never rounded up, trailing zeros dropped, and a decimal comma in French.

The answers are chosen so that rounding would show something else: 2/3 of a point is 0.66 (rounded: 0.67),
9.375% is 9.3% (rounded: 9.4%), half a point is 0.5 (not 0.50). Each place a number reaches the reader is
checked: the questions' labels, the summary, the live region, the progress line, My results, and the same
result opened from a share link.
"""

import functools
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from support import READY, ROOT, SiteHandler, SiteServer, mkdocs_build

pytestmark = pytest.mark.browser

# q4 (partial, 5 choices, 3 right): a, b, c right and e wrong = 0.5. q7 (partial): a alone = 1/3.
# q12 (partial): a and b = 2/3. Total 1.5 of 16 = 9.375%.
PICKS = {"q4": ["a", "b", "c", "e"], "q7": ["a"], "q12": ["a", "b"]}


@dataclass(frozen=True)
class Shown:
    """What the reader is shown, in one language."""

    labels: dict[str, str]
    summary: str
    progress: str


ENGLISH = Shown(
    labels={
        "q1": "Not answered. Points: 0 of 1.",
        "q4": "Partly correct. Points: 0.5 of 1.",
        "q7": "Partly correct. Points: 0.33 of 1.",
        "q12": "Partly correct. Points: 0.66 of 1.",
    },
    summary="You scored 1.5 out of 16 (9.3%). The pass mark is 75%: read the notes under the questions you missed, "
    "and try them again another day.",
    progress="3 of 16 answered",
)
FRENCH = Shown(
    labels={
        "q1": "Sans réponse. Points : 0 sur 1.",
        "q4": "En partie juste. Points : 0,5 sur 1.",
        "q7": "En partie juste. Points : 0,33 sur 1.",
        "q12": "En partie juste. Points : 0,66 sur 1.",
    },
    summary="Votre score : 1,5 sur 16 (9,3 %). Le seuil est de 75 % : lisez les explications sous les questions "
    "manquées, et réessayez-les un autre jour.",
    progress="3 sur 16 avec réponse",
)


@pytest.fixture(scope="module")
def french_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The site built in French (tests/fixtures/french-site), served on its own port."""
    folder = tmp_path_factory.mktemp("french-site")
    server = SiteServer(("127.0.0.1", 0), functools.partial(SiteHandler, directory=folder))
    address = f"http://127.0.0.1:{server.server_address[1]}/"
    config = ROOT / "tests" / "fixtures" / "french-site" / "mkdocs.yml"
    done = mkdocs_build(Path(folder), "--strict", config=config, SITE_URL=address)
    assert done.returncode == 0, done.stderr
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield address
    server.shutdown()
    server.server_close()


def answer_and_check(page: Page, url: str) -> None:
    page.goto(url + "quiz/")
    for question, picks in PICKS.items():
        for pick in picks:
            page.locator(f"#qz-quick-quiz-{question} input[value='{pick}']").check()
    page.locator("#qz-quick-quiz .qz-check").click()


def expect_numbers_as_written(page: Page, shown: Shown) -> None:
    quiz = page.locator("#qz-quick-quiz")
    expect(quiz.locator(".qz-result")).to_have_text(shown.summary, timeout=READY)
    for question, label in shown.labels.items():
        expect(quiz.locator(f"#qz-quick-quiz-{question} .qz-outcome")).to_have_text(label)
    live = quiz.locator(".qz-results")  # the live region screen readers hear after a check
    expect(live).to_have_attribute("role", "status")
    expect(live).to_contain_text(shown.summary)
    expect(quiz.locator(".qz-progress")).to_have_text(shown.progress)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_numbers_are_cut_and_written_as_people_write_them_everywhere(
    browser: Browser, site_url: str, language: str, request: pytest.FixtureRequest
):
    url = request.getfixturevalue("french_url") if language == "fr" else site_url
    shown = FRENCH if language == "fr" else ENGLISH
    context = browser.new_context()
    try:
        page = context.new_page()
        answer_and_check(page, url)
        expect_numbers_as_written(page, shown)

        # The same result, opened from a share link in a fresh browser.
        page.locator("#qz-quick-quiz .qz-share").click()
        link = page.locator("#qz-quick-quiz .qz-share-link").input_value()
        other = browser.new_context()
        try:
            opened = other.new_page()
            opened.goto(link)
            expect_numbers_as_written(opened, shown)
        finally:
            other.close()

        # My results shows the saved result as it was shown.
        page.goto(url + "my-results/")
        row = page.locator(".qz-my-results-table tbody tr").filter(has=page.locator("a[href$='/quiz/']"))
        expect(row.locator("td").nth(1)).to_have_text(shown.summary)
    finally:
        context.close()


def test_a_self_assessment_writes_whole_scores_and_band_ranges_in_the_summary_and_the_chart(page: Page, site_url: str):
    page.goto(site_url + "self-assessment/")
    quiz = page.locator("#qz-work-orientation")
    for statement in quiz.locator(".qz-kind-likert").all():
        statement.locator("input").nth(1).check()  # "Disagree": means of 2 or 4 once reverse keyed, never whole
    quiz.locator(".qz-check").click()
    summary = quiz.locator(".qz-result")
    expect(summary).to_contain_text("out of 100", timeout=READY)
    text = summary.text_content()
    scores = re.findall(r": (\S+) out of 100 \(\w+: (\S+) to (\S+)\)\.", text)
    assert len(scores) == 3, text
    values = quiz.locator(".qz-chart-value").all_text_contents()
    assert values == [score for score, _, _ in scores]  # the chart writes what the summary says
    for number in [part for found in scores for part in found] + values:
        assert re.fullmatch(r"\d+", number), number  # scores out of 100 are whole numbers (cut)

"""The browser suite's core against both builds, MkDocs's (`make build`) and Zensical's (`make build-zensical`):
every quiz on the site scores as quizlib does in CPython, a share link opened on the same page is applied, no
script is blocked by the policy, and no request leaves the site."""

import base64
import json
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from support import READY, scored

pytestmark = pytest.mark.browser
WATCH = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


@pytest.fixture(params=["mkdocs", "zensical"])
def build(request: pytest.FixtureRequest) -> tuple[str, Path]:
    """(address, folder) of one build of the site, served."""
    if request.param == "mkdocs":
        return request.getfixturevalue("site_url"), request.getfixturevalue("built_site")
    return request.getfixturevalue("zensical_url"), request.getfixturevalue("zensical_site")


def _pages(site: Path) -> list[str]:
    return sorted(
        "" if path.parent == site else path.parent.relative_to(site).as_posix() + "/"
        for path in site.rglob("index.html")
        if 'class="qz-quiz"' in path.read_text()
    )


def test_every_quiz_scores_as_quizlib_does(page: Page, build: tuple[str, Path]):
    url, site = build
    page.add_init_script(WATCH)
    foreign: list[str] = []
    page.on("request", lambda request: None if request.url.startswith(url) else foreign.append(request.url))
    taken = 0
    for path in _pages(site):
        page.goto(url + path)
        for quiz in page.locator(".qz-quiz").all():
            data = json.loads(quiz.get_attribute("data-qz"))["quiz"]
            answers: dict[str, object] = {}
            for question in data["questions"]:
                field = quiz.locator(f'[id="qz-{data["id"]}-{question["id"]}"]')
                choice = field.locator("input[type=radio], input[type=checkbox]").first
                typed = field.locator("input:not([type=radio]):not([type=checkbox])").first
                if choice.count():
                    choice.check()
                    value = choice.get_attribute("value")
                    listed = choice.get_attribute("type") == "checkbox"
                    likert = question["kind"] == "likert"
                    answers[question["id"]] = [value] if listed else int(value) if likert else value
                elif question["kind"] in ("numeric", "text") and typed.count():
                    typed.fill("1")
                    answers[question["id"]] = "1"
                # Blanks, matching and ordering questions stay unanswered: other tests answer them.
            quiz.locator(".qz-check").click()
            expected = scored(page, answers, data["id"])
            expect(quiz.locator(".qz-result")).to_have_text(expected["summary"], timeout=READY)
            taken += 1
        assert page.evaluate("window.cspViolations") == [], path
    assert taken >= 5
    assert foreign == []


def test_a_share_link_opened_on_the_same_page_is_applied(page: Page, build: tuple[str, Path]):
    url, _ = build
    page.goto(url + "quiz/")
    packed = base64.urlsafe_b64encode(json.dumps({"q1": "a"}).encode()).decode().rstrip("=")
    page.goto(f"{url}quiz/#share=quick-quiz.{packed}")  # the same page: only its hash changes
    expect(page.locator("#qz-quick-quiz .qz-result")).to_have_text(scored(page, {"q1": "a"})["summary"], timeout=READY)
    expect(page.locator("#qz-quick-quiz-q1 input[value='a']")).to_be_checked()
    expect(page.locator("#qz-quick-quiz .qz-restore-note")).to_contain_text("These answers come from a link.")
    assert "#share=" not in page.url, "a reload must not apply the link again"


def test_a_share_link_on_the_same_page_shows_its_answers_alone(page: Page, build: tuple[str, Path]):
    """Opened over the reader's own answers, the link's answers are shown alone (as a page opened at the link
    shows them), and the reader's saved answers are still theirs afterwards; a link that cannot be read leaves an
    empty quiz, as it says."""
    url, _ = build
    page.goto(url + "quiz/")
    page.locator("#qz-quick-quiz-q1 input[value='b']").check()
    page.locator("#qz-quick-quiz-q2 input[value='a']").check()
    expect(page.locator("#qz-quick-quiz .qz-progress")).to_contain_text("2 of")
    saved = page.evaluate("JSON.stringify(Object.entries(localStorage).filter(([k]) => k.includes(':v3:')))")
    packed = base64.urlsafe_b64encode(json.dumps({"q1": "c"}).encode()).decode().rstrip("=")
    page.goto(f"{url}quiz/#share=quick-quiz.{packed}")
    expect(page.locator("#qz-quick-quiz .qz-result")).to_have_text(scored(page, {"q1": "c"})["summary"], timeout=READY)
    expect(page.locator("#qz-quick-quiz-q1 input[value='c']")).to_be_checked()
    expect(page.locator("#qz-quick-quiz-q2 input:checked")).to_have_count(0)
    assert page.evaluate("JSON.stringify(Object.entries(localStorage).filter(([k]) => k.includes(':v3:')))") == saved
    unreadable = base64.urlsafe_b64encode(b"not json").decode().rstrip("=")
    page.goto(f"{url}quiz/#share=quick-quiz.{unreadable}")
    expect(page.locator("#qz-quick-quiz .qz-restore-note")).to_contain_text("could not be read")
    expect(page.locator("#qz-quick-quiz input:checked")).to_have_count(0)

"""Progress kept in the browser: it survives a reload, can be cleared, and broken storage breaks nothing."""

import base64
import json
import re

import pytest
from playwright.sync_api import Page, expect
from support import READY, scored

pytestmark = pytest.mark.browser
KEY = "job-vs-career:progress:v3:/"  # named by the format and scoped to the site's path


def expected_summary(page: Page, answers: dict) -> str:
    return scored(page, answers, "quick-quiz")["summary"]


def test_answers_and_result_come_back_after_a_reload_and_can_be_cleared(page: Page, site_url: str):
    page.goto(site_url + "quiz/")
    page.locator("#qz-quick-quiz-q1 input[value='a']").check()
    page.locator("#qz-quick-quiz-q8 input").fill("calling")
    expect(page.locator("#qz-quick-quiz .qz-progress")).to_have_text("2 of 16 answered")
    page.locator(".qz-check").click()
    summary = expected_summary(page, {"q1": "a", "q8": "calling"})
    expect(page.locator("#qz-quick-quiz .qz-result")).to_have_text(summary, timeout=READY)

    page.reload()
    expect(page.locator("#qz-quick-quiz-q1 input[value='a']")).to_be_checked()
    expect(page.locator("#qz-quick-quiz-q8 input")).to_have_value("calling")
    expect(page.locator("#qz-quick-quiz .qz-result")).to_have_text(summary)  # shown before any engine starts
    expect(page.locator("#qz-quick-quiz .qz-progress")).to_have_text("2 of 16 answered")
    assert page.evaluate(f"JSON.parse(localStorage.getItem('{KEY}')).version") == 3

    page.get_by_role("button", name="Clear my answers").click()
    expect(page.locator("#qz-quick-quiz-q1 input[value='a']")).not_to_be_checked()
    expect(page.locator("#qz-quick-quiz .qz-result")).to_have_text("")
    expect(page.locator("#qz-quick-quiz-q1 .qz-outcome")).to_be_hidden()
    expect(page.locator("#qz-quick-quiz .qz-notice")).to_have_text("Your answers to this quiz are cleared.")
    page.reload()
    expect(page.locator("#qz-quick-quiz .qz-progress")).to_have_text("0 of 16 answered")


BLOCKED = """
for (const name of ["getItem", "setItem", "removeItem"]) {
  Storage.prototype[name] = () => { throw new DOMException("blocked", "SecurityError"); };
}
"""
FULL = """
Storage.prototype.setItem = () => { throw new DOMException("full", "QuotaExceededError"); };
"""


@pytest.mark.parametrize("storage", [BLOCKED, FULL], ids=["blocked", "full"])
def test_blocked_or_full_storage_leaves_the_quiz_working_and_says_so(page: Page, site_url: str, storage: str):
    page.add_init_script(storage)
    page.goto(site_url + "quiz/")
    page.locator("#qz-quick-quiz-q1 input[value='a']").check()
    expect(page.locator("#qz-quick-quiz .qz-storage")).to_be_visible()
    expect(page.locator("#qz-quick-quiz .qz-storage")).to_contain_text("does not let the site keep your answers")
    page.locator(".qz-check").click()
    expect(page.locator("#qz-quick-quiz .qz-result")).to_have_text(expected_summary(page, {"q1": "a"}), timeout=READY)


def test_corrupted_storage_is_set_aside(page: Page, site_url: str):
    page.add_init_script(f"localStorage.setItem('{KEY}', '{{not json')")
    page.goto(site_url + "quiz/")
    expect(page.locator("#qz-quick-quiz .qz-progress")).to_have_text("0 of 16 answered")
    page.locator("#qz-quick-quiz-q1 input[value='a']").check()
    expect(page.locator("#qz-quick-quiz .qz-storage")).to_be_hidden()
    saved = page.evaluate(f"JSON.parse(localStorage.getItem('{KEY}'))")
    assert saved["quizzes"]["/quiz/#quick-quiz"]["answers"] == {"q1": "a"}


def test_a_shared_link_restores_the_answers_and_the_result_in_a_new_browser(page: Page, site_url: str, browser):
    page.goto(site_url + "quiz/")
    answers = {"q1": "a", "q4": ["a", "b", "c"], "q8": "Calling"}
    page.locator("#qz-quick-quiz-q1 input[value='a']").check()
    for choice in ("a", "b", "c"):
        page.locator(f"#qz-quick-quiz-q4 input[value='{choice}']").check()
    page.locator("#qz-quick-quiz-q8 input").fill("Calling")
    page.get_by_role("button", name="Share or resume later").click()
    expect(page.locator(".qz-share-warning")).to_contain_text("anyone who opens it sees them")
    link = page.locator(".qz-share-link").input_value()
    assert link.startswith(site_url + "quiz/#share=quick-quiz.")
    summary = expected_summary(page, answers)

    other = browser.new_context()  # nothing saved there: all comes from the link
    try:
        shared = other.new_page()
        shared.goto(link)
        expect(shared.locator("#qz-quick-quiz .qz-result")).to_have_text(summary, timeout=READY)
        expect(shared.locator("#qz-quick-quiz-q4 input[value='c']")).to_be_checked()
        expect(shared.locator("#qz-quick-quiz-q8 input")).to_have_value("Calling")
    finally:
        other.close()


def share_link(site_url: str, answers: dict) -> str:
    packed = base64.urlsafe_b64encode(json.dumps(answers).encode()).decode().rstrip("=")
    return f"{site_url}quiz/#share=quick-quiz.{packed}"


def test_a_shared_link_leaves_the_readers_own_answers_alone(page: Page, site_url: str):
    page.goto(site_url + "quiz/")
    page.locator("#qz-quick-quiz-q1 input[value='b']").check()
    page.locator(".qz-check").click()
    expect(page.locator("#qz-quick-quiz .qz-result")).to_have_text(expected_summary(page, {"q1": "b"}), timeout=READY)

    # Each link opened as a new page. (From /quiz/ only the fragment would change: Material then puts in a new copy
    # of the page a moment later, and a reload in that moment would open the link again. test_browser_both_builds
    # opens a link on the same page.)
    page.goto("about:blank")
    page.goto(share_link(site_url, {"q1": "a"}))
    expect(page.locator("#qz-quick-quiz .qz-result")).to_have_text(expected_summary(page, {"q1": "a"}), timeout=READY)
    expect(page.locator("#qz-quick-quiz .qz-restore-note")).to_have_text(
        "These answers come from a link. Your own saved answers are kept unless you change one of these."
    )
    assert "#share=" not in page.url, "a reload must not apply the link again"
    page.reload()
    expect(page.locator("#qz-quick-quiz-q1 input[value='b']")).to_be_checked()
    expect(page.locator("#qz-quick-quiz .qz-result")).to_have_text(expected_summary(page, {"q1": "b"}))

    # Changing one of a link's answers makes them the reader's own, without the reader's earlier result.
    page.goto("about:blank")
    page.goto(share_link(site_url, {"q1": "a"}))
    expect(page.locator("#qz-quick-quiz .qz-result")).to_have_text(expected_summary(page, {"q1": "a"}), timeout=READY)
    page.locator("#qz-quick-quiz-q2 input[value='b']").check()
    page.reload()
    expect(page.locator("#qz-quick-quiz-q1 input[value='a']")).to_be_checked()
    expect(page.locator("#qz-quick-quiz-q2 input[value='b']")).to_be_checked()
    expect(page.locator("#qz-quick-quiz .qz-result")).to_be_empty()


def test_a_shared_link_keeps_the_wording_it_was_answered_in(page: Page, site_url: str, browser):
    page.goto(site_url + "self-assessment/")
    page.get_by_role("radio", name="the work I am studying or preparing for").check()
    page.locator("#qz-work-orientation-q1 input[value='4']").check()
    page.get_by_role("button", name="Share or resume later").click()
    link = page.locator(".qz-share-link").input_value()
    assert re.search(r"#share=work-orientation\.[A-Za-z0-9_-]+\.2\.[0-9a-f]{4}$", link)
    other = browser.new_context()
    try:
        shared = other.new_page()
        shared.goto(link)
        expect(shared.get_by_role("radio", name="the work I am studying or preparing for")).to_be_checked()
        expect(shared.locator("#qz-work-orientation-q1 input[value='4']")).to_be_checked()
    finally:
        other.close()


def test_a_link_naming_items_the_quiz_lacks_changes_nothing_it_cannot_place(page: Page, site_url: str):
    page.goto(share_link(site_url, {"q11": "xyz", "q1": ["zz"]}))
    expect(page.locator("#qz-quick-quiz .qz-result")).not_to_be_empty(timeout=READY)
    items = page.locator("#qz-quick-quiz-q11 [data-qz-item]")
    expect(items).to_have_count(4)
    expect(page.locator("#qz-quick-quiz-q11 .qz-order")).not_to_contain_text("null")


def test_every_saved_quiz_has_its_title_and_link_on_my_results(page: Page, site_url: str):
    page.goto(site_url + "quiz/")
    page.locator(".qz-check").click()  # checked with no answer given: saved all the same
    expect(page.locator("#qz-quick-quiz .qz-result")).not_to_be_empty(timeout=READY)
    page.goto(site_url + "my-results/")
    link = page.locator(".qz-my-results tbody tr").first.get_by_role("link")
    expect(link).to_have_text("Job or career: the basics")
    link.click()
    expect(page).to_have_url(site_url + "quiz/")


def test_clear_closes_the_share_box(page: Page, site_url: str):
    page.goto(site_url + "quiz/")
    page.locator("#qz-quick-quiz-q1 input[value='a']").check()
    share = page.get_by_role("button", name="Share or resume later")
    share.click()
    expect(page.locator(".qz-share-box")).to_be_visible()
    page.get_by_role("button", name="Clear my answers").click()
    expect(page.locator(".qz-share-box")).to_be_hidden()
    expect(share).to_have_attribute("aria-expanded", "false")


def test_a_long_reflection_still_fits_in_a_share_link(page: Page, site_url: str):
    page.goto(site_url + "self-assessment/")
    page.locator("#qz-work-orientation textarea").first.fill("I work to learn. " * 20_000)
    page.get_by_role("button", name="Share or resume later").click()
    expect(page.locator(".qz-share-link")).to_have_value(
        re.compile(r"#share=work-orientation\.[A-Za-z0-9_-]{400000,}\.\.[0-9a-f]{4}$")
    )


def test_one_page_keeps_one_progress_whatever_its_address(page: Page, site_url: str):
    page.goto(site_url + "quiz/index.html")
    page.locator("#qz-quick-quiz-q1 input[value='a']").check()
    page.goto(site_url + "quiz/")
    expect(page.locator("#qz-quick-quiz-q1 input[value='a']")).to_be_checked()


def test_a_broken_shared_link_starts_an_empty_quiz(page: Page, site_url: str):
    page.goto(site_url + "quiz/#share=quick-quiz.%%%not-base64")
    expect(page.locator("#qz-quick-quiz .qz-restore-note")).to_have_text(
        "The answers in this link could not be read, so the quiz starts empty."
    )
    expect(page.locator("#qz-quick-quiz .qz-progress")).to_have_text("0 of 16 answered")


def test_my_results_lists_every_quiz_taken_and_clears_them_all(page: Page, site_url: str):
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(site_url + "quiz/")
    page.locator("#qz-quick-quiz-q1 input[value='a']").check()
    page.locator(".qz-check").click()
    summary = expected_summary(page, {"q1": "a"})
    expect(page.locator("#qz-quick-quiz .qz-result")).to_have_text(summary, timeout=READY)
    page.goto(site_url + "self-assessment/")
    page.locator("#qz-work-orientation-q1 input[value='4']").check()
    # The engine this page started keeps loading across instant navigation (it is kept for the next quiz page),
    # so let it finish before watching what the results page itself fetches.
    expect(page.locator("#qz-work-orientation")).to_have_attribute("data-qz-engine", "ready", timeout=READY)

    page.get_by_role("navigation").get_by_role("link", name="My results", exact=True).click()
    rows = page.locator(".qz-my-results tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("Your work orientation")
    expect(rows.nth(0)).to_contain_text("1 answered, not checked yet")
    expect(rows.nth(1)).to_contain_text("Job or career: the basics")
    expect(rows.nth(1)).to_contain_text(summary)
    expect(rows.nth(1).locator("td").last).to_have_text(re.compile(r"^[A-Z][a-z]{2} \d{1,2}, 20\d\d$"))

    fetched.clear()
    page.reload()
    expect(rows).to_have_count(2)
    page.wait_for_load_state("networkidle")
    assert not any("/assets/pyodide/" in url for url in fetched), "the results page needs no scoring engine"

    page.get_by_role("button", name="Clear all my answers").click()
    expect(page.locator(".qz-my-results-table")).to_be_hidden()
    expect(page.locator(".qz-my-results .qz-notice")).to_have_text("All your saved answers are cleared.")
    page.goto(site_url + "quiz/")
    expect(page.locator("#qz-quick-quiz .qz-progress")).to_have_text("0 of 16 answered")


def test_without_javascript_the_page_still_teaches_and_says_what_is_missing(browser, site_url: str):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site_url + "quiz/")
        expect(page.locator(".qz-check")).to_be_disabled()
        expect(page.locator("#qz-quick-quiz .qz-status")).to_have_text(
            "Checking answers needs JavaScript, which is turned off or did not load in this browser."
        )
        explain = page.locator("#qz-quick-quiz-q1 .qz-explain")
        expect(explain.locator("p")).to_be_hidden()
        explain.locator("summary").click()
        expect(explain.locator("p")).to_contain_text("See what makes a job a job")
        hints = page.locator("#qz-quick-quiz-q8 .qz-hints")
        hints.locator("summary").click()
        expect(hints.locator(".qz-hint-text")).to_contain_text("It starts with the letter c")
    finally:
        context.close()


def test_print_keeps_results_and_drops_controls(page: Page, site_url: str):
    page.goto(site_url + "quiz/")
    page.locator("#qz-quick-quiz-q1 input[value='a']").check()
    page.locator(".qz-check").click()
    expect(page.locator("#qz-quick-quiz .qz-result")).not_to_have_text("", timeout=READY)
    page.emulate_media(media="print")
    expect(page.locator(".qz-check")).to_be_hidden()
    expect(page.locator(".qz-clear")).to_be_hidden()
    expect(page.locator("#qz-quick-quiz .qz-result")).to_be_visible()
    expect(page.locator("#qz-quick-quiz-q1 .qz-outcome")).to_be_visible()
    expect(page.locator(".md-header")).to_be_hidden()


def test_phone_touch_targets_and_reduced_motion(browser, site_url: str):
    context = browser.new_context(viewport={"width": 390, "height": 844}, reduced_motion="reduce")
    try:
        page = context.new_page()
        page.goto(site_url + "contribute/writing-quizzes/")
        expect(page.locator(".qz-quiz").first).to_have_attribute("data-qz-live", "true")
        targets = page.locator(
            ".qz-choice label, .qz-likert label, .qz-move, .qz-quiz .md-button:visible, .qz-typed input"
        )
        small = [box for box in (t.bounding_box() for t in targets.all()) if box and box["height"] < 44]
        assert targets.count() > 20 and small == [], f"targets under 44 px high: {small[:3]}"
        transition = page.evaluate("getComputedStyle(document.querySelector('.md-header')).transitionDuration")
        assert set(transition.replace("s", "").split(", ")) == {"0"}
    finally:
        context.close()


def test_a_shared_link_drops_answers_to_questions_changed_since_it_was_made(page: Page, site_url: str):
    """A link carries the first 4 digits of each answered question's fingerprint (docs/contribute/data-formats.md,
    "Answers"): an answer whose question is asked differently now is dropped and named, never checked."""
    page.goto(site_url + "quiz/")
    fingerprints = json.loads(page.locator("#qz-quick-quiz").get_attribute("data-qz") or "")["fingerprints"]
    page.locator("#qz-quick-quiz-q1 input[value='a']").check()
    page.locator("#qz-quick-quiz-q4 input[value='a']").check()
    page.get_by_role("button", name="Share or resume later").click()
    digits = fingerprints["q1"][:4] + fingerprints["q4"][:4]  # q1, q4: their ids sorted as text
    expect(page.locator(".qz-share-link")).to_have_value(re.compile(rf"#share=quick-quiz\.[A-Za-z0-9_-]+\.\.{digits}$"))

    # The same answers, in a link made when question 1 was asked another way.
    packed = base64.urlsafe_b64encode(json.dumps({"q1": "a", "q4": ["a"]}).encode()).decode().rstrip("=")
    page.goto("about:blank")  # opened as a new page: from /quiz/, only the fragment would change, and the page
    # would take the link in at once (a reload racing that could reload without it)
    page.goto(f"{site_url}quiz/#share=quick-quiz.{packed}..0000{fingerprints['q4'][:4]}")
    expect(page.locator("#qz-quick-quiz .qz-result")).to_have_text(expected_summary(page, {"q4": ["a"]}), timeout=READY)
    expect(page.locator("#qz-quick-quiz-q1 input:checked")).to_have_count(0)
    expect(page.locator("#qz-quick-quiz-q4 input[value='a']")).to_be_checked()
    expect(page.locator("#qz-quick-quiz .qz-restore-note")).to_have_text(
        "These answers come from a link. Your own saved answers are kept unless you change one of these. "
        "Question 1 changed since you answered it, so its answer was cleared."
    )
    expect(page.locator("#qz-quick-quiz-q1 .qz-changed")).to_have_text("This question changed. Please answer it again.")
    expect(page.locator("#qz-quick-quiz-q4 .qz-changed")).to_have_count(0)
    # Answering the question takes its line away; clearing the quiz takes away what the top said.
    page.locator("#qz-quick-quiz-q1 input[value='b']").check()
    expect(page.locator("#qz-quick-quiz-q1 .qz-changed")).to_have_count(0)
    expect(page.locator("#qz-quick-quiz-q1")).not_to_have_attribute("aria-describedby", re.compile("."))
    expect(page.locator("#qz-quick-quiz .qz-restore-note")).to_be_visible()
    page.get_by_role("button", name="Clear my answers").click()
    expect(page.locator("#qz-quick-quiz .qz-restore-note")).to_be_hidden()

    # Digits that do not fit the link's answers: the link cannot be read.
    page.goto(f"{site_url}quiz/#share=quick-quiz.{packed}..0000")
    page.reload()
    expect(page.locator("#qz-quick-quiz .qz-restore-note")).to_have_text(
        "The answers in this link could not be read, so the quiz starts empty."
    )
    expect(page.locator("#qz-quick-quiz-q4 input:checked")).to_have_count(0)

"""Every question type in Chromium: typed answers, ordering by keyboard, hints, and a self-assessment."""

import base64
import json
import re

import pytest
from playwright.sync_api import Page, expect
from support import READY, scored

pytestmark = pytest.mark.browser


def quiz_data(page: Page, quiz_id: str) -> dict:
    return json.loads(page.locator(f"#qz-{quiz_id}").get_attribute("data-qz"))


def check_quiz(page: Page, quiz_id: str) -> None:
    page.locator(f"#qz-{quiz_id} .qz-check").click()


def test_typed_answers_ordering_and_hints(page: Page, site_url: str):
    page.goto(site_url + "contribute/writing-quizzes/")
    expect(page.locator(".qz-quiz").first).to_have_attribute("data-qz-engine", "ready", timeout=READY)

    # A number typed with a decimal comma, within the tolerance.
    page.locator("#qz-quiz-4-q1 input").fill("12,7")
    check_quiz(page, "quiz-4")
    summary = scored(page, {"q1": "12,7"}, "quiz-4")["summary"]
    expect(page.locator("#qz-quiz-4 .qz-result")).to_have_text(summary)
    expect(page.locator("#qz-quiz-4-q1 .qz-outcome")).to_have_text("Correct. Points: 1 of 1.")

    # A word with other case and spaces.
    page.locator("#qz-quiz-5-q1 input").fill("  A Career ")
    check_quiz(page, "quiz-5")
    expect(page.locator("#qz-quiz-5-q1 .qz-outcome")).to_have_text("Correct. Points: 1 of 1.")

    # Ordering with the keyboard alone: move the item now last up to the top.
    items = page.locator("#qz-quiz-6-q1 [data-qz-item]")
    shown = [item.get_attribute("data-qz-item") for item in items.all()]
    assert shown != ["a", "b", "c", "d"], "items must not be shown in their right order"
    last = items.nth(3)
    last.locator(".qz-move-up").focus()
    for _ in range(3):
        page.keyboard.press("Enter")
    order = [item.get_attribute("data-qz-item") for item in items.all()]
    assert order == [shown[3], *shown[:3]]
    expect(page.locator("#qz-quiz-6 .qz-notice")).to_contain_text("now 1 of 4")
    check_quiz(page, "quiz-6")
    result = scored(page, {"q1": order}, "quiz-6")
    expect(page.locator("#qz-quiz-6 .qz-result")).to_have_text(result["summary"])
    expect(page.locator("#qz-quiz-6-q1 .qz-outcome")).to_have_text(result["questions"][0]["label"])

    # Hints, one at a time.
    hints = page.locator("#qz-quiz-2-q1 .qz-hint-text")
    expect(hints.first).to_be_hidden()
    show = page.locator("#qz-quiz-2-q1 .qz-show-hint")
    show.click()
    expect(hints.first).to_be_visible()
    expect(hints.first).to_contain_text("Think beyond a single employer.")
    expect(hints.last).to_be_hidden()
    announced = page.locator("#qz-quiz-2 .qz-notice")
    expect(announced).to_have_text("Hint 1 of 2: Think beyond a single employer.")
    expect(show).to_be_focused()
    show.click()
    expect(hints.last).to_contain_text("Learning counts too.")
    expect(hints.last).to_be_focused()  # the last hint takes focus, and the button goes
    expect(show).to_be_hidden()


@pytest.mark.parametrize("width", [390, 1280], ids=["phone", "desktop"])
def test_self_assessment_shows_scores_chart_and_profile(page: Page, site_url: str, width: int):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(site_url + "self-assessment/")
    data = quiz_data(page, "work-orientation")
    answers = {}
    for index, question in enumerate(q for q in data["quiz"]["questions"] if q["kind"] == "likert"):
        value = 1 + (index * 7) % 5
        page.locator(f"#qz-work-orientation-{question['id']} input[value='{value}']").check()
        answers[question["id"]] = value
    page.locator("#qz-work-orientation textarea").first.fill("To pay the rent.")
    answers["q19"] = "To pay the rent."
    check_quiz(page, "work-orientation")
    result = scored(page, answers, "work-orientation")
    results = page.locator("#qz-work-orientation .qz-results")
    expect(results.locator(".qz-result")).to_have_text(result["summary"], timeout=READY)
    chart = results.locator("svg.qz-chart")
    expect(chart).to_have_attribute("role", "img")
    assert chart.locator("title").text_content() == "Your scores, out of 100"
    shown = [round(scale["score"]) for scale in result["scales"]]
    assert [int(t) for t in chart.locator(".qz-chart-value").all_text_contents()] == shown
    label_heights = [box["height"] for box in (label.bounding_box() for label in chart.locator("text").all()) if box]
    assert min(label_heights) >= 12, f"chart text drawn {min(label_heights):.1f} px high at {width} px wide"
    profile = results.locator(f"[data-qz-profile='{result['profile']}']")
    expect(profile).to_be_visible()
    expect(results.locator(".qz-profile:visible")).to_have_count(1)
    assert page.evaluate("document.activeElement.classList.contains('qz-results')")


def test_shuffled_order_is_the_readers_own_and_stays_on_reload(page: Page, site_url: str):
    page.goto(site_url + "contribute/writing-quizzes/")
    quiz = page.locator("#qz-shuffled")
    expect(quiz).to_have_attribute("data-qz-ordered", "true", timeout=READY)

    def order() -> list[list[str]]:
        script = "items => items.map(item => item.dataset.qzChoice)"
        fields = quiz.locator(".qz-question").all()
        return [[f.get_attribute("data-qz-question"), *f.locator(".qz-choice").evaluate_all(script)] for f in fields]

    expect(quiz.locator(".qz-number").first).to_have_text("1.")
    first = order()
    assert sorted(q[0] for q in first) == ["q1", "q2"]
    page.reload()
    expect(quiz).to_have_attribute("data-qz-ordered", "true", timeout=READY)
    page.wait_for_timeout(300)
    assert order() == first
    seed = page.evaluate("localStorage.getItem('job-vs-career:progress:/:seed')")
    assert seed and len(seed) == 36


def test_the_reader_chooses_the_context_the_statements_speak_to(page: Page, site_url: str):
    now = "1. The main reason I work is that I need the money."
    later = "1. The main reason I will work is to earn the money I need."
    page.goto(site_url + "self-assessment/")
    first = page.locator("#qz-work-orientation-q1 legend")
    expect(first).to_have_text(now, use_inner_text=True)
    page.get_by_role("radio", name="the work I am studying or preparing for").check()
    expect(first).to_have_text(later, use_inner_text=True)
    expect(page.get_by_role("group", name=later)).to_be_visible()  # what a screen reader names it
    page.reload()  # the choice is kept with the rest of the progress
    expect(first).to_have_text(later, use_inner_text=True)
    page.goto(site_url + "my-results/")  # but a wording chosen is not a quiz taken
    expect(page.locator(".qz-my-results-note")).to_have_text(re.compile("^No saved answers yet"))
    page.go_back()
    page.get_by_role("button", name="Clear my answers").click()
    expect(first).to_have_text(now, use_inner_text=True)


def test_blanks_and_matching_by_keyboard_kept_shared_and_listed(page: Page, site_url: str, browser):
    page.goto(site_url + "contribute/writing-quizzes/")
    blanks, match = page.locator("#qz-blanks-example"), page.locator("#qz-match-example")
    expect(blanks).to_have_attribute("data-qz-engine", "ready", timeout=READY)

    # Blanks: each a text field named for screen readers, reached with Tab.
    page.get_by_label("Blank 1 of 2").focus()
    page.keyboard.type("Jobs")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Blank 2 of 2")).to_be_focused()
    page.keyboard.type("careers")
    expect(blanks.locator(".qz-progress")).to_have_text("1 of 1 answered")
    blanks.locator(".qz-check").click()
    expected = scored(page, {"q1": {"a": "Jobs", "b": "careers"}}, "blanks-example")
    expect(blanks.locator(".qz-outcome")).to_have_text("Partly correct. Points: 0.5 of 1.")
    expect(blanks.locator(".qz-result")).to_have_text(expected["summary"])
    # Each blank says whether it was right, in a sign and in words, and the wrong one is marked invalid.
    marks = blanks.locator(".qz-mark")
    expect(marks).to_have_text(["✓Your answer: right", "✗Your answer: not right"])
    expect(page.get_by_label("Blank 2 of 2")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Blank 1 of 2")).to_have_attribute("aria-invalid", "false")
    expect(blanks.locator("fieldset")).to_have_accessible_name("1. Type a word or phrase in each blank.")
    expect(page.get_by_label("Blank 1 of 2")).to_have_accessible_description(
        "A (Blank 1 of 2) is work you do for pay now; a (Blank 2 of 2) is the path you build across many of them."
    )

    # Matching: each left-hand text labels a list to pick from, used with the keyboard alone.
    job = match.get_by_label("Job", exact=True)
    job.focus()
    page.keyboard.type("Pay")  # a closed list picks the option the letters start
    expect(job).to_have_value("a")
    match.get_by_label("Career", exact=True).select_option(label="Moving up, over years")
    match.get_by_label("Calling", exact=True).select_option(label="Pay, now")
    match.locator(".qz-check").click()
    answers = {"q1": {"a": "a", "b": "b", "c": "a"}}
    expect(match.locator(".qz-outcome")).to_have_text(scored(page, answers, "match-example")["questions"][0]["label"])
    expect(match.locator(".qz-outcome")).to_have_text("Partly correct. Points: 0.66 of 1.")
    expect(match.locator(".qz-mark")).to_have_text(["✓Your answer: right"] * 2 + ["✗Your answer: not right"])

    # Both come back after a reload, with their results.
    page.reload()
    expect(page.get_by_label("Blank 1 of 2")).to_have_value("Jobs")
    expect(page.get_by_label("Blank 2 of 2")).to_have_value("careers")
    expect(match.get_by_label("Career", exact=True)).to_have_value("b")
    expect(match.locator(".qz-result")).to_have_text(scored(page, answers, "match-example")["summary"])

    # A share link carries them to a browser that has never seen them.
    match.locator(".qz-share").click()
    link = match.locator(".qz-share-link").input_value()
    other = browser.new_context().new_page()
    other.goto(link)
    expect(other.locator("#qz-match-example .qz-result")).to_have_text(
        scored(page, answers, "match-example")["summary"], timeout=READY
    )
    expect(other.locator("#qz-match-example").get_by_label("Calling", exact=True)).to_have_value("a")
    other.context.close()

    # A pick the list does not have (an edited quiz, a crafted link) leaves the list on "Choose…".
    crafted = base64.urlsafe_b64encode(json.dumps({"q1": {"a": "zz", "b": "b"}}).encode()).decode().rstrip("=")
    stranger = browser.new_context().new_page()
    stranger.goto(f"{site_url}contribute/writing-quizzes/#share=match-example.{crafted}")
    expect(stranger.locator("#qz-match-example").get_by_label("Job", exact=True)).to_have_value("")
    expect(stranger.locator("#qz-match-example").get_by_label("Career", exact=True)).to_have_value("b")
    stranger.context.close()

    # My results lists them; print keeps what was typed and picked, without the buttons.
    page.goto(site_url + "my-results/")
    rows = page.locator(".qz-my-results-table tbody tr")
    expect(rows.filter(has_text=expected["summary"])).to_have_count(1)
    page.goto(site_url + "contribute/writing-quizzes/")
    page.emulate_media(media="print")
    expect(page.get_by_label("Blank 1 of 2")).to_be_visible()
    expect(match.get_by_label("Job", exact=True)).to_be_visible()
    expect(match.locator(".qz-check")).to_be_hidden()

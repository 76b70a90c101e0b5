"""Long quizzes on a phone: progress, a jump to the first unanswered, Check in reach; the chart's band legend."""

import itertools
import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect
from support import READY, watched_page

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    yield from watched_page(browser, viewport=PHONE)


def open_self_assessment(page: Page, site_url: str):
    page.goto(site_url + "self-assessment/")
    quiz = page.locator("#qz-work-orientation")
    expect(quiz).to_have_attribute("data-qz-live", "true")
    return quiz


def in_view(page: Page, selector_or_locator) -> dict:
    """Where the element is on screen, whether it is all inside the viewport, and whether it is the top thing there."""
    handle = selector_or_locator.element_handle()
    return page.evaluate(
        """(element) => {
          const box = element.getBoundingClientRect();
          const top = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
          return { top: box.top, bottom: box.bottom, inside: box.top >= 0 && box.bottom <= innerHeight,
                   uncovered: top === element || element.contains(top) };
        }""",
        handle,
    )


def test_a_phone_reader_sees_progress_jumps_to_the_first_unanswered_and_reaches_check(phone: Page, site_url: str):
    quiz = open_self_assessment(phone, site_url)
    questions = quiz.locator(".qz-question")
    count = quiz.locator(".qz-kind-likert").count()  # the statements: the optional reflections are not counted
    assert (count, questions.count()) == (18, 22)
    bar = quiz.locator(".qz-bar")
    expect(bar.locator(".qz-progress")).to_have_text(f"0 of {count} answered")
    for number in (0, 1, 2, 3, 4, 6):  # the sixth statement is left out
        questions.nth(number).locator("input").nth(3).check()
    expect(bar.locator(".qz-progress")).to_have_text(f"6 of {count} answered")

    # In the middle of the quiz, thousands of pixels from its end, Check is on screen and nothing covers it.
    questions.nth(count // 2).scroll_into_view_if_needed()
    check = bar.get_by_role("button", name="Check answers")
    place = in_view(phone, check)
    assert place["inside"] and place["uncovered"], place

    bar.get_by_role("button", name="Next unanswered question").click()
    sixth = questions.nth(5)
    expect(sixth.locator("input").first).to_be_focused()
    header = phone.locator(".md-header").bounding_box()
    prompt = in_view(phone, sixth.locator("legend"))
    assert prompt["inside"] and prompt["uncovered"], prompt  # below the site's header, not under the bar
    assert prompt["top"] >= header["y"] + header["height"]
    focused = in_view(phone, sixth.locator("input").first)
    assert focused["inside"] and focused["uncovered"], focused

    # Keyboard: a control reached with Tab is scrolled clear of the bar, not left under it.
    phone.keyboard.press("Space")
    expect(bar.locator(".qz-progress")).to_have_text(f"7 of {count} answered")
    for number in range(count):
        field = questions.nth(number)
        if field.locator("input[type=radio]:checked").count() == 0:
            field.locator("input").nth(1).check()
    # Every statement answered, no reflection: all counted are answered, and nothing sends the reader to a private
    # prompt, as if it were required.
    expect(quiz.locator(".qz-kind-reflection textarea").first).to_have_value("")
    expect(bar.locator(".qz-progress")).to_have_text(f"{count} of {count} answered")
    expect(bar.locator(".qz-jump")).to_be_hidden()  # nothing left to go to
    check.click()
    expect(quiz.locator(".qz-result")).to_contain_text("out of 100", timeout=READY)
    expect(quiz.locator(".qz-results")).to_be_focused()
    result = in_view(phone, quiz.locator(".qz-result"))
    assert result["top"] >= header["y"] + header["height"] and result["uncovered"], result  # not under the header


def test_a_quiz_of_reflections_only_counts_them(phone: Page, site_url: str):
    """With no question that counts toward a result, the bar counts every question, as a reader would."""
    phone.goto(site_url + "decision-guide/")
    quiz = phone.locator("#qz-decision-notes")
    expect(quiz).to_have_attribute("data-qz-live", "true")
    bar = quiz.locator(".qz-bar")
    expect(bar.locator(".qz-progress")).to_have_text("0 of 3 answered")
    quiz.locator(".qz-question textarea").first.fill("A note for me.")
    expect(bar.locator(".qz-progress")).to_have_text("1 of 3 answered")
    bar.locator(".qz-jump").click()
    expect(quiz.locator(".qz-question textarea").nth(1)).to_be_focused()


@pytest.mark.parametrize(
    ("width", "height", "sticky", "tallest"),
    [(390, 844, True, 0.11), (1280, 900, True, 0.08), (320, 568, False, 0.25), (844, 390, False, 0.17)],
)
def test_the_bar_keeps_to_one_row_and_stays_in_place_on_a_short_screen(
    browser: Browser, site_url: str, width: int, height: int, sticky: bool, tallest: float
):
    """Count and link beside Check, their text 16 px for the controls; on a screen too short to spare it (a phone on
    its side, a small phone), the bar sits at the quiz's end instead of following the reader."""
    page = browser.new_page(viewport={"width": width, "height": height})
    try:
        quiz = open_self_assessment(page, site_url)
        quiz.locator(".qz-kind-likert").first.locator("input").nth(2).check()
        bar = quiz.locator(".qz-bar")
        check, jump = bar.locator(".qz-check").bounding_box(), bar.locator(".qz-jump").bounding_box()
        assert jump["x"] + jump["width"] <= check["x"] and jump["y"] < check["y"] + check["height"]  # one row
        for control in (bar.locator(".qz-check"), bar.locator(".qz-jump")):
            assert control.evaluate("(element) => parseFloat(getComputedStyle(element).fontSize)") >= 16
        assert bar.bounding_box()["height"] <= tallest * height, bar.bounding_box()
        position = bar.evaluate("(bar) => getComputedStyle(bar).position")
        assert position == ("sticky" if sticky else "static")
    finally:
        page.close()


def test_the_chart_s_band_names_and_ranges_are_readable_on_a_phone(browser: Browser, site_url: str):
    """The chart is drawn 640 units wide and shrinks to the screen: its legend still shows 12 px text or more."""
    for width in (390, 320):
        page = browser.new_page(viewport={"width": width, "height": 844})
        try:
            quiz = open_self_assessment(page, site_url)
            for statement in quiz.locator(".qz-kind-likert").all():
                statement.locator("input").nth(2).check()
            quiz.locator(".qz-check").click()
            chart = quiz.locator("svg.qz-chart")
            expect(chart).to_be_visible(timeout=READY)
            sizes = chart.evaluate(
                """(svg) => [...svg.querySelectorAll('.qz-chart-band-name, .qz-chart-range')].map((text) =>
                     parseFloat(getComputedStyle(text).fontSize) * svg.getBoundingClientRect().width / 640)"""
            )
            assert len(sizes) == 6 and min(sizes) >= 12, (width, sizes)
            names = [text.bounding_box() for text in chart.locator(".qz-chart-band-name").all()]
            for left, right in itertools.pairwise(names):
                assert left["x"] + left["width"] <= right["x"], (width, names)  # side by side, never overlapping
        finally:
            page.close()


def test_a_control_reached_with_tab_is_not_hidden_under_the_bar(phone: Page, site_url: str):
    quiz = open_self_assessment(phone, site_url)
    bar = quiz.locator(".qz-bar")
    first = quiz.locator(".qz-question").first.locator("input").first
    first.focus()
    for _ in range(12):  # Tab moves through radio groups, one statement at a time
        phone.keyboard.press("Tab")
        focused = phone.evaluate_handle("document.activeElement")
        if not phone.evaluate("(element) => !!element.closest('.qz-question')", focused):
            break
        place = phone.evaluate("(element) => element.getBoundingClientRect().bottom", focused)
        assert place <= bar.bounding_box()["y"], "a focused control is under the progress bar"


def test_without_javascript_the_bar_shows_nothing_that_cannot_work(browser: Browser, site_url: str):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site_url + "self-assessment/")
        bar = page.locator("#qz-work-orientation .qz-bar")
        expect(bar.locator(".qz-progress")).to_be_hidden()
        expect(bar.locator(".qz-jump")).to_be_hidden()
        expect(bar.locator(".qz-check")).to_be_disabled()  # as before: the status says JavaScript is needed
        expect(page.locator("#qz-work-orientation .qz-status")).to_contain_text("needs JavaScript")
        assert bar.evaluate("(bar) => getComputedStyle(bar).position") == "static"  # it does not follow the reader
        first = page.locator("#qz-work-orientation .qz-question").first
        expect(first).to_contain_text("How much do you agree?")  # the statements still read
    finally:
        context.close()


PAINT = """([colour, opacity]) => {
  const context = document.createElement("canvas").getContext("2d", { willReadFrequently: true });
  context.fillStyle = getComputedStyle(document.body).backgroundColor;
  context.fillRect(0, 0, 1, 1);
  context.globalAlpha = Number(opacity);
  context.fillStyle = colour;
  context.fillRect(0, 0, 1, 1);
  return [...context.getImageData(0, 0, 1, 1).data].slice(0, 3);
}"""


def painted(page: Page, colour: str, opacity: str = "1") -> list[int]:
    """The colour as the page paints it: laid over the page's background with its opacity."""
    return page.evaluate(PAINT, [colour, opacity])


def contrast(first: list[int], second: list[int]) -> float:
    """WCAG's contrast ratio of two sRGB colours."""

    def luminance(rgb: list[int]) -> float:
        linear = [c / 255 / 12.92 if c / 255 <= 0.03928 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_chart_names_each_band_with_its_range_and_the_lines_between_bands_show(
    browser: Browser, site_url: str, scheme: str
):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    try:
        page = context.new_page()
        quiz = open_self_assessment(page, site_url)
        for statement in quiz.locator(".qz-kind-likert").all():
            statement.locator("input").nth(1).check()  # "Disagree" to everything
        quiz.locator(".qz-check").click()
        chart = quiz.locator("svg.qz-chart")
        expect(chart).to_be_visible(timeout=READY)
        legend = chart.locator(".qz-chart-band-name")
        expect(legend).to_have_text([re.compile(r"^low\s*0 to 37$"), re.compile(r"^middle\s*40 to 60$"),
                                     re.compile(r"^high\s*62 to 100$")])  # fmt: skip
        summary = quiz.locator(".qz-result")
        expect(summary).to_contain_text("out of 100 (")
        for line in re.findall(r"[^.]+out of 100[^.]*\.", summary.text_content()):
            assert re.search(r"out of 100 \((low|middle|high): \d+ to \d+\)\.$", line), line
        # Each band's name sits under its own stretch of the bar.
        for place, name in enumerate(legend.all()):
            box = name.bounding_box()
            middle = box["x"] + box["width"] / 2
            stretch = chart.locator(".qz-chart-band").nth(place).bounding_box()
            assert stretch["x"] < middle < stretch["x"] + stretch["width"]
        # Bands are never told apart by shade alone: the line between two is clear against both and the page.
        edge = painted(page, chart.locator(".qz-chart-edge").first.evaluate("(line) => getComputedStyle(line).stroke"))
        for band in chart.locator(".qz-chart-band").all()[:3]:
            fill, opacity = band.evaluate("(rect) => [getComputedStyle(rect).fill, getComputedStyle(rect).opacity]")
            assert contrast(edge, painted(page, fill, opacity)) >= 3, (scheme, fill, opacity)
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert contrast(edge, painted(page, background)) >= 3
    finally:
        context.close()

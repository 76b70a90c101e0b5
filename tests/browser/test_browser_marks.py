"""After Check, every choice says what it was (docs/contribute/scoring.md, "Marks"): the reader's right pick,
their wrong pick, or a right answer they missed, with a sign and words (never colour alone) and its feedback
under it; nothing else is marked, an answer changed since the check loses its marks, Clear removes every mark,
and what is only announced is never shown."""

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Locator, Page, expect
from support import READY, scored
from test_browser_numbers import french_url  # noqa: F401 (a fixture: the site built in French)

pytestmark = pytest.mark.browser

QUIZ = "#qz-quick-quiz"
RIGHT, WRONG = "Your answer: right", "Your answer: not right"
MISSED, MISSED_MANY = "This is the right answer", "Also right: you did not pick it"  # one answer; all that apply
SIGNS = {RIGHT: "✓", WRONG: "✗", MISSED: "➜", MISSED_MANY: "➜"}
CHANGED = "Changed since you checked. Check again to see if it is right."
# q4 (choose all that apply): a-d are right, e is wrong. q1: a is right. q5 (true or false): false is right.
ANSWERS = {"q1": "b", "q4": ["a", "e"], "q5": "true"}


def choice(question: str, choice_id: str) -> str:
    return f"{QUIZ}-{question} [data-qz-choice='{choice_id}']"


def answer_and_check(page: Page, answers: dict[str, object]) -> None:
    for question, picked in answers.items():
        for value in picked if isinstance(picked, list) else [picked]:
            page.locator(f"{QUIZ}-{question} input[value='{value}']").check()
    page.locator(f"{QUIZ} .qz-check").click()
    expect(page.locator(f"{QUIZ} .qz-result")).not_to_be_empty(timeout=READY)


def assert_marked(page: Page, question: str, choice_id: str, words: str, feedback: str | None) -> None:
    """The choice shows its sign and its words under it, then its feedback; its box is described by both."""
    item = page.locator(choice(question, choice_id))
    mark = item.locator(".qz-mark")
    expect(mark).to_be_visible()
    expect(mark.locator(".qz-mark-words")).to_have_text(words)
    expect(mark.locator(".qz-mark-sign")).to_have_text(SIGNS[words])
    expect(mark.locator(".qz-mark-sign")).to_have_attribute("aria-hidden", "true")
    box = item.locator("input")
    if feedback is None:
        expect(box).to_have_accessible_description(words)
        return
    shown = item.locator(".qz-feedback")
    expect(shown).to_be_visible()
    expect(shown).to_have_text(feedback)
    expect(box).to_have_accessible_description(f"{words} {feedback}")
    # Its feedback sits right under its mark, which sits right under the choice.
    label, top, below = (part.bounding_box() for part in (item.locator("label"), mark, shown))
    assert label and top and below
    assert label["y"] + label["height"] <= top["y"] + 1 and top["y"] + top["height"] <= below["y"] + 1


def assert_unmarked(page: Page, question: str, choice_id: str) -> None:
    item = page.locator(choice(question, choice_id))
    expect(item.locator(".qz-mark")).to_have_count(0)
    assert item.get_attribute("data-qz-mark") is None
    expect(item.locator("input")).to_have_accessible_description("")
    for feedback in item.locator(".qz-feedback").all():
        expect(feedback).to_be_hidden()


def marks_on_page(page: Page, question: str) -> dict[str, str]:
    return page.locator(f"{QUIZ}-{question} [data-qz-choice][data-qz-mark]").evaluate_all(
        "items => Object.fromEntries(items.map(item => [item.dataset.qzChoice, item.dataset.qzMark]))"
    )


def test_each_choice_says_what_it_was_with_its_feedback_under_it(page: Page, site_url: str):
    page.goto(site_url + "quiz/")
    answer_and_check(page, ANSWERS)
    # Choose all that apply: a right pick, right answers missed, a wrong pick.
    assert_marked(page, "q4", "a", RIGHT, "Yes. Most careers run through many roles.")
    assert_marked(page, "q4", "b", MISSED_MANY, "Yes. Working for yourself can be part of a career too.")
    assert_marked(page, "q4", "c", MISSED_MANY, "Yes. Learning is one of the things a career is built from.")
    assert_marked(page, "q4", "d", MISSED_MANY, "Yes. Unpaid work builds skills, and it is part of your path too.")
    assert_marked(page, "q4", "e", WRONG, "That is the employer's path, not yours. Your career is your own path "
                  "through work.")  # fmt: skip
    # One choice: the wrong pick, and the right answer it missed; the other wrong choice shows nothing.
    assert_marked(page, "q1", "b", WRONG, "That describes a career, which can run through many jobs.")
    assert_marked(page, "q1", "a", MISSED, "Yes. A job is one post, with an employer or with clients, and it pays.")
    assert_unmarked(page, "q1", "c")
    # True or false: no feedback texts, the marks alone.
    assert_marked(page, "q5", "true", WRONG, None)
    assert_marked(page, "q5", "false", MISSED, None)
    # The page draws the engine's marks, no more and no fewer.
    expected = scored(page, ANSWERS)["questions"]
    for index, question in ((0, "q1"), (3, "q4"), (4, "q5")):
        assert marks_on_page(page, question) == expected[index]["marks"]


def test_right_picks_and_unanswered_questions(page: Page, site_url: str):
    page.goto(site_url + "quiz/")
    answer_and_check(page, {"q1": "a", "q5": "false"})
    assert_marked(page, "q1", "a", RIGHT, "Yes. A job is one post, with an employer or with clients, and it pays.")
    for other in ("b", "c"):
        assert_unmarked(page, "q1", other)
    assert_marked(page, "q5", "false", RIGHT, None)
    assert_unmarked(page, "q5", "true")
    # An unanswered question marks nothing and shows no feedback.
    for choice_id in ("a", "b", "c"):
        assert_unmarked(page, "q3", choice_id)
    expect(page.locator(f"{QUIZ}-q3 .qz-outcome")).to_have_text("Not answered. Points: 0 of 1.")


def test_checking_again_redraws_the_marks_and_clear_removes_them(page: Page, site_url: str):
    page.goto(site_url + "quiz/")
    answer_and_check(page, ANSWERS)
    page.locator(f"{QUIZ}-q1 input[value='a']").check()
    page.locator(f"{QUIZ}-q4 input[value='e']").uncheck()
    page.locator(f"{QUIZ} .qz-check").click()
    assert_marked(page, "q1", "a", RIGHT, "Yes. A job is one post, with an employer or with clients, and it pays.")
    assert_unmarked(page, "q1", "b")
    assert_unmarked(page, "q4", "e")
    expect(page.locator(f"{QUIZ}-q4 .qz-mark")).to_have_count(4)  # one each, never two

    page.locator(f"{QUIZ} .qz-clear").click()
    root = page.locator(QUIZ)
    expect(root.locator(".qz-mark")).to_have_count(0)
    expect(root.locator("[data-qz-mark]")).to_have_count(0)
    expect(root.locator("[aria-describedby][type=checkbox], [aria-describedby][type=radio]")).to_have_count(0)
    for feedback in root.locator(".qz-feedback").all():
        expect(feedback).to_be_hidden()


# As soon as the result of a check is on screen, in the same turn, so before the questions' marks are drawn (a few
# per frame, after the result): notes where the result is (focused and scrolled to), then clicks ``target`` (a
# selector), if any. `window.qzOnResult` then gives the result's top.
ON_RESULT = """(target) => { window.qzOnResult = new Promise((done) => {
  const result = document.querySelector("#qz-quick-quiz .qz-result");
  new MutationObserver((_, observer) => {
    if (!result.textContent) return;
    observer.disconnect();
    const top = document.querySelector("#qz-quick-quiz .qz-results").getBoundingClientRect().top;
    if (target) document.querySelector(target).click();
    done(top);
  }).observe(result, { childList: true, characterData: true, subtree: true });
}); }"""
FRAMES = """() => new Promise((done) => {
  let left = 12;
  const next = () => (--left ? requestAnimationFrame(next) : done());
  requestAnimationFrame(next);
})"""


@pytest.mark.parametrize("act", ["clear", "change"])
def test_clear_or_a_change_as_the_result_comes_is_what_the_page_shows_once_marks_are_drawn(
    page: Page, site_url: str, act: str
):
    """The result of a check is shown first and the questions' marks after it, a few per frame: Clear pressed, or
    the last question's answer changed, before they are all drawn, is what the page then shows."""
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(site_url + "quiz/")
    for question, value in (("q1", "b"), ("q16", "a")):
        page.locator(f"{QUIZ}-{question} input[value='{value}']").check()
    expect(page.locator(QUIZ)).to_have_attribute("data-qz-engine", "ready", timeout=READY)
    target = {"clear": f"{QUIZ} .qz-clear", "change": f"{QUIZ}-q16 input[value='b']"}[act]
    page.evaluate(ON_RESULT, target)
    page.locator(f"{QUIZ} .qz-check").click()
    page.evaluate("window.qzOnResult")
    page.evaluate(FRAMES)  # more frames than drawing every question takes
    if act == "clear":
        expect(page.locator(f"{QUIZ} .qz-mark")).to_have_count(0)
        expect(page.locator(f"{QUIZ} [data-qz-outcome]")).to_have_count(0)
        expect(page.locator(f"{QUIZ} .qz-outcome")).to_have_count(16)
        for label in page.locator(f"{QUIZ} .qz-outcome").all():
            expect(label).to_be_hidden()
    else:
        expect(outcome(page, "q16")).to_have_text(CHANGED)
        for choice_id in ("a", "b", "c"):
            assert_unmarked(page, "q16", choice_id)
        assert_marked(page, "q1", "b", WRONG, "That describes a career, which can run through many jobs.")
    assert errors == []


WITHOUT_SCROLL_ANCHORING = """document.addEventListener("DOMContentLoaded", () => {
  const style = document.createElement("style");
  style.textContent = "* { overflow-anchor: none !important; }";
  document.head.append(style);
});"""


@pytest.mark.parametrize("anchoring", [True, False], ids=["scroll anchoring", "none, as in Safari"])
def test_the_result_stays_where_check_put_it_while_the_questions_above_get_their_marks(
    page: Page, site_url: str, anchoring: bool
):
    """The questions' outcomes are drawn after the result, above it: its feedback and explanations must not push the
    focused result out of view, whether or not the browser anchors the scroll position itself."""
    if not anchoring:
        page.add_init_script(WITHOUT_SCROLL_ANCHORING)
    page.goto(site_url + "quiz/")
    for question, value in (("q1", "b"), ("q2", "a"), ("q3", "a"), ("q16", "a")):
        page.locator(f"{QUIZ}-{question} input[value='{value}']").check()
    expect(page.locator(QUIZ)).to_have_attribute("data-qz-engine", "ready", timeout=READY)
    page.evaluate(ON_RESULT, None)
    page.locator(f"{QUIZ} .qz-check").click()
    came = page.evaluate("window.qzOnResult")
    expect(page.locator(f"{QUIZ} .qz-question:not([data-qz-outcome])")).to_have_count(0)
    page.evaluate(FRAMES)
    expect(page.locator(f"{QUIZ} .qz-results")).to_be_focused()
    expect(page.locator(f"{QUIZ}-q16 .qz-explain")).to_be_visible()  # explanations shown above the result
    now = page.locator(f"{QUIZ} .qz-results").evaluate("(element) => element.getBoundingClientRect().top")
    assert abs(now - came) <= 2, (came, now)


def outcome(page: Page, question: str) -> Locator:
    return page.locator(f"{QUIZ}-{question} .qz-outcome")


def test_an_answer_changed_after_a_check_shows_no_marks_until_it_is_checked_again(page: Page, site_url: str):
    """Nothing on screen or in the accessibility tree describes an answer the reader no longer gives."""
    page.goto(site_url + "quiz/")
    typed = page.locator(f"{QUIZ}-q8 input[type=text]")
    typed.fill("meaningful")
    page.locator(f"{QUIZ}-q11 .qz-move-down").first.click()
    answer_and_check(page, ANSWERS)
    expect(outcome(page, "q8")).to_contain_text("Points:")
    # After Check, the reader switches q1 to the right choice: neither box may still say what the old pick was.
    page.locator(f"{QUIZ}-q1 input[value='a']").check()
    expect(outcome(page, "q1")).to_have_text(CHANGED)
    for choice_id in ("a", "b", "c"):
        assert_unmarked(page, "q1", choice_id)
    # Every kind of answer: a box of "choose all that apply" unticked, a typed answer edited, an item moved,
    # and a question left unanswered at the check.
    page.locator(f"{QUIZ}-q4 input[value='e']").uncheck()
    typed.fill("meaningful work")
    page.locator(f"{QUIZ}-q11 .qz-move-down").first.click()
    page.locator(f"{QUIZ}-q3 input[value='a']").check()
    for question in ("q4", "q8", "q11", "q3"):
        expect(outcome(page, question)).to_have_text(CHANGED)
    for choice_id in ("a", "b", "c", "d", "e"):
        assert_unmarked(page, "q4", choice_id)
    assert_marked(page, "q5", "true", WRONG, None)  # not changed: still as checked
    # Changed back to the answer that was checked, q1 shows its marks again.
    page.locator(f"{QUIZ}-q1 input[value='b']").check()
    expect(outcome(page, "q1")).to_have_text("Not quite. Points: 0 of 1.")
    assert_marked(page, "q1", "b", WRONG, "That describes a career, which can run through many jobs.")
    assert_marked(page, "q1", "a", MISSED, "Yes. A job is one post, with an employer or with clients, and it pays.")

    # Back later: the saved result is checked again from the answers it was checked with, and what changed since
    # still shows no marks.
    page.reload()
    expect(page.locator(choice("q5", "true")).locator(".qz-mark")).to_be_visible(timeout=READY)
    for question in ("q4", "q8", "q11", "q3"):
        expect(outcome(page, question)).to_have_text(CHANGED)
    for choice_id in ("a", "b", "c", "d", "e"):
        assert_unmarked(page, "q4", choice_id)
    assert_marked(page, "q1", "b", WRONG, "That describes a career, which can run through many jobs.")

    # Checked again: the answers now given are marked.
    page.locator(f"{QUIZ} .qz-check").click()
    expect(outcome(page, "q4")).to_have_text("Partly correct. Points: 0.25 of 1.", timeout=READY)
    assert "◐" in outcome(page, "q4").evaluate("e => getComputedStyle(e, '::before').content")  # a sign, as ✓ and ✗
    assert_marked(page, "q4", "a", RIGHT, "Yes. Most careers run through many roles.")
    assert_unmarked(page, "q4", "e")
    expect(page.locator(f"{QUIZ} .qz-outcome").filter(has_text=CHANGED)).to_have_count(0)


def test_blanks_and_pairs_lose_their_marks_when_changed_and_when_cleared(page: Page, site_url: str):
    page.goto(site_url + "contribute/scoring/")
    blanks = page.locator("#qz-blanks")
    blanks.scroll_into_view_if_needed()
    blanks.locator("input[data-qz-slot='a']").fill("job")
    blanks.locator("input[data-qz-slot='b']").fill("calling")
    blanks.locator(".qz-check").click()
    marks = blanks.locator(".qz-mark")
    expect(marks).to_have_text(["✓" + RIGHT, "✗" + WRONG], timeout=READY)
    expect(marks.locator(".qz-mark-sign")).to_have_count(2)
    expect(marks.nth(1).locator(".qz-mark-words")).to_have_count(0)  # in a sentence, the words are heard only
    expect(blanks.locator("input[data-qz-slot='b']")).to_have_attribute("aria-invalid", "true")
    # A blank typed again: the sentence's marks, heard and seen, wait for the next check.
    blanks.locator("input[data-qz-slot='b']").fill("career")
    expect(marks).to_have_count(0)
    expect(blanks.locator("[aria-invalid]")).to_have_count(0)
    expect(blanks.locator(".qz-outcome")).to_have_text(CHANGED)
    blanks.locator(".qz-check").click()
    expect(marks).to_have_text(["✓" + RIGHT, "✓" + RIGHT])
    blanks.locator(".qz-clear").click()
    expect(marks).to_have_count(0)
    expect(blanks.locator("[aria-invalid]")).to_have_count(0)

    pairs = page.locator("#qz-matching")
    pairs.scroll_into_view_if_needed()
    for slot in ("a", "b", "c"):
        pairs.locator(f"select[data-qz-slot='{slot}']").select_option(slot)
    pairs.locator(".qz-check").click()
    expect(pairs.locator(".qz-mark")).to_have_text(["✓" + RIGHT] * 3)
    pairs.locator("select[data-qz-slot='a']").select_option("b")
    expect(pairs.locator(".qz-mark")).to_have_count(0)
    expect(pairs.locator("[aria-invalid]")).to_have_count(0)
    expect(pairs.locator(".qz-outcome")).to_have_text(CHANGED)


def boxes_holding(root: Locator, text: str) -> list[dict[str, float]]:
    """The size of every element in ``root`` whose own text holds ``text``."""
    return root.evaluate(
        """(root, text) => [...root.querySelectorAll("*")]
            .filter(e => [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.includes(text)))
            .map(e => { const box = e.getBoundingClientRect(); return {width: box.width, height: box.height}; })""",
        text,
    )


def test_an_item_moved_is_announced_and_never_shown(page: Page, site_url: str):
    page.goto(site_url + "quiz/")
    root = page.locator(QUIZ)
    expect(root).to_have_attribute("data-qz-engine", "ready", timeout=READY)
    first = root.locator(f"{QUIZ}-q11 [data-qz-item]").first
    moved = first.locator(".qz-choice-text").inner_text()
    first.locator(".qz-move-down").click()
    said = f"{moved}: now 2 of 4."
    notice = root.locator(".qz-notice")
    expect(notice).to_have_attribute("role", "status")
    expect(notice).to_have_text(said)  # heard: the live region holds it
    # ... and never seen: whatever holds it is one pixel at most (visually hidden), before and after Check.
    holders = boxes_holding(root, said)
    assert holders and all(box["width"] <= 1 and box["height"] <= 1 for box in holders), holders
    root.locator(".qz-check").click()
    expect(root.locator(".qz-result")).not_to_be_empty(timeout=READY)
    holders = boxes_holding(root, said)
    assert all(box["width"] <= 1 and box["height"] <= 1 for box in holders), holders


def contrast_js() -> str:
    """A function of an element: the contrast of its mark's words and sign against the page, in both schemes."""
    return """mark => {
        const rgb = text => text.match(/[\\d.]+/g).slice(0, 4).map(Number);
        const lum = ([r, g, b]) => [r, g, b].map(c => c / 255)
            .map(c => c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)
            .reduce((sum, c, i) => sum + c * [0.2126, 0.7152, 0.0722][i], 0);
        const ratio = (a, b) => (Math.max(lum(a), lum(b)) + 0.05) / (Math.min(lum(a), lum(b)) + 0.05);
        let back = mark, ground = [255, 255, 255];
        while (back) {
            const colour = rgb(getComputedStyle(back).backgroundColor);
            if (colour.length < 4 || colour[3] > 0) { ground = colour; break; }
            back = back.parentElement;
        }
        const sign = mark.querySelector(".qz-mark-sign");
        const style = getComputedStyle(sign);
        const fill = rgb(style.backgroundColor);
        const filled = fill.length < 4 || fill[3] > 0;
        const words = mark.querySelector(".qz-mark-words");
        return {
            words: ratio(rgb(getComputedStyle(words).color), ground),
            circle: ratio(rgb(style.borderTopColor), ground),
            glyph: ratio(rgb(style.color), filled ? fill : ground),
            colour: getComputedStyle(words).color,
        };
    }"""


@pytest.fixture(params=["light", "dark"])
def scheme_page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    context = browser.new_context(color_scheme=request.param, viewport={"width": 390, "height": 900})
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    yield opened
    context.close()
    assert errors == []


def test_marks_are_readable_in_both_schemes(scheme_page: Page, site_url: str):
    """Words 4.5:1 or more against the page; the circle and its sign 3:1 or more; light and dark. A right answer
    the reader missed is not drawn in the colour of their right picks: a page of them must not look like success."""
    page = scheme_page
    page.goto(site_url + "quiz/")
    answer_and_check(page, ANSWERS)
    colours = {}
    for words in (RIGHT, WRONG, MISSED, MISSED_MANY):
        mark = page.locator(f"{QUIZ} .qz-choice .qz-mark").filter(has_text=words).first
        found = mark.evaluate(contrast_js())
        assert found["words"] >= 4.5 and found["circle"] >= 3 and found["glyph"] >= 3, (words, found)
        colours[words] = found["colour"]
    assert colours[MISSED] == colours[MISSED_MANY] not in (colours[RIGHT], colours[WRONG]), colours


def test_marks_in_french(page: Page, request: pytest.FixtureRequest):
    """The marks read as natural French: the right answer, a wrong pick, and one more right answer not ticked."""
    page.goto(request.getfixturevalue("french_url") + "quiz/")
    answer_and_check(page, ANSWERS)
    expect(page.locator(choice("q1", "b")).locator(".qz-mark-words")).to_have_text("Votre réponse : incorrecte")
    expect(page.locator(choice("q1", "a")).locator(".qz-mark-words")).to_have_text("Voici la bonne réponse")
    expect(page.locator(choice("q4", "a")).locator(".qz-mark-words")).to_have_text("Votre réponse : correcte")
    expect(page.locator(choice("q4", "b")).locator(".qz-mark-words")).to_have_text("Bonne réponse aussi, non cochée")
    page.locator(f"{QUIZ}-q1 input[value='a']").check()
    expect(outcome(page, "q1")).to_have_text(
        "Réponse modifiée depuis la vérification : vérifiez à nouveau pour savoir si elle est correcte."
    )

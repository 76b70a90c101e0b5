"""A reader takes the quiz in Chromium; the score shown is the one quizlib computes in CPython."""

import re

import pytest
from playwright.sync_api import Page, expect
from support import READY, scored

pytestmark = pytest.mark.browser


def engine_ready(page: Page) -> None:
    expect(page.locator(".qz-quiz").first).to_have_attribute("data-qz-engine", "ready", timeout=READY)


def answer(page: Page, quiz: str, answers: dict[str, object]) -> None:
    for question, picked in answers.items():
        for choice in picked if isinstance(picked, list) else [picked]:
            page.locator(f"#qz-{quiz}-{question} input[value='{choice}']").check()


def assert_shows(page: Page, quiz: str, expected: dict) -> None:
    # The first check may have to wait for the engine to start.
    expect(page.locator(f"#qz-{quiz} .qz-result")).to_have_text(expected["summary"], timeout=READY)
    for question in expected["questions"]:
        field = page.locator(f"#qz-{quiz}-{question['id']}")
        expect(field.locator(".qz-outcome")).to_have_text(question["label"])
        for choice in field.locator(".qz-choice").all():
            feedback = choice.locator(".qz-feedback")
            if feedback.count():
                shown = choice.get_attribute("data-qz-choice") in question["marks"]  # a marked choice's feedback
                (expect(feedback).to_be_visible if shown else expect(feedback).to_be_hidden)()


ANSWERS = {"q1": "a", "q2": "a", "q4": ["a", "b"]}


def test_answering_shows_the_score_quizlib_computes(page: Page, site_url: str):
    page.goto(site_url + "quiz/")
    answer(page, "quick-quiz", ANSWERS)
    page.locator(".qz-check").click()
    expected = scored(page, ANSWERS)
    assert expected["summary"].startswith("You scored 1.5 out of 16 (9.3%).")
    assert_shows(page, "quick-quiz", expected)
    expect(page.locator("#qz-quick-quiz-q3 .qz-explain")).to_be_hidden()  # unanswered: no explanation yet
    expect(page.locator("#qz-quick-quiz-q1 .qz-explain")).to_be_visible()


def test_the_same_after_instant_navigation_and_pages_without_quiz_load_no_pyodide(page: Page, site_url: str):
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(site_url)
    page.wait_for_load_state("networkidle")
    assert [url for url in fetched if "/assets/pyodide/" in url or "/assets/quizlib/" in url] == []
    page.evaluate("window.sameDocument = true")
    page.get_by_role("navigation").get_by_role("link", name="Knowledge check").click()
    expect(page).to_have_url(site_url + "quiz/")
    engine_ready(page)
    assert page.evaluate("window.sameDocument") is True, "instant navigation should not reload the page"
    answers = {"q1": "a", "q2": "b", "q3": "b", "q4": ["a", "b", "c", "d"]}
    answer(page, "quick-quiz", answers)
    page.locator(".qz-check").click()
    expected = scored(page, answers)
    assert expected["summary"] == (
        "You scored 4 out of 16 (25%). The pass mark is 75%: read the notes under the questions you missed, "
        "and try them again another day."
    )
    assert_shows(page, "quick-quiz", expected)
    # Back home and to the quiz again: the answers and result are still there, and the same worker
    # serves the new page.
    page.get_by_role("navigation").get_by_role("link", name="Home").click()
    page.get_by_role("navigation").get_by_role("link", name="Knowledge check").click()
    assert_shows(page, "quick-quiz", expected)
    expect(page.locator("#qz-quick-quiz-q4 input[value='c']")).to_be_checked()
    engine_ready(page)
    assert sum("pyodide.asm.wasm" in url for url in fetched) == 1
    answer(page, "quick-quiz", {"q1": "b"})
    page.locator(".qz-check").click()
    assert_shows(page, "quick-quiz", scored(page, {**answers, "q1": "b"}))


def test_keyboard_alone_answers_and_checks(page: Page, site_url: str):
    page.goto(site_url + "quiz/")
    page.locator("#qz-quick-quiz-q1 input").first.focus()
    page.keyboard.press("Space")  # picks the first choice of question 1
    page.keyboard.press("Tab")  # to question 2
    page.keyboard.press("ArrowDown")  # its second choice
    for _ in range(80):  # on through every other question to the button
        if page.evaluate("document.activeElement.textContent") == "Check answers":
            break
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Check answers", "Tab never reached the button"
    page.keyboard.press("Enter")
    expected = scored(page, {"q1": "a", "q2": "b"})
    assert_shows(page, "quick-quiz", expected)
    assert page.evaluate("document.activeElement.classList.contains('qz-results')"), "focus moves to the result"


def test_the_engine_starts_only_when_a_quiz_comes_near(page: Page, site_url: str):
    page.set_viewport_size({"width": 1280, "height": 200})
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(site_url + "self-assessment/")
    page.wait_for_load_state("networkidle")
    assert page.locator(".qz-quiz").bounding_box()["y"] > 200 + 300, "the quiz must start well below the fold"
    assert not any("pyodide" in url for url in fetched)
    page.locator(".qz-quiz").scroll_into_view_if_needed()
    engine_ready(page)


# An image that holds the page's load event back until the test lets it come, and a record of when the page
# loaded and when it started a worker.
HELD_LOAD = """
document.addEventListener("DOMContentLoaded", () => {
  const image = new Image();
  image.alt = "";
  image.src = new URL("held.png", location.origin + "/").href;
  document.body.append(image);
});
addEventListener("load", () => {
  window.loadedAt = performance.now();
  document.documentElement.dataset.loaded = ""; // for expect(): the page's policy forbids wait_for_function's eval
});
const NativeWorker = Worker;
window.Worker = class extends NativeWorker {
  constructor(...args) {
    super(...args);
    if (String(args[0]).includes("/quiz-worker.js")) window.workerAt ??= performance.now(); // not Material's search
  }
};
"""


def held_load(page: Page) -> list:
    held: list = []
    page.route("**/held.png", lambda route: held.append(route))  # left unanswered until the test fulfils it
    page.add_init_script(HELD_LOAD)
    return held


def test_the_engine_starts_once_the_page_has_loaded(page: Page, site_url: str):
    """The quiz is near the screen at once, but the engine waits for the page's load event and an idle moment."""
    held = held_load(page)
    page.goto(site_url + "quiz/", wait_until="domcontentloaded")
    page.wait_for_timeout(1500)
    assert page.evaluate("window.loadedAt") is None, "the held image keeps the page loading"
    assert page.evaluate("window.workerAt") is None, "no worker while the page is still loading"
    held[0].fulfill(status=404)
    engine_ready(page)
    assert page.evaluate("window.workerAt >= window.loadedAt")


def test_the_themes_own_set_up_does_not_wait_for_the_quiz_scripts(page: Page, site_url: str):
    """Material sets each page up (search, the colour switch, instant navigation) when the page is all there,
    announcing it on document$; the quiz scripts load beside that (an async module), so one that is slow to come
    holds none of it back. The quiz is set up once they come."""
    held: list = []
    page.route("**/progress.js", lambda route: held.append(route))  # imported by quiz.js; held until let through
    page.goto(site_url + "quiz/", wait_until="domcontentloaded", timeout=10_000)
    announced = "new Promise((done) => { document$.subscribe(() => done(true)); setTimeout(() => done(false), 500); })"
    assert page.evaluate(announced), "Material has set the page up"
    for _ in range(50):  # quiz.js may still be on its way
        if held:
            break
        page.wait_for_timeout(100)
    assert held, "quiz.js asked for progress.js, still held"
    assert page.locator(".qz-quiz[data-qz-engine]").count() == 0, "the quiz is not set up without its scripts"
    held[0].continue_()
    answer(page, "quick-quiz", ANSWERS)
    page.locator(".qz-check").click()
    assert_shows(page, "quick-quiz", scored(page, ANSWERS))


def test_a_page_that_never_finishes_loading_still_starts_the_engine(page: Page, site_url: str):
    """One stalled image (a bad mobile link) holds the load event back: the engine starts a few seconds later."""
    held_load(page)  # never let through
    page.goto(site_url + "quiz/", wait_until="domcontentloaded")
    engine_ready(page)
    assert page.evaluate("window.loadedAt") is None


def test_a_reader_who_goes_on_before_the_page_loads_starts_no_engine(page: Page, site_url: str):
    held = held_load(page)
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(site_url + "quiz/", wait_until="domcontentloaded")
    page.get_by_role("navigation").get_by_role("link", name="Home").click()
    expect(page).to_have_url(site_url)
    held[0].fulfill(status=404)
    expect(page.locator("html[data-loaded]")).to_be_attached()
    page.wait_for_timeout(1500)
    assert page.evaluate("window.workerAt") is None
    assert [url for url in fetched if "/assets/pyodide/" in url] == []


def test_a_quiz_page_that_loads_after_the_reader_left_starts_no_engine(page: Page, site_url: str):
    """Instant navigation changes the address at once and puts the next page in once it has come: the page left
    may finish loading in between, its quiz still there, and must not start the engine."""
    held = held_load(page)
    page.add_init_script(sightings(held=False))
    next_page: list = []
    page.route(lambda url: url == site_url, lambda route: next_page.append(route))  # Home's HTML, held
    page.goto(site_url + "quiz/", wait_until="domcontentloaded")
    expect(page.locator("html[data-quiz-seen]")).to_be_attached()  # the engine now waits for the load event
    page.get_by_role("navigation").get_by_role("link", name="Home").click()
    expect(page).to_have_url(site_url)
    held[0].fulfill(status=404)
    expect(page.locator("html[data-loaded]")).to_be_attached()
    page.wait_for_timeout(1500)
    assert next_page, "Material asked for Home's HTML at the site's address"
    assert page.locator(".qz-quiz").count() == 1, "the quiz page is still there: Home has not come"
    assert page.evaluate("window.workerAt") is None
    next_page[0].continue_()
    expect(page.locator(".qz-quiz")).to_have_count(0)
    page.wait_for_timeout(1000)
    assert page.evaluate("window.workerAt") is None


def test_a_quiz_script_that_comes_after_the_reader_left_starts_no_engine(page: Page, site_url: str):
    """The quiz script loads beside the page: when it comes after the reader followed a link, the page it sets up
    first is the one left."""
    held = held_load(page)
    page.add_init_script(sightings(held=False))
    script: list = []
    next_page: list = []
    page.route("**/quiz.js", lambda route: script.append(route))
    page.route(lambda url: url == site_url, lambda route: next_page.append(route))  # Home's HTML never comes
    page.goto(site_url + "quiz/", wait_until="domcontentloaded")
    page.get_by_role("navigation").get_by_role("link", name="Home").click()
    expect(page).to_have_url(site_url)
    script[0].continue_()
    expect(page.locator(".qz-quiz[data-qz-live]")).to_have_count(1)  # set up, as the page it is
    expect(page.locator("html[data-quiz-seen]")).to_be_attached()
    held[0].fulfill(status=404)
    expect(page.locator("html[data-loaded]")).to_be_attached()
    page.wait_for_timeout(1500)
    assert next_page, "Material asked for Home's HTML at the site's address"
    assert page.evaluate("window.workerAt") is None


def test_a_reader_who_comes_back_before_the_page_loads_gets_the_engine_started(page: Page, site_url: str):
    """Back on the quiz page before it loaded (Home never came): Material puts the quiz page in again, and its
    quiz starts the engine once the page has loaded, as on a first visit."""
    held = held_load(page)
    page.route(lambda url: url == site_url, lambda route: None)  # Home's HTML never comes
    page.goto(site_url + "quiz/", wait_until="domcontentloaded")
    expect(page.locator(".qz-quiz[data-qz-live]")).to_have_count(1)
    page.get_by_role("navigation").get_by_role("link", name="Home").click()
    expect(page).to_have_url(site_url)
    page.go_back(wait_until="commit")
    expect(page).to_have_url(site_url + "quiz/")
    held[0].fulfill(status=404)
    engine_ready(page)


def sightings(held: bool) -> str:
    """An init script: says (data-quiz-seen) when an IntersectionObserver is told that a quiz is near the screen,
    and passes that news on at once or, ``held``, only when the test calls letSightingsThrough(). Other observers'
    news (Material's) passes as it comes."""
    return """
const NativeObserver = IntersectionObserver;
const held = HELD;
window.heldSightings = [];
window.IntersectionObserver = class extends NativeObserver {
  constructor(callback, options) {
    super((entries, self) => {
      if (!entries.some((entry) => entry.isIntersecting && entry.target.matches(".qz-quiz"))) {
        return callback(entries, self);
      }
      document.documentElement.dataset.quizSeen = ""; // for expect(), as data-loaded
      if (!held) return callback(entries, self);
      window.heldSightings.push(() => callback(entries, self));
    }, options);
  }
};
window.letSightingsThrough = () => window.heldSightings.splice(0).forEach((deliver) => deliver());
""".replace("HELD", "true" if held else "false")


# The specification lets an IntersectionObserver's news, queued before disconnect(), come after it (Chromium drops
# it): the quiz page's "the quiz is near" could then come after the next page was set up. The test holds it.


def test_a_quiz_seen_on_a_page_the_reader_left_starts_no_engine(page: Page, site_url: str):
    """The quiz page's late news that its quiz is near the screen belongs to that page, not to the next."""
    held = held_load(page)
    page.add_init_script(sightings(held=True))
    page.goto(site_url + "quiz/", wait_until="domcontentloaded")
    expect(page.locator("html[data-quiz-seen]")).to_be_attached()  # the quiz's news, held: it is on the screen
    page.get_by_role("navigation").get_by_role("link", name="Home").click()
    expect(page).to_have_url(site_url)
    expect(page.locator(".qz-quiz")).to_have_count(0)  # Home is in, and set up in the same task (document$)
    page.evaluate("letSightingsThrough()")
    held[0].fulfill(status=404)
    expect(page.locator("html[data-loaded]")).to_be_attached()
    page.wait_for_timeout(1500)
    assert page.evaluate("window.workerAt") is None


def test_no_request_leaves_the_site(page: Page, site_url: str):
    foreign: list[str] = []
    page.on("request", lambda request: None if request.url.startswith(site_url) else foreign.append(request.url))
    for path in ("", "quiz/", "contribute/writing-quizzes/"):
        page.goto(site_url + path)
        page.wait_for_load_state("networkidle")
    engine_ready(page)
    assert foreign == []


def test_a_failed_engine_says_so_and_retry_recovers(page: Page, site_url: str):
    # A blocked wasm is reported by the worker at once (tests/browser/test_browser_faults.py has every fault).
    page.add_init_script("window.quizReadyTimeoutMs = 5000")
    page.route(re.compile(r".*/pyodide\.asm\.wasm$"), lambda route: route.abort())
    page.goto(site_url + "quiz/")
    status = page.locator(".qz-status")
    expect(status).to_contain_text("The scoring engine could not load", timeout=15_000)
    notice = page.locator("#qz-quick-quiz .qz-notice")
    expect(notice).to_have_text(re.compile("^The scoring engine could not load"))  # announced...
    assert notice.bounding_box()["height"] < 2, "...but not shown a second time"
    retry = status.get_by_role("button", name="Try again")
    explain = page.locator("#qz-quick-quiz-q1 .qz-explain")
    expect(explain).to_be_visible()  # the page still teaches
    explain.locator("summary").click()
    expect(explain).to_contain_text("See what makes a job a job")
    page.unroute(re.compile(r".*/pyodide\.asm\.wasm$"))
    page.evaluate("window.quizReadyTimeoutMs = 60000")
    retry.click()
    engine_ready(page)
    expect(explain).to_be_hidden()  # with a working engine, explanations wait for a check again
    answer(page, "quick-quiz", {"q1": "a"})
    page.locator(".qz-check").click()
    assert_shows(page, "quick-quiz", scored(page, {"q1": "a"}))


def test_a_failure_is_announced_once_per_page_and_progress_is_never_announced(page: Page, site_url: str):
    # A wasm download that never ends: the engine loads until the page's timeout, then fails.
    page.add_init_script("window.quizReadyTimeoutMs = 5000")
    stalled: list[object] = []
    page.route(re.compile(r".*/pyodide\.asm\.wasm$"), lambda route: stalled.append(route))
    page.goto(site_url + "contribute/writing-quizzes/")
    page.locator(".qz-quiz").first.scroll_into_view_if_needed()
    statuses = page.locator(".qz-status")
    assert statuses.count() > 5
    live = page.locator("[role=status], [aria-live]")
    expect(statuses.last).to_contain_text("Loading the scoring engine")  # shown in every quiz...
    expect(live.filter(has_text="scoring engine")).to_have_count(0)  # ...and announced by none
    expect(statuses.last).to_contain_text("The scoring engine could not load", timeout=15_000)
    expect(live.filter(has_text="could not load")).to_have_count(1)


def test_clearing_while_a_check_waits_for_the_engine_throws_that_check_away(page: Page, site_url: str):
    page.goto(site_url + "quiz/")
    answer(page, "quick-quiz", {"q1": "a"})
    page.locator(".qz-check").click()  # the engine is still loading: the check waits for it
    assert page.locator(".qz-quiz").first.get_attribute("data-qz-engine") == "loading"
    page.get_by_role("button", name="Clear my answers").click()
    engine_ready(page)
    page.wait_for_timeout(1500)  # the outdated check's answer arrives a few milliseconds after the engine starts
    expect(page.locator("#qz-quick-quiz .qz-result")).to_be_empty()
    expect(page.locator("#qz-quick-quiz-q1 .qz-outcome")).to_be_hidden()
    saved = page.evaluate("JSON.parse(localStorage.getItem('job-vs-career:progress:v3:/'))")
    assert saved["quizzes"] == {}, "the outdated check must not be saved"

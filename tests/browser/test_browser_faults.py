"""Faults in the scoring engine's files, or a browser that cannot run it: a plain message soon, nothing
shouted in the console, and a retry that works once the fault is gone.

The test server breaks one file at a time (support.broken): missing (404), served with the wrong type,
or changed by one bit, each cached by the browser the way GitHub Pages lets it (ten minutes). The pages keep
their own Content-Security-Policy. No test shortens the page's 60-second timeout: each fault must be
found by itself, long before it.
"""

import time
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect
from support import CHROMIUM_FLAGS, READY, broken, chromium_path, scored

from quiz_markdown import bundle

pytestmark = pytest.mark.browser
SOON = 15  # seconds: the longest a reader may wait to hear that the engine cannot start
FAILED = "The scoring engine could not load, so answers cannot be checked right now."
UNSUPPORTED = "This browser cannot run the scoring engine, so answers cannot be checked here."
# The engine's own files (the wheel and the quizlib lock file live in assets/quizlib/).
FAULTS = [
    ("pyodide.asm.wasm", "missing"),
    ("python_stdlib.zip", "missing"),
    ("pyodide-lock.json", "missing"),
    (bundle.WHEEL_NAME, "missing"),
    ("pyodide.mjs", "wrong-type"),
    ("pyodide.asm.wasm", "tampered"),
    ("python_stdlib.zip", "tampered"),
    ("pyodide.mjs", "tampered"),
    ("pyodide.asm.mjs", "tampered"),
    (bundle.WHEEL_NAME, "tampered"),
]


class Watched:
    """What a page tells the console (its worker's included), and every request for a file by name."""

    def __init__(self, page: Page) -> None:
        self.console: list[str] = []
        self.requests: list[str] = []
        page.on("console", lambda message: self.console.append(f"{message.type}: {message.text}"))
        page.on("pageerror", lambda error: self.console.append(f"pageerror: {error}"))
        page.on("request", lambda request: self.requests.append(request.url.split("?")[0].rsplit("/", 1)[-1]))

    def said(self, *kinds: str) -> list[str]:
        return [line for line in self.console if line.split(":")[0] in kinds]


def shows_within(page: Page, text: str, since: float) -> float:
    """Seconds from ``since`` until the first quiz's status says ``text``, announced in its live region."""
    expect(page.locator("#qz-quick-quiz .qz-status")).to_contain_text(text, timeout=SOON * 1000)
    took = time.monotonic() - since
    expect(page.locator("#qz-quick-quiz .qz-notice")).to_contain_text(text)
    return took


def check_one_answer(page: Page) -> None:
    page.locator("#qz-quick-quiz-q1 input[value='a']").check()
    page.locator("#qz-quick-quiz .qz-check").click()
    expect(page.locator("#qz-quick-quiz .qz-result")).to_have_text(scored(page, {"q1": "a"})["summary"], timeout=READY)


@pytest.mark.parametrize(("name", "fault"), FAULTS, ids=[f"{name}-{fault}" for name, fault in FAULTS])
def test_a_broken_file_is_reported_soon_and_retry_recovers_once_it_is_fixed(page: Page, site_url: str, name, fault):
    watched = Watched(page)
    with broken(name, fault):
        start = time.monotonic()
        page.goto(site_url + "quiz/")
        took = shows_within(page, FAILED, start)
        assert took < SOON, f"{took:.1f} s"
        status = page.locator("#qz-quick-quiz .qz-status")
        expect(page.locator("#qz-quick-quiz")).to_have_attribute("data-qz-engine", "failed")
        expect(page.locator("#qz-quick-quiz-q1 .qz-explain")).to_be_visible()  # the page still teaches
        # Nothing but one warning for whoever looks after the site, naming the file (the browser's own
        # line about a failed request is not a page or worker message).
        assert watched.said("error", "pageerror") == []
        (warning,) = watched.said("warning")
        assert warning.startswith("warning: quiz: the scoring engine cannot start: ") and name in warning, warning
        # A fresh browser has nothing cached: the broken file was asked for once, and not again.
        assert watched.requests.count(name) == 1, watched.requests
    # Fixed on the server, yet still in the browser's cache for ten minutes: the retry asks again.
    status.get_by_role("button", name="Try again").click()
    expect(page.locator("#qz-quick-quiz")).to_have_attribute("data-qz-engine", "ready", timeout=READY)
    check_one_answer(page)
    assert watched.said("error", "pageerror") == []


def test_a_wasm_served_with_the_wrong_type_is_used_once_its_digest_matches(page: Page, site_url: str):
    """The type is what the browser asks for before compiling; the digest says more: these are the right bytes."""
    watched = Watched(page)
    with broken("pyodide.asm.wasm", "wrong-type"):
        page.goto(site_url + "quiz/")
        expect(page.locator("#qz-quick-quiz")).to_have_attribute("data-qz-engine", "ready", timeout=READY)
        check_one_answer(page)
    assert watched.said("error", "pageerror") == []
    assert watched.said("warning") == [
        "warning: quiz worker: pyodide.asm.wasm was served as text/plain, not application/wasm; "
        "used after its digest check"
    ]


@pytest.fixture(scope="module")
def browser_without_wasm(browser: Browser) -> Iterator[Browser]:
    """Chromium with its JavaScript JIT turned off, as security settings can do: no WebAssembly at all."""
    flags = [*CHROMIUM_FLAGS, "--js-flags=--jitless"]
    launched = browser.browser_type.launch(executable_path=chromium_path(), args=flags)
    yield launched
    launched.close()


def assert_cannot_run_here(page: Page, watched: Watched, start: float) -> None:
    took = shows_within(page, UNSUPPORTED, start)
    assert took < SOON, f"{took:.1f} s"
    quiz = page.locator("#qz-quick-quiz")
    expect(quiz).to_have_attribute("data-qz-engine", "unsupported")
    expect(quiz.locator(".qz-status")).to_contain_text("You can still open each question's explanation")
    expect(page.locator(".qz-retry")).to_have_count(0)  # no retry that could never work
    explain = page.locator("#qz-quick-quiz-q1 .qz-explain")
    expect(explain).to_be_visible()
    explain.locator("summary").click()
    expect(explain).to_contain_text("See what makes a job a job")
    # Checking, focusing and scrolling start nothing: no request, no new message.
    requests = len(watched.requests)
    quiz.locator("#qz-quick-quiz-q1 input[value='a']").check()
    quiz.locator(".qz-check").click()
    page.wait_for_timeout(1000)
    assert len(watched.requests) == requests
    expect(quiz).to_have_attribute("data-qz-engine", "unsupported")
    expect(quiz.locator(".qz-status")).to_contain_text(UNSUPPORTED)
    assert watched.said("error", "pageerror") == []
    assert len(watched.said("warning")) == 1, watched.console


def test_a_browser_without_webassembly_is_told_so_and_offered_no_retry(browser_without_wasm: Browser, site_url: str):
    context = browser_without_wasm.new_context()
    try:
        page = context.new_page()
        watched = Watched(page)
        start = time.monotonic()
        page.goto(site_url + "quiz/")
        assert_cannot_run_here(page, watched, start)
        assert not any(name.endswith((".mjs", ".wasm", ".zip")) for name in watched.requests), "no engine download"
    finally:
        context.close()


def test_a_worker_without_webassembly_is_told_so_and_offered_no_retry(page: Page, site_url: str):
    watched = Watched(page)
    with broken("quiz-worker.js", "no-wasm"):
        start = time.monotonic()
        page.goto(site_url + "quiz/")
        assert_cannot_run_here(page, watched, start)

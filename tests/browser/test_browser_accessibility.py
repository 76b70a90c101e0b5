"""axe-core on every page, light and dark, before and after answering: no WCAG 2.2 A/AA or best-practice violation."""

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from support import NO_SERVICE_WORKERS, READY

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parent.parent.parent
AXE = (ROOT / "node_modules" / "axe-core" / "axe.min.js").read_text()
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def violations(page: Page) -> list[str]:
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(AXE)
    found = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS)["violations"]
    return [f"{item['id']} ({item['impact']}): {[node['target'] for node in item['nodes']][:3]}" for item in found]


def answer_every_quiz(page: Page) -> None:
    for quiz in page.locator(".qz-quiz").all():
        first = quiz.locator(".qz-question").first
        field = first.locator("input[type=text], textarea")
        if field.count():
            field.first.fill("12")
        elif first.locator("input").count():
            first.locator("input").first.check()
        quiz.locator(".qz-check").click()
        expect(quiz.locator(".qz-result")).not_to_have_text("", timeout=READY)
        expect(quiz.locator(".qz-question:not([data-qz-outcome])")).to_have_count(0)  # marks come after the result


@pytest.mark.parametrize(("scheme", "width"), [("light", 1280), ("dark", 1280), ("light", 390)])
def test_no_accessibility_violations_on_any_page(browser, built_site: Path, site_url: str, scheme: str, width: int):
    pages = sorted(path.parent.relative_to(built_site).as_posix() for path in built_site.rglob("index.html"))
    assert len(pages) >= 12
    # Without motion: axe must not measure a button halfway through Material's colour transition.
    context = browser.new_context(
        color_scheme=scheme, viewport={"width": width, "height": 800}, reduced_motion="reduce"
    )
    found: dict[str, list[str]] = {}
    try:
        page = context.new_page()
        for path in pages:
            url = site_url + ("" if path == "." else path + "/")
            page.goto(url)
            if problems := violations(page):
                found[url] = problems
            if page.locator(".qz-quiz").count():
                answer_every_quiz(page)
                if problems := violations(page):
                    found[url + " (answered)"] = problems
    finally:
        context.close()
    assert not found, "\n".join(f"{url}: {problem}" for url, problems in found.items() for problem in problems)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_accessibility_violations_when_the_engine_fails(browser, site_url: str, scheme: str):
    context = browser.new_context(color_scheme=scheme)
    context.add_init_script(NO_SERVICE_WORKERS)  # page.route below: see the page fixture in conftest.py
    try:
        page = context.new_page()
        page.add_init_script("window.quizReadyTimeoutMs = 2000")
        page.route("**/pyodide.asm.wasm", lambda route: route.abort())
        page.goto(site_url + "quiz/")
        expect(page.locator(".qz-retry")).to_be_visible(timeout=15_000)
        assert violations(page) == []
    finally:
        context.close()

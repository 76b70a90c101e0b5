"""The pages' Content-Security-Policy: strict for scripts, and nothing the site does runs into it."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from support import READY

pytestmark = pytest.mark.browser
WATCH = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


def test_every_page_has_a_strict_script_policy(built_site: Path):
    policies = set()
    for path in sorted(built_site.rglob("*.html")):
        html = path.read_text()
        meta = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html)
        assert meta, f"{path.name}: no policy"
        scripts = next(part for part in meta[1].split("; ") if part.startswith("script-src"))
        assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts, scripts
        assert html.index("Content-Security-Policy") < html.index("<script"), "the policy must come first"
        policies.add(meta[1])
    assert len(policies) == 1, "one policy for the whole site: instant navigation keeps the first page's"


def test_nothing_the_site_does_is_blocked(page: Page, site_url: str, built_site: Path):
    page.add_init_script(WATCH)
    pages = sorted(path.parent.relative_to(built_site).as_posix() for path in built_site.rglob("index.html"))
    for path in pages:
        page.goto(site_url + ("" if path == "." else path + "/"))
        assert page.evaluate("window.cspViolations") == [], path
    page.goto(site_url + "contribute/writing-quizzes/")  # a deeper page first: its scripts differ
    page.get_by_role("navigation").get_by_role("link", name="Home").first.click()  # instant navigation
    page.get_by_role("navigation").get_by_role("link", name="Knowledge check").click()
    page.locator("#qz-quick-quiz-q1 input[value='a']").check()
    page.locator(".qz-check").click()
    expect(page.locator("#qz-quick-quiz .qz-result")).not_to_be_empty(timeout=READY)
    toggle = page.locator("label.md-header__button[for^='__palette']:visible")  # Material's palette script
    toggle.click()  # from "follow the system" to light
    expect(toggle).to_have_attribute("title", "Switch to dark mode")
    toggle.click()
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
    page.keyboard.press("/")  # search
    expect(page.locator(".md-search__input")).to_be_focused()
    page.keyboard.type("career")
    expect(page.locator(".md-search-result__item").first).to_be_visible()
    assert page.evaluate("window.cspViolations") == []


def test_a_script_slipped_into_a_page_does_not_run(page: Page, site_url: str):
    page.add_init_script(WATCH)
    page.goto(site_url + "quiz/")
    page.evaluate("""() => {
        const script = document.createElement("script");
        script.textContent = "window.injected = true";
        document.body.append(script);
    }""")
    assert page.evaluate("window.injected") is None
    assert any(v.startswith("script-src") for v in page.evaluate("window.cspViolations"))

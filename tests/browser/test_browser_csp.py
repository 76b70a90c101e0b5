"""Under the site's real policy, a script the theme does not write does not run: it is reported as blocked.

The build refuses such a script (tests/test_csp.py), so these tests put one into a built page on its way to
the browser, as a template value would have: the page keeps its own policy, untouched.
"""

import base64
import hashlib
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, Route, expect
from support import until

pytestmark = pytest.mark.browser
WATCH = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""
PAYLOAD = "window.pwned = (window.pwned || 0) + 1"
INJECTED = f"<script>{PAYLOAD}</script>"


def _sha256(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"


def _serve_changed(page: Page, built_site: Path, path: str, change: Callable[[str], str]) -> None:
    """Serve the built page ``path`` ('quiz') changed by ``change``, with its policy as built."""
    html = (built_site / path / "index.html").read_text()

    def fulfil(route: Route) -> None:
        route.fulfill(status=200, content_type="text/html; charset=utf-8", body=change(html))

    page.route(re.compile(rf"/{re.escape(path)}/(index\.html)?$"), fulfil)


def _script_violations(page: Page) -> list[str]:
    return [found for found in page.evaluate("window.cspViolations") if found.startswith("script-src")]


def test_a_script_from_a_template_value_is_not_in_the_policy_and_does_not_run(
    page: Page, site_url: str, built_site: Path
):
    quiz = (built_site / "quiz" / "index.html").read_text()
    assert _sha256(PAYLOAD) not in quiz
    page.add_init_script(WATCH)
    # As a title or description holding '</title><script>…' would have put it, in the head and in the page.
    _serve_changed(
        page,
        built_site,
        "quiz",
        lambda html: html.replace("</title>", "</title>" + INJECTED, 1).replace("<h1", INJECTED + "<h1", 1),
    )
    page.goto(site_url + "quiz/")
    expect(page.locator("h1").first).to_be_visible()
    assert page.evaluate("window.pwned") is None
    assert _script_violations(page).count("script-src-elem inline") == 2
    assert "Content-Security-Policy" in page.content()  # the page's own policy, not bypassed


def test_the_same_script_runs_once_the_policy_is_removed(page: Page, site_url: str, built_site: Path):
    """The control: the injected script is a working one, and it is the policy that stops it."""
    page.add_init_script(WATCH)
    _serve_changed(
        page,
        built_site,
        "quiz",
        lambda html: re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html).replace(
            "</title>", "</title>" + INJECTED, 1
        ),
    )
    page.goto(site_url + "quiz/")
    expect(page.locator("h1").first).to_be_visible()
    assert page.evaluate("window.pwned") == 1


def test_instant_navigation_does_not_run_a_script_slipped_into_the_next_page(
    page: Page, site_url: str, built_site: Path
):
    """Instant navigation runs the next page's scripts under the first page's policy: the theme's only."""
    page.add_init_script(WATCH)
    _serve_changed(page, built_site, "glossary", lambda html: html.replace("<h1", INJECTED + "<h1", 1))
    page.goto(site_url)
    page.get_by_role("navigation").get_by_role("link", name="Glossary").first.click()
    expect(page).to_have_url(re.compile(r"/glossary/$"))
    expect(page.locator("h1").first).to_have_text(re.compile("Glossary"))
    assert until(page, lambda page: page.evaluate("window.cspViolations.length > 0"), 10)
    assert page.evaluate("window.pwned") is None
    assert _script_violations(page) == ["script-src-elem inline"]


def test_scripts_and_handlers_added_to_the_page_do_not_run(page: Page, site_url: str):
    page.add_init_script(WATCH)
    page.goto(site_url + "quiz/")
    page.evaluate(
        """() => {
        const script = document.createElement("script");
        script.textContent = "window.pwned = 1";
        document.body.append(script);
        const holder = document.createElement("div");
        holder.innerHTML = '<button id="trap" onclick="window.pwned = 2">x</button>'
            + '<a id="link" href="javascript:window.pwned=3">y</a>';
        document.body.append(holder);
    }"""
    )
    page.locator("#trap").click()
    page.locator("#link").click()
    assert until(page, lambda page: page.evaluate("window.cspViolations.length >= 3"), 10)
    assert page.evaluate("window.pwned") is None
    # The added script, the click handler, the javascript: link.
    assert _script_violations(page) == ["script-src-elem inline", "script-src-attr inline", "script-src-elem inline"]

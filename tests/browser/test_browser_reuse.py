"""A reader takes the quiz of each second site made from docs/contribute/reuse.md (MkDocs, and Python-Markdown
alone): the page asks nothing of another host, and shows the score quizlib computes in CPython."""

from __future__ import annotations

import functools
import re
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from reuse import mkdocs_site, python_markdown_site, run_in
from support import READY, SiteHandler, SiteServer, scored

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("make", [mkdocs_site, python_markdown_site], ids=["mkdocs", "python-markdown"])
def test_a_second_site_scores_its_quiz_in_the_browser(
    page: Page, tmp_path: Path, make: Callable[[Path], object]
) -> None:
    make(tmp_path / "second")
    site = tmp_path / "second" / "site"
    assert (site / "index.html").is_file()
    server = SiteServer(("127.0.0.1", 0), functools.partial(SiteHandler, directory=site))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    address = f"http://127.0.0.1:{server.server_address[1]}/"
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    try:
        page.goto(address)
        quiz = page.locator(".qz-quiz")
        page.get_by_label("Ten years of work that builds on itself").check()
        page.get_by_role("button", name="Check").click()
        expected = scored(page, {"q1": "b"})
        assert expected["summary"].startswith("You scored 1 out of 1 (100%)")
        expect(quiz.locator(".qz-result")).to_have_text(expected["summary"], timeout=READY)
        expect(quiz).to_have_attribute("data-qz-engine", "ready")
        assert [url for url in requested if not url.startswith(address)] == []
    finally:
        page.goto("about:blank")  # the page and its workers (a theme's search loading lunr.js) go before the server
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("directory_urls", [True, False])
def test_my_results_lists_the_quiz_under_another_theme_and_a_sub_path(
    page: Page, tmp_path: Path, directory_urls: bool
) -> None:
    """MkDocs's own theme (no Material scope; its highlight.js, from another host, turned off) served under
    /course/: progress is kept for that site's path, and its My results page lists the quiz taken, with page
    addresses as folders or as .html files (the quiz is on the home page: index.html)."""
    folder = tmp_path / "second"
    mkdocs_site(folder)
    config = folder / "mkdocs.yml"
    text = config.read_text().replace("name: material", "name: mkdocs\n  highlightjs: false")
    config.write_text(text + f"site_dir: served/course\nuse_directory_urls: {str(directory_urls).lower()}\n")
    (folder / "docs" / "my-results.md").write_text("# My results\n\n```quiz-results\n```\n")
    done = run_in([sys.executable, "-m", "mkdocs", "build", "--strict"], folder)
    assert done.returncode == 0, done.stderr
    server = SiteServer(("127.0.0.1", 0), functools.partial(SiteHandler, directory=folder / "served"))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    address = f"http://127.0.0.1:{server.server_address[1]}/course/"
    try:
        page.goto(address)
        page.get_by_label("Ten years of work that builds on itself").check()
        page.get_by_role("button", name="Check").click()
        expect(page.locator(".qz-result")).to_contain_text("You scored 1 out of 1", timeout=READY)
        keys = page.evaluate("Object.keys(localStorage)")
        assert "job-vs-career:progress:v3:/course/" in keys, keys
        page.goto(address + ("my-results/" if directory_urls else "my-results.html"))
        expect(page.locator(".qz-my-results")).to_contain_text("A first quiz")
    finally:
        page.goto("about:blank")  # the page and its workers (a theme's search loading lunr.js) go before the server
        server.shutdown()
        server.server_close()


def test_a_theme_that_loads_the_script_before_the_page_is_all_there_still_gets_its_quiz_set_up(
    page: Page, tmp_path: Path
) -> None:
    """The MkDocs plugin loads quiz.js as an async module: it may run while the page is still being read. A theme
    without Material's document$ whose scripts come before the content (here the Python-Markdown page, its
    script made async and the rest of the page held back by a slow script) still has its quiz set up, once the
    page is all there."""
    done = python_markdown_site(tmp_path / "second")
    assert done.returncode == 0, done.stderr
    site = tmp_path / "second" / "site"
    index = site / "index.html"
    (tag,) = re.findall(r'<script type="module" src="[^"]+"></script>', index.read_text(encoding="utf-8"))
    early = tag.replace('type="module"', 'type="module" async') + '<script src="held.js"></script>'
    index.write_text(index.read_text(encoding="utf-8").replace(tag, early), encoding="utf-8")
    server = SiteServer(("127.0.0.1", 0), functools.partial(SiteHandler, directory=site))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    address = f"http://127.0.0.1:{server.server_address[1]}/"
    held: list = []
    page.route("**/held.js", lambda route: held.append(route))
    # quiz.js listens for hashchange as it runs: when that happens, and how much of the page was there then.
    page.add_init_script(
        """const listen = window.addEventListener;
        window.addEventListener = function (type, ...rest) {
          const quizzes = document.querySelectorAll(".qz-quiz").length;
          if (type === "hashchange") window.quizJsRan ??= [document.readyState, quizzes];
          return listen.call(this, type, ...rest);
        };"""
    )
    try:
        page.goto(address, wait_until="commit")
        # Polled by a timer: no animation frame comes while the page is held before its first paint.
        page.wait_for_function("window.quizJsRan !== undefined", polling=100, timeout=10_000)
        assert page.evaluate("window.quizJsRan") == ["loading", 0], "quiz.js ran before the quiz was there"
        assert held, "held.js holds the rest of the page back"
        held[0].fulfill(body="", content_type="text/javascript")
        page.get_by_label("Ten years of work that builds on itself").check()
        page.get_by_role("button", name="Check").click()
        expected = scored(page, {"q1": "b"})
        expect(page.locator(".qz-result")).to_have_text(expected["summary"], timeout=READY)
    finally:
        page.goto("about:blank")
        server.shutdown()
        server.server_close()

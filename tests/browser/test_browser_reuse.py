"""A reader takes the quiz of each second site made from docs/contribute/reuse.md (MkDocs, and Python-Markdown
alone): the page asks nothing of another host, and shows the score quizlib computes in CPython."""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from reuse import mkdocs_site, python_markdown_site
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
        server.shutdown()
        server.server_close()

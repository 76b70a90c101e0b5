"""The list of a site's quizzes on its "my results" page, for any site generator: `page_quizzes` reads the quizzes
a page's HTML holds, `with_quizzes` writes the whole list into the "my results" page. The page lists saved
results of these quizzes only, with their titles and addresses from here, never from the browser's storage
(which other sites can write)."""

from __future__ import annotations

import html
import json
import re

_QUIZ_DATA = re.compile(r'<div class="qz-quiz" data-qz="([^"]*)"')
_RESULTS_DATA = re.compile(r'(<div class="qz-my-results" data-qz=")([^"]*)(")')


def page_quizzes(page_html: str, url: str, page_title: str) -> list[dict[str, str]]:
    """Every quiz in ``page_html``, the page at ``url``: its address, id, title (its own, or else the page's)
    and "scored" (a saved result is current only when it was scored under this: quizlib.fingerprint)."""
    found = []
    for match in _QUIZ_DATA.finditer(page_html):
        data = json.loads(html.unescape(match[1]))
        quiz = data["quiz"]
        title = quiz.get("title") or page_title or quiz["id"]
        found.append({"url": url, "id": quiz["id"], "title": title, "scored": data["scored"]})
    return found


def with_quizzes(page_html: str, quizzes: dict[str, list[dict[str, str]]]) -> str:
    """``page_html`` with the list of every quiz (``quizzes``: by page URL, as `page_quizzes` reads them) written
    into its "my results" fence, if it has one; in order of page URL, then of place in the page."""

    def listed(match: re.Match[str]) -> str:
        data = json.loads(html.unescape(match[2]))
        data["quizzes"] = [quiz for url in sorted(quizzes) for quiz in quizzes[url]]
        return match[1] + html.escape(json.dumps(data, sort_keys=True), quote=True) + match[3]

    return _RESULTS_DATA.sub(listed, page_html)

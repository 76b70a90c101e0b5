"""Rendered HTML and scores of the golden pages match the files under review (regenerate: make golden)."""

from html.parser import HTMLParser

import pytest
from golden import expected_files, pages

from quizlib.raw_html import _VOID as VOID  # elements with no end tag


@pytest.mark.parametrize("page", pages(), ids=lambda page: page.name)
def test_page_matches_its_golden_files(page):
    for path, content in expected_files(page).items():
        assert path.exists(), f"{path.name} is missing: run 'make golden'"
        assert path.read_text(encoding="utf-8") == content, f"{path.name} differs: run 'make golden' and review"


class _QuestionChildren(HTMLParser):
    """The element children of each question's <fieldset>, by its id."""

    def __init__(self) -> None:
        super().__init__()
        self.children: dict[str, list[str]] = {}
        self._open: list[tuple[str, str | None]] = []  # (tag, the question it is a child of)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        parent = self._open[-1] if self._open else None
        if parent and parent[0] == "fieldset" and parent[1]:
            self.children[parent[1]].append(f"{tag}.{found.get('class')}")
        question = found.get("id") if tag == "fieldset" and "qz-question" in (found.get("class") or "") else None
        if question:
            self.children[question] = []
        if tag not in VOID:
            self._open.append((tag, question))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)  # '<input />': no end tag follows

    def handle_endtag(self, tag: str) -> None:
        if any(open_tag == tag for open_tag, _ in self._open):
            while self._open.pop()[0] != tag:
                pass


@pytest.mark.parametrize("page", pages(), ids=lambda page: page.name)
def test_a_question_holds_its_prompt_then_one_block_for_all_the_runtime_shows_and_hides(page):
    """Chromium lays a <fieldset> out again, whole, when a child of its own is shown or hidden (it rebuilt some 60
    boxes per question when the outcome appeared after a check); a child of that child costs one box."""
    for path, content in expected_files(page).items():
        if path.suffix != ".html":
            continue
        parser = _QuestionChildren()
        parser.feed(content)
        assert parser.children, f"{path.name}: no question found"
        for question, children in parser.children.items():
            assert children == ["legend.qz-prompt", "div.qz-body"], f"{path.name}: {question} holds {children}"

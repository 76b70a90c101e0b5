"""One reader, one finder: `check` and the build read every page alike (quizlib.markdown_source).

The build here is what MkDocs does with a page: front matter taken off by MkDocs's own code, then
Python-Markdown with the site's extensions and the quiz extension reporting errors as the quizzes plugin
(quiz_markdown/plugin.py) has it do. `check` must report the very same errors, and every quiz it accepts must
be on the page.
"""

from __future__ import annotations

import html
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown.preprocessors import NormalizeWhitespace
from mkdocs.utils.meta import get_data
from support import mkdocs_build, quiz_site, site_extensions

from quiz_markdown import QuizExtension
from quizlib import QuizError
from quizlib.check import check_text, markdown_files
from quizlib.document import read_markdown
from quizlib.markdown_source import markdown_lines, split_front_matter
from quizlib.quiz_text import code_spans
from quizlib.raw_html import BLOCK_LEVEL

ROOT = Path(__file__).resolve().parent.parent


EXTENSIONS, OPTIONS = site_extensions()


def mkdocs_read(text: str) -> str:
    """The page as MkDocs reads the file: UTF-8 with an optional byte-order mark, in text mode."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def build(text: str, path: str = "p.md") -> tuple[str, list[str]]:
    """The page's HTML and quiz errors, as `mkdocs build` with the quizzes plugin makes them."""
    source = mkdocs_read(text)
    page, _ = get_data(source)
    offset = source[: len(source) - len(page)].count("\n") if source.endswith(page) else 0
    errors: list[object] = []
    options = {**OPTIONS, "quiz_markdown": {"path": path, "line_offset": offset, "on_error": errors.extend}}
    return markdown.Markdown(extensions=EXTENSIONS, extension_configs=options).convert(page), [str(e) for e in errors]


def assert_agree(text: str) -> tuple[str, list[str]]:
    """`check` and the build report the same errors, and every quiz `check` accepts is rendered."""
    page, errors = build(text)
    assert [str(error) for error in check_text(text, "p.md")] == errors
    found, _ = read_markdown(text, "p.md")
    accepted = [item.quiz.id for item in found if item.quiz is not None]
    rendered = re.findall(r'<div class="qz-quiz" [^>]*data-qz-quiz="([^"]+)"', page)
    assert sorted(rendered) == sorted(accepted)  # in order, but for pages that Python-Markdown jumbles
    return page, errors


QUIZ = "```quiz\nquestion: Q\n- [x] a\n- [ ] b\n```\n"
BROKEN = "```quiz\nquestion: Q\n- [ ] a\n- [ ] b\n```\n"
JAVASCRIPT_LINK = "expected a link to a relative address or an http:, https: or mailto: one; found a 'javascript:' link"
RAW_INSIDE = "expected the quiz outside raw HTML such as <div>…</div>, where Markdown is not read; found it inside"
CORPUS = {
    "plain": "# T\n\n" + QUIZ + "\n" + BROKEN,
    "commented-out quiz": "# T\n\n<!--\n" + BROKEN + "-->\n\n" + QUIZ,
    "commented out with blank lines": "# T\n\n<!-- An old quiz:\n\n" + BROKEN + "\n-->\n",
    "comment closed on the fence's line": "<!--\n" + BROKEN + "-->After\n",
    "comment not starting a line": "Text <!--\n" + QUIZ + "-->\n",
    "comment never closed": "<!-- never closed\n\n" + BROKEN,
    "two comments": "<!-- one -->\n\n" + QUIZ + "\n<!--\n" + BROKEN + "-->\n",
    "quiz after an unclosed div": "# T\n\n<div>\n\n" + QUIZ + "\nAfter\n",
    "quiz in a div": "<div markdown>\n\n" + QUIZ + "\n</div>\n\n" + QUIZ.replace("question", "id: b\nquestion"),
    "nested divs": "<div>\n<div>\n</div>\n\n" + BROKEN + "\n</div>\n\n" + QUIZ,
    "div closed on its line": "<div>x</div>\n\n" + QUIZ,
    "details block": "<details>\n<summary>More</summary>\n\n" + QUIZ + "\n</details>\n",
    "lone tags": "<hr>\n\n" + QUIZ + "\n<br/>\n\n" + BROKEN,
    "inline span then a quiz": "Some <span>text\n\n" + QUIZ + "\nand</span>\n",
    "inline script": "A `<script>` in text\n\n" + QUIZ,
    "raw html inside an example": "````markdown\n<div>\n````\n\n" + QUIZ,
    "processing instruction": "<?php echo 1;\n\n" + QUIZ + "\n?>\n",
    "doctype": "<!DOCTYPE html>\n\n" + QUIZ,
    "cdata": "<![CDATA[\n" + BROKEN + "]]>\n\n" + QUIZ,
    "quiz in a blockquote": "# T\n\n> ```quiz\n> question: Q\n> - [x] a\n> ```\n\n" + QUIZ,
    "nested blockquote": "> > ```quiz\n> > question: Q\n> > ```\n",
    "example in a blockquote": "> ````markdown\n> ```quiz\n> ```\n> ````\n",
    "after a list marker": "- ```quiz\n  question: Q\n  ```\n\n" + QUIZ,
    # Found by the property test below: the line after a list item's unclosed fence may open a fence itself.
    "a fence right after a list marker's": "- ```quiz\n````markdown\n" + QUIZ + "\n````\n",
    "a fence after a list marker's other fence": "- ```text\n````markdown\n" + QUIZ + "````\n",
    "a tilde fence after a list marker's quiz": "1. ```quiz\n~~~\n" + QUIZ + "~~~\n" + QUIZ,
    "a fence after a list marker in a blockquote": "> - ```text\n````markdown\n" + QUIZ + "````\n",
    "a fence after a blockquote in a list item": "- > ```text\n````markdown\n" + QUIZ + "````\n",
    "under a list item": "- An item\n\n  ```quiz\n  question: Q\n  - [x] a\n  - [ ] b\n  ```\n",
    "in an admonition": "!!! note\n\n    ```quiz\n    question: Q\n    - [x] a\n    ```\n",
    "commented-out admonition": "<!--\n!!! note\n\n    ```quiz\n    question: Q\n    ```\n-->\n",
    "blockquote in a comment": "<!--\n> ```quiz\n> ```\n-->\n",
    "unclosed quiz fence": "# T\n\n```quiz\nquestion: Q\n",
    "unclosed quiz fence, commented out": "<!--\n```quiz\nquestion: Q\n-->\n\n" + QUIZ,
    "front matter with a quiz line": "---\ntitle: T\ndescription: |\n  ```quiz\n  not a quiz\n---\n\n# T\n\n" + BROKEN,
    "front matter ending in dots": "---\ntitle: T\n...\n\n\n" + BROKEN,
    "front matter that is not YAML": "---\n```quiz\nquestion: Q\n- [x] a\n- [ ] b\n```\n---\n\n" + BROKEN,
    "front matter that is a list": "---\n- a\n- b\n---\n\n" + BROKEN,
    "multimarkdown meta-data": "title: T\nsummary: a page\n    more\n\n" + BROKEN,
    "leading blank lines": "\n\n\n" + BROKEN,
    "results fence": "# Results\n\n```quiz-results\n```\n",
    "results example in a longer fence": "````markdown\n```quiz-results\n```\n````\n",
    "results with text": "```quiz-results\nsomething\n```\n",
    "results in raw html": "<div>\n\n```quiz-results\n```\n\n</div>\n",
    "bom, crlf and tabs": "\ufeff# Title\r\n\r\n```quiz\r\nquestion: Q\r\n- [x] a\r\n\tbad: 1\r\n```\r\n",
    "old mac line ends": "# Title\r\r```quiz\rquestion: Q\r- [x] a\r```\r",
    "line and paragraph separators": "# T\u2028x\u2029y\n\n```quiz\nquestion: Q\u2028still line 4\n- [x] a\n```\n",
    "form feed and vertical tab": "# T\f\v\n\n```quiz\nquestion: Q\f\n- [x] a\n- [ ] b\n```\n",
    "markdown's own markers": "# T\x02\x03\n\n```quiz\nquestion: Q\x02\n- [x] a\x03\n```\n",
    "spaces-only lines": "   \n# T\n   \n```quiz\nquestion: Q\n   \n- [x] a\n```\n",
    "attribute list in a text": "```quiz\nquestion: *Q*{onmouseover=alert(1)}\n- [x] `a`{: style=x}\n- [ ] b\n```\n",
    "javascript link": "```quiz\nquestion: [Q](javascript:alert(1))\n- [x] <javascript://%0aalert(1)>\n"
    "- [ ] [b](javascript&colon;x) [c](data:text/html,x) [d](<vbscript:x>)\n```\n",
    "reference link": "[bad]: javascript:alert(1)\n\n```quiz\nquestion: [Q][bad] or [bad]\n- [x] a\n- [ ] b\n```\n",
    "image": "```quiz\nquestion: ![Q](x.png)\n- [x] a\n- [ ] b\n```\n",
    "allowed inline markdown": "```quiz\nquestion: *a* **b** `<c>` [d](e.md) <https://f.g> <h@i.j> &copy; <b>\n"
    '- [x] [k](mailto:l@m.n) [o](HTTPS://p.q "title") [r](#s)\n- [ ] b\n```\n',
}


@pytest.mark.parametrize("name", CORPUS)
def test_check_and_the_build_agree(name):
    assert_agree(CORPUS[name])


def test_what_the_agreement_covers():
    """The corpus exercises each decision: errors where the build would hide or garble a quiz, none for comments."""
    assert build(CORPUS["commented-out quiz"])[1] == []
    assert build(CORPUS["comment not starting a line"])[0].count('class="qz-quiz"') == 1
    assert build(CORPUS["comment never closed"])[1] == [
        "p.md:4:1: expected a correct choice marked '- [x]'; found none"
    ]
    assert build(CORPUS["quiz after an unclosed div"])[1] == [
        "p.md:5:1: expected the quiz outside raw HTML such as <div>…</div>, where Markdown is not read; found it after "
        "the <div> of line 3, which is never closed (close it with </div> before the quiz)"
    ]
    assert build(CORPUS["quiz in a div"])[1] == [f"p.md:3:1: {RAW_INSIDE} the <div> of line 1"]
    assert build(CORPUS["quiz in a blockquote"])[1] == [
        "p.md:3:3: expected the quiz fence at the start of its line; found it in a blockquote ('>'); take it out of "
        "the blockquote (Markdown would not read it as a quiz there)"
    ]
    assert build(CORPUS["after a list marker"])[1] == [
        "p.md:1:3: expected the quiz fence at the start of its line; found it after a list marker ('-'); put it on a "
        "line of its own (Markdown would not read it as a quiz there)"
    ]
    assert build(CORPUS["example in a blockquote"])[1] == []
    assert build(CORPUS["front matter with a quiz line"])[1] == [
        "p.md:11:1: expected a correct choice marked '- [x]'; found none"
    ]
    assert build(CORPUS["front matter that is not YAML"])[1] == [
        "p.md:10:1: expected a correct choice marked '- [x]'; found none"
    ]
    assert build(CORPUS["results with text"])[1] == [
        "p.md:1:1: expected an empty quiz-results fence (it shows the reader's saved results); found text in it"
    ]
    assert build(CORPUS["bom, crlf and tabs"])[1] == [
        "p.md:4:1: expected at least two choices ('- [ ] …') for this question; found 1",
        "p.md:6:5: expected 'feedback: …' under a choice; found 'bad: 1'",
    ]
    assert [error.split(": ", 1)[0] for error in build(CORPUS["attribute list in a text"])[1]] == [
        "p.md:2:14",
        "p.md:3:10",
    ]


def test_a_results_fence_is_a_results_page_only_at_the_top_level():
    page, _ = assert_agree(CORPUS["results fence"])
    assert 'class="qz-my-results-table"' in page
    example, _ = assert_agree(CORPUS["results example in a longer fence"])
    assert "qz-my-results" not in example and "```quiz-results" in html.unescape(re.sub("<[^>]+>", "", example))


QUIZ_TEXT = st.sampled_from(
    [
        "*x*{onclick=y}",
        "`c`{.x}",
        "[a](javascript:x)",
        "[a](b.md)",
        "<https://a.b>",
        "![i](j)",
        "a < b",
        "`a<b`",
        "[a][r]",
        "&lt;",
        "**s**",
    ]
)
FRAGMENT = st.one_of(
    st.sampled_from(
        [
            QUIZ,
            BROKEN,
            "<div>",
            "</div>",
            "<div>x</div>",
            "<!--",
            "-->",
            "<!-- x -->",
            "<span>",
            "</span>",
            "> ```quiz",
            "> ```",
            "````markdown",
            "````",
            "```",
            "- ```quiz",
            "> - ```text",
            "- > ```quiz",
            "    ```quiz\n    question: Q\n    ```",
            "<details>",
            "</details>",
            "<hr>",
            "<?x ?>",
            "Text",
            "",
            "[r]: javascript:x",
            "```quiz-results\n```",
        ]
    ),
    QUIZ_TEXT.map(lambda text: f"```quiz\nquestion: {text}\n- [x] a\n- [ ] b\n```"),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(FRAGMENT, max_size=12))
def test_check_and_the_build_agree_on_any_mix_of_quizzes_html_and_containers(fragments):
    assert_agree("\n".join(fragments) + "\n")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["a", " ", "\t", "\n", "\r", "\x02", "\x03", "\u2028", "\f", "```", "-"])).map("".join))
def test_the_reader_turns_text_into_lines_as_python_markdown_does(text):
    normalized = NormalizeWhitespace(markdown.Markdown()).run(text.split("\n"))
    assert markdown_lines(text) == normalized


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(["---", "...", "title: T", "- a", "  x", "    more", "", "# H", "a: [", "```quiz", "key:"]),
        max_size=8,
    )
)
def test_front_matter_goes_as_mkdocs_takes_it_off(lines):
    text = "\n".join(lines) + "\n"
    page, _ = get_data(text)
    assert split_front_matter(text) == (page, text[: len(text) - len(page)].count("\n"))


def test_the_block_level_tags_are_python_markdowns():
    assert set(markdown.Markdown().block_level_elements) == BLOCK_LEVEL


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["`", "``", "\\", "a", " "]), max_size=30).map("".join))
def test_code_spans_are_where_python_markdown_finds_them(text):
    """Found in n log n time, where a regular expression would take exponential time on long backtick runs."""
    rendered = markdown.markdown("x " + text)
    expected = [html.unescape(code) for code in re.findall(r"<code>(.*?)</code>", rendered, re.S)]
    spans = code_spans("x " + text)
    found = []
    for start, end in spans:
        span = ("x " + text)[start:end]
        ticks = len(span) - len(span.rstrip("`"))
        found.append(span[ticks : len(span) - ticks].strip())
    assert found == expected


def test_long_backtick_runs_are_read_in_bounded_time():
    """Behaviour, not time: 10,000 backticks in a quiz text, and backtick runs of every length, are read."""
    ticks = "`" * 10_000
    page, errors = assert_agree(f"```quiz\nquestion: {ticks} and `a<b`\n- [x] a {ticks}\n- [ ] b\n```\n")
    assert errors == [] and f"<code>{ticks[1:]} and</code>a&lt;b`" in page and f"a {ticks}</span>" in page
    assert code_spans(" ".join("`" * n for n in range(1, 200))) == []  # each run longer than the one before
    assert code_spans("x ``a` ``b`` `c`") == [(2, 9), (10, 14)]  # 'a`' and, from the fallback, '`'


def test_a_page_of_unterminated_tags_is_checked_in_bounded_time():
    """Python-Markdown itself takes quadratic time on these; check reads them once (see bench/check_speed.py)."""
    for junk in ("<a\n", "</a\n", "<?a\n", "<!DOCTYPE\n", "<![CDATA[\n", "<!--\n"):
        assert [error.line for error in check_text(junk * 50_000 + BROKEN, "p.md")] == [50_002], junk


class _QuizTexts(HTMLParser):
    """Every element inside a quiz text (a 'qz-text' span) of a page: its tag and attribute names."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0  # open elements inside the current quiz text, the span counted
        self.found: list[tuple[str, set[str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.depth or dict(attrs).get("class") == "qz-text":
            self.found.append((tag, {name for name, _ in attrs}))
            self.depth += tag not in ("br", "img")

    def handle_endtag(self, tag: str) -> None:
        self.depth = max(self.depth - 1, 0) if self.depth else 0


def test_rendered_quiz_texts_hold_only_the_allowed_markup():
    page, errors = assert_agree(CORPUS["allowed inline markdown"])
    texts = _QuizTexts()
    texts.feed(page)
    assert errors == [] and len(texts.found) > 10
    for tag, attributes in texts.found:
        assert (tag, attributes) == ("span", {"class"}) or tag in {"em", "strong", "code", "a"}
        assert tag == "span" or attributes <= ({"href", "title"} if tag == "a" else set())
    assert "<code>&lt;c&gt;</code>" in page and "&lt;b&gt;" in page and "&copy;" in page
    assert '<a href="https://f.g">' in page and '<a href="HTTPS://p.q" title="title">' in page


def test_the_build_checks_what_inline_markdown_made_of_each_text(monkeypatch):
    """What `check` cannot see without rendering is caught in the rendered text, which is then shown plain."""
    import quizlib.document

    monkeypatch.setattr(quizlib.document, "text_errors", lambda *args, **kwargs: [])  # as if check had missed all
    page, errors = build(
        "[bad]:\n    javascript:alert(1)\n\n```quiz\nquestion: *Q*{onmouseover=alert(1)}\n"
        "- [x] [a][bad] and ![i](x.png)\n- [ ] [b](javascript&#58;x)\n```\n"
    )
    assert errors == [
        "p.md:5:14: expected no attributes in a quiz text (quiz texts take emphasis, strong, code and links to "
        "relative, http:, https: or mailto: addresses); found 'onmouseover' on <em>",
        f"p.md:6:1: {JAVASCRIPT_LINK}",
        "p.md:6:20: expected only emphasis, strong, code and links in a quiz text; found <img>",
        f"p.md:7:1: {JAVASCRIPT_LINK}",
    ]
    markup = re.sub(r' data-qz="[^"]*"', "", page)  # the quiz's data carries its source texts, as text
    assert "onmouseover" not in markup and "javascript" not in markup and "<img" not in markup
    assert '<span class="qz-text">Q</span>' in markup and '<span class="qz-text">a and </span>' in markup  # plain


def test_check_finds_reference_links_the_build_would_render():
    """A reference whose target is on the line after its label is only seen in the rendered text."""
    text = "[bad]:\n    javascript:alert(1)\n\n```quiz\nquestion: [Q][bad]\n- [x] a\n- [ ] b\n```\n"
    assert check_text(text, "p.md") == []
    assert build(text)[1] == [f"p.md:5:1: {JAVASCRIPT_LINK}"]


def test_a_real_build_and_check_list_the_same_errors(tmp_path):
    """MkDocs itself (its front matter reading, the quizzes plugin's error listing) against `quizlib check`."""
    pages = ["front matter with a quiz line", "commented-out quiz", "quiz after an unclosed div",
             "quiz in a blockquote", "results example in a longer fence", "attribute list in a text",
             "bom, crlf and tabs", "plain"]  # fmt: skip
    config = quiz_site(tmp_path, {f"page{number}.md": CORPUS[name] for number, name in enumerate(pages)}, EXTENSIONS)
    built = mkdocs_build(tmp_path / "site", config=config)
    assert built.returncode == 1 and "Traceback" not in built.stderr
    listed = [line for line in built.stderr.split(" quiz errors:\n", 1)[1].splitlines() if line.startswith("docs/")]
    checked = subprocess.run(
        [sys.executable, "-m", "quizlib", "check", "docs"], capture_output=True, text=True, cwd=tmp_path
    )
    assert checked.stdout.splitlines() == listed
    assert len(listed) == 8 and {line.split(":")[0] for line in listed} == {
        f"docs/page{number}.md" for number in (0, 2, 3, 5, 6, 7)
    }


@pytest.mark.parametrize(
    "page",
    [*sorted((ROOT / "docs").rglob("*.md")), *sorted((ROOT / "tests" / "golden").glob("*.md"))],
    ids=lambda page: str(page.relative_to(ROOT)),
)
def test_check_and_the_build_agree_on_the_sites_own_pages(page):
    assert_agree(page.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("See [the host](//evil.example/path).", "found a link to another host starting '//'"),
        ("See [the host](/\\evil.example).", "found a link to another host starting '//'"),
        ("[TOC]", "expected no table of contents in a quiz text"),
    ],
)
def test_links_to_other_hosts_and_tables_of_contents_are_refused_by_check_and_build(text: str, message: str):
    page = f"# Page\n\n## Part\n\n```quiz\nquestion: {text}\n- [x] a\n- [ ] b\n```\n"
    checked = check_text(page, "p.md")
    assert [error.line for error in checked] == [6] and message in checked[0].message
    built: list[QuizError] = []
    markdown.Markdown(extensions=["toc", "attr_list", QuizExtension(path="p.md", on_error=built.extend)]).convert(page)
    assert built and message in built[0].message


def test_check_reads_the_pages_mkdocs_reads(tmp_path: Path):
    for name in ("a.md", "b.markdown", "c.mkd", ".drafts/d.md", "templates/e.md", "f.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("# x\n")
    assert [path.name for path in markdown_files([str(tmp_path)])] == ["a.md", "b.markdown", "c.mkd"]

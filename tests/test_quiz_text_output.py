"""Whatever a quiz text holds, the HTML it becomes has only the elements and attributes of one documented list.

Every text slot (title, bands, prompt, alternative, choices, feedback, hints, explanations, contexts, profile
and note texts) is filled with hostile texts and rendered by the site's own Markdown, as the build renders it:
with `python -m quizlib check`'s early checks, and without them (so that the check of the rendered HTML is
tested alone). The HTML is then read by a parser of the test's own, and compared with `ALLOWED_MARKUP`.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import markdown
import pytest
from markdown import Extension
from markdown.postprocessors import Postprocessor
from support import mkdocs_build, quiz_site, site_extensions

import quizlib.document
from quizlib.quiz_text import ALLOWED_MARKUP, ALLOWED_SCHEMES, allowed_markup_listing, markup_problems

ROOT = Path(__file__).resolve().parent.parent
ERROR = re.compile(r"p\.md:\d+:\d+: expected .+; found .+")


EXTENSIONS, OPTIONS = site_extensions()

REFERENCES = "[ref]: javascript:alert(1)\n[safe]: ../index.md\n\n"
GRADED = """```quiz
title: {t}
band: 0-49%: {t}
band: 50-100%: {t}

question: {t}
- [x] {t}
  feedback: {t}
- [ ] plain
hint: {t}
explain: {t}
```
"""
SELF_ASSESSMENT = """```quiz
context: {t} | second
scale: s
name: Scale
minimum: 1
band: 1.00-5.00: low

question: {t}
alternative: {t}
type: likert
measures: s

profile: p
when: always
title: {t}
text: {t}

note: n
when: agreement > 0
text: {t}
```
"""
# Texts that must be refused, whichever layer refuses them.
REFUSED = [
    '*a*{ style="position:fixed;inset:0" }',
    "**a**{: onclick=alert(1) }",
    "`c`{ #id .class }",
    "[a](../index.md){ target=_blank }",
    "[a](javascript:alert(1))",
    "[a](JaVaScRiPt:alert(1))",
    "[a]( javascript:alert(1))",
    "[a](&#106;ava&#x73;&#99;ript:alert(1))",
    "[a](data:text/html,<script>alert(1)</script>)",
    "[a](vbscript:x)",
    "[a](//evil.example/)",
    "[a](/\\evil.example/)",
    "[a](\\\\evil.example/)",
    "[a](/root/page/)",
    "[a][ref]",
    "[ref][]",
    "[ref]",
    "![i](x.png)",
    '![i](x.png "t")',
]
# Refused by `check` (and so by the build) before rendering; rendered, they are harmless text or a relative link.
REFUSED_EARLY = ["[a](<javascript:alert(1)>)", "[TOC]"]
# Texts that are fine: markup is shown as typed, or becomes allowed elements.
SHOWN = [
    '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    "<iframe src=https://evil.example/></iframe>",
    '<div style="position:fixed;inset:0">x</div>',
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    "<!-- comment -->",
    "<?php x ?>",
    "<![CDATA[x]]>",
    "<!DOCTYPE html>",
    '<span markdown="1">*x*</span>',
    "&lt;b&gt; &#60;iframe&#62; &#x3C;meta&#x3E; &amp;lt;",
    "\\<iframe> \\\\<iframe>",
    "`<iframe>` ``<meta>``",
    "<https://example.org/>",
    "<javascript:alert(1)>",
    "<a@b.example>",
    '<http://x.example/" onmouseover="alert(1)>',
    '[a](https://x.example/" onclick="y)',
    "[a](https://x.example/ 'a\" onclick=\"b')",
    "[a](mailto:a@b.example) [b](#part) [c](../index.md#the-short-answer) [d](HTTPS://x.example/)",
    "*a* **b** _c_ __d__ ***e***",
    "[safe] [x][safe]",
    "a  ",
]


class _Texts(HTMLParser):
    """Every element inside a quiz text (a 'qz-text' span): its tag and attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.texts = 0
        self.found: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.depth:
            self.found.append((tag, dict(attrs)))
            self.depth += 1
        elif tag == "span" and dict(attrs).get("class") == "qz-text":
            assert attrs == [("class", "qz-text")]
            self.depth, self.texts = 1, self.texts + 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.depth:
            self.found.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        self.depth = max(self.depth - 1, 0)

    def handle_comment(self, data: str) -> None:
        assert not self.depth, f"a comment in a quiz text: {data!r}"


def _href_allowed(href: str) -> bool:
    href = re.sub(r"[\t\n\r]", "", href).strip("".join(chr(code) for code in range(0x21)))
    if href.startswith(("/", "\\")):
        return False
    scheme = urlsplit(href).scheme
    return not scheme or scheme.lower() in ALLOWED_SCHEMES


def assert_only_allowed_markup(page: str) -> int:
    """Every quiz text of the page holds only `ALLOWED_MARKUP`; how many texts it has."""
    texts = _Texts()
    texts.feed(page)
    texts.close()
    for tag, attributes in texts.found:
        assert tag in ALLOWED_MARKUP, tag
        assert set(attributes) <= ALLOWED_MARKUP[tag], (tag, attributes)
        assert tag != "a" or _href_allowed(attributes.get("href") or ""), attributes
    return texts.texts


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str | None]]] = []
        self.comments: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, dict(attrs)))

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)


def assert_nothing_active(page: str) -> None:
    """No element of the page (a built fragment: the quiz and its texts) can load, run, restyle or redirect."""
    elements = _Elements()
    elements.feed(page)
    elements.close()
    assert not elements.comments
    for tag, attributes in elements.found:
        assert tag not in {"iframe", "meta", "img", "script", "style", "svg", "object", "embed", "link", "base"}, tag
        assert not any(name == "style" or name.startswith("on") for name in attributes), (tag, attributes)


def build(text: str, extensions: list[object] | None = None) -> tuple[str, list[str]]:
    errors: list[object] = []
    options = {**OPTIONS, "quiz_markdown": {"path": "p.md", "on_error": errors.extend}}
    md = markdown.Markdown(extensions=[*EXTENSIONS, *(extensions or [])], extension_configs=options)
    return md.convert(text), [str(error) for error in errors]


@pytest.fixture(params=["with check's early errors", "rendered HTML check alone"])
def layers(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    if request.param == "rendered HTML check alone":
        monkeypatch.setattr(quizlib.document, "text_errors", lambda *args, **kwargs: [])
    return str(request.param)


@pytest.mark.parametrize("template", [REFERENCES + GRADED, REFERENCES + SELF_ASSESSMENT], ids=["graded", "self"])
@pytest.mark.parametrize("text", REFUSED + REFUSED_EARLY)
def test_hostile_texts_are_refused_with_their_place(text: str, template: str, layers: str):
    page, errors = build(template.replace("{t}", f"Q {text}"))
    assert errors or (text in REFUSED_EARLY and layers == "rendered HTML check alone"), "expected an error"
    for error in errors:
        assert ERROR.fullmatch(error), error
    assert_only_allowed_markup(page)
    assert_nothing_active(page)


@pytest.mark.parametrize("template", [REFERENCES + GRADED, REFERENCES + SELF_ASSESSMENT], ids=["graded", "self"])
@pytest.mark.parametrize("text", SHOWN)
def test_markup_in_texts_is_shown_as_typed_or_allowed(text: str, template: str, layers: str):
    page, errors = build(template.replace("{t}", f"Q {text}"))
    assert errors == []
    assert assert_only_allowed_markup(page) >= template.count("{t}")
    assert_nothing_active(page)


class _Hostile(Extension):
    """An extension that changes the page's HTML after Python-Markdown's tree: as some extensions' postprocessors
    do. The check reads the HTML as the page holds it, so what such an extension adds to a quiz text is caught."""

    def __init__(self, replace: tuple[str, str]) -> None:
        super().__init__()
        self.replace = replace

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        replace = self.replace

        class Rewrite(Postprocessor):
            def run(self, text: str) -> str:
                return text.replace(*replace)

        md.postprocessors.register(Rewrite(md), "hostile", 10)


@pytest.mark.parametrize(
    ("replace", "message"),
    [
        (("<em>", '<em style="position:fixed">'), "found 'style' on <em>"),
        (("<em>", "<em onclick=alert(1)>"), "found '<em onclick=alert(1)>'"),
        (("<em>", '<iframe src="https://evil.example/"></iframe><em>'), "found <iframe>"),
        (("<em>", '<meta http-equiv="refresh" content="0"><em>'), "found <meta>"),
        (("<em>", '<a href="javascript:alert(1)"><em>'), "found a 'javascript:' link"),
        (("<em>", "<!-- x --><em>"), "found '<!-- x -->'"),
        (("<em>", "</span><iframe></iframe><span><em>"), "expected no HTML in a quiz text"),
        (("<em>", "<EM>"), "found '<EM>'"),
    ],
)
def test_what_any_extension_adds_to_a_text_is_caught_in_the_final_html(replace: tuple[str, str], message: str):
    page, errors = build("```quiz\nquestion: A *b* c\n- [x] a\n- [ ] b\n```\n", [_Hostile(replace)])
    assert errors and all(error.startswith("p.md:2:") for error in errors), errors
    assert any(message in error for error in errors), errors
    assert '<span class="qz-text">A b c</span>' in page  # shown as bare text
    assert replace[1] not in page
    assert_nothing_active(page)


@pytest.mark.parametrize(
    ("extension", "text", "found"),
    [
        ("pymdownx.mark", "==marked==", "<mark>"),
        ("pymdownx.caret", "^^inserted^^", "<ins>"),
        ("pymdownx.tilde", "~~deleted~~", "<del>"),
        ("pymdownx.keys", "++ctrl+alt++", "<kbd>"),
        ("pymdownx.inlinehilite", "`#!python print(1)`", "'class' on <code>"),
        ("pymdownx.emoji", "smile :smile:", "<img>"),
        ("abbr", "HTML\n\n*[HTML]: Hyper Text", "<abbr>"),
    ],
)
def test_other_markdown_extensions_cannot_widen_the_list(extension: str, text: str, found: str):
    """A host with more extensions than this site gets an error for what they add, not wider quiz texts."""
    page, errors = build(f"```quiz\nquestion: Q {text.split(chr(10))[0]}\n- [x] a\n- [ ] b\n```\n"
                         + "".join(text.split("\n", 1)[1:]), [extension])  # fmt: skip
    assert any(found in error for error in errors) and all(ERROR.fullmatch(error) for error in errors), errors
    assert_only_allowed_markup(page)


@pytest.mark.parametrize(
    ("fragment", "message"),
    [
        ('<span class="qz-text">a <em>b</em> <a href="x/" title="t">c</a> &lt;d&gt; &#60;</span>', None),
        ('<span class="qz-text" style="x">a</span>', "found 'style' on <span>"),
        ('<span class="qz-text">a</span><iframe></iframe>', "found '<iframe>'"),
        ('<span class="qz-text">a<br /></span>', "found <br>"),
        ('<span class="qz-text"><a href="/x">a</a></span>', "found a link from the server's root starting '/'"),
        ('<span class="qz-text"><a href=" \tjava\nscript:x">a</a></span>', "found a 'javascript:' link"),
        ('<span class="qz-text"><a href="&#106;avascript:x">a</a></span>', "found a 'javascript:' link"),
        ('<span class="qz-text"><a href="\\\\evil">a</a></span>', "found a link to another host starting '//'"),
        ('<span class="qz-text"><em/>a</span>', "found '<em/>'"),
        ('<span class="qz-text"><em>a</span>', "found '</span>'"),
        ('<span class="qz-text">a</em></span>', "found '</em>'"),
        ('<span class="qz-text"><a href=x>a</a></span>', "found '<a href=x>'"),
        ('<span class="qz-text"><svg><script>x</script></svg></span>', "found <svg>"),
        ('<span class="qz-text"><!DOCTYPE x></span>', "found '<!DOCTYPE x>'"),
        ("a", "found 'a'"),
    ],
)
def test_the_rendered_html_check_on_its_own(fragment: str, message: str | None):
    problems = markup_problems(fragment, outer=("span", {"class": "qz-text"}))
    if message is None:
        assert problems == []
    else:
        assert any(message in found for found, _ in problems), problems


def test_the_documented_list_is_the_checked_one():
    page = (ROOT / "docs" / "contribute" / "writing-quizzes.md").read_text()
    bullet = next(item for item in page.split("\n- ") if "the HTML it becomes" in item)
    bullet = " ".join(bullet.split())
    assert f"the elements {allowed_markup_listing()}, with no other attribute" in bullet
    schemes = sorted(ALLOWED_SCHEMES)
    assert f"`{schemes[0]}:`, `{schemes[1]}:` or `{schemes[2]}:` address" in bullet and len(schemes) == 3
    assert allowed_markup_listing() == "`<a href title>`, `<code>`, `<em>`, `<strong>`"


def test_the_real_sites_quiz_texts_hold_only_the_listed_markup(built_site: Path):
    pages = [path.read_text() for path in built_site.rglob("*.html")]
    assert sum(assert_only_allowed_markup(page) for page in pages) > 200
    assert not any("\x02" in page or "\x03" in page for page in pages)  # every quiz text was checked


def test_a_mkdocs_build_checks_each_texts_html(tmp_path: Path):
    """In MkDocs, which runs the postprocessors on the page's title too: an element not listed stops the build."""
    page = "# Home\n\n## Part\n\n```quiz\nquestion: A ==marked== word\n- [x] a\n- [ ] b\n```\n"
    config = quiz_site(tmp_path, {"index.md": page}, ["quiz_markdown", "pymdownx.mark", "{toc: {permalink: true}}"])
    done = mkdocs_build(tmp_path / "site", config=config)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert (
        "docs/index.md:6:1: expected only emphasis, strong, code and links in a quiz text; found <mark>"
        in done.stderr.splitlines()
    ), done.stderr

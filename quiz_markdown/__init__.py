"""A Python-Markdown extension that turns ```quiz fences into quizzes, using quizlib.

Works in any Python-Markdown host (MkDocs, Zensical, plain ``markdown``): add ``quiz_markdown`` to the
Markdown extensions. Quiz texts are rendered by the page's own Markdown, so their links are checked
and rewritten like any other link on the page.

An empty ```` ```quiz-results ```` fence shows the reader's saved results from every quiz. A fence
opened with ```` ```quiz show-source ```` also shows the quiz's source above it, for
reference pages built from live examples.

Quizzes are found by quizlib's one reader (`quizlib.markdown_source`), the very one `python -m quizlib
check` uses: this extension has Python-Markdown normalise the page with it, and finds fences with it.
The HTML each quiz text becomes is then checked as the page's Markdown writes it (after every tree
processor, and after the postprocessors that put raw HTML and '&' back), against one list
(`quizlib.quiz_text.ALLOWED_MARKUP`): emphasis, strong, code and links to relative, http:, https: or
mailto: addresses, with no attributes but a link's href and title, and no other HTML. Anything else (an
attribute list, an image, a javascript: link, an element another extension adds) is an error with its
place, and the text is shown plain.

Options:

| option        | default | meaning                                                                    |
|---------------|---------|----------------------------------------------------------------------------|
| `path`        | `""`    | the source file named in error messages                                    |
| `line_offset` | `0`     | lines above the Markdown text in that file (front matter the host removed) |
| `language`    | `"en"`  | language of the interface texts                                            |
| `on_error`    | none    | called with the list of `QuizError`; without it the first page raises      |

Under Zensical, which sets no options per page, `path` and `line_offset` are found from the page it renders.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from html import escape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from markdown import Extension, Markdown, inlinepatterns
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import NormalizeWhitespace, Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import ETX, STX, AtomicString

from quizlib import QuizError, QuizErrors, render_quiz
from quizlib.document import FoundQuiz, read_document
from quizlib.markdown_source import PAGE, QUIZ, RAW_HTML_QUIZ, markdown_lines
from quizlib.quiz_text import markup_problems
from quizlib.raw_html import COMMENT
from quizlib.render import render_results_page
from quizlib.strings import ui_strings

_MARKDOWN_TEXT = "qz-text"
_LINE = "data-qz-line"  # the source line of a quiz text, from its rendering until the tree processor
_LT = f"{STX}qz-lt{ETX}"  # a '<' of a quiz text, kept from inline Markdown's raw HTML until it has run
_MISREAD = (
    "expected the quiz clearly inside or clearly outside HTML; found 'python -m quizlib check' reading it as {how} "
    "and Markdown as page text (move the quiz away from the HTML around it)"
)

ErrorHandler = Callable[[list[QuizError]], None]


class QuizExtension(Extension):
    """Register the quiz preprocessor (finds and checks quizzes) and tree processors (place and check them)."""

    def __init__(self, **kwargs: Any) -> None:
        self.config = {
            "path": ["", "source file named in error messages"],
            "line_offset": [0, "lines above the Markdown text in the source file"],
            "language": ["en", "language of the interface texts"],
            # Not None: Python-Markdown would turn a None default into a bool.
            "on_error": ["", "called with the list of errors; without it, errors raise QuizErrors"],
        }
        super().__init__(**kwargs)
        self.rendered: dict[str, str] = {}
        self.places: dict[str, str] = {}  # placeholder: where quizlib reads its fence (PAGE, COMMENT or RAW)
        self.lines: dict[str, int] = {}  # placeholder: line of its fence in the source file
        self.sources: dict[int, tuple[str, int]] = {}  # line: the quiz line there, and its fence's indent
        self.texts: list[tuple[ElementTree.Element, int]] = []  # the quiz texts placed, and their lines
        self.marked: list[int] = []  # the line of each quiz text marked in the tree, by its number
        self.host: tuple[str, int] | None = None  # (path, line offset) the host told of, when not set as options

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        md.registerExtension(self)
        preprocessors = md.preprocessors
        # First of all: the page's text as the host gave it, to find where it sits in its file.
        md.preprocessors.register(_HostPage(md, self), "quiz-host-page", 1000)
        if (
            "normalize_whitespace" in preprocessors
            and type(preprocessors["normalize_whitespace"]) is NormalizeWhitespace
        ):
            # The same text to lines as `check`, by construction (the same as Python-Markdown's own: tested).
            md.preprocessors.register(_Normalize(md), "normalize_whitespace", 30)
        # After whitespace normalisation (30), before any fenced-code handling (25).
        md.preprocessors.register(_QuizPreprocessor(md, self), "quiz", 29)
        # Before inline Markdown (20), so that the quiz texts are rendered like the rest of the page.
        md.treeprocessors.register(_QuizTreeprocessor(md, self), "quiz", 25)
        # After inline Markdown (20), attribute lists (8) and the table of contents (5): what the quiz texts became.
        md.treeprocessors.register(_QuizTextTreeprocessor(md, self), "quiz-texts", 4)
        # After raw HTML (30) and '&' (20) are put back: the quiz texts' HTML as the page will hold it.
        md.postprocessors.register(_QuizTextPostprocessor(md, self), "quiz-texts", 5)
        # Last: a placeholder still in the page sat where Markdown is not read (a raw HTML block).
        md.postprocessors.register(_LeftoverPostprocessor(md, self), "quiz-leftover", 1)

    def reset(self) -> None:
        self.rendered.clear()
        self.places.clear()
        self.lines.clear()
        self.sources.clear()
        self.texts.clear()
        self.marked.clear()
        self.host = None

    def path(self) -> str:
        return str(self.getConfig("path") or (self.host and self.host[0]) or "<markdown>")

    def line_offset(self) -> int:
        return int(self.getConfig("line_offset") or (self.host and self.host[1]) or 0)

    def report(self, errors: list[QuizError]) -> None:
        handler: ErrorHandler | str = self.getConfig("on_error")
        if not callable(handler):
            raise QuizErrors(errors)
        handler(errors)


class _HostPage(Preprocessor):
    """Where the page comes from, when the host sets no options per page but says so another way.

    Zensical keeps the page being rendered in a preprocessor named 'rendering_context' (``page.path``, under
    its configuration's ``docs_dir``, itself under ``root_dir``). The path is shown relative to the current
    folder when inside it; the line offset is what the host removed from the file's start (front matter),
    found as the hooks find it: the text given is the end of the file."""

    def __init__(self, md: Markdown, extension: QuizExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, lines: list[str]) -> list[str]:
        if self.extension.getConfig("path") or "rendering_context" not in self.md.preprocessors:
            return lines
        context = self.md.preprocessors["rendering_context"]
        page, config = getattr(context, "page", None), getattr(context, "config", None)
        if not isinstance(getattr(page, "path", None), str) or not isinstance(config, dict):
            return lines
        source = Path(config.get("root_dir") or ".", config.get("docs_dir") or "docs", page.path).resolve()
        try:
            with source.open(encoding="utf-8-sig", newline="") as file:  # CRLF kept, as the host gives it
                text = file.read()
        except (OSError, UnicodeError):
            text = ""
        markdown = "\n".join(lines)
        removed = text[: len(text) - len(markdown)] if markdown and text.endswith(markdown) else ""
        here = Path.cwd()
        shown = source.relative_to(here).as_posix() if source.is_relative_to(here) else source.as_posix()
        self.extension.host = (shown, removed.count("\n"))
        return lines


class _Normalize(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        return markdown_lines("\n".join(lines))


class _QuizPreprocessor(Preprocessor):
    def __init__(self, md: Markdown, extension: QuizExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, lines: list[str]) -> list[str]:
        extension = self.extension
        path = extension.path()
        offset = extension.line_offset()
        language = extension.getConfig("language")
        found, errors = read_document(lines, path, offset)
        if errors:
            extension.report(errors)
        output: list[str] = []
        position = 0
        for item in found:
            block = item.block
            key = f"{STX}quiz:{len(extension.rendered)}{ETX}"
            extension.places[key] = block.place
            extension.lines[key] = block.line + offset
            extension.rendered[key] = self.html(item, offset, language) if block.place == PAGE else ""
            output.extend(lines[position : block.start])
            if block.place == PAGE and "show-source" in block.info.split()[1:]:
                # For reference pages: the example's source, then the working quiz it makes.
                output.extend(["", "````text", *block.body.split("\n"), "````"])
            # A quiz commented out, or in raw HTML (an error), leaves a placeholder too: to be sure that
            # Markdown does not read it either.
            output.extend(["", key, ""])
            position = block.end + 1
        output.extend(lines[position:])
        return output

    def html(self, item: FoundQuiz, offset: int, language: str) -> str:
        if item.block.kind != QUIZ:
            return render_results_page(language)
        if item.quiz is None:
            return f'<p class="qz-broken">{escape(ui_strings(language)["quiz_broken"])}</p>'
        return render_quiz(item.quiz, inline=self.marker(item, offset), language=language)

    def marker(self, item: FoundQuiz, offset: int) -> Callable[[str], str]:
        """Mark each quiz text for the tree processor, with the line it comes from in the source file."""
        block = item.block
        body = block.body.split("\n")
        first = block.start + 2 + offset
        cursor = 0

        def marked(text: str) -> str:
            nonlocal cursor
            needle = text.split("\n", 1)[0].strip()
            order = itertools.chain(range(cursor, len(body)), range(cursor)) if needle else ()
            number = next((index for index in order if needle in body[index]), None)
            line = block.line + offset
            if number is not None:
                cursor, line = number, first + number
                self.extension.sources[line] = (body[number], block.indent)
            return f'<span class="{_MARKDOWN_TEXT}" {_LINE}="{line}">{escape(text)}</span>'

        return marked


# Autolinks keep their '<': inline Markdown makes links of them, before it looks for raw HTML.
_KEPT = re.compile(f"{inlinepatterns.AUTOLINK_RE}|{inlinepatterns.AUTOMAIL_RE}")


def _inert(text: str) -> str:
    """Quiz texts take inline Markdown, not HTML: a '<' outside autolinks becomes a marker until it has run.

    So a stray tag shows as itself (in a code span or not), cannot break the quiz's own HTML, and no
    markup can run in the reader's browser. Linear in the text's length.
    """
    parts, position = [], 0
    for kept in _KEPT.finditer(text):
        parts += [text[position : kept.start()].replace("<", _LT), kept[0]]
        position = kept.end()
    return "".join([*parts, text[position:].replace("<", _LT)])


class _QuizTreeprocessor(Treeprocessor):
    def __init__(self, md: Markdown, extension: QuizExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, root: ElementTree.Element) -> None:
        extension = self.extension
        places = extension.places
        if not places:
            return
        placed: set[str] = set()
        found = [
            (parent, index, child)
            for parent in root.iter()
            for index, child in enumerate(parent)
            if child.tag == "p" and child.text in places and len(child) == 0
        ]
        misread: list[QuizError] = []
        for parent, index, child in reversed(found):  # from the end, so that removals keep the indexes right
            key = str(child.text)
            if places[key] != PAGE or key in placed:
                # Where quizlib's reader sees a comment or raw HTML, Markdown reads page text: no quiz there.
                # (Or a copy of a placed quiz: Python-Markdown makes some after an unterminated '<?'.)
                parent.remove(child)
                if key not in placed:
                    how = "commented out" if places[key] == COMMENT else "raw HTML"
                    misread.append(QuizError(_MISREAD.format(how=how), extension.lines[key], 1, extension.path()))
                continue
            quiz = ElementTree.fromstring(extension.rendered[key])
            self.protect(quiz)
            quiz.tail = child.tail
            parent[index] = quiz
            placed.add(key)
        for key in placed:
            del places[key]
        misread.reverse()
        if misread:
            extension.report(misread)

    def protect(self, element: ElementTree.Element) -> None:
        """Keep inline Markdown away from everything but the marked quiz texts, which lose their '<'."""
        if element.get("class") == _MARKDOWN_TEXT:
            line = element.attrib.pop(_LINE, "0")
            element.text = _inert(element.text or "")
            self.extension.texts.append((element, int(line)))
        elif element.text:
            element.text = AtomicString(element.text)
        if element.tail:
            element.tail = AtomicString(element.tail)
        for child in element:
            self.protect(child)


class _QuizTextTreeprocessor(Treeprocessor):
    """Give each quiz text back its '<', and mark where its HTML starts and ends for `_QuizTextPostprocessor`."""

    def __init__(self, md: Markdown, extension: QuizExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, root: ElementTree.Element) -> None:
        extension = self.extension
        if not extension.texts:
            return
        parents = {child: parent for parent in root.iter() for child in parent}
        for span, line in extension.texts:
            _restore(span)
            number = len(extension.marked)
            extension.marked.append(line)
            # Python-Markdown removes STX and ETX from the page's text: no quiz text can write these marks.
            start, end = f"{STX}qz-text:{number}{ETX}", f"{STX}/qz-text:{number}{ETX}"
            parent = parents[span]
            index = list(parent).index(span)
            if index:
                parent[index - 1].tail = (parent[index - 1].tail or "") + start
            else:
                parent.text = (parent.text or "") + start
            span.tail = end + (span.tail or "")
        extension.texts.clear()


class _QuizTextPostprocessor(Postprocessor):
    """Check the HTML each quiz text became, as the page holds it, against `quizlib.quiz_text.ALLOWED_MARKUP`.

    After every tree processor, with raw HTML put back (postprocessors of priority 5 and more run first):
    whatever Markdown or its extensions made of a text, only the listed elements and attributes, and links
    that `link_scheme` takes, get through. A text with anything else is an error, with its place, and is
    shown as bare text.
    """

    def __init__(self, md: Markdown, extension: QuizExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, text: str) -> str:
        # Python-Markdown and MkDocs run the postprocessors on pieces too (a heading for the table of contents
        # or the page's title): only the piece that holds the quiz texts has their marks.
        if STX not in text or not _TEXT_MARK.search(text):
            return text
        extension = self.extension
        lines = extension.marked
        errors: list[QuizError] = []

        def checked(match: re.Match[str]) -> str:
            line, fragment = lines[int(match[1])], match[2]
            problems = markup_problems(fragment, outer=("span", {"class": _MARKDOWN_TEXT}))
            if not problems:
                return fragment
            source, indent = extension.sources.get(line, ("", 0))
            for message, needle in problems:
                col = source.find(needle) + 1 if needle and needle in source else 1
                errors.append(QuizError(message, line, indent + col, extension.path()))
            return f'<span class="{_MARKDOWN_TEXT}">{escape(_bare_text(fragment), quote=False)}</span>'

        text = _MARKED_TEXT.sub(checked, text)
        if lost := _TEXT_MARK.search(text):
            # A text whose other end is not where it was put: something moved it; nothing of it goes unchecked.
            errors.append(QuizError(_SPLIT, lines[int(lost[1])], 1, extension.path()))
            text = _TEXT_MARK.sub("", text)
        if errors:
            extension.report(sorted(errors, key=lambda error: (error.line, error.col)))
        return text


_MARKED_TEXT = re.compile(f"{STX}qz-text:([0-9]+){ETX}(.*?){STX}/qz-text:\\1{ETX}", re.S)
_TEXT_MARK = re.compile(f"{STX}/?qz-text:([0-9]+){ETX}")
_SPLIT = "expected each quiz text's HTML in one piece; found it split by the page's other Markdown"


class _BareText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _bare_text(fragment: str) -> str:
    """The text of a piece of HTML, without any of its markup."""
    parser = _BareText()
    parser.feed(fragment)
    parser.close()
    return "".join(parser.parts)


def _restore(span: ElementTree.Element) -> None:
    """Give a quiz text back the '<' it had (shown as '&lt;': it is text now)."""

    def restored(text: str | None) -> str | None:
        if text is None or _LT not in text:
            return text
        return (AtomicString if isinstance(text, AtomicString) else str)(text.replace(_LT, "<"))

    for element in span.iter():
        element.text = restored(element.text)
        if element is not span:
            element.tail = restored(element.tail)
        for name, value in element.attrib.items():
            if value is not None and _LT in value:
                element.set(name, value.replace(_LT, "<"))


class _LeftoverPostprocessor(Postprocessor):
    def __init__(self, md: Markdown, extension: QuizExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, text: str) -> str:
        extension = self.extension
        left = [key for key in extension.places if key in text]
        # Quizlib's reader catches quizzes in raw HTML first; a quiz of the page still here is one it missed.
        missed = [key for key in left if extension.places[key] == PAGE]
        if missed:
            path = extension.path()
            extension.report([QuizError(RAW_HTML_QUIZ, extension.lines.get(key, 1), 1, path) for key in missed])
        for key in left:
            text = text.replace(key, "")
        return text


def makeExtension(**kwargs: Any) -> QuizExtension:  # noqa: N802 (Python-Markdown's name)
    """Entry point for ``markdown.Markdown(extensions=["quiz_markdown"])``."""
    return QuizExtension(**kwargs)

"""A Python-Markdown extension that turns ```quiz fences into quizzes, using quizlib.

Works in any Python-Markdown host (MkDocs, Zensical, plain ``markdown``): add ``quiz_markdown`` to the
Markdown extensions. Quiz texts are rendered by the page's own Markdown, so their links are checked
and rewritten like any other link on the page.

An empty ```` ```quiz-results ```` fence shows the reader's saved results from every quiz. A fence
opened with ```` ```quiz show-source ```` also shows the quiz's source above it, for
reference pages built from live examples.

Options:

| option        | default | meaning                                                                    |
|---------------|---------|----------------------------------------------------------------------------|
| `path`        | `""`    | the source file named in error messages                                    |
| `line_offset` | `0`     | lines above the Markdown text in that file (front matter the host removed) |
| `language`    | `"en"`  | language of the interface texts                                            |
| `on_error`    | none    | called with the list of `QuizError`; without it the first page raises      |
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import escape
from typing import Any
from xml.etree import ElementTree

from markdown import Extension, Markdown, inlinepatterns
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import ETX, STX, AtomicString

from quizlib import QuizError, QuizErrors, render_quiz
from quizlib.document import read_document
from quizlib.markdown_source import RAW_HTML_QUIZ
from quizlib.render import render_results_page

_MARKDOWN_TEXT = "qz-text"

ErrorHandler = Callable[[list[QuizError]], None]


class QuizExtension(Extension):
    """Register the quiz preprocessor (finds and checks quizzes) and tree processor (places them)."""

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
        self.lines: dict[str, int] = {}  # placeholder: line of its fence in the source file

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        md.registerExtension(self)
        # After whitespace normalisation (30), before any fenced-code handling (25).
        md.preprocessors.register(_QuizPreprocessor(md, self), "quiz", 29)
        # Before inline Markdown (20), so that the quiz texts are rendered like the rest of the page.
        md.treeprocessors.register(_QuizTreeprocessor(md, self), "quiz", 25)
        # Last: a placeholder still in the page sat where Markdown is not read (a raw HTML block).
        md.postprocessors.register(_LeftoverPostprocessor(md, self), "quiz-leftover", 1)

    def reset(self) -> None:
        self.rendered.clear()
        self.lines.clear()

    def report(self, errors: list[QuizError]) -> None:
        handler: ErrorHandler | str = self.getConfig("on_error")
        if not callable(handler):
            raise QuizErrors(errors)
        handler(errors)


class _QuizPreprocessor(Preprocessor):
    def __init__(self, md: Markdown, extension: QuizExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, lines: list[str]) -> list[str]:
        path = self.extension.getConfig("path") or "<markdown>"
        offset = int(self.extension.getConfig("line_offset"))
        language = self.extension.getConfig("language")
        found, errors = read_document(lines, path)
        if errors:
            self.extension.report([error.located(path, offset) for error in errors])
        output: list[str] = []
        position = 0
        for item in found:
            key = f"{STX}quiz:{len(self.extension.rendered)}{ETX}"
            if item.quiz is None:
                html = '<p class="qz-broken">This quiz has errors; see the build log.</p>'
            else:
                html = render_quiz(item.quiz, inline=_marked, language=language)
            self.extension.rendered[key] = html
            self.extension.lines[key] = item.block.line + offset
            output.extend(lines[position : item.block.start])
            if "show-source" in item.block.info.split()[1:]:
                # For reference pages: the example's source, then the working quiz it makes.
                output.extend(["", "````text", *item.block.body.split("\n"), "````"])
            output.extend(["", key, ""])
            position = item.block.end + 1
        output.extend(lines[position:])
        return self.results_pages(output, language)

    def results_pages(self, lines: list[str], language: str) -> list[str]:
        """A fence of its own, ```` ```quiz-results ```` with nothing inside, shows the reader's saved results."""
        output: list[str] = []
        for line in lines:
            if output and output[-1].strip() == "```quiz-results" and line.strip() == "```":
                key = f"{STX}quiz:{len(self.extension.rendered)}{ETX}"
                self.extension.rendered[key] = render_results_page(language)
                output[-1:] = ["", key, ""]
            else:
                output.append(line)
        return output


def _marked(text: str) -> str:
    """Mark a quiz text so that the tree processor hands it to the page's inline Markdown."""
    return f'<span class="{_MARKDOWN_TEXT}">{escape(_inert(text))}</span>'


# What inline Markdown reads as code spans and autolinks, where a '<' is not the start of a tag.
_CODE_SPAN = r"(?<!\\)(?:\\\\)*(?P<ticks>`+).+?(?<!`)(?P=ticks)(?!`)"
_KEPT = re.compile(rf"{_CODE_SPAN}|{inlinepatterns.AUTOLINK_RE}|{inlinepatterns.AUTOMAIL_RE}", re.S)


def _inert(text: str) -> str:
    """Quiz texts take inline Markdown, not HTML: a '<' outside code spans and autolinks shows as itself.

    So a stray tag cannot break the quiz's own HTML, and no markup can run in the reader's browser.
    """
    parts, position = [], 0
    for kept in _KEPT.finditer(text):
        parts += [text[position : kept.start()].replace("<", "&lt;"), kept[0]]
        position = kept.end()
    return "".join([*parts, text[position:].replace("<", "&lt;")])


class _QuizTreeprocessor(Treeprocessor):
    def __init__(self, md: Markdown, extension: QuizExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, root: ElementTree.Element) -> None:
        rendered = self.extension.rendered
        for index, child in enumerate(list(root)):
            if child.tag == "p" and child.text in rendered and len(child) == 0:
                quiz = ElementTree.fromstring(rendered[child.text])
                _protect(quiz)
                quiz.tail = child.tail
                root.remove(child)
                root.insert(index, quiz)


def _protect(element: ElementTree.Element) -> None:
    """Keep inline Markdown away from everything but the marked quiz texts."""
    if element.get("class") != _MARKDOWN_TEXT and element.text:
        element.text = AtomicString(element.text)
    if element.tail:
        element.tail = AtomicString(element.tail)
    for child in element:
        _protect(child)


class _LeftoverPostprocessor(Postprocessor):
    def __init__(self, md: Markdown, extension: QuizExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, text: str) -> str:
        path = self.extension.getConfig("path") or "<markdown>"
        left = [key for key in self.extension.rendered if key in text]
        if left:
            # The source reader catches the common cases first; this is for the rest (nested, unusual tags).
            lines = self.extension.lines
            self.extension.report([QuizError(RAW_HTML_QUIZ, lines.get(key, 1), 1, path) for key in left])
            for key in left:
                text = text.replace(key, "")
        return text


def makeExtension(**kwargs: Any) -> QuizExtension:  # noqa: N802 (Python-Markdown's name)
    """Entry point for ``markdown.Markdown(extensions=["quiz_markdown"])``."""
    return QuizExtension(**kwargs)

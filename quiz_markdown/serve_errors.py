"""Quiz errors where a contributor looks while a development server runs (`make serve`, `mkdocs serve`).

A build stops on any quiz error and lists them all (`listing`). A development server goes on instead, so
that the contributor sees the errors where they are working:

- each page with quiz errors shows them all at the top of its text (`panel`): file, line and column, what
  was expected and found, and the line of the file it is about, all escaped (quiz text is untrusted);
- the terminal lists every error on every rebuild. MkDocs prints a message only once per run
  (its `DuplicateFilter`), so a quiz fixed and then broken the same way again left only "Aborted with a
  BuildError!"; `forget_printed` makes each rebuild print everything again, quiz errors or not.

Fixing the file rebuilds the site, and the server's live reload brings the page back by itself. The panel
carries its own style (a development server sends no Content-Security-Policy), so nothing of it is in the
site's files. Nothing here needs a particular site generator but `forget_printed`, which is MkDocs's.
"""

from __future__ import annotations

import logging
import sys
import unicodedata
from collections.abc import Callable, Sequence
from html import escape

from quizlib import QuizError
from quizlib.markdown_source import read_page
from quizlib.strings import ui_strings

# The panel's look: an edge in the error colour, the page's own text colours (so contrast is the theme's, light
# and dark), the file's line wrapped, never scrolled sideways, on a phone; below a button floated at the top of the
# page's text (Material's "Edit this page").
_STYLE = """
.qz-serve-errors { --qz-serve-edge: #cf222e; clear: both; margin: 0 0 1.5em; padding: 0.6em 1em 0.2em;
  border: 0.1rem solid var(--qz-serve-edge); border-left-width: 0.4rem; border-radius: 0.2rem; }
[data-md-color-scheme="slate"] .qz-serve-errors { --qz-serve-edge: #ff7b72; }
.qz-serve-errors > h2 { margin: 0 0 0.4em; font-size: 1.25em; font-weight: 700; }
.qz-serve-errors > ol { margin-left: 1.2em; padding: 0; }
.qz-serve-errors li { margin-bottom: 1em; }
.qz-serve-errors li > p { margin: 0 0 0.3em; overflow-wrap: anywhere; }
.qz-serve-errors pre { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; }
.qz-serve-errors pre > code { display: block; padding: 0.4em 0.6em; white-space: inherit; }
.qz-serve-errors mark { text-decoration: underline 0.15em; text-underline-offset: 0.2em; }
"""


def serving(command: str) -> bool:
    """Whether a development server runs, from MkDocs's ``on_startup`` command ('serve' or 'build').

    `mkdocs serve --clean` reports itself as 'build', and still serves (hooks/csp.py asks here too).
    """
    return command == "serve" or sys.argv[1:2] == ["serve"]


def listing(errors: Sequence[QuizError]) -> str:
    """Every error, one per line as ``path:line:col: message``, under their count: what a build stops with."""
    count = len(errors)
    lines = "\n".join(str(error) for error in errors)
    return f"{count} quiz error{'s' if count != 1 else ''}:\n{lines}"


def source_lines(source: str) -> Callable[[int], str | None]:
    """Line by number (from 1, front matter counted) of a Markdown file's text as the quiz reader sees it (tabs
    expanded, so columns match), or None for a line of front matter (where no quiz is) or past the end. The file is
    read once, however many lines are asked for."""
    page = read_page(source)

    def line_at(line: int) -> str | None:
        index = line - 1 - page.offset
        return page.lines[index] if 0 <= index < len(page.lines) else None

    return line_at


# What the box shows of a line: this many characters either side of the column, so that a page of long lines
# with many errors stays a page (a 1 MB line with 300 errors made a 271 MB page); and at most this many errors.
AROUND = 80
SHOWN_ERRORS = 100


def _visible(text: str) -> str:
    """``text`` escaped, with each control or invisible character shown as a sign (U+001B as ␛, U+200B as
    <U+200B>), so that a mark on one is seen."""
    shown = []
    for character in text:
        code = ord(character)
        if code < 0x20 or code == 0x7F:
            shown.append(chr(0x2400 + code) if code < 0x20 else "\u2421")
        elif unicodedata.category(character) in ("Cf", "Cc", "Co", "Cn", "Zl", "Zp"):
            shown.append(f"<U+{code:04X}>")
        else:
            shown.append(character)
    return escape("".join(shown))


def _shown_line(text: str, line: int, col: int) -> str:
    """The line, numbered, with the character at the column marked (a space past its end); only the part of a
    long line around the column, with … where it is cut."""
    at = min(max(col, 1), len(text) + 1) - 1
    start, end = max(at - AROUND, 0), min(at + 1 + AROUND, len(text))
    before = ("…" if start else "") + _visible(text[start:at])
    after = _visible(text[at + 1 : end]) + ("…" if end < len(text) else "")
    marked = _visible(text[at]) if at < len(text) else " "
    number = f'<span aria-hidden="true">{line} | </span>'
    return f"<pre><code>{number}{before}<mark>{marked}</mark>{after}</code></pre>"


def panel(errors: Sequence[QuizError], source: str, language: str = "en") -> str:
    """HTML for the top of a page's text: every one of its quiz errors, with the file's line each is about.

    ``source`` is the page's file as written; every text from it or from the errors is escaped. "" when there
    is no error.
    """
    if not errors:
        return ""
    strings, line_at = ui_strings(language), source_lines(source)
    items = []
    for error in errors[:SHOWN_ERRORS]:
        where = f"{error.path}:{error.line}:{error.col}"
        item = f"<li><p><code>{escape(where)}</code> {escape(error.message)}</p>"
        text = line_at(error.line)
        if text is not None:
            item += _shown_line(text, error.line, error.col)
        items.append(item + "</li>")
    title = escape(strings["serve_errors_title"].format(count=len(errors)))
    hidden = len(errors) - SHOWN_ERRORS
    more = f"<p>{escape(strings['serve_errors_more'].format(count=hidden))}</p>" if hidden > 0 else ""
    return (
        '<section class="qz-serve-errors" aria-labelledby="qz-serve-errors-title">'
        f"<style>{_STYLE}</style>"
        f'<h2 id="qz-serve-errors-title">{title}</h2>'
        f"<p>{escape(strings['serve_errors_note'])}</p>"
        f"<ol>{''.join(items)}</ol>{more}</section>\n"
    )


def forget_printed(logger: str = "mkdocs.commands.build") -> None:
    """Let MkDocs print again, in this build, the messages it printed in an earlier one.

    MkDocs's command line puts a `mkdocs.utils.DuplicateFilter` on its build logger: meant to say a thing
    once per build, it remembers every message for as long as the server runs. Called as each build starts.
    """
    from mkdocs.utils import DuplicateFilter  # only a site built by MkDocs has one

    for found in logging.getLogger(logger).filters:
        if isinstance(found, DuplicateFilter):
            found.msgs.clear()

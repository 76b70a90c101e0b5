"""Links in quiz texts to pages of the site, checked as MkDocs checks them when it builds the site.

The build (mkdocs.yml's ``validation:``, with ``--strict``) stops on a link to a file that the docs
folder lacks, or to an anchor (``page.md#anchor``, ``#anchor``) that the page lacks, but says neither
the line nor the quiz. `python -m quizlib check` finds the same links first, at their line and column.

A relative link is resolved as MkDocs resolves it: against the folder of the page, inside the docs
folder (`docs_root`), after decoding %-escapes; the query is ignored. Its anchor must be one that MkDocs
counts on the target page (`page_anchors`): every ``id`` of the page's HTML as Python-Markdown makes it.
Read here without rendering the page:

- headings (``# …`` at the start of a line, or a line underlined with ``===`` or ``---``), each with the
  id that the ``toc`` extension gives it by default: the text without its Markdown, accents taken off,
  lowercase, without characters other than letters, digits, ``_``, ``-`` and spaces, and runs of spaces
  and ``-`` made one ``-``; an id already taken gets ``_1``, ``_2``, …
- ids set with ``attr_list``, ``{ #id }`` or ``{: #id }``: at the end of a heading or of a definition
  list's term, on a line of their own at the end of a paragraph, or right after inline Markdown
  (``**Term**{ #term }``);
- ids of raw HTML (``<div id="…">``, ``<a name="…">``);
- the ids of the page's quizzes, from `quizlib.render.render_quiz`.

Not read: headings indented under a list item or an admonition, attribute lists in tables, and a
``slugify`` other than toc's default. Fenced code is skipped.
"""

from __future__ import annotations

import difflib
import html
import posixpath
import re
import unicodedata
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from .document import FoundQuiz, read_document
from .errors import QuizError
from .markdown_source import PAGE, QUIZ, Page, read_page
from .quiz_text import code_spans, link_targets, references

CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml")
DEFAULT_DOCS_DIR = "docs"

_DOCS_DIR = re.compile(r"^docs_dir[ \t]*:[ \t]*(['\"]?)(?P<dir>[^'\"#\n]*?)\1[ \t]*(?:#.*)?$", re.MULTILINE)
_FENCE = re.compile(r"^[ ]*(?P<fence>`{3,}|~{3,})")
_ATX = re.compile(r"^#{1,6}(?P<text>(?:\\.|[^\\])*?)#*$")  # Python-Markdown's HashHeaderProcessor
_UNDERLINE = re.compile(r"^[=-]+[ ]*$")  # and its SetextHeaderProcessor
_ATTRIBUTES = r"\{:?[ ]*(?P<attributes>[^}\n ][^\n]*)\}"  # attr_list's BASE_RE
_AT_END = re.compile(rf"[ ]+{_ATTRIBUTES}[ ]*$")  # at the end of a heading or a term
_OWN_LINE = re.compile(rf"^[ ]*{_ATTRIBUTES}[ ]*$")  # the last line of a paragraph
_AFTER_INLINE = re.compile(rf"(?<=[*_`)\]>]){_ATTRIBUTES}")
_ID = re.compile(
    r"""(?:^|[ ])(?:#(?P<word>[^ =}]+)|id=(?:"(?P<double>[^"]*)"|'(?P<single>[^']*)'|(?P<bare>[^ =}]+)))"""
)
_LINK_TEXT = re.compile(r"!?\[([^\]]*)\](?:\([^)]*\)|\[[^\]]*\])")
_TAG = re.compile(r"<[^>]*>")
_ESCAPE = re.compile(r"\\([!\"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])")


def message(target: str, why: str) -> str:
    return f"expected a link to a page or heading of this site; found {target!r} ({why})"


def docs_dir(config: Path) -> str:
    """mkdocs.yml's ``docs_dir:`` (default ``docs``), read without a YAML library."""
    try:
        found = _DOCS_DIR.search(config.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return DEFAULT_DOCS_DIR
    return found["dir"].strip() if found and found["dir"].strip() else DEFAULT_DOCS_DIR


def docs_root(path: Path) -> Path:
    """The docs folder of the site that ``path`` (a page, or a folder of pages) belongs to: the ``docs_dir`` of
    the nearest mkdocs.yml above it that holds it; failing that, the folder itself (a file's own folder)."""
    folder = (path if path.is_dir() else path.parent).resolve()
    for parent in (folder, *folder.parents):
        for name in CONFIG_NAMES:
            if (parent / name).is_file():
                docs = (parent / docs_dir(parent / name)).resolve()
                if folder == docs or docs in folder.parents:
                    return docs
    return folder


def slug(text: str) -> str:
    """The id that Python-Markdown's toc extension gives a heading written ``text`` (its default slugify)."""
    parts: list[str] = []
    last = 0
    for start, end in code_spans(text) if "`" in text else []:
        parts.append(_plain(text[last:start]))
        parts.append(text[start:end].strip("`").strip())  # code: shown as written
        last = end
    parts.append(_plain(text[last:]))
    value = unicodedata.normalize("NFKD", "".join(parts)).encode("ascii", "ignore").decode("ascii")
    value = re.sub(r"[^\w\s-]", "", value).strip().lower()
    return re.sub(r"[-\s]+", "-", value)


def _plain(markdown: str) -> str:
    """Inline Markdown (outside code) as the text it shows: links' text, no tags, no emphasis marks."""
    text = _TAG.sub("", _LINK_TEXT.sub(r"\1", markdown))
    text = re.sub(r"(?<!\\)\*", "", text)
    text = re.sub(r"(?<![\w\\])_+|(?<!\\)_+(?!\w)", "", text)
    return html.unescape(_ESCAPE.sub(r"\1", text))


def _ids(attributes: str) -> list[str]:
    return [next(value for value in found.groups() if value is not None) for found in _ID.finditer(attributes)]


class _RawIds(HTMLParser):
    """The ids of raw HTML, as MkDocs collects them (mkdocs.structure.pages._HTMLHandler)."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value and (name == "id" or (name == "name" and tag == "a")):
                self.ids.add(value)


def page_anchors(page: Page, found: list[FoundQuiz]) -> frozenset[str]:
    """Every anchor that MkDocs counts on a page (see the module's docstring); ``found``: its quizzes."""
    from .render import render_quiz  # only when a quiz links to an anchor

    quizzes = _RawIds()  # in the page's tree, as the quiz extension puts them there
    for item in found:
        if item.quiz is not None:
            quizzes.feed(render_quiz(item.quiz))
    explicit = set(quizzes.ids)
    raw = _RawIds()  # raw HTML, which MkDocs reads before Markdown does
    headings: list[str] = []  # each heading's text, in order, when it has no id of its own
    lines = _outside_fences(page.lines)
    for number, line in enumerate(lines):
        if line is None:
            continue
        if "<" in line:
            raw.feed(line + "\n")
        following = next((text for text in lines[number + 1 : number + 3] if text), None)
        heading = _ATX.match(line)
        underline = number + 1 < len(lines) and _UNDERLINE.match(lines[number + 1] or "x")
        if heading or (underline and not _UNDERLINE.match(line) and line.strip()):
            text = (heading["text"] if heading else line).strip()
            if attributes := _AT_END.search(text):
                text = text[: attributes.start()]
                if ids := _ids(attributes["attributes"]):
                    explicit.add(ids[-1])
                    continue
            headings.append(text)
            continue
        if (attributes := _AT_END.search(line)) and following is not None and following.startswith(":"):
            explicit.update(_ids(attributes["attributes"])[-1:])  # a definition list's term
        elif (own := _OWN_LINE.match(line)) and number and lines[number - 1]:
            explicit.update(_ids(own["attributes"])[-1:])
        for inline in _AFTER_INLINE.finditer(line):
            explicit.update(_ids(inline["attributes"])[-1:])
    raw.close()
    runs: dict[str, int] = {}
    for text in headings:  # toc's ids, after every id the page's tree already has
        explicit.add(_unique(slug(text), explicit, runs))
    return frozenset(explicit | raw.ids)


def _unique(given: str, taken: set[str], runs: dict[str, int]) -> str:
    """toc's ``unique``: the id, or when it is taken (or empty) the next free one of '_1', '_2', …

    ``runs``: for an id, how many of id_1, id_2, … are known to be taken (toc's counters), so that many
    headings of the same text take linear time.
    """
    if given and given not in taken:
        return given
    numbered = re.match(r"^(.*)_([0-9]+)$", given)
    base, count = (numbered[1], int(numbered[2])) if numbered else (given, 0)
    from_start = count <= runs.get(base, 0)
    count = max(count, runs.get(base, 0)) + 1
    while f"{base}_{count}" in taken:
        count += 1
    if from_start:
        runs[base] = count
    return f"{base}_{count}"


def _outside_fences(lines: list[str]) -> list[str | None]:
    """The lines, with those of fenced code (fences included) as None."""
    kept: list[str | None] = []
    fence = ""
    for line in lines:
        opening = _FENCE.match(line)
        if fence:
            closing = opening and opening["fence"][0] == fence[0] and len(opening["fence"]) >= len(fence)
            if closing and not line.strip().strip(fence[0]):
                fence = ""
            kept.append(None)
        elif opening:
            fence = opening["fence"]
            kept.append(None)
        else:
            kept.append(line)
    return kept


class Site:
    """The docs folder of a site: its files, and the anchors of its pages (each read once)."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self._anchors: dict[str, frozenset[str]] = {}

    def uri(self, path: Path) -> str | None:
        """The page's path inside the docs folder, as MkDocs names it ('contribute/scoring.md'); None outside."""
        resolved = path.resolve()
        return resolved.relative_to(self.root).as_posix() if resolved.is_relative_to(self.root) else None

    def has_file(self, uri: str) -> bool:
        if uri == ".." or uri.startswith("../"):
            return False
        try:
            return (self.root / uri).is_file()
        except (OSError, ValueError):  # a name too long for the file system, or holding a NUL: no such page
            return False

    def anchors(self, uri: str) -> frozenset[str]:
        if uri not in self._anchors:
            try:
                text = (self.root / uri).read_bytes().decode("utf-8")
            except (OSError, UnicodeDecodeError):
                text = ""
            page = read_page(text)
            self._anchors[uri] = page_anchors(page, read_document(page.lines, uri, page.offset)[0])
        return self._anchors[uri]

    def problem(self, target: str, uri: str) -> str | None:
        """Why a link to ``target`` on the page ``uri`` would stop the build, if it would; links that are not
        relative are checked elsewhere (`quizlib.quiz_text.link_scheme`)."""
        try:
            parts = urlsplit(target)
        except ValueError:
            return None
        if parts.scheme or parts.netloc or target.startswith(("/", "\\")) or not (parts.path or parts.fragment):
            return None
        if parts.path:
            uri = posixpath.normpath(posixpath.join(posixpath.dirname(uri), unquote(parts.path))).lstrip("/")
            if not self.has_file(uri):
                return f"the docs folder has no file '{uri}'"
        from .check import is_page  # MkDocs checks anchors on pages only

        anchor = parts.fragment
        if not anchor or not is_page(PurePosixPath(uri)) or anchor in (known := self.anchors(uri)):
            return None
        near = difflib.get_close_matches(anchor, sorted(known), n=1, cutoff=0.6)
        return f"'{uri}' has no heading or anchor '{anchor}'" + (f"; did you mean '#{near[0]}'?" if near else "")

    def link_errors(self, page: Page, found: list[FoundQuiz], path: str, uri: str) -> list[QuizError]:
        """Every link in the page's quizzes that the build would stop on, at the line and column of its target."""
        links = references(page.lines)
        errors = []
        for block in (item.block for item in found):
            if block.kind != QUIZ or block.place != PAGE:
                continue
            first = block.start + 2 + page.offset  # the file's line of the body's first line
            for number, line in enumerate(block.body.split("\n")):
                for col, target in link_targets(line, links):
                    if why := self.problem(target, uri):
                        errors.append(QuizError(message(target, why), first + number, block.indent + col, path))
        return errors

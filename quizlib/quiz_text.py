"""Quiz texts take a small part of inline Markdown, and nothing else.

Emphasis, strong, code, and links to a page of the site (a relative address), an #anchor, or an http:,
https: or mailto: address. What that may become in HTML is one list, `ALLOWED_MARKUP`: the build parses
the HTML of every rendered quiz text and stops on any element, attribute, link or other markup not on it
(`markup_problems`). `text_errors` finds what it can before rendering (an attribute list such as
'{: style=…}' after emphasis, code or a link, a javascript: or other link, an image), so that `python -m
quizlib check` reports it too.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from collections.abc import Mapping
from html.parser import HTMLParser
from types import MappingProxyType

from .errors import QuizError
from .markdown_source import QuizBlock

ALLOWED = "quiz texts take emphasis, strong, code and links to relative, http:, https: or mailto: addresses"
# The HTML a quiz text may become, whatever its Markdown: each element, with the only attributes it may
# carry. Shown in docs/contribute/writing-quizzes.md (`allowed_markup_listing`, tested to match).
ALLOWED_MARKUP: Mapping[str, frozenset[str]] = MappingProxyType(
    {
        "a": frozenset({"href", "title"}),
        "code": frozenset(),
        "em": frozenset(),
        "strong": frozenset(),
    }
)
ALLOWED_TAGS = frozenset(ALLOWED_MARKUP)
ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})

_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_C0_OR_SPACE = "".join(chr(code) for code in range(0x21))
# Python-Markdown's attribute list after an inline element (attr_list's INLINE_RE), and what ends one.
_ATTRIBUTE_LIST = re.compile(r"\{\:?[ ]*[^\}\n ][^\n]*\}")
_AFTER_INLINE = re.compile(r"(?<=[*_`)\]>])\{")
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]*://[^<>]*)>")  # Python-Markdown's AUTOLINK_RE
_IMAGE = re.compile(r"!\[([^\]]*)\](?P<next>[(\[]?)")
# Reference links: a definition ('[id]: target', anywhere on the page), and a use ('[text][id]', '[id][]', '[id]').
_DEFINITION = re.compile(r"^ {0,3}\[([^\[\]]*)\]:[ ]*(\S+)")
_REFERENCE = re.compile(r"(?<![!\\])\[([^\[\]]*)\](?:\s?\[([^\[\]]*)\]|(?![(:\[]))")
_ESCAPED = re.compile(r"\\([!\"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])")


def link_scheme(url: str, *, decoded: bool = False) -> str | None:
    """What a link target holds that quiz texts do not take, if anything: its scheme (not http:, https: or
    mailto:), `NETWORK_PATH` for another host ('//host'), or `ROOT_PATH` for an address from the server's root.

    ``url`` is the attribute's value as written in HTML, decoded as a browser decodes it first (unless
    ``decoded``: already decoded, as `html.parser` gives it). A browser drops tabs and newlines, trims
    spaces and control characters, and reads a backslash as a slash.
    """
    url = re.sub(r"[\t\n\r]", "", url if decoded else html.unescape(url)).strip(_C0_OR_SPACE)
    if re.match(r"[/\\]{2}", url):
        return NETWORK_PATH  # '//host/…': another host, with the page's own scheme
    if url[:1] in ("/", "\\"):
        return ROOT_PATH  # '/path': the server's root, outside the site when it is published under a path
    scheme = _SCHEME.match(url)
    return scheme[1] if scheme and scheme[1].lower() not in ALLOWED_SCHEMES else None


NETWORK_PATH = "//"
ROOT_PATH = "/"
TOC_MARKER = "[TOC]"  # Python-Markdown's toc extension puts a table of contents where this stands


def link_message(scheme: str) -> str:
    found = {
        NETWORK_PATH: "a link to another host starting '//'",
        ROOT_PATH: "a link from the server's root starting '/' (link to the page's .md file instead)",
    }.get(scheme, f"a '{scheme}:' link")
    return f"expected a link to a relative address or an http:, https: or mailto: one; found {found}"


def toc_message() -> str:
    return f"expected no table of contents in a quiz text ({ALLOWED}); found '{TOC_MARKER}'"


def element_message(tag: str) -> str:
    return f"expected only emphasis, strong, code and links in a quiz text; found <{tag}>"


def attribute_message(name: str, tag: str) -> str:
    return f"expected no attributes in a quiz text ({ALLOWED}); found '{name}' on <{tag}>"


def html_message(found: str) -> str:
    return f"expected no HTML in a quiz text ({ALLOWED}); found {_shown(found)}"


def attribute_list_message(found: str) -> str:
    return f"expected no attribute list in a quiz text ({ALLOWED}); found {_shown(found)}"


def _shown(text: str, limit: int = 40) -> str:
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def allowed_markup_listing() -> str:
    """`ALLOWED_MARKUP` as the documentation shows it: '`<a href title>`, `<code>`, …'."""
    return ", ".join(f"`<{' '.join([tag, *sorted(ALLOWED_MARKUP[tag])])}>`" for tag in sorted(ALLOWED_MARKUP))


# A tag as Python-Markdown writes one: a lowercase name, each attribute as name="value" with '<', '>' and
# '"' escaped. The HTML of a rendered quiz text holds no other '<': a tag written any other way, which a
# browser might read differently from `html.parser`, is refused as it stands.
_START_TAG = re.compile(r'<([a-z][a-z0-9]*)(?: [a-z][a-z0-9_.:-]*="[^"<>]*")*( /)?>')
_END_TAG = re.compile(r"</([a-z][a-z0-9]*)>")
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"})
Problem = tuple[str, str]  # a message, and what to look for in the source line to point at it ("": its start)


class _MarkupChecker(HTMLParser):
    """Every element, attribute and link of a piece of HTML, checked against `ALLOWED_MARKUP`."""

    def __init__(self, outer: tuple[str, Mapping[str, str]] | None) -> None:
        super().__init__(convert_charrefs=False)
        self.outer = outer
        self.outer_started = self.outer_done = False
        self.stack: list[str] = []
        self.problems: list[Problem] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.start(tag, attrs, self.get_starttag_text() or "")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.start(tag, attrs, self.get_starttag_text() or "")

    def start(self, tag: str, attrs: list[tuple[str, str | None]], raw: str) -> None:
        closed = raw.endswith("/>")
        outside = bool(self.outer) and not self.stack  # the text's own element, or after it
        if not closed and tag not in _VOID:
            self.stack.append(tag)
        if self.outer and outside and not self.outer_started:
            self.outer_started = True
            outer_tag, outer_attrs = self.outer
            if tag != outer_tag or closed:
                self.problems.append((html_message(raw), "<"))
            for name, value in attrs:
                if outer_attrs.get(name) != value:
                    self.problems.append((attribute_message(name, tag), "{"))
            return
        if outside:
            self.problems.append((html_message(raw), "<"))  # after the text's own element: not part of it
            return
        if tag not in ALLOWED_MARKUP:
            self.problems.append((element_message(tag), "!" if tag == "img" else ""))
            return
        if closed:
            self.problems.append((html_message(raw), "<"))  # '<em/>': a browser opens it, html.parser does not
        for name, value in attrs:
            if name not in ALLOWED_MARKUP[tag]:
                self.problems.append((attribute_message(name, tag), "{"))
            elif tag == "a" and name == "href" and (scheme := link_scheme(value or "", decoded=True)):
                needle = "](" + scheme if scheme in (NETWORK_PATH, ROOT_PATH) else f"{scheme}:"
                self.problems.append((link_message(scheme), needle))

    def handle_endtag(self, tag: str) -> None:
        if self.stack and self.stack[-1] == tag:
            self.stack.pop()
            if self.outer and not self.stack:
                self.outer_done = True
        else:
            self.problems.append((html_message(f"</{tag}>"), "<"))

    def handle_data(self, data: str) -> None:
        if self.outer and (self.outer_done or not self.stack) and data:
            self.problems.append((html_message(data), "<"))

    def handle_comment(self, data: str) -> None:
        self.problems.append((html_message(f"<!--{data}-->"), "<"))

    def handle_decl(self, decl: str) -> None:
        self.problems.append((html_message(f"<!{decl}>"), "<"))

    def unknown_decl(self, data: str) -> None:
        self.problems.append((html_message(f"<![{data}]>"), "<"))

    def handle_pi(self, data: str) -> None:
        self.problems.append((html_message(f"<?{data}>"), "<"))


def markup_problems(fragment: str, outer: tuple[str, Mapping[str, str]] | None = None) -> list[Problem]:
    """What the HTML of a rendered quiz text holds beyond `ALLOWED_MARKUP`: (message, source to look for) each.

    Elements not listed, attributes not listed for their element, links that `link_scheme` refuses,
    comments, declarations, stray or unclosed tags, and any tag not written as Python-Markdown writes
    one. ``outer``: the element (tag, exact attributes) that the whole fragment must be, around the text.
    """
    problems: list[Problem] = []
    for opening in re.finditer("<", fragment):
        if not (_START_TAG.match(fragment, opening.start()) or _END_TAG.match(fragment, opening.start())):
            end = fragment.find(">", opening.start())
            problems.append((html_message(fragment[opening.start() : end + 1 if end != -1 else None]), "<"))
    checker = _MarkupChecker(outer)
    checker.feed(fragment)
    checker.close()
    problems += checker.problems
    if checker.stack:
        problems.append((html_message(f"<{checker.stack[-1]}>"), "<"))  # never closed
    elif outer and not checker.outer_done:
        problems.append((html_message(fragment), "<"))  # not the element expected around the text
    return list(dict.fromkeys(problems))


def code_spans(text: str) -> list[tuple[int, int]]:
    """Where inline Markdown reads code spans in ``text``: (start, end) of each, backticks included.

    Python-Markdown 3.x's reading (BacktickInlineProcessor), quirks included: from a backtick not
    escaped by a backslash, the next run of backticks as long as the opening run closes the span;
    failing that, the longest later run shorter than it does, the opening's extra backticks inside;
    failing that, the search goes on twice the opening run's length further. Found with an index of
    the runs, in n log n time where Python-Markdown may take quadratic time.
    """
    runs = [(match.start(), match.end()) for match in re.finditer("`+", text)]
    by_length: dict[int, list[int]] = {}
    for number, (start, end) in enumerate(runs):
        by_length.setdefault(end - start, []).append(number)
    # For each run, the longest run from it to the end, and the first run that long.
    longest = [(0, 0)] * (len(runs) + 1)
    for number in range(len(runs) - 1, -1, -1):
        length = runs[number][1] - runs[number][0]
        longest[number] = (length, number) if length >= longest[number + 1][0] else longest[number + 1]
    spans: list[tuple[int, int]] = []
    cursor = seen = 0  # where the search goes on; the text before ``seen`` is a code span (no backslash)
    number = 0
    while number < len(runs):
        start, end = runs[number]
        if end <= cursor:
            number += 1
            continue
        if start < cursor:
            opener = cursor  # within a run, after a search went on past its start
        else:
            slashes = 0
            while start - slashes > seen and text[start - slashes - 1] == "\\":
                slashes += 1
            # An odd number of backslashes escapes the first backtick, and so does an even one that the
            # search went past the start of; an even one before the search point is a pair of escapes.
            opener = start + 1 if slashes % 2 or (slashes and start - slashes < cursor) else start
        length = end - opener
        if not length:
            number += 1
            continue
        same = by_length.get(length, [])
        after = bisect_right(same, number)
        size, closing = (length, same[after]) if after < len(same) else longest[number + 1]
        if not 0 < size <= length:
            cursor = opener + 2 * length
            number += 1
            continue
        spans.append((opener, runs[closing][0] + size))
        cursor = seen = spans[-1][1]
        number = closing + 1
    return spans


def _outside(spans: list[tuple[int, int]], position: int) -> bool:
    at = bisect_right(spans, (position, 1 << 62)) - 1
    return at < 0 or not spans[at][0] <= position < spans[at][1]


_IN_TARGET = re.compile(r"[\\() \t]")  # what the reading of a link target looks at


def _inline_targets(text: str, positions: list[int]) -> list[str]:
    """The targets of the inline links whose '](' ends at each of ``positions`` (in increasing order).

    A target starts after any spaces or tabs. One starting with '<' runs to the next '>'; any other runs to
    the first space or tab, or to the first ')' that closes no '(' opened in it, a backslash escaping the
    character after it, and then loses its backslash escapes.

    One reading of the text serves every target, so a line of many '](' takes linear time, not quadratic.
    A target starts after '(', a space or a tab, never after a backslash: whichever target a reading starts
    from, a backslash escapes the same characters. The reading keeps the targets not yet ended by their
    parenthesis balance at their start: a ')' ends those whose balance it closes, a space or a tab ends all.
    """
    if not positions:
        return []
    starts: list[int] = []
    for position in positions:
        while position < len(text) and text[position] in " \t":
            position += 1
        starts.append(position)
    ends = [len(text)] * len(starts)
    closing = -1  # the '>' ending the last '<' target (the text's end when there is none)
    plain: list[int] = []  # the targets not starting with '<', by number
    for number, start in enumerate(starts):
        if not text.startswith("<", start):
            plain.append(number)
            continue
        if closing < start:
            closing = text.find(">", start)
            closing = closing if closing != -1 else len(text)
        ends[number] = closing
    open_targets: dict[int, list[int]] = {}  # the balance at their start: targets not ended yet, by number
    balance = position = 0
    limits = [*(starts[number] for number in plain), len(text)]  # where each plain target starts, then the end
    for limit, opening in zip(limits, [*plain, None], strict=True):
        if not open_targets:
            position = limit  # no target to end before the next one starts
        while position < limit:
            found = _IN_TARGET.search(text, position, limit)
            if found is None:
                position = limit
                break
            position = found.start()
            char = text[position]
            if char == "\\":
                position += 2
                continue
            if char == "(":
                balance += 1
            elif char == ")":
                for ended in open_targets.pop(balance, []):
                    ends[ended] = position
                balance -= 1
            else:
                for group in open_targets.values():
                    for ended in group:
                        ends[ended] = position
                open_targets.clear()
            position += 1
        if opening is not None:
            open_targets.setdefault(balance, []).append(opening)
    targets = []
    for start, end in zip(starts, ends, strict=True):
        if text.startswith("<", start):
            targets.append(text[start + 1 : end])
        else:
            target = text[start:end]
            targets.append(_ESCAPED.sub(r"\1", target) if "\\" in target else target)
    return targets


def references(lines: list[str]) -> dict[str, str]:
    """The page's link reference definitions ('[id]: target'): target of each id, as Markdown matches ids."""
    found: dict[str, str] = {}
    for line in lines:
        if line.lstrip(" ").startswith("[") and (definition := _DEFINITION.match(line)):
            found.setdefault(_reference_id(definition[1]), definition[2].removeprefix("<").removesuffix(">"))
    return found


def _reference_id(label: str) -> str:
    return " ".join(label.lower().split())


def inline_problems(text: str, links: dict[str, str] | None = None) -> list[tuple[int, str]]:
    """What a quiz text may not hold, found without rendering it: (1-based column, message) of each.

    ``links``: the page's reference definitions (`references`), for reference links and images.
    """
    links = links or {}
    if not any(char in text for char in "{(<!") and not (links and "[" in text) and TOC_MARKER not in text:
        return []
    spans = code_spans(text) if "`" in text else []
    problems: list[tuple[int, str]] = []
    for marker in re.finditer(re.escape(TOC_MARKER), text):
        if _outside(spans, marker.start()):
            problems.append((marker.start() + 1, toc_message()))
    for brace in _AFTER_INLINE.finditer(text):
        if _outside(spans, brace.start()) and (attributes := _ATTRIBUTE_LIST.match(text, brace.start())):
            problems.append((brace.start() + 1, attribute_list_message(attributes[0])))
    for col, target in link_targets(text, links, spans):
        if scheme := link_scheme(target):
            problems.append((col, link_message(scheme)))
    for auto in _AUTOLINK.finditer(text):
        if _outside(spans, auto.start()) and (scheme := link_scheme(auto[1])):
            problems.append((auto.start() + 2, link_message(scheme)))
    for image in _IMAGE.finditer(text):
        if _outside(spans, image.start()) and (image["next"] or _reference_id(image[1]) in links):
            problems.append((image.start() + 1, element_message("img")))
    return sorted(problems)


def link_targets(
    text: str, links: dict[str, str] | None = None, spans: list[tuple[int, int]] | None = None
) -> list[tuple[int, str]]:
    """The targets of the inline links (images too) and reference links of a quiz text, outside code spans:
    (1-based column where the target, or the reference, starts; target as written) each.

    ``links``: the page's reference definitions (`references`); ``spans``: the text's `code_spans`, when known.
    """
    if spans is None:
        spans = code_spans(text) if "`" in text else []
    inline = [link.end() for link in re.finditer(r"\]\(", text) if _outside(spans, link.start())]
    found = [(end + 1, target) for end, target in zip(inline, _inline_targets(text, inline), strict=True)]
    if links:
        for reference in _REFERENCE.finditer(text):
            target = links.get(_reference_id(reference[2] or reference[1]))
            if target and _outside(spans, reference.start()):
                found.append((reference.start() + 1, target))
    return found


def text_errors(
    block: QuizBlock, path: str, line_offset: int = 0, links: dict[str, str] | None = None
) -> list[QuizError]:
    """Errors in the inline Markdown of a quiz's lines that show without rendering them (see `inline_problems`)."""
    first = block.start + 2 + line_offset  # the file's line of the body's first line
    return [
        QuizError(message, first + number, block.indent + col, path)
        for number, line in enumerate(block.body.split("\n"))
        for col, message in inline_problems(line, links)
    ]

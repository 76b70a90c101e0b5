"""Quiz texts take a small part of inline Markdown, and nothing else.

Emphasis, strong, code, and links to a relative address or an http:, https: or mailto: one
(`ALLOWED`). `text_errors` finds what it can without rendering (an attribute list such as
'{: style=…}' after emphasis, code or a link, a javascript: or other link, an image); the Markdown
extension (quiz_markdown) checks each rendered text for the rest, with the messages made here.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right

from .errors import QuizError
from .markdown_source import QuizBlock

ALLOWED = "quiz texts take emphasis, strong, code and links to relative, http:, https: or mailto: addresses"
ALLOWED_TAGS = frozenset({"em", "strong", "code", "a", "br"})  # what those make, in Python-Markdown
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


def link_scheme(url: str) -> str | None:
    """The scheme of a link target that quiz texts do not take (not http:, https: or mailto:), if it has one.

    ``url`` is the attribute's value as written in HTML: decoded as a browser decodes it first.
    """
    url = re.sub(r"[\t\n\r]", "", html.unescape(url)).strip(_C0_OR_SPACE)
    if re.match(r"[/\\]{2}", url):
        return NETWORK_PATH  # '//host/…': another host, with the page's own scheme
    scheme = _SCHEME.match(url)
    return scheme[1] if scheme and scheme[1].lower() not in ALLOWED_SCHEMES else None


NETWORK_PATH = "//"
TOC_MARKER = "[TOC]"  # Python-Markdown's toc extension puts a table of contents where this stands


def link_message(scheme: str) -> str:
    found = "a link to another host starting '//'" if scheme == NETWORK_PATH else f"a '{scheme}:' link"
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


def _link_target(text: str, position: int) -> str:
    """The target of an inline link whose '](' ends at ``position``."""
    while position < len(text) and text[position] in " \t":
        position += 1
    if text.startswith("<", position):
        end = text.find(">", position)
        return text[position + 1 : end if end != -1 else len(text)]
    start, depth = position, 0
    while position < len(text):
        char = text[position]
        if char == "\\":
            position += 2
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            if depth == 0:
                break
            depth -= 1
        elif char in " \t":
            break
        position += 1
    return _ESCAPED.sub(r"\1", text[start:position])


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
    for link in re.finditer(r"\]\(", text):
        if _outside(spans, link.start()) and (scheme := link_scheme(_link_target(text, link.end()))):
            problems.append((link.end() + 1, link_message(scheme)))
    for auto in _AUTOLINK.finditer(text):
        if _outside(spans, auto.start()) and (scheme := link_scheme(auto[1])):
            problems.append((auto.start() + 2, link_message(scheme)))
    for image in _IMAGE.finditer(text):
        if _outside(spans, image.start()) and (image["next"] or _reference_id(image[1]) in links):
            problems.append((image.start() + 1, element_message("img")))
    if links:
        for reference in _REFERENCE.finditer(text):
            target = links.get(_reference_id(reference[2] or reference[1]))
            if target and _outside(spans, reference.start()) and (scheme := link_scheme(target)):
                problems.append((reference.start() + 1, link_message(scheme)))
    return sorted(problems)


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

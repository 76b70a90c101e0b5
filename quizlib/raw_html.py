"""Raw HTML in a Markdown page, found as Python-Markdown finds it, so that `check` and the build agree.

Python-Markdown's HTML block preprocessor (run after fenced code is set aside) takes as raw HTML a
block-level tag at the start of a line, up to its closing tag, counting nested ones (to the end of the
page when it is never closed), and ``<!DOCTYPE …>``, ``<?…?>`` and ``<![CDATA[…]]>``; an HTML comment
that starts a line is a block of its own. `html_places` says which lines such regions hold, with the
same tokenizer (a private copy of `html.parser` with Python-Markdown's changes, see `scanner_class`).
Standard library only.
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
import re
from bisect import bisect_left
from typing import Any, NamedTuple

RAW, COMMENT = "raw", "comment"  # what a region is: raw HTML, or an HTML comment that Markdown takes as a block

# Python-Markdown's block-level elements (Markdown.block_level_elements): raw HTML when one starts a line.
# fmt: off
BLOCK_LEVEL = frozenset({
    "address", "article", "aside", "blockquote", "body", "canvas", "center", "colgroup", "dd", "details", "div",
    "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "group", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hgroup", "hr", "html", "iframe", "legend", "li", "main", "map", "math", "menu", "nav", "noscript",
    "object", "ol", "option", "output", "p", "pre", "progress", "script", "section", "style", "summary", "table",
    "tbody", "td", "textarea", "tfoot", "th", "thead", "tr", "ul", "video",
})
_VOID = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
})
# fmt: on
_LINE_START_MARKUP = re.compile(r"^[^\S\n]{0,3}<", re.M)
_BLANK_LINE = re.compile(r"(?:[ ]*\n){2}")  # Python-Markdown's blank_line_re, matched at a position
_INNER_BLANK = re.compile(r"\n[ \t]*\n")
_COMMENT_CLOSE = re.compile(r"--!?>")


class Region(NamedTuple):
    """Lines ``first`` to ``last`` (1-based; None: to the end) that Markdown takes as raw HTML or a comment."""

    kind: str  # RAW or COMMENT
    first: int
    last: int | None
    tag: str  # the element that opens a raw block, or "" for a comment, a declaration or a lone tag


def html_places(lines: list[str], regions: list[tuple[int, int]], starts: list[int]) -> dict[int, Region]:
    """For each line in ``starts`` (0-based) that Markdown reads as raw HTML or a comment: that region.

    Fenced blocks are set aside first, as in the build, where fences are read before raw HTML.
    """
    if not starts:
        return {}
    view = list(lines)
    for start, end in regions:
        view[start] = f"\x02{start}\x03"  # a line of text where the fence was
        view[start + 1 : end + 1] = [""] * (end - start)
    text = "\n".join(view)
    if not _LINE_START_MARKUP.search(text):
        return {}
    scanner = scanner_class()()
    scanner.feed(text)
    scanner.close()
    found: list[Region] = scanner.regions
    firsts = [region.first for region in found]
    places: dict[int, Region] = {}
    for start in starts:
        line = start + 1
        at = bisect_left(firsts, line) - 1
        last = found[at].last if at >= 0 else 0
        if at >= 0 and (last is None or last > line):
            places[start] = found[at]
    return places


@functools.cache
def scanner_class() -> Any:
    """A tokenizer that finds raw HTML as Python-Markdown's HTMLExtractor does (markdown/htmlparser.py).

    Python-Markdown changes a private copy of `html.parser`; so does this, in the same way, and its
    scanner follows the same rules (tags at the start of a line, nesting, tails, comments as blocks).

    Unlike Python-Markdown's, its cost is bounded (n log n): searches that found nothing are not run
    again from further on. Two differences follow, on pages Python-Markdown itself takes minutes to
    read: a '<' inside a start tag that runs unterminated is text (Python-Markdown reads it again as
    a tag, nearly always with the same outcome); and an unterminated '<?', '<!DOCTYPE' or '<![CDATA['
    at the start of a line is text up to the next '>', where Python-Markdown loses track of where
    lines start for the rest of the page.
    """
    spec = importlib.util.find_spec("html.parser")
    assert spec is not None and spec.loader is not None
    parser: Any = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(parser)
    # Newer Pythons find the end of a start tag with 'locatetagend', older ones with 'locatestarttagend_tolerant'.
    tag_end = "locatetagend" if hasattr(parser, "locatetagend") else "locatestarttagend_tolerant"
    parser.starttagopen = re.compile("<[a-zA-Z]|</>")
    parser.endtagopen = re.compile("</[a-zA-Z]?")
    parser.piclose = re.compile(r"\?>")
    parser.entityref = re.compile(r"&([a-zA-Z][-.a-zA-Z0-9]*);")
    parser.incomplete = parser.entityref
    parser.locatestarttagend_tolerant = re.compile(
        r"""
  <[a-zA-Z][^`\t\n\r\f />\x00]*
  (?:[\s/]*
    (?:(?<=['"\s/])[^`\s/>][^\s/=>]*
      (?:\s*=+\s*
        (?:'[^']*'
          |"[^"]*"
          |(?!['"])[^`>\s]*
         )
         (?:\s*,)*
       )?(?:\s|/(?!>))*
     )*
   )?
  \s*
""",
        re.VERBOSE,
    )
    parser.locatetagend = re.compile(
        r"""
  [a-zA-Z][^`\t\n\r\f />]*
  [\t\n\r\f /]*
  (?:(?<=['"\t\n\r\f /])[^`\t\n\r\f />][^\t\n\r\f /=>]*
    (?:=
      (?:'[^']*'
        |"[^"]*"
        |(?!['"])[^>\t\n\r\f ]*
       )
     )?
    [\t\n\r\f /]*
   )*
   >?
""",
        re.VERBOSE,
    )
    cdata_close = re.compile(r"]\s*]\s*>")

    class Scanner(parser.HTMLParser):  # type: ignore[misc]
        def __init__(self) -> None:
            self.regions: list[Region] = []
            super().__init__(convert_charrefs=False)

        def reset(self) -> None:
            self.inraw = False
            self.intail = False
            self.stack: list[str] = []
            self.inline_stack: list[str] = []
            self.raw_start = (0, "")
            self.line_starts = [0]
            self.no_close: tuple[str | None, int] = (None, 0)
            self.starttag_text = ""
            self.unterminated: tuple[str | None, int, int] = (None, 0, 0)  # a start tag's run with no end
            self.no_cdata_close: tuple[str | None, int] = (None, 0)
            self.found_for: str | None = None
            self.found: dict[str, list[int]] = {}
            super().reset()

        def close(self) -> None:
            super().close()
            if self.inraw:
                self.regions.append(Region(RAW, self.raw_start[0], None, self.raw_start[1]))

        def positions(self, pattern: str) -> list[int]:
            """Where ``pattern`` (a regular expression, case-insensitive) matches in ``rawdata``, found once."""
            if self.found_for is not self.rawdata:
                self.found_for, self.found = self.rawdata, {}
            if pattern not in self.found:
                self.found[pattern] = [match.start() for match in re.finditer(pattern, self.rawdata, re.I)]
            return self.found[pattern]

        def absent(self, text: str, start: int) -> bool:
            """Whether ``text`` is nowhere in ``rawdata`` from ``start`` on."""
            found = self.positions(re.escape(text))
            return not found or found[-1] < start

        def line_start(self) -> int:
            """Where the current line starts in ``rawdata`` (Python-Markdown's ``line_offset``)."""
            for number in range(len(self.line_starts) - 1, self.lineno - 1):
                newline = self.rawdata.find("\n", self.line_starts[number])
                self.line_starts.append((len(self.rawdata) if newline == -1 else newline) + 1)
            start: int = self.line_starts[self.lineno - 1]
            return start

        def at_line_start(self) -> bool:
            if self.offset == 0:
                return True
            if self.offset > 3:
                return False
            start = self.line_start()
            return bool(self.rawdata[start : start + self.offset].strip() == "")

        def here(self) -> int:
            return self.line_start() + int(self.offset)

        def empty(self, data: str, is_block: bool, kind: str = RAW) -> None:
            """A comment, a declaration or a lone tag: raw when in or right after raw HTML, or a block."""
            if self.inraw:
                return
            line = int(self.lineno)
            region = Region(kind, line, line + data.count("\n"), "")
            if self.intail:
                self.regions.append(region)
            elif self.at_line_start() and is_block:
                if not _BLANK_LINE.match(self.rawdata, self.here() + len(data)):
                    self.intail = True
                self.regions.append(region)

        def handle_starttag(self, tag: str, attrs: object) -> None:
            if tag == "hr":
                self.handle_startendtag(tag, attrs)
                return
            if tag in BLOCK_LEVEL and (self.intail or (self.at_line_start() and not self.inraw)):
                self.inraw = True
                self.raw_start = (int(self.lineno), tag)
            if self.inraw:
                self.stack.append(tag)
                return
            if tag not in BLOCK_LEVEL and tag not in _VOID:
                self.inline_stack.append(tag)
            if tag in self.CDATA_CONTENT_ELEMENTS:
                self.clear_cdata_mode()  # a lone tag in text (in a code span, say)

        def handle_endtag(self, tag: str) -> None:
            start = self.here()
            closing = parser.endendtag.search(self.rawdata, start)
            text = self.rawdata[start : closing.end()] if closing else f"</{tag}>"
            if not self.inraw:
                if tag in self.inline_stack:
                    while self.inline_stack and self.inline_stack.pop() != tag:
                        pass
                return
            if tag in self.stack:
                while self.stack and self.stack.pop() != tag:
                    pass
            if not self.stack:
                line = int(self.lineno)
                self.regions.append(Region(RAW, self.raw_start[0], line + text.count("\n"), self.raw_start[1]))
                self.intail = not _BLANK_LINE.match(self.rawdata, start + len(text))
                self.inraw = False

        def handle_data(self, data: str) -> None:
            if self.intail and "\n" in data:
                self.intail = False
            if not self.inraw and _INNER_BLANK.search(data):
                self.inline_stack = []

        def handle_startendtag(self, tag: str, attrs: object) -> None:
            self.empty(self.starttag_text, tag in BLOCK_LEVEL)

        def handle_comment(self, data: str) -> None:
            text = f"<!--{data}-->"
            self.empty(text, bool(_INNER_BLANK.search(data)) or not self.inline_close_follows(text), COMMENT)

        def inline_close_follows(self, text: str) -> bool:
            """Whether an inline tag open before the comment ``text`` closes after it, in the same paragraph."""
            if not self.inline_stack:
                return False
            start = self.here() + len(text)
            blanks = self.positions(_INNER_BLANK.pattern)
            after = bisect_left(blanks, start)
            stop = blanks[after] if after < len(blanks) else len(self.rawdata)
            for tag in self.inline_stack:
                closings = self.positions(rf"</\s*{re.escape(tag)}\s*>")
                at = bisect_left(closings, start)
                if at < len(closings) and closings[at] < stop:
                    return True
            return False

        def handle_decl(self, data: str) -> None:
            self.empty(f"<!{data}>", True)

        def handle_pi(self, data: str) -> None:
            self.empty(f"<?{data}?>", True)

        def unknown_decl(self, data: str) -> None:
            self.empty(f"<![{data}{']]>' if data.startswith('CDATA[') else ']>'}", True)

        def unterminated_text(self, i: int) -> int:
            """A construct that never ends, read as text up to the next '>' (or '<'), as ``goahead`` does."""
            end = -1 if self.absent(">", i + 1) else self.rawdata.find(">", i + 1) + 1
            if end < 0:
                end = self.rawdata.find("<", i + 1)
                end = i + 1 if end < 0 else end
            self.handle_data(self.rawdata[i:end])
            return end

        def parse_pi(self, i: int) -> int:
            if not (self.at_line_start() or self.intail):
                self.handle_data("<?")
                return i + 2
            if self.absent("?>", i + 2):
                return self.unterminated_text(i)
            end: int = super().parse_pi(i)
            return end

        def parse_comment(self, i: int, report: bool = True) -> int:
            searched, position = self.no_close
            found = None
            if not (searched is self.rawdata and i + 4 >= position):
                found = _COMMENT_CLOSE.search(self.rawdata, i + 4)
            if not found:
                self.no_close = (self.rawdata, i + 4)
                self.handle_data("<")
                return i + 1
            if report:
                self.handle_comment(self.rawdata[i + 4 : found.start()])
            return found.end()

        def parse_html_declaration(self, i: int) -> int:
            if not (self.at_line_start() or self.intail):
                self.handle_data("<!")
                return i + 2
            if self.rawdata[i : i + 3] == "<![" and self.rawdata[i : i + 9] != "<![CDATA[":
                end: int = self.parse_bogus_comment(i)
                if end == -1:
                    self.handle_data(self.rawdata[i : i + 1])
                    return i + 1
                return end
            if self.absent(">", i + 2):
                return self.unterminated_text(i)
            declared: int = super().parse_html_declaration(i)
            return declared if declared != -1 else self.unterminated_text(i)

        def parse_marked_section(self, i: int, report: int = 1) -> int:
            searched, position = self.no_cdata_close
            cdata = self.rawdata[i : i + 9].upper() == "<![CDATA["
            if cdata and searched is self.rawdata and i >= position:
                return -1
            end: int = super().parse_marked_section(i, report)
            if end == -1 and cdata and not cdata_close.search(self.rawdata, i + 3):
                self.no_cdata_close = (self.rawdata, i)
            return end

        def parse_bogus_comment(self, i: int, report: int = 0) -> int:
            if self.absent(">", i + 2):
                return -1
            end: int = super().parse_bogus_comment(i, report)
            if end != -1:
                self.empty(self.rawdata[i:end], False)
            return end

        def parse_endtag(self, i: int) -> int:
            start = self.rawdata[i : i + 3]
            letter = len(start) == 3 and start[-1].isascii() and start[-1].isalpha()
            end: int = super().parse_endtag(i) if letter and not self.absent(">", i + 1) else -1
            if end == -1:
                self.handle_data(self.rawdata[i : i + 2])
                return i + 2
            return end

        def check_for_whole_start_tag(self, i: int) -> int:
            searched, first, stop = self.unterminated
            if searched is self.rawdata and first < i < stop:
                return -1  # inside a start tag that runs on without an end: see the docstring
            end: int = super().check_for_whole_start_tag(i)
            if end == -1:
                run = getattr(parser, tag_end).match(self.rawdata, i if tag_end != "locatetagend" else i + 1)
                self.unterminated = (self.rawdata, i, run.end() if run else i)
            return end

        def parse_starttag(self, i: int) -> int:
            rawdata: str = self.rawdata
            if rawdata[i : i + 3] == "</>":
                self.handle_data("</>")
                return i + 3
            end: int = self.check_for_whole_start_tag(i)
            if end < 0:
                self.handle_data(rawdata[i : i + 1])
                return i + 1
            self.starttag_text = rawdata[i:end]
            name = parser.tagfind_tolerant.match(rawdata, i + 1)
            position = name.end()
            tag = self.lasttag = name[1].lower()
            while position < end and (attribute := parser.attrfind_tolerant.match(rawdata, position)):
                position = attribute.end()
            rest = rawdata[position:end].strip()
            if rest not in (">", "/>"):
                self.handle_data(rawdata[i:end])
            elif rest.endswith("/>"):
                self.handle_startendtag(tag, [])
            else:
                if tag in self.CDATA_CONTENT_ELEMENTS:
                    self.set_cdata_mode(tag)
                self.handle_starttag(tag, [])
            return end

    return Scanner

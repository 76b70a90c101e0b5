"""A strict Content-Security-Policy in every page the build writes, and nothing in a page that it would not allow.

Scripts run only from the site's own files, or inline when their exact text is listed by hash. The list comes
from the theme, never from the output: Material's own inline-script partials (`THEME_SCRIPTS`), included
under the same conditions as its templates include them, rendered through the theme's Jinja environment with
each ``base_url`` a page of this build has. So a script that reaches a page any other way (a template value
such as a page's title, or raw HTML in its text) is not in the policy, and would not run; the build stops on
it instead, naming the page and what was expected. Every page lists the hashes of the whole site, because
instant navigation keeps the first page's policy while it runs the next page's scripts. No 'unsafe-inline',
no 'unsafe-eval'. Pyodide runs in a worker, which a page's <meta> policy does not govern, so pages need no
'wasm-unsafe-eval' either.

Templates put text values into the HTML as they are (MkDocs' Jinja does not escape), so front matter values
and page titles must be plain text: no tag, comment or declaration ('<' then a letter, '/', '!' or '?') and
no '"' (which would end an attribute, such as the description's). No page may hold a <meta http-equiv> (a
refresh would send the reader elsewhere, which no policy stops), and every page must be a whole one, with a
<head> for its policy (front matter's 'template:' could pick a partial instead).

`mkdocs serve` gets no policy: its live reload adds a script of its own, different in every response, to
every page. The checks still run.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable, Iterator
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from jinja2 import Environment, TemplateNotFound
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url, is_error_template
from mkdocs.utils.meta import YAML_RE

from quiz_markdown import serve_errors
from quiz_markdown.plugin import shown_path
from quizlib.quiz_text import link_scheme

# Material's partials that write inline scripts, and the condition under which its templates include each
# (base.html, and partials/header.html for the palette). The analytics partial has its own conditions inside.
THEME_SCRIPTS = (
    ("partials/javascripts/base.html", "true"),
    ("partials/javascripts/announce.html", '"announce.dismiss" in features'),
    ("partials/javascripts/outdated.html", "config.extra.version"),
    ("partials/javascripts/palette.html", "not config.theme.palette is mapping"),
    ("partials/javascripts/content.html", "true"),
    ("partials/javascripts/consent.html", "config.extra.consent"),
    ("partials/integrations/analytics.html", "true"),
)
_INCLUDE = "{%- set features = config.theme.features or [] -%}{%- if COND %}{% include NAME %}{% endif -%}"
# A script element, from its start tag to its end: found wherever it stands (a comment, an attribute), as a
# browser's reading may differ from any parser's; a false find stops the build, it cannot let a script by.
_SCRIPT = re.compile(r"<script(?=[\s/>])(?P<tag>[^>]*)>(?P<body>.*?)(?:</script|\Z)", re.S | re.I)
_META = re.compile(r"<meta(?=[\s/>])[^>]*>", re.I)
_POLICY_META = '<meta http-equiv="Content-Security-Policy" content="{}">'
# What a template value may not hold: markup ('<' then a letter, '/', '!' or '?'), or the end of an attribute.
_MARKUP = re.compile(r'<[A-Za-z/!?][^\s<>"]{0,20}|"')
_ENTITY = re.compile(r"&(#[0-9]+|#x[0-9a-f]+|[a-z][a-z0-9]*);", re.I)

_theme: dict[str, dict[str, str]] = {}  # base_url: {hash: the partial that writes the script}
_base_url = ""  # the page or template being rendered
_serving = False


def policy(hashes: set[str]) -> str:
    """The policy: the listed inline scripts, everything else from the site only."""
    return "; ".join([
        "default-src 'self'",
        " ".join(["script-src 'self'", *sorted(hashes)]),
        "style-src 'self' 'unsafe-inline'",  # Material sets style attributes from its scripts
        "img-src 'self' data:",
        "connect-src 'self'",
        "worker-src 'self'",
        "object-src 'none'",
        "frame-src 'none'",  # the site embeds no frame; a frame's srcdoc would run a script from the origin
        "base-uri 'none'",  # a <base> would move every relative script to another folder of the origin
        "form-action 'self'",
    ])  # fmt: skip


def sha256(script: str) -> str:
    """A CSP source for the inline script whose text (between its tags) is ``script``."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"


def theme_scripts(env: Environment, config: MkDocsConfig, base_urls: Iterable[str]) -> dict[str, dict[str, str]]:
    """The inline scripts the theme writes into a page with each of ``base_urls``, by base_url: {hash: the partial
    that writes it}."""
    includes = []
    for name, condition in THEME_SCRIPTS:
        try:
            env.get_template(name)
        except TemplateNotFound:
            continue  # a theme without it cannot write it
        includes.append((name, env.from_string(_INCLUDE.replace("COND", condition).replace("NAME", repr(name)))))
    found: dict[str, dict[str, str]] = {}
    for base_url in base_urls:
        found[base_url] = {}
        for name, include in includes:
            for tag, body in _scripts(include.render(config=config, base_url=base_url, page=None)):
                if _runs(tag):
                    found[base_url][sha256(body)] = name
    return found


def base_urls(config: MkDocsConfig, files: Files) -> set[str]:
    """Every ``base_url`` the build renders a page or template with (as mkdocs.commands.build sets it)."""
    urls = {get_relative_url(".", file.url) for file in files.documentation_pages(inclusion=InclusionLevel.all)}
    for name in [*config.theme.static_templates, *config.extra_templates]:
        if name.endswith(".html"):
            urls.add(urlsplit(config.site_url or "/").path if is_error_template(name) else get_relative_url(".", name))
    return urls


def _scripts(html: str) -> Iterator[tuple[str, str]]:
    for found in _SCRIPT.finditer(html):
        yield found["tag"], found["body"]


class _Attributes(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.attrs: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.attrs = {name: value or "" for name, value in attrs}

    handle_startendtag = handle_starttag


def _attributes(tag: str) -> dict[str, str]:
    parser = _Attributes()
    parser.feed(f"<x{tag}>")
    parser.close()
    return parser.attrs


def _runs(tag: str) -> bool:
    """Whether a script element with these attributes is run from its text: not a file's, nor a JSON data block."""
    attributes = _attributes(tag)
    return "src" not in attributes and attributes.get("type", "").strip().lower() != "application/json"


# Elements no page of this site has, and which would let a page run or load what the policy is there to stop:
# frames (a srcdoc runs scripts as the site), plug-ins, a <base> that moves every relative address, a
# <meta http-equiv> (a refresh sends the reader elsewhere, which no policy stops).
FORBIDDEN_ELEMENTS = frozenset({"base", "iframe", "frame", "frameset", "object", "embed", "applet", "portal"})
# By local name: an XLink address may come under any prefix (xlink:href, q:href).
_URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "data", "poster", "background"})
_ACTIVE_SCHEMES = frozenset({"javascript", "vbscript", "data"})
# Elements whose text a browser does not read as markup, where Python's parser (3.11) does: it may then take a tag
# across the element's end, and not see what a browser sees after it. No markup is expected in them.
_TEXT_ONLY = frozenset({"textarea", "title", "xmp", "noembed", "noframes", "noscript"})
_FOREIGN = frozenset({"svg", "math"})  # in them, a browser reads a style or a script's text as markup; Python does not


class _Elements(HTMLParser):
    """Every element and attribute of a page as a browser's tokenizer reads them (entities decoded); and where the
    two readings may part (see _TEXT_ONLY, _FOREIGN), a problem too. ``xml``: the file is read as XML (an SVG opened
    on its own), where no element's text is anything but markup."""

    def __init__(self, xml: bool = False) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.xml = xml
        if xml:
            self.CDATA_CONTENT_ELEMENTS = ()  # type: ignore[misc]  # read as markup, as XML reads them
        self.text_only: str | None = None  # the _TEXT_ONLY element open, if any
        self.foreign: list[str] = []  # the SVG and MathML elements open, innermost last

    def _misread(self, found: str) -> None:
        if self.text_only and not self.xml:
            self.problems.append(f"no markup inside <{self.text_only}> (a browser reads it as text); found {found}")
            self.text_only = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        shown = _shown(self.get_starttag_text() or f"<{tag}>")
        self._misread(shown)
        if tag in FORBIDDEN_ELEMENTS:
            self.problems.append(f"no <{tag}> (the site's policy allows none); found {shown}")
        elif tag == "meta" and any(name == "http-equiv" for name, _ in attrs):
            self.problems.append(f"no <meta http-equiv> in a page; found {shown}")
        elif tag in ("style", "script") and self.foreign and not self.xml:
            self.problems.append(f"no <{tag}> inside SVG or MathML (a browser reads its text as markup); found {shown}")
        for name, value in attrs:
            # An event handler with no value ('<p onclick>') runs nothing, as an empty handler would.
            if (name.startswith("on") and value is not None) or name == "srcdoc":
                self.problems.append(f"no '{name}' attribute (scripts run only from files); found {shown}")
            elif name.rpartition(":")[2] in _URL_ATTRIBUTES and not (tag == "img" and name == "src"):
                if _active_scheme(value or ""):
                    self.problems.append(f"no javascript:, vbscript: or data: address; found {shown}")
            elif name == "attributename" and (value or "").strip().rpartition(":")[2].lower() == "href":
                self.problems.append(f"no animation of a link's address; found {shown}")
        if tag in _TEXT_ONLY and not self.text_only:
            self.text_only = tag  # opened even by '<textarea/>': a browser ignores the '/' of an HTML element
        elif tag in _FOREIGN and not (self.get_starttag_text() or "").endswith("/>"):
            self.foreign.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == self.text_only:
            self.text_only = None
        elif self.text_only:
            self._misread(_shown(f"</{tag}>"))
        elif self.foreign and tag == self.foreign[-1]:  # a browser ignores '</math>' in SVG
            self.foreign.pop()

    def handle_comment(self, data: str) -> None:
        self._misread(_shown(f"<!--{data}-->"))

    def handle_decl(self, decl: str) -> None:
        self._misread(_shown(f"<!{decl}>"))

    def handle_pi(self, data: str) -> None:
        self._misread(_shown(f"<?{data}>"))

    def unknown_decl(self, data: str) -> None:
        self._misread(_shown(f"<![{data}]>"))


# What a page must hold, as written, for _Elements to find anything in it: read from the raw text as a browser's
# tokenizer reads a tag, where entities are never decoded in a tag's or an attribute's name, and an attribute's
# name follows a space, a '/' or a quote. Each may also be found in a page's text; that only costs the parse.
_FORBIDDEN_NAMES = "|".join(sorted(FORBIDDEN_ELEMENTS))  # as a regex alternation
_SUSPECT_ELEMENT = re.compile(f"<(?:{_FORBIDDEN_NAMES})")
_SUSPECT_HANDLER = re.compile(r"""[\s'"/]on[^\s/>=]*\s*=""")  # an event handler given a value
# The value is looked at, not taken: a value found in a page's text may not end where a browser's would, and must
# not hide the attributes after it from the next search.
_SUSPECT_ADDRESS = re.compile(r"""(?:href|src|action|data|poster|background)\s*=[\s=]*(?=("[^"]*|'[^']*|[^\s>]*))""")


def _suspect(html: str) -> bool:
    """Whether ``html`` may hold what element_problems looks for, found without parsing it (a page's parse is most
    of the time the check takes, and a page rarely holds any of it): a forbidden element's start, 'http-equiv',
    'srcdoc', 'attributename', an attribute starting 'on' given a value, or an address attribute whose value,
    decoded as the parse decodes it, starts with a scheme that runs. Never false where the parse finds one."""
    text = html.lower()
    if len(text) != len(html):  # 'İ' lowercases to two characters: the value's place in html is not known
        return True
    if any(word in text for word in ("http-equiv", "srcdoc", "attributename")):
        return True
    if _SUSPECT_ELEMENT.search(text) or _SUSPECT_HANDLER.search(text):
        return True
    for found in _SUSPECT_ADDRESS.finditer(text):
        value = html[found.start(1) : found.end(1)].lstrip("\"'")  # as written: entities' names keep their case
        if ("&" in value or ":" in value) and _active_scheme(unescape(value)):
            return True
    return False


def _active_scheme(url: str) -> bool:
    """Whether an address, as a browser reads it (tabs and newlines dropped, ends trimmed), runs or holds a page."""
    scheme = link_scheme(url, decoded=True)  # quiz texts' own reading of an address
    return scheme is not None and scheme.lower() in _ACTIVE_SCHEMES


# Where Python's parser reads a page otherwise than a browser does, and may not see what a browser sees after it: a
# comment a browser ends early ('<!-->', '<!--->', '--!>'), a marked section such as CDATA (a browser ends it at the
# first '>' in HTML), a style or script element's end written otherwise than '</style>' (a browser also ends it at
# '</style/' or '</style x>'). (Elements the two read otherwise: see _Elements.)
_MISREAD = re.compile(r"<!---?>|--!>|<!\[|</(?:style|script)(?!>)", re.I)


def element_problems(html: str, xml: bool = False) -> list[str]:
    """What in ``html`` no page may hold (see FORBIDDEN_ELEMENTS), each as 'expected …; found …' text. A page that
    may hold any of it must also be read by the check as a browser reads it (see _MISREAD). ``xml``: an SVG file,
    read as XML (where comments and marked sections are read as Python reads them, or end later)."""
    if not _suspect(html):
        return []
    if not xml and (misread := _MISREAD.search(html)):
        return [
            "no markup that browsers read otherwise than this check ('<!-->', '--!>', '<![', a style or script "
            f"closed otherwise than '</style>') in a page that holds what may run; found "
            f"{_shown(html[misread.start() : misread.start() + 40])}"
        ]
    parser = _Elements(xml)
    parser.feed(html)
    parser.close()
    return parser.problems


def _shown(text: str, limit: int = 60) -> str:
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def _values(value: object, name: str) -> Iterator[tuple[str, str]]:
    """Every string in a front matter value, with its name ('hide[0]', 'social.title')."""
    if isinstance(value, str):
        yield name, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _values(item, f"{name}.{key}")
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from _values(item, f"{name}[{index}]")


def _plain_text_problem(where: str, value: str) -> str | None:
    found = _MARKUP.search(value)
    if not found:
        return None
    shown = "'\"' (it would end an HTML attribute)" if found[0] == '"' else repr(found[0] + "…")
    return f"{where}: expected plain text; found {shown}"


def on_startup(command: str, dirty: bool) -> None:
    global _serving
    _serving = serve_errors.serving(command)


def _front_matter_problem(markdown: str) -> str | None:
    """Why a page's front matter is not YAML, as 'line:col: …', when MkDocs left it in the text unread (it drops
    front matter that is not a YAML mapping without a word, and the page then shows it as text)."""
    block = YAML_RE.match(markdown)
    if not block:
        return None
    try:
        data = yaml.safe_load(block[1])
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"{mark.line + 2}:{mark.column + 1}: " if mark else "2:1: "  # line 1 is the opening '---'
        reason = getattr(error, "problem", None) or "not YAML"
        example = "such as 'description: \"A: B\"' (quote a value holding ': ')"
        return f"{where}expected front matter in YAML, {example}; found {reason}"
    if isinstance(data, dict):
        return None
    return "2:1: expected front matter as 'name: value' lines; found another YAML value"


def front_matter_problems(shown: str, markdown: str, meta: dict[str, Any]) -> list[str]:
    """What is wrong with the front matter of the page ``shown``: ``markdown`` is its text once the generator has
    taken out the front matter it could read, as ``meta``. Front matter must be read (MkDocs would show it as
    text otherwise), and its values go into the page's HTML as they are: plain text only."""
    if problem := _front_matter_problem(markdown):
        return [f"{shown}:{problem}"]
    problems = []
    for key, value in meta.items():
        for name, text in _values(value, str(key)):
            where = f"{shown}: front matter '{name}'"
            if problem := _plain_text_problem(where, text):
                problems.append(problem)
            # Plain text holds no HTML entity: the theme would show '&amp;' as '&', a link preview as '&amp;'.
            elif entity := _ENTITY.search(text):
                problems.append(f"{where}: expected plain text (write the character itself); found {entity[0]!r}")
    return problems


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, **kwargs: object) -> str:
    if problems := front_matter_problems(shown_path(page, config), markdown, page.meta):
        raise PluginError(problems[0])
    return markdown


def content_problem(shown: str, html: str, title: str) -> str | None:
    """What is wrong with the HTML a page's text became, or with its title (as <title> shows it: Material strips
    its tags, which turns '&lt;' back into '<')."""
    if re.search(r"<script\b", html, re.I):
        return (
            f"{shown}: expected no <script> in a page's text (the site's policy would block it); "
            "found one. Scripts belong in docs/assets/, listed in mkdocs.yml."
        )
    return _plain_text_problem(f"{shown}: page title", title)


def on_page_content(html: str, page: Page, config: MkDocsConfig, **kwargs: object) -> str:
    if problem := content_problem(shown_path(page, config), html, Markup(page.title or "").striptags()):
        raise PluginError(problem)
    return html


# Files copied from docs/ as they are, which a browser would run as a page: no policy can be put in them.
_ACTIVE = (".html", ".htm", ".xhtml", ".shtml", ".xht", ".xml", ".xsl", ".xslt", ".svgz")
# What an SVG opened on its own (read as XML, with no policy) may run or load a page with, wherever it stands: an
# element with or without a namespace prefix ('<s:script>' is a script when s names SVG's namespace, '<h:iframe>'
# a frame when h names HTML's), a stylesheet or entity declaration. (Its attributes: see _Elements.)
_SVG_EXPECTED = "no script, foreignObject, frame, plug-in, stylesheet or entity in an SVG"
_SVG_ACTIVE = re.compile(
    rf"<(?:[^\s<>/:!?]+:)?(?:script|foreignobject|{_FORBIDDEN_NAMES})(?![\w.-])"
    r"|<\?xml-stylesheet|<!entity",
    re.I,
)


def copied_file_problem(source: Path, where: str) -> str | None:
    """What is wrong with a file of docs/ that is copied, not rendered (``where``: its name in messages): none a
    browser would run as a page, and SVGs without scripts."""
    if source.suffix.lower() in _ACTIVE:
        return (
            f"{where}: expected no HTML or XML file among the files copied from docs/ (it would be served "
            "without the site's policy); found one. Write the page in Markdown instead."
        )
    if source.suffix.lower() == ".svg":
        expected = f"{where}: expected an SVG saved as UTF-8 (no other is checked)"
        try:
            svg = source.read_bytes().decode("utf-8")
        except UnicodeDecodeError as error:
            return f"{expected}; found the byte {error.object[error.start]:#x}"
        if "\x00" in svg:
            return f"{expected}; found a NUL character"
        problems = element_problems(svg, xml=True)
        if found := _SVG_ACTIVE.search(svg):
            shown = _shown(svg[found.start() : found.end() + 20])
            problems.insert(0, f"{_SVG_EXPECTED}; found {shown}")
        if problems:
            return f"{where}: expected {problems[0]}; an SVG opened on its own runs as a page"
    return None


def on_files(files: Files, config: MkDocsConfig) -> Files:
    docs = Path(config.docs_dir).resolve()
    for file in files:
        if file.is_documentation_page() or file.abs_src_path is None:
            continue
        source = Path(file.abs_src_path).resolve()
        if not source.is_relative_to(docs):
            continue  # the theme's own files
        if problem := copied_file_problem(source, source.relative_to(docs.parent).as_posix()):
            raise PluginError(problem)
    return files


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    """Every page has been read: the theme's scripts for every base_url the build will render with."""
    _theme.clear()
    _theme.update(theme_scripts(env, config, base_urls(config, files)))
    return env


def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, **kwargs: object) -> dict[str, Any]:
    global _base_url
    _base_url = context["base_url"]
    return context


def on_template_context(context: dict[str, Any], template_name: str, config: MkDocsConfig) -> dict[str, Any]:
    global _base_url
    _base_url = context["base_url"]
    return context


def page_problem(html: str, where: str, expected: dict[str, str], base_url: str) -> str | None:
    """What is wrong with a page as written (``where``: its name in messages): every script it runs from its text
    must be one of ``expected`` ({hash: partial}, the theme's scripts for its ``base_url``), and it holds
    nothing of FORBIDDEN_ELEMENTS."""
    if "<head>" not in html:  # a page that would go without a policy, such as one with 'template: partials/…'
        return f"{where}: expected a whole page, with a <head> for its policy; found none"
    for tag, body in _scripts(html):
        if _runs(tag) and sha256(body) not in expected:
            partials = ", ".join(sorted(set(expected.values()))) or "none"
            return (
                f"{where}: expected only the theme's inline scripts ({partials}, for base_url "
                f"'{base_url}'); found another, {_shown(f'<script{tag}>{body}')} (from a template value "
                "such as a title, or the page's own HTML?)"
            )
    for meta in _META.finditer(html):  # a quick look first, as a browser may read a broken tag differently
        if "http-equiv" in meta[0].lower():
            return f"{where}: expected no <meta http-equiv> in a page; found {_shown(meta[0])}"
    if problems := element_problems(html):
        return f"{where}: expected {problems[0]}"
    return None


def with_policy(html: str, hashes: set[str]) -> str:
    """The page with its policy, first in its <head> (after its charset): ``hashes``, the inline scripts allowed."""
    tag = _POLICY_META.format(policy(hashes))
    charset = re.search(r"<meta charset=[^>]*>", html[:1024], re.I)  # the charset stays in the first 1024 bytes
    if charset:
        return html[: charset.end()] + f"\n    {tag}" + html[charset.end() :]
    return html.replace("<head>", f"<head>\n    {tag}", 1)  # before any script


def _checked(html: str, where: str) -> str:
    """The page, checked: every script it runs from its text is one the theme writes; then its policy, first."""
    if problem := page_problem(html, where, _theme.get(_base_url, {}), _base_url):
        raise PluginError(problem)
    if _serving:
        return html
    return with_policy(html, {source for scripts in _theme.values() for source in scripts})


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    return _checked(output, shown_path(page, config))


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    if not template_name.endswith(".html"):  # sitemap.xml
        return output_content
    return _checked(output_content, f"{template_name} (a theme template)")  # 404.html

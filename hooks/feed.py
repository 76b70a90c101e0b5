"""An Atom feed of the What's new page, so readers can follow changes in a feed reader.

Each section of docs/whats-new.md headed ``## YYYY-MM-DD: Title`` becomes one entry, newest first.
"""

from __future__ import annotations

import re
from html import escape
from urllib.parse import urljoin, urlsplit
from xml.etree.ElementTree import Element

import markdown
from markdown.treeprocessors import Treeprocessor
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from quizlib.strings import ui_strings

PAGE = "whats-new.md"
FEED = "feed.xml"
_ENTRY = re.compile(r"^## (?P<date>\d{4}-\d{2}-\d{2}): (?P<title>.+)$", re.MULTILINE)


def entries(text: str) -> list[dict[str, str]]:
    """The dated sections of the page: date, title and body (Markdown)."""
    found = list(_ENTRY.finditer(text))
    return [
        {
            "date": match["date"],
            "title": match["title"].strip(),
            "body": text[match.end() : found[index + 1].start() if index + 1 < len(found) else len(text)].strip(),
        }
        for index, match in enumerate(found)
    ]


def address(link: str, site: str) -> str:
    """A link written in docs/whats-new.md as the absolute address a feed reader needs, the site's page URLs as
    MkDocs writes them: ``quiz.md#q`` is ``<site>quiz/#q``, ``index.md`` the site itself, ``feed.xml`` a file of
    the site; ``#part`` is a part of the What's new page. An address with a scheme or a host stays as it is."""
    parts = urlsplit(link)
    if parts.scheme or parts.netloc:
        return link
    path = parts.path or PAGE
    if path.endswith(".md"):
        path = path.removesuffix(".md").removesuffix("index")
        path = path if not path or path.endswith("/") else path + "/"
    return urljoin(site, path) + (f"#{parts.fragment}" if parts.fragment else "")


class _Absolute(Treeprocessor):
    def __init__(self, md: markdown.Markdown, site: str) -> None:
        super().__init__(md)
        self.site = site

    def run(self, root: Element) -> None:
        for element in root.iter():
            for name in ("href", "src"):
                if (link := element.get(name)) is not None:
                    element.set(name, address(link, self.site))


def _html(body: str, site: str) -> str:
    """A section of the page as HTML for feed readers: its Markdown, with any raw HTML shown as text, any quiz
    left out (a feed reader cannot run one), and every link absolute (a feed has no page to be relative to)."""
    body = re.sub(r"^(`{3,}|~{3,})quiz.*?^\1[ \t]*$", "", body, flags=re.MULTILINE | re.DOTALL)
    md = markdown.Markdown()
    md.treeprocessors.register(_Absolute(md, site), "absolute-links", 0)
    return md.convert(body.replace("<", "&lt;"))


def atom(items: list[dict[str, str]], site_url: str | None, site_name: str, language: str) -> str:
    """The Atom document for ``items`` (newest first), of the site at ``site_url``, in its ``language``."""
    site = (site_url or "").rstrip("/") + "/"
    page = site + PAGE.removesuffix(".md") + "/"
    updated = max(item["date"] for item in items) + "T00:00:00Z"
    strings = ui_strings(language)
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        f"<title>{escape(strings['feed_title'].format(site=site_name))}</title>",
        f'<link href="{escape(page)}"/>',
        f'<link rel="self" href="{escape(site + FEED)}"/>',
        f"<id>{escape(site + FEED)}</id>",
        f"<updated>{updated}</updated>",
    ]
    for item in items:
        anchor = re.sub(r"[^a-z0-9]+", "-", f"{item['date']} {item['title']}".lower()).strip("-")
        parts += [
            "<entry>",
            f"<title>{escape(item['title'])}</title>",
            f'<link href="{escape(page)}#{anchor}"/>',
            f"<id>{escape(page)}#{item['date']}</id>",
            f"<updated>{item['date']}T00:00:00Z</updated>",
            f"<author><name>{escape(site_name)}</name></author>",
            f'<content type="html">{escape(_html(item["body"], site))}</content>',
            "</entry>",
        ]
    return "\n".join([*parts, "</feed>", ""])


class FeedError(Exception):
    """The page cannot make a feed; the message says where and what."""


def feed(text: str, site_url: str | None, site_name: str, language: str) -> str:
    """The feed of the What's new page whose text is ``text`` (FeedError when it has no dated section)."""
    items = entries(text)
    if not items:
        raise FeedError(f"docs/{PAGE}: expected sections headed '## YYYY-MM-DD: Title'; found none")
    return atom(items, site_url, site_name, language)


def on_files(files: Files, config: MkDocsConfig) -> Files:
    source = files.get_file_from_path(PAGE)
    if source is None:
        return files
    try:
        content = feed(source.content_string, config.site_url, config.site_name, config.theme.get("language") or "en")
    except FeedError as error:
        raise PluginError(str(error)) from None
    files.append(File.generated(config, FEED, content=content))
    return files

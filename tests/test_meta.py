"""What a link preview and a phone reader find on every built page: Open Graph and Twitter card tags that say
what the page says (overrides/main.html), the site's own image, and the footer's previous and next links in the
order of the site's menu (Material's navigation.footer)."""

import struct
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from mkdocs.utils.meta import get_data
from support import site_config

from quizlib.strings import ui_strings

ROOT = Path(__file__).resolve().parent.parent


def menu(items: list) -> list[str]:
    """The Markdown files of a MkDocs nav, in the order a reader meets them."""
    files: list[str] = []
    for item in items:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        files += menu(value) if isinstance(value, list) else [value]
    return files


def address(source: str) -> str:
    """Where MkDocs publishes a Markdown file, relative to the site's root ('' for the home page)."""
    path = source.removesuffix(".md")
    return "" if path == "index" else path.removesuffix("/index") + "/"


class Head(HTMLParser):
    """A page's <title>, its <meta> tags (by property or name), its canonical address and its footer links."""

    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, list[str]] = {}
        self.canonical: str | None = None
        self.title = ""
        self.footer: dict[str, str] = {}
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "meta" and (key := attributes.get("property") or attributes.get("name")):
            self.meta.setdefault(key, []).append(attributes.get("content") or "")
        elif tag == "link" and attributes.get("rel") == "canonical":
            self.canonical = attributes.get("href")
        elif tag == "title":
            self._in_title = True
        elif tag == "a":
            for side in ("prev", "next"):
                if f"md-footer__link--{side}" in (attributes.get("class") or "").split():
                    self.footer[side] = attributes.get("href") or ""

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data

    def handle_endtag(self, tag: str) -> None:
        self._in_title = self._in_title and tag != "title"


def head(page: Path) -> Head:
    parsed = Head()
    parsed.feed(page.read_text())
    return parsed


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR", f"{path} is not a PNG"
    return struct.unpack(">II", data[16:24])


CONFIG = site_config()
PAGES = menu(CONFIG["nav"])
TAGS = [
    "og:type",
    "og:site_name",
    "og:locale",
    "og:title",
    "og:description",
    "og:url",
    "og:image",
    "og:image:type",
    "og:image:width",
    "og:image:height",
    "og:image:alt",
    "twitter:card",
    "twitter:title",
    "twitter:description",
]


@pytest.mark.parametrize("source", PAGES)
def test_every_page_tells_a_link_preview_its_own_title_description_and_address(built_site: Path, source: str):
    page = head(built_site / address(source) / "index.html")
    assert {tag: len(page.meta.get(tag, [])) for tag in TAGS} == dict.fromkeys(TAGS, 1), "each tag, once"
    tags = {tag: values[0] for tag, values in page.meta.items()}
    site_name = CONFIG["site_name"]
    # The title as the browser's tab shows it, without the site's name (og:site_name says that).
    title = site_name if source == "index.md" else page.title.removesuffix(f" - {site_name}")
    _, front_matter = get_data((ROOT / "docs" / source).read_text())
    description = front_matter.get("description") or CONFIG["site_description"]
    ui = ui_strings(CONFIG["theme"]["language"])
    assert tags["og:title"] == tags["twitter:title"] == title
    assert tags["og:description"] == tags["twitter:description"] == tags["description"] == description
    assert tags["og:url"] == page.canonical and urlsplit(page.canonical).path.endswith("/" + address(source))
    assert tags["og:site_name"] == site_name
    assert tags["og:locale"] == ui["og_locale"] == "en_US"
    assert tags["og:type"] == "website" and tags["twitter:card"] == "summary_large_image"
    assert tags["og:image:alt"] == ui["site_image_alt"]


def test_the_preview_image_is_the_sites_own_1200_by_630_png(built_site: Path):
    home = head(built_site / "index.html")
    image = home.meta["og:image"][0]
    site = home.canonical  # the site's address: the home page's canonical one
    assert site and image.startswith(site), "an image on the site itself, at an absolute address"
    published = built_site / image.removeprefix(site)
    assert published.is_file()
    assert png_size(published) == (1200, 630)
    assert (home.meta["og:image:width"], home.meta["og:image:height"]) == (["1200"], ["630"])
    assert published.read_bytes() == (ROOT / "docs" / "assets" / "images" / "site-card.png").read_bytes()
    for page in [*built_site.rglob("index.html"), built_site / "404.html"]:
        assert head(page).meta.get("og:image") == [image], page


def test_the_404_page_previews_as_the_site(built_site: Path):
    page = head(built_site / "404.html")
    assert page.meta["og:title"] == [CONFIG["site_name"]]
    assert page.meta["og:description"] == [CONFIG["site_description"]]
    assert "og:url" not in page.meta  # it has no address of its own


def test_the_footer_links_each_page_to_the_one_before_and_after_it_in_the_menu(built_site: Path):
    base = "http://site/"
    for index, source in enumerate(PAGES):
        url = base + address(source)
        footer = head(built_site / address(source) / "index.html").footer
        expected = {}
        if index > 0:
            expected["prev"] = base + address(PAGES[index - 1])
        if index < len(PAGES) - 1:
            expected["next"] = base + address(PAGES[index + 1])
        assert {side: urljoin(url, href) for side, href in footer.items()} == expected, source

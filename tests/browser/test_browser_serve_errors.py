"""Under `mkdocs serve`, a page's quiz errors are a named region a screen reader finds, pass axe light and dark,
and go away by themselves once the file is fixed (live reload)."""

import json
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from support import ROOT, quiz_site, site_config
from test_browser_accessibility import AXE, TAGS
from test_serve_errors import BROKEN, GOOD, WAIT, serving

pytestmark = pytest.mark.browser


def site(folder: Path) -> Path:
    """A small site with a broken quiz, with the real site's colour schemes (so dark is Material's dark) and its
    templates (which give Material's search dialog a name)."""
    config = quiz_site(folder, {"index.md": BROKEN})
    real = site_config()["theme"]
    theme = {
        "name": "material",
        "font": False,
        "palette": real["palette"],
        "custom_dir": str(ROOT / real["custom_dir"]),
    }
    text = config.read_text().replace("theme: {name: material, font: false}", f"theme: {json.dumps(theme)}")
    config.write_text(text + f"hooks: [{ROOT / 'hooks' / 'theme.py'}]\n")  # the values the templates read
    return config


def panel_violations(page: Page) -> list[str]:
    """What axe finds in the panel (the rest of this small site is not the real site's, and is tested there)."""
    page.evaluate(AXE)
    found = page.evaluate(
        "tags => axe.run({include: ['.qz-serve-errors']}, {runOnly: {type: 'tag', values: tags}})", TAGS
    )["violations"]
    return [f"{item['id']}: {[node['target'] for node in item['nodes']]}" for item in found]


@pytest.mark.parametrize(("scheme", "width"), [("light", 1280), ("dark", 390)])
def test_the_errors_are_found_read_and_gone_once_fixed(browser: Browser, tmp_path: Path, scheme: str, width: int):
    config = site(tmp_path)
    with serving(config) as served:
        context = browser.new_context(
            color_scheme=scheme, viewport={"width": width, "height": 800}, reduced_motion="reduce"
        )
        try:
            page = context.new_page()
            page.goto(served.url)
            region = page.get_by_role("region", name="Quiz errors on this page: 1")
            expect(region).to_be_visible()
            expect(region.get_by_role("heading", level=2)).to_have_text("Quiz errors on this page: 1")
            expect(region.get_by_role("listitem")).to_have_text(
                "docs/index.md:4:1 expected a correct choice marked '- [x]'; found none4 | question: Pick <b>one</b>"
            )
            assert page.evaluate("document.documentElement.scrollWidth") <= width  # nothing runs off a phone
            assert panel_violations(page) == []

            (tmp_path / "docs" / "index.md").write_text(GOOD)
            expect(region).to_have_count(0, timeout=WAIT * 1000)  # the page reloads by itself
            expect(page.locator(".qz-quiz")).to_be_visible()
        finally:
            context.close()

"""Front matter: every page's is YAML that MkDocs reads, and a build stops on one it would silently drop."""

from pathlib import Path

import pytest
import yaml
from mkdocs.utils.meta import YAML_RE
from support import ROOT, mkdocs_build

PAGES = sorted((ROOT / "docs").rglob("*.md"))


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.relative_to(ROOT).as_posix())
def test_every_pages_front_matter_is_yaml_with_a_description(page: Path):
    block = YAML_RE.match(page.read_text(encoding="utf-8"))
    assert block, "expected front matter between '---' lines"
    data = yaml.safe_load(block[1])
    assert isinstance(data, dict) and isinstance(data.get("description"), str) and data["description"].strip()


def build(tmp_path: Path, text: str):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text(text)
    config = tmp_path / "mkdocs.yml"
    theme = "theme: {name: material, font: false}"
    config.write_text(f"site_name: T\ndocs_dir: {docs}\n{theme}\nhooks:\n  - {ROOT / 'hooks' / 'csp.py'}\n")
    return mkdocs_build(tmp_path / "site", config=config)


@pytest.mark.parametrize(
    ("front", "expected"),
    [
        ("description: How to: quizzes\n", "index.md:2:20: expected front matter in YAML"),
        ("title: A\ndescription: [unclosed\n", "index.md:4:1: expected front matter in YAML"),
        ("just a sentence\n", "index.md:2:1: expected front matter as 'name: value' lines; found another YAML value"),
        # Shown as '&' by the theme's description, as '&amp;' by a link preview: plain text only.
        ("description: Fish &amp; chips\n", "index.md: front matter 'description': expected plain text (write"),
        ("description: A &#8212; B\n", "found '&#8212;'"),
    ],
)
def test_front_matter_mkdocs_would_drop_stops_the_build_at_its_line(tmp_path: Path, front: str, expected: str):
    done = build(tmp_path, f"---\n{front}---\n\n# Home\n")
    assert done.returncode == 1
    assert expected in done.stderr
    assert "Traceback" not in done.stderr


def test_valid_front_matter_builds(tmp_path: Path):
    done = build(tmp_path, '---\ndescription: "How to: quizzes & more; R&D"\n---\n\n# Home\n')
    assert done.returncode == 0, done.stderr
    assert 'content="How to: quizzes & more; R&D"' in (tmp_path / "site" / "index.html").read_text()

"""`make build-zensical`: the same docs/ built by Zensical (scripts/build-zensical.py) is the MkDocs build's site.

What the browser gets is tested against both builds in tests/browser/test_browser_both_builds.py.
"""

import base64
import hashlib
import html
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import csp
import pytest
from support import ROOT, SiteServer, plain_text, quiz_texts_of_pages, zensical_build

GOOD = "# X\n\n```quiz\nquestion: Pick one\n- [x] A\n- [ ] B\n```\n"
BROKEN = GOOD.replace("[x]", "[ ]")  # no right choice: line 4 (past any front matter), column 1
FRONT = "---\ntitle: X\n---\n"  # three lines more


def _address(server: SiteServer) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}/"


def _my_results(site: Path) -> str:
    found = re.search(r'<div class="qz-my-results" data-qz="([^"]*)"', (site / "my-results" / "index.html").read_text())
    assert found
    return found[1]


def test_the_runtime_feed_and_quiz_list_are_the_mkdocs_builds(
    built_site: Path, zensical_site: Path, site_server: SiteServer, zensical_server: SiteServer
):
    folders = [built_site / "assets" / "pyodide", built_site / "assets" / "quizlib", *built_site.glob("assets/quiz-*")]
    files = [path for folder in folders for path in folder.rglob("*") if path.is_file()]
    runtime = sorted(path.relative_to(built_site).as_posix() for path in files)
    assert len(runtime) > 6 and any(path.endswith("/quiz-worker.js") for path in runtime)
    for path in runtime:
        assert (zensical_site / path).read_bytes() == (built_site / path).read_bytes(), path
    assert not (zensical_site / "assets" / "quiz").exists()
    # The feed's addresses are absolute: each build's own site_url (here, its test server).
    zensical_feed = (zensical_site / "feed.xml").read_text().replace(_address(zensical_server), _address(site_server))
    assert zensical_feed == (built_site / "feed.xml").read_text()
    listed = json.loads(html.unescape(_my_results(zensical_site)))["quizzes"]
    assert {"url": "quiz/", "id": "quick-quiz"} in [{"url": quiz["url"], "id": quiz["id"]} for quiz in listed]
    assert _my_results(zensical_site) == _my_results(built_site)
    # Both load the quiz script beside the page (an async module): the theme's own set-up waits for none of it.
    for site in (built_site, zensical_site):
        (tag,) = re.findall(r"<script[^>]*/quiz\.js\"[^>]*>", (site / "index.html").read_text(encoding="utf-8"))
        assert 'type="module"' in tag and re.search(r"\sasync[\s>=]", tag), tag


def _sha256(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"


def test_every_page_has_its_policy_first_and_runs_no_other_inline_script(zensical_site: Path):
    pages = sorted(zensical_site.rglob("*.html"))
    assert len(pages) > 15
    policies = set()
    for path in pages:
        text = path.read_text()
        meta = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', text)
        assert meta, f"{path}: no policy"
        assert text.index("Content-Security-Policy") < text.index("<script"), "the policy must come first"
        allowed = next(part for part in meta[1].split("; ") if part.startswith("script-src")).split()
        assert "'unsafe-inline'" not in allowed and "'unsafe-eval'" not in allowed
        for tag, body in re.findall(r"<script([^>]*)>(.*?)</script>", text, re.S):
            if "src=" not in tag and "application/json" not in tag:
                assert _sha256(body) in allowed, f"{path}: an inline script the policy does not allow"
        assert csp.element_problems(text.replace(meta[0], "")) == [], path  # as the build checks it
        policies.add(meta[1])
    assert len(policies) == 1, "one policy for the whole site: instant navigation keeps the first page's"


def test_the_footer_names_zensical(zensical_site: Path, built_site: Path):
    footer = re.compile(r"Made with\s*<a href=\"([^\"]+)\"[^>]*>\s*([^<]+?)\s*</a>")
    assert footer.search((zensical_site / "quiz" / "index.html").read_text()).groups() == (
        "https://zensical.org/",
        "Zensical",
    )
    assert footer.search((built_site / "quiz" / "index.html").read_text())[2] == "Material for MkDocs"


def test_site_search_gives_no_quiz_away(zensical_site: Path):
    """Zensical's own search index leaves quizzes out too (it reads data-search-exclude as Material does)."""
    index: dict[str, str] = {}
    for item in json.loads((zensical_site / "search.json").read_text())["items"]:
        page = item["location"].partition("#")[0]
        index[page] = index.get(page, "") + " " + plain_text(item["title"] + " " + item["text"])
    assert "Sixteen questions on what you have read in the guide" in index["quiz/"]
    assert "What to do next" in index["self-assessment/"]  # after its quiz
    for page, shown in quiz_texts_of_pages().items():
        assert [text for text in shown if text in index[page]] == [], page


def _copy(tmp_path: Path) -> Path:
    """The repository's site sources in ``tmp_path`` (npm's files linked), to break without touching the real one."""
    root = tmp_path / "repo"
    root.mkdir()
    for name in ("docs", "overrides", "hooks"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copy(ROOT / "mkdocs.yml", root)
    for name in ("node_modules", "package-lock.json"):
        (root / name).symlink_to(ROOT / name)
    return root


def _stops(root: Path, tmp_path: Path) -> str:
    """What a build of ``root`` that must stop says; the last good site stays, and nothing is left behind."""
    site = tmp_path / "site-zensical"
    site.mkdir(exist_ok=True)
    (site / "kept.txt").write_text("the last good build")
    done = zensical_build(site, root)
    assert done.returncode == 1, done.stdout
    assert "Traceback" not in done.stderr + done.stdout
    assert [path.name for path in site.iterdir()] == ["kept.txt"]
    assert not list(root.glob(".zensical-build-*")), "nothing of the build is left behind"
    return done.stderr


@pytest.mark.parametrize(
    ("text", "line"),
    [(BROKEN, 4), (FRONT + BROKEN, 7), ("\ufeff" + (FRONT + BROKEN).replace("\n", "\r\n"), 7)],
    ids=["LF", "front-matter-LF", "BOM-CRLF"],
)
def test_a_broken_quiz_stops_the_build_before_anything_is_written(tmp_path: Path, text: str, line: int):
    root = _copy(tmp_path)
    (root / "docs" / "x.md").write_bytes(text.encode())
    (root / "docs" / "y.md").write_text("---\ndescription: A: B\n---\n# Y\n")  # front matter MkDocs would drop
    said = _stops(root, tmp_path)
    assert f"docs/x.md:{line}:1: expected a correct choice marked '- [x]'; found none" in said
    assert "docs/y.md:2:" in said and "expected front matter in YAML" in said  # every problem


def test_zensical_names_the_page_of_a_quiz_error(tmp_path: Path):
    """Zensical sets no extension options per page: quiz_markdown finds the page and its front matter itself."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# Home\n")
    (docs / "x.md").write_bytes(("\ufeff" + (FRONT + BROKEN).replace("\n", "\r\n")).encode())
    (tmp_path / "mkdocs.yml").write_text("site_name: T\nmarkdown_extensions: [quiz_markdown]\n")
    done = subprocess.run(
        [str(Path(sys.executable).with_name("zensical")), "build"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ},
    )
    assert done.returncode != 0
    assert "docs/x.md:7:1: expected a correct choice marked '- [x]'; found none" in done.stderr + done.stdout


def test_a_script_after_a_pages_own_article_end_stops_the_build(tmp_path: Path):
    """The page's text is checked up to the theme's last </article>, not the first one the page may write."""
    root = _copy(tmp_path)
    about = root / "docs" / "about.md"
    about.write_text(about.read_text() + '\n<article>a</article>\n<script src="../assets/images/x.js"></script>\n')
    (root / "docs" / "assets" / "images" / "x.js").write_text('document.title = "pwned";\n')
    assert "about/index.html (written by Zensical): expected no <script>" in _stops(root, tmp_path)


def test_what_zensical_itself_stops_on_is_shown_with_its_place(tmp_path: Path):
    """A link to a heading a page lacks: Zensical's own words, with the page and the link, not 'Build started'."""
    root = _copy(tmp_path)
    (root / "docs" / "about.md").write_text("# About\n\nSee [the guide](explainer.md#no-such-heading).\n")
    said = _stops(root, tmp_path)
    assert said.startswith("zensical build failed:\n") and "no-such-heading" in said and "about.md" in said


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("site_name: Job or career?\n", ""), "mkdocs.yml: expected 'site_name:' to be a text; found None"),
        (("site_name: Job or career?", "site_name: 5"), "mkdocs.yml: expected 'site_name:' to be a text; found 5"),
        (("Glossary: glossary.md", "Glossary: gone.md"), "mkdocs.yml: expected the nav's pages in docs/; found no"),
    ],
    ids=["no site_name", "a number for site_name", "a nav page that is missing"],
)
def test_a_wrong_setting_is_named_without_a_traceback(tmp_path: Path, change: tuple[str, str], expected: str):
    root = _copy(tmp_path)
    config = root / "mkdocs.yml"
    assert change[0] in config.read_text()
    config.write_text(config.read_text().replace(*change))
    assert expected in _stops(root, tmp_path)


def test_the_site_folder_cannot_be_the_docs(tmp_path: Path):
    root = _copy(tmp_path)
    done = zensical_build(root / "docs", root)
    assert done.returncode == 1 and "expected a folder of its own" in done.stderr
    assert (root / "docs" / "index.md").is_file()

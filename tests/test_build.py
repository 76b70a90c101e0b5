"""The real site builds strictly; broken quizzes and broken links stop the build with clear messages."""

import hashlib
import io
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import feed
from support import mkdocs_build, plain_text, quiz_site, quiz_texts_of_pages

from quiz_markdown import bundle

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def test_the_site_builds_strictly_with_its_quiz_runtime(built_site: Path):
    quiz_page = (built_site / "quiz" / "index.html").read_text()
    assert quiz_page.count('class="qz-quiz"') == 1
    assert 'href="../explainer/#what-makes-a-job-a-job"' in quiz_page  # quiz links are rewritten like others
    home = (built_site / "index.html").read_text()
    assert 'class="qz-quiz"' not in home
    assert '<link rel="alternate" type="application/atom+xml"' in home
    for name in bundle.PYODIDE_FILES:
        assert (built_site / "assets" / "pyodide" / name).stat().st_size > 10_000
    lock = json.loads((built_site / "assets" / "quizlib" / "pyodide-lock.json").read_text())
    package = lock["packages"]["quizlib"]
    wheel = (built_site / "assets" / "quizlib" / package["file_name"]).read_bytes()
    assert hashlib.sha256(wheel).hexdigest() == package["sha256"]
    assert lock["info"]["python"].startswith("3.14")
    feed = (built_site / "feed.xml").read_text()
    assert feed.startswith('<?xml version="1.0" encoding="utf-8"?>') and "<entry>" in feed


def test_the_page_runtime_is_published_under_a_name_that_changes_with_it(built_site: Path):
    """A browser that cached an older build's files cannot mix them with a newer build's."""
    runtime = {path.name for path in bundle.ASSETS.iterdir()}
    (folder,) = (built_site / "assets").glob("quiz-*")
    assert re.fullmatch(r"quiz-[0-9a-f]{12}", folder.name) and not (built_site / "assets" / "quiz").exists()
    assert {path.name for path in folder.iterdir()} == runtime
    home = (built_site / "index.html").read_text()
    assert f'src="assets/{folder.name}/quiz.js"' in home
    assert f'href="assets/{folder.name}/quiz.css"' in home


def test_site_search_finds_the_pages_but_gives_no_quiz_away(built_site: Path):
    """Search results show no answer's feedback, explanation or hint, nor a quiz's notices: the quiz is left out of
    Material's index (data-search-exclude); the page's own text around it is in."""
    index: dict[str, str] = {}
    for entry in json.loads((built_site / "search" / "search_index.json").read_text())["docs"]:
        page = entry["location"].partition("#")[0]
        index[page] = index.get(page, "") + " " + plain_text(entry["title"] + " " + entry["text"])
    assert "Sixteen questions on what you have read in the guide" in index["quiz/"]
    assert "What to do next" in index["self-assessment/"]  # after its quiz
    texts = quiz_texts_of_pages()
    assert len(texts["quiz/"]) > 50 and len(texts["self-assessment/"]) > 30
    for page, shown in texts.items():
        assert [text for text in shown if text in index[page]] == [], page


def test_broken_quizzes_stop_the_build_and_every_error_is_listed(tmp_path: Path):
    site = tmp_path / "site"
    done = mkdocs_build(site, "--strict", config=FIXTURES / "bad-site" / "mkdocs.yml")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    lines = done.stderr.splitlines()
    start = next(index for index, line in enumerate(lines) if line.endswith("3 quiz errors:"))
    assert lines[start + 1 : start + 4] == [
        "docs/index.md:9:1: expected a correct choice marked '- [x]'; found none",
        "docs/second.md:10:1: expected one correct choice for a single-choice question; found 2 "
        "(write 'type: multiple' for a question with several right answers)",
        "docs/second.md:11:1: expected at least two choices ('- [ ] …') for this question; found 1",
    ]
    assert not list(site.rglob("*.html")), "no page may be written by a failed build"


def test_broken_quizzes_stop_the_build_without_strict_too(tmp_path: Path):
    done = mkdocs_build(tmp_path, config=FIXTURES / "bad-site" / "mkdocs.yml")
    assert done.returncode == 1
    assert "docs/index.md:9:1: expected a correct choice marked '- [x]'; found none" in done.stderr


def test_a_broken_link_inside_a_quiz_fails_the_strict_build(tmp_path: Path):
    page = "# Home\n\n```quiz\nquestion: Q\n- [x] a\n- [ ] b\nexplain: See [gone](missing.md).\n```\n"
    done = mkdocs_build(tmp_path / "site", "--strict", config=quiz_site(tmp_path, {"index.md": page}))
    assert done.returncode == 1
    assert "'missing.md'" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_wheel_is_reproducible_and_scores_on_its_own(tmp_path: Path):
    wheel = bundle.build_wheel()
    assert wheel == bundle.build_wheel()
    names = zipfile.ZipFile(io.BytesIO(wheel)).namelist()
    assert {f"quizlib/{path.name}" for path in (ROOT / "quizlib").glob("*.py")} <= set(names)
    (tmp_path / "quizlib-0.1.0-py3-none-any.whl").write_bytes(wheel)
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); import quizlib, quizlib.bridge, json;"
        "q = quizlib.parse_quiz('question: Q\\n- [x] a\\n- [ ] b');"
        "from quizlib.serialize import dumps, quiz_to_dict;"
        "print(quizlib.__file__);"
        "answers = json.dumps({'format': 2, 'quiz': 'quiz', 'answers': {'q1': 'a'}});"
        "print(json.loads(quizlib.bridge.check(dumps(quiz_to_dict(q)), answers))['summary'])"
    )
    done = subprocess.run(
        [sys.executable, "-I", "-c", code, str(tmp_path / "quizlib-0.1.0-py3-none-any.whl")],
        capture_output=True,
        text=True,
    )
    assert done.stdout.splitlines() == [
        f"{tmp_path / 'quizlib-0.1.0-py3-none-any.whl'}/quizlib/__init__.py",
        "You scored 1 out of 1 (100%).",
    ]


def test_a_script_in_a_pages_text_stops_the_build(tmp_path: Path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# Home\n\n<script>alert(1)</script>\n")
    config = tmp_path / "mkdocs.yml"
    config.write_text(f"site_name: T\ndocs_dir: {docs}\nhooks:\n  - {ROOT / 'hooks' / 'csp.py'}\n")
    done = mkdocs_build(tmp_path / "site", config=config)
    assert done.returncode == 1
    expected = "index.md: expected no <script> in a page's text (the site's policy would block it); found one."
    assert expected in done.stderr
    assert "Traceback" not in done.stderr


def test_the_feed_shows_html_in_a_section_as_text_and_leaves_quizzes_out():
    body = "A *new* quiz <img src=x onerror=alert(1)>.\n\n```quiz\nquestion: <b>Q</b>\n- [x] a\n- [ ] b\n```\n\nAfter."
    html = feed._html(body, "https://example.org/site/")
    assert html == "<p>A <em>new</em> quiz &lt;img src=x onerror=alert(1)&gt;.</p>\n<p>After.</p>"


def test_the_browser_engine_loads_no_quiz_reader():
    """quizlib.bridge, all the browser imports, leaves the source reader and the renderer unloaded (a faster start)."""
    readers = "{'quizlib.build', 'quizlib.syntax', 'quizlib.render'}"
    code = f"import sys, quizlib.bridge; print(sorted({readers} & set(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert done.stdout.strip() == "[]"

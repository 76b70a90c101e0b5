"""Under `mkdocs serve` (`make serve`) a page shows its quiz errors, the terminal lists every error on every
rebuild, and edits to overrides/ are picked up; a build still stops on quiz errors (quiz_markdown/serve_errors.py).

Each test runs a real `mkdocs serve` on a free port, on a small site in a temporary folder, and waits for each
rebuild by asking for the page until it changes."""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path

import pytest
from support import ROOT, mkdocs_build, quiz_site, site_config

from quiz_markdown.serve_errors import panel, source_lines
from quizlib import QuizError
from quizlib.check import check_text
from quizlib.links import Site

WAIT = 90  # seconds a test waits for `mkdocs serve` to start or rebuild; it usually takes one or two

GOOD = "# Home\n\n```quiz\nquestion: Pick <b>one</b>\n- [x] A\n- [ ] B\n```\n"
# No right choice (line 4), and a tag in the line the error is about: shown as typed, never as markup.
BROKEN = GOOD.replace("[x]", "[ ]")
BROKEN_ERROR = "docs/index.md:4:1: expected a correct choice marked '- [x]'; found none"
OTHER = "# Other\n\nNo quiz here.\n"


class Served:
    """`mkdocs serve` of the site whose mkdocs.yml is ``config``; what it prints goes to a file."""

    def __init__(self, config: Path) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/"
        self.log = config.parent / "serve.log"
        with self.log.open("w") as output:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "mkdocs", "serve", "-f", str(config), "--dev-addr", f"127.0.0.1:{self.port}"],
                stdout=output,
                stderr=subprocess.STDOUT,
                cwd=config.parent,
                env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
            )

    def output(self) -> str:
        return self.log.read_text()

    def wait_for(self, condition: Callable[[], bool], what: str) -> None:
        """Poll until ``condition`` holds; fail, with what the server printed, when it does not in time."""
        deadline = time.monotonic() + WAIT
        while not condition():
            if self.process.poll() is not None:
                pytest.fail(f"mkdocs serve stopped (exit {self.process.returncode}) before {what}:\n{self.output()}")
            if time.monotonic() > deadline:
                pytest.fail(f"waited {WAIT} s for {what}; mkdocs serve printed:\n{self.output()}")
            time.sleep(0.2)

    def page(self, path: str = "") -> str:
        try:
            with urllib.request.urlopen(self.url + path, timeout=10) as response:
                return str(response.read().decode())
        except OSError:
            return ""  # not serving yet

    def builds(self) -> int:
        """How many builds have ended, well or not."""
        return len(re.findall(r"Documentation built in|An error happened during the rebuild", self.output()))

    def rebuilt_after(self, change: Callable[[], None]) -> None:
        """Make ``change`` and wait until a build has ended after it."""
        before = self.builds()
        change()
        self.wait_for(lambda: self.builds() > before, "a rebuild")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@contextmanager
def serving(config: Path) -> Iterator[Served]:
    served = Served(config)
    try:
        served.wait_for(lambda: "Serving on" in served.output() and bool(served.page()), "the server to start")
        yield served
    finally:
        served.stop()


class _Text(HTMLParser):
    """The panel's text as a reader sees it, and the heading's."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.skip += tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self.skip -= tag == "style"

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def panel_text(page: str) -> str | None:
    """The text of the page's error panel, or None when it has none."""
    found = re.search(r'<section class="qz-serve-errors".*?</section>', page, re.S)
    if not found:
        return None
    parser = _Text()
    parser.feed(found[0])
    return "".join(parser.parts)


def test_a_page_shows_its_quiz_errors_and_comes_back_when_fixed(tmp_path: Path):
    """A broken quiz no longer stops `make serve` (it did, even at start): the page says what is wrong, where."""
    config = quiz_site(tmp_path, {"index.md": BROKEN, "other.md": OTHER})
    with serving(config) as served:
        home = served.page()
        assert panel_text(home) == (
            "Quiz errors on this page: 1"
            "Only the preview on your computer shows this box: the real build stops on these errors. "
            "Fix them in the file and save it, and this page updates by itself."
            "docs/index.md:4:1 expected a correct choice marked '- [x]'; found none"
            "4 | question: Pick <b>one</b>"
        )
        assert "&lt;b&gt;one&lt;/b&gt;" in home and "<b>one</b>" not in home  # the file's text, escaped
        assert panel_text(served.page("other/")) is None  # errors show on their own page only
        assert BROKEN_ERROR in served.output()

        served.rebuilt_after(lambda: (tmp_path / "docs" / "index.md").write_text(GOOD))
        served.wait_for(lambda: 'class="qz-quiz"' in served.page(), "the quiz to come back")
        assert panel_text(served.page()) is None


def test_the_terminal_lists_every_error_on_every_rebuild(tmp_path: Path):
    """MkDocs prints a message once per run: broken, fixed and broken again the same way, the error must show
    twice (it showed once, then only 'Aborted with a BuildError!')."""
    page = tmp_path / "docs" / "index.md"
    with serving(quiz_site(tmp_path, {"index.md": GOOD})) as served:
        served.rebuilt_after(lambda: page.write_text(BROKEN))
        served.rebuilt_after(lambda: page.write_text(GOOD))
        served.rebuilt_after(lambda: page.write_text(BROKEN))
        output = served.output()
    # At least once per build of the broken file (a save can set off two builds).
    assert output.count(f"1 quiz error:\n{BROKEN_ERROR}\n") >= 2, output
    assert "Aborted" not in output


def test_other_errors_stop_the_rebuild_and_are_printed_every_time(tmp_path: Path):
    """An error that is not a quiz's (here hooks/csp.py's, on front matter) stops the rebuild as it stops a build:
    the terminal prints it on every rebuild, and the browser waits until it is fixed (MkDocs serves no page from a
    failed build), then gets the page by itself."""
    config = quiz_site(tmp_path, {"index.md": GOOD})
    config.write_text(config.read_text() + f"hooks: [{ROOT / 'hooks' / 'csp.py'}]\n")
    page = tmp_path / "docs" / "index.md"
    bad_front = '---\ndescription: "a <b>bold</b> claim"\n---\n\n' + GOOD
    expected = "docs/index.md: front matter 'description': expected plain text"
    with serving(config) as served:
        served.rebuilt_after(lambda: page.write_text(bad_front))
        served.rebuilt_after(lambda: page.write_text(GOOD))
        served.rebuilt_after(lambda: page.write_text(bad_front))
        assert served.output().count(expected) >= 2, served.output()
        page.write_text(GOOD)
        served.wait_for(lambda: 'class="qz-quiz"' in served.page(), "the fixed page")


def test_edits_to_overrides_are_picked_up(tmp_path: Path):
    """The theme's custom_dir, with the watch list of the site's own mkdocs.yml: saving a template rebuilds."""
    project = site_config()
    custom = project["theme"]["custom_dir"]
    watched = project.get("watch") or []
    config = quiz_site(tmp_path, {"index.md": GOOD})
    text = config.read_text().replace("font: false}", f"font: false, custom_dir: {custom}}}")
    config.write_text(text + f"watch: {watched}\n")
    template = tmp_path / custom / "main.html"
    template.parent.mkdir()
    template.write_text('{% extends "base.html" %}\n')
    with serving(config) as served:
        template.write_text('{% extends "base.html" %}\n{% block announce %}Edited template{% endblock %}\n')
        served.wait_for(lambda: "Edited template" in served.page(), "the edited template")


def test_a_build_still_stops_with_the_listing_the_server_prints(tmp_path: Path):
    """Nothing of this reaches `mkdocs build` (and `make build`): the same listing stops it, and no page is
    written, so no page can show the panel."""
    config = quiz_site(tmp_path, {"index.md": BROKEN, "other.md": OTHER})
    done = mkdocs_build(tmp_path / "site", config=config)
    assert done.returncode == 1
    assert f"ERROR   -  1 quiz error:\n{BROKEN_ERROR}\n" in done.stderr
    assert "Traceback" not in done.stderr
    assert not list((tmp_path / "site").rglob("*.html"))
    with serving(config) as served:
        assert f"ERROR   -  1 quiz error:\n{BROKEN_ERROR}\n" in served.output()


def test_the_panel_shows_each_line_as_the_quiz_reader_counts_it():
    """Line numbers count front matter; columns count a tab as the spaces Markdown reads; a column past the end
    of the line is marked there; text from the file is escaped; the words follow the site's language."""
    source = '---\ntitle: "T"\n---\n\n```quiz\nquestion: Q <i>\n- [x] a\n- [ ] b\n\tfeedbakc: x\n```\n'
    errors = check_text(source, "docs/p.md")
    assert [f"{error.line}:{error.col}" for error in errors] == ["9:5"]
    line_at = source_lines(source)
    assert line_at(9) == "    feedbakc: x"
    assert line_at(2) is None and line_at(99) is None  # front matter, and past the end
    shown = panel(errors, source)
    assert '<pre><code><span aria-hidden="true">9 | </span>    <mark>f</mark>eedbakc: x</code></pre>' in shown
    past_end = panel([QuizError("m", 6, 16, "docs/p.md")], source)
    assert "question: Q &lt;i&gt;<mark> </mark></code>" in past_end
    assert panel([], source) == ""
    assert "Erreurs de quiz sur cette page : 1" in panel(errors, source, "fr")


def test_the_panel_stays_small_on_long_lines_and_many_errors():
    """A long line shows only its part around the column, cut with …; past 100 errors the box says how many more
    there are (the terminal lists them all). A 1 MB line with 300 errors once made a 271 MB page."""
    line = "question: " + "![i](x.png) " * 90_000
    source = f"```quiz\n{line}\n- [x] a\n```\n"
    errors = [QuizError("no images", 2, 11 + 12 * n, "docs/p.md") for n in range(300)]
    shown = panel(errors, source)
    assert len(shown) < 200_000
    assert shown.count("<li>") == 100
    assert "And 200 more: the terminal lists them all." in shown
    first = shown[shown.index("<li>") : shown.index("</li>")]
    assert "question: <mark>!</mark>[i](x.png)" in first and first.count("x.png") < 10 and "…</code>" in first
    later = shown.split("<li>")[50]
    assert "<code>" in later and later.count("…") == 2


def test_the_panel_shows_an_invisible_character_it_marks():
    """A control character the reader cannot see is drawn as its sign, so the mark on it is seen."""
    source = "```quiz\nquestion: bogus\x1b[31m and a\u200bgap\n- [x] a\n```\n"
    shown = panel([QuizError("found U+001B", 2, 16, "docs/p.md")], source)
    assert "bogus<mark>␛</mark>[31m and a&lt;U+200B&gt;gap" in shown


def test_a_broken_link_in_a_quiz_text_is_in_the_box_as_make_check_says(tmp_path: Path):
    """`make check` and `make build` stop on a link to a heading a page lacks; the preview says so on the page,
    also while another error keeps the quiz from being shown (it said nothing at all)."""
    linked = GOOD.replace("- [ ] B\n", "- [ ] B\nexplain: See [the other page](other.md#no-such-heading).\n")
    broken_too = linked.replace("```\n", "\nquestion: Another\n- [ ] C\n- [ ] D\n```\n")  # no right choice
    config = quiz_site(tmp_path, {"index.md": broken_too, "other.md": OTHER})
    expected = check_text(broken_too, "docs/index.md", Site(tmp_path / "docs"), "index.md")
    assert [error.line for error in expected] == [7, 9]
    with serving(config) as served:
        text = panel_text(served.page()) or ""
        for error in expected:
            assert f"{error.path}:{error.line}:{error.col} {error.message}" in text
        assert "Quiz errors on this page: 2" in text
        served.rebuilt_after(lambda: (tmp_path / "docs" / "index.md").write_text(linked))
        served.wait_for(lambda: "Quiz errors on this page: 1" in (panel_text(served.page()) or ""), "one error")
        assert "no-such-heading" in (panel_text(served.page()) or "")
        assert str(expected[0]) in served.output()

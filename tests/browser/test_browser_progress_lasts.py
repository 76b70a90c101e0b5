"""Progress that lasts: a reader's saved answers survive edits that leave their questions as they were, a
changed question loses its answer and the reader is told which, a result saved before the quiz (or its
scoring) changed is marked until the engine has checked it again, and progress saved by an earlier storage
format is read by this one (docs/contribute/data-formats.md, "Saved progress").

The edits are real: a small site is built, answered, edited and built again into the same folder, served from
one address, so the browser keeps the same storage across the two builds."""

import functools
import json
import re
import shutil
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, Route, expect
from support import READY, SiteHandler, SiteServer, mkdocs_build, quiz_site, scored
from test_browser_storage import fnv1a

pytestmark = pytest.mark.browser
KEY = "job-vs-career:progress:v3:/"  # this format's key
LEGACY = "job-vs-career:progress:/"  # the key formats 1 and 2 (and format 3 at first) wrote
QUIZ = "/quiz/#basics"
RESET = "Some saved answers could not be read and were reset."

BEFORE = """# Quiz

```quiz
id: basics
title: Basics
question: Which is a job?
- [x] A post you are paid for
- [ ] A path over years
explain: A job is work yu do for pay.
question: One word for a long-term path?
type: text
answer: career
question: Which can be part of a career?
- [x] Several jobs
- [x] Learning
- [ ] Nothing at all
```
"""
# A new title, a typo fixed in an explanation, the second question reworded and a question added at the end.
AFTER = (
    BEFORE.replace("title: Basics", "title: The basics")
    .replace("work yu do", "work you do")
    .replace("One word for a long-term path?", "One word for a path over many years?")
    .replace("```\n", "question: A career can include your own business.\ntype: truefalse\nanswer: true\n```\n")
)
RESULTS = "# My results\n\n```quiz-results\n```\n"


@pytest.fixture
def small_site(tmp_path: Path) -> Iterator[tuple[str, Callable[[str], None]]]:
    """A small site served from one folder: `build(quiz page)` builds it there again, at the same address."""
    served = tmp_path / "site"
    served.mkdir()
    server = SiteServer(("127.0.0.1", 0), functools.partial(SiteHandler, directory=served))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    builds = iter(range(100))

    def build(page: str) -> None:
        source = tmp_path / f"source-{next(builds)}"
        source.mkdir()
        config = quiz_site(source, {"index.md": "# Home\n", "quiz.md": page, "my-results.md": RESULTS})
        done = mkdocs_build(served, config=config)
        assert done.returncode == 0, done.stderr

    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", build
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def engine_held(page: Page) -> Iterator[None]:
    """While inside, the scoring engine's worker is asked for but not sent: what was saved shows as it was read.
    On leaving, the worker arrives and the engine starts."""
    held: list[Route] = []
    page.route("**/quiz-worker.js*", lambda route: held.append(route))
    try:
        yield
    finally:
        page.unroute("**/quiz-worker.js*")
        for route in held:
            with suppress(PlaywrightError):  # asked for by a page the test has left
                route.continue_()


def stored(page: Page, key: str = KEY) -> Any:
    text = page.evaluate(f"localStorage.getItem({json.dumps(key)})")
    return None if text is None else json.loads(text)


def put(page: Page, key: str, value: Any) -> None:
    page.evaluate("([key, text]) => localStorage.setItem(key, text)", [key, json.dumps(value)])


def quiz_data(page: Page, quiz: str = "basics") -> dict[str, Any]:
    data: dict[str, Any] = json.loads(page.locator(f"#qz-{quiz}").get_attribute("data-qz") or "")
    return data


def test_answers_survive_edits_that_leave_their_questions_alone(page: Page, small_site):
    url, build = small_site
    build(BEFORE)
    page.goto(url + "quiz/")
    page.locator("#qz-basics-q1 input[value='a']").check()
    page.locator("#qz-basics-q2 input").fill("career")
    page.locator("#qz-basics-q3 input[value='b']").check()
    page.locator("#qz-basics .qz-check").click()
    before = scored(page, {"q1": "a", "q2": "career", "q3": ["b"]})["summary"]
    expect(page.locator("#qz-basics .qz-result")).to_have_text(before, timeout=READY)

    build(AFTER)
    with engine_held(page):  # what was saved, as the page reads it before the engine has checked anything
        page.reload()
        expect(page.locator("#qz-basics")).to_have_attribute("data-qz-engine", "loading")
        expect(page.locator("#qz-basics .qz-title")).to_have_text("The basics")  # the new build's quiz
        expect(page.locator("#qz-basics-q1 input[value='a']")).to_be_checked()
        expect(page.locator("#qz-basics-q3 input[value='b']")).to_be_checked()
        expect(page.locator("#qz-basics-q2 input")).to_have_value("")
        # Said under the quiz's title, where the reader starts, and on the question itself.
        note = page.locator("#qz-basics .qz-restore-note")
        expect(note).to_have_text("Question 2 changed since you answered it, so its answer was cleared.")
        assert note.evaluate("(note) => !note.closest('[role=status], [aria-live]')"), "read in place, not on load"
        first = page.locator("#qz-basics .qz-question").first.bounding_box()
        title = page.locator("#qz-basics .qz-title").bounding_box()
        assert first and title and title["y"] < note.bounding_box()["y"] < first["y"], "under the title"
        line = page.locator("#qz-basics-q2 .qz-changed")
        expect(line).to_have_text("This question changed. Please answer it again.")
        expect(page.locator("#qz-basics-q2")).to_have_accessible_description(
            "This question changed. Please answer it again."
        )
        expect(page.locator("#qz-basics .qz-changed")).to_have_count(1)
        expect(page.locator("#qz-basics .qz-notice")).to_be_empty()  # the live region is for what the reader does
        expect(page.locator("#qz-basics .qz-progress")).to_have_text("2 of 4 answered")
        # The old result is marked as such, never shown as current.
        marked = f"This result is from before the quiz changed. Checking your answers again… {before}"
        expect(page.locator("#qz-basics .qz-result")).to_have_text(marked)
        expect(page.locator("#qz-basics .qz-result .qz-stale")).to_have_text(
            "This result is from before the quiz changed. Checking your answers again…"
        )
        kept = stored(page)["quizzes"][QUIZ]
        assert kept["answers"] == {"q1": "a", "q3": ["b"]}
        assert kept["asked"] == {key: quiz_data(page)["fingerprints"][key] for key in ("q1", "q3")}
        assert "scored" not in kept["result"]

        # My results cannot check it again: it says the result is from an earlier version.
        page.goto(url + "my-results/")
        expect(page.locator(".qz-my-results tbody td").nth(1)).to_have_text(
            f"Saved before this quiz changed. Open the quiz to update this result. {before}"
        )
        expect(page.locator(".qz-my-results tbody td .qz-stale")).to_have_text(
            "Saved before this quiz changed. Open the quiz to update this result."
        )
        page.goto(url + "quiz/")
        expect(page.locator("#qz-basics .qz-result")).to_have_text(marked)

    # Once the engine is ready, it checks the answers that were kept, and that result is saved as current.
    now = scored(page, {"q1": "a", "q3": ["b"]})["summary"]
    expect(page.locator("#qz-basics")).to_have_attribute("data-qz-engine", "ready", timeout=READY)
    expect(page.locator("#qz-basics .qz-result")).to_have_text(now)
    expect(page.locator("#qz-basics-q1 .qz-outcome")).to_be_visible()
    assert stored(page)["quizzes"][QUIZ]["result"]["scored"] == quiz_data(page)["scored"]
    assert "changed since" not in page.locator("#qz-basics .qz-notice").inner_text(), "told once"
    # The next visit has nothing more to say: what changed was saved as it is now.
    expect(page.locator("#qz-basics .qz-restore-note")).to_be_hidden()
    expect(page.locator("#qz-basics .qz-changed")).to_have_count(0)
    page.goto(url + "my-results/")
    expect(page.locator(".qz-my-results tbody td").nth(1)).to_have_text(now)


def test_a_result_saved_under_other_scoring_rules_is_marked_and_checked_again(page: Page, small_site):
    """Only the scoring code or texts changed (quizlib.fingerprint): every answer stays, the result is re-scored."""
    url, build = small_site
    build(BEFORE)
    page.goto(url + "quiz/")
    page.locator("#qz-basics-q1 input[value='a']").check()
    page.locator("#qz-basics .qz-check").click()
    summary = scored(page, {"q1": "a"})["summary"]
    expect(page.locator("#qz-basics .qz-result")).to_have_text(summary, timeout=READY)
    saved = stored(page)
    saved["quizzes"][QUIZ]["result"]["scored"] = "0" * 12  # as if scored under earlier rules
    saved["quizzes"][QUIZ]["result"]["summary"] = "You scored 9 out of 3."
    page.evaluate("([key, text]) => localStorage.setItem(key, text)", [KEY, json.dumps(saved)])

    with engine_held(page):
        page.reload()
        expect(page.locator("#qz-basics")).to_have_attribute("data-qz-engine", "loading")
        expect(page.locator("#qz-basics .qz-result")).to_have_text(
            "This result is from before the quiz changed. Checking your answers again… You scored 9 out of 3."
        )
        expect(page.locator("#qz-basics-q1 input[value='a']")).to_be_checked()
    # The engine loads, and checks the answer again.
    expect(page.locator("#qz-basics .qz-result")).to_have_text(summary, timeout=READY)
    result = stored(page)["quizzes"][QUIZ]["result"]
    assert result == {"summary": summary, "scored": quiz_data(page)["scored"]}


def format_2_entry(page: Page, quiz: str, **fields: Any) -> dict[str, Any]:
    """An entry exactly as format 2 wrote it: `version`, the fingerprint of the whole quiz as the page had it."""
    whole = page.locator(f"#qz-{quiz}").evaluate("(root) => JSON.stringify(JSON.parse(root.dataset.qz).quiz)")
    return {"version": fnv1a(whole), "updated": "2025-05-01T10:21:00.000Z", **fields}


def test_format_2_progress_is_read_and_written_again_as_format_3(page: Page, site_url: str):
    page.goto(site_url + "quiz/")
    expect(page.locator("#qz-quick-quiz")).to_have_attribute("data-qz-live", "true")
    answers = {"q1": "a", "q4": ["a", "c"], "q8": "calling"}
    summary = scored(page, answers, "quick-quiz")["summary"]
    entry = format_2_entry(page, "quick-quiz", title="Job or career: the basics", url="/quiz/", answers=answers,
                           result={"summary": summary}, checked="2025-05-01T10:20:30.000Z")  # fmt: skip
    other = {"version": "1234abcd", "answers": {"q1": 4}}  # saved for another version of its quiz
    old = {"version": 2, "quizzes": {"/quiz/#quick-quiz": entry, "/self-assessment/#work-orientation": other}}
    put(page, LEGACY, old)  # where format 2 kept it
    with engine_held(page):
        page.reload()
        expect(page.locator("#qz-quick-quiz")).to_have_attribute("data-qz-engine", "loading")
        expect(page.locator("#qz-quick-quiz-q4 input[value='c']")).to_be_checked()
        expect(page.locator("#qz-quick-quiz-q8 input")).to_have_value("calling")
        expect(page.locator("#qz-quick-quiz .qz-progress")).to_have_text("3 of 16 answered")
        # Format 2 kept no scoring fingerprint: its result is marked until the engine checks it again.
        expect(page.locator("#qz-quick-quiz .qz-result")).to_have_text(
            f"This result is from before the quiz changed. Checking your answers again… {summary}"
        )
        expect(page.locator("#qz-quick-quiz .qz-restore-note")).to_be_hidden()
        # Written again at once, with a fingerprint per answer: a later edit clears only what it changes.
        rewritten = stored(page)["quizzes"]["/quiz/#quick-quiz"]
        assert "version" not in rewritten and set(rewritten["asked"]) == set(answers)
    assert stored(page, LEGACY) == old, "format 2's key is left to format 2"
    expect(page.locator("#qz-quick-quiz .qz-result")).to_have_text(summary, timeout=READY)
    saved = stored(page)
    assert saved["version"] == 3
    data = quiz_data(page, "quick-quiz")
    assert saved["quizzes"]["/quiz/#quick-quiz"] == {
        "title": "Job or career: the basics",
        "url": "/quiz/",
        "answers": answers,
        "asked": {key: data["fingerprints"][key] for key in answers},
        "result": {"summary": summary, "scored": data["scored"]},
        "checked": "2025-05-01T10:20:30.000Z",
        "updated": saved["quizzes"]["/quiz/#quick-quiz"]["updated"],
    }

    # An entry format 2 saved for another version of its quiz cannot tell which question changed: all cleared.
    page.goto(site_url + "self-assessment/")
    expect(page.locator("#qz-work-orientation .qz-restore-note")).to_have_text(
        "This quiz changed since you saved your answers, so they were cleared."
    )
    expect(page.locator("#qz-work-orientation-q1 input:checked")).to_have_count(0)
    assert stored(page)["quizzes"]["/self-assessment/#work-orientation"].get("answers") == {}


SEED = "if (!sessionStorage.seeded) { sessionStorage.seeded = 1; localStorage.setItem(%s, %s); }"
MIGRATION_ADDED = "globalThis.migrated = (globalThis.migrated ?? 0) + 1"


def bumped_copy(built_site: Path, folder: Path) -> Path:
    """The built site with a format 4 that reads format 3 through one more migration (it counts its calls)."""
    shutil.copytree(built_site, folder)
    (progress,) = folder.glob("assets/quiz-*/progress.js")
    code = progress.read_text()
    bumped = code.replace("export const VERSION = 3;", "export const VERSION = 4;")
    bumped = bumped.replace(
        "export const MIGRATIONS = {", f"export const MIGRATIONS = {{\n  3: (raw) => ({MIGRATION_ADDED}, raw),"
    )
    assert bumped.count("VERSION = 4;") == 1 and bumped.count(MIGRATION_ADDED) == 1
    progress.write_text(bumped)
    return folder


def test_progress_written_by_this_format_is_read_after_a_version_bump(
    page: Page, site_url: str, built_site: Path, tmp_path: Path
):
    page.goto(site_url + "self-assessment/")
    page.locator("#qz-work-orientation-q1 input[value='4']").check()
    page.locator("#qz-work-orientation-q2 input[value='2']").check()
    page.locator("#qz-work-orientation .qz-check").click()
    summary = scored(page, {"q1": 4, "q2": 2}, "work-orientation")["summary"]
    expect(page.locator("#qz-work-orientation .qz-result")).to_have_text(summary, timeout=READY)
    written = page.evaluate(f"localStorage.getItem({json.dumps(KEY)})")
    assert json.loads(written)["version"] == 3

    server = SiteServer(
        ("127.0.0.1", 0), functools.partial(SiteHandler, directory=bumped_copy(built_site, tmp_path / "s"))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        bumped = page.context.new_page()
        bumped.add_init_script(SEED % (json.dumps(KEY), json.dumps(written)))  # format 3's key, as format 3 wrote it
        bumped.goto(f"http://127.0.0.1:{server.server_address[1]}/self-assessment/")
        expect(bumped.locator("#qz-work-orientation-q1 input[value='4']")).to_be_checked()
        expect(bumped.locator("#qz-work-orientation-q2 input[value='2']")).to_be_checked()
        expect(bumped.locator("#qz-work-orientation .qz-result")).to_have_text(summary)  # current: not marked
        assert bumped.evaluate("globalThis.migrated") >= 1
        bumped.locator("#qz-work-orientation-q3 input[value='5']").check()
        saved = stored(bumped, "job-vs-career:progress:v4:/")
        assert saved["version"] == 4
        assert saved["quizzes"]["/self-assessment/#work-orientation"]["answers"] == {"q1": 4, "q2": 2, "q3": 5}
        assert stored(bumped) == json.loads(written), "format 3's key is left to format 3"
        assert RESET not in bumped.locator("#qz-work-orientation .qz-restore-note").inner_text()
    finally:
        server.shutdown()
        server.server_close()


# What format 2's code (progress.js before format 3) did when it saved an entry: it read its key and, finding a
# format other than 1 or 2 there, started again from nothing (every entry dropped), then wrote format 2.
FORMAT_2_SAVE = """([key, quiz, entry]) => {
  let stored = null;
  try { stored = JSON.parse(localStorage.getItem(key)); } catch {}
  const known = stored && [1, 2].includes(stored.version) && typeof stored.quizzes === "object";
  const quizzes = known ? stored.quizzes : {};
  quizzes[quiz] = entry;
  localStorage.setItem(key, JSON.stringify({ version: 2, quizzes }));
}"""


def test_format_2_and_format_3_code_on_one_origin_keep_each_others_progress(page: Page, site_url: str):
    """A tab still running format 2's code (Material's instant navigation keeps the old quiz.js alive), or a
    deploy rolled back, saves beside this format: neither ever drops the other's entries."""
    page.goto(site_url + "self-assessment/")
    expect(page.locator("#qz-work-orientation")).to_have_attribute("data-qz-live", "true")
    mine = format_2_entry(page, "work-orientation", url="/self-assessment/", answers={"q1": 4})
    page.evaluate(FORMAT_2_SAVE, [LEGACY, "/self-assessment/#work-orientation", mine])  # format 2 saves first
    page.reload()
    expect(page.locator("#qz-work-orientation-q1 input[value='4']")).to_be_checked()  # read through MIGRATIONS
    page.locator("#qz-work-orientation-q2 input[value='2']").check()  # format 3 saves

    # Format 2 saves again, for another quiz: format 3's entries are not where it writes.
    page.goto(site_url + "quiz/")
    expect(page.locator("#qz-quick-quiz")).to_have_attribute("data-qz-live", "true")
    theirs = format_2_entry(page, "quick-quiz", url="/quiz/", answers={"q1": "b"})
    page.evaluate(FORMAT_2_SAVE, [LEGACY, "/quiz/#quick-quiz", theirs])
    assert set(stored(page, LEGACY)["quizzes"]) == {"/self-assessment/#work-orientation", "/quiz/#quick-quiz"}
    page.goto(site_url + "self-assessment/")
    expect(page.locator("#qz-work-orientation-q2 input[value='2']")).to_be_checked()  # format 3 kept its own
    page.locator("#qz-work-orientation-q3 input[value='5']").check()
    assert stored(page)["quizzes"]["/self-assessment/#work-orientation"]["answers"] == {"q1": 4, "q2": 2, "q3": 5}
    # ... and format 3 never writes format 2's key: format 2 finds both of its entries as it left them.
    assert stored(page, LEGACY)["quizzes"]["/quiz/#quick-quiz"] == theirs
    assert stored(page, LEGACY)["quizzes"]["/self-assessment/#work-orientation"] == mine


def test_an_unknown_format_under_an_older_key_is_left_alone(page: Page, site_url: str):
    page.goto(site_url + "quiz/")
    expect(page.locator("#qz-quick-quiz")).to_have_attribute("data-qz-live", "true")
    newer = {"version": 4, "quizzes": {"/quiz/#quick-quiz": {"answers": {"q1": "a"}}}}
    put(page, LEGACY, newer)
    page.reload()
    expect(page.locator("#qz-quick-quiz .qz-restore-note")).to_have_text(RESET)  # told once...
    expect(page.locator("#qz-quick-quiz-q1 input:checked")).to_have_count(0)
    assert stored(page) == {"version": 3, "quizzes": {}}
    assert stored(page, LEGACY) == newer, "another format's key is never written"
    page.reload()
    expect(page.locator("#qz-quick-quiz")).to_have_attribute("data-qz-live", "true")
    expect(page.locator("#qz-quick-quiz .qz-restore-note")).to_be_hidden()  # ...and only once


def test_clear_all_removes_every_formats_key_so_nothing_comes_back(page: Page, site_url: str):
    page.goto(site_url + "quiz/")
    expect(page.locator("#qz-quick-quiz")).to_have_attribute("data-qz-live", "true")
    seed = "0f8e7d6c-1234-4abc-9def-0123456789ab"
    page.evaluate(f"localStorage.setItem('job-vs-career:progress:/:seed', '{seed}')")
    put(
        page,
        LEGACY,
        {"version": 2, "quizzes": {"/quiz/#quick-quiz": format_2_entry(page, "quick-quiz", answers={"q1": "a"})}},
    )
    page.reload()
    expect(page.locator("#qz-quick-quiz-q1 input[value='a']")).to_be_checked()
    page.goto(site_url + "my-results/")
    page.get_by_role("button", name="Clear all my answers").click()
    assert stored(page) is None and stored(page, LEGACY) is None
    page.goto(site_url + "quiz/")
    expect(page.locator("#qz-quick-quiz .qz-progress")).to_have_text("0 of 16 answered")
    # The shuffling seed stays where it always was (a new key would reorder every returning reader's questions).
    assert page.evaluate("localStorage.getItem('job-vs-career:progress:/:seed')") == seed


PATTERNS = BEFORE.replace(
    "```\n", "question: Put these in order.\n1. Pay $& perks\n2. Skills $' growth\n3. A path\n```\n"
)


def test_quiz_and_stored_text_with_replacement_patterns_is_shown_as_it_is(page: Page, small_site):
    """'$&' and "$'" mean something to String.replace: in quiz text or a stored summary they must not."""
    url, build = small_site
    build(PATTERNS)
    page.goto(url + "quiz/")
    item = page.locator("#qz-basics-q4 [data-qz-item]").filter(has_text="Pay $& perks")
    (
        item.locator(".qz-move-up")
        if item.evaluate("(li) => !!li.previousElementSibling")
        else item.locator(".qz-move-down")
    ).click()
    expect(page.locator("#qz-basics .qz-notice")).to_have_text(re.compile(r"^Pay \$& perks: now [12] of 3\.$"))
    saved = stored(page)
    saved["quizzes"][QUIZ]["result"] = {"summary": "You scored $& and $' and $$ of 3.", "scored": "0" * 12}
    put(page, KEY, saved)
    page.goto(url + "my-results/")
    expect(page.locator(".qz-my-results tbody td").nth(1)).to_have_text(
        "Saved before this quiz changed. Open the quiz to update this result. You scored $& and $' and $$ of 3."
    )

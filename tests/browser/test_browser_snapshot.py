"""The memory snapshot in the browser: the engine is restored from it, and a snapshot that is missing, changed
or made for another Pyodide is done without. The reader sees the same quiz and the same scores either way;
whoever looks after the site gets one warning in the console.
"""

import functools
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from support import READY, SiteHandler, SiteServer, broken, fake_node, mkdocs_build, scored

from quiz_markdown import bundle

pytestmark = pytest.mark.browser
RESTORED = "debug: quiz worker: ready; Pyodide restored from the memory snapshot"
BOOTED = "debug: quiz worker: ready; Pyodide booted"
NOT_USED = "warning: quiz worker: the memory snapshot could not be used, so Pyodide boots as it is: "
NOT_RESTORED = "warning: quiz worker: the memory snapshot did not restore, so Pyodide boots as it is: "


def console_of(page: Page) -> list[str]:
    said: list[str] = []
    page.on("console", lambda message: said.append(f"{message.type}: {message.text}"))
    page.on("pageerror", lambda error: said.append(f"pageerror: {error}"))
    return said


def take_the_quiz(page: Page, address: str) -> None:
    """The knowledge check, answered and checked: the result on screen is quizlib's."""
    page.goto(address + "quiz/")
    expect(page.locator("#qz-quick-quiz")).to_have_attribute("data-qz-engine", "ready", timeout=READY)
    page.locator("#qz-quick-quiz-q1 input[value='a']").check()
    page.locator("#qz-quick-quiz-q2 input[value='b']").check()
    page.locator("#qz-quick-quiz .qz-check").click()
    expected = scored(page, {"q1": "a", "q2": "b"})["summary"]
    expect(page.locator("#qz-quick-quiz .qz-result")).to_have_text(expected, timeout=READY)


def snapshot_of(site: Path) -> Path:
    (found,) = (site / "assets" / "quizlib").glob("snapshot-*.gz")
    return found


def test_the_engine_is_restored_from_the_snapshot(page: Page, site_url: str):
    said = console_of(page)
    take_the_quiz(page, site_url)
    assert RESTORED in said
    assert [line for line in said if line.startswith(("error", "pageerror", "warning"))] == []


@pytest.mark.parametrize("fault", ["missing", "tampered"])
def test_a_missing_or_changed_snapshot_is_done_without(page: Page, site_url: str, built_site: Path, fault: str):
    said = console_of(page)
    with broken(snapshot_of(built_site).name, fault):
        take_the_quiz(page, site_url)
    assert BOOTED in said
    problems = [line for line in said if line.startswith(("error", "pageerror", "warning"))]
    assert len(problems) == 1 and problems[0].startswith(NOT_USED), said
    assert snapshot_of(built_site).name in problems[0]


def test_without_its_unpacking_module_the_snapshot_is_done_without(page: Page, site_url: str):
    """memory.mjs, which unpacks the snapshot, is asked for by the engine beside the snapshot; without it, the
    snapshot is not even downloaded."""
    said = console_of(page)
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    with broken("memory.mjs", "missing"):
        take_the_quiz(page, site_url)
    assert BOOTED in said
    assert not [url for url in asked if "/snapshot-" in url]
    problems = [line for line in said if line.startswith(("error", "pageerror", "warning"))]
    assert len(problems) == 1 and problems[0].startswith(NOT_USED) and "memory.mjs" in problems[0], said


@pytest.fixture(scope="module")
def site_with_a_foreign_snapshot(tmp_path_factory: pytest.TempPathFactory, built_site: Path) -> Iterator[str]:
    """The site built again with a snapshot that passes its digest check but was made by another Pyodide
    build (its build id changed): Pyodide refuses to restore it."""
    folder = tmp_path_factory.mktemp("foreign")
    memory = bytearray(bundle.unpack_memory(snapshot_of(built_site).read_bytes()))
    memory[16:48] = bytes(32)  # where Pyodide keeps the id of the build that made the snapshot
    node = fake_node(folder / "bin", bytes(memory), "v0-foreign")
    server = SiteServer(("127.0.0.1", 0), functools.partial(SiteHandler, directory=folder / "site"))
    address = f"http://127.0.0.1:{server.server_address[1]}/"
    done = mkdocs_build(
        folder / "site", "--strict", SITE_URL=address, PATH=str(node), XDG_CACHE_HOME=str(folder / "cache")
    )
    assert done.returncode == 0, done.stderr
    assert bundle.unpack_memory(snapshot_of(folder / "site").read_bytes()) == memory
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield address
    server.shutdown()
    server.server_close()


def test_a_snapshot_another_pyodide_made_is_done_without(page: Page, site_with_a_foreign_snapshot: str):
    said = console_of(page)
    take_the_quiz(page, site_with_a_foreign_snapshot)
    assert BOOTED in said
    problems = [line for line in said if line.startswith(("error", "pageerror", "warning"))]
    assert len(problems) == 1 and problems[0].startswith(NOT_RESTORED + "Snapshot build id mismatch"), said
    page.goto("about:blank")


def test_a_retry_does_without_the_snapshot(page: Page, site_url: str, built_site: Path):
    """The first attempt fails on another file; the retry must not fail again on the snapshot (still broken)."""
    said = console_of(page)
    with broken(snapshot_of(built_site).name, "missing"):
        with broken("pyodide.asm.wasm", "missing"):
            page.goto(site_url + "quiz/")
            expect(page.locator("#qz-quick-quiz")).to_have_attribute("data-qz-engine", "failed", timeout=READY)
        page.locator("#qz-quick-quiz .qz-status").get_by_role("button", name="Try again").click()
        expect(page.locator("#qz-quick-quiz")).to_have_attribute("data-qz-engine", "ready", timeout=READY)
    assert BOOTED in said


def test_on_a_slow_connection_the_snapshot_is_given_up(page: Page, site_url: str):
    """At 5 Mbit/s the snapshot would come long after a plain boot: the worker does not ask for it."""
    session = page.context.new_cdp_session(page)
    session.send("Network.enable")
    slow = {"offline": False, "latency": 40, "downloadThroughput": 5 * 125_000, "uploadThroughput": 5 * 125_000}
    session.send("Network.emulateNetworkConditions", slow)
    said = console_of(page)
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    take_the_quiz(page, site_url)
    assert BOOTED in said
    assert not [url for url in requested if "/snapshot-" in url], "6.7 MB the reader did not need"
    told = [line for line in said if line.startswith("info: quiz worker: the memory snapshot would take about ")]
    assert len(told) == 1 and told[0].endswith(" ms to download, so Pyodide boots as it is"), said
    assert [line for line in said if line.startswith(("error", "pageerror", "warning"))] == []


SAVES_DATA = "Object.defineProperty(navigator, 'connection', {value: {saveData: true, effectiveType: '4g'}})"


def test_a_reader_who_saves_data_gets_no_snapshot(page: Page, site_url: str):
    """A browser that asks sites to save data (Save-Data): the engine starts only when the reader reaches the quiz,
    and Pyodide boots as it is, 6.7 MB less to download."""
    page.add_init_script(SAVES_DATA)
    said = console_of(page)
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(site_url + "quiz/")  # the quiz is on the first screen
    page.wait_for_timeout(2000)
    assert not [url for url in requested if "/assets/pyodide/" in url], "nothing before the reader reaches the quiz"
    page.locator("#qz-quick-quiz-q1 input[value='a']").check()
    page.locator("#qz-quick-quiz .qz-check").click()
    expected = scored(page, {"q1": "a"})["summary"]
    expect(page.locator("#qz-quick-quiz .qz-result")).to_have_text(expected, timeout=READY)
    assert BOOTED in said
    assert [url for url in requested if "/assets/pyodide/" in url], "the engine's own files are downloaded"
    assert not [url for url in requested if "/snapshot-" in url], "6.7 MB the reader asked not to download"
    assert not [url for url in requested if url.endswith("/memory.mjs")], "nor what unpacks it"
    assert "info: quiz worker: the browser asks to save data, so Pyodide boots as it is" in said
    assert [line for line in said if line.startswith(("error", "pageerror", "warning"))] == []


def test_an_answer_given_without_focus_or_tap_starts_the_engine(page: Page, site_url: str):
    """A screen reader's browse mode may pick a choice with neither a focus nor a pointer event."""
    page.add_init_script(SAVES_DATA)  # so that nothing else starts it
    page.goto(site_url + "quiz/")
    page.wait_for_timeout(1000)
    expect(page.locator("#qz-quick-quiz")).to_have_attribute("data-qz-engine", "idle")
    page.locator("#qz-quick-quiz-q1 input[value='a']").evaluate(
        "(input) => { input.checked = true; input.dispatchEvent(new Event('input', { bubbles: true })); }"
    )
    expect(page.locator("#qz-quick-quiz")).to_have_attribute("data-qz-engine", "ready", timeout=READY)


def test_a_reader_who_does_not_save_data_gets_the_snapshot(page: Page, site_url: str):
    page.add_init_script(
        "Object.defineProperty(navigator, 'connection', {value: {saveData: false, effectiveType: '4g'}})"
    )
    said = console_of(page)
    take_the_quiz(page, site_url)
    assert RESTORED in said
    assert not [line for line in said if "save data" in line]

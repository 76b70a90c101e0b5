"""The site offline (`offline: true`, quiz_markdown/service-worker.js): a page read once opens again without a
network, its quiz scores, and a copy that another site on the same origin changed is never used."""

import functools
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin

import pytest
from playwright.sync_api import Browser, Error, Page, expect
from support import READY, SiteHandler, SiteServer, mkdocs_build, quiz_site, scored, until, watched_page

from quiz_markdown import bundle

CACHE = "quiz-offline /"  # the test server serves the site at its root
STARTED = '.qz-quiz:not([data-qz-engine="idle"])'  # a quiz whose engine has started (or failed)


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    yield from watched_page(browser, service_workers="allow")


def kept(page: Page, cache: str = CACHE) -> list[str]:
    """The paths the service worker keeps a copy of."""
    script = "async (name) => (await (await caches.open(name)).keys()).map((request) => new URL(request.url).pathname)"
    return page.evaluate(script, cache)


def registered(page: Page) -> bool:
    return bool(page.evaluate("async () => (await navigator.serviceWorker.getRegistration()) !== undefined"))


def wait_registered(page: Page, seconds: float = 30) -> None:
    if not until(page, registered, seconds):
        raise AssertionError("no service worker registered")


def controlled(page: Page) -> bool:
    return bool(page.evaluate("navigator.serviceWorker.controller !== null"))


def wait_controlled(page: Page, seconds: float = 60) -> None:
    """Wait until the service worker serves the page."""
    if not until(page, controlled, seconds):
        raise AssertionError("no service worker serves the page")


def put(page: Page, path: str, body: str, kind: str, cache: str = CACHE) -> None:
    """What another site on the origin could do: write its own bytes as this site's copy of ``path``."""
    script = """async ([name, path, body, kind]) =>
      (await caches.open(name)).put(path, new Response(body, { headers: { "Content-Type": kind } }))"""
    page.evaluate(script, [cache, path, body, kind])


def go_offline(page: Page) -> None:
    """No network, and nothing in the browser's HTTP cache: what a page gets now comes from the service worker."""
    page.context.new_cdp_session(page).send("Network.clearBrowserCache")
    page.context.set_offline(True)


def read_once(page: Page, site_url: str) -> None:
    """/quiz/ read and checked, then opened again, until the service worker keeps the page and the engine. (On the
    first visit, the service worker is registered once the engine is ready: it then copies the engine's files from
    the browser's cache, which in a test's context, kept in memory, does not hold the 9.6 MB WebAssembly file. The
    second visit's engine asks for them through the service worker.)"""
    page.goto(site_url + "quiz/")
    page.locator("#qz-quick-quiz-q1 input[value='b']").check()
    page.locator(".qz-check").click()
    summary = scored(page, {"q1": "b"}, "quick-quiz")["summary"]
    expect(page.locator("#qz-quick-quiz .qz-result")).to_have_text(summary, timeout=READY)
    wait_controlled(page)
    page.reload()
    expect(page.locator("#qz-quick-quiz .qz-status")).to_have_text("The scoring engine is ready.", timeout=READY)
    wait_kept(page, ["/quiz/", *ENGINE, SNAPSHOT])


# The engine's files (paths, or patterns of them) but the memory snapshot, which a reader saving data never downloads.
ENGINE = [
    r"/assets/quiz-[0-9a-f]{12}/quiz-worker\.js",
    *(f"/assets/pyodide/{name}" for name in bundle.PYODIDE_FILES),
    "/assets/quizlib/pyodide-lock.json",
    r"/assets/quizlib/[0-9a-f]{16}/quizlib-.*\.whl",
]
SNAPSHOT = r"/assets/quizlib/snapshot-[0-9a-f]{16}\.gz"
OTHER_SNAPSHOT = "/assets/quizlib/snapshot-0123456789abcdef.gz"  # another build's (a newer one, for the engine)
OWN_SNAPSHOT = r"/assets/quizlib/snapshot-(?!0123456789abcdef\.)[0-9a-f]{16}\.gz"  # this build's


def quiz_script(page: Page) -> str:
    """The address of the page's quiz.js (in its build's own folder, assets/quiz-<hash>/)."""
    return page.evaluate("[...document.scripts].find((script) => script.src.endsWith('/quiz.js')).src")


def wait_kept(page: Page, wanted: list[str]) -> None:
    """Wait until the service worker keeps a copy of every path ``wanted`` (patterns), as it does in the background."""

    def missing() -> list[str]:
        paths = kept(page)
        return [path for path in wanted if not any(re.fullmatch(path, kept_path) for kept_path in paths)]

    if not until(page, lambda _: not missing(), 20):
        raise AssertionError(f"not kept: {missing()}")


def test_a_page_read_once_opens_and_its_quiz_scores_offline(page: Page, site_url: str):
    read_once(page, site_url)
    go_offline(page)
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Knowledge check")
    expect(page.locator("#qz-quick-quiz-q1 input[value='b']")).to_be_checked()  # saved answers, as online
    page.locator("#qz-quick-quiz-q2 input[value='b']").check()
    page.locator(".qz-check").click()
    expect(page.locator("#qz-quick-quiz .qz-result")).to_have_text(
        scored(page, {"q1": "b", "q2": "b"}, "quick-quiz")["summary"], timeout=READY
    )


def test_a_reader_who_saves_data_can_check_answers_offline(browser: Browser, site_url: str):
    """A browser that asks sites to save data starts the same engine script: the service worker's copy of it serves
    that reader too. (The engine starts only when the reader reaches the quiz.)"""
    saves_data = "Object.defineProperty(navigator, 'connection', {value: {saveData: true, effectiveType: '4g'}})"
    for page in watched_page(browser, [saves_data], service_workers="allow"):
        requested: list[str] = []
        page.on("request", lambda request, requested=requested: requested.append(request.url))
        for choice in ("b", "a"):  # the second visit goes through the service worker, which keeps the engine
            page.goto(site_url + "quiz/")
            page.locator(f"#qz-quick-quiz-q1 input[value='{choice}']").check()
            page.locator(".qz-check").click()
            summary = scored(page, {"q1": choice}, "quick-quiz")["summary"]
            expect(page.locator("#qz-quick-quiz .qz-result")).to_have_text(summary, timeout=READY)
            wait_controlled(page)
        wait_kept(page, ["/quiz/", *ENGINE])
        assert not [url for url in requested if "/snapshot-" in url], "6.7 MB the reader asked not to download"
        assert not [path for path in kept(page) if "/snapshot-" in path]
        go_offline(page)
        page.reload()
        page.locator("#qz-quick-quiz-q2 input[value='b']").check()
        page.locator(".qz-check").click()
        expect(page.locator("#qz-quick-quiz .qz-result")).to_have_text(
            scored(page, {"q1": "a", "q2": "b"}, "quick-quiz")["summary"], timeout=READY
        )


def test_a_reader_who_saves_data_uses_the_snapshot_their_browser_kept(page: Page, site_url: str):
    """Saving data means not downloading the snapshot; a copy kept from an earlier visit costs nothing, and is used."""
    read_once(page, site_url)
    said: list[str] = []
    page.on("console", lambda message: said.append(message.text))
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.add_init_script("Object.defineProperty(navigator, 'connection', {value: {saveData: true}})")
    page.reload()
    page.locator("#qz-quick-quiz-q2 input[value='b']").check()  # Save-Data: reaching the quiz starts the engine
    expect(page.locator("#qz-quick-quiz .qz-status")).to_have_text("The scoring engine is ready.", timeout=READY)
    assert "quiz worker: ready; Pyodide restored from the memory snapshot" in said
    assert not [url for url in requested if "/snapshot-" in url]
    assert not [line for line in said if "save data" in line]


def test_the_service_worker_waits_while_the_quiz_engine_starts(page: Page, site_url: str):
    """A first visit: the service worker would slow the engine down (it takes the page over, and the engine's
    downloads go through it). So on a page with a quiz it is registered once the engine is ready."""
    held: list = []
    page.route("**/quizlib/pyodide-lock.json", lambda route: held.append(route))  # the engine waits for it
    page.goto(site_url + "quiz/")
    expect(page.locator(".qz-quiz").first).to_have_attribute("data-qz-engine", "loading", timeout=READY)
    page.wait_for_timeout(1000)
    assert held and not registered(page), "no service worker while the engine starts"
    held[0].continue_()
    expect(page.locator(".qz-quiz").first).to_have_attribute("data-qz-engine", "ready", timeout=READY)
    wait_registered(page)


def test_a_page_whose_quiz_never_starts_the_engine_still_gets_the_service_worker(browser: Browser, site_url: str):
    """On a phone, the self-assessment's quiz is below the first screen: the engine does not start while the
    reader reads the top. The service worker is registered a few seconds after the page has loaded; on a page
    without a quiz, at once."""
    for page in watched_page(browser, service_workers="allow", viewport={"width": 390, "height": 664}):
        page.goto(site_url + "self-assessment/")
        page.wait_for_timeout(1500)
        assert page.locator(STARTED).count() == 0, "the engine has not started"
        assert not registered(page)
        wait_registered(page, seconds=10)
        assert page.locator(STARTED).count() == 0
    for page in watched_page(browser, service_workers="allow"):
        page.goto(site_url + "glossary/")
        wait_registered(page, seconds=3)


def test_the_memory_snapshot_is_kept_from_the_first_visit(page: Page, site_url: str):
    """A browser's HTTP cache may not keep a 6.7 MB file (a test's context, kept in memory, does not), and on a first
    visit the service worker comes after the engine's downloads: the engine keeps the snapshot in the worker's copy
    itself, once it is ready. The next visit restores Pyodide from that copy, without asking for the file."""
    said: list[str] = []
    page.on("console", lambda message: said.append(message.text))
    page.goto(site_url + "quiz/")
    expect(page.locator("#qz-quick-quiz")).to_have_attribute("data-qz-engine", "ready", timeout=READY)
    wait_kept(page, [SNAPSHOT])
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    said.clear()
    page.reload()
    expect(page.locator("#qz-quick-quiz")).to_have_attribute("data-qz-engine", "ready", timeout=READY)
    assert "quiz worker: ready; Pyodide restored from the memory snapshot" in said
    assert [url for url in asked if "/assets/pyodide/" in url], "the engine's other files are asked for as before"
    assert not [url for url in asked if "/snapshot-" in url], "read from the copy, not downloaded again"


def test_a_snapshot_copy_another_site_changed_is_downloaded_again(page: Page, site_url: str, built_site: Path):
    """Another site on the origin writes its own bytes as the copy of the snapshot: the engine checks the copy before
    it uses it, downloads the file instead, and keeps the right bytes."""
    (snapshot,) = (built_site / "assets" / "quizlib").glob("snapshot-*.gz")
    path = f"/assets/quizlib/{snapshot.name}"
    page.goto(site_url + "glossary/")
    put(page, path, "not a snapshot", "application/gzip")
    said: list[str] = []
    page.on("console", lambda message: said.append(f"{message.type}: {message.text}"))
    page.goto(site_url + "quiz/")
    expect(page.locator("#qz-quick-quiz")).to_have_attribute("data-qz-engine", "ready", timeout=READY)
    assert "debug: quiz worker: ready; Pyodide restored from the memory snapshot" in said
    assert [line for line in said if line.startswith(("error", "warning"))] == []
    script = "async ([name, path]) => (await (await (await caches.open(name)).match(path))?.arrayBuffer())?.byteLength"
    right = snapshot.stat().st_size
    assert until(page, lambda page: page.evaluate(script, [CACHE, path]) == right, 10), "the right snapshot is not kept"


def test_an_older_builds_snapshot_is_dropped_when_a_page_asks_to_keep(page: Page, site_url: str):
    """The service worker drops copies of files its build does not have when it starts, and a page of an older
    build, still open in a tab, may keep that build's snapshot after that (6.7 MB a build): it drops them again
    each time a page asks it to keep what the browser has."""
    page.goto(site_url + "glossary/")
    wait_controlled(page)
    put(page, OTHER_SNAPSHOT, "an older build's snapshot", "application/gzip")
    page.goto(site_url + "quiz/")
    expect(page.locator("#qz-quick-quiz")).to_have_attribute("data-qz-engine", "ready", timeout=READY)
    wait_kept(page, [OWN_SNAPSHOT])
    assert until(page, lambda page: OTHER_SNAPSHOT not in kept(page), 20), f"still kept: {OTHER_SNAPSHOT}"
    wait_kept(page, [OWN_SNAPSHOT])  # this build's stays


def test_a_service_worker_of_another_build_keeps_and_drops_nothing_for_a_page(page: Page, site_url: str):
    """Just after a new build is published, the page may ask the older build's worker, still active, to keep what
    the browser has: that worker would drop the new build's files, its snapshot among them, as not its own."""
    page.goto(site_url + "glossary/")
    wait_controlled(page)
    put(page, OTHER_SNAPSHOT, "another build's snapshot", "application/gzip")
    other_build = site_url + "assets/quiz-0123456789ab/quiz.js"
    page.evaluate("(keep) => navigator.serviceWorker.controller.postMessage({ keep })", other_build)
    page.wait_for_timeout(2000)
    assert OTHER_SNAPSHOT in kept(page)
    this_build = quiz_script(page)
    page.evaluate("(keep) => navigator.serviceWorker.controller.postMessage({ keep })", this_build)
    assert until(page, lambda page: OTHER_SNAPSHOT not in kept(page), 20), f"still kept: {OTHER_SNAPSHOT}"


@pytest.fixture
def page_without_worker(browser: Browser, site_url: str) -> Iterator[Page]:
    """A page of the site's origin whose service worker is never registered: what the quiz engine keeps there is
    its own doing. (Opened at a file with no script, to write the cache before any page of the site runs.)"""
    for opened in watched_page(browser, service_workers="block"):
        opened.goto(site_url + "assets/images/favicon.png")
        yield opened


def test_the_engine_leaves_another_builds_snapshot_to_the_service_worker(page_without_worker: Page, site_url: str):
    """A page of an older build, still open in a tab after a new build, must not drop the new build's snapshot:
    the engine keeps its own and drops no other (only the service worker knows which build is the site's)."""
    page = page_without_worker
    put(page, OTHER_SNAPSHOT, "another build's snapshot", "application/gzip")
    page.goto(site_url + "quiz/")
    expect(page.locator("#qz-quick-quiz")).to_have_attribute("data-qz-engine", "ready", timeout=READY)
    wait_kept(page, [OWN_SNAPSHOT])
    assert OTHER_SNAPSHOT in kept(page)


def test_the_engine_makes_room_for_its_snapshot_when_the_browser_has_none(
    page_without_worker: Page, site_url: str, built_site: Path
):
    """With too little room for both (a small quota), another build's snapshot goes, then this one is kept."""
    page = page_without_worker
    size = next((built_site / "assets" / "quizlib").glob("snapshot-*.gz")).stat().st_size
    quota = {"origin": site_url.rstrip("/"), "quotaSize": size * 1.6}  # room for one snapshot, not for two
    page.context.new_cdp_session(page).send("Storage.overrideQuotaForOrigin", quota)
    put(page, OTHER_SNAPSHOT, "x" * size, "application/gzip")
    page.goto(site_url + "quiz/")
    expect(page.locator("#qz-quick-quiz")).to_have_attribute("data-qz-engine", "ready", timeout=READY)
    wait_kept(page, [OWN_SNAPSHOT])
    assert OTHER_SNAPSHOT not in kept(page)


def test_a_page_never_read_is_not_there_offline(page: Page, site_url: str):
    read_once(page, site_url)
    go_offline(page)
    with pytest.raises(Error, match=r"ERR_INTERNET_DISCONNECTED|ERR_FAILED"):
        page.goto(site_url + "glossary/")


def test_a_copy_another_site_changed_is_never_shown(page: Page, site_url: str):
    read_once(page, site_url)
    put(page, "/quiz/", "<h1>Not this site's page</h1>", "text/html")
    go_offline(page)
    with pytest.raises(Error, match="ERR_FAILED"):
        page.reload()
    page.context.set_offline(False)
    page.goto(site_url + "quiz/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Knowledge check")


def test_an_engine_file_another_site_changed_is_asked_for_again(page: Page, site_url: str):
    """Engine files come from the copy first, unchecked by the service worker: the engine checks them itself and
    asks the network again, and the service worker keeps the right copy."""
    read_once(page, site_url)
    put(page, "/assets/pyodide/pyodide.asm.wasm", "not WebAssembly", "application/wasm")
    page.reload()
    page.locator("#qz-quick-quiz-q2 input[value='b']").check()
    page.locator(".qz-check").click()
    expect(page.locator("#qz-quick-quiz .qz-result")).to_have_text(
        scored(page, {"q1": "b", "q2": "b"}, "quick-quiz")["summary"], timeout=READY
    )
    size = page.evaluate(
        """async (name) => (await (await (await caches.open(name)).match("/assets/pyodide/pyodide.asm.wasm"))
          .arrayBuffer()).byteLength""",
        CACHE,
    )
    assert size > 1_000_000


def test_with_the_service_worker_in_charge_instant_navigation_and_quizzes_work(page: Page, site_url: str):
    said: list[str] = []
    page.on("console", lambda message: message.type in ("warning", "error") and said.append(message.text))
    read_once(page, site_url)
    page.reload()  # now served through the service worker, which has kept the engine
    assert page.evaluate("navigator.serviceWorker.controller !== null")
    page.get_by_role("link", name="Next: What does work mean to you?").click()  # instant navigation
    page.locator("#qz-work-orientation-q1 input[value='4']").check()
    page.locator("#qz-work-orientation .qz-check").click()
    expect(page.locator("#qz-work-orientation .qz-result")).to_have_text(
        scored(page, {"q1": 4}, "work-orientation")["summary"], timeout=READY
    )
    assert "/self-assessment/" in kept(page)
    assert said == []


def test_a_site_built_without_it_removes_the_service_worker_and_its_copy(browser: Browser, tmp_path: Path):
    """`offline: false` after `offline: true`: the reader's next visit removes what the first left behind."""
    served = tmp_path / "site"
    served.mkdir()
    server = SiteServer(("127.0.0.1", 0), functools.partial(SiteHandler, directory=served))
    threading.Thread(target=server.serve_forever, daemon=True).start()

    def build(offline: bool) -> None:
        source = tmp_path / f"source-{offline}"
        source.mkdir()
        config = quiz_site(source, {"index.md": "# Home\n\n```quiz\nquestion: Pick one\n- [x] A\n- [ ] B\n```\n"})
        config.write_text(config.read_text().replace("{quizzes: {", f"{{quizzes: {{offline: {str(offline).lower()}, "))
        done = mkdocs_build(served, config=config)
        assert done.returncode == 0, done.stderr

    try:
        build(offline=True)
        for page in watched_page(browser, service_workers="allow"):
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/")
            # registered once the page's quiz engine is ready
            until(page, lambda page: controlled(page) and kept(page, "quiz-offline /"), 30)
            assert registered(page)
            build(offline=False)
            page.reload()
            until(page, lambda page: not registered(page), 10)
            assert not registered(page)
            assert not page.evaluate("async () => caches.has('quiz-offline /')")
            # The worker may keep files for the page it still served, after its copy went: the next visit
            # removes them too.
            put(page, "/", "left behind", "text/html", cache="quiz-offline /")
            page.reload()
            until(page, lambda page: not page.evaluate("async () => caches.has('quiz-offline /')"), 5)
            assert not page.evaluate("async () => caches.has('quiz-offline /')")
    finally:
        server.shutdown()
        server.server_close()


def test_a_copy_is_served_as_the_build_wrote_it_not_with_the_headers_in_the_cache(page: Page, site_url: str):
    read_once(page, site_url)
    text = page.evaluate("async () => (await fetch(location.href)).text()")
    put(page, "/quiz/", text, "text/plain")  # this site's very bytes, as another site could store them
    go_offline(page)
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Knowledge check")


def test_an_engine_file_another_site_changed_is_never_run_or_shown(page: Page, site_url: str):
    """The engine's files come from the copy first: checked there too, whatever asks for them (the engine, an
    import, a reader following a link)."""
    read_once(page, site_url)
    put(page, "/assets/pyodide/pyodide.mjs", "document.title = 'changed'", "text/javascript")
    put(page, "/assets/quizlib/pyodide-lock.json", "<script>document.title = 'changed'</script>", "text/html")
    page.goto(site_url + "assets/quizlib/pyodide-lock.json")
    assert '"packages"' in page.locator("body").inner_text()
    page.goto(site_url + "assets/pyodide/pyodide.mjs")
    assert "loadPyodide" in page.locator("body").inner_text()
    assert page.title() != "changed"
    page.goto(site_url + "quiz/")
    put(page, "/assets/pyodide/pyodide.mjs", "globalThis.changed = true; export {};", "text/javascript")
    page.evaluate("async () => { await import('/assets/pyodide/pyodide.mjs'); }")  # as the engine imports it
    assert page.evaluate("globalThis.changed") is None


def test_a_retry_while_offline_gets_the_engine_script(page: Page, site_url: str):
    """After a failure the page starts the engine again as quiz-worker.js?retry=N, from the network first (a copy
    may be the broken one); offline, the service worker's copy answers, so the retry can still work."""
    read_once(page, site_url)
    go_offline(page)
    worker = urljoin(quiz_script(page), "quiz-worker.js")
    answer = page.evaluate(
        "async (url) => { const r = await fetch(url); return [r.status, await r.text()]; }", worker + "?retry=1"
    )
    assert answer[0] == 200 and '"../pyodide/pyodide.asm.wasm"' in answer[1]


def test_a_search_result_opens_offline(page: Page, site_url: str):
    """Search results link to a page with the words to highlight (?h=): the page's copy answers."""
    read_once(page, site_url)
    go_offline(page)
    page.goto(site_url + "quiz/?h=career")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Knowledge check")

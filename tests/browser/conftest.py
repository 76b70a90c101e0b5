"""Browser tests: Playwright drives Chromium against the built site, served over HTTP on localhost."""

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright
from support import CHROMIUM_FLAGS, NO_SERVICE_WORKERS, SiteServer, chromium_path, watched_page

# A busy two-core CI machine can be slow to paint; the engine's own waits use their own, longer timeouts.
expect.set_options(timeout=10_000)


def _serving(server: SiteServer) -> Iterator[str]:
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="session")
def site_url(built_site: Path, site_server: SiteServer) -> Iterator[str]:
    yield from _serving(site_server)


@pytest.fixture(scope="session")
def zensical_url(zensical_site: Path, zensical_server: SiteServer) -> Iterator[str]:
    yield from _serving(zensical_server)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    # As in a browser without service workers (Firefox's private windows): the site's (`offline: true`) is not
    # registered. Playwright's page.route does not see what a service worker fetches, and tests break the engine's
    # files with it; its own switch for this (service_workers="block") warns in the console, which tests read.
    # The service worker has its own tests (test_browser_offline.py); contexts a test opens itself keep it.
    yield from watched_page(browser, scripts=[NO_SERVICE_WORKERS])

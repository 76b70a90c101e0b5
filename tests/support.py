"""What the tests and the benchmarks share: the site server's handler and the Chromium to drive."""

import http.server
import os
import shutil
from typing import ClassVar

import pytest

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str:
    """QUIZ_CHROMIUM, or the first Chromium on PATH (`make test` installs Debian's when there is none)."""
    chosen = os.environ.get("QUIZ_CHROMIUM") or next(filter(None, map(shutil.which, CHROMIUM_NAMES)), None)
    if not chosen:
        pytest.fail("No Chromium found: run the tests with 'make test', or set QUIZ_CHROMIUM to a Chromium binary.")
    return chosen


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files with the types GitHub Pages and `mkdocs serve` give: module scripts and wasm need theirs."""

    extensions_map: ClassVar[dict[str, str]] = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".wasm": "application/wasm",
        ".json": "application/json",
    }

    def log_message(self, format: str, *args: object) -> None:
        pass

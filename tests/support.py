"""What the tests and the benchmarks share: the site server's handler and the Chromium to drive."""

import http.server
import os
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import ClassVar

import pytest

from quizlib import Quiz

ROOT = Path(__file__).resolve().parent.parent


def mkdocs_build(site: Path, *options: str, config: Path | None = None, **env: str) -> subprocess.CompletedProcess[str]:
    """``mkdocs build`` of the real site (or of ``config``) into ``site``, from the repository root."""
    where = ["-f", str(config)] if config else []
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", *options, *where, "-d", str(site)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env},
    )


def without_lines(quiz: Quiz) -> Quiz:
    """The quiz without source positions, as it comes back from JSON."""
    questions = tuple(replace(q, line=0, choices=tuple(replace(c, line=0) for c in q.choices)) for q in quiz.questions)
    return replace(quiz, line=0, questions=questions)


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


class SiteServer(http.server.ThreadingHTTPServer):
    """The test server: a browser that drops a download it no longer needs is not an error worth printing."""

    def handle_error(self, request: object, client_address: object) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]

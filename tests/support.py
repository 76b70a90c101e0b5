"""What the tests and the benchmarks share: the site server's handler and the Chromium to drive."""

import html
import http.server
import io
import json
import os
import posixpath
import re
import shutil
import stat
import subprocess
import sys
import urllib.parse
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any, ClassVar

import pytest
import yaml

from quizlib import Quiz
from quizlib.bridge import check
from quizlib.document import read_markdown
from quizlib.strings import ui_strings

ROOT = Path(__file__).resolve().parent.parent
READY = 60_000  # ms a browser test waits for the scoring engine; it is usually ready in a few seconds


def site_config() -> dict[str, Any]:
    """mkdocs.yml as written, its !ENV tags read as nothing."""

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    return yaml.load((ROOT / "mkdocs.yml").read_text(), Loader)


def site_extensions() -> tuple[list[str], dict[str, dict[str, object]]]:
    """The Markdown extensions of mkdocs.yml, with their options."""
    listed = site_config()["markdown_extensions"]
    names = [next(iter(item)) if isinstance(item, dict) else item for item in listed]
    options = {name: dict(item[name] or {}) for item in listed if isinstance(item, dict) for name in item}
    return names, options


def quiz_site(folder: Path, pages: dict[str, str], extensions: Sequence[str] = ("quiz_markdown",)) -> Path:
    """A small site in ``folder``: ``pages`` in its docs/, Material, these Markdown extensions (as YAML list
    items) and the quiz hook. Returns its mkdocs.yml, for `mkdocs_build`."""
    docs = folder / "docs"
    docs.mkdir()
    for name, text in pages.items():
        (docs / name).write_bytes(text.encode())  # as written: a BOM or CRLF stays
    listed = "".join(f"\n  - {name}" for name in extensions)
    config = folder / "mkdocs.yml"
    config.write_text(
        f"site_name: t\ntheme: {{name: material, font: false}}\nmarkdown_extensions:{listed}\n"
        f"plugins: [{{quizzes: {{pyodide: {ROOT / 'node_modules' / 'pyodide'}}}}}]\n"
    )
    return config


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


def zensical_build(site: Path, root: Path = ROOT, **env: str) -> subprocess.CompletedProcess[str]:
    """`make build-zensical` (scripts/build-zensical.py) of the site at ``root`` into ``site``."""
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build-zensical.py"), "--root", str(root), "--site", str(site)],
        capture_output=True,
        text=True,
        cwd=root,
        env={**os.environ, **env},
    )


def scored(page: Any, answers: dict[str, object], quiz_id: str | None = None) -> dict[str, Any]:
    """What quizlib in CPython makes of ``answers`` to a quiz on the page (``quiz_id``, or the first)."""
    root = page.locator(f"#qz-{quiz_id}") if quiz_id else page.locator(".qz-quiz").first
    quiz = json.loads(root.get_attribute("data-qz"))["quiz"]
    return json.loads(check(json.dumps(quiz), json.dumps({"format": 2, "quiz": quiz["id"], "answers": answers})))


def quiz_texts_of_pages() -> dict[str, list[str]]:
    """What the quizzes of docs/ show a reader only once in use (each choice's feedback, each question's explanation
    and hints, the result's bands, profiles and notes) and the quiz's own notices, as plain text (`plain_text`), by
    page ("quiz/"): texts site search must not show. Not those of a quiz shown with its source (`quiz show-source`),
    whose source is searched as the page's text."""
    strings = ui_strings("en")
    found: dict[str, list[str]] = {}
    for path in sorted((ROOT / "docs").rglob("*.md")):
        found_quizzes = read_markdown(path.read_text(), str(path))[0]
        quizzes = [item.quiz for item in found_quizzes if item.quiz and "show-source" not in item.block.info.split()]
        notices = ("privacy", "storage_blocked", "no_script", "share_warning")
        texts = [strings[key] for key in notices] if quizzes else []
        for quiz in quizzes:
            for question in quiz.questions:
                texts += [question.explain, *question.hints, *(choice.feedback for choice in question.choices)]
            texts += [band.text for band in quiz.bands]
            texts += [part for rule in (*quiz.profiles, *quiz.notes) for part in (rule.title, rule.text)]
        if texts := [plain_text(text) for text in texts if len(text) > 20]:
            found[path.relative_to(ROOT / "docs").with_suffix("").as_posix() + "/"] = texts
    return found


def plain_text(text: str) -> str:
    """Inline Markdown or a search index's HTML as words only: links' texts, no marks, tags or entities, single
    spaces; so a text reads the same in both."""
    text = re.sub(r"\[([^]]*)\]\([^)]*\)", r"\1", text)  # [text](address)
    text = html.unescape(re.sub(r"<[^>]*>|[*`]|(?<!\w)_|_(?!\w)", "", text))
    return " ".join(text.split())


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

    # Faults a test can inject, by file name (the last part of the path): see `broken`.
    faults: ClassVar[dict[str, str]] = {}

    def send_head(self) -> Any:
        name = posixpath.basename(urllib.parse.urlsplit(self.path).path)
        fault = self.faults.get(name)
        if fault is None:
            return super().send_head()
        if fault == "missing":
            self.send_error(404, "File not found")
            return None
        path = Path(self.translate_path(self.path))
        body = path.read_bytes()
        kind = self.guess_type(str(path))
        if fault == "wrong-type":
            kind = "text/plain"  # a server that does not know the extension
        elif fault == "tampered":
            body = body[: len(body) // 2] + bytes([body[len(body) // 2] ^ 1]) + body[len(body) // 2 + 1 :]
        elif fault == "no-wasm":  # a worker without WebAssembly, as in a browser that turned it off
            body = b"delete globalThis.WebAssembly;\n" + body
        else:
            raise ValueError(f"unknown fault {fault!r}")
        # Cached like every file GitHub Pages serves, with a validator of its own: a browser keeps the broken
        # copy for ten minutes unless it asks again, and a request that does gets the file as it is now.
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.send_header("ETag", f'"{fault}"')
        self.end_headers()
        return io.BytesIO(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def broken(name: str, fault: str) -> Iterator[None]:
    """Serve the file called ``name`` (anywhere in the site) with ``fault`` while inside: "missing" (404),
    "wrong-type" (text/plain), "tampered" (one bit changed) or "no-wasm" (a script run without WebAssembly)."""
    SiteHandler.faults[name] = fault
    try:
        yield
    finally:
        SiteHandler.faults.pop(name, None)


class SiteServer(http.server.ThreadingHTTPServer):
    """The test server: a browser that drops a download it no longer needs is not an error worth printing."""

    def handle_error(self, request: object, client_address: object) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


# An init script: the page's browser has no service workers.
NO_SERVICE_WORKERS = 'Object.defineProperty(Navigator.prototype, "serviceWorker", { get: () => undefined });'


def until(page: Any, condition: Callable[[Any], object], seconds: float) -> bool:
    """Whether ``condition(page)`` comes true within ``seconds``, asked every 0.1 s. (Polled here: wait_for_function
    evaluates a string in the page, which the site's policy forbids, once its first answer is no; and it does not
    await an async predicate.)"""
    for _ in range(int(seconds * 10)):
        if condition(page):
            return True
        page.wait_for_timeout(100)
    return False


def watched_page(browser: Any, scripts: Sequence[str] = (), **options: Any) -> Iterator[Any]:
    """A page in a new browser context (``options`` are the context's, ``scripts`` run in its every page before
    the page's own); the test fails on any uncaught error in it."""
    context = browser.new_context(**options)
    for script in scripts:
        context.add_init_script(script)
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    yield opened
    context.close()
    assert errors == [], f"uncaught errors in the page: {errors}"


_CP = shutil.which("cp")  # a fake node's PATH has nothing else


def fake_node(folder: Path, writes: bytes | None, version: str = "v0.0-fake") -> Path:
    """A folder for PATH with a `node` that gives ``version`` and, asked by quiz_markdown.bundle for a memory
    snapshot, writes ``writes`` as it (or fails, saying so on standard error, when None)."""
    folder.mkdir(exist_ok=True)
    memory = folder / "memory"
    if writes is not None:
        memory.write_bytes(writes)
    script = folder / "node"
    make = f'{_CP} "{memory}" "${{5}}"' if writes is not None else 'echo "Pyodide would not start" >&2; exit 1'
    script.write_text(f'#!/bin/sh\nif [ "$1" = "--version" ]; then echo {version}; exit 0; fi\n{make}\n')
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return folder

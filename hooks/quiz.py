"""MkDocs wiring for quizzes: error reporting across the whole site, and the browser runtime files.

Rendering lives in the ``quiz_markdown`` Markdown extension; this file only does what needs MkDocs.
"""

from __future__ import annotations

import hashlib
import html
import json
import logging
import re
from pathlib import Path

import browser_bundle
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from quiz_markdown import serve_errors
from quizlib import QuizError
from quizlib.strings import ui_strings

EXTENSION = "quiz_markdown"
# npm installs Pyodide beside this repository's package.json, whichever mkdocs.yml is being built.
PYODIDE_DIR = Path(__file__).resolve().parent.parent / "node_modules" / "pyodide"
NPM_LOCK = PYODIDE_DIR.parent.parent / "package-lock.json"
RUNTIME = "assets/quiz/"  # the page runtime, published in a folder named by its contents' hash
_RUNTIME_PATH = re.compile(r"^assets/quiz(-[0-9a-f]{12})?/")
log = logging.getLogger("mkdocs.hooks.quiz")
_errors: list[QuizError] = []
# Every quiz the build wrote, for the "my results" page: it lists saved results of these quizzes only, with
# their titles and addresses from here, never from the browser's storage (which other sites can write).
_QUIZ_DATA = re.compile(r'<div class="qz-quiz" data-qz="([^"]*)"')
_RESULTS_DATA = re.compile(r'(<div class="qz-my-results" data-qz=")([^"]*)(")')
_quizzes: dict[str, list[dict[str, str]]] = {}
_serving = False  # under `mkdocs serve`: pages show their quiz errors, the build goes on


def on_startup(command: str, dirty: bool) -> None:
    global _serving
    _serving = serve_errors.serving(command)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    if EXTENSION not in config.markdown_extensions:
        raise PluginError(f"mkdocs.yml: expected '{EXTENSION}' under markdown_extensions; found it missing")
    _errors.clear()
    if _serving:  # every rebuild prints every message again, quiz errors or not
        serve_errors.forget_printed()
    options = config.mdx_configs.setdefault(EXTENSION, {})
    options["on_error"] = _errors.extend
    options["language"] = config.theme.get("language") or "en"
    # The theme's own strings (footer, feed link) come from the same catalog as the quizzes'.
    config.extra["ui"] = ui_strings(options["language"])
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    pyodide = PYODIDE_DIR
    missing = [name for name in browser_bundle.PYODIDE_BUILD_FILES if not (pyodide / name).is_file()]
    if missing:
        raise PluginError(
            f"{pyodide}: expected the Pyodide runtime ({', '.join(missing)}); found it missing. "
            "Run 'npm ci' (or 'make build', which does it)."
        )
    try:  # the very files npm's locked tarball holds, or the build stops
        checked = browser_bundle.checked_pyodide(pyodide, NPM_LOCK)
    except browser_bundle.BundleError as error:
        raise PluginError(str(error)) from None
    for name in browser_bundle.PYODIDE_FILES:
        files.append(File.generated(config, f"assets/pyodide/{name}", content=checked[name]))
    wheel = browser_bundle.build_wheel()
    files.append(File.generated(config, f"assets/quizlib/{browser_bundle.wheel_path(wheel)}", content=wheel))
    lock = browser_bundle.lock_file(wheel, pyodide / "pyodide-lock.json")
    files.append(File.generated(config, "assets/quizlib/pyodide-lock.json", content=lock))
    worker = files.get_file_from_path(f"{RUNTIME}quiz-worker.js")
    if worker is not None:  # the worker checks each download against the digests of what was just checked
        try:
            worker.content_string = browser_bundle.pin_worker(worker.content_string, checked, lock, wheel)
        except browser_bundle.BundleError as error:
            raise PluginError(str(error)) from None
    _version_runtime(files, config)
    return files


def _version_runtime(files: Files, config: MkDocsConfig) -> None:
    """Publish assets/quiz/ as assets/quiz-<hash>/: a new build never mixes with files a browser cached
    from an older one (GitHub Pages lets browsers keep them ten minutes). Relative URLs between the
    runtime's files, and from them to ../pyodide/ and ../quizlib/, stay as they are."""
    runtime = sorted((file for file in files if file.src_uri.startswith(RUNTIME)), key=lambda file: file.src_uri)
    digest = hashlib.sha256()
    for file in runtime:
        digest.update(file.src_uri.encode() + b"\0" + file.content_bytes + b"\0")
    folder = f"assets/quiz-{digest.hexdigest()[:12]}/"
    for file in runtime:
        file.dest_uri = folder + file.src_uri.removeprefix(RUNTIME)
    # The config may be the one of an earlier build (mkdocs serve): replace any earlier folder too.
    for script in config.extra_javascript:
        script.path = _RUNTIME_PATH.sub(folder, script.path)
    config.extra_css = [_RUNTIME_PATH.sub(folder, path) for path in config.extra_css]


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, **kwargs: object) -> str:
    source = page.file.content_string
    removed = source[: len(source) - len(markdown)] if source.endswith(markdown) else ""
    options = config.mdx_configs[EXTENSION]
    options["path"] = _shown_path(page, config)
    options["line_offset"] = removed.count("\n")
    return markdown


def on_pre_build(config: MkDocsConfig) -> None:
    _quizzes.clear()


def on_page_content(html_text: str, page: Page, config: MkDocsConfig, **kwargs: object) -> str:
    found = []
    for match in _QUIZ_DATA.finditer(html_text):
        data = json.loads(html.unescape(match[1]))
        quiz, title = data["quiz"], data["quiz"].get("title") or page.title or data["quiz"]["id"]
        # "scored": a saved result is current only when it was scored under this (quizlib.fingerprint).
        found.append({"url": page.url, "id": quiz["id"], "title": title, "scored": data["scored"]})
    _quizzes[page.url] = found
    if _serving:  # this page's quiz errors, at the top of its text
        path, language = _shown_path(page, config), config.mdx_configs[EXTENSION]["language"]
        shown = [error for error in _errors if error.path == path]
        html_text = serve_errors.panel(shown, page.file.content_string, language) + html_text
    return html_text


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Every page has been read by now: the "my results" page gets the list of the site's quizzes."""

    def with_quizzes(match: re.Match[str]) -> str:
        data = json.loads(html.unescape(match[2]))
        data["quizzes"] = [quiz for url in sorted(_quizzes) for quiz in _quizzes[url]]
        return match[1] + html.escape(json.dumps(data, sort_keys=True), quote=True) + match[3]

    return _RESULTS_DATA.sub(with_quizzes, output)


def on_env(env: object, config: MkDocsConfig, **kwargs: object) -> object:
    """Every page has been read: stop here, before anything is written, if any quiz is wrong (under `mkdocs serve`,
    list them and go on: see quiz_markdown/serve_errors.py)."""
    if _errors and _serving:  # the pages show them; the terminal lists them all, on every rebuild
        log.error(serve_errors.listing(_errors))
    elif _errors:
        raise PluginError(serve_errors.listing(_errors))
    return env


def _project_root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).resolve().parent


def _shown_path(page: Page, config: MkDocsConfig) -> str:
    if page.file.abs_src_path is None:
        return page.file.src_uri
    path = Path(page.file.abs_src_path).resolve()
    root = _project_root(config)
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()

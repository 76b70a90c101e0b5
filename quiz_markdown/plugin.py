"""The MkDocs plugin ``quizzes``: quizzes in any MkDocs site, with one line under ``plugins:``.

It adds the ``quiz_markdown`` extension when mkdocs.yml does not list it, gives it the page's file and the
lines its front matter took (so errors name ``path:line:col``), stops the build on quiz errors (all of them,
across the whole site, before anything is written), publishes the browser runtime (`bundle.runtime`: the page
runtime, Pyodide and the quizlib wheel, with their digests) and loads it in every page, and gives the "my
results" page the list of the site's quizzes. Under `mkdocs serve`, a page with broken quizzes is built
anyway, with its errors listed at its top, and the terminal lists them on every rebuild (`serve_errors`).

Options:

| option    | default                | meaning                                                                 |
|-----------|------------------------|-------------------------------------------------------------------------|
| `pyodide` | `node_modules/pyodide` | npm's Pyodide folder, relative to mkdocs.yml (package-lock.json is two  |
|           |                        | folders up, where `npm install` wrote it)                               |
| `snapshot`| `true`                 | publish a memory snapshot, so quizzes are ready sooner, for about 6.7 MB|
|           |                        | more to download (`bundle.memory_snapshot`; needs Node.js to build)     |
| `offline` | `false`                | publish a service worker that keeps what readers loaded, for reading and|
|           |                        | quizzes offline (`offline`; not under `mkdocs serve`)                   |
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from quiz_markdown import bundle, my_results, offline, serve_errors
from quizlib import QuizError
from quizlib.check import check_text
from quizlib.links import Site
from quizlib.strings import has_strings

EXTENSION = "quiz_markdown"
log = logging.getLogger("mkdocs.plugins.quizzes")  # no prefix: the listing reads as the build's


class QuizConfig(Config):
    pyodide = config_options.Type(str, default="node_modules/pyodide")
    snapshot = config_options.Type(bool, default=True)
    offline = config_options.Type(bool, default=False)


class QuizPlugin(BasePlugin[QuizConfig]):
    def __init__(self) -> None:
        self.errors: list[QuizError] = []
        self.quizzes: dict[str, list[dict[str, str]]] = {}
        self.runtime: bundle.Runtime | None = None
        self.serving = False  # under `mkdocs serve`: pages show their quiz errors, the build goes on
        self.site: Site | None = None  # under `mkdocs serve`: the docs folder, its anchors read once per build

    def on_startup(self, command: str, dirty: bool) -> None:  # also keeps this instance for every rebuild
        self.serving = serve_errors.serving(command)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if EXTENSION not in config.markdown_extensions:
            config.markdown_extensions.append(EXTENSION)
        self.errors.clear()
        if self.serving:  # every rebuild prints every message again, quiz errors or not
            serve_errors.forget_printed()
        options = config.mdx_configs.setdefault(EXTENSION, {})
        options["on_error"] = self.errors.extend
        # The language given to the extension in mkdocs.yml, or else the theme's.
        language = options.setdefault("language", config.theme.get("language") or "en")
        if not has_strings(language):
            log.info(f"quizzes: no interface texts in '{language}' yet, so quizzes speak English (quizlib/strings.py)")
        pyodide = Path(config.config_file_path).resolve().parent / self.config.pyodide
        try:
            npm_lock = pyodide.parent.parent / "package-lock.json"
            kept = self.config.offline and not self.serving  # `mkdocs serve`'s pages change as they are written
            self.runtime = bundle.runtime(pyodide, npm_lock, self.config.snapshot, kept)
        except bundle.BundleError as error:
            raise PluginError(str(error)) from None
        if self.runtime.no_snapshot:
            log.info(f"quizzes: no memory snapshot, so quizzes take longer to start: {self.runtime.no_snapshot}")
        config.extra_css.append(self.runtime.stylesheet)
        script = config_options.ExtraScriptValue(self.runtime.script)
        script.type = "module"
        script.async_ = True  # the theme sets its page up at DOMContentLoaded, which then waits for none of ours
        config.extra_javascript.append(script)
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.runtime is not None  # on_config made it
        for path, content in self.runtime.files.items():
            files.append(File.generated(config, path, content=content))
        return files

    def on_pre_build(self, config: MkDocsConfig) -> None:
        self.quizzes.clear()
        self.site = Site(Path(config.docs_dir)) if self.serving else None

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        source = page.file.content_string
        removed = source[: len(source) - len(markdown)] if source.endswith(markdown) else ""
        options = config.mdx_configs[EXTENSION]
        options["path"] = shown_path(page, config)
        options["line_offset"] = removed.count("\n")
        return markdown

    def on_page_content(self, html_text: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        self.quizzes[page.url] = my_results.page_quizzes(html_text, page.url, page.title or "")
        if self.serving:  # this page's quiz errors, at the top of its text
            path, language = shown_path(page, config), config.mdx_configs[EXTENSION]["language"]
            shown = [error for error in self.errors if error.path == path]
            # A broken link in a quiz text is the page's error too: `make check` and `make build` stop on it,
            # and serve (not strict) would only warn, or not at all while the quiz is not shown.
            listed = {str(error) for error in shown}
            found = check_text(page.file.content_string, path, self.site, page.file.src_uri)
            links = [error for error in found if str(error) not in listed]
            self.errors.extend(links)
            shown = sorted([*shown, *links], key=lambda error: (error.line, error.col))
            html_text = serve_errors.panel(shown, page.file.content_string, language) + html_text
        return html_text

    def on_env(self, env: object, config: MkDocsConfig, files: Files) -> object:
        """Every page has been read: stop here, before anything is written, if any quiz is wrong (under `mkdocs
        serve`, list them and go on: see quiz_markdown/serve_errors.py)."""
        if self.errors and self.serving:  # the pages show them; the terminal lists them all, on every rebuild
            log.error(serve_errors.listing(self.errors))
        elif self.errors:
            raise PluginError(serve_errors.listing(self.errors))
        return env

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        """Every page has been read by now: the "my results" page gets the list of the site's quizzes."""
        return my_results.with_quizzes(output, self.quizzes)

    @event_priority(-100)  # after every other plugin's, which may write files (search writes its index)
    def on_post_build(self, config: MkDocsConfig) -> None:
        """Every file is written: the service worker lists them all (`offline`)."""
        if self.config.offline and not self.serving:
            assert self.runtime is not None  # on_config made it
            offline.write(Path(config.site_dir), self.runtime.engine)


def shown_path(page: Page, config: MkDocsConfig) -> str:
    """The page's source file as messages name it: relative to mkdocs.yml's folder ('docs/quiz.md')."""
    if page.file.abs_src_path is None:
        return page.file.src_uri
    path = Path(page.file.abs_src_path).resolve()
    root = Path(config.config_file_path).resolve().parent
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()

"""Build the site with Zensical (Material for MkDocs' successor), as `make build` builds it with MkDocs.

    python scripts/build-zensical.py [--site DIR]    (make build-zensical: into site-zensical/)

Zensical reads mkdocs.yml and the same Markdown extensions (quiz_markdown included), but runs no MkDocs plugin or
hook. So what those do for MkDocs (quiz_markdown/plugin.py, hooks/) is done here, in a step before and a step
after `zensical build`, by calling the very functions they call:

1. Check, before anything is built: every quiz (quizlib's check, links in quiz texts included: every error, as
   path:line:col), every page's front matter and the files docs/ copies (hooks/csp.py). Zensical would stop at
   the first broken page with a traceback.
2. Write a Zensical config (.zensical-build-<process>.yml, beside mkdocs.yml, as Zensical wants docs/ under
   its config's folder; removed after the build): mkdocs.yml with its !ENV tags read, without MkDocs' plugins
   and hooks, with the values hooks/theme.py sets (extra.ui) and the runtime's files (quiz_markdown/bundle.py)
   in their versioned folder; the theme folder overrides/ without partials/search.html (Zensical's header has
   its own search, which Material's would break).
3. `zensical build --strict` into a folder of its own.
4. Over its output: the runtime's files and the feed (hooks/feed.py), the same bytes as the MkDocs build's; the
   list of every quiz on the "my results" page (quiz_markdown/my_results.py); every page checked and given its
   Content-Security-Policy (hooks/csp.py), the theme's inline scripts rendered from Zensical's own partials;
   with the quizzes plugin's `offline: true`, last, the service worker listing every file (quiz_markdown/offline.py).
   Then, and only then, the site replaces DIR.

A problem stops the build with a message naming the file (and line) and what was expected; DIR stays as it was.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

ROOT = Path(__file__).resolve().parent.parent
# Partials of overrides/ for MkDocs only: Zensical's header has its own search button and dialog.
MKDOCS_ONLY = ("partials/search.html",)
EXTENSION = "quiz_markdown"
PLUGINS = ("quizzes",)  # MkDocs plugins whose work this script does; Zensical has its own search


class BuildError(Exception):
    """The build stops; the message says where and what."""


def read_config(path: Path) -> dict[str, Any]:
    """mkdocs.yml as MkDocs reads it: ``!ENV [NAME, default]`` is the variable's value, or the default."""

    class Loader(yaml.SafeLoader):
        pass

    def env(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
        if isinstance(node, yaml.ScalarNode):
            names, default = [loader.construct_scalar(node)], None
        else:
            items = node.value
            names = [loader.construct_scalar(item) for item in items[:-1]]
            default = loader.construct_object(items[-1]) if len(items) > 1 else None
        found = next((os.environ[name] for name in names if name in os.environ), None)
        return default if found is None else yaml.safe_load(found)

    Loader.add_constructor("!ENV", env)
    try:
        config = yaml.load(path.read_text(encoding="utf-8"), Loader)
    except (OSError, UnicodeError, yaml.YAMLError) as error:
        raise BuildError(f"{path.name}: expected a readable YAML config; found {error}") from None
    if not isinstance(config, dict) or "INHERIT" in config:
        raise BuildError(f"{path.name}: expected a mapping of settings, without INHERIT; found another config")
    for key, required in (("site_name", True), ("site_url", False), ("docs_dir", False)):
        value = config.get(key)
        if not (isinstance(value, str) and value.strip()) and (required or value is not None):
            raise BuildError(f"{path.name}: expected '{key}:' to be a text; found {value!r}")
    return config


def nav_problems(config: dict[str, Any], docs: Path, shown: str) -> list[str]:
    """Every page the nav names that docs/ does not have (MkDocs' strict build stops on it; Zensical's does not)."""
    problems = []

    def walk(item: Any) -> None:
        if isinstance(item, list):
            for entry in item:
                walk(entry)
        elif isinstance(item, dict):
            for value in item.values():
                walk(value)
        elif isinstance(item, str) and "://" not in item and not (docs / item).is_file():
            problems.append(f"{shown}: expected the nav's pages in {docs.name}/; found no file '{item}'")

    walk(config.get("nav") or [])
    return problems


# ---------------------------------------------------------------------------------------------------------
# 1. Before: the checks MkDocs' plugin and hooks make while it reads the pages
# ---------------------------------------------------------------------------------------------------------


def source_problems(root: Path, docs: Path) -> list[str]:
    """Every problem in docs/ that the MkDocs build stops on before it writes a page, each as 'path:…'."""
    import csp
    from mkdocs.utils.meta import get_data

    from quizlib.check import check_paths, is_page

    _, errors = check_paths([docs.relative_to(root).as_posix()])
    problems = [str(error) for error in errors]
    for file in sorted(path for path in docs.rglob("*") if path.is_file()):
        shown = file.relative_to(root).as_posix()
        relative = file.relative_to(docs)
        if is_page(relative):
            try:
                text = file.read_text(encoding="utf-8-sig")
            except (OSError, UnicodeError):
                continue  # the quiz check named it
            markdown, meta = get_data(text)
            problems += csp.front_matter_problems(shown, markdown, meta)
        elif not any(part.startswith(".") for part in relative.parts):
            problem = csp.copied_file_problem(file, shown)
            problems += [problem] if problem else []
    return problems


# ---------------------------------------------------------------------------------------------------------
# 2. The Zensical config
# ---------------------------------------------------------------------------------------------------------


def plugin_options(config: dict[str, Any], name: str = "quizzes") -> dict[str, Any]:
    """The options mkdocs.yml gives a plugin (``- quizzes:`` then ``offline: true``), or none."""
    for item in config.get("plugins") or []:
        if isinstance(item, dict) and name in item:
            return dict(item[name] or {})
    return {}


def zensical_config(root: Path, config: dict[str, Any], runtime: Any, work: Path, site: Path) -> Path:
    """The config Zensical builds with (see the module's text), written beside mkdocs.yml; its path."""
    import theme as site_theme

    config = {key: value for key, value in config.items() if key not in ("hooks", "watch")}
    theme = dict(config.get("theme") or {})
    language = theme.get("language") or "en"
    config["extra"] = {**(config.get("extra") or {}), **site_theme.extra(language)}
    if theme.get("custom_dir"):
        overrides = work / "overrides"
        shutil.copytree(root / theme["custom_dir"], overrides)
        for name in MKDOCS_ONLY:
            (overrides / name).unlink(missing_ok=True)
        theme["custom_dir"] = overrides.relative_to(root).as_posix()
    theme.setdefault("variant", "classic")  # Material's look; Zensical's own default is its 'modern' one
    config["theme"] = theme
    config["plugins"] = [
        item
        for item in config.get("plugins") or []
        if (next(iter(item)) if isinstance(item, dict) else item) not in PLUGINS
    ]
    config["extra_css"] = [*(config.get("extra_css") or []), runtime.stylesheet]
    config["extra_javascript"] = [
        *(config.get("extra_javascript") or []),
        {"path": runtime.script, "type": "module", "async": True},
    ]
    extensions = [item for item in config.get("markdown_extensions") or [] if item != EXTENSION]
    extensions = [item for item in extensions if not (isinstance(item, dict) and EXTENSION in item)]
    config["markdown_extensions"] = [{EXTENSION: {"language": language}}, *extensions]
    config["site_dir"] = site.relative_to(root).as_posix()
    path = root / f"{work.name}.yml"
    path.write_text(json.dumps(config, indent=1) + "\n", encoding="utf-8")  # JSON is YAML
    return path


# ---------------------------------------------------------------------------------------------------------
# 4. After: over the pages Zensical wrote
# ---------------------------------------------------------------------------------------------------------

_TITLE = re.compile(r"<title>(.*?)</title>", re.S)
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
# The page's text: from the theme's first <article> to its last </article> (a page's own </article> cannot end it).
_ARTICLE = re.compile(r"<article\b.*</article>", re.S)


def page_url(site: Path, page: Path) -> str:
    """A page's URL as MkDocs gives it (``quiz/``, ``index.html`` as '')."""
    return page.relative_to(site).as_posix().removesuffix("index.html")


def base_url(site: Path, page: Path, site_url: str | None) -> str:
    """The base_url Zensical renders a page with: relative to the page's folder; the 404 page's is site_url's
    path without its last '/', or '/' (Zensical 0.0.73's output: '/job-vs-career', '/')."""
    relative = page.relative_to(site)
    if relative.as_posix() == "404.html":
        return urlsplit(site_url or "/").path.rstrip("/") or "/"
    return "/".join([".."] * (len(relative.parts) - 1)) or "."


class _Config(dict[str, Any]):
    """Zensical's config as its templates read it: with dots (config.theme.features)."""

    def __getattr__(self, name: str) -> Any:
        try:
            value = self[name]
        except KeyError:
            raise AttributeError(name) from None
        return _Config(value) if isinstance(value, dict) else value


def finish(site: Path, zconfig: dict[str, Any], files: dict[str, bytes], site_name: str) -> None:
    import csp
    from jinja2 import Environment, FileSystemLoader

    from quiz_markdown import my_results

    for path, data in files.items():
        target = site / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    pages = sorted(site.rglob("*.html"))
    texts = {page: page.read_text(encoding="utf-8") for page in pages}
    problems, quizzes = [], {}
    for page, text in texts.items():
        shown = f"{page.relative_to(site).as_posix()} (written by Zensical)"
        found = _TITLE.search(text)
        title = html.unescape(found[1]).strip().removesuffix(f" - {site_name}") if found else ""
        article = _ARTICLE.search(text)
        if page.name == "404.html":
            pass  # Zensical's own page, with no text from docs/
        elif article is None:
            problems.append(f"{shown}: expected the page's text in an <article>; found none")
        elif problem := csp.content_problem(shown, article[0], title):
            problems.append(problem)
        if quizzes_here := my_results.page_quizzes(text, page_url(site, page), title):
            quizzes[page_url(site, page)] = quizzes_here
    if problems:
        raise BuildError("\n".join(problems))
    # The theme's inline scripts, from Zensical's own partials (overrides/ first), for every base_url.
    env = Environment(loader=FileSystemLoader(zconfig["theme_dirs"]))
    urls = {page: base_url(site, page, zconfig.get("site_url")) for page in pages}
    theme = csp.theme_scripts(env, _Config(zconfig), set(urls.values()))  # type: ignore[arg-type]
    hashes = {source for scripts in theme.values() for source in scripts}
    for page, text in texts.items():
        text = my_results.with_quizzes(text, quizzes)
        where = f"{page.relative_to(site).as_posix()} (written by Zensical)"
        if problem := csp.page_problem(text, where, theme[urls[page]], urls[page]):
            raise BuildError(problem)
        page.write_text(csp.with_policy(text, hashes), encoding="utf-8")


# ---------------------------------------------------------------------------------------------------------


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextmanager
def work_folder(root: Path) -> Iterator[Path]:
    """A folder of this build's own beside mkdocs.yml (and its config file), gone afterwards, whatever happens."""
    for stale in root.glob(".zensical-build-*"):  # left by a build that was killed (SIGKILL, power cut)
        pid = stale.name.removeprefix(".zensical-build-").removesuffix(".yml")
        if pid.isdigit() and not _running(int(pid)) and stale.is_dir():
            shutil.rmtree(stale, ignore_errors=True)
        elif pid.isdigit() and not _running(int(pid)):
            stale.unlink(missing_ok=True)
    work = root / f".zensical-build-{os.getpid()}"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    try:
        yield work
    finally:
        shutil.rmtree(work, ignore_errors=True)
        (root / f"{work.name}.yml").unlink(missing_ok=True)


def build(root: Path, site: Path, zensical: str) -> dict[str, float]:
    times: dict[str, float] = {}
    start = time.perf_counter()
    sys.path.insert(0, str(ROOT / "hooks"))  # this repository's, whichever site is built
    import feed

    from quiz_markdown import bundle, offline

    config = read_config(root / "mkdocs.yml")
    docs = root / (config.get("docs_dir") or "docs")
    if problems := nav_problems(config, docs, "mkdocs.yml") + source_problems(root, docs):
        count = len(problems)
        raise BuildError(f"{count} problem{'s' if count != 1 else ''}:\n" + "\n".join(problems))
    pyodide = root / "node_modules" / "pyodide"
    try:
        kept_offline = plugin_options(config).get("offline") is True  # as the MkDocs plugin reads it (a boolean)
        runtime = bundle.runtime(pyodide, root / "package-lock.json", offline=kept_offline)
        if runtime.no_snapshot:
            print(f"No memory snapshot, so quizzes take longer to start: {runtime.no_snapshot}", file=sys.stderr)
        language = (config.get("theme") or {}).get("language") or "en"
        files = dict(runtime.files)
        if (docs / feed.PAGE).is_file():
            text = (docs / feed.PAGE).read_text(encoding="utf-8-sig")
            files[feed.FEED] = feed.feed(text, config.get("site_url"), config["site_name"], language).encode()
    except (bundle.BundleError, feed.FeedError) as error:
        raise BuildError(str(error)) from None
    times["before"] = time.perf_counter() - start

    with work_folder(root) as work:
        out = work / "site"
        path = zensical_config(root, config, runtime, work, out)
        start = time.perf_counter()
        run = subprocess.run([zensical, "build", "--strict", "-f", str(path)], cwd=root, capture_output=True, text=True)
        times["zensical build"] = time.perf_counter() - start
        if run.returncode != 0 or not (out / "index.html").is_file():
            # What Zensical said, without its colours and its "Build started": where it puts the file and line
            # (a broken link, an unknown extension) differs from message to message, so all of it, to a limit.
            said = [_ANSI.sub("", line).rstrip() for line in (run.stdout + run.stderr).splitlines()]
            said = [line for line in said if line.strip() and line.strip() != "Build started"]
            if "Traceback (most recent call last):" in said:  # its command line's own frames: only the last line says
                start = said.index("Traceback (most recent call last):")
                said = said[:start] + said[-1:]
            raise BuildError("zensical build failed:\n" + ("\n".join(said[:60]) or "(it said nothing)"))
        start = time.perf_counter()
        from zensical.config import parse_config

        finish(out, parse_config(str(path)), files, config["site_name"])
        if kept_offline:  # last: it lists every file of the site
            offline.write(out, runtime.engine)
        shutil.rmtree(site, ignore_errors=True)
        shutil.move(out, site)
        times["after"] = time.perf_counter() - start
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--site", type=Path, default=Path("site-zensical"), help="where the site goes")
    parser.add_argument("--root", type=Path, default=ROOT, help="the folder of mkdocs.yml")
    options = parser.parse_args()
    root = options.root.resolve()
    site = options.site if options.site.is_absolute() else Path.cwd() / options.site
    os.chdir(root)  # quiz errors name files from here, as the MkDocs build does
    zensical = str(Path(sys.executable).with_name("zensical"))
    site = site.resolve()
    if site == root or root.is_relative_to(site) or site.is_relative_to(root / "docs"):
        print(f"--site {site}: expected a folder of its own; found the project or its docs/", file=sys.stderr)
        return 1
    # Stopped (CI cancelled, Ctrl-C): the work folder goes, and `zensical build` with it (subprocess.run kills it).
    signal.signal(signal.SIGTERM, lambda number, frame: sys.exit(143))
    try:
        times = build(root, site, zensical)
    except BuildError as error:
        print(error, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("stopped; the site folder is as it was", file=sys.stderr)
        return 130
    except OSError as error:
        print(f"the build could not go on: {error}", file=sys.stderr)
        return 1
    print(", ".join(f"{name}: {seconds:.2f} s" for name, seconds in times.items()), f"-> {site}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

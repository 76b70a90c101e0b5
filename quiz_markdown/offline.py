"""The site offline (the plugin's ``offline`` option): a service worker at the root of the built site, with the
digest of every file of the build written in (service-worker.js, beside this file, says what it does with them).

It is written once the whole site is, since it lists every file: by the MkDocs plugin after the build, and by
scripts/build-zensical.py after Zensical's. Files the quiz engine checks itself (``engine``: Pyodide, the wheel,
its lock file, the memory snapshot) are marked, as the service worker serves them from its copy first.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from pathlib import Path
from urllib.parse import quote

from quiz_markdown.bundle import BundleError, sri

NAME = "service-worker.js"  # at the site's root: a service worker serves only its own folder and those below it
SOURCE = Path(__file__).resolve().with_name(NAME)
FILES_LINE = "const FILES = {}; // written in by quiz_markdown/offline.py"


def service_worker(site: Path, engine: Collection[str]) -> str:
    """service-worker.js for the built site in ``site``: every file's digest, by its path as a URL writes it;
    ``engine``: the paths of the files the quiz engine checks itself."""
    files: dict[str, dict[str, object]] = {}
    for path in sorted(site.rglob("*")):
        relative = path.relative_to(site).as_posix()
        if path.is_file() and relative != NAME:
            files[quote(relative)] = {"integrity": sri(path.read_bytes())}
            if relative in engine:
                files[quote(relative)]["engine"] = True
    source = SOURCE.read_text(encoding="utf-8")
    if source.count(FILES_LINE) != 1:
        raise BundleError(f"{SOURCE.name}: expected the line '{FILES_LINE}' once; found {source.count(FILES_LINE)}")
    return source.replace(FILES_LINE, f"const FILES = {json.dumps(files, indent=1, sort_keys=True)};")


def write(site: Path, engine: Collection[str]) -> None:
    """Write service-worker.js into the built site in ``site``."""
    (site / NAME).write_text(service_worker(site, engine), encoding="utf-8")

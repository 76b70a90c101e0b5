"""The site offline (the plugin's ``offline`` option): a service worker at the root of the built site, with the
digest of every file of the build written in (service-worker.js, beside this file, says what it does with them).

It is written once the whole site is, since it lists every file: by the MkDocs plugin after the build, and by
scripts/build-zensical.py after Zensical's. The quiz engine's files (``engine``: Pyodide, the wheel, its lock
file, the memory snapshot) are marked, as the service worker serves them from its copy first. Each file's type is
written in too: a copy is served with the build's type, never with headers a cache holds.
"""

from __future__ import annotations

import json
import mimetypes
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import quote

from quiz_markdown.bundle import sri, written_in

NAME = "service-worker.js"  # at the site's root: a service worker serves only its own folder and those below it
SOURCE = Path(__file__).resolve().with_name(NAME)
FILES_LINE = "const FILES = {}; // written in by quiz_markdown/offline.py"


# The type a copy is served with, by suffix (as GitHub Pages serves them); others as Python's mimetypes knows them.
TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".xml": "application/xml",
    ".svg": "image/svg+xml",
    ".wasm": "application/wasm",
}
# What a browser leaves as it is in a URL's path (the URL standard's path percent-encode set is the rest).
_PATH_SAFE = "/!$&'()*+,;=:@[]^|~"


def service_worker(site: Path, engine: Mapping[str, str]) -> str:
    """service-worker.js for the built site in ``site``: every file's digest and type, by its path as a browser
    writes it in a URL; ``engine``: the quiz engine's files (served from the copy first), by path, with their
    digests (which the engine's worker checks too: a file changed after the build would fail there as well)."""
    files: dict[str, dict[str, object]] = {}
    for path in sorted(site.rglob("*")):
        relative = path.relative_to(site).as_posix()
        if path.is_file() and relative != NAME:
            kind = TYPES.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            digest = engine.get(relative) or sri(path.read_bytes())
            pin: dict[str, object] = {"integrity": digest, "type": kind}
            if relative in engine:
                pin["engine"] = True
            files[quote(relative, safe=_PATH_SAFE)] = pin
    listed = f"const FILES = {json.dumps(files, indent=1, sort_keys=True)};"
    return written_in(SOURCE.read_text(encoding="utf-8"), FILES_LINE, listed, SOURCE.name)


def write(site: Path, engine: Mapping[str, str]) -> None:
    """Write service-worker.js into the built site in ``site``."""
    (site / NAME).write_text(service_worker(site, engine), encoding="utf-8")

"""A local server that answers as GitHub Pages does, so a benchmark measures what a reader gets.

What GitHub Pages does and this server copies (as its responses' headers show):
  - text types (HTML, CSS, JavaScript, JSON, SVG, XML, plain text) and WebAssembly gzip-compressed when the
    browser accepts it, with ``Vary: Accept-Encoding`` (wasm too since 2023: maxence-charriere/go-app#866);
    images and archives (python_stdlib.zip, the wheel) as they are;
  - ``Cache-Control: max-age=600`` on every file, an ``ETag`` and a ``Last-Modified``, and ``304 Not
    Modified`` to a request that names the current ETag (or a date not older than the file);
  - a folder's ``index.html`` for the folder, a redirect to the address with ``/`` for a folder named
    without it, and the site's ``404.html`` (status 404) for anything missing.
Not copied: HTTPS, HTTP/2 and the network between a reader and GitHub; the benchmarks compare two sites
on this one server, so both get the same.

Run by itself: .venv/bin/python bench/pages_server.py FOLDER [PORT]
"""

from __future__ import annotations

import email.utils
import functools
import gzip
import hashlib
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import ClassVar

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from support import SiteHandler, SiteServer  # noqa: E402

COMPRESSED = (
    "text/",
    "application/javascript",
    "application/json",
    "application/xml",
    "image/svg+xml",
    "application/wasm",
)
MAX_AGE = 600


class PagesHandler(SiteHandler):
    """SiteHandler's types (the ones GitHub Pages gives), with GitHub Pages' compression and caching."""

    protocol_version = "HTTP/1.1"  # connections kept open, as browsers and GitHub Pages do

    # (path, modification time, gzip or not) -> (body, ETag): a file is compressed once per run.
    bodies: ClassVar[dict[tuple[str, int, bool], tuple[bytes, str]]] = {}

    def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
        self._answer(send_body=True)

    def do_HEAD(self) -> None:  # noqa: N802
        self._answer(send_body=False)

    def _answer(self, send_body: bool) -> None:
        address = self.path.split("?", 1)[0].split("#", 1)[0]
        path = Path(self.translate_path(address))
        if path.is_dir():
            if not address.endswith("/"):
                self.send_response(301)
                self.send_header("Location", address + "/")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            path = path / "index.html"
        status = 200
        if not path.is_file():
            status, path = 404, Path(self.directory) / "404.html"
            if not path.is_file():
                self.send_error(404)
                return
        kind = self.guess_type(str(path))
        zipped = kind.startswith(COMPRESSED) and "gzip" in self.headers.get("Accept-Encoding", "")
        stat = path.stat()
        key = (str(path), stat.st_mtime_ns, zipped)
        if key not in self.bodies:
            raw = path.read_bytes()
            body = gzip.compress(raw, compresslevel=6, mtime=0) if zipped else raw
            tag = hashlib.sha1(raw).hexdigest()[:16]
            self.bodies[key] = (body, f'W/"{tag}"' if zipped else f'"{tag}"')
        body, etag = self.bodies[key]
        modified = email.utils.formatdate(int(stat.st_mtime), usegmt=True)
        if status == 200 and self._not_modified(etag, int(stat.st_mtime)):
            self.send_response(304)
            self._cache_headers(etag, modified, zipped)
            self.end_headers()
            return
        self.send_response(status)
        charset = kind.startswith("text/") and "charset" not in kind
        self.send_header("Content-Type", f"{kind}; charset=utf-8" if charset else kind)
        self.send_header("Content-Length", str(len(body)))
        if zipped:
            self.send_header("Content-Encoding", "gzip")
        self._cache_headers(etag, modified, zipped)
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def _not_modified(self, etag: str, mtime: int) -> bool:
        tags = self.headers.get("If-None-Match")
        if tags is not None:
            bare = etag.removeprefix("W/")
            return any(tag.strip().removeprefix("W/") == bare for tag in tags.split(","))
        since = self.headers.get("If-Modified-Since")
        if since:
            try:
                return email.utils.parsedate_to_datetime(since).timestamp() >= mtime
            except (TypeError, ValueError):
                return False
        return False

    def _cache_headers(self, etag: str, modified: str, zipped: bool) -> None:
        self.send_header("Cache-Control", f"max-age={MAX_AGE}")
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", modified)
        if zipped:
            self.send_header("Vary", "Accept-Encoding")


@contextmanager
def serving(folder: Path, port: int = 0) -> Iterator[str]:
    """Serve ``folder`` (it may not exist yet) on localhost while inside; gives its address, ending in /."""
    server = SiteServer(("127.0.0.1", port), functools.partial(PagesHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3):
        sys.exit("usage: pages_server.py FOLDER [PORT]")
    with serving(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) == 3 else 8000) as address:
        print(f"Serving {sys.argv[1]} as GitHub Pages would at {address} (Ctrl-C stops)")
        with suppress(KeyboardInterrupt):
            threading.Event().wait()

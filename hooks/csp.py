"""A strict Content-Security-Policy in every page the build writes.

Scripts run only from the site's own files, or inline when their exact text is listed by hash: the small
inline scripts the theme writes into its pages. Page content may hold no script at all (the build stops on
one), so a script slipped into a page's text, or added to it once loaded, does not run. Every page lists the
hashes of the whole site, because instant navigation keeps the first page's policy while it runs the next
page's scripts. No 'unsafe-inline', no 'unsafe-eval'. Pyodide runs in a worker, which a page's <meta> policy
does not govern, so pages need no 'wasm-unsafe-eval' either.

`mkdocs serve` gets no policy: its live reload adds a script of its own to every page.
"""

from __future__ import annotations

import base64
import hashlib
import re
import sys
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page

# An inline script: no src, and not a data block (type application/json, which never runs).
_INLINE = re.compile(r"<script(?![^>]*\ssrc=)(?![^>]*application/json)[^>]*>(?P<body>.*?)</script>", re.S | re.I)
_META = '<meta http-equiv="Content-Security-Policy" content="{}">'
_hashes: set[str] = set()
_serving = False


def policy(hashes: set[str]) -> str:
    """The policy: the listed inline scripts, everything else from the site only."""
    return "; ".join([
        "default-src 'self'",
        " ".join(["script-src 'self'", *sorted(hashes)]),
        "style-src 'self' 'unsafe-inline'",  # Material sets style attributes from its scripts
        "img-src 'self' data:",
        "connect-src 'self'",
        "worker-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ])  # fmt: skip


def _sha256(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"


def _mark(html: str) -> str:
    """Note the page's inline scripts, and leave a placeholder policy first in its head."""
    if _serving or "<head>" not in html:
        return html
    _hashes.update(_sha256(found["body"]) for found in _INLINE.finditer(html) if found["body"].strip())
    return html.replace("<head>", f"<head>\n    {_META.format('')}", 1)  # before any script


def on_startup(command: str, dirty: bool) -> None:
    global _serving
    # `mkdocs serve --clean` reports itself as a build.
    _serving = command == "serve" or sys.argv[1:2] == ["serve"]


def on_pre_build(config: MkDocsConfig) -> None:
    _hashes.clear()


def on_page_content(html: str, page: Page, config: MkDocsConfig, **kwargs: object) -> str:
    if re.search(r"<script\b", html, re.I):
        raise PluginError(
            f"{page.file.src_uri}: expected no <script> in a page's text (the site's policy would block it); "
            "found one. Scripts belong in docs/assets/, listed in mkdocs.yml."
        )
    return html


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    return _mark(output)


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    return _mark(output_content) if template_name.endswith(".html") else output_content  # 404.html


def on_post_build(config: MkDocsConfig) -> None:
    """Every page written: put the whole site's policy in each."""
    if _serving:
        return
    placeholder, meta = _META.format(""), _META.format(policy(_hashes))
    for path in Path(config.site_dir).rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        if placeholder in html:
            path.write_text(html.replace(placeholder, meta, 1), encoding="utf-8")

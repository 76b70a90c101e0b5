"""A strict Content-Security-Policy in every page the build writes.

Scripts run only from the site's own files, or inline when their exact text is listed by hash (Material
writes three small inline scripts in each page's head). No 'unsafe-inline', no 'unsafe-eval': a script
slipped into a page's text would not run. Pyodide runs in a worker, which a page's <meta> policy does not
govern, so the page needs no 'wasm-unsafe-eval' either. `mkdocs serve` gets no policy: its live reload
adds a script of its own to each page.
"""

from __future__ import annotations

import base64
import hashlib
import re

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

# An inline script: no src, and not a data block (type application/json, which never runs).
_INLINE = re.compile(r"<script(?![^>]*\ssrc=)(?![^>]*application/json)[^>]*>(?P<body>.*?)</script>", re.S)
_serving = False


def policy(html: str) -> str:
    """The policy for one page: its own inline scripts by hash, everything else from the site only."""
    hashes = sorted({_sha256(found["body"]) for found in _INLINE.finditer(html) if found["body"].strip()})
    return "; ".join([
        "default-src 'self'",
        " ".join(["script-src 'self'", *hashes]),
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


def _with_policy(html: str) -> str:
    if _serving or "<head>" not in html:
        return html
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(html)}">'
    return html.replace("<head>", f"<head>\n    {meta}", 1)  # first in the head, before any script


def on_startup(command: str, dirty: bool) -> None:
    global _serving
    _serving = command == "serve"


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    return _with_policy(output)


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    return _with_policy(output_content) if template_name.endswith(".html") else output_content  # 404.html

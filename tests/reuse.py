"""Second sites made by following docs/contribute/reuse.md to the letter: its code blocks, as written there.

`npm install pyodide@<version>` is the one step not run (tests make no network request): the repository's own
node_modules and package-lock.json, which hold exactly that install, are linked into the second site's folder.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "contribute" / "reuse.md"
PINS = ROOT / "quiz_markdown" / "pyodide-pins.json"
# A fenced block: its fence (three or more backticks), info string, and lines, indented as in a list item.
_FENCE = re.compile(r"^(?P<indent> *)(?P<fence>`{3,})(?P<info>\w*)\n(?P<body>.*?)^(?P=indent)(?P=fence)\n", re.M | re.S)


def blocks(language: str) -> list[str]:
    """The page's code blocks in ``language``, with the list item's indent taken off."""
    found = []
    for match in _FENCE.finditer(PAGE.read_text(encoding="utf-8")):
        if match["info"] == language:
            indent = len(match["indent"])
            found.append("".join(line[indent:] for line in match["body"].splitlines(keepends=True)))
    return found


def pyodide_version() -> str:
    return str(json.loads(PINS.read_text(encoding="utf-8"))["version"])


def second_folder(folder: Path) -> Path:
    """``folder`` as `npm install pyodide@<version>` leaves it (see the module's docstring)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "node_modules").symlink_to(ROOT / "node_modules")
    (folder / "package-lock.json").symlink_to(ROOT / "package-lock.json")
    return folder


def mkdocs_site(folder: Path, page: str | None = None) -> subprocess.CompletedProcess[str]:
    """Steps 2 to 4 of "In an MkDocs site": its mkdocs.yml, its docs/index.md (or ``page``), `mkdocs build`."""
    (config,) = blocks("yaml")
    (example,) = blocks("markdown")
    second_folder(folder)
    (folder / "mkdocs.yml").write_text(config, encoding="utf-8")
    (folder / "docs").mkdir()
    (folder / "docs" / "index.md").write_text(page if page is not None else example, encoding="utf-8")
    return run_in([sys.executable, "-m", "mkdocs", "build", "--strict"], folder)


def python_markdown_site(folder: Path, page: str | None = None) -> subprocess.CompletedProcess[str]:
    """The section 'In any site made with Python-Markdown': quiz.md (the page's example, or ``page``) and its script."""
    (script,) = blocks("python")
    (example,) = blocks("markdown")
    second_folder(folder)
    (folder / "quiz.md").write_text(page if page is not None else example, encoding="utf-8")
    (folder / "build.py").write_text(script, encoding="utf-8")
    return run_in([sys.executable, "build.py"], folder)


def run_in(command: list[str], folder: Path) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(command, cwd=folder, capture_output=True, text=True, env=environment, check=False)

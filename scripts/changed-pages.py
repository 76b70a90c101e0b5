"""The pages a change adds, edits or removes, as Markdown for the job summary of a pull request's CI run.

    python scripts/changed-pages.py BASE [HEAD] [--site-url URL] [--artifact-url URL]

BASE and HEAD are git revisions (HEAD by default); CI passes HEAD^1, the base branch as GitHub merged it.
Every Markdown page under docs/ that differs between the two is listed with its address in the built
site, as MkDocs gives it (use_directory_urls, the default): docs/quiz.md is quiz/ (the file
quiz/index.html), docs/contribute/scoring.md is contribute/scoring/, and an index.md (or README.md) has
its folder's address, so docs/index.md is the site's root. With --artifact-url and --site-url, the
summary first says how to download the built site and serve it at that URL, and links each page there.
Other files under docs/ (styles, scripts, images) are named after the table: they can change any page.
CONTRIBUTING.md gives the same rule with examples, and tests/test_github_flow.py checks them.

File names come from the pull request, so they are written as data: each in a code span, never as
Markdown or HTML. Standard library only (and quizlib's list of what MkDocs reads as a page).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import urllib.parse
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from quizlib.check import is_page  # noqa: E402

DOCS = PurePosixPath("docs")


@dataclass(frozen=True)
class Change:
    status: str  # added, changed or removed
    path: str  # the file's path in the repository, as git gives it


def page_address(path: str) -> str | None:
    """The address, relative to the site's root, of the page built from ``path``; None when it is no page.

    >>> page_address("docs/quiz.md"), page_address("docs/index.md"), page_address("docs/assets/a.css")
    ('quiz/', '', None)
    """
    file = PurePosixPath(path)
    if not file.is_relative_to(DOCS) or file == DOCS or not is_page(file.relative_to(DOCS)):
        return None
    folder = file.parent.relative_to(DOCS)
    where = folder if file.stem in ("index", "README") else folder / file.stem
    return "" if where == PurePosixPath(".") else urllib.parse.quote(f"{where}/")


def changes(base: str, head: str) -> list[Change]:
    """What git, in the current folder's repository, says changed under docs/ from ``base`` to ``head``.

    A file renamed is one removed and one added."""
    done = subprocess.run(
        ["git", "diff", "--name-status", "-z", "--find-renames", base, head, "--", f"{DOCS}/"],
        capture_output=True,
        check=False,
    )
    if done.returncode:
        raise SystemExit(f"git diff {base} {head}: {done.stderr.decode(errors='replace').strip()}")
    fields = done.stdout.decode("utf-8", errors="replace").split("\0")
    found: list[Change] = []
    while len(fields) > 1:
        status, *fields = fields
        if status[:1] in "RC":  # renamed or copied: the old name, then the new
            old, new, *fields = fields
            found += [Change("removed", old)] if status[:1] == "R" else []
            found.append(Change("added", new))
        else:
            path, *fields = fields
            found.append(Change({"A": "added", "D": "removed"}.get(status[:1], "changed"), path))
    return found


def code(text: str) -> str:
    """``text`` as a code span in a GitHub Markdown table cell: shown as typed, whatever it holds."""
    text = "".join(char if char.isprintable() else repr(char)[1:-1] for char in text).replace("|", "\\|")
    fence = "`" * (max(map(len, re.findall("`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def summary(found: list[Change], site_url: str = "", artifact_url: str = "") -> str:
    """The job summary: how to see the built site, a table of the changed pages, then the other files under
    docs/ that changed."""
    pages = [(change, address) for change in found if (address := page_address(change.path)) is not None]
    others = [change for change in found if page_address(change.path) is None]
    lines = ["## Pages this pull request changes", ""]
    if artifact_url:
        port = urllib.parse.urlsplit(site_url).port or 80
        lines += [
            f"To see them as readers will: [download the built site]({artifact_url}), unzip it, run "
            f"`python3 -m http.server {port} --bind 127.0.0.1` in the unzipped folder, and open the links below.",
            "",
        ]
    if not pages:
        lines.append("No Markdown page under `docs/` changed.")
    else:
        lines += ["| Page | Change | Address in the built site |", "|---|---|---|"]
        for change, address in pages:
            shown = code(address or "./")
            if change.status == "removed":
                shown += ", no longer built"
            else:
                shown = f"[{shown}]({site_url}{address})" if artifact_url else shown
                shown += f", file {code(address + 'index.html')}"
            lines.append(f"| {code(change.path)} | {change.status} | {shown} |")
    lines.append("")
    if others:
        names = ", ".join(f"{code(change.path)} ({change.status})" for change in others)
        lines += [f"Other files under `docs/` changed, and may change any page: {names}.", ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="List the pages changed between two git revisions, in Markdown.")
    parser.add_argument("base", help="the revision to compare with, such as HEAD^1 or origin/main")
    parser.add_argument("head", nargs="?", default="HEAD", help="the changed revision (default: HEAD)")
    parser.add_argument("--artifact-url", default="", help="where to download the built site, if it was built")
    parser.add_argument("--site-url", default="", help="where the downloaded site is to be served")
    options = parser.parse_args(argv)
    if options.artifact_url and not options.site_url:
        parser.error("--artifact-url needs --site-url: the address the downloaded site is to be served at")
    site_url = options.site_url.rstrip("/") + "/" if options.site_url else ""
    print(summary(changes(options.base, options.head), site_url, options.artifact_url), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())

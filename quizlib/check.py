"""Check every quiz in Markdown files, as the site build does, without building the site."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path, PurePath

from .document import read_document
from .errors import QuizError
from .links import Site, docs_root
from .markdown_source import read_page

# What MkDocs reads as a page (mkdocs.utils.markdown_extensions), and what it leaves out of a site by
# default (exclude_docs: files and folders whose name starts with '.', and the 'templates' folder).
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")


def is_page(relative: PurePath) -> bool:
    """Whether MkDocs publishes a file at ``relative``, a path inside the docs folder, as a page."""
    parts = relative.parts
    published = not any(part.startswith(".") for part in parts) and parts[0] != "templates"
    return published and relative.suffix.lower() in MARKDOWN_SUFFIXES


def markdown_files(paths: Iterable[str]) -> Iterator[Path]:
    """The Markdown files named, and the pages found (sorted) in the folders named, as MkDocs finds them."""
    for name in paths:
        path = Path(name)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if is_page(p.relative_to(path)) and p.is_file())
        else:
            yield path


def check_text(text: str, path: str, site: Site | None = None, uri: str | None = None) -> list[QuizError]:
    """Every error in the quizzes of one Markdown file's text, in line order.

    The text is read as the build reads it (`quizlib.markdown_source.read_page`), so errors are the
    build's, at the same places. With the ``site`` the file belongs to, links in quiz texts to its pages
    and their anchors are checked too, as MkDocs checks them (`quizlib.links`); the page's place in the site
    is ``uri`` ('contribute/scoring.md'), or else where ``path`` is in it.
    """
    page = read_page(text)
    found, errors = read_document(page.lines, path, page.offset)
    uri = uri or (site.uri(Path(path)) if site else None)
    if site and uri is not None:
        errors += site.link_errors(page, found, path, uri)
    return sorted(errors, key=lambda error: (error.line, error.col))


def check_paths(paths: Iterable[str]) -> tuple[int, list[QuizError]]:
    """How many files were read, and every quiz error in them (links within each one's site included)."""
    errors: list[QuizError] = []
    count = 0
    for name in paths:
        site = Site(docs_root(Path(name)))
        for path in markdown_files([name]):
            try:
                text = path.read_bytes().decode("utf-8")  # as MkDocs reads pages (the reader drops a BOM)
            except (OSError, UnicodeDecodeError) as problem:
                errors.append(QuizError(f"expected a readable UTF-8 Markdown file; found {problem}", 1, 1, str(path)))
                continue
            count += 1
            errors.extend(check_text(text, str(path), site))
    return count, errors

"""docs/contribute/reuse.md's instructions build a second site, with MkDocs and with Python-Markdown alone
(taken in a browser: tests/browser/test_browser_reuse.py)."""

from __future__ import annotations

import glob
import sys
import tomllib
from pathlib import Path

from reuse import ROOT, blocks, mkdocs_site, pyodide_version, python_markdown_site, run_in

MKDOCS_BUILD = [sys.executable, "-m", "mkdocs", "build", "--strict"]
BROKEN = "# Welcome\n\n```quiz\ntitle: Broken\nquestion: Which?\n- [ ] One\n- [ ] Two\n```\n"


def test_the_page_installs_the_pyodide_the_build_accepts():
    (commands,) = blocks("sh")
    assert f"npm install pyodide@{pyodide_version()}\n" in commands
    assert "pip install " in commands


def test_an_install_holds_every_file_of_the_quiz_packages():
    """pip installs the packages pyproject.toml lists, with their modules and the files their package-data names
    (found as setuptools finds them, with glob, which passes over hidden files): a file left out is missing from
    every site built from an install, as the page says to install it, though not from this repository's own
    builds."""
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    for package in ("quizlib", "quiz_markdown"):
        for path in sorted((ROOT / package).rglob("*")):
            if not path.is_file() or "__pycache__" in path.parts:
                continue
            owner = ".".join(path.parent.relative_to(ROOT).parts)
            assert owner in setuptools["packages"], f"{path}: its folder is not a package pyproject.toml lists"
            if path.suffix != ".py":
                found = {Path(name) for pattern in setuptools["package-data"].get(owner, [])
                         for name in glob.glob(str(path.parent / pattern))}  # fmt: skip
                assert path in found, f"{path}: not in the package data of {owner}"


def test_an_mkdocs_site_made_from_the_page_builds_with_its_quiz_and_the_runtime(tmp_path: Path):
    done = mkdocs_site(tmp_path / "second")
    assert done.returncode == 0, done.stderr
    site = tmp_path / "second" / "site"
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'class="qz-quiz"' in home and "A first quiz" in home
    (folder,) = (site / "assets").glob("quiz-*")
    assert f'src="assets/{folder.name}/quiz.js"' in home and f'href="assets/{folder.name}/quiz.css"' in home
    assert (site / "assets" / "pyodide" / "pyodide.asm.wasm").is_file()
    assert (site / "assets" / "quizlib" / "pyodide-lock.json").is_file()


def test_a_mistake_in_the_second_sites_quiz_stops_its_build_with_file_line_and_column(tmp_path: Path):
    done = mkdocs_site(tmp_path / "second", BROKEN)
    assert done.returncode != 0
    assert "1 quiz error:\ndocs/index.md:5:1:" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "second" / "site" / "index.html").exists()


def test_a_python_markdown_site_made_from_the_page_has_its_quiz_and_the_runtime(tmp_path: Path):
    done = python_markdown_site(tmp_path / "plain")
    assert done.returncode == 0, done.stderr
    site = tmp_path / "plain" / "site"
    page = (site / "index.html").read_text(encoding="utf-8")
    (folder,) = (site / "assets").glob("quiz-*")
    assert f'<script type="module" src="assets/{folder.name}/quiz.js"></script>' in page
    assert 'class="qz-quiz"' in page and "A first quiz" in page
    assert (site / "assets" / "pyodide" / "pyodide.asm.wasm").is_file()


def test_a_mistake_in_the_python_markdown_sites_quiz_is_named_without_a_traceback(tmp_path: Path):
    done = python_markdown_site(tmp_path / "plain", BROKEN)
    assert done.returncode == 1
    assert done.stderr.startswith("quiz.md:5:1:"), done.stderr
    assert "Traceback" not in done.stderr


def test_the_extensions_own_language_in_mkdocs_yml_is_kept(tmp_path: Path):
    """`quiz_markdown: {language: fr}` under markdown_extensions wins over the theme's language."""
    (config,) = blocks("yaml")
    done = mkdocs_site(tmp_path / "second")
    assert done.returncode == 0, done.stderr
    yml = tmp_path / "second" / "mkdocs.yml"
    assert yml.read_text() == config
    yml.write_text(config + "markdown_extensions:\n  - quiz_markdown:\n      language: fr\n")
    done = run_in(MKDOCS_BUILD, tmp_path / "second")
    assert done.returncode == 0, done.stderr
    assert "Vérifier les réponses" in (tmp_path / "second" / "site" / "index.html").read_text(encoding="utf-8")


def test_a_language_without_texts_is_said_and_english_used(tmp_path: Path):
    (config,) = blocks("yaml")
    mkdocs_site(tmp_path / "second")
    (tmp_path / "second" / "mkdocs.yml").write_text(config.replace("name: material", "name: material\n  language: de"))
    done = run_in(MKDOCS_BUILD, tmp_path / "second")
    assert done.returncode == 0, done.stderr
    assert "quizzes: no interface texts in 'de' yet, so quizzes speak English" in done.stderr
    assert "Check answers" in (tmp_path / "second" / "site" / "index.html").read_text(encoding="utf-8")

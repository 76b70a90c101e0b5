"""The plugin's `offline` option: a service worker at the site's root listing every file of the build with its
digest (quiz_markdown/offline.py); what it does in a browser is tested in tests/browser/test_browser_offline.py."""

import json
import re
import shutil
from pathlib import Path

import pytest
from mkdocs.config import load_config
from support import ROOT, mkdocs_build, quiz_site, zensical_build

from quiz_markdown import bundle, offline

QUIZ = "# T\n\n```quiz\nquestion: Pick one\n- [x] A\n- [ ] B\n```\n"


def listed(site: Path) -> dict[str, dict[str, object]]:
    """The files service-worker.js lists, as it holds them."""
    source = (site / offline.NAME).read_text()
    found = re.search(r"^const FILES = (\{.*?\});$", source, re.S | re.M)
    assert found, "no list of files"
    return json.loads(found[1])


def offline_flag(site: Path) -> str:
    (script,) = site.glob("assets/quiz-*/quiz.js")
    found = re.search(r"^const OFFLINE = (\w+);", script.read_text(), re.M)
    assert found
    return found[1]


def test_the_service_worker_lists_every_file_of_the_site_with_its_digest(built_site: Path):
    files = listed(built_site)
    written = {
        path.relative_to(built_site).as_posix(): path
        for path in built_site.rglob("*")
        if path.is_file() and path.name != offline.NAME
    }
    assert set(files) == set(written)
    assert "search/search_index.json" in files and "quiz/index.html" in files  # written by other plugins, last
    for name, path in written.items():
        assert files[name]["integrity"] == bundle.sri(path.read_bytes()), name
    engine = {name for name, pin in files.items() if pin.get("engine")}
    assert engine == {
        *(f"assets/pyodide/{name}" for name in bundle.PYODIDE_FILES),
        "assets/quizlib/pyodide-lock.json",
        *(p.relative_to(built_site).as_posix() for p in built_site.glob("assets/quizlib/*/*.whl")),
        *(p.relative_to(built_site).as_posix() for p in built_site.glob("assets/quizlib/snapshot-*.gz")),
    }
    assert len(engine) == 7
    assert files["quiz/index.html"]["type"] == "text/html; charset=utf-8"  # a copy is served as the build says
    assert files["assets/pyodide/pyodide.asm.wasm"]["type"] == "application/wasm"
    assert all(isinstance(pin["type"], str) and pin["type"] for pin in files.values())
    assert offline_flag(built_site) == "true"


def test_zensical_writes_the_same_service_worker(zensical_site: Path, built_site: Path):
    files = listed(zensical_site)
    engine = {name for name, pin in files.items() if pin.get("engine")}
    assert engine == {name for name, pin in listed(built_site).items() if pin.get("engine")}
    written = {p.relative_to(zensical_site).as_posix() for p in zensical_site.rglob("*") if p.is_file()}
    assert set(files) == written - {offline.NAME}
    for name, pin in files.items():  # the engine's files' digests come from the build, the others' from the files
        assert pin["integrity"] == bundle.sri((zensical_site / name).read_bytes()), name
    assert offline_flag(zensical_site) == "true"


def test_a_site_without_the_option_has_no_service_worker(tmp_path: Path):
    config = quiz_site(tmp_path, {"index.md": QUIZ})
    done = mkdocs_build(tmp_path / "site", config=config)
    assert done.returncode == 0, done.stderr
    assert not (tmp_path / "site" / offline.NAME).exists()
    assert offline_flag(tmp_path / "site") == "false"  # and the page removes one an earlier build registered


def test_mkdocs_serve_registers_no_service_worker(tmp_path: Path):
    """Pages under `mkdocs serve` change as they are edited: a kept copy would be out of date at once."""
    config_file = quiz_site(tmp_path, {"index.md": QUIZ})
    config_file.write_text(config_file.read_text().replace("{quizzes: {", "{quizzes: {offline: true, "))
    config = load_config(str(config_file), site_dir=str(tmp_path / "site"))
    plugin = config.plugins["quizzes"]
    plugin.on_startup(command="serve", dirty=False)
    plugin.on_config(config)
    assert plugin.runtime is not None
    script = plugin.runtime.files[plugin.runtime.script].decode()
    assert "const OFFLINE = false;" in script
    (tmp_path / "site").mkdir()
    plugin.on_post_build(config)
    assert not (tmp_path / "site" / offline.NAME).exists()


def test_a_service_worker_source_without_its_line_stops_the_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    source = tmp_path / offline.NAME
    source.write_text("const FILES = {};\n")
    monkeypatch.setattr(offline, "SOURCE", source)
    with pytest.raises(bundle.BundleError, match=r"service-worker\.js: expected the line 'const FILES = \{\};"):
        offline.service_worker(tmp_path, {})


def test_the_zensical_build_reads_the_option_as_mkdocs_does(tmp_path: Path):
    root = tmp_path / "repo"
    root.mkdir()
    for name in ("docs", "overrides", "hooks"):
        shutil.copytree(ROOT / name, root / name)
    text = (ROOT / "mkdocs.yml").read_text()
    assert "offline: true" in text
    (root / "mkdocs.yml").write_text(text.replace("offline: true", "offline: false"))
    for name in ("node_modules", "package-lock.json"):
        (root / name).symlink_to(ROOT / name)
    done = zensical_build(tmp_path / "site", root)
    assert done.returncode == 0, done.stderr
    assert not (tmp_path / "site" / offline.NAME).exists()
    assert offline_flag(tmp_path / "site") == "false"

"""The Pyodide files the site serves are the ones inside the npm tarball package-lock.json pins, and the
worker knows the digest of every file it loads (tests/browser/test_browser_faults.py shows it refusing others)."""

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from quiz_markdown import bundle

ROOT = Path(__file__).resolve().parent.parent
PYODIDE = ROOT / "node_modules" / "pyodide"
NPM_LOCK = ROOT / "package-lock.json"


def test_the_installed_pyodide_files_are_the_pinned_ones():
    files = bundle.checked_pyodide(PYODIDE, NPM_LOCK)
    assert set(files) == set(bundle.PYODIDE_BUILD_FILES)


@pytest.fixture
def pyodide_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "pyodide"
    copy.mkdir()
    for name in (*bundle.PYODIDE_BUILD_FILES, "package.json"):
        shutil.copyfile(PYODIDE / name, copy / name)
    return copy


@pytest.mark.parametrize("name", bundle.PYODIDE_BUILD_FILES)
def test_a_changed_file_stops_the_build(pyodide_copy: Path, name: str):
    data = bytearray((pyodide_copy / name).read_bytes())
    data[len(data) // 2] ^= 1
    (pyodide_copy / name).write_bytes(bytes(data))
    with pytest.raises(bundle.BundleError, match=rf"{re.escape(name)}: expected sha256-.*Run 'npm ci'\.$"):
        bundle.checked_pyodide(pyodide_copy, NPM_LOCK)


def test_another_installed_version_stops_the_build(pyodide_copy: Path):
    package = json.loads((pyodide_copy / "package.json").read_text())
    (pyodide_copy / "package.json").write_text(json.dumps({**package, "version": "0.0.1"}))
    with pytest.raises(bundle.BundleError, match=r"expected pyodide 314\..*; found 0\.0\.1\. Run 'npm ci'"):
        bundle.checked_pyodide(pyodide_copy, NPM_LOCK)


def test_pins_made_for_another_tarball_stop_the_build(tmp_path: Path):
    pins = json.loads(bundle.PINS.read_text())
    stale = tmp_path / "pyodide-pins.json"
    stale.write_text(json.dumps({**pins, "integrity": "sha512-older"}))
    version = re.escape(pins["version"])
    told = rf"expected pyodide {version} \(sha512-older\).*Run 'npm install pyodide@{version}'.*pin-pyodide\.py"
    with pytest.raises(bundle.BundleError, match=told):
        bundle.checked_pyodide(PYODIDE, NPM_LOCK, stale)


def test_another_sites_older_pyodide_is_told_the_version_to_install(tmp_path: Path):
    """Another site (docs/contribute/reuse.md) that installed another Pyodide is told which one to install."""
    lock = json.loads(NPM_LOCK.read_text())
    lock["packages"]["node_modules/pyodide"] |= {"version": "314.0.6", "integrity": "sha512-other"}
    (tmp_path / "package-lock.json").write_text(json.dumps(lock))
    version = bundle.pinned_version()
    with pytest.raises(bundle.BundleError, match=rf"found pyodide 314\.0\.6 .*Run 'npm install pyodide@{version}'"):
        bundle.checked_pyodide(PYODIDE, tmp_path / "package-lock.json")


# What another site's folder may hold instead of npm's lock, and the words of the message that says so.
BAD_LOCKS = {
    "missing": (None, "found no such file"),
    "corrupt": ("{not json", "found a file that is not JSON"),
    "a list": ("[]", "found JSON that is not an object (list)"),
    "npm 6 (lockfileVersion 1)": ('{"lockfileVersion": 1, "dependencies": {"pyodide": {}}}', "; found none. Run"),
    "a folder": ("", "found Is a directory"),
}


@pytest.mark.parametrize("case", BAD_LOCKS)
def test_a_missing_or_unreadable_npm_lock_is_named_without_a_traceback(tmp_path: Path, case: str):
    text, told = BAD_LOCKS[case]
    lock = tmp_path / "package-lock.json"
    if text == "":
        lock.mkdir()
    elif text is not None:
        lock.write_text(text)
    with pytest.raises(
        bundle.BundleError, match=re.escape(str(lock)) + ": expected npm.s package-lock.json.*" + re.escape(told)
    ):
        bundle.runtime(PYODIDE, lock)


def test_a_pyodide_folder_without_its_package_json_is_named(pyodide_copy: Path):
    (pyodide_copy / "package.json").unlink()
    with pytest.raises(bundle.BundleError, match=r"pyodide/package\.json: expected Pyodide's package\.json; found no"):
        bundle.checked_pyodide(pyodide_copy, NPM_LOCK)


@pytest.mark.parametrize("where", ["a file", "no such folder"])
def test_a_pyodide_option_that_is_no_folder_is_named(tmp_path: Path, where: str):
    pyodide = tmp_path / "pyodide"
    if where == "a file":
        pyodide.write_text("")
    with pytest.raises(bundle.BundleError, match=rf"expected npm's folder of Pyodide .*; found {where}\. Run 'npm"):
        bundle.runtime(pyodide, NPM_LOCK)


@pytest.mark.skipif(not shutil.which("npm"), reason="needs npm")
def test_the_pins_are_those_of_the_tarball_the_npm_lock_pins():
    """npm packs the locked tarball (from its cache after 'npm ci'); its sha512 and each file's SHA-256 must match."""
    done = subprocess.run(
        [sys.executable, "scripts/pin-pyodide.py", "--check"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr


def test_every_file_the_engine_loads_is_pinned_to_what_the_site_serves(built_site: Path):
    """The built worker carries the SHA-256 of each file it loads: the Pyodide files, the lock file, the wheel
    and the memory snapshot (which the worker does without if it cannot use it)."""
    (worker,) = built_site.glob("assets/quiz-*/quiz-worker.js")
    found = re.search(r"^const PINNED = (\{.*?\n\});", worker.read_text(), re.M | re.S)
    assert found, "the build writes the digests into the worker"
    pins = json.loads(found[1])
    pinned = {(worker.parent / path).resolve(): pin["integrity"] for path, pin in pins.items()}
    quizlib = built_site / "assets" / "quizlib"
    expected = {built_site / "assets" / "pyodide" / name for name in bundle.PYODIDE_FILES}
    expected |= {quizlib / "pyodide-lock.json", *quizlib.glob(f"*/{bundle.WHEEL_NAME}")}
    (snapshot,) = quizlib.glob("snapshot-*.gz")
    assert set(pinned) == {path.resolve() for path in [*expected, snapshot]}
    assert [path for path, pin in pins.items() if pin.get("snapshot")] == [f"../quizlib/{snapshot.name}"]
    for path, integrity in pinned.items():
        assert bundle.sri(path.read_bytes()) == integrity, path
    npm_pins = json.loads(bundle.PINS.read_text())
    for name in bundle.PYODIDE_FILES:
        assert pins[f"../pyodide/{name}"]["integrity"] == npm_pins["files"][name]


def test_a_worker_without_its_pins_line_stops_the_build():
    with pytest.raises(bundle.BundleError, match="expected the line"):
        bundle.pin_worker("// no pins here", {})

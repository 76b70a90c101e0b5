"""Parity: the same suite gives byte-identical output in CPython and in Pyodide (CPython 3.14 in WebAssembly).

Pyodide runs under Node.js from the npm package (scripts/pyodide-run.mjs), with quizlib installed from the
very wheel the site ships, and again restored from the memory snapshot the site ships (as browsers use it).
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from quiz_markdown import bundle
from quizlib.kinds import KINDS

ROOT = Path(__file__).resolve().parent.parent
PARITY = ROOT / "tests" / "parity"


def suite_input() -> str:
    pages = [*sorted((ROOT / "docs").rglob("*.md")), *sorted((ROOT / "tests").rglob("*.md"))]
    return json.dumps({"documents": {str(page.relative_to(ROOT)): page.read_text() for page in pages}})


@pytest.mark.parametrize("quizlib", ["wheel", "memory snapshot"])
def test_cpython_and_pyodide_print_the_same_bytes(tmp_path: Path, quizlib: str):
    """Pyodide with quizlib installed from the wheel, and Pyodide restored from the site's memory snapshot."""
    wheel = tmp_path / bundle.WHEEL_NAME
    wheel.write_bytes(bundle.build_wheel())
    restored = []
    if quizlib == "memory snapshot":
        bundle.checked_pyodide(ROOT / "node_modules" / "pyodide", ROOT / "package-lock.json")
        snapshot, why = bundle.memory_snapshot(ROOT / "node_modules" / "pyodide", wheel.read_bytes())
        assert snapshot, why
        restored = [tmp_path / bundle.snapshot_name(snapshot)]
        restored[0].write_bytes(snapshot)
    given = suite_input()
    cpython = subprocess.run(
        [sys.executable, str(PARITY / "run.py")], input=given, capture_output=True, text=True, check=True
    )
    pyodide = subprocess.run(
        ["node", str(ROOT / "scripts" / "pyodide-run.mjs"), str(wheel), str(PARITY / "run.py"), *map(str, restored)],
        input=given,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert pyodide.returncode == 0, pyodide.stderr[-2000:]
    assert pyodide.stderr.startswith("Pyodide Python 3.14")
    output = json.loads(cpython.stdout)["documents"]
    # The suite must exercise what it claims: every question type, broken quizzes, many answer sets.
    kinds = {kind for page in output.values() for quiz in page["quizzes"] for kind in quiz["kinds"]}
    assert kinds == set(KINDS)
    assert output["tests/golden/every-type.md"]["errors"] == [
        "tests/golden/every-type.md:57:1: expected a correct choice marked '- [x]'; found none"
    ]
    assert pyodide.stdout == cpython.stdout

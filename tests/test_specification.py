"""The scoring specification is the test: every example row of docs/contribute/scoring.md, in CPython and
in Pyodide, gives exactly what the page says."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from quiz_markdown import bundle
from quizlib.kinds import KINDS

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "docs" / "contribute" / "scoring.md"
RUNNER = ROOT / "tests" / "parity" / "spec.py"


def run_in(command: list[str]) -> list[dict[str, object]]:
    given = json.dumps({"path": "docs/contribute/scoring.md", "text": SPEC.read_text(encoding="utf-8")})
    done = subprocess.run(command, input=given, capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)


def wrong(cells: list[dict[str, object]]) -> list[str]:
    return [f"{c['where']} {c['column']}: the page says {c['expected']!r}, the engine gives {c['got']!r}"
            for c in cells if not c["ok"]]  # fmt: skip


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("wheel") / bundle.WHEEL_NAME
    path.write_bytes(bundle.build_wheel())
    return path


def test_every_example_holds_in_cpython():
    cells = run_in([sys.executable, str(RUNNER)])
    assert len(cells) > 200  # the page's tables are all read
    assert {c["column"] for c in cells} >= {"outcome", "points", "label", "percent", "passed", "band", "error"}
    assert wrong(cells) == []


def test_every_example_holds_in_pyodide(wheel: Path):
    cells = run_in(["node", str(ROOT / "scripts" / "pyodide-run.mjs"), str(wheel), str(RUNNER)])
    assert len(cells) > 200
    assert wrong(cells) == []


def test_a_wrong_example_is_caught(tmp_path: Path):
    """The harness is not a rubber stamp: a row that disagrees with the engine is reported."""
    text = SPEC.read_text(encoding="utf-8").replace('| `"b"` | incorrect |', '| `"b"` | correct |', 1)
    assert text != SPEC.read_text(encoding="utf-8")
    given = json.dumps({"path": "x.md", "text": text})
    done = subprocess.run([sys.executable, str(RUNNER)], input=given, capture_output=True, text=True, check=True)
    assert [c["column"] for c in json.loads(done.stdout) if not c["ok"]] == ["outcome"]


def test_the_pages_table_of_answers_is_the_kinds_table():
    """What an answer is, for each kind, is written once (quizlib.kinds) and the page says the same."""
    lines = SPEC.read_text(encoding="utf-8").splitlines()
    start = lines.index("| kind | an answer is |")
    said = {}
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        kinds, answer = (cell.strip() for cell in line.strip("|").split("|"))
        for kind in kinds.split(", "):
            said[kind] = answer.replace("`", "")
    expected = {name: kind.answer.format(points="the number of answer labels") for name, kind in KINDS.items()}
    assert said == expected

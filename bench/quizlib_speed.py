"""quizlib's import time and scoring time for a 50-question quiz, in CPython and in Pyodide (under Node.js).

Run: .venv/bin/python bench/quizlib_speed.py
Import is timed in a fresh interpreter (median of 5; for Pyodide, one boot). Scoring times one
bridge.check call, JSON in and out as the browser makes it, as the median of 200 calls after a first one.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from quiz_markdown import bundle

ROOT = Path(__file__).resolve().parent.parent

KINDS = [
    "question: Single {n}\n- [x] right\n  feedback: yes\n- [ ] wrong\n  feedback: no\n- [ ] other",
    "question: Multiple {n}\nscoring: partial\n- [x] a\n- [x] b\n- [ ] c\n- [ ] d",
    "question: True {n}?\ntype: truefalse\nanswer: true",
    "question: Number {n}\ntype: numeric\nanswer: 12.5\ntolerance: 2%",
    "question: Word {n}\ntype: text\nanswer: career | careers",
    "question: Order {n}\n1. one\n2. two\n3. three\n4. four\n5. five",
]
ANSWERS = ["a", ["a", "c"], "true", "12.6", "Career", ["b", "a", "c", "e", "d"]]

PROGRAM = """
import json, time
t = time.perf_counter(); import quizlib.bridge; imported = time.perf_counter() - t
from quizlib import parse_quiz
from quizlib.serialize import dumps, quiz_to_dict
quiz_json = dumps(quiz_to_dict(parse_quiz(SOURCE)))
times = []
for index in range(201):
    t = time.perf_counter(); quizlib.bridge.check(quiz_json, ANSWERS); times.append(time.perf_counter() - t)
first = times.pop(0)
print(json.dumps({"import": imported, "first": first, "check": sorted(times)[len(times) // 2]}))
"""


def program() -> str:
    source = "\n".join(KINDS[n % len(KINDS)].format(n=n) for n in range(50))
    answers = {"format": 2, "answers": {f"q{n + 1}": ANSWERS[n % len(ANSWERS)] for n in range(50)}}
    return f"SOURCE = {source!r}\nANSWERS = {json.dumps(answers)!r}\n" + PROGRAM


def cpython(code: str) -> dict[str, float]:
    runs = [
        json.loads(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
        for _ in range(5)
    ]
    return {key: statistics.median(run[key] for run in runs) for key in runs[0]}


def pyodide(code: str) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        wheel = Path(folder) / bundle.WHEEL_NAME
        wheel.write_bytes(bundle.build_wheel())
        script = Path(folder) / "bench.py"
        script.write_text(code)
        runner = ROOT / "scripts" / "pyodide-run.mjs"
        done = subprocess.run(
            ["node", str(runner), str(wheel), str(script)],
            input="",
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        )
        return json.loads(done.stdout)


def main() -> None:
    code = program()
    print("quizlib, 50-question quiz (all graded types), times in milliseconds")
    for name, figures in (("CPython " + sys.version.split()[0], cpython(code)), ("Pyodide (Node.js)", pyodide(code))):
        print(
            f"{name:>20}: import {figures['import'] * 1000:6.1f}   first check {figures['first'] * 1000:6.2f}"
            f"   check (median) {figures['check'] * 1000:6.2f}"
        )


if __name__ == "__main__":
    main()

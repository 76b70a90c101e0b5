"""`python -m quizlib export` and `score`: JSON out, clear one-line errors, exit status 1 on bad input."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def quizlib(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "quizlib", *args], capture_output=True, text=True, cwd=ROOT)


def test_export_then_score(tmp_path: Path):
    exported = quizlib("export", "docs/quiz.md")
    assert exported.returncode == 0
    (tmp_path / "quiz.json").write_text(exported.stdout)
    (tmp_path / "answers.json").write_text(json.dumps({"format": 2, "answers": {"q1": "a", "q4": ["a", "b", "c"]}}))
    scored = quizlib("score", str(tmp_path / "quiz.json"), str(tmp_path / "answers.json"))
    assert scored.returncode == 0
    result = json.loads(scored.stdout)
    assert (result["score"], result["max"], result["passed"]) == (2.0, 13.0, False)
    assert [q["outcome"] for q in result["questions"][:5]] == [
        "correct",
        "unanswered",
        "unanswered",
        "correct",
        "unanswered",
    ]


def test_bad_input_is_named_with_its_place(tmp_path: Path):
    (tmp_path / "quiz.json").write_text(quizlib("export", "docs/quiz.md").stdout)
    (tmp_path / "broken.json").write_text('{"format": 2,\n')
    (tmp_path / "unknown.json").write_text('{"format": 2, "answers": {"q99": "a"}}')
    cases = {
        ("score", "quiz.json", "broken.json"): "broken.json:2:1: expected JSON; found Expecting property name "
        "enclosed in double quotes",
        (
            "score",
            "quiz.json",
            "unknown.json",
        ): "unknown.json: expected a question id of quiz 'quick-quiz'; found 'q99'",
        ("score", "unknown.json", "unknown.json"): "unknown.json: expected a quiz as written by "
        "'python -m quizlib export'; found no 'questions' field",
        (
            "score",
            "missing.json",
            "unknown.json",
        ): "missing.json: expected a readable file; found No such file or directory",
    }
    for (command, *files), message in cases.items():
        done = quizlib(command, *(str(tmp_path / name) for name in files))
        assert (done.returncode, done.stdout) == (1, "")
        assert done.stderr.strip() == f"{tmp_path}/{message}"
    page = quizlib("export", "docs/index.md")
    assert (page.returncode, page.stderr.strip()) == (1, "docs/index.md: expected one quiz (add --id); found none")

"""`python -m quizlib export` and `score`: JSON out, clear one-line errors, exit status 1 on bad input."""

import json
import subprocess
import sys
from pathlib import Path

from support import quiz_site

ROOT = Path(__file__).resolve().parent.parent


def quizlib(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "quizlib", *args], capture_output=True, text=True, cwd=ROOT)


def test_export_then_score(tmp_path: Path):
    exported = quizlib("export", "docs/quiz.md")
    assert exported.returncode == 0
    (tmp_path / "quiz.json").write_text(exported.stdout)
    (tmp_path / "answers.json").write_text(
        json.dumps({"format": 2, "quiz": "quick-quiz", "answers": {"q1": "a", "q4": ["a", "b", "c", "d"]}})
    )
    scored = quizlib("score", str(tmp_path / "quiz.json"), str(tmp_path / "answers.json"))
    assert scored.returncode == 0
    result = json.loads(scored.stdout)
    assert result["format"] == 3  # results have had `marks` since format 3
    assert (result["score"], result["max"], result["passed"]) == (2.0, 16.0, False)
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
    (tmp_path / "unknown.json").write_text('{"format": 2, "quiz": "quick-quiz", "answers": {"q99": "a"}}')
    cases = {
        ("score", "quiz.json", "broken.json"): "broken.json:2:1: expected JSON; found Expecting property name "
        "enclosed in double quotes",
        (
            "score",
            "quiz.json",
            "unknown.json",
        ): "unknown.json: expected a question id of quiz 'quick-quiz' (q1, q2, q3, q4, q5, q6, q7, q8, …); "
        'found "q99"',
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


def test_json_nested_too_deep_is_an_input_error_not_a_traceback(tmp_path: Path):
    (tmp_path / "quiz.json").write_text(quizlib("export", "docs/quiz.md").stdout)
    (tmp_path / "deep.json").write_text("[" * 100_000 + "]" * 100_000)
    for arguments in (("quiz.json", "deep.json"), ("deep.json", "quiz.json")):
        done = quizlib("score", *(str(tmp_path / name) for name in arguments))
        assert (done.returncode, done.stdout) == (1, "")
        expected = "expected JSON nested at most a few hundred levels deep; found deeper"
        assert done.stderr.strip() == f"{tmp_path}/deep.json: {expected}"


def test_export_reads_the_page_as_the_build_does(tmp_path: Path):
    """Front matter (here with a quiz fence in it) is not read, and errors have the file's line numbers."""
    page = tmp_path / "page.md"
    front = "---\ntitle: T\nexample: |\n  ```quiz\n  not a quiz\n---\n\n"
    page.write_text(front + "```quiz\nid: only\nquestion: Q\n- [x] a\n- [ ] b\n```\n", encoding="utf-8-sig")
    exported = quizlib("export", str(page))
    assert (exported.returncode, json.loads(exported.stdout)["id"]) == (0, "only")
    page.write_text(front + "```quiz\nquestion: Q\n- [ ] a\n- [ ] b\n```\n")
    broken = quizlib("export", str(page))
    assert (broken.returncode, broken.stderr.strip()) == (
        1,
        f"{page}:9:1: expected a correct choice marked '- [x]'; found none",
    )


def test_check_for_github_annotates_broken_links_and_misspelled_keys(tmp_path: Path):
    """What CI puts on the lines of a pull request: a link the build would stop on, a key with its suggestion."""
    quiz_site(
        tmp_path,
        {"index.md": "# Home\n\n```quiz\nquestion: Q\n- [x] a\n- [ ] b\nexplian: See [it](guide.md#top).\n```\n"},
    )
    page = tmp_path / "docs" / "index.md"
    done = quizlib("check", "--github", str(tmp_path / "docs"))
    assert (done.returncode, done.stderr) == (1, "1 file checked, 2 quiz errors\n")
    assert done.stdout.splitlines() == [
        f"::error file={page},line=7,col=1,title=Quiz error::expected 'id:', 'type:', 'explain:', 'weight:', "
        "'hint:', 'alternative:', 'scoring:', 'answer:', 'tolerance:', 'measures:', 'reverse:', 'partner:', "
        "'question:', 'scale:', 'profile:' or 'note:' in a question; found 'explian:' (did you mean 'explain:'?)",
        f"::error file={page},line=7,col=19,title=Quiz error::expected a link to a page or heading of this site; "
        "found 'guide.md#top' (the docs folder has no file 'guide.md')",
    ]

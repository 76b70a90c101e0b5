"""Command line.

    python -m quizlib check PATH...             check the quizzes in Markdown files or folders
                            [--github]          (also as GitHub Actions annotations on a pull request)
    python -m quizlib export PAGE.md [--id ID]  print a page's quiz as JSON (quiz format)
    python -m quizlib score QUIZ.json ANSWERS.json
                                                print the result of the answers as JSON (result format)

Exit status: 0 fine, 1 errors in the input (each printed as path:line:col: message), 2 usage.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .check import check_paths
from .document import read_markdown
from .errors import AnswerError, QuizError
from .scoring import score_quiz
from .serialize import answers_from_dict, dumps, quiz_from_dict, quiz_to_dict, result_to_dict


class InputError(Exception):
    """A problem with a file named on the command line, already worded for the reader."""


def _read_json(path: str) -> object:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as problem:
        raise InputError(f"{path}: expected a readable file; found {problem.strerror}") from None
    except json.JSONDecodeError as problem:
        raise InputError(f"{path}:{problem.lineno}:{problem.colno}: expected JSON; found {problem.msg}") from None
    except ValueError as problem:  # valid JSON that Python will not read, such as a 5,000-digit number
        raise InputError(f"{path}: expected JSON with numbers of reasonable size; found {problem}") from None
    except RecursionError:  # arrays or objects nested thousands deep
        raise InputError(f"{path}: expected JSON nested at most a few hundred levels deep; found deeper") from None


def _annotation(error: QuizError) -> str:
    """The error as a GitHub Actions workflow command, shown on the line of the pull request it names."""

    def escaped(text: str, *extra: str) -> str:
        text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return text.replace(":", "%3A").replace(",", "%2C") if extra else text

    where = f"file={escaped(error.path, 'property')},line={error.line},col={error.col}"
    return f"::error {where},title=Quiz error::{escaped(error.message)}"


def _check(paths: list[str], github: bool = False) -> int:
    count, errors = check_paths(paths)
    for error in errors:
        print(_annotation(error) if github else error)
    plural = "s" if len(errors) != 1 else ""
    print(f"{count} file{'s' if count != 1 else ''} checked, {len(errors)} quiz error{plural}", file=sys.stderr)
    return 1 if errors else 0


def _export(page: str, quiz_id: str | None) -> int:
    try:
        text = Path(page).read_text(encoding="utf-8")
    except OSError as problem:
        raise InputError(f"{page}: expected a readable Markdown file; found {problem.strerror}") from None
    found, errors = read_markdown(text, page)
    if errors:
        raise InputError("\n".join(str(error) for error in errors))
    quizzes = [item.quiz for item in found if item.quiz is not None]
    chosen = [quiz for quiz in quizzes if quiz_id in (None, quiz.id)]
    if len(chosen) != 1:
        ids = ", ".join(quiz.id for quiz in quizzes) or "none"
        raise InputError(f"{page}: expected one quiz{' with that id' if quiz_id else ''} (add --id); found {ids}")
    print(json.dumps(quiz_to_dict(chosen[0]), ensure_ascii=False, indent=1, sort_keys=True))
    return 0


def _score(quiz_path: str, answers_path: str) -> int:
    data = _read_json(quiz_path)
    try:
        quiz = quiz_from_dict(data)  # type: ignore[arg-type]
    except (ValueError, KeyError, TypeError, AttributeError) as problem:
        found = f"no {problem} field" if isinstance(problem, KeyError) else str(problem)
        raise InputError(
            f"{quiz_path}: expected a quiz as written by 'python -m quizlib export'; found {found}"
        ) from None
    try:
        result = score_quiz(quiz, answers_from_dict(_read_json(answers_path), quiz))
    except AnswerError as problem:
        raise InputError(f"{answers_path}: {problem}") from None
    print(dumps(result_to_dict(result)))
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = argparse.ArgumentParser(prog="python -m quizlib", description="Work with quizzes written in Markdown.")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="check the quizzes in Markdown files or folders")
    check.add_argument("paths", nargs="+", metavar="PATH", help="a Markdown file, or a folder to search for them")
    check.add_argument("--github", action="store_true", help="print errors as GitHub Actions annotations")
    export = commands.add_parser("export", help="print a page's quiz as JSON")
    export.add_argument("page", metavar="PAGE.md")
    export.add_argument("--id", dest="quiz_id", help="which quiz, when the page has several")
    score = commands.add_parser("score", help="score answers against a quiz; print the result as JSON")
    score.add_argument("quiz", metavar="QUIZ.json")
    score.add_argument("answers", metavar="ANSWERS.json")
    options = parser.parse_args(argv)
    try:
        if options.command == "check":
            return _check(options.paths, options.github)
        if options.command == "export":
            return _export(options.page, options.quiz_id)
        return _score(options.quiz, options.answers)
    except InputError as problem:
        print(problem, file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())

"""Command line: ``python -m quizlib check PATH...``."""

from __future__ import annotations

import argparse
import sys

from .check import check_paths


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status (0 fine, 1 quiz errors, 2 usage)."""
    parser = argparse.ArgumentParser(prog="python -m quizlib", description="Work with quizzes written in Markdown.")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="check the quizzes in Markdown files or folders")
    check.add_argument("paths", nargs="+", metavar="PATH", help="a Markdown file, or a folder to search for them")
    options = parser.parse_args(argv)
    if options.command == "check":
        count, errors = check_paths(options.paths)
        for error in errors:
            print(error)
        plural = "s" if len(errors) != 1 else ""
        print(f"{count} file{'s' if count != 1 else ''} checked, {len(errors)} quiz error{plural}", file=sys.stderr)
        return 1 if errors else 0
    return 2


if __name__ == "__main__":
    sys.exit(main())

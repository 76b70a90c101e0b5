"""How long `python -m quizlib check` and the Markdown extension take on large and hostile pages.

Run: .venv/bin/python bench/check_speed.py
Each page is checked with `quizlib.check.check_text` (what `make check` does per file) and converted by
Python-Markdown with the site's extensions (what the build does per page); the figure is the best of 3.
A 1 MB page is meant to check in well under 2 s.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

import markdown

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from quizlib.check import check_text

EXTENSIONS = ["quiz_markdown", "toc", "admonition", "def_list", "attr_list", "pymdownx.details", "pymdownx.superfences"]
QUIZ = "```quiz\nquestion: Which is a {n}?\n- [x] A *job* with `code` and a [link](other.md)\n- [ ] A career\n```\n"
PROSE = "A paragraph of prose with *emphasis*, `code`, a [link](other.md) and <span>inline HTML</span>.\n\n"


def megabyte(unit: str, size: int = 1_000_000) -> str:
    return unit * (size // len(unit))


def pages() -> dict[str, str]:
    every_tenth = "".join(PROSE * 9 + QUIZ.format(n=n) + "\n" for n in range(1_000))
    question = "question: Q {n} with `code` and *emphasis*\n- [x] right\n  feedback: yes\n- [ ] wrong\n"
    return {
        "1 MB of prose": megabyte(PROSE),
        "1 MB, a quiz every tenth paragraph": megabyte(every_tenth),
        "1 MB of raw HTML blocks and quizzes": megabyte("<div>\n<p>raw</p>\n</div>\n\n" + QUIZ.format(n=1) + "\n"),
        "1 MB: one quiz of 10,000 questions": "```quiz\n"
        + "".join(question.format(n=n) for n in range(10_000))
        + "```\n",
        "1 MB of unclosed comments, then a quiz": megabyte("<!-- a\n\n") + QUIZ.format(n=1),
        # Python-Markdown's own HTML reading takes quadratic time on these: the build is timed on 20 KB.
        "1 MB of unterminated tags at line starts, a quiz": megabyte("<a\n") + QUIZ.format(n=1),
        "1 MB of unterminated '<?' at line starts, a quiz": megabyte("<?a\n") + QUIZ.format(n=1),
        "1 MB of '</a' with no '>', then a quiz": megabyte("</a\n") + QUIZ.format(n=1),
        "10,000 backticks in a quiz text": "```quiz\nquestion: " + "`" * 10_000 + "\n- [x] a\n- [ ] b\n```\n",
        "10,000 backtick runs 1..141 long in a quiz text": "```quiz\nquestion: "
        + " ".join("`" * n for n in range(1, 142))
        + "\n- [x] a\n- [ ] b\n```\n",
        "10,000 '<' in a quiz text": "```quiz\nquestion: " + "<a" * 10_000 + "\n- [x] a\n- [ ] b\n```\n",
        # Each '](' starts a link target that runs to the line's end: read one by one, quadratic time.
        "8,000 '](' in a quiz text": "```quiz\nquestion: " + "](" * 8_000 + "\n- [x] a\n- [ ] b\n```\n",
        "10,000 backticks in prose": "A " + "`" * 10_000 + " b\n",
        "5,000 nested list items, then a quiz": "".join("  " * n + "- item\n" for n in range(0, 5_000, 50))
        + "\n"
        + QUIZ.format(n=1),
    }


def best(run: Callable[[], object], times: int = 3) -> float:
    spent = []
    for _ in range(times):
        start = time.perf_counter()
        run()
        spent.append(time.perf_counter() - start)
    return min(spent)


def build(text: str) -> None:
    errors: list[object] = []
    markdown.markdown(text, extensions=EXTENSIONS, extension_configs={"quiz_markdown": {"on_error": errors.extend}})


def main() -> None:
    print(f"{'page':<50} {'size':>9} {'check':>8} {'build':>8}")
    for name, text in pages().items():
        checked = best(lambda text=text: check_text(text, "page.md"))
        shown = text if "unterminated" not in name and "no '>'" not in name else text[-20_000:]
        built = best(lambda shown=shown: build(shown), 1)
        note = "" if shown is text else f" (build: last {len(shown):,} characters only)"
        print(f"{name:<50} {len(text.encode()):>9,} {checked:>7.3f}s {built:>7.3f}s{note}")


if __name__ == "__main__":
    main()

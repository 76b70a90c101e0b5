"""Golden files: for each quiz page in tests/golden/, the HTML it renders to and the results of fixed answers.

    .venv/bin/python tests/golden.py     (or: make golden)   rewrites the expected files; review the diff.

tests/test_golden.py checks that the files match what the code produces now.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import markdown

sys.path.insert(0, str(Path(__file__).resolve().parent / "parity"))

# The parity suite gives the answer sets: the same in CPython and Pyodide.
from run import run

GOLDEN = Path(__file__).resolve().parent / "golden"


def expected_files(page: Path) -> dict[Path, str]:
    """What the page should produce: rendered HTML and the scored answer sets."""
    text = page.read_text(encoding="utf-8")
    errors: list[str] = []
    html = markdown.markdown(
        text,
        extensions=["quiz_markdown", "admonition", "pymdownx.superfences"],
        extension_configs={
            "quiz_markdown": {"path": page.name, "on_error": lambda found: errors.extend(map(str, found))}
        },
    )
    scored = run({page.name: text})[page.name]
    results = {"errors": scored["errors"], "results": [quiz["results"] for quiz in scored["quizzes"]]}  # type: ignore[index]
    return {
        page.with_suffix(".html"): html + "\n",
        page.with_suffix(".results.json"): json.dumps(results, indent=1, sort_keys=True, ensure_ascii=False) + "\n",
    }


def pages() -> list[Path]:
    return sorted(GOLDEN.glob("*.md"))


if __name__ == "__main__":
    for page in pages():
        for path, content in expected_files(page).items():
            path.write_text(content, encoding="utf-8")
            print(f"wrote {path.relative_to(GOLDEN.parent.parent)}")

"""`make check`: what a change to the pages can be checked for in seconds, without a build (every quiz with
the links in its texts, the Markdown style and the spelling of the pages). The pre-commit hook and CI's step
run that very command; here it is run as each of them writes it."""

import os
import shlex
import subprocess
import time
from pathlib import Path

import yaml
from support import ROOT, quiz_site

BROKEN_PAGE = """# Home
A heading with no blank line under it.
- a list with no blank line above it

{typo} end.

```quiz
question: Where?
- [x] here
- [ ] there
explain: See [the guide](guide.md).
```
"""
TYPO = "T" + "eh"  # spelled in two parts, so that codespell passes this file
# pre-commit's keys for a hook (https://pre-commit.com/#pre-commit-configyaml---hooks).
HOOK_KEYS = {
    "id", "name", "entry", "language", "files", "exclude", "types", "types_or", "exclude_types", "always_run",
    "fail_fast", "verbose", "pass_filenames", "require_serial", "description", "language_version", "log_file",
    "minimum_pre_commit_version", "args", "stages", "additional_dependencies",
}  # fmt: skip


def pre_commit_hook() -> dict[str, object]:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    (repository,) = config["repos"]
    assert repository["repo"] == "local"
    (hook,) = repository["hooks"]
    return hook


def ci_command() -> str:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "ci.yml").read_text())
    (step,) = [step for step in workflow["jobs"]["test"]["steps"] if "make check" in step.get("run", "")]
    return step["run"]


def run(command: str, docs: Path | None = None) -> tuple[subprocess.CompletedProcess[str], float]:
    """``command`` run as pre-commit and GitHub Actions run it, from the repository's root; on ``docs``."""
    where = f" DOCS={shlex.quote(str(docs))}" if docs else ""
    started = time.monotonic()
    done = subprocess.run(
        ["bash", "-e", "-c", command + where], cwd=ROOT, capture_output=True, text=True, env={**os.environ}
    )
    return done, time.monotonic() - started


def test_the_pre_commit_hook_is_make_check_on_every_commit():
    hook = pre_commit_hook()
    assert set(hook) <= HOOK_KEYS and {"id", "name", "entry", "language"} <= set(hook)
    assert (hook["entry"], hook["language"], hook["pass_filenames"], hook["always_run"]) == (
        "make check",
        "system",
        False,
        True,
    )
    assert ci_command() == "make check CHECK_OPTIONS=--github"


def test_make_check_finds_quiz_links_markdown_style_and_spelling_as_the_hook_and_ci_run_it(tmp_path: Path):
    quiz_site(tmp_path, {"index.md": BROKEN_PAGE.format(typo=TYPO)})
    page = tmp_path / "docs" / "index.md"
    link = (
        "expected a link to a page or heading of this site; found 'guide.md' (the docs folder has no file 'guide.md')"
    )
    hook, seconds = run(str(pre_commit_hook()["entry"]), tmp_path / "docs")
    assert hook.returncode != 0 and seconds < 30
    assert f"{page}:11:26: {link}\n" in hook.stdout
    assert f"{page}:1:1: MD022: Headings should be surrounded by blank lines." in hook.stdout
    assert f"{page}:3:1: MD032: Lists should be surrounded by blank lines" in hook.stdout
    assert f"{page}:5: {TYPO} ==> The\n" in hook.stdout
    ci, _ = run(ci_command(), tmp_path / "docs")
    assert ci.returncode != 0
    assert f"::error file={page},line=11,col=26,title=Quiz error::{link}\n" in ci.stdout
    assert f"{page}:5: {TYPO} ==> The\n" in ci.stdout


def test_the_site_passes_make_check_in_under_30_seconds():
    done, seconds = run(str(pre_commit_hook()["entry"]))
    assert done.returncode == 0, done.stdout + done.stderr
    assert seconds < 30

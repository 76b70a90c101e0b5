"""Finding quizzes in Markdown, rendering them through the extension, and `python -m quizlib check`."""

import json
import subprocess
import sys
import textwrap
from xml.etree import ElementTree

import markdown
import pytest

from quizlib import QuizErrors
from quizlib.markdown_source import find_quiz_blocks

PAGE = textwrap.dedent(
    """\
    # A page

    ````markdown
    ```quiz
    not a quiz: only an example inside a longer fence
    ```
    ````

    ```quiz
    title: Real & *true*
    question: Pick `<b>`
    - [x] This [link](other.md)
      feedback: Well **done**
    - [ ] That
    ```

    After.
    """
)


def test_finds_quiz_fences_but_not_examples_inside_other_fences():
    blocks, errors = find_quiz_blocks(PAGE.splitlines())
    assert errors == []
    assert [(block.line, block.end + 1) for block in blocks] == [(9, 15)]
    assert blocks[0].body.startswith("title: Real")


def test_an_unclosed_quiz_fence_is_an_error():
    _, errors = find_quiz_blocks(["text", "~~~~ quiz", "question: Q"], "docs/a.md")
    assert [str(e) for e in errors] == [
        "docs/a.md:2:1: expected a closing ~~~~ for the quiz fence opened here; found the end of the file"
    ]


def convert(text: str, **options) -> str:
    return markdown.markdown(
        text, extensions=["quiz_markdown", "pymdownx.superfences"], extension_configs={"quiz_markdown": options}
    )


def test_quiz_texts_get_inline_markdown_and_everything_else_is_escaped():
    html = convert(PAGE)
    assert '<p class="qz-title" id="qz-quiz-1-title"><span class="qz-text">Real &amp; <em>true</em></span></p>' in html
    assert "<code>&lt;b&gt;</code>" in html
    assert '<a href="other.md">link</a>' in html
    assert "Well <strong>done</strong>" in html
    assert "not a quiz" in html  # the example stays a code block
    assert html.count('class="qz-quiz"') == 1
    assert html.rstrip().endswith("<p>After.</p>")


def test_quiz_html_is_one_well_formed_element_with_its_data():
    html = convert(PAGE)
    start = html.index('<div class="qz-quiz"')
    end = html.index("<p>After.</p>")
    element = ElementTree.fromstring(html[start:end])
    data = json.loads(element.get("data-qz"))
    assert data["quiz"]["questions"][0]["choices"][0]["correct"] is True
    assert data["ui"]["loading"] == "Loading the scoring engine…"


def test_without_an_error_handler_errors_raise_with_the_source_line():
    page = "---\ntitle: x\n---\n" + "# T\n\n```quiz\nquestion: Q\n- [ ] a\n- [ ] b\n```\n"
    with pytest.raises(QuizErrors) as caught:
        convert(page.split("---\n", 2)[2], path="docs/t.md", line_offset=3)
    assert str(caught.value) == "docs/t.md:7:1: expected a correct choice marked '- [x]'; found none"


def test_with_an_error_handler_every_error_is_handed_over_and_the_page_says_so():
    found = []
    html = convert("```quiz\ntitle: a\n```\n\n```quiz\nquestion: Q\n- [x] a\n```\n", path="p.md", on_error=found.extend)
    assert [str(e) for e in found] == [
        "p.md:1:1: expected at least one 'question: …' in the quiz; found none",
        "p.md:6:1: expected at least two choices ('- [ ] …') for this question; found 1",
    ]
    assert html.count("This quiz has errors") == 2


def run_check(*paths: str):
    return subprocess.run([sys.executable, "-m", "quizlib", "check", *paths], capture_output=True, text=True)


def test_check_command_passes_the_real_docs():
    done = run_check("docs")
    assert (done.returncode, done.stdout) == (0, "")
    assert "0 quiz errors" in done.stderr


def test_check_command_lists_errors_and_fails(tmp_path):
    (tmp_path / "good.md").write_text(PAGE)
    (tmp_path / "other.md").write_text("# Other\n")  # the page that good.md's quiz links to
    (tmp_path / "bad.md").write_text("# Bad\n\n```quiz\nquestion: Q\n- [x] a\n- [x] b\ntype: single\n```\n")
    done = run_check(str(tmp_path))
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        f"{tmp_path}/bad.md:7:1: expected one correct choice for a single-choice question; found 2 "
        "(write 'type: multiple' for a question with several right answers)"
    ]
    assert done.stderr.strip() == "3 files checked, 1 quiz error"


def test_check_command_writes_github_annotations(tmp_path):
    (tmp_path / "bad, page.md").write_text("# Bad\n\n```quiz\nquestion: Q\n- [x] a\n- [x] b\ntype: single\n```\n")
    done = run_check("--github", str(tmp_path))
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        f"::error file={tmp_path}/bad%2C page.md,line=7,col=1,title=Quiz error::"
        "expected one correct choice for a single-choice question; found 2 "
        "(write 'type: multiple' for a question with several right answers)"
    ]


def build_errors(text: str) -> list[str]:
    found: list = []
    convert(text, path="p.md", on_error=found.extend)
    return [str(error) for error in found]


@pytest.mark.parametrize(
    "page",
    [
        "\ufeff# Title\r\n\r\n```quiz\r\nquestion: Q\r\n- [x] a\r\n\tbad: 1\r\n```\r\n",
        "# Title\u2028with a line separator\n\n```quiz\nquestion: Q\n- [x] a\n\tbad: 1\n```\n",
    ],
    ids=["bom-crlf-tab", "line-separator"],
)
def test_check_and_build_place_errors_alike(tmp_path, page):
    (tmp_path / "p.md").write_text(page, encoding="utf-8", newline="")
    checked = run_check(str(tmp_path / "p.md")).stdout.splitlines()
    assert [line.replace(f"{tmp_path}/", "") for line in checked] == build_errors(page)
    assert "p.md:6:5: expected 'feedback: …' under a choice; found 'bad: 1'" in build_errors(page)


def test_html_in_quiz_texts_is_shown_as_text():
    quiz = "question: <script>x()</script> `a<b` <https://e.x>\n- [x] yes </fieldset>\n- [ ] no"
    html = convert(f"```quiz\n{quiz}\n```\n")
    assert "<script>" not in html and "</fieldset></span>" not in html
    assert "&lt;script&gt;x()&lt;/script&gt; <code>a&lt;b</code>" in html
    assert '<a href="https://e.x">' in html


def test_quizzes_where_markdown_is_not_read_are_errors(tmp_path):
    page = "<div>\n\n```quiz\nquestion: Q\n- [x] a\n- [ ] b\n```\n\n</div>\n"
    expected = (
        "p.md:3:1: expected the quiz outside raw HTML such as <div>…</div>, where Markdown is not read; found it "
        "inside the <div> of line 1"
    )
    assert build_errors(page) == [expected]
    (tmp_path / "p.md").write_text(page)
    assert run_check(str(tmp_path / "p.md")).stdout.splitlines() == [expected.replace("p.md", f"{tmp_path}/p.md")]
    assert build_errors("!!! note\n\n    ```quiz\n    question: Q\n    - [x] a\n    ```\n") == [
        "p.md:3:5: expected the quiz fence at the start of its line; found it indented 4 spaces (a quiz cannot go "
        "inside an admonition, a tab or a nested list; to show quiz source as an example, put it in a longer fence "
        "such as ````text)"
    ]


def test_a_quiz_under_a_list_item_is_read():
    html = convert("- An item\n\n  ```quiz\n  question: Q\n  - [x] a\n  - [ ] b\n  ```\n")
    assert 'class="qz-quiz"' in html


def test_errors_in_a_quiz_under_a_list_item_have_the_files_columns():
    assert build_errors("- An item\n\n  ```quiz\n  question: Q\n  - [x] a\n  - [ ] b\n    bad: 1\n  ```\n") == [
        "p.md:7:5: expected 'feedback: …' under a choice; found 'bad: 1'"
    ]


def test_a_backtick_line_in_an_indented_code_block_does_not_hide_the_next_quiz():
    lines = ["Example:", "", "    ```", "    example", "", "```quiz", "question: Q", "- [x] a", "- [ ] b", "```"]
    blocks, errors = find_quiz_blocks(lines)
    assert ([block.line for block in blocks], errors) == ([6], [])


def test_check_command_reads_front_matter_as_mkdocs_does(tmp_path):
    """A quiz fence in front matter (here, an example in a YAML text) is not a quiz; lines are the file's."""
    front = '---\ntitle: T\nexample: |\n  ```quiz\n  question: "not a quiz"\n---\n\n'
    (tmp_path / "good.md").write_text(front + "# T\n\n```quiz\nquestion: Q\n- [x] a\n- [ ] b\n```\n")
    (tmp_path / "bad.md").write_text(front + "```quiz\nquestion: Q\n- [ ] a\n- [ ] b\n```\n")
    done = run_check(str(tmp_path))
    assert done.stdout.splitlines() == [f"{tmp_path}/bad.md:9:1: expected a correct choice marked '- [x]'; found none"]


def test_a_commented_out_quiz_is_neither_rendered_nor_reported():
    html = convert("<!--\n```quiz\nquestion: Q\n- [ ] broken\n```\n-->\n\nAfter.\n", on_error=pytest.fail)
    assert 'class="qz-quiz"' not in html and "broken" not in html and "<p>After.</p>" in html


def test_results_fences_are_found_like_quizzes():
    """Only an empty fence of its own is a results page; an example in a longer fence stays an example."""
    example = convert("````markdown\n```quiz-results\n```\n````\n", on_error=pytest.fail)
    assert "qz-my-results" not in example and "quiz-results" in example
    assert "qz-my-results-table" in convert("```quiz-results\n```\n", on_error=pytest.fail)


def test_where_python_markdown_reads_html_unlike_check_the_build_says_so():
    """After an unterminated '<?', Python-Markdown loses track of line starts; the build reports the difference."""
    errors = build_errors("</div>\n<?x\n<p>\n  <div>\n```quiz\nquestion: Q\n- [x] a\n- [ ] b\n```\n")
    assert errors[-1] == (
        "p.md:5:1: expected the quiz clearly inside or clearly outside HTML; found 'python -m quizlib check' reading "
        "it as raw HTML and Markdown as page text (move the quiz away from the HTML around it)"
    )


def test_a_quiz_text_of_thousands_of_backticks_and_angle_brackets_renders():
    """Bounded cost: these took seconds per thousand characters (a regular expression that backtracked)."""
    text = "`a<b` " + "< " * 5_000 + "`" * 5_000
    html = convert(f"```quiz\nquestion: {text}\n- [x] a\n- [ ] b\n```\n", on_error=pytest.fail)
    assert html.count('class="qz-quiz"') == 1 and "<code>a&lt;b</code> &lt; &lt;" in html and "`" * 5_000 in html

"""Links in quiz texts: `python -m quizlib check` stops on the links the build stops on, at their line and column.

The build (MkDocs with mkdocs.yml's `validation:`, `--strict`) names a broken link without its line; check
names it with its place. Agreement is measured against a real build: the same links rejected, and the same
anchors on every page (the site's own pages included).
"""

import json
import re
import shutil
import textwrap
from pathlib import Path

import yaml
from support import ROOT, mkdocs_build, quiz_site, site_config, site_extensions

from quizlib.check import check_paths

TARGET = textwrap.dedent(
    """\
    # Jobs & careers: *the* basics

    ## What makes a job a job?

    ## What makes a job a job?

    ## The `__init__` of a `career`, [linked](index.md) and déjà vu!

    A setext heading
    ----------------

    ## A heading with its own id { #own-id }

    **A term** { #a-term }
    :   Its meaning.

    A paragraph
    {: #a-paragraph }

    Some *stressed*{ #stressed } words, and text {#not-an-id} that keeps its braces.

    <div id="raw-html">Raw</div>

    ```text
    # Not a heading, in code
    ```

    ```quiz
    id: there
    question: Here?
    - [x] yes
    - [ ] no
    ```
    """
)

# Every link the test site's quiz holds, with whether the build accepts it.
LINKS = {
    "target.md": True,
    "target.md#jobs-careers-the-basics": True,
    "target.md#what-makes-a-job-a-job": True,
    "target.md#what-makes-a-job-a-job_1": True,
    "target.md#what-makes-a-job-a-job_2": False,
    "target.md#the-__init__-of-a-career-linked-and-deja-vu": True,
    "target.md#a-setext-heading": True,
    "target.md#own-id": True,
    "target.md#a-heading-with-its-own-id": False,
    "target.md#a-term": True,
    "target.md#a-paragraph": True,
    "target.md#stressed": True,
    "target.md#not-an-id": False,
    "target.md#raw-html": True,
    "target.md#not-a-heading-in-code": False,
    "target.md#qz-there": True,
    "target.md#qz-there-q1": True,
    "target.md#no-such": False,
    "target.md?x=1#own-id": True,
    "other.md": False,
    "other.md#own-id": False,
    "sub/page.md": True,
    "sub/page.md#in-a-folder": True,
    "sub/page.md#in-the-folder": False,
    "sub/../target.md#own-id": True,
    "../target.md": False,
    "with%20space.md#spaced": True,
    "#here": True,
    "#nowhere": False,
    "explainer": False,  # no suffix: MkDocs does not read it as a page
    "https://example.org/x.md#anything": True,
}


def quiz_page(links: list[str]) -> str:
    lines = [f"hint: [link {number}]({link})" for number, link in enumerate(links)]
    body = "\n".join(["question: Where?", "- [x] a", "- [ ] b", *lines])
    return f"# Links\n\n## Here\n\n```quiz\n{body}\n```\n"


def test_check_names_each_broken_link_with_its_place_and_why(tmp_path: Path):
    quiz_site(tmp_path, {"index.md": "# Home\n\n## Pay now\n", "guide.md": "# Guide\n\n## What makes a job a job?\n"})
    (tmp_path / "docs" / "sub").mkdir()
    (tmp_path / "docs" / "sub" / "quiz.md").write_text(
        textwrap.dedent(
            """\
            ---
            title: Quiz
            ---

            # Quiz

            ```quiz
            question: What is a job?
            - [x] Work for pay now
              feedback: See [the home page](../index.md#pay-now) and [the guide](../guide.md#what-makes-a-job).
            - [ ] A plan
            explain: See [it](guide.md), [above](#quizz), [this][ref], [that](../guide.md#what-makes-a-job-a-job).
            hint: `[not a link](nowhere.md)`
            ```

            [ref]: ../index.md#no-such
            """
        )
    )
    count, errors = check_paths([str(tmp_path / "docs")])
    expected = "expected a link to a page or heading of this site; found"
    path = tmp_path / "docs" / "sub" / "quiz.md"
    assert (count, [str(error) for error in errors]) == (
        3,
        [
            f"{path}:10:70: {expected} '../guide.md#what-makes-a-job' ('guide.md' has no heading or anchor "
            "'what-makes-a-job'; did you mean '#what-makes-a-job-a-job'?)",
            f"{path}:12:19: {expected} 'guide.md' (the docs folder has no file 'sub/guide.md')",
            f"{path}:12:38: {expected} '#quizz' ('sub/quiz.md' has no heading or anchor 'quizz'; "
            "did you mean '#quiz'?)",
            f"{path}:12:47: {expected} '../index.md#no-such' ('index.md' has no heading or anchor 'no-such')",
        ],
    )
    # A single file is checked within its site all the same.
    assert [str(error) for error in check_paths([str(path)])[1]] == [str(error) for error in errors]


def write_site(folder: Path, links: list[str]) -> Path:
    """A site of this repository's pages, with its Markdown extensions and link validation, plus the test's pages;
    a hook writes each page's anchors as MkDocs counts them (``Page.present_anchor_ids``) to anchors.json."""
    names, _ = site_extensions()
    config = quiz_site(folder, {"target.md": TARGET, "links.md": quiz_page(links)}, extensions=names)
    docs = folder / "docs"
    for page in (ROOT / "docs").rglob("*.md"):
        relative = page.relative_to(ROOT / "docs")
        if not (docs / relative).exists():
            (docs / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(page, docs / relative)
    (docs / "sub").mkdir(exist_ok=True)
    (docs / "sub" / "page.md").write_text("# In a folder\n")
    (docs / "with space.md").write_text("# Spaced\n")
    hook = folder / "anchors_hook.py"
    hook.write_text(
        "import json\nfound = {}\n"
        "def on_page_content(html, page, config, **kwargs):\n"
        "    found[page.file.src_uri] = sorted(a for a in page.present_anchor_ids or () if a)\n"
        "def on_post_build(config, **kwargs):\n"
        f"    open({str(folder / 'anchors.json')!r}, 'w').write(json.dumps(found))\n"
    )
    text = config.read_text() + f"hooks: [{hook}]\n"
    config.write_text(text + yaml.safe_dump({"validation": site_config()["validation"]}))
    return config


def test_check_and_the_build_reject_the_same_links_and_count_the_same_anchors(tmp_path: Path):
    config = write_site(tmp_path, list(LINKS))
    built = mkdocs_build(tmp_path / "site", config=config)
    assert built.returncode == 0, built.stderr
    warned = {
        found
        for line in built.stderr.splitlines()
        if line.startswith("WARNING") and "Doc file 'links.md'" in line
        for found in re.findall(r"contains (?:a|an unrecognized relative) link '([^']*)'", line)
    }
    _, errors = check_paths([str(tmp_path / "docs")])
    refused = {re.search(r"found '([^']*)'", error.message)[1] for error in errors}  # type: ignore[index]
    assert all(error.path.endswith("links.md") for error in errors)
    assert refused == warned
    assert refused == {link for link, accepted in LINKS.items() if not accepted}
    # Every anchor of every page, the site's own pages included: the ones MkDocs counts, no more, no fewer.
    counted = json.loads((tmp_path / "anchors.json").read_text())
    from quizlib.links import Site

    site = Site(tmp_path / "docs")
    assert {uri: sorted(site.anchors(uri)) for uri in counted} == counted
    assert len(counted) > 15 and sum(map(len, counted.values())) > 200


def test_a_link_too_long_or_odd_for_a_file_name_is_a_broken_link_not_a_crash(tmp_path: Path):
    docs = tmp_path / "docs"
    docs.mkdir()
    long = "a" * 300 + ".md"
    page = f"# Home\n\n```quiz\nquestion: Q? See [long]({long}) and [nul](a%00b.md).\n- [x] a\n- [ ] b\n```\n"
    (docs / "index.md").write_text(page)
    count, errors = check_paths([str(docs)])
    assert count == 1
    expected = "expected a link to a page or heading of this site"
    assert [error.message.split(";")[0] for error in errors] == [expected] * 2

"""The GitHub flow: issue forms GitHub accepts, the per-page report link that opens one with the page filled
in, the pull request's job summary of changed pages (scripts/changed-pages.py), and CONTRIBUTING.md."""

import importlib.util
import os
import re
import subprocess
import sys
import urllib.parse
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import jinja2
import pytest
import yaml
from test_content import blocks, flesch_kincaid_grade, prose

from quizlib.strings import ui_strings

ROOT = Path(__file__).resolve().parent.parent
FORMS = ROOT / ".github" / "ISSUE_TEMPLATE"
WORKFLOW = ROOT / ".github" / "workflows" / "ci.yml"
CONTRIBUTING = ROOT / "CONTRIBUTING.md"
FORM_FILES = sorted(path for path in FORMS.glob("*.yml") if path.name != "config.yml")

_spec = importlib.util.spec_from_file_location("changed_pages", ROOT / "scripts" / "changed-pages.py")
assert _spec and _spec.loader
changed_pages = sys.modules["changed_pages"] = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(changed_pages)


# -- Issue forms, checked against GitHub's documented schema ("Syntax for issue forms", "Syntax for GitHub's
# form schema" and "Common validation errors when creating issue forms", docs.github.com).

TOP_LEVEL = {"name", "description", "body", "assignees", "labels", "title", "projects", "type"}
ATTRIBUTES = {
    "markdown": {"value"},
    "textarea": {"label", "description", "placeholder", "value", "render"},
    "input": {"label", "description", "placeholder", "value"},
    "dropdown": {"label", "description", "multiple", "options", "default"},
    "checkboxes": {"label", "description", "options"},
}


def text(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def keys_are_strings(value: object) -> bool:
    if isinstance(value, dict):
        return all(isinstance(key, str) and keys_are_strings(item) for key, item in value.items())
    return all(map(keys_are_strings, value)) if isinstance(value, list) else True


def form_problems(form: object) -> list[str]:
    """What GitHub would refuse in an issue form, each as a sentence; none for a valid one."""
    if not isinstance(form, dict):
        return ["expected a mapping at the top level"]
    if not keys_are_strings(form):
        return ["a key reads as true or false (such as on, yes or no): GitHub forbids these"]
    problems = [f"{key!r} is not a permitted top-level key" for key in form if key not in TOP_LEVEL]
    problems += [f"{key} must be a non-empty string" for key in ("name", "description") if not text(form.get(key))]
    if text(form.get("name")) and len(form["name"].strip()) <= 3:
        problems.append("name must be more than 3 characters")
    body = form.get("body")
    if not isinstance(body, list) or not body:
        return [*problems, "body must be a non-empty list"]
    ids: list[str] = []
    labels: list[str] = []
    for index, element in enumerate(body):
        where = f"body[{index}]"
        if not isinstance(element, dict) or element.get("type") not in ATTRIBUTES:
            problems.append(f"{where}: type must be one of {sorted(ATTRIBUTES)}")
            continue
        kind, attributes = element["type"], element.get("attributes")
        keys = {"type", "id", "attributes", "validations"}
        problems += [f"{where}: {key!r} is not a permitted key" for key in element if key not in keys]
        if not isinstance(attributes, dict):
            problems.append(f"{where}: attributes must be a mapping")
            continue
        problems += [
            f"{where}: {key!r} is not a permitted attribute" for key in attributes if key not in ATTRIBUTES[kind]
        ]
        if kind == "markdown":
            problems += [f"{where}: markdown takes no {key}" for key in ("id", "validations") if key in element]
            problems += [] if text(attributes.get("value")) else [f"{where}: value must be a non-empty string"]
            continue
        if not (isinstance(element.get("id"), str) and re.fullmatch(r"[A-Za-z0-9_-]+", element["id"])):
            problems.append(f"{where}: id must be letters, digits, '-' or '_'")
        else:
            ids.append(element["id"])
        if not text(attributes.get("label")):
            problems.append(f"{where}: label must be a non-empty string")
        else:
            labels.append(attributes["label"])
            if "password" in attributes["label"].lower():
                problems.append(f"{where}: label contains a forbidden word")
        if kind in ("dropdown", "checkboxes"):
            options = attributes.get("options")
            names = [option.get("label") if isinstance(option, dict) else option for option in options or []]
            if not names or not all(text(name) for name in names) or len(set(names)) != len(names):
                problems.append(f"{where}: options must be distinct non-empty strings")
            if kind == "checkboxes":
                labels += names
                if "validations" in element:  # each option says whether it is required
                    problems.append(f"{where}: checkboxes take no validations")
            elif any(str(name).lower() == "none" for name in names):
                problems.append(f"{where}: options must not include 'None'")
        validations = element.get("validations", {})
        if not (isinstance(validations, dict) and set(validations) <= {"required"}):
            problems.append(f"{where}: validations may hold only 'required'")
        elif not isinstance(validations.get("required", False), bool):
            problems.append(f"{where}: required must be true or false")
    if not ids and not labels:
        problems.append("body must contain at least one non-markdown field")
    problems += [f"id {name!r} is used twice" for name in set(ids) if ids.count(name) > 1]
    problems += [f"label {name!r} is used twice" for name in set(labels) if labels.count(name) > 1]
    return problems


def read_form(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def report_form() -> Path:
    """The form the report link opens."""
    (found,) = [path for path in FORM_FILES if read_form(path)["name"] == "Report a problem on a page"]
    return found


def test_there_are_three_issue_forms_and_a_chooser_config():
    names = [read_form(path)["name"] for path in FORM_FILES]
    assert names == ["Report a problem on a page", "Propose a quiz question", "Suggest content"]
    config = yaml.safe_load((FORMS / "config.yml").read_text(encoding="utf-8"))
    assert set(config) <= {"blank_issues_enabled", "contact_links"}
    assert isinstance(config["blank_issues_enabled"], bool)


@pytest.mark.parametrize("path", FORM_FILES, ids=lambda path: path.name)
def test_every_issue_form_has_the_shape_github_requires(path: Path):
    assert form_problems(read_form(path)) == []


def test_the_schema_check_catches_what_github_refuses():
    """The checker above is itself checked: each mistake GitHub documents is found."""
    good = {"name": "Report", "description": "d", "body": [{"type": "input", "id": "a", "attributes": {"label": "A"}}]}
    assert form_problems(good) == []
    broken = [
        {**good, "hello": "world"},
        {**good, True: "on"},
        {**good, "description": " "},
        {**good, "name": "Bug"},
        {**good, "body": [{"type": "markdown", "attributes": {"value": "Hi"}}]},
        {**good, "body": [*good["body"], {"type": "x", "attributes": {"label": "B"}}]},
        {**good, "body": [{"type": "input", "id": "first name", "attributes": {"label": "A"}}]},
        {**good, "body": [{"type": "input", "attributes": {"label": "A"}}]},  # no id (our rule)
        {**good, "body": [{"type": "input", "id": "a", "attributes": {"label": True}}]},
        {**good, "body": [{"type": "input", "id": "a", "attributes": {"label": "Password"}}]},
        {**good, "body": [{"type": "input", "id": "a", "attributes": {"label": "A", "x": 1}}]},
        {**good, "body": [*good["body"], {"type": "textarea", "id": "a", "attributes": {"label": "B"}}]},
        {**good, "body": [*good["body"], {"type": "textarea", "id": "b", "attributes": {"label": "A"}}]},
        {**good, "body": [{"type": "dropdown", "id": "d", "attributes": {"label": "D", "options": ["x", "x"]}}]},
        {**good, "body": [{"type": "dropdown", "id": "d", "attributes": {"label": "D", "options": ["x", "None"]}}]},
        {
            **good,
            "body": [
                {"type": "checkboxes", "id": "c", "attributes": {"label": "C", "options": [{"label": "A"}]}},
                *good["body"],
            ],
        },
        {
            **good,
            "body": [{"type": "input", "id": "a", "attributes": {"label": "A"}, "validations": {"required": "y"}}],
        },
    ]
    for form in broken:
        assert len(form_problems(form)) == 1, form  # that mistake, and only it


def test_the_report_form_asks_for_the_page_first_and_requires_it():
    form = read_form(report_form())
    fields = [element for element in form["body"] if element["type"] != "markdown"]
    assert fields[0]["type"] == "input" and fields[0]["id"] == "page"
    assert fields[0]["validations"] == {"required": True}
    required = [field["id"] for field in fields if field.get("validations", {}).get("required")]
    assert required == ["page", "problem", "expected"]  # the device is optional


# -- The report link in every built page.


class Links(HTMLParser):
    """The report link, the edit link and the canonical address of one built page."""

    def __init__(self) -> None:
        super().__init__()
        self.report: list[str] = []
        self.edit: list[str] = []
        self.canonical: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "a" and "qz-report" in (found.get("class") or "").split():
            self.report.append(found["href"] or "")
        if tag == "a" and found.get("rel") == "edit":
            self.edit.append(found["href"] or "")
        if tag == "link" and found.get("rel") == "canonical":
            self.canonical.append(found["href"] or "")


def mkdocs_config() -> dict:
    """mkdocs.yml, each !ENV value read as its default."""

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("!ENV", lambda loader, suffix, node: loader.construct_sequence(node)[-1])
    return yaml.load((ROOT / "mkdocs.yml").read_text(), Loader)


def repo_url() -> str:
    return mkdocs_config()["repo_url"].rstrip("/")


def nav_titles(items: list) -> dict[str, str]:
    """Each page in the navigation (as docs/...) and its title there."""
    titles: dict[str, str] = {}
    for item in items:
        ((title, target),) = item.items()
        titles.update(nav_titles(target) if isinstance(target, list) else {f"docs/{target}": title})
    return titles


def docs_pages() -> list[str]:
    return sorted(
        str(path.relative_to(ROOT))
        for path in (ROOT / "docs").rglob("*")
        if path.is_file() and changed_pages.page_address(str(path.relative_to(ROOT))) is not None
    )


def test_every_page_opens_the_report_form_with_its_own_address(built_site: Path):
    """Each page's report link opens page-problem.yml with `page=` the page's canonical address; each page
    is where the changed-pages script says it is, and its edit link opens its own source."""
    form = report_form().name
    pages = docs_pages()
    titles = nav_titles(mkdocs_config()["nav"])
    assert set(pages) == set(titles) and "docs/index.md" in pages
    home = Links()
    home.feed((built_site / "index.html").read_text(encoding="utf-8"))
    (site_url,) = home.canonical
    for source in pages:
        address = changed_pages.page_address(source)
        html = (built_site / address / "index.html").read_text(encoding="utf-8")
        links = Links()
        links.feed(html)
        (canonical,) = links.canonical
        assert canonical == site_url + address
        assert links.edit == [f"{repo_url()}/edit/main/{source}"], source
        (href,) = links.report
        raw = re.search(r'class="qz-report" href="([^"]*)"', html)
        assert raw and re.fullmatch(r"[A-Za-z0-9%._~/:?=&;-]+", raw.group(1)), raw  # URL-encoded, &amp; separators
        link = urllib.parse.urlsplit(href)
        assert f"{link.scheme}://{link.netloc}{link.path}" == f"{repo_url()}/issues/new"
        query = urllib.parse.parse_qs(link.query, strict_parsing=True)
        assert list(query) == ["template", "page", "title"]
        assert query["template"] == [form] and query["page"] == [canonical]
        assert query["title"] == [f"Problem on the page: {titles[source]}"]


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize(
    ("given", "title"),
    [
        ('A "b" & c #d=e+f?g/h é', 'A "b" & c #d=e+f?g/h é'),
        # A title from a page's heading, as MkDocs gives it: HTML-escaped. The issue's title is text.
        ("Fish &amp; chips &lt;today&gt; 100%", "Fish & chips <today> 100%"),
    ],
)
def test_a_hostile_page_title_stays_inside_the_title_parameter(language: str, given: str, title: str):
    """Page titles come from the pages: quotes, ampersands, '#' or '=' change no other part of the link, and the
    issue's title reads as the page's title does, without HTML entities."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(ROOT / "overrides"))
    ui = ui_strings(language)
    config = SimpleNamespace(copyright=None, repo_url="https://github.com/o/r/", extra={"ui": ui, "generator": False})
    page = SimpleNamespace(title=given, canonical_url="https://o.github.io/r/a b/?x=1&y#z")
    html = env.get_template("partials/copyright.html").render(config=config, page=page)
    links = Links()
    links.feed(html)
    (href,) = links.report
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(href).query, strict_parsing=True)
    assert query == {
        "template": ["page-problem.yml"],
        "page": [page.canonical_url],
        "title": [ui["report_title"].replace("{title}", title)],
    }
    assert f">{ui['report']}</a>" in html


# -- The job summary of a pull request: the pages it changes.


def contributing_examples() -> list[tuple[str, str | None]]:
    """The rows of CONTRIBUTING.md's table of files and their page addresses."""
    rows = re.findall(r"^\| `(docs/[^`]*)` \| (.*) \|$", CONTRIBUTING.read_text(encoding="utf-8"), re.MULTILINE)
    examples: list[tuple[str, str | None]] = []
    for source, cell in rows:
        shown = re.fullmatch(r"`([^`]*)`", cell)
        examples.append((source, shown.group(1) if shown else "" if cell.startswith("the site's root") else None))
        assert shown or cell.startswith(("the site's root", "none")), cell
    return examples


def test_contributing_gives_the_address_rule_with_examples_and_the_script_follows_them():
    examples = contributing_examples()
    assert ("docs/quiz.md", "quiz/") in examples and ("docs/index.md", "") in examples
    assert ("docs/contribute/scoring.md", "contribute/scoring/") in examples
    assert any(address is None for _, address in examples)
    for source, address in examples:
        assert changed_pages.page_address(source) == address, source


@pytest.mark.parametrize(
    ("source", "address"),
    [
        ("docs/contribute/index.md", "contribute/"),
        ("docs/contribute/README.md", "contribute/"),
        ("docs/notes.markdown", "notes/"),
        ("docs/my page.md", "my%20page/"),
        ("docs/Index.md", "Index/"),
        ("docs/.drafts/a.md", None),
        ("docs/templates/a.md", None),
        ("docs/assets/logo.svg", None),
        ("README.md", None),
        ("documents/a.md", None),
        ("docs", None),
    ],
)
def test_page_addresses_follow_mkdocs(source: str, address: str | None):
    assert changed_pages.page_address(source) == address


def git(folder: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", *args],
        cwd=folder,
        capture_output=True,
        text=True,
        check=True,
        env={
            **os.environ,
            "GIT_AUTHOR_NAME": "t",
            "GIT_AUTHOR_EMAIL": "t@t",
            "GIT_COMMITTER_NAME": "t",
            "GIT_COMMITTER_EMAIL": "t@t",
            "GIT_CONFIG_GLOBAL": os.devnull,
            "GIT_CONFIG_SYSTEM": os.devnull,
        },
    )
    return done.stdout


def write(folder: Path, files: dict[str, str]) -> None:
    for name, content in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(content)


@pytest.fixture
def pull_request(tmp_path: Path) -> Path:
    """A repository whose HEAD is a merge of a pull request into main, as GitHub checks one out."""
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    write(
        repo,
        {
            "docs/index.md": "# Home\n",
            "docs/quiz.md": "# Quiz\n",
            "docs/old.md": "# Old\n" * 20,
            "docs/assets/site.css": "a {}\n",
            "README.md": "r\n",
        },
    )
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "base")
    git(repo, "checkout", "-q", "-b", "change")
    write(
        repo,
        {
            "docs/quiz.md": "# Quiz, fixed\n",
            "docs/contribute/scoring.md": "# Scoring\n",
            "docs/assets/site.css": "a { color: red }\n",
            "README.md": "r2\n",
            "docs/a|`b.md": "# Odd name\n",
        },
    )
    git(repo, "mv", "docs/old.md", "docs/new.md")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "change")
    git(repo, "checkout", "-q", "main")
    write(repo, {"docs/index.md": "# Home, changed on main meanwhile\n"})  # not the pull request's change
    git(repo, "commit", "-q", "-am", "main moves on")
    git(repo, "merge", "-q", "--no-ff", "-m", "merge", "change")
    return repo


EXPECTED = """\
## Pages this pull request changes

To see them as readers will: [download the built site](https://github.com/o/r/actions/runs/1/artifacts/2), \
unzip it, run `python3 -m http.server 8000 --bind 127.0.0.1` in the unzipped folder, and open the links below.

| Page | Change | Address in the built site |
|---|---|---|
| ``docs/a\\|`b.md`` | added | [`a%7C%60b/`](http://localhost:8000/a%7C%60b/), file `a%7C%60b/index.html` |
| `docs/contribute/scoring.md` | added | [`contribute/scoring/`](http://localhost:8000/contribute/scoring/), \
file `contribute/scoring/index.html` |
| `docs/old.md` | removed | `old/`, no longer built |
| `docs/new.md` | added | [`new/`](http://localhost:8000/new/), file `new/index.html` |
| `docs/quiz.md` | changed | [`quiz/`](http://localhost:8000/quiz/), file `quiz/index.html` |

Other files under `docs/` changed, and may change any page: `docs/assets/site.css` (changed).
"""


def test_the_workflow_step_writes_the_changed_pages_to_the_job_summary(pull_request: Path, tmp_path: Path):
    """The workflow's own command, run as GitHub runs it on a pull request's merge commit."""
    workflow = yaml.safe_load(WORKFLOW.read_text())
    (step,) = [s for s in workflow["jobs"]["test"]["steps"] if "changed-pages.py" in s.get("run", "")]
    assert "pull_request" in step["if"]
    (pull_request / "scripts").symlink_to(ROOT / "scripts")
    summary = tmp_path / "summary.md"
    summary.write_text("")
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "PREVIEW_URL": workflow["env"]["PREVIEW_URL"],
        "ARTIFACT_URL": "https://github.com/o/r/actions/runs/1/artifacts/2",
        "GITHUB_STEP_SUMMARY": str(summary),
    }
    done = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=pull_request, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert summary.read_text() == EXPECTED


def changed_pages_in(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    script = ROOT / "scripts" / "changed-pages.py"
    return subprocess.run([sys.executable, script, *args], cwd=repo, capture_output=True, text=True)


def test_without_an_artifact_or_a_changed_page_the_summary_says_so(pull_request: Path):
    """A failed build leaves no artifact: the pages are listed without links to a site nobody can download."""
    done = changed_pages_in(pull_request, "HEAD^1", "HEAD", "--site-url", "http://localhost:8000", "--artifact-url", "")
    assert done.returncode == 0 and "download" not in done.stdout and "localhost" not in done.stdout
    assert "\n| `docs/quiz.md` | changed | `quiz/`, file `quiz/index.html` |\n" in done.stdout
    git(pull_request, "commit", "-q", "--allow-empty", "-m", "nothing")
    done = changed_pages_in(pull_request, "HEAD^1")
    assert done.stdout == "## Pages this pull request changes\n\nNo Markdown page under `docs/` changed.\n"


def test_bad_revisions_and_options_are_told_without_a_traceback(pull_request: Path):
    done = changed_pages_in(pull_request, "no-such-revision")
    assert done.returncode == 1 and "Traceback" not in done.stderr and "no-such-revision" in done.stderr
    done = changed_pages_in(pull_request, "HEAD^1", "--artifact-url", "https://example.org/a")
    assert done.returncode == 2 and "--artifact-url needs --site-url" in done.stderr


def test_a_file_name_is_shown_as_typed_and_never_breaks_the_table():
    for name in ["a|b", "a`b", "`a", "a\nb", "<img src=x onerror=alert(1)>", "a\u202eb", "``"]:
        shown = changed_pages.code(name)
        assert "\n" not in shown and not re.search(r"(?<!\\)\|", shown), shown
        fence = re.match("`+", shown).group(0)
        inside = shown[len(fence) : -len(fence)]
        assert "`" * len(fence) not in inside and shown.endswith(fence)
        assert inside.strip(" ").replace("\\|", "|") == (
            name if name.isprintable() else name.encode("unicode_escape").decode()
        ), shown


# -- CONTRIBUTING.md


def test_contributing_names_only_files_that_exist():
    text = CONTRIBUTING.read_text(encoding="utf-8")
    targets = [target for target in re.findall(r"\]\(([^)#]+)", text) if "://" not in target]
    named = [
        token.rstrip("/")
        for token in re.findall(r"`([^`\s]+)`", text)
        if "/" in token and (ROOT / token.split("/")[0]).is_dir()
    ]
    assert targets and named
    for path in targets + named:
        assert (ROOT / path).exists(), path
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    guide = (ROOT / "docs" / "contribute" / "writing-quizzes.md").read_text(encoding="utf-8")
    assert "](CONTRIBUTING.md)" in readme
    assert f"]({repo_url()}/blob/main/CONTRIBUTING.md)" in guide


def test_contributing_is_plain_enough_for_a_newcomer():
    prose_text = "\n".join(prose(paragraph) for paragraph in blocks(CONTRIBUTING))
    assert flesch_kincaid_grade(prose_text) <= 8.0

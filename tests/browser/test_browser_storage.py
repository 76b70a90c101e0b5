"""Saved progress is untrusted input: on a github.io project site every other project of the same user shares
the origin and can write this site's storage key. Crafted entries are written before the page loads (under the
real Content-Security-Policy); they must create no element, request, navigation or link outside the site, the
reader is told once that saved data was reset, and what was valid in the same storage is kept."""

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect
from support import READY, ROOT, scored

KEY = "job-vs-career:progress:v3:/"  # named by the format and scoped to the site's path
RESET = "Some saved answers could not be read and were reset."
QUIZ = "/quiz/#quick-quiz"
OTHER = "/self-assessment/#work-orientation"
PAGES = {"quiz/": ["quick-quiz"], "self-assessment/": ["work-orientation"], "contribute/writing-quizzes/": []}

# Before the page's own scripts run: seed the storage once per tab (a reload then shows what the page kept),
# and from then on note every element added to the page, and every change of a link, source or refresh.
SEED = """
if (window === window.top && location.protocol === "http:" && !sessionStorage.getItem("qz-test-seeded")) {
  sessionStorage.setItem("qz-test-seeded", "1");
  localStorage.setItem(%s, %s);
}
"""
WATCH = """
window.added = [];
window.violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.violations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
document.addEventListener("readystatechange", () => {
  if (document.readyState !== "interactive") return;  // parsed: what is added from now on comes from scripts
  new MutationObserver((records) => {
    for (const record of records) {
      const nodes = record.type === "attributes" ? [record.target] : [...record.addedNodes];
      for (const node of nodes) {
        if (node.nodeType !== 1) continue;
        for (const element of [node, ...node.querySelectorAll("*")]) {
          const where = element.closest(".qz-chart-box") ? "chart" : element.closest(".qz-my-results") ? "results" : "";
          const changed = record.type === "attributes" ? `:${record.attributeName}` : "";
          window.added.push(`${element.localName}@${where}${changed}`);
        }
      }
    }
  }).observe(document, {
    childList: true, subtree: true,
    attributes: true, attributeFilter: ["href", "src", "srcdoc", "http-equiv", "action"],
  });
});
"""
# Elements a stored entry must never bring: counted in the whole document.
COUNT = """() => {
  const tags = ["img", "image", "iframe", "frame", "object", "embed", "meta", "link", "base", "script", "style",
                "form", "audio", "video", "source", "svg", "a", "foreignObject", "use", "animate", "set"];
  const counts = Object.fromEntries(tags.map((tag) => [tag, document.getElementsByTagName(tag).length]));
  const outside = (tag, where) => [...document.getElementsByTagName(tag)].filter((e) => !e.closest(where)).length;
  counts["a outside my results"] = outside("a", ".qz-my-results");
  counts["svg outside charts"] = outside("svg", ".qz-chart-box");
  counts["meta refresh"] = document.querySelectorAll("meta[http-equiv=refresh i]").length;
  // In the quizzes and My results, besides the rows My results lists (checked on their own) and the marks the
  // page draws from the engine's own check of saved answers.
  counts["elements in quizzes"] = [...document.querySelectorAll(".qz-quiz *, .qz-my-results *")]
      .filter((element) => !element.closest(".qz-my-results tbody, .qz-mark")).length;
  counts["tags in my results rows"] = [...new Set([...document.querySelectorAll(".qz-my-results tbody *")]
      .map((element) => element.localName))].filter((tag) => !["tr", "td", "a", "span"].includes(tag)).join(" ");
  // A span holds only the words that mark a result from before its quiz changed.
  counts["spans in my results rows"] = [...document.querySelectorAll(".qz-my-results tbody span")]
      .filter((span) => span.className !== "qz-stale" || span.childElementCount).length;
  delete counts.a;  // My results lists links: checked on their own
  return counts;
}"""
DANGEROUS = re.compile(
    r"^(img|image|iframe|frame|object|embed|meta|link|base|script|style|form|audio|video|source|"
    r"svg|a|foreignobject|use|animate|set)@"
)


@dataclass
class Watched:
    """What a page did that a stored entry could have caused."""

    page: Page
    site_url: str
    foreign: list[str] = field(default_factory=list)  # requests to another host (aborted)
    navigations: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)

    def added(self) -> list[str]:
        # My results' own links are checked on their own (each to a page of the site).
        added = self.page.evaluate("window.added")
        return [item for item in added if DANGEROUS.match(item) and not item.startswith("a@results")]


def watch(page: Page, site_url: str, store: str | None = None) -> Watched:
    seen = Watched(page, site_url)
    page.route(
        lambda url: not url.startswith(site_url), lambda route: (seen.foreign.append(route.request.url), route.abort())
    )
    page.on("console", lambda message: message.type == "error" and seen.console.append(message.text))
    page.on("framenavigated", lambda frame: seen.navigations.append(frame.url))
    page.add_init_script(WATCH)
    if store is not None:
        page.add_init_script(SEED % (json.dumps(KEY), json.dumps(store)))
    return seen


def settle(page: Page, path: str) -> None:
    """Wait until the page has done all it does with its storage: the engine ready and any re-check done."""
    if path == "my-results/":
        expect(page.locator(".qz-my-results")).to_have_attribute("data-qz-live", "true")
    else:
        expect(page.locator(".qz-quiz").first).to_have_attribute("data-qz-live", "true")
        for root in page.locator(".qz-quiz").all():
            expect(root).to_have_attribute("data-qz-engine", "ready", timeout=READY)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)  # a re-check of saved answers takes a few milliseconds once the engine is ready


def stored(page: Page) -> Any:
    text = page.evaluate(f"localStorage.getItem({json.dumps(KEY)})")
    return None if text is None else json.loads(text)


def notices(page: Page) -> list[str]:
    """What the page says of saved data: under each quiz's title when it opens, and in its live regions."""
    return [text.strip() for text in page.locator(".qz-restore-note, .qz-notice").all_text_contents()]


def fnv1a(text: str) -> str:
    """Format 2's fingerprint of a whole quiz (progress.js `fingerprint`): FNV-1a over UTF-16 code units."""
    value = 0x811C9DC5
    units = text.encode("utf-16-le")
    for index in range(0, len(units), 2):
        value ^= units[index] | units[index + 1] << 8
        value = (value * 0x01000193) & 0xFFFFFFFF
    return format(value, "x")


@pytest.fixture(scope="module")
def fingerprints(browser: Browser, site_url: str) -> dict[str, str]:
    """Each quiz's whole fingerprint as formats 1 and 2 wrote it (of its data as JSON.stringify writes it): their
    entries, written with it, keep their answers while the quiz is the one they were saved for."""
    context = browser.new_context()
    found: dict[str, str] = {}
    try:
        page = context.new_page()
        for path in PAGES:
            page.goto(site_url + path)
            quizzes = page.evaluate("""() => Object.fromEntries([...document.querySelectorAll(".qz-quiz")]
                .map((root) => [root.dataset.qzQuiz, JSON.stringify(JSON.parse(root.dataset.qz).quiz)]))""")
            found.update({quiz: fnv1a(text) for quiz, text in quizzes.items()})
    finally:
        context.close()
    return found


@pytest.fixture(scope="module")
def baseline(browser: Browser, site_url: str) -> Iterator[Callable[[str], dict[str, int]]]:
    """The elements a page has with nothing saved, once settled."""
    cache: dict[str, dict[str, int]] = {}

    def counts(path: str) -> dict[str, int]:
        if path not in cache:
            context = browser.new_context()
            try:
                page = context.new_page()
                watch(page, site_url)
                page.goto(site_url + path)
                settle(page, path)
                cache[path] = page.evaluate(COUNT)
                cache[path + " added"] = page.evaluate("window.added")
            finally:
                context.close()
        return cache[path]

    yield counts


def other_entry(fingerprints: dict[str, str]) -> dict[str, Any]:
    """A valid saved entry for another page's quiz: it must survive whatever is wrong beside it."""
    return {
        "version": fingerprints["work-orientation"],
        "title": "Your work orientation",
        "url": "/self-assessment/",
        "context": "1",
        "answers": {"q1": 4},
        "updated": "2025-01-02T03:04:05.000Z",
    }


def entry(fingerprints: dict[str, str], **fields: Any) -> dict[str, Any]:
    """The quick quiz's entry as the site wrote it before stored data was validated (format 1), with `fields`."""
    return {
        "version": fingerprints["quick-quiz"],
        "title": "Job or career: the basics",
        "url": "/quiz/",
        "answers": {"q1": "a"},
        "updated": "2025-01-02T03:04:05.000Z",
        **fields,
    }


def v1_result(**fields: Any) -> dict[str, Any]:
    """A result as format 1 stored it: the engine's whole answer, summary and chart markup included."""
    return {
        "format": 2,
        "score": 1.0,
        "max": 16.0,
        "percent": 6.2,
        "passed": False,
        "band": 0,
        "profile": None,
        "notes": [],
        "questions": [],
        "scales": [],
        "measures": {},
        "summary": "You scored 1 out of 16 (6.2%).",
        "chart": "",
        **fields,
    }


def store(fingerprints: dict[str, str], quiz_entry: object, version: int = 1) -> str:
    return json.dumps({"version": version, "quizzes": {OTHER: other_entry(fingerprints), QUIZ: quiz_entry}})


@dataclass
class Payload:
    name: str
    path: str
    build: Callable[[dict[str, str]], str]  # the stored text, from the quizzes' fingerprints
    told: bool = True  # the reader is told that saved data was reset
    q1_kept: bool = True  # the valid answer beside the payload is restored
    other_kept: bool = True  # the other quiz's entry is still stored, unchanged


MARKUP = {
    "chart-img": '<img src="https://evil.example/c.png" onerror="location=\'https://evil.example/\'">',
    "chart-meta-refresh": '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    "chart-iframe": '<iframe src="https://evil.example/"></iframe><iframe srcdoc="&lt;p&gt;framed&lt;/p&gt;"></iframe>',
    "chart-link": '<link rel="stylesheet" href="https://evil.example/x.css">'
    '<link rel="icon" href="//evil.example/i.ico">',
    "chart-svg": '<svg><image href="https://evil.example/i.png"></image><a href="javascript:alert(1)"><text y="20">'
    'win</text></a></svg><a href="javascript:alert(1)">Continue</a>',
}
PAYLOADS = [
    # The summary is text: shown as text at most until the engine has re-checked the saved answers.
    Payload(
        "summary-markup",
        "quiz/",
        lambda f: store(
            f, entry(f, result=v1_result(summary='<img src="https://evil.example/s.png"><b>You passed</b>'))
        ),
        told=False,
    ),
    # Format 1 kept the chart's markup: it is dropped (a legitimate old entry, so nothing to report).
    *(
        Payload(name, "quiz/", lambda f, m=markup: store(f, entry(f, result=v1_result(chart=m))), told=False)
        for name, markup in MARKUP.items()
    ),
    # Since format 2, a result with any field besides its summary (and its answers, and what it was scored
    # under) does not fit.
    Payload(
        "chart-in-format-2",
        "quiz/",
        lambda f: store(
            f,
            entry(
                f,
                result={
                    "summary": "You scored 1 out of 16 (6.2%).",
                    "chart": MARKUP["chart-img"] + MARKUP["chart-meta-refresh"],
                },
            ),
            2,
        ),
    ),
    # Format 3: fingerprints that are not 12 hexadecimal digits do not fit; an answer without one is dropped.
    Payload(
        "fingerprints-of-the-wrong-shape",
        "quiz/",
        lambda f: store(
            f,
            {
                "url": "/quiz/",
                "answers": {"q1": "a", "q2": "a", "q3": "a"},
                "asked": {"q2": '"><img src=x>', "q3": {"toString": "x"}},
                "result": {"summary": "You scored 1 out of 16 (6.2%).", "scored": "<b>x</b>"},
            },
            3,
        ),
        q1_kept=False,
    ),
    Payload(
        "answers-of-the-wrong-shape",
        "quiz/",
        lambda f: store(
            f,
            entry(
                f,
                answers={
                    "q1": "a",
                    "q2": '"><img src=x onerror=alert(1)>',
                    "q3": ["a"],
                    "q4": "a",
                    "q5": True,
                    "q8": {"a": "b"},
                    "q9": ["12.9"],
                    "q11": ["a", "b", "c", "d", "e"],
                    "q99": "a",
                    "constructor": "a",
                },
            ),
        ),
    ),
    Payload(
        "unknown-question-ids",
        "quiz/",
        lambda f: store(f, entry(f, answers={"q1": "a", "q17": "a", "": "a", "Q2": "b", "q2 ": "b", "toString": "a"})),
    ),
    Payload(
        "prototype-keys",
        "quiz/",
        lambda f: (
            '{"version": 1, "quizzes": {"__proto__": {"polluted": "yes", "version": "1"}, '
            f'"{OTHER}": {json.dumps(other_entry(f))}, '
            f'"{QUIZ}": {{"version": "{f["quick-quiz"]}", "__proto__": {{"polluted": "yes"}}, '
            '"answers": {"__proto__": {"q2": "a"}, "q1": "a"}, "result": {"__proto__": {"summary": "<b>x</b>"}}}}}'
        ),
    ),
    Payload(
        "wrong-types-in-fields",
        "quiz/",
        lambda f: store(
            f,
            entry(
                f, title=5, url={"href": "/quiz/"}, context=["2"], checked={"at": 1}, updated=12, result="You passed"
            ),
        ),
    ),
    Payload("entry-not-an-object", "quiz/", lambda f: store(f, ["a", "<img src=x>"]), q1_kept=False),
    Payload("fingerprint-not-text", "quiz/", lambda f: store(f, entry(f, version={"toString": "x"})), q1_kept=False),
    Payload(
        "huge-strings",
        "quiz/",
        lambda f: store(
            f,
            entry(f, answers={"q1": "a", "q8": "x" * 1_100_000}, title="T" * 50_000, result={"summary": "S" * 50_000}),
            2,
        ),
    ),
    *(
        Payload(f"not-json-{index}", "quiz/", lambda f, t=text: t, q1_kept=False, other_kept=False)
        for index, text in enumerate(
            [
                "{not json",
                '<svg onload="alert(1)">',
                "null",
                "[]",
                '{"version": 1, "quizzes": []}',
                '{"version": 99, "quizzes": {}}',
            ]
        )
    ),
    Payload(
        "my-results-links",
        "my-results/",
        lambda f: json.dumps(
            {
                "version": 1,
                "quizzes": {
                    OTHER: other_entry(f),
                    QUIZ: entry(
                        f, title='<img src=x onerror="alert(1)">Job', result=v1_result(summary="<b>You scored</b>")
                    ),
                    "/a/#x1": entry(f, url="javascript:alert(1)"),
                    "/b/#x2": entry(f, url="//evil.example/"),
                    "/c/#x3": entry(f, url="https://evil.example/"),
                    "/d/#x4": entry(f, url="data:text/html,<p>x</p>"),
                    "/e/#x5": entry(f, url="/\\evil.example/"),
                    "/f/#x6": entry(f, url=" javascript:alert(1)"),
                    "javascript:alert(1)//#x7": entry(f, url="javascript:alert(1)//"),
                    "/g/#x8": entry(f, url="/quiz/"),
                    "/h/../../#x9": entry(f, url="/h/../../"),
                    "/k/#x10": entry(f, url="/k/", title={"x": 1}),
                },
            }
        ),
    ),
    Payload("my-results-not-json", "my-results/", lambda f: '{"version": 1, "quizzes": ', other_kept=False),
]


@pytest.mark.browser
@pytest.mark.parametrize("payload", PAYLOADS, ids=[payload.name for payload in PAYLOADS])
def test_a_crafted_entry_brings_nothing_into_the_page(
    page: Page, site_url: str, fingerprints: dict[str, str], baseline: Callable[[str], dict[str, int]], payload: Payload
):
    text = payload.build(fingerprints)
    seen = watch(page, site_url, text)
    page.goto(site_url + payload.path)
    settle(page, payload.path)

    assert page.evaluate(COUNT) == baseline(payload.path), "elements beyond the page's own"
    assert seen.added() == [item for item in baseline(payload.path + " added") if DANGEROUS.match(item)]
    assert seen.foreign == [], "requests to another host"
    assert all(url.startswith(site_url) for url in seen.navigations), seen.navigations
    assert page.url.startswith(site_url + payload.path)
    assert seen.console == [], "console errors"
    assert page.evaluate("window.violations") == []
    assert page.evaluate("Object.prototype.polluted === undefined && ({}).q2 === undefined")
    assert notices(page).count(RESET) == (1 if payload.told else 0), notices(page)
    assert not page.locator(".qz-quiz [href^='javascript:' i], .qz-my-results [href^='javascript:' i]").count()

    kept = stored(page)
    if payload.other_kept:
        assert kept["quizzes"][OTHER]["answers"] == {"q1": 4}, "the valid entry beside the payload is kept"
    if payload.path == "quiz/":
        q1 = page.locator("#qz-quick-quiz-q1 input[value='a']")
        (expect(q1).to_be_checked if payload.q1_kept else expect(q1).not_to_be_checked)()
        answered = "1 of 16 answered" if payload.q1_kept else "0 of 16 answered"
        expect(page.locator("#qz-quick-quiz .qz-progress")).to_have_text(answered)
        for typed in page.locator("#qz-quick-quiz input[type=text]").all():
            expect(typed).to_have_value("")
        result = page.locator("#qz-quick-quiz .qz-result")
        if payload.q1_kept and kept and "result" in (kept["quizzes"].get(QUIZ) or {}):
            # Once the engine is ready, what shows is its own result for the saved answers.
            expect(result).to_have_text(scored(page, {"q1": "a"})["summary"])
        if payload.told:
            # What could not be read is gone from storage: the next visit has nothing to report.
            page.reload()
            expect(page.locator(".qz-quiz").first).to_have_attribute("data-qz-live", "true")
            assert RESET not in notices(page)
    else:
        check_results_page(page, site_url, payload)


def check_results_page(page: Page, site_url: str, payload: Payload) -> None:
    box = page.locator(".qz-my-results")
    links = box.locator("a")
    for index in range(links.count()):
        href = links.nth(index).get_attribute("href") or ""
        assert href.startswith("/") and not href.startswith("//"), href
        assert links.nth(index).evaluate("(a) => a.href").startswith(site_url), href
    if payload.name == "my-results-links":
        # Listed: only the site's own quizzes, as the build lists them, with the build's titles and addresses;
        # the stored titles and links, and entries for quizzes the site does not have, are not shown.
        expect(box.locator("tbody tr")).to_have_count(2)
        hrefs = sorted(links.nth(index).get_attribute("href") or "" for index in range(links.count()))
        assert hrefs == ["/quiz/", "/self-assessment/"]
        expect(box.get_by_role("link", name="Job or career: the basics")).to_have_attribute("href", "/quiz/")
        expect(box).not_to_contain_text("onerror")
        expect(box).to_contain_text("<b>You scored</b>")  # a stored summary is shown as text, never as markup


@pytest.mark.browser
def test_each_kind_of_answer_is_checked_against_its_question(page: Page, site_url: str, fingerprints: dict[str, str]):
    path = "/contribute/writing-quizzes/"
    answers = {
        "quiz-1": {"q1": "a"},  # valid
        "quiz-2": {"q1": ["a", "a"]},  # a choice twice
        "quiz-3": {"q1": "maybe"},  # no such choice
        "quiz-4": {"q1": 12.5},  # typed answers are text
        "quiz-6": {"q1": ["a", "b"]},  # not every item
        "blanks-example": {"q1": {"a": "job", "zz": "career"}},  # no such blank
        "match-example": {"q1": {"a": "<b>"}},  # not one of the list's items
        "quiz-12": {"look-forward": 9, "q2": 3},  # 9 is off the scale; 3 is valid
        "quiz-13": {"q1": "My own words"},
    }
    quizzes: dict[str, Any] = {
        f"{path}#{quiz}": {"version": fingerprints[quiz], "title": quiz, "url": path, "answers": given}
        for quiz, given in answers.items()
    }
    quizzes[f"{path}#quiz-13"]["context"] = "3"  # the quiz has two contexts
    seen = watch(page, site_url, json.dumps({"version": 1, "quizzes": quizzes}))
    page.goto(site_url + path.lstrip("/"))
    settle(page, "contribute/writing-quizzes/")

    assert notices(page).count(RESET) == 1, "told once for the whole page"
    expect(page.locator("#qz-quiz-1-q1 input[value='a']")).to_be_checked()
    expect(page.locator("#qz-quiz-12-q2 input[value='3']")).to_be_checked()
    expect(page.locator("#qz-quiz-12-look-forward input:checked")).to_have_count(0)
    expect(page.locator("#qz-quiz-2-q1 input:checked")).to_have_count(0)
    expect(page.locator("#qz-quiz-4-q1 input")).to_have_value("")
    expect(page.locator("#qz-blanks-example-q1 [data-qz-slot='a']")).to_have_value("")
    expect(page.locator("#qz-match-example-q1 [data-qz-slot='a']")).to_have_value("")
    expect(page.locator("#qz-quiz-13-q1 textarea, #qz-quiz-13-q1 input[type=text]")).to_have_value("My own words")
    expect(page.locator("#qz-quiz-13 .qz-context input[value='1']")).to_be_checked()
    kept = stored(page)["quizzes"]
    assert kept[f"{path}#quiz-1"]["answers"] == {"q1": "a"}
    assert kept[f"{path}#quiz-12"]["answers"] == {"q2": 3}
    assert kept.get(f"{path}#quiz-6", {}).get("answers", {}) == {}
    assert "context" not in kept[f"{path}#quiz-13"]
    assert seen.console == [] and seen.foreign == []


@pytest.mark.browser
def test_saved_answers_come_back_with_the_engines_own_summary_and_chart(page: Page, site_url: str):
    seen = watch(page, site_url)
    page.goto(site_url + "self-assessment/")
    answers = {"q1": 4, "q2": 2, "q3": 5}
    for question, value in answers.items():
        page.locator(f"#qz-work-orientation-{question} input[value='{value}']").check()
    page.locator("#qz-work-orientation .qz-check").click()
    expected = scored(page, answers, "work-orientation")
    expect(page.locator("#qz-work-orientation .qz-result")).to_have_text(expected["summary"], timeout=READY)
    expect(page.locator("#qz-work-orientation .qz-chart-box svg")).to_have_count(1)
    saved = stored(page)
    assert saved["version"] == 3
    assert "<" not in json.dumps(saved), "no markup is stored"
    scored_under = json.loads(page.locator("#qz-work-orientation").get_attribute("data-qz") or "")["scored"]
    assert saved["quizzes"][OTHER]["result"] == {"summary": expected["summary"], "scored": scored_under}

    page.reload()
    # At once (no engine needed), the summary as text; then the engine's own result and chart.
    expect(page.locator("#qz-work-orientation .qz-result")).to_have_text(expected["summary"])
    expect(page.locator("#qz-work-orientation-q1 input[value='4']")).to_be_checked()
    expect(page.locator("#qz-work-orientation")).to_have_attribute("data-qz-engine", "ready", timeout=READY)
    chart = page.locator("#qz-work-orientation .qz-chart-box svg")
    expect(chart).to_have_count(1)
    expect(chart).to_contain_text(re.sub(r"<[^>]+>", " ", expected["chart"]).split()[0])
    assert same_chart(page, expected["chart"])
    expect(page.locator("#qz-work-orientation .qz-result")).to_have_text(expected["summary"])
    assert seen.console == [] and seen.foreign == []


@pytest.mark.browser
def test_a_result_is_checked_again_with_the_answers_it_was_for(page: Page, site_url: str):
    page.goto(site_url + "quiz/")
    page.locator("#qz-quick-quiz-q1 input[value='a']").check()
    page.locator(".qz-check").click()
    summary = scored(page, {"q1": "a"})["summary"]
    expect(page.locator("#qz-quick-quiz .qz-result")).to_have_text(summary, timeout=READY)
    page.locator("#qz-quick-quiz-q2 input[value='b']").check()  # changed after the check, not checked again
    scored_under = json.loads(page.locator("#qz-quick-quiz").get_attribute("data-qz") or "")["scored"]
    assert stored(page)["quizzes"][QUIZ]["result"] == {
        "summary": summary,
        "scored": scored_under,
        "answers": {"q1": "a"},
    }

    page.reload()
    expect(page.locator("#qz-quick-quiz-q2 input[value='b']")).to_be_checked()
    expect(page.locator("#qz-quick-quiz")).to_have_attribute("data-qz-engine", "ready", timeout=READY)
    expect(page.locator("#qz-quick-quiz-q1 .qz-outcome")).to_be_visible()
    expect(page.locator("#qz-quick-quiz .qz-result")).to_have_text(summary)
    page.locator(".qz-check").click()  # now both answers are checked, and saved as the result
    both = scored(page, {"q1": "a", "q2": "b"})["summary"]
    expect(page.locator("#qz-quick-quiz .qz-result")).to_have_text(both)
    assert stored(page)["quizzes"][QUIZ]["result"] == {"summary": both, "scored": scored_under}


@pytest.mark.browser
def test_an_entry_in_the_old_format_keeps_its_answers_and_gets_a_fresh_chart(page: Page, site_url: str):
    page.goto(site_url + "self-assessment/")
    expect(page.locator("#qz-work-orientation")).to_have_attribute("data-qz-live", "true")
    version = fnv1a(
        page.locator("#qz-work-orientation").evaluate("(root) => JSON.stringify(JSON.parse(root.dataset.qz).quiz)")
    )
    expected = scored(page, {"q1": 4}, "work-orientation")
    old = {
        "version": 1,
        "quizzes": {
            OTHER: {
                "version": version,
                "title": "Your work orientation",
                "url": "/self-assessment/",
                "context": "2",
                "answers": {"q1": 4},
                "result": {**expected, "chart": expected["chart"] + MARKUP["chart-img"]},
                "checked": "2025-01-02T03:04:05.000Z",
                "updated": "2025-01-02T03:04:05.000Z",
            }
        },
    }
    page.evaluate("([key, text]) => localStorage.setItem(key, text)", [KEY, json.dumps(old)])
    page.reload()
    expect(page.locator("#qz-work-orientation-q1 input[value='4']")).to_be_checked()
    expect(page.locator("#qz-work-orientation .qz-context input[value='2']")).to_be_checked()
    expect(page.locator("#qz-work-orientation")).to_have_attribute("data-qz-engine", "ready", timeout=READY)
    expect(page.locator("#qz-work-orientation .qz-result")).to_have_text(expected["summary"])  # checked again
    expect(page.locator("#qz-work-orientation .qz-chart-box svg")).to_have_count(1)
    assert same_chart(page, expected["chart"])
    assert page.locator("img").count() == 0
    assert RESET not in notices(page), "an old entry is read, not reported"
    page.locator("#qz-work-orientation-q2 input[value='3']").check()
    saved = stored(page)
    assert saved["version"] == 3 and "chart" not in json.dumps(saved)


def same_chart(page: Page, chart: str) -> bool:
    """Whether the quiz's chart is the one quizlib draws (compared as nodes: the browser writes SVG its own way)."""
    return page.locator("#qz-work-orientation .qz-chart-box").evaluate(
        """(box, chart) => {
            const drawn = document.createElement("div");
            drawn.innerHTML = chart;
            return box.childElementCount === 1 && box.firstElementChild.isEqualNode(drawn.firstElementChild);
        }""",
        chart,
    )


DOC = ROOT / "docs" / "contribute" / "data-formats.md"
PROGRESS = ROOT / "quiz_markdown" / "assets" / "progress.js"


def test_the_documented_storage_format_is_the_one_the_code_reads():
    """docs/contribute/data-formats.md and progress.js name the same version, fields and limits."""
    code = PROGRESS.read_text(encoding="utf-8")
    doc = DOC.read_text(encoding="utf-8")
    version = re.search(r"^export const VERSION = (\d+);", code, re.M)
    assert version and f'"version": {version[1]}' in doc
    limits = re.search(r"^export const LIMITS = Object\.freeze\(\{(.*?)\}\);", code, re.M | re.S)
    assert limits
    in_code = {name: int(value.replace("_", "")) for name, value in re.findall(r"(\w+): ([\d_]+)", limits[1])}
    in_doc = {name: int(value.replace(",", "")) for name, value in re.findall(r"^\| `(\w+)` \| ([\d,]+) \|", doc, re.M)}
    assert in_code and in_code == in_doc
    for name in ("ENTRY_FIELDS", "RESULT_FIELDS"):
        fields = re.search(rf"^export const {name} = \[(.*?)\];", code, re.M)
        assert fields, name
        for field_name in re.findall(r'"(\w+)"', fields[1]):
            assert f"`{field_name}`" in doc, f"{name}: {field_name} is not documented"


@pytest.mark.browser
def test_an_encoded_slash_or_dot_is_not_a_path_of_this_site(page: Page, site_url: str):
    """A server may read '%2F' as '/': '/job-vs-career/..%2Fother-project/' would leave the site's folder."""
    page.goto(site_url + "my-results/")
    checks = page.evaluate(
        """async () => {
          const runtime = document.querySelector("script[src*='quiz.js']").src;
          const progress = await import(runtime.replace("quiz.js", "progress.js"));
          return ["/quiz/", "/..%2Fother/", "/%2e%2e/other/", "/a%5Cb/"].map((path) => progress.sitePath(path));
        }"""
    )
    assert checks == ["/quiz/", None, None, None]


MATERIAL_PALETTES = [
    '{"index": 0, "color": {"<bad name>": "x"}}',  # an attribute name setAttribute refuses
    '{"index": 0, "color": "dark"}',
    '{"index": "x", "color": {"scheme": "slate"}}',
    "[1, 2",
]


@pytest.mark.browser
@pytest.mark.parametrize("palette", MATERIAL_PALETTES)
def test_a_crafted_colour_scheme_in_materials_storage_breaks_nothing(page: Page, site_url: str, palette: str):
    """Material keeps the reader's colour scheme in the same storage, which other sites can write."""
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.add_init_script(f"localStorage.setItem('/.__palette', {json.dumps(palette)})")
    page.goto(site_url + "quiz/")
    expect(page.locator("#qz-quick-quiz")).to_be_visible()
    page.get_by_role("navigation").get_by_role("link", name="Glossary").click()
    expect(page).to_have_url(site_url + "glossary/")
    assert errors == []
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") in ("default", "slate")

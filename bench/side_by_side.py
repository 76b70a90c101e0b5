"""make bench: this site against bare Material and a bare Pyodide boot, side by side in one run, as one table.

Baselines (what "bare" means in each row):
  - bare Material: the same docs/ pages and nav, theme options and Markdown extensions, built without this
    project's parts: no quiz_markdown and no plugin but search (a quiz fence stays a plain code block), no
    hooks, no overrides/, no extra CSS or JavaScript, and no repo_url (Material would fetch star counts
    from api.github.com);
  - bare Pyodide: a page whose module worker only runs loadPyodide() from the site's own Pyodide files.
This site is also built and served a second time with the plugin's `snapshot: false`, so the table shows
what the memory snapshot changes, on this machine's loopback and over a slower link (LINK). The sites are
served by bench/pages_server.py, which answers as GitHub Pages does (gzip, max-age=600, ETag). Lighthouse
(bench/package.json: `make bench` installs it there) runs as a phone (its default mobile settings, simulated
throttling) on every page of the nav; the browser figures come from Chromium through Playwright.
Settings (environment): RUNS (Lighthouse runs per page, median; 3), REPEAT (builds and browser runs, median;
5), PAGES (a comma-separated list such as "quiz/,explainer/" to run Lighthouse on these only).
The table goes to standard output and into docs/contribute/speed.md (between its two bench markers), which
the site publishes as "How fast is it?"; Lighthouse's reports (JSON) go to bench/results/lighthouse/ for
bench/diagnose.py. The machine may be shared: read the ratios.
"""

from __future__ import annotations

import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import yaml

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(BENCH))

import quizlib_speed  # noqa: E402
from pages_server import serving  # noqa: E402
from playwright.sync_api import Browser, Page, sync_playwright  # noqa: E402
from support import CHROMIUM_FLAGS, chromium_path, site_config  # noqa: E402

RUNS = int(os.environ.get("RUNS") or 3)
REPEAT = int(os.environ.get("REPEAT") or 5)
ONLY = [page.strip("/") + "/" for page in os.environ.get("PAGES", "").split(",") if page.strip("/")]
RESULTS = BENCH / "results"
REPORTS = RESULTS / "lighthouse"
PAGE = ROOT / "docs" / "contribute" / "speed.md"  # the table goes between these two lines of it
MARKERS = ("<!-- bench: the table below is written by make bench -->", "<!-- bench: end of the table -->")
LIGHTHOUSE = BENCH / "node_modules" / "lighthouse" / "cli" / "index.js"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
ENGINE_FILES = ("assets/pyodide/", "assets/quizlib/")  # what the quiz engine downloads, on a page with a quiz
SCORE_PAGE = "bench-50-questions"  # a generated page, in the served copy of this site only
QUIZ_PAGE = "quiz/"  # quiz ready from navigation: the knowledge check, near the top of its page
LATE_QUIZ_PAGE = "self-assessment/"  # quiz ready from first interaction: a quiz below the first screen
PHONE = {"width": 390, "height": 664}
# A warm visit comes this long after the cold one (after its first check, on this site), as a reader's next visit
# comes after some reading: the site's service worker copies what the browser loaded once the quiz engine is
# ready, and a visit within a second of that would time the copying. Every warm visit in the table waits the same,
# the baselines' too; so does the scoring row before it starts timing checks.
REVISIT_MS = 5000
# A middling phone connection (Chromium's network emulation, which workers' downloads go through too): where
# the snapshot's extra download costs about what it saves.
LINK = {"offline": False, "latency": 40, "downloadThroughput": 20 * 125_000, "uploadThroughput": 5 * 125_000}
LINK_TEXT = "20 Mbit/s, 40 ms"

BARE_PAGE = """<!doctype html><title>bare</title><script type="module">
window.startBare = () => {
  window.bareStart = performance.now();
  new Worker("bare-worker.js", { type: "module" }).onmessage = () => { window.bareReady = performance.now(); };
};
if (location.search !== "?later") window.startBare();
</script>"""
BARE_WORKER = """import { loadPyodide } from "./assets/pyodide/pyodide.mjs";
await loadPyodide({ indexURL: new URL("./assets/pyodide/", import.meta.url).href });
postMessage("ready");
"""
# In every page the harness opens: when the quiz engine started and was ready, and the main thread's long tasks.
WATCH = """
window.bench = { longTasks: [] };
new PerformanceObserver((list) => {
  for (const task of list.getEntries()) bench.longTasks.push(task.duration);
}).observe({ type: "longtask", buffered: true });
new MutationObserver(() => {
  const state = document.querySelector(".qz-quiz")?.dataset.qzEngine;
  if (state === "loading") bench.started ??= performance.now();
  if (state === "ready") bench.ready ??= performance.now();
}).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-qz-engine"] });
"""
# Answers every question of a quiz as a reader would (first choice, first two boxes, a typed value).
ANSWER_ALL = """(root) => {
  for (const field of root.querySelectorAll("[data-qz-question]")) {
    const radio = field.querySelector("input[type=radio]");
    const boxes = [...field.querySelectorAll("input[type=checkbox]")].slice(0, 2);
    const typed = field.querySelector("input[type=text], input:not([type])");
    if (radio) radio.checked = true;
    for (const box of boxes) box.checked = true;
    if (typed) typed.value = "12.6";
    for (const input of [radio, ...boxes, typed].filter(Boolean)) {
      input.dispatchEvent(new Event("input", { bubbles: true }));
    }
  }
}"""
# A click on Check: ms until the result is on screen, and until the last question's marks are too (drawn a few
# questions per frame after the result).
CHECK_ONCE = """async (root) => {
  const status = root.querySelector(".qz-status");
  const painted = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  const unmarked = new Set(root.querySelectorAll(".qz-question"));
  const watcher = new MutationObserver((changes) => changes.forEach((change) => unmarked.delete(change.target)));
  watcher.observe(root, { subtree: true, attributeFilter: ["data-qz-outcome"] });
  const started = performance.now();
  const late = () => performance.now() - started > 10000; // then the bench stops, saying what never came
  root.querySelector(".qz-check").click();
  while (status.textContent !== "") {
    if (late()) throw new Error(`no result: ${status.textContent}`);
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  await painted();
  const shown = performance.now() - started;
  while (unmarked.size) {
    if (late()) throw new Error(`${unmarked.size} questions never marked`);
    await painted();
  }
  watcher.disconnect();
  return [shown, performance.now() - started];
}"""


def median(values: Iterable[float]) -> float:
    return statistics.median(list(values))


def build(command: list[str], cwd: Path, url: str) -> float:
    """Seconds one `mkdocs build` takes, run as a reader of the README runs it: with Python's bytecode cache, as
    Python keeps it unless told not to (pip compiled Material's modules as it installed them; this project's,
    installed from its source, are compiled on their first import: a sandbox that sets PYTHONDONTWRITEBYTECODE
    would compile them again in every build, which no contributor's machine does)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": url}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", *command], cwd=cwd, env=env, check=True)
    return time.perf_counter() - started


def bare_material_source(folder: Path, url: str) -> Path:
    """docs/ and mkdocs.yml as bare Material builds them (see the module's docstring); gives the config."""
    shutil.copytree(ROOT / "docs", folder / "docs", ignore=shutil.ignore_patterns("quiz", "stylesheets"))
    config = site_config()
    for key in ("hooks", "extra_css", "extra_javascript", "repo_url", "repo_name", "edit_uri", "watch"):
        config.pop(key, None)
    config["theme"].pop("custom_dir", None)
    config["site_url"] = url
    config["markdown_extensions"] = [item for item in config["markdown_extensions"] if item != "quiz_markdown"]
    config["plugins"] = [name for name in config.get("plugins", []) if name == "search"]  # Material's own only
    path = folder / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True))
    return path


def fifty_questions() -> str:
    """A page with one 50-question quiz of every graded type (quizlib_speed's generator)."""
    kinds = quizlib_speed.KINDS
    source = "\n\n".join(kinds[n % len(kinds)].format(n=n) for n in range(50))
    return f"# Fifty questions\n\n```quiz\ntitle: Fifty questions\n\n{source}\n```\n"


def served_project(folder: Path, url: str, site: Path) -> None:
    """This site as published, plus the generated 50-question page (outside the nav) and the bare Pyodide page."""
    for name in ("mkdocs.yml", "hooks", "overrides"):
        (folder / name).symlink_to(ROOT / name)
    shutil.copytree(ROOT / "docs", folder / "docs")
    (folder / "docs" / f"{SCORE_PAGE}.md").write_text(fifty_questions())
    build(["-d", str(site)], folder, url)
    (site / "bare.html").write_text(BARE_PAGE)
    (site / "bare-worker.js").write_text(BARE_WORKER)
    # A bare loadPyodide() reads Pyodide's own lock file, which the site does not ship.
    shutil.copy(ROOT / "node_modules" / "pyodide" / "pyodide-lock.json", site / "assets" / "pyodide")


def served_plain(folder: Path, url: str, site: Path) -> None:
    """This site as published, but with the plugin's `snapshot: false`: the engine boots Pyodide as it is.
    Built from ``folder``, the project's source as served_project laid it out, with a config of its own."""
    config = site_config()
    config["site_url"] = url
    plain = {"snapshot": False, "pyodide": str(ROOT / "node_modules" / "pyodide")}
    config["plugins"] = [
        {"quizzes": {**(item.get("quizzes") or {}), **plain}} if isinstance(item, dict) and "quizzes" in item
        else {"quizzes": plain} if item == "quizzes"
        else item
        for item in config["plugins"]
    ]  # fmt: skip
    path = folder / "mkdocs-plain.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True))
    build(["-f", str(path), "-d", str(site)], folder, url)


def nav_pages(site: Path) -> list[str]:
    pages = sorted(str(path.parent.relative_to(site)) + "/" for path in site.glob("**/index.html"))
    pages = ["" if page == "./" else page for page in pages if not page.startswith(("search/", SCORE_PAGE))]
    return [page for page in pages if not ONLY or page in ONLY]


# ---------------------------------------------------------------------------------------------- browser


def fresh(browser: Browser, link: dict[str, Any] | None = None, **options: Any) -> Page:
    context = browser.new_context(bypass_csp=True, **options)  # the harness's watcher is a script of its own
    context.add_init_script(WATCH)
    page = context.new_page()
    if link:
        session = context.new_cdp_session(page)
        session.send("Network.enable")
        session.send("Network.emulateNetworkConditions", link)
    return page


def wait(page: Page, expression: str) -> Any:
    return page.wait_for_function(expression, timeout=120_000).json_value()


def revisit(page: Page, url: str) -> None:
    """The page at ``url`` opened again in the same browser profile, REVISIT_MS after the first visit."""
    page.wait_for_timeout(REVISIT_MS)
    page.goto("about:blank")
    page.goto(url)


def quiz_ready(browser: Browser, project: str, plain: str) -> dict[str, list[float]]:
    """ms until a quiz can be scored, against a bare loadPyodide() in a worker, each from the same start;
    and the same site without its memory snapshot (``plain``)."""
    figures: dict[str, list[float]] = {key: [] for key in ("cold", "warm", "bare cold", "bare warm")}
    figures |= {"interaction": [], "bare interaction": [], "long tasks": [], "long ms": [], "window": []}
    figures |= {"plain cold": [], "plain warm": [], "link": [], "plain link": []}
    for _ in range(REPEAT):
        page = fresh(browser)
        page.goto(plain + QUIZ_PAGE)
        figures["plain cold"].append(wait(page, "bench.ready"))
        revisit(page, plain + QUIZ_PAGE)
        figures["plain warm"].append(wait(page, "bench.ready"))
        page.context.close()
        for site, key in ((project, "link"), (plain, "plain link")):
            page = fresh(browser, LINK)
            page.goto(site + QUIZ_PAGE)
            figures[key].append(wait(page, "bench.ready"))
            page.context.close()
        page = fresh(browser)
        page.goto(project + QUIZ_PAGE)
        figures["cold"].append(wait(page, "bench.ready"))
        page.locator(".qz-quiz input").first.check()
        page.evaluate(CHECK_ONCE, page.locator(".qz-quiz").element_handle())
        figures["window"].append(page.evaluate("performance.now()"))
        figures["long tasks"].append(page.evaluate("bench.longTasks.length"))
        figures["long ms"].append(page.evaluate("bench.longTasks.reduce((a, b) => a + b, 0)"))
        revisit(page, project + QUIZ_PAGE)  # files from the profile's HTTP cache, as GitHub Pages allows
        figures["warm"].append(wait(page, "bench.ready"))
        page.context.close()
        page = fresh(browser)
        page.goto(project + "bare.html")
        figures["bare cold"].append(wait(page, "window.bareReady"))
        revisit(page, project + "bare.html")
        figures["bare warm"].append(wait(page, "window.bareReady"))
        page.context.close()
        # From first interaction: the page loaded and settled, the quiz not started, then a keyboard reader
        # tabs into it (focus starts the engine). The bare page starts its worker at the same point.
        page = fresh(browser, viewport=PHONE)
        page.goto(project + LATE_QUIZ_PAGE, wait_until="load")
        page.wait_for_timeout(1000)
        if page.evaluate("bench.started") is not None:
            raise SystemExit(f"{LATE_QUIZ_PAGE}: the quiz engine started before any interaction; pick a later quiz")
        started = page.evaluate("() => [performance.now(), document.querySelector('.qz-quiz input').focus()][0]")
        figures["interaction"].append(wait(page, "bench.ready") - started)
        page.context.close()
        page = fresh(browser, viewport=PHONE)
        page.goto(project + "bare.html?later", wait_until="load")
        page.wait_for_timeout(1000)
        page.evaluate("startBare()")
        figures["bare interaction"].append(wait(page, "window.bareReady") - page.evaluate("bareStart"))
        page.context.close()
    return figures


def long_tasks_bare(browser: Browser, bare: str, window: float) -> tuple[list[float], list[float]]:
    """Bare Material's quiz page, watched for as long as this site's took to be ready and checked once."""
    counts, totals = [], []
    for _ in range(REPEAT):
        page = fresh(browser)
        page.goto(bare + QUIZ_PAGE)
        wait(page, f"performance.now() >= {window}")
        counts.append(page.evaluate("bench.longTasks.length"))
        totals.append(page.evaluate("bench.longTasks.reduce((a, b) => a + b, 0)"))
        page.context.close()
    return counts, totals


def score_latency(browser: Browser, project: str) -> list[list[float]]:
    """ms from a click on Check to the result on screen, and to every question marked, a 50-question quiz answered
    throughout; 20 checks."""
    page = fresh(browser)
    page.goto(f"{project}{SCORE_PAGE}/")
    wait(page, "bench.ready")
    page.wait_for_timeout(REVISIT_MS)  # the service worker, registered once the engine is ready, copies meanwhile
    root = page.locator(".qz-quiz").element_handle()
    page.evaluate(ANSWER_ALL, root)
    page.evaluate(CHECK_ONCE, root)  # the first check, not counted
    times = [page.evaluate(CHECK_ONCE, root) for _ in range(20)]
    page.context.close()
    return times


# ------------------------------------------------------------------------------------------- lighthouse


def lighthouse(url: str, report: Path) -> dict[str, Any]:
    flags = " ".join(["--headless=new", *CHROMIUM_FLAGS])
    report.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["node", str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}",
         f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={flags}"],
        check=True,
        env={**os.environ, "CHROME_PATH": chromium_path()},
    )  # fmt: skip
    return dict(json.loads(report.read_text()))


def page_figures(reports: list[dict[str, Any]]) -> dict[str, Any]:
    """Median score per category; requests and bytes from the run whose performance is the median."""
    scores = {name: median(report["categories"][name]["score"] for report in reports) for name in CATEGORIES}
    middle = sorted(reports, key=lambda report: report["categories"]["performance"]["score"])[len(reports) // 2]
    requests = middle["audits"]["network-requests"]["details"]["items"]
    engine = [item for item in requests if any(part in item["url"] for part in ENGINE_FILES)]
    return {
        "scores": scores,
        "requests": len(requests) - len(engine),
        "engine requests": len(engine),
        "kib": sum(item.get("transferSize", 0) for item in requests if item not in engine) / 1024,
        "engine kib": sum(item.get("transferSize", 0) for item in engine) / 1024,
    }


def lighthouse_all(pages: list[str], sites: dict[str, str]) -> dict[str, dict[str, dict[str, Any]]]:
    if not LIGHTHOUSE.is_file():
        raise SystemExit(f"{LIGHTHOUSE}: not found; run 'make bench', which installs it (npm ci in bench/)")
    shutil.rmtree(REPORTS, ignore_errors=True)
    reports: dict[str, dict[str, list[dict[str, Any]]]] = {site: {page: [] for page in pages} for site in sites}
    for run in range(RUNS):  # each run goes through every page, the two sites in turn: noise hits both alike
        for page in pages:
            for site, url in sites.items():
                name = (page.strip("/") or "home").replace("/", "-")
                print(f"  lighthouse {run + 1}/{RUNS} {site} /{page}", file=sys.stderr)
                reports[site][page].append(lighthouse(url + page, REPORTS / site / f"{name}-{run + 1}.json"))
    return {site: {page: page_figures(found) for page, found in by_page.items()} for site, by_page in reports.items()}


# ---------------------------------------------------------------------------------------------- the table


def ratio(ours: float, theirs: float) -> str:
    return f"{ours / theirs:.2f}x" if theirs else "–"


def table(rows: list[tuple[str, str, str, str]]) -> str:
    lines = ["| measure | this site | baseline | ratio |", "|---|---|---|---|"]
    return "\n".join([*lines, *(f"| {' | '.join(row)} |" for row in rows)])


def rows_for(
    builds: dict[str, list[float]],
    ready: dict[str, list[float]],
    bare_long: tuple[list[float], list[float]],
    score: list[list[float]],
    engine: dict[str, float],
    pages: dict[str, dict[str, dict[str, Any]]],
) -> list[tuple[str, str, str, str]]:
    def ms(values: list[float]) -> str:
        return f"{median(values):.0f} ms"

    ours, bare = median(builds["project"]), median(builds["bare"])
    rows = [(f"build, median of {REPEAT}", f"{ours:.2f} s", f"{bare:.2f} s (bare Material)", ratio(ours, bare))]
    for label, key in (
        ("quiz ready from navigation, cold (`/quiz/`)", "cold"),
        ("quiz ready from navigation, warm HTTP cache", "warm"),
        ("quiz ready from first interaction (focus; phone, `/self-assessment/`)", "interaction"),
    ):
        base = "bare `loadPyodide()` in a worker" + (", from its start" if key == "interaction" else "")
        ratio_text = ratio(median(ready[key]), median(ready[f"bare {key}"]))
        baseline = f"{ms(ready[f'bare {key}'])} ({base})"
        rows.append((f"{label}, median of {REPEAT}", ms(ready[key]), baseline, ratio_text))
    for label, key in (("cold", "cold"), ("warm HTTP cache", "warm")):
        rows.append((
            f"the same, {label}, built with `snapshot: false`, median of {REPEAT}",
            ms(ready[f"plain {key}"]),
            f"{ms(ready[f'bare {key}'])} (bare `loadPyodide()` in a worker)",
            ratio(median(ready[f"plain {key}"]), median(ready[f"bare {key}"])),
        ))  # fmt: skip
    rows.append((
        f"quiz ready from navigation, cold, over {LINK_TEXT}, median of {REPEAT}",
        ms(ready["link"]),
        f"{ms(ready['plain link'])} (this site built with `snapshot: false`)",
        ratio(median(ready["link"]), median(ready["plain link"])),
    ))  # fmt: skip
    rows.append(("score a 50-question quiz: Check to result on screen, median of 20",
                 f"{median(shown for shown, _ in score):.1f} ms", "–", "–"))  # fmt: skip
    rows.append(("the same, to every question marked (a few per frame after the result), median of 20",
                 f"{median(marked for _, marked in score):.1f} ms", "–", "–"))  # fmt: skip
    rows.append(("score a 50-question quiz: engine only (Pyodide under Node.js), median of 200",
                 f"{engine['check'] * 1000:.2f} ms", "–", "–"))  # fmt: skip
    long_ours = f"{median(ready['long tasks']):.0f} ({median(ready['long ms']):.0f} ms)"
    long_bare = f"{median(bare_long[0]):.0f} ({median(bare_long[1]):.0f} ms) (bare Material, as long)"
    rows.append(("main-thread long tasks, `/quiz/` until ready and checked once", long_ours, long_bare,
                 ratio(median(ready["long ms"]), median(bare_long[1]))))  # fmt: skip
    project, material = pages["project"], pages["bare"]
    lowest = min(project, key=lambda page: project[page]["scores"]["performance"])
    below = sum(1 for page in project if project[page]["scores"]["performance"] < 1)
    below_bare = sum(1 for page in material if material[page]["scores"]["performance"] < 1)
    rows.append((f"Lighthouse performance < 1.00 (median of {RUNS})", f"{below} of {len(project)} pages",
                 f"{below_bare} of {len(material)}", "–"))  # fmt: skip
    rows.append(("Lighthouse performance, lowest page", f"{project[lowest]['scores']['performance']:.2f} (`/{lowest}`)",
                 f"{material[lowest]['scores']['performance']:.2f} (bare Material, the same page)", "–"))  # fmt: skip
    for page in project:
        ours_page, bare_page = project[page], material[page]

        def scores(figures: dict[str, Any]) -> str:
            return " / ".join(f"{figures['scores'][name]:.2f}" for name in CATEGORIES)

        perf = ratio(ours_page["scores"]["performance"], bare_page["scores"]["performance"])
        rows.append((f"`/{page}` Lighthouse perf / a11y / best pr. / SEO", scores(ours_page), scores(bare_page), perf))
        extra = (
            f" + {ours_page['engine requests']} engine, {ours_page['engine kib']:.0f} KiB"
            if ours_page["engine requests"]
            else ""
        )
        rows.append((
            f"`/{page}` requests, KiB transferred (Lighthouse load)",
            f"{ours_page['requests']}, {ours_page['kib']:.0f} KiB{extra}",
            f"{bare_page['requests']}, {bare_page['kib']:.0f} KiB",
            f"{ratio(ours_page['requests'], bare_page['requests'])}, {ratio(ours_page['kib'], bare_page['kib'])}",
        ))  # fmt: skip
    return rows


def timed(label: str, step: Callable[[], Any]) -> Any:
    print(f"{label}…", file=sys.stderr)
    return step()


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-") as folder:
        work = Path(folder)
        with (
            serving(work / "project") as project_url,
            serving(work / "bare") as bare_url,
            serving(work / "plain") as plain_url,
        ):
            bare_config = bare_material_source(work / "bare-src", bare_url)
            builds: dict[str, list[float]] = {"project": [], "bare": []}
            # Not timed: a first build makes the memory snapshot (or finds it in the cache) and the bytecode.
            build(["-d", str(work / "timed")], ROOT, project_url)
            build(["-f", str(bare_config), "-d", str(work / "bare")], ROOT, bare_url)
            for _ in range(REPEAT):  # in turn, so that noise on the machine hits both
                builds["project"].append(build(["-d", str(work / "timed")], ROOT, project_url))
                builds["bare"].append(build(["-f", str(bare_config), "-d", str(work / "bare")], ROOT, bare_url))
            source, served = work / "project-src", work / "project"
            source.mkdir()
            timed("building the site to serve", lambda: served_project(source, project_url, served))
            timed("building it without a snapshot", lambda: served_plain(source, plain_url, work / "plain"))
            engine = timed("quizlib in Pyodide under Node.js", lambda: quizlib_speed.pyodide(quizlib_speed.program()))
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
                ready = timed("quiz ready, in Chromium", lambda: quiz_ready(browser, project_url, plain_url))
                bare_long = long_tasks_bare(browser, bare_url, median(ready["window"]))
                score = timed("scoring in Chromium", lambda: score_latency(browser, project_url))
                browser.close()
            pages = nav_pages(work / "project")
            sites = {"project": project_url, "bare": bare_url}
            found = timed(f"Lighthouse, {len(pages)} pages x 2 sites x {RUNS}", lambda: lighthouse_all(pages, sites))
    text = table(rows_for(builds, ready, bare_long, score, engine, found))
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    note = (
        f"`make bench` ({'RUNS=' + str(RUNS) + ', ' if RUNS != 3 else ''}{stamp}; {platform.machine()}, "
        f"{os.cpu_count()} cores, Chromium {chromium_version()}, Lighthouse {lighthouse_version()} mobile). "
        "Times vary with the machine: read the ratios."
    )
    print(text)
    page = PAGE.read_text(encoding="utf-8")
    before, start, rest = page.partition(MARKERS[0] + "\n")
    _, end, after = rest.partition(MARKERS[1])
    if not start or not end:
        raise SystemExit(f"{PAGE.relative_to(ROOT)}: expected the lines '{MARKERS[0]}' and '{MARKERS[1]}'")
    PAGE.write_text(f"{before}{start}{note}\n\n{text}\n{end}{after}", encoding="utf-8")
    print(f"\nWritten to {PAGE.relative_to(ROOT)}; reports in {REPORTS.relative_to(ROOT)}/")


def chromium_version() -> str:
    found = subprocess.run([chromium_path(), "--version"], capture_output=True, text=True).stdout.split()
    return next((word for word in found if word[:1].isdigit()), "?")


def lighthouse_version() -> str:
    return str(json.loads((LIGHTHOUSE.parent.parent / "package.json").read_text())["version"])


if __name__ == "__main__":
    main()

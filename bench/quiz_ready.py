"""How long until a quiz can be scored in Chromium, against a bare loadPyodide() in a worker.

Builds the site into a temporary folder, serves it on localhost and, for several fresh browser
contexts (empty cache), measures from navigation start:
  - quiz ready:   the quiz page's engine reports ready (Pyodide booted, quizlib wheel loaded);
  - first check:  the time one check takes once ready (answers to result on screen);
  - bare boot:    a page whose module worker only runs loadPyodide() from the same files.
Prints the median and the range of each. Run: .venv/bin/python bench/quiz_ready.py [runs]
"""

from __future__ import annotations

import functools
import os
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from playwright.sync_api import sync_playwright  # noqa: E402
from support import CHROMIUM_FLAGS, SiteHandler, SiteServer, chromium_path  # noqa: E402

BARE_PAGE = """<!doctype html><title>bare</title><script type="module">
new Worker("bare-worker.js", { type: "module" }).onmessage = () => { window.bareReady = performance.now(); };
</script>"""
BARE_WORKER = """import { loadPyodide } from "./assets/pyodide/pyodide.mjs";
await loadPyodide({ indexURL: new URL("./assets/pyodide/", import.meta.url).href });
postMessage("ready");
"""


def main(runs: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder)
        server = SiteServer(("127.0.0.1", 0), functools.partial(SiteHandler, directory=site))
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)],
            cwd=ROOT,
            check=True,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": url},
        )
        (site / "bare.html").write_text(BARE_PAGE)
        (site / "bare-worker.js").write_text(BARE_WORKER)
        # A bare loadPyodide() reads Pyodide's own lock file, which the site does not ship.
        lock = ROOT / "node_modules" / "pyodide" / "pyodide-lock.json"
        (site / "assets" / "pyodide" / "pyodide-lock.json").write_bytes(lock.read_bytes())
        threading.Thread(target=server.serve_forever, daemon=True).start()
        figures: dict[str, list[float]] = {"quiz ready": [], "first check": [], "bare loadPyodide": []}
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
            for _ in range(runs):
                context = browser.new_context(bypass_csp=True)  # lets the harness poll with its own script
                page = context.new_page()
                page.goto(url + "quiz/")
                page.wait_for_function(
                    "document.querySelector('.qz-quiz').dataset.qzEngine === 'ready'", timeout=120_000
                )
                figures["quiz ready"].append(page.evaluate("performance.now()"))
                page.locator("#qz-quick-quiz-q1 input").first.check()
                started = page.evaluate("performance.now()")
                page.locator(".qz-check").click()
                page.wait_for_function("document.querySelector('.qz-result').textContent !== ''")
                figures["first check"].append(page.evaluate("performance.now()") - started)
                context.close()
                context = browser.new_context(bypass_csp=True)  # lets the harness poll with its own script
                page = context.new_page()
                page.goto(url + "bare.html")
                page.wait_for_function("window.bareReady", timeout=120_000)
                figures["bare loadPyodide"].append(page.evaluate("window.bareReady"))
                context.close()
            browser.close()
        server.shutdown()
    print(f"Chromium, localhost, {runs} fresh contexts each (ms from navigation start; check: click to result)")
    for name, values in figures.items():
        print(f"{name:>18}: median {statistics.median(values):7.0f}   range {min(values):.0f} to {max(values):.0f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)

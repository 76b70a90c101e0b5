"""What holds Lighthouse performance below 1.00, page by page, from the reports `make bench` keeps.

For every page of bench/results/lighthouse/project/ whose performance is below 1.00 in a run: the points
each metric costs (its weight times what it lost), the main-thread long tasks by script, the render-blocking
files, and the requests this site makes that bare Material's same page does not.
Run after `make bench`: .venv/bin/python bench/diagnose.py [page-name ...]   (names as in the report files)
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

REPORTS = Path(__file__).resolve().parent / "results" / "lighthouse"


def path_of(url: str) -> str:
    return "/" + url.split("/", 3)[-1] if url.startswith("http") else url[:40]


def lost_points(report: dict[str, Any]) -> list[tuple[float, str, str]]:
    """(points out of 100 lost, metric, its value) for each weighted metric, the costliest first."""
    audits = report["audits"]
    refs = report["categories"]["performance"]["auditRefs"]
    lost = [
        (ref["weight"] * (1 - (audits[ref["id"]]["score"] or 0)), ref["id"], audits[ref["id"]].get("displayValue", ""))
        for ref in refs
        if ref["weight"]
    ]
    return sorted(lost, reverse=True)


def long_tasks(report: dict[str, Any]) -> dict[str, list[float]]:
    found: dict[str, list[float]] = defaultdict(list)
    for item in (report["audits"]["long-tasks"].get("details") or {}).get("items", []):
        found[path_of(item["url"])].append(item["duration"])
    return found


def requests(report: dict[str, Any]) -> list[str]:
    return [path_of(item["url"]) for item in report["audits"]["network-requests"]["details"]["items"]]


def describe(name: str, report: dict[str, Any], bare: dict[str, Any] | None) -> None:
    score = report["categories"]["performance"]["score"]
    print(
        f"\n{name}: performance {score:.2f}"
        + (f" (bare Material {bare['categories']['performance']['score']:.2f})" if bare else "")
    )
    for points, metric, value in lost_points(report):
        if points >= 0.5:
            print(f"  -{points:4.1f} points  {metric} {value}".replace("\xa0", " "))
    tasks = long_tasks(report)
    if tasks:
        listed = ", ".join(f"{url} {len(times)}x {sum(times):.0f} ms" for url, times in sorted(tasks.items()))
        print(f"  long tasks, as Lighthouse lists them: {listed}")
    blocking = (report["audits"]["render-blocking-insight"].get("details") or {}).get("items", [])
    if blocking:
        print(
            "  render-blocking: "
            + ", ".join(f"{path_of(item['url'])} ({item.get('totalBytes', 0)} B)" for item in blocking)
        )
    if bare:
        theirs = requests(bare)
        extra = [url for url in requests(report) if url not in theirs]
        print(f"  requests bare Material's page does not make ({len(extra)}): " + ", ".join(extra))


def main(names: list[str]) -> None:
    reports = sorted((REPORTS / "project").glob("*.json"))
    if not reports:
        raise SystemExit(f"{REPORTS}: no reports; run 'make bench' first")
    for path in reports:
        if names and path.stem.rsplit("-", 1)[0] not in names:
            continue
        report = json.loads(path.read_text())
        if report["categories"]["performance"]["score"] >= 1:
            continue
        bare_path = REPORTS / "bare" / path.name
        describe(path.stem, report, json.loads(bare_path.read_text()) if bare_path.is_file() else None)


if __name__ == "__main__":
    main(sys.argv[1:])

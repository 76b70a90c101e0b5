"""Write quiz_markdown/pyodide-pins.json: the SHA-256 of each Pyodide file the site uses, read from the very npm
tarball that package-lock.json pins (its sha512 is checked first), so that every build can check the
files in node_modules against it. Run after changing Pyodide's version: .venv/bin/python scripts/pin-pyodide.py
With --check, only say whether the pins match the tarball (exit 1 when they do not).

The tarball comes from npm's cache (`npm pack --offline`), or from the registry when the cache lacks it.
"""

from __future__ import annotations

import base64
import hashlib
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from quiz_markdown import bundle

ROOT = Path(__file__).resolve().parent.parent


def tarball(version: str, folder: Path) -> Path:
    """pyodide-<version>.tgz, packed by npm into ``folder``."""
    for offline in (["--offline"], []):
        done = subprocess.run(
            ["npm", "pack", f"pyodide@{version}", "--json", "--pack-destination", str(folder), *offline],
            capture_output=True,
            text=True,
            cwd=folder,
        )
        if done.returncode == 0:
            return folder / json.loads(done.stdout)[0]["filename"]
    raise SystemExit(f"npm pack pyodide@{version} failed:\n{done.stderr}")


def pins(npm_lock: Path) -> dict[str, object]:
    locked = bundle.npm_locked(npm_lock)
    with tempfile.TemporaryDirectory() as folder:
        packed = tarball(locked["version"], Path(folder))
        data = packed.read_bytes()
        algorithm, _, expected = locked["integrity"].partition("-")
        found = base64.b64encode(hashlib.new(algorithm, data).digest()).decode()
        if found != expected:
            raise SystemExit(f"{packed.name}: expected {locked['integrity']} (the lock's); found {algorithm}-{found}")
        with tarfile.open(packed) as archive:
            files = {}
            for name in bundle.PYODIDE_BUILD_FILES:
                member = archive.extractfile(f"package/{name}")
                if member is None:
                    raise SystemExit(f"{packed.name}: expected package/{name}; found it missing")
                files[name] = bundle.sri(member.read())
    return {
        "about": "Written by scripts/pin-pyodide.py from the npm tarball that package-lock.json pins.",
        **locked,
        "files": files,
    }


def main() -> None:
    made = json.dumps(pins(ROOT / "package-lock.json"), indent=1) + "\n"
    if "--check" in sys.argv[1:]:
        if bundle.PINS.read_text(encoding="utf-8") != made:
            raise SystemExit(f"{bundle.PINS} does not match the tarball package-lock.json pins")
        print("The pins match the tarball package-lock.json pins.")
        return
    bundle.PINS.write_text(made, encoding="utf-8")
    print(f"Wrote {bundle.PINS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

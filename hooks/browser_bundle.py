"""What the browser needs to score quizzes: the Pyodide runtime files and quizlib as a wheel.

The wheel is built here from the very quizlib that validated the build, byte for byte the same on
every build of the same source, and listed in a Pyodide lock file with its sha256 so the browser
refuses any other copy.
"""

from __future__ import annotations

import base64
import hashlib
import json
import zipfile
from io import BytesIO
from pathlib import Path

import quizlib

PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")
PACKAGE = "quizlib"
WHEEL_NAME = f"{PACKAGE}-{quizlib.__version__}-py3-none-any.whl"
_EPOCH = (1980, 1, 1, 0, 0, 0)


def build_wheel(source: Path | None = None) -> bytes:
    """A pure-Python wheel of the quizlib package found in ``source`` (by default, the one imported)."""
    source = source or Path(quizlib.__file__).parent
    dist_info = f"{PACKAGE}-{quizlib.__version__}.dist-info"
    modules = sorted(source.rglob("*.py"), key=lambda path: path.relative_to(source).as_posix())
    entries = [(f"{PACKAGE}/{path.relative_to(source).as_posix()}", path.read_bytes()) for path in modules]
    entries.append(
        (f"{dist_info}/METADATA", f"Metadata-Version: 2.1\nName: {PACKAGE}\nVersion: {quizlib.__version__}\n".encode())
    )
    entries.append(
        (
            f"{dist_info}/WHEEL",
            b"Wheel-Version: 1.0\nGenerator: job-vs-career hooks\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
        )
    )
    record = "".join(f"{name},sha256={_urlsafe_digest(data)},{len(data)}\n" for name, data in entries)
    entries.append((f"{dist_info}/RECORD", (record + f"{dist_info}/RECORD,,\n").encode()))
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


def _urlsafe_digest(data: bytes) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def wheel_path(wheel: bytes) -> str:
    """Where the wheel goes, relative to the lock file: a folder named by its hash, so caches never mix builds."""
    return f"{hashlib.sha256(wheel).hexdigest()[:16]}/{WHEEL_NAME}"


def lock_file(wheel: bytes, pyodide_lock: Path) -> str:
    """A Pyodide lock file that lists only the quizlib wheel, with its sha256."""
    info = json.loads(pyodide_lock.read_text(encoding="utf-8"))["info"]
    package = {
        "name": PACKAGE,
        "version": quizlib.__version__,
        "file_name": wheel_path(wheel),
        "install_dir": "site",
        "sha256": hashlib.sha256(wheel).hexdigest(),
        "package_type": "package",
        "imports": [PACKAGE],
        "depends": [],
        "unvendored_tests": False,
        "tool": {},
    }
    return json.dumps({"info": info, "packages": {PACKAGE: package}}, indent=1, sort_keys=True) + "\n"

"""What the browser needs to score quizzes, as files for any site generator to publish: the page runtime
(`assets/`, beside this file), the Pyodide runtime files and quizlib as a wheel. `runtime()` gathers them.

The wheel is built here from the very quizlib that validated the build, byte for byte the same on
every build of the same source, and listed in a Pyodide lock file with its sha256 so the browser
refuses any other copy.

The Pyodide files come from npm. `npm ci` checks the package's tarball against the sha512 that
package-lock.json records, but nothing checks node_modules after that. So `pyodide-pins.json`, beside this
file, records the SHA-256 of each file inside that very tarball (written by scripts/pin-pyodide.py, which
checks the tarball's sha512 against the lock first), and every build checks the files it copies against
it. The worker gets the same digests (and the lock file's) written in, and checks each download before
Pyodide uses it.

The memory snapshot (`memory_snapshot`) is Pyodide's memory once quizlib is imported, made under Node.js by
snapshot.mjs, beside this file. A browser restores it instead of starting CPython, which is most of the wait
for a quiz. It is made once per Pyodide, wheel and Node.js and kept in a cache folder, since two runs never
give the same bytes. Without Node.js, the runtime has none, and the worker boots Pyodide as it is. The site
publishes it packed (`pack_memory`): without the parts of the memory that are all zero, which a browser would
otherwise write out as it unpacks.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import os
import shutil
import struct
import subprocess
import tempfile
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from types import MappingProxyType
from typing import Any

import quizlib

PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")
# Read at build time only (its "info" goes into the site's own lock file), and pinned like the others.
PYODIDE_BUILD_FILES = (*PYODIDE_FILES, "pyodide-lock.json")
PINS = Path(__file__).resolve().with_name("pyodide-pins.json")
# The line of quiz-worker.js that the build replaces with the digests the worker checks downloads against.
WORKER_PINS = "const PINNED = {}; // written in by quiz_markdown/bundle.py"
# The line of quiz.js that says whether the site has a service worker (quiz_markdown/offline.py).
OFFLINE_LINE = "const OFFLINE = false; // written in by quiz_markdown/bundle.py"
# The page runtime: a module script, its stylesheet, the worker and the modules they import.
ASSETS = Path(__file__).resolve().with_name("assets")
SCRIPT, STYLESHEET, WORKER = "quiz.js", "quiz.css", "quiz-worker.js"
# What the browser must be told a file is, where it is strict about it.
_TYPES = {".mjs": "javascript", ".wasm": "application/wasm"}
SNAPSHOT_SCRIPT = Path(__file__).resolve().with_name("snapshot.mjs")
SNAPSHOT_PREFIX = "snapshot-"  # how every build's published snapshot is named: this prefix, then its hash
SNAPSHOTS_KEPT = 4  # in the cache folder, the newest; each is about 6.7 MB
SNAPSHOT_MAGIC = b"\x00snp"  # how Pyodide 314's snapshots start (its makeSnapshot writes 0x706e7300 first)
# A packed memory (pack_memory) starts with these bytes, then the memory's size and the block size.
PACKED_MAGIC = b"\x00qzm"
PACKED_HEADER = struct.Struct("<4sII")
MEMORY_BLOCK = 65536  # 64 KiB
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
            b"Wheel-Version: 1.0\nGenerator: quiz_markdown\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
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


def lock_file(wheel: bytes, pyodide_lock: bytes) -> str:
    """A Pyodide lock file that lists only the quizlib wheel, with its sha256 (``pyodide_lock``: Pyodide's own)."""
    info = json.loads(pyodide_lock)["info"]
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


class BundleError(Exception):
    """The Pyodide files cannot be shipped as they are; the message says what to run."""


def sri(data: bytes) -> str:
    """The SHA-256 digest of ``data`` as Subresource Integrity writes it."""
    return "sha256-" + base64.b64encode(hashlib.sha256(data).digest()).decode()


def _json(path: Path, expected: str) -> dict[str, Any]:
    """The JSON object in ``path``; BundleError names the file, what was expected and what was found."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        found = "no such file"
    except OSError as error:
        found = error.strerror or type(error).__name__
    except ValueError as error:  # not UTF-8, or not JSON
        found = f"a file that is not JSON ({error})"
    else:
        if isinstance(data, dict):
            return data
        found = f"JSON that is not an object ({type(data).__name__})"
    raise BundleError(f"{path}: expected {expected}; found {found}")


def npm_locked(npm_lock: Path, package: str = "pyodide") -> dict[str, str]:
    """The version and tarball integrity that package-lock.json pins for ``package``."""
    expected = f"npm's package-lock.json (npm 7 or newer), listing {package} with its version and integrity"
    packages = _json(npm_lock, expected).get("packages")
    entry = packages.get(f"node_modules/{package}") if isinstance(packages, dict) else None
    if not isinstance(entry, dict) or not all(isinstance(entry.get(key), str) for key in ("version", "integrity")):
        raise BundleError(
            f"{npm_lock}: expected {expected}; found none. Run 'npm install {package}@{pinned_version()}'."
        )
    return {"version": entry["version"], "integrity": entry["integrity"]}


def pinned_version(pins: Path = PINS) -> str:
    """The Pyodide version whose files quiz_markdown checks (pyodide-pins.json, written by scripts/pin-pyodide.py)."""
    return str(_json(pins, "the Pyodide pins").get("version"))


def checked_pyodide(pyodide: Path, npm_lock: Path, pins: Path = PINS) -> dict[str, bytes]:
    """The Pyodide files to build with, by name, once each is found to be the one inside the tarball that
    package-lock.json pins (through ``pins``); BundleError says what differs and what to run."""
    locked = npm_locked(npm_lock)
    pinned = _json(pins, "the Pyodide pins")
    if {key: pinned.get(key) for key in locked} != locked:
        raise BundleError(
            f"{npm_lock}: expected pyodide {pinned.get('version')} ({pinned.get('integrity')}), the one whose files "
            f"quiz_markdown checks; found pyodide {locked['version']} ({locked['integrity']}). Run 'npm install "
            f"pyodide@{pinned.get('version')}'. (Updating Pyodide in quiz_markdown itself? Then run "
            "'.venv/bin/python scripts/pin-pyodide.py', which writes its pins.)"
        )
    installed = _json(pyodide / "package.json", "Pyodide's package.json").get("version")
    if installed != locked["version"]:
        raise BundleError(
            f"{pyodide}: expected pyodide {locked['version']}, as {npm_lock.name} pins; found {installed}. "
            "Run 'npm ci'."
        )
    files = {}
    for name in PYODIDE_BUILD_FILES:
        try:
            data = (pyodide / name).read_bytes()
        except OSError as error:
            raise BundleError(f"{pyodide / name}: expected a readable file; found {error.strerror}") from None
        if sri(data) != pinned["files"][name]:
            raise BundleError(
                f"{pyodide / name}: expected {pinned['files'][name]}, the file in the pyodide {locked['version']} "
                f"tarball that {npm_lock.name} pins; found {sri(data)}. Run 'npm ci'."
            )
        files[name] = data
    return files


def pin_worker(source: str, engine: Mapping[str, str], snapshot: tuple[str, int] | None = None) -> str:
    """quiz-worker.js with the digest of every file it loads written in, by URL relative to the worker (``engine``:
    each file's digest, by its path in the site). ``snapshot``: the memory snapshot's path and size, marked as
    such (the worker does without it when it cannot use it, or when it would take too long to download), with the
    prefix of every build's snapshot name (when the browser has no room for it, the worker drops other builds')."""
    written_in(source, WORKER_PINS, "", WORKER)  # checked before any digest is worked out
    pins: dict[str, dict[str, object]] = {}
    for path, digest in engine.items():
        pin = pins[f"../{path.removeprefix('assets/')}"] = {"integrity": digest}
        if kind := _TYPES.get(Path(path).suffix):
            pin["type"] = kind
        if snapshot and path == snapshot[0]:
            pin.update(size=snapshot[1], snapshot=True, prefix=SNAPSHOT_PREFIX)
    return source.replace(WORKER_PINS, f"const PINNED = {json.dumps(pins, indent=2, sort_keys=True)};")


def written_in(source: str, line: str, replacement: str, name: str) -> str:
    """``source`` (the file ``name``) with its one ``line`` that the build writes in replaced."""
    if source.count(line) != 1:
        raise BundleError(f"{name}: expected the line '{line}' once; found {source.count(line)}")
    return source.replace(line, replacement)


def snapshot_name(snapshot: bytes) -> str:
    """The snapshot's file name, relative to the lock file: named by its hash, as two builds' snapshots differ."""
    return f"{SNAPSHOT_PREFIX}{hashlib.sha256(snapshot).hexdigest()[:16]}.gz"


def _cache_folder() -> Path | None:
    """Where made snapshots are kept ($XDG_CACHE_HOME or ~/.cache, then quiz_markdown/); None without a home."""
    try:
        return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "quiz_markdown"
    except RuntimeError:  # no HOME, and a user the system does not know (a container run as a bare uid)
        return None


def pack_memory(memory: bytes, block: int = MEMORY_BLOCK) -> bytes:
    """Pyodide's memory as the site publishes it: gzip of PACKED_HEADER (PACKED_MAGIC, the memory's size, the block
    size, ``block`` bytes), one bit per block (the lowest bit of the first byte is the first block's), set when the
    block is stored, then the stored blocks in order: every block but those that are all zero (the last block may
    be shorter). quiz_markdown/assets/memory.mjs unpacks it, in browsers and in Node.js.

    Pyodide 314's memory with quizlib imported is 31 MB, 14 of them zero (mostly in two runs): a browser unpacks
    the rest in 37 to 48% less time than the whole (docs/contribute/speed.md), for the same download."""
    count = -(-len(memory) // block)
    blocks = [memory[at : at + block] for at in range(0, len(memory), block)]
    stored = [index for index, part in enumerate(blocks) if part.count(0) != len(part)]
    bits = bytearray(-(-count // 8))
    for index in stored:
        bits[index // 8] |= 1 << index % 8
    header = PACKED_HEADER.pack(PACKED_MAGIC, len(memory), block) + bytes(bits)
    return gzip.compress(header + b"".join(blocks[index] for index in stored), compresslevel=6, mtime=0)


def _packed_blocks(unpacked: gzip.GzipFile) -> tuple[int, list[tuple[int, int]]]:
    """The memory's size and where each stored block goes (start, end), read from a packed memory's header."""
    header = unpacked.read(PACKED_HEADER.size)
    if len(header) < PACKED_HEADER.size:
        raise ValueError("not a packed memory: too short")
    magic, size, block = PACKED_HEADER.unpack(header)
    if magic != PACKED_MAGIC:
        raise ValueError("not a packed memory: another kind of file")
    if block == 0:
        raise ValueError("not a packed memory: blocks of 0 bytes")
    count = -(-size // block)
    bits = unpacked.read(-(-count // 8))
    if len(bits) * 8 < count:
        raise ValueError("not a packed memory: too short")
    starts = [index * block for index in range(count) if bits[index // 8] >> index % 8 & 1]
    return size, [(start, min(start + block, size)) for start in starts]


def unpack_memory(packed: bytes) -> bytes:
    """The memory that pack_memory packed into ``packed``; ValueError if it is not one, whole."""
    try:
        with gzip.GzipFile(fileobj=BytesIO(packed)) as unpacked:
            size, blocks = _packed_blocks(unpacked)
            memory = bytearray(size)
            for start, end in blocks:
                block = unpacked.read(end - start)
                if len(block) != end - start:
                    raise ValueError("not a packed memory: it ends early")
                memory[start:end] = block
            if unpacked.read(1):
                raise ValueError("not a packed memory: more than its blocks")
    except (OSError, EOFError) as error:
        raise ValueError(f"not a packed memory: {error}") from error
    return bytes(memory)


def _packed_snapshot(data: bytes) -> bool:
    """Whether ``data`` looks like a made snapshot, packed: its header, and a memory that starts as Pyodide's
    snapshots do (read no further: a build checks the cached copy each time)."""
    try:
        with gzip.GzipFile(fileobj=BytesIO(data)) as unpacked:
            _, blocks = _packed_blocks(unpacked)
            return bool(blocks) and blocks[0][0] == 0 and unpacked.read(len(SNAPSHOT_MAGIC)) == SNAPSHOT_MAGIC
    except (OSError, EOFError, ValueError):
        return False


def _last_line(stderr: str) -> str:
    """The line of Node.js's standard error that says what failed (not its closing 'Node.js v…' line)."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip() and not line.startswith("Node.js v")]
    return lines[-1] if lines else "no message"


def memory_snapshot(pyodide: Path, wheel: bytes, pins: Path = PINS) -> tuple[bytes | None, str]:
    """The memory snapshot of Pyodide (the folder ``pyodide``, its files checked against ``pins`` by
    checked_pyodide) with the ``wheel`` imported, packed (pack_memory): from the cache, or made with Node.js.
    Else None, and why in a sentence: a snapshot is never a reason for a build to stop."""
    node = shutil.which("node")
    if node is None:
        return None, "Node.js (node) is not on the PATH"
    run = {"capture_output": True, "text": True, "encoding": "utf-8", "errors": "replace"}
    try:
        found = subprocess.run([node, "--version"], timeout=30, check=True, **run)  # type: ignore[call-overload]
    except (OSError, subprocess.SubprocessError) as error:
        return None, f"'node --version' failed ({error})"
    version = pinned_version(pins)
    # The pins name the Pyodide files by digest: the files, checked against them, need not be hashed again. The
    # packing's header (its magic and block size) tells the snapshot's form: a checkout that packs it otherwise
    # keeps its own.
    packing = PACKED_HEADER.pack(PACKED_MAGIC, 0, MEMORY_BLOCK)
    parts = [found.stdout.strip().encode(), SNAPSHOT_SCRIPT.read_bytes(), pins.read_bytes(), wheel, packing]
    key = hashlib.sha256(b"\0".join(parts))
    folder = _cache_folder()
    cached = folder / f"snapshot-{key.hexdigest()[:32]}.gz" if folder else None
    if cached:
        try:
            snapshot = cached.read_bytes()
            if _packed_snapshot(snapshot):
                os.utime(cached)  # the newest are kept
                return snapshot, ""
            cached.unlink()  # a damaged copy is made again
        except OSError:
            pass
    try:
        with tempfile.TemporaryDirectory(prefix="quiz-snapshot-") as work:
            (Path(work) / WHEEL_NAME).write_bytes(wheel)
            memory = Path(work) / "memory"
            command = [node, str(SNAPSHOT_SCRIPT), str(pyodide), str(Path(work) / WHEEL_NAME), version, str(memory)]
            made = subprocess.run(command, timeout=300, **run)  # type: ignore[call-overload]
            if made.returncode != 0 or not memory.is_file():
                return None, f"making it with Node.js failed ({_last_line(made.stderr)})"
            snapshot = pack_memory(memory.read_bytes())
    except (OSError, subprocess.SubprocessError) as error:
        return None, f"making it with Node.js failed ({error})"
    if cached:
        _keep(cached, snapshot)
    return snapshot, ""


def _keep(cached: Path, snapshot: bytes) -> None:
    """Write the snapshot to the cache, whole, then renamed (a build beside this one never reads half a file),
    and remove all but the newest SNAPSHOTS_KEPT. Without a cache, the next build makes it again."""
    partial = cached.with_name(f"{cached.name}.{os.getpid()}.part")
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        partial.write_bytes(snapshot)
        partial.replace(cached)
        for old in sorted(cached.parent.glob("snapshot-*.gz"), key=lambda path: path.stat().st_mtime)[:-SNAPSHOTS_KEPT]:
            old.unlink(missing_ok=True)
    except OSError:
        partial.unlink(missing_ok=True)


@dataclass(frozen=True)
class Runtime:
    """Every file the quizzes need in the browser, by its path in the published site, and the two that pages
    load: ``script`` (a module script) and ``stylesheet``. ``no_snapshot`` says why the runtime has no
    memory snapshot, when it was asked for one and has none (the quizzes then start more slowly). ``engine``: the
    files the quiz engine checks against their digests itself (the worker's pins), each path with its digest."""

    files: dict[str, bytes]
    script: str
    stylesheet: str
    no_snapshot: str = ""
    engine: Mapping[str, str] = field(default_factory=dict)


def runtime(pyodide: Path, npm_lock: Path, snapshot: bool = True, offline: bool = False) -> Runtime:
    """The quiz runtime for a site: Pyodide from ``pyodide`` (npm's folder, checked against ``npm_lock`` and
    the pins), the quizlib wheel and its lock file, the memory snapshot (unless ``snapshot`` is false, or
    it cannot be made), and the page runtime with the worker pinned to them. With ``offline``, the page runtime
    registers the site's service worker (written after the build: quiz_markdown/offline.py); without, it
    removes one an earlier build registered.

    The page runtime goes in assets/quiz-<hash>/, named by its contents: a new build never mixes with files a
    browser cached from an older one (GitHub Pages lets browsers keep them ten minutes). Its files refer to
    each other, and to ../pyodide/ and ../quizlib/, by relative URLs."""
    missing = [name for name in PYODIDE_BUILD_FILES if not (pyodide / name).is_file()]
    if missing:
        found = "a file" if pyodide.is_file() else "no such folder" if not pyodide.exists() else "no " + missing[0]
        raise BundleError(
            f"{pyodide}: expected npm's folder of Pyodide ({', '.join(missing)}); found {found}. "
            f"Run 'npm install pyodide@{pinned_version()}' beside your mkdocs.yml, or say where it is "
            "(docs/contribute/reuse.md)."
        )
    checked = checked_pyodide(pyodide, npm_lock)
    wheel = build_wheel()
    lock = lock_file(wheel, checked["pyodide-lock.json"])
    memory, no_snapshot = memory_snapshot(pyodide, wheel) if snapshot else (None, "")
    files = {f"assets/pyodide/{name}": checked[name] for name in PYODIDE_FILES}
    files[f"assets/quizlib/{wheel_path(wheel)}"] = wheel
    files["assets/quizlib/pyodide-lock.json"] = lock.encode("utf-8")
    pinned = _json(PINS, "the Pyodide pins")["files"]  # checked_pyodide found each Pyodide file to be the pinned one
    engine = {f"assets/pyodide/{name}": str(pinned[name]) for name in PYODIDE_FILES}
    engine |= {path: sri(data) for path, data in files.items() if path not in engine}
    snapshot_pin = None
    if memory is not None:
        snapshot_pin = (f"assets/quizlib/{snapshot_name(memory)}", len(memory))
        files[snapshot_pin[0]] = memory
        engine[snapshot_pin[0]] = sri(memory)
    page = {path.name: path.read_bytes() for path in sorted(ASSETS.iterdir()) if path.is_file()}
    page[WORKER] = pin_worker(page[WORKER].decode("utf-8"), engine, snapshot_pin).encode("utf-8")
    page[SCRIPT] = with_offline(page[SCRIPT].decode("utf-8"), offline).encode("utf-8")
    digest = hashlib.sha256()
    for name, data in page.items():
        digest.update(name.encode() + b"\0" + data + b"\0")
    folder = f"assets/quiz-{digest.hexdigest()[:12]}/"
    files.update({folder + name: data for name, data in page.items()})
    return Runtime(files, folder + SCRIPT, folder + STYLESHEET, no_snapshot, MappingProxyType(engine))


def with_offline(source: str, offline: bool) -> str:
    """quiz.js with whether the site has a service worker written in."""
    return written_in(source, OFFLINE_LINE, f"const OFFLINE = {json.dumps(offline)};", SCRIPT)

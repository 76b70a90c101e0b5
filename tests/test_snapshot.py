"""The memory snapshot at build time (quiz_markdown.bundle.memory_snapshot): made with Node.js, kept in a
cache, pinned in the worker, and never a reason for a build to fail. That it restores to the same quizlib is
tests/test_parity.py's; that browsers use it, or do without it, is tests/browser/test_browser_snapshot.py's.
"""

import gzip
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from support import fake_node, mkdocs_build, quiz_site

from quiz_markdown import bundle

ROOT = Path(__file__).resolve().parent.parent
PYODIDE = ROOT / "node_modules" / "pyodide"
NPM_LOCK = ROOT / "package-lock.json"
QUIZ = "# Q\n\n```quiz\nid: one\ntitle: One\n\nquestion: Which?\n- [x] This\n- [ ] That\n```\n"


def worker_pins(files: dict[str, bytes]) -> dict[str, dict[str, object]]:
    (worker,) = [data for path, data in files.items() if path.endswith("/quiz-worker.js")]
    found = re.search(r"^const PINNED = (\{.*?\n\});", worker.decode(), re.M | re.S)
    assert found
    return dict(json.loads(found[1]))


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "quiz_markdown"


def test_the_runtime_publishes_the_snapshot_and_pins_it_as_one_it_may_do_without(cache: Path):
    runtime = bundle.runtime(PYODIDE, NPM_LOCK)
    assert runtime.no_snapshot == ""
    (path,) = [path for path in runtime.files if "/snapshot-" in path]
    snapshot = runtime.files[path]
    assert path == f"assets/quizlib/{bundle.snapshot_name(snapshot)}"
    assert snapshot[:2] == b"\x1f\x8b"  # gzip: GitHub Pages compresses no file of an unknown type
    pin = worker_pins(runtime.files)[f"../quizlib/{bundle.snapshot_name(snapshot)}"]
    assert pin == {"integrity": bundle.sri(snapshot), "size": len(snapshot), "snapshot": True, "prefix": "snapshot-"}
    # Made once: a second build takes it from the cache (two snapshots made by Node.js are never the same bytes).
    assert len(list(cache.iterdir())) == 1
    again = bundle.runtime(PYODIDE, NPM_LOCK)
    assert again.files[path] == snapshot


def test_without_node_the_runtime_has_no_snapshot_and_says_why(cache: Path, tmp_path: Path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    runtime = bundle.runtime(PYODIDE, NPM_LOCK)
    assert runtime.no_snapshot == "Node.js (node) is not on the PATH"
    assert not [path for path in runtime.files if "snapshot" in path]
    assert not [pin for pin in worker_pins(runtime.files).values() if pin.get("snapshot")]


def test_a_node_that_fails_gives_no_snapshot_and_its_message(cache: Path, tmp_path: Path, monkeypatch):
    monkeypatch.setenv("PATH", str(fake_node(tmp_path / "bin", None)))
    runtime = bundle.runtime(PYODIDE, NPM_LOCK)
    assert runtime.no_snapshot == "making it with Node.js failed (Pyodide would not start)"
    assert not [path for path in runtime.files if "snapshot" in path]
    assert not cache.exists() or not list(cache.iterdir())  # nothing cached: the next build tries again


def test_asked_for_none_the_runtime_has_none_and_says_nothing(cache: Path):
    runtime = bundle.runtime(PYODIDE, NPM_LOCK, snapshot=False)
    assert runtime.no_snapshot == ""
    assert not [path for path in runtime.files if "snapshot" in path]
    assert not cache.exists()


def test_the_cache_keeps_the_newest_snapshots_only(cache: Path, tmp_path: Path, monkeypatch):
    made = []
    for number in range(bundle.SNAPSHOTS_KEPT + 2):  # another Node.js each time: another snapshot
        monkeypatch.setenv("PATH", str(fake_node(tmp_path / f"bin{number}", b"memory %d" % number, f"v{number}")))
        snapshot, why = bundle.memory_snapshot(PYODIDE, b"wheel")
        assert why == ""
        made.append(snapshot)
        os.utime(next(path for path in cache.iterdir() if path.read_bytes() == snapshot), (number, number))
    kept = sorted(path.read_bytes() for path in cache.iterdir())
    assert kept == sorted(made[-bundle.SNAPSHOTS_KEPT :])
    assert not list(cache.glob("*.part"))


def test_the_plugin_says_when_the_site_has_no_snapshot_and_builds_strictly(tmp_path: Path):
    config = quiz_site(tmp_path, {"index.md": QUIZ})
    python_only = tmp_path / "python-only"
    python_only.mkdir()
    (python_only / "python").symlink_to(sys.executable)
    done = mkdocs_build(
        tmp_path / "site", "--strict", config=config, PATH=str(python_only), XDG_CACHE_HOME=str(tmp_path / "c")
    )
    assert done.returncode == 0, done.stderr
    told = "INFO    -  quizzes: no memory snapshot, so quizzes take longer to start: Node.js (node) is not on the PATH"
    assert told in done.stderr
    assert not list((tmp_path / "site" / "assets" / "quizlib").glob("snapshot-*"))


def test_the_plugin_option_turns_the_snapshot_off(tmp_path: Path):
    config = quiz_site(tmp_path, {"index.md": QUIZ})
    config.write_text(config.read_text().replace("{pyodide:", "{snapshot: false, pyodide:"))
    done = mkdocs_build(tmp_path / "site", "--strict", config=config)
    assert done.returncode == 0, done.stderr
    assert "memory snapshot" not in done.stderr
    assert not list((tmp_path / "site" / "assets" / "quizlib").glob("snapshot-*"))
    (worker,) = (tmp_path / "site").glob("assets/quiz-*/quiz-worker.js")
    assert '"snapshot": true' not in worker.read_text()


# As a build that lost a race, or a full disk, could leave it; as builds before the packing kept it (the memory
# gzipped as it is).
@pytest.mark.parametrize("damage", ["empty", "not packed"])
def test_a_damaged_cached_snapshot_is_made_again(cache: Path, damage: str):
    wheel = bundle.build_wheel()
    made, _ = bundle.memory_snapshot(PYODIDE, wheel)
    assert made
    (cached,) = cache.iterdir()
    cached.write_bytes(b"" if damage == "empty" else gzip.compress(bundle.unpack_memory(made)))
    again, why = bundle.memory_snapshot(PYODIDE, wheel)
    assert why == ""
    assert again and again != made and again[:2] == b"\x1f\x8b"
    assert cached.read_bytes() == again


def test_without_a_home_folder_the_snapshot_is_made_and_not_kept(monkeypatch: pytest.MonkeyPatch):
    def no_home() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setattr(Path, "home", no_home)
    runtime = bundle.runtime(PYODIDE, NPM_LOCK)
    assert runtime.no_snapshot == ""
    assert [path for path in runtime.files if "/snapshot-" in path]


def test_when_node_cannot_make_it_the_message_says_why(cache: Path):
    snapshot, why = bundle.memory_snapshot(PYODIDE, b"not a wheel")
    assert snapshot is None
    assert why.startswith("making it with Node.js failed (") and "is not a zip file" in why, why


# The memory snapshot as the site publishes it: packed by bundle.pack_memory, unpacked by assets/memory.mjs (in
# browsers and in Node.js). Memories of every shape: empty, all zero, zero blocks between and after stored ones
# (the last one short), a short last block stored, and a header longer than the chunks the unpacking reads
# (blocks of 1 byte).
BLOCK = bundle.MEMORY_BLOCK
BETWEEN_AND_AFTER = b"".join(
    part.ljust(BLOCK, b"\x00") for part in (b"\x00snp", b"", b"middle", b"", b"last", b"")
) + bytes(10)
MEMORIES = {
    "empty": (b"", BLOCK),
    "all zero": (bytes(3 * BLOCK), BLOCK),
    "no zero block": (bytes(range(256)) * (BLOCK // 128) + b"end", BLOCK),
    "zeros between and after": (BETWEEN_AND_AFTER, BLOCK),
    "a short last block": (bytes(BLOCK) + b"x" * 10, BLOCK),
    "a long header": (bytes(i % 3 and i % 251 for i in range(300_000)), 1),
}
UNPACK = ROOT / "quiz_markdown" / "assets" / "memory.mjs"
NODE_UNPACK = f"""
import {{ unpackMemory }} from {json.dumps(UNPACK.as_uri())};
const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
try {{
  process.stdout.write(await unpackMemory(new Uint8Array(Buffer.concat(chunks))));
}} catch (error) {{
  process.stderr.write(error.message);
  process.exitCode = 1;
}}
"""


def node_unpacks(packed: bytes) -> subprocess.CompletedProcess[bytes]:
    command = ["node", "--input-type=module", "-e", NODE_UNPACK]
    return subprocess.run(command, input=packed, capture_output=True, timeout=60)


@pytest.mark.parametrize("shape", MEMORIES)
def test_a_packed_memory_unpacks_to_the_same_bytes_in_python_and_in_javascript(shape: str):
    memory, block = MEMORIES[shape]
    packed = bundle.pack_memory(memory, block)
    assert bundle.unpack_memory(packed) == memory
    unpacked = node_unpacks(packed)
    assert unpacked.returncode == 0, unpacked.stderr
    assert unpacked.stdout == memory


def test_packing_leaves_out_the_blocks_that_are_all_zero():
    memory = b"a" + bytes(10 * BLOCK) + b"b"
    packed = gzip.decompress(bundle.pack_memory(memory))
    header = bundle.PACKED_HEADER.pack(bundle.PACKED_MAGIC, len(memory), BLOCK)
    # 11 blocks, the last 2 bytes long: the first and the last are stored, the 9 between are all zero.
    assert packed == header + bytes([0b0000_0001, 0b0000_0100]) + b"a" + bytes(BLOCK - 1) + b"\x00b"


def _repacked(packed: bytes, change) -> bytes:
    return gzip.compress(change(gzip.decompress(packed)))


PACKED = bundle.pack_memory(BETWEEN_AND_AFTER)
NOT_PACKED = {
    "a memory gzipped as it is": gzip.compress(BETWEEN_AND_AFTER),
    "another magic": _repacked(PACKED, lambda data: b"\x00qzn" + data[4:]),
    "a short header": _repacked(PACKED, lambda data: data[:10]),
    "a short bitmap": _repacked(PACKED, lambda data: bundle.PACKED_HEADER.pack(bundle.PACKED_MAGIC, 80 * BLOCK, BLOCK)),
    "a block size of 0": _repacked(PACKED, lambda data: data[:8] + bytes(4) + data[12:]),
    "a stored block cut short": _repacked(PACKED, lambda data: data[:-3]),
    "more than its blocks": _repacked(PACKED, lambda data: data + b"more"),
    "gzip cut short": PACKED[:-20],
}


@pytest.mark.parametrize("damage", NOT_PACKED)
def test_what_is_not_a_whole_packed_memory_is_refused_in_python_and_in_javascript(damage: str):
    with pytest.raises(ValueError, match="not a packed memory"):
        bundle.unpack_memory(NOT_PACKED[damage])
    unpacked = node_unpacks(NOT_PACKED[damage])
    assert unpacked.returncode == 1 and unpacked.stdout == b"", unpacked
    assert unpacked.stderr.startswith(b"not a packed memory: "), unpacked.stderr

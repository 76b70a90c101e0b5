// Run a Python script in Pyodide under Node.js, with quizlib installed from a wheel, as CPython would:
// standard input, standard output and exit status pass through. Given the site's memory snapshot too (made by
// quiz_markdown/snapshot.mjs, packed by quiz_markdown/bundle.py), Pyodide is restored from it first, unpacked as
// browsers unpack it.
// Usage: node scripts/pyodide-run.mjs WHEEL SCRIPT.py [SNAPSHOT.gz] < input > output
import { readFileSync } from "node:fs";
import { loadPyodide } from "pyodide";
import { unpackMemory } from "../quiz_markdown/assets/memory.mjs";

const [wheelPath, scriptPath, snapshotPath] = process.argv.slice(2);
const pyodide = await loadPyodide(
  snapshotPath ? { _loadSnapshot: await unpackMemory(new Uint8Array(readFileSync(snapshotPath))) } : {},
);
pyodide.unpackArchive(new Uint8Array(readFileSync(wheelPath)), "wheel");
// Standard input goes through a file: Pyodide's stdin callback cuts long input short. It is read as a
// stream: readFileSync(0) fails with EAGAIN when the pipe is not ready yet.
const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
pyodide.FS.writeFile("/tmp/stdin", new Uint8Array(Buffer.concat(chunks)));
pyodide.runPython("import sys; sys.stdin = open('/tmp/stdin', encoding='utf-8')");
pyodide.setStdout({ write: (bytes) => (process.stdout.write(bytes), bytes.length) });
process.stderr.write(`Pyodide Python ${pyodide.runPython("import sys; sys.version.split()[0]")}\n`);
try {
  pyodide.runPython(readFileSync(scriptPath, "utf8"), { filename: scriptPath });
} catch (error) {
  process.stderr.write(String(error));
  process.exitCode = 1;
}

// Makes the quiz engine's memory snapshot: Pyodide booted under Node.js, the quizlib wheel installed and
// every module of quizlib imported, then its whole WebAssembly memory written out. A browser that restores it
// skips CPython's start-up, quizlib's import and Pyodide's package loader (quiz-worker.js). The memory holds
// no files: the browser unpacks the same wheel again, and the standard library comes from Pyodide's zip.
// quiz_markdown/bundle.py runs this at build time.
// Usage: node snapshot.mjs PYODIDE_FOLDER WHEEL VERSION OUT
// VERSION is the Pyodide version the build checked; the snapshot is refused by any other Pyodide build.
import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [pyodideFolder, wheel, version, out] = process.argv.slice(2);
try {
  const { loadPyodide } = await import(pathToFileURL(`${pyodideFolder}/pyodide.mjs`).href);
  // The program's name a browser's Pyodide has (sys.executable), not this script's path on the build machine.
  const options = { indexURL: `${pyodideFolder}/`, _makeSnapshot: true, _sysExecutable: "./this.program" };
  const pyodide = await loadPyodide({ ...options, stdout: () => {} });
  if (pyodide.version !== version) throw new Error(`expected Pyodide ${version}; found ${pyodide.version}`);
  // Not loadPyodide's `packages`: a snapshot cannot hold what that leaves behind.
  pyodide.unpackArchive(new Uint8Array(readFileSync(wheel)), "wheel");
  pyodide.runPython(`
import importlib, pkgutil, quizlib
for module in pkgutil.walk_packages(quizlib.__path__, "quizlib."):
    if module.name != "quizlib.__main__":
        importlib.import_module(module.name)
`);
  writeFileSync(out, pyodide.makeMemorySnapshot());
} catch (error) {
  // One line, for the build's message: the last line of a Python error names it.
  console.error(String(error.message ?? error).trim().split("\n").at(-1));
  process.exit(1);
}

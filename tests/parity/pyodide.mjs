// Runs tests/parity/run.py inside Pyodide under Node.js, with quizlib installed from the site's wheel.
// Usage: node tests/parity/pyodide.mjs WHEEL < input.json > output.json
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { loadPyodide } from "pyodide";

const [wheelPath] = process.argv.slice(2);
const pyodide = await loadPyodide();
pyodide.unpackArchive(new Uint8Array(readFileSync(wheelPath)), "wheel");
const program = readFileSync(fileURLToPath(new URL("run.py", import.meta.url)), "utf8");
pyodide.runPython(program.replace('if __name__ == "__main__":', "if False:"));
process.stderr.write(`Pyodide Python ${pyodide.runPython("import sys; sys.version.split()[0]")}\n`);
const input = readFileSync(0, "utf8");
process.stdout.write(pyodide.globals.get("main")(input));

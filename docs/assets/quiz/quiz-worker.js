// The scoring engine: quizlib running in Pyodide, in a module worker so the page never freezes.
// Messages in:  {id, call: "check" | "order", args: [strings]}   (see quizlib/bridge.py)
// Messages out: {type: "ready"} | {type: "failed", message} | {type: "result", id, result | error}
import { loadPyodide } from "../pyodide/pyodide.mjs";

const CALLS = ["check", "order"];

async function boot() {
  // The lock file is tiny and names the wheel by its hash: always fetch it fresh, so a cached copy
  // from an older build can never point at a wheel that is gone.
  const lockFileURL = new URL(`../quizlib/pyodide-lock.json?build=${Date.now()}`, import.meta.url);
  const pyodide = await loadPyodide({
    indexURL: new URL("../pyodide/", import.meta.url).href,
    lockFileURL: lockFileURL.href,
    packageBaseUrl: new URL("../quizlib/", import.meta.url).href,
    packages: ["quizlib"],
  });
  // A failed package download does not reject loadPyodide: importing tells. Each function is looked up
  // once: every lookup would make a new proxy object.
  const bridge = pyodide.pyimport("quizlib.bridge");
  return Object.fromEntries(CALLS.map((name) => [name, bridge[name]]));
}

const engine = boot();

// Pyodide starts several downloads at once; when one fails, the others' rejections can go unhandled.
// They are the same failure, already reported through `engine`.
self.addEventListener("unhandledrejection", (event) => {
  event.preventDefault();
  console.warn("quiz worker:", event.reason);
});

self.onmessage = async ({ data }) => {
  try {
    if (!CALLS.includes(data.call)) throw new Error(`unknown call ${data.call}`);
    const calls = await engine;
    self.postMessage({ type: "result", id: data.id, result: calls[data.call](...data.args) });
  } catch (error) {
    self.postMessage({ type: "result", id: data.id, error: String(error) });
  }
};

engine.then(
  () => self.postMessage({ type: "ready" }),
  (error) => self.postMessage({ type: "failed", message: String(error) }),
);

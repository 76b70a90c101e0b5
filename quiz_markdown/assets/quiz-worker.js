// The scoring engine: quizlib running in Pyodide, in a module worker so the page never freezes.
// Messages in:  {id, call: "check" | "order", args: [strings]}   (see quizlib/bridge.py)
// Messages out: {type: "ready"} | {type: "result", id, result | error}
//               | {type: "failed", reason: "load" | "unsupported", message}
// The page starts this worker as quiz-worker.js?retry=N after a failure: then nothing comes from the cache,
// and Pyodide boots as it is, without the memory snapshot. Its name (self.name, set by quiz.js) holds save-data
// when the reader's browser asks sites to save data (Save-Data, navigator.connection.saveData): then the snapshot
// is never downloaded (a copy kept from an earlier visit, on a site kept for reading offline, is used); and
// keep=NAME when the site keeps itself for reading offline: NAME is the cache of the site's service worker, where
// this worker keeps the memory snapshot it downloaded (see keptSnapshot).

const CALLS = ["check", "order"];
// Every file the engine loads, by URL relative to this worker, with the SHA-256 it must have (and the
// type the browser insists on): the build checks the Pyodide files against package-lock.json and writes
// their digests in here, so no other copy is used, whatever a server, a proxy or a cache hands over.
const PINNED = {}; // written in by quiz_markdown/bundle.py
const PYODIDE = new URL("../pyodide/", import.meta.url);
const LOCK = new URL("../quizlib/pyodide-lock.json", import.meta.url);
const RETRY = new URL(import.meta.url).searchParams.has("retry");
const SETTINGS = new URLSearchParams(self.name);
const SAVE_DATA = SETTINGS.has("save-data");
const KEEP = SETTINGS.get("keep");

class EngineError extends Error {
  constructor(reason, message) {
    super(message);
    this.reason = reason; // "load": a retry may work; "unsupported": this browser cannot run the engine
  }
}

const nativeFetch = globalThis.fetch.bind(globalThis);
const pins = new Map(Object.entries(PINNED).map(([path, pin]) => [new URL(path, import.meta.url).href, pin]));
// The memory snapshot (see quiz_markdown/snapshot.mjs), when the build made one: Pyodide restored with quizlib
// already imported, which saves CPython's start-up. Anything wrong with it, and Pyodide boots as it is; a
// retry does without it from the start, and a reader who asks to save data unless it is kept already (6.7 MB less).
const SNAPSHOT_FILE = [...pins].find(([, pin]) => pin.snapshot)?.[0];
const SNAPSHOT = RETRY ? undefined : SNAPSHOT_FILE;
// The snapshot is asked for once every other file is here, if it would download in less than this, at the
// speed they came: less than a plain boot takes to start Python (2.5 to 3.5 s in make bench's runs). On a
// slower connection, booting as it is comes sooner, and the reader downloads 6.7 MB less.
const SNAPSHOT_WORTH_MS = 2000;
const downloads = new Map(); // URL -> the checked response, asked for once

const base64 = (buffer) => btoa(String.fromCharCode(...new Uint8Array(buffer)));
const integrityOf = async (bytes) => `sha256-${base64(await crypto.subtle.digest("SHA-256", bytes))}`;
// Whether the last response for this URL came from the browser's cache (nothing was transferred).
const fromCache = (href) => (performance.getEntriesByName(href).at(-1)?.transferSize ?? 0) === 0;

// One request per pinned file, checked before anything reads it. A cached copy that fails the check is
// asked for again once (a copy from an older build); a file that still fails stops the engine.
function download(href) {
  if (!downloads.has(href)) downloads.set(href, checked(href, pins.get(href)));
  return downloads.get(href);
}

async function checked(href, pin) {
  const name = href.slice(href.lastIndexOf("/") + 1);
  // The lock file is tiny and names the wheel by its hash: always revalidated, never an older build's.
  let cache = RETRY || href === LOCK.href ? "no-cache" : "default";
  for (;;) {
    let response;
    try {
      // Without crypto.subtle (a page served over plain http), the browser checks the digest itself.
      response = await nativeFetch(href, { cache, ...(crypto.subtle ? {} : { integrity: pin.integrity }) });
    } catch (error) {
      throw new EngineError("load", `${name} could not be downloaded (${error.message})`);
    }
    if (!response.ok) throw new EngineError("load", `${name}: the server answered ${response.status}`);
    const type = response.headers.get("Content-Type") ?? "";
    if (pin.type === "javascript" && !/javascript|ecmascript/i.test(type)) {
      throw new EngineError("load", `${name} was served as ${type || "no type"}: browsers run only JavaScript types`);
    }
    if (!crypto.subtle) return response;
    // A script is only checked here (the browser imports it from its cache): its body is read to the end.
    const script = pin.type === "javascript";
    const bytes = await (script ? response : response.clone()).arrayBuffer();
    const found = await integrityOf(bytes);
    if (found === pin.integrity) {
      if (script) return null;
      if (pin.type !== "application/wasm" || type.split(";")[0].trim() === pin.type) return response; // as it came
      // The right bytes with the wrong type (a server or proxy that does not know .wasm): the digest
      // proves what they are, so they are used as they are, typed as the compiler requires.
      console.warn(`quiz worker: ${name} was served as ${type || "no type"}, not ${pin.type}; used after its digest check`);
      return new Response(bytes, { headers: { "Content-Type": pin.type } });
    }
    if (cache !== "default" || !fromCache(href)) {
      throw new EngineError("load", `${name} is not the file this site was built with (${found}, not ${pin.integrity})`);
    }
    cache = "reload";
  }
}

// Pyodide fetches its files with the global fetch: pinned files get their checked response. One that
// failed is reported through `failure`; Pyodide is left waiting, rather than printing errors of its own
// about a file it will never get (the page ends this worker).
function engineFetch(input, init) {
  const href = new URL(input instanceof Request ? input.url : input, location.href).href.split(/[?#]/)[0];
  if (pins.has(href)) return download(href).catch((error) => (fail(error), new Promise(() => {})));
  return nativeFetch(input, RETRY ? { ...init, cache: "no-cache" } : init);
}

// Whatever goes wrong first ends the boot at once: Pyodide itself would wait forever on a wasm that does
// not compile, logging a warning.
let fail;
const failure = new Promise((resolve, reject) => (fail = reject));

function watchCompiler() {
  for (const name of ["instantiateStreaming", "instantiate"]) {
    const original = WebAssembly[name];
    WebAssembly[name] = function (...args) {
      return original.apply(this, args).catch((error) => {
        // The bytes passed their digest check: a browser that cannot compile them cannot run the engine.
        const reason = error instanceof WebAssembly.CompileError || error instanceof WebAssembly.LinkError;
        fail(new EngineError(reason ? "unsupported" : "load", `WebAssembly: ${error.message}`));
        return new Promise(() => {});
      });
    };
  }
}

// The body of ``response``, or null when it is longer than ``limit`` bytes (read no further).
async function readAtMost(response, limit) {
  const reader = response.body.getReader();
  const chunks = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    length += value.length;
    if (length > limit) {
      reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(length);
  chunks.reduce((at, chunk) => (bytes.set(chunk, at), at + chunk.length), 0);
  return bytes;
}

// The site's offline copy of the snapshot (in the service worker's cache, KEEP), when it holds this build's: a
// second visit reads it from there, at once. A browser's HTTP cache may not keep a file this size (Chromium's
// in a private window does not), and the service worker is not there yet when a first visit downloads it. A copy
// that is not this build's (another site on the origin can write the cache) is deleted, unread past its size.
async function keptSnapshot() {
  if (!KEEP || !crypto.subtle) return null;
  try {
    const cache = await caches.open(KEEP);
    const kept = await cache.match(SNAPSHOT);
    if (!kept) return null;
    // An entry that cannot be read (an opaque response has no body to read) is deleted too.
    const bytes = await readAtMost(kept, pins.get(SNAPSHOT).size).catch(() => null);
    if (bytes && (await integrityOf(bytes)) === pins.get(SNAPSHOT).integrity) return bytes;
    await cache.delete(SNAPSHOT);
  } catch {
    // no storage for this site (a private window may have none): downloaded as on a first visit
  }
  return null;
}

// The snapshot downloaded, kept once the engine is ready (boot calls it) and only if Pyodide restored from it:
// writing 6.7 MB while Pyodide starts would slow the start. Copies of other snapshots are not this worker's to drop
// (a page of an older build, still open in a tab, would drop the newer build's): the site's service worker drops
// what its build does not have. Only when there is no room for this one are they dropped first, and it is written
// again.
let keepSnapshot = null;

function keepLater(bytes, type) {
  keepSnapshot = async () => {
    keepSnapshot = null;
    try {
      const cache = await caches.open(KEEP);
      // The service worker may have kept it already, as it passed through (checked: the next visit checks it again).
      if (await cache.match(SNAPSHOT)) return;
      const copy = () => cache.put(SNAPSHOT, new Response(bytes, { headers: { "Content-Type": type } }));
      try {
        await copy();
      } catch (error) {
        const full = error.name === "QuotaExceededError" || error.name === "NS_ERROR_FILE_NO_DEVICE_SPACE";
        if (!full) throw error;
        // Every build's snapshot name starts with bundle.py's SNAPSHOT_PREFIX, written into the snapshot's pin.
        const folder = new URL(pins.get(SNAPSHOT).prefix, SNAPSHOT).href;
        for (const request of await cache.keys()) {
          if (request.url.startsWith(folder) && request.url !== SNAPSHOT) await cache.delete(request);
        }
        await copy();
      }
    } catch (error) {
      console.info("quiz worker: the memory snapshot is not kept for the next visit:", error.message);
    }
  };
}

function unpacker() {
  const module = import("./memory.mjs");
  module.catch(() => {}); // a failure is told where it is awaited
  return module;
}

// The snapshot's memory, unpacked; null when there is none, the reader asks to save data and none is kept, or it
// would take too long to download (both said in the console), or it cannot be had (warned in the console).
async function snapshotMemory(needed) {
  if (!SNAPSHOT || typeof DecompressionStream !== "function") return null;
  const started = performance.now();
  // The module that unpacks it, asked for at once (it is small, 3 KB, and asked for even when the connection turns
  // out too slow for the snapshot); by a reader who saves data, only once a kept copy is found.
  let unpacking = SAVE_DATA ? null : unpacker();
  let bytes = await keptSnapshot();
  if (!bytes && SAVE_DATA) {
    console.info("quiz worker: the browser asks to save data, so Pyodide boots as it is");
    return null;
  }
  unpacking ??= unpacker();
  if (!bytes) {
    try {
      await Promise.all(needed.map(download)); // asked for already: each download is made once
    } catch {
      return null; // the boot has failed already
    }
    const took = performance.now() - started;
    const size = (href) => performance.getEntriesByName(href).at(-1)?.encodedBodySize ?? 0;
    const sizes = needed.reduce((sum, href) => sum + size(href), 0);
    const expected = (pins.get(SNAPSHOT).size * took) / Math.max(sizes, 1);
    if (expected > SNAPSHOT_WORTH_MS) {
      const about = `about ${Math.round(expected)} ms`;
      console.info(`quiz worker: the memory snapshot would take ${about} to download, so Pyodide boots as it is`);
      return null;
    }
  }
  try {
    const { unpackMemory } = await unpacking; // without it, the snapshot is not downloaded: it could not be used
    if (!bytes) {
      const response = await checked(SNAPSHOT, pins.get(SNAPSHOT));
      bytes = new Uint8Array(await response.arrayBuffer());
      if (KEEP) keepLater(bytes, response.headers.get("Content-Type") ?? "application/gzip");
    }
    return await unpackMemory(bytes);
  } catch (error) {
    keepSnapshot = null;
    console.warn("quiz worker: the memory snapshot could not be used, so Pyodide boots as it is:", error.message);
    return null;
  }
}

// The snapshot's bytes for loadPyodide, handed over once: Pyodide keeps its options for the worker's life, and
// would keep the unpacked memory (31 MB) with them.
function once(bytes) {
  let held = bytes;
  return {
    then(resolve) {
      resolve(held);
      held = null;
    },
  };
}

async function boot() {
  if (typeof WebAssembly !== "object") throw new EngineError("unsupported", "this browser has no WebAssembly");
  if (!pins.size) throw new EngineError("load", "quiz-worker.js was not built by quiz_markdown: no file digests");
  const needed = [...pins.keys()].filter((href) => href !== SNAPSHOT_FILE);
  for (const href of needed) download(href).catch(fail); // all at once; the first failure ends the boot
  const memory = snapshotMemory(needed);
  const main = new URL("pyodide.mjs", PYODIDE).href;
  await download(main);
  const { loadPyodide } = await import(main); // the file just checked, from the cache
  await download(new URL("pyodide.asm.mjs", PYODIDE).href); // checked before Pyodide imports it
  watchCompiler();
  globalThis.fetch = engineFetch;
  const options = {
    indexURL: PYODIDE.href,
    lockFileURL: LOCK.href,
    packageBaseUrl: new URL("../quizlib/", import.meta.url).href,
  };
  let pyodide = null;
  const restored = await memory;
  if (restored) {
    const wheel = await download([...pins.keys()].find((href) => href.endsWith(".whl"))); // its failure ends the boot
    try {
      pyodide = await loadPyodide({ ...options, _loadSnapshot: once(restored) });
      // Every quizlib module is imported already; its files go where a plain boot puts them, for the same Python.
      pyodide.unpackArchive(new Uint8Array(await wheel.clone().arrayBuffer()), "wheel");
    } catch (error) {
      pyodide = null;
      keepSnapshot = null;
      console.warn("quiz worker: the memory snapshot did not restore, so Pyodide boots as it is:", error.message);
      // That attempt read the checked responses: the boot asks for its files again (the browser's cache has them).
      downloads.clear();
    }
  }
  const fromSnapshot = pyodide !== null;
  pyodide ??= await loadPyodide({ ...options, packages: ["quizlib"] });
  // A failed package download does not reject loadPyodide: importing tells. Each function is looked up
  // once: every lookup would make a new proxy object.
  const bridge = pyodide.pyimport("quizlib.bridge");
  console.debug(`quiz worker: ready; Pyodide ${fromSnapshot ? "restored from the memory snapshot" : "booted"}`);
  if (fromSnapshot && keepSnapshot) setTimeout(keepSnapshot, 0); // once the page has heard the engine is ready
  return Object.fromEntries(CALLS.map((name) => [name, bridge[name]]));
}

const engine = Promise.race([boot(), failure]);

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
  (error) => self.postMessage({ type: "failed", reason: error.reason ?? "load", message: String(error.message ?? error) }),
);

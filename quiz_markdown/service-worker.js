// The site offline (the quizzes plugin's `offline: true`): a service worker at the site's root that keeps a copy of
// every file of this build the reader's browser has loaded, and answers from it when the network cannot.
// - The quiz engine's files (Pyodide, the quizlib wheel, its lock file, the memory snapshot) come from the copy
//   first: a second visit starts the engine without asking the server again. The engine checks each of them
//   against its digest as before (quiz-worker.js), and asks again with `cache: "reload"` when one is wrong,
//   which this worker passes to the network as it is.
// - Every other file (pages, scripts, styles, images) comes from the network, as without a service worker, and
//   from the copy only when the network fails (offline).
// - A copy is kept only when its bytes have the digest the build wrote in (FILES), and checked again before it
//   is used: other sites on the same origin (user.github.io/other-project/) can write this origin's caches, so
//   nothing in them is trusted. The engine's files are checked when this worker starts (and by the engine).
// - Nothing is downloaded for the copy: what the browser already has (its HTTP cache) is copied when a page asks
//   ("keep"), and what passes through this worker is kept on the way.
// - Requests with a query (the engine's `?retry`), other methods, other origins and files not of this build are
//   left to the browser.

// Every file of this build, by its path relative to this file: {integrity, engine (the quiz engine's own)}.
const FILES = {}; // written in by quiz_markdown/offline.py
const SCOPE = new URL("./", self.location.href);
const CACHE = `quiz-offline ${SCOPE.pathname}`; // caches are the origin's: this site's is named by its path

const base64 = (buffer) => btoa(String.fromCharCode(...new Uint8Array(buffer)));
const digest = async (bytes) => `sha256-${base64(await crypto.subtle.digest("SHA-256", bytes))}`;

// The file of this build a URL asks for ("quiz/" and "quiz/index.html" are the same page), or null.
function fileOf(href) {
  const url = new URL(href);
  if (url.origin !== SCOPE.origin || url.search || !url.pathname.startsWith(SCOPE.pathname)) return null;
  const path = url.pathname.slice(SCOPE.pathname.length);
  const file = path === "" || path.endsWith("/") ? `${path}index.html` : path;
  return Object.hasOwn(FILES, file) ? file : null;
}

// The URL a file's copy is kept under: a page's, as readers and links ask for it.
const keyOf = (file) => new URL(file.replace(/(^|\/)index\.html$/, "$1"), SCOPE).href;

// Keeps ``response`` as the copy of ``file`` if its bytes are this build's.
async function keep(cache, file, response) {
  if (!response.ok || response.type !== "basic") return;
  const bytes = await response.clone().arrayBuffer();
  if ((await digest(bytes)) === FILES[file].integrity) await cache.put(keyOf(file), response);
}

// The kept copy of ``file``, if its bytes are this build's (checked each time: see above); else undefined.
async function checkedCopy(cache, file) {
  const kept = await cache.match(keyOf(file));
  if (!kept) return undefined;
  const bytes = await kept.arrayBuffer();
  if ((await digest(bytes)) !== FILES[file].integrity) return undefined;
  return new Response(bytes, { status: kept.status, statusText: kept.statusText, headers: kept.headers });
}

async function answer(event, file) {
  const { request } = event;
  const fresh = request.cache === "reload" || request.cache === "no-store"; // asked for a new copy: the network only
  const cache = await caches.open(CACHE);
  if (FILES[file].engine && !fresh && request.cache !== "no-cache") {
    const kept = await cache.match(keyOf(file)); // checked when this worker started, and by the engine
    if (kept) return kept;
  }
  let response;
  try {
    // A page's own request starts as the browser starts this worker (navigation preload), not after.
    response = (await event.preloadResponse) || (await fetch(request));
  } catch (error) {
    const kept = fresh ? undefined : await checkedCopy(cache, file);
    if (kept) return kept;
    throw error;
  }
  event.waitUntil(keep(cache, file, response.clone()).catch(() => {}));
  return response;
}

let forgotten = false; // the page is removing this worker: it keeps nothing more

self.addEventListener("fetch", (event) => {
  const file = event.request.method === "GET" && !forgotten ? fileOf(event.request.url) : null;
  if (file) event.respondWith(answer(event, file));
});

// What the browser already has of this build, copied: the page that asked was loaded before this worker
// served it (a first visit), and so were its scripts, styles and, if started, the engine's files.
async function keepWhatTheBrowserHas() {
  const cache = await caches.open(CACHE);
  const kept = new Set((await cache.keys()).map((request) => request.url));
  for (const file of Object.keys(FILES)) {
    if (forgotten) return;
    if (kept.has(keyOf(file))) continue;
    try {
      await keep(cache, file, await fetch(keyOf(file), { cache: "only-if-cached", mode: "same-origin" }));
    } catch {
      // not in the browser's cache: nothing to keep
    }
  }
}

// "keep": copy what the browser has; "forget": the site is built without this worker now, which the page is
// about to remove: its copies go too, and it keeps nothing more (the page's last requests still pass through it).
self.addEventListener("message", (event) => {
  if (event.origin !== SCOPE.origin) return;
  if (event.data === "keep" && !forgotten) event.waitUntil(keepWhatTheBrowserHas());
  if (event.data === "forget") {
    forgotten = true;
    event.waitUntil(caches.delete(CACHE));
  }
});

// A new build's worker takes over at once: a copy of a file this build does not have is dropped, and so is an
// engine file's copy whose bytes are not this build's (the engine's files are served without a check here).
async function start() {
  const cache = await caches.open(CACHE);
  for (const request of await cache.keys()) {
    const file = fileOf(request.url);
    if (!file) await cache.delete(request);
    else if (FILES[file].engine && !(await checkedCopy(cache, file))) await cache.delete(request);
  }
  await self.registration.navigationPreload?.enable();
  await self.clients.claim();
}

self.addEventListener("install", (event) => event.waitUntil(self.skipWaiting()));
self.addEventListener("activate", (event) => event.waitUntil(start()));

// The site offline (the quizzes plugin's `offline: true`): a service worker at the site's root that keeps a copy of
// every file of this build the reader's browser has loaded, and answers from it when the network cannot.
// - The quiz engine's files (Pyodide, the quizlib wheel, the memory snapshot) come from the copy first: a second
//   visit does not download them again. The engine checks them against their digests (quiz-worker.js), and asks
//   again with `cache: "reload"` for one that is wrong, which this worker passes to the network; so only what
//   asks for them otherwise (an import, a reader opening the address) gets a copy checked here.
// - Every other file (pages, scripts, styles, images, the engine's small lock file) comes from the network, as
//   without a service worker, and from the copy only when the network fails (offline).
// - Nothing in the copy is trusted: other sites on the same origin (user.github.io/other-project/) can write this
//   origin's caches. A copy is kept only when its bytes have the digest the build wrote in (FILES), checked again
//   each time it is used, and served with the status and type the build wrote in, never with its own headers
//   (the engine's own downloads excepted: the engine checks those itself).
// - Nothing is downloaded for the copy: what the browser already has (its HTTP cache) is copied when a page asks
//   ("keep"), and what passes through this worker is kept on the way.
// - A query does not change which file is asked for: a page's `?h=` (as search results link), the engine script's
//   `?retry=N` after a failure (still from the network first, and from the copy when offline). The engine's own
//   files, which the engine asks for without one, are the exception: with a query, left to the browser, as are
//   other methods, other origins and files not of this build.

// Every file of this build, by its path relative to this file: {integrity, type, engine (the quiz engine's own)}.
const FILES = {}; // written in by quiz_markdown/offline.py
const SCOPE = new URL("./", self.location.href);
const CACHE = `quiz-offline ${SCOPE.pathname}`; // caches are the origin's: this site's is named by its path

const base64 = (buffer) => btoa(String.fromCharCode(...new Uint8Array(buffer)));
const digest = async (bytes) => `sha256-${base64(await crypto.subtle.digest("SHA-256", bytes))}`;

// The file of this build a URL asks for ("quiz/" and "quiz/index.html" are the same page), or null (also for what is
// not a URL: a page's message names one).
function fileOf(href) {
  let url;
  try {
    url = new URL(href);
  } catch {
    return null;
  }
  if (url.origin !== SCOPE.origin || !url.pathname.startsWith(SCOPE.pathname)) return null;
  const path = url.pathname.slice(SCOPE.pathname.length);
  const file = path === "" || path.endsWith("/") ? `${path}index.html` : path;
  if (!Object.hasOwn(FILES, file) || (url.search && FILES[file].engine)) return null;
  return file;
}

// The URL a file's copy is kept under: a page's, as readers and links ask for it.
const keyOf = (file) => new URL(file.replace(/(^|\/)index\.html$/, "$1"), SCOPE).href;

// Keeps ``response`` as the copy of ``file`` if its bytes are this build's.
async function keep(cache, file, response) {
  if (response.status !== 200 || response.type !== "basic") return;
  const bytes = await response.arrayBuffer();
  if ((await digest(bytes)) !== FILES[file].integrity) return;
  await cache.put(keyOf(file), new Response(bytes, { headers: { "Content-Type": FILES[file].type } }));
}

// The kept copy of ``file``, if its bytes are this build's (checked each time: see above), as the build wrote it.
async function checkedCopy(cache, file) {
  const kept = await cache.match(keyOf(file));
  if (!kept) return undefined;
  const bytes = await kept.arrayBuffer();
  if ((await digest(bytes)) !== FILES[file].integrity) return undefined;
  return new Response(bytes, { status: 200, headers: { "Content-Type": FILES[file].type } });
}

async function answer(event, file) {
  const { request } = event;
  const fresh = request.cache === "reload" || request.cache === "no-store"; // asked for a new copy: the network only
  const cache = await caches.open(CACHE);
  if (FILES[file].engine && !fresh && request.cache !== "no-cache") {
    // The engine downloads its files with fetch() (no destination) and checks each itself (its digest, and the type
    // a script needs), so its 20 MB are neither hashed twice nor copied into a new response (about 0.1 s each on a
    // second visit); anything else that asks for one (an import, a reader opening its address) gets a checked copy.
    const kept = request.destination === "" ? await cache.match(keyOf(file)) : await checkedCopy(cache, file);
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
  const { request } = event;
  const file = request.method === "GET" && !forgotten ? fileOf(request.url) : null;
  if (file) event.respondWith(answer(event, file));
  // Any other page: the request navigation preload has made already, not a second one.
  else if (request.mode === "navigate") event.respondWith(event.preloadResponse.then((sent) => sent || fetch(request)));
});

// Copies of files this build does not have are dropped: an older build's, and what a page of an older build, still
// open in a tab, keeps after this worker started (its engine keeps its memory snapshot: see quiz-worker.js). Gives
// the addresses of the copies left.
async function dropOthers(cache) {
  const left = new Set();
  for (const request of await cache.keys()) {
    if (fileOf(request.url)) left.add(request.url);
    else await cache.delete(request);
  }
  return left;
}

// What the browser already has of this build, copied: the page that asked was loaded before this worker
// served it (a first visit), and so were its scripts, styles and, if started, the engine's files.
async function keepWhatTheBrowserHas() {
  const cache = await caches.open(CACHE);
  const kept = await dropOthers(cache);
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

// {keep: the page's quiz.js address}: copy what the browser has, when the page is of this build (a page of a newer
// one may ask this worker before the new worker takes over: it would drop that build's files as not its own);
// "forget": the site is built without this worker now, which the page is about to remove: its copies go too, and it
// keeps nothing more (the page's last requests still pass through it).
self.addEventListener("message", (event) => {
  if (event.origin !== SCOPE.origin) return;
  const keep = typeof event.data?.keep === "string" && fileOf(event.data.keep);
  if (keep && !forgotten) event.waitUntil(keepWhatTheBrowserHas());
  if (event.data === "forget") {
    forgotten = true;
    event.waitUntil(caches.delete(CACHE));
  }
});

// A new build's worker takes over at once: a copy of a file this build does not have is dropped (and again each
// time a page asks to keep what the browser has). One whose bytes are an older build's is never used, and replaced
// when the file comes again.
async function start() {
  await dropOthers(await caches.open(CACHE));
  await self.registration.navigationPreload?.enable();
  await self.clients.claim();
}

self.addEventListener("install", (event) => event.waitUntil(self.skipWaiting()));
self.addEventListener("activate", (event) => event.waitUntil(start()));

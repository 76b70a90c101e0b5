// The reader's progress, kept in this browser only (localStorage), under one versioned key.
// Storage can be blocked, full or corrupted: every function here says whether it worked and never
// throws, so a quiz keeps working without it.

// Scoped to the site's own path (as Material scopes its settings): project sites of one GitHub user
// share an origin, and each keeps its own progress.
const KEY = `job-vs-career:progress:${globalThis.__md_scope?.pathname ?? "/"}`;
const VERSION = 1;

function readAll() {
  const text = localStorage.getItem(KEY);
  if (!text) return { version: VERSION, quizzes: {} };
  const stored = JSON.parse(text);
  if (stored?.version !== VERSION || typeof stored.quizzes !== "object") throw new Error("unknown format");
  return stored;
}

function writeAll(all) {
  localStorage.setItem(KEY, JSON.stringify(all));
}

// A short fingerprint of a quiz, so progress saved for an older version of it is not restored.
export function fingerprint(text) {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16);
}

// The saved entry for this quiz, or null (none, another version, or storage unreadable).
export function load(key, version) {
  try {
    const entry = readAll().quizzes[key];
    return entry && entry.version === version ? entry : null;
  } catch {
    return null;
  }
}

// Merge `changes` into the quiz's entry; true when it was saved.
export function save(key, changes) {
  try {
    let all;
    try {
      all = readAll();
    } catch {
      all = { version: VERSION, quizzes: {} }; // corrupted: start again rather than fail for ever
    }
    all.quizzes[key] = { ...all.quizzes[key], ...changes, updated: new Date().toISOString() };
    writeAll(all);
    return true;
  } catch {
    return false;
  }
}

export function remove(key) {
  try {
    const all = readAll();
    delete all.quizzes[key];
    writeAll(all);
    return true;
  } catch {
    return false;
  }
}

export function removeAll() {
  try {
    localStorage.removeItem(KEY);
    return true;
  } catch {
    return false;
  }
}

// Every saved quiz, newest first, for the "my results" page.
export function all() {
  try {
    return Object.entries(readAll().quizzes)
      .map(([key, entry]) => ({ key, ...entry }))
      .sort((a, b) => String(b.updated).localeCompare(String(a.updated)));
  } catch {
    return null;
  }
}

// The reader's own shuffling seed, kept so that the same reader sees the same order on reload.
export function readerSeed() {
  try {
    let seed = localStorage.getItem(`${KEY}:seed`);
    if (!seed) localStorage.setItem(`${KEY}:seed`, (seed = crypto.randomUUID()));
    return seed;
  } catch {
    return (globalThis.quizSeed ??= crypto.randomUUID()); // storage blocked: this visit only
  }
}

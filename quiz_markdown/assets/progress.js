// The reader's progress, kept in this browser only (localStorage), under a key named by its format.
// Storage can be blocked, full or corrupted: every function here says whether it worked and never
// throws, so a quiz keeps working without it.
//
// What is stored is untrusted input: on a github.io project site, every other project of the same user
// shares the origin and can write this key. So an entry holds data only (answers, a context, the plain
// summary text), never markup, and every entry is checked against its documented shape when it is read
// (docs/contribute/data-formats.md, "Saved progress"): what does not fit is dropped, and the caller is
// told so it can tell the reader. Answers are checked here as JSON values and against the fingerprint of the
// question they answered; quiz.js then checks each one against its question's widget.

// Scoped to the site's own path (as Material scopes its settings): project sites of one GitHub user
// share an origin, and each keeps its own progress. The site's root is two folders above this file, which
// every site publishes as <root>/assets/quiz-<hash>/progress.js (quiz_markdown/bundle.py), whatever its
// theme or generator (Material's own scope, __md_scope, is the same folder, and other themes have none).
export const ROOT = new URL("../../", import.meta.url).pathname;

export const VERSION = 3; // earlier formats are read through MIGRATIONS, never written
// Each format from 3 on is kept under a key of its own, so that code of two formats running on one origin (a
// tab open since the last deploy, a deploy rolled back) never overwrites the other's storage. Formats 1 and 2,
// and format 3 at first, used the key without a format (LEGACY), which also names the reader's shuffling seed.
const LEGACY = `job-vs-career:progress:${ROOT}`;
const keyOf = (format) => `job-vs-career:progress:v${format}:${ROOT}`;
const KEY = keyOf(VERSION);
// The keys an earlier format wrote, newest first, each with the newest format it can hold: the first one found
// is read through MIGRATIONS when this format's key is not there yet. Never written, never removed but by
// removeAll: code of that format may still be running.
const OLDER = [
  ...Array.from({ length: VERSION - 3 }, (_, index) => [keyOf(VERSION - 1 - index), VERSION - 1 - index]),
  [LEGACY, 3],
];
export const ENTRY_FIELDS = ["title", "url", "context", "answers", "asked", "result", "checked", "updated", "version"];
export const RESULT_FIELDS = ["summary", "scored", "answers"];
// Format 1's result fields besides the summary (the chart's markup among them): dropped on reading, not
// reported, since the site wrote them itself.
const OLD_RESULT_FIELDS = ["format", "score", "max", "percent", "passed", "band", "profile", "notes", "questions",
  "scales", "measures", "chart"]; // prettier-ignore
export const LIMITS = Object.freeze({
  entries: 500, // saved quizzes
  key: 500, // characters of an entry's key: the page's path, '#', the quiz's id
  title: 300,
  summary: 2_000,
  text: 1_000_000, // characters of one typed answer (a blank, a reflection)
  id: 100, // characters of a question, choice, item, blank or context id
  items: 100, // choices picked, or items ordered, in one answer
  parts: 50, // blanks or pairs in one answer
  answers: 1_000, // answers in one entry
  date: 40,
});

const ID = /^[a-z0-9][a-z0-9_-]*$/; // ids quizlib gives questions, choices, items and blanks
const FINGERPRINT = /^[0-9a-f]{12}$/; // quizlib.fingerprint's, of a question or of a result
const WHOLE_QUIZ = /^[0-9a-f]{1,8}$/; // format 2's `version`, of the whole quiz (see `fingerprint` below)
const DATE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;

const isPlain = (value) => typeof value === "object" && value !== null && !Array.isArray(value);
export const isId = (value) => typeof value === "string" && value.length <= LIMITS.id && ID.test(value);
const isText = (value, limit) => typeof value === "string" && value.length <= limit;
const isDate = (value) => isText(value, LIMITS.date) && DATE.test(value) && !isNaN(Date.parse(value));
const isFingerprint = (value) => typeof value === "string" && FINGERPRINT.test(value);

// A path of this site, exactly as the browser writes it (no dot segments, no other host, no scheme), or null.
export function sitePath(text) {
  if (!isText(text, LIMITS.key) || !text.startsWith("/") || /[\\\s\u0000-\u001f#?]/.test(text)) return null;
  if (/%(2f|5c|2e)/i.test(text)) return null; // an encoded '/', '\' or '.' that a server may read as one
  let url;
  try {
    url = new URL(text, location.origin);
  } catch {
    return null;
  }
  const same = url.origin === location.origin && url.pathname === text && url.pathname.startsWith(ROOT);
  return same ? url.pathname : null;
}

// The page path and quiz id in an entry's key ("/quiz/#quick-quiz"), or null.
function keyParts(key) {
  const cut = key.lastIndexOf("#");
  const path = cut > 0 ? sitePath(key.slice(0, cut)) : null;
  const id = key.slice(cut + 1);
  return path && isId(id) && key.length <= LIMITS.key ? { path, id } : null;
}

// One answer as JSON: text, a whole number, a list of ids, or named parts holding text. Which of these a
// question takes is for quiz.js to say; anything else is no answer at all.
function isAnswer(value) {
  if (typeof value === "string") return value.length <= LIMITS.text;
  if (typeof value === "number") return Number.isInteger(value) && Math.abs(value) <= 1000;
  if (Array.isArray(value)) return value.length <= LIMITS.items && value.every(isId);
  if (!isPlain(value)) return false;
  const parts = Object.entries(value);
  return parts.length <= LIMITS.parts && parts.every(([part, text]) => isId(part) && isText(text, LIMITS.text));
}

// The answers that fit (`fits`: an answer, or a question's fingerprint), as a new object; `report` hears of
// anything dropped.
function cleanAnswers(answers, report, fits = isAnswer) {
  if (!isPlain(answers)) return report(), {};
  const entries = Object.entries(answers);
  if (entries.length > LIMITS.answers) return report(), {};
  const kept = entries.filter(([id, answer]) => isId(id) && fits(answer));
  if (kept.length !== entries.length) report();
  return Object.fromEntries(kept);
}

// An entry as read from storage, checked field by field: a new object holding only what fits, or null when
// nothing usable is left (its key is not a page of this site and a quiz id, or it is not an object).
// `report` hears of anything dropped.
function cleanEntry(key, raw, report) {
  const where = keyParts(key);
  if (!where || !isPlain(raw)) return report(), null;
  const entry = {};
  for (const field of Object.keys(raw)) if (!ENTRY_FIELDS.includes(field)) report();
  const optional = (field, fits) => {
    if (!Object.hasOwn(raw, field) || raw[field] === undefined) return;
    if (fits(raw[field])) entry[field] = raw[field];
    else report();
  };
  optional("title", (title) => isText(title, LIMITS.title));
  optional("url", (url) => url === where.path); // the key's path: the only address an entry may link to
  optional("context", isId);
  optional("checked", isDate);
  optional("updated", isDate);
  optional("version", (version) => typeof version === "string" && WHOLE_QUIZ.test(version)); // from format 2
  if (Object.hasOwn(raw, "answers")) entry.answers = cleanAnswers(raw.answers, report);
  if (Object.hasOwn(raw, "asked")) entry.asked = cleanAnswers(raw.asked, report, isFingerprint);
  if (Object.hasOwn(raw, "result")) {
    const result = cleanResult(raw.result, report);
    if (result) entry.result = result;
  }
  return entry;
}

function cleanResult(raw, report) {
  if (!isPlain(raw) || !isText(raw.summary, LIMITS.summary)) return report(), null;
  for (const field of Object.keys(raw)) if (!RESULT_FIELDS.includes(field)) report();
  const result = { summary: raw.summary };
  if (Object.hasOwn(raw, "scored")) {
    if (isFingerprint(raw.scored)) result.scored = raw.scored;
    else report();
  }
  if (Object.hasOwn(raw, "answers")) {
    let damaged = false;
    const answers = cleanAnswers(raw.answers, () => (damaged = true));
    if (damaged) return report(), null; // a result is only kept with every answer it was checked with
    result.answers = answers;
  }
  return result;
}

// How to read each earlier format: from an entry as format N wrote it to the entry as format N + 1 writes it.
// Entries are not checked yet (each is checked as the current format when it is read), so a migration
// leaves alone what it does not recognise. A new format adds one function here: a reader's progress is
// carried over, never thrown away.
export const MIGRATIONS = {
  // Format 1 kept the engine's whole result: of it, format 2 keeps the summary, as text.
  1: (raw) => {
    if (!isPlain(raw) || !isPlain(raw.result)) return raw;
    const result = Object.entries(raw.result).filter(([field]) => !OLD_RESULT_FIELDS.includes(field));
    return { ...raw, result: Object.fromEntries(result) };
  },
  // Format 2 kept one fingerprint of the whole quiz (`version`) instead of one per answer (`asked`): format 3
  // reads it as it is (see `current`), and the page writes it again at once with `asked` in its place.
  2: (raw) => raw,
};

// Everything stored, as { quizzes: Map(key → raw entry, unchecked), damaged, migrated }: this format's key,
// or when it is not there yet, the newest older key found (`migrated`: the caller writes what it read under
// this format's key, where the next read finds it). Unreadable storage (not JSON, another shape, a format the
// key cannot hold) reads as empty and damaged. Throws only when storage is blocked.
function readAll() {
  const text = localStorage.getItem(KEY);
  if (text !== null) return { ...parse(text, VERSION), migrated: false };
  for (const [key, newest] of OLDER) {
    const older = localStorage.getItem(key);
    if (older !== null) return { ...parse(older, newest), migrated: true };
  }
  return { quizzes: new Map(), damaged: false, migrated: false };
}

// One key's text, written by a format from 1 to `newest`, read as this format.
function parse(text, newest) {
  const empty = { quizzes: new Map(), damaged: true };
  let stored;
  try {
    stored = JSON.parse(text);
  } catch {
    return empty;
  }
  const known = Number.isInteger(stored?.version) && stored.version >= 1 && stored.version <= newest;
  if (!isPlain(stored) || !known || !isPlain(stored.quizzes)) return empty;
  let entries = Object.entries(stored.quizzes); // own keys only: "__proto__" is a key like another
  const damaged = Object.keys(stored).some((field) => field !== "version" && field !== "quizzes");
  for (let format = stored.version; format < VERSION; format++) {
    entries = entries.map(([key, raw]) => [key, MIGRATIONS[format](raw)]);
  }
  return { quizzes: new Map(entries.slice(0, LIMITS.entries)), damaged: damaged || entries.length > LIMITS.entries };
}

function writeAll(quizzes) {
  localStorage.setItem(KEY, JSON.stringify({ version: VERSION, quizzes: Object.fromEntries(quizzes) }));
}

// Write back what was kept; when storage is full, what was read is shown all the same. Storage that could not
// be read at all is written back empty, so the reader is told about it once (and an older key is not read
// again in its place).
function replaceAll(quizzes) {
  try {
    writeAll(quizzes);
  } catch {
    // full: the next read drops the same again
  }
}

// Format 2's fingerprint of a whole quiz (of JSON.stringify(data.quiz)): an entry it wrote keeps its answers
// while the quiz is still the one they were given to.
export function fingerprint(text) {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16);
}

// The saved entry for this quiz, checked, with only the answers given to its questions as the page asks them
// now (`quiz`: { fingerprints, by question id, and `version`, format 2's fingerprint of the whole quiz }):
// { entry (or null: none, or storage blocked; without `asked` or `version`), damaged (something stored
// could not be read and was dropped), changed (ids of the questions whose answers were dropped because the
// question changed), quizChanged (answers saved by format 2 for another version of the quiz were dropped),
// format2 (the entry was written by format 2: the page writes it again with `asked`) }.
export function load(key, quiz) {
  const none = { entry: null, damaged: false, changed: [], quizChanged: false, format2: false };
  try {
    const all = readAll();
    if (all.migrated || (all.damaged && !all.quizzes.size)) replaceAll(all.quizzes);
    let damaged = all.damaged;
    const report = () => (damaged = true);
    const entry = all.quizzes.has(key) ? cleanEntry(key, all.quizzes.get(key), report) : null;
    return entry ? { ...current(entry, quiz, report), damaged } : { ...none, damaged };
  } catch {
    return none;
  }
}

// The entry's answers that were given to the questions as `quiz` asks them now. An answer is kept when the
// fingerprint saved with it is its question's now (or, in an entry from format 2, when the whole quiz is the
// one it was saved for). An answer to a question that changed is dropped and its question listed; one to a
// question the quiz no longer has is dropped without a word (there is no question left to name). A result
// whose answers were not all kept is checked again from the rest (so it loses `scored`), or dropped when none
// is left.
function current(entry, quiz, report) {
  const changed = new Set();
  let quizChanged = false;
  const { asked = {}, version, ...kept } = entry;
  const fit = (answers) => {
    const fitting = {};
    for (const [id, answer] of Object.entries(answers)) {
      if (!Object.hasOwn(quiz.fingerprints, id)) continue;
      if (Object.hasOwn(asked, id)) {
        if (asked[id] === quiz.fingerprints[id]) fitting[id] = answer;
        else changed.add(id);
      } else if (version !== undefined) {
        if (version === quiz.version) fitting[id] = answer;
        else quizChanged = true;
      } else report(); // an answer saved without its fingerprint: this site never writes one
    }
    return { fitting, whole: Object.keys(fitting).length === Object.keys(answers).length };
  };
  const answers = fit(entry.answers ?? {});
  if (entry.answers) kept.answers = answers.fitting;
  if (entry.result) {
    const checked = entry.result.answers ? fit(entry.result.answers) : answers;
    const result = { summary: entry.result.summary };
    if (checked.whole && entry.result.scored) result.scored = entry.result.scored;
    if (entry.result.answers) result.answers = checked.fitting;
    if (checked.whole || Object.keys(checked.fitting).length) kept.result = result;
    else delete kept.result;
  }
  return { entry: kept, changed: [...changed], quizChanged, format2: version !== undefined };
}

// Put `entry` (already checked) in place of the quiz's entry, or remove the entry when it is null.
export function replace(key, entry) {
  try {
    const { quizzes } = readAll();
    if (entry) quizzes.set(key, entry);
    else quizzes.delete(key);
    writeAll(quizzes);
    return true;
  } catch {
    return false;
  }
}

// Merge `changes` into the quiz's entry (what of it still fits); true when it was saved.
// Corrupted storage is started again rather than failing for ever; other quizzes' entries are kept as they are
// (each is checked where it is read).
export function save(key, changes) {
  try {
    const { quizzes } = readAll();
    const old = quizzes.has(key) ? cleanEntry(key, quizzes.get(key), () => {}) : null;
    quizzes.set(key, { ...old, ...changes, updated: new Date().toISOString() });
    writeAll(quizzes);
    return true;
  } catch {
    return false;
  }
}

export function remove(key) {
  try {
    const { quizzes } = readAll();
    quizzes.delete(key);
    writeAll(quizzes);
    return true;
  } catch {
    return false;
  }
}

// Every format's key: answers cleared here must not come back from an older key.
export function removeAll() {
  try {
    for (const key of [KEY, ...OLDER.map(([older]) => older)]) localStorage.removeItem(key);
    return true;
  } catch {
    return false;
  }
}

// Every saved quiz, checked, newest first, for the "my results" page: { entries (null when storage is
// blocked), damaged }. What does not fit is dropped from storage too, so the reader is told once.
export function all() {
  try {
    const stored = readAll();
    let damaged = stored.damaged;
    const report = () => (damaged = true);
    const entries = [];
    for (const [key, raw] of stored.quizzes) {
      const entry = cleanEntry(key, raw, report);
      if (entry) entries.push({ key, ...entry });
    }
    if (damaged) replaceAll(new Map(entries.map(({ key, ...entry }) => [key, entry])));
    else if (stored.migrated) replaceAll(stored.quizzes);
    entries.sort((a, b) => String(b.updated ?? "").localeCompare(String(a.updated ?? "")));
    return { entries, damaged };
  } catch {
    return { entries: null, damaged: false };
  }
}

// The reader's own shuffling seed, kept so that the same reader sees the same order on reload.
const SEED = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function readerSeed() {
  try {
    let seed = localStorage.getItem(`${LEGACY}:seed`); // where it always was: a new key would reshuffle
    if (!SEED.test(seed ?? "")) localStorage.setItem(`${LEGACY}:seed`, (seed = crypto.randomUUID()));
    return seed;
  } catch {
    return (globalThis.quizSeed ??= crypto.randomUUID()); // storage blocked: this visit only
  }
}

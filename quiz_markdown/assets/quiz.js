// Quiz runtime for the page: finds the quizzes, starts the scoring worker lazily (when a quiz nears
// the viewport or on first interaction), sends answers to it and shows what quizlib computed.
// Loaded once per tab (extra_javascript); Material's instant navigation re-runs setUp through
// document$, and the single worker lives on across page changes.

import { setUpResultsPage } from "./my-results.js";
import * as progress from "./progress.js";
import { fill, markedStale } from "./text.js";

const WORKER_URL = new URL("quiz-worker.js", import.meta.url);
// Whether the site has a service worker that keeps it for reading offline (the plugin's `offline` option; what it
// does: quiz_markdown/service-worker.js).
const OFFLINE = false; // written in by quiz_markdown/bundle.py
const SERVICE_WORKER = new URL("../../service-worker.js", import.meta.url);
const OFFLINE_CACHE = `quiz-offline ${progress.ROOT}`; // its copy of the site, named as service-worker.js names it
// The worker reports a missing, mistyped or altered file, and a browser without WebAssembly, at once. Past
// this, whatever else went wrong (a download that never ends), the reader is told and offered a retry.
// Long enough for the engine's 6.5 MB on a slow phone (the worker gives up its memory snapshot on a slow
// connection rather than wait for 6.7 MB more); a page may set its own. Each retry waits twice as long
// as the one before, so a slow connection gets there in the end.
const readyTimeout = () => (Number(globalThis.quizReadyTimeoutMs) || 60000) * 2 ** failures;
const FORMAT = 2;

let engine = null;
let failures = 0;

// A browser without these can never run the engine: no worker is started, and no retry offered.
const unsupported = () => typeof WebAssembly !== "object" || typeof Worker !== "function";

function startEngine() {
  if (engine && (engine.state !== "failed" || engine.reason === "unsupported")) return engine;
  const pending = new Map();
  let nextId = 1;
  let settle;
  const ready = new Promise((resolve, reject) => (settle = { resolve, reject }));
  ready.catch(() => {}); // failures are shown through the state, not thrown
  const current = {
    state: "loading",
    reason: null, // once failed: "load" (a retry may work) or "unsupported" (it never will, in this browser)
    call(name, ...args) {
      // In a browser that cannot run the engine a check waits for nothing: the status already says why.
      if (current.reason === "unsupported") return new Promise(() => {});
      return ready.then(
        () =>
          new Promise((resolve, reject) => {
            const id = nextId++;
            pending.set(id, { resolve, reject });
            worker.postMessage({ id, call: name, args });
          }),
      );
    },
  };
  let worker = null;
  let timer;
  const fail = (reason, message) => {
    if (current.state === "failed") return;
    clearTimeout(timer);
    worker?.terminate();
    current.state = "failed";
    current.reason = reason;
    failures++;
    // What went wrong, for whoever looks after the site: the reader sees the plain message.
    console.warn(`quiz: the scoring engine cannot start: ${message}`);
    settle.reject(new Error(message));
    for (const request of pending.values()) request.reject(new Error(message));
    pending.clear();
    showEngineState();
    registerOffline();
  };
  engine = current;
  if (unsupported()) {
    fail("unsupported", "this browser has no WebAssembly or no Web Workers");
    return current;
  }
  // After a failure, the worker asks for every file again instead of taking a cached copy that may be the broken one
  // (a query: the script itself comes from the network, and from the service worker's copy only when offline). The
  // rest goes in the worker's name, not in its URL, so that one copy of the script serves them all: a reader whose
  // browser asks sites to save data downloads no memory snapshot; a site kept for reading offline has the engine keep
  // the snapshot in the service worker's cache (see quiz-worker.js), where a reader who saves data may find it too.
  const url = new URL(WORKER_URL);
  if (failures) url.searchParams.set("retry", failures);
  const settings = new URLSearchParams("quiz-engine"); // a name DevTools shows; the settings follow
  if (savesData()) settings.set("save-data", "");
  if (OFFLINE && navigator.serviceWorker && globalThis.caches) settings.set("keep", OFFLINE_CACHE);
  worker = new Worker(url, { type: "module", name: settings.toString() });
  const wait = readyTimeout();
  timer = setTimeout(() => fail("load", `not ready after ${wait / 1000} s`), wait);
  worker.onmessage = ({ data }) => {
    if (data.type === "ready") {
      clearTimeout(timer);
      current.state = "ready";
      settle.resolve();
      showEngineState();
      if (offlineWanted) registerOffline();
      else keepOffline(); // the engine's files, if the service worker had not started when they came
    } else if (data.type === "failed") {
      fail(data.reason === "unsupported" ? "unsupported" : "load", data.message);
    } else if (data.type === "result") {
      const request = pending.get(data.id);
      pending.delete(data.id);
      if (!request) return;
      if (data.error) request.reject(new Error(data.error));
      else request.resolve(JSON.parse(data.result));
    }
  };
  worker.onerror = (event) => {
    event.preventDefault();
    fail("load", event.message || "the worker could not start");
  };
  showEngineState();
  return current;
}

// The site's service worker: this script registers it once the page has loaded, but not while the quiz engine
// starts. On a first visit, a worker that starts and takes the page over while the engine downloads and starts
// made the quiz ready about 0.6 s later (bench, on 2 cores). So on a page with a quiz it waits until the engine
// is ready or has failed, or, when no engine has started a few seconds after the page's load or setup (a quiz the
// reader did not reach, or a reader who saves data), no longer. Once registered, it is asked to keep what the
// browser already has of the site: this page, and the engine's files, came before the worker could see them (the
// memory snapshot, which a browser's HTTP cache may not keep, the engine keeps there itself: see quiz-worker.js).
// A site built without one removes the one an earlier build registered, and what it kept (OFFLINE_CACHE; deleted
// on every visit, as the worker may still keep files for the page it serves until that page is left). A browser
// without service workers, or a page not served over https or from this computer, goes without.
const OFFLINE_WAIT_MS = 5000; // more than the engine's own start after load takes to begin: an idle moment (<= 1 s)
let offlineWanted = false; // the page has loaded: register as soon as no engine is starting
function setUpOffline() {
  const workers = navigator.serviceWorker;
  if (!workers) return;
  if (OFFLINE) {
    offlineWanted = true;
    registerOfflineSoon();
    return;
  }
  workers.getRegistration(progress.ROOT).then((registration) => {
    const active = registration?.active;
    if (active?.scriptURL !== SERVICE_WORKER.href) return;
    active.postMessage("forget");
    registration.unregister();
  });
  globalThis.caches?.delete(OFFLINE_CACHE).catch(() => {});
}

// At load and on every page set up after it: now, unless a quiz on the page may start the engine; else a little later.
function registerOfflineSoon() {
  if (!offlineWanted) return;
  registerOffline();
  setTimeout(() => registerOffline(true), OFFLINE_WAIT_MS);
}

// Also called when the engine is ready or has failed. ``waited``: a quiz on the page has had its time to start it.
function registerOffline(waited = false) {
  const starting = engine ? engine.state === "loading" : !waited && document.querySelector(".qz-quiz") !== null;
  if (!offlineWanted || starting) return;
  offlineWanted = false;
  navigator.serviceWorker.register(SERVICE_WORKER, { scope: progress.ROOT }).then(keepOffline, (error) => {
    console.info(`quiz: the site cannot be kept for reading offline (${error.message})`);
  });
}

// The page names its build (this script's address, in a folder named by its contents): a service worker of another
// build, still active just after a new one is published, keeps and drops nothing for it (it would drop the new
// build's files as not its own).
function keepOffline() {
  const keep = { keep: import.meta.url };
  if (OFFLINE) navigator.serviceWorker?.ready.then((registration) => registration.active?.postMessage(keep));
}

// Whether the reader's browser asks sites to save data (Save-Data: its own data saver, or the phone's).
const savesData = () => navigator.connection?.saveData === true;

const quizData = new WeakMap(); // each quiz's data, parsed once

function quizParts(root) {
  const form = root.querySelector(".qz-form");
  if (!quizData.has(root)) quizData.set(root, JSON.parse(root.dataset.qz));
  return {
    form,
    data: quizData.get(root),
    status: form.querySelector(".qz-status"),
    notice: form.querySelector(".qz-notice"),
    results: form.querySelector(".qz-results"),
    button: form.querySelector(".qz-check"),
  };
}

// Say `text` through the quiz's live region without showing it twice: it is already on screen.
function announce(root, text) {
  const spoken = document.createElement("span");
  spoken.className = "qz-visually-hidden";
  spoken.textContent = text;
  quizParts(root).notice.replaceChildren(spoken);
}

const questionField = (root, id) => root.querySelector(`[data-qz-question="${CSS.escape(id)}"]`);

// Every quiz shows the engine's state (data-qz-engine: idle, loading, ready, failed, or unsupported: a
// browser that can never run it, so no retry); only a failure is announced, and once per page (in the
// quiz the reader is in, or the first), not by each of the page's quizzes.
function showEngineState() {
  const state = !engine ? "idle" : engine.reason === "unsupported" ? "unsupported" : engine.state;
  const failed = state === "failed" || state === "unsupported";
  const roots = [...document.querySelectorAll(".qz-quiz[data-qz-live]")];
  const changed = roots.filter((root) => root.dataset.qzEngine !== state);
  if (failed && changed.length) {
    const speaker = changed.find((root) => root.contains(document.activeElement)) ?? changed[0];
    const { ui } = quizParts(speaker).data;
    announce(speaker, ui[state] ?? ui.failed);
  }
  for (const root of changed) {
    const { status, data } = quizParts(root);
    root.dataset.qzEngine = state;
    status.replaceChildren();
    if (state === "idle") continue;
    status.append(data.ui[state] ?? data.ui.failed);
    // Answers cannot be checked, but the page can still teach: explanations open on request.
    if (failed) for (const explain of root.querySelectorAll(".qz-explain")) explain.hidden = false;
    if (state === "failed") {
      const retry = document.createElement("button");
      retry.type = "button";
      retry.className = "md-button qz-retry";
      retry.textContent = data.ui.retry;
      retry.addEventListener("click", () => {
        startEngine();
        root.querySelector(".qz-check").focus();
      });
      status.append(" ", retry);
    }
    if (state === "ready") {
      const checked = (explain) => (explain.closest(".qz-question").dataset.qzOutcome ?? "unanswered") !== "unanswered";
      reveal(root, ".qz-explain", checked); // shown after a failure; now they wait for a check again
      applyReaderOrder(root, data);
    }
  }
}

async function applyReaderOrder(root, data) {
  if (data.quiz.shuffle === "none" || root.dataset.qzTouched || root.dataset.qzOrdered) return;
  root.dataset.qzOrdered = "true";
  const order = await engine.call("order", JSON.stringify(data.quiz), progress.readerSeed());
  if (root.dataset.qzTouched) return; // never move what the reader is already answering
  const box = root.querySelector(".qz-questions");
  order.questions.forEach((id, index) => {
    const field = questionField(root, id);
    field.querySelector(".qz-number").textContent = `${index + 1}.`;
    box.append(field);
  });
  for (const [id, choices] of Object.entries(order.choices)) {
    const list = questionField(root, id).querySelector(".qz-choices");
    if (!list) continue;
    appendAll(list, choices, (choice) => `[data-qz-choice="${CSS.escape(choice)}"]`);
  }
}

// How each kind of question is asked comes with the quiz's data (quizlib.kinds): the runtime knows
// widgets, not kinds. An answer is null while the question is unanswered. `fits` says whether a saved
// answer is one that `read` could have given (docs/contribute/data-formats.md, "Saved progress").
const WIDGETS = {
  "pick-one": {
    read: (field, kind) => {
      const value = field.querySelector("input:checked")?.value;
      return value === undefined ? null : kind.whole_number ? Number(value) : value;
    },
    write: (field, answer) => check(field, [answer]),
    fits: (field, answer, kind) =>
      (kind.whole_number ? Number.isInteger(answer) : typeof answer === "string") &&
      inputValues(field).includes(String(answer)),
  },
  "pick-many": {
    read: (field) => {
      const values = [...field.querySelectorAll("input:checked")].map((input) => input.value);
      return values.length ? values : null;
    },
    write: (field, answer) => check(field, [answer].flat()),
    fits: (field, answer) => isSetOf(answer, inputValues(field)) && answer.length > 0,
  },
  typed: {
    read: (field) => field.querySelector("input[type=text], textarea").value.trim() || null,
    write: (field, answer) => (field.querySelector("input[type=text], textarea").value = String(answer)),
    fits: (field, answer) => typeof answer === "string" && answer.trim() !== "",
  },
  arrange: {
    // Moving an item is what answers an order question: its first order is not the reader's.
    read: (field) =>
      field.dataset.qzMoved ? [...field.querySelectorAll("[data-qz-item]")].map((li) => li.dataset.qzItem) : null,
    write: (field, answer) => {
      appendAll(field.querySelector(".qz-order"), [answer].flat(), (id) => `[data-qz-item="${CSS.escape(String(id))}"]`);
      field.dataset.qzMoved = "true";
    },
    fits: (field, answer) => {
      const items = [...field.querySelectorAll("[data-qz-item]")].map((li) => li.dataset.qzItem);
      return isSetOf(answer, items) && answer.length === items.length; // every item, each once
    },
  },
  slots: {
    // Named fields (the blanks of a sentence, the picks of a matching question): an object of what each holds.
    read: (field) => {
      const filled = [...field.querySelectorAll("[data-qz-slot]")].filter((slot) => slot.value.trim());
      return filled.length ? Object.fromEntries(filled.map((slot) => [slot.dataset.qzSlot, slot.value.trim()])) : null;
    },
    fits: (field, answer) => {
      if (typeof answer !== "object" || answer === null || Array.isArray(answer)) return false;
      const slots = new Map([...field.querySelectorAll("[data-qz-slot]")].map((slot) => [slot.dataset.qzSlot, slot]));
      const parts = Object.entries(answer);
      return (
        parts.length > 0 &&
        parts.every(([id, value]) => {
          // A pick the list no longer has (an edited quiz) is a fair answer: the list stays on "Choose…".
          return slots.has(id) && typeof value === "string" && value.trim() !== "";
        })
      );
    },
    write: (field, answer) => {
      if (typeof answer !== "object" || Array.isArray(answer)) return;
      for (const slot of field.querySelectorAll("[data-qz-slot]")) {
        const value = Object.hasOwn(answer, slot.dataset.qzSlot) ? answer[slot.dataset.qzSlot] : null;
        const known = slot.tagName !== "SELECT" || [...slot.options].some((option) => option.value === value);
        if (typeof value === "string" && known) slot.value = value; // a list keeps "Choose…" for an unknown pick
      }
    },
  },
};

const inputValues = (field) =>
  [...field.querySelectorAll("input[type=radio], input[type=checkbox]")].map((input) => input.value);
// A list of distinct texts, each one of `allowed`.
const isSetOf = (list, allowed) =>
  Array.isArray(list) && new Set(list).size === list.length && list.every((item) => allowed.includes(item));

function check(field, values) {
  for (const value of values) {
    const input = field.querySelector(`input[value="${CSS.escape(String(value))}"]`);
    if (input) input.checked = true;
  }
}

const questionOf = (data, id) => data.quiz.questions.find((question) => question.id === id);
const widgetName = (data, question) => data.kinds?.[question?.kind]?.widget;
const widgetOf = (data, question) => WIDGETS[widgetName(data, question)];

// The reader's answer to `question` as the form holds it, or null.
function answerTo(root, data, question) {
  const widget = widgetOf(data, question);
  return widget ? widget.read(questionField(root, question.id), data.kinds[question.kind]) : null;
}

function collectAnswers(root, data) {
  const answers = {};
  for (const question of data.quiz.questions) {
    const answer = answerTo(root, data, question);
    if (answer !== null) answers[question.id] = answer;
  }
  return { format: FORMAT, quiz: data.quiz.id, answers };
}

// Move the children of `list` named by `ids` to its end, in that order; ids it does not hold (an old
// or edited link, a changed quiz) are skipped.
function appendAll(list, ids, selectorOf) {
  for (const id of ids) {
    const element = list.querySelector(selectorOf(id));
    if (element) list.append(element);
  }
}

function reveal(root, selector, shown) {
  for (const element of root.querySelectorAll(selector)) element.hidden = !shown(element);
}

// Per quiz, the result on screen and the answers it was checked with (`answers`, not the form's: they may
// have changed while the engine worked, or since the check was saved).
const drawn = new WeakMap();
const checkedOutcomes = (root) => drawn.get(root)?.result.questions ?? [];

function showResult(root, result, { focus = true, answers = {} } = {}) {
  drawn.set(root, { result, answers });
  const { results } = quizParts(root);
  results.querySelector(".qz-result").textContent = result.summary;
  // Built by quizlib in the engine, every text escaped; markup is never stored, so never read back from storage.
  results.querySelector(".qz-chart-box").innerHTML = result.chart;
  reveal(results, "[data-qz-band]", (element) => Number(element.dataset.qzBand) === result.band);
  reveal(results, "[data-qz-profile]", (element) => element.dataset.qzProfile === result.profile);
  reveal(results, "[data-qz-note]", (element) => result.notes.includes(element.dataset.qzNote));
  if (focus) {
    // Its top below the site's header (scroll-margin), even when Check was pressed far above, from the bar.
    results.focus({ preventScroll: true });
    results.scrollIntoView({ block: "start" });
  }
  drawOutcomesInTurn(root, focus ? results : null);
}

// Every question's outcome, at once: after every change, so an answer changed back shows its marks again.
function drawOutcomes(root) {
  drawing.delete(root); // a drawing in turn (below) has nothing left to do
  drawEach(root, checkedOutcomes(root));
}

// An outcome that cannot be drawn is told in the console; the others still are.
function drawEach(root, outcomes) {
  for (const outcome of outcomes) {
    try {
      drawOutcome(root, outcome);
    } catch (error) {
      console.error("quiz: could not draw the outcome of", outcome?.id, error);
    }
  }
}

// After a check, the questions' outcomes are drawn a few per frame, in the quiz's order, from the frame after the
// result's (which may scroll). Drawn at once, the marks, texts and explanations of the knowledge check's 16 questions
// made the browser lay out most of the page in one task (40 to 100 ms on make bench's machine while it was busy,
// several times that on a phone), and the page could not answer a tap meanwhile. A change, a new check or Clear
// meanwhile stops it. `focused`: the result, when it took the focus. The questions drawn above it would push it
// down, out of view (Chromium's scroll anchoring keeps a node at the top of the screen in place, often a question,
// and Safari had none), so while it is focused and on screen, and the reader has not scrolled, the page scrolls
// by as much as it moved.
const drawing = new WeakMap(); // per quiz, the drawing in turn under way (a token)
const OUTCOMES_PER_FRAME = 4;

function drawOutcomesInTurn(root, focused) {
  const token = {};
  drawing.set(root, token);
  const outcomes = [...checkedOutcomes(root)];
  let kept = focused;
  let left = scrollY; // where the page was left: the reader's own scrolling ends the keeping
  const step = () => {
    if (drawing.get(root) !== token) return; // checked again, changed or cleared meanwhile
    if (!root.isConnected) return drawing.delete(root); // a page left by instant navigation
    if (kept && (document.activeElement !== kept || scrollY !== left)) kept = null;
    const place = kept?.getBoundingClientRect();
    drawEach(root, outcomes.splice(0, OUTCOMES_PER_FRAME));
    if (place && place.bottom > 0 && place.top < innerHeight) {
      const moved = kept.getBoundingClientRect().top - place.top;
      if (moved) window.scrollBy({ top: moved, behavior: "instant" }); // not smoothly, whatever the page's style
      left = scrollY;
    }
    if (outcomes.length) requestAnimationFrame(step);
    else drawing.delete(root);
  };
  requestAnimationFrame(() => requestAnimationFrame(step));
}

// A checked question as the check found it: its outcome, its marks and its feedback. A question whose answer
// changed since says only that (docs/contribute/scoring.md, "Marks"): nothing describes an answer no longer given.
function drawOutcome(root, outcome) {
  const { data } = quizParts(root);
  const { answers: checked } = drawn.get(root);
  const field = questionField(root, outcome.id);
  const question = questionOf(data, outcome.id);
  const now = question ? answerTo(root, data, question) : null;
  const changed = !sameAnswer(widgetName(data, question), now, checked[outcome.id]);
  field.dataset.qzOutcome = changed ? "changed" : outcome.outcome;
  const label = field.querySelector(".qz-outcome");
  label.textContent = changed ? data.ui.changed_since_check : outcome.label;
  label.hidden = outcome.max === 0; // ungraded: nothing to mark
  markParts(root, field, changed ? { marks: {} } : outcome);
  const explain = field.querySelector(".qz-explain");
  if (explain) {
    explain.hidden = outcome.outcome === "unanswered"; // it gives the right answer, whatever the reader's is now
    explain.open = true;
  }
}

// Two answers to one question are the same when they hold the same picks, texts or order. Picks of "choose all
// that apply" and a question's blanks are compared whatever order they were read in.
function sameAnswer(widget, one, other) {
  const plain = (answer) => {
    if (widget === "pick-many" && Array.isArray(answer)) return [...answer].sort();
    if (typeof answer === "object" && answer !== null && !Array.isArray(answer)) {
      return Object.entries(answer).sort(([a], [b]) => (a < b ? -1 : 1));
    }
    return answer ?? null;
  };
  return JSON.stringify(plain(one)) === JSON.stringify(plain(other));
}

// After a check, every choice, blank or pair the engine marked (docs/contribute/scoring.md, "Marks") says what
// it was: a sign, hidden from screen readers, and words; never colour alone. A choice shows its words under
// it, then its feedback, and its box is described by both. A blank or pair (in a sentence, in a row) shows
// the sign, with its words for screen readers and aria-invalid on its field. An unmarked part shows none.
const MARK_SIGNS = { right: "✓", wrong: "✗", missed: "➜" }; // missed: drawn hollow, in its own colour (quiz.css)

function markParts(root, field, outcome) {
  const { data } = quizParts(root);
  const { ui } = data;
  // A right answer not picked is "the" right answer of a one-answer question, one more of "choose all that apply".
  const many = widgetName(data, questionOf(data, field.dataset.qzQuestion)) === "pick-many";
  const words = (state) => ui[state === "missed" && many ? "mark_missed_many" : `mark_${state}`];
  const marks = typeof outcome.marks === "object" && outcome.marks !== null ? outcome.marks : {};
  const markOf = (id) => (Object.hasOwn(marks, id) && Object.hasOwn(MARK_SIGNS, marks[id]) ? marks[id] : null);
  for (const choice of field.querySelectorAll("[data-qz-choice]")) {
    const state = markOf(choice.dataset.qzChoice);
    const input = choice.querySelector("input");
    const feedback = choice.querySelector(".qz-feedback");
    choice.querySelector(":scope > .qz-mark")?.remove();
    input.removeAttribute("aria-describedby");
    if (feedback) feedback.hidden = !state;
    if (!state) {
      delete choice.dataset.qzMark;
      continue;
    }
    choice.dataset.qzMark = state;
    const id = `${field.id}__${choice.dataset.qzChoice}`;
    const mark = drawMark(state, words(state), "p");
    mark.id = `${id}__mark`;
    choice.querySelector("label").after(mark);
    if (feedback) feedback.id = `${id}__feedback`;
    input.setAttribute("aria-describedby", feedback ? `${mark.id} ${feedback.id}` : mark.id);
  }
  for (const slot of field.querySelectorAll("[data-qz-slot]")) {
    const state = markOf(slot.dataset.qzSlot);
    if (slot.nextElementSibling?.classList.contains("qz-mark")) slot.nextElementSibling.remove();
    slot.removeAttribute("aria-invalid");
    if (!state) continue;
    slot.after(drawMark(state, words(state), "span", { heardOnly: true }));
    slot.setAttribute("aria-invalid", String(state !== "right"));
  }
}

// One mark: its sign and its words (`heardOnly`: for screen readers only).
function drawMark(state, text, tag, { heardOnly = false } = {}) {
  const mark = document.createElement(tag);
  mark.className = "qz-mark";
  mark.dataset.qzMark = state;
  const sign = document.createElement("span");
  sign.className = "qz-mark-sign";
  sign.setAttribute("aria-hidden", "true");
  sign.textContent = MARK_SIGNS[state];
  const words = document.createElement("span");
  words.className = heardOnly ? "qz-visually-hidden" : "qz-mark-words";
  words.textContent = text;
  mark.replaceChildren(sign, words);
  return mark;
}

// Put saved or shared answers back into the form.
function applyAnswers(root, data, answers) {
  for (const question of data.quiz.questions) {
    const answer = Object.hasOwn(answers, question.id) ? answers[question.id] : undefined;
    const widget = widgetOf(data, question);
    if (answer !== undefined && answer !== null && widget) widget.write(questionField(root, question.id), answer);
  }
}

// Back to a fresh quiz: no answers, no marks, items in their first order; what is saved is the reader's to clear.
function clearQuiz(root, data) {
  freshForm(root, data);
  progress.remove(root.dataset.qzKey);
  showProgress(root, data);
  quizParts(root).notice.textContent = data.ui.cleared;
}

// The quiz as a page shows it before any answer: no answers, no marks, no result, items in their first order.
function freshForm(root, data) {
  const { form, results, status } = quizParts(root);
  checks.set(root, (checks.get(root) ?? 0) + 1); // a check still running is now out of date
  if (root.dataset.qzEngine === "ready") status.textContent = data.ui.ready; // no "Checking…" left behind
  delete root.dataset.qzShared;
  form.reset();
  root.querySelector(".qz-share-box").hidden = true;
  root.querySelector(".qz-share").setAttribute("aria-expanded", "false");
  for (const field of root.querySelectorAll(".qz-question")) {
    delete field.dataset.qzOutcome;
    delete field.dataset.qzMoved;
  }
  for (const list of root.querySelectorAll(".qz-order")) {
    appendAll(list, list.dataset.qzFirstOrder.split(" "), (id) => `[data-qz-item="${CSS.escape(id)}"]`);
  }
  reveal(root, ".qz-outcome, .qz-explain, [data-qz-band], [data-qz-profile], [data-qz-note]", () => false);
  for (const field of root.querySelectorAll(".qz-question")) markParts(root, field, { marks: {} }); // and feedback
  results.querySelector(".qz-result").textContent = "";
  results.querySelector(".qz-chart-box").replaceChildren();
  shown.delete(root);
  drawn.delete(root);
  drawing.delete(root);
}

// The progress bar: "12 of 18 answered", and a way to the first question still unanswered (hidden once none is).
// Both count only the questions a result counts (docs/contribute/scoring.md, "Shown to the reader"), so an
// optional reflection never looks required; a quiz with none such counts every question.
// The count is not a live region: each answer already speaks for itself, and a count after every click is noise.
function showProgress(root, data) {
  const { answers } = collectAnswers(root, data);
  const counted = countedQuestions(data);
  const line = root.querySelector(".qz-progress");
  line.textContent = data.ui.progress
    .replace("{answered}", counted.filter((question) => Object.hasOwn(answers, question.id)).length)
    .replace("{count}", counted.length);
  line.hidden = false;
  root.querySelector(".qz-jump").hidden = !firstUnanswered(root, data, answers);
}

// The questions that count toward a result: scored ones and statements on a scale (every question when none is).
function countedQuestions(data) {
  const counted = data.quiz.questions.filter((question) => data.kinds[question.kind]?.graded || question.scale);
  return counted.length ? counted : data.quiz.questions;
}

// The first counted question, in the order the page shows them, with no answer yet (undefined when all have one).
function firstUnanswered(root, data, answers) {
  const ids = new Set(countedQuestions(data).map((question) => question.id));
  return [...root.querySelectorAll(".qz-question")].find(
    (field) => ids.has(field.dataset.qzQuestion) && !Object.hasOwn(answers, field.dataset.qzQuestion),
  );
}

// Bring the first unanswered question into view, below the site's header (its scroll-margin in quiz.css), and
// put focus on its first control, so the reader answers it straight away.
function jumpToUnanswered(root, data) {
  const field = firstUnanswered(root, data, collectAnswers(root, data).answers);
  if (!field) return;
  field.scrollIntoView({ block: "start" });
  field.querySelector("input:not([type=hidden]), select, textarea, .qz-move")?.focus({ preventScroll: true });
}

// Which wording the reader chose, for a quiz with two contexts ("1" or "2"; undefined without contexts).
const chosenContext = (root) => root.querySelector(".qz-context input:checked")?.value;

function chooseContext(root, value) {
  const input = value && root.querySelector(`.qz-context input[value="${CSS.escape(value)}"]`);
  if (input) input.checked = true;
}

// The page's address without "index.html": /quiz/ and /quiz/index.html keep one progress.
const withoutIndex = (path) => path.replace(/index\.html$/, "");
const pagePath = () => withoutIndex(location.pathname);

// Per quiz, the result on screen as data: its summary, the answers it was checked with and what it was scored
// under (`scored`: data.scored then; another, or none, marks it out of date). Only this is saved of a result
// (never the engine's markup); the chart and the marks are the engine's again on return.
const shown = new WeakMap();

// Save the quiz's answers, wording and result. Answers opened from a shared link are not saved until the
// reader changes one: opening a link never overwrites the reader's own saved answers.
function remember(root, data, changes = {}) {
  if (root.dataset.qzShared) return;
  const { answers } = collectAnswers(root, data);
  const last = shown.get(root);
  // Answers changed since the check keep the ones checked beside the result, so it can be checked again.
  const same = last && JSON.stringify(last.answers) === JSON.stringify(answers);
  const summary = last?.summary.slice(0, progress.LIMITS.summary);
  const result = last && { summary, scored: last.scored, ...(same ? {} : { answers: last.answers }) };
  const title = (data.quiz.title || document.title).slice(0, progress.LIMITS.title);
  const entry = { title, url: pagePath(), context: chosenContext(root), answers, result };
  const saved = progress.save(root.dataset.qzKey, { ...withAsked(data, entry), ...changes });
  root.querySelector(".qz-storage").hidden = saved;
}

// An entry as it is saved: with the fingerprint of each answered question as the page asks it now
// (quizlib.fingerprint, in the page's data), and without format 2's fingerprint of the whole quiz.
function withAsked(data, entry) {
  const ids = Object.keys({ ...entry.answers, ...entry.result?.answers });
  return { ...entry, asked: Object.fromEntries(ids.map((id) => [id, data.fingerprints[id]])), version: undefined };
}

// Saved data that could not be read is reported once per page, in the first quiz that found some.
let resetTold = false;

// What became of saved (or shared) answers, said at the top of the quiz (tellAtTop): the questions of this quiz
// that changed since they were answered, by number, each also marked where it is asked (markChanged), and saved
// data that could not be read (once per page). Returns what it added, "" when nothing.
function tellReset(root, data, { damaged = false, changed = [], quizChanged = false }) {
  const told = [];
  if (quizChanged) told.push(data.ui.quiz_changed);
  if (changed.length) {
    const number = (id) => parseInt(questionField(root, id).querySelector(".qz-number").textContent, 10);
    const numbers = changed.map(number).sort((a, b) => a - b).map(String);
    const text = changed.length === 1 ? data.ui.question_changed : data.ui.questions_changed;
    told.push(fill(text, { numbers: new Intl.ListFormat(data.language, { type: "conjunction" }).format(numbers) }));
    markChanged(root, data, changed);
  }
  if (damaged && !resetTold) {
    resetTold = true;
    told.push(data.ui.storage_reset);
  }
  if (told.length) tellAtTop(root, told.join(" "));
  return told.join(" ");
}

// What the page found when it opened (saved answers that changed or could not be read, a shared link) is said
// under the quiz's title, where the reader starts, and added to what is there. Not a live region: it is filled
// while the page loads, and read where it stands. Clearing the quiz takes it away, as what it says is gone too.
function tellAtTop(root, text) {
  const note = root.querySelector(".qz-restore-note");
  note.textContent = note.textContent ? `${note.textContent} ${text}` : text;
  note.hidden = false;
  forgetOnClear(root);
}

// On each question whose saved (or shared) answer was dropped because the question changed: a line saying so,
// which describes the question's group too. It goes once the question is answered again, or the quiz cleared.
function markChanged(root, data, ids) {
  for (const id of ids) {
    const field = questionField(root, id);
    if (!field || field.querySelector(".qz-changed")) continue;
    const line = document.createElement("p");
    line.className = "qz-changed";
    line.id = `${field.id}-changed`;
    line.textContent = data.ui.question_changed_here;
    // In the block under the prompt; a page of an older build, opened by instant navigation, has none.
    const body = field.querySelector(".qz-body");
    if (body) body.prepend(line);
    else field.querySelector(".qz-prompt").after(line);
    field.setAttribute("aria-describedby", line.id);
    const answered = () => {
      line.remove();
      field.removeAttribute("aria-describedby");
      field.removeEventListener("input", answered);
      field.removeEventListener("qz-moved", answered);
    };
    field.addEventListener("input", answered);
    field.addEventListener("qz-moved", answered);
  }
  forgetOnClear(root);
}

function forgetOnClear(root) {
  if (root.dataset.qzToldAtTop) return;
  root.dataset.qzToldAtTop = "true";
  quizParts(root).form.addEventListener("reset", () => {
    delete root.dataset.qzToldAtTop;
    const note = root.querySelector(".qz-restore-note");
    note.textContent = "";
    note.hidden = true;
    for (const line of root.querySelectorAll(".qz-changed")) {
      line.closest(".qz-question").removeAttribute("aria-describedby");
      line.remove();
    }
  }, { once: true });
}

const checks = new WeakMap(); // per quiz, the number of the latest check: only its answer is shown

async function onSubmit(event, root) {
  event.preventDefault();
  const { data, status } = quizParts(root);
  const running = startEngine();
  const answers = collectAnswers(root, data);
  const ticket = (checks.get(root) ?? 0) + 1;
  checks.set(root, ticket);
  if (running.state === "ready") status.textContent = data.ui.checking;
  try {
    const result = await running.call("check", JSON.stringify(data.quiz), JSON.stringify(answers), data.language);
    if (checks.get(root) !== ticket) return; // cleared, or checked again, meanwhile
    status.replaceChildren();
    showResult(root, result, { answers: answers.answers });
    shown.set(root, { summary: result.summary, answers: answers.answers, scored: data.scored });
    remember(root, data, { checked: new Date().toISOString() });
  } catch (error) {
    console.error("quiz: could not check the answers:", error);
    if (running.state !== "failed" && checks.get(root) === ticket) {
      status.textContent = data.ui.failed;
      announce(root, data.ui.failed);
    }
  }
}

function onChange(root, data, event) {
  const wording = event?.target.closest(".qz-context"); // a choice of wording, not an answer
  if (wording && root.dataset.qzShared) return; // the link's answers are not the reader's yet
  if (!wording) root.dataset.qzTouched = "true";
  // The first change to a link's answers makes them the reader's own; the link's result is not saved.
  const fresh = root.dataset.qzShared ? { checked: undefined } : {};
  if (root.dataset.qzShared) shown.delete(root);
  delete root.dataset.qzShared;
  drawOutcomes(root); // a changed answer loses its marks
  showProgress(root, data);
  remember(root, data, fresh);
}

// Saved answers (and the last result) come back when the reader returns.
function restore(root, data) {
  root.dataset.qzKey = `${pagePath()}#${data.quiz.id}`;
  for (const list of root.querySelectorAll(".qz-order")) {
    list.dataset.qzFirstOrder = [...list.children].map((item) => item.dataset.qzItem).join(" ");
  }
  const { status, results } = quizParts(root);
  status.textContent = "";
  if (openSharedLink(root, data)) return showProgress(root, data);
  const { entry: saved, ...told } = readSaved(root, data);
  if (saved?.answers && Object.keys(saved.answers).length) {
    applyAnswers(root, data, saved.answers);
    root.dataset.qzTouched = "true";
  }
  if (told.changed.length) root.dataset.qzTouched = "true"; // the numbers the reader is told stay where they are
  tellReset(root, data, told);
  chooseContext(root, saved?.context);
  if (saved?.result) {
    const { summary, scored } = saved.result;
    const answers = saved.result.answers ?? saved.answers ?? {};
    shown.set(root, { summary, answers, scored });
    // Text, until the engine checks again; marked when it was scored under another quiz or other rules.
    const stale = scored !== data.scored;
    results.querySelector(".qz-result").replaceChildren(...(stale ? markedStale(data.ui.result_stale, summary) : [summary]));
    checkAgainWhenReady(root, data, answers, { stale });
  }
  showProgress(root, data);
}

// The quiz's saved entry, each answer checked against its question as it is asked now and against its widget:
// { entry (or null), damaged, changed, quizChanged } (see progress.load). What does not fit is dropped, and
// storage keeps only what fits, so the reader is told once. An entry format 2 wrote is written again at once
// with a fingerprint per answer: a later edit of the quiz then clears only the answers to questions it changed.
function readSaved(root, data) {
  const key = root.dataset.qzKey;
  const quiz = { fingerprints: data.fingerprints, version: progress.fingerprint(JSON.stringify(data.quiz)) };
  let { entry, damaged, changed, quizChanged, format2 } = progress.load(key, quiz);
  if (entry) {
    const fit = (answers) => {
      const kept = fitAnswers(root, data, answers);
      return { kept, whole: Object.keys(kept).length === Object.keys(answers).length };
    };
    const answers = fit(entry.answers ?? {});
    const fitted = { ...entry, answers: answers.kept };
    damaged ||= !answers.whole;
    if (entry.context !== undefined && !root.querySelector(`.qz-context input[value="${CSS.escape(entry.context)}"]`)) {
      delete fitted.context;
      damaged = true;
    }
    if (entry.result) {
      // A result is kept only with every answer it was checked with, since it is checked again from them.
      const checked = entry.result.answers ? fit(entry.result.answers) : answers;
      if (!checked.whole) delete fitted.result;
      else if (entry.result.answers) fitted.result = { ...entry.result, answers: checked.kept };
      damaged ||= !checked.whole;
    }
    entry = fitted;
  }
  if (damaged || changed.length || quizChanged || format2) progress.replace(key, entry && withAsked(data, entry));
  return { entry, damaged, changed, quizChanged };
}

// The saved answers that fit their questions, in the quiz's order.
function fitAnswers(root, data, answers) {
  const kept = {};
  for (const question of data.quiz.questions) {
    if (!Object.hasOwn(answers, question.id)) continue;
    const widget = widgetOf(data, question);
    const answer = answers[question.id];
    if (widget?.fits(questionField(root, question.id), answer, data.kinds[question.kind])) kept[question.id] = answer;
  }
  return kept;
}

// A saved result is shown as its summary's text only (marked when it is out of date); once the engine is ready
// (when it starts by itself), it checks the saved answers again and shows its own result: marks, texts and
// chart. Stored output is never trusted; the engine's is. An out-of-date result is saved again as the new one.
function checkAgainWhenReady(root, data, answers, { stale = false } = {}) {
  const ticket = checks.get(root) ?? 0;
  const run = async () => {
    const current = engine;
    const request = { format: FORMAT, quiz: data.quiz.id, answers };
    try {
      const result = await current.call("check", JSON.stringify(data.quiz), JSON.stringify(request), data.language);
      if ((checks.get(root) ?? 0) !== ticket || !shown.has(root)) return; // checked again, or cleared, meanwhile
      if (!Array.isArray(result?.questions)) throw new Error(result?.error ?? "no result");
      showResult(root, result, { focus: false, answers });
      shown.set(root, { summary: result.summary, answers, scored: data.scored });
      if (stale) remember(root, data); // saved before the quiz or its rules changed: replaced by the new result
    } catch (error) {
      if (current.state === "failed" || (checks.get(root) ?? 0) !== ticket) return; // the summary stays, as text
      console.warn("quiz: a saved result could not be checked again, so it is dropped:", error);
      shown.delete(root);
      quizParts(root).results.querySelector(".qz-result").textContent = "";
      remember(root, data);
      const told = tellReset(root, data, { damaged: true }); // added to what the top of the quiz says, and heard
      if (told) announce(root, told);
    }
  };
  if (root.dataset.qzEngine === "ready") return void run();
  const watcher = new MutationObserver(() => {
    if (root.dataset.qzEngine !== "ready") return;
    watcher.disconnect();
    run();
  });
  watcher.observe(root, { attributes: true, attributeFilter: ["data-qz-engine"] });
}

// Share or resume: the answers ride in the link's fragment (after #), which never reaches a server:
// #share=<quiz id>.<answers>.<context>.<asked> (docs/contribute/data-formats.md, "Answers"). `asked` holds the
// first ASKED digits of the fingerprint of each answered question, in the order of their ids sorted as text,
// so that an answer to a question changed since the link was made is dropped, not checked. Empty parts at the
// end are left out; a link without `asked` (made before links carried it) fills in every answer that fits.
const SHARE = "#share=";
const ASKED = 4;

const askedPart = (data, answers) =>
  Object.keys(answers)
    .sort()
    .map((id) => data.fingerprints[id].slice(0, ASKED))
    .join("");

// The ids of the link's answers whose question changed since the link was made (none for a link without
// `asked`); throws when `asked` is not what the link's answers need.
function changedSinceLink(data, answers, asked) {
  if (asked === undefined) return [];
  const ids = Object.keys(answers).sort();
  if (asked.length !== ids.length * ASKED || !/^[0-9a-f]*$/.test(asked)) throw new Error("unreadable fingerprints");
  return ids.filter((id, index) => {
    const then = asked.slice(index * ASKED, (index + 1) * ASKED);
    return Object.hasOwn(data.fingerprints, id) && data.fingerprints[id].slice(0, ASKED) !== then;
  });
}

function encodeAnswers(answers) {
  const bytes = new TextEncoder().encode(JSON.stringify(answers));
  const binary = Array.from(bytes, (byte) => String.fromCharCode(byte)).join(""); // any length of reflection
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

function decodeAnswers(text) {
  const binary = atob(text.replaceAll("-", "+").replaceAll("_", "/"));
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (char) => char.charCodeAt(0))));
}

function setUpSharing(root, data) {
  const share = root.querySelector(".qz-share");
  const box = root.querySelector(".qz-share-box");
  const link = box.querySelector(".qz-share-link");
  share.hidden = false;
  share.addEventListener("click", () => {
    const { answers } = collectAnswers(root, data);
    const context = chosenContext(root);
    const parts = [data.quiz.id, encodeAnswers(answers), context && context !== "1" ? context : "", askedPart(data, answers)];
    while (parts.at(-1) === "") parts.pop();
    link.value = `${location.origin}${location.pathname}${SHARE}${parts.join(".")}`;
    box.hidden = false;
    share.setAttribute("aria-expanded", "true");
    link.focus();
    link.select();
  });
  box.querySelector(".qz-copy").addEventListener("click", async () => {
    const { notice } = quizParts(root);
    try {
      await navigator.clipboard.writeText(link.value);
      notice.textContent = data.ui.copied;
    } catch {
      link.focus();
      link.select(); // the reader can copy it by hand
    }
  });
}

// Answers from a shared link: put them in the form (those to questions it still asks as the link knew them,
// and that fit) and check them at once.
function openSharedLink(root, data) {
  const hash = location.hash || (hashOpened?.path === location.pathname ? hashOpened.hash : "");
  if (!hash.startsWith(`${SHARE}${data.quiz.id}.`)) return false;
  const [answers, context, asked] = hash.slice(SHARE.length + data.quiz.id.length + 1).split(".");
  let changed;
  try {
    const given = decodeAnswers(answers);
    changed = changedSinceLink(data, given, asked);
    for (const id of changed) delete given[id];
    applyAnswers(root, data, fitAnswers(root, data, given)); // only what fits its question
    chooseContext(root, context);
  } catch {
    tellAtTop(root, data.ui.share_unreadable);
    return false;
  }
  root.dataset.qzTouched = root.dataset.qzShared = "true";
  tellAtTop(root, data.ui.share_opened);
  tellReset(root, data, { changed });
  history.replaceState(history.state, "", location.pathname + location.search); // a reload is the reader's own
  root.scrollIntoView();
  quizParts(root).form.requestSubmit();
  return true;
}

function setUpOrdering(root, data) {
  for (const list of root.querySelectorAll(".qz-order")) {
    const field = list.closest(".qz-question");
    for (const item of list.children) {
      const text = item.textContent.trim();
      for (const [direction, label] of [[-1, data.ui.move_up], [1, data.ui.move_down]]) {
        const button = document.createElement("button");
        button.type = "button";
        button.className = `qz-move qz-move-${direction < 0 ? "up" : "down"}`;
        button.setAttribute("aria-label", `${label}: ${text}`);
        button.textContent = direction < 0 ? "↑" : "↓";
        button.addEventListener("click", () => {
          const sibling = direction < 0 ? item.previousElementSibling : item.nextElementSibling;
          if (!sibling) return;
          if (direction < 0) list.insertBefore(item, sibling);
          else list.insertBefore(sibling, item);
          field.dataset.qzMoved = "true";
          field.dispatchEvent(new Event("qz-moved", { bubbles: true }));
          const position = [...list.children].indexOf(item) + 1;
          // Heard, not shown: the list on screen already shows the new order.
          const count = list.children.length;
          announce(root, fill(data.ui.moved, { item: text, position, count }));
          button.focus();
        });
        item.append(button);
      }
    }
  }
}

// Without JavaScript, explanations and hints sit in closed <details>. With it, explanations wait for the
// check, and hints come one at a time from a button.
function setUpHints(root) {
  for (const explain of root.querySelectorAll(".qz-explain")) explain.hidden = true;
  for (const box of root.querySelectorAll(".qz-hints")) {
    const button = box.querySelector(".qz-show-hint");
    box.open = true;
    box.querySelector("summary").hidden = true;
    for (const hint of box.querySelectorAll(".qz-hint-text")) hint.hidden = true;
    button.hidden = false;
    button.addEventListener("click", () => {
      const next = box.querySelector(".qz-hint-text[hidden]");
      if (!next) return;
      next.hidden = false;
      if (box.querySelector(".qz-hint-text[hidden]")) {
        quizParts(root).notice.textContent = next.textContent; // heard while focus stays on the button
      } else {
        button.hidden = true; // the last hint: focus moves to it, which reads it
        next.tabIndex = -1;
        next.focus();
      }
    });
  }
}

// The first start comes by itself; after a failure, only the reader's retry (or check) starts again.
const startLazily = () => engine || startEngine();

// A quiz near the screen starts the engine once the page has loaded (LOAD_WAIT_MS after it came near at the latest:
// one stalled image must not hold it back) and the browser is idle: its worker, downloads and compiling then leave
// the page's own start alone. A reader who reaches a quiz first (focus, tap, an answer, Check) starts it at once;
// one who has followed a link away meanwhile, not while away (a page put in by instant navigation, or on its way;
// a page loaded anew ends this one's engine with it). A reader whose browser asks sites to save data gets
// no start by itself: only reaching a quiz starts the engine, so that a quiz scrolled past costs them nothing.
const LOAD_WAIT_MS = 3000;

// current: whether the reader is still on the page whose quiz came near.
function startWhenIdle(current) {
  if (savesData()) return;
  const start = () => current() && startLazily();
  let waiting = true;
  const idle = () => {
    if (!waiting) return;
    waiting = false;
    (window.requestIdleCallback ?? ((run) => setTimeout(run, 0)))(start, { timeout: 1000 });
  };
  if (document.readyState === "complete") return idle();
  window.addEventListener("load", idle, { once: true });
  setTimeout(idle, LOAD_WAIT_MS);
}

let observer = null;
let pagesSetUp = 0; // instant navigation puts in a new page without reloading: each is set up in turn
// The address the browser loaded (instant navigation changes location, never this).
const loaded = performance.getEntriesByType("navigation")[0]?.name ?? location.href;
const LOADED_PATH = withoutIndex(new URL(loaded, location.href).pathname);

function setUp() {
  resetTold = false; // a new page
  pagesSetUp++;
  registerOfflineSoon(); // a page put in by instant navigation, when the first one's engine never started
  for (const box of document.querySelectorAll(".qz-my-results")) setUpResultsPage(box);
  observer?.disconnect();
  // A quiz seen near counts only while the reader is on its page: Material's and Zensical's instant navigation
  // change the address as soon as a link is followed, and set the next page up only once it has come (the page
  // left may finish loading meanwhile); the specification also lets news queued before disconnect() come after
  // it. The first page set up counts as at the address the browser loaded: document$ replays the latest page, so
  // when this script came after a link was followed it is the page left (or one that has come since, which then
  // starts only as it is used).
  const page = pagesSetUp;
  const path = page === 1 ? LOADED_PATH : pagePath();
  const current = () => page === pagesSetUp && pagePath() === path;
  observer = new IntersectionObserver(
    (entries, seen) => {
      if (!current()) return;
      if (entries.some((entry) => entry.isIntersecting)) {
        startWhenIdle(current);
        seen.disconnect();
      }
    },
    { rootMargin: "300px 0px" },
  );
  for (const root of document.querySelectorAll(".qz-quiz")) {
    observer.observe(root);
    if (root.dataset.qzLive) continue;
    try {
      const { form, button, data } = quizParts(root);
      setUpOrdering(root, data);
      setUpHints(root);
      form.addEventListener("submit", (event) => onSubmit(event, root));
      form.addEventListener("focusin", startLazily, { once: true });
      form.addEventListener("pointerdown", startLazily, { once: true });
      form.addEventListener("input", startLazily, { once: true }); // a screen reader's browse mode may do neither
      form.addEventListener("input", (event) => onChange(root, data, event));
      form.addEventListener("qz-moved", () => onChange(root, data));
      const clear = form.querySelector(".qz-clear");
      clear.hidden = false;
      clear.addEventListener("click", () => clearQuiz(root, data));
      setUpSharing(root, data);
      form.querySelector(".qz-jump").addEventListener("click", () => jumpToUnanswered(root, data));
      button.disabled = false;
      root.dataset.qzLive = "true";
      restore(root, data);
    } catch (error) {
      console.error("quiz: could not set up", root.id, error); // the page keeps its no-script message
    }
  }
  showEngineState();
  hashOpened = null; // a link opened by its hash alone is for the page set up next, and no other
}

// A share link opened on the page already open changes only its hash. Zensical's instant navigation leaves the
// page as it is, so the link is applied here; Material's then puts in a new copy of the page, set up (setUp)
// after openSharedLink has removed the hash: it is kept for that page until then (hashOpened).
let hashOpened = null; // { path, hash }
window.addEventListener("hashchange", () => {
  if (!location.hash.startsWith(SHARE)) return;
  hashOpened = { path: location.pathname, hash: location.hash };
  for (const root of document.querySelectorAll(".qz-quiz[data-qz-live]")) {
    const { data } = quizParts(root);
    if (!location.hash.startsWith(`${SHARE}${data.quiz.id}.`)) continue;
    freshForm(root, data); // the link's answers only, as a page opened at the link shows them (saved ones stay saved)
    openSharedLink(root, data);
    showProgress(root, data);
  }
});

// The script loads beside the page (async), so it may run before the page is all there. Material and Zensical
// announce each page on document$ (the first at DOMContentLoaded, then every page instant navigation puts in; a
// late subscriber gets the latest); another theme's page is set up once it is all there.
if (window.document$) window.document$.subscribe(setUp);
else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp, { once: true });
else setUp();
if (document.readyState === "complete") setUpOffline();
else window.addEventListener("load", setUpOffline, { once: true });

// Quiz runtime for the page: finds the quizzes, starts the scoring worker lazily (when a quiz nears
// the viewport or on first interaction), sends answers to it and shows what quizlib computed.
// Loaded once per tab (extra_javascript); Material's instant navigation re-runs setUp through
// document$, and the single worker lives on across page changes.

import { setUpResultsPage } from "./my-results.js";
import * as progress from "./progress.js";

const WORKER_URL = new URL("quiz-worker.js", import.meta.url);
// loadPyodide can hang forever (blocked or missing wasm, wrong MIME type): past this, the reader is told
// and offered a retry. Long enough for a 6 MB download on a slow phone; a page may set its own. Each
// retry waits twice as long as the one before, so a slow connection gets there in the end.
const readyTimeout = () => (Number(globalThis.quizReadyTimeoutMs) || 60000) * 2 ** failures;
const FORMAT = 2;

let engine = null;
let failures = 0;

function startEngine() {
  if (engine && engine.state !== "failed") return engine;
  const worker = new Worker(WORKER_URL, { type: "module" });
  const pending = new Map();
  let nextId = 1;
  let settle;
  const ready = new Promise((resolve, reject) => (settle = { resolve, reject }));
  ready.catch(() => {}); // failures are shown through the state, not thrown
  const current = {
    state: "loading",
    call(name, ...args) {
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
  const fail = (reason) => {
    if (current.state === "failed") return;
    clearTimeout(timer);
    worker.terminate();
    current.state = "failed";
    failures++;
    settle.reject(new Error(reason));
    for (const request of pending.values()) request.reject(new Error(reason));
    pending.clear();
    showEngineState();
  };
  const timer = setTimeout(() => fail("timed out"), readyTimeout());
  worker.onmessage = ({ data }) => {
    if (data.type === "ready") {
      clearTimeout(timer);
      current.state = "ready";
      settle.resolve();
      showEngineState();
    } else if (data.type === "failed") {
      fail(data.message);
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
    fail(event.message || "the worker could not start");
  };
  engine = current;
  showEngineState();
  return current;
}

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

// Every quiz shows the engine's state; only a failure is announced, and once per page (in the quiz the
// reader is in, or the first), not by each of the page's quizzes.
function showEngineState() {
  const state = engine ? engine.state : "idle";
  const roots = [...document.querySelectorAll(".qz-quiz[data-qz-live]")];
  const changed = roots.filter((root) => root.dataset.qzEngine !== state);
  if (state === "failed" && changed.length) {
    const speaker = changed.find((root) => root.contains(document.activeElement)) ?? changed[0];
    announce(speaker, quizParts(speaker).data.ui.failed);
  }
  for (const root of changed) {
    const { status, data } = quizParts(root);
    root.dataset.qzEngine = state;
    status.replaceChildren();
    if (state === "idle") continue;
    status.append(data.ui[state]);
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
      // Answers cannot be checked, but the page can still teach: explanations open on request.
      for (const explain of root.querySelectorAll(".qz-explain")) explain.hidden = false;
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
// widgets, not kinds. An answer is null while the question is unanswered.
const WIDGETS = {
  "pick-one": {
    read: (field, kind) => {
      const value = field.querySelector("input:checked")?.value;
      return value === undefined ? null : kind.whole_number ? Number(value) : value;
    },
    write: (field, answer) => check(field, [answer]),
  },
  "pick-many": {
    read: (field) => {
      const values = [...field.querySelectorAll("input:checked")].map((input) => input.value);
      return values.length ? values : null;
    },
    write: (field, answer) => check(field, [answer].flat()),
  },
  typed: {
    read: (field) => field.querySelector("input[type=text], textarea").value.trim() || null,
    write: (field, answer) => (field.querySelector("input[type=text], textarea").value = String(answer)),
  },
  arrange: {
    // Moving an item is what answers an order question: its first order is not the reader's.
    read: (field) =>
      field.dataset.qzMoved ? [...field.querySelectorAll("[data-qz-item]")].map((li) => li.dataset.qzItem) : null,
    write: (field, answer) => {
      appendAll(field.querySelector(".qz-order"), [answer].flat(), (id) => `[data-qz-item="${CSS.escape(String(id))}"]`);
      field.dataset.qzMoved = "true";
    },
  },
  slots: {
    // Named fields (the blanks of a sentence, the picks of a matching question): an object of what each holds.
    read: (field) => {
      const filled = [...field.querySelectorAll("[data-qz-slot]")].filter((slot) => slot.value.trim());
      return filled.length ? Object.fromEntries(filled.map((slot) => [slot.dataset.qzSlot, slot.value.trim()])) : null;
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

function check(field, values) {
  for (const value of values) {
    const input = field.querySelector(`input[value="${CSS.escape(String(value))}"]`);
    if (input) input.checked = true;
  }
}

const widgetOf = (data, question) => WIDGETS[data.kinds?.[question.kind]?.widget];

function collectAnswers(root, data) {
  const answers = {};
  for (const question of data.quiz.questions) {
    const widget = widgetOf(data, question);
    const answer = widget ? widget.read(questionField(root, question.id), data.kinds[question.kind]) : null;
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

function showResult(root, result, { focus = true } = {}) {
  for (const outcome of result.questions) {
    const field = questionField(root, outcome.id);
    field.dataset.qzOutcome = outcome.outcome;
    const label = field.querySelector(".qz-outcome");
    label.textContent = outcome.label;
    label.hidden = outcome.max === 0; // ungraded: nothing to mark
    for (const choice of field.querySelectorAll(".qz-choice")) {
      const feedback = choice.querySelector(".qz-feedback");
      if (feedback) feedback.hidden = !outcome.feedback.includes(choice.dataset.qzChoice);
    }
    markParts(root, field, outcome);
    const explain = field.querySelector(".qz-explain");
    if (explain) {
      explain.hidden = outcome.outcome === "unanswered";
      explain.open = true;
    }
  }
  const { results } = quizParts(root);
  results.querySelector(".qz-result").textContent = result.summary;
  results.querySelector(".qz-chart-box").innerHTML = result.chart; // built by quizlib, every text escaped
  reveal(results, "[data-qz-band]", (element) => Number(element.dataset.qzBand) === result.band);
  reveal(results, "[data-qz-profile]", (element) => element.dataset.qzProfile === result.profile);
  reveal(results, "[data-qz-note]", (element) => result.notes.includes(element.dataset.qzNote));
  if (focus) results.focus();
}

// After a check, each blank or pair says whether it was right: a sign, words for screen readers, and
// aria-invalid on the field; never colour alone.
function markParts(root, field, outcome) {
  const { ui } = quizParts(root).data;
  for (const slot of field.querySelectorAll("[data-qz-slot]")) {
    const next = slot.nextElementSibling;
    const old = next?.classList.contains("qz-part-mark") ? next : null;
    if (outcome.outcome === "unanswered" || !outcome.max) {
      old?.remove();
      slot.removeAttribute("aria-invalid");
      continue;
    }
    const right = Array.isArray(outcome.right) && outcome.right.includes(slot.dataset.qzSlot);
    const sign = document.createElement("span");
    sign.setAttribute("aria-hidden", "true");
    sign.textContent = right ? "✓" : "✗";
    const words = document.createElement("span");
    words.className = "qz-visually-hidden";
    words.textContent = right ? ui.part_right : ui.part_wrong;
    const mark = old ?? document.createElement("span");
    mark.className = "qz-part-mark";
    mark.dataset.qzRight = String(right);
    mark.replaceChildren(sign, words);
    if (!old) slot.after(mark);
    slot.setAttribute("aria-invalid", String(!right));
  }
}

// Put saved or shared answers back into the form.
function applyAnswers(root, data, answers) {
  for (const question of data.quiz.questions) {
    const answer = answers[question.id];
    const widget = widgetOf(data, question);
    if (answer !== undefined && answer !== null && widget) widget.write(questionField(root, question.id), answer);
  }
}

// Back to a fresh quiz: no answers, no marks, items in their first order.
function clearQuiz(root, data) {
  const { form, results, notice, status } = quizParts(root);
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
  reveal(root, ".qz-outcome, .qz-feedback, .qz-explain, [data-qz-band], [data-qz-profile], [data-qz-note]", () => false);
  for (const mark of root.querySelectorAll(".qz-part-mark")) mark.remove();
  for (const slot of root.querySelectorAll("[data-qz-slot]")) slot.removeAttribute("aria-invalid");
  results.querySelector(".qz-result").textContent = "";
  results.querySelector(".qz-chart-box").replaceChildren();
  progress.remove(root.dataset.qzKey);
  showProgress(root, data);
  notice.textContent = data.ui.cleared;
}

function showProgress(root, data) {
  const answered = Object.keys(collectAnswers(root, data).answers).length;
  const line = root.querySelector(".qz-progress");
  line.textContent = data.ui.progress.replace("{answered}", answered).replace("{count}", data.quiz.questions.length);
  line.hidden = false;
}

// Which wording the reader chose, for a quiz with two contexts ("1" or "2"; undefined without contexts).
const chosenContext = (root) => root.querySelector(".qz-context input:checked")?.value;

function chooseContext(root, value) {
  const input = value && root.querySelector(`.qz-context input[value="${CSS.escape(value)}"]`);
  if (input) input.checked = true;
}

// The page's address without "index.html": /quiz/ and /quiz/index.html keep one progress.
const pagePath = () => location.pathname.replace(/index\.html$/, "");

// Answers opened from a shared link are not saved until the reader changes one: opening a link never
// overwrites the reader's own saved answers.
function remember(root, data, changes) {
  if (root.dataset.qzShared) return;
  const where = { title: data.quiz.title || document.title, url: pagePath(), context: chosenContext(root) };
  const saved = progress.save(root.dataset.qzKey, { version: root.dataset.qzVersion, ...where, ...changes });
  root.querySelector(".qz-storage").hidden = saved;
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
    showResult(root, result);
    remember(root, data, { answers: answers.answers, result, checked: new Date().toISOString() });
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
  const { answers } = collectAnswers(root, data);
  if (wording && root.dataset.qzShared) return; // the link's answers are not the reader's yet
  if (!wording) root.dataset.qzTouched = "true";
  // The first change to a link's answers makes them the reader's own; a result saved earlier was for others.
  const fresh = root.dataset.qzShared ? { result: undefined, checked: undefined } : {};
  delete root.dataset.qzShared;
  showProgress(root, data);
  remember(root, data, { answers, ...fresh });
}

// Saved answers (and the last result) come back when the reader returns.
function restore(root, data) {
  root.dataset.qzKey = `${pagePath()}#${data.quiz.id}`;
  root.dataset.qzVersion = progress.fingerprint(JSON.stringify(data.quiz));
  for (const list of root.querySelectorAll(".qz-order")) {
    list.dataset.qzFirstOrder = [...list.children].map((item) => item.dataset.qzItem).join(" ");
  }
  const { status } = quizParts(root);
  status.textContent = "";
  if (openSharedLink(root, data)) return showProgress(root, data);
  const saved = progress.load(root.dataset.qzKey, root.dataset.qzVersion);
  if (saved?.answers && Object.keys(saved.answers).length) {
    applyAnswers(root, data, saved.answers);
    root.dataset.qzTouched = "true";
  }
  chooseContext(root, saved?.context);
  if (saved?.result) showResult(root, saved.result, { focus: false });
  showProgress(root, data);
}

// Share or resume: the answers ride in the link's fragment (after #), which never reaches a server.
const SHARE = "#share=";

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
    const parts = [data.quiz.id, encodeAnswers(answers), ...(context && context !== "1" ? [context] : [])];
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

// Answers from a shared link: put them in the form and check them at once.
function openSharedLink(root, data) {
  if (!location.hash.startsWith(`${SHARE}${data.quiz.id}.`)) return false;
  const [answers, context] = location.hash.slice(SHARE.length + data.quiz.id.length + 1).split(".");
  try {
    applyAnswers(root, data, decodeAnswers(answers));
    chooseContext(root, context);
  } catch {
    quizParts(root).notice.textContent = data.ui.share_unreadable;
    return false;
  }
  root.dataset.qzTouched = root.dataset.qzShared = "true";
  quizParts(root).notice.textContent = data.ui.share_opened;
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
          const { notice } = quizParts(root);
          notice.textContent = data.ui.moved
            .replace("{item}", text)
            .replace("{position}", position)
            .replace("{count}", list.children.length);
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

let observer = null;

function setUp() {
  for (const box of document.querySelectorAll(".qz-my-results")) setUpResultsPage(box);
  observer?.disconnect();
  observer = new IntersectionObserver(
    (entries) => {
      if (entries.some((entry) => entry.isIntersecting)) {
        startLazily();
        observer.disconnect();
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
      form.addEventListener("input", (event) => onChange(root, data, event));
      form.addEventListener("qz-moved", () => onChange(root, data));
      const clear = form.querySelector(".qz-clear");
      clear.hidden = false;
      clear.addEventListener("click", () => clearQuiz(root, data));
      setUpSharing(root, data);
      button.disabled = false;
      root.dataset.qzLive = "true";
      restore(root, data);
    } catch (error) {
      console.error("quiz: could not set up", root.id, error); // the page keeps its no-script message
    }
  }
  showEngineState();
}

if (window.document$) window.document$.subscribe(setUp);
else setUp();

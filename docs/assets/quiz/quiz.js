// Quiz runtime for the page: finds the quizzes, starts the scoring worker lazily (when a quiz nears
// the viewport or on first interaction), sends answers to it and shows what quizlib computed.
// Loaded once per tab (extra_javascript); Material's instant navigation re-runs setUp through
// document$, and the single worker lives on across page changes.

const WORKER_URL = new URL("quiz-worker.js", import.meta.url);
// loadPyodide can hang forever (blocked or missing wasm, wrong MIME type): past this, the reader is told
// and offered a retry. Long enough for a 6 MB download on a slow phone; a page may set its own.
const readyTimeout = () => Number(globalThis.quizReadyTimeoutMs) || 60000;

let engine = null;

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
    ready,
    check(quiz, answers, language) {
      return ready.then(
        () =>
          new Promise((resolve, reject) => {
            const id = nextId++;
            pending.set(id, { resolve, reject });
            worker.postMessage({ type: "check", id, quiz, answers, language });
          }),
      );
    },
  };
  const fail = (reason) => {
    if (current.state === "failed") return;
    clearTimeout(timer);
    worker.terminate();
    current.state = "failed";
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

function quizParts(root) {
  const form = root.querySelector(".qz-form");
  return {
    form,
    data: JSON.parse(root.dataset.qz),
    status: form.querySelector(".qz-status"),
    result: form.querySelector(".qz-result"),
    button: form.querySelector(".qz-check"),
  };
}

function showEngineState() {
  for (const root of document.querySelectorAll(".qz-quiz[data-qz-live]")) {
    const { status, data } = quizParts(root);
    const state = engine ? engine.state : "idle";
    if (root.dataset.qzEngine === state) continue;
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
    }
  }
}

function collectAnswers(root, quiz) {
  const answers = {};
  for (const question of quiz.questions) {
    const field = root.querySelector(`[data-qz-question="${question.id}"]`);
    const picked = [...field.querySelectorAll("input:checked")].map((input) => input.value);
    if (picked.length) answers[question.id] = question.type === "multiple" ? picked : picked[0];
  }
  return { format: 1, quiz: quiz.id, answers };
}

function showResult(root, result) {
  for (const outcome of result.questions) {
    const field = root.querySelector(`[data-qz-question="${outcome.id}"]`);
    field.dataset.qzOutcome = outcome.outcome;
    const label = field.querySelector(".qz-outcome");
    label.textContent = outcome.label;
    label.hidden = false;
    for (const choice of field.querySelectorAll(".qz-choice")) {
      const feedback = choice.querySelector(".qz-feedback");
      if (feedback) feedback.hidden = !outcome.feedback.includes(choice.dataset.qzChoice);
    }
    const explain = field.querySelector(".qz-explain");
    if (explain) explain.hidden = outcome.outcome === "unanswered";
  }
  const { result: summary } = quizParts(root);
  summary.textContent = result.summary;
  summary.focus();
}

async function onSubmit(event, root) {
  event.preventDefault();
  const { data, status } = quizParts(root);
  const running = startEngine();
  const answers = collectAnswers(root, data.quiz);
  root.dataset.qzBusy = "true";
  if (running.state === "ready") status.textContent = data.ui.checking;
  try {
    const result = await running.check(JSON.stringify(data.quiz), JSON.stringify(answers), data.language);
    status.replaceChildren();
    showResult(root, result);
  } catch (error) {
    console.error("quiz: could not check the answers:", error);
    if (running.state !== "failed") status.textContent = data.ui.failed;
  } finally {
    delete root.dataset.qzBusy;
  }
}

let observer = null;

function setUp() {
  observer?.disconnect();
  observer = new IntersectionObserver(
    (entries) => {
      if (entries.some((entry) => entry.isIntersecting)) {
        startEngine();
        observer.disconnect();
      }
    },
    { rootMargin: "300px 0px" },
  );
  for (const root of document.querySelectorAll(".qz-quiz")) {
    observer.observe(root);
    if (root.dataset.qzLive) continue;
    try {
      const { form, button, status } = quizParts(root);
      form.addEventListener("submit", (event) => onSubmit(event, root));
      form.addEventListener("focusin", () => startEngine(), { once: true });
      form.addEventListener("pointerdown", () => startEngine(), { once: true });
      status.textContent = "";
      button.disabled = false;
      root.dataset.qzLive = "true";
    } catch (error) {
      console.error("quiz: could not set up", root.id, error); // the page keeps its no-script message
    }
  }
  showEngineState();
}

if (window.document$) window.document$.subscribe(setUp);
else setUp();

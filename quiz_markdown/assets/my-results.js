// The "my results" page: every quiz saved in this browser, with its latest result and a clear-all button.
import * as progress from "./progress.js";
import { fill, markedStale } from "./text.js";

export function setUpResultsPage(box) {
  if (box.dataset.qzLive) return;
  box.dataset.qzLive = "true";
  const data = JSON.parse(box.dataset.qz);
  const table = box.querySelector("table");
  const note = box.querySelector(".qz-my-results-note");
  const clear = box.querySelector(".qz-clear-all");
  // Every entry comes checked against its documented shape (progress.js); what did not fit was dropped.
  const saved = progress.all();
  // Only the site's own quizzes, as the build lists them: their titles and addresses come from the build,
  // not from storage. A quiz opened but not answered (a wording chosen, say) is not a quiz taken.
  const root = progress.ROOT;
  // Keyed as quiz.js keys progress: by the page's address without "index.html" (a site built with
  // use_directory_urls: false gives its pages' addresses with it).
  const keyOf = (quiz) => `${root}${quiz.url.replace(/index\.html$/, "")}#${quiz.id}`;
  const known = new Map((data.quizzes ?? []).map((quiz) => [keyOf(quiz), quiz]));
  const entries = (saved.entries ?? []).filter(
    (entry) => known.has(entry.key) && (entry.result || Object.keys(entry.answers ?? {}).length),
  );
  const body = table.querySelector("tbody");
  body.replaceChildren();
  for (const entry of entries) {
    const row = body.insertRow();
    const quiz = known.get(entry.key);
    const link = document.createElement("a"); // to the quiz's page, as the build wrote its address
    link.href = `${root}${quiz.url}`;
    link.textContent = quiz.title; // text, never markup
    row.insertCell().append(link);
    // This page cannot check answers: a result scored under another version of the quiz, or other scoring
    // rules, says so until the quiz's page checks it again.
    const answered = Object.keys(entry.answers ?? {}).length;
    const { summary, scored } = entry.result ?? {};
    const stale = summary !== undefined && scored !== quiz.scored;
    const cell = row.insertCell();
    if (summary === undefined) cell.textContent = fill(data.ui.results_not_checked, { answered });
    else cell.replaceChildren(...(stale ? markedStale(data.ui.results_stale, summary) : [summary]));
    const date = new Date(entry.checked || entry.updated);
    row.insertCell().textContent = isNaN(date) ? "" : date.toLocaleDateString(data.language, { dateStyle: "medium" });
  }
  table.hidden = entries.length === 0;
  clear.hidden = entries.length === 0;
  note.textContent = entries.length ? "" : data.ui.results_none;
  note.hidden = entries.length > 0;
  if (saved.damaged) box.querySelector(".qz-notice").textContent = data.ui.storage_reset;
  clear.onclick = () => {
    progress.removeAll();
    body.replaceChildren();
    table.hidden = clear.hidden = true;
    note.textContent = data.ui.results_none;
    note.hidden = false;
    box.querySelector(".qz-notice").textContent = data.ui.cleared_all;
  };
}

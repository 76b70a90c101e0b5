// Texts of the string catalog (quizlib/strings.py, sent with each page) with their {names} filled in.
// A value goes in as it is: it is never read as a replacement pattern ("$&", "$'"), so quiz text and stored
// text come out exactly as they were.
export const fill = (template, values) =>
  template.replace(/\{(\w+)\}/g, (whole, name) => (Object.hasOwn(values, name) ? String(values[name]) : whole));

// A result from before its quiz changed: its summary, as text, after (or around) the template's own words,
// which are set apart in a span of class "qz-stale" (they say why the summary may be out of date).
export function markedStale(template, summary) {
  const [before, after = ""] = template.split("{summary}").map((words) => words.trim());
  const label = (words) => Object.assign(document.createElement("span"), { className: "qz-stale", textContent: words });
  return [...(before ? [label(before), " "] : []), summary, ...(after ? [" ", label(after)] : [])];
}

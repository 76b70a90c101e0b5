"""Render a quiz to HTML that works before any script runs.

The output is also well-formed XML (quoted attributes, closed empty elements), so a Markdown
extension can parse it into a tree and let the page's own Markdown render the quiz texts. Texts
that depend on the result (band, profile and note texts) are rendered hidden, for the runtime to reveal.
"""

from __future__ import annotations

from html import escape

from .fingerprint import answer_fingerprints, scoring_fingerprint
from .kinds import KINDS, Rendering
from .kinds.base import Inline
from .model import Question, Quiz
from .serialize import dumps, quiz_to_dict
from .strings import RUNTIME_KEYS, ui_strings


def plain(text: str) -> str:
    """The default inline renderer: the text, escaped, with no Markdown."""
    return escape(text)


def render_quiz(quiz: Quiz, *, inline: Inline = plain, language: str = "en") -> str:
    """The quiz as an HTML form, carrying its data for the browser's scorer."""
    strings = ui_strings(language)
    base = f"qz-{quiz.id}"
    # The data rides in an attribute, not a <script>: Material's instant navigation re-creates the
    # scripts of a new page and would run a JSON one as JavaScript.
    runtime = {key: strings[key] for key in RUNTIME_KEYS}
    kinds = {question.kind: KINDS[question.kind].runtime() for question in quiz.questions}
    # With each question's fingerprint and the result's (quizlib.fingerprint): what saved progress is checked against.
    saved = {"fingerprints": answer_fingerprints(quiz), "scored": scoring_fingerprint(quiz, language)}
    data = dumps({"quiz": quiz_to_dict(quiz), "ui": runtime, "language": language, "kinds": kinds, **saved})
    parts = [f'<div class="qz-quiz" id="{base}" data-qz-quiz="{escape(quiz.id)}" data-qz="{escape(data)}">']
    labelled = f' aria-labelledby="{base}-title"' if quiz.title else ""
    # data-search-exclude: site search (Material's, Zensical's) leaves the quiz out, so that no result shows an
    # answer's feedback; the page's own text around the quiz is searched as before. It marks the form, which holds
    # the whole quiz: their search takes the first closing tag of the marked element's name for its end, and a
    # form holds no form.
    parts.append(f'<form class="qz-form"{labelled} data-search-exclude="data-search-exclude">')
    if quiz.title:
        parts.append(f'<p class="qz-title" id="{base}-title">{inline(quiz.title)}</p>')
    # What the page found when it opened (saved answers of questions that changed, a shared link): filled by the
    # runtime under the title, where the reader starts; messages while the quiz is in use go to .qz-notice.
    parts.append('<p class="qz-restore-note" hidden="hidden"></p>')
    parts.append(f'<p class="qz-privacy">{escape(strings["privacy"])}</p>')
    if quiz.contexts:
        parts.append(_contexts(quiz, base, inline, strings))
    parts.append(f'<p class="qz-storage" role="status" hidden="hidden">{escape(strings["storage_blocked"])}</p>')
    parts.append('<div class="qz-questions">')
    for number, question in enumerate(quiz.questions, 1):
        parts.append(_question(quiz, question, number, base, inline, strings))
    parts.append("</div>")
    parts.append(
        # The progress bar: how many are answered and, under it, a way to the first unanswered, beside Check (one
        # row on a phone). With JavaScript it stays at the foot of the screen while the reader is in the quiz;
        # without, only Check shows, disabled.
        '<div class="qz-bar"><div class="qz-bar-count">'
        '<p class="qz-progress" hidden="hidden"></p>'
        f'<button type="button" class="qz-jump" hidden="hidden">{escape(strings["jump"])}</button></div>'
        '<button type="submit" class="md-button md-button--primary qz-check" disabled="disabled">'
        f"{escape(strings['check'])}</button>"
        "</div>"
        '<div class="qz-actions">'
        f'<button type="button" class="md-button qz-clear" hidden="hidden">{escape(strings["clear"])}</button>'
        '<button type="button" class="md-button qz-share" hidden="hidden" aria-expanded="false">'
        f"{escape(strings['share'])}</button>"
        f'<p class="qz-status">{escape(strings["no_script"])}</p>'
        '<p class="qz-notice" role="status"></p>'
        "</div>"
        '<div class="qz-share-box" hidden="hidden">'
        f'<p class="qz-share-warning">{escape(strings["share_warning"])}</p>'
        f'<label class="qz-typed"><span class="qz-answer-label">{escape(strings["share_label"])}</span>'
        '<input type="text" class="qz-share-link" readonly="readonly" /></label>'
        f'<button type="button" class="md-button qz-copy">{escape(strings["copy"])}</button>'
        "</div>"
        '<div class="qz-results" role="status" tabindex="-1">'
        '<p class="qz-result"></p><div class="qz-chart-box"></div>'
        f"{_outcome_texts(quiz, inline)}"
        "</div>"
        "</form>"
    )
    parts.append("</div>")
    return "\n".join(parts)


def _outcome_texts(quiz: Quiz, inline: Inline) -> str:
    parts = [
        f'<p class="qz-band" data-qz-band="{index}" hidden="hidden">{inline(band.text)}</p>'
        for index, band in enumerate(quiz.bands)
    ]
    for rule in quiz.profiles:
        title = f'<p class="qz-profile-title">{inline(rule.title)}</p>' if rule.title else ""
        parts.append(
            f'<div class="qz-profile" data-qz-profile="{escape(rule.id)}" hidden="hidden">'
            f"{title}<p>{inline(rule.text)}</p></div>"
        )
    parts.extend(
        f'<p class="qz-note" data-qz-note="{escape(rule.id)}" hidden="hidden">{inline(rule.text)}</p>'
        for rule in quiz.notes
    )
    return "".join(parts)


def _question(quiz: Quiz, question: Question, number: int, base: str, inline: Inline, strings: dict[str, str]) -> str:
    name = f"{base}-{question.id}"
    kind = KINDS[question.kind]
    drawn = Rendering(quiz, question, name, inline, strings)
    prompt = kind.prompt(drawn) if kind.prompt else _prompt(quiz, question, inline)
    parts = [
        f'<fieldset class="qz-question qz-kind-{question.kind}" id="{name}" data-qz-question="{escape(question.id)}">',
        f'<legend class="qz-prompt"><span class="qz-number">{number}.</span> {prompt}</legend>',
        # Everything else in one block: Chromium builds a fieldset's layout again, whole, when a child of its own
        # comes or goes (the runtime shows the outcome and the explanation after a check), not one of a child's.
        '<div class="qz-body">',
    ]
    if not kind.prompt:  # a kind with a prompt of its own says what to do there
        parts.append(f'<p class="qz-hint">{escape(strings[kind.hint])}</p>')
    if widget := kind.render(drawn):
        parts.append(widget)
    if question.hints:
        # Without JavaScript the hints sit in a closed <details>; the runtime reveals them one at a time.
        parts.append(f'<details class="qz-hints"><summary>{escape(strings["hints"])}</summary>')
        for index, hint in enumerate(question.hints, 1):
            heading = escape(strings["hint_count"].format(number=index, count=len(question.hints)))
            parts.append(f'<p class="qz-hint-text"><strong>{heading}:</strong> {inline(hint)}</p>')
        show = escape(strings["show_hint"])
        parts.append(f'<button type="button" class="md-button qz-show-hint" hidden="hidden">{show}</button>')
        parts.append("</details>")
    parts.append('<p class="qz-outcome" hidden="hidden"></p>')
    if question.explain:
        # Reachable without JavaScript, in a closed <details>; the runtime shows it once the question is checked.
        summary = f"<summary>{escape(strings['explanation'])}</summary>"
        parts.append(f'<details class="qz-explain">{summary}<p>{inline(question.explain)}</p></details>')
    parts.append("</div></fieldset>")
    return "\n".join(parts)


def _contexts(quiz: Quiz, base: str, inline: Inline, strings: dict[str, str]) -> str:
    """The choice of context: which wording the statements show (style sheet only, no script needed)."""
    parts = [
        f'<fieldset class="qz-context"><legend class="qz-prompt">{escape(strings["context"])}</legend>',
        '<ul class="qz-choices">',
    ]
    for number, label in enumerate(quiz.contexts, 1):
        checked = ' checked="checked"' if number == 1 else ""
        parts.append(f'<li class="qz-choice"><label><input type="radio" name="{base}_context" value="{number}"'
                     f'{checked} /> <span class="qz-choice-text">{inline(label)}</span></label></li>')  # fmt: skip
    parts.append("</ul></fieldset>")
    return "\n".join(parts)


def _prompt(quiz: Quiz, question: Question, inline: Inline) -> str:
    if not (quiz.contexts and question.alternative):
        return inline(question.prompt)
    return (f'<span class="qz-in-context-1">{inline(question.prompt)}</span>'
            f'<span class="qz-in-context-2">{inline(question.alternative)}</span>')  # fmt: skip


RESULTS_KEYS = ("results_none", "results_not_checked", "results_stale", "cleared_all", "storage_reset")


def render_results_page(language: str = "en") -> str:
    """The "my results" summary: a table the browser fills from what it saved, and a clear-all button."""
    strings = ui_strings(language)
    data = dumps({"ui": {key: strings[key] for key in RESULTS_KEYS}, "language": language})
    head = "".join(f"<th>{escape(strings[key])}</th>" for key in ("results_quiz", "results_result", "results_date"))
    return (
        # Left out of site search, as a quiz is (render_quiz): it holds no other <div>.
        f'<div class="qz-my-results" data-qz="{escape(data)}" data-search-exclude="data-search-exclude">'
        f'<p class="qz-my-results-note">{escape(strings["results_no_script"])}</p>'
        f'<table class="qz-my-results-table" hidden="hidden"><thead><tr>{head}</tr></thead><tbody></tbody></table>'
        f'<button type="button" class="md-button qz-clear-all" hidden="hidden">{escape(strings["clear_all"])}</button>'
        '<p class="qz-notice" role="status"></p>'
        "</div>"
    )

"""Render a quiz to HTML that works before any script runs.

The output is also well-formed XML (quoted attributes, closed empty elements), so a Markdown
extension can parse it into a tree and let the page's own Markdown render the quiz texts.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from .model import MULTIPLE, Question, Quiz
from .serialize import dumps, quiz_to_dict
from .strings import ui_strings

Inline = Callable[[str], str]


def plain(text: str) -> str:
    """The default inline renderer: the text, escaped, with no Markdown."""
    return escape(text)


def render_quiz(quiz: Quiz, *, inline: Inline = plain, language: str = "en") -> str:
    """The quiz as an HTML form, carrying its data for the browser's scorer."""
    strings = ui_strings(language)
    base = f"qz-{quiz.id}"
    # The data rides in an attribute, not a <script>: Material's instant navigation re-creates the
    # scripts of a new page and would run a JSON one as JavaScript.
    data = dumps({"quiz": quiz_to_dict(quiz), "ui": strings, "language": language})
    parts = [f'<div class="qz-quiz" id="{base}" data-qz-quiz="{escape(quiz.id)}" data-qz="{escape(data)}">']
    labelled = f' aria-labelledby="{base}-title"' if quiz.title else ""
    parts.append(f'<form class="qz-form"{labelled}>')
    if quiz.title:
        parts.append(f'<p class="qz-title" id="{base}-title">{inline(quiz.title)}</p>')
    for number, question in enumerate(quiz.questions, 1):
        parts.append(_question(question, number, base, inline, strings))
    parts.append(
        '<div class="qz-actions">'
        '<button type="submit" class="md-button md-button--primary qz-check" disabled="disabled">'
        f"{escape(strings['check'])}</button>"
        f'<p class="qz-status" role="status">{escape(strings["no_script"])}</p>'
        "</div>"
        '<p class="qz-result" role="status" tabindex="-1"></p>'
        "</form>"
    )
    parts.append("</div>")
    return "\n".join(parts)


def _question(question: Question, number: int, base: str, inline: Inline, strings: dict[str, str]) -> str:
    name = f"{base}-{question.id}"
    kind = "checkbox" if question.kind == MULTIPLE else "radio"
    hint = strings["choose_many"] if question.kind == MULTIPLE else strings["choose_one"]
    parts = [
        f'<fieldset class="qz-question" id="{name}" data-qz-question="{escape(question.id)}">',
        f'<legend class="qz-prompt"><span class="qz-number">{number}.</span> {inline(question.prompt)}</legend>',
        f'<p class="qz-hint">{escape(hint)}</p>',
        '<ul class="qz-choices">',
    ]
    for choice in question.choices:
        parts.append(
            f'<li class="qz-choice" data-qz-choice="{escape(choice.id)}"><label>'
            f'<input type="{kind}" name="{name}" value="{escape(choice.id)}" /> '
            f'<span class="qz-choice-text">{inline(choice.text)}</span></label>'
        )
        if choice.feedback:
            parts.append(f'<p class="qz-feedback" hidden="hidden">{inline(choice.feedback)}</p>')
        parts.append("</li>")
    parts.append("</ul>")
    parts.append('<p class="qz-outcome" hidden="hidden"></p>')
    if question.explain:
        parts.append(f'<p class="qz-explain" hidden="hidden">{inline(question.explain)}</p>')
    parts.append("</fieldset>")
    return "\n".join(parts)

"""Every text the quiz interface shows, in one catalog per language, and the result summary."""

from __future__ import annotations

from . import precision
from .model import Quiz, Scale
from .profiles import band_range
from .scoring import Result

CATALOG: dict[str, dict[str, str]] = {
    "en": {
        "check": "Check answers",
        "choose_one": "Choose one answer.",
        "choose_many": "Choose all that apply.",
        "choose_true_false": "True or false?",
        "true": "True",
        "false": "False",
        "type_number": "Type a number.",
        "type_text": "Type your answer.",
        "type_blanks": "Type a word or phrase in each blank.",
        "blank_label": "Blank {number} of {count}",
        "match_hint": "For each item, pick the one it goes with.",
        "choose": "Choose…",
        # Marks after a check (docs/contribute/scoring.md, "Marks"): what each choice, blank or pair was.
        "mark_right": "Your answer: right",
        "mark_wrong": "Your answer: not right",
        "mark_missed": "This is the right answer",
        "mark_missed_many": "Also right: you did not pick it",
        # A checked question whose answer then changed: its marks are gone until the next check.
        "changed_since_check": "Changed since you checked. Check again to see if it is right.",
        "your_answer": "Your answer",
        "order_hint": "Put these in order, first at the top.",
        "move_up": "Move up",
        "move_down": "Move down",
        "moved": "{item}: now {position} of {count}.",
        "likert_hint": "How much do you agree?",
        "likert_labels": "Strongly disagree|Disagree|Neither agree nor disagree|Agree|Strongly agree",
        "reflection_hint": "Only for you: this stays in your browser and is not scored.",
        "show_hint": "Show a hint",
        "hints": "Hints",
        "explanation": "Explanation",
        "hint_count": "Hint {number} of {count}",
        "no_script": "Checking answers needs JavaScript, which is turned off or did not load in this browser.",
        "loading": "Loading the scoring engine…",
        "ready": "The scoring engine is ready.",
        "checking": "Checking your answers…",
        "failed": "The scoring engine could not load, so answers cannot be checked right now.",
        "retry": "Try again",
        "unsupported": (
            "This browser cannot run the scoring engine, so answers cannot be checked here. "
            "You can still open each question's explanation, or use another browser."
        ),
        "correct": "Correct.",
        "partial": "Partly correct.",
        "incorrect": "Not quite.",
        "unanswered": "Not answered.",
        "answered": "Answered.",
        "not_scored": "Nothing here is scored: your answers are for you, and they stay in this browser.",
        "points": "Points: {points} of {max}.",
        "score": "You scored {score} out of {max} ({percent}%).",
        "passed": "You passed: the pass mark is {pass}%.",
        "not_passed": "The pass mark is {pass}%: read the notes under the questions you missed, "
        "and try them again another day.",
        "scale_score": "{name}: {score} out of 100",
        "scale_missing": "{name}: answer {count} more to see this score",
        "chart_title": "Your scores, out of 100",
        "decimal": ".",
        "report": "Report a problem with this page",
        "report_title": "Problem on the page: {title}",
        "feed_title": "{site}: what's new",
        # Link previews (Open Graph, overrides/main.html): the site image's words, and the page's language
        # and country as Open Graph writes them.
        "site_image_alt": "Three job boxes and a study box in a row, joined by one long arrow: "
        "a career is a path through several jobs.",
        "og_locale": "en_US",
        "clear": "Clear my answers",
        "cleared": "Your answers to this quiz are cleared.",
        "progress": "{answered} of {count} answered",
        "privacy": "Your answers stay in this browser: they are never sent anywhere.",
        "context": "I am answering about",
        "storage_blocked": "This browser does not let the site keep your answers (its storage is blocked or full), "
        "so they will be gone when you leave the page. The quiz still works.",
        "share": "Share or resume later",
        "share_warning": "This link holds your answers: anyone who opens it sees them. The answers are in the part "
        "after the # sign, which browsers never send to a server.",
        "share_label": "Link to your answers",
        "copy": "Copy the link",
        "copied": "Link copied.",
        "share_unreadable": "The answers in this link could not be read, so the quiz starts empty.",
        "storage_reset": "Some saved answers could not be read and were reset.",
        "share_opened": (
            "These answers come from a link. Your own saved answers are kept unless you change one of these."
        ),
        "results_none": "No saved answers yet. Take a quiz and your results will show here.",
        "results_no_script": "Your saved results show here when JavaScript is on.",
        "results_quiz": "Quiz",
        "results_result": "Result",
        "results_date": "Last saved",
        "results_not_checked": "{answered} answered, not checked yet",
        "clear_all": "Clear all my answers",
        "cleared_all": "All your saved answers are cleared.",
        # Saved progress after the quiz or its scoring changed.
        "question_changed": "Question {numbers} changed since you answered it, so its answer was cleared.",
        "questions_changed": "Questions {numbers} changed since you answered them, so their answers were cleared.",
        "quiz_changed": "This quiz changed since you saved your answers, so they were cleared.",
        "question_changed_here": "This question changed. Please answer it again.",
        "result_stale": "This result is from before the quiz changed. Checking your answers again… {summary}",
        "results_stale": "Saved before this quiz changed. Open the quiz to update this result. {summary}",
        # Long quizzes and the scale chart.
        "band_range": "{low} to {high}",
        "scale_band": "{name}: {score} out of 100 ({band}: {range})",
        "jump": "Next unanswered question",
        # Quiz errors on a page while `make serve` runs (quiz_markdown/serve_errors.py); for contributors.
        "serve_errors_title": "Quiz errors on this page: {count}",
        "serve_errors_note": "Only the preview on your computer shows this box: the real build stops on these "
        "errors. Fix them in the file and save it, and this page updates by itself.",
        "serve_errors_more": "And {count} more: the terminal lists them all.",
        # In place of a quiz with errors (the build stops on them; the preview lists them at the top of the page).
        "quiz_broken": "This quiz has errors, so it is not shown. The preview lists them at the top of this page.",
    },
    "fr": {
        "check": "Vérifier les réponses",
        "choose_one": "Choisissez une réponse.",
        "choose_many": "Choisissez toutes les bonnes réponses.",
        "choose_true_false": "Vrai ou faux ?",
        "true": "Vrai",
        "false": "Faux",
        "type_number": "Saisissez un nombre.",
        "type_text": "Saisissez votre réponse.",
        "type_blanks": "Saisissez un mot ou une expression dans chaque blanc.",
        "blank_label": "Blanc {number} sur {count}",
        "match_hint": "Pour chaque élément, choisissez celui qui lui correspond.",
        "choose": "Choisir…",
        # Marks after a check (docs/contribute/scoring.md, "Marks"): what each choice, blank or pair was.
        "mark_right": "Votre réponse : correcte",
        "mark_wrong": "Votre réponse : incorrecte",
        "mark_missed": "Voici la bonne réponse",
        "mark_missed_many": "Bonne réponse aussi, non cochée",
        "changed_since_check": "Réponse modifiée depuis la vérification : vérifiez à nouveau pour savoir si elle "
        "est correcte.",
        "your_answer": "Votre réponse",
        "order_hint": "Mettez ces éléments dans l'ordre, le premier en haut.",
        "move_up": "Monter",
        "move_down": "Descendre",
        "moved": "{item} : maintenant {position} sur {count}.",
        "likert_hint": "Êtes-vous d'accord ?",
        "likert_labels": "Pas du tout d'accord|Pas d'accord|Ni d'accord ni en désaccord|D'accord|Tout à fait d'accord",
        "reflection_hint": "Pour vous seul : ce texte reste dans votre navigateur et n'est pas noté.",
        "show_hint": "Afficher un indice",
        "hints": "Indices",
        "explanation": "Explication",
        "hint_count": "Indice {number} sur {count}",
        "no_script": "Pour vérifier les réponses, il faut JavaScript, désactivé ou non chargé dans ce navigateur.",
        "loading": "Chargement du moteur de correction…",
        "ready": "Le moteur de correction est prêt.",
        "checking": "Vérification de vos réponses…",
        "failed": "Le moteur de correction n'a pas pu se charger : impossible de vérifier les réponses pour l'instant.",
        "retry": "Réessayer",
        "unsupported": (
            "Ce navigateur ne peut pas faire fonctionner le moteur de correction : impossible de vérifier "
            "les réponses ici. Vous pouvez toujours ouvrir l'explication de chaque question, "
            "ou utiliser un autre navigateur."
        ),
        "correct": "Juste.",
        "partial": "En partie juste.",
        "incorrect": "Pas tout à fait.",
        "unanswered": "Sans réponse.",
        "answered": "Répondu.",
        "not_scored": "Rien n'est noté ici : vos réponses sont pour vous et restent dans ce navigateur.",
        "points": "Points : {points} sur {max}.",
        "score": "Votre score : {score} sur {max} ({percent} %).",
        "passed": "Réussi : le seuil est de {pass} %.",
        "not_passed": "Le seuil est de {pass} % : lisez les explications sous les questions manquées, "
        "et réessayez-les un autre jour.",
        "scale_score": "{name} : {score} sur 100",
        "scale_missing": "{name} : encore {count} réponse(s) pour voir ce score",
        "chart_title": "Vos scores, sur 100",
        "decimal": ",",
        "report": "Signaler un problème sur cette page",
        "report_title": "Problème sur la page : {title}",
        "feed_title": "{site} : les nouveautés",
        "site_image_alt": "Trois cases d'emploi et une case d'études en ligne, reliées par une longue flèche : "
        "une carrière est un chemin à travers plusieurs emplois.",
        "og_locale": "fr_FR",
        "clear": "Effacer mes réponses",
        "cleared": "Vos réponses à ce quiz sont effacées.",
        "progress": "{answered} sur {count} avec réponse",
        "privacy": "Vos réponses restent dans ce navigateur : elles ne sont jamais envoyées.",
        "context": "Je réponds à propos de",
        "storage_blocked": "Ce navigateur ne permet pas au site de garder vos réponses (stockage bloqué ou plein) : "
        "elles seront perdues en quittant la page. Le quiz fonctionne quand même.",
        "share": "Partager ou reprendre plus tard",
        "share_warning": "Ce lien contient vos réponses : qui l'ouvre les voit. Elles sont dans la partie après "
        "le signe #, que les navigateurs n'envoient jamais à un serveur.",
        "share_label": "Lien vers vos réponses",
        "copy": "Copier le lien",
        "copied": "Lien copié.",
        "share_unreadable": "Les réponses de ce lien sont illisibles : le quiz commence vide.",
        "storage_reset": "Des réponses enregistrées étaient illisibles et ont été effacées.",
        "share_opened": (
            "Ces réponses viennent d'un lien. Vos propres réponses enregistrées sont gardées, "
            "sauf si vous modifiez celles-ci."
        ),
        "results_none": "Aucune réponse enregistrée pour l'instant. Faites un quiz et vos résultats s'afficheront ici.",
        "results_no_script": "Vos résultats enregistrés s'affichent ici quand JavaScript est activé.",
        "results_quiz": "Quiz",
        "results_result": "Résultat",
        "results_date": "Dernier enregistrement",
        "results_not_checked": "{answered} réponse(s), pas encore vérifiées",
        "clear_all": "Effacer toutes mes réponses",
        "cleared_all": "Toutes vos réponses enregistrées sont effacées.",
        # Saved progress after the quiz or its scoring changed.
        "question_changed": "La question {numbers} a changé depuis votre réponse : cette réponse a été effacée.",
        "questions_changed": "Les questions {numbers} ont changé depuis vos réponses : ces réponses ont été effacées.",
        "quiz_changed": "Ce quiz a changé depuis l'enregistrement de vos réponses : elles ont été effacées.",
        "question_changed_here": "Cette question a changé. Merci d'y répondre à nouveau.",
        "result_stale": "Ce résultat date d'avant la mise à jour du quiz. Nouvelle vérification de vos réponses… "
        "{summary}",
        "results_stale": "Enregistré avant la mise à jour de ce quiz. Ouvrez le quiz pour mettre ce résultat à jour. "
        "{summary}",
        # Long quizzes and the scale chart.
        "band_range": "{low} à {high}",
        "scale_band": "{name} : {score} sur 100 ({band} : {range})",
        "jump": "Question suivante sans réponse",
        # Quiz errors on a page while `make serve` runs (quiz_markdown/serve_errors.py); for contributors.
        "serve_errors_title": "Erreurs de quiz sur cette page : {count}",
        "serve_errors_note": "Seul l'aperçu sur votre ordinateur affiche ce cadre : la vraie construction du site "
        "s'arrête sur ces erreurs. Corrigez-les dans le fichier et enregistrez-le, et cette page se met à jour "
        "toute seule.",
        "serve_errors_more": "Et {count} de plus : le terminal les liste toutes.",
        # In place of a quiz with errors (the build stops on them; the preview lists them at the top of the page).
        "quiz_broken": "Ce quiz contient des erreurs : il n'est donc pas affiché. L'aperçu les liste en haut de "
        "cette page.",
    },
}


# The strings the browser runtime shows by itself (the rest are rendered into the page or by quizlib).
RUNTIME_KEYS = (
    *("loading", "ready", "checking", "failed", "retry", "unsupported"),
    *("moved", "move_up", "move_down", "cleared", "progress"),
    *("copied", "share_unreadable", "share_opened", "storage_reset"),
    *("mark_right", "mark_wrong", "mark_missed", "mark_missed_many", "changed_since_check"),  # marks after a check
    # saved progress
    *("question_changed", "questions_changed", "quiz_changed", "question_changed_here", "result_stale"),
)


def has_strings(language: str) -> bool:
    """Whether the catalog has ``language`` (or its main language: 'fr' for 'fr-CA'); if not, English is used."""
    return language in CATALOG or language.split("-")[0] in CATALOG


def ui_strings(language: str = "en") -> dict[str, str]:
    """The catalog for ``language`` (such as 'en' or 'en-GB'), falling back to English per string."""
    chosen = CATALOG.get(language) or CATALOG.get(language.split("-")[0], {})
    return {**CATALOG["en"], **chosen}


def points_label(outcome: str, points: float, top: float, strings: dict[str, str]) -> str:
    """What a checked question says: its outcome and, when it is scored, its points."""
    label = strings[outcome]
    if top:
        mark = strings["decimal"]
        shown = {
            "points": precision.written(points, precision.POINTS, mark),
            "max": precision.written(top, precision.POINTS, mark),
        }
        label += " " + strings["points"].format(**shown)
    return label


def band_words(quiz: Quiz, scale: Scale, index: int, strings: dict[str, str]) -> str:
    """A scale band's range of scores out of 100 in words, such as "40 to 60" or "50" ("" when none reaches it)."""
    ends = band_range(quiz, scale, index)
    if ends is None:
        return ""
    low, high = (precision.written(end, precision.SCALE_SCORE, strings["decimal"]) for end in ends)
    return low if low == high else strings["band_range"].format(low=low, high=high)


def scale_line(quiz: Quiz, result: Result, index: int, strings: dict[str, str]) -> str:
    """One scale's result in words, with the band it falls in and that band's range when it has one."""
    scale, found = quiz.scales[index], result.scales[index]
    if found.score is None:
        return strings["scale_missing"].format(name=scale.name, count=found.needed)
    score = precision.written(found.score, precision.SCALE_SCORE, strings["decimal"])
    if found.band is None:
        return strings["scale_score"].format(name=scale.name, score=score)
    band, words = scale.bands[found.band].text, band_words(quiz, scale, found.band, strings)
    return strings["scale_band"].format(name=scale.name, score=score, band=band, range=words)


def summary(quiz: Quiz, result: Result, strings: dict[str, str]) -> str:
    """The result in a few plain sentences, as shown and announced to screen readers."""
    parts = []
    if result.percent is not None:
        mark = strings["decimal"]
        parts.append(
            strings["score"].format(
                score=precision.written(result.score, precision.POINTS, mark),
                max=precision.written(result.max_score, precision.POINTS, mark),
                percent=precision.written(result.percent, precision.PERCENT, mark),
            )
        )
        if quiz.pass_mark is not None:
            key = "passed" if result.passed else "not_passed"
            parts.append(strings[key].format(**{"pass": precision.written(quiz.pass_mark, precision.PERCENT, mark)}))
    parts.extend(scale_line(quiz, result, index, strings) + "." for index in range(len(quiz.scales)))
    return " ".join(parts) or strings["not_scored"]

"""Every interface string comes from one catalog, chosen by theme.language; French is complete."""

import json
from pathlib import Path

import pytest
from support import mkdocs_build

from quizlib import parse_quiz
from quizlib.bridge import check
from quizlib.render import render_quiz
from quizlib.serialize import dumps, quiz_to_dict
from quizlib.strings import CATALOG

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("language", sorted(CATALOG))
def test_every_language_has_every_string_with_the_same_placeholders(language):
    english, other = CATALOG["en"], CATALOG[language]
    assert sorted(other) == sorted(english)
    for key, text in english.items():
        placeholders = sorted(part.split("}")[0] for part in text.split("{")[1:])
        assert sorted(part.split("}")[0] for part in other[key].split("{")[1:]) == placeholders, key
    assert len(other["likert_labels"].split("|")) == len(english["likert_labels"].split("|"))


def test_results_in_french_use_french_words_and_a_decimal_comma():
    quiz = parse_quiz(
        "pass: 50%\nquestion: Q\n- [x] a\n- [ ] b\nquestion: R\n- [x] a\n- [ ] b\nquestion: S\n- [x] a\n- [ ] b"
    )
    answers = json.dumps({"format": 2, "quiz": quiz.id, "answers": {"q1": "a", "q2": "b"}})
    result = json.loads(check(dumps(quiz_to_dict(quiz)), answers, "fr"))
    assert result["summary"] == (
        "Votre score : 1 sur 3 (33,3 %). Le seuil est de 50 % : lisez les explications sous les questions manquées, "
        "et réessayez-les un autre jour."
    )
    assert [q["label"] for q in result["questions"]] == [
        "Juste. Points : 1 sur 1.",
        "Pas tout à fait. Points : 0 sur 1.",
        "Sans réponse. Points : 0 sur 1.",
    ]
    html = render_quiz(quiz, language="fr")
    assert "Vérifier les réponses" in html and "Choisissez une réponse." in html
    assert "Check answers" not in html.split('data-qz="')[0] + html.split('data-qz="')[1].split('"', 1)[1]


def test_the_site_builds_in_french(tmp_path: Path):
    done = mkdocs_build(tmp_path, "--strict", config=ROOT / "tests" / "fixtures" / "french-site" / "mkdocs.yml")
    assert done.returncode == 0, done.stderr
    page = (tmp_path / "self-assessment" / "index.html").read_text()
    assert '<html lang="fr"' in page
    assert ">Vérifier les réponses</button>" in page
    assert "Tout à fait d&#x27;accord" in page or "Tout à fait d'accord" in page
    assert ">Check answers<" not in page
    assert ">Signaler un problème sur cette page</a>" in page
    assert "<title>Job or career? : les nouveautés</title>" in (tmp_path / "feed.xml").read_text()

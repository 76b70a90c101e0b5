"""The reader pages: plain enough to read (US grade 8 or below), every figure cited, every source listed."""

import re
from pathlib import Path

import pytest

from quizlib.document import read_document

DOCS = Path(__file__).resolve().parent.parent / "docs"
READER_PAGES = sorted(page for page in DOCS.glob("*.md"))
MAX_GRADE = 8.0
_FENCE = re.compile(r"^(`{3,}|~{3,}).*?^\1\s*$", re.MULTILINE | re.DOTALL)
_LINK = re.compile(r"\[([^\]]*)\]\(([^)]*)\)(\{[^}]*\})?")


def blocks(page: Path) -> list[str]:
    """The page's prose, paragraph by paragraph: no front matter, code, quizzes, tables or headings."""
    text = page.read_text(encoding="utf-8")
    text = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.DOTALL)
    text = _FENCE.sub("", text)
    paragraphs: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        lines = [line.strip() for line in block.splitlines()]
        lines = [line for line in lines if line and not line.startswith(("#", "|", "!!!", "!["))]
        for number, line in enumerate(lines):
            if number == 0 or re.match(r"(?:[-*:]|\d+\.)\s", line):  # a list item starts its own paragraph
                paragraphs.append(line)
            else:
                paragraphs[-1] += " " + line
    return paragraphs


def prose(paragraph: str) -> str:
    text = _LINK.sub(r"\1", paragraph)
    text = re.sub(r"^(?:[-*]|\d+\.|:)\s+", "", text)
    return re.sub(r"[*_`]", "", text)


def syllables(word: str) -> int:
    """Syllables in an English word, by the usual vowel-group rule (no dictionary needed)."""
    word = re.sub(r"[^a-z]", "", word.lower())
    if len(word) <= 3:
        return 1 if word else 0
    word = re.sub(r"(?:[^laeiouy]es|[^laeiouy]ed|[^laeiouy]e)$", "", word)
    word = re.sub(r"^y", "", word)
    return max(1, len(re.findall(r"[aeiouy]{1,2}", word)))


def flesch_kincaid_grade(text: str) -> float:
    """0.39 * words per sentence + 11.8 * syllables per word - 15.59; each line ends a sentence too."""
    sentences = [part for line in text.splitlines() for part in re.split(r"[.!?]+(?:\s|$)", line) if part.strip()]
    words = [word for word in re.findall(r"[A-Za-z][A-Za-z'\u2019-]*", text)]
    return 0.39 * len(words) / len(sentences) + 11.8 * sum(map(syllables, words)) / len(words) - 15.59


def test_the_grade_formula_on_known_text():
    assert [syllables(word) for word in ("career", "the", "happy", "money", "decide")] == [2, 1, 2, 2, 2]
    assert round(flesch_kincaid_grade("The cat sat on the mat."), 1) == -1.4


@pytest.mark.parametrize("page", READER_PAGES, ids=lambda page: page.name)
def test_reading_level_is_grade_8_or_below(page: Path):
    text = "\n".join(prose(paragraph) for paragraph in blocks(page))
    if len(text.split()) < 50:
        pytest.skip("too little prose to measure")
    grade = round(flesch_kincaid_grade(text), 1)
    assert grade <= MAX_GRADE, f"{page.name}: Flesch-Kincaid grade {grade}, above {MAX_GRADE}"


_ABBREVIATIONS = re.compile(r"\b(U\.S|e\.g|i\.e|Dr|Mr|Ms|Mrs|St|No)\.")
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_OWN_NUMBERS = re.compile(rf"\b(?:over 50|next 30 days|\d{{1,2}} (?:{_MONTHS}))\b")  # ages, days and dates we write


def sentences(paragraph: str) -> list[str]:
    """A paragraph's sentences: a sentence ends at . ! or ? before a space and a capital (not in U.S. or 12.9)."""
    guarded = _ABBREVIATIONS.sub(lambda m: m[0].replace(".", "\0"), re.sub(r"^(?:[-*:]|\d+\.)\s+", "", paragraph))
    return [part.replace("\0", ".") for part in re.split(r"(?<=[.!?])\s+(?=[A-Z*\[(\"])", guarded)]


def figures(sentence: str) -> list[str]:
    """The figures in a sentence: numbers other than years, link targets and our own wording."""
    text = _LINK.sub(lambda m: m[1] if not m[2].startswith("http") else "", sentence)
    text = _OWN_NUMBERS.sub("", text)
    return re.findall(r"\d+(?:[.,]\d+)?%?", re.sub(r"\b(19|20)\d\d\b", "", text))


def cited(sentence: str) -> bool:
    return "](http" in sentence


def test_sentences_and_figures_are_read_as_a_reader_reads_them():
    text = "The U.S. BLS counted 12.9 jobs ([BLS](https://bls.gov)). In 2024, 21% were engaged. See [it](a.md#b)."
    assert [(figures(s), cited(s)) for s in sentences(text)] == [(["12.9"], True), (["21%"], False), ([], False)]


@pytest.mark.parametrize("page", READER_PAGES, ids=lambda page: page.name)
def test_every_figure_is_in_a_sentence_that_cites_its_source(page: Path):
    if page.name in ("sources.md", "whats-new.md"):
        pytest.skip("the list of sources and the change log name dates and release numbers, not figures")
    for paragraph in blocks(page):
        for sentence in sentences(paragraph):
            assert not figures(sentence) or cited(sentence), (
                f"{page.name}: figures {figures(sentence)} in a sentence without a source: {sentence[:100]}"
            )


@pytest.mark.parametrize("page", READER_PAGES, ids=lambda page: page.name)
def test_every_figure_in_a_quiz_question_is_cited_in_that_question(page: Path):
    found, _ = read_document(page.read_text(encoding="utf-8").splitlines(), page.name)
    for block in found:
        for question in block.quiz.questions if block.quiz else ():
            texts = [question.prompt, question.explain, *question.hints]
            texts += [text for choice in question.choices for text in (choice.text, choice.feedback)]
            if any(figures(text) for text in texts):
                assert any(cited(text) for text in texts), f"{page.name}: {question.id} has figures but no source"


@pytest.mark.parametrize("page", sorted(DOCS.rglob("*.md")), ids=lambda page: page.name)
def test_every_page_has_a_description_for_search_results(page: Path):
    text = page.read_text()
    front = text.split("---\n")[1] if text.startswith("---\n") else ""
    assert re.search(r"^description: \S.{20,160}$", front, re.M), f"{page.name}: no description (20-160 characters)"


def test_every_source_cited_is_listed_on_the_sources_page():
    listed = set(_LINK_TARGETS(DOCS / "sources.md"))
    for page in READER_PAGES:
        for target in _LINK_TARGETS(page):
            if target.startswith("http") and "github.com" not in target:
                assert target in listed, f"{page.name} cites {target}, which the sources page does not list"


def _LINK_TARGETS(page: Path) -> list[str]:  # noqa: N802 (reads like the constant patterns above)
    return [match[2] for match in _LINK.finditer(page.read_text(encoding="utf-8"))]


def test_knowledge_check_mixes_types_and_every_answer_links_to_the_guide():
    found, errors = read_document((DOCS / "quiz.md").read_text().splitlines(), "quiz.md")
    assert errors == []
    questions = found[0].quiz.questions
    assert len(questions) >= 12
    assert len({question.kind for question in questions}) >= 5
    for question in questions:
        assert "(explainer.md#" in question.explain, f"{question.id}: explain: should link to the guide"


def test_the_diagram_has_a_text_alternative():
    svg = (DOCS / "assets" / "images" / "career-path.svg").read_text()
    assert '<title id="title">' in svg and '<desc id="desc">' in svg and 'aria-labelledby="title desc"' in svg
    page = (DOCS / "comparison.md").read_text()
    assert "![A career is a path through several jobs](assets/images/career-path.svg)" in page


# Phrases that were wrong here before: a US rule stated as universal, a US word, overclaims, a privacy promise
# that share links break, and "careers" meaning occupations (the glossary's word for a kind of work is
# occupation). Each has a truer wording on the pages now.
RETIRED_PHRASES = (
    "at any time",
    "paycheck",
    "no doors",
    "close any doors",
    "never leave",
    "starts from scratch",
    "careers that",
    "careers by",
    "careers to explore",
    "suggests careers",
    "for careers",
)


@pytest.mark.parametrize("page", READER_PAGES, ids=lambda page: page.name)
def test_retired_phrases_stay_retired(page: Path):
    text = re.sub(r"\s+", " ", page.read_text(encoding="utf-8")).lower()
    assert [phrase for phrase in RETIRED_PHRASES if phrase in text] == []


def test_next_steps_and_stories_are_in_the_navigation_and_linked_from_the_guide():
    nav = (DOCS.parent / "mkdocs.yml").read_text()
    guide = (DOCS / "explainer.md").read_text()
    for page in ("next-steps.md", "stories.md"):
        assert f": {page}" in nav
        assert f"]({page}" in guide

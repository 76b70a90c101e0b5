"""The Atom feed of What's new: every link in an entry is absolute, as feed readers need."""

import re
from pathlib import Path

import feed
import pytest

SITE = "https://example.org/job-vs-career/"


@pytest.mark.parametrize(
    ("link", "expected"),
    [
        ("quiz.md", SITE + "quiz/"),
        ("next-steps.md#try-before-you-commit", SITE + "next-steps/#try-before-you-commit"),
        ("contribute/scoring.md", SITE + "contribute/scoring/"),
        ("index.md", SITE),
        ("contribute/index.md#top", SITE + "contribute/#top"),
        ("feed.xml", SITE + "feed.xml"),
        ("#2026-11-30", SITE + "whats-new/#2026-11-30"),
        ("https://www.bls.gov/nls/", "https://www.bls.gov/nls/"),
        ("mailto:team@example.org", "mailto:team@example.org"),
    ],
)
def test_a_link_in_whats_new_becomes_the_address_of_the_built_page(link: str, expected: str):
    assert feed.address(link, SITE) == expected


def test_every_link_in_the_built_feed_is_absolute(built_site: Path):
    text = (built_site / "feed.xml").read_text()
    links = re.findall(r'href="([^"]*)"', text) + re.findall(r"href=&quot;(.*?)&quot;", text)
    assert any("quiz/" in link for link in links), links  # the entries' own links are among them
    relative = [link for link in links if not re.match(r"https?://", link)]
    assert not relative

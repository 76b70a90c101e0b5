"""Rendered HTML and scores of the golden pages match the files under review (regenerate: make golden)."""

import pytest
from golden import expected_files, pages


@pytest.mark.parametrize("page", pages(), ids=lambda page: page.name)
def test_page_matches_its_golden_files(page):
    for path, content in expected_files(page).items():
        assert path.exists(), f"{path.name} is missing: run 'make golden'"
        assert path.read_text(encoding="utf-8") == content, f"{path.name} differs: run 'make golden' and review"

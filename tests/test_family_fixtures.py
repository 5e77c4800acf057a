"""One saved page per markup family (tests/fixtures/families/FAMILY.html) and the fields it must
give (FAMILY.json): the registry's selectors for the family, read by the crawler's parser."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crawler.extract import decode_html, extract_article
from unionnews_core.registry import families, get_site

FIXTURES = Path(__file__).parent / "fixtures" / "families"


def test_every_family_has_a_fixture():
    assert {p.stem for p in FIXTURES.glob("*.html")} == set(families())
    assert {p.stem for p in FIXTURES.glob("*.json")} == set(families())


@pytest.mark.parametrize("family", sorted(families()))
def test_the_family_page_parses_to_its_expected_fields(family):
    expected = json.loads((FIXTURES / f"{family}.json").read_text(encoding="utf-8"))
    site = get_site(expected["site"])
    assert family in site.families
    page = (FIXTURES / f"{family}.html").read_bytes()
    parsed = extract_article(decode_html(page, "text/html"), site, site.origin + "/bai-mau")
    assert parsed.layout == family and parsed.extraction_path == "selectors"
    assert parsed.title == expected["title"]
    assert parsed.lead == expected["lead"]
    assert parsed.body == expected["body"]
    assert parsed.published == expected["published"]
    assert parsed.author == expected["author"]
    assert parsed.tags == expected["tags"]
    assert parsed.problem is None

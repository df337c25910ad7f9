"""A quote that lacks a name or date the claim states, while another sentence of the cited source has it.

Found on the real model's seed briefing: "Kim Jong Un plans to meet Putin in Vladivostok in September."
cited the article's first sentence, and the place and month stand two sentences on. The rules read the
whole cited source for a claim; the quote alone must not make a faithful sentence "contradicted", and
a place or month that no sentence beside the claim's evidence holds still must.
"""

from __future__ import annotations

import pytest
from conftest import SEEDS

from briefer.ingest import read_source
from briefer.models import Citation, Sentence, Source, VerdictLabel
from briefer.verify import check_sentence

SOURCE = read_source(next(p for p in SEEDS if p.name.startswith("000_")))
QUOTE = (
    "Kim Jong Un wants to travel to Russia, according to US information, to negotiate with President "
    "Vladimir Putin about arms deliveries to Moscow."
)


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Kim Jong Un plans to meet Putin in Vladivostok in September.", VerdictLabel.SUPPORTED),
        ("Kim Jong Un plans to meet Putin in Vladivostok in October.", VerdictLabel.CONTRADICTED),
        ("Kim Jong Un plans to meet Putin in Pyongyang in September.", VerdictLabel.CONTRADICTED),
        ("Kim Jong Un plans to meet Xi in Vladivostok in September.", VerdictLabel.CONTRADICTED),
    ],
)
def test_a_name_or_date_the_quote_lacks_is_sought_in_the_claims_evidence(text, label):
    assert QUOTE in SOURCE.text
    checked = check_sentence(
        Sentence(text=text, citations=[Citation(source=SOURCE.id, quote=QUOTE)]), {SOURCE.id: SOURCE}
    )
    assert checked.verdict.label is label, checked.verdict.reasons
    if label is VerdictLabel.SUPPORTED:
        assert any("the cited passage lacks it" in r for r in checked.verdict.reasons), "the imprecise citation is said"


FILLER = "The talks went on all week. Officials gave no details. A statement came late on Friday. "


@pytest.mark.parametrize(
    ("article", "label"),
    [
        (
            "North Korean leader Kim Jong Un plans to visit Russia. "
            + FILLER
            + "Kim’s trip would be his first abroad in years.",
            "supported",
        ),
        ("A visit to Russia is planned. " + FILLER + "Kim’s trip would be his first abroad in years.", "contradicted"),
    ],
)
def test_a_passage_naming_a_person_by_surname_holds_the_full_name_the_source_gives_elsewhere(article, label):
    source = Source(id="a", path="a.txt", language="en", text=article)
    quote = "Kim’s trip would be his first abroad in years."
    claim = Sentence(
        text="Kim Jong Un's trip would be his first abroad in years.", citations=[Citation(source="a", quote=quote)]
    )
    checked = check_sentence(claim, {"a": source})
    assert checked.verdict.label.value == label, checked.verdict.reasons

"""What the cited passage itself holds of a claim whose words reach beyond it.

Found by a user: over the quote "… had urged the bank to hold rates steady.", the sentence "… had urged
the bank to raise rates." passed as "all 9 content words found in the source": "raise" is not in the
cited sentence but in another one (the bank's own move). A word standing where the passage has another
word, found only in another sentence, is a substitution: not passed, and the reason shows both words
and where the claim's word is. A faithful merge (a word the passage lacks, added beside its own words)
still passes, as it did, and its reason now says which words came from which other sentence.
The article is written for this file.
"""

from __future__ import annotations

import re

import pytest

from briefer.models import Citation, Sentence, Source, VerdictLabel
from briefer.verify import check_sentence

ARTICLE = (
    "Varn central bank lifts rates\n\n"
    "The Varn central bank raised its main interest rate to 3.5 per cent on Thursday.\n\n"
    "Trade minister Ola Brandt said the cabinet had asked the bank to hold rates steady. "
    "The bank said it had acted alone.\n\n"
    "The currency rose after the decision."
)
QUOTE = "Trade minister Ola Brandt said the cabinet had asked the bank to hold rates steady."
SOURCE = Source(id="varn", path="varn.txt", language="en", text=ARTICLE)
LEAD = ARTICLE.index("The Varn central bank raised")
LEAD_END = ARTICLE.index("\n", LEAD)


def check(text: str):
    checked = check_sentence(Sentence(text=text, citations=[Citation(source="varn", quote=QUOTE)]), {"varn": SOURCE})
    assert checked.verdict is not None
    return checked.verdict


@pytest.mark.parametrize(
    ("claim", "ours", "theirs"),
    [
        # the verb of the cited clause, replaced by the lead's
        ("Trade minister Ola Brandt said the cabinet had asked the bank to raise rates.", "raise", "hold … steady"),
        # the one asking, replaced by a noun of another sentence
        (
            "Trade minister Ola Brandt said the currency had asked the bank to hold rates steady.",
            "currency",
            "cabinet",
        ),
    ],
)
def test_a_word_of_another_sentence_in_the_place_of_the_passages_own_is_not_passed(claim, ours, theirs):
    verdict = check(claim)
    assert verdict.label is not VerdictLabel.SUPPORTED, verdict.reasons
    reason = " ".join(verdict.reasons)
    assert f"“{ours}” is not in the cited passage" in reason, reason
    assert f"“{theirs}”" in reason, "the passage's own words are shown beside the claim's"


def test_the_substitution_names_the_sentence_its_word_comes_from():
    reason = " ".join(check("Trade minister Ola Brandt said the cabinet had asked the bank to raise rates.").reasons)
    assert f"varn, chars {LEAD}–{LEAD_END}" in reason, reason
    assert ARTICLE[LEAD:LEAD_END].startswith("The Varn central bank raised")


def test_a_merge_adding_a_word_of_another_sentence_passes_and_says_where_the_word_is():
    # "interest" is the lead's, added beside the passage's "rates": nothing of the passage is replaced.
    verdict = check("Trade minister Ola Brandt said the cabinet had asked the bank to hold interest rates steady.")
    assert verdict.label is VerdictLabel.SUPPORTED, verdict.reasons
    assert re.search(rf"outside the cited passage: .*“interest” \(varn, chars {LEAD}–{LEAD_END}\)", verdict.reasons[0])


def test_a_claim_the_passage_holds_whole_says_nothing_of_other_sentences():
    verdict = check("Trade minister Ola Brandt said the cabinet had asked the bank to hold rates steady.")
    assert verdict.label is VerdictLabel.SUPPORTED, verdict.reasons
    assert not any("outside the cited passage" in r for r in verdict.reasons), verdict.reasons


def test_a_word_nowhere_in_the_source_is_still_not_in_the_source():
    verdict = check("Trade minister Ola Brandt said the cabinet had asked the bank to cut rates.")
    assert verdict.label is VerdictLabel.NOT_IN_SOURCE, verdict.reasons


GERMAN = (
    "Ein Erdbeben zerstörte in der Nacht die alte Brücke von Tarn. Das Beben war in drei Städten zu spüren.\n\n"
    "Die Straße bleibt gesperrt."
)
GERMAN_QUOTE = "Ein Erdbeben zerstörte in der Nacht die alte Brücke von Tarn."


@pytest.mark.parametrize(
    ("claim", "label"),
    [
        # the compound shortened ("Beben" for "Erdbeben"), the short word in the next sentence: a merge
        ("Das Beben zerstörte in der Nacht die alte Brücke von Tarn.", VerdictLabel.SUPPORTED),
        # another sentence's noun where the passage says "Erdbeben"
        ("Die Straße zerstörte in der Nacht die alte Brücke von Tarn.", VerdictLabel.UNVERIFIED),
    ],
)
def test_in_german_a_shortened_compound_passes_and_another_noun_does_not(claim, label):
    source = Source(id="tarn", path="tarn.txt", language="de", text=GERMAN)
    sentence = Sentence(text=claim, language="de", citations=[Citation(source="tarn", quote=GERMAN_QUOTE)])
    verdict = check_sentence(sentence, {"tarn": source}).verdict
    assert verdict is not None and verdict.label is label, verdict.reasons
    assert "“Erdbeben”" in verdict.reasons[0] if label is VerdictLabel.UNVERIFIED else "outside" in verdict.reasons[0]


def test_a_sentence_of_several_claims_says_what_each_took_from_outside_its_passage():
    verdict = check(
        "Trade minister Ola Brandt said the cabinet had asked the bank to hold interest rates steady, "
        "while the bank said it had acted alone."
    )
    assert verdict.label is VerdictLabel.SUPPORTED, verdict.reasons
    assert len(verdict.atoms) == 2, [a.text for a in verdict.atoms]
    assert any(r.startswith("outside the cited passage: “interest”") and "[claim:" in r for r in verdict.reasons)

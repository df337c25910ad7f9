"""Which words a negation (or a "kept") speaks of: false ✓ found by running ``briefer check`` on articles
written for this file (a baker on a port strike, a budget, the port operator's offer, a rate decision),
each a specification that failed before, beside the faithful sentences that must stay supported.

Each claim is checked twice: with no quote (the checker finds its own evidence, as ``briefer check``
users give it) and with the real quote it rests on.
"""

from __future__ import annotations

import pytest

from briefer.ingest import read_source
from briefer.models import Citation, Sentence, Source, VerdictLabel
from briefer.verify import check_sentence

BAKERY = (
    "Ingrid Möller, who runs a bakery near the port, said the strike worried her. "
    '"Two days are manageable; two weeks would not be," Möller said.'
)
BUDGET = "The government would not raise taxes but would raise spending, the finance minister said on Monday."
PORT = (
    "Dockworkers at the port of Hamburg walked out on Monday. A spokesman for HHLA, the port operator, "
    "said the company regretted the walkout but would not raise its offer."
)
OFFER = "HHLA raised its offer on Monday, but nobody would raise wages."
RAISED = "The central bank raised its key rate to 4 percent on Thursday but kept its bond purchases unchanged."
CEREMONY = "Governor Lang will attend the ceremony, but Mayor Weber won't."


def check(text: str, article: str, quote: str | None, language: str = "en") -> Sentence:
    src: Source = read_source("art.txt", article.encode("utf-8"))
    sentence = Sentence(text=text, language=language, citations=[Citation(source=src.id, quote=quote)])
    return check_sentence(sentence, {src.id: src})


# (claim, article, the quote it rests on, its language)
FALSE = [
    # The negation is on a predicate the source leaves out: "two weeks would not be [manageable]".
    ("Möller said two weeks would be manageable.", BAKERY, "two weeks would not be", "en"),
    ("Mayor Weber will attend the ceremony.", CEREMONY, "but Mayor Weber won't", "en"),
    # The verb is in the source both ways; the one acting on the claim's object ("taxes") is negated.
    ("The government would raise taxes.", BUDGET, "would not raise taxes", "en"),
    # Across languages: the subject-less "but would not raise its offer" is about HHLA.
    ("HHLA will ihr Angebot erhöhen.", PORT, "would not raise its offer", "de"),
    # "kept" its key rate, where the source raised it and kept something else.
    ("The central bank kept its key rate unchanged.", RAISED, "raised its key rate to 4 percent", "en"),
]
FAITHFUL = [
    ("Möller said two days would be manageable.", BAKERY, "Two days are manageable", "en"),
    ("Möller said two weeks would not be manageable.", BAKERY, "two weeks would not be", "en"),
    ("Governor Lang will attend the ceremony.", CEREMONY, "Governor Lang will attend the ceremony", "en"),
    ("The government would raise spending.", BUDGET, "would raise spending", "en"),
    ("The government would not raise taxes.", BUDGET, "would not raise taxes", "en"),
    ("HHLA bedauerte den Streik.", PORT, "the company regretted the walkout", "de"),
    ("HHLA will ihr Angebot nicht erhöhen.", PORT, "would not raise its offer", "de"),
    # "nobody would raise wages" has a subject of its own: not a clause of HHLA's
    ("HHLA hat ihr Angebot erhöht.", OFFER, "HHLA raised its offer on Monday", "de"),
    ("The central bank raised its key rate.", RAISED, "raised its key rate to 4 percent", "en"),
    ("The central bank kept its bond purchases unchanged.", RAISED, "kept its bond purchases unchanged", "en"),
]
_IDS_FALSE = ["elided-manageable", "elided-wont", "raise-taxes-not-spending", "de-offer-over-en", "kept-raised-rate"]
_IDS_FAITHFUL = [
    "two-days",
    "two-weeks-not",
    "governor-attends",
    "raise-spending",
    "not-raise-taxes",
    "de-regretted-strike",
    "de-offer-not-raised",
    "de-offer-beside-nobody",
    "raised-rate",
    "kept-bond-purchases",
]


@pytest.mark.parametrize("quoted", [False, True], ids=["no-quote", "quote"])
@pytest.mark.parametrize(("claim", "article", "quote", "language"), FALSE, ids=_IDS_FALSE)
def test_a_claim_the_source_says_the_other_way_is_contradicted(
    claim: str, article: str, quote: str, language: str, quoted: bool
) -> None:
    verdict = check(claim, article, quote if quoted else None, language).verdict
    assert verdict is not None and verdict.label is VerdictLabel.CONTRADICTED, verdict.reasons


@pytest.mark.parametrize("quoted", [False, True], ids=["no-quote", "quote"])
@pytest.mark.parametrize(("claim", "article", "quote", "language"), FAITHFUL, ids=_IDS_FAITHFUL)
def test_a_faithful_claim_beside_the_negation_stays_supported(
    claim: str, article: str, quote: str, language: str, quoted: bool
) -> None:
    verdict = check(claim, article, quote if quoted else None, language).verdict
    assert verdict is not None and verdict.label is VerdictLabel.SUPPORTED, verdict.reasons


def test_the_elided_negation_shows_the_predicate_it_leaves_out() -> None:
    verdict = check("Möller said two weeks would be manageable.", BAKERY, None).verdict
    assert verdict is not None
    assert "“not … manageable” in the source" in " ".join(verdict.reasons), verdict.reasons


@pytest.mark.parametrize(
    ("claim", "article"),
    [
        # "kept" + a verb in -ing goes on changing, as the source says
        ("Online sales kept increasing in March.", "Online sales increased in March, the retailer said."),
        # the change is only a possibility
        (
            "The central bank kept its key rate unchanged.",
            "The central bank held its key rate at 4 percent and said it could cut its key rate in June.",
        ),
        # "kept it": the pronoun may stand for the claim's key rate
        (
            "The central bank kept its key rate unchanged.",
            "The central bank raised its key rate in March and kept it unchanged in June.",
        ),
        # "left its key rate unchanged" keeps it without the word "kept"
        (
            "The central bank kept its key rate unchanged in June.",
            "The central bank raised its key rate in March. In June, it left its key rate unchanged at 4 percent.",
        ),
    ],
    ids=["kept-increasing", "could-cut", "kept-it", "left-unchanged"],
)
def test_a_kept_beside_a_change_that_may_not_be_of_it_is_no_contradiction(claim: str, article: str) -> None:
    verdict = check(claim, article, None).verdict
    assert verdict is not None and verdict.label is not VerdictLabel.CONTRADICTED, verdict.reasons

"""How a content word of a claim is accounted for (issue 9, item 3): by a rule that compared it, or not
at all. Each group of cases is one cause counted by bench/unaccounted.py; the articles are short
news-style texts written for this file.
"""

from __future__ import annotations

import pytest

from briefer.ingest import read_source
from briefer.lexicon import quantities, words
from briefer.models import Citation, Sentence, VerdictLabel
from briefer.verify import check_sentence


def verdict(claim: str, article: str, quote: str | None = None) -> VerdictLabel:
    src = read_source("art.txt", article.encode("utf-8"))
    sentence = Sentence(text=claim, citations=[Citation(source=src.id, quote=quote)])
    checked = check_sentence(sentence, {src.id: src})
    assert checked.verdict is not None
    return checked.verdict.label


@pytest.mark.parametrize(
    ("word", "value"),
    [
        ("two", (2.0, False)),
        ("fifty", (50.0, False)),
        ("million", (1e6, True)),
        ("billions", (1e9, True)),
        ("mln", (1e6, True)),
        ("bn", (1e9, True)),
    ],
)
def test_a_number_word_has_its_value(word: str, value: tuple[float, bool]) -> None:
    assert quantities.word_value(word) == value


@pytest.mark.parametrize("word", ["m", "plant", "one"])
def test_other_words_have_no_value(word: str) -> None:
    assert quantities.word_value(word) is None


BANK = (
    "Harwood Bank reported its results on Tuesday. The bank lost 5 mln dollars in the third quarter. "
    "Its chief executive, Mara Quint, blamed bad loans. The shares closed flat."
)
PLANT = (
    "The Kessling plant opened in 1998. It employs 50 people and makes valves. "
    "2 engineers repaired the main pump on Monday. The town council praised the repair."
)
MUSEUM = (
    "The Ostfeld museum shows new paintings by Lena Vogt. The weather in the city was cold all week. "
    "Parking near the station costs 3 euros."
)


@pytest.mark.parametrize(
    ("claim", "article", "quote"),
    [
        # the magnitude is part of a figure the number rule compared ("5 mln" is 5,000,000)
        ("Harwood Bank lost 5 million dollars in the third quarter.", BANK, None),
        ("Harwood Bank lost 5 million dollars in the third quarter.", BANK, "The bank lost 5 mln dollars"),
        ("Harwood Bank lost 5 mln dollars in the third quarter.", BANK.replace("mln", "million"), None),
        # a spelled-out figure the source writes in digits
        ("The Kessling plant employs fifty people.", PLANT, None),
        ("Two engineers repaired the main pump on Monday.", PLANT, None),
    ],
)
def test_a_number_word_the_source_holds_as_a_figure_is_accounted_for(
    claim: str, article: str, quote: str | None
) -> None:
    assert verdict(claim, article, quote) is VerdictLabel.SUPPORTED


@pytest.mark.parametrize(
    ("claim", "article"),
    [
        # a 3 is in the source, but in no sentence the claim rests on: a count is not a figure anywhere
        ("The Ostfeld museum shows three new paintings by Lena Vogt.", MUSEUM),
        # "millions" over a figure that is not in the millions
        ("The Ostfeld museum shows paintings by Lena Vogt worth millions.", MUSEUM),
    ],
)
def test_a_number_word_the_claims_evidence_does_not_hold_stays_unaccounted(claim: str, article: str) -> None:
    assert verdict(claim, article) is VerdictLabel.UNVERIFIED


@pytest.mark.parametrize(
    ("text", "initials"),
    [
        ("Revenue rose 12% year-over-year.", {"yoy"}),
        ("Earnings per share rose.", {"eps"}),
        ("Convolutional neural networks were trained.", {"cnn"}),
    ],
)
def test_initialisms_spell_a_run_of_words(text: str, initials: set[str]) -> None:
    assert initials <= words.initialisms(text)


def test_an_initialism_neither_starts_nor_ends_with_a_short_word() -> None:
    assert not {"oy", "yo", "po", "ep"} & words.initialisms("year over year earnings per share of")


ACCOUNTS = (
    "Nordwind Foods reported second-quarter results on Thursday. Revenue rose 12% year-over-year to "
    "$80 million. Earnings per share were $1.20. Convolutional neural networks sort its parcels."
)


@pytest.mark.parametrize(
    ("claim", "article"),
    [
        ("Nordwind Foods said revenue rose 12% YoY to $80 million.", ACCOUNTS),
        ("Nordwind Foods said revenue rose 12% YoY to $80 million.", ACCOUNTS.replace("over", "on")),
        ("Nordwind Foods reported EPS of $1.20.", ACCOUNTS),
        ("CNNs sort the parcels of Nordwind Foods.", ACCOUNTS),
    ],
)
def test_an_abbreviation_the_evidence_spells_out_is_accounted_for(claim: str, article: str) -> None:
    assert verdict(claim, article) is VerdictLabel.SUPPORTED


@pytest.mark.parametrize(
    ("claim", "article"),
    [
        ("Nordwind Foods said revenue rose 12% YoY to $80 million.", ACCOUNTS.replace("year-over-year ", "")),
        ("Nordwind Foods reported an EBIT of $1.20 a share.", ACCOUNTS),
    ],
)
def test_an_abbreviation_nothing_spells_out_stays_unaccounted(claim: str, article: str) -> None:
    assert verdict(claim, article) is not VerdictLabel.SUPPORTED


@pytest.mark.parametrize(
    ("form", "verb"), [("rose", "rise"), ("won", "win"), ("left", "leave"), ("felt", "feel"), ("bore", "bear")]
)
def test_a_past_form_simplemma_reads_as_another_word_has_its_verb_too(form: str, verb: str) -> None:
    assert {form, verb} <= words.lemmas(form)


MARKET = (
    "Shares in Tarvo Mining increased 5% on Monday. The company wins a contract to supply copper to Kessling. "
    "Its chief executive leaves the firm in May."
)


@pytest.mark.parametrize(
    "claim",
    [
        "Shares in Tarvo Mining rose 5% on Monday.",
        "Tarvo Mining won a contract to supply copper to Kessling.",
        "The chief executive of Tarvo Mining left the firm in May.",
    ],
)
def test_a_past_form_is_accounted_for_by_its_verb(claim: str) -> None:
    assert verdict(claim, MARKET) is VerdictLabel.SUPPORTED


def test_a_past_form_read_as_its_verb_meets_the_opposite() -> None:
    assert verdict("Shares in Tarvo Mining rose 5% on Monday.", MARKET.replace("increased", "fell")) is (
        VerdictLabel.CONTRADICTED
    )


DOCKS = (
    "Dock workers at the port of Velmar walked out on Monday over pay. "
    "The operator laid off 120 staff last year and handed over two terminals to a rival."
)


@pytest.mark.parametrize(
    ("claim", "label"),
    [
        ("Dock workers in Velmar went on a walkout on Monday.", VerdictLabel.SUPPORTED),
        ("The operator made 120 layoffs last year.", VerdictLabel.SUPPORTED),
        ("The handover of two terminals went to a rival.", VerdictLabel.SUPPORTED),
        # the noun is the verb's, not a licence for another noun
        ("Dock workers in Velmar went on a lockout on Monday.", VerdictLabel.UNVERIFIED),
    ],
)
def test_a_phrasal_verb_accounts_for_the_noun_made_of_it(claim: str, label: VerdictLabel) -> None:
    assert verdict(claim, DOCKS) is label

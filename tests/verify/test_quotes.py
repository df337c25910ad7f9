"""Quote grounding: where a cited quote is in the original text, with exact offsets."""

from __future__ import annotations

import pytest

from briefer.verify import locate_quote
from briefer.verify.quotes import TextView, locate_all

TEXT = (
    "North Korea’s ruler Kim Jong Un wants to travel to Russia, according to US information.\n"
    "“As we have publicly warned, negotiations over arms sales between Russia and North Korea are "
    "progressing,” spokeswoman Adrienne Watson said.\n"
    "Russia has canceled its major military exercise “Sapad 23” (West) this year — because of the war.\n"
    "North Korea last year — despite its denials — supplied infantry missiles to Russia."
)


@pytest.mark.parametrize(
    ("quote", "expected", "how"),
    [
        ("ruler Kim Jong Un wants to travel", "ruler Kim Jong Un wants to travel", "exact"),
        ("North Korea's ruler", "North Korea’s ruler", "normalized"),  # straight for curly apostrophe
        ("NORTH KOREA’S RULER KIM", "North Korea’s ruler Kim", "normalized"),
        ("wants  to\n travel   to Russia", "wants to travel to Russia", "normalized"),
        ('exercise "Sapad 23" (West)', "exercise “Sapad 23” (West)", "normalized"),
        ("this year - because of", "this year — because of", "normalized"),
        (
            "negotiations over arms sales ... are progressing",
            "negotiations over arms sales between Russia and North Korea are progressing",
            "normalized",
        ),
        (
            "North Korea last year … supplied infantry missiles",
            "North Korea last year — despite its denials — supplied infantry missiles",
            "normalized",
        ),
        (
            "North Korea last year (…) supplied infantry missiles",
            "North Korea last year — despite its denials — supplied infantry missiles",
            "normalized",
        ),
        (
            "As we have publicly warned, negotiations over weapons sales between Russia and North Korea",
            "As we have publicly warned, negotiations over arms sales between Russia and North Korea",
            "fuzzy",
        ),
    ],
    ids=[
        "exact",
        "curly-apostrophe",
        "case",
        "whitespace",
        "typographic-quotes",
        "dash",
        "ellipsis-dots",
        "ellipsis-char",
        "bracketed-ellipsis",
        "fuzzy-one-word-changed",
    ],
)
def test_quote_is_located_at_its_original_offsets(quote: str, expected: str, how: str) -> None:
    start, end, kind = locate_quote(quote, TEXT) or (0, 0, "")
    assert (TEXT[start:end], kind) == (expected, how)


@pytest.mark.parametrize(
    "quote",
    [
        "Kim Jong Un signed an arms deal with Vladimir Putin in Moscow",
        "negotiations have collapsed",
        "wants to travel to China",  # too short for a near-copy: a different claim
        "(West) this year ... the war of aggression",  # the parts exist, but not in that order/with that text
        ".*",  # regex metacharacters are text, not patterns
        "   ",
    ],
)
def test_a_quote_that_is_not_in_the_text_is_not_found(quote: str) -> None:
    assert locate_quote(quote, TEXT) is None


def test_regex_metacharacters_in_a_quote_are_matched_literally() -> None:
    text = "Prices rose (by 3.5%) [sic] in 2023 * estimated."
    start, end, _ = locate_quote("rose (by 3.5%) [SIC]", text) or (0, 0, "")
    assert text[start:end] == "rose (by 3.5%) [sic]"


def test_the_first_occurrence_is_returned() -> None:
    text = "Kim met Putin. Later, Kim met Putin again."
    assert locate_quote("Kim met Putin", text) == (0, 13, "exact")


def test_a_character_that_lowercases_to_two_keeps_offsets_exact() -> None:
    text = "İstanbul talks: the ministers met in İzmir on Monday."
    start, end, _ = locate_quote("the ministers MET in izmir", text) or (0, 0, "")
    assert text[start:end] == "the ministers met in İzmir"


def test_an_occurrence_that_does_not_cut_a_word_is_preferred() -> None:
    text = "The Kimchi festival opened. Kim met Putin."
    assert locate_quote("Kim", text) == (28, 31, "exact")
    assert locate_quote("chi fest", text) == (7, 15, "exact")  # a fragment is still found when nothing else is


def test_an_exact_quote_is_found_without_building_the_normalised_copy_or_the_word_index() -> None:
    """The view of a 5 MB source costs about 150 MB once its word index is built; exact quotes (all of
    an extractive briefing's) must not pay for it."""
    view = TextView("Kim met Putin. “Arms talks advance,” Watson said.")
    assert locate_all("“Arms talks advance,” Watson said.", view) == [(15, 49, "exact")]
    assert not {"norm", "words", "positions"} & vars(view).keys()
    assert locate_all('"arms talks advance," watson said', view)[0][2] == "normalized"
    assert "norm" in vars(view)

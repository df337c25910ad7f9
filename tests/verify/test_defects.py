"""Every defect counted in issue 9's "What was measured", as a specification that failed before the rebuild.

Each source below is a short hand-written article in the style of the sentence the issue quotes
(written for this file; the issue's own rows come from public sets that tests never read). A
sentence is given with its citation the way the issue found it: with the quote it cites, or with
no quote (the checker finds its own evidence), or with ``quote=None`` as a model fact with
``quotes: []`` arrives.
"""

from __future__ import annotations

import pytest

from briefer.ingest import read_source
from briefer.lexicon.quantities import numbers
from briefer.models import Citation, Sentence, Source, VerdictLabel
from briefer.segment import split_sentences
from briefer.verify import check_sentence

EARNINGS = (
    "Acme Corp reported results on Tuesday. Net profit rose 42% to $318 million, beating analysts' "
    "expectations. The board declared a quarterly dividend of 35 cents a share, up from 30 cents a year "
    "earlier. Chief executive Dana Reyes said a shortage of chips would slow deliveries of the new model."
)
RESIGN = (
    "Ukrainian Defence Minister Oleksii Reznikov handed in his resignation to parliament on Monday. "
    "Lawmakers are expected to vote on his successor this week."
)
CUBA = (
    "The Foreign Ministry in Havana said it was working on dismantling a human trafficking network that "
    "recruits Cubans to fight for Russia in Ukraine."
)
KIM = (
    "North Korean leader Kim Jong Un met Russian President Vladimir Putin at a space centre in the far east of "
    "Russia. Kim rarely travels abroad."
)
BIKE = (
    "Before the bike's recovery, police had searched the river for two days. The boat suffered a loss of "
    "propulsion near the harbour."
)
SUSPECT = (
    "Police said the suspect, a 22-year-old man, was a former student of the school. The victim, a teacher, "
    "was taken to hospital."
)
HEDGE = (
    "If the talks fail, the government would consider new measures. The minister did not appear at the "
    "press conference. Officials said the plan was approved on Friday."
)
NEVER = "The museum showed never-before-seen photographs of the expedition."
SHARES = "Shares in Acme rose 5% on Monday after the company announced record sales."
VACCINE = "Most of the patients in the ward were unvaccinated, doctors said."


def source(text: str, name: str = "art") -> Source:
    return read_source(f"{name}.txt", text.encode("utf-8"))


def check(text: str, article: str, quote: str | None = None) -> Sentence:
    src = source(article)
    return check_sentence(Sentence(text=text, citations=[Citation(source=src.id, quote=quote)]), {src.id: src})


FLAGGED = [
    # One-word falsehoods that passed as supported (issue: 0.97, 1.00, 0.96, 0.95, 0.95, 0.90, 0.80).
    (
        "Net profit rose 42% to $318 million, missing analysts' expectations.",
        EARNINGS,
        "Net profit rose 42% to $318 million, beating analysts' expectations.",
        "beating",
    ),
    (
        "The board declared a quarterly dividend of 35 cents a share, down from 30 cents a year earlier.",
        EARNINGS,
        "The board declared a quarterly dividend of 35 cents a share, up from 30 cents a year earlier.",
        "up",
    ),
    (
        "Dana Reyes said a shortage of chips would speed up deliveries of the new model.",
        EARNINGS,
        "Chief executive Dana Reyes said a shortage of chips would slow deliveries of the new model.",
        "slow",
    ),
    (
        "Reznikov was fired by parliament.",
        RESIGN,
        "Ukrainian Defence Minister Oleksii Reznikov handed in his resignation to parliament on Monday.",
        None,
    ),
    ("The Foreign Ministry in Havana said it was running a human trafficking network.", CUBA, None, None),
    ("Kim Jong Un died.", KIM, "North Korean leader Kim Jong Un met Russian President Vladimir Putin", None),
    ("Putin resigned.", KIM, None, None),  # a model fact with quotes: [] (quote=None)
    (
        "After the bike's recovery, police had searched the river for two days.",
        BIKE,
        "Before the bike's recovery, police had searched the river for two days.",
        "Before",
    ),
    (
        "The boat suffered a loss of navigation near the harbour.",
        BIKE,
        "The boat suffered a loss of propulsion near the harbour.",
        "propulsion",
    ),
    # The same words in a swapped relation.
    (
        "Police said the victim was a former student of the school.",
        SUSPECT,
        "Police said the suspect, a 22-year-old man, was a former student of the school.",
        "suspect",
    ),
    # Prefix matching hid negation: "vaccinated" is not "unvaccinated".
    ("Most of the patients in the ward were vaccinated, doctors said.", VACCINE, None, "unvaccinated"),
]


@pytest.mark.parametrize(("sentence", "article", "quote", "theirs"), FLAGGED, ids=[f[0][:40] for f in FLAGGED])
def test_a_one_word_falsehood_is_flagged_with_both_sides_words(
    sentence: str, article: str, quote: str | None, theirs: str | None
) -> None:
    verdict = check(sentence, article, quote).verdict
    assert verdict is not None and verdict.flagged, verdict
    assert verdict.label in (VerdictLabel.CONTRADICTED, VerdictLabel.NOT_IN_SOURCE), verdict.reasons
    if theirs:  # the reason shows the source's word next to the sentence's
        assert any(theirs.lower() in r.lower() and "in the sentence" in r for r in verdict.reasons), verdict.reasons


def test_a_swapped_relation_is_a_contradiction_not_a_pass() -> None:
    verdict = check(
        "Police said the victim was a former student of the school.",
        SUSPECT,
        "Police said the suspect, a 22-year-old man, was a former student of the school.",
    ).verdict
    assert verdict is not None and verdict.label is VerdictLabel.CONTRADICTED, verdict.reasons


@pytest.mark.parametrize(
    ("sentence", "article", "quote"),
    [
        # A hedge is not read from "if", "would", "appear".
        (
            "The minister did not appear at the press conference.",
            HEDGE,
            "The minister did not appear at the press conference.",
        ),
        ("Officials said the plan was approved on Friday.", HEDGE, "Officials said the plan was approved on Friday."),
        # "never-before-seen" negates nothing.
        ("The museum showed photographs of the expedition that had never been seen before.", NEVER, None),
        (
            "The museum showed never-before-seen photographs of the expedition.",
            NEVER,
            "The museum showed never-before-seen photographs of the expedition.",
        ),
        # A capital opening a sentence is no name.
        ("Shares in Acme rose 5% on Monday.", SHARES, None),
    ],
)
def test_a_faithful_sentence_is_not_flagged(sentence: str, article: str, quote: str | None) -> None:
    verdict = check(sentence, article, quote).verdict
    assert verdict is not None and not verdict.flagged, verdict.reasons


def test_a_sentence_initial_dictionary_word_is_not_a_missing_name() -> None:
    verdict = check("Ultimately, shares in Acme rose 5% on Monday.", SHARES).verdict
    assert verdict is not None and not any("name" in r for r in verdict.reasons), verdict.reasons


def test_both_is_not_the_number_two() -> None:
    assert numbers("Both companies reported losses.") == set()
    verdict = check("Both Kim and Putin met at a space centre.", KIM).verdict
    assert verdict is not None and not any("number" in r for r in verdict.reasons), verdict.reasons


def test_a_missing_space_after_a_full_stop_still_ends_a_sentence() -> None:
    text = "Markets were calm for longer.MSCI's world index rose 1% on Friday."
    assert [text[s.start : s.end] for s in split_sentences(text)] == [
        "Markets were calm for longer.",
        "MSCI's world index rose 1% on Friday.",
    ]


def test_reasons_print_words_not_stems() -> None:
    verdict = check("Reznikov admitted that profits were rising.", RESIGN).verdict
    assert verdict is not None
    text = " ".join(verdict.reasons)
    assert "admitt " not in text + " " and "admitt," not in text and " ris," not in text, text
    assert "admitted" in text or "rising" in text, text


def test_a_cited_fact_without_quotes_is_not_supported_by_the_closest_sentence() -> None:
    """A model fact with ``quotes: []`` arrives as a citation without a quote."""
    verdict = check("Putin resigned.", KIM, None).verdict
    assert verdict is not None and verdict.label is VerdictLabel.NOT_IN_SOURCE, verdict.reasons


def test_a_denial_stated_as_a_finding_is_contradicted_not_partial() -> None:
    article = "Cuba said it had uncovered a network recruiting Cubans to fight for Russia in Ukraine."
    verdict = check("Cuba has denied that any Russian network is recruiting Cubans.", article, None).verdict
    assert verdict is not None and verdict.flagged and verdict.label is not VerdictLabel.PARTIALLY_SUPPORTED


def test_an_unmatched_paraphrase_is_unverified_not_supported() -> None:
    verdict = check("Acme's earnings climbed 42% to $318 million, which delighted investors.", EARNINGS).verdict
    assert verdict is not None and verdict.label is not VerdictLabel.SUPPORTED, verdict.reasons


@pytest.mark.parametrize(
    ("sentence", "quote", "kind", "ours", "theirs"),
    [
        (
            "Officials said the plan was approved on Thursday.",
            "the plan was approved on Friday",
            "date",
            "Thursday",
            "Friday",
        ),
        ("Net profit rose 42% to $318 million, beating expectations.", None, "number", "42", None),
        (
            "Net profit rose 44% to $318 million, beating analysts' expectations.",
            "Net profit rose 42% to $318 million, beating analysts' expectations.",
            "number",
            "44",
            "42",
        ),
    ],
)
def test_one_mismatch_gives_one_reason_with_both_sides(
    sentence: str, quote: str | None, kind: str, ours: str, theirs: str | None
) -> None:
    """The review showed two reasons for one changed date ("date not in the evidence: Friday" and
    "contradicted: date: Friday is not in the source") and never named the source's date."""
    article = HEDGE if kind == "date" else EARNINGS
    if kind == "number" and quote is None:
        sentence = sentence.replace("42%", "47%")
        ours = "47"
    verdict = check(sentence, article, quote).verdict
    assert verdict is not None and verdict.label is VerdictLabel.CONTRADICTED, verdict.reasons
    about = [r for r in verdict.reasons if kind in r]
    assert len(about) == 1, verdict.reasons
    assert f"“{ours}” in the sentence" in about[0], about
    if theirs is not None:
        assert theirs in about[0].split("in the sentence", 1)[1], about


PORT = (
    "About 12,000 dockworkers at the port of Lorvik began a 48-hour strike on Tuesday, the union said. "
    "The employers' association has offered 5 percent over two years, which the union called an insult. "
    "A spokesman for Lorvik Terminals, the largest operator, said the company regretted the walkout but "
    "would not raise its offer under pressure. Talks are scheduled to resume on Friday in Brenna."
)
BLACKOUT = (
    "The blackout stopped trains across the capital on Monday. The grid operator's chief executive ruled "
    "out a cyberattack. An investigation has been opened."
)


@pytest.mark.parametrize(
    ("sentence", "article", "quote"),
    [
        pytest.param("Lorvik Terminals said it would raise its offer.", PORT, "", id="negation-spread-out"),
        pytest.param(
            "Lorvik Terminals said it would raise its offer.",
            PORT,
            "A spokesman for Lorvik Terminals, the largest operator, said the company regretted the walkout but "
            "would not raise its offer under pressure.",
            id="negation-spread-out-quoted",
        ),
        # WordNet has "have" in a sense of "accept" and of "cause": the source's "has offered" and
        # "had failed" accounted for both.
        pytest.param("The union accepted the employers' offer of 5 percent.", PORT, "", id="accepted-by-has"),
        pytest.param("The blackout was caused by a cyberattack.", BLACKOUT, "", id="caused-by-has"),
    ],
)
def test_a_claim_the_source_does_not_make_is_not_supported(sentence: str, article: str, quote: str) -> None:
    verdict = check(sentence, article, quote).verdict
    assert verdict is not None and verdict.label is not VerdictLabel.SUPPORTED, verdict.reasons


def test_a_synonym_among_the_summary_nouns_still_counts() -> None:
    """ "negotiations" for the source's "talks": only grammar words and the most general verbs are no synonyms."""
    verdict = check("Negotiations will resume in Brenna on Friday.", PORT, "").verdict
    assert verdict is not None and verdict.label is VerdictLabel.SUPPORTED, verdict.reasons


# A change the source states with another word of it ("raised" for "increased", "cut" for "reduced"),
# beside something else it kept: the "kept" is not the claim's opposite.
@pytest.mark.parametrize(
    ("sentence", "article"),
    [
        (
            "The central bank increased its key rate to 4 percent.",
            "The central bank raised its key rate to 4 percent on Thursday but kept its bond purchases unchanged.",
        ),
        (
            "Lufthansa reduced jobs in Frankfurt.",
            "Lufthansa cut 500 jobs in Frankfurt while keeping its headquarters in the city.",
        ),
    ],
    ids=["increased-for-raised", "reduced-for-cut"],
)
def test_a_change_told_with_a_synonym_beside_something_kept_is_supported(sentence: str, article: str) -> None:
    verdict = check(sentence, article, "").verdict
    assert verdict is not None and verdict.label is VerdictLabel.SUPPORTED, verdict.reasons


def test_a_change_of_the_very_thing_the_source_kept_is_contradicted() -> None:
    article = "The party replaced its leader in March but kept its programme."
    assert check("The party changed its leader in March.", article, "").verdict.label is VerdictLabel.SUPPORTED
    verdict = check("The party changed its programme.", article, "").verdict
    assert verdict is not None and verdict.label is VerdictLabel.CONTRADICTED, verdict.reasons

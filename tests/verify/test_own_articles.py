"""Defects found by running ``briefer check`` on articles written for this file (a central bank's rate
decision and a bridge collapse, in English and German), each a specification that failed before.

The claims are given with no quote, as ``briefer check`` users give them: the checker finds its own
evidence in the cited source.
"""

from __future__ import annotations

import pytest

from briefer.ingest import read_source
from briefer.models import Citation, Sentence, Source, VerdictLabel
from briefer.verify import check_sentence
from briefer.verify.figures import written_in_digits

RATES_EN = (
    "The European Central Bank kept its deposit rate at a record 4.0% on Thursday but signalled that it "
    "could begin lowering borrowing costs in June. Euro zone inflation fell to 2.4% in March, close to the "
    "ECB's 2% target. ECB President Christine Lagarde said a few members had felt confident enough to cut "
    "rates already."
)
RATES_DE = (
    "Die Europäische Zentralbank hat ihre Zinsen am Donnerstag nicht angetastet. EZB-Präsidentin Christine "
    "Lagarde deutete jedoch eine Senkung im Juni an. Ökonomen erwarten, dass die Notenbank im Juni um 0,25 "
    "Prozentpunkte senkt."
)
BRIDGE = (
    "Part of the Carola Bridge in Dresden collapsed early on Wednesday, injuring three people, police said. "
    "Three workers at a nearby construction site were hurt by debris. The minister whispered to reporters "
    "that the bridge had been due for repair."
)


def check(text: str, article: str, name: str = "art") -> Sentence:
    src: Source = read_source(f"{name}.txt", article.encode("utf-8"))
    return check_sentence(Sentence(text=text, citations=[Citation(source=src.id, quote=None)]), {src.id: src})


def check_german(text: str, article: str) -> Sentence:
    """``check`` for a claim given as German (not left to the language guess)."""
    src: Source = read_source("zins.txt", article.encode("utf-8"))
    sentence = Sentence(text=text, language="de", citations=[Citation(source=src.id, quote=None)])
    return check_sentence(sentence, {src.id: src})


def test_a_verb_more_specific_than_the_sources_is_not_supported() -> None:
    # WordNet puts "hurt" above a rare sense of "kill" ("my back is killing me"); the source's "hurt"
    # and "injuring" say nobody died.
    checked = check("Three people were killed when part of the Carola Bridge collapsed.", BRIDGE)
    assert checked.verdict is not None
    assert checked.verdict.label is not VerdictLabel.SUPPORTED
    assert "killed" in " ".join(checked.verdict.reasons)


def test_a_verb_more_general_than_the_sources_is_supported() -> None:
    # The other way round the source's word accounts for the claim's: whispering is speaking.
    checked = check("The minister spoke to reporters.", BRIDGE)
    assert checked.verdict is not None
    assert checked.verdict.label is VerdictLabel.SUPPORTED, checked.verdict.reasons


@pytest.mark.parametrize(
    ("text", "values"),
    [("a cut of 0.5 points", {0.5}), ("2,300 people", {2300.0}), ("um 0,25 Prozentpunkte", {0.25})],
)
def test_a_decimal_written_in_digits_is_read_as_written(text: str, values: set[float]) -> None:
    assert values <= written_in_digits(text)


def test_a_decimal_the_other_language_source_lacks_is_flagged() -> None:
    # The German source has 0,25 percentage points; the English claim's 0.5 was taken for a small number
    # "in words" (its digits read as 0 and 5) and passed as "numbers, dates, names and negation match".
    checked = check("Economists expect a cut of 0.5 percentage points in June.", RATES_DE, "ezb")
    assert checked.verdict is not None
    assert checked.verdict.flagged, checked.verdict.reasons


def test_no_claim_passes_across_languages_on_evidence_it_does_not_have() -> None:
    checked = check("Economists expect a cut of 0.5 percentage points in June.", RATES_DE, "ezb")
    assert checked.verdict is not None
    for atom in checked.verdict.atoms:
        assert atom.evidence or atom.label is not VerdictLabel.SUPPORTED, atom


def test_a_word_of_a_name_is_no_opposite() -> None:
    # "left" (kept) has WordNet's antonym "center", derived from the "Central" of the bank's name.
    checked = check("The ECB left its deposit rate unchanged at a record 4%.", RATES_EN, "ecb")
    assert checked.verdict is not None
    assert checked.verdict.label is not VerdictLabel.CONTRADICTED, checked.verdict.reasons
    assert "central" not in " ".join(checked.verdict.reasons).lower()


def test_an_opposite_shows_the_sources_own_words() -> None:
    checked = check("Inflation is still far above the ECB's 2% target.", RATES_EN, "ecb")
    assert checked.verdict is not None
    assert checked.verdict.label is VerdictLabel.CONTRADICTED
    reasons = " ".join(checked.verdict.reasons)
    assert "“close to” in the source" in reasons, reasons


BRIDGE_DE = (
    "In Dresden ist in der Nacht zum Mittwoch ein Teil der Carolabrücke in die Elbe gestürzt. Verletzt wurde "
    "nach Angaben der Feuerwehr niemand. Der Abriss der beschädigten Teile wird nach Angaben der Stadt "
    "mehrere Wochen dauern. Der Abschnitt sollte ohnehin im kommenden Jahr saniert werden."
)


def quoted(text: str, article: str, quote: str, name: str = "art") -> Sentence:
    src: Source = read_source(f"{name}.txt", article.encode("utf-8"))
    return check_sentence(Sentence(text=text, citations=[Citation(source=src.id, quote=quote)]), {src.id: src})


def test_a_german_negation_after_what_it_negates_is_read() -> None:
    # "Verletzt wurde … niemand": the negation ends the sentence, where an English scope finds nothing,
    # and the faithful "Nobody was injured" was contradicted for "only the sentence says not".
    checked = quoted(
        "Nobody was injured, the fire brigade said.", BRIDGE_DE, "Verletzt wurde nach Angaben der Feuerwehr niemand."
    )
    assert checked.verdict is not None
    assert not checked.verdict.flagged, checked.verdict.reasons


ABRISS = "Der Abriss der beschädigten Teile wird nach Angaben der Stadt mehrere Wochen dauern."
SANIERT = "Der Abschnitt sollte ohnehin im kommenden Jahr saniert werden."


@pytest.mark.parametrize(
    ("text", "quote", "flagged"),
    [
        ("Demolition will take several months.", ABRISS, True),
        ("Demolition will take several weeks, the city said.", ABRISS, False),
        ("The section was scheduled for renovation next year.", SANIERT, False),
    ],
)
def test_a_duration_in_another_unit_is_flagged_across_languages(text: str, quote: str, flagged: bool) -> None:
    checked = quoted(text, BRIDGE_DE, quote, "bruecke")
    assert checked.verdict is not None
    assert checked.verdict.flagged is flagged, checked.verdict.reasons
    if flagged:
        assert "“months” in the sentence, “Wochen” in the source" in " ".join(checked.verdict.reasons)


def test_a_german_claim_without_a_language_is_checked_as_german() -> None:
    # Another tool's briefing (or one written by hand) may give no "language"; the model's default "en"
    # checked "Die Inflation … lag im März bei 2,4 Prozent." over its German source as a translation.
    src: Source = read_source(
        "ezb.txt", ("Die Inflation im Euroraum lag im März bei 2,4 Prozent. " + RATES_DE).encode()
    )
    sentence = Sentence.model_validate(
        {"text": "Die Inflation im Euroraum lag im März bei 2,4 Prozent.", "citations": [{"source": src.id}]}
    )
    checked = check_sentence(sentence, {src.id: src})
    assert checked.verdict is not None
    assert checked.verdict.cross_lingual is False
    assert checked.verdict.label is VerdictLabel.SUPPORTED, checked.verdict.reasons


@pytest.mark.parametrize(
    ("text", "article"),
    [
        ("The minister spoke to reporters.", BRIDGE),
        # detected as German: a language none of its sources is in, so the default stands
        ("Kim Jong Un died.", "North Korean leader Kim Jong Un died on Monday, state media said."),
    ],
)
def test_a_claim_read_as_another_language_than_its_sources_keeps_the_default(text: str, article: str) -> None:
    # Detection may misread a short claim; only a cited source's language is taken from it.
    src: Source = read_source("art.txt", article.encode())
    sentence = Sentence.model_validate({"text": text, "citations": [{"source": src.id}]})
    checked = check_sentence(sentence, {src.id: src})
    assert checked.verdict is not None and checked.verdict.cross_lingual is False


def test_a_german_claim_without_a_language_over_an_english_source_is_checked_as_german() -> None:
    # Checked as English, its capitalised nouns ("Gewerkschaft", "Prozent", "Lohn") were names the
    # source lacks: contradicted. Its function words ("Die", "mehr") say German, as detection does.
    article = "The union is demanding a wage increase of 9.5 percent over twelve months, its leader said."
    src: Source = read_source("en.txt", article.encode("utf-8"))
    sentence = Sentence.model_validate(
        {"text": "Die Gewerkschaft fordert 9,5 Prozent mehr Lohn.", "citations": [{"source": src.id}]}
    )
    checked = check_sentence(sentence, {src.id: src})
    assert checked.verdict is not None and checked.verdict.cross_lingual is True
    assert checked.verdict.label is VerdictLabel.SUPPORTED, checked.verdict.reasons


def test_an_english_no_that_negates_nothing_is_no_negation_across_languages() -> None:
    # The evidence's negation words are read without their scope only in German (which puts them after
    # what they negate); in English evidence "No. 10" contradicted a faithful German claim.
    article = "Prime Minister Keir Starmer spoke to reporters outside No. 10 Downing Street on Monday."
    src: Source = read_source("en.txt", article.encode("utf-8"))
    sentence = Sentence(
        text="Premierminister Keir Starmer sprach am Montag mit Reportern.",
        language="de",
        citations=[Citation(source=src.id)],
    )
    checked = check_sentence(sentence, {src.id: src})
    assert checked.verdict is not None
    assert checked.verdict.label is not VerdictLabel.CONTRADICTED, checked.verdict.reasons


def test_an_opposite_in_a_title_case_headline_is_read() -> None:
    # Every word of a title-case headline is capitalised: none is thereby part of a name.
    article = "Nordbank Raises Interest Rates Again\n\nThe Nordbank board met in Oslo on Tuesday.\n"
    checked = check("Nordbank lowers interest rates again.", article, "nordbank")
    assert checked.verdict is not None
    assert checked.verdict.label is VerdictLabel.CONTRADICTED, checked.verdict.reasons
    assert "“raises” in the source" in " ".join(checked.verdict.reasons)


RATES_LEVEL = (
    "The central bank kept its main interest rate at the same level on Thursday, but said it could begin "
    "lowering it in June. A few members wanted to cut it already."
)


@pytest.mark.parametrize(
    ("claim", "article", "verb"),
    [
        # "cut" and "lowered" are in the source only as possibilities ("could begin lowering", "confident
        # enough to cut"); the rate itself was kept: a deed stated against the source's "kept".
        ("The ECB cut its deposit rate.", RATES_EN, "cut"),
        ("The ECB lowered its deposit rate.", RATES_EN, "lowered"),
        ("The ECB raised its deposit rate.", RATES_EN, "raised"),
        ("The central bank cut its main interest rate on Thursday.", RATES_LEVEL, "cut"),
        # The reason names the verb the claim contradicts, not the "level" it was kept at.
        ("The central bank raised its main interest rate on Thursday.", RATES_LEVEL, "raised"),
    ],
)
def test_a_change_stated_as_done_where_the_source_kept_it_is_contradicted(claim: str, article: str, verb: str) -> None:
    checked = check(claim, article, "ecb")
    assert checked.verdict is not None
    assert checked.verdict.label is VerdictLabel.CONTRADICTED, checked.verdict.reasons
    reasons = " ".join(checked.verdict.reasons)
    assert f"“{verb}” in the sentence, “kept” in the source" in reasons, reasons


@pytest.mark.parametrize(
    ("claim", "article"),
    [
        ("The ECB signalled it could begin lowering borrowing costs in June.", RATES_EN),
        ("A few ECB members felt confident enough to cut rates already.", RATES_EN),
        ("The ECB kept its deposit rate at 4.0% but signalled it could begin lowering borrowing costs.", RATES_EN),
        ("The central bank could begin lowering its main interest rate in June.", RATES_LEVEL),
        ("The central bank kept its main interest rate unchanged.", RATES_LEVEL),
        # "kept" as "went on": the change itself is what the source says.
        ("Online sales increased in March.", "Online sales kept increasing in March, the retailer said."),
    ],
)
def test_a_possible_change_beside_a_kept_rate_is_no_contradiction(claim: str, article: str) -> None:
    checked = check(claim, article, "ecb")
    assert checked.verdict is not None
    assert checked.verdict.label is not VerdictLabel.CONTRADICTED, checked.verdict.reasons


SPILL = (
    "Authorities closed a 40-kilometre stretch of the Rhine to shipping on Wednesday after a tanker barge "
    "leaked about 12 tonnes of xylene into the river near Ludwigshafen. The barge, the Rheinperle, ran aground "
    "on a sandbank shortly after 5 a.m., according to the water police. None of its four crew members was "
    "injured. Firefighters laid floating barriers over a length of 800 metres to contain the slick. By the "
    "evening, around 70 barges were waiting at Mannheim and Worms. The operator, Neckar Tank GmbH, said it "
    "regretted the accident but rejected reports that the barge had been overloaded. An investigation by the "
    "public prosecutor in Frankenthal is under way."
)


@pytest.mark.parametrize(
    ("text", "stray"),
    [
        pytest.param("Prosecutors in Frankenthal closed their investigation.", "closed", id="a-verb-of-another-fact"),
        pytest.param("Prosecutors in Mannheim are investigating.", "Mannheim", id="a-place-of-another-fact"),
    ],
)
def test_a_word_the_source_has_only_beside_another_fact_does_not_support_the_claim(text: str, stray: str) -> None:
    checked = check(text, SPILL)
    assert checked.verdict is not None
    assert checked.verdict.label is VerdictLabel.UNVERIFIED
    assert stray in " ".join(checked.verdict.reasons)


@pytest.mark.parametrize(
    "text",
    [
        "Prosecutors in Frankenthal are investigating.",
        "Nobody on board the Rheinperle was hurt.",  # "its crew", the sentence after the name
        "Around 70 barges were waiting at Mannheim and Worms by the evening.",
    ],
)
def test_a_claim_whose_words_stand_together_in_the_source_is_supported(text: str) -> None:
    checked = check(text, SPILL)
    assert checked.verdict is not None
    assert checked.verdict.label is VerdictLabel.SUPPORTED, checked.verdict.reasons


@pytest.mark.parametrize(
    ("text", "article"),
    [
        ("Nobody was injured.", "The barge ran aground near Mannheim. Nobody was injured. Shipping was halted."),
        ("It rained.", "It rained. The match was called off."),
    ],
    ids=["nobody-injured", "it-rained"],
)
def test_a_claim_of_one_word_the_source_says_is_supported(text: str, article: str) -> None:
    # no other word of the claim to stand beside: the stray-word rule has nothing to say of it
    checked = check(text, article)
    assert checked.verdict is not None
    assert checked.verdict.label is VerdictLabel.SUPPORTED, checked.verdict.reasons


SHIPPING = (
    "Shipping is expected to resume on Friday at the earliest, a spokesman for the waterways authority said. "
    "The waterways authority has offered varied routes to waiting barges."
)


@pytest.mark.parametrize(
    ("text", "contradicted"),
    [
        pytest.param("Shipping resumed on Friday.", True, id="done-where-the-source-expects-it"),
        pytest.param("Shipping has resumed.", True, id="perfect-where-the-source-expects-it"),
        pytest.param("Shipping is expected to resume on Friday.", False, id="expected-as-the-source"),
        pytest.param("Shipping could resume on Friday.", False, id="possible"),
        pytest.param("The authority offered varied routes to the waiting barges.", False, id="an-adjective"),
    ],
)
def test_a_claim_saying_happened_what_the_source_only_expects_is_contradicted(text: str, contradicted: bool) -> None:
    checked = check(text, SHIPPING)
    assert checked.verdict is not None
    assert (checked.verdict.label is VerdictLabel.CONTRADICTED) is contradicted, checked.verdict.reasons
    if contradicted:
        assert "certainty" in " ".join(checked.verdict.reasons)


ZINS_DE = (
    "Die Europäische Zentralbank hat ihren Einlagenzins am Donnerstag bei 2,25 Prozent belassen. "
    "Auf einen bestimmten Zinspfad wollte sich EZB-Präsidentin Christine Lagarde nicht festlegen. "
    "Umweltministerin Katrin Eder sagte, das Trinkwasser sei nicht gefährdet. "
    "Die Staatsanwaltschaft hat Ermittlungen aufgenommen. "
    "Die Schifffahrt soll frühestens am Freitag wieder freigegeben werden."
)


@pytest.mark.parametrize(
    ("text", "label"),
    [
        pytest.param(
            "Lagarde wollte sich nicht auf einen Zinspfad festlegen.",
            VerdictLabel.SUPPORTED,
            id="nicht-before-the-object",
        ),
        pytest.param("Eder sagte, das Trinkwasser sei gefährdet.", VerdictLabel.CONTRADICTED, id="negation-dropped"),
        pytest.param("Eder sagte, das Trinkwasser sei nicht gefährdet.", VerdictLabel.SUPPORTED, id="negation-kept"),
        pytest.param("Die Staatsanwaltschaft ermittelt.", VerdictLabel.SUPPORTED, id="a-verb-for-its-ung-noun"),
        pytest.param(
            "Die Schifffahrt wurde am Freitag wieder freigegeben.", VerdictLabel.CONTRADICTED, id="done-where-it-soll"
        ),
        pytest.param(
            "Die Schifffahrt soll am Freitag wieder freigegeben werden.",
            VerdictLabel.SUPPORTED,
            id="soll-as-the-source",
        ),
    ],
)
def test_german_claims_over_a_german_source(text: str, label: VerdictLabel) -> None:
    checked = check_german(text, ZINS_DE)
    assert checked.verdict is not None
    assert checked.verdict.label is label, checked.verdict.reasons


NICHT_GESENKT = "Die EZB hat den Einlagenzins nicht auf 2,25 Prozent gesenkt."


# A decimal comma between "nicht" and the verb ("2,25") ends no clause: the verb stays negated.
@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Die EZB hat den Einlagenzins auf 2,25 Prozent gesenkt.", VerdictLabel.CONTRADICTED),
        (NICHT_GESENKT, VerdictLabel.SUPPORTED),
    ],
    ids=["negation-dropped", "negation-kept"],
)
def test_a_german_nicht_before_a_decimal_still_negates_the_verb(text: str, label: VerdictLabel) -> None:
    checked = check_german(text, NICHT_GESENKT)
    assert checked.verdict is not None
    assert checked.verdict.label is label, checked.verdict.reasons


@pytest.mark.parametrize(
    ("text", "source", "contradicted"),
    [
        pytest.param(
            "The ECB cut its deposit rate to 2.25 percent.",
            "The European Central Bank kept its deposit rate unchanged at 2.25 percent on Thursday, pausing after "
            "seven consecutive cuts.",
            True,
            id="the-change-word-only-of-earlier-moves",
        ),
        pytest.param(
            "The central bank cut its lending rate.",
            "The central bank kept its deposit rate unchanged but cut its lending rate.",
            False,
            id="a-change-of-the-claims-thing-beside-a-kept-other",
        ),
    ],
)
def test_a_change_the_source_only_names_beside_a_kept_rate_is_contradicted(
    text: str, source: str, contradicted: bool
) -> None:
    checked = check(text, source)
    assert checked.verdict is not None
    assert (checked.verdict.label is VerdictLabel.CONTRADICTED) is contradicted, checked.verdict.reasons


def test_a_german_noun_ending_like_a_verb_is_not_read_as_a_function_word() -> None:
    # "Nacht" is no form of "nach": the night is nowhere in the source
    checked = check("Der Brand brach in der Nacht aus.", "Der Brand brach nach dem Spiel aus.")
    assert checked.verdict is not None
    assert checked.verdict.label is VerdictLabel.UNVERIFIED, checked.verdict.reasons
    assert "Nacht" in " ".join(checked.verdict.reasons)


def test_a_german_verb_whose_stem_is_an_english_function_word_is_compared() -> None:
    # "sucht" has the stem "such", an English light word: the stem must not make the verb light
    checked = check("Die Polizei sucht den Fahrer.", "Die Polizei hat den Fahrer gefasst.")
    assert checked.verdict is not None
    assert checked.verdict.label is not VerdictLabel.SUPPORTED, checked.verdict.reasons
    assert "sucht" in " ".join(checked.verdict.reasons)


# The hedge is of another verb; the claim's participle stands in the source as an adjective of what was done.
@pytest.mark.parametrize(
    ("text", "article"),
    [
        ("Die Brücke wurde beschädigt.", "Die beschädigte Brücke soll im Sommer abgerissen werden."),
        ("Die Straße ist gesperrt.", "Die gesperrte Straße soll am Montag wieder freigegeben werden."),
    ],
    ids=["damaged-bridge", "closed-road"],
)
def test_a_german_participle_the_source_has_as_an_adjective_is_no_certainty_finding(text: str, article: str) -> None:
    checked = check_german(text, article)
    assert checked.verdict is not None
    assert checked.verdict.label is VerdictLabel.SUPPORTED, checked.verdict.reasons

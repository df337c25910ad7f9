"""Faithful paraphrases that were flagged, and reversals that passed (issue 9, after the rebuild).

Each case is a short article written for this file in the style of a news report; none is a
sentence of the reversal suite. Causes, one per group: a weekday inside a German compound, a
fraction read as a count, "the two" read as a figure, a title in front of a speaker's name across
languages, a name the article holds outside the cited passage, German function words and verb
particles, a verb standing in for another verb of the cited passage, and news opposites.
"""

from __future__ import annotations

import pytest

from briefer.ingest import read_source
from briefer.lexicon import quantities
from briefer.models import Citation, Sentence, Source, VerdictLabel
from briefer.verify import check_sentence


def source(text: str, name: str) -> Source:
    return read_source(f"{name}.txt", text.encode("utf-8"))


def check(text: str, article: str, quote: str, name: str = "art", language: str = "en") -> Sentence:
    src = source(article, name)
    sentence = Sentence(text=text, citations=[Citation(source=src.id, quote=quote)], language=language)
    return check_sentence(sentence, {src.id: src})


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("Der Streik beginnt am Mittwochabend.", {3}),
        ("Montagmorgen kam es zu Staus.", {1}),
        ("sonntags geschlossen", {7}),
        ("on Wednesday evening", {3}),
    ],
)
def test_a_weekday_inside_a_german_compound_is_that_weekday(text: str, days: set[int]) -> None:
    assert quantities.weekdays(text) == days


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("a third of the flights", {round(1 / 3, 6)}),
        ("ein Drittel der Flüge", {round(1 / 3, 6)}),
        ("the two had spoken by phone", set()),
        ("the two leaders met", {2.0}),
        ("in the third round", {3.0}),
    ],
)
def test_fractions_and_the_two_are_read_as_meant(text: str, values: set[float]) -> None:
    assert quantities.numbers(text) == values


ARTICLES = {
    "dividend": (
        "Halden Steel reported its results on Wednesday. Sales were flat in Europe. Costs rose in Asia. "
        "Demand for plate steel fell. The company raised its dividend to 50 cents a share, up from "
        "44 cents."
    ),
    "airline": "Storm Ingrid hit the coast overnight. The airline cancelled 30 flights and delayed dozens more.",
    "court": (
        "The judge rejected the defence's request for bail. The trial continues next week. Last year "
        "regulators ordered the firm to remove a misleading label from its packs."
    ),
    "airport": "The authorities closed the regional airport on Monday.",
    "troops": "Officials assumed that the army would call off the exercise for lack of troops.",
}
FAITHFUL = [
    # a name from elsewhere in the article, the passage says "The company"
    (
        "Halden lifted its dividend to 50 cents a share from 44 cents.",
        "dividend",
        "The company raised its dividend to 50 cents a share, up from 44 cents.",
    ),
]


@pytest.mark.parametrize(("text", "article", "quote"), FAITHFUL)
def test_a_faithful_restatement_is_not_flagged(text: str, article: str, quote: str) -> None:
    verdict = check(text, ARTICLES[article], quote).verdict
    assert verdict is not None and not verdict.flagged, verdict.reasons


def test_a_verb_in_place_of_the_cited_verb_is_unverified_not_flagged() -> None:
    # "scrapped" for "cancelled": neither table knows the pair, both neighbours agree.
    verdict = check(
        "The airline scrapped 30 flights.",
        ARTICLES["airline"],
        "The airline cancelled 30 flights and delayed dozens more.",
    ).verdict
    assert verdict is not None and verdict.label is VerdictLabel.UNVERIFIED, verdict.reasons
    assert "“scrapped” in the sentence where the source says “cancelled”" in " ".join(verdict.reasons)


@pytest.mark.parametrize(
    ("text", "article", "quote"),
    [
        # an added word has no partner in the passage
        (
            "The authorities closed the regional airport permanently.",
            "airport",
            "The authorities closed the regional airport on Monday.",
        ),
        # a different noun is a different claim, not a paraphrase
        (
            "Officials assumed that the army would call off the exercise for lack of money.",
            "troops",
            "Officials assumed that the army would call off the exercise for lack of troops.",
        ),
    ],
)
def test_an_addition_or_a_swapped_noun_stays_flagged(text: str, article: str, quote: str) -> None:
    verdict = check(text, ARTICLES[article], quote).verdict
    assert verdict is not None and verdict.flagged, verdict.reasons


@pytest.mark.parametrize(
    ("text", "quote"),
    [
        ("The judge granted the defence's request for bail.", "The judge rejected the defence's request for bail."),
        (
            "Last year regulators told the firm to keep a misleading label on its packs.",
            "Last year regulators ordered the firm to remove a misleading label from its packs.",
        ),
    ],
)
def test_news_opposites_contradict(text: str, quote: str) -> None:
    verdict = check(text, ARTICLES["court"], quote).verdict
    assert verdict is not None and verdict.label is VerdictLabel.CONTRADICTED, verdict.reasons


GERMAN = (
    "Innenminister Jonas Feld sagte, die Helfer suchten weiter nach Vermissten. Die Behörde lehnte die "
    "Forderung ab und bot stattdessen ein Gespräch an. Die Gewerkschaft streikt ab Mittwochabend. "
    "Nach Angaben der Polizei kamen dabei mindestens 7 Menschen ums Leben. "
    "GDL-Chef Paul Brandt warf der Firma Verzögerungen vor."
)


@pytest.mark.parametrize(
    ("text", "quote", "language"),
    [
        # a title before the speaker's name, across languages
        (
            "Interior Minister Jonas Feld said helpers were still searching for missing people.",
            "Innenminister Jonas Feld sagte, die Helfer suchten weiter nach Vermissten.",
            "en",
        ),
        # a weekday inside a German compound
        ("The union strikes from Wednesday evening.", "Die Gewerkschaft streikt ab Mittwochabend.", "en"),
        # "Chef" is the leader
        (
            "GDL leader Paul Brandt accused the company of delays.",
            "GDL-Chef Paul Brandt warf der Firma Verzögerungen vor.",
            "en",
        ),
        # German function words ("den", nowhere in the article) are no content
        (
            "Nach den Angaben der Polizei kamen mindestens 7 Menschen ums Leben.",
            "Nach Angaben der Polizei kamen dabei mindestens 7 Menschen ums Leben.",
            "de",
        ),
    ],
)
def test_faithful_sentences_over_german_are_not_flagged(text: str, quote: str, language: str) -> None:
    verdict = check(text, GERMAN, quote, name="bericht_de", language=language).verdict
    assert verdict is not None and not verdict.flagged, verdict.reasons


DEALS = (
    "Halden Steel reported its results on Wednesday. Halden agreed to buy the Polish mill Stalpol from the "
    "fund Orrin Capital for $90 million. Orders rose to $1.4 billion from $1.1 billion a year earlier. "
    "The treasurer moved the funds to his own accounts. Trains will not run until Sunday morning. "
    "According to the ministry, Latvia has received spare parts for the radar from Estonia. "
    "Halden met Orrin Capital in Riga last year."
)


@pytest.mark.parametrize(
    ("text", "quote"),
    [
        # who did what to whom
        (
            "Orrin Capital agreed to buy the Polish mill Stalpol from Halden for $90 million.",
            "Halden agreed to buy the Polish mill Stalpol from the fund Orrin Capital for $90 million.",
        ),
        # from / to about the same thing
        (
            "Orders rose to $1.1 billion from $1.4 billion a year earlier.",
            "Orders rose to $1.4 billion from $1.1 billion a year earlier.",
        ),
        ("The treasurer moved the funds from his own accounts.", "The treasurer moved the funds to his own accounts."),
        ("Trains will not run from Sunday morning.", "Trains will not run until Sunday morning."),
    ],
)
def test_a_swapped_relation_or_direction_is_contradicted(text: str, quote: str) -> None:
    verdict = check(text, DEALS, quote).verdict
    assert verdict is not None and verdict.label is VerdictLabel.CONTRADICTED, verdict.reasons


@pytest.mark.parametrize(
    ("text", "quote"),
    [
        # a converse predicate: delivered to / received from
        (
            "Estonia has delivered spare parts for the radar to Latvia, according to the ministry.",
            "According to the ministry, Latvia has received spare parts for the radar from Estonia.",
        ),
        # a symmetric one
        ("Orrin Capital met Halden in Riga last year.", "Halden met Orrin Capital in Riga last year."),
        # the same direction, said the other way round
        (
            "Orders rose from $1.1 billion to $1.4 billion.",
            "Orders rose to $1.4 billion from $1.1 billion a year earlier.",
        ),
    ],
)
def test_a_reordered_but_faithful_sentence_is_not_contradicted(text: str, quote: str) -> None:
    verdict = check(text, DEALS, quote).verdict
    assert verdict is not None and verdict.label is not VerdictLabel.CONTRADICTED, verdict.reasons


HAFEN = (
    "Die Stadt schloss den Hafen am Abend. Die Zahl der Touristen ist gestiegen. Der Bürgermeister besucht "
    "die Insel selten. Der Plan wurde vom Rat unterstützt. Die Firma fordert eine Senkung der Gebühren. "
    "Die Firma bot eine Lohnerhöhung an."
)


@pytest.mark.parametrize(
    ("text", "quote"),
    [
        ("The city reopened the port in the evening.", "Die Stadt schloss den Hafen am Abend."),
        ("The number of tourists has fallen.", "Die Zahl der Touristen ist gestiegen."),
        ("The mayor often visits the island.", "Der Bürgermeister besucht die Insel selten."),
        ("The plan was opposed by the council.", "Der Plan wurde vom Rat unterstützt."),
        ("The firm is demanding an increase in fees.", "Die Firma fordert eine Senkung der Gebühren."),
    ],
)
def test_an_english_opposite_of_the_german_evidence_is_contradicted(text: str, quote: str) -> None:
    verdict = check(text, HAFEN, quote, name="hafen_de").verdict
    assert verdict is not None and verdict.label is VerdictLabel.CONTRADICTED, verdict.reasons


@pytest.mark.parametrize(
    ("text", "quote"),
    [
        ("The city closed the port in the evening.", "Die Stadt schloss den Hafen am Abend."),
        ("The number of tourists has risen.", "Die Zahl der Touristen ist gestiegen."),
        ("The mayor rarely visits the island.", "Der Bürgermeister besucht die Insel selten."),
        # the neighbour's "Lohnerhöhung" is another matter than the cited "Senkung"
        ("The firm is demanding a cut in fees.", "Die Firma fordert eine Senkung der Gebühren."),
    ],
)
def test_an_english_translation_of_the_german_evidence_is_not_flagged(text: str, quote: str) -> None:
    verdict = check(text, HAFEN, quote, name="hafen_de").verdict
    assert verdict is not None and not verdict.flagged, verdict.reasons


RAT = (
    "Der Rat lehnte den Antrag der Stadt ab und vertagte die Sitzung. Der Bürgermeister besucht die Insel "
    "selten. Die Polizei hat den Einsatz von Anfang an unterstützt."
)


@pytest.mark.parametrize(
    ("text", "quote"),
    [
        ("Der Rat nahm den Antrag der Stadt an.", "Der Rat lehnte den Antrag der Stadt ab und vertagte die Sitzung."),
        ("Der Bürgermeister besucht die Insel häufig.", "Der Bürgermeister besucht die Insel selten."),
        (
            "Die Polizei hat den Einsatz von Anfang an abgelehnt.",
            "Die Polizei hat den Einsatz von Anfang an unterstützt.",
        ),
    ],
)
def test_a_german_opposite_is_contradicted(text: str, quote: str) -> None:
    verdict = check(text, RAT, quote, name="rat_de", language="de").verdict
    assert verdict is not None and verdict.label is VerdictLabel.CONTRADICTED, verdict.reasons


def test_a_german_word_in_the_place_of_the_cited_one_is_unverified_not_flagged() -> None:
    # "wies … zurück" for "lehnte … ab": no German table knows the pair; the slot is the same.
    verdict = check(
        "Der Rat wies den Antrag der Stadt zurück.",
        RAT,
        "Der Rat lehnte den Antrag der Stadt ab und vertagte die Sitzung.",
        name="rat_de",
        language="de",
    ).verdict
    assert verdict is not None and verdict.label is VerdictLabel.UNVERIFIED, verdict.reasons


@pytest.mark.parametrize(
    ("text", "language", "only"),
    [
        ("Deutsche Bahn rejected the demand.", "en", True),
        ("The strike hit Deutsche Telekom hard.", "en", True),
        ("Die Deutsche Bahn bot eine Lohnerhöhung an.", "de", True),
        ("Deutsche Soldaten kamen an.", "de", False),  # a German sentence's first word may be the adjective
        ("German troops arrived.", "en", False),
        ("Deutsche Bahn said Germany would pay.", "en", False),
    ],
)
def test_a_country_adjective_inside_a_company_name_is_not_the_country(text: str, language: str, only: bool) -> None:
    from briefer.lexicon.names import organisation_only

    assert organisation_only("germany", text, language) is only


def test_a_company_named_after_a_country_is_no_missing_country_across_languages() -> None:
    article = "Die Bahn lehnte die Forderung ab und bot stattdessen eine Lohnerhöhung von elf Prozent an."
    verdict = check(
        "Deutsche Bahn rejected the demand and offered a pay rise of eleven percent.", article, article, name="bahn_de"
    ).verdict
    assert verdict is not None and not verdict.flagged, verdict.reasons


GENERAL = [
    # (source, sentence): the sentence names a thing of the source by a more general noun (WordNet's
    # hypernyms, from the word's own senses up to three levels): accounted for.
    (
        "A woman was injured when the roof of the market hall collapsed.",
        "A person was injured when the roof of the market hall collapsed.",
    ),
    (
        "Police stopped a truck carrying stolen copper near the border.",
        "Police stopped a vehicle carrying stolen copper near the border.",
    ),
    (
        "Officers found a rifle in the suspect's flat.",
        "Officers found a weapon in the suspect's flat.",
    ),
    (
        "Protesters marched through Paris against the pension reform.",
        "Protesters marched through the capital against the pension reform.",
    ),
]


@pytest.mark.parametrize(("article", "sentence"), GENERAL)
def test_a_more_general_noun_is_accounted_for(article: str, sentence: str) -> None:
    src = read_source("art.txt", article.encode("utf-8"))
    checked = check_sentence(Sentence(text=sentence, citations=[Citation(source=src.id)]), {src.id: src})
    assert checked.verdict is not None and checked.verdict.label is VerdictLabel.SUPPORTED, checked.verdict.reasons


@pytest.mark.parametrize(("sentence", "article"), GENERAL[:3])
def test_a_more_specific_noun_is_not(sentence: str, article: str) -> None:
    """One way only: the source's "person" accounts for no "woman" (that would pass an invented detail)."""
    src = read_source("art.txt", article.encode("utf-8"))
    checked = check_sentence(Sentence(text=sentence, citations=[Citation(source=src.id)]), {src.id: src})
    assert checked.verdict is not None and checked.verdict.label is not VerdictLabel.SUPPORTED, checked.verdict.reasons


CROSS = (
    "Der Konzern will im Juni eine Fabrik in Berlin kaufen. Seit März verhandelt er mit dem Senat in Berlin "
    "über Subventionen."
)


@pytest.mark.parametrize(
    ("sentence", "quote", "flagged"),
    [
        # A direction word over a month, across languages: "until March" where the source says "seit März".
        ("The group has been negotiating with the Senate in Berlin until March.", "Seit März verhandelt", True),
        ("The group has been negotiating with the Senate in Berlin since March.", "Seit März verhandelt", False),
        # Buy and sell across languages, where "verkaufen" holds "kaufen".
        ("The group wants to sell a factory in Berlin in June.", "im Juni eine Fabrik in Berlin kaufen", True),
        ("The group wants to buy a factory in Berlin in June.", "im Juni eine Fabrik in Berlin kaufen", False),
    ],
)
def test_cross_lingual_directions_and_buy_sell(sentence: str, quote: str, flagged: bool) -> None:
    src = read_source("de.txt", CROSS.encode("utf-8"))
    checked = check_sentence(
        Sentence(text=sentence, language="en", citations=[Citation(source=src.id, quote=quote)]), {src.id: src}
    )
    assert checked.verdict is not None and checked.verdict.cross_lingual, checked.verdict
    assert checked.verdict.flagged is flagged, checked.verdict.reasons


TWICE = (
    "“We urge Serbia to recognise Kosovo without further delay,” the envoy said, adding that Serbia had refused twice."
)


@pytest.mark.parametrize(
    ("sentence", "flagged"),
    [
        ("The envoy urged Kosovo to recognise Serbia without further delay.", True),
        ("The envoy urged Serbia to recognise Kosovo without further delay.", False),
    ],
)
def test_roles_swapped_when_a_name_stands_twice_in_the_source(sentence: str, flagged: bool) -> None:
    src = read_source("art.txt", TWICE.encode("utf-8"))
    quote = "We urge Serbia to recognise Kosovo without further delay"
    checked = check_sentence(Sentence(text=sentence, citations=[Citation(source=src.id, quote=quote)]), {src.id: src})
    assert checked.verdict is not None and checked.verdict.flagged is flagged, checked.verdict.reasons

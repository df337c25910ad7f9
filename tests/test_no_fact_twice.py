"""No fact said twice: a detail that gives again what a chosen sentence gives, in other words or in
another language, is left out; and every story with something to tell gets more than its lede.
The articles are written for these tests (an invented dam break in the town of Hallerbach)."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefer.config import Settings
from briefer.engines.extractive import ExtractiveEngine, read_units
from briefer.engines.leaning import _reads_alone
from briefer.engines.repeats import _repeats, _same_fact
from briefer.engines.stories import Unit, weigh
from briefer.ingest import load_sources
from briefer.models import Briefing

ENGLISH = """Dam breaks above Hallerbach

A dam above the town of Hallerbach broke on Sunday night and flooded the lower town, the regional government said.
Rescue teams from three districts searched the flooded streets through the night.
{fact}
The regional government opened an emergency shelter in the Hallerbach sports hall.
"""
GERMAN = """Dammbruch bei Hallerbach

Oberhalb der Stadt Hallerbach ist in der Nacht zum Montag ein Damm gebrochen, die Unterstadt steht unter Wasser.
Feuerwehr und Technisches Hilfswerk pumpten die Keller in der Unterstadt leer.
{fact}
Die Landesregierung kündigte eine Soforthilfe für die betroffenen Familien an.
"""
SECOND = """Hallerbach flood: the morning after

Residents of Hallerbach returned to their streets on Monday to find mud in every house by the river.
{fact}
Volunteers handed out blankets and hot meals at the town hall.
"""


def brief(tmp_path: Path, texts: dict[str, str], **settings: object) -> Briefing:
    paths = []
    for name, text in texts.items():
        path = tmp_path / f"{name}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return ExtractiveEngine(Settings(engine="extractive", **settings)).brief(load_sources(paths), [])


def told(briefing: Briefing, *words: str) -> list[str]:
    return [s.text for _, _, s in briefing.sentences() if any(w in s.text for w in words)]


@pytest.mark.parametrize(
    ("english", "other", "other_is_german", "words"),
    [
        (
            "Twenty people are still missing, the police said.",
            "20 Menschen werden noch vermisst.",
            True,
            ("missing", "vermisst"),
        ),
        (
            "As of 2 p.m., 40 people were in hospital, the police said.",
            "Forty people were taken to hospital after the water rose.",
            False,
            ("hospital",),
        ),
        (
            "The dam gave way at 5:42 a.m. after hours of heavy rain.",
            "Nach Angaben der Polizei brach der Damm am frühen Morgen um 5.42 Uhr.",
            True,
            ("5:42", "5.42"),
        ),
        (
            "Repair talks between the town and the dam operator are progressing, the mayor said.",
            "Negotiations between the dam operator and the town on repair were advancing, officials stressed.",
            False,
            ("progressing", "advancing"),
        ),
        (
            "Mayor Anna Kessler said the new dam in the Lindtal valley had been unsuccessful.",
            "Den am 12. Mai eröffneten Damm im Lindtal nannte Bürgermeisterin Anna Kessler gescheitert.",
            True,
            ("unsuccessful", "gescheitert"),
        ),
    ],
    ids=[
        "count-across-languages",
        "count-in-other-words",
        "time-across-languages",
        "claim-by-synonyms",
        "claim-across-languages",
    ],
)
def test_a_fact_another_sentence_already_gives_is_told_once(
    tmp_path: Path, english: str, other: str, other_is_german: bool, words: tuple[str, ...]
) -> None:
    texts = {"a_en": ENGLISH.format(fact=english)}
    texts["b_other"] = GERMAN.format(fact=other) if other_is_german else SECOND.format(fact=other)
    briefing = brief(tmp_path, texts)
    assert len(told(briefing, *words)) == 1, told(briefing, *words)


@pytest.mark.parametrize(
    ("english", "other"),
    [
        ("As of 2 p.m., 40 people were in hospital, the police said.", "About 2,300 residents were evacuated."),
        ("Twenty people are still missing, the police said.", "Nine people were killed in the flood."),
    ],
    ids=["hospital-and-evacuated", "missing-and-dead"],
)
def test_two_different_measured_things_are_both_told(tmp_path: Path, english: str, other: str) -> None:
    briefing = brief(tmp_path, {"a_en": ENGLISH.format(fact=english), "b_en": SECOND.format(fact=other)})
    texts = [s.text for _, _, s in briefing.sentences()]
    assert english in texts and other in texts


# One session in Kassel: in English by its month, in German by its dates.
KASSEL_EN = "The state parliament will debate the flood at a special session in Kassel in September."
KASSEL_DE = "Der Landtag berät vom 14. bis 16. September in einer Sondersitzung in Kassel über die Flut."


def test_a_german_sentence_with_a_date_no_english_one_gives_is_told(tmp_path: Path) -> None:
    english, german = ENGLISH.format(fact=KASSEL_EN), GERMAN.format(fact=KASSEL_DE)
    briefing = brief(tmp_path, {"a_en": english, "b_de": german})
    assert told(briefing, "14. bis 16."), [s.text for _, _, s in briefing.sentences()]


SMALL = """Orchestra cancels autumn tour

The Lindenau Philharmonic has cancelled its autumn tour of Japan because of a strike by stage technicians.
The orchestra's director, Clara Weissgerber, said ticket holders would be refunded within a month.
The tour would have taken the musicians to Osaka, Nagoya and Sapporo in October.
Rehearsals for the winter season will start as planned in November.
"""


@pytest.mark.parametrize("budget", [6, 7, 8])
def test_a_short_story_gets_two_details_beside_a_big_one(tmp_path: Path, budget: int) -> None:
    facts = [
        "Twenty people are still missing, the police said.",
        "About 2,300 residents were evacuated.",
        "The dam gave way at 5:42 a.m. after hours of heavy rain.",
    ]
    texts = {f"{k}_en": ENGLISH.format(fact=fact) for k, fact in enumerate(facts)}
    texts["z_small"] = SMALL
    briefing = brief(tmp_path, texts, max_sentences=budget)
    orchestra = [s for s in briefing.sections if any("Lindenau" in x.text or "tour" in x.text for x in s.sentences)]
    details = [x for s in orchestra if s.title != "Essentials" for x in s.sentences]
    assert len(details) >= 2, [(s.title, [x.text[:40] for x in s.sentences]) for s in briefing.sections]


def test_a_figure_fewer_sources_give_is_shown_as_the_disagreement_not_told_again(tmp_path: Path) -> None:
    texts = {
        "a_en": ENGLISH.format(fact="Some 2,300 residents were evacuated from the lower town."),
        "b_en": SECOND.format(fact="About 2,300 people were evacuated overnight, the fire service said."),
        "c_en": SECOND.replace("Monday", "Sunday").format(
            fact="Firefighters said they had evacuated roughly 2,000 people from riverside streets by midnight."
        ),
    }
    briefing = brief(tmp_path, texts)
    assert not told(briefing, "2,000"), told(briefing, "evacuated")
    assert any("2,000" in side.quote for c in briefing.conflicts for side in c.sides)


def _units(tmp_path: Path, texts: dict[str, str]) -> list[Unit]:
    paths = []
    for name, text in texts.items():
        path = tmp_path / f"{name}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    units = read_units(load_sources(paths))
    weigh(units)
    return units


@pytest.mark.parametrize(
    "opening",
    [
        "In return, the town wants the state to pay for a new dam.",
        "In particular, the town wants the state to pay for a new dam.",
        "Im Gegenzug verlangt die Stadt, dass das Land einen neuen Damm bezahlt.",
        "Insbesondere verlangt die Stadt, dass das Land einen neuen Damm bezahlt.",
        "Laut dem Bericht verlangt die Stadt, dass das Land einen neuen Damm bezahlt.",
    ],
)
def test_a_sentence_opening_on_a_connective_is_not_read_alone(tmp_path: Path, opening: str) -> None:
    text = ENGLISH.format(fact=opening) if opening[0] == "I" and opening[1] == "n" else GERMAN.format(fact=opening)
    units = _units(tmp_path, {"a": text})
    (unit,) = [u for u in units if u.text == opening]
    assert not _reads_alone(unit)


def test_a_date_range_is_not_the_same_fact_as_its_month(tmp_path: Path) -> None:
    english, german = ENGLISH.format(fact=KASSEL_EN), GERMAN.format(fact=KASSEL_DE)
    units = _units(tmp_path, {"a_en": english, "b_de": german})
    (en,) = [u for u in units if "Kassel" in u.text and u.language == "en"]
    (de,) = [u for u in units if "Kassel" in u.text and u.language == "de"]
    assert not _same_fact(de, en, every_name=True)


TRAMS = """Tram maker delivers first cars to Lindenau

Lindenau has received the first new trams from the maker Ostwagen, the transport authority said on Friday.
The first delivery of eight cars arrived only four months after the contract was signed.
Mayor Greta Holm of Lindenau said the new trams from Ostwagen would serve the city's transport network for decades.
Ostwagen built the new trams for Lindenau at its plant in Kettwig, the transport authority said.
"""


def test_the_sentence_after_the_lede_is_the_first_detail(tmp_path: Path) -> None:
    briefing = brief(tmp_path, {"a": TRAMS}, max_sentences=2)
    assert [s.text for s in briefing.sections[1].sentences] == [
        "The first delivery of eight cars arrived only four months after the contract was signed."
    ]


def test_a_claim_one_of_two_joined_ones_made_is_not_told_again(tmp_path: Path) -> None:
    joined = (
        "The dam operator blames a crack in the wall; state inspectors who examined it on Monday say the "
        "concrete held and point to the spillway."
    )
    again = (
        "The chief engineer of the operator, Rolf Meinert, told reporters that a crack in the wall had caused "
        "the break during the night."
    )
    first = ENGLISH.replace("Rescue teams from three districts searched the flooded streets through the night.\n", "")
    briefing = brief(tmp_path, {"a_en": first.format(fact=joined) + again + "\n"})
    texts = [s.text for _, _, s in briefing.sentences()]
    assert joined in texts and again not in texts, texts


def test_two_facts_sharing_only_the_story_name_are_both_facts() -> None:
    # Before, the seeds' "Cuba has initiated criminal proceedings against those responsible, the ministry
    # said." repeated their Cuba lede by word similarity alone (0.57): "Cuba" outweighed the rest.
    seeds = Path(__file__).resolve().parent.parent / "fixtures" / "articles"
    units = read_units(load_sources(sorted(seeds.glob("*.txt"))))
    weigh(units)
    lede = next(i for i, u in enumerate(units) if u.text.startswith("According to Cuba, it has uncovered"))
    proceedings = next(i for i, u in enumerate(units) if u.text.startswith("Cuba has initiated criminal"))
    assert not _repeats(units, proceedings, [lede])


# A German sentence in a story the English sources tell, with no name or figure the chosen English
# sentences don't give: words cannot be compared across languages, but a word of its claim written
# alike in both ("Pumpe" and "pump"), a unit of time ("eine Woche", "a week") or a count written as a
# word ("Drei", "Three") says it tells what an English sentence already tells.
@pytest.mark.parametrize(
    ("english", "german", "told"),
    [
        pytest.param(
            "Engineers said a faulty pump had caused the break.",
            "Eine defekte Pumpe habe den Bruch verursacht, sagten Ingenieure.",
            False,
            id="word-written-alike",
        ),
        pytest.param(
            "The road into the lower town will stay closed for at least a week.",
            "Die Straße in die Unterstadt bleibt mindestens eine Woche gesperrt.",
            False,
            id="unit-of-time",
        ),
        pytest.param(
            "Two of the three sluice gates jammed during the night.",
            "Zwei der drei Schleusentore klemmten in der Nacht.",
            False,
            id="count-as-a-word",
        ),
        # the claim's other side: a denial is no restatement of what it denies
        pytest.param(
            "Residents said a faulty pump had caused the break.",
            "Der Betreiber wies Berichte zurück, eine Pumpe sei ausgefallen.",
            True,
            id="denial",
        ),
        # a figure of its own, beside a word written alike
        pytest.param(
            "Engineers said a faulty pump had caused the break.",
            "Die Pumpe war erst im März 2021 eingebaut worden.",
            True,
            id="figure-of-its-own",
        ),
        # no word in common: what only the German sources report stays
        pytest.param(
            "Engineers said a faulty pump had caused the break.",
            "Die Opposition warf der Landesregierung vor, die Bevölkerung zu spät gewarnt zu haben.",
            True,
            id="nothing-shared",
        ),
        # one name and the day in common, and one predicate by the checker's translation ("resume" ~
        # "fortgesetzt"): the talks' date said again
        pytest.param(
            "Talks on compensation are scheduled to resume on Friday in Lindenau.",
            "Die Gespräche über Entschädigungen sollen am Freitag in Lindenau fortgesetzt werden.",
            False,
            id="predicate-translated-same-place-and-day",
        ),
        pytest.param(
            "Talks on compensation are scheduled to resume on Friday in Lindenau.",
            "Die Gespräche über Entschädigungen sollen am Montag in Lindenau fortgesetzt werden.",
            True,
            id="predicate-translated-another-day",
        ),
        pytest.param(
            "Talks on compensation are scheduled to resume on Friday in Lindenau.",
            "Am Freitag wollen Anwohner in Lindenau vor dem Rathaus demonstrieren.",
            True,
            id="another-predicate-same-place-and-day",
        ),
        # a figure in the same unit of measure ("acht Prozent", "8%"), and no name of its own
        pytest.param(
            "The union is demanding a pay rise of 8% for the rescue workers.",
            "Die Gewerkschaft fordert für die Helfer acht Prozent mehr Lohn.",
            False,
            id="figure-in-the-same-unit",
        ),
        pytest.param(
            "The state will cover 80% of the repair costs, the minister said.",
            "Das Land übernimmt 60 Prozent der Reparaturkosten, sagte der Minister.",
            True,
            id="another-figure-in-the-same-unit",
        ),
        # one count in common, of something else: two arrests are no restatement of two injured
        pytest.param(
            "Two firefighters were injured while pumping out the cellars.",
            "Die Polizei nahm zwei Verdächtige wegen Plünderung fest.",
            True,
            id="one-count-of-something-else",
        ),
        # a count or the weekday in common and one predicate by the checker's translation, negated in both
        # or in neither ("None … was injured", "unverletzt"): the same fact
        pytest.param(
            "None of the four crew members of the boat was injured.",
            "Die vier Besatzungsmitglieder des Bootes blieben unverletzt.",
            False,
            id="count-and-predicate-both-negated",
        ),
        pytest.param(
            "The district has cut its flood budget seven times in a row.",
            "Der Kreis hat sein Hochwasserbudget sieben Mal in Folge gekürzt.",
            False,
            id="count-and-predicate",
        ),
        pytest.param(
            "The state government will cut the water levy on Friday.",
            "Das Land will die Wasserabgabe am Freitag senken.",
            False,
            id="weekday-and-predicate",
        ),
        # the same count and predicate, negated in one only: the other side, not a restatement
        pytest.param(
            "None of the four crew members of the boat was injured.",
            "Die vier Besatzungsmitglieder des Bootes wurden verletzt.",
            True,
            id="count-and-predicate-negated-in-one",
        ),
    ],
)
def test_a_german_sentence_is_told_when_it_adds_to_the_english_ones_and_left_out_when_it_restates_one(
    tmp_path: Path, english: str, german: str, told: bool
) -> None:
    briefing = brief(tmp_path, {"a_en": ENGLISH.format(fact=english), "b_de": GERMAN.format(fact=german)})
    texts = [s.text for _, _, s in briefing.sentences()]
    assert english in texts and (german in texts) is told, texts


def test_a_sentence_a_german_one_tells_more_precisely_gives_way() -> None:
    # The seeds: "Kim … wants to meet Putin again in Vladivostok in September" (chosen first) is told in
    # parts by the lede (Kim, Putin) and "Das vorgeschlagene Treffen soll … vom 10. bis 13. September in
    # Wladiwostok stattfinden" (the dates); before, both stood in the briefing.
    seeds = Path(__file__).resolve().parent.parent / "fixtures" / "articles"
    briefing = ExtractiveEngine(Settings(engine="extractive")).brief(load_sources(sorted(seeds.glob("*.txt"))), [])
    texts = [s.text for _, _, s in briefing.sentences()]
    assert any("vom 10. bis 13. September in Wladiwostok" in t for t in texts), texts
    assert not any("meet Putin again in Vladivostok" in t for t in texts), texts


# A port strike reported in English and in German (fixtures/corpora/port, written for bench/quality.py):
# the talks' date and the union's demand are said in both, the worker counts and the strike's length differ.
PORT = Path(__file__).resolve().parent.parent / "fixtures" / "corpora" / "port" / "articles"


def test_a_port_strike_in_two_languages_tells_each_fact_once_and_both_disagreements() -> None:
    sources = load_sources(sorted(PORT.glob("*.md")))
    briefing = ExtractiveEngine(Settings(engine="extractive")).brief(sources, [])
    assert len(told(briefing, "in Bremen")) == 1, told(briefing, "in Bremen")
    assert len(told(briefing, "8%", "acht Prozent")) == 1, told(briefing, "8%", "acht Prozent")
    assert {c.about for c in briefing.conflicts} == {"workers", "length of time"}

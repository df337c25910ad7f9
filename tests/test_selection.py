"""What an editor would select: the lede first, nothing leaning on a sentence that is not there, a
short article told whole, length controls honoured, never an empty briefing in silence, and a day of
many near-copies still told in sections."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from briefer.config import Settings
from briefer.engines.extractive import ExtractiveEngine
from briefer.engines.leaning import _DEPENDENT_START
from briefer.errors import InputError
from briefer.ingest import load_sources
from briefer.models import Briefing, Source

SEEDS = Path(__file__).resolve().parent.parent / "fixtures" / "articles"

EARNINGS = """Nordwerk profit jumps on strong demand

Nordwerk AG said on Tuesday that its net profit rose 42% to $318 million in the third quarter, beating forecasts.
Revenue climbed 12% to $2.1 billion as orders for its industrial pumps grew in Asia and North America.
The company raised its full-year outlook and now expects revenue of $8.3 billion.
Chief executive Lena Brandt said demand from water utilities remained strong in every region.
Shares of the pump maker rose 6% in early Frankfurt trading on the news.
"""
QUAKE = """Strong earthquake shakes southern Peru

A magnitude 6.8 earthquake struck southern Peru on Sunday, the US Geological Survey said.
The quake hit at a depth of 28 kilometres near the town of Acarí at 11:04 local time.
There were no immediate reports of casualties, civil defence officials said.
Residents in Arequipa ran into the streets as buildings shook for nearly a minute.
"""


def brief(sources: list[Source], **settings: object) -> Briefing:
    return ExtractiveEngine(Settings(engine="extractive", **settings)).brief(sources, [])


def one(tmp_path: Path, text: str) -> list[Source]:
    path = tmp_path / "article.txt"
    path.write_text(text, encoding="utf-8")
    return load_sources([path])


@pytest.mark.parametrize(
    ("text", "lede"),
    [(EARNINGS, "net profit rose 42% to $318 million"), (QUAKE, "magnitude 6.8")],
    ids=["earnings", "quake"],
)
def test_a_lone_short_article_opens_with_its_lede_and_keeps_its_facts(tmp_path: Path, text: str, lede: str) -> None:
    briefing = brief(one(tmp_path, text))
    assert lede in briefing.sections[0].sentences[0].text
    prose = [line for line in text.splitlines()[1:] if line.strip()]
    assert len(briefing.sentences()) >= len(prose) - 1


def test_nothing_to_brief_is_an_input_error(tmp_path: Path) -> None:
    source = Source(id="s", path="s.txt", text="Breaking.\nMore soon.\n")
    with pytest.raises(InputError, match="nothing to brief"):
        brief([source])


_LEANS_BACK = re.compile(
    r"^(?:he|she|they|it|this|these|also|the (?:statement|talks|exercise))\b"
    r"|^(?:\S+\s+){0,5}(?:of|to|by|for|from|with|despite) (?:this|that|these|those|it)\s*,"  # "As a sign of this, …"
    r"|.*\b(?:is|are|was|were)\s+also\s+\w+ed\W*$",  # "… were also discussed."
    re.IGNORECASE,
)


def test_no_sentence_leans_on_one_that_is_not_right_before_it() -> None:
    sources = load_sources(sorted(SEEDS.glob("*.txt")))
    by_id = {s.id: s for s in sources}
    for section in brief(sources).sections:
        previous = None
        for sentence in section.sentences:
            if _LEANS_BACK.match(sentence.text):
                here, there = sentence.citations[0], previous.citations[0] if previous else None
                assert there is not None and there.source == here.source, sentence.text
                assert not by_id[here.source].text[there.end : here.start].strip(), sentence.text
            previous = sentence


@pytest.mark.parametrize(("max_sentences", "max_stories"), [(5, 2), (12, 4), (25, 10)])
def test_length_controls_are_honoured(max_sentences: int, max_stories: int) -> None:
    briefing = brief(load_sources(sorted(SEEDS.glob("*.txt"))), max_sentences=max_sentences, max_stories=max_stories)
    assert len(briefing.sentences()) <= max_sentences
    assert len(briefing.sections[0].sentences) <= max_stories
    assert len(briefing.sections) - 1 <= max_stories


def _copies(n: int) -> list[str]:
    """``n`` distinct near-copies of every seed: each small number changed, as wires rewrite one report."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    out = []
    for k in range(n):
        for t in texts:
            out.append(re.sub(r"(?<![\d/:.\-])\b\d{1,2}\b(?![/:\-]?\d)", lambda m, k=k: str(int(m.group(0)) + k), t))
    return out


def test_a_day_of_near_copies_is_still_told_in_story_sections(tmp_path: Path) -> None:
    # Before, the most central sentences of each story all repeated its lead, the detail pool ran dry
    # and from about a thousand articles the briefing shrank to its Essentials.
    for k, text in enumerate(_copies(30)):
        (tmp_path / f"{k:03d}.txt").write_text(text, encoding="utf-8")
    briefing = brief(load_sources(sorted(tmp_path.glob("*.txt"))))
    assert len(briefing.sentences()) >= 20
    assert len(briefing.sections) >= 4


@pytest.mark.parametrize(
    ("sentence", "garbled"),
    [
        ("The news comes after Russia will report that it is discussing exercises with North Korea.", True),
        ("Talks resumed before the ministry will publish its figures.", True),
        ("The news comes after Russia reported that it is discussing exercises with North Korea.", False),
        ("Officials said the port will reopen after repairs are finished.", False),
        ("The bridge stays closed until further notice, after which it will be inspected.", False),
    ],
)
def test_a_sentence_garbled_in_translation_is_never_told(tmp_path: Path, sentence: str, garbled: bool) -> None:
    # Before, "…comes after Russia will report that…" stood in the seed briefing's biggest story.
    text = (
        "Harbour crane collapses in Kesselbach\n\n"
        "A harbour crane collapsed at the port of Kesselbach on Tuesday, injuring five dock workers.\n"
        f"{sentence}\n"
        "Two of the injured workers were taken to hospital, the port authority said on Tuesday.\n"
        "Operations at the container terminal of Kesselbach were suspended for the rest of the day.\n"
    )
    told = [s.text for _, _, s in brief(one(tmp_path, text)).sentences()]
    assert (sentence in told) is not garbled


def test_the_title_takes_the_date_of_the_lead_story_not_of_another(tmp_path: Path) -> None:
    # Before, a day of a derailment (14 March) and a later flood report (20 March) was titled 20 March.
    train = (
        "Train derails near Kesselbach\n\n14 March 2024\n\n"
        "A passenger train derailed near Kesselbach on Thursday morning, killing nine people, police said.\n"
        "Rescue teams from Kesselbach worked through the night to free passengers from the carriages.\n"
        "The operator Nordbahn said a signal fault near Kesselbach may have caused the derailment.\n"
    )
    flood = (
        "River Mertz floods Oberbrunn\n\n20 March 2024\n\n"
        "The river Mertz burst its banks in Oberbrunn on Wednesday, flooding hundreds of homes.\n"
        "Firefighters in Oberbrunn evacuated residents from the lower town by boat on Wednesday.\n"
    )
    for k, text in enumerate([train, train.replace("nine people", "nine passengers"), flood]):
        (tmp_path / f"{k}.txt").write_text(text, encoding="utf-8")
    briefing = brief(load_sources(sorted(tmp_path.glob("*.txt"))))
    assert "Kesselbach" in briefing.title
    assert briefing.title.startswith("14 March 2024")


HARBOUR_EN = (
    "Crane collapse injures five at Kesselbach harbour\n\n"
    "A container crane collapsed at the harbour of Kesselbach on Tuesday afternoon, injuring five dock workers, "
    "the port authority said.\n"
    "The crane, built in 1998, fell onto the freighter Nordlicht at berth 4 at 14:20 and crushed 12 containers.\n"
    "Two of the injured workers were taken to the Kesselbach clinic with serious injuries.\n"
    "Port director Anja Volkmer said the terminal would stay closed until inspectors had checked the other cranes.\n"
)
HARBOUR_DE = (
    "Kranunglück im Hafen Kesselbach\n\n"
    "Im Hafen von Kesselbach ist am Dienstag ein 1998 gebauter Containerkran um 14:20 Uhr auf den Frachter "
    "Nordlicht an Liegeplatz 4 gestürzt.\n"
    "Dabei wurden zwölf Container zerstört und fünf Hafenarbeiter verletzt, zwei von ihnen schwer.\n"
    "Hafendirektorin Anja Volkmer kündigte an, alle Kräne des Terminals 1998 und später prüfen zu lassen.\n"
)


def test_a_story_in_two_languages_opens_with_a_lede_not_the_detail_they_share_figures_on(tmp_path: Path) -> None:
    # Before, the German report's 1998, berth 4 and 14:20 made the English detail "The crane, built in
    # 1998, fell …" the most central sentence, and it stood in Essentials above the lede.
    (tmp_path / "en.txt").write_text(HARBOUR_EN, encoding="utf-8")
    (tmp_path / "de.txt").write_text(HARBOUR_DE, encoding="utf-8")
    essentials = brief(load_sources(sorted(tmp_path.glob("*.txt")))).sections[0].sentences
    assert essentials[0].text.startswith("A container crane collapsed at the harbour of Kesselbach")


def test_a_figure_only_the_german_report_gives_is_told_in_german(tmp_path: Path) -> None:
    # Before, every German sentence weighed 0.4 of an English one, so the damage figure only the German
    # report gives lost its place to English details that add less.
    english = (
        "Crane collapse injures five at Kesselbach harbour\n\n"
        "A container crane collapsed at the harbour of Kesselbach on Tuesday afternoon, injuring five dock "
        "workers, the port authority said.\n"
        "The crane fell onto the freighter Nordlicht at the container terminal and crushed several containers.\n"
        "Two of the injured workers were taken to the Kesselbach clinic with serious injuries.\n"
        "Port director Anja Volkmer said the terminal would stay closed until inspectors had checked the other "
        "cranes.\n"
        "Police in Kesselbach have opened an investigation into the collapse of the crane at the harbour.\n"
        "The freighter Nordlicht was unloading timber from Finland when the crane collapsed, the port authority said.\n"
    )
    german = (
        "Kranunglück im Hafen Kesselbach\n\n"
        "Im Hafen von Kesselbach ist am Dienstag ein Containerkran auf den Frachter Nordlicht gestürzt, fünf "
        "Hafenarbeiter wurden verletzt.\n"
        "Hafendirektorin Anja Volkmer schätzt den Schaden auf 4,2 Millionen Euro.\n"
        "Die Polizei in Kesselbach ermittelt wegen des Unglücks im Hafen.\n"
    )
    (tmp_path / "en.txt").write_text(english, encoding="utf-8")
    (tmp_path / "de.txt").write_text(german, encoding="utf-8")
    told = brief(load_sources(sorted(tmp_path.glob("*.txt"))), max_sentences=4).sentences()
    damage = [s for _, _, s in told if "4,2 Millionen Euro" in s.text]
    assert damage and damage[0].language == "de"


def test_a_german_report_of_the_same_figure_and_place_corroborates_the_english_one(tmp_path: Path) -> None:
    # Before, across languages three shared names or figures were needed (words cannot agree there), so a
    # German report of "300 soldiers in Moscow" never counted for the English sentence that says it.
    english = (
        "Parade rehearsal in Moscow\n\n"
        "About 300 soldiers from Belarus arrived in Moscow on Monday to rehearse for the parade, officials said.\n"
        "The rehearsal will close several streets in the city centre until Friday evening, the police said.\n"
        "Traffic in the city centre was expected to be slow for the rest of the week, drivers were told.\n"
    )
    german = (
        "Probe für die Parade\n\n"
        "In Moskau trafen am Montag rund 300 Soldaten für die Probe der Parade ein.\n"
        "Die Polizei sperrt dafür bis Freitagabend mehrere Straßen im Zentrum der Stadt.\n"
    )
    (tmp_path / "en.txt").write_text(english, encoding="utf-8")
    (tmp_path / "de.txt").write_text(german, encoding="utf-8")
    told = [s for _, _, s in brief(load_sources(sorted(tmp_path.glob("*.txt")))).sentences()]
    arrival = next(s for s in told if s.text.startswith("About 300 soldiers"))
    assert arrival.corroboration == 2


def test_a_headline_with_a_full_stop_is_not_taken_for_the_lede(tmp_path: Path) -> None:
    # Before, a headline ending in a full stop (as NeuS writes every title) was read as the article's
    # first sentence of prose, and it opened the story in place of the lede below it.
    text = (
        "Nordwerk lifts outlook as pump orders grow in Asia.\n\n"
        "Nordwerk AG said on Tuesday that its net profit rose 42% to $318 million in the third quarter, "
        "beating forecasts.\n"
        "Revenue climbed 12% to $2.1 billion as orders for its industrial pumps grew in Asia and North America.\n"
        "The company raised its full-year outlook and now expects revenue of $8.3 billion.\n"
    )
    briefing = brief(one(tmp_path, text))
    assert briefing.sections[0].sentences[0].text.startswith("Nordwerk AG said on Tuesday")


@pytest.mark.parametrize(
    ("sentence", "leans"),
    [
        # A demonstrative early on names what came before; a time does not. Before, "The Administration
        # of Miguel Díaz-Canel released this information after …" was told without the information.
        ("The administration released this information after a newspaper reported the contracts.", True),
        ("Officials confirmed these findings on Thursday at a press conference in the capital.", True),
        ("The mayor said those measures would stay in place until the river falls.", True),
        ("The festival will not take place this year because of the drought in the region.", False),
        ("Exports rose this month for the first time since the spring, the agency said.", False),
        ("Farmers say this summer's harvest is the worst in a decade across the valley.", False),
        # "those" naming people by what they did or what befell them is no demonstrative. Before,
        # "Cuba has initiated criminal proceedings against those responsible" was held to lean back.
        ("Cuba has initiated criminal proceedings against those responsible, the ministry said.", False),
        ("Aid reached those affected by the floods on Friday, officials said.", False),
        # A contrast after the first words answers the sentence before. Before, "Kim hingegen
        # interessiert sich für …" was told without "… möchte Putin Granaten … erhalten".
        ("Kim hingegen interessiert sich für moderne Technologie für Satelliten und U-Boote.", True),
        ("The ministry, however, said the figures were preliminary and would be revised.", True),
        ("Kim, on the other hand, wants modern technology for satellites and submarines.", True),
        ("However the river was not expected to peak before Thursday, officials said.", True),
        ("Die Regierung in Berlin lehnt eine Beteiligung am Krieg hingegen nicht ab.", False),
        ("Officials said the figures were preliminary and would be revised on Friday.", False),
        # A fragment of the sentence before: a quotation's tail, an opening comma or lower-case word.
        # Before, "There is an old Russian saying: … in peace and harmony,” said … Shoigu" and ", Senior
        # Consultant to the Russia and Eurasia Program …" were told as details of the seeds' first story.
        ("There is an old saying: you do not choose your neighbours,” said the minister.", True),
        (", Senior Consultant to the Russia and Eurasia Program at Chatham House in London.", True),
        ("and then the water reached the old town within the hour, residents said.", True),
        ("“No, this year the exercises will take place elsewhere,” the agency quoted the minister.", False),
        ("Die Ukraine führt eine Gegenoffensive, die von Putin als „gescheitert“ bezeichnet wurde.", False),
        # A passive "also" ending the sentence adds its subject to what the sentence before said. Before,
        # the seeds' "… a lack of certain types of ammunition were also discussed." opened a section.
        ("The insufficient staffing of some units and a lack of ammunition were also discussed.", True),
        ("Two other men from the village were also arrested on Friday.", True),
        ("The insufficient staffing of some units and a lack of ammunition were discussed.", False),
        ("The Defense Ministry in Bucharest also rejected the Ukrainian account.", False),
        # A pronoun as the speaker of a quotation, or German "Das" as the subject of a reporting verb,
        # names someone or something only the sentence before names. Before, my own articles' briefing
        # told "„Der Hafen ist die Lebensader unserer Stadt“, sagte sie." and "Das teilte die
        # Feuerwehr am Montag mit." with nothing before them.
        ("„Der Hafen ist die Lebensader unserer Stadt“, sagte sie.", True),
        ("“The port is our city's lifeline,” she said on Monday.", True),
        ("The talks will resume next week, he added, without giving a date.", True),
        ("Das teilte die Feuerwehr am Montag mit.", True),
        ("Das ist der höchste Pegel seit dem Hochwasser von 2013, sagte ein Sprecher.", True),
        ("“The port is our city's lifeline,” Senator Melanie Leonhard said on Monday.", False),
        ("Das Unternehmen teilte am Montag mit, der Betrieb laufe wieder.", False),
        ("Das neue Gesetz tritt am 1. Januar in Kraft, sagte die Ministerin.", False),
        ("Putin said he would travel to the region later this month.", False),
    ],
)
def test_a_sentence_that_answers_the_one_before_leans_on_it(sentence: str, leans: bool) -> None:
    assert bool(_DEPENDENT_START.match(sentence)) is leans


_FLOOD = [
    "Floods swept through the Mertz valley on Tuesday, killing 14 people in Saalfurt and Oberbrunn, police said.\n"
    "The river Mertz peaked at 6.2 metres in Saalfurt overnight, the flood agency said.\n"
    "About 9,000 households in the valley were without power on Tuesday evening.\n"
    "Rescue teams from four districts pulled 60 people from rooftops in Oberbrunn.\n",
    "The death toll from the floods in the Mertz valley rose to 14 on Tuesday, officials in Saalfurt said.\n"
    "Insurers expect claims of up to 3 billion euros after the floods in the Mertz valley.\n"
    "Schools in Saalfurt will stay closed until Friday while the water recedes.\n"
    "The weather service forecasts more heavy rain over the Mertz valley on Thursday.\n",
    "Fourteen people died when floods hit Saalfurt and Oberbrunn in the Mertz valley on Tuesday.\n"
    "Residents of Saalfurt in the Mertz valley were told to boil their tap water after the floods.\n"
    "The chancellor will visit the flooded towns of the Mertz valley on Wednesday.\n"
    "A dam above Oberbrunn overflowed shortly after midnight, the water board said.\n",
]
_LEANING_STORY = (
    "Tennis champion Ilse Brandauer announced her retirement from professional tennis in Vienna on Monday.\n"
    "She said her injured shoulder had not healed after two operations last year.\n"
    "Her coach called it a brave decision after a long and painful season.\n"
    "She plans to open a tennis academy for children in Graz next spring.\n"
)


def test_a_budget_a_story_cannot_use_goes_to_the_stories_with_more_to_tell(tmp_path: Path) -> None:
    # Before, what the last story could not tell (every detail of the retirement leans on "She …")
    # was carried to no one, and the briefing stopped short of its budget while the flood had more.
    for k, text in enumerate([*_FLOOD, _LEANING_STORY]):
        (tmp_path / f"{k}.txt").write_text(text, encoding="utf-8")
    briefing = brief(load_sources(sorted(tmp_path.glob("*.txt"))), max_sentences=8)
    assert len(briefing.sections[0].sentences) == 2  # the flood and the retirement
    assert len(briefing.sentences()) == 8


@pytest.mark.parametrize(
    ("sentence", "forecast"),
    [
        ("Analysts at Nordbank said Nordwerk is likely to move production from Kassel to its factory in Brno.", True),
        ("Analysts at Nordbank said Nordwerk will probably move production from Kassel to its factory in Brno.", True),
        ("Analysts at Nordbank said Nordwerk moved production from Kassel to its factory in Brno last year.", False),
    ],
)
def test_what_someone_expects_is_told_after_what_happened(tmp_path: Path, sentence: str, forecast: bool) -> None:
    # Before, an analyst's forecast, rich in names, took the last place in the budget from the works
    # council's word (in the seeds: "Kim is likely to want to emphasize …" over the Kremlin's silence).
    text = (
        "Nordwerk to close its Kassel plant\n\n"
        "Nordwerk said on Tuesday that it will close its pump plant in Kassel by June, cutting 800 jobs.\n"
        "The company blamed falling orders from utilities in Germany and higher energy prices.\n"
        f"{sentence}\n"
        "The works council in Kassel said it had not been consulted before the decision on the plant.\n"
        "Shares of Nordwerk rose 3% in Frankfurt after the announcement of the plant closure.\n"
    )
    told = [s.text for _, _, s in brief(one(tmp_path, text), max_sentences=3).sentences()]
    assert len(told) == 3
    assert (sentence in told) is not forecast
    assert (
        "The works council in Kassel said it had not been consulted before the decision on the plant." in told
    ) is forecast

"""Stories: one event is one story whatever the languages, and two events are never one."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefer.config import Settings
from briefer.engines.extractive import ExtractiveEngine, rank_stories, read_units, select_sentences
from briefer.engines.stories import group, weigh
from briefer.engines.terms import read_terms
from briefer.ingest import load_sources
from briefer.models import Briefing, Source

CORPORA = Path(__file__).resolve().parent.parent / "fixtures" / "corpora"


def corpus(*names: str) -> list[Source]:
    return load_sources([p for name in names for p in sorted((CORPORA / name / "articles").glob("*.txt"))])


def stories_of(sources: list[Source]) -> tuple[list[list[int]], list]:
    units = read_units(sources)
    vocabulary = weigh(units)
    return rank_stories(units, group(units), vocabulary), units


def brief(sources: list[Source]) -> Briefing:
    return ExtractiveEngine(Settings(engine="extractive")).brief(sources, [])


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("Bei dem Zugunglück bei Kesselbach sind zwölf Menschen ums Leben gekommen.", "Kesselbach"),
        ("Nach dem Unglück hat Minister Peter Wallmann eine Untersuchung angekündigt.", "Wallmann"),
    ],
)
def test_a_german_sentence_names_what_the_english_ones_name(sentence: str, name: str) -> None:
    english = read_terms("Transport minister Peter Wallmann visited the crash site near Kesselbach.")
    german = read_terms(sentence, english.names, capitals_are_names=False)
    assert read_terms(f"They met {name}.").names <= german.names


def test_a_german_noun_is_still_no_name() -> None:
    terms = read_terms("Bei dem Zugunglück sind zwölf Menschen gestorben.", frozenset({"kesselbach"}), False)
    assert not terms.names


def test_one_event_in_nine_english_and_german_articles_is_one_story() -> None:
    sources = corpus("derailment")
    stories, units = stories_of(sources)
    told = [s for s in stories if len(s) > 1]
    assert len(told) == 1, [units[s[0]].text[:50] for s in told]
    assert {units[i].source for i in told[0]} == {s.id for s in sources}


def test_two_events_of_one_day_are_never_one_story() -> None:
    sources = corpus("derailment", "flood")
    event = {s.id: Path(s.path).parent.parent.name for s in sources}
    stories, units = stories_of(sources)
    for story in stories:
        assert len({event[units[i].source] for i in story}) == 1, units[story[0]].text[:60]
    assert sum(1 for s in stories if len(s) > 1) == 2


def test_the_briefing_of_one_event_has_one_section_named_for_it() -> None:
    briefing = brief(corpus("derailment"))
    titles = [s.title for s in briefing.sections[1:]]
    assert len(titles) == 1 and "Kesselbach" in titles[0], titles


def test_a_mixed_day_is_dated_by_its_lead_story_not_by_another_storys_newest_source() -> None:
    briefing = brief(corpus("derailment", "flood"))
    # The derailment (14 March 2024) leads; the flood's articles are dated 9 July 2024.
    assert "derail" in briefing.title.lower()
    assert briefing.title.startswith("14 March 2024:"), briefing.title


def test_each_disagreement_holds_one_events_reports_only() -> None:
    sources = corpus("derailment", "flood")
    event = {s.id: Path(s.path).parent.parent.name for s in sources}
    briefing = brief(sources)
    assert briefing.conflicts
    for conflict in briefing.conflicts:
        assert len({event[side.source] for side in conflict.sides}) == 1, conflict.about


ARTICLE = """Harbour crane collapse

A container crane collapsed at the port of {town} on Monday, injuring {n} dock workers.
The crane, built in 1998, fell onto a cargo ship moored at the northern quay.
Port authority director {name} said the cause was not yet known.
Rescue teams freed two workers trapped in the cabin after three hours of work.
The northern quay will remain closed to shipping until the end of the month.
Insurers estimate the damage to the ship and the quay at several million euros.
The dock workers' union demanded an independent inquiry into the safety of older cranes.
Inspectors had certified the crane as safe during a routine check in the spring.
Two other cranes of the same model were taken out of service as a precaution.
Shipping companies diverted several vessels to neighbouring ports during the closure.
"""
TOWNS = ["Hallwick", "Brenmouth", "Ostervik", "Caldry", "Marsby", "Tollhaven", "Wexley", "Rundle"]
NAMES = ["Ines Varga", "Tomas Leary", "Petra Holm", "Omar Said", "Lena Brandt", "Rui Costa"]


def test_a_day_of_hundreds_of_reprints_still_tells_every_fact_of_the_story(tmp_path: Path) -> None:
    """Past the scan bound (3,000 candidates), copies of what was already said filled the scan and
    the story stopped at a few details: at 3,000 articles the briefing shrank to 18 sentences."""
    for k in range(400):
        text = ARTICLE.format(town=TOWNS[k % 8], n=3 + k % 7, name=NAMES[k % 6]) + f"\nReport {k}.\n"
        (tmp_path / f"{k:03d}.txt").write_text(text, encoding="utf-8")
    sources = load_sources(sorted(tmp_path.glob("*.txt")))
    units = read_units(sources)
    weigh(units)
    story = list(range(len(units)))
    assert len(story) > 3000
    leads, details = select_sentences(units, [story], "en", budget=25)
    told = {frozenset(t for t in units[i].vector if t not in units[i].names) for i in leads + details[0]}
    assert len(told) >= 9, [units[i].text[:50] for i in leads + details[0]]


def test_one_story_of_many_sources_still_tells_what_only_one_source_reports() -> None:
    """Once the derailment was one story, the transport minister's inquiry (told only by the German
    politics desk) lost its own section and no detail of the story came from that source."""
    briefing = brief(corpus("derailment"))
    said = [s.text for _, _, s in briefing.sentences()]
    assert any("Wallmann" in t and "Untersuchung" in t for t in said), said


def test_sentences_naming_the_same_people_share_one_set_of_names(tmp_path: Path) -> None:
    """At 3,000 articles each sentence's own copy of its names was the engine's largest allocation."""
    for k in range(3):
        text = ARTICLE.format(town="Hallwick", n=3 + k, name="Ines Varga") + f"\nReport {k}.\n"
        (tmp_path / f"{k}.txt").write_text(text, encoding="utf-8")
    units = read_units(load_sources(sorted(tmp_path.glob("*.txt"))))
    weigh(units)
    firsts = [u for u in units if u.text.startswith("Port authority director")]
    assert len(firsts) == 3 and firsts[0].names  # the same names in three articles: one object
    assert firsts[0].names is firsts[1].names is firsts[2].names
    assert firsts[0].runs is firsts[1].runs is firsts[2].runs


def test_copies_of_one_sentence_share_one_packed_vector(tmp_path: Path) -> None:
    """Copies of a report repeat its sentences word for word; at 3,000 generated articles each copy's
    own terms and weights were the largest thing held per sentence once the names were shared."""
    for k in range(3):
        text = ARTICLE.format(town="Hallwick", n=3, name="Ines Varga") + f"\nReport {k}.\n"
        (tmp_path / f"{k}.txt").write_text(text, encoding="utf-8")
    units = read_units(load_sources(sorted(tmp_path.glob("*.txt"))))
    firsts = [u for u in units if u.text.startswith("Port authority director")]
    assert len(firsts) == 3 and firsts[0].terms
    assert firsts[0].terms is firsts[1].terms is firsts[2].terms
    assert firsts[0].weights is firsts[1].weights is firsts[2].weights
    weigh(units)  # the unit-length weights too
    assert firsts[0].weights is firsts[1].weights is firsts[2].weights
    assert firsts[0].vector == firsts[2].vector

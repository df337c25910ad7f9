"""An English and a German report of one event compared by their nouns (lexicon.bilingual): a German
sentence that tells what an English one tells is told once, and a count both give with different
values is a disagreement. The articles are written for these tests (an invented lock failure at the
Moselle town of Ellerbach)."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefer.config import Settings
from briefer.engines.conflicts import counts_of, one_thing_counted
from briefer.engines.extractive import ExtractiveEngine
from briefer.engines.stories import Unit
from briefer.ingest import load_sources
from briefer.lexicon.bilingual import english_for, english_parts
from briefer.lexicon.counted import same_kind
from briefer.models import Briefing

ENGLISH = """Moselle lock at Ellerbach fails

A gate of the Moselle lock at Ellerbach jammed on Tuesday morning, the waterways authority said.
Engineers from Koblenz worked through the day to free the gate.
{fact}
The authority said the cause of the failure was not yet known.
"""
GERMAN = """Schleuse Ellerbach an der Mosel defekt

An der Moselschleuse Ellerbach hat sich am Dienstagmorgen ein Tor verklemmt.
Techniker aus Koblenz versuchten den ganzen Tag, das Tor zu lösen.
{fact}
Ein Sprecher des Landkreises kündigte eine Untersuchung an.
"""


def brief(tmp_path: Path, english: str, german: str) -> Briefing:
    paths = []
    for name, text in (("a_en", ENGLISH.format(fact=english)), ("b_de", GERMAN.format(fact=german))):
        path = tmp_path / f"{name}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return ExtractiveEngine(Settings(engine="extractive")).brief(load_sources(paths), [])


def told(briefing: Briefing, *texts: str) -> list[str]:
    return [s.text for _, _, s in briefing.sentences() if s.text in texts]


@pytest.mark.parametrize(
    ("german", "english"),
    [
        ("Schiffe", {"ships", "vessels"}),  # a plural form, in English's
        ("Krankenhaus", {"hospital"}),
        ("Gewerkschaft", {"union"}),
        ("Bürgermeister", {"mayor"}),
    ],
)
def test_a_german_noun_has_its_english_words(german: str, english: set[str]) -> None:
    assert english & set(english_for(german)), english_for(german)


def test_a_compound_not_in_the_table_is_read_by_its_parts() -> None:
    assert english_for("Hafenbehörde") == english_for("Behörde")  # what it is: an authority
    assert {"authority", "port"} <= english_parts("Hafenbehörde")  # what it speaks of


def test_a_word_that_is_no_noun_has_no_english_words() -> None:
    assert english_for("Xyzqwv") == ()


@pytest.mark.parametrize(
    ("english", "german"),
    [
        (
            "Shipping on the river is expected to resume on Thursday at the earliest, a spokesman said.",
            "Die Schifffahrt soll frühestens am Donnerstag wieder freigegeben werden, sagte ein Sprecher.",
        ),
        (
            "The environment ministry said it was monitoring the water supply of the town.",
            "Das Umweltministerium überwacht die Wasserversorgung der Stadt.",
        ),
    ],
    ids=["shipping-schifffahrt", "ministry-wasserversorgung"],
)
def test_a_german_sentence_telling_what_an_english_one_tells_is_told_once(
    tmp_path: Path, english: str, german: str
) -> None:
    briefing = brief(tmp_path, english, german)
    assert len(told(briefing, english, german)) == 1, [s.text for _, _, s in briefing.sentences()]


def test_a_german_sentence_of_other_things_is_told_too(tmp_path: Path) -> None:
    english = "Shipping on the river is expected to resume on Thursday at the earliest, a spokesman said."
    german = "Am Donnerstag wollen die Hafenarbeiter in Koblenz für höhere Löhne demonstrieren."
    briefing = brief(tmp_path, english, german)
    assert len(told(briefing, english, german)) == 2, [s.text for _, _, s in briefing.sentences()]


def test_a_count_of_one_thing_with_two_values_across_languages_is_a_disagreement(tmp_path: Path) -> None:
    english = "By the evening, around 40 barges were waiting below the lock."
    german = "Am Abend warteten unterhalb der Schleuse rund 60 Schiffe."
    briefing = brief(tmp_path, english, german)
    values = [{side.value for side in c.sides} for c in briefing.conflicts]
    assert any({"40 barges", "60 Schiffe"} <= v for v in values), briefing.conflicts


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ({"barge"}, {"ship", "vessel"}, True),  # a barge is a vessel
        ({"ship"}, {"ship"}, True),
        ({"car"}, {"truck"}, False),  # both vehicles, two things
        ({"school"}, {"hospital"}, False),
    ],
)
def test_counts_of_one_thing_are_told_apart_from_counts_of_two(a: set[str], b: set[str], same: bool) -> None:
    assert same_kind(frozenset(a), frozenset(b)) is same


def _unit(text: str, language: str) -> Unit:
    return Unit(
        source=language, start=0, end=len(text), article=text, language=language, order=0, block=None, paragraph=""
    )


def test_counts_of_people_are_left_to_the_tolls() -> None:
    readings = counts_of(_unit("Twelve people were killed and 40 barges were damaged.", "en"), 0)
    assert [(r.about, r.value) for r in readings] == [("barges", 40.0)]


@pytest.mark.parametrize(
    "text",
    [
        "More than 40 barges were waiting.",  # a bound
        "The count was revised higher by 40 barges.",  # a change
        "Twelve of 40 barges were damaged.",  # a whole
        "Analysts were expecting 40 barges.",
    ],
)
def test_a_count_that_is_no_level_is_not_read(text: str) -> None:
    assert counts_of(_unit(text, "en"), 0) == []


def test_counts_of_one_thing_in_one_language_are_not_compared() -> None:
    units = [_unit("Around 40 barges were waiting.", "en"), _unit("Some 60 barges were waiting.", "en")]
    assert one_thing_counted([r for i, u in enumerate(units) for r in counts_of(u, i)], units) == []
    units[1] = _unit("Rund 60 Schiffe warteten.", "de")
    named = one_thing_counted([r for i, u in enumerate(units) for r in counts_of(u, i)], units)
    assert [(r.about, r.value) for r in named] == [("barges", 40.0), ("barges", 60.0)]


@pytest.mark.parametrize(
    ("english", "same"),
    [
        ("ECB President Christine Lagarde would not commit to a particular path for rates.", True),
        ("ECB President Christine Lagarde said inflation would fall further next year.", False),
        ("ECB President Christine Lagarde would commit to a particular path for rates.", False),  # no denial
    ],
)
def test_a_compound_and_a_denial_are_read_across_languages(english: str, same: bool) -> None:
    from briefer.engines.across import _same_nouns

    german = "Auf einen bestimmten Zinspfad wollte sich EZB-Präsidentin Christine Lagarde nicht festlegen."
    names = frozenset({"christine", "lagarde"})

    def whole(text: str, language: str, order: int) -> Unit:
        return Unit(
            source="ab"[order],
            start=0,
            end=len(text),
            article=text,
            language=language,
            order=order,
            block=None,
            paragraph="",
            names=names,
        )

    assert _same_nouns(whole(english, "en", 0), whole(german, "de", 1)) is same

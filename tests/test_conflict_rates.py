"""Sources disagree on a rate: the level it was set to or reached ("to 4.25 per cent", "auf 4,0 Prozent")
and the size of its change ("by half a percentage point", "um 0,25 Prozentpunkte") are measured values
of the thing named, in English and German; a count against its denial ("no injuries" / "zwei Menschen
verletzt"); and no conflict between different things, times, bounds, ranges or forecasts."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefer.config import Settings
from briefer.engines.extractive import ExtractiveEngine
from briefer.ingest import load_sources
from briefer.models import Briefing


def brief(tmp_path: Path, a: str, b: str) -> Briefing:
    """Two articles, each a headline, a byline and one paragraph, briefed by the extractive engine."""
    for name, (title, outlet, text) in {
        "a.txt": ("Bank raises rates", "Ledger", a),
        "b.txt": (
            "Rate rise in Aldoran",
            "Finanzblatt",
            b,
        ),
    }.items():
        (tmp_path / name).write_text(f"{title}\n\nBy Kim Ode | {outlet}\n12 May 2026\n\n{text}\n", encoding="utf-8")
    sources = load_sources(sorted(tmp_path.glob("*.txt")))
    return ExtractiveEngine(Settings(engine="extractive")).brief(sources, [])


def values(briefing: Briefing, about: str) -> set[tuple[str, str]]:
    return {(side.source, side.value) for c in briefing.conflicts if c.about == about for side in c.sides}


RAISED = (
    "The Aldoran Central Bank raised its benchmark interest rate by half a percentage point to 4.25 per cent on "
    "Tuesday, surprising markets. Governor Mats Lindqvist said inflation remained far too high."
)


def test_two_levels_of_one_rate_are_a_conflict(tmp_path: Path) -> None:
    other = "The Aldoran Central Bank raised its key interest rate by a quarter point to 4.0 per cent on Tuesday."
    briefing = brief(tmp_path, RAISED, other)
    assert values(briefing, "interest rate") == {("a", "4.25 per cent"), ("b", "4.0 per cent")}
    assert values(briefing, "change in the interest rate") == {
        ("a", "half a percentage point"),
        ("b", "a quarter point"),
    }
    for c in briefing.conflicts:
        for side in c.sides:
            assert side.value in side.quote


def test_a_german_report_of_another_level_and_change_is_a_conflict(tmp_path: Path) -> None:
    german = (
        "Die Aldoranische Zentralbank hat ihren Leitzins am Dienstag um 0,25 Prozentpunkte auf 4,0 Prozent "
        "angehoben. Notenbankchef Mats Lindqvist begründete den Schritt mit der hohen Inflation."
    )
    briefing = brief(tmp_path, RAISED, german)
    assert values(briefing, "interest rate") == {("a", "4.25 per cent"), ("b", "4,0 Prozent")}
    assert values(briefing, "change in the interest rate") == {
        ("a", "half a percentage point"),
        ("b", "0,25 Prozentpunkte"),
    }


def test_two_banks_rates_in_one_story_are_no_conflict(tmp_path: Path) -> None:
    other = (
        "The Borovian National Bank raised its key interest rate by a quarter point to 4.0 per cent on Tuesday. "
        "Governor Mats Lindqvist said inflation was still too high."
    )
    briefing = brief(tmp_path, RAISED, other)  # one story: the two rates were a conflict when read as one
    assert not [c for c in briefing.conflicts if "interest rate" in c.about], briefing.conflicts


def test_basis_points_and_percentage_points_are_one_unit(tmp_path: Path) -> None:
    a = "The Aldoran Central Bank raised its key interest rate by 25 basis points on Tuesday."
    b = "The Aldoran Central Bank raised its key interest rate by a quarter of a percentage point on Tuesday."
    briefing = brief(tmp_path, a, b)
    assert not [c for c in briefing.conflicts if "interest rate" in c.about]


@pytest.mark.parametrize(
    "other",
    [
        # another thing measured: inflation is no value of the rate
        "The Aldoran Central Bank raised its key interest rate on Tuesday as inflation rose to 6.1 per cent.",
        # a bound, an estimate, a range
        "The Aldoran Central Bank raised its key interest rate to more than 4 per cent on Tuesday.",
        "The Aldoran Central Bank raised its key interest rate to about 4 per cent on Tuesday.",
        "The Aldoran Central Bank set its key interest rate at 4 to 4.5 per cent on Tuesday.",
        # a forecast, not an outcome
        "Economists at the Aldoran Central Bank expect the key interest rate to rise to 4.5 per cent on Tuesday.",
        # which rate, the sentence does not say
        "The Aldoran Central Bank raised the rate to 4.0 per cent on Tuesday.",
    ],
)
def test_no_conflict_with_what_is_no_other_value_of_the_rate(tmp_path: Path, other: str) -> None:
    briefing = brief(tmp_path, RAISED, other)
    assert not [c for c in briefing.conflicts if c.about == "interest rate"], briefing.conflicts


def test_inflation_of_two_months_or_bases_is_no_conflict(tmp_path: Path) -> None:
    a = "Governor Mats Lindqvist of the Aldoran Central Bank said inflation reached 6.1 per cent in April."
    b = "Governor Mats Lindqvist of the Aldoran Central Bank said inflation reached 5.8 per cent in March."
    assert not values(brief(tmp_path, a, b), "inflation")
    c = "Governor Mats Lindqvist of the Aldoran Central Bank said monthly inflation reached 0.4 per cent in April."
    assert not values(brief(tmp_path, a, c), "inflation")
    d = "Governor Mats Lindqvist of the Aldoran Central Bank said inflation reached 5.9 per cent in April."
    assert values(brief(tmp_path, a, d), "inflation") == {("a", "6.1 per cent"), ("b", "5.9 per cent")}


def test_no_injuries_against_a_german_count_of_injured_is_a_conflict(tmp_path: Path) -> None:
    a = "The carmaker Velko said it knew of three minor crashes linked to the brake fault but no injuries."
    b = "Nach Angaben des Autoherstellers Velko wurden bei drei leichten Unfällen zwei Menschen verletzt."
    assert values(brief(tmp_path, a, b), "injured or in hospital") == {("a", "no injuries"), ("b", "zwei")}


@pytest.mark.parametrize(
    ("sentence", "language", "counted"),
    [
        ("Floods killed 12 in the valley on Monday.", "en", 12.0),
        ("Two seriously injured people were taken to hospital.", "en", 2.0),
        ("Bei dem Unfall wurden drei weitere Menschen verletzt.", "de", 3.0),
        ("The company knew of three minor crashes but no injuries.", "en", 0.0),
        ("Bei drei leichten Unfällen wurden zwei Menschen verletzt.", "de", 2.0),
    ],
)
def test_a_count_is_of_what_it_counts(sentence: str, language: str, counted: float) -> None:
    from types import SimpleNamespace

    from briefer.engines.conflicts import read_values

    unit = SimpleNamespace(text=sentence, language=language)  # what read_values reads of a Unit
    found = [r.value for r in read_values(unit, 0) if r.about in ("dead", "injured or in hospital")]  # type: ignore[arg-type]
    assert found[:1] == [counted], found


def test_growth_over_a_year_and_over_a_quarter_is_no_conflict(tmp_path: Path) -> None:
    a = "The Aldoran statistics office said economic growth slowed to 1.1 per cent last year."
    b = "The Aldoran statistics office said economic growth slowed to 0.4 per cent in the first quarter."
    assert not values(brief(tmp_path, a, b), "economic growth")
    c = "The Aldoran statistics office said economic growth slowed to 0.9 per cent last year."
    assert values(brief(tmp_path, a, c), "economic growth") == {("a", "1.1 per cent"), ("b", "0.9 per cent")}

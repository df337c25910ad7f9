"""Sources disagree: the same measured thing with different values, and a claim against its denial,
each side with its source, exact span and time; shown in every format and never resolved silently."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefer.config import Settings
from briefer.engines.conflicts import as_of, hour
from briefer.engines.extractive import ExtractiveEngine
from briefer.ingest import load_sources
from briefer.models import Briefing, Source
from briefer.render.html import render_html
from briefer.render.markdown import render_markdown

CORPORA = Path(__file__).resolve().parent.parent / "fixtures" / "corpora"


def brief(sources: list[Source], **settings: object) -> Briefing:
    return ExtractiveEngine(Settings(engine="extractive", **settings)).brief(sources, [])


def pair(title_a: str, a: str, title_b: str, b: str) -> dict[str, str]:
    """Two one-paragraph articles, a.txt and b.txt, each under its headline."""
    return {"a.txt": f"{title_a}\n\n{a}\n", "b.txt": f"{title_b}\n\n{b}\n"}


def write(tmp_path: Path, articles: dict[str, str]) -> list[Source]:
    for name, text in articles.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return load_sources(sorted(tmp_path.glob("*.txt")))


@pytest.fixture(scope="module", params=["derailment", "flood", "port"])
def corpus(request: pytest.FixtureRequest) -> tuple[list[Source], Briefing, dict]:
    root = CORPORA / request.param
    sources = load_sources(sorted((root / "articles").glob("*.txt")) + sorted((root / "articles").glob("*.md")))
    return sources, brief(sources), json.loads((root / "keyfacts.json").read_text(encoding="utf-8"))


def _holds(text: str, words: list[str]) -> bool:
    return any(w.lower() in text.lower() for w in words)


def test_every_planted_disagreement_is_surfaced(corpus: tuple[list[Source], Briefing, dict]) -> None:
    _, briefing, spec = corpus
    for planted in spec["conflicts"]:
        a, b = planted["sides"]
        assert any(
            any(_holds(s.quote, a) for s in c.sides) and any(_holds(s.quote, b) for s in c.sides)
            for c in briefing.conflicts
        ), planted["id"]


def test_each_side_is_an_exact_span_of_its_source(corpus: tuple[list[Source], Briefing, dict]) -> None:
    sources, briefing, _ = corpus
    by_id = {s.id: s for s in sources}
    assert briefing.conflicts
    for conflict in briefing.conflicts:
        assert len({(s.source, s.start) for s in conflict.sides}) == len(conflict.sides) >= 2
        for side in conflict.sides:
            assert by_id[side.source].text[side.start : side.end] == side.quote


def test_a_sentence_giving_one_side_points_at_its_disagreement(corpus: tuple[list[Source], Briefing, dict]) -> None:
    _, briefing, _ = corpus
    sides: dict[tuple[str, int], int] = {}
    for k, c in enumerate(briefing.conflicts):
        for side in c.sides:
            sides.setdefault((side.source, side.start), k)  # the first it gives a side of
    pointed = 0
    for _, _, sentence in briefing.sentences():
        cite = sentence.citations[0]
        assert sentence.conflict == sides.get((cite.source, cite.start))
        pointed += sentence.conflict is not None
    assert pointed >= 1


def test_a_source_giving_another_figure_does_not_corroborate_the_sentence(tmp_path: Path) -> None:
    articles = pair(
        "Spill on the Lorvik river",
        "A tanker barge leaked about 12 tonnes of xylene into the river near Lorvik on Wednesday, police said.",
        "Chemieunfall bei Lorvik",
        "Aus einem Tankschiff sind am Mittwoch bei Lorvik rund 15 Tonnen Xylol in den Fluss gelaufen, "
        "teilte die Polizei mit.",
    )
    briefing = brief(write(tmp_path, articles))
    assert briefing.conflicts
    for _, _, sentence in briefing.sentences():
        assert sentence.conflict is not None
        assert sentence.corroborating_sources == [sentence.citations[0].source]
        assert sentence.corroboration == 1
        assert sentence.corroborating_citations == []  # its span goes with it


def test_the_updated_toll_leads_not_the_outdated_one() -> None:
    sources = load_sources(sorted((CORPORA / "derailment" / "articles").glob("*.txt")))
    lead = brief(sources).sections[0].sentences[0].text.lower()
    assert "nine" not in lead.split()[:3] and "neun" not in lead


@pytest.mark.parametrize(
    ("articles", "about"),
    [
        pytest.param(
            pair(
                "Storm hits Lorvik",
                "A storm killed 14 people in the coastal town of Lorvik on Monday, officials said.",
                "Lorvik storm",
                "The storm that struck Lorvik on Monday killed 19 people, the coast guard said.",
            ),
            "dead",
            id="two-tolls",
        ),
        pytest.param(
            pair(
                "Fire at Brenna plant",
                "About 3,500 residents near the Brenna plant were evacuated on Friday.",
                "Brand in Brenna",
                "Rund 2.800 Anwohner des Werks in Brenna wurden am Freitag evakuiert, teilte die Feuerwehr mit.",
            ),
            "evacuated",
            id="english-against-german-thousands",
        ),
        pytest.param(
            pair(
                "Bridge at Ostmark",
                "Engineers said the Ostmark bridge collapsed because its cables had corroded.",
                "Ostmark bridge",
                "The road agency denied that corroded cables caused the Ostmark bridge to collapse.",
            ),
            "a claim and its denial",
            id="claim-and-denial",
        ),
        pytest.param(
            pair(
                "Bridge collapse in Ostmark",
                "Part of the Ostmark bridge collapsed on Wednesday, injuring three people, police said.",
                "Teileinsturz in Ostmark",
                "In Ostmark ist am Mittwoch ein Teil der Brücke eingestürzt. Verletzt wurde nach Angaben "
                "der Feuerwehr niemand.",
            ),
            "injured or in hospital",
            id="three-injured-against-nobody",
        ),
        pytest.param(
            pair(
                "Storm hits Lorvik",
                "No one was killed when the storm struck Lorvik on Monday, officials said.",
                "Lorvik storm",
                "The storm that struck Lorvik on Monday killed two people, the coast guard said.",
            ),
            "dead",
            id="no-one-killed-against-two",
        ),
        pytest.param(
            pair(
                "Strike at Lorvik port",
                "Dockworkers at the port of Lorvik began a 48-hour strike on Tuesday, the union said.",
                "Streik im Hafen Lorvik",
                "Die Hafenarbeiter in Lorvik sind am Dienstag in einen 24-stündigen Warnstreik getreten.",
            ),
            "length of time",
            id="48-hour-against-24-stuendig",
        ),
        pytest.param(
            pair(
                "Strike at Lorvik port",
                "About 12,000 dockworkers at the port of Lorvik walked out on Tuesday, the union said.",
                "Streik im Hafen Lorvik",
                "Rund 10.000 Beschäftigte im Hafen von Lorvik legten am Dienstag die Arbeit nieder.",
            ),
            "workers",
            id="workers-thousands-english-against-german",
        ),
        pytest.param(
            pair(
                "Spill on the Lorvik river",
                "A tanker barge leaked about 12 tonnes of xylene into the river near Lorvik on Wednesday.",
                "Chemieunfall bei Lorvik",
                "Aus einem Tankschiff sind am Mittwoch bei Lorvik rund 15 Tonnen Xylol in den Fluss gelaufen.",
            ),
            "tonnes",
            id="tonnes-english-against-german",
        ),
        pytest.param(
            pair(
                "Fuel leak at Lorvik airport",
                "Some 4,000 litres of kerosene leaked from a tank at Lorvik airport on Sunday.",
                "Lorvik airport leak",
                "About 6,500 litres of jet fuel leaked from a storage tank at Lorvik airport on Sunday.",
            ),
            "litres",
            id="litres",
        ),
        pytest.param(
            pair(
                "Strike at Lorvik port",
                "About 12,000 employees of the port of Lorvik walked out on Tuesday, the union said.",
                "Streik im Hafen Lorvik",
                "Rund 10.000 Beschäftigten im Hafen von Lorvik legten am Dienstag die Arbeit nieder.",
            ),
            "workers",
            id="employees-against-beschaeftigten",
        ),
        pytest.param(
            pair(
                "Strike at Lorvik port",
                "Some 8,000 strikers marched through the port of Lorvik on Tuesday, the union said.",
                "Streik im Hafen Lorvik",
                "Rund 6.000 Streikende zogen am Dienstag durch den Hafen von Lorvik.",
            ),
            "workers",
            id="strikers-against-streikende",
        ),
    ],
)
def test_disagreements_of_each_kind_are_found(tmp_path: Path, articles: dict[str, str], about: str) -> None:
    briefing = brief(write(tmp_path, articles))
    assert [c.about for c in briefing.conflicts] == [about]
    assert {s.source for s in briefing.conflicts[0].sides} == {"a", "b"}


@pytest.mark.parametrize(
    "articles",
    [
        pytest.param(
            pair(
                "Storm hits Lorvik",
                "A storm killed 14 people in the coastal town of Lorvik on Monday, officials said.",
                "Lorvik storm",
                "The storm that struck Lorvik on Monday killed 14 people, the coast guard said.",
            ),
            id="same-toll",
        ),
        pytest.param(
            pair(
                "Storm hits Lorvik",
                "A storm killed 14 people in Lorvik on Monday, and 1,200 soldiers searched the town.",
                "Lorvik storm",
                "The storm killed 14 people in Lorvik on Monday; 900 soldiers joined the search.",
            ),
            id="soldiers-are-no-toll",
        ),
        pytest.param(
            pair(
                "Cuba network",
                "Cuba is not part of the war in Ukraine, the foreign ministry in Havana said on Monday.",
                "Havana statement",
                "The government in Havana rejects any form of mercenaryism "
                "and does not take part in the war in Ukraine.",
            ),
            id="a-denial-agreeing-with-a-denial",
        ),
        pytest.param(
            pair(
                "Kremlin silent",
                "The Kremlin spokesman did not confirm or deny the reports about a meeting in Moscow.",
                "Meeting in Moscow",
                "Reports say the two leaders will hold a meeting in Moscow next week, officials said.",
            ),
            id="not-confirm-or-deny-is-no-denial",
        ),
        pytest.param(
            pair(
                "Hafen bestreikt",
                "Verdi fordert für die Hafenarbeiter in Bremerhaven eine Lohnerhöhung von 8 Prozent.",
                "Bremerhaven strike",
                "Verdi is demanding an 8 percent pay rise for dock workers in Bremerhaven. "
                "Employers in Bremerhaven have offered 4.5 percent.",
            ),
            id="a-demand-and-an-offer-in-one-source",
        ),
        pytest.param(
            pair(
                "Storm hits Lorvik",
                "Nobody knows how many people died when the storm struck Lorvik on Monday.",
                "Lorvik storm",
                "The storm that struck Lorvik on Monday killed two people, the coast guard said.",
            ),
            id="nobody-knows-is-no-count",
        ),
        pytest.param(
            pair(
                "Storm hits Lorvik",
                "Nobody was hurt when the storm struck Lorvik on Monday, officials said.",
                "Sturm in Lorvik",
                "Bei dem Sturm in Lorvik am Montag gab es keine Verletzten, teilte die Polizei mit.",
            ),
            id="nobody-hurt-and-keine-verletzten-agree",
        ),
        pytest.param(
            pair(
                "Storm hits Lorvik",
                "The storm that struck Lorvik on Monday killed two people, the coast guard said.",
                "Lorvik storm",
                "Despite the deaths in Lorvik on Monday, nobody was arrested, police said.",
            ),
            id="nobody-arrested-counts-no-deaths",
        ),
        pytest.param(
            pair(
                "Storm hits Lorvik",
                "The storm that struck Lorvik on Monday injured two people, the coast guard said.",
                "Lorvik storm",
                "Among the injured in Lorvik on Monday, nobody is in critical condition, officials said.",
            ),
            id="nobody-in-critical-condition-counts-no-injured",
        ),
        pytest.param(
            pair(
                "Storm hits Lorvik",
                "The storm that struck Lorvik on Monday injured two people, the coast guard said.",
                "Lorvik storm",
                "Lorvik has no hospital, so the two injured were flown to Bergen on Monday, officials said.",
            ),
            id="no-hospital-counts-no-injured",
        ),
        pytest.param(
            pair(
                "Storm hits Lorvik",
                "The storm that struck Lorvik on Monday killed two people, the coast guard said.",
                "Lorvik storm",
                "Officials set no deadline for the clean-up after the storm in Lorvik on Monday, the mayor said.",
            ),
            id="no-deadline-counts-no-dead",
        ),
        pytest.param(
            pair(
                "Strike at Lorvik port",
                "Dockworkers at the port of Lorvik began a 48-hour strike on Tuesday, the union said.",
                "Streik im Hafen Lorvik",
                "Die Hafenarbeiter in Lorvik sind am Dienstag in einen zweitägigen Streik getreten.",
            ),
            id="48-hours-are-two-days",
        ),
        pytest.param(
            pair(
                "Strike at Lorvik port",
                "Dockworkers at the port of Lorvik began a 24-hour strike on Tuesday after a two-week pause in talks.",
                "Streik im Hafen Lorvik",
                "Die Hafenarbeiter in Lorvik sind nach einer zweiwöchigen Pause der Gespräche in einen 24-stündigen "
                "Warnstreik getreten.",
            ),
            id="the-strike-and-the-pause-are-two-lengths",
        ),
        pytest.param(
            pair(
                "Strike at Lorvik port",
                "A 45-year-old docker led the strike at the port of Lorvik on Tuesday, the union said.",
                "Lorvik strike",
                "A 52-year-old crane driver joined the strike at the port of Lorvik on Tuesday.",
            ),
            id="ages-are-no-lengths-of-time",
        ),
        pytest.param(
            pair(
                "Spill on the Lorvik river",
                "A tanker barge leaked about 12 tonnes of xylene into the river near Lorvik on Wednesday.",
                "Chemieunfall bei Lorvik",
                "Aus einem Tankschiff sind am Mittwoch bei Lorvik rund zwölf Tonnen Xylol in den Fluss gelaufen.",
            ),
            id="the-same-tonnes-in-words-and-digits",
        ),
    ],
)
def test_agreement_is_not_a_disagreement(tmp_path: Path, articles: dict[str, str]) -> None:
    assert brief(write(tmp_path, articles)).conflicts == []


@pytest.mark.parametrize(
    ("text", "when", "hours"),
    [
        ("Nine people were killed, police said as of 8 a.m. on Thursday.", "as of 8 a.m.", 8.0),
        ("As of 2 p.m., 40 people were in hospital.", "As of 2 p.m.", 14.0),
        ("Stand 14 Uhr wurden 40 Verletzte gezählt.", "Stand 14 Uhr", 14.0),
        ("The toll rose to 12, police said on Thursday afternoon.", "on Thursday afternoon", 15.0),
        ("Das Innenministerium sprach am Vormittag von 37 Toten.", "am Vormittag", 10.0),
    ],
)
def test_the_time_a_figure_is_given_for_is_read(text: str, when: str, hours: float) -> None:
    from briefer.engines.stories import Unit

    unit = Unit(source="s", start=0, end=len(text), article=text, language="en", order=0, block=None, paragraph="p")
    assert as_of(unit) == when
    assert hour(as_of(unit)) == hours


def test_a_sentence_giving_sides_of_two_disagreements_points_at_both_in_every_format() -> None:
    # The port strike's English lede gives the strike's length (D1) and the number of strikers (D2).
    from rich.console import Console

    from briefer.report import render_report

    sources = load_sources(sorted((CORPORA / "port" / "articles").glob("*.md")))
    briefing = brief(sources)
    two = [s for _, _, s in briefing.sentences() if len(briefing.disputes_of(s)) == 2]
    assert two
    pointer = ", ".join(f"D{k + 1}" for k in briefing.disputes_of(two[0]))
    assert f"sources differ: see {pointer} below" in render_markdown(briefing, sources, allow_open=True)
    html = render_html(briefing, sources)
    assert all(f"href='#d-{k + 1}'" in html for k in briefing.disputes_of(two[0]))
    console = Console(width=200, record=True)
    render_report(briefing, sources, console)
    assert f"sources differ (see {pointer})" in console.export_text()


def test_every_format_shows_where_sources_disagree() -> None:
    sources = load_sources(sorted((CORPORA / "flood" / "articles").glob("*.txt")))
    briefing = brief(sources)
    n = len(briefing.conflicts)
    markdown = render_markdown(briefing, sources, allow_open=True)
    assert "## Sources disagree" in markdown and markdown.count("- **D") == n
    assert "sources differ: see D" in markdown
    html = render_html(briefing, sources)
    assert "<h2>Sources disagree</h2>" in html
    assert html.count("<li class='side'") == sum(len(c.sides) for c in briefing.conflicts)
    data = json.loads(briefing.model_dump_json())
    assert len(data["conflicts"]) == n and all(len(c["sides"]) >= 2 for c in data["conflicts"])
    schema = Briefing.model_json_schema()
    assert "conflicts" in schema["properties"] and "ConflictSide" in schema["$defs"]


@pytest.mark.parametrize(
    ("sentence", "language", "value"),
    [
        ("Nach Angaben der Polizei wurden fünf Hafenarbeiter verletzt, zwei von ihnen schwer.", "de", "fünf"),
        ("Bei dem Unfall wurden 14 Bahnreisende verletzt.", "de", "14"),
        ("The collapse injured four dockworkers, two of them seriously.", "en", "four"),
        ("Zwölf Menschen wurden verletzt, drei von ihnen lebensgefährlich.", "de", "Zwölf"),
    ],
)
def test_a_count_of_people_is_read_and_a_part_of_it_is_not(sentence: str, language: str, value: str) -> None:
    from briefer.engines.conflicts import read_values
    from briefer.engines.stories import Unit

    unit = Unit(
        source="a", start=0, end=len(sentence), article=sentence, language=language, order=0, block=None, paragraph=""
    )
    readings = [r for r in read_values(unit, 0) if r.about == "injured or in hospital"]
    assert [r.shown for r in readings] == [value]


def test_copies_of_a_sentence_each_give_their_own_readings() -> None:
    # The same text in two articles (a wire copy): each reading is its own sentence's.
    from briefer.engines.conflicts import read_values
    from briefer.engines.stories import Unit

    sentence = "The collapse injured four dockworkers, two of them seriously."

    def unit() -> Unit:
        return Unit(
            source="a", start=0, end=len(sentence), article=sentence, language="en", order=0, block=None, paragraph=""
        )

    first, copy = read_values(unit(), 3), read_values(unit(), 7)
    assert [r.unit for r in first] == [3] and [r.unit for r in copy] == [7]
    assert [(r.about, r.value, r.shown) for r in copy] == [(r.about, r.value, r.shown) for r in first]


def test_a_title_stating_one_side_of_a_disputed_figure_says_that_sources_differ() -> None:
    from briefer.engines.conflicts import DISPUTED_TITLE

    sources = load_sources(sorted((CORPORA / "derailment" / "articles").glob("*.txt")))
    briefing = brief(sources)
    # The first reports' headline "Nine dead after …" while later reports give twelve.
    assert "Nine dead" in briefing.title and briefing.title.endswith(DISPUTED_TITLE)
    headings = {s.title for s in briefing.sections}
    assert all(c.story in headings for c in briefing.conflicts), "each conflict still names its section"


@pytest.mark.parametrize(
    ("title", "marked"),
    [
        ("Nine dead after train derails", True),
        ("Train derails near Kesselbach", False),
        ("Death toll rises to 12", True),
        ("Seven trains cancelled", False),
    ],
)
def test_only_a_title_holding_a_disputed_figure_is_marked(title: str, marked: bool) -> None:
    from briefer.engines.conflicts import DISPUTED_TITLE, mark_disputed_titles
    from briefer.models import Conflict, ConflictSide

    sides = [ConflictSide(source=s, start=0, end=1, quote="x", value=v) for s, v in (("a", "nine"), ("b", "12"))]
    conflict = Conflict(story=title, about="dead", kind="value", sides=sides)
    titles, conflicts = mark_disputed_titles([title], [conflict])
    assert titles[0].endswith(DISPUTED_TITLE) is marked
    assert conflicts[0].story == titles[0]


@pytest.mark.parametrize(
    ("title", "marked"), [("Port workers walk out for 48 hours", True), ("Port workers walk out", False)]
)
def test_a_title_stating_a_disputed_length_of_time_is_marked(title: str, marked: bool) -> None:
    from briefer.engines.conflicts import DISPUTED_TITLE, mark_disputed_titles
    from briefer.models import Conflict, ConflictSide

    sides = [
        ConflictSide(source=s, start=0, end=1, quote="x", value=v) for s, v in (("a", "48-hour"), ("b", "24-stündigen"))
    ]
    conflict = Conflict(story=title, about="length of time", kind="value", sides=sides)
    titles, _ = mark_disputed_titles([title], [conflict])
    assert titles[0].endswith(DISPUTED_TITLE) is marked

"""metadata: dates in English and German forms, bylines, datelines and source lines are read, and
are metadata of the Source, never headings, titles or briefing sentences."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from briefer.furniture import find_furniture
from briefer.ingest import read_source
from briefer.metadata import byline_parts, line_kind, match_dateline, parse_date
from briefer.segment import split_sentences

D = dt.date
# (text, the date it states or None); written for this table, also read by bench/dates.py.
DATES = [
    ("30 October 2024", D(2024, 10, 30)),
    ("31.10.2024", D(2024, 10, 31)),
    ("October 31, 2024", D(2024, 10, 31)),
    ("Oct. 31, 2024", D(2024, 10, 31)),
    ("Oct 31 2024", D(2024, 10, 31)),
    ("31st October 2024", D(2024, 10, 31)),
    ("Published: 2024-10-31", D(2024, 10, 31)),
    ("2024-10-31T14:05:00+01:00", D(2024, 10, 31)),
    ("By Jane Doe | 31 October 2024", D(2024, 10, 31)),
    ("KESSELBACH, 14 March 2024 —", D(2024, 3, 14)),
    ("Stand: 31.10.2024, 14:05 Uhr", D(2024, 10, 31)),
    ("vom 3. März 2024", D(2024, 3, 3)),
    ("3. Maerz 2024", D(2024, 3, 3)),
    ("Donnerstag, 31. Oktober 2024", D(2024, 10, 31)),
    ("31. Okt. 2024", D(2024, 10, 31)),
    ("1. Dezember 2026, 09:30 Uhr", D(2026, 12, 1)),
    ("10/31/2024", D(2024, 10, 31)),
    ("31/10/2024", D(2024, 10, 31)),  # cannot be US order
    ("Updated Oct. 31, 2024 10:32 a.m. ET", D(2024, 10, 31)),
    ("Veröffentlicht am 31.10.2024 um 14:05 Uhr", D(2024, 10, 31)),
    ("31.02.2024", None),  # no such day
    ("October 2024", None),  # no day: never invented
    ("Oct 31", None),  # no year: never invented
    ("Kim met Putin on Monday.", None),
    ("Version 3.10.2 was released.", None),
    ("12.5 million people", None),
]


@pytest.mark.parametrize(("text", "date"), DATES, ids=[t for t, _ in DATES])
def test_dates_are_read_in_english_and_german_forms(text: str, date: dt.date | None) -> None:
    assert parse_date(text) == date


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("30 October 2024", "date"),
        ("31.10.2024", "date"),
        ("October 31, 2024", "date"),
        ("Published: 2024-10-31", "date"),
        ("Stand: 31.10.2024, 14:05 Uhr", "date"),
        ("vom 3. März 2024", "date"),
        ("Thursday, 31 October 2024 | 14:05 CET", "date"),
        ("Updated Oct. 31, 2024 10:32 a.m. ET", "date"),
        ("By Jane Doe | 31 October 2024", "byline"),
        ("By Jane Doe and John Roe, Reuters", "byline"),
        ("Von Ingrid Sauer", "byline"),
        ("Von Ingrid Sauer, Kesselbacher Kurier, 31. Oktober 2024", "byline"),
        ("By JANE DOE for the Kesselbacher Kurier", "byline"),
        ("Text: Ingrid Sauer", "byline"),
        ("Frankfurt, 5 June 2025", "date"),
        ("Frankfurt, 5. Juni 2025", "date"),
        ("BERLIN, 31.10.2024", "date"),
        ("New York, October 31, 2024", "date"),
        ("Berlin, 2024", None),
        ("Kim, Putin and Lavrov, 5 June 2025", None),
        ("Source: Reuters", "source"),
        ("Quelle: dpa", "source"),
        ("Kim travels to Russia", None),
        ("By Monday, the talks had ended.", None),
        ("By Monday, the talks had ended", None),
        ("Von Montag an gelten neue Regeln.", None),
        ("The summit on 31 October 2024 was cancelled.", None),
        ("Der Gipfel am 31.10.2024 wurde abgesagt.", None),
        ("Flood toll rises to 51", None),
    ],
)
def test_metadata_lines_are_recognised(line: str, kind: str | None) -> None:
    assert line_kind(line) == kind


@pytest.mark.parametrize(
    ("line", "author", "outlet"),
    [
        ("By Jane Doe | 31 October 2024", "Jane Doe", None),
        ("By Jane Doe and John Roe, Reuters", "Jane Doe and John Roe", "Reuters"),
        ("By JANE DOE for the Kesselbacher Kurier", "JANE DOE", "Kesselbacher Kurier"),
        ("Von Ingrid Sauer, Kesselbacher Kurier, 31. Oktober 2024", "Ingrid Sauer", "Kesselbacher Kurier"),
        ("By Jane Doe, Kesselbacher Kurier | 31 October 2024, 14:05 CET", "Jane Doe", "Kesselbacher Kurier"),
        ("Von Dr. Max von Kessel", "Dr. Max von Kessel", None),
    ],
)
def test_byline_names_author_and_outlet(line: str, author: str, outlet: str | None) -> None:
    assert byline_parts(line) == (author, outlet)


@pytest.mark.parametrize(
    ("paragraph", "dateline"),
    [
        ("KESSELBACH, 14 March 2024 — The council approved the bridge.", "KESSELBACH, 14 March 2024 — "),
        ("BERLIN, Oct 31 (Reuters) - The German government said on Thursday…", "BERLIN, Oct 31 (Reuters) - "),
        ("NEW YORK (AP) — Stocks fell on Wall Street.", "NEW YORK (AP) — "),
        ("Berlin/Kiew (dpa) – Die Bundesregierung sagte am Donnerstag…", "Berlin/Kiew (dpa) – "),
        ("Kesselbach, 14. März 2024 – Der Rat stimmte zu.", "Kesselbach, 14. März 2024 – "),
        ("KIEW – Die Ukraine meldet neue Angriffe.", "KIEW – "),
        ("DRESDEN, Germany — Part of a bridge collapsed.", "DRESDEN, Germany — "),
        ("KYIV, Ukraine (Reuters) - Russia attacked.", "KYIV, Ukraine (Reuters) - "),
        ("WASHINGTON, D.C., March 3 — Congress met.", "WASHINGTON, D.C., March 3 — "),
        ("NATO, the alliance, and others - met.", None),
        ("Berlin - Die Regierung tagt.", None),  # a capitalised place alone could be a sentence's subject
        ("The U.S. - and others - disagreed.", None),
        ("Kim, 39, met Putin - the talks went well.", None),
    ],
)
def test_paragraph_datelines(paragraph: str, dateline: str | None) -> None:
    m = match_dateline(paragraph, 0, len(paragraph))
    assert (m.group(0) if m else None) == dateline


def test_a_dateline_is_its_own_segment_and_furniture() -> None:
    text = "Bridge approved\n\nKESSELBACH, 14 March 2024 — The council approved the bridge. It costs 12 million."
    sentences = [text[s.start : s.end] for s in split_sentences(text)]
    assert sentences == [
        "Bridge approved",
        "KESSELBACH, 14 March 2024 —",
        "The council approved the bridge.",
        "It costs 12 million.",
    ]
    assert [(text[f.start : f.end], f.kind) for f in find_furniture(text)] == [
        ("Bridge approved", "heading"),
        ("KESSELBACH, 14 March 2024 —", "dateline"),
    ]


BODY = (
    "The council of Kesselbach approved the new bridge on Monday after a two-year dispute, the mayor said. "
    "Construction will begin in the spring and cost 12 million euros.\n"
)
GERMAN = (
    "Der Rat von Kesselbach hat am Montag nach zweijährigem Streit die neue Brücke genehmigt, sagte die "
    "Bürgermeisterin. Der Bau soll im Frühjahr beginnen und zwölf Millionen Euro kosten.\n"
)


@pytest.mark.parametrize(
    ("text", "title", "date", "author", "outlet"),
    [
        pytest.param("30 October 2024\n\n" + BODY, None, D(2024, 10, 30), None, None, id="date-line-first"),
        pytest.param(
            "Kesselbach approves bridge\nBy Jane Doe | 31 October 2024\n\n" + BODY,
            "Kesselbach approves bridge",
            D(2024, 10, 31),
            "Jane Doe",
            None,
            id="headline-then-byline",
        ),
        pytest.param(
            "By Ingrid Sauer\nKesselbach approves bridge\n\n" + BODY,
            "Kesselbach approves bridge",
            None,
            "Ingrid Sauer",
            None,
            id="byline-then-headline",
        ),
        pytest.param(
            "Rat genehmigt Brücke\nVon Ingrid Sauer, Kesselbacher Kurier\nStand: 31.10.2024, 14:05 Uhr\n\n" + GERMAN,
            "Rat genehmigt Brücke",
            D(2024, 10, 31),
            "Ingrid Sauer",
            "Kesselbacher Kurier",
            id="german-byline-and-stand",
        ),
        pytest.param(
            "Kesselbach approves bridge\n\nKESSELBACH, 14 March 2024 — " + BODY,
            "Kesselbach approves bridge",
            D(2024, 3, 14),
            None,
            None,
            id="dateline",
        ),
        pytest.param(
            "Rat genehmigt Brücke\n\nKesselbach (dpa) – " + GERMAN,
            "Rat genehmigt Brücke",
            None,
            None,
            "dpa",
            id="agency-dateline",
        ),
        pytest.param(
            "Kesselbach approves bridge\nUpdated: 1 November 2024\nPublished: 2024-10-31\n\n" + BODY,
            "Kesselbach approves bridge",
            D(2024, 10, 31),
            None,
            None,
            id="published-before-updated",
        ),
        pytest.param(
            "Kesselbach approves bridge\n\n" + BODY + "Source: Kesselbacher Kurier\n",
            "Kesselbach approves bridge",
            None,
            None,
            "Kesselbacher Kurier",
            id="source-line",
        ),
        pytest.param(
            "---\ntitle: Bridge\nauthor: Jane Doe\nsource: Kesselbacher Kurier\ndate: 2024-10-31\n---\n" + BODY,
            None,
            D(2024, 10, 31),
            "Jane Doe",
            "Kesselbacher Kurier",
            id="front-matter",
        ),
        pytest.param(
            "Kesselbach approves bridge\n\n" + BODY + "The old bridge was closed on 3 March 2023.\n",
            "Kesselbach approves bridge",
            None,
            None,
            None,
            id="body-dates-are-events",
        ),
    ],
)
def test_articles_metadata_is_read_and_is_no_content(
    tmp_path: Path, text: str, title: str | None, date: dt.date | None, author: str | None, outlet: str | None
) -> None:
    path = tmp_path / "article.txt"
    path.write_text(text, encoding="utf-8")
    source = read_source(path)
    assert (source.title, source.date, source.author, source.outlet) == (title, date, author, outlet)
    content = [text[s.start : s.end] for s in split_sentences(text) if not source.is_furniture(s.start, s.end)]
    if source.title:
        content.remove(source.title)
    assert content and all(line_kind(c) is None and not c.isupper() for c in content)
    assert not any(
        c.startswith(
            ("By ", "Von ", "Stand", "Updated", "Published", "KESSELBACH", "Kesselbach (", "30 October", "Source")
        )
        for c in content
    )


@pytest.mark.parametrize(
    ("outlet", "author", "shown"),
    [
        ("Kesselbacher Kurier", "Ingrid Sauer", "Kesselbacher Kurier · Ingrid Sauer"),
        ("dpa", None, "dpa"),
        (None, "Jane Doe", "Jane Doe"),
        (None, None, "bridge-story"),
    ],
)
def test_the_report_lists_a_source_by_its_outlet_and_author(outlet: str | None, author: str | None, shown: str) -> None:
    from rich.console import Console

    from briefer.models import Briefing, SourceInfo
    from briefer.report import render_report

    info = SourceInfo(id="bridge-story", path="bridge-story.txt", outlet=outlet, author=author)
    console = Console(record=True, width=200)
    render_report(Briefing(sources=[info]), [], console)
    table = console.export_text().split("Sources", 1)[1]
    assert shown in table

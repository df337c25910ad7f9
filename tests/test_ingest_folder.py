"""A folder as people keep one — a README, a CSV, notes, a Markdown article, a German short text, bylines
and datelines — briefed end to end: nothing but the articles is briefed, no metadata becomes a heading
or title, no Markdown syntax reaches a sentence, and every quote is the exact span."""

from __future__ import annotations

import re

import pytest

from briefer.config import Settings
from briefer.models import Briefing, Source
from briefer.pipeline import summarize

FILES = {
    "README.md": "# My articles\n\nThese are the articles I collected this week for the flood briefing.\n",
    "notes.txt": "Call the fire service about the evacuation figures before Friday, they said it would change.\n",
    "sources.csv": "file,outlet,date\nflood.md,Kesselbach Courier,2024-10-31\n",
    "meta.json": '{"collected": "2024-10-31"}\n',
    "flood.md": (
        "# Floods kill 37 in Kesselbach valley\n\n*By Jane Doe | 31 October 2024*\n\n"
        "KESSELBACH, 31 October 2024 — Flash floods have killed at least **37 people** in the Kesselbach "
        "valley, the regional government said on Thursday.\n\n"
        "Rescuers were still searching for [dozens of missing residents](https://example.org/missing) after "
        "the river burst its banks overnight.\n\n## Evacuations\n\n"
        '> "We have never seen water rise this fast," said Mayor Petra Wendholm of Kesselbach.\n\n'
        "About 2,300 people were evacuated from the lower town of Kesselbach, according to the fire service.\n"
    ),
    "hochwasser.txt": (
        "Hochwasser im Kesselbachtal\nVon Ingrid Sauer, Kesselbacher Kurier\nStand: 31.10.2024, 14:05 Uhr\n\n"
        "Kesselbach (dpa) – Die Zahl der Todesopfer nach dem Hochwasser im Kesselbachtal ist auf 51 "
        "gestiegen, teilte die Landesregierung am Donnerstag mit.\n\n"
        "Rund 2.000 Menschen im Kesselbachtal mussten ihre Häuser verlassen, z. B. in der Unterstadt.\n"
    ),
    "kurz.txt": "30 October 2024\n\nDie alte Brücke in Kesselbach bleibt nach dem Hochwasser gesperrt. "
    "Ein Gutachter prüft die Schäden.\n",
}
NOT_ARTICLES = ("collected this week", "Call the fire service", "Kesselbach Courier")
METADATA = re.compile(r"^(?:By |Von |Stand|\d{1,2} \w+ \d{4}$|\d{1,2}\.\d{1,2}\.\d{4}|KESSELBACH,|Kesselbach \()")
SYNTAX = re.compile(r"\*\*|\]\(|^#|^> |^- ")


@pytest.fixture(scope="module")
def briefed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Briefing, list[Source], list[str]]:
    top = tmp_path_factory.mktemp("articles")
    for name, text in FILES.items():
        (top / name).write_text(text, encoding="utf-8")
    warnings: list[str] = []
    briefing, sources = summarize([top], Settings(engine="extractive"), on_warning=warnings.append)
    return briefing, sources, warnings


def test_only_the_articles_are_read_and_the_rest_is_named(briefed: tuple[Briefing, list[Source], list[str]]) -> None:
    _, sources, warnings = briefed
    assert sorted(s.id for s in sources) == ["flood", "hochwasser", "kurz"]
    said = " ".join(warnings)
    assert all(name in said for name in ("README.md", "notes.txt", "sources.csv", "meta.json"))


def test_metadata_is_read_onto_the_sources(briefed: tuple[Briefing, list[Source], list[str]]) -> None:
    _, sources, _ = briefed
    by_id = {s.id: s for s in sources}
    assert (by_id["flood"].author, str(by_id["flood"].date), by_id["flood"].title) == (
        "Jane Doe",
        "2024-10-31",
        "Floods kill 37 in Kesselbach valley",
    )
    assert (by_id["hochwasser"].author, by_id["hochwasser"].outlet, str(by_id["hochwasser"].date)) == (
        "Ingrid Sauer",
        "Kesselbacher Kurier",
        "2024-10-31",
    )
    assert (by_id["kurz"].title, str(by_id["kurz"].date), by_id["kurz"].language) == (None, "2024-10-30", "de")
    assert by_id["hochwasser"].language == "de"


def test_no_metadata_or_syntax_or_foreign_file_reaches_the_briefing(
    briefed: tuple[Briefing, list[Source], list[str]],
) -> None:
    briefing, sources, _ = briefed
    by_id = {s.id: s for s in sources}
    titles = [briefing.title] + [section.title for section in briefing.sections]
    assert not any(METADATA.search(t.split(": ", 1)[-1]) or "Ingrid Sauer" in t or "Jane Doe" in t for t in titles)
    sentences = [s for _, _, s in briefing.sentences()]
    assert sentences
    for sentence in sentences:
        assert not METADATA.search(sentence.text) and not SYNTAX.search(sentence.text), sentence.text
        assert not any(phrase in sentence.text for phrase in NOT_ARTICLES)
        for cite in sentence.citations:
            assert cite.start is not None and cite.end is not None
            assert by_id[cite.source].text[cite.start : cite.end] == cite.quote

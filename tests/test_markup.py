"""markup: a Markdown article's syntax is structure — headings, emphasis, links, quotes, lists, code —
while every span stays exact into the original file and the words read without the syntax."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from briefer.config import Settings
from briefer.engines.extractive import ExtractiveEngine, read_units
from briefer.ingest import read_source
from briefer.markup import strip_markup
from briefer.models import Source
from briefer.segment import split_sentences

SYNTAX = re.compile(r"\*\*|__|\]\(|^#|^>|^[-*+] |`|!\[|(?<!\w)\*\w|\w\*(?!\w)")


def markdown(tmp_path: Path, text: str) -> Source:
    path = tmp_path / "article.md"
    path.write_bytes(text.encode("utf-8"))
    return read_source(path)


def content(source: Source) -> list[str]:
    """The words of every sentence that is neither furniture nor the title, as a reader sees them."""
    title = source.title_span
    return [
        p
        for s in split_sentences(source.text)
        if not source.is_furniture(s.start, s.end)
        and not (title and title.start < s.end and s.start < title.end)
        and (p := source.plain(s.start, s.end).strip())
    ]


@pytest.mark.parametrize(
    ("body", "sentences"),
    [
        pytest.param(
            "Flash floods killed at least **37 people** on Monday.",
            ["Flash floods killed at least 37 people on Monday."],
            id="strong",
        ),
        pytest.param(
            "The premier, *Karl Brandt*, promised __50 million euros__ in aid.",
            ["The premier, Karl Brandt, promised 50 million euros in aid."],
            id="emphasis",
        ),
        pytest.param(
            'Rescuers searched for [dozens of residents](https://example.org/missing "Missing") overnight.',
            ["Rescuers searched for dozens of residents overnight."],
            id="link-with-title",
        ),
        pytest.param(
            "See the list at <https://example.org/list> for names.",
            ["See the list at https://example.org/list for names."],
            id="autolink",
        ),
        pytest.param(
            '> "We have never seen this," said the mayor. "The bridge was gone."',
            ['"We have never seen this," said the mayor.', '"The bridge was gone."'],
            id="block-quote",
        ),
        pytest.param(
            "> First line of a quote\n> and its second line.",
            ["First line of a quote", "and its second line."],
            id="block-quote-two-lines",
        ),
        pytest.param(
            "- The army sent 400 soldiers.\n- Schools stay closed until Monday.",
            ["The army sent 400 soldiers.", "Schools stay closed until Monday."],
            id="bullet-list",
        ),
        pytest.param(
            "1. The army sent 400 soldiers.\n2. Schools stay closed until Monday.",
            ["The army sent 400 soldiers.", "Schools stay closed until Monday."],
            id="ordered-list",
        ),
        pytest.param(
            "The code `flood_warning_level` was set to 4 by the office.",
            ["The code flood_warning_level was set to 4 by the office."],
            id="inline-code",
        ),
        pytest.param(
            "The snake_case_name and 2*3*4 stay as they are in this sentence.",
            ["The snake_case_name and 2*3*4 stay as they are in this sentence."],
            id="no-false-emphasis",
        ),
        pytest.param(
            "Prices rose 5\\* in the \\[revised\\] figures.", ["Prices rose 5* in the [revised] figures."], id="escapes"
        ),
        pytest.param(
            "Die Brücke ist **gesperrt**, sagte die _Bürgermeisterin_.",
            ["Die Brücke ist gesperrt, sagte die Bürgermeisterin."],
            id="german-emphasis",
        ),
    ],
)
def test_inline_and_block_syntax_is_not_in_the_words(tmp_path: Path, body: str, sentences: list[str]) -> None:
    source = markdown(tmp_path, f"# Floods in the valley\n\n{body}\n")
    assert content(source) == sentences


@pytest.mark.parametrize(
    ("block", "kind"),
    [
        pytest.param("```\nprint('the river rose')\n```", "code", id="fenced-code"),
        pytest.param("    indented code line with a full stop. And more.", "code", id="indented-code"),
        pytest.param('<div class="ad">Advertisement text here.</div>', "markup", id="html-block"),
        pytest.param("---", "markup", id="thematic-break"),
        pytest.param('[1]: https://example.org/source "Source"', "markup", id="link-definition"),
    ],
)
def test_blocks_that_are_not_prose_are_furniture(tmp_path: Path, block: str, kind: str) -> None:
    text = f"# Floods in the valley\n\nThe river rose by two metres on Monday.\n\n{block}\n\nRescue work went on.\n"
    source = markdown(tmp_path, text)
    assert content(source) == ["The river rose by two metres on Monday.", "Rescue work went on."]
    start = text.index(block.strip().split("\n")[0].strip())
    assert any(f.kind == kind and f.start <= start < f.end for f in source.furniture)


@pytest.mark.parametrize(
    ("text", "title", "headings"),
    [
        pytest.param(
            "# Floods kill 37\n\n## Evacuations\n\nThe town was cleared on Monday night.\n",
            "Floods kill 37",
            ["Evacuations"],
            id="atx",
        ),
        pytest.param(
            "## Floods kill 37 ##\n\nThe town was cleared on Monday night.\n", "Floods kill 37", [], id="closed-atx"
        ),
        pytest.param(
            "Floods kill 37\n==============\n\nThe town was cleared on Monday night.\n\n"
            "Evacuations\n-----------\n\nThe army helped.\n",
            "Floods kill 37",
            ["Evacuations"],
            id="setext",
        ),
        pytest.param(
            "# Floods kill 37\n\n*By Jane Doe | 31 October 2024*\n\n**KESSELBACH** – The town was cleared.\n",
            "Floods kill 37",
            [],
            id="emphasised-byline-and-dateline",
        ),
    ],
)
def test_headings_are_their_words(tmp_path: Path, text: str, title: str, headings: list[str]) -> None:
    source = markdown(tmp_path, text)
    assert source.title == title
    assert [text[f.start : f.end] for f in source.furniture if f.kind == "heading"] == headings
    assert all(not SYNTAX.search(c) and "===" not in c and "---" not in c for c in content(source))


@pytest.mark.parametrize(
    ("byline", "outlet"),
    [
        ("*By Jane Doe | 31 October 2024*", None),
        ("**By Jane Doe** | *Metro Wire* | 31 October 2024", "Metro Wire"),
        ("By **Jane Doe**, _Metro Wire_ | 31 October 2024", "Metro Wire"),
    ],
)
def test_an_emphasised_byline_names_the_author(tmp_path: Path, byline: str, outlet: str | None) -> None:
    source = markdown(
        tmp_path,
        f"# Floods kill 37\n\n{byline}\n\n**KESSELBACH** – The town was cleared on Monday night.\n",
    )
    assert (source.author, source.outlet, str(source.date)) == ("Jane Doe", outlet, "2024-10-31")
    assert content(source) == ["The town was cleared on Monday night."]


ARTICLE = """---
title: Floods
author: Jane Doe
---
# Floods kill 37 in Kesselbach valley

*By Jane Doe | 31 October 2024*

KESSELBACH, 31 October 2024 — Flash floods have killed at least **37 people** in the Kesselbach valley, the \
regional government said on Thursday.

Rescuers were still searching for [dozens of missing residents](https://example.org/missing) after the river \
burst its banks overnight.

## Evacuations

> "We have never seen water rise this fast," said Mayor Petra Wendholm. "The old bridge was gone within an hour."

About 2,300 people were evacuated from the lower town, according to the fire service.

- The army sent 400 soldiers to help the town.
- Schools will stay closed until Monday, the mayor said.

The regional premier, *Karl Brandt*, called the floods "a catastrophe" and promised **50 million euros** in aid.
"""


def test_a_markdown_article_is_briefed_in_words_with_exact_quotes(tmp_path: Path) -> None:
    source = markdown(tmp_path, ARTICLE)
    briefing = ExtractiveEngine(Settings(engine="extractive")).brief([source], [])
    sentences = [s for _, _, s in briefing.sentences()]
    assert len(sentences) >= 4
    for sentence in sentences:
        assert not SYNTAX.search(sentence.text), sentence.text
        for cite in sentence.citations:
            assert cite.start is not None and cite.end is not None
            assert source.text[cite.start : cite.end] == cite.quote  # chonkie's rule, syntax and all
            assert source.plain(cite.start, cite.end) == sentence.text
    # Sentences with bold or links are candidates, in words (they were dropped as non-prose before).
    candidates = [u.plain for u in read_units([source])]
    assert (
        "Rescuers were still searching for dozens of missing residents after the river burst its banks "
        "overnight." in candidates
    )
    assert any(c.startswith("Flash floods have killed at least 37 people") for c in candidates)


def test_every_markup_span_lies_inside_the_text_and_is_syntax(tmp_path: Path) -> None:
    source = markdown(tmp_path, ARTICLE)
    assert source.markup
    for span in source.markup:
        piece = source.text[span.start : span.end]
        assert piece and set(piece) <= set("#*_[]()<>`\\>-+ 0123456789.:/\"'abcdefghijklmnopqrstuvwxyz"), piece
    assert all(a.end <= b.start for a, b in zip(source.markup, source.markup[1:], strict=False))


def test_a_txt_file_keeps_its_asterisks(tmp_path: Path) -> None:
    path = tmp_path / "article.txt"
    path.write_text("Floods\n\nFlash floods killed at least **37 people** on Monday.\n", encoding="utf-8")
    source = read_source(path)
    assert source.markup == ()
    assert content(source) == ["Flash floods killed at least **37 people** on Monday."]


@pytest.mark.parametrize(
    ("line", "plain"),
    [
        ("Velko is recalling **48,000** vehicles.", "Velko is recalling 48,000 vehicles."),
        ("The recall covers the [Velko Arden](https://x.example/a) sedan.", "The recall covers the Velko Arden sedan."),
        ("- Owners will be notified.", "Owners will be notified."),
        ("> He said *no*.", "He said no."),
        ("Prices rose 5 * 3 = 15 per cent_ish.", "Prices rose 5 * 3 = 15 per cent_ish."),  # no syntax: as it is
        ("Die `Krone` legte __deutlich__ zu.", "Die Krone legte deutlich zu."),
    ],
)
def test_a_line_written_from_markdown_reads_without_its_syntax(line: str, plain: str) -> None:
    assert strip_markup(line) == plain

"""A line ending in a colon leads into a list of the story it stands in, and a story title is never cut
inside a word. Found on an earnings article written for this file (a headline, a lede, a "Key figures:"
list, a quote): the list became a story of its own, titled "Third-quarter revenue: $1.02 billion,
down 14% from a year e", and led the briefing."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefer.config import Settings
from briefer.engines.extractive import ExtractiveEngine, _name_phrase
from briefer.engines.reading import read_units
from briefer.engines.stories import weigh
from briefer.ingest import load_sources

ARTICLE = """# Chipmaker Voltra cuts outlook as demand slows

SAN JOSE, Calif., Oct 17 (Reuters) - Voltra Semiconductor on Thursday cut its full-year revenue forecast \
to between $4.1 billion and $4.3 billion, from $4.6 billion, citing weaker demand from carmakers.

Shares fell 9% in extended trading.

> "We are seeing customers work down inventory faster than we expected," chief executive Lena Ortiz said.

{lead_in}

- Third-quarter revenue: $1.02 billion, down 14% from a year earlier
- Net income: $88 million, compared with $196 million
- Headcount: about 1,200 jobs will be cut, roughly 6% of staff

The company said it expected demand to recover in the second half of 2025.
"""


@pytest.mark.parametrize("lead_in", ["Key figures:", "Die wichtigsten Zahlen:"])
def test_a_lead_in_line_starts_no_story_of_its_own(tmp_path: Path, lead_in: str) -> None:
    (tmp_path / "voltra.md").write_text(ARTICLE.format(lead_in=lead_in), encoding="utf-8")
    briefing = ExtractiveEngine(Settings(engine="extractive")).brief(load_sources([tmp_path / "voltra.md"]), [])
    stories = [s for s in briefing.sections if s.title != "Essentials"]
    assert [s.title for s in stories] == ["Chipmaker Voltra cuts outlook as demand slows"]
    assert briefing.sections[0].sentences[0].text.startswith("Voltra Semiconductor on Thursday cut")


def test_a_title_made_of_a_sentences_first_words_ends_between_words(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(
        "Third-quarter revenue was $1.02 billion, down 14% from a year earlier, the company said on Thursday.\n",
        encoding="utf-8",
    )
    units = read_units(load_sources([tmp_path / "a.txt"]))
    title = _name_phrase(units, list(range(len(units))), weigh(units))
    assert title == "Third-quarter revenue was $1.02 billion, down 14% from a …"


def test_a_title_whose_first_word_is_longer_than_a_title_is_that_word_cut(tmp_path: Path) -> None:
    word = "Donaudampfschifffahrtselektrizitätenhauptbetriebswerkbauunterbeamtengesellschaften"
    (tmp_path / "a.txt").write_text(f"{word} wurde gestern endgültig aufgelöst.\n", encoding="utf-8")
    units = read_units(load_sources([tmp_path / "a.txt"]))
    title = _name_phrase(units, list(range(len(units))), weigh(units))
    assert title == word[:60] + " …"

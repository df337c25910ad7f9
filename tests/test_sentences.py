"""A run splits each source into sentences once: the chunker, the extractive engine and the checker share it."""

from __future__ import annotations

import uuid
from collections import Counter

import pytest

import briefer.sentences
from briefer.chunk import chunk_sources
from briefer.config import Settings
from briefer.ingest import load_sources
from briefer.pipeline import summarize
from briefer.segment import split_sentences
from briefer.verify import check_briefing


@pytest.fixture
def fresh_articles(tmp_path, articles_dir):
    """The seed articles, each made unique so that no earlier test has split them already."""
    for path in sorted(articles_dir.glob("*.txt")):
        (tmp_path / path.name).write_text(path.read_text() + f"\n\nRef {uuid.uuid4().hex}.\n")
    return tmp_path


@pytest.fixture
def splits(monkeypatch) -> Counter:
    seen: Counter = Counter()

    def counting(text: str, start: int = 0, end: int | None = None):
        seen[text] += 1
        return split_sentences(text, start, end)

    monkeypatch.setattr(briefer.sentences, "split_sentences", counting)
    # Any stage that still splits on its own is counted too.
    for module in ("briefer.chunk", "briefer.engines.extractive", "briefer.verify.evidence"):
        monkeypatch.setattr(f"{module}.split_sentences", counting, raising=False)
    return seen


def test_an_extractive_run_splits_each_source_once(fresh_articles, splits):
    briefing, sources = summarize([fresh_articles], Settings(engine="extractive", use_cache=False))
    assert briefing.sentences()
    assert {s.text: splits[s.text] for s in sources} == {s.text: 1 for s in sources}


def test_chunking_then_checking_splits_each_source_once(fresh_articles, splits):
    sources = load_sources([fresh_articles])
    chunk_sources(sources, max_tokens=1500, encoding_name="o200k_base")
    briefing, _ = summarize([fresh_articles], Settings(engine="extractive", use_cache=False))
    check_briefing(briefing, sources)
    assert {s.text: splits[s.text] for s in sources} == {s.text: 1 for s in sources}


def test_shared_sentences_are_the_segmenters(articles_dir):
    for source in load_sources([articles_dir]):
        first = briefer.sentences.sentences_in(source.text)
        assert first == briefer.sentences.sentences_in(source.text) == split_sentences(source.text)


def test_the_cache_is_bounded_by_the_text_it_holds(monkeypatch):
    monkeypatch.setattr(briefer.sentences, "MAX_CACHED_CHARS", 1000)
    texts = [f"Sentence {uuid.uuid4().hex} one. And two. " * 5 for _ in range(50)]
    for text in texts:
        briefer.sentences.sentences_in(text)
    held = [t for t in texts if t in briefer.sentences._cache]
    assert held == texts[-len(held) :] and sum(map(len, held)) <= 1000

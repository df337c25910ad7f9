"""The checker's process-wide caches stay bounded in memory, not only in entries (issue 13)."""

from __future__ import annotations

import pytest

from briefer.lexicon import names, quantities
from briefer.models import Source
from briefer.verify import citations, quotes
from briefer.verify import profile as profile_module


@pytest.fixture
def small_views(monkeypatch):
    views = quotes._Views(limit=10_000)
    monkeypatch.setattr(quotes, "text_view", views)
    return views


def test_text_views_are_bounded_in_characters(small_views):
    texts = [f"Source {n}. " + "word " * 800 for n in range(20)]  # about 4,000 characters each
    for text in texts:
        small_views(text).norm  # noqa: B018  # built, as a located quote builds it
    count, chars = small_views.held()
    assert chars <= 10_000
    assert count == 2
    assert small_views(texts[-1]) is small_views(texts[-1])  # the most recent stays


def test_one_text_over_the_bound_is_still_kept_while_in_use(small_views):
    huge = "word " * 5000
    assert small_views(huge) is small_views(huge)
    assert small_views.held() == (1, len(huge))


def test_views_are_dropped_least_recently_used_first(small_views):
    a, b, c = ("a " * 2400, "b " * 2400, "c " * 2400)
    first = small_views(a)
    small_views(b)
    assert small_views(a) is first  # a used again: b is now the oldest
    small_views(c)
    assert small_views(a) is first
    assert small_views.held()[0] == 2


def test_whole_sources_get_few_profiles():
    profile_module._long.cache_clear()
    for n in range(100):
        profile_module.profile(f"Source {n}. " + "Kim met Putin in Vladivostok. " * 200)
    assert profile_module._long.cache_info().currsize <= 32


@pytest.mark.parametrize("function", [names.canonical_entities, quantities.numbers], ids=["entities", "numbers"])
def test_long_texts_are_not_kept_by_the_word_caches(function):
    names._cached_entities.cache_clear()
    quantities._cached_numbers.cache_clear()
    function("In Moscow, 12 officials met. " * 100)  # 2,900 characters: a source, not a sentence
    assert names._cached_entities.cache_info().currsize == 0
    assert quantities._cached_numbers.cache_info().currsize == 0


def test_each_caller_gets_its_own_sets():
    text = "Kim met Putin in Moscow with 12 officials."
    folded, found = names.canonical_entities(text)
    found.add("mutated")
    numbers = quantities.numbers(text)
    numbers.add(99.0)
    assert "mutated" not in names.canonical_entities(text)[1]
    assert 99.0 not in quantities.numbers(text)


def _article(n: int, sentences: int) -> Source:
    text = " ".join(f"Source {n} reports that {k + 2} people met in Kassel on Monday." for k in range(sentences))
    return Source(id=f"s{n}", path=f"s{n}.txt", text=text)


@pytest.fixture
def pools(monkeypatch):
    monkeypatch.setattr(citations, "POOLS", {})
    return citations


def test_every_prepared_pool_of_a_run_of_news_articles_is_kept_for_the_check(pools):
    # The LLM path prepares one pool per source while the model works (briefer.prepare): 50 articles
    # of 30 sentences must all still be there when the briefing is checked.
    sources = [_article(n, 30) for n in range(50)]
    built = [pools.cached_pool([s], "en") for s in sources]
    assert all(pools.cached_pool([s], "en") is pool for s, pool in zip(sources, built, strict=True))


@pytest.mark.parametrize(("sentences", "kept"), [(100, 4), (150, 2), (500, 1)])
def test_pools_are_bounded_by_their_sentences_oldest_dropped_first(pools, monkeypatch, sentences, kept):
    monkeypatch.setattr(citations, "_POOL_SENTENCES", 400)
    sources = [_article(n, sentences) for n in range(6)]
    for s in sources:
        pools.cached_pool([s], "en")
    held = list(pools.POOLS.values())
    assert len(held) == kept  # one pool over the bound is still kept while it is the one in use
    assert [p.sources[0].id for p in held] == [s.id for s in sources[-kept:]]

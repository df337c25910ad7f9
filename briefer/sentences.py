"""A source text's sentences, split once per run and shared by every stage that reads them.

The chunker (LLM engine), the extractive engine and the checker all walk a source sentence by
sentence; each used to split the text again. ``sentences_in`` splits a text once and keeps the
result while the total text it holds stays under a bound, dropping the least recently used first.
The bound is in characters, not entries: a run reads every source once per stage, in order, so a
cache of a few dozen entries would miss on every source of a large run, while this one holds a
whole run of ordinary size (the texts themselves belong to their Sources; only the spans are extra).
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from briefer.models import Span
from briefer.segment import split_sentences

MAX_CACHED_CHARS = 64_000_000

_cache: OrderedDict[str, tuple[Span, ...]] = OrderedDict()
_cached_chars = 0
_lock = threading.Lock()


def sentences_in(text: str) -> tuple[Span, ...]:
    """``split_sentences(text)``, computed once for each text (spans are frozen, so safe to share)."""
    global _cached_chars
    with _lock:
        spans = _cache.get(text)
        if spans is not None:
            _cache.move_to_end(text)
            return spans
    spans = tuple(split_sentences(text))
    with _lock:
        if text not in _cache:
            _cache[text] = spans
            _cached_chars += len(text)
            while _cached_chars > MAX_CACHED_CHARS and len(_cache) > 1:
                dropped, _ = _cache.popitem(last=False)
                _cached_chars -= len(dropped)
    return spans


def cached_texts() -> int:
    """How many texts are held (for tests and benches)."""
    return len(_cache)

"""A source text's sentences, split once per run and shared by every stage that reads them.

The chunker (LLM engine), the extractive engine and the checker all walk a source sentence by
sentence; each used to split the text again. ``sentences_in`` splits a text once and keeps the
offsets while the total text it holds stays under a bound, dropping the least recently used first.
The bound is in characters, not entries: a run reads every source once per stage, in order, so a
cache of a few dozen entries would miss on every source of a large run, while this one holds a
whole run of ordinary size (the texts themselves belong to their Sources during the run).

Offsets are kept as a flat array (16 bytes a sentence) and each call gets its own list of Spans:
building them is about a tenth of the cost of splitting, and Span objects held for every sentence
of a 1,000-article run were 20 MB.
"""

from __future__ import annotations

import threading
from array import array
from collections import OrderedDict

from briefer.models import Span
from briefer.segment import split_sentences

MAX_CACHED_CHARS = 16_000_000  # some 3,500 articles of ordinary length

_cache: OrderedDict[str, array[int]] = OrderedDict()
_cached_chars = 0
_lock = threading.Lock()


def sentences_in(text: str) -> list[Span]:
    """``split_sentences(text)``, split once for each text; every call gets its own list."""
    global _cached_chars
    with _lock:
        offsets = _cache.get(text)
        if offsets is not None:
            _cache.move_to_end(text)
    if offsets is None:
        spans = split_sentences(text)
        offsets = array("q", [x for span in spans for x in (span.start, span.end)])
        with _lock:
            if text not in _cache:
                _cache[text] = offsets
                _cached_chars += len(text)
                while _cached_chars > MAX_CACHED_CHARS and len(_cache) > 1:
                    dropped, _ = _cache.popitem(last=False)
                    _cached_chars -= len(dropped)
        return spans
    return [Span(start=offsets[i], end=offsets[i + 1]) for i in range(0, len(offsets), 2)]


def cached_texts() -> int:
    """How many texts are held (for tests and benches)."""
    return len(_cache)

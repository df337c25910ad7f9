"""Source → Chunks: sentence-aligned pieces of article text under a token budget, with exact spans.

Invariants, for every chunk: ``chunk.text == source.text[chunk.start:chunk.end]``, ``chunk.tokens``
is the exact token count of that text and at most the budget, and no chunk overlaps furniture —
share buttons, captions or injected prompts are never sent to a model. Chunks break at sentence
ends; a sentence longer than the budget breaks at word boundaries, and a word longer than the
budget into character runs that cannot exceed it.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence

from briefer.errors import ConfigError
from briefer.models import Chunk, Furniture, Source
from briefer.sentences import sentences_in
from briefer.tokens import token_counter

# A UTF-8 character is at most 4 bytes and a token at least 1 byte, so a run of
# budget // 4 characters never exceeds the budget.
_BYTES_PER_CHAR_MAX = 4
_MIN_BUDGET = 2 * _BYTES_PER_CHAR_MAX
_WORD = re.compile(r"\S+")

Piece = tuple[int, int]
Counter = Callable[[int, int], int]  # tokens in source.text[start:end]


def chunk_sources(sources: list[Source], max_tokens: int, encoding_name: str) -> list[Chunk]:
    """Chunks of every source, in source order; indexes count from 0 within each source."""
    check_budget(max_tokens)
    return [chunk for source in sources for chunk in chunk_source(source, max_tokens, encoding_name)]


def check_budget(max_tokens: int) -> None:
    """ConfigError for a budget too small to chunk by (``chunk_source`` alone does not check)."""
    if max_tokens < _MIN_BUDGET:
        raise ConfigError(f"chunk budget of {max_tokens} tokens is too small; use at least {_MIN_BUDGET}")


def chunk_source(source: Source, max_tokens: int, encoding_name: str) -> list[Chunk]:
    tokens = token_counter(encoding_name)
    text = source.text

    def count(start: int, end: int) -> int:
        return tokens(text[start:end])

    chunks: list[Chunk] = []
    for run in _content_runs(source):
        pieces = [p for sentence in run for p in _fit(text, sentence, max_tokens, count)]
        for start, end in _pack(pieces, max_tokens, count):
            chunks.append(
                Chunk(
                    source=source.id,
                    index=len(chunks),
                    start=start,
                    end=end,
                    text=text[start:end],
                    tokens=count(start, end),
                )
            )
    return chunks


def _content_runs(source: Source) -> list[list[Piece]]:
    """Non-furniture sentences, grouped into runs that no furniture interrupts."""
    blocked = _merged(source.furniture)
    block_starts = [start for start, _ in blocked]
    runs: list[list[Piece]] = []
    previous_end = -1
    for span in sentences_in(source.text):
        i = bisect.bisect_right(block_starts, span.start) - 1
        inside_previous = i >= 0 and blocked[i][1] > span.start
        overlaps_next = i + 1 < len(blocked) and blocked[i + 1][0] < span.end
        if inside_previous or overlaps_next:
            continue
        furniture_between = i >= 0 and blocked[i][0] >= previous_end
        if not runs or furniture_between:
            runs.append([])
        runs[-1].append((span.start, span.end))
        previous_end = span.end
    return runs


def _merged(furniture: Sequence[Furniture]) -> list[Piece]:
    out: list[Piece] = []
    for f in sorted(furniture, key=lambda f: f.start):
        if out and f.start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], f.end))
        else:
            out.append((f.start, f.end))
    return out


def _fit(text: str, sentence: Piece, max_tokens: int, count: Counter) -> list[Piece]:
    """The sentence itself if it fits the budget, else its words (overlong words cut into runs)."""
    start, end = sentence
    if (end - start) * _BYTES_PER_CHAR_MAX <= max_tokens or count(start, end) <= max_tokens:
        return [sentence]  # the first test needs no tokenizer: a token holds at least one byte
    text_len = max_tokens // _BYTES_PER_CHAR_MAX
    pieces: list[Piece] = []
    for word in _WORD.finditer(text, start, end):
        ws, we = word.span()
        if we - ws <= text_len or count(ws, we) <= max_tokens:
            pieces.append((ws, we))
        else:
            pieces.extend((i, min(i + text_len, we)) for i in range(ws, we, text_len))
    return pieces


def _pack(pieces: list[Piece], max_tokens: int, count: Counter) -> list[Piece]:
    """Greedy: extend the chunk while the running count stays in budget, then check the exact count.

    Counting ``gap + piece`` separately approximates the count of the whole span (BPE merges
    rarely cross the whitespace between sentences); the exact count decides, and a chunk that
    came out over budget gives back its last piece.
    """
    spans: list[Piece] = []
    i = 0
    while i < len(pieces):
        first = i
        running = count(*pieces[i])
        i += 1
        while i < len(pieces):
            extra = count(pieces[i - 1][1], pieces[i][1])
            if running + extra > max_tokens:
                break
            running += extra
            i += 1
        while i - first > 1 and count(pieces[first][0], pieces[i - 1][1]) > max_tokens:
            i -= 1
        spans.append((pieces[first][0], pieces[i - 1][1]))
    return spans

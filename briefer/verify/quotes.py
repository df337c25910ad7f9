"""Grounding quotes: find where a cited quote sits in a source's original text.

Three passes, cheapest first: the exact string; then a normalised copy of both texts (case, runs
of whitespace, typographic quotes, apostrophes and dashes, invisible characters; an ellipsis in the
quote means omitted words, so its parts are matched in order); then a fuzzy pass for near-copies
(a word changed), accepted only above a similarity threshold. Normalisation keeps an index map, so
every match is reported as offsets into the ORIGINAL text: ``text[start:end]`` is the evidence.

Everything is linear in the text length: ``str.find`` for the exact and normalised passes, and a
word index (built once per text) that votes for candidate windows in the fuzzy pass, scored by
``rapidfuzz`` (difflib's ratio as 2·LCS/length, in C).
"""

from __future__ import annotations

import re
import threading
from array import array
from collections import Counter, OrderedDict
from dataclasses import dataclass
from functools import cached_property

from rapidfuzz.distance import Indel

# One-for-one replacements, so that they keep offsets: typographic punctuation → ASCII.
_TYPOGRAPHY = str.maketrans(
    {
        "’": "'",
        "‘": "'",
        "‛": "'",
        "′": "'",
        "`": "'",
        "´": "'",
        "–": "-",
        "—": "-",
        "‒": "-",
        "−": "-",
        "‐": "-",
        "‑": "-",
        "\u00a0": " ",
        "\u202f": " ",
        "\u2009": " ",
    }
)
# Dropped or collapsed (they change lengths, so the index map records them): whitespace runs,
# double quotation marks of every style (models add or drop them around quotes), invisible characters,
# and combining marks (a lowered "İ" is "i" plus a combining dot).
_SQUEEZE = re.compile(r"\s+|[\"“”„«»‹›″]+|[\u200b-\u200d\u2060\ufeff\u00ad\u0300-\u036f]+")
# An omission inside a quote: "…", "...", and the bracketed forms "(…)", "[...]".
_ELLIPSIS = re.compile(r"\s*[(\[]?\s*(?:…|\.\.\.)\s*[)\]]?\s*")
_WORD = re.compile(r"\w+")

FUZZY_THRESHOLD = 0.85  # a one-word change in a ten-word quote scores about 0.9
_MAX_GAP = 2000  # characters an ellipsis may stand for: omissions stay within a passage
_MAX_OCCURRENCES = 200  # repeated boilerplate: enough tries to get past furniture copies
_FUZZY_MIN_WORDS = 8  # a near-copy of a short quote ("to travel to China") is a different quote
_FUZZY_CANDIDATES = 6
_FUZZY_MAX_CHARS = 1500  # comparing windows costs length squared; a longer "near-copy" is not a quote


@dataclass(frozen=True)
class Normalized:
    """A normalised copy of a text and, for each of its characters, the original offset."""

    text: str
    index: array[int]  # a compact array: a 1 MB text's map is 4 MB, not 36 MB of int objects

    def original(self, start: int, end: int) -> tuple[int, int]:
        """Original ``[start, end)`` of the normalised range ``[start, end)`` (end > start)."""
        return self.index[start], self.index[end - 1] + 1


class TextView:
    """What the locator needs from one text, each part built at its first use and then kept: an exact
    quote needs only the original, and the word index of a 5 MB source is some 150 MB."""

    def __init__(self, original: str) -> None:
        self.original = original

    @cached_property
    def norm(self) -> Normalized:
        return normalize(self.original)

    @cached_property
    def words(self) -> list[tuple[str, int, int]]:
        """(word, start, end) in ``norm``, in order."""
        return [(m.group(0), m.start(), m.end()) for m in _WORD.finditer(self.norm.text)]

    @cached_property
    def positions(self) -> dict[str, list[int]]:
        """word → indices into ``words``."""
        found: dict[str, list[int]] = {}
        for i, (word, _, _) in enumerate(self.words):
            found.setdefault(word, []).append(i)
        return found


def normalize(text: str) -> Normalized:
    lowered = text.lower()
    if len(lowered) != len(text):  # a few characters (İ) lower to two: map them one by one
        return _normalize_slow(text)
    flat = lowered.translate(_TYPOGRAPHY)
    parts: list[str] = []
    index: array[int] = array("i")
    cursor = 0
    for m in _SQUEEZE.finditer(flat):
        parts.append(flat[cursor : m.start()])
        index.extend(range(cursor, m.start()))
        if m.group(0)[0].isspace():
            parts.append(" ")
            index.append(m.start())
        cursor = m.end()
    parts.append(flat[cursor:])
    index.extend(range(cursor, len(flat)))
    return Normalized("".join(parts), index)


def _normalize_slow(text: str) -> Normalized:
    chars: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        for low in ch.lower():
            chars.append(low)
            index.append(i)
    # Run the fast path over the per-character lowering, then compose the two maps.
    inner = normalize("".join(chars))
    return Normalized(inner.text, array("i", (index[i] for i in inner.index)))


class _Views:
    """The views of the texts last located in, dropped least recently used first while the texts they
    hold together exceed ``limit`` characters (the most recent is always kept). A bound in characters,
    not entries: a built view is up to some 40 bytes a character (normalised copy, offset map, word
    index), so a count of views would let a few large sources hold gigabytes, and a few dozen small
    ones thrash a briefing that cites more."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._views: OrderedDict[str, TextView] = OrderedDict()
        self._chars = 0
        self._lock = threading.Lock()

    def __call__(self, text: str) -> TextView:
        """The view of ``text``, cached: a briefing cites the same few sources many times."""
        with self._lock:
            view = self._views.get(text)
            if view is not None:
                self._views.move_to_end(text)
                return view
            view = self._views[text] = TextView(text)
            self._chars += len(text)
            while self._chars > self.limit and len(self._views) > 1:
                dropped, _ = self._views.popitem(last=False)
                self._chars -= len(dropped)
            return view

    def peek(self, text: str) -> TextView | None:
        """The view of ``text`` if one is kept, without making one or changing the order of use."""
        return self._views.get(text)  # one dictionary read: atomic, no lock needed

    def cache_clear(self) -> None:
        with self._lock:
            self._views.clear()
            self._chars = 0

    def cache_parameters(self) -> dict[str, object]:
        return {"maxsize": self.limit, "typed": False}  # as functools' caches say it, for benches

    def held(self) -> tuple[int, int]:
        """(views, characters) held now."""
        return len(self._views), self._chars


MAX_VIEW_CHARS = 4_000_000  # characters of the texts whose views are kept: under 200 MB with word indexes
text_view = _Views(MAX_VIEW_CHARS)


def locate_quote(quote: str, text: str) -> tuple[int, int, str] | None:
    """Where ``quote`` occurs in ``text``: (start, end, how) with how in exact, normalized, fuzzy."""
    found = next(iter(locate_all(quote, text_view(text))), None)
    return found


def locate_all(
    quote: str, view: TextView, limit: int = _MAX_OCCURRENCES, fuzzy: bool = True
) -> list[tuple[int, int, str]]:
    """Occurrences of ``quote`` in reading order, from the first pass that finds any.

    Several are returned so that a caller can prefer one outside page furniture (a teaser line
    often repeats a sentence of the body).
    """
    if not quote.strip():
        return []
    exact = _whole_words_first([(s, s + len(quote)) for s in _find_every(quote, view.original, limit)], view.original)
    if exact:
        return [(s, e, "exact") for s, e in exact]
    parts = quote_parts(quote)
    if not parts:
        return []
    found = _whole_words_first(_find_parts(parts, view.norm, limit), view.norm.text)
    if found:
        return [_original(view, start, end, "normalized") for start, end in found]
    near = _fuzzy(" ".join(parts), view) if fuzzy else None
    return [_original(view, *near, "fuzzy")] if near else []


def quote_parts(quote: str) -> list[str]:
    """The normalised parts of ``quote`` (split at its ellipses) that ``locate_all`` looks for."""
    return [p for p in (normalize(part).text.strip(" '-") for part in _ELLIPSIS.split(quote)) if p]


def holds_normalized(parts: list[str], view: TextView) -> bool:
    """Whether ``locate_all(quote, view, limit=1, fuzzy=False)`` finds the quote of these ``parts`` past
    the exact pass: for a caller that asks many texts about one quote, normalising it once."""
    return bool(parts) and parts[0] in view.norm.text and bool(_find_parts(parts, view.norm, 1))


def _original(view: TextView, start: int, end: int, how: str) -> tuple[int, int, str]:
    first, last = view.norm.original(start, end)
    return first, last, how


def _whole_words_first(ranges: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """Occurrences that do not cut a word come first: "Kim" is in "Kim met", before "Kimchi"."""

    def cuts(start: int, end: int) -> bool:
        return (start > 0 and text[start - 1].isalnum() and text[start].isalnum()) or (
            end < len(text) and text[end].isalnum() and text[end - 1].isalnum()
        )

    return sorted(ranges, key=lambda r: cuts(*r))  # stable: reading order within each group


def _find_every(needle: str, haystack: str, limit: int) -> list[int]:
    starts: list[int] = []
    at = haystack.find(needle)
    while at != -1 and len(starts) < limit:
        starts.append(at)
        at = haystack.find(needle, at + 1)
    return starts


def _find_parts(parts: list[str], norm: Normalized, limit: int) -> list[tuple[int, int]]:
    """Ranges of norm.text where the parts occur in order, each gap at most _MAX_GAP characters."""
    found: list[tuple[int, int]] = []
    for first in _find_every(parts[0], norm.text, limit):
        end = first + len(parts[0])
        for part in parts[1:]:
            at = norm.text.find(part, end, end + _MAX_GAP + len(part))
            if at == -1:
                break
            end = at + len(part)
        else:
            found.append((first, end))
    return found


def _fuzzy(quote: str, view: TextView) -> tuple[int, int] | None:
    """The best window of about the quote's length, if it is similar enough to count as a near-copy."""
    qwords = _WORD.findall(quote)
    if len(qwords) < _FUZZY_MIN_WORDS or len(quote) > _FUZZY_MAX_CHARS or not view.words:
        return None
    # Every shared word votes for the window start it implies; common words say little, so
    # only words that are rare in the text vote.
    votes: Counter[int] = Counter()
    for qi, word in enumerate(qwords):
        hits = view.positions.get(word, ())
        if 0 < len(hits) <= 50:
            for wi in hits:
                votes[wi - qi] += 1
    if not votes:
        return None
    smoothed = Counter({s: sum(votes.get(s + d, 0) for d in (-2, -1, 0, 1, 2)) for s in votes})
    best: tuple[float, int, int] | None = None
    for start_word, _ in smoothed.most_common(_FUZZY_CANDIDATES):
        first = max(0, start_word)
        for length in (len(qwords) - 1, len(qwords), len(qwords) + 1):
            last = min(len(view.words), first + length) - 1
            if last < first:
                continue
            s, e = view.words[first][1], view.words[last][2]
            floor = max(FUZZY_THRESHOLD, best[0] if best else 0.0)
            # difflib's ratio (2·matches / total length), computed exactly in C by rapidfuzz: 2·LCS / total.
            ratio = Indel.normalized_similarity(quote, view.norm.text[s:e], score_cutoff=floor)
            if ratio and (best is None or ratio > best[0]):
                best = (ratio, s, e)
    if best is None or best[0] < FUZZY_THRESHOLD:
        return None
    return best[1], best[2]

"""English words for German nouns: what lets an English and a German sentence be compared by their
words ("Schifffahrt" and "shipping", "Schiffe" and "vessels", "Ministerium" and "ministry").

The table (``german_english.tsv.gz``; licence and provenance: ``GERMAN-ENGLISH-LICENSE``, GPL-2.0
or later, the only part of briefer under it) is Ding's German–English dictionary (Frank Richter, TU
Chemnitz) cut down by ``tools/german_english.py`` to the nouns among the 100,000 most frequent German
words: 34,104 of them, each with what it is in English (an English alternative's last word: "drinking
fountain" is a fountain) and every word of its English alternatives (what it speaks of). On word
pairs written before it was built, it gives English words for 110 of 112 German nouns, a right one
for 107 (``bench/german_english.py``).

A German compound is read by its parts when the whole is not in the table: its head, the longest
known noun it ends with ("Hafenbehörde" → "Behörde"), is what it is ("an authority"); the rest, when
known, is what it is of ("Trinkwasserbrunnen" → "Trinkwasser"). Nothing here is loaded until asked
(about 60 ms, once).
"""

from __future__ import annotations

import gzip
from functools import lru_cache
from importlib import resources

TABLE = "german_english.tsv.gz"
_Entry = tuple[tuple[str, ...], tuple[str, ...]]  # English heads, English words
_MIN_HEAD = 4  # letters a compound's head has at least ("Amt" is too short to find inside a word alone)
_MIN_PART = 3  # letters the rest of a compound has at least
_ENDINGS = ("en", "es", "er", "ern", "e", "n", "s")  # inflection endings tried when a form is not listed
_LINKS = ("s", "es", "n", "en", "")  # the joints of a compound: "Arbeit-s-markt", "Straße-n-bahn"


@lru_cache(maxsize=1)
def _table() -> dict[str, str]:
    """German noun, lowercase → the rest of its line (English heads, tab, words), split when asked for."""
    text = gzip.decompress(resources.files("briefer.lexicon").joinpath(TABLE).read_bytes()).decode("utf-8")
    found: dict[str, str] = {}
    for line in text.splitlines():
        german, _, rest = line.partition("\t")
        found.setdefault(german.lower(), rest)
    return found


@lru_cache(maxsize=65536)
def _entry(low: str) -> _Entry | None:
    rest = _table().get(low)
    if rest is None:
        return None
    heads, _, words = rest.partition("\t")
    return tuple(heads.split()), tuple(words.split())


@lru_cache(maxsize=65536)
def english_for(word: str) -> tuple[str, ...]:
    """What a German noun as written (any inflection, any case) is, in English: "Schiffe" → ("ships",
    "boats", "vessels"); for a compound not in the table, what its head is ("Trinkwasserbrunnen" →
    those of "Brunnen"). Empty when the word is no noun the table knows."""
    low = word.lower()
    found = _whole(low) or _parts(low)[0]
    return found[0] if found else ()


@lru_cache(maxsize=65536)
def english_parts(word: str) -> frozenset[str]:
    """The English words of a German noun: its own; for a compound not in the table, those of its head
    and of the rest ("Trinkwasserbrunnen": "Brunnen" and "Trinkwasser"). What a sentence speaks of,
    for telling two sentences apart; what it counts is ``english_for``."""
    low = word.lower()
    whole = _whole(low)
    if whole is not None:
        return frozenset(whole[1])
    head, rest = _parts(low)
    return frozenset(head[1] if head else ()) | frozenset(rest[1] if rest else ())


def _whole(low: str) -> _Entry | None:
    found = _entry(low)
    if found is not None:
        return found
    for ending in _ENDINGS:
        if low.endswith(ending) and len(low) - len(ending) >= _MIN_HEAD:
            found = _entry(low[: -len(ending)])
            if found is not None:
                return found
    return None


def _parts(low: str) -> tuple[_Entry | None, _Entry | None]:
    """The entries of a compound's head (its longest known ending noun) and of the rest, if known."""
    for cut in range(_MIN_PART, len(low) - _MIN_HEAD + 1):
        head = _whole(low[cut:])
        if head is None:
            continue
        rest = low[:cut]
        for link in _LINKS:
            if rest.endswith(link) and len(rest) - len(link) >= _MIN_PART:
                known = _whole(rest[: len(rest) - len(link)])
                if known is not None:
                    return head, known
        return head, None
    return None, None

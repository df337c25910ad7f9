"""The lexicon's tables kept in briefer's cache directory as an index a run reads only where it looks.

Decoding the bundled tables costs a fresh process most of a second: the WordNet table is 100,000 lines
parsed one by one, simplemma's English dictionary a front-coded stream decoded record by record. What
they decode to is plain data (dicts and sets keyed by strings, lists; their values strings, ints and
lists of them), so this module keeps it as a sorted index: a later run reads the file in one go and
checks its seal, then looks up only the words it meets (a seed briefing looks up a few thousand of
the tables' 370,000 keys), each lookup a bisect over the first keys of blocks of 32 entries and a
``bytes.find`` in the block, both in C, on the file's bytes in place. Plain data, never code: no
pickle or marshal, as for the tokenizer's cache.

A cache file is ``lexicon/<name>-<key>.fields`` under briefer's cache directory. Its key is a hash of
everything the data depends on: the format, briefer's version, the bundled file's bytes and the source
of the module that decodes it (so a changed table or parser never reads an old cache). The file starts
with the sha256 of the rest: a truncated or damaged file fails that check and is rebuilt. It is
written to a temporary file and renamed into place, so a concurrent reader sees a whole file or none,
and concurrent writers of the same key write the same bytes. An unwritable or missing cache directory
only means decoding again.

Layout (offsets are little-endian uint32): an 8-byte header length, the header (JSON: per table its
name, kind, value kind, where it starts, its count of blocks or items, its length and the size of its
first keys), then each table, 4-aligned. A ``map`` or ``set`` is ``blocks + 1`` offsets into its
entries, the entries (each ``\\n key \\0 value``, sorted by key), then the first key of each block,
one a line; a ``list`` is ``items + 1`` offsets, then its items one after another.
"""

from __future__ import annotations

import hashlib
import json
import sys
from array import array
from bisect import bisect_right
from collections.abc import Callable, Iterator, Mapping, Sequence, Set
from functools import lru_cache
from itertools import accumulate, chain
from pathlib import Path
from typing import Any

from briefer import sealed
from briefer.config import default_cache_dir

_FORMAT = b"briefer lexicon index v2"  # change it with the layout: a shipped index (wordnet.py) keys on it


def cache_key(*parts: bytes) -> str:
    """The key of a cache file: a hash of the format and ``parts`` (bytes the data depends on)."""
    return format_key(_own_source(), *parts)  # a change to how fields are written or read invalidates them too


def format_key(*parts: bytes) -> str:
    """A key of the format and ``parts`` only, for an index that is shipped rather than cached
    (``wordnet``): store.py's source is left out, so that an edit here stales no shipped file; a
    change to the layout changes ``_FORMAT``."""
    digest = hashlib.sha256(_FORMAT)
    for part in parts:
        digest.update(len(part).to_bytes(8, "little"))
        digest.update(part)
    return digest.hexdigest()[:32]


@lru_cache(maxsize=1)
def _own_source() -> bytes:
    try:
        return source_of(__file__)
    except OSError:  # no source file (a zipped install): the format string alone
        return b""


def source_of(module_file: str | None) -> bytes:
    """The bytes of a module's source file (part of a key: a changed parser invalidates the cache)."""
    if module_file is None:
        raise OSError("module has no file")
    return Path(module_file).read_bytes()


def cached(name: str, key: str, build: Callable[[], dict[str, object]]) -> dict[str, object]:
    """The tables ``build()`` returns, as read-only views of their index (module doc): read from the
    cache when a whole file for ``key`` is there, else built, written for the next run (replacing the
    files of ``name``'s other keys: an older table or briefer) and read from the bytes just written, so
    that a first run and a later one look words up in the same tables. Data :func:`encode` cannot index
    is returned as ``build()`` made it, built every time and never cached."""
    try:
        folder: Path | None = default_cache_dir() / "lexicon"
    except (RuntimeError, KeyError):  # no home directory to put a cache in
        folder = None
    path = folder / f"{name}-{key}.fields" if folder is not None else None
    found = read(path) if path is not None else None
    if found is not None:
        return found
    state = build()
    payload = encode(state)
    if payload is None:
        return state
    if folder is not None and path is not None and write(path, payload):
        for old in folder.glob(f"{name}-*.fields"):
            if old != path:
                try:
                    old.unlink(missing_ok=True)
                except OSError:  # another user's file in a shared cache: theirs to replace
                    pass
    return decode(payload)


def read(path: Path) -> dict[str, object] | None:
    """The data in a cache file, or None when it is missing, truncated or damaged."""
    payload = sealed.read(path)
    if payload is None:
        return None
    # The bytes the view is a part of (the file as read), so that lookups search them in place.
    whole = payload.obj if isinstance(payload.obj, bytes) else payload.tobytes()
    try:
        return decode(whole, len(whole) - len(payload))
    except (UnicodeDecodeError, ValueError, KeyError, TypeError, IndexError):
        return None


def write(path: Path, body: bytes) -> bool:
    """Write ``body``, sealed by its sha256, to ``path``, whole or not at all; False when it could not
    (an unwritable cache costs the next run the decoding, nothing else)."""
    return sealed.write(path, body)


# ---------------------------------------------------------------- plain data ↔ index


def encode(state: dict[str, object]) -> bytes | None:
    """``state`` (name → value) as an index (module doc). A dict must have string keys, a set string
    members, and their values or a list's items must be strings, ints or lists of them (types, not
    subclasses: a bool or an enum would not read back as itself). None when the index would not read
    back as ``state`` exactly (a tuple, a float, a key with a newline or a NUL): such data is built
    every time, never cached. Empty dicts, sets and lists are kept like any other."""
    try:
        return _encode(state)
    except OverflowError:  # a table past 4 GiB
        return None


def _encode(state: dict[str, object]) -> bytes | None:
    header: list[dict[str, object]] = []
    sections: list[bytes] = []
    at = 0
    kind: str | None
    for name, value in state.items():
        if type(value) is Entries:  # a map's entries as they are (simplemma's dictionary, decoded straight)
            built = _entries_section(value)
            if built is None:
                return None
            section, count, firsts = built
            kind, table = "str", "map"
        elif type(value) is dict and value and set(map(type, value)) == {bytes}:  # UTF-8 → UTF-8, as simplemma's
            pairs = _byte_pairs(list(value), list(value.values()))
            if pairs is None:
                return None
            section, count, firsts = _sorted(*pairs)
            kind, table = "str", "map"
        elif type(value) is dict:
            keys = _keys(list(value))
            kind = _value_kind(list(value.values()))
            if keys is None or kind is None:
                return None
            values = list(map(str.encode, _encode_values(kind, value.values())))
            section, count, firsts = _sorted(list(map(str.encode, keys)), values)
            table = "map"
        elif type(value) is set:
            # sorted: the same bytes in every process, whatever its string hashes
            keys = _keys(sorted(value)) if set(map(type, value)) <= {str} else None
            if keys is None:
                return None
            section, count, firsts = _sorted(list(map(str.encode, keys)), [b""] * len(keys))
            kind, table = "", "set"
        elif type(value) is list:
            kind = _value_kind(value)
            if kind is None:
                return None
            section, count = _items(_encode_values(kind, value))
            table, firsts = "list", 0
        else:
            return None
        entry = {"name": name, "table": table, "values": kind, "at": at, "count": count, "len": len(value)}
        header.append(entry | ({"firsts": firsts} if table != "list" else {}))
        sections.append(section)
        at += len(section)
    head = json.dumps(header, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    head += b" " * (-len(head) % 4)  # the tables 4-aligned
    return b"".join([len(head).to_bytes(8, "little"), head, *sections])


def decode(data: bytes, base: int = 0) -> dict[str, object]:
    """The tables of an index that starts at ``data[base]``, as read-only views over ``data`` (ValueError,
    KeyError, TypeError or IndexError when it does not fit its header)."""
    size = int.from_bytes(data[base : base + 8], "little")
    start = base + 8 + size
    if size % 4 or start > len(data):
        raise ValueError("a cache file shorter than its header")
    header = json.loads(data[base + 8 : start])
    state: dict[str, object] = {}
    end = start
    for entry in header:
        offsets = _offsets(data, start + entry["at"], entry["count"])
        blob = start + entry["at"] + 4 * (entry["count"] + 1)
        end = blob + offsets[-1]
        if offsets[0] != 0 or end > len(data):
            raise ValueError("a table beyond the end of its cache file")
        value = _DECODERS[entry["values"]]
        if entry["table"] == "list":
            state[entry["name"]] = IndexList(data, offsets, blob, entry["len"], value)
            continue
        firsts = data[end : end + entry["firsts"]].decode("utf-8").split("\n") if entry["count"] else []
        end += entry["firsts"]
        if len(firsts) != entry["count"] or end > len(data):
            raise ValueError("a table whose blocks do not fit its keys")
        table = Index if entry["table"] == "map" else IndexSet
        state[entry["name"]] = table(data, offsets, blob, firsts, entry["len"], value)
        end += -(end - start) % 4
    if not 0 <= len(data) - end < 4:
        raise ValueError("a cache file longer than its tables")
    return state


def _offsets(data: bytes, at: int, count: int) -> Sequence[int]:
    if at + 4 * (count + 1) > len(data) or count < 0:
        raise ValueError("a table's offsets outside its cache file")
    view = memoryview(data)[at : at + 4 * (count + 1)]
    if sys.byteorder == "little" and _UINT32 == "I":
        return view.cast("I")  # read in place
    offsets = array(_UINT32, view.tobytes())  # pragma: no cover - another machine's word sizes
    if sys.byteorder != "little":  # pragma: no cover
        offsets.byteswap()
    return offsets  # pragma: no cover


_UINT32 = next(code for code in "IL" if array(code).itemsize == 4)


def _keys(keys: list[Any]) -> list[str] | None:
    """The keys, or None when one is not a string, holds a newline or a NUL, or has no UTF-8."""
    if set(map(type, keys)) - {str}:
        return None
    joined = "\n".join(keys)
    if joined.count("\n") != max(len(keys) - 1, 0) or "\x00" in joined or not _encodable(joined):
        return None
    return keys


def _value_kind(values: list[Any]) -> str | None:
    """How values are written: ``str`` as they are (one a line), ``strs`` lists of non-empty strings
    joined by a unit separator, ``ints`` lists of ints as Python writes them (JSON), else ``json``; None
    when a value is none of strings, ints or lists of them (checked in C, one level at a time)."""
    kinds = set(map(type, values))
    if kinds <= {str}:
        text = "\x1e".join(values)
        return "str" if "\n" not in text and _encodable(text) else "json"  # JSON escapes what raw text cannot hold
    if kinds <= {str, int}:
        return "json"
    if kinds != {list}:
        return None
    items = set(map(type, chain.from_iterable(values)))
    if items <= {str}:
        text = "\x1e".join(chain.from_iterable(values))
        plain = "\n" not in text and "\x1f" not in text and all(map(all, values)) and _encodable(text)
        return "strs" if plain else "json"
    if items <= {int}:
        return "ints"
    return "json" if items <= {str, int} else None


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


_JSON = json.JSONEncoder(ensure_ascii=True, separators=(",", ":"), allow_nan=False)  # no raw newline


def _encode_values(kind: str, values: Any) -> list[str]:
    """The values as text, each in C where it can be (a Python loop over 180,000 values costs a tenth
    of a second, which a first run pays)."""
    if kind == "str":
        return list(values)
    if kind == "strs":
        return list(map("\x1f".join, values))
    if kind == "ints":
        return list(map(repr, values))  # "[1, 2]": a list of ints (not bools: checked) as JSON
    return list(map(_JSON.encode, values))


_BLOCK = 32  # entries a lookup searches with bytes.find, after a bisect over the blocks' first keys


def _sorted(keys: list[bytes], values: list[bytes]) -> tuple[bytes, int, int]:
    """The section of a table (its offsets, its entries sorted by key, the first key of each block of
    entries), its count of blocks and the size of its first keys. Built in C but for one step a block
    (a Python loop over 180,000 entries costs a tenth of a second, which a first run pays)."""
    return _blocks(sorted(map(b"\x00".join, zip(keys, values, strict=True))))  # b"\x00" sorts first: in key order


def _blocks(entries: list[bytes], joined: bytes | None = None) -> tuple[bytes, int, int]:
    """The section of a table of sorted entries (``_sorted``); ``joined``: the entries joined by
    newlines, when the caller has them."""
    blob = b"\n" + (b"\n".join(entries) if joined is None else joined) if entries else b""
    starts = list(accumulate(map((1).__add__, map(len, entries)), initial=0))  # where each entry's newline is
    marks = starts[::_BLOCK]
    if len(entries) % _BLOCK:
        marks.append(starts[-1])
    firsts = b"\n".join([entry.partition(b"\x00")[0] for entry in entries[::_BLOCK]])
    return _section(array(_UINT32, marks), blob + firsts), len(marks) - 1, len(firsts)


class Entries(list[bytes]):
    """A map's entries as :func:`encode` writes them, ``key \\0 value`` in UTF-8, for a table decoded
    straight into them (``simplemma_english``): indexed without a dict in between, read back as a map
    of strings like any other. Each key once: its maker checks that (a key twice reads its first value)."""

    __slots__ = ()


def _entries_section(entries: Entries) -> tuple[bytes, int, int] | None:
    """As ``_sorted``, or None when the entries would not read back as they are: not UTF-8, a key or a
    value with a newline, a NUL (checked over the joined bytes, in C)."""
    ordered = sorted(entries)
    joined = b"\n".join(ordered)
    if joined.count(b"\n") != max(len(ordered) - 1, 0) or joined.count(b"\x00") != len(ordered):
        return None
    try:
        joined.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return _blocks(ordered, joined)


def _byte_pairs(keys: list[bytes], values: list[object]) -> tuple[list[bytes], list[bytes]] | None:
    """UTF-8 keys and values as they are, or None when one is not valid UTF-8, a key holds a newline or
    a NUL or a value a newline (their views read them back as strings)."""
    if set(map(type, values)) - {bytes}:
        return None
    joined_keys, joined_values = b"\n".join(keys), b"\n".join(values)  # type: ignore[arg-type]  # bytes, checked
    lines = max(len(keys) - 1, 0)
    if joined_keys.count(b"\n") != lines or joined_values.count(b"\n") != lines or b"\x00" in joined_keys:
        return None
    try:
        joined_keys.decode("utf-8"), joined_values.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return keys, values  # type: ignore[return-value]  # bytes, checked above


def _items(values: list[str]) -> tuple[bytes, int]:
    encoded = list(map(str.encode, values))
    return _section(array(_UINT32, accumulate(map(len, encoded), initial=0)), b"".join(encoded)), len(values)


def _section(offsets: array[int], blob: bytes) -> bytes:
    """The offsets (the last is the blob's size), the blob, padding to 4 bytes."""
    if sys.byteorder != "little":  # pragma: no cover - a big-endian machine
        offsets.byteswap()
    return offsets.tobytes() + blob + b" " * (-len(blob) % 4)


# ---------------------------------------------------------------- read-only views over an index


def _no_value(raw: bytes) -> object:
    return None


_DECODERS: dict[str, Callable[[bytes], object]] = {
    "str": lambda raw: raw.decode("utf-8"),
    "strs": lambda raw: raw.decode("utf-8").split("\x1f") if raw else [],
    "ints": json.loads,
    "json": json.loads,
    "": _no_value,
}


class _Table:
    """A table of an index (module doc): ``_find`` gives where a key's value lies in ``data``."""

    __slots__ = ("_blob", "_data", "_firsts", "_len", "_offsets", "_value")

    def __init__(
        self,
        data: bytes,
        offsets: Sequence[int],
        blob: int,
        firsts: list[str],
        length: int,
        value: Callable[[bytes], object],
    ) -> None:
        self._data, self._offsets, self._blob, self._firsts, self._len = data, offsets, blob, firsts, length
        self._value = value

    def _find(self, key: object) -> tuple[int, int] | None:
        if type(key) is not str:
            return None
        block = bisect_right(self._firsts, key) - 1
        if block < 0:
            return None
        try:
            needle = b"\n" + key.encode("utf-8") + b"\x00"  # no key or value holds a newline: a whole key
        except UnicodeEncodeError:  # no key holds a lone surrogate
            return None
        end = self._blob + self._offsets[block + 1]
        at = self._data.find(needle, self._blob + self._offsets[block], end)
        if at < 0:
            return None
        at += len(needle)
        stop = self._data.find(b"\n", at, end)
        return at, end if stop < 0 else stop

    def _entries(self) -> Iterator[tuple[str, bytes]]:
        for entry in self._data[self._blob : self._blob + self._offsets[-1]].split(b"\n")[1:]:
            key, _, raw = entry.partition(b"\x00")
            yield key.decode("utf-8"), raw

    def __len__(self) -> int:
        return self._len


class Index(_Table, Mapping[str, Any]):
    """A read-only dict of an index: each value decoded when it is looked up."""

    __slots__ = ()

    def __getitem__(self, key: str) -> Any:
        where = self._find(key)
        if where is None:
            raise KeyError(key)
        return self._value(self._data[where[0] : where[1]])

    def get(self, key: str, default: Any = None) -> Any:
        where = self._find(key)
        return default if where is None else self._value(self._data[where[0] : where[1]])

    def __contains__(self, key: object) -> bool:
        return self._find(key) is not None

    def __iter__(self) -> Iterator[str]:
        return (key for key, _ in self._entries())

    def items(self) -> Any:
        return dict((key, self._value(raw)) for key, raw in self._entries()).items()


class IndexSet(_Table, Set[str]):
    """A read-only set of strings of an index."""

    __slots__ = ()

    def __contains__(self, key: object) -> bool:
        return self._find(key) is not None

    def __iter__(self) -> Iterator[str]:
        return (key for key, _ in self._entries())


class IndexList(Sequence[Any]):
    """A read-only list of an index: each item decoded when it is asked for."""

    __slots__ = ("_blob", "_data", "_len", "_offsets", "_value")

    def __init__(
        self, data: bytes, offsets: Sequence[int], blob: int, length: int, value: Callable[[bytes], object]
    ) -> None:
        self._data, self._offsets, self._blob, self._len, self._value = data, offsets, blob, length, value

    def __len__(self) -> int:
        return self._len

    def __getitem__(self, i: Any) -> Any:
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(self._len))]
        if i < 0:
            i += self._len
        if not 0 <= i < self._len:
            raise IndexError("index out of range")
        return self._value(self._data[self._blob + self._offsets[i] : self._blob + self._offsets[i + 1]])

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and not isinstance(other, str | bytes) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]  # as a list's

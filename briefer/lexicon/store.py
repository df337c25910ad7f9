"""The lexicon's decoded tables kept in briefer's cache directory, so that a run reads them in one go.

Decoding the bundled tables costs a fresh process most of a second: the WordNet table is 100,000 lines
parsed one by one, simplemma's English dictionary a front-coded stream decoded record by record. What
they decode to is plain data (lists, sets and dicts of strings, lists of ints), so this module keeps it
as fields of keys and JSON, read back with ``str.split`` and ``json.loads`` (in C, about twice as fast as
decoding). Plain data, never code: no pickle or marshal, as for the tokenizer's cache.

A cache file is ``lexicon/<name>-<key>.fields`` under briefer's cache directory. Its key is a hash of
everything the decoded data depends on: the format, briefer's version, the bundled file's bytes and
the source of the module that decodes it (so a changed table or parser never reads an old cache).
The file starts with the sha256 of the rest: a truncated or damaged file fails that check and is
rebuilt. It is written to a temporary file and renamed into place, so a concurrent reader sees a whole
file or none, and concurrent writers of the same key write the same bytes. An unwritable or missing
cache directory only means decoding again.
"""

from __future__ import annotations

import gc
import hashlib
import json
from collections.abc import Callable
from functools import lru_cache
from itertools import chain
from pathlib import Path

from briefer import sealed
from briefer.config import default_cache_dir

_FORMAT = b"briefer lexicon fields v1"
_SEP = "\x00"  # between fields (JSON never holds a raw NUL, and no key may)
_ROW = "\n"  # between a dict's keys


def cache_key(*parts: bytes) -> str:
    """The key of a cache file: a hash of the format and ``parts`` (bytes the data depends on)."""
    digest = hashlib.sha256(_FORMAT)
    digest.update(_own_source())  # a change to how fields are written or read invalidates them too
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
    """The plain data ``build()`` returns, read from the cache when a whole file for ``key`` is there,
    else built and written for the next run (replacing the files of ``name``'s other keys: an older
    table or briefer). Data of a shape :func:`encode` does not know is built every time, never cached."""
    try:
        folder = default_cache_dir() / "lexicon"
    except (RuntimeError, KeyError):  # no home directory to put a cache in
        return build()
    path = folder / f"{name}-{key}.fields"
    found = read(path)
    if found is not None:
        return found
    state = build()
    payload = encode(state)
    if payload is not None and write(path, payload.encode("utf-8")):
        for old in folder.glob(f"{name}-*.fields"):
            if old != path:
                try:
                    old.unlink(missing_ok=True)
                except OSError:  # another user's file in a shared cache: theirs to replace
                    pass
    return state


def read(path: Path) -> dict[str, object] | None:
    """The data in a cache file, or None when it is missing, truncated or damaged."""
    payload = sealed.read(path)
    if payload is None:
        return None
    try:
        return decode(bytes(payload).decode("utf-8"))
    except (UnicodeDecodeError, ValueError, KeyError, TypeError):
        return None


def write(path: Path, body: bytes) -> bool:
    """Write ``body``, sealed by its sha256, to ``path``, whole or not at all; False when it could not
    (an unwritable cache costs the next run the decoding, nothing else)."""
    return sealed.write(path, body)


# ---------------------------------------------------------------- plain data ↔ fields


def encode(state: dict[str, object]) -> str | None:
    """``state`` (name → value) as fields: a header naming each value's kind, then the values. A dict
    with string keys is two fields, its keys one a line and its values as JSON (split and parsed in C,
    faster than JSON's object syntax); a set of strings is its members as JSON; a list plain JSON.
    None when the fields would not read back as ``state`` exactly: only strings, ints and lists of them
    are kept, not a tuple (JSON reads it back as a list) or a float."""
    header: list[tuple[str, str]] = []
    fields: list[str] = []
    for name, value in state.items():
        if isinstance(value, dict) and value and set(map(type, value)) == {str}:
            keys = _lines(list(value))
            values = list(value.values())
            if keys is None:
                return None
            if set(map(type, values)) == {str} and (lines := _lines(values)) is not None:
                header.append((name, "lines"))  # str → str: the values one a line too
                fields += [keys, lines]
                continue
            if not _plain(values):
                return None
            header.append((name, "dict"))
            fields += [keys, _json(values)]
        elif type(value) in (set, list) and _plain(list(value)):  # type: ignore[call-overload]
            header.append((name, "set" if type(value) is set else "json"))
            fields.append(_json(list(value)))  # type: ignore[call-overload]
        else:
            return None
    return _SEP.join([_json(header), *fields])


def _lines(strings: list[str]) -> str | None:
    """The strings one a line, or None when one holds a newline or a NUL (counted in C)."""
    joined = _ROW.join(strings)
    return joined if joined.count(_ROW) == len(strings) - 1 and _SEP not in joined else None


def _plain(values: list[object]) -> bool:
    """Only strings and ints, or only lists of them (types, not subclasses: a bool or an enum would not
    read back as itself); checked in C, one level at a time."""
    kinds = set(map(type, values))
    if kinds <= {str, int}:
        return True
    return kinds == {list} and set(map(type, chain.from_iterable(values))) <= {str, int}  # type: ignore[arg-type]


def decode(payload: str) -> dict[str, object]:
    """What :func:`encode` wrote (ValueError, KeyError or TypeError when it does not fit)."""
    header, *fields = payload.split(_SEP)
    state: dict[str, object] = {}
    at = 0
    enabled = gc.isenabled()
    gc.disable()  # some 500,000 new objects, none of them garbage: no collection can free anything here
    try:
        for name, kind in json.loads(header):
            if kind in ("dict", "lines"):
                keys = fields[at].split(_ROW)
                values = fields[at + 1].split(_ROW) if kind == "lines" else json.loads(fields[at + 1])
                state[name] = dict(zip(keys, values, strict=True))
                at += 2
            else:
                value = json.loads(fields[at])
                state[name] = set(value) if kind == "set" else value
                at += 1
    except IndexError as exc:
        raise ValueError("a cache file with fewer fields than its header names") from exc
    finally:
        if enabled:
            gc.enable()
    if at != len(fields):
        raise ValueError("a cache file with more fields than its header names")
    return state


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)

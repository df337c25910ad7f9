"""simplemma's English dictionary decoded straight into the lexicon store's entries (``store.Entries``).

A first run (an empty cache directory) indexes simplemma's dictionary for the runs after it
(``words._Dictionaries``). simplemma decodes its front-coded stream into a dict of 181,000 entries,
record by record through a generator, and the store then joins and sorts those pairs again; this
module decodes the stream in one loop into the entries the index is made of, which costs about half
as much. It reads simplemma 2's stream layout (``simplemma.strategies.dictionaries.frontcode``: the
magic ``SMFC1``, a flag byte, the record count, then per record a shared-prefix length, the key's
suffix, and the value as a trim of the key plus a suffix, or the previous value, or a literal) and
gives None for anything else (another magic, reversed keys, a stream that does not decode whole or
whose keys are not strictly increasing), when the caller takes simplemma's own decoding.
``tests/test_lexicon_store.py`` checks every entry against simplemma's decoding of the same bytes.

No pickle or code: bytes in, bytes out. The dictionary's data is simplemma's (its licences folder);
briefer ships none of it, the index is built on the user's machine.
"""

from __future__ import annotations

import lzma

from briefer.lexicon import store

_MAGIC = b"SMFC1"
_SAME_AS_PREVIOUS = 254  # the value is the previous record's
_LITERAL = 255  # the value is stored whole, not as a trim of the key


def entries(compressed: bytes) -> store.Entries | None:
    """The dictionary in the lzma-compressed stream ``compressed`` (simplemma's ``en.plzma``) as
    sorted ``key \\0 value`` entries, or None when it is not the layout this reads (module doc)."""
    try:
        data = lzma.decompress(compressed)
    except lzma.LZMAError:
        return None
    if not data.startswith(_MAGIC) or len(data) <= len(_MAGIC) or data[len(_MAGIC)] != 0:
        return None  # another format, or keys stored reversed (flag 1): simplemma's own decoding
    try:
        count, pos = _varint(data, len(_MAGIC) + 1)
    except IndexError:
        return None
    found = _records(data, pos)
    return found if found is not None and len(found) == count else None


def _records(data: bytes, pos: int) -> store.Entries | None:
    out = store.Entries()
    append = out.append
    n = len(data)
    key = value = b""
    try:
        while True:
            shared = data[pos]  # lengths are one byte but for rare long ones: read inline
            if shared < 0x80:
                pos += 1
            else:
                shared, pos = _varint(data, pos)
            size = data[pos]
            if size < 0x80:
                pos += 1
            else:
                size, pos = _varint(data, pos)
            end = pos + size  # past the end, the slice is short and the next read raises IndexError
            new = key[:shared] + data[pos:end]
            if new <= key:  # keys strictly increase (and none is empty): each once, already in order
                return None
            key = new
            trim = data[end]
            pos = end + 1
            if trim != _SAME_AS_PREVIOUS:
                size = data[pos]
                if size < 0x80:
                    pos += 1
                else:
                    size, pos = _varint(data, pos)
                end = pos + size
                value = data[pos:end] if trim == _LITERAL else key[: len(key) - trim] + data[pos:end]
                pos = end
            append(key + b"\x00" + value)
            if pos >= n:
                break
    except IndexError:  # a record running past the end (or no record at all)
        return None
    return out if pos == n else None  # the last value ran past the end: pos beyond it


def _varint(data: bytes, pos: int) -> tuple[int, int]:
    """A little-endian base-128 integer at ``pos`` and the position after it."""
    result = shift = 0
    while True:
        byte = data[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return result, pos
        shift += 7

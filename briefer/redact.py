"""Secrets never leave the process: the one scrubber for everything briefer writes or prints.

The API key is registered by the client that sends it (``remember_secret``); ``scrub`` replaces it,
and any ``Authorization``/``Bearer`` value, wherever it turns up: in an error a server echoes, in a
model answer, in a cache entry, a recording, an output file or the terminal. It is used by the client
(answers as they arrive, errors), the cache, the recorder, ``files.write_atomic`` and the CLI's streams.
"""

from __future__ import annotations

import re
from typing import Any, TextIO

REPLACEMENT = "[key]"
_known: set[str] = set()
# A credential scheme and its token, or an Authorization header's value (long enough to be a token, with a digit).
_BEARER = re.compile(r"(?i)\b(bearer|basic)(\s+)[A-Za-z0-9._~+/=-]{8,}")
_AUTHORIZATION = re.compile(r"(?i)\b(authorization[\"']?\s*[:=]\s*[\"']?)(?=[^\s\"',;}]*\d)[^\s\"',;}]{12,}")
_SHORTEST = 8  # shorter "keys" ("ollama", a test's "x") are placeholders; scrubbing them would blank out words


def remember_secret(value: str | None) -> None:
    """Scrub ``value`` from everything briefer writes or prints from now on, in this process."""
    if value and len(value) >= _SHORTEST:
        _known.add(value)


def scrub(text: str) -> str:
    """``text`` without any remembered secret or credential-looking header value."""
    for secret in sorted(_known, key=len, reverse=True):
        if secret in text:
            text = text.replace(secret, REPLACEMENT)
    if "earer" in text or "asic" in text or "uthorization" in text:  # the regexes are the slow part
        text = _BEARER.sub(rf"\1\2{REPLACEMENT}", text)
        text = _AUTHORIZATION.sub(rf"\1{REPLACEMENT}", text)
    return text


def scrub_bytes(data: bytes) -> bytes:
    """``scrub`` for bytes that are UTF-8 text; other bytes have each remembered secret replaced."""
    try:
        return scrub(data.decode("utf-8")).encode("utf-8")
    except UnicodeDecodeError:
        for secret in _known:
            data = data.replace(secret.encode(), REPLACEMENT.encode())
        return data


def scrub_data(value: Any) -> Any:
    """``scrub`` applied to every string inside JSON-like data (dicts, lists, strings)."""
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, list):
        return [scrub_data(v) for v in value]
    if isinstance(value, dict):
        return {scrub_data(k): scrub_data(v) for k, v in value.items()}
    return value


class ScrubbedStream:
    """A text stream (stdout, stderr) that scrubs what is written to it; everything else is the stream's."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(scrub(text))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)

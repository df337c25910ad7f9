"""Cache files sealed by their sha256: the digest, then the payload, written whole or not at all.

The tokenizer's ranks cache (``tokens``) and the lexicon's decoded tables (``lexicon.store``) both
keep data that is slow to rebuild and cheap to check. A file that is missing, truncated or damaged
reads as None, and its owner rebuilds it; a write that fails costs the next run the rebuild, nothing
else. Kept light (no briefer imports), because the tokenizer loads it before the first model request.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

_DIGEST = 32  # sha256


def read(path: Path) -> memoryview | None:
    """The payload of the sealed file ``path``, or None when it is missing or its digest disagrees."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    return unseal(data)


def unseal(data: bytes) -> memoryview | None:
    """The payload of sealed bytes (a file's whole content), or None when its digest disagrees."""
    payload = memoryview(data)[_DIGEST:]
    if len(data) < _DIGEST or hashlib.sha256(payload).digest() != data[:_DIGEST]:
        return None
    return payload


def seal(payload: bytes) -> bytes:
    """``payload`` after its sha256: what :func:`write` writes and :func:`unseal` reads back."""
    return hashlib.sha256(payload).digest() + payload


def write(path: Path, payload: bytes) -> bool:
    """Write ``payload`` after its sha256 to ``path`` through a temporary file renamed into place, so
    a concurrent reader never sees half a file; False when it could not be written."""
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(fd, "wb") as out:
            out.write(seal(payload))
        os.replace(tmp, path)
        tmp = None
        return True
    except OSError:
        return False
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)

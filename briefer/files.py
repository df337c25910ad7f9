"""Reading and writing briefer's own files. Every write is atomic: a crash never leaves half a file."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from pydantic import ValidationError

from briefer.errors import InputError
from briefer.models import Briefing
from briefer.redact import scrub_bytes


def write_atomic(path: str | Path, data: str | bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file in the same directory and an atomic rename."""
    path = Path(path)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    raw = scrub_bytes(raw)  # the API key never reaches a file, whatever a source, model or server put in it
    if path.exists() and not path.is_file():
        # /dev/null, /dev/stdout, a FIFO: renaming over them would replace a device with a file.
        with path.open("wb") as fh:
            fh.write(raw)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_briefing(path: str | Path, briefing: Briefing) -> None:
    write_atomic(path, briefing.model_dump_json(indent=2) + "\n")


def read_briefing(path: str | Path) -> Briefing:
    """Load a briefing JSON (ours, edited by hand, or another tool's) with one-line errors."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    try:
        data = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: not valid JSON ({exc})") from None
    if not isinstance(data, dict) or not isinstance(data.get("sections"), list):
        raise InputError(f'{path}: not a briefing (expected an object with a "sections" list)')
    try:
        return Briefing.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise InputError(f"{path}: invalid briefing at {where}: {first['msg']}") from None

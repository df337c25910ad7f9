"""Reading and writing briefer's own files. Every write is atomic: a crash never leaves half a file."""

from __future__ import annotations

import json
import os
import secrets
import stat
from collections.abc import Iterable
from pathlib import Path

from pydantic import ValidationError

from briefer.errors import InputError
from briefer.ingest import ARTICLE_SUFFIXES
from briefer.models import Briefing


def write_atomic(path: str | Path, data: str | bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file in the same directory and an atomic rename.

    A new file gets the mode the umask allows (as ``open`` would give it); a rewritten one keeps its
    mode. A target that cannot be written (a directory, a full disk, no permission) is an
    ``InputError`` naming it, and the old file is left as it was.
    """
    path = Path(path)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    try:
        _write(path, raw)
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory; name a file to write") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot write ({exc.strerror or exc})") from None


def _write(path: Path, raw: bytes) -> None:
    if path.is_dir():
        raise IsADirectoryError(path)
    if path.exists() and not path.is_file():
        # /dev/null, /dev/stdout, a FIFO: renaming over them would replace a device with a file.
        with path.open("wb") as fh:
            fh.write(raw)
        return
    old_mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else None
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.parent / f".{path.name}.{secrets.token_hex(6)}.tmp"
    # os.open applies the umask to 0o666, which mkstemp's fixed 0o600 would not.
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
            fh.flush()
            os.fsync(fh.fileno())
        if old_mode is not None:
            os.chmod(tmp, old_mode)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def refuse_overwriting_inputs(out: str | Path | None, inputs: Iterable[str | Path]) -> None:
    """Raise ``InputError`` when ``out`` is one of ``inputs`` or an article inside an input folder.

    Checked before any work, so that ``--out a.txt`` on the article ``a.txt`` never replaces it.
    """
    if out is None:
        return
    target = Path(out)
    if not target.exists() or not target.is_file():
        return
    for given in inputs:
        if str(given) == "-":
            continue
        candidate = Path(given)
        try:
            if candidate.is_dir():
                inside = target.resolve().is_relative_to(candidate.resolve())
                if inside and target.name.lower().endswith(ARTICLE_SUFFIXES):
                    raise InputError(f"--out {out}: is one of the inputs (an article in {given}); "
                                     "write the output to another file")
            elif candidate.exists() and os.path.samefile(target, candidate):
                raise InputError(f"--out {out}: is one of the inputs ({given}); write the output to another file")
        except OSError:
            continue


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

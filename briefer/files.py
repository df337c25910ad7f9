"""Reading and writing briefer's own files. Every write is atomic: a crash never leaves half a file."""

from __future__ import annotations

import datetime as dt
import json
import os
import secrets
import socket
import stat
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from pydantic import ValidationError

from briefer.errors import InputError
from briefer.ingest import ARTICLE_SUFFIXES
from briefer.models import Briefing
from briefer.redact import scrub_bytes


class UnwritableError(InputError, OSError):
    """A file briefer was asked to write cannot be written: one line for the CLI (an ``InputError``),
    and still an ``OSError`` for callers that handle file errors themselves (the response cache)."""


def write_atomic(path: str | Path, data: str | bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file in the same directory and an atomic rename.

    A new file gets the mode the umask allows (as ``open`` would give it); a rewritten one keeps its
    mode. A target that cannot be written (a directory, a full disk, no permission) is an
    ``UnwritableError`` (an ``InputError`` and an ``OSError``) naming it; the old file is left as it was.
    """
    path = Path(path)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    raw = scrub_bytes(raw)  # the API key never reaches a file, whatever a source, model or server put in it
    try:
        _write(path, raw)
    except IsADirectoryError:
        raise UnwritableError(f"{path}: is a directory; name a file to write") from None
    except OSError as exc:
        raise UnwritableError(f"{path}: cannot write ({exc.strerror or exc})") from None


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
    replace_with(path, fd, tmp, raw, old_mode)


def replace_with(path: Path, fd: int, tmp: Path, raw: bytes, mode: int | None = None) -> None:
    """Write ``raw`` through ``fd`` (open on the temporary file ``tmp``), sync it, give it ``mode`` if
    set and rename it over ``path``: readers see the old file or the new one, never half of either.
    ``tmp`` is removed when anything fails."""
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
            fh.flush()
            os.fsync(fh.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
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
                    raise InputError(
                        f"--out {out}: is one of the inputs (an article in {given}); write the output to another file"
                    )
            elif candidate.exists() and os.path.samefile(target, candidate):
                raise InputError(f"--out {out}: is one of the inputs ({given}); write the output to another file")
        except OSError:
            continue


@contextmanager
def hold_lock(path: str | Path, holder: str) -> Iterator[Path]:
    """Hold ``<path>.lock`` while the block runs: a second holder is refused with an ``InputError``
    naming who holds it, since when. A lock left by a process that is gone (same host) is taken over."""
    lock = Path(path).with_name(Path(path).name + ".lock")
    record = {
        "holder": holder,
        "pid": os.getpid(),
        "host": socket.gethostname(),
        "since": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC"),
    }
    for _ in range(2):
        try:
            fd = os.open(lock, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            held = _lock_record(lock) or {}  # unreadable: assume it is held rather than break it
            if not _gone(held):
                raise InputError(
                    f"{path}: being reviewed by {held.get('holder', '?')} (pid {held.get('pid', '?')} on "
                    f"{held.get('host', '?')}) since {held.get('since', '?')}; wait for that review to end, "
                    f"or delete {lock} if it is no longer running"
                ) from None
            lock.unlink(missing_ok=True)  # its holder is gone: the lock is stale
            continue
        except OSError as exc:
            raise InputError(f"{lock}: cannot create the review lock ({exc.strerror})") from None
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(record, fh)
        break
    else:
        raise InputError(f"{lock}: another review took the lock just now; try again")
    try:
        yield lock
    finally:
        if _lock_record(lock) == record:
            lock.unlink(missing_ok=True)


def _lock_record(lock: Path) -> dict[str, object] | None:
    try:
        held = json.loads(lock.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return held if isinstance(held, dict) else None


def _gone(held: dict[str, object]) -> bool:
    """Whether the lock's process has ended (only knowable on this host)."""
    pid = held.get("pid")
    if held.get("host") != socket.gethostname() or not isinstance(pid, int):
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


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

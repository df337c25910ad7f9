"""A content-addressed cache of validated model answers, so that a re-run repeats no finished call.

The key is the sha256 of everything that shapes an answer (model, endpoint, messages, schema,
parameters) and never the API key. Each answer is its own file, written atomically, so a crash
mid-run leaves every finished call reusable and no half-written entry behind.

Temporary files are written in ``.tmp/`` and renamed into place, so a killed run's leftovers are in one
small directory, cleared when the cache is next opened. ``open`` finds out that the cache cannot be
written before anything is paid for; a write that fails later (a full disk) loses no answer: the run
goes on without the cache and ``write_error`` says why.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
import time
from pathlib import Path
from typing import Any

from briefer.errors import ConfigError
from briefer.files import replace_with
from briefer.redact import scrub_data

CACHE_FORMAT = 1
STALE_TEMPORARY = 600.0  # seconds: older temporary files belong to no write in progress


def cache_key(request: dict[str, Any]) -> str:
    """sha256 of the request's canonical JSON: equal requests, equal keys."""
    canonical = json.dumps(request, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(f"briefer-cache-{CACHE_FORMAT}:{canonical}".encode()).hexdigest()


class ResponseCache:
    """Answers by key under ``directory/ab/abcdef….json``; ``enabled=False`` reads and writes nothing."""

    def __init__(self, directory: Path, enabled: bool = True) -> None:
        self.directory = Path(directory)
        self.enabled = enabled
        self.write_error: str | None = None  # set when a write failed and the cache stopped writing

    @property
    def temporary(self) -> Path:
        return self.directory / ".tmp"

    def open(self) -> None:
        """Make sure the cache can be written (raises ``ConfigError`` if not) and clear stale temporary files."""
        if not self.enabled:
            return
        try:
            self.temporary.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=self.temporary, prefix="probe-"):
                pass
        except OSError as exc:
            raise ConfigError(
                f"cannot write the response cache in {self.directory} ({exc.strerror or exc}); "
                "choose another directory with --cache-dir, or run with --no-cache"
            ) from None
        now = time.time()
        for leftover in self.temporary.iterdir():
            try:
                if now - leftover.stat().st_mtime > STALE_TEMPORARY:
                    leftover.unlink()
            except OSError:
                continue  # another run's, being renamed right now

    def path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.json"

    def get(self, key: str) -> dict[str, Any] | None:
        """The stored entry, or None when absent, disabled or unreadable (a corrupt entry is a miss)."""
        if not self.enabled:
            return None
        try:
            entry = json.loads(self.path(key).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(entry, dict) or entry.get("key") != key or not isinstance(entry.get("content"), dict):
            return None
        return entry

    def put(self, key: str, content: dict[str, Any], **meta: Any) -> None:
        """Store ``content`` (a validated answer) with descriptive ``meta``; overwrites a corrupt entry.

        Never raises: the answer is already paid for and the caller has it; a failed write turns the
        cache's writing off for the rest of the run and is kept in ``write_error``.
        """
        if not self.enabled or self.write_error is not None:
            return
        entry = scrub_data({"key": key, **meta, "content": content})
        data = (json.dumps(entry, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
        path = self.path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.temporary.mkdir(parents=True, exist_ok=True)
            # In .tmp/, where the next open clears what a killed run left; mkstemp's 0600 keeps answers private.
            fd, tmp = tempfile.mkstemp(prefix=f"{key[:16]}.", suffix=".tmp", dir=self.temporary)
            replace_with(path, fd, Path(tmp), data)
        except OSError as exc:
            self.write_error = f"cannot write the response cache in {self.directory} ({exc.strerror or exc})"

"""A content-addressed cache of validated model answers, so that a re-run repeats no finished call.

The key is the sha256 of everything that shapes an answer (model, endpoint, messages, schema,
parameters) and never the API key. Each answer is its own file, written atomically, so a crash
mid-run leaves every finished call reusable and no half-written entry behind.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from briefer.errors import ConfigError
from briefer.files import write_atomic

CACHE_FORMAT = 1


def cache_key(request: dict[str, Any]) -> str:
    """sha256 of the request's canonical JSON: equal requests, equal keys."""
    canonical = json.dumps(request, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(f"briefer-cache-{CACHE_FORMAT}:{canonical}".encode()).hexdigest()


class ResponseCache:
    """Answers by key under ``directory/ab/abcdef….json``; ``enabled=False`` reads and writes nothing."""

    def __init__(self, directory: Path, enabled: bool = True) -> None:
        self.directory = Path(directory)
        self.enabled = enabled

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
        """Store ``content`` (a validated answer) with descriptive ``meta``; overwrites a corrupt entry."""
        if not self.enabled:
            return
        entry = {"key": key, **meta, "content": content}
        try:
            write_atomic(self.path(key), json.dumps(entry, ensure_ascii=False, indent=1) + "\n")
        except OSError as exc:
            raise ConfigError(
                f"cannot write the response cache in {self.directory} ({exc.strerror or exc}); "
                "choose another directory with --cache-dir, or run with --no-cache"
            ) from exc

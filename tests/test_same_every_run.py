"""The same articles give the same briefing in every process: no verdict reason, corroboration note or
ordering may follow the string hash seed (a set's order), which differs from one run to the next."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import ARTICLES


def brief(seed: str, out: Path, cache: Path) -> dict:
    env = {**os.environ, "PYTHONHASHSEED": seed, "BRIEFER_CACHE_DIR": str(cache)}
    env.pop("OPENAI_BASE_URL", None)
    env.pop("OPENAI_API_KEY", None)
    command = [sys.executable, "-m", "briefer", "summarize", str(ARTICLES), "--format", "json", "--out", str(out)]
    subprocess.run(command, env=env, check=True, capture_output=True)
    briefing = json.loads(out.read_text(encoding="utf-8"))
    return {"sections": briefing["sections"], "conflicts": briefing.get("conflicts"), "title": briefing["title"]}


def test_two_processes_with_different_hash_seeds_write_the_same_briefing(tmp_path: Path) -> None:
    first = brief("1", tmp_path / "a.json", tmp_path / "cache-a")
    second = brief("2", tmp_path / "b.json", tmp_path / "cache-b")
    assert any(s["verdict"]["reasons"] for section in first["sections"] for s in section["sentences"])
    assert first == second

"""kill -9 (or Ctrl-C) at a seeded random moment of an llm run, then run again: the second run asks the
endpoint only for what the first had not finished, and the --out file is never half-written."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from fault_server import Faults, load_bench, serve

from briefer.models import Briefing

ROOT = Path(__file__).resolve().parent.parent
LATENCY = 0.1  # seconds per model call: 30 articles, 2 at a time, make a map stage of about 1.5 s


@pytest.fixture(scope="module")
def articles(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("articles")
    load_bench("corpus").write_corpus(out, 30, seed=9)
    return out


def summarize(articles: Path, base_url: str, cache: Path, out: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "OPENAI_BASE_URL": base_url, "OPENAI_API_KEY": "sk-test", "BRIEFER_CACHE_DIR": str(cache)}
    argv = [
        sys.executable,
        "-m",
        "briefer",
        "summarize",
        str(articles),
        "--engine",
        "llm",
        "--concurrency",
        "2",
        "--format",
        "json",
        "--out",
        str(out),
    ]
    return subprocess.Popen(argv, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def cache_entries(cache: Path) -> list[Path]:
    return [p for p in cache.rglob("*.json") if p.parent.name != "batches"]


@pytest.mark.parametrize(
    ("how", "seed"),
    [(signal.SIGKILL, 1), (signal.SIGKILL, 2), (signal.SIGINT, 3)],
    ids=["kill-9-a", "kill-9-b", "ctrl-c"],
)
def test_a_killed_run_resumes_without_repeating_finished_calls(
    how: signal.Signals, seed: int, articles: Path, tmp_path: Path
) -> None:
    cache, out = tmp_path / "cache", tmp_path / "briefing.json"
    out.write_text(Briefing(title="yesterday's").model_dump_json())  # a kill must not truncate what was there
    first = Faults()
    with serve(first, latency=LATENCY) as (base_url, _):
        proc = summarize(articles, base_url, cache, out)
        deadline = time.monotonic() + 30
        while not first.attempts and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)  # start the clock at the first model call, not at interpreter start-up
        time.sleep(random.Random(seed).uniform(0.2, 1.2))
        assert proc.poll() is None, "the run finished before it could be killed; raise LATENCY"
        proc.send_signal(how)
        _, stderr = proc.communicate(timeout=30)

    if how == signal.SIGKILL:
        assert proc.returncode == -signal.SIGKILL
    else:  # Ctrl-C: a clean stop that says the finished calls are kept
        assert proc.returncode == 130, stderr.decode()
        assert "finished model calls are cached" in stderr.decode()
    assert Briefing.model_validate_json(out.read_text()).title == "yesterday's"
    cached = cache_entries(cache)
    for entry in cached:  # a kill never leaves half a cache entry
        json.loads(entry.read_text())
    answered_first = set(first.answered)
    assert 0 < len(cached) <= len(answered_first)

    second = Faults()
    with serve(second, port=int(base_url.rsplit(":", 1)[1].split("/")[0])) as (base_url, _):
        proc = summarize(articles, base_url, cache, out)
        _, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 0, stderr.decode()

    briefing = Briefing.model_validate_json(out.read_text())
    answered_second = set(second.answered)
    total = len(answered_first | answered_second)  # every distinct call the briefing needs
    assert len(second.answered) == len(answered_second)
    assert len(answered_second) == total - len(cached)  # only what was not finished before the kill
    # asked again: exactly the calls answered before the kill whose answers the kill kept from the cache
    assert len(answered_first & answered_second) == len(answered_first) - len(cached)
    assert briefing.run is not None
    assert (briefing.run.usage.cache_hits, briefing.run.usage.calls) == (len(cached), len(answered_second))
    assert briefing.sentences()

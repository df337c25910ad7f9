"""How close the LLM engine gets to the ideal: calls, prompt tokens, wall time vs critical path, own overhead.

    .venv/bin/python bench/llm_pipeline.py                       # 50 articles, 300 ms latency, concurrency 4
    .venv/bin/python bench/llm_pipeline.py --articles 200 --latency-ms 100 --concurrency 16

The engine runs in this process against bench/mock_openai.py (a subprocess on 127.0.0.1) over distinct
variants of the seed articles (bench/corpus.py), chunked as ``briefer summarize`` would, with an empty
cache. A transport wrapper times every HTTP exchange; "waiting" is the union of those intervals, so
briefer's overhead is the wall time during which no request was in flight. The ideal critical path is
latency × (⌈map calls / concurrency⌉ + the reduce waves the run needed).

Targets: overhead ≤ 5 % of wall, wall ≤ 1.2 × critical path, prompt tokens per source token ≤ 1.5.
"""

from __future__ import annotations

import argparse
import json
import math
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import httpx
from corpus import write_corpus

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from briefer.chunk import chunk_sources  # noqa: E402
from briefer.config import Settings  # noqa: E402
from briefer.engines.llm import LLMEngine  # noqa: E402
from briefer.ingest import load_sources  # noqa: E402

OVERHEAD_TARGET, CRITICAL_PATH_TARGET, TOKENS_TARGET = 0.05, 1.2, 1.5


class TimedTransport(httpx.AsyncBaseTransport):
    """Records (start, end) of every exchange: from sending the request to having the whole response."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.intervals: list[tuple[float, float]] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        start = time.perf_counter()
        response = await self.inner.handle_async_request(request)
        content = await response.aread()
        self.intervals.append((start, time.perf_counter()))
        return httpx.Response(response.status_code, headers=response.headers, content=content, request=request)

    async def aclose(self) -> None:
        await self.inner.aclose()


def union_seconds(intervals: list[tuple[float, float]]) -> float:
    total, reach = 0.0, -math.inf
    for start, end in sorted(intervals):
        if end > reach:
            total += end - max(start, reach)
            reach = end
    return total


def waves(arrivals: list[float], latency: float) -> int:
    """Sequential rounds among requests: a new round starts once the previous round's latency has passed."""
    count, round_start = 0, -math.inf
    for t in sorted(arrivals):
        if t >= round_start + latency * 0.9:
            count, round_start = count + 1, t
    return count


def start_mock(latency_ms: float) -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen(
        [
            sys.executable,
            str(ROOT / "bench" / "mock_openai.py"),
            "--port",
            "0",
            "--latency-ms",
            str(latency_ms),
            "--max-seconds",
            "1800",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()  # "mock OpenAI server on http://127.0.0.1:PORT/v1"
    if "http://127.0.0.1:" not in line:
        proc.kill()
        raise RuntimeError(f"the mock server did not start: {line!r}")
    return proc, line.split()[-1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=50)
    parser.add_argument("--latency-ms", type=float, default=300.0)
    parser.add_argument("--concurrency", type=int, default=Settings.model_fields["concurrency"].default)
    parser.add_argument("--chunk-tokens", type=int, default=Settings.model_fields["chunk_tokens"].default)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    latency = args.latency_ms / 1000

    proc, base_url = start_mock(args.latency_ms)
    try:
        with tempfile.TemporaryDirectory(prefix="briefer-llm-bench-") as tmp:
            paths = write_corpus(Path(tmp) / "articles", args.articles, seed=args.seed)
            settings = Settings(
                engine="llm",
                base_url=base_url,
                cache_dir=Path(tmp) / "cache",
                concurrency=args.concurrency,
                chunk_tokens=args.chunk_tokens,
            )
            sources = load_sources(paths)
            chunks = chunk_sources(sources, max_tokens=settings.chunk_tokens, encoding_name=settings.encoding_name)
            limits = httpx.Limits(max_connections=args.concurrency, max_keepalive_connections=args.concurrency)
            transport = TimedTransport(httpx.AsyncHTTPTransport(limits=limits))
            engine = LLMEngine(settings, http_client=httpx.AsyncClient(transport=transport, timeout=60))
            t0 = time.perf_counter()
            briefing = engine.brief(sources, chunks)
            wall = time.perf_counter() - t0
        with urllib.request.urlopen(base_url.removesuffix("/v1") + "/stats", timeout=10) as response:
            stats = json.load(response)
    finally:
        proc.terminate()
        proc.wait(timeout=10)

    usage = briefing.run.usage
    source_tokens = sum(c.tokens for c in chunks)
    map_calls = stats["calls"].get("chunk_facts", 0)
    reduce_calls = stats["calls"].get("briefing_draft", 0)
    reduce_waves = waves([t for t, stage in stats["arrivals"] if stage == "briefing_draft"], latency)
    critical = latency * (math.ceil(map_calls / args.concurrency) + reduce_waves)
    waiting = union_seconds(transport.intervals)
    overhead = wall - waiting
    tokens_ratio = usage.prompt_tokens / source_tokens

    rows = [
        ("articles / chunks", f"{len(sources)} / {len(chunks)} ({source_tokens} source tokens)"),
        (
            "calls",
            f"{usage.calls} (map {map_calls}, reduce {reduce_calls} in {reduce_waves} waves, "
            f"retries {usage.retries}, max in flight {stats['max_in_flight']} of {args.concurrency})",
        ),
        ("prompt tokens", f"{usage.prompt_tokens} = {tokens_ratio:.2f} per source token"),
        ("wall", f"{wall:.2f} s"),
        (
            "critical path",
            f"{critical:.2f} s = {latency:g} s × ({math.ceil(map_calls / args.concurrency)} map waves"
            f" + {reduce_waves} reduce waves); wall = {wall / critical:.3f} × critical path",
        ),
        ("waiting on server", f"{waiting:.2f} s"),
        ("briefer overhead", f"{overhead:.3f} s = {overhead / wall:.1%} of wall"),
        ("sentences", f"{len(briefing.sentences())} in {len(briefing.sections)} sections"),
    ]
    for name, value in rows:
        print(f"{name:18} {value}")
    checks = [
        (overhead / wall <= OVERHEAD_TARGET, f"overhead ≤ {OVERHEAD_TARGET:.0%} of wall"),
        (wall <= CRITICAL_PATH_TARGET * critical, f"wall ≤ {CRITICAL_PATH_TARGET} × critical path"),
        (tokens_ratio <= TOKENS_TARGET, f"prompt tokens per source token ≤ {TOKENS_TARGET}"),
    ]
    for ok, target in checks:
        print(f"{'ok ' if ok else 'OVER'} {target}")
    return 0 if all(ok for ok, _ in checks) else 1


if __name__ == "__main__":
    sys.exit(main())

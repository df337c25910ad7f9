"""How close the LLM engine gets to the ideal: calls, prompt tokens, wall time vs critical path, own overhead.

    .venv/bin/python bench/llm_pipeline.py                       # 50 articles, 300 ms latency, concurrency 4
    .venv/bin/python bench/llm_pipeline.py --articles 200 --latency-ms 100 --concurrency 16
    git archive 01ebee2 | tar -x -C /tmp/briefer-before          # an older tree to compare with …
    .venv/bin/python bench/llm_pipeline.py --baseline /tmp/briefer-before --repeat 3   # … side by side

Against bench/mock_openai.py (a subprocess on 127.0.0.1) over distinct variants of the seed articles
(bench/corpus.py), each run with an empty cache, three measurements:

- engine: the LLM engine alone, in a fresh process, on chunks made beforehand (the old figure). A
  transport wrapper times every HTTP exchange; "waiting" is the union of those intervals.
- pipeline: ``briefer.pipeline.summarize`` plus writing the JSON, in a fresh process whose modules are
  already imported (the LLM engine's and the checker's): read, chunk (tokenizer built here), engine,
  check, write. Waiting is the union of
  the intervals the mock spent on this run's requests (time.monotonic is shared across processes).
- process: ``python -m briefer summarize … --format json --out …`` timed from outside, start-up included.

Every run has an empty response cache; the tokenizer cache (``<cache>/tokenizer``, decoded ranks) is
copied in warm, as any run after briefer's first has it.

Overhead is wall time with no request in flight (wall minus the union of the mock's request
intervals), split into the time before the first request, after the last answer and between them.
The ideal critical path is latency × (⌈map calls / concurrency⌉ + the reduce waves the run needed):
the model's waits alone, with nothing else on the path: no interpreter start and no ``import openai``,
which any Python process making these calls through the openai client pays first (the "floor" line
prints both, measured here, so the 1.2× target can be read against them).

With ``--baseline DIR`` every measurement also runs with briefer imported from DIR (another
checkout), alternating with this tree, so both sets of figures come from the same machine under
the same load; medians over ``--repeat`` runs.

Targets: overhead ≤ 5 % of wall (engine and whole pipeline), the whole process ≤ 1.2 × critical path,
prompt tokens per source token ≤ 1.5.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from corpus import write_corpus

ROOT = Path(__file__).resolve().parent.parent
OVERHEAD_TARGET, CRITICAL_PATH_TARGET, TOKENS_TARGET = 0.05, 1.2, 1.5
MODES = ("engine", "pipeline", "process")


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
            "3600",
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


def mock_stats(base_url: str) -> dict:
    with urllib.request.urlopen(base_url.removesuffix("/v1") + "/stats", timeout=10) as response:
        return json.load(response)


# ---- children: each measurement runs in its own process, with briefer imported from --root ----


def child_settings(args: argparse.Namespace):  # -> Settings, imported late: start-up is measured apart
    from briefer.config import Settings

    return Settings(
        engine="llm",
        base_url=args.base_url,
        cache_dir=args.cache,
        concurrency=args.concurrency,
        chunk_tokens=args.chunk_tokens,
    )


def child_engine(args: argparse.Namespace) -> dict:
    import httpx

    from briefer.chunk import chunk_sources
    from briefer.engines.llm import LLMEngine
    from briefer.ingest import load_sources

    class TimedTransport(httpx.AsyncBaseTransport):
        """Records (start, end) of every exchange: from sending the request to having the whole response."""

        def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
            self.inner = inner
            self.intervals: list[tuple[float, float]] = []

        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            start = time.monotonic()
            response = await self.inner.handle_async_request(request)
            content = await response.aread()
            self.intervals.append((start, time.monotonic()))
            return httpx.Response(response.status_code, headers=response.headers, content=content, request=request)

        async def aclose(self) -> None:
            await self.inner.aclose()

    settings = child_settings(args)
    sources = load_sources([args.articles_dir])
    chunks = chunk_sources(sources, max_tokens=settings.chunk_tokens, encoding_name=settings.encoding_name)
    limits = httpx.Limits(max_connections=args.concurrency, max_keepalive_connections=args.concurrency)
    transport = TimedTransport(httpx.AsyncHTTPTransport(limits=limits))
    engine = LLMEngine(settings, http_client=httpx.AsyncClient(transport=transport, timeout=60))
    t0 = time.monotonic()
    briefing = engine.brief(sources, chunks)
    t1 = time.monotonic()
    return {
        "start": t0,
        "end": t1,
        "waiting": union_seconds(transport.intervals),
        "source_tokens": sum(c.tokens for c in chunks),
        "prompt_tokens": briefing.run.usage.prompt_tokens,
        "sources": len(sources),
        "chunks": len(chunks),
        "sentences": len(briefing.sentences()),
    }


def child_pipeline(args: argparse.Namespace) -> dict:
    # Start-up is the process figure's, not this one's: the openai client, and the checker, which a
    # tree may import with the engine or in the background while the model works.
    import briefer.engines.llm  # noqa: F401
    import briefer.verify  # noqa: F401
    from briefer.files import write_briefing
    from briefer.pipeline import summarize

    settings = child_settings(args)
    t0 = time.monotonic()
    briefing, sources = summarize([args.articles_dir], settings)
    write_briefing(args.cache / "briefing.json", briefing)
    t1 = time.monotonic()
    return {"start": t0, "end": t1, "sources": len(sources), "sentences": len(briefing.sentences())}


# ---- the parent: runs the children against one mock, alternating trees ----


def measure(
    mode: str, root: Path, articles: Path, work: Path, base_url: str, args: argparse.Namespace, latency: float
) -> dict:
    cache = Path(tempfile.mkdtemp(prefix=f"{mode}-", dir=work))
    warm = work / "warm-tokenizer" / "tokenizer"
    if warm.is_dir():
        shutil.copytree(warm, cache / "tokenizer")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "BRIEFER_"))}
    env |= {"PYTHONPATH": str(root), "BRIEFER_CACHE_DIR": str(cache), "NO_PROXY": "127.0.0.1"}
    common = [
        "--base-url",
        base_url,
        "--cache",
        str(cache),
        "--concurrency",
        str(args.concurrency),
        "--chunk-tokens",
        str(args.chunk_tokens),
        "--articles-dir",
        str(articles),
    ]
    if mode == "process":
        cmd = [
            sys.executable,
            "-m",
            "briefer",
            "summarize",
            str(articles),
            "--engine",
            "llm",
            "--concurrency",
            str(args.concurrency),
            "--chunk-tokens",
            str(args.chunk_tokens),
            "--format",
            "json",
            "--out",
            str(cache / "briefing.json"),
        ]
        env["OPENAI_BASE_URL"] = base_url
        start = time.monotonic()
        subprocess.run(cmd, env=env, cwd=work, check=True, stdout=subprocess.DEVNULL)
        result = {"start": start, "end": time.monotonic()}
        # Where the process's time went, as the briefing records it (the rest is start-up and exit).
        result["timings"] = json.loads((cache / "briefing.json").read_text())["run"]["timings"]
    else:
        cmd = [sys.executable, __file__, "--child", mode, "--root", str(root), *common]
        done = subprocess.run(cmd, env=env, cwd=work, check=True, capture_output=True, text=True)
        result = json.loads(done.stdout.strip().splitlines()[-1])
    stats = mock_stats(base_url)
    mine = [(a, b, stage) for a, b, stage in stats["intervals"] if result["start"] <= a <= result["end"]]
    map_calls = sum(stage == "chunk_facts" for _, _, stage in mine)
    reduce_waves = waves([a for a, _, stage in mine if stage == "briefing_draft"], latency)
    result["wall"] = result["end"] - result["start"]
    result.setdefault("waiting", union_seconds([(a, b) for a, b, _ in mine]))
    result["overhead"] = result["wall"] - result["waiting"]
    result["critical"] = latency * (math.ceil(map_calls / args.concurrency) + reduce_waves)
    result["calls"] = len(mine)
    # Where the overhead sits: before the first request arrives and after the last answer left the mock.
    result["before_first"] = min(a for a, _, _ in mine) - result["start"] if mine else result["wall"]
    result["after_last"] = result["end"] - max(b for _, b, _ in mine) if mine else 0.0
    result["between"] = (
        result["wall"] - result["before_first"] - result["after_last"] - union_seconds([(a, b) for a, b, _ in mine])
    )
    result["map_calls"], result["reduce_waves"] = map_calls, reduce_waves
    # In flight but beyond the critical path: the mock's own time per answer past the latency, and the
    # calls' slots left idle between an answer and their next request while other calls are in flight
    # (each map request after the first ``concurrency``: from the latest answer before it to its arrival).
    result["beyond"] = result["waiting"] - result["critical"]
    result["mock_extra"] = statistics.mean(b - a for a, b, _ in mine) - latency if mine else 0.0
    ends = sorted(b for _, b, _ in mine)
    arrivals = sorted(a for a, _, stage in mine if stage == "chunk_facts")[args.concurrency :]
    idle = [a - max((e for e in ends if e <= a), default=a) for a in arrivals]
    result["answer_to_next"] = statistics.median(idle) if idle else 0.0
    return result


def floor_seconds(repeat: int) -> tuple[float, float]:
    """Median wall time of a bare interpreter, and of one that imports openai: what any Python process
    making the calls through the openai client pays before its first request (no tree's code)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "BRIEFER_"))}
    out = []
    for code in ("pass", "import openai"):
        times = []
        for _ in range(max(repeat, 3)):
            start = time.monotonic()
            subprocess.run([sys.executable, "-c", code], env=env, check=True)
            times.append(time.monotonic() - start)
        out.append(statistics.median(times))
    return out[0], out[1]


# What `briefer summarize` imports before it calls summarize() (cli.main, then _cmd_summarize's imports).
START_UP = "import briefer.cli, briefer.files, briefer.pipeline, briefer.progress"


def start_up_seconds(root: Path) -> float:
    """Wall time of an interpreter that imports what ``briefer summarize`` imports from ``root`` before it
    calls ``summarize()``: the start-up part of the process figure's "outside summarize()". Run right
    after each process run, so that it meets the same load."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "BRIEFER_"))}
    env["PYTHONPATH"] = str(root)
    start = time.monotonic()
    subprocess.run([sys.executable, "-c", START_UP], env=env, check=True, cwd=tempfile.gettempdir())
    return time.monotonic() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=50)
    parser.add_argument("--latency-ms", type=float, default=300.0)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--chunk-tokens", type=int, default=1500)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=1, help="runs per measurement and tree (medians)")
    parser.add_argument("--baseline", type=Path, help="another briefer checkout to measure side by side")
    parser.add_argument(
        "--modes", default=",".join(MODES), help=f"which measurements, comma-separated (default {','.join(MODES)})"
    )
    parser.add_argument("--child", choices=["engine", "pipeline"], help=argparse.SUPPRESS)
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    parser.add_argument("--base-url", help=argparse.SUPPRESS)
    parser.add_argument("--cache", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--articles-dir", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        sys.path.insert(0, str(args.root))
        result = (child_engine if args.child == "engine" else child_pipeline)(args)
        print(json.dumps(result))
        return 0

    latency = args.latency_ms / 1000
    modes = [m for m in MODES if m in args.modes.split(",")]
    trees = {"this tree": ROOT} | ({"baseline": args.baseline.resolve()} if args.baseline else {})
    results: dict[str, dict[str, list[dict]]] = {name: {m: [] for m in MODES} for name in trees}
    proc, base_url = start_mock(args.latency_ms)
    try:
        with tempfile.TemporaryDirectory(prefix="briefer-llm-bench-") as tmp:
            articles = Path(tmp) / "articles"
            write_corpus(articles, args.articles, seed=args.seed)
            for root in trees.values():  # fill the tokenizer cache once, untimed (a tree without one skips it)
                warm_env = {
                    **os.environ,
                    "PYTHONPATH": str(root),
                    "BRIEFER_CACHE_DIR": str(Path(tmp) / "warm-tokenizer"),
                }
                subprocess.run(
                    [sys.executable, "-c", "from briefer.tokens import get_encoding as g; g('o200k_base')"],
                    env=warm_env,
                    check=True,
                    cwd=tmp,
                )
            for _ in range(args.repeat):
                for mode in modes:
                    for name, root in trees.items():
                        results[name][mode].append(measure(mode, root, articles, Path(tmp), base_url, args, latency))
                        if mode == "process":
                            results[name][mode][-1]["start_up"] = start_up_seconds(root)
        start_up, with_openai = floor_seconds(args.repeat)
    finally:
        proc.terminate()
        proc.wait(timeout=10)

    print(
        f"{args.articles} articles, {args.latency_ms:g} ms latency, concurrency {args.concurrency}, "
        f"medians of {args.repeat} run(s) per figure"
    )
    critical = results["this tree"][modes[-1]][0]["critical"]
    print(
        f"floor, not a target: a bare interpreter starts in {start_up:.2f} s, one importing openai in"
        f" {with_openai:.2f} s; the critical path plus that is {(critical + with_openai) / critical:.3f}× the"
        " critical path (the process figure's critical path counts the model's waits alone)"
    )
    ok = True
    for name, root in trees.items():
        r = results[name]
        print(f"\n{name} ({root})")
        checks = []
        if r["engine"]:
            engine = r["engine"][0]
            print(
                f"  articles / chunks   {engine['sources']} / {engine['chunks']}"
                f" ({engine['source_tokens']} source tokens)"
            )
            tokens_ratio = engine["prompt_tokens"] / engine["source_tokens"]
            print(f"  prompt tokens       {engine['prompt_tokens']} = {tokens_ratio:.2f} per source token")
            checks.append((tokens_ratio <= TOKENS_TARGET, f"prompt tokens per source token ≤ {TOKENS_TARGET}"))
        for mode in modes:
            wall = statistics.median(x["wall"] for x in r[mode])
            overhead = statistics.median(x["overhead"] / x["wall"] for x in r[mode])
            ratio = statistics.median(x["wall"] / x["critical"] for x in r[mode])
            x = r[mode][0]
            print(
                f"  {mode:9} wall {wall:6.2f} s  critical path {x['critical']:.2f} s ({x['map_calls']} map calls,"
                f" {x['reduce_waves']} reduce waves)  wall/critical {ratio:.3f}×  overhead {overhead:.1%}"
            )
            before = statistics.median(x["before_first"] for x in r[mode])
            after = statistics.median(x["after_last"] for x in r[mode])
            between = statistics.median(x["between"] for x in r[mode])
            print(
                f"            first request after {before:.2f} s, last answer {after:.2f} s before the end,"
                f" no request in flight between them {between:.2f} s (the mock's view)"
            )
            beyond = statistics.median(x["beyond"] for x in r[mode])
            mock_extra = statistics.median(x["mock_extra"] for x in r[mode])
            to_next = statistics.median(x["answer_to_next"] for x in r[mode])
            print(
                f"            in flight beyond the critical path {beyond:.2f} s: the mock's own time past the"
                f" latency {mock_extra * 1000:.1f} ms an answer; a map answer to the next request {to_next * 1000:.1f}"
                " ms (median)"
            )
            if mode == "process":
                stages = [k for k in ("ingest", "chunk", "engine", "verify", "total") if k in x.get("timings", {})]
                inside = {k: statistics.median(y["timings"][k] for y in r[mode]) for k in stages}
                outside = wall - inside.get("total", 0)
                print(
                    "            stages "
                    + ", ".join(f"{k} {v:.2f} s" for k, v in inside.items())
                    + f"; outside summarize() (start-up, writing, exit) {outside:.2f} s"
                )
                own_start = statistics.median(y["start_up"] for y in r[mode])
                print(
                    f"            start-up alone (interpreter + {START_UP.removeprefix('import ')}, after each run)"
                    f" {own_start:.2f} s; so the CLI's own steps, writing and exit ≈ {outside - own_start:.2f} s"
                )
            if mode in ("engine", "pipeline"):
                checks.append((overhead <= OVERHEAD_TARGET, f"{mode}: overhead ≤ {OVERHEAD_TARGET:.0%} of wall"))
            else:
                checks.append((ratio <= CRITICAL_PATH_TARGET, f"process: wall ≤ {CRITICAL_PATH_TARGET} × critical"))
        for passed, target in checks:
            print(f"  {'ok ' if passed else 'OVER'} {target}")
        ok = ok and all(passed for passed, _ in checks) if name == "this tree" else ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

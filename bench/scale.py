"""How briefer grows with the number of articles: time and peak memory at N and 10·N articles.

    .venv/bin/python bench/scale.py                      # N = 100 and 1000, both engines
    .venv/bin/python bench/scale.py --sizes 50 500 --engines extractive
    .venv/bin/python bench/scale.py --engines extractive --largest-article   # also one ~5 MB article
    .venv/bin/python bench/scale.py --engines extractive --sizes 1000 3000 --compare 01ebee2
                                     # the same runs with the code of another commit, side by side

With --compare REV, each run is repeated with REV's `briefer` package (extracted by `git archive` into a
temporary directory and put first on PYTHONPATH), alternating the two so that a loaded machine slows both
alike; the table then gives both and their ratio. CPU seconds (the child's user + system time, os.wait4)
are printed beside wall seconds: on a shared machine they are the steadier figure.

Each run is `python -m briefer summarize DIR --format json --out FILE` in a fresh subprocess on distinct
article variants of the seeds (bench/corpus.py). The llm engine talks to the loopback mock server
(bench/mock_openai.py) with a small latency, high concurrency and an empty cache. Peak RSS is the
child's own ru_maxrss (os.wait4), so runs do not see each other's peaks. Targets: from the smallest to
the largest size (10×), time grows ≤ 11× and peak RSS ≤ 2×.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from corpus import SEEDS, vary_text, write_corpus

ROOT = Path(__file__).resolve().parent.parent
TIME_RATIO_TARGET, RSS_RATIO_TARGET = 11.0, 2.0
# issue 13, with --compare: 1,000 articles in at most a third of the time; peak RSS from 1,000 to 3,000 ≤ 1.5×
SPEEDUP_TARGET, RSS_GROWTH_TARGET = 1 / 3, 1.5


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_mock(latency_ms: float) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "bench" / "mock_openai.py"), "--port", str(port), "--latency-ms", str(latency_ms)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return proc, f"http://127.0.0.1:{port}/v1"
        except OSError:
            time.sleep(0.05)
    proc.kill()
    raise RuntimeError("the mock server did not start")


def write_largest_article(out_dir: Path, seed: int) -> Path:
    """Seed variants in one file, just under ingest's size and line caps: the largest article briefer takes.
    Blocks of clustering never split an article, so this is the extractive engine's worst single input."""
    from briefer.ingest import MAX_FILE_BYTES, MAX_LINES

    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    rng, parts, size, lines = random.Random(seed), [], 0, 0
    while True:
        part = vary_text(texts[len(parts) % len(texts)], rng)
        if size + len(part.encode()) + 2 > 0.95 * MAX_FILE_BYTES or lines + part.count("\n") + 2 > MAX_LINES:
            break
        parts.append(part)
        size, lines = size + len(part.encode()) + 2, lines + part.count("\n") + 2
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "largest.txt"
    path.write_text("\n\n".join(parts), encoding="utf-8")
    return path


def extract_revision(rev: str, work: Path) -> Path:
    """The ``briefer`` package as it was at ``rev``, in a directory to put first on PYTHONPATH."""
    target = work / f"rev-{rev}"
    target.mkdir()
    archive = subprocess.run(["git", "archive", rev, "briefer"], cwd=ROOT, check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    return target


def run_once(
    articles: Path, engine: str, work: Path, base_url: str | None, concurrency: int, code: Path | None = None
) -> dict[str, Any]:
    """One summarize run in a fresh process: wall seconds, articles/s, the child's peak RSS in MiB and
    the stage timings the briefing records (to find a stage that grows faster than the input).
    ``code``: a directory holding another revision's ``briefer`` package to run instead."""
    out = work / f"briefing-{engine}-{articles.name}-{code.name if code else 'here'}.json"
    cache = Path(tempfile.mkdtemp(dir=work, prefix="cache-"))
    env = {**os.environ, "BRIEFER_CACHE_DIR": str(cache)}
    if code is not None:
        env["PYTHONPATH"] = str(code) + os.pathsep + env.get("PYTHONPATH", "")
    for var in ("OPENAI_BASE_URL", "OPENAI_API_KEY", "BRIEFER_ENGINE"):
        env.pop(var, None)
    argv = [
        sys.executable,
        "-m",
        "briefer",
        "summarize",
        str(articles),
        "--engine",
        engine,
        "--format",
        "json",
        "--out",
        str(out),
    ]
    if base_url:
        env.update(OPENAI_BASE_URL=base_url, OPENAI_API_KEY="sk-bench")
        argv += ["--concurrency", str(concurrency)]
    t0 = time.perf_counter()
    # `python -m` puts its working directory first on sys.path: run another revision from its own directory.
    proc = subprocess.Popen(argv, env=env, cwd=code or ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert proc.stderr is not None
    stderr = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"{engine} on {articles}: exit {proc.returncode}\n{stderr.decode(errors='replace')[-2000:]}")
    briefing = json.loads(out.read_text())
    sentences = sum(len(s["sentences"]) for s in briefing["sections"])
    n = len(list(articles.glob("*.txt")))
    stages = {k: v for k, v in (briefing.get("run") or {}).get("timings", {}).items() if k != "total"}
    return {
        "n": n,
        "seconds": seconds,
        "per_second": n / seconds,
        "rss_mib": usage.ru_maxrss / 1024,
        "cpu": usage.ru_utime + usage.ru_stime,
        "sentences": sentences,
        "stages": stages,
        "sections": len(briefing["sections"]),
        "conflicts": len(briefing.get("conflicts", [])),
    }


def compare(args: argparse.Namespace, corpora: dict[int, Path], work: Path) -> bool:
    """Each size run here and with --compare's code, alternating; both rows and their ratios."""
    old_code = extract_revision(args.compare, work)
    rows: dict[str, list[dict[str, Any]]] = {"here": [], args.compare: []}
    for n in args.sizes:
        for _ in range(args.repeat):
            rows[args.compare].append(run_once(corpora[n], "extractive", work, None, 1, old_code))
            rows["here"].append(run_once(corpora[n], "extractive", work, None, 1))
    ok = True
    for label, runs in rows.items():
        for r in runs:
            print(
                f"{label:10} N={r['n']:5d}  {r['seconds']:8.2f} s wall  {r['cpu']:8.2f} s CPU  "
                f"peak RSS {r['rss_mib']:7.1f} MiB  ({r['sentences']} sentences, {r['sections']} sections, "
                f"{r['conflicts']} conflicts)"
            )
            print(" " * 11 + "stages: " + ", ".join(f"{k} {v:.2f} s" for k, v in r["stages"].items()))

    def best(label: str, n: int, field: str) -> float:
        return min(r[field] for r in rows[label] if r["n"] == n)

    for n in args.sizes:
        wall = best("here", n, "seconds") / best(args.compare, n, "seconds")
        cpu = best("here", n, "cpu") / best(args.compare, n, "cpu")
        engine = min(r["stages"].get("engine", 0) for r in rows["here"] if r["n"] == n) / max(
            1e-9, min(r["stages"].get("engine", 0) for r in rows[args.compare] if r["n"] == n)
        )
        verdict = "ok" if cpu <= SPEEDUP_TARGET else "OVER TARGET"
        print(
            f"N={n}: this code / {args.compare}: wall {wall:.2f}×, CPU {cpu:.2f}×, engine stage {engine:.2f}×  "
            f"[{verdict}: CPU ≤ {SPEEDUP_TARGET:.2f}×]"
        )
    if len(args.sizes) > 1:
        lo, hi = args.sizes[0], args.sizes[-1]
        for label in rows:
            growth = best(label, hi, "rss_mib") / best(label, lo, "rss_mib")
            mark = f"  [{'ok' if growth <= RSS_GROWTH_TARGET else 'OVER TARGET'}: ≤ {RSS_GROWTH_TARGET}×]"
            print(f"{label:10} peak RSS from N={lo} to N={hi}: {growth:.2f}×" + (mark if label == "here" else ""))
            ok &= label != "here" or growth <= RSS_GROWTH_TARGET
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--engines", nargs="+", choices=["extractive", "llm"], default=["extractive", "llm"])
    parser.add_argument("--latency-ms", type=float, default=5.0, help="mock server latency per request")
    parser.add_argument("--concurrency", type=int, default=32, help="llm calls in flight")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--largest-article",
        action="store_true",
        help="also time the extractive engine on one article just under the 5 MiB cap",
    )
    parser.add_argument(
        "--compare",
        metavar="REV",
        help="also run the extractive engine with the code of git revision REV, side by side",
    )
    parser.add_argument("--repeat", type=int, default=1, help="with --compare: runs per size and code (best kept)")
    args = parser.parse_args(argv)

    failed = False
    with tempfile.TemporaryDirectory(prefix="briefer-scale-") as tmp:
        work = Path(tmp)
        corpora = {n: write_corpus(work / f"articles-{n}", n, seed=args.seed)[0].parent for n in args.sizes}
        if args.compare:
            return 0 if compare(args, corpora, work) else 1
        mock = start_mock(args.latency_ms) if "llm" in args.engines else None
        try:
            for engine in args.engines:
                base_url = mock[1] if engine == "llm" and mock else None
                rows = [run_once(corpora[n], engine, work, base_url, args.concurrency) for n in args.sizes]
                for r in rows:
                    print(
                        f"{engine:10} N={r['n']:5d}  {r['seconds']:8.2f} s  {r['per_second']:8.1f} articles/s  "
                        f"peak RSS {r['rss_mib']:7.1f} MiB  ({r['sentences']} sentences)"
                    )
                    print(" " * 11 + "stages: " + ", ".join(f"{k} {v:.2f} s" for k, v in r["stages"].items()))
                if len(rows) > 1:
                    first, last = rows[0], rows[-1]
                    t_ratio, m_ratio = last["seconds"] / first["seconds"], last["rss_mib"] / first["rss_mib"]
                    size_ratio = last["n"] / first["n"]
                    ok = t_ratio <= TIME_RATIO_TARGET * size_ratio / 10 and m_ratio <= RSS_RATIO_TARGET
                    failed |= not ok
                    print(
                        f"{engine:10} {size_ratio:.0f}× articles: time {t_ratio:.2f}×, peak RSS {m_ratio:.2f}×  "
                        f"[{'ok' if ok else 'OVER TARGET'}: time ≤ {TIME_RATIO_TARGET * size_ratio / 10:.1f}×, "
                        f"RSS ≤ {RSS_RATIO_TARGET:.0f}×]"
                    )
            if args.largest_article:
                path = write_largest_article(work / "largest", args.seed)
                r = run_once(path.parent, "extractive", work, None, args.concurrency)
                print(
                    f"extractive one article of {path.stat().st_size / 2**20:.1f} MiB: {r['seconds']:.2f} s  "
                    f"peak RSS {r['rss_mib']:.1f} MiB  ({r['sentences']} sentences)"
                )
                print(" " * 11 + "stages: " + ", ".join(f"{k} {v:.2f} s" for k, v in r["stages"].items()))
        finally:
            if mock:
                mock[0].terminate()
                mock[0].wait()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

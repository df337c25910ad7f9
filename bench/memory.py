"""Where `briefer summarize` (extractive engine) holds its memory: per stage, and what is live at its peak.

    .venv/bin/python bench/memory.py --sizes 1000 3000            # RSS high-water mark per stage
    .venv/bin/python bench/memory.py --sizes 1000 --trace 25      # + tracemalloc: the 25 largest holders
                                                                  #   live at the end of each stage

Each size runs in a fresh subprocess on the same generated corpus as bench/scale.py (bench/corpus.py,
seed 0), in-process through ``briefer.pipeline.summarize``. The engine's stages are timed and measured by
wrapping the functions it calls (read_units, weigh, group, rank_stories, find_conflicts,
select_sentences, the checker): after each, the process's RSS high-water mark (VmHWM, reset before each
stage through /proc/self/clear_refs where the kernel allows it) and, with --trace, tracemalloc's peak
during the stage and the allocations live at its end, grouped by the line that made them (traceback
depth --depth). tracemalloc slows the run several times and adds its own memory: read its figures as
shares, and RSS figures from a run without --trace (or from bench/scale.py).

The per-article slope is (peak at the largest size - peak at the smallest) / (difference in articles).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

from corpus import write_corpus

ROOT = Path(__file__).resolve().parent.parent

STAGES = [
    ("briefer.engines.extractive", "read_units"),
    ("briefer.engines.extractive", "weigh"),
    ("briefer.engines.extractive", "group"),
    ("briefer.engines.extractive", "rank_stories"),
    ("briefer.engines.extractive", "find_conflicts"),
    ("briefer.engines.extractive", "select_sentences"),
    ("briefer.pipeline", "_checked"),
]


def _status(field: str) -> float:
    """A /proc/self/status field in MiB (VmRSS, VmHWM)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _reset_hwm() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def child(articles: Path, trace: int, depth: int) -> dict[str, Any]:
    """One summarize run in this process, its stages measured."""
    import importlib

    from briefer import pipeline
    from briefer.config import Settings

    rows: list[dict[str, Any]] = []
    resettable = _reset_hwm()

    def wrap(module: Any, name: str) -> None:
        inner = getattr(module, name)

        def measured(*args: Any, **kwargs: Any) -> Any:
            if resettable:
                _reset_hwm()
            if trace:
                tracemalloc.reset_peak()
            t = time.perf_counter()
            result = inner(*args, **kwargs)
            row: dict[str, Any] = {
                "stage": name,
                "seconds": time.perf_counter() - t,
                "rss": _status("VmRSS"),
                "hwm": _status("VmHWM"),
            }
            if trace:
                now, peak = tracemalloc.get_traced_memory()
                row["traced"], row["traced_peak"] = now / 2**20, peak / 2**20
                stats = tracemalloc.take_snapshot().statistics("traceback")
                row["top"] = [
                    (
                        s.size / 2**20,
                        s.count,
                        " < ".join(f"{Path(f.filename).name}:{f.lineno}" for f in s.traceback),
                    )
                    for s in stats[:trace]
                ]
            rows.append(row)
            return result

        setattr(module, name, measured)

    for module_name, name in STAGES:
        wrap(importlib.import_module(module_name), name)
    if trace:
        tracemalloc.start(depth)
    start_rss = _status("VmRSS")
    t = time.perf_counter()
    briefing, sources = pipeline.summarize(sorted(articles.glob("*.txt")), Settings.from_env())
    return {
        "n": len(sources),
        "start_rss": start_rss,
        "seconds": time.perf_counter() - t,
        "peak": _peak_of_process(),
        "stages": rows,
        "sentences": sum(len(s.sentences) for s in briefing.sections),
        "hwm_resettable": resettable,
    }


def _peak_of_process() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 3000])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--trace", type=int, default=0, metavar="K", help="tracemalloc: the K largest holders")
    parser.add_argument("--depth", type=int, default=3, help="with --trace: traceback frames to group by")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child, args.trace, args.depth)))
        return 0
    results = []
    with tempfile.TemporaryDirectory(prefix="briefer-memory-") as tmp:
        for n in args.sizes:
            corpus = write_corpus(Path(tmp) / f"articles-{n}", n, seed=args.seed)[0].parent
            out = subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--child",
                    str(corpus),
                    "--trace",
                    str(args.trace),
                    "--depth",
                    str(args.depth),
                ],
                cwd=ROOT,
                check=True,
                capture_output=True,
                text=True,
                env={"BRIEFER_CACHE_DIR": str(Path(tmp) / f"cache-{n}"), **_env()},
            )
            r = json.loads(out.stdout.strip().splitlines()[-1])
            results.append(r)
            print(
                f"N={r['n']:5d}  peak RSS {r['peak']:7.1f} MiB  (at start {r['start_rss']:.1f} MiB)  "
                f"{r['seconds']:.1f} s  {r['sentences']} sentences"
            )
            for s in r["stages"]:
                line = f"   {s['stage']:18} {s['seconds']:7.2f} s  RSS after {s['rss']:7.1f}  "
                line += f"high-water {s['hwm']:7.1f} MiB"
                if args.trace:
                    line += f"  traced {s['traced']:7.1f}, peak {s['traced_peak']:7.1f} MiB"
                print(line)
                for size, count, where in s.get("top", []):
                    print(f"        {size:7.2f} MiB {count:8d} blocks  {where}")
            if not r["hwm_resettable"]:
                print("   (the high-water mark could not be reset: each stage's figure is the run's so far)")
    if len(results) > 1:
        lo, hi = results[0], results[-1]
        slope = (hi["peak"] - lo["peak"]) / max(1, hi["n"] - lo["n"]) * 1024
        print(
            f"peak RSS N={lo['n']} → N={hi['n']}: {lo['peak']:.1f} → {hi['peak']:.1f} MiB, "
            f"{hi['peak'] / lo['peak']:.2f}×, {slope:.1f} KiB per article"
        )
    return 0


def _env() -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items() if k not in ("OPENAI_BASE_URL", "OPENAI_API_KEY", "BRIEFER_ENGINE")}


if __name__ == "__main__":
    sys.exit(main())

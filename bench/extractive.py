"""How fast the extractive engine briefs: the seeds, and many article variants of them.

    .venv/bin/python bench/extractive.py                 # seeds, then 100 and 1000 articles
    .venv/bin/python bench/extractive.py --sizes 50 500
    .venv/bin/python bench/extractive.py --compare e6b76ac   # this engine beside a revision's, same run
    .venv/bin/python bench/extractive.py --profile 1000      # calls and cProfile time of the hot helpers
    .venv/bin/python bench/extractive.py --steps 1000        # CPU seconds of each step of one brief

Times only ``ExtractiveEngine.brief`` (ingest and chunking are other benches), best of a few runs
for the seeds and one run per corpus size. Targets: the seeds in well under 0.5 s; from the smallest
to the largest corpus (10×), time grows no more than ~11×.

``--compare REV`` times the engine module of git revision REV (``git show REV:briefer/engines/
extractive.py``, run against this tree's other modules) beside this one on the seeds, alternating:
warm (best of the repeats, in this process) and cold (a fresh process's ``summarize`` with that
engine: the engine's time, then ingest + engine + verify, the footer's work; the engine's imports
are inside its time). On a loaded machine only the ratio means anything. Since the engine was split
into modules (engines/reading, leaning, repeats, ranking, selection: s4), only REV's extractive.py is
REV's: the modules it imports are this tree's. So --compare measures a revision from before the split
(a87c0eb and older) as it was; between two later revisions use ``bench/scale.py --compare REV``,
which runs REV's whole package.
"""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from corpus import SEEDS, write_corpus  # noqa: E402

from briefer.config import Settings  # noqa: E402
from briefer.engines.extractive import ExtractiveEngine  # noqa: E402
from briefer.ingest import load_sources  # noqa: E402


def time_brief(paths: list[Path], repeats: int) -> tuple[float, int, int]:
    sources = load_sources(paths)
    engine = ExtractiveEngine(Settings(engine="extractive"))
    best = float("inf")
    for _ in range(repeats):
        t = time.perf_counter()
        briefing = engine.brief(sources, [])
        best = min(best, time.perf_counter() - t)
    return best, len(briefing.sections) - 1, len(briefing.sentences())


_HOT = ("_repeats", "_same_fact", "_touching", "_covers", "_covers_runs", "_said_in", "cosine", "_centrality")


def profile(n: int) -> None:
    """One brief of ``n`` corpus articles under cProfile: the calls of the engine's hot helpers (the same
    on every run: compare them between revisions, e.g. with PYTHONPATH set to a ``git archive`` of one)
    and their cumulative time (inflated by cProfile and by the machine's load)."""
    import cProfile
    import pstats

    with tempfile.TemporaryDirectory() as tmp:
        sources = load_sources(write_corpus(Path(tmp), n))
    engine = ExtractiveEngine(Settings(engine="extractive"))
    profiler = cProfile.Profile()
    profiler.enable()
    briefing = engine.brief(sources, [])
    profiler.disable()
    found: dict[str, list[float]] = {}
    for (_, _, name), (_, calls, _, cumulative, _) in pstats.Stats(profiler).stats.items():  # type: ignore[attr-defined]
        if name in _HOT:
            found.setdefault(name, [0, 0.0])
            found[name][0] += calls
            found[name][1] += cumulative
    print(f"{n} articles, {len(briefing.sentences())} sentences; calls and cumulative seconds under cProfile:")
    for name, (calls, seconds) in sorted(found.items()):
        print(f"  {name:14} {int(calls):>9} calls {seconds:7.2f} s")


# (module, function): the engine's steps, each timed where the engine calls it; nested ones are part of
# the step above them (stories.agglomerate and the rest are group's, stories._edges agglomerate's).
_STEPS = (
    ("briefer.engines.extractive", "read_units"),
    ("briefer.engines.extractive", "weigh"),
    ("briefer.engines.extractive", "group"),
    ("briefer.engines.stories", "agglomerate"),
    ("briefer.engines.stories", "_edges"),
    ("briefer.engines.stories", "merge_close"),
    ("briefer.engines.stories", "settle"),
    ("briefer.engines.stories", "split_events"),
    ("briefer.engines.extractive", "rank_stories"),
    ("briefer.engines.extractive", "story_title"),
    ("briefer.engines.extractive", "find_conflicts"),
    ("briefer.engines.extractive", "select_sentences"),
    ("briefer.engines.extractive", "cite"),
)


def steps(n: int) -> None:
    """CPU seconds (process time) of ingest and of each step of the engine in one brief of ``n`` corpus
    articles, each step timed by wrapping the function where the engine calls it. One brief, as the
    first of a fresh process (later ones find the word caches warm): run it twice to see the noise."""
    import importlib

    totals: dict[str, float] = {}

    def timed(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def run(*args: Any, **kwargs: Any) -> Any:
            t = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                totals[name] = totals.get(name, 0.0) + time.process_time() - t

        return run

    for module_name, function_name in _STEPS:
        module = importlib.import_module(module_name)
        setattr(module, function_name, timed(function_name, getattr(module, function_name)))
    with tempfile.TemporaryDirectory() as tmp:
        paths = write_corpus(Path(tmp), n)
        t = time.process_time()
        sources = load_sources(paths)
        totals["ingest"] = time.process_time() - t
        t = time.process_time()
        ExtractiveEngine(Settings(engine="extractive")).brief(sources, [])
        totals["engine"] = time.process_time() - t
    print(f"{n} articles, CPU seconds of one brief:")
    for name in ["ingest", "engine"] + [f for _, f in _STEPS]:
        if name in totals:
            print(f"  {name:16} {totals[name]:6.2f}")


def _revision_engine(rev: str, folder: Path) -> Path:
    """The revision's extractive.py, written where it can be imported as a module of its own."""
    text = subprocess.run(
        ["git", "show", f"{rev}:briefer/engines/extractive.py"], capture_output=True, text=True, check=True
    ).stdout
    path = folder / f"extractive_{rev}.py"
    path.write_text(text, encoding="utf-8")
    return path


_COLD = """
import sys, time, importlib.util
sys.path.insert(0, {root!r})
from pathlib import Path
import briefer.engines.extractive as current
from briefer import Settings, summarize
spec = importlib.util.spec_from_file_location("engine_under_test", {module!r})
module = importlib.util.module_from_spec(spec)
t = time.perf_counter()
spec.loader.exec_module(module)
current.ExtractiveEngine = module.ExtractiveEngine  # the pipeline imports the engine by this name
briefing, _ = summarize(sorted(Path({seeds!r}).glob("*.txt")), Settings(engine="extractive", use_cache=False))
timings = briefing.run.timings
print(timings["engine"], sum(v for k, v in timings.items() if k != "total"))
"""


def compare(rev: str, repeats: int, sizes: list[int]) -> None:
    root = Path(__file__).resolve().parent.parent
    paths = sorted(SEEDS.glob("*.txt"))
    sources = load_sources(paths)
    with tempfile.TemporaryDirectory() as tmp:
        modules = {rev: _revision_engine(rev, Path(tmp)), "this tree": root / "briefer" / "engines" / "extractive.py"}
        engines = {}
        for name, path in modules.items():
            spec = importlib.util.spec_from_file_location(f"engine_{len(engines)}", path)
            assert spec and spec.loader
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            engines[name] = module.ExtractiveEngine(Settings(engine="extractive"))
        warm: dict[str, float] = {name: float("inf") for name in engines}
        cold: dict[str, list[float]] = {name: [] for name in engines}
        work: dict[str, list[float]] = {name: [] for name in engines}
        for _ in range(repeats):
            for name, engine in engines.items():
                t = time.perf_counter()
                engine.brief(sources, [])
                warm[name] = min(warm[name], time.perf_counter() - t)
                code = _COLD.format(root=str(root), seeds=str(SEEDS), module=str(modules[name]))
                out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
                engine_s, work_s = (float(x) for x in out.stdout.split()[-2:])
                cold[name].append(engine_s)
                work[name].append(work_s)
        for n in sizes:
            corpus = load_sources(write_corpus(Path(tmp) / f"corpus-{n}", n))
            for name, engine in engines.items():
                t = time.perf_counter()
                engine.brief(corpus, [])
                print(f"{name:>10}: {n} articles, {time.perf_counter() - t:.2f} s (one run each, alternating)")
    for name in engines:
        runs, works = sorted(cold[name]), sorted(work[name])
        print(
            f"{name:>10}: engine warm best {warm[name] * 1000:.0f} ms; in a fresh summarize (over {len(runs)} "
            f"runs) engine median {runs[len(runs) // 2] * 1000:.0f} ms, best {runs[0] * 1000:.0f} ms; "
            f"ingest+engine+verify median {works[len(works) // 2] * 1000:.0f} ms, best {works[0] * 1000:.0f} ms"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--compare", metavar="REV", help="time a git revision's engine beside this one")
    parser.add_argument("--repeats", type=int, default=5, help="with --compare: runs of each")
    parser.add_argument(
        "--compare-sizes", type=int, nargs="*", default=[], help="with --compare: corpus sizes to time too"
    )
    parser.add_argument("--profile", type=int, metavar="N", help="profile one brief of N articles and stop")
    parser.add_argument("--steps", type=int, metavar="N", help="CPU seconds of each step of a brief of N articles")
    args = parser.parse_args()
    if args.steps:
        steps(args.steps)
        return
    if args.profile:
        profile(args.profile)
        return
    if args.compare:
        compare(args.compare, args.repeats, args.compare_sizes)
        return
    seconds, sections, sentences = time_brief(sorted(SEEDS.glob("*.txt")), repeats=5)
    print(f"seeds (5 articles): {seconds * 1000:.0f} ms, {sections} story sections, {sentences} sentences")
    for n in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            paths = write_corpus(Path(tmp), n)
            seconds, sections, sentences = time_brief(paths, repeats=1)
        print(f"{n} articles: {seconds:.2f} s, {sections} story sections, {sentences} sentences")


if __name__ == "__main__":
    main()

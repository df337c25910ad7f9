"""How fast the extractive engine briefs: the seeds, and many article variants of them.

    .venv/bin/python bench/extractive.py                 # seeds, then 100 and 1000 articles
    .venv/bin/python bench/extractive.py --sizes 50 500

Times only ``ExtractiveEngine.brief`` (ingest and chunking are other benches), best of a few runs
for the seeds and one run per corpus size. Targets: the seeds in well under 0.5 s; from the smallest
to the largest corpus (10×), time grows no more than ~11×.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    args = parser.parse_args()
    seconds, sections, sentences = time_brief(sorted(SEEDS.glob("*.txt")), repeats=5)
    print(f"seeds (5 articles): {seconds * 1000:.0f} ms, {sections} story sections, {sentences} sentences")
    for n in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            paths = write_corpus(Path(tmp), n)
            seconds, sections, sentences = time_brief(paths, repeats=1)
        print(f"{n} articles: {seconds:.2f} s, {sections} story sections, {sentences} sentences")


if __name__ == "__main__":
    main()

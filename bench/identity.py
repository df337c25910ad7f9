"""Does a speed change leave the extractive engine's output alone? Hashes of what it makes, here and at REV.

    .venv/bin/python bench/identity.py                       # hashes with this code
    .venv/bin/python bench/identity.py --compare a87c0eb     # and with a87c0eb's package, side by side
    .venv/bin/python bench/identity.py --sizes 100 1000      # fewer generated corpora (default 100 1000 3000)

For the seed articles, the two fixture corpora (derailment, flood) and generated corpora of N distinct
seed variants (bench/corpus.py, seed 0), three hashes each:
- terms: every sentence unit's place, weighted terms (to the last bit), names, subject and runs;
- clusters: ``stories.group`` (before ranking), every cluster's members in order;
- briefing: the checked briefing as JSON (``pipeline.summarize``), without the run's timings and date.
With --compare, the same is computed in a child process with REV's ``briefer`` package first on
PYTHONPATH (extracted by ``git archive``), and every hash is compared; exit 1 when one differs.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "fixtures" / "articles"
CORPORA = ROOT / "fixtures" / "corpora"


def _digest(value: Any) -> str:
    return hashlib.sha256(json.dumps(value, ensure_ascii=False).encode()).hexdigest()[:16]


def hashes(folder: Path) -> dict[str, str]:
    """The three hashes of one folder of articles, with whatever ``briefer`` is first on sys.path."""
    from briefer.config import Settings
    from briefer.engines.extractive import read_units
    from briefer.engines.stories import group, weigh
    from briefer.ingest import load_sources
    from briefer.pipeline import summarize

    units = read_units(load_sources([folder]))
    terms = [
        (u.source, u.start, u.end, [(t, w.hex()) for t, w in u.vector.items()], sorted(u.names), sorted(u.subject))
        + (u.runs,)
        for u in units
    ]
    weigh(units)
    clusters = group(units)
    briefing, _ = summarize([folder], Settings(engine="extractive"))
    data = json.loads(briefing.model_dump_json())
    for field in ("timings", "created", "briefer_version"):
        data.get("run", {}).pop(field, None)
    return {"terms": _digest(terms), "clusters": _digest(clusters), "briefing": _digest(data)}


def folders(work: Path, sizes: list[int]) -> dict[str, Path]:
    sys.path.insert(0, str(ROOT / "bench"))
    from corpus import write_corpus

    named = {"seeds": SEEDS, "derailment": CORPORA / "derailment" / "articles", "flood": CORPORA / "flood" / "articles"}
    for n in sizes:
        named[f"generated-{n}"] = write_corpus(work / f"articles-{n}", n, seed=0)[0].parent
    return named


def child_hashes(rev: str, named: dict[str, Path], work: Path) -> dict[str, dict[str, str]]:
    """The hashes computed with ``rev``'s package, in a fresh process."""
    code = work / f"rev-{rev}"
    code.mkdir()
    archive = subprocess.run(["git", "archive", rev, "briefer"], cwd=ROOT, check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(code)], input=archive, check=True)
    env = {**os.environ, "PYTHONPATH": str(code), "BRIEFER_CACHE_DIR": str(work / f"cache-{rev}")}
    argv = [sys.executable, __file__, "--child", json.dumps({k: str(v) for k, v in named.items()})]
    out = subprocess.run(argv, env=env, cwd=code, check=True, capture_output=True, text=True).stdout
    return dict(json.loads(out))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="*", default=[100, 1000, 3000])
    parser.add_argument("--compare", metavar="REV", help="also hash with the code of git revision REV")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps({name: hashes(Path(path)) for name, path in json.loads(args.child).items()}))
        return 0
    with tempfile.TemporaryDirectory(prefix="briefer-identity-") as tmp:
        work = Path(tmp)
        os.environ["BRIEFER_CACHE_DIR"] = str(work / "cache-here")
        named = folders(work, args.sizes)
        here = {name: hashes(path) for name, path in named.items()}
        there = child_hashes(args.compare, named, work) if args.compare else {}
    same = True
    for name, mine in here.items():
        line = f"{name:16} " + "  ".join(f"{k} {v}" for k, v in mine.items())
        if args.compare:
            differ = [k for k, v in mine.items() if there[name][k] != v]
            same &= not differ
            line += f"   {args.compare}: " + ("same" if not differ else "DIFFERENT " + ", ".join(differ))
        print(line)
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())

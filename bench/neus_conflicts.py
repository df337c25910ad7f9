"""How many disagreements does the extractive engine find between the NeuS articles of one event, and
which? A count for rule changes in engines/conflicts.py: NeuS clusters are three US outlets' reports
of one event, where a planted conflict is absent, so a new conflict here is one to read, most often a
false one (a count of something else, a part read as the whole).

    .venv/bin/python bench/neus_conflicts.py                # the first 300 clusters, every conflict listed
    .venv/bin/python bench/neus_conflicts.py --limit 50     # the first 50
    .venv/bin/python bench/neus_conflicts.py --quiet        # the count only

Data: ../shared/dev-eval/neus-val/clusters.jsonl (read only here). Each cluster's articles are written
to files (headline line, blank line, body; the title's added full stop dropped, as bench/quality.py
does) and briefed by ExtractiveEngine.brief (no checker: conflicts are the engine's). Printed: per
conflict its cluster, what is measured and each side's value and quote, then the total.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from quality import NEUS, _headline  # noqa: E402

from briefer import Settings  # noqa: E402
from briefer.engines.extractive import ExtractiveEngine  # noqa: E402
from briefer.ingest import load_sources  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=300, help="the first N clusters (default 300)")
    parser.add_argument("--quiet", action="store_true", help="print the count only")
    args = parser.parse_args(argv)
    if not NEUS.exists():
        print(f"NeuS: {NEUS} is absent")
        return 1
    rows = [json.loads(line) for line in NEUS.read_text(encoding="utf-8").splitlines() if line.strip()]
    engine = ExtractiveEngine(Settings(engine="extractive", use_cache=False))
    found = 0
    t0 = time.perf_counter()
    for row in rows[: args.limit]:
        with tempfile.TemporaryDirectory(prefix="neus-") as tmp:
            paths = []
            for k, a in enumerate(row["articles"]):
                path = Path(tmp) / f"{k}.txt"
                path.write_text(f"{_headline(a['title'], False)}\n\n{a['text']}", encoding="utf-8")
                paths.append(path)
            conflicts = engine.brief(load_sources(paths), []).conflicts
        found += len(conflicts)
        for c in conflicts if not args.quiet else []:
            print(f"{row['id']}  {c.about}")
            for side in c.sides:
                print(f"    {side.source}: {side.value!r}  {side.quote[:110]!r}")
    seconds = time.perf_counter() - t0
    print(f"{found} conflicts in {min(args.limit, len(rows))} NeuS clusters ({seconds:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

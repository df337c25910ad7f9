"""The reversal suite: does the checker flag one-word falsehoods and pass faithful paraphrases?

    .venv/bin/python bench/reversal.py                       # figures, per kind, and the misses
    .venv/bin/python bench/reversal.py --write-known-misses  # also rewrite fixtures/reversal/known_misses.txt
    .venv/bin/python bench/reversal.py --half tune           # only the cases whose id hashes to half 0
    .venv/bin/python bench/reversal.py --half held-out       # the other half (report both; tune on one)
    .venv/bin/python bench/reversal.py --reasons             # print every miss's reasons

The suite (``fixtures/reversal/cases.jsonl``) was written without reading the checker's rules, so
that it measures them rather than mirrors them: error sentences (one-word reversals of verbs,
adjectives, prepositions and adverbs, false predicates on real quotes, relation swaps, unsupported
additions, wrong numbers and dates, each also in English over a German source) and faithful ones
(paraphrases, fusions of two quotes, near-verbatim restatements), every one citing verbatim quotes
from the seed articles or from ``fixtures/reversal/articles/``.

It goes through the public command line only: all cases become one briefing JSON (one sentence per
case, in file order), ``briefer check --format json`` checks it, and each row's ``flagged`` is the
prediction. A verdict labelled ``unverified`` (neither supported nor flagged) is counted on its own.

Targets (issue 9): errors flagged ≥ 95%, faithful flagged ≤ 5%, cross-lingual faithful ≤ 10%.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SUITE = ROOT / "fixtures" / "reversal"
CASES = SUITE / "cases.jsonl"
KNOWN_MISSES = SUITE / "known_misses.txt"
SOURCES = [ROOT / "fixtures" / "articles", SUITE / "articles"]
TARGETS = {"errors": 0.95, "faithful": 0.05, "cross-lingual faithful": 0.10}


def load_cases() -> list[dict]:
    return [json.loads(line) for line in CASES.read_text(encoding="utf-8").splitlines() if line.strip()]


def briefing_of(cases: list[dict]) -> dict:
    """One briefing, one sentence per case, in the order of the cases."""
    sentences = [
        {"text": c["sentence"], "language": c["languages"].split(">")[0], "citations": c["citations"]} for c in cases
    ]
    return {"title": "Reversal suite", "sections": [{"title": "Cases", "sentences": sentences}]}


def run_check(cases: list[dict]) -> list[dict]:
    """``briefer check --format json`` on the suite: one row per case, in case order."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "reversal.json"
        path.write_text(json.dumps(briefing_of(cases), ensure_ascii=False), encoding="utf-8")
        proc = subprocess.run(
            [sys.executable, "-m", "briefer", "check", str(path), "--sources", *map(str, SOURCES), "--format", "json"],
            capture_output=True,
            text=True,
            encoding="utf-8",
            cwd=ROOT,
        )
    if proc.returncode not in (0, 1):
        raise SystemExit(f"briefer check failed (exit {proc.returncode}): {proc.stderr.strip()}")
    rows = sorted(json.loads(proc.stdout)["sentences"], key=lambda r: (r["section"], r["index"]))
    if len(rows) != len(cases):
        raise SystemExit(f"briefer check returned {len(rows)} rows for {len(cases)} cases")
    return rows


def half_of(case: dict) -> str:
    """``tune`` or ``held-out``, fixed by a hash of the case id (not by file order or kind)."""
    digest = hashlib.sha256(case["id"].encode("utf-8")).digest()
    return "tune" if digest[0] % 2 == 0 else "held-out"


def is_cross_lingual(case: dict) -> bool:
    said, cited = case["languages"].split(">")
    return any(lang != said for lang in cited.split("+"))


def is_miss(case: dict, row: dict) -> bool:
    return bool(row["flagged"]) != (case["expected"] == "error")


def rate(n: int, of: int) -> str:
    return f"{n:3d}/{of:<3d} = {100 * n / of:5.1f}%" if of else "  –"


def report(cases: list[dict], rows: list[dict], reasons: bool = False) -> list[str]:
    def where(expected: str, cross: bool = False) -> list[int]:
        return [i for i, c in enumerate(cases) if c["expected"] == expected and (is_cross_lingual(c) or not cross)]

    groups = {
        "errors": where("error"),
        "faithful": where("faithful"),
        "cross-lingual errors": where("error", cross=True),
        "cross-lingual faithful": where("faithful", cross=True),
    }
    sources = {c["source"] for case in cases for c in case["citations"]}
    lines = [f"reversal suite: {len(cases)} cases over {len(sources)} sources ({CASES.relative_to(ROOT)})", ""]
    lines.append(f"{'':26} {'flagged':>18}   {'unverified':>10}   target")
    for name, idx in groups.items():
        flagged = sum(rows[i]["flagged"] for i in idx)
        unverified = sum(rows[i]["verdict"] == "unverified" for i in idx)
        target = TARGETS.get(name)
        goal = "" if target is None else (f"≥ {target:.0%}" if name == "errors" else f"≤ {target:.0%}")
        met = (
            ""
            if target is None
            else (
                "  met"
                if (flagged / len(idx) >= target if name == "errors" else flagged / len(idx) <= target)
                else "  NOT met"
            )
        )
        lines.append(f"{name:26} {rate(flagged, len(idx)):>18}   {unverified:10d}   {goal}{met}")
    supported = [i for i, c in enumerate(cases) if rows[i]["verdict"] == "supported"]
    true = sum(cases[i]["expected"] == "faithful" for i in supported)
    lines.append(
        f"{'precision of ✓':26} {rate(true, len(supported)):>18}   (share of ✓ supported rows that are faithful)"
    )
    lines += ["", f"{'per kind':34} {'n':>3} {'flagged':>8} {'unverified':>10}"]
    per_kind: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    for i, c in enumerate(cases):
        per_kind[(c["expected"], c["kind"], "cross" if is_cross_lingual(c) else "same")].append(i)
    for (expected, kind, lang), idx in sorted(per_kind.items()):
        flagged = sum(rows[i]["flagged"] for i in idx)
        unverified = sum(rows[i]["verdict"] == "unverified" for i in idx)
        lines.append(f"  {expected:8} {kind:20} {lang:5} {len(idx):3d} {flagged:8d} {unverified:10d}")
    labels = Counter((c["expected"], rows[i]["verdict"]) for i, c in enumerate(cases))
    lines += ["", "verdict labels: " + ", ".join(f"{e}/{v} {n}" for (e, v), n in sorted(labels.items()))]
    misses = [(c, rows[i]) for i, c in enumerate(cases) if is_miss(c, rows[i])]
    lines += ["", f"misses ({len(misses)}):"]
    for c, r in misses:
        lines.append(f"  {c['id']:34} {r['verdict']:20} {c['sentence'][:70]}")
        if reasons:
            lines += [f"      {reason}" for reason in r["reasons"]]
    return lines


def write_known_misses(cases: list[dict], rows: list[dict]) -> int:
    misses = [c for c, r in zip(cases, rows, strict=True) if is_miss(c, r)]
    header = [
        "# Cases of fixtures/reversal/cases.jsonl the checker gets wrong today: tests/verify/test_reversal.py",
        "# marks them xfail(strict=True), so a fixed case fails until its line is removed here.",
        "# Rewritten by: .venv/bin/python bench/reversal.py --write-known-misses",
        "# Format: <case id><TAB><reason>",
    ]
    body = [f"{c['id']}\tchecker miss: {c['kind']}" for c in misses]
    KNOWN_MISSES.write_text("\n".join(header + body) + "\n", encoding="utf-8")
    return len(misses)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--write-known-misses", action="store_true", help=f"rewrite {KNOWN_MISSES.relative_to(ROOT)} from this run"
    )
    parser.add_argument(
        "--half", choices=["tune", "held-out"], help="report only one half of the suite, split by a hash of the case id"
    )
    parser.add_argument("--reasons", action="store_true", help="print the reasons of every miss")
    args = parser.parse_args(argv)
    if args.half and args.write_known_misses:
        parser.error("--write-known-misses needs the whole suite (no --half)")
    cases = load_cases()
    rows = run_check(cases)
    written = write_known_misses(cases, rows) if args.write_known_misses else None
    if args.half:
        kept = [i for i, c in enumerate(cases) if half_of(c) == args.half]
        cases, rows = [cases[i] for i in kept], [rows[i] for i in kept]
        print(f"half: {args.half} (sha256 of the case id, first byte even = tune)")
    print("\n".join(report(cases, rows, args.reasons)))
    if written is not None:
        print(f"\nwrote {written} known misses to {KNOWN_MISSES.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

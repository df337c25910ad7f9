"""How much the checker's flags mean: balanced accuracy on public, human-labelled summaries.

    .venv/bin/python bench/truth.py                       # every row of summedits-other
    .venv/bin/python bench/truth.py --split heldout       # the held-out half of the documents
    .venv/bin/python bench/truth.py --split both          # tune half and held-out half side by side
    .venv/bin/python bench/truth.py --sample 300 --domain samsum
    .venv/bin/python bench/truth.py --judge llm           # rules + the LLM judge (needs an endpoint)
    .venv/bin/python bench/truth.py --without-wordnet     # what WordNet buys: tables and lemmas only

Data: ``../shared/dev-eval/summedits-other/pairs.jsonl`` (SummEdits, 7 non-news domains; see the
README there). It is read only here, never by the library or the tests.

The run is the one the issue describes, through the same code as ``briefer check --format json``:
every document becomes a Source (``ingest.read_source``), every claim about it one sentence of a
briefing citing that document with no quote (so the checker finds its own evidence), the briefing is
checked by ``verify.check_briefing`` and reported by ``verify.check_report``; a row's prediction is
its ``flagged``. Balanced accuracy is the mean of the share of inconsistent rows flagged and the share
of consistent rows not flagged, per domain, then the mean over domains (always-flag scores 0.5).

Split: documents (not rows: a document's seed and its edits stay together) go to one half by a hash
of their text and ``--seed``; tune on ``tune``, report ``heldout``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from briefer.config import Settings  # noqa: E402
from briefer.errors import BrieferError  # noqa: E402
from briefer.ingest import read_source  # noqa: E402
from briefer.models import Briefing, Citation, Section, Sentence  # noqa: E402
from briefer.verify import check_briefing, check_report  # noqa: E402

DATA = ROOT.parent / "shared" / "dev-eval" / "summedits-other" / "pairs.jsonl"


_NO_WORDNET = None


def half_of(source_text: str, seed: int) -> str:
    digest = hashlib.sha256(f"{seed}:{source_text}".encode()).digest()
    return "tune" if digest[0] % 2 == 0 else "heldout"


def load_rows(path: Path, domain: str | None, sample: int | None, seed: int) -> list[dict]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    if domain:
        rows = [r for r in rows if r["domain"] == domain]
    if sample and sample < len(rows):
        rows = random.Random(seed).sample(rows, sample)
    return rows


def predict(rows: list[dict], settings: Settings | None) -> list[dict]:
    """Each row with ``flagged``, ``verdict`` and ``reasons`` as ``briefer check`` reports them."""
    by_document: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        by_document[row["source"]].append(row)
    out: list[dict] = []
    for n, (text, group) in enumerate(by_document.items()):
        source = read_source(f"doc{n}.txt", text.encode("utf-8"))
        sentences = [Sentence(text=r["claim"], citations=[Citation(source=source.id)]) for r in group]
        briefing = Briefing(sections=[Section(title="claims", sentences=sentences)])
        report = check_report(check_briefing(briefing, [source], settings))
        for row, checked in zip(group, report.sentences, strict=True):
            out.append(
                {**row, "flagged": checked.flagged, "verdict": checked.verdict.value, "reasons": checked.reasons}
            )
    return out


def balanced_accuracy(rows: list[dict], flag: str = "flagged") -> float:
    bad = [r for r in rows if r["label"] == 0]
    good = [r for r in rows if r["label"] == 1]
    if not bad or not good:
        return float("nan")
    tpr = sum(r[flag] for r in bad) / len(bad)
    tnr = sum(not r[flag] for r in good) / len(good)
    return (tpr + tnr) / 2


def _precision(rows: list[dict]) -> float:
    """Of the rows marked ✓ supported, the share labelled consistent (nan when none is)."""
    supported = [r for r in rows if r["verdict"] == "supported"]
    return sum(r["label"] == 1 for r in supported) / len(supported) if supported else float("nan")


def _by_class(rows: list[dict]) -> str:
    """The unverified share of the inconsistent rows, and the ✓ share of each class: a rule that turns
    unverified rows ✓ must not turn the inconsistent ones ✓ at the same rate."""
    good = [r for r in rows if r["label"] == 1]
    bad = [r for r in rows if r["label"] == 0]

    def share(part: list[dict], verdict: str) -> float:
        return sum(r["verdict"] == verdict for r in part) / max(len(part), 1)

    return f" {share(bad, 'unverified'):>9.1%} {share(good, 'supported'):>7.1%} {share(bad, 'supported'):>6.1%}"


def table(rows: list[dict], title: str) -> None:
    for r in rows:
        r["flagged_or_unverified"] = r["flagged"] or r["verdict"] == "unverified"
    domains = sorted({r["domain"] for r in rows})
    print(f"\n{title}: {len(rows)} rows, {len({r['source'] for r in rows})} documents")
    print(
        f"{'domain':<12} {'rows':>5} {'bal.acc':>8} {'flag%':>6} {'unver%good':>10} {'bal.acc(unver=flag)':>20}"
        f" {'✓prec':>6} {'unver%bad':>9} {'✓%good':>7} {'✓%bad':>6}"
    )
    scores, scores_u = [], []
    for d in domains:
        part = [r for r in rows if r["domain"] == d]
        good = [r for r in part if r["label"] == 1]
        ba, bau = balanced_accuracy(part), balanced_accuracy(part, "flagged_or_unverified")
        scores.append(ba)
        scores_u.append(bau)
        flag = sum(r["flagged"] for r in part) / len(part)
        unv = sum(r["verdict"] == "unverified" for r in good) / max(len(good), 1)
        print(
            f"{d:<12} {len(part):>5} {ba:>8.3f} {flag:>6.1%} {unv:>10.1%} {bau:>20.3f} {_precision(part):>6.3f}"
            + _by_class(part)
        )
    good = [r for r in rows if r["label"] == 1]
    flag = sum(r["flagged"] for r in rows) / len(rows)
    unv = sum(r["verdict"] == "unverified" for r in good) / max(len(good), 1)
    mean = sum(scores) / len(scores)
    mean_u = sum(scores_u) / len(scores_u)
    print(
        f"{'MEAN':<12} {len(rows):>5} {mean:>8.3f} {flag:>6.1%} {unv:>10.1%} {mean_u:>20.3f} {_precision(rows):>6.3f}"
        f"{_by_class(rows)}   (min domain {min(scores):.3f})"
    )
    consistent = sum(r["label"] for r in rows) / len(rows)
    print(
        "unver%bad: unverified share of the inconsistent rows; ✓%good, ✓%bad: supported share of each class\n"
        f"✓prec: share of rows marked supported that are truly consistent (pooled; "
        f"{consistent:.1%} of these rows are consistent, so a ✓ that knew nothing would score that)"
    )
    labels: dict[str, int] = defaultdict(int)
    for r in rows:
        labels[r["verdict"]] += 1
    print("verdicts: " + ", ".join(f"{k} {v}" for k, v in sorted(labels.items())))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--sample", type=int, help="check only N random rows")
    parser.add_argument("--domain", help="only this domain")
    parser.add_argument("--split", choices=("all", "tune", "heldout", "both"), default="all")
    parser.add_argument("--seed", type=int, default=0, help="for --sample and --split")
    parser.add_argument("--judge", choices=("rules", "llm"), default="rules")
    parser.add_argument(
        "--without-wordnet",
        action="store_true",
        help="ablation: the news tables and lemmas only, no WordNet synonyms/antonyms",
    )
    parser.add_argument("--dump", type=Path, help="write every row's prediction and reasons as JSON lines")
    args = parser.parse_args()
    if not args.data.is_file():
        print(f"dev data absent: {args.data} (see /work/wt/shared/dev-eval/README)", file=sys.stderr)
        return 2
    if args.without_wordnet:
        from briefer.lexicon import words

        global _NO_WORDNET
        _NO_WORDNET = words._Tables(wordnet=False)
        words._tables = lambda: _NO_WORDNET  # type: ignore[assignment]  # an ablation, for measuring only
    rows = load_rows(args.data, args.domain, args.sample, args.seed)
    if args.split in ("tune", "heldout"):
        rows = [r for r in rows if half_of(r["source"], args.seed) == args.split]
    settings = Settings.from_env(judge=args.judge) if args.judge == "llm" else None
    started = time.perf_counter()
    try:
        predicted = predict(rows, settings)
    except BrieferError as exc:  # --judge llm without an endpoint, or the endpoint failing
        print(f"bench/truth.py: {exc}", file=sys.stderr)
        return 2
    seconds = time.perf_counter() - started
    if args.split == "both":
        for half in ("tune", "heldout"):
            table([r for r in predicted if half_of(r["source"], args.seed) == half], f"{half} half (seed {args.seed})")
    else:
        table(predicted, f"split {args.split}" + (f" (seed {args.seed})" if args.split != "all" else ""))
    print(
        f"\n{len(predicted)} claims checked in {seconds:.1f} s ({len(predicted) / seconds:.0f} claims/s), "
        f"judge: {args.judge}"
    )
    if args.dump:
        with args.dump.open("w", encoding="utf-8") as fh:
            for r in predicted:
                fh.write(
                    json.dumps(
                        {
                            k: r[k]
                            for k in ("id", "domain", "label", "claim", "flagged", "verdict", "reasons", "edit_types")
                        },
                        ensure_ascii=False,
                    )
                    + "\n"
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

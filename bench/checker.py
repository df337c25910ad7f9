"""Checker speed: sentences per second on the seeds, and quote location against text length.

    .venv/bin/python bench/checker.py            # full run
    .venv/bin/python bench/checker.py --quick    # fewer repetitions

Throughput: a briefing made of the planted set (fixtures/planted) plus one self-citing sentence per
seed sentence, checked repeatedly. Every cache the checker keeps (per-text views, per-text profiles)
is cleared before each repetition, so each one pays for what a fresh `briefer check` pays for.

Location: a 0.25, 0.5 and 1 MB text of seed articles with one unique paragraph at the end; for each
kind of quote, the time to build the text's view (normalised copy + word index, once per source)
and to locate the quote. Linear means the 1 MB time is about four times the 0.25 MB time.

Sources: 10, 20, 40 sources, one sentence each citing a quote found nowhere; linear in the number of
sources means a flat time per sentence.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from briefer.ingest import load_sources  # noqa: E402
from briefer.lexicon import tables as lexicon  # noqa: E402
from briefer.lexicon import words  # noqa: E402
from briefer.models import Briefing, Citation, Section, Sentence  # noqa: E402
from briefer.segment import split_sentences  # noqa: E402
from briefer.verify import check_briefing, claims, profile, verdicts  # noqa: E402
from briefer.verify.evidence import sentences_of  # noqa: E402
from briefer.verify.quotes import locate_all, text_view  # noqa: E402

PARAGRAPH = (
    "The harbour commission of Tarvik approved 1,250 new berths for Arctic trawlers on Thursday, "
    "spokeswoman Ilse Marrow said."
)
QUOTES = {
    "exact": "approved 1,250 new berths for Arctic trawlers on Thursday",
    "normalized": "THE HARBOUR COMMISSION OF TARVIK  APPROVED 1,250 NEW BERTHS",
    "ellipsis": "The harbour commission of Tarvik … on Thursday, spokeswoman Ilse Marrow said",
    "fuzzy": "approved 1,250 new moorings for Arctic trawlers on Thursday, spokeswoman Ilse Marrow said",
    "not found": "The harbour commission of Tarvik rejected every new berth for the fishing fleet",
}


def clear_caches() -> None:
    """Every per-text and per-word cache; the dictionaries (simplemma's, the WordNet table) are loaded
    once per process, like an import, and stay."""
    for cached in (
        text_view,
        sentences_of,
        profile.profile,
        lexicon.concept,
        lexicon.light_stem,
        claims.read,
        claims._capitalised,
        claims._opposites_of,
        words.lemmas,
        words.related,
        words.derivations,
        words.broader,
        words.antonyms,
        words.is_known,
    ):
        cached.cache_clear()
    verdicts._POOLS.clear()


def planted_sentences() -> list[Sentence]:
    out = []
    for name in ("faithful", "errors"):
        items = json.loads((ROOT / "fixtures" / "planted" / f"{name}.json").read_text(encoding="utf-8"))["items"]
        out += [Sentence(text=i["sentence"], citations=[Citation(**c) for c in i["citations"]]) for i in items]
    return out


def self_citing(sources: list) -> list[Sentence]:
    out = []
    for source in sources:
        for span in split_sentences(source.text):
            quote = source.text[span.start : span.end]
            if len(quote) > 40 and not source.is_furniture(span.start, span.end):
                out.append(
                    Sentence(text=quote, citations=[Citation(source=source.id, quote=quote)], language=source.language)
                )
    return out


def planted_table() -> None:
    """Flagged per kind over fixtures/planted (faithful kinds should be 0, error kinds all)."""
    from collections import defaultdict

    from briefer.verify import check_sentence

    seeds = sorted((ROOT / "fixtures" / "articles").glob("*.txt"))
    sources = {
        s.id: s for s in load_sources([*seeds, ROOT / "fixtures" / "llm" / "articles" / "council_injection.txt"])
    }
    print("planted set: flagged / sentences per kind")
    for name in ("faithful", "errors", "heldout", "heldout2"):
        items = json.loads((ROOT / "fixtures" / "planted" / f"{name}.json").read_text(encoding="utf-8"))["items"]
        counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for item in items:
            sentence = Sentence(text=item["sentence"], citations=[Citation(**c) for c in item["citations"]])
            verdict = check_sentence(sentence, sources).verdict
            counts[item["kind"]][0] += bool(verdict and verdict.flagged)
            counts[item["kind"]][1] += 1
        print(f"  {name}: " + ", ".join(f"{kind} {f}/{n}" for kind, (f, n) in counts.items()))


def throughput(repeats: int) -> None:
    seeds = sorted((ROOT / "fixtures" / "articles").glob("*.txt"))
    sources = load_sources([*seeds, ROOT / "fixtures" / "llm" / "articles" / "council_injection.txt"])
    sentences = planted_sentences() + self_citing(sources)
    briefing = Briefing(sections=[Section(title="Bench", sentences=sentences)])
    words.is_known("loaded")  # the dictionaries load once per process (about a second), not per run
    words.lemmas("loaded")
    times = []
    for _ in range(repeats):
        clear_caches()
        t = time.perf_counter()
        check_briefing(briefing, sources)
        times.append(time.perf_counter() - t)
    best, median = min(times), statistics.median(times)
    print(f"throughput: {len(sentences)} sentences × {repeats} runs, caches cleared before each run")
    print(f"  {'best':>8} {best * 1000:8.1f} ms   {len(sentences) / best:8.0f} sentences/s")
    print(f"  {'median':>8} {median * 1000:8.1f} ms   {len(sentences) / median:8.0f} sentences/s")


def big_text(size: int) -> str:
    seeds = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "fixtures" / "articles").glob("*.txt")))
    copies, n = [], 0
    while sum(len(c) for c in copies) < size - len(PARAGRAPH):
        copies.append(f"Copy {n}.\n{seeds}\n")
        n += 1
    return "".join(copies)[: size - len(PARAGRAPH) - 2] + "\n\n" + PARAGRAPH


def location(repeats: int) -> None:
    sizes = [250_000, 500_000, 1_000_000]
    texts = {size: big_text(size) for size in sizes}
    print("\nquote location (ms; the view is built once per source text, then reused by every quote)")
    print(f"  {'':>12}" + "".join(f"{size / 1e6:>10.2f} MB" for size in sizes))
    rows: dict[str, list[float]] = {"build view": []}
    for size in sizes:
        rows["build view"].append(_best(repeats, lambda t=texts[size]: _build_view(t)))
    for kind, quote in QUOTES.items():
        rows[kind] = []
        for size in sizes:
            view = text_view(texts[size])
            hits = locate_all(quote, view)
            expected = "missing" if kind == "not found" else ("normalized" if kind == "ellipsis" else kind)
            got = hits[0][2] if hits else "missing"
            if got != expected:
                raise SystemExit(f"{kind} at {size}: located as {got}, expected {expected}")
            rows[kind].append(_best(repeats, lambda q=quote, v=view: locate_all(q, v)))
    for name, values in rows.items():
        print(
            f"  {name:>12}"
            + "".join(f"{v * 1000:>13.2f}" for v in values)
            + f"   ×{values[-1] / values[0]:.1f} for ×4 text"
        )


def _build_view(text: str) -> None:
    """Everything a view builds lazily: the normalised copy and the word index a fuzzy match needs."""
    text_view.cache_clear()
    view = text_view(text)
    view.norm, view.positions  # noqa: B018  # touched to build them


def _best(repeats: int, fn: object) -> float:
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - t)
    return min(times)


def sources_scaling() -> None:
    """Linear in the number of sources: S copies of the seeds (as distinct sources), one sentence per
    source citing it with a quote found nowhere (the worst case: it is looked for in every other source).
    Time per sentence should stay flat as S doubles."""
    from briefer.ingest import read_source

    seeds = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "fixtures" / "articles").glob("*.txt"))]
    print("\nsources: one sentence per source, each with a quote found in no source")
    for count in (10, 20, 40):
        sources = [read_source(f"copy{n}.txt", f"Copy {n}.\n{seeds[n % len(seeds)]}".encode()) for n in range(count)]
        sentences = [
            Sentence(
                text="The harbour commission rejected every berth.",
                citations=[Citation(source=s.id, quote="The harbour commission rejected every berth")],
            )
            for s in sources
        ]
        clear_caches()
        t = time.perf_counter()
        check_briefing(Briefing(sections=[Section(title="S", sentences=sentences)]), sources)
        took = time.perf_counter() - t
        print(f"  {count:>4} sources  {took * 1000:8.1f} ms   {took / count * 1000:6.2f} ms per sentence")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    planted_table()
    throughput(3 if args.quick else 10)
    location(2 if args.quick else 5)
    sources_scaling()


if __name__ == "__main__":
    main()

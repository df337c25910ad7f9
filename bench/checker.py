"""Checker speed: sentences per second on the seeds, and quote location against text length.

    .venv/bin/python bench/checker.py            # full run
    .venv/bin/python bench/checker.py --quick    # fewer repetitions
    .venv/bin/python bench/checker.py --digest   # a hash of every verdict over a fixed workload
    git worktree add /tmp/briefer-before <commit>
    .venv/bin/python bench/checker.py --digest --code /tmp/briefer-before       # the same, for that tree's code
    .venv/bin/python bench/checker.py --baseline /tmp/briefer-before --repeat 5 # throughput side by side
    .venv/bin/python bench/checker.py --baseline /tmp/briefer-before --turns 15  # the same, run by run
    .venv/bin/python bench/checker.py --footer --baseline /tmp/briefer-before --repeat 7  # the seeds' footer
    .venv/bin/python bench/checker.py --profile [--code /tmp/briefer-before]  # where the throughput's time goes
    .venv/bin/python bench/checker.py --caches   # what the cleared caches cost: per word, per text, pools

Digest: every label, score, reason, span, atom and located citation of ``check_briefing`` (and of
``check_sentence`` for the planted items) over a fixed workload: the planted sets, the throughput
briefing, the recorded real-model briefing, the reversal suite, the same sentences without quotes and
without citations, the sources sweep, and a fixed sample of ``../shared/dev-eval/summedits-other``
(said when absent). One hash per workload and one over all. It runs twice: once with every cache
cleared before each workload, once warm in the reverse order; the two must agree (a cache that
changes a verdict shows up there). It runs under PYTHONHASHSEED=0: a few reasons name a set's members
in the set's order, which follows the string hash seed of the process. A speed change must leave the
digest as it was (``--code`` runs the workload with another tree's ``briefer``, over this tree's fixtures).

Side by side (``--baseline DIR``): fresh interpreters for this tree and DIR take turns (``--repeat``
rounds), each timing the throughput briefing, the dev sample (quote-less claims, one source per
document) and the sources sweep, so both meet the same machine load; medians and their ratio. With
``--turns N`` two warm interpreters take turns run by run instead (N runs of each workload each, the
order alternating): on a loaded machine many short turns give steadier ratios than a few processes.

Footer (``--footer``): ``python -m briefer summarize fixtures/articles --format json`` in fresh
processes, the trees taking turns: the footer's figure (``run.timings["total"]``, ingest to the last
verdict, the checker's one-off loads included), the whole process's wall time (imports and
interpreter start-up included) and its CPU time (user + system: less moved by a loaded machine),
each with an empty cache directory (a first run: every cache briefer keeps is built) and with the
one the previous run left (every later run); medians, best and worst.

Caches (``--caches``): the throughput briefing and the dev sample timed (CPU, best of runs) with every cache
cleared (as every other timing here), with the per-word caches kept warm (those keyed by one word,
lemma or set of forms: what the lexicon looks up), with every cache but the pools kept, and with
nothing cleared. The steps say how much of a fresh check is word look-ups, per-text readings and
pools, and how much is the rules themselves (the last row).

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
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# --code DIR: import briefer from another tree (read before the imports below); fixtures stay this tree's.
CODE = Path(sys.argv[sys.argv.index("--code") + 1]).resolve() if "--code" in sys.argv[:-1] else ROOT
sys.path.insert(0, str(CODE))
DEV = ROOT.parent / "shared" / "dev-eval" / "summedits-other" / "pairs.jsonl"

from briefer.ingest import load_sources  # noqa: E402
from briefer.lexicon import words  # noqa: E402
from briefer.models import Briefing, Citation, Section, Sentence  # noqa: E402
from briefer.segment import split_sentences  # noqa: E402
from briefer.verify import check_briefing, verdicts  # noqa: E402
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
    """Every per-text and per-word cache of the checker and the lexicon: each ``lru_cache`` of a bounded
    size above one in ``briefer.verify`` and ``briefer.lexicon`` (found, not listed, so that this and an
    older tree clear alike), and the pools verdicts.py keeps. The dictionaries (simplemma's, the WordNet
    table: caches of size one) load once per process, like an import, and stay."""
    for name, module in list(sys.modules.items()):
        if not name.startswith(("briefer.verify", "briefer.lexicon")):
            continue
        for value in list(vars(module).values()):
            params = None if isinstance(value, type) else getattr(value, "cache_parameters", None)
            if params is not None and (params()["maxsize"] or 0) > 1:
                value.cache_clear()
    # The pools verdicts.py kept (an older tree), or the caches a newer tree lists beside its lru_caches.
    for extra in (getattr(verdicts, "_POOLS", {}), *getattr(verdicts, "CLEARABLE", ())):
        extra.clear()


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
    print("\nsources: one sentence per source, each with a quote found in no source")
    for count in (10, 20, 40):
        briefing, sources = sweep_briefing(count)
        clear_caches()
        t = time.perf_counter()
        check_briefing(briefing, sources)
        took = time.perf_counter() - t
        print(f"  {count:>4} sources  {took * 1000:8.1f} ms   {took / count * 1000:6.2f} ms per sentence")


# ---------------------------------------------------------------- the digest: every verdict, hashed


def seed_sources() -> list:
    seeds = sorted((ROOT / "fixtures" / "articles").glob("*.txt"))
    return load_sources([*seeds, ROOT / "fixtures" / "llm" / "articles" / "council_injection.txt"])


def planted_items() -> list[dict]:
    out = []
    for name in ("faithful", "errors", "heldout", "heldout2"):
        out += json.loads((ROOT / "fixtures" / "planted" / f"{name}.json").read_text(encoding="utf-8"))["items"]
    return out


def dev_rows(count: int, seed: int = 0) -> list[dict]:
    """A fixed sample of the dev set (the same rows for every tree), or none when it is absent."""
    import random

    if not DEV.is_file():
        return []
    rows = [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines() if line.strip()]
    return random.Random(seed).sample(rows, min(count, len(rows)))


def dev_briefings(rows: list[dict]) -> list[tuple[Briefing, list]]:
    """One briefing per document, each claim a sentence citing it without a quote (as bench/truth.py)."""
    from briefer.ingest import read_source

    by_document: dict[str, list[dict]] = {}
    for row in rows:
        by_document.setdefault(row["source"], []).append(row)
    out = []
    for n, (text, group) in enumerate(by_document.items()):
        source = read_source(f"doc{n}.txt", text.encode("utf-8"))
        sentences = [Sentence(text=r["claim"], citations=[Citation(source=source.id)]) for r in group]
        out.append((Briefing(sections=[Section(title="claims", sentences=sentences)]), [source]))
    return out


def sweep_briefing(count: int) -> tuple[Briefing, list]:
    from briefer.ingest import read_source

    seeds = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "fixtures" / "articles").glob("*.txt"))]
    sources = [read_source(f"copy{n}.txt", f"Copy {n}.\n{seeds[n % len(seeds)]}".encode()) for n in range(count)]
    sentences = [
        Sentence(
            text="The harbour commission rejected every berth.",
            citations=[Citation(source=s.id, quote="The harbour commission rejected every berth")],
        )
        for s in sources
    ]
    return Briefing(sections=[Section(title="S", sentences=sentences)]), sources


def digest_workloads(dev_count: int) -> list[tuple[str, object]]:
    """(name, a function returning the rows to hash) for every workload of the digest."""
    from briefer.verify import check_sentence

    seeds = seed_sources()
    by_id = {s.id: s for s in seeds}
    items = planted_items()
    planted = [Sentence(text=i["sentence"], citations=[Citation(**c) for c in i["citations"]]) for i in items]
    quoteless = [
        Sentence(text=s.text, citations=[Citation(source=c.source) for c in s.citations[:1]], language=s.language)
        for s in planted
        if s.citations
    ]
    uncited = [Sentence(text=s.text) for s in planted[:40]]
    real = Briefing.model_validate_json((ROOT / "fixtures" / "llm" / "real" / "briefing.json").read_text("utf-8"))
    sys.path.insert(0, str(ROOT / "bench"))
    import reversal

    reversal_sources = load_sources(
        sorted((ROOT / "fixtures" / "articles").glob("*.txt")) + sorted(reversal.SUITE.glob("articles/*.txt"))
    )
    reversal_briefing = Briefing.model_validate(reversal.briefing_of(reversal.load_cases()))

    def briefing(sentences: list[Sentence]) -> Briefing:
        return Briefing(sections=[Section(title="Digest", sentences=sentences)])

    def rows(checked: Briefing) -> list:
        return [_row(s) for _, _, s in checked.sentences()]

    workloads: list[tuple[str, object]] = [
        ("planted", lambda: rows(check_briefing(briefing(planted), seeds))),
        ("planted, one by one", lambda: [_row(check_sentence(s, by_id)) for s in planted]),
        ("throughput", lambda: rows(check_briefing(briefing(self_citing(seeds)), seeds))),
        ("real-model briefing", lambda: rows(check_briefing(real, seeds))),
        ("reversal suite", lambda: rows(check_briefing(reversal_briefing, reversal_sources))),
        ("planted, no quotes", lambda: rows(check_briefing(briefing(quoteless), seeds))),
        ("planted, uncited", lambda: rows(check_briefing(briefing(uncited), seeds))),
        ("sources sweep (10)", lambda: rows(check_briefing(*sweep_briefing(10)))),
    ]
    dev = dev_briefings(dev_rows(dev_count))
    if dev_count and not dev:
        print(f"dev data absent ({DEV}): the digest leaves the dev sample out")
    if dev:
        workloads.append(
            (f"dev sample ({dev_count} rows)", lambda: [r for b, src in dev for r in rows(check_briefing(b, src))])
        )
    return workloads


def _row(sentence: Sentence) -> dict:
    return {
        "text": sentence.text,
        "citations": [c.model_dump(mode="json") for c in sentence.citations],
        "verdict": sentence.verdict.model_dump(mode="json") if sentence.verdict else None,
    }


def _hash(value: object) -> str:
    import hashlib

    return hashlib.sha256(json.dumps(value, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()[:16]


def digest(dev_count: int, out: Path | None) -> bool:
    words.is_known("loaded")
    workloads = digest_workloads(dev_count)
    cold: dict[str, list] = {}
    for name, fn in workloads:
        clear_caches()
        cold[name] = fn()  # type: ignore[operator]
    warm = {name: fn() for name, fn in reversed(workloads)}  # type: ignore[operator]
    print(f"digest of every verdict (briefer from {CODE})")
    agree = True
    for name, _ in workloads:
        same = _hash(cold[name]) == _hash(warm[name])
        agree &= same
        print(f"  {name:<28} {len(cold[name]):5d} sentences  {_hash(cold[name])}" + ("" if same else "  WARM DIFFERS"))
    total = _hash([cold[name] for name, _ in workloads])
    print(f"  {'all':<28} {sum(len(v) for v in cold.values()):5d} sentences  {total}")
    print("  cold and warm runs agree" if agree else "  COLD AND WARM RUNS DIFFER: a cache changes verdicts")
    if out is not None:
        with out.open("w", encoding="utf-8") as fh:
            for name, _ in workloads:
                for row in cold[name]:
                    fh.write(json.dumps({"workload": name, **row}, sort_keys=True, ensure_ascii=False) + "\n")
        print(f"  every row written to {out}")
    return agree


# ---------------------------------------------------------------- side by side with another tree


def child_workloads(dev_count: int) -> dict[str, tuple[list, list]]:
    """(briefings, their source lists) per side-by-side workload, the dictionaries loaded."""
    sources = seed_sources()
    sentences = planted_sentences() + self_citing(sources)
    words.is_known("loaded")
    words.lemmas("loaded")
    workloads: dict[str, tuple[list, list]] = {
        f"throughput ({len(sentences)} sentences)": (
            [Briefing(sections=[Section(title="Bench", sentences=sentences)])],
            [sources],
        )
    }
    dev = dev_briefings(dev_rows(dev_count))
    if dev:
        workloads[f"dev sample ({sum(len(list(b.sentences())) for b, _ in dev)} claims)"] = (
            [b for b, _ in dev],
            [s for _, s in dev],
        )
    for count in (10, 20, 40):
        b, s = sweep_briefing(count)
        workloads[f"sweep {count} sources"] = ([b], [s])
    return workloads


def child_timings(repeats: int, dev_count: int) -> dict[str, list[float]]:
    """Best-of-``repeats`` wall and CPU seconds per workload in this interpreter, caches cleared before
    each run (CPU time is the process's own: less moved by the other work on a loaded machine)."""
    workloads = child_workloads(dev_count)
    out: dict[str, list[float]] = {}
    for name, (briefings, source_lists) in workloads.items():
        wall = cpu = float("inf")
        for _ in range(repeats):
            clear_caches()
            t, c = time.perf_counter(), time.process_time()
            for b, s in zip(briefings, source_lists, strict=True):
                check_briefing(b, s)
            wall, cpu = min(wall, time.perf_counter() - t), min(cpu, time.process_time() - c)
        out[name] = [wall, cpu]
    return out


def side_by_side(baseline: Path, rounds: int, dev_count: int, this: Path) -> None:
    import subprocess

    trees = {"this tree": this.resolve(), "baseline": baseline.resolve()}
    got: dict[str, list[dict[str, list[float]]]] = {k: [] for k in trees}
    for _ in range(rounds):
        for label, tree in trees.items():  # turns, so both meet the same load
            done = subprocess.run(
                [sys.executable, __file__, "--child", "--code", str(tree), "--dev-rows", str(dev_count)],
                capture_output=True,
                text=True,
                check=True,
            )
            got[label].append(json.loads(done.stdout.strip().splitlines()[-1]))
    print(f"side by side: {rounds} rounds of fresh interpreters taking turns, best of 3 runs each, medians")
    print(f"  this tree {trees['this tree']}\n  baseline  {trees['baseline']}")
    for k, clock in enumerate(("wall", "CPU")):
        print(
            f"\n  {clock + ' time':<32} {'baseline ms':>12} {'this ms':>10} {'ratio':>7}"
            f" {'sent/s before':>14} {'after':>8}"
        )
        for name in got["this tree"][0]:
            new = statistics.median(r[name][k] for r in got["this tree"])
            old = statistics.median(r[name][k] for r in got["baseline"])
            n = _count(name)
            rates = f"{n / old:14.0f} {n / new:8.0f}" if n else ""
            print(f"  {name:<32} {old * 1000:12.1f} {new * 1000:10.1f} {old / new:6.2f}× {rates}")


def serve(dev_count: int) -> None:
    """``--serve``: one warm interpreter that times one run of the named workload per line of stdin
    (caches cleared first) and answers with its CPU seconds: the trees of ``--turns`` take turns run by run."""
    workloads = child_workloads(dev_count)
    print(json.dumps(list(workloads)), flush=True)
    for line in sys.stdin:
        briefings, source_lists = workloads[line.strip()]
        clear_caches()
        c = time.process_time()
        for b, s in zip(briefings, source_lists, strict=True):
            check_briefing(b, s)
        print(time.process_time() - c, flush=True)


def turns(baseline: Path, runs: int, dev_count: int, this: Path) -> None:
    """Side by side in two warm interpreters that take turns run by run (ABBA), ``runs`` runs of each
    workload each: CPU seconds, the best and the median, and their ratios. Many short turns meet the
    same load more evenly than a few fresh processes."""
    import subprocess

    trees = {"this tree": this.resolve(), "baseline": baseline.resolve()}
    procs = {
        label: subprocess.Popen(
            [sys.executable, __file__, "--serve", "--code", str(tree), "--dev-rows", str(dev_count)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for label, tree in trees.items()
    }
    names = [json.loads(p.stdout.readline()) for p in procs.values()][0]  # type: ignore[union-attr]
    got: dict[str, dict[str, list[float]]] = {label: {n: [] for n in names} for label in trees}
    for k in range(runs):
        for name in names:
            for label in list(trees)[:: 1 if k % 2 == 0 else -1]:
                proc = procs[label]
                proc.stdin.write(name + "\n")  # type: ignore[union-attr]
                proc.stdin.flush()  # type: ignore[union-attr]
                got[label][name].append(float(proc.stdout.readline()))  # type: ignore[union-attr]
    for proc in procs.values():
        proc.stdin.close()  # type: ignore[union-attr]
        proc.wait()
    print(f"side by side, taking turns: {runs} runs of each workload in two warm interpreters (CPU time)")
    print(f"  this tree {trees['this tree']}\n  baseline  {trees['baseline']}")
    print(
        f"\n  {'':<32} {'baseline ms':>12} {'this ms':>10} {'ratio':>7} {'median ratio':>13}"
        f" {'sent/s before':>14} {'after':>8}"
    )
    for name in names:
        old, new = min(got["baseline"][name]), min(got["this tree"][name])
        mid = statistics.median(got["baseline"][name]) / statistics.median(got["this tree"][name])
        n = _count(name)
        rates = f"{n / old:14.0f} {n / new:8.0f}" if n else ""
        print(f"  {name:<32} {old * 1000:12.1f} {new * 1000:10.1f} {old / new:6.2f}× {mid:12.2f}× {rates}")


def footer(trees: dict[str, Path], rounds: int) -> None:
    """The seeds' footer figure and the process's wall time, fresh processes taking turns (module doc)."""
    import resource
    import shutil
    import subprocess
    import tempfile

    got: dict[tuple[str, str], list[tuple[float, float, float]]] = {}
    work = Path(tempfile.mkdtemp(prefix="briefer-footer-"))
    try:
        for n in range(rounds):
            for label, tree in trees.items():
                warm = work / f"warm-{label.replace(' ', '-')}"
                for cache in ("first run", "later run"):
                    directory = work / f"cold-{n}-{label.replace(' ', '-')}" if cache == "first run" else warm
                    env = {**os.environ, "PYTHONPATH": str(tree), "BRIEFER_CACHE_DIR": str(directory)}
                    before = resource.getrusage(resource.RUSAGE_CHILDREN)
                    t = time.perf_counter()
                    done = subprocess.run(
                        [sys.executable, "-m", "briefer", "summarize", str(ROOT / "fixtures" / "articles")]
                        + ["--format", "json"],
                        capture_output=True,
                        text=True,
                        check=True,
                        env=env,
                        cwd=work,
                    )
                    wall = time.perf_counter() - t
                    after = resource.getrusage(resource.RUSAGE_CHILDREN)
                    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
                    total = json.loads(done.stdout)["run"]["timings"]["total"]
                    if cache == "later run" and not n:
                        continue  # the warm directory's first use is a first run
                    got.setdefault((label, cache), []).append((total, wall, cpu))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"the seeds' footer: {rounds} rounds of fresh processes taking turns (s; median [best–worst])")
    for label, tree in trees.items():
        print(f"  {label:<10} {tree}")
    print(f"\n  {'':<22} {'footer (run total)':>26} {'process wall':>26} {'process CPU':>26}")
    for (label, cache), values in got.items():
        cols = []
        for k in (0, 1, 2):
            xs = sorted(v[k] for v in values)
            cols.append(f"{statistics.median(xs):8.3f} [{xs[0]:.3f}–{xs[-1]:.3f}]")
        print(f"  {label + ', ' + cache:<22} {cols[0]:>26} {cols[1]:>26} {cols[2]:>26}   ({len(values)} runs)")


def profile_workload(runs: int, dev_count: int, top: int) -> None:
    """``--profile``: cProfile over ``runs`` runs of the throughput workload (caches cleared before each,
    as the timings), then the ``briefer.verify`` and ``briefer.lexicon`` functions by cumulative and by
    own time. cProfile adds a fixed cost per call, so many small functions weigh more than they do
    unprofiled: read the shares, not the seconds."""
    import cProfile
    import pstats

    briefings, source_lists = next(iter(child_workloads(dev_count).values()))
    profiler = cProfile.Profile()
    for _ in range(runs):
        clear_caches()
        profiler.enable()
        for b, s in zip(briefings, source_lists, strict=True):
            check_briefing(b, s)
        profiler.disable()
    stats = pstats.Stats(profiler)
    total = stats.total_tt  # type: ignore[attr-defined]
    rows = [
        (f"{Path(file).parent.name}/{Path(file).name}:{name}", calls, own, cum)
        for (file, _, name), (_, calls, own, cum, _) in stats.stats.items()  # type: ignore[attr-defined]
        if "/briefer/verify/" in file or "/briefer/lexicon/" in file
    ]
    print(f"profile: throughput workload, {runs} runs under cProfile ({total:.2f} s profiled)")
    for title, key in (("cumulative", 3), ("own", 2)):
        print(f"\n  {'by ' + title + ' time':<56} {'calls/run':>10} {'own %':>7} {'cum %':>7}")
        for where, calls, own, cum in sorted(rows, key=lambda r: -r[key])[:top]:
            print(f"  {where:<56} {calls // runs:10d} {100 * own / total:6.1f}% {100 * cum / total:6.1f}%")


_PER_WORD = ("word", "lemma", "low", "forms")  # the first parameter of a cache keyed by one word


def _caches() -> list[tuple[bool, object]]:
    """(keyed by one word?, cache) for every cache ``clear_caches`` clears but the pools."""
    import inspect

    found: dict[int, tuple[bool, object]] = {}
    for name, module in list(sys.modules.items()):
        if not name.startswith(("briefer.verify", "briefer.lexicon")):
            continue
        for value in list(vars(module).values()):
            params = None if isinstance(value, type) else getattr(value, "cache_parameters", None)
            if params is None or (params()["maxsize"] or 0) <= 1:
                continue
            try:
                first = next(iter(inspect.signature(value.__wrapped__).parameters))
            except (AttributeError, StopIteration, TypeError, ValueError):
                first = ""
            found[id(value)] = (first in _PER_WORD, value)
    return list(found.values())


def cache_split(runs: int, dev_count: int) -> None:
    """``--caches``: CPU seconds of the throughput briefing and the dev sample with fewer caches cleared
    before each run, step by step (module doc)."""
    workloads = child_workloads(dev_count)
    caches = _caches()
    pools = (getattr(verdicts, "_POOLS", {}), *getattr(verdicts, "CLEARABLE", ()))

    def clear(per_text: bool, per_word: bool) -> None:
        for word, cache in caches:
            if per_word if word else per_text:
                cache.cache_clear()  # type: ignore[attr-defined]
        for pool in pools:
            pool.clear()

    steps = {
        "every cache cleared": lambda: clear(per_text=True, per_word=True),
        "per-word caches kept": lambda: clear(per_text=True, per_word=False),
        "all but the pools kept": lambda: clear(per_text=False, per_word=False),
        "nothing cleared": lambda: None,
    }
    word_caches = sum(w for w, _ in caches)
    print(f"caches: CPU ms, best of {runs} runs ({word_caches} per-word caches, {len(caches) - word_caches} others)")
    names = [n for n in workloads if not n.startswith("sweep")]
    print(f"  {'':<26}" + "".join(f"{n:>28}" for n in names))
    for step, before in steps.items():
        cells = []
        for name in names:
            briefings, source_lists = workloads[name]
            best = float("inf")
            for _ in range(runs):
                clear_caches()
                for b, s in zip(briefings, source_lists, strict=True):  # warm every cache once
                    check_briefing(b, s)
                before()
                c = time.process_time()
                for b, s in zip(briefings, source_lists, strict=True):
                    check_briefing(b, s)
                best = min(best, time.process_time() - c)
            cells.append(f"{best * 1000:10.1f} ms {_count(name) / best:8.0f}/s")
        print(f"  {step:<26}" + "".join(f"{cell:>28}" for cell in cells))


def _count(name: str) -> int:
    import re

    m = re.search(r"\((\d+) (?:sentences|claims)\)|sweep (\d+) sources", name)
    return int(next(g for g in m.groups() if g)) if m else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--digest", action="store_true", help="print a hash of every verdict over a fixed workload")
    parser.add_argument("--digest-out", type=Path, help="with --digest: write every hashed row as JSON lines")
    parser.add_argument("--code", type=Path, help="import briefer from this tree (fixtures stay this tree's)")
    parser.add_argument("--baseline", type=Path, help="time this tree and that one side by side")
    parser.add_argument("--repeat", type=int, default=3, help="with --baseline: rounds of turns")
    parser.add_argument("--this", type=Path, help="with --baseline: this side's code from another tree (a snapshot)")
    parser.add_argument("--dev-rows", type=int, default=300, help="dev-set rows in the digest and side by side")
    parser.add_argument("--footer", action="store_true", help="time the seeds' footer in fresh processes")
    parser.add_argument("--turns", type=int, help="with --baseline: this many runs each in two warm interpreters")
    parser.add_argument("--profile", action="store_true", help="cProfile the throughput workload (verify/, lexicon/)")
    parser.add_argument("--caches", action="store_true", help="time the workloads with fewer caches cleared")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.digest and os.environ.get("PYTHONHASHSEED") != "0":
        # Some reasons list a set's members in its iteration order, which follows the string hash seed:
        # the digest runs under one fixed seed, or two runs of the same code would differ.
        os.execve(sys.executable, [sys.executable, *sys.argv], {**os.environ, "PYTHONHASHSEED": "0"})
    if args.digest:
        raise SystemExit(0 if digest(args.dev_rows, args.digest_out) else 1)
    if args.profile:
        profile_workload(3 if args.quick else 10, args.dev_rows, 30)
        return
    if args.caches:
        cache_split(3 if args.quick else 10, args.dev_rows)
        return
    if args.child:
        print(json.dumps(child_timings(3, args.dev_rows)))
        return
    if args.serve:
        serve(args.dev_rows)
        return
    if args.footer:
        trees = {"this tree": (args.this or ROOT).resolve()}
        if args.baseline:
            trees["baseline"] = args.baseline.resolve()
        footer(trees, args.repeat)
        return
    if args.baseline and args.turns:
        turns(args.baseline, args.turns, args.dev_rows, args.this or ROOT)
        return
    if args.baseline:
        side_by_side(args.baseline, args.repeat, args.dev_rows, args.this or ROOT)
        return
    planted_table()
    throughput(3 if args.quick else 10)
    location(2 if args.quick else 5)
    sources_scaling()


if __name__ == "__main__":
    main()

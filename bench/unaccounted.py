"""Which content words leave a claim ``unverified``, and why: the counts behind issue 9's unverified share.

    .venv/bin/python bench/unaccounted.py                     # every row of summedits-other
    .venv/bin/python bench/unaccounted.py --split tune        # one half of the documents (as bench/truth.py)
    .venv/bin/python bench/unaccounted.py --top 40 --examples 3
    .venv/bin/python bench/unaccounted.py --tradeoff          # unverified share vs ✓ precision, per half

Data: ``../shared/dev-eval/summedits-other/pairs.jsonl`` (read only here; see bench/truth.py).

Every row is checked as ``bench/truth.py`` checks it. For the rows whose verdict is ``unverified``,
each unaccounted word of each atom (``claims.AtomResult.unmatched``) is put in the first cause that
fits it, in this order:

- ``number word``: a spelled-out number or magnitude ("two", "million", "half");
- ``meta word``: a word from the candidate list below that describes the source rather than states
  a fact of it ("the dialogue", "the speakers explore", "the transcript");
- ``big synset``: shares a WordNet synset with a source word, in a synset of more than 12 lemmas
  (the library leaves those out as too vague);
- ``two hops``: a source word two WordNet/table relations away (a synonym of a derivation, a similar
  adjective of a synonym …);
- ``same stem``: a source word with the same first letters (at least 5 and 70% of the shorter
  word): a derivational or inflected form no table links;
- ``near spelling``: a source word one letter away (a typo in the source: "loose" for "lose");
- ``none``: nothing in the source resembles it (an abstractive paraphrase, or an addition).

Each cause is counted on both classes: the words on consistent (faithful) rows and on inconsistent
rows. Then, cause by cause and cumulatively, how many unverified rows would turn ✓ if every word of
that cause were accounted for, per class, and the ✓ precision of the turned rows: a cause whose
turned rows are no more often faithful than today's ✓ rows is no gain. Last, the ceiling of any word
resource: one that knew exactly the words the consistent rows of each document use.
"""

from __future__ import annotations

import argparse
import gzip
import sys
from collections import Counter, defaultdict
from importlib import resources
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from truth import DATA, half_of, load_rows, predict  # noqa: E402

from briefer.ingest import read_source  # noqa: E402
from briefer.lexicon import quantities, words  # noqa: E402
from briefer.verify.claims import check_claims  # noqa: E402
from briefer.verify.pool import Pool, build_pool  # noqa: E402
from briefer.verify.reading import LIGHT as _LIGHT  # noqa: E402

# Candidate meta words, measured here before any is adopted: words a summary uses about the document
# ("the conversation", "the speakers explore", "the email promotes"), not facts in it.
META_CANDIDATES = frozenset(
    """
dialogue dialog chat conversation conversations discussion discussions transcript summary document
speaker speakers participant participants narrator host interviewer interviewee caller agent
explore explores explored exploring assess assesses assessed assessing elaborate elaborates elaborated
detail details detailed touch touches touched topic topics subject subjects aspect aspects
showcase showcases showcased promote promotes promoted emphasise emphasize note notes noted
convey conveys conveyed reflect reflects reflected insight insights share sharing
""".split()
)
NUMBER_WORDS = frozenset(
    "half quarter dozen dozens hundred hundreds thousand thousands million millions billion billions "
    "trillion couple pair single double triple twice once thrice".split()
)


class _WordNet:
    """The packaged WordNet table, whole, as typed one-hop links: S<pos> a shared synset of at most 12
    lemmas (Sbig: a bigger one, which the library leaves out), D a derivation, B a broader relation,
    A an antonym, Gup/Gdown a noun hypernym/hyponym, P the news paraphrase table."""

    def __init__(self) -> None:
        text = gzip.decompress(resources.files("briefer.lexicon").joinpath("wordnet.tsv.gz").read_bytes()).decode()
        self.links: dict[str, set[tuple[str, str]]] = defaultdict(set)
        for line in text.splitlines():
            kind, *rest = line.split("\t")
            if kind == "S":
                group = rest[1].split()
                link = f"S{rest[0]}" if len(group) <= 12 else "Sbig"
                for a in group:
                    self.links[a].update((link, b) for b in group if b != a)
            elif kind in ("D", "B", "A"):
                a, b = rest
                self.links[a].add((kind, b))
                self.links[b].add((kind, a))
            else:
                for b in rest[1].split():
                    self.links[rest[0]].add(("Gup", b))
                    self.links[b].add(("Gdown", rest[0]))
        for line in words.PARAPHRASES.splitlines():
            group = line.split()
            for a in group:
                self.links[a].update(("P", b) for b in group if b != a)

    def path(self, forms: frozenset[str], have: frozenset[str]) -> tuple[str, str] | None:
        """The first link type (one hop, else two: "B.Sv") from a form to a source lemma."""
        links = {f: sorted(self.links.get(f, ())) for f in sorted(forms)}  # sorted: the same path every run
        for f, out in links.items():
            for kind, b in out:
                if b in have:
                    return kind, f"{f} → {b}"
        for f, out in links.items():
            for kind, b in out:
                if kind in _NO_HOP or b in _LIGHT:
                    continue
                for kind2, c in sorted(self.links.get(b, ())):
                    if kind2 not in _NO_HOP and c in have and c not in _LIGHT:
                        return f"{kind}.{kind2}", f"{f} → {b} → {c}"
        return None


_NO_HOP = frozenset(("Gup", "Sbig", "A"))  # not walked through: too vague, or the opposite


def _stem_match(word: str, vocab: list[str]) -> str | None:
    for v in vocab:
        n = min(len(word), len(v))
        k = 0
        while k < n and word[k] == v[k]:
            k += 1
        if k >= 5 and k >= 0.7 * n and v != word:
            return v
    return None


def _one_letter(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1 or a == b or min(len(a), len(b)) < 4:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def classify(word: str, pool: Pool, wn: _WordNet) -> tuple[str, str]:
    """(cause, what in the source it resembles)."""
    forms = words.lemmas(word)
    if quantities.numbers(word) or forms & NUMBER_WORDS:
        return "number word", ""
    if forms & META_CANDIDATES:
        return "meta word", ""
    found = wn.path(forms, pool.lemmas)
    if found:
        return found
    stem = _stem_match(word, sorted(pool.lemmas))
    if stem:
        return "same stem", stem
    near = next((v for v in sorted(pool.lemmas) if _one_letter(word, v)), None)
    if near:
        return "near spelling", near
    return "none", ""


def analyse(rows: list[dict]) -> list[dict]:
    """Per unverified row: [(word, cause, resemblance, own)] over its atoms; ``own`` is True when the
    document's seed summary (the one the edits were made from) does not leave that word unaccounted:
    the edit brought it in."""
    by_document: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        by_document[row["source"]].append(row)
    wn = _WordNet()
    out = []
    for n, (text, group) in enumerate(by_document.items()):
        pool = build_pool([read_source(f"doc{n}.txt", text.encode("utf-8"))], "en")

        def unaccounted(row: dict, pool: Pool = pool) -> list[str]:
            if row["verdict"] != "unverified":
                return []
            found = [w for a in check_claims(row["claim"], pool) if a.label.value == "unverified" for w in a.unmatched]
            return list(dict.fromkeys(found))

        seeds = [r for r in group if r.get("is_seed_summary")]
        seed_words = set(unaccounted(seeds[0])) if seeds else set()
        for row in group:
            if row["verdict"] == "unverified":
                found = unaccounted(row)
                own = row.get("is_seed_summary") or not seeds
                out.append({**row, "words": [(w, *classify(w, pool, wn), own or w not in seed_words) for w in found]})
    return out


def report(analysed: list[dict], all_rows: list[dict], top: int, examples: int) -> None:
    good = [r for r in all_rows if r["label"] == 1]
    bad = [r for r in all_rows if r["label"] == 0]
    print(
        f"{len(all_rows)} rows; unverified: {sum(r['verdict'] == 'unverified' for r in good)} of {len(good)} "
        f"faithful, {sum(r['verdict'] == 'unverified' for r in bad)} of {len(bad)} unfaithful"
    )
    by_edit = Counter(
        (r["label"], "seed" if r.get("is_seed_summary") else "own" if any(o for *_, o in r["words"]) else "seed-only")
        for r in analysed
    )
    print(
        "unverified rows by where their unaccounted words come from (seed summary itself / an edit's own word "
        "/ only words its seed leaves unaccounted too):"
    )
    for label, name in ((1, "faithful"), (0, "unfaithful")):
        print(
            f"  {name:<10} seed {by_edit[label, 'seed']:>4}  own word {by_edit[label, 'own']:>4}  "
            f"seed's words only {by_edit[label, 'seed-only']:>4}"
        )
    causes: dict[tuple[int, bool], Counter[str]] = defaultdict(Counter)
    words_by: dict[int, Counter[str]] = {1: Counter(), 0: Counter()}
    shown: dict[str, list[str]] = defaultdict(list)
    for r in analysed:
        for w, cause, like, own in r["words"]:
            words_by[r["label"]][w] += 1
            causes[r["label"], False][cause] += 1
            if own:
                causes[r["label"], True][cause] += 1
            if r["label"] == 1 and len(shown[cause]) < examples and like and like not in shown[cause]:
                shown[cause].append(like)
    supported = [r for r in all_rows if r["verdict"] == "supported"]
    g0 = sum(r["label"] for r in supported)
    order = sorted(
        set(causes[1, False]) | set(causes[0, False]), key=lambda c: (-causes[1, False][c] - causes[0, False][c], c)
    )
    print(
        f"\ntoday {len(supported)} rows are ✓, ✓prec {g0 / max(len(supported), 1):.3f}. Per cause: the words it "
        "leaves unaccounted (all / the edits' own), the unverified rows every word of which it holds (alone: "
        "would turn ✓ if it were accounted for), and cumulatively in this order the ✓prec after:"
    )
    print(
        f"{'cause':<14} {'words good':>10} {'bad':>5} {'own good':>9} {'bad':>5} {'alone good':>11} {'bad':>5} "
        f"{'cumul. ✓prec':>13}   examples"
    )
    accepted: set[str] = set()
    for c in order:
        accepted.add(c)
        alone = [r["label"] for r in analysed if r["words"] and all(k == c for _, k, _, _ in r["words"])]
        turned = [r["label"] for r in analysed if r["words"] and all(k in accepted for _, k, _, _ in r["words"])]
        after = (g0 + sum(turned)) / max(len(supported) + len(turned), 1)
        print(
            f"{c:<14} {causes[1, False][c]:>10} {causes[0, False][c]:>5} {causes[1, True][c]:>9} "
            f"{causes[0, True][c]:>5} {sum(alone):>11} {len(alone) - sum(alone):>5} {after:>13.3f}   "
            + "; ".join(shown[c])
        )
    # The ceiling of any word resource: one that accounted for exactly the words the consistent rows of
    # the same document leave unaccounted (words humans judged faithful there), and no other.
    faithful_words: dict[str, set[str]] = defaultdict(set)
    for r in analysed:
        if r["label"] == 1:
            faithful_words[r["source"]].update(w for w, *_ in r["words"])
    ceiling = [r["label"] for r in analysed if all(w in faithful_words[r["source"]] for w, *_ in r["words"])]
    after = (g0 + sum(ceiling)) / max(len(supported) + len(ceiling), 1)
    print(
        f"a resource knowing exactly the words the faithful rows of each document use: {sum(ceiling)} faithful and "
        f"{len(ceiling) - sum(ceiling)} unfaithful rows turn ✓, ✓prec {after:.3f}"
    )
    print(f"\ntop {top} unaccounted words (on faithful rows / on unfaithful rows):")
    common = (words_by[1] + words_by[0]).most_common(top)
    print(", ".join(f"{w} {words_by[1][w]}/{words_by[0][w]}" for w, _ in common))


# How strongly a one-hop link says the source states the claim's word, weakest last: a derivation or
# the same stem (the same word in another class), the claim's word more general than the source's
# (entailed), a synonym or the news table, a WordNet "broader" relation (similar adjectives, verb
# groups, one-way verb hypernyms), the claim's word more specific than the source's (not entailed),
# a big synset, a number or meta word, an antonym, and nothing at all. A two-hop path is as weak as its
# weaker link, and at least a synonym's step. Fixed by meaning before measuring, not tuned.
STRENGTH = {"D": 1, "same stem": 1, "Gdown": 2, "S": 3, "P": 3, "B": 4, "Gup": 5, "Sbig": 5}
LEVELS = (
    "today",
    "+ derivation, same stem",
    "+ claim word more general",
    "+ synonyms, two hops",
    "+ broader relations",
    "+ claim word more specific",
    "+ number, meta words, antonyms",
    "+ every word (unverified = ✓)",
)


def level(cause: str) -> int:
    """The step of LEVELS from which a word of this cause counts as accounted for."""
    if cause in ("number word", "meta word"):
        return 6
    if cause in ("none", "near spelling"):
        return 7
    hops = cause.split(".")
    if "A" in hops:
        return 6
    strength = max(STRENGTH.get(h if h in STRENGTH else h[:1], 5) for h in hops)
    return max(strength, 3) if len(hops) > 1 else strength


def tradeoff(analysed: list[dict], all_rows: list[dict], halves: dict[str, str]) -> None:
    """Per half, cumulatively by LEVELS: if every unaccounted word up to that strength were accounted
    for, how many faithful rows stay unverified, and the ✓ precision. Flags do not move (an unverified
    row turned ✓ was not flagged before either), so balanced accuracy is today's on every line."""
    print(
        "If every unaccounted word of a row were accounted for up to a strength of link (cumulative), "
        "per half:\n(balanced accuracy is unchanged on every line: an unverified row turned ✓ is unflagged "
        "either way)"
    )
    print(f"{'level':<32} {'half':<8} {'unver%good':>10} {'✓prec':>6} {'✓ rows':>7} {'turned good':>11} {'bad':>5}")
    for n, name in enumerate(LEVELS):
        for half in ("tune", "heldout"):
            rows = [r for r in all_rows if halves[r["id"]] == half]
            good = sum(r["label"] == 1 for r in rows)
            supported = [r["label"] for r in rows if r["verdict"] == "supported"]
            unverified_good = sum(r["label"] == 1 and r["verdict"] == "unverified" for r in rows)
            turned = (
                [
                    r["label"]
                    for r in analysed
                    if halves[r["id"]] == half and all(level(cause) <= n for _, cause, _, _ in r["words"])
                ]
                if n
                else []
            )
            ticks = len(supported) + len(turned)
            precision = (sum(supported) + sum(turned)) / max(ticks, 1)
            left = (unverified_good - sum(turned)) / max(good, 1)
            print(
                f"{name:<32} {half:<8} {left:>10.1%} {precision:>6.3f} {ticks:>7} {sum(turned):>11} "
                f"{len(turned) - sum(turned):>5}"
            )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--split", choices=("all", "tune", "heldout"), default="all")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--domain")
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--examples", type=int, default=4)
    parser.add_argument(
        "--tradeoff",
        action="store_true",
        help="unverified share against ✓ precision on both halves, by strength of the word links accepted",
    )
    args = parser.parse_args()
    if not args.data.is_file():
        print(f"dev data absent: {args.data} (see /work/wt/shared/dev-eval/README)", file=sys.stderr)
        return 2
    rows = load_rows(args.data, args.domain, None, args.seed)
    if args.tradeoff:
        predicted = predict(rows, None)
        tradeoff(analyse(predicted), predicted, {r["id"]: half_of(r["source"], args.seed) for r in rows})
        return 0
    if args.split != "all":
        rows = [r for r in rows if half_of(r["source"], args.seed) == args.split]
    predicted = predict(rows, None)
    report(analyse(predicted), predicted, args.top, args.examples)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

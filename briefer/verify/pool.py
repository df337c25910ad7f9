"""The sentences a claim may rest on: every sentence of the cited sources, read once, indexed.

``build_pool`` reads the cited sources' sentences (page furniture left out) and indexes them by
lemma and by number; ``best_sentences`` ranks them for one claim by shared lemmas and synonyms
weighed by rarity, the cited ones first.
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache

from briefer import lexicon
from briefer.lexicon import quantities
from briefer.lexicon import words as word_tables
from briefer.models import Source, Span
from briefer.verify.evidence import sentences_of
from briefer.verify.reading import LIGHT, Text, read, vocabulary

WINDOW = 3  # evidence sentences per atom


@dataclass(frozen=True)
class Pool:
    """Sentences a claim may rest on: every sentence of the cited sources, read once, with an index."""

    sources: tuple[Source, ...]
    spans: tuple[tuple[int, Span], ...]  # (source index, sentence span)
    texts: tuple[Text, ...]
    index: dict[str, list[int]]  # lemma → sentence numbers
    idf: dict[str, float]
    lemmas: frozenset[str]  # every lemma in the pool
    vocab: frozenset[str]
    numbers: frozenset[float]
    months: frozenset[int]
    entities: frozenset[str]
    by_number: dict[float, list[int]]
    weekdays: frozenset[int] = frozenset()

    @cached_property
    def general(self) -> frozenset[str]:
        """Nouns more general than a pool word (WordNet hypernyms); read only when a word is unmatched."""
        return frozenset().union(*(nouns_general(t) for t in self.texts))

    @cached_property
    def word_scores(self) -> dict[frozenset[str], list[tuple[int, float]]]:
        """Per claim word's lemmas, what it adds to the score of each sentence (``best_sentences``),
        filled as claims are checked: a briefing's claims share their words."""
        return {}


def build_pool(sources: Sequence[Source], language: str = "en") -> Pool:
    spans: list[tuple[int, Span]] = []
    texts: list[Text] = []
    for n, source in enumerate(sources):
        furnished = bool(source.furniture)  # most sources have none: no search per sentence
        for span in sentences_of(source.text).spans:
            if furnished and source.is_furniture(span.start, span.end):
                continue
            spans.append((n, span))
            texts.append(read(source.text[span.start : span.end], language, names_too=False))
    index: dict[str, list[int]] = {}
    for i, t in enumerate(texts):
        for lemma in t.all_lemmas:
            index.setdefault(lemma, []).append(i)
    by_number: dict[float, list[int]] = {}
    for i, t in enumerate(texts):
        for value in t.numbers:
            by_number.setdefault(value, []).append(i)
    total = max(len(texts), 1)
    idf = {lemma: math.log(1 + total / len(ids)) for lemma, ids in index.items()}
    # Names, months and vocabulary once per source, over its sentences joined (not once per sentence).
    joined = "\n".join(sources[n].text[span.start : span.end] for n, span in spans)
    vocab, entities = vocabulary(joined)
    return Pool(
        tuple(sources),
        tuple(spans),
        tuple(texts),
        index,
        idf,
        frozenset(index),
        frozenset(vocab),
        frozenset(v for t in texts for n in t.numbers for v in scaled(n)),
        frozenset(quantities.months(joined, numeric=True)),
        frozenset(entities),
        by_number,
        frozenset(quantities.weekdays(joined)),
    )


def nouns_general(t: Text) -> frozenset[str]:
    """The nouns more general than a content noun of ``t``, once per text."""
    if t.general is None:
        t.general = more_general({f for i in t.content for f in as_noun(t, i)})
    return t.general


def more_general(lemmas: Iterable[str]) -> frozenset[str]:
    """Every noun more general than one of ``lemmas``: what a summary may call the source's things.
    Numbers name no thing here ("four" is also a playing card, a kind of "die")."""
    return frozenset().union(*(_generalised(f) for f in lemmas))


@lru_cache(maxsize=65536)
def _generalised(lemma: str) -> frozenset[str]:
    if lemma in LIGHT or quantities.numbers(lemma):
        return frozenset()
    return word_tables.generalisations(lemma)


def as_noun(t: Text, i: int) -> frozenset[str]:
    """The lemmas of word ``i`` that it may be as a noun: written as the lemma or its plural ("woman",
    "trucks"), not an inflected verb ("died" is no "die", the tool)."""
    word = t.words[i]
    return frozenset(
        f for f in t.lemmas[i] if word in (f, f + "s", f + "es") or (f.endswith("man") and word == f[:-3] + "men")
    )


def scaled(value: float) -> set[float]:
    """A value and the same figure in thousands, millions, billions: "$8.2m" is "$8.2 million"."""
    return {
        value,
        *(round(value / scale, 6) for scale in (1e3, 1e6, 1e9) if value >= scale),
        *(round(value * scale, 6) for scale in (1e3, 1e6, 1e9) if value < 1e4),
    }


def best_sentences(atom: Text, pool: Pool, preferred: Sequence[int] = (), limit: int = WINDOW) -> list[int]:
    """Pool sentences that best hold ``atom``: the preferred ones (cited) first, then by weighed overlap."""
    scores: dict[int, float] = defaultdict(float)
    memo = pool.word_scores
    for i in atom.content:
        forms = atom.lemmas[i]
        adds = memo.get(forms)
        if adds is None:
            adds = memo[forms] = _word_scores(forms, pool)
        for s, add in adds:  # in the order they were found: the sums come out the same to the last bit
            scores[s] += add
    for n in atom.numbers:
        for s in pool.by_number.get(n, ()):
            scores[s] += 2.0
    chosen = [s for s in preferred]
    ranked = heapq.nsmallest(limit + len(chosen), scores, key=lambda s: (-scores[s], s))  # = sorted(…)[:n]
    chosen += [s for s in ranked if s not in chosen]
    return chosen[: max(limit, len(preferred))] if chosen else []


def _word_scores(forms: frozenset[str], pool: Pool) -> list[tuple[int, float]]:
    """(sentence, score) for every sentence holding one of ``forms`` (weighed by its rarity) or a word
    related to one (six tenths of that word's rarity), in the order ``best_sentences`` adds them."""
    direct = {s for f in forms for s in pool.index.get(f, ())}
    weight = max((pool.idf.get(f, 0.0) for f in forms), default=0.0) or 1.0
    adds = [(s, weight) for s in direct]
    for f in forms:
        for r in lexicon.related(f):
            hits = pool.index.get(r)
            if hits:
                related = 0.6 * pool.idf.get(r, 1.0)
                adds += [(s, related) for s in hits if s not in direct]
    return adds


def sentence_text(pool: Pool, s: int) -> str:
    n, span = pool.spans[s]
    return pool.sources[n].text[span.start : span.end]


def in_german(pool: Pool, s: int) -> bool:
    """Whether pool sentence ``s`` comes from a German source."""
    return pool.sources[pool.spans[s][0]].language == "de"


def clip(text: str, limit: int = 100) -> str:
    text = " ".join(text.split())
    return "“" + (text if len(text) <= limit else text[: limit - 1] + "…") + "”"

"""Each claim of a sentence against the evidence that can hold it.

For every atom (see ``atoms``): the evidence is the cited passages first (when quotes were given),
then the source sentences that best match the atom anywhere in the cited sources (in every given
source when none is cited), scored by shared lemmas and synonyms weighed by rarity. Then:

- every content word is accounted for: the same lemma, a WordNet synonym or derivation, or a
  paraphrase from the news table (``briefer.lexicon``), in the evidence or elsewhere in the source;
- a concrete mismatch is a contradiction: an opposite word where the evidence has its antonym
  ("missing" where the source says "beating", "down from" for "up from"), a negation the aligned
  evidence does not have (or lacks one it has), a number, month or name the source does not hold;
- a claim whose content words are mostly absent is ``not_in_source``; one with a word the rules
  cannot match (a paraphrase outside the tables) is ``unverified``; otherwise ``supported``.

Reasons show the sentence's words next to the source's. No unmatched word is ever tolerated silently.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from briefer import lexicon
from briefer.lexicon.words import prefixed_opposites
from briefer.models import Source, Span, VerdictLabel
from briefer.verify import names, quantities
from briefer.verify.atoms import Atom, split_atoms
from briefer.verify.evidence import sentences_of

_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*(?:-[^\W\d_]+)*|[,.;:!?()]")
_NEGATORS = frozenset("not no never without none nobody nothing neither nor cannot nicht kein keine keinen keinem "
                      "keiner keines nie niemals ohne nichts".split())
# Words no claim rests on: function words, reporting and discourse verbs a summary adds ("the speaker
# discusses"), and the generic nouns of summaries of talk. They are compared by no rule but polarity.
_LIGHT = frozenset("""
a an the and or but if then than that this these those there here it its they them their he him his she her we
us our you your i me my is are was were be been being am has have had do does did of to in on at by for from
with as into onto over under about after before since until while during against between among through per via
so such also too very just only even again still already now later soon yet more most less least much many some
any each both other another which who whom whose what when where why how all can could may might must shall
should will would up out off down own same s t mr mrs ms one ones said say says saying told tell according
discuss discusses discussed mention mentions mentioned explain explains explained describe describes described
talk talks talked speaker speakers conversation person people someone something thing things way also
include includes including well overall however therefore thus ago get gets got make makes made take takes
going go goes went come comes came want wants let lets
""".split())
_HEDGES = frozenset("may might could possibly perhaps probably likely unlikely reportedly allegedly alleged "
                    "apparently suspected expected plans planned planning intends proposed potential rumored "
                    "rumoured".split())
_WINDOW = 3  # evidence sentences per atom
_NOT_IN_SOURCE = 0.5  # below this share of content words accounted for, a claim has no evidence


@dataclass
class Text:
    """A text as the claim rules read it."""

    lemmas: list[frozenset[str]]  # per token, its possible lemmas
    words: list[str]  # per token, lowercase as written
    negated: set[str]  # lemmas in a negation's scope
    numbers: set[float]
    months: set[int]
    vocab: set[str]  # folded tokens (for names)
    entities: set[str]
    all_lemmas: set[str] = field(default_factory=set)


@lru_cache(maxsize=4096)
def read(text: str, language: str = "en") -> Text:
    tokens = [m.group(0) for m in _TOKEN.finditer(text)]
    words, lemma_sets, negated = [], [], set()
    scope = 0
    for token in tokens:
        low = token.lower().replace("’", "'")
        if not low[0].isalpha():
            scope = 0
            continue
        if low in _NEGATORS or low.endswith("n't"):
            scope = 3
            words.append(low)
            lemma_sets.append(frozenset((low,)))
            continue
        forms = lexicon.lemmas(low, language) if "-" not in low else frozenset((low, *low.split("-")))
        words.append(low)
        lemma_sets.append(forms)
        if scope and low not in _LIGHT:
            negated |= forms
            scope -= 1
        elif scope and low in ("and", "or", "but"):
            scope = 0
    folded, entities = names.canonical_entities(text)
    vocab = {v for t in re.findall(r"[\w'-]+", folded) for v in (t, t.removesuffix("'s"), *t.split("-"))}
    out = Text(lemma_sets, words, negated, quantities.numbers(text), quantities.months(text, numeric=True), vocab,
               entities)
    out.all_lemmas = {lemma for forms in lemma_sets for lemma in forms}
    return out


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


def build_pool(sources: Sequence[Source], language: str = "en") -> Pool:
    spans: list[tuple[int, Span]] = []
    texts: list[Text] = []
    for n, source in enumerate(sources):
        for span in sentences_of(source.text).spans:
            if source.is_furniture(span.start, span.end):
                continue
            spans.append((n, span))
            texts.append(read(source.text[span.start : span.end], language))
    index: dict[str, list[int]] = {}
    for i, t in enumerate(texts):
        for lemma in t.all_lemmas:
            index.setdefault(lemma, []).append(i)
    total = max(len(texts), 1)
    idf = {lemma: math.log(1 + total / len(ids)) for lemma, ids in index.items()}
    return Pool(tuple(sources), tuple(spans), tuple(texts), index, idf, frozenset(index),
                frozenset().union(*(t.vocab for t in texts)) if texts else frozenset(),
                frozenset().union(*(t.numbers for t in texts)) if texts else frozenset(),
                frozenset().union(*(t.months for t in texts)) if texts else frozenset(),
                frozenset().union(*(t.entities for t in texts)) if texts else frozenset())


@dataclass
class AtomResult:
    atom: Atom
    label: VerdictLabel
    reason: str
    evidence: list[int]  # pool sentence numbers, best first
    unmatched: list[str] = field(default_factory=list)


def _content(t: Text) -> list[int]:
    return [i for i, w in enumerate(t.words) if w not in _LIGHT and w not in _NEGATORS and len(w) > 1
            and not w.endswith("n't")]


def _matches(forms: frozenset[str], have: set[str] | frozenset[str]) -> bool:
    if forms & have:
        return True
    return any(lexicon.related(f) & have for f in forms)


def best_sentences(atom: Text, pool: Pool, preferred: Sequence[int] = (), limit: int = _WINDOW) -> list[int]:
    """Pool sentences that best hold ``atom``: the preferred ones (cited) first, then by weighed overlap."""
    scores: Counter[int] = Counter()
    for i in _content(atom):
        forms = atom.lemmas[i]
        direct = {s for f in forms for s in pool.index.get(f, ())}
        weight = max((pool.idf.get(f, 0.0) for f in forms), default=0.0) or 1.0
        for s in direct:
            scores[s] += weight
        for f in forms:
            for r in lexicon.related(f):
                for s in pool.index.get(r, ()):
                    if s not in direct:
                        scores[s] += 0.6 * pool.idf.get(r, 1.0)
    for n in atom.numbers:
        for s, t in enumerate(pool.texts):
            if n in t.numbers:
                scores[s] += 2.0
    chosen = [s for s in preferred]
    chosen += [s for s, _ in scores.most_common(limit + len(chosen)) if s not in chosen]
    return chosen[: max(limit, len(preferred))] if chosen else []


def check_atom(atom: Atom, pool: Pool, preferred: Sequence[int] = (), language: str = "en",
               cross_lingual: bool = False) -> AtomResult:
    t = read(atom.text, language)
    evidence = best_sentences(t, pool, preferred)
    ev_texts = [pool.texts[s] for s in evidence]
    ev_lemmas: set[str] = set().union(*(e.all_lemmas for e in ev_texts)) if ev_texts else set()
    findings: list[str] = []

    missing_numbers = sorted(n for n in t.numbers if n not in pool.numbers)
    if missing_numbers:
        have = sorted({n for e in ev_texts for n in e.numbers})
        findings.append(f"number: “{', '.join(_num(n) for n in missing_numbers)}” in the sentence, "
                        f"the source has {', '.join(_num(n) for n in have[:6]) or 'no number there'}")
    missing_months = sorted(m for m in quantities.months(atom.text) if m not in pool.months)
    if missing_months:
        findings.append(f"date: {', '.join(_MONTHS[m - 1] for m in missing_months)} is not in the source")
    absent = [e for e in t.entities - pool.entities
              if not (cross_lingual and names.entity_in_compound(e, set(pool.vocab)))]
    wrong_names = [e.replace("_", " ").title() for e in absent] + _absent_names(atom.text, pool, language,
                                                                                  cross_lingual)
    if wrong_names:
        findings.append(f"name: {', '.join(dict.fromkeys(wrong_names))} in the sentence, not in the source")
    if not cross_lingual:
        findings += _opposites(t, evidence, pool)
        findings += _negation(t, evidence, pool)
    elif bool(t.negated) != any(e.negated for e in ev_texts[:1]):
        findings.append("negation: only " + ("the sentence" if t.negated else "the source") + " says not")

    if findings:
        return AtomResult(atom, VerdictLabel.CONTRADICTED, "; ".join(findings), evidence)
    if cross_lingual:
        return AtomResult(atom, VerdictLabel.SUPPORTED, "numbers, dates, names and negation match", evidence)
    content = _content(t)
    unmatched = [t.words[i] for i in content
                 if not (_matches(t.lemmas[i], ev_lemmas) or _matches(t.lemmas[i], pool.lemmas))
                 and not _is_name_in_source(t.words[i], pool)]
    unmatched = list(dict.fromkeys(unmatched))
    words = len({t.words[i] for i in content}) or 1
    share = 1 - len(unmatched) / words
    if unmatched and share < _NOT_IN_SOURCE:
        return AtomResult(atom, VerdictLabel.NOT_IN_SOURCE,
                          f"not in the source: {', '.join(unmatched)} ({len(unmatched)} of {words} content words "
                          "found nowhere in it)", evidence, unmatched)
    if unmatched:
        return AtomResult(atom, VerdictLabel.UNVERIFIED,
                          f"no match in the source for: {', '.join(unmatched)} (a paraphrase the rules cannot "
                          "match, or an addition)", evidence, unmatched)
    return AtomResult(atom, VerdictLabel.SUPPORTED, f"all {words} content words found in the source", evidence)


def _is_name_in_source(word: str, pool: Pool) -> bool:
    return names.fold(word).removesuffix("'s") in pool.vocab


def _absent_names(text: str, pool: Pool, language: str, cross_lingual: bool) -> list[str]:
    """Capitalised words the source never has. A capital opening the sentence (or after a colon or
    quote) marks a name only when the word is not in the dictionary ("Ultimately", "Shares")."""
    if language == "de":
        return []  # German capitalises every noun: only the entity table speaks there
    out = []
    for m in re.finditer(r"(?<![\w'’-])[A-Z][\w'’-]*", text):
        word = m.group(0).removesuffix("'s").removesuffix("’s")
        low = word.lower()
        if low in _LIGHT or low in _NEGATORS or quantities.is_date_word(word) or len(word) < 2:
            continue
        before = text[: m.start()].rstrip()
        initial = not before or before[-1] in ".:;!?\"“(—–-"
        if initial and lexicon.is_known(low, language):
            continue
        folded = names.fold(word)
        parts = [p for p in re.split(r"[-'’]", folded) if p]
        if all(p in pool.vocab for p in parts) or folded in pool.vocab:
            continue
        if word.isupper() and len(word) <= 5:  # an acronym: its letters may be spelled out in the source
            continue
        if cross_lingual and len(folded) >= 5 and any(folded[:5] in v for v in pool.vocab):
            continue
        if not word[0].isupper() or (lexicon.is_known(low, language) and _matches(lexicon.lemmas(low), pool.lemmas)):
            continue
        out.append(word)
    return out


def _opposites(t: Text, evidence: list[int], pool: Pool) -> list[str]:
    """An opposite in the aligned evidence of a word the evidence lacks: "missing" where it says "beating"."""
    found = []
    top = evidence[:2]
    ev = [pool.texts[s] for s in top]
    have: set[str] = set().union(*(e.all_lemmas for e in ev)) if ev else set()
    for i, forms in enumerate(t.lemmas):
        if forms & have:
            continue
        for form in forms:
            opposite = (lexicon.antonyms(form) | set(prefixed_opposites(form))) & have
            if opposite:
                word = next(iter(sorted(opposite)))
                where = next(s for s in top if word in pool.texts[s].all_lemmas)
                found.append(f"opposite: “{t.words[i]}” in the sentence, “{_surface(word, pool.texts[where])}” "
                             f"in the source ({_clip(_sentence_text(pool, where))})")
                break
    return found[:2]


def _negation(t: Text, evidence: list[int], pool: Pool) -> list[str]:
    """A negation on one side only, of a word both sides have."""
    if not evidence:
        return []
    best = pool.texts[evidence[0]]
    out = []
    for forms in ({f for f in t.negated if f not in _LIGHT},):
        shared = forms & best.all_lemmas
        if shared and not (shared & best.negated) and not any(shared & pool.texts[s].negated for s in evidence):
            word = sorted(shared)[0]
            out.append(f"negation: “not … {word}” in the sentence, “{_surface(word, best)}” without a negation "
                       f"in the source ({_clip(_sentence_text(pool, evidence[0]))})")
    theirs = {f for f in best.negated if f not in _LIGHT} & t.all_lemmas - t.negated
    content = {f for i in _content(t) for f in t.lemmas[i]}
    theirs &= content
    if theirs and not out:
        word = sorted(theirs)[0]
        if not any(word in pool.texts[s].all_lemmas and word not in pool.texts[s].negated for s in evidence[1:]):
            out.append(f"negation: “{word}” in the sentence, “not … {word}” in the source "
                       f"({_clip(_sentence_text(pool, evidence[0]))})")
    return out


def _surface(lemma: str, t: Text) -> str:
    return next((w for w, forms in zip(t.words, t.lemmas, strict=True) if lemma in forms), lemma)


def _sentence_text(pool: Pool, s: int) -> str:
    n, span = pool.spans[s]
    return pool.sources[n].text[span.start : span.end]


def _clip(text: str, limit: int = 100) -> str:
    text = " ".join(text.split())
    return "“" + (text if len(text) <= limit else text[: limit - 1] + "…") + "”"


_MONTHS = "January February March April May June July August September October November December".split()


def _num(value: float) -> str:
    return f"{value:g}" if value != int(value) else f"{value:.0f}"


def check_claims(text: str, pool: Pool, preferred: Sequence[int] = (), language: str = "en",
                 cross_lingual: bool = False) -> list[AtomResult]:
    return [check_atom(a, pool, preferred, language, cross_lingual) for a in split_atoms(text)]

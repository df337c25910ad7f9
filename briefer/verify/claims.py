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

import bisect
import dataclasses
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from briefer import lexicon
from briefer.lexicon import names, quantities
from briefer.lexicon import tables as old_lexicon
from briefer.lexicon import words as word_tables
from briefer.lexicon.words import derivations, prefixed_opposites
from briefer.models import Source, Span, VerdictLabel
from briefer.verify.atoms import Atom, concerned_part, split_atoms
from briefer.verify.evidence import sentences_of

_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*(?:-[^\W\d_]+)*|[,.;:!?()]")
_NEGATORS = frozenset(
    "not no never without none nobody nothing neither nor cannot nicht kein keine keinen keinem "
    "keiner keines nie niemals ohne nichts".split()
)
# Words no claim rests on: function words, reporting and discourse verbs a summary adds ("the speaker
# discusses"), and the generic nouns of summaries of talk. They are compared by no rule but polarity.
_LIGHT = frozenset(
    """
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
suggest suggests suggested focus focuses focused inform informs informed ask asks asked invite invites invited
express expresses expressed request requests requested recommend recommends recommended highlight highlights
highlighted emphasize emphasise emphasizes emphasises emphasized emphasised outline outlines outlined share
shares shared present presents presented introduce introduces introduced address addresses addressed cover
covers covered provide provides provided offer offers offered reach reaches reached contact contacts contacted
document text article paper email message letter report call meeting podcast episode host hosts
author writer sender recipient participant participants member members speaker group team company firm
representative individual others various different several within regarding despite because across whether
further eventually overall particular specific certain current currently potential available related
respectively correspondingly additionally furthermore moreover also instead rather

""".split()
)
_LIGHT_DE = _LIGHT | old_lexicon.GERMAN_LIGHT  # German has its own function words (English "die" is a verb)
_HEDGES = frozenset(
    "may might could possibly perhaps probably likely unlikely reportedly allegedly alleged "
    "apparently suspected expected plans planned planning intends proposed potential rumored "
    "rumoured".split()
)
_WINDOW = 3  # evidence sentences per atom
_HELD_DIFFERENTLY = False  # measured: fires as often on faithful rows as on edited ones
_NOT_IN_SOURCE = 0.5  # below this share of content words accounted for, a claim has no evidence


@dataclass
class Text:
    """A text as the claim rules read it: per word, as written (lowercase), its possible lemmas, and
    whether a negation governs it; plus its numbers, months, names."""

    lemmas: list[frozenset[str]]
    words: list[str]
    negated_at: list[bool]
    numbers: set[float]
    months: set[int]
    vocab: set[str]  # folded tokens (for names)
    entities: set[str]
    all_lemmas: set[str] = field(default_factory=set)
    negated: set[str] = field(default_factory=set)  # lemmas in a negation's scope
    content: list[int] = field(default_factory=list)  # indices of content words
    positions: dict[str, list[int]] = field(default_factory=dict)  # lemma → indices of content words
    _near: dict[int, set[str]] = field(default_factory=dict)


_SCOPE_ENDS = frozenset(
    "because since while although though that which who whom when where if unless until so but and".split()
)  # a negation's scope ends with its clause
_REACH = 6  # words either side that make a word's local context ("beating analysts' expectations")


@lru_cache(maxsize=4096)
def read(text: str, language: str = "en", names_too: bool = True) -> Text:
    """``text`` as the rules read it; without ``names_too`` its names, months and folded vocabulary are
    left out (a pool reads them once for all its sentences)."""
    if names_too:  # the words are read once: a claim that is a source sentence shares the pool's reading
        return _with_names(read(text, language, names_too=False), text)
    words: list[str] = []
    lemma_sets: list[frozenset[str]] = []
    negated_at: list[bool] = []
    scope = False
    light_words = _LIGHT_DE if language == "de" else _LIGHT
    # Multi-word synonyms become one word first ("handed in" → "submitted", "took place" → "happened").
    for m in _TOKEN.finditer(old_lexicon.rewrite_phrases(text.lower().replace("’", "'"))):
        if not scope and m.group(0).lower() in ("or", "nor") and negated_at and negated_at[-1]:
            scope = True  # "did not confirm or deny": both verbs are negated
        low = m.group(0).lower().replace("’", "'")
        if not low[0].isalpha():
            scope = False
            continue
        if low in _NEGATORS or low.endswith("n't"):
            scope = True
            words.append(low)
            lemma_sets.append(frozenset((low,)))
            negated_at.append(False)
            continue
        low = low.removesuffix("'s")
        # A hyphenated word is one word ("never-before-seen" negates nothing), with its parts as forms.
        forms = lexicon.lemmas(low, language) if "-" not in low else frozenset((low, *low.split("-")))
        words.append(low)
        lemma_sets.append(forms)
        light = low in light_words or bool(forms & light_words)
        negated_at.append(scope and not light)
        if low in _SCOPE_ENDS:
            scope = False
        if scope and (not light or low in ("and", "but")):
            scope = low in _HEDGES  # "does not plan to sell": the selling is negated too
    vocab: set[str] = set()  # names, months and vocabulary: _with_names
    entities: set[str] = set()
    months: set[int] = set()
    out = Text(lemma_sets, words, negated_at, quantities.numbers(text), months, vocab, entities)
    out.all_lemmas = {lemma for forms in lemma_sets for lemma in forms}
    out.negated = {lemma for forms, neg in zip(lemma_sets, negated_at, strict=True) if neg for lemma in forms}
    out.content = [
        i
        for i, (w, forms) in enumerate(zip(words, lemma_sets, strict=True))
        if w not in light_words
        and not forms & light_words
        and w not in _NEGATORS
        and len(w) > 1
        and not w.endswith("n't")
    ]
    for i in out.content:
        for f in lemma_sets[i]:
            out.positions.setdefault(f, []).append(i)
    return out


def _with_names(words_only: Text, text: str) -> Text:
    """``words_only`` (read without names) with the names, months and folded vocabulary of ``text``: a
    new Text sharing the words' (never changed) lists and sets, with its own phrase memo."""
    vocab, entities = _vocabulary(text)
    return dataclasses.replace(
        words_only, months=quantities.months(text, numeric=True), vocab=vocab, entities=entities, _near={}
    )


def _vocabulary(text: str) -> tuple[set[str], set[str]]:
    """Folded tokens (entity spellings replaced by their key) and the entities named."""
    folded, entities = names.canonical_entities(text)
    return {v for t in re.findall(r"[\w'-]+", folded) for v in (t, t.removesuffix("'s"), *t.split("-"))}, entities


def _near(t: Text, i: int) -> set[str]:
    """Lemmas of the content words around word ``i``: the phrase it belongs to."""
    near = t._near.get(i)
    if near is None:
        lo = bisect.bisect_left(t.content, i - _REACH)
        hi = bisect.bisect_right(t.content, i + _REACH)
        near = t._near[i] = {f for j in t.content[lo:hi] if j != i for f in t.lemmas[j]}
    return near


def _same_phrase(a: set[str], b: set[str]) -> bool:
    return bool(a & b) or any(lexicon.related(f) & b for f in a)


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
    general: frozenset[str] = frozenset()  # nouns more general than a pool word (WordNet hypernyms)


def build_pool(sources: Sequence[Source], language: str = "en") -> Pool:
    spans: list[tuple[int, Span]] = []
    texts: list[Text] = []
    for n, source in enumerate(sources):
        for span in sentences_of(source.text).spans:
            if source.is_furniture(span.start, span.end):
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
    vocab, entities = _vocabulary(joined)
    return Pool(
        tuple(sources),
        tuple(spans),
        tuple(texts),
        index,
        idf,
        frozenset(index),
        frozenset(vocab),
        frozenset(v for t in texts for n in t.numbers for v in _scaled(n)),
        frozenset(quantities.months(joined, numeric=True)),
        frozenset(entities),
        by_number,
        frozenset(quantities.weekdays(joined)),
        _general({f for t in texts for i in t.content for f in _as_noun(t, i)}),
    )


def _general(lemmas: Iterable[str]) -> frozenset[str]:
    """Every noun more general than one of ``lemmas``: what a summary may call the source's things.
    Numbers name no thing here ("four" is also a playing card, a kind of "die")."""
    return frozenset().union(*(_generalised(f) for f in lemmas))


@lru_cache(maxsize=65536)
def _generalised(lemma: str) -> frozenset[str]:
    if lemma in _LIGHT or quantities.numbers(lemma):
        return frozenset()
    return word_tables.generalisations(lemma)


def _as_noun(t: Text, i: int) -> frozenset[str]:
    """The lemmas of word ``i`` that it may be as a noun: written as the lemma or its plural ("woman",
    "trucks"), not an inflected verb ("died" is no "die", the tool)."""
    word = t.words[i]
    return frozenset(
        f for f in t.lemmas[i] if word in (f, f + "s", f + "es") or (f.endswith("man") and word == f[:-3] + "men")
    )


@dataclass
class AtomResult:
    atom: Atom
    label: VerdictLabel
    reason: str
    evidence: list[int]  # pool sentence numbers, best first
    unmatched: list[str] = field(default_factory=list)
    kinds: frozenset[str] = frozenset()  # what a contradiction concerns: "number", "date", "name" …


def _content(t: Text) -> list[int]:
    return t.content


def _matches(forms: frozenset[str], have: set[str] | frozenset[str]) -> bool:
    if forms & have:
        return True
    return any(lexicon.related(f) & have for f in forms)


def best_sentences(atom: Text, pool: Pool, preferred: Sequence[int] = (), limit: int = _WINDOW) -> list[int]:
    """Pool sentences that best hold ``atom``: the preferred ones (cited) first, then by weighed overlap."""
    scores: dict[int, float] = defaultdict(float)
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
        for s in pool.by_number.get(n, ()):
            scores[s] += 2.0
    chosen = [s for s in preferred]
    ranked = sorted(scores, key=lambda s: (-scores[s], s))[: limit + len(chosen)]
    chosen += [s for s in ranked if s not in chosen]
    return chosen[: max(limit, len(preferred))] if chosen else []


def check_atom(
    atom: Atom, pool: Pool, preferred: Sequence[int] = (), language: str = "en", cross_lingual: bool = False
) -> AtomResult:
    t = read(atom.text, language)
    evidence = best_sentences(t, pool, preferred)
    ev_texts = [pool.texts[s] for s in evidence]
    ev_lemmas: set[str] = set().union(*(e.all_lemmas for e in ev_texts)) if ev_texts else set()
    findings: list[str] = []

    digits = {float(d) for d in re.findall(r"\d+", atom.text)}
    # "Two friends" counts what the sentence names: a small number in words is a figure only when written
    # as one or the source holds another there.
    best_numbers = pool.texts[evidence[0]].numbers if evidence else set()
    listed = _list_marker(atom.text)
    missing_numbers = sorted(
        n
        for n in t.numbers
        if not _scaled(n) & pool.numbers
        and (n > 10 or n in digits or best_numbers - t.numbers)
        and n != listed
        and not _spoken_decimal(n, atom.text, pool)
    )
    kinds: set[str] = set()
    if missing_numbers:
        kinds.add("number")
        have = sorted({n for e in ev_texts for n in e.numbers})
        findings.append(
            f"number: “{', '.join(_num(n) for n in missing_numbers)}” in the sentence, "
            f"the source has {', '.join(_num(n) for n in have[:6]) or 'no number there'}"
        )
    if not missing_numbers and evidence and t.numbers and _HELD_DIFFERENTLY:
        best = pool.texts[evidence[0]]
        elsewhere = sorted(n for n in t.numbers if not _scaled(n) & best.numbers)
        theirs = sorted(n for n in best.numbers - t.numbers if not _scaled(n) & t.numbers)
        if elsewhere and theirs and len(t.all_lemmas & best.all_lemmas) >= 3:
            findings.append(
                f"number: “{', '.join(_num(n) for n in elsewhere)}” in the sentence, "
                f"“{', '.join(_num(n) for n in theirs[:4])}” in the source's matching sentence "
                f"({_clip(_sentence_text(pool, evidence[0]))})"
            )
    missing_months = sorted(m for m in quantities.months(atom.text) if m not in pool.months)
    missing_days = sorted(d for d in quantities.weekdays(atom.text) if d not in pool.weekdays)
    if missing_months or missing_days:
        kinds.add("date")
        ours = [_MONTHS[m - 1] for m in missing_months] + [_DAYS[d - 1] for d in missing_days]
        findings.append(f"date: “{', '.join(ours)}” in the sentence, {_dates_near(evidence, pool)}")
    absent = [
        e
        for e in t.entities - pool.entities
        if not (cross_lingual and names.entity_in_compound(e, set(pool.vocab)))
        and not names.organisation_only(e, atom.text, language)
    ]
    wrong_names = [e.replace("_", " ").title() for e in absent] + _absent_names(
        atom.text, pool, language, cross_lingual
    )
    if wrong_names:
        kinds.add("name")
        findings.append(f"name: {', '.join(dict.fromkeys(wrong_names))} in the sentence, not in the source")
    if not cross_lingual:
        findings += _opposites(t, evidence, pool)
        findings += _negation(t, evidence, pool)
        if language == "de" and evidence:
            cited = _sentence_text(pool, evidence[0])
            pairs = word_tables.german_opposites(
                [w.lower() for w in re.findall(r"[^\W\d_]+", atom.text)],
                [w.lower() for w in re.findall(r"[^\W\d_]+", cited)],
            )
            findings += [
                f"opposite: “{mine}” in the sentence, “{theirs}” in the source ({_clip(cited)})"
                for mine, theirs in pairs[:1]
            ]
        if preferred:  # only against the cited sentence closest to the claim: a searched one may say anything
            closest = max(
                evidence[: len(preferred)],
                key=lambda s: (
                    sum(bool(t.lemmas[i] & pool.texts[s].all_lemmas) for i in t.content),
                    -evidence.index(s),
                ),
            )
            findings += _swapped_roles(atom.text, t, [closest], pool, language)
        if language == "en":
            findings += _negated_discourse(t, evidence if preferred else None, pool)
            if language == "en" and len(preferred) >= 2:
                findings += _fused_subject(atom.text, t, preferred, pool)
    else:
        # A negation the claim lacks counts only in the clauses the claim is about; one the claim has
        # may concern any clause (which one, across languages, the rules cannot tell).
        concerned = [
            read(concerned_part(atom.text, _sentence_text(pool, s)), language) if not t.negated else pool.texts[s]
            for s in evidence[:1]
        ]
        if bool(t.negated) != any(e.negated for e in concerned):
            findings.append("negation: only " + ("the sentence" if t.negated else "the source") + " says not")
        findings += _cross_opposites(t, evidence[: len(preferred) or 1], pool)
        findings += _cross_swapped_parties(atom.text, evidence[:1], pool)  # its neighbours name other parties
    findings += _swapped_direction(atom.text, evidence[: len(preferred) or 1], pool, cross_lingual)

    if findings:
        return AtomResult(atom, VerdictLabel.CONTRADICTED, "; ".join(findings), evidence, kinds=frozenset(kinds))
    if cross_lingual:
        missing_events, events = _cross_events(t, evidence, pool)
        if missing_events:
            return AtomResult(atom, VerdictLabel.NOT_IN_SOURCE, missing_events, evidence, events)
        return AtomResult(atom, VerdictLabel.SUPPORTED, "numbers, dates, names and negation match", evidence)
    known = names.entity_words(t.entities & pool.entities)
    content = [i for i in _content(t) if names.fold(t.words[i]) not in known]  # compared by the entity rule
    # With cited spans, a word must be in the evidence; without, anywhere in the source will do.
    where = ev_lemmas if preferred else pool.lemmas | ev_lemmas
    general = _general({f for e in ev_texts for i in e.content for f in _as_noun(e, i)}) if preferred else pool.general
    unmatched = [
        t.words[i]
        for i in content
        if not (
            _matches(t.lemmas[i], where)
            or any(lexicon.broader(f) & where for f in t.lemmas[i])
            or _as_noun(t, i) & general
        )
        and not _is_name_in_source(t.words[i], pool)
        and not _counted(t.words[i], t, pool, ev_texts)
        and not _spelled_out(t.words[i], atom.text, evidence, pool)
    ]
    unmatched = list(dict.fromkeys(unmatched))
    words = len({t.words[i] for i in content}) or 1
    # The share that decides "no evidence" leaves out names the source has: "Putin resigned." says one
    # thing about Putin, and that one thing is nowhere.
    capitals = {m.group(0).lower() for m in re.finditer(r"(?<![\w'’-])[A-Z][\w'’-]*", atom.text)}
    predicate = {
        t.words[i] for i in content if not (t.words[i] in capitals and _is_name_in_source(t.words[i], pool))
    } or {""}
    share = 1 - len(unmatched) / words
    if predicate <= set(unmatched) and words <= 3:
        share = 0.0  # a short claim whose every word but its names is missing
    absent = [
        t.words[i]
        for i in content
        if t.words[i] in unmatched
        and preferred
        and not (
            _matches(t.lemmas[i], pool.lemmas)
            or any(lexicon.broader(f) & pool.lemmas for f in t.lemmas[i])
            or _as_noun(t, i) & pool.general
        )
    ]
    swaps = {w: _substituted(t, w, ev_texts[: len(preferred) or 1], language) for w in dict.fromkeys(absent)}
    if absent and all(swaps.values()):
        # Every missing word is a verb in the place of another verb of the cited passage ("scrapped 45
        # flights" where it says "cancelled 45 flights"): a paraphrase the tables do not know, or a
        # reversal they do not know either. Not decided: unverified, with both words side by side.
        side_by_side = "; ".join(
            f"“{w}” in the sentence where the source says “{theirs}”" for w, theirs in swaps.items()
        )
        return AtomResult(
            atom,
            VerdictLabel.UNVERIFIED,
            f"{side_by_side} (a paraphrase the word tables cannot confirm, or a reversal they do not know)",
            evidence,
            unmatched,
        )
    if absent:  # the writer pointed at a passage; these words are nowhere in the whole source
        return AtomResult(
            atom,
            VerdictLabel.NOT_IN_SOURCE,
            f"{', '.join(dict.fromkeys(absent))} (nowhere in the cited source; the cited passage has no word like it)",
            evidence,
            unmatched,
        )
    if unmatched and share < _NOT_IN_SOURCE:
        return AtomResult(
            atom,
            VerdictLabel.NOT_IN_SOURCE,
            f"{', '.join(unmatched)} ({len(unmatched)} of {words} content words found nowhere in it)",
            evidence,
            unmatched,
        )
    if unmatched:
        return AtomResult(
            atom,
            VerdictLabel.UNVERIFIED,
            f"no match in the source for: {', '.join(unmatched)} (a paraphrase the rules cannot match, or an addition)",
            evidence,
            unmatched,
        )
    return AtomResult(atom, VerdictLabel.SUPPORTED, f"all {words} content words found in the source", evidence)


@lru_cache(maxsize=8192)
def _capitalised(text: str) -> frozenset[str]:
    return frozenset(
        {
            m.group(0).lower().replace("’", "'").removesuffix("'s")
            for m in re.finditer(r"(?<![\w'’-])[^\W\d_a-zäöüß][\w'’]*", text)
        }
    )


def _swapped_roles(text: str, t: Text, evidence: list[int], pool: Pool, language: str = "en") -> list[str]:
    """Who did what to whom: two names on either side of a word the claim shares with its evidence, in
    the opposite order there ("Kestrel agreed to buy … from Nordhaven" where the source has Nordhaven
    buying from Kestrel). Not for a passive on one side only ("X was sentenced by Y"), nor across a
    symmetric predicate ("met", "talks with")."""
    ours = _capitalised(text)
    anchors = [i for i in t.content if t.words[i] in ours and not _speaks(t, i)]
    if len(anchors) < 2:
        return []
    for s in evidence:
        e = pool.texts[s]
        theirs = _capitalised(_sentence_text(pool, s))

        seen: dict[tuple[int, bool], list[int]] = {}

        def place(
            i: int,
            names_only: bool = True,
            e: Text = e,
            theirs: frozenset[str] = theirs,
            seen: dict[tuple[int, bool], list[int]] = seen,
        ) -> list[int]:
            """Where word ``i`` of the claim stands in the evidence, in order (a name may stand twice)."""
            if (i, names_only) not in seen:
                spots = {j for f in t.lemmas[i] for j in e.positions.get(f, ())}  # the index, not a scan
                if names_only:
                    spots = {j for j in spots if e.words[j] in theirs and not _speaks(e, j)}
                seen[(i, names_only)] = sorted(spots)
            return seen[(i, names_only)]

        for x, a in enumerate(anchors):
            for b in anchors[x + 1 :]:
                if t.lemmas[a] & t.lemmas[b]:
                    continue
                spots_a, spots_b = place(a), place(b)
                # A name may stand twice ("urge the DPRK … with Russia … arms to Russia"): every pair of
                # mentions in the opposite order is tried, closest first; the shared word must not also
                # stand between a pair in the claim's own order (then the source reads the claim's way).
                same_order = [(ea, eb) for ea in spots_a for eb in spots_b if ea < eb]
                for ea, eb in sorted(
                    ((ea, eb) for ea in spots_a for eb in spots_b if ea > eb), key=lambda p: p[0] - p[1]
                ):
                    if max(b - a, ea - eb) > _SPAN:
                        break
                    between = set().union(*(e.lemmas[j] for j in e.content if eb < j < ea))
                    if any(_is_predicate(t, i) and not _matches(t.lemmas[i], between) for i in t.content if a < i < b):
                        continue  # another verb between them: maybe a converse ("delivered to" / "received from")
                    for m in (i for i in t.content if a < i < b and i not in anchors):
                        spots_m = place(m, names_only=False)
                        inside = [j for j in spots_m if eb < j < ea]
                        if len(inside) != 1 or t.lemmas[m] & lexicon.SYMMETRIC:
                            continue
                        if any(pa < j < pb for pa, pb in same_order for j in spots_m):
                            continue
                        em = inside[0]
                        if language == "en" and not any(lexicon.is_verb(f) for f in t.lemmas[m]):
                            continue  # a noun between two names is an apposition ("Watson, NSC spokeswoman")
                        if ("by" in t.words[a:b] or "von" in t.words[a:b]) != (
                            "by" in e.words[eb:ea] or "von" in e.words[eb:ea]
                        ):
                            continue  # one side is passive: the order says nothing
                        return [
                            f"roles swapped: “{t.words[a]} … {t.words[m]} … {t.words[b]}” in the sentence, "
                            f"“{e.words[eb]} … {e.words[em]} … {e.words[ea]}” in the source "
                            f"({_clip(_sentence_text(pool, s))})"
                        ]
    return []


def _fused_subject(text: str, t: Text, cited: Sequence[int], pool: Pool) -> list[str]:
    """A fusion that gives one cited sentence's predicate to the subject of another: "The charity's
    chair, Susan Patel, was sentenced" over "A former treasurer … was sentenced" and "The charity's
    chair, Susan Patel, said …". Not when the predicate's own sentence names the claim's subject, when
    its subject is a pronoun, or when the other cited sentences tie the two subjects together ("Harker,
    the former treasurer")."""
    p = next((i for i in t.content if _is_predicate(t, i)), None)
    if p is None:
        return []
    possessors = {w.lower() for w in re.findall(r"([^\W\d_]+)['’]s\b", text)}
    subject = [i for i in t.content if i < p and t.words[i] not in possessors]
    if not subject:
        return []

    def has_subject(e: Text) -> bool:
        return any(_matches(t.lemmas[i], e.all_lemmas) for i in subject)

    holding = [s for s in cited if t.lemmas[p] & pool.texts[s].all_lemmas]
    others = [s for s in cited if s not in holding and has_subject(pool.texts[s])]
    if not holding or not others or any(has_subject(pool.texts[s]) for s in holding):
        return []
    for s in holding:
        e = pool.texts[s]
        j = min((j for f in t.lemmas[p] for j in e.positions.get(f, ())), default=None)
        if j is None:  # it holds the predicate only as a light word, which has no position
            continue
        own = possessors | {w.lower() for w in re.findall(r"([^\W\d_]+)['’]s\b", _sentence_text(pool, s))}
        theirs = [k for k in e.content if k < j and e.words[k] not in own]  # "the club's coach": coach
        if not theirs or any(
            _matches(e.lemmas[k], t.all_lemmas | pool.texts[o].all_lemmas) for k in theirs for o in others
        ):
            return []
        return [
            f"roles swapped: “{' '.join(t.words[i] for i in subject)} … {t.words[p]}” in the sentence, "
            f"“{' '.join(e.words[k] for k in theirs)} … {e.words[j]}” in the source ({_clip(_sentence_text(pool, s))})"
        ]
    return []


# Verbs of talk and giving a summary uses ("did not discuss", "does not provide"): light words no rule
# compares, but negated they claim that something is absent from the source.
_DISCOURSE = frozenset(
    "discuss mention talk consider address cover offer provide suggest propose include explain describe raise"
    " share give".split()
)


def _denied_verbs(t: Text) -> list[int]:
    """Indices of the talk-and-giving verbs a negation governs in ``t`` (the next word that is not light:
    "did not even discuss"); not a passive or a state ("is not covered by them")."""
    out = []
    for k, word in enumerate(t.words):
        if not (word in _NEGATORS or word.endswith("n't")):
            continue
        verb = next(
            (v for v in range(k + 1, min(k + 4, len(t.words))) if v in t.content or t.lemmas[v] & _DISCOURSE), None
        )
        if verb is None or not t.lemmas[verb] & _DISCOURSE:
            continue
        if t.words[verb].endswith("ed") and {"is", "are", "was", "were", "be", "been"} & set(
            t.words[max(0, k - 2) : k]
        ):
            continue
        out.append(verb)
    return out


def _negated_discourse(t: Text, evidence: list[int] | None, pool: Pool) -> list[str]:
    """A summary saying that something was not discussed, offered or mentioned, where a sentence of the
    source (of the evidence, with quotes) speaks of it without a negation: "they did not discuss ways to
    reduce costs" over "we could reduce the costs by leaving out the solar cells". Not when a sentence
    of the source denies it the same way ("a commitment not to provide arms")."""
    for verb in _denied_verbs(t):
        topic = [i for i in t.content if verb < i <= verb + 8][:4]
        if not topic:
            continue
        need = min(2, len(topic))
        candidates = (
            evidence if evidence is not None else sorted({s for f in t.lemmas[topic[0]] for s in pool.index.get(f, ())})
        )
        speaks = None
        for s in candidates:
            e = pool.texts[s]
            said = [i for i in topic if _matches(t.lemmas[i], e.all_lemmas)]
            if len(said) < need:
                continue
            if any(e.lemmas[v] & t.lemmas[verb] for v in _denied_verbs(e)):
                speaks = None
                break  # the source denies it too
            if speaks is None and not any(
                e.negated_at[j] for i in said for f in t.lemmas[i] for j in e.positions.get(f, ())
            ):
                speaks = s
        if speaks is not None:
            return [
                f"negation: “not {t.words[verb]} … {' '.join(t.words[i] for i in topic)}” in the sentence, "
                f"the source speaks of it ({_clip(_sentence_text(pool, speaks))})"
            ]
    return []


def _cross_opposites(t: Text, evidence: list[int], pool: Pool) -> list[str]:
    """An English direction or polarity word where the German evidence has its opposite ("increase"
    over "Senkung", "often" over "selten", "opposed" over "unterstützt")."""
    if not evidence:
        return []
    ours = frozenset(f for i, forms in enumerate(t.lemmas) for f in forms if not t.negated_at[i])
    # Only the first cited sentence: its neighbours speak of other things ("Lohnerhöhung" next to a
    # "Senkung" of working hours).
    text = _sentence_text(pool, evidence[0])
    cited = [w.lower() for w in re.findall(r"[^\W\d_]+", text)]
    hits = [h for h in word_tables.cross_opposites(ours, cited) if not word_tables.cross_same(h[0], cited)]
    if hits:
        mine, theirs = hits[0]
        return [f"opposite: “{mine}” in the sentence, “{theirs}” in the source ({_clip(text)})"]
    return []


def _cross_events(t: Text, evidence: list[int], pool: Pool) -> tuple[str, list[str]]:
    """What an English claim says happened (a death, a resignation, an arrest …) where no word of its
    German evidence says so: "Wissing resigned." over "Wissing rief beide Seiten auf". Empty when none."""
    if not evidence:
        return "", []
    cited = [w.lower() for s in evidence for w in re.findall(r"[^\W\d_]+", _sentence_text(pool, s))]
    # A German function word in a sentence taken for English is no event ("die Grenzen").
    ours = frozenset(
        f for w, forms in zip(t.words, t.lemmas, strict=True) if w not in old_lexicon.GERMAN_LIGHT for f in forms
    )
    missing = word_tables.cross_missing_events(ours, cited)
    if not missing:
        return "", []
    said = [_surface(lemma, t) for lemma, _ in missing]
    return (
        f"“{', '.join(said)}” in the sentence; the German evidence has no word for it "
        f"({_clip(_sentence_text(pool, evidence[0]))})",
        said,
    )


# A party a preposition governs, in the folded text names.canonical_entities writes ("with" is "vith"
# there): "negotiations with Russia" / "Verhandlungen mit Russland".
_PARTY = re.compile(r"(?<!\S)(vith|mit|against|gegen)\s+(?:(?:the|dem|der|den|die|das)\s+)?ent_(\w+)")
_PARTY_OF = {"vith": "with", "mit": "with", "against": "against", "gegen": "against"}


def _parties(text: str) -> dict[str, set[str]]:
    folded, _ = names.canonical_entities(text)
    out: dict[str, set[str]] = {"with": set(), "against": set()}
    for m in _PARTY.finditer(folded):
        out[_PARTY_OF[m.group(1)]].add(m.group(2))
    return out


def _cross_swapped_parties(text: str, evidence: list[int], pool: Pool) -> list[str]:
    """Across languages, the parties of "with" or "against" traded with another party of the claim:
    "calling on Russia to end its talks with North Korea" over "rufen Nordkorea auf, die Verhandlungen
    mit Russland einzustellen". Both parties are named on both sides; only their places differ."""
    ours = _parties(text)
    if not (ours["with"] or ours["against"]):
        return []
    _, named = names.canonical_entities(text)
    for s in evidence:
        cited = _sentence_text(pool, s)
        theirs = _parties(cited)
        _, held = names.canonical_entities(cited)
        for way in ("with", "against"):
            for party in ours[way] - theirs[way]:
                other = next((p for p in sorted(theirs[way]) if p in named and p not in ours[way]), None)
                if other is not None and party in held:
                    mine, there = party.replace("_", " ").title(), other.replace("_", " ").title()
                    return [
                        f"roles swapped: “{way} {mine}” in the sentence, “{way} {there}” in the source ({_clip(cited)})"
                    ]
    return []


_SPAN = 14  # words between the two names at most: farther apart, they belong to different clauses
_REPORTING = frozenset("said says say told tells added warned stated sagte sagten erklärte".split())


def _speaks(t: Text, i: int) -> bool:
    """The word names a speaker: a reporting verb right before or after it ("Watson said", "said Watson")."""
    return any(0 <= k < len(t.words) and t.words[k] in _REPORTING for k in (i - 1, i + 1))


def _is_predicate(t: Text, i: int) -> bool:
    word = t.words[i]
    return (word.endswith(("ed", "ing")) or old_lexicon.is_irregular_past(word)) and any(
        lexicon.is_verb(f) for f in t.lemmas[i]
    )


_DIRECTION = re.compile(
    r"(?<![\w-])(from|to|until|till|since|von|auf|bis|seit)\s+"
    r"(?:the\s+|his\s+|her\s+|its\s+|their\s+"
    r"|own\s+|der\s+|dem\s+|den\s+)*(\$?\d[\d.,]*(?:\s*(?:million|billion|m|bn|%))?|[^\W\d_]{3,})",
    re.IGNORECASE,
)
_DIRECTION_OF = {
    "from": "from",
    "von": "from",
    "since": "from",
    "seit": "from",
    "to": "to",
    "auf": "to",
    "until": "to",
    "till": "to",
    "bis": "to",
}


def _direction_objects(text: str, numbers_only: bool) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {"from": set(), "to": set()}
    for m in _DIRECTION.finditer(text):
        thing = m.group(2).lower().replace(",", ".")
        month = quantities.months(m.group(2)) if m.group(2)[:1].isupper() else set()
        if len(month) == 1:
            thing = _MONTHS[month.pop() - 1]  # "until June" and "seit Juni" name one month
        elif numbers_only and not any(c.isdigit() for c in thing):
            continue
        out[_DIRECTION_OF[m.group(1).lower()]].add(thing.strip())
    return out


def _swapped_direction(text: str, evidence: list[int], pool: Pool, cross_lingual: bool) -> list[str]:
    """ "From" where the source says "to" about the same thing: "to $2.8 billion from $3.1 billion" over
    "to $3.1 billion from $2.8 billion", "from his own accounts" over "to his own accounts", "from
    Friday morning" over "until Friday morning". Across languages only figures and months are compared
    ("until June" over "seit Juni")."""
    ours = _direction_objects(text, cross_lingual)
    if not (ours["from"] or ours["to"]):
        return []
    for s in evidence:
        theirs = _direction_objects(_sentence_text(pool, s), cross_lingual)
        for way, other in (("from", "to"), ("to", "from")):
            for thing in ours[way]:
                if thing in theirs[other] and thing not in theirs[way]:
                    return [
                        f"direction: “{way} {thing}” in the sentence, “{other} {thing}” in the source "
                        f"({_clip(_sentence_text(pool, s))})"
                    ]
    return []


def _substituted(t: Text, word: str, evidence: list[Text], language: str = "en") -> str | None:
    """The evidence verb ``word`` (an inflected English verb of the claim) stands in place of, if any: a
    verb of the evidence the claim does not account for, with the same neighbours on both sides.
    An added word ("closed the airport permanently") has no such partner; neither has a noun ("a lack of
    money" where the source says troops): a different thing is a different claim."""
    i = next(k for k in t.content if t.words[k] == word)
    german = language == "de"  # no word classes there: the same slot alone decides
    if not german and not (word.endswith(("ed", "ing")) or old_lexicon.is_irregular_past(word)):
        return None
    if not german and not any(lexicon.is_verb(f) for f in t.lemmas[i]):
        return None
    pos = t.content.index(i)
    left = t.lemmas[t.content[pos - 1]] if pos > 0 else None
    right = t.lemmas[t.content[pos + 1]] if pos + 1 < len(t.content) else None
    for e in evidence:
        for k, j in enumerate(e.content):
            forms = e.lemmas[j]
            if _matches(forms, t.all_lemmas) or not (german or any(lexicon.is_verb(f) for f in forms)):
                continue  # accounted for by the claim, or not a verb
            e_left = e.lemmas[e.content[k - 1]] if k > 0 else None
            e_right = e.lemmas[e.content[k + 1]] if k + 1 < len(e.content) else None
            if _side(left, e_left) and _side(right, e_right) and (left or right):
                return e.words[j]
    return None


def _side(ours: frozenset[str] | None, theirs: frozenset[str] | None) -> bool:
    """The same neighbour on one side of a swapped word: both phrases end there, or the words agree."""
    if ours is None or theirs is None:
        return ours is None and theirs is None
    return _matches(ours, theirs)


def _list_marker(text: str) -> float | None:
    """The number of a list item the claim opens with ("9) The document analyses …"): no figure. Only
    when the number is not written again in the claim."""
    m = re.match(r"\s*\(?(\d{1,2})[).]\s+(?=[A-Z])", text)
    if m is None or len(re.findall(rf"(?<![\d.,]){m.group(1)}(?![\d.,])", text)) > 1:
        return None
    return float(m.group(1))


def _spoken_decimal(value: float, text: str, pool: Pool) -> bool:
    """Whether the claim's decimal ``value`` ("12.50 Euros") is read out in one sentence of the source as
    its two parts, as talk transcripts write it ("twelve dot fifty", "twelve Euros and fifty cents")."""
    for m in re.finditer(r"(?<![\d.,])(\d+)[.,](\d{1,2})(?![\d.,])", text):
        whole, fraction = m.group(1), m.group(2)
        if float(f"{whole}.{fraction}") != value or float(fraction) == 0:
            continue
        parts = {float(fraction), float(fraction.ljust(2, "0"))}
        if any(pool.texts[s].numbers & parts for s in pool.by_number.get(float(whole), ())):
            return True
    return False


def _scaled(value: float) -> set[float]:
    """A value and the same figure in thousands, millions, billions: "$8.2m" is "$8.2 million"."""
    return {
        value,
        *(round(value / scale, 6) for scale in (1e3, 1e6, 1e9) if value >= scale),
        *(round(value * scale, 6) for scale in (1e3, 1e6, 1e9) if value < 1e4),
    }


def _counted(word: str, t: Text, pool: Pool, evidence: list[Text]) -> bool:
    """A number word the source holds as a figure: "million" in "5 million" where it writes "5 mln"
    (the number rule compared the figure), "fifty" where it writes 50. A small count ("three new
    words") only from an evidence sentence that shares a word with the claim: some 3 is in almost any
    document, and the search prefers a sentence holding the claim's numbers."""
    value = quantities.word_value(word)
    if value is None:
        return False
    amount, magnitude = value
    if magnitude:
        return any(n >= amount and _scaled(n) & pool.numbers for n in t.numbers)
    if amount > 10:
        return bool(_scaled(amount) & pool.numbers)
    near = {f for i in t.content for f in t.lemmas[i]}
    return any(amount in e.numbers and near & e.all_lemmas for e in evidence)


def _spelled_out(word: str, text: str, evidence: list[int], pool: Pool) -> bool:
    """An abbreviation of the claim ("YoY", "EPS", "CNNs"; two capitals or more, three letters or more)
    that one of its evidence sentences writes out ("year-over-year", "earnings per share")."""
    short = word.removesuffix("s") if len(word) > 3 and word.endswith("s") else word
    if not 3 <= len(short) <= 6 or not re.search(rf"\b(?=[a-z]*[A-Z][a-z]*[A-Z])(?i:{re.escape(word)})\b", text):
        return False
    return any(short in word_tables.initialisms(_sentence_text(pool, s)) for s in evidence)


def _is_name_in_source(word: str, pool: Pool) -> bool:
    return names.fold(word).removesuffix("'s") in pool.vocab


def _absent_names(text: str, pool: Pool, language: str, cross_lingual: bool) -> list[str]:
    """Capitalised words the source never has. A capital opening the sentence (or after a colon or
    quote) marks a name only when the word is not in the dictionary ("Ultimately", "Shares")."""
    if language == "de":
        return []  # German capitalises every noun: only the entity table speaks there
    out = []
    entity_words = names.entity_words(names.entities_in(text))
    for m in re.finditer(r"(?<![\w'’-])[A-Z][\w'’]*", text):
        word = m.group(0).removesuffix("'s").removesuffix("’s").rstrip("'’")
        if any(c.isdigit() for c in word) or (sum(c.isupper() for c in word) >= 2 and len(word) <= 5):
            continue  # a code or abbreviation (Q2, YoY, PhDs): spelled out in the source, or not at all
        low = word.lower()
        if low in _LIGHT or low in _NEGATORS or quantities.is_date_word(word) or len(word) < 2:
            continue
        before = text[: m.start()].rstrip()
        initial = not before or before[-1] in '.:;!?"“(—–-'
        if initial and lexicon.is_known(low, language):
            continue
        if low in names.ROLE_WORDS or old_lexicon.SPELLING.get(low) in names.ROLE_WORDS:
            continue  # roles have their own rule ("Defence Minister")
        if names.entities_in(word) or names.fold(word) in entity_words:
            continue  # part of a known entity ("Nordkoreas", "Jong Un"): the entity rule compares it
        folded = names.fold(word)
        parts = [p for p in re.split(r"[-'’]", folded) if p]
        if all(p in pool.vocab for p in parts) or folded in pool.vocab:
            continue
        if cross_lingual and len(folded) >= 5 and any(folded[:5] in v for v in pool.vocab):
            continue
        if not word[0].isupper() or (lexicon.is_known(low, language) and _matches(lexicon.lemmas(low), pool.lemmas)):
            continue
        out.append(word)
    return out


def _opposites(t: Text, evidence: list[int], pool: Pool) -> list[str]:
    """An opposite, in the same phrase of the aligned evidence, of a word the evidence lacks: "missing
    analysts' expectations" where the source says "beating analysts' expectations"."""
    found = []
    top = evidence[:_WINDOW]
    have: set[str] = set().union(*(pool.texts[s].all_lemmas for s in top)) if top else set()
    for i, forms in enumerate(t.lemmas):
        if t.negated_at[i] or "-" in t.words[i]:
            continue
        opposite = _opposites_of(forms) & have
        if not opposite:
            continue
        near = _near(t, i)
        if forms & have:
            # The word is in the evidence: only a swapped relation remains, where the best sentence has
            # the opposite, not the word, in a phrase sharing two words with the claim's.
            best = pool.texts[top[0]]
            if forms & best.all_lemmas:
                continue
            j = next(
                (
                    j
                    for j, ef in enumerate(best.lemmas)
                    if ef & opposite
                    and "-" not in best.words[j]
                    and not best.negated_at[j]
                    and len(near & _near(best, j)) >= 2
                ),
                None,
            )
            if j is not None:
                found.append(
                    f"opposite: “{t.words[i]}” in the sentence, “{best.words[j]}” in the source "
                    f"({_clip(_sentence_text(pool, top[0]))})"
                )
            continue
        for s in top:
            e = pool.texts[s]
            j = next(
                (
                    j
                    for j, ef in enumerate(e.lemmas)
                    if ef & opposite
                    and "-" not in e.words[j]
                    and not e.negated_at[j]
                    and _same_phrase(near, _near(e, j))
                ),
                None,
            )
            if j is not None:
                found.append(
                    f"opposite: “{t.words[i]}” in the sentence, “{e.words[j]}” in the source "
                    f"({_clip(_sentence_text(pool, s))})"
                )
                break
    return found[:2]


_RELATIONAL = frozenset(w for pair in lexicon.OPPOSITES.split() for w in [pair])


@lru_cache(maxsize=65536)
def _opposites_of(forms: frozenset[str]) -> frozenset[str]:
    """Every opposite of any of these forms, with the opposites' derivations ("resign" → "resignation")."""
    opposite = set().union(*(lexicon.antonyms(f) | set(prefixed_opposites(f)) for f in forms if _opposable(f)))
    return frozenset(o for o in opposite | {r for o in opposite for r in derivations(o)} if _opposable(o))


def _opposable(lemma: str) -> bool:
    """A content word, or a function word the opposites table names (before/after, up/down): WordNet's
    antonyms of "all", "on", "to" and "there" say nothing about a claim."""
    return lemma not in _LIGHT or lemma in _RELATIONAL


def _negation(t: Text, evidence: list[int], pool: Pool) -> list[str]:
    """A word both sides have, in the same phrase, negated on one side only (and never matched with
    the same polarity in the other evidence)."""
    top = evidence[:_WINDOW]
    for i in t.content:
        forms = t.lemmas[i]
        near = _near(t, i)
        same = other = None
        for s in top:
            e = pool.texts[s]
            for j in sorted({j for f in forms for j in e.positions.get(f, ())}):
                if not _same_phrase(near, _near(e, j)):
                    continue
                if e.negated_at[j] == t.negated_at[i]:
                    same = (s, j)
                elif other is None:
                    other = (s, j)
        if other is not None and same is None:
            s, j = other
            e = pool.texts[s]
            ours = ("not … " if t.negated_at[i] else "") + t.words[i]
            theirs = ("not … " if e.negated_at[j] else "") + e.words[j]
            return [f"negation: “{ours}” in the sentence, “{theirs}” in the source ({_clip(_sentence_text(pool, s))})"]
    return []


def _dates_near(evidence: list[int], pool: Pool) -> str:
    """The source's side of a date mismatch: the months and weekdays of the aligned evidence (the best
    sentence that names any), so a reason reads "“Friday” in the sentence, “Thursday” in the source"."""
    for s in evidence[:_WINDOW]:
        text = _sentence_text(pool, s)
        theirs = [_MONTHS[m - 1] for m in sorted(quantities.months(text))]
        theirs += [_DAYS[d - 1] for d in sorted(quantities.weekdays(text))]
        if theirs:
            return f"“{', '.join(theirs)}” in the source ({_clip(text)})"
    return "the source names no such date"


def _surface(lemma: str, t: Text) -> str:
    return next((w for w, forms in zip(t.words, t.lemmas, strict=True) if lemma in forms), lemma)


def _sentence_text(pool: Pool, s: int) -> str:
    n, span = pool.spans[s]
    return pool.sources[n].text[span.start : span.end]


def _clip(text: str, limit: int = 100) -> str:
    text = " ".join(text.split())
    return "“" + (text if len(text) <= limit else text[: limit - 1] + "…") + "”"


_DAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
_MONTHS = "January February March April May June July August September October November December".split()


def _num(value: float) -> str:
    return f"{value:g}" if value != int(value) else f"{value:.0f}"


def check_claims(
    text: str, pool: Pool, preferred: Sequence[int] = (), language: str = "en", cross_lingual: bool = False
) -> list[AtomResult]:
    return [check_atom(a, pool, preferred, language, cross_lingual) for a in split_atoms(text)]

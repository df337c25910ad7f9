"""Opposites and negation: the same phrase, said the other way round.

An opposite word where the aligned evidence has its antonym ("missing analysts' expectations" over
"beating" them), a word both sides have but only one negates, a summary saying that something was
"not discussed" where the source speaks of it; across languages, an English direction word over its
German opposite.
"""

from __future__ import annotations

import re
from functools import lru_cache

from briefer import lexicon
from briefer.lexicon import words as word_tables
from briefer.lexicon.tables import phrases_for
from briefer.lexicon.words import derivations, prefixed_opposites
from briefer.verify.certainty import IRREALIS, only_irrealis
from briefer.verify.ellipsis import elided_polarity
from briefer.verify.pool import WINDOW, Pool, clip, in_german, sentence_text
from briefer.verify.reading import LIGHT, NEGATORS, REACH, Text, matches, phrase_around, same_phrase


def opposite_words(t: Text, evidence: list[int], pool: Pool) -> list[str]:
    """An opposite, in the same phrase of the aligned evidence, of a word the evidence lacks: "missing
    analysts' expectations" where the source says "beating analysts' expectations" (two at most)."""
    found: list[str] = []
    top = evidence[:WINDOW]
    have: set[str] = set().union(*(pool.texts[s].all_lemmas for s in top)) if top else set()
    derived_from: dict[str, list[str]] | None = None  # a word → the evidence lemmas derived from it
    reach: frozenset[str] = frozenset().union(*(roots(pool.texts[s]) for s in top))
    for i, forms in enumerate(t.lemmas):
        if t.negated_at[i] or "-" in t.words[i]:
            continue
        if _KEPT & forms and (hit := _changed_not_kept(t, i, top, pool)):
            found.append(hit)  # "kept" has no antonym among the changes: see _changed_not_kept
            if len(found) == 2:
                break
            continue
        direct = _direct_opposites(forms)
        if direct.isdisjoint(reach):
            continue  # no opposite, nor a word derived from one, in the evidence
        if derived_from is None:
            derived_from = _derived_from(have)
        opposite = _opposites_in(direct, have, derived_from)
        if not opposite:
            continue
        if not forms & have:
            if _opposites_in(direct - _KEPT, have, derived_from):
                hit = _opposite_near(t, i, opposite, _same_way_first(forms, direct, top, pool), pool)
            else:  # only "kept": of the thing the claim says was changed
                hit = _kept_the_same(t, i, top, pool)
        elif (
            opposite & _KEPT
            and IRREALIS.isdisjoint(t.words[max(0, i - 3) : i])  # "could begin lowering" claims no change
            and not _changes_the_same(t, i, top, pool)
        ):
            # The change word is in the evidence, but not of what the claim changes ("pausing after seven
            # consecutive cuts" beside "kept its deposit rate unchanged"): the kept one decides.
            hit = _kept_the_same(t, i, top, pool)
        elif IRREALIS.isdisjoint(t.words[max(0, i - 3) : i]) and only_irrealis(forms, top, pool):
            # The word is in the evidence only as a possibility: an opposite stated as fact in a phrase
            # sharing two words with the claim's, in any of the evidence sentences, stands against it.
            hit = next((h for s in top if (h := _swapped_relation(t, i, opposite, s, pool, True))), None)
        else:  # the word is in the evidence: only a swapped relation remains (in the best sentence)
            hit = _swapped_relation(t, i, opposite, top[0], pool)
        if hit is not None:
            found.append(hit)
            if len(found) == 2:
                break
    return found


_KEPT = frozenset(("keep",))  # what _direct_opposites_of gives a change of word_tables.CHANGES_NOT_KEPT


def _object_of(t: Text, i: int) -> set[str]:
    """The lemmas of the first content words after word ``i``: what a verb acts on ("its deposit rate")."""
    return {f for j in [j for j in t.content if j > i][:2] for f in t.lemmas[j]}


def _before(t: Text, i: int) -> set[str]:
    """The lemmas of the two content words before word ``i``: what "unchanged" speaks of ("its key rate")."""
    return {f for j in [j for j in t.content if j < i][-2:] for f in t.lemmas[j]}


def _kept_the_same(t: Text, i: int, top: list[int], pool: Pool) -> str | None:
    """An evidence sentence saying the thing claim word ``i`` (a change) acts on was kept: "cut its deposit
    rate" where the source "kept its deposit rate"; not "increased its key rate" beside "raised its key
    rate … but kept its bond purchases unchanged" (the kept is of something else)."""
    acted_on = _object_of(t, i)
    for s in top:
        e = pool.texts[s]
        for j in e.positions.get("keep", ()):
            if not e.negated_at[j] and "-" not in e.words[j] and same_phrase(acted_on, _object_of(e, j)):
                return _reason(t.words[i], e.words[j], pool, s)
    return None


def _changes_the_same(t: Text, i: int, top: list[int], pool: Pool) -> bool:
    """Whether an evidence sentence has claim word ``i`` (a change) acting on what it acts on in the claim."""
    acted_on = _object_of(t, i)
    return any(
        same_phrase(acted_on, _object_of(pool.texts[s], j))
        for s in top
        for f in t.lemmas[i]
        for j in pool.texts[s].positions.get(f, ())
    )


def _changed_not_kept(t: Text, i: int, top: list[int], pool: Pool) -> str | None:
    """The other way round of ``_kept_the_same``: claim word ``i`` ("kept its key rate") where an evidence
    sentence changed what it acts on ("raised its key rate") and none kept it ("… but kept its bond
    purchases unchanged" keeps something else), nor left it "unchanged" in other words ("left its key
    rate unchanged"). A "kept it" with a pronoun may be of anything."""
    acted_on = _object_of(t, i)
    if not acted_on or t.words[i + 1 : i + 2] and t.words[i + 1].endswith("ing"):
        return None  # "kept increasing" goes on changing
    changed = None
    for s in top:
        e = pool.texts[s]
        for j in e.positions.get("keep", ()):
            if e.negated_at[j]:
                continue
            if e.words[j + 1 : j + 2] in (["it"], ["them"]) or same_phrase(acted_on, _object_of(e, j)):
                return None
        if any(same_phrase(acted_on, _before(e, j)) for w in word_tables.UNCHANGED for j in e.positions.get(w, ())):
            return None
        if changed is None:
            changed = next(
                (
                    (s, j)
                    for j in sorted(j for c in word_tables.CHANGES_NOT_KEPT for j in e.positions.get(c, ()))
                    if not e.negated_at[j]
                    and "-" not in e.words[j]
                    and IRREALIS.isdisjoint(e.words[max(0, j - 3) : j])  # "could cut rates" is no deed
                    and same_phrase(acted_on, _object_of(e, j))
                ),
                None,
            )
    if changed is None:
        return None
    s, j = changed
    return _reason(t.words[i], pool.texts[s].words[j], pool, s)


def _swapped_relation(
    t: Text, i: int, opposite: frozenset[str], s: int, pool: Pool, hedged: bool = False
) -> str | None:
    """Word ``i`` is in the evidence, but the best sentence has its opposite, not the word, in a phrase
    sharing two words with the claim's (or has the word only as a possibility: ``hedged``)."""
    best = pool.texts[s]
    if t.lemmas[i] & best.all_lemmas and not hedged:
        return None
    near = phrase_around(t, i)
    j = next(
        (
            j
            for j, ef in enumerate(best.lemmas)
            if ef & opposite
            and "-" not in best.words[j]
            and not best.negated_at[j]
            and len(near & phrase_around(best, j)) >= 2
            and best.words[j] not in _name_words(pool, s)
        ),
        None,
    )
    if j is None:
        return None
    return _reason(t.words[i], best.words[j], pool, s)


def _same_way_first(forms: frozenset[str], direct: frozenset[str], top: list[int], pool: Pool) -> list[int]:
    """The evidence to seek an opposite of a claim word in: all of ``top``, unless its first sentence
    (the cited one) tells a word that has an opposite in common with it ("climbed" for the claim's
    "rose": both against "fell"), in which case only that sentence: an opposite in a neighbour ("Shares
    fell" before "The krone climbed") is another thing's move."""
    if len(top) < 2:
        return top
    cited = pool.texts[top[0]]
    for j, lemmas in enumerate(cited.lemmas):
        if cited.negated_at[j] or lemmas & forms:
            continue
        if any(_direct_opposites_of(lemma) & direct - _KEPT for lemma in lemmas):
            return top[:1]
    return top


def _opposite_near(t: Text, i: int, opposite: frozenset[str], top: list[int], pool: Pool) -> str | None:
    """The first evidence sentence with an opposite of word ``i`` in the same phrase."""
    near = phrase_around(t, i)
    for s in top:
        e = pool.texts[s]
        j = next(
            (
                j
                for j, ef in enumerate(e.lemmas)
                if ef & opposite
                and "-" not in e.words[j]
                and not e.negated_at[j]
                and same_phrase(near, phrase_around(e, j))
                and e.words[j] not in _name_words(pool, s)
            ),
            None,
        )
        if j is not None:
            return _reason(t.words[i], e.words[j], pool, s)
    return None


def _name_words(pool: Pool, s: int) -> frozenset[str]:
    """The words of an English evidence sentence written with a capital inside it: parts of names ("the
    European Central Bank"), whose antonyms say nothing ("left" is no opposite of that "Central").
    German capitalises every noun, a headline in title case every word ("Nordbank Raises Rates Again"):
    none there."""
    if in_german(pool, s):
        return frozenset()
    text = sentence_text(pool, s)
    first = re.match(r"\W*[\w'’-]+", text)
    after = first.end() if first else 0
    words = re.findall(r"(?<![\w'’-])[^\W\d_][\w'’-]*", text[after:])
    if not any(w[0].islower() for w in words if len(w) > 3):
        return frozenset()  # title case (or names and short words only): its capitals tell no name
    return frozenset(w.lower() for w in words if w[0].isupper())


def _reason(ours: str, theirs: str, pool: Pool, s: int) -> str:
    text = sentence_text(pool, s)
    if not re.search(rf"(?<!\w){re.escape(theirs)}(?!\w)", text, re.IGNORECASE):
        # A phrase the reading rewrote to one word ("close to" read as "near"): show the source's words.
        theirs = next((p for p in phrases_for(theirs) if p in text.lower()), theirs)
    return f"opposite: “{ours}” in the sentence, “{theirs}” in the source ({clip(text)})"


_RELATIONAL = frozenset(w for pair in lexicon.OPPOSITES.split() for w in [pair])


def _opposites_in(direct: frozenset[str], have: set[str], derived_from: dict[str, list[str]]) -> frozenset[str]:
    """The opposites of a word (``direct``, see ``_direct_opposites``) and their derivations ("resign" →
    "resignation") that are among ``have``: the evidence lemmas that are an opposite or derive from one.
    Derivation is symmetric in the tables, so the derivations are looked up for the evidence's lemmas
    (``_derived_from``, a few dozen a claim) rather than for every opposite of every claim word (each
    word has seven prefixed ones, "un…", "non…", most of them no word at all)."""
    found = {x for o in direct for x in derived_from.get(o, ())}
    found.update(direct & have)
    return frozenset(o for o in found if _opposable(o))


def roots(t: Text) -> frozenset[str]:
    """The lemmas of ``t`` and every word one of them derives from, once per text: an opposite of a
    claim word can be in ``t`` (itself or derived) only if it is among these."""
    if t.roots is None:
        t.roots = frozenset(t.all_lemmas).union(*(derivations(lemma) for lemma in t.all_lemmas))
    return t.roots


def _derived_from(have: set[str]) -> dict[str, list[str]]:
    """For each word a lemma of ``have`` derives from (its ``derivations``), those lemmas."""
    out: dict[str, list[str]] = {}
    for lemma in have:
        for root in derivations(lemma):
            out.setdefault(root, []).append(lemma)
    return out


@lru_cache(maxsize=65536)
def _direct_opposites(forms: frozenset[str]) -> frozenset[str]:
    """Every opposite of any of these forms: antonyms and prefixed negations, once per set of forms."""
    return frozenset().union(*(_direct_opposites_of(f) for f in forms))


@lru_cache(maxsize=65536)
def _direct_opposites_of(lemma: str) -> frozenset[str]:
    """One lemma's antonyms and prefixed negations ("vaccinated" → "unvaccinated"), once per lemma."""
    if not _opposable(lemma):
        return frozenset()
    kept = _KEPT if lemma in word_tables.CHANGES_NOT_KEPT else frozenset()
    return lexicon.antonyms(lemma) | frozenset(prefixed_opposites(lemma)) | kept


def _opposable(lemma: str) -> bool:
    """A content word, or a function word the opposites table names (before/after, up/down): WordNet's
    antonyms of "all", "on", "to" and "there" say nothing about a claim."""
    return lemma not in LIGHT or lemma in _RELATIONAL


def negation_mismatch(t: Text, evidence: list[int], pool: Pool) -> list[str]:
    """A word both sides have, in the same phrase, negated on one side only (and never matched with
    the same polarity in the other evidence)."""
    top = evidence[:WINDOW]
    if not t.negated and not any(pool.texts[s].negated or _says_not(pool.texts[s]) for s in top):
        return []  # no negation on either side: nothing can differ
    for i in t.content:
        forms = t.lemmas[i]
        near = phrase_around(t, i)
        same = other = None
        for s in top:
            e = pool.texts[s]
            found = [
                j
                for j in sorted({j for f in forms for j in e.positions.get(f, ())})
                if same_phrase(near, phrase_around(e, j)) or _phrase_within(t, i, e)
            ]
            elided = elided_polarity(t, i, sentence_text(pool, s)) if found and _says_not(e) else None
            for j in _of_what_the_claim_says(t, i, e, found):
                negated = e.negated_at[j] if elided is None else elided
                if negated == t.negated_at[i]:
                    same = (s, j)
                elif other is None:
                    other = (s, j, negated)
        if other is not None and same is None:
            s, j, negated = other
            ours = ("not … " if t.negated_at[i] else "") + t.words[i]
            theirs = ("not … " if negated else "") + pool.texts[s].words[j]
            return [f"negation: “{ours}” in the sentence, “{theirs}” in the source ({clip(sentence_text(pool, s))})"]
    return []


def _says_not(e: Text) -> bool:
    """A negation word anywhere in ``e``, governing a word or not ("two weeks would not be")."""
    return any(w in NEGATORS or w.endswith("n't") for w in e.words)


def _of_what_the_claim_says(t: Text, i: int, e: Text, found: list[int]) -> list[int]:
    """Of the places ``found`` where evidence ``e`` has claim word ``i``, those acting on what the claim's
    word acts on, when some do: "would raise taxes" is read against "would not raise taxes", not the
    "would raise spending" of the same sentence. All of them when none does (or the claim's word acts on
    nothing it names)."""
    acted_on = _object_of(t, i)
    if len(found) < 2 or not acted_on:
        return found
    on_it = [j for j in found if same_phrase(acted_on, _object_of(e, j))]
    return on_it or found


def _phrase_within(t: Text, i: int, e: Text) -> bool:
    """Every content word around claim word ``i`` is somewhere in evidence sentence ``e``: a short claim
    whose phrase the evidence spreads out ("HHLA said it would raise its offer" in "A spokesman for HHLA,
    …, said the company regretted the walkout but would not raise its offer")."""
    others = [j for j in t.content if j != i and abs(j - i) <= REACH]
    return bool(others) and all(t.lemmas[j] & e.all_lemmas for j in others)


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
        if not (word in NEGATORS or word.endswith("n't")):
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


def negated_discourse(t: Text, evidence: list[int] | None, pool: Pool) -> list[str]:
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
            said = [i for i in topic if matches(t.lemmas[i], e.all_lemmas)]
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
                f"the source speaks of it ({clip(sentence_text(pool, speaks))})"
            ]
    return []


def cross_opposites(t: Text, evidence: list[int], pool: Pool) -> list[str]:
    """An English direction or polarity word where the German evidence has its opposite ("increase"
    over "Senkung", "often" over "selten", "opposed" over "unterstützt")."""
    if not evidence:
        return []
    ours = frozenset(f for i, forms in enumerate(t.lemmas) for f in forms if not t.negated_at[i])
    # Only the first cited sentence: its neighbours speak of other things ("Lohnerhöhung" next to a
    # "Senkung" of working hours).
    text = sentence_text(pool, evidence[0])
    cited = [w.lower() for w in re.findall(r"[^\W\d_]+", text)]
    hits = [h for h in word_tables.cross_opposites(ours, cited) if not word_tables.cross_same(h[0], cited)]
    if hits:
        mine, theirs = hits[0]
        return [f"opposite: “{mine}” in the sentence, “{theirs}” in the source ({clip(text)})"]
    return []

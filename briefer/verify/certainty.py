"""Certainty: a claim saying happened what the source gives only as planned, expected or possible.

"Shipping resumed on Friday." where the source says it "is expected to resume on Friday at the earliest";
"Die Schifffahrt wurde … freigegeben" where it "soll … freigegeben werden". What makes a word a
possibility (``IRREALIS``) is shared with the opposites rules: an opposite stated as fact stands against
a word the evidence has only as a possibility.
"""

from __future__ import annotations

from briefer.lexicon.tables import (
    AUXILIARIES,
    DETERMINERS,
    GERMAN_DONE_AUXILIARIES,
    MODALS,
    PLAN_WORDS,
    is_irregular_past,
)
from briefer.lexicon.tables import HEDGES as GERMAN_HEDGES  # both languages' hedges; read here for German
from briefer.verify.pool import WINDOW, Pool, clip, sentence_text
from briefer.verify.reading import HEDGES, Text

# Words that make the verb after them a possibility, an intention or a readiness, not a deed: "could
# begin lowering", "confident enough to cut", "is expected to raise".
IRREALIS = HEDGES | frozenset(
    "could may might would should enough begin begins began start starts consider considers considering "
    "ready willing hope hopes want wants wanted aim aims seek seeks".split()
)


def only_irrealis(forms: frozenset[str], top: list[int], pool: Pool) -> bool:
    """The claim's word is in the evidence only as a possibility ("could begin lowering", "confident
    enough to cut rates"): it accounts for the word, but says nothing against an opposite stated as
    fact beside it ("kept its deposit rate")."""
    seen = False
    for s in top:
        e = pool.texts[s]
        for j in {j for f in forms for j in e.positions.get(f, ())}:
            if IRREALIS.isdisjoint(e.words[max(0, j - 3) : j]):
                return False
            seen = True
    return seen


# What makes a past participle no deed of its own: "was interested", "the varied options", "to".
_NO_DEED_AFTER = (AUXILIARIES - {"has", "have", "had"}) | DETERMINERS | {"to"}


def stated_as_done(t: Text, evidence: list[int], pool: Pool) -> list[str]:
    """A claim saying happened what the evidence gives only as planned, expected or possible: "Shipping
    resumed on Friday." where the source says it "is expected to resume on Friday at the earliest"."""
    top = evidence[:WINDOW]
    for i in t.content:
        word = t.words[i]
        if t.negated_at[i] or not (word.endswith("ed") or is_irregular_past(word)):
            continue
        before = t.words[max(0, i - 3) : i]
        if not IRREALIS.isdisjoint(before) or (before and before[-1] in _NO_DEED_AFTER):
            continue  # itself a possibility, or no deed
        held = [(s, j) for s in top for f in t.lemmas[i] for j in pool.texts[s].positions.get(f, ())]
        if held and all(_as_plan(pool.texts[s].words, j) for s, j in held):
            s, j = held[0]
            said = " ".join(pool.texts[s].words[max(0, j - 3) : j + 1])
            return [
                f"certainty: “{word}” in the sentence, “{said}” in the source, which does not say it happened "
                f"({clip(sentence_text(pool, s))})"
            ]
    return []


def german_stated_as_done(t: Text, evidence: list[int], pool: Pool) -> list[str]:
    """The German of ``stated_as_done``: "Die Schifffahrt wurde am Freitag freigegeben." where the source
    says it "soll frühestens am Freitag freigegeben werden". The verb is the one the claim ends with;
    the source's sentences holding it all hedge it and none says it was done, by an auxiliary or by the
    participle made an adjective ("die beschädigte Brücke soll abgerissen werden": the hedge is another's)."""
    if not t.content or GERMAN_DONE_AUXILIARIES.isdisjoint(t.words) or not GERMAN_HEDGES.isdisjoint(t.words):
        return []
    i = t.content[-1]
    held = [s for s in evidence[:WINDOW] if t.lemmas[i] & pool.texts[s].all_lemmas]
    if not held or any(
        GERMAN_HEDGES.isdisjoint(e.words)
        or not GERMAN_DONE_AUXILIARIES.isdisjoint(e.words)
        or _as_adjective(t.words[i], e.words)
        for e in (pool.texts[s] for s in held)
    ):
        return []
    hedge = next(w for w in pool.texts[held[0]].words if w in GERMAN_HEDGES)
    return [
        f"certainty: “{t.words[i]}” as done in the sentence, “{hedge}” in the source, which does not say it "
        f"happened ({clip(sentence_text(pool, held[0]))})"
    ]


_ADJECTIVE_ENDINGS = frozenset(("e", "en", "er", "es", "em"))


def _as_adjective(participle: str, words: list[str]) -> bool:
    """``participle`` ("beschädigt") inflected as an adjective among ``words`` ("die beschädigte Brücke")."""
    return any(w.startswith(participle) and w[len(participle) :] in _ADJECTIVE_ENDINGS for w in words)


def _as_plan(words: list[str], j: int) -> bool:
    return (j >= 1 and words[j - 1] in MODALS) or (j >= 2 and words[j - 1] == "to" and words[j - 2] in PLAN_WORDS)

"""What a count of things counts ("around 70 barges", "rund 90 Schiffe"), in English, and whether two
counts count the same thing (the conflict finder's counts of things, engines/conflicts.py): the same
noun, its translation (lexicon.bilingual: "Schiffe" → "ship", "vessel"), or one a more general name
of the other (WordNet: a barge is a vessel). Two names that are only kinds of one thing count different
things: cars and trucks are both vehicles, and five cars are no other value of three trucks."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=4096)
def counted_kinds(word: str, language: str) -> frozenset[str]:
    """The English nouns a counted word names, as WordNet knows them: a plural's lemma ("barges" →
    "barge"), a German noun's English words and their lemmas ("Schiffe" → "ship", "boat", "vessel");
    not money or a unit of measure (_a_measure); empty for anything else."""
    from briefer.lexicon.words import generalisations, lemmas  # the checker's (imported here: load cost)

    if language == "de":
        from briefer.lexicon.bilingual import english_for

        said = [w for english in english_for(word) for w in (english, *lemmas(english))]
    elif language == "en":
        said = [w for w in lemmas(word) if w != word.lower()]  # a plural: "barges" → "barge"
    else:
        return frozenset()
    return frozenset(w for w in said if generalisations(w) and not _a_measure(generalisations(w)))


_MEASURES = frozenset("currency measure quantity amount period metric".split())


def _a_measure(more_general: frozenset[str]) -> bool:
    """Whether a noun is money or a unit of measure by what WordNet gives as more general than it: a
    sum is no count of things ("500.000 Euro" in aid beside "10,000 euros" to each passenger are two
    amounts, not two values of one), and units are read as units (conflicts._UNITS)."""
    return not _MEASURES.isdisjoint(more_general) or more_general == {"unit"}


def same_kind(a: frozenset[str], b: frozenset[str]) -> bool:
    """Whether two counted things are one: a noun in common, or one the more general name of the other
    (WordNet's nouns a few levels above a noun's senses: "vessel" for "barge"). Siblings are two
    things: "car" and "truck" are both vehicles, neither is the other."""
    if not a.isdisjoint(b):
        return True
    from briefer.lexicon.words import generalisations

    return any(x in generalisations(y) or y in generalisations(x) for x in a for y in b)


def plural(noun: str) -> str:
    """The English plural a count's thing is shown by ("barge" → "barges", "bus" → "buses")."""
    if noun.endswith(("s", "x", "ch", "sh")):
        return noun + "es"
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    return noun + "s"

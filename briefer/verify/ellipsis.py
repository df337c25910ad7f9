"""Elided predicates: a clause that leaves out the predicate of the clause before it.

"Two days are manageable; two weeks would not be" says of two weeks that they would not be manageable,
though "manageable" stands once, unnegated, in the first clause. A claim about the second clause's
subject ("two weeks would be manageable") takes the second clause's polarity; a claim about the first
("two days would be manageable") keeps the word's own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from briefer.lexicon.tables import CLAUSE_VERBS
from briefer.verify.reading import Text, phrase_around, read

# Where a clause ends and the next begins: a semicolon, a coordinator after a comma, "but", "while".
_CLAUSES = re.compile(r"\s*;\s*|,\s+(?:and|but|while|whereas)\s+|\s+(?:but|while|whereas)\s+", re.IGNORECASE)
_ENGLISH_VERBS = sorted((w for w in CLAUSE_VERBS if w.isascii()), key=len, reverse=True)
# A clause of a short subject and an auxiliary (with or without a negation, with or without a bare "be"),
# ending there: at a punctuation mark, a quotation mark or the end of the text.
_ELIDED = re.compile(
    r"^[\"“‘'(\s]*(?P<subj>(?:[\w'’%-]+\s+){0,4}?[\w'’%-]+)\s+(?:" + "|".join(_ENGLISH_VERBS) + r")"
    r"(?P<neg>\s+not|\s+never|n[’']t)?(?:\s+(?:be|been|have|do))?\s*(?:[,.;:!?\"”’)]|$)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Elided:
    antecedent: Text  # the clause whose predicate is left out
    subject: frozenset[str]  # the content lemmas of the elided clause's subject
    negated: bool  # whether the elided clause says "not"


@lru_cache(maxsize=4096)
def elided_clauses(sentence: str) -> tuple[Elided, ...]:
    """The clauses of an English ``sentence`` that leave out the predicate of the clause before them."""
    clauses = _CLAUSES.split(sentence)
    out = []
    for before, clause in zip(clauses, clauses[1:], strict=False):
        m = _ELIDED.match(clause)
        if m is None:
            continue
        subject = read(m.group("subj"), names_too=False)
        lemmas = frozenset(f for j in subject.content for f in subject.lemmas[j])
        if lemmas:
            out.append(Elided(read(before, names_too=False), lemmas, m.group("neg") is not None))
    return tuple(out)


def elided_polarity(t: Text, i: int, sentence: str) -> bool | None:
    """Whether claim word ``i``, found in a clause of ``sentence`` whose predicate a later clause leaves
    out, is negated as the claim reads it: the later clause's polarity when the claim's words around it
    name something of the later clause's subject that the first clause lacks ("weeks" of "two weeks",
    not "two days"; "Weber" of "but Mayor Weber won't"); None otherwise."""
    near = phrase_around(t, i)
    for e in elided_clauses(sentence):
        if not t.lemmas[i] & e.antecedent.all_lemmas or t.lemmas[i] & e.subject:
            continue
        if near & (e.subject - e.antecedent.all_lemmas):
            return e.negated
    return None

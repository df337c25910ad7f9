"""Atoms: the separate claims one sentence makes, each checked on its own.

"Shares rose 5% and the company named a new chief, who starts in May" makes three claims; a
sentence is as supported as its weakest claim (MiniCheck's rule), and different claims may rest on
different source sentences. Without a parser the split is by the words that join clauses:
coordinators before a new predicate (", and", ", but", "; ", " while "), relative clauses
(", who", ", which"), appositions between commas, and attributions ("X said (that) …": the speaker
is one claim, what was said another). A fragment too short to claim anything stays with its
neighbour.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefer.lexicon import names, quantities
from briefer.lexicon.tables import CLAUSE_VERBS, NEGATING_ADVERBS
from briefer.lexicon.words import cross_groups

_JOINERS = re.compile(
    r"\s*;\s*|,\s+(?:and|but|while|whereas|although|though|so|yet)\s+|\s+(?:while|whereas|but)\s+"
    r"|,\s+(?=(?:who|which|where|whose)\s)|\s+and\s+(?=(?:then|also|later|has|have|had|was|were|is|are|will)\s)"
)
_ATTRIBUTION = re.compile(
    r"^(?P<who>(?:[A-Z][\w'’.-]*\s+){1,6}?|(?:the|a|an)\s+[\w\s'’-]{1,40}?)\s*"
    r"(?P<verb>said|says|told\s+\w+|added|announced|stated|reported|claimed|warned|noted|confirmed|denied)"
    r"(?:\s+that)?\s+(?P<what>.+)$"
)
_MIN_WORDS = 3
# Where an evidence sentence (English or German) starts a new clause: a coordinator before another
# predicate, a semicolon. Used only to find which part of the evidence a claim is about.
_CLAUSE_JOINERS = re.compile(r"\s*;\s*|,?\s+(?:und|aber|sondern|während|and|but|while|whereas)\s+", re.IGNORECASE)
_CAPITAL = re.compile(r"(?<![\w'’-])[A-ZÄÖÜ][\w'’-]{2,}")


@dataclass(frozen=True)
class Atom:
    text: str
    start: int  # offsets in the sentence
    end: int


def split_atoms(sentence: str) -> list[Atom]:
    """The claims of ``sentence`` in order; the whole sentence when it makes one."""
    pieces: list[tuple[int, int]] = []
    cursor = 0
    for m in _JOINERS.finditer(sentence):
        pieces.append((cursor, m.start()))
        cursor = m.end() if not m.group(0).lstrip(", ").startswith(("who", "which", "where", "whose")) else m.start()
    pieces.append((cursor, len(sentence)))
    merged: list[tuple[int, int]] = []
    for start, end in pieces:
        text = sentence[start:end].strip(" ,;")
        if merged and len(text.split()) < _MIN_WORDS:
            merged[-1] = (merged[-1][0], end)
            continue
        if merged and len(sentence[merged[-1][0] : merged[-1][1]].split()) < _MIN_WORDS:
            merged[-1] = (merged[-1][0], end)
            continue
        merged.append((start, end))
    atoms: list[Atom] = []
    for start, end in merged:
        text = sentence[start:end]
        lead = len(text) - len(text.lstrip(" ,;"))
        text = text.strip(" ,;")
        if text:
            atoms.append(Atom(text, start + lead, start + lead + len(text)))
    return atoms or [Atom(sentence, 0, len(sentence))]


def _anchors(text: str) -> set[str]:
    """What ties a clause to a claim across languages: its known entities, numbers and capitalised words."""
    _, entities = names.canonical_entities(text)
    capitals = {names.fold(m.group(0)).removesuffix("'s") for m in _CAPITAL.finditer(text)}
    return entities | capitals | {str(n) for n in quantities.numbers(text)}


def concerned_part(claim: str, evidence: str) -> str:
    """The clauses of ``evidence`` that ``claim`` is about: those sharing the most names, entities and
    numbers with it. A claim about the first half of "The US urged Pyongyang to end its talks with
    Moscow and to keep its promise not to send Russia arms" says nothing about the second half's
    negation. The whole evidence when it is one clause or no clause shares more than another.

    A clause with no subject of its own ("… said the company regretted the walkout but would not raise
    its offer") has the names of the clause before it, but is about the claim only when it also says a
    word the claim says across languages (``cross_groups``: "erhöhen" for its "raise"); otherwise a
    claim of the first clause ("HHLA bedauerte den Streik") would take on the second's negation."""
    pieces = [p for p in _CLAUSE_JOINERS.split(evidence) if len(p.split()) >= _MIN_WORDS]
    if len(pieces) < 2:
        return evidence
    ours = _anchors(claim)
    anchors = [_anchors(p) for p in pieces]
    borrowed = [k > 0 and not anchors[k] and _without_subject(p) for k, p in enumerate(pieces)]
    for k in range(1, len(pieces)):
        if borrowed[k]:
            anchors[k] = anchors[k - 1]
    shared = [len(ours & a) for a in anchors]
    best = max(shared)
    if best == 0:
        return evidence
    said = cross_groups(_WORDS.findall(claim.lower())) if any(borrowed) else frozenset()
    return " ".join(
        p
        for k, p in enumerate(pieces)
        if shared[k] == best and (not borrowed[k] or said & cross_groups(_WORDS.findall(p.lower())))
    )


_WORDS = re.compile(r"[^\W\d_]+")


def _without_subject(clause: str) -> bool:
    """A coordinated clause that starts with its verb: "would not raise its offer", "did not say", "never
    raised" (but "nobody would raise wages" has its subject)."""
    first = clause.split(maxsplit=1)[0].lower()
    return first in CLAUSE_VERBS or first in NEGATING_ADVERBS or first.endswith("n't")

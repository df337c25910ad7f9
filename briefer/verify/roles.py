"""Who did what to whom: swapped roles, parties and directions.

Two names in the opposite order around the same predicate ("Kestrel … buy … from Nordhaven" over
Nordhaven buying from Kestrel), a fused sentence giving one cited sentence's predicate to another's
subject, the parties of "with"/"against" traded across languages, and "from" where the source says
"to" about the same thing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from briefer import lexicon
from briefer.lexicon import names, quantities
from briefer.lexicon import tables as old_lexicon
from briefer.verify.figures import MONTHS
from briefer.verify.pool import Pool, clip, sentence_text
from briefer.verify.reading import Text, matches


@lru_cache(maxsize=8192)
def _capitalised(text: str) -> frozenset[str]:
    return frozenset(
        {
            m.group(0).lower().replace("’", "'").removesuffix("'s")
            for m in re.finditer(r"(?<![\w'’-])[^\W\d_a-zäöüß][\w'’]*", text)
        }
    )


def swapped_roles(text: str, t: Text, evidence: list[int], pool: Pool, language: str = "en") -> list[str]:
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
        place = _Places(t, e, _capitalised(sentence_text(pool, s)))
        for x, a in enumerate(anchors):
            for b in anchors[x + 1 :]:
                if t.lemmas[a] & t.lemmas[b]:
                    continue
                hit = _reversed_pair(t, e, (a, b), anchors, place, language)
                if hit is not None:
                    m, (eb, em, ea) = hit
                    return [
                        f"roles swapped: “{t.words[a]} … {t.words[m]} … {t.words[b]}” in the sentence, "
                        f"“{e.words[eb]} … {e.words[em]} … {e.words[ea]}” in the source "
                        f"({clip(sentence_text(pool, s))})"
                    ]
    return []


class _Places:
    """Where a word of the claim stands in one evidence sentence, in order (a name may stand twice)."""

    def __init__(self, t: Text, e: Text, theirs: frozenset[str]) -> None:
        self.t, self.e, self.theirs = t, e, theirs
        self.seen: dict[tuple[int, bool], list[int]] = {}

    def __call__(self, i: int, names_only: bool = True) -> list[int]:
        if (i, names_only) not in self.seen:
            e = self.e
            spots = {j for f in self.t.lemmas[i] for j in e.positions.get(f, ())}  # the index, not a scan
            if names_only:
                spots = {j for j in spots if e.words[j] in self.theirs and not _speaks(e, j)}
            self.seen[(i, names_only)] = sorted(spots)
        return self.seen[(i, names_only)]


def _reversed_pair(
    t: Text, e: Text, pair: tuple[int, int], anchors: list[int], place: _Places, language: str
) -> tuple[int, tuple[int, int, int]] | None:
    """(the claim's shared word, (where the names and it stand in the evidence)) for names ``pair``
    standing the other way round there around the same word, or None."""
    a, b = pair
    spots_a, spots_b = place(a), place(b)
    # A name may stand twice ("urge the DPRK … with Russia … arms to Russia"): every pair of
    # mentions in the opposite order is tried, closest first; the shared word must not also
    # stand between a pair in the claim's own order (then the source reads the claim's way).
    reversed_order = [(ea, eb) for ea in spots_a for eb in spots_b if ea > eb]
    if not reversed_order:
        return None  # the evidence names them in the claim's order only (or not both)
    same_order = [(ea, eb) for ea in spots_a for eb in spots_b if ea < eb]
    for ea, eb in sorted(reversed_order, key=lambda p: p[0] - p[1]):
        if max(b - a, ea - eb) > _SPAN:
            break
        between = set().union(*(e.lemmas[j] for j in e.content if eb < j < ea))
        if any(is_predicate(t, i) and not matches(t.lemmas[i], between) for i in t.content if a < i < b):
            continue  # another verb between them: maybe a converse ("delivered to" / "received from")
        for m in (i for i in t.content if a < i < b and i not in anchors):
            spots_m = place(m, names_only=False)
            inside = [j for j in spots_m if eb < j < ea]
            if len(inside) != 1 or t.lemmas[m] & lexicon.SYMMETRIC:
                continue
            if any(pa < j < pb for pa, pb in same_order for j in spots_m):
                continue
            if language == "en" and not any(lexicon.is_verb(f) for f in t.lemmas[m]):
                continue  # a noun between two names is an apposition ("Watson, NSC spokeswoman")
            if ("by" in t.words[a:b] or "von" in t.words[a:b]) != ("by" in e.words[eb:ea] or "von" in e.words[eb:ea]):
                continue  # one side is passive: the order says nothing
            return m, (eb, inside[0], ea)
    return None


def fused_subject(text: str, t: Text, cited: Sequence[int], pool: Pool) -> list[str]:
    """A fusion that gives one cited sentence's predicate to the subject of another: "The charity's
    chair, Susan Patel, was sentenced" over "A former treasurer … was sentenced" and "The charity's
    chair, Susan Patel, said …". Not when the predicate's own sentence names the claim's subject, when
    its subject is a pronoun, or when the other cited sentences tie the two subjects together ("Harker,
    the former treasurer")."""
    p = next((i for i in t.content if is_predicate(t, i)), None)
    if p is None:
        return []
    possessors = {w.lower() for w in re.findall(r"([^\W\d_]+)['’]s\b", text)}
    subject = [i for i in t.content if i < p and t.words[i] not in possessors]
    if not subject:
        return []

    def has_subject(e: Text) -> bool:
        return any(matches(t.lemmas[i], e.all_lemmas) for i in subject)

    holding = [s for s in cited if t.lemmas[p] & pool.texts[s].all_lemmas]
    others = [s for s in cited if s not in holding and has_subject(pool.texts[s])]
    if not holding or not others or any(has_subject(pool.texts[s]) for s in holding):
        return []
    for s in holding:
        e = pool.texts[s]
        j = min((j for f in t.lemmas[p] for j in e.positions.get(f, ())), default=None)
        if j is None:  # it holds the predicate only as a light word, which has no position
            continue
        own = possessors | {w.lower() for w in re.findall(r"([^\W\d_]+)['’]s\b", sentence_text(pool, s))}
        theirs = [k for k in e.content if k < j and e.words[k] not in own]  # "the club's coach": coach
        if not theirs or any(
            matches(e.lemmas[k], t.all_lemmas | pool.texts[o].all_lemmas) for k in theirs for o in others
        ):
            return []
        return [
            f"roles swapped: “{' '.join(t.words[i] for i in subject)} … {t.words[p]}” in the sentence, "
            f"“{' '.join(e.words[k] for k in theirs)} … {e.words[j]}” in the source ({clip(sentence_text(pool, s))})"
        ]
    return []


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


def cross_swapped_parties(text: str, evidence: list[int], pool: Pool) -> list[str]:
    """Across languages, the parties of "with" or "against" traded with another party of the claim:
    "calling on Russia to end its talks with North Korea" over "rufen Nordkorea auf, die Verhandlungen
    mit Russland einzustellen". Both parties are named on both sides; only their places differ."""
    ours = _parties(text)
    if not (ours["with"] or ours["against"]):
        return []
    _, named = names.canonical_entities(text)
    for s in evidence:
        cited = sentence_text(pool, s)
        theirs = _parties(cited)
        _, held = names.canonical_entities(cited)
        for way in ("with", "against"):
            for party in ours[way] - theirs[way]:
                other = next((p for p in sorted(theirs[way]) if p in named and p not in ours[way]), None)
                if other is not None and party in held:
                    mine, there = party.replace("_", " ").title(), other.replace("_", " ").title()
                    return [
                        f"roles swapped: “{way} {mine}” in the sentence, “{way} {there}” in the source ({clip(cited)})"
                    ]
    return []


_SPAN = 14  # words between the two names at most: farther apart, they belong to different clauses


_REPORTING = frozenset("said says say told tells added warned stated sagte sagten erklärte".split())


def _speaks(t: Text, i: int) -> bool:
    """The word names a speaker: a reporting verb right before or after it ("Watson said", "said Watson")."""
    return any(0 <= k < len(t.words) and t.words[k] in _REPORTING for k in (i - 1, i + 1))


def is_predicate(t: Text, i: int) -> bool:
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


@lru_cache(maxsize=8192)
def _direction_objects(text: str, numbers_only: bool) -> dict[str, set[str]]:
    """What the text's "from"/"to" words govern; once per text (an evidence sentence serves many claims).
    Shared by every caller: read, never changed."""
    out: dict[str, set[str]] = {"from": set(), "to": set()}
    for m in _DIRECTION.finditer(text):
        thing = m.group(2).lower().replace(",", ".")
        month = quantities.months(m.group(2)) if m.group(2)[:1].isupper() else set()
        if len(month) == 1:
            thing = MONTHS[month.pop() - 1]  # "until June" and "seit Juni" name one month
        elif numbers_only and not any(c.isdigit() for c in thing):
            continue
        out[_DIRECTION_OF[m.group(1).lower()]].add(thing.strip())
    return out


def swapped_direction(text: str, evidence: list[int], pool: Pool, cross_lingual: bool) -> list[str]:
    """ "From" where the source says "to" about the same thing: "to $2.8 billion from $3.1 billion" over
    "to $3.1 billion from $2.8 billion", "from his own accounts" over "to his own accounts", "from
    Friday morning" over "until Friday morning". Across languages only figures and months are compared
    ("until June" over "seit Juni")."""
    ours = _direction_objects(text, cross_lingual)
    if not (ours["from"] or ours["to"]):
        return []
    for s in evidence:
        theirs = _direction_objects(sentence_text(pool, s), cross_lingual)
        for way, other in (("from", "to"), ("to", "from")):
            for thing in ours[way]:
                if thing in theirs[other] and thing not in theirs[way]:
                    return [
                        f"direction: “{way} {thing}” in the sentence, “{other} {thing}” in the source "
                        f"({clip(sentence_text(pool, s))})"
                    ]
    return []

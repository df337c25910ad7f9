"""Which citation holds which claim: the pool a sentence's citations open, the cited sentences in it,
and per claim the citations whose evidence holds it (ALCE's citation recall and precision).

Pools are kept per set of cited sources (``cached_pool``): a briefing cites a few sources many times.
"""

from __future__ import annotations

from briefer.models import EvidenceSpan, Source, VerdictLabel
from briefer.verify.claims import AtomResult
from briefer.verify.evidence import Grounded
from briefer.verify.pool import Pool, build_pool

POOLS: dict[tuple, Pool] = {}
# Pools kept, the oldest dropped first: a briefing cites a few sources many times, and the LLM path
# prepares a pool for every source while the model works (``briefer.prepare``), so those of a run of
# up to ~100 news articles must still be here when the briefing is checked. Bounded by their sentences
# (about 10 KB each with their readings), so that a few long sources cannot hold more.
_POOL_LIMIT = 128
_POOL_SENTENCES = 4000
_WINDOW_USED = 2  # evidence sentences per claim that count as holding it


def cached_pool(cited: list[Source], language: str) -> Pool:
    """The pool of ``cited`` read in ``language``, built once while it is among the last few used."""
    key = (language, *((s.id, s.text, s.furniture) for s in cited))
    pool = POOLS.get(key)
    if pool is None:
        pool = build_pool(cited, language)
        kept = sum(len(p.spans) for p in POOLS.values()) + len(pool.spans)
        while POOLS and (len(POOLS) >= _POOL_LIMIT or kept > _POOL_SENTENCES):
            kept -= len(POOLS.pop(next(iter(POOLS))).spans)
        POOLS[key] = pool
    return pool


def quoted_sentences(pool: Pool, quoted: list[Grounded]) -> list[list[int]]:
    """For each of ``quoted``, the pool sentences its span lies in (read once for both uses below)."""
    by_source = {s.id: n for n, s in enumerate(pool.sources)}
    out = []
    for g in quoted:
        n = by_source[g.citation.source]
        start, end = g.citation.start or 0, g.citation.end or 0
        lo = max(0, start - 1)
        out.append([i for i, (m, span) in enumerate(pool.spans) if m == n and span.end > lo and span.start < end])
    return out


def preferred_sentences(pool: Pool, quoted: list[list[int]]) -> list[tuple[int, int]]:
    """(pool sentence, citation number) for the cited spans' sentences (``quoted_sentences``) and neighbours."""
    out: list[tuple[int, int]] = []
    for c, near in enumerate(quoted):
        if not near:
            continue
        first, last, n = near[0], near[-1], pool.spans[near[0]][0]
        window = [i for i in range(first - 2, last + 2) if 0 <= i < len(pool.spans) and pool.spans[i][0] == n]
        out += [(i, c) for i in near] + [(i, c) for i in window if i not in near]
    first_citation: dict[int, int] = {}
    for i, c in out:
        first_citation.setdefault(i, c)
    return list(first_citation.items())


def cited_sentences(quoted: list[list[int]]) -> list[int]:
    """The pool sentences the cited spans lie in (``quoted_sentences``), without their neighbours."""
    return list(dict.fromkeys(i for near in quoted for i in near))


def atom_citations(
    atoms: list[AtomResult], pool: Pool, found: list[Grounded], preferred: list[tuple[int, int]]
) -> list[list[int]]:
    """Per atom, the citations (indices into ``found``) whose evidence holds it."""
    by_sentence = {i: c for i, c in preferred}
    quoted = [n for n, g in enumerate(found) if g.citation.match != "searched"]
    searched = [n for n, g in enumerate(found) if g.citation.match == "searched"]
    out = []
    for a in atoms:
        holds: list[int] = []
        if a.label in (VerdictLabel.SUPPORTED, VerdictLabel.UNVERIFIED):
            for s in a.evidence[:_WINDOW_USED]:
                if s in by_sentence:
                    holds.append(quoted[by_sentence[s]])
                else:
                    source_id = pool.sources[pool.spans[s][0]].id
                    holds += [n for n in searched if found[n].citation.source == source_id]
        out.append(sorted(set(holds)))
    return out


def idle_citations(grounded: list[Grounded], citations_of: list[list[int]]) -> list[int]:
    """The located citations no claim rests on."""
    used = {i for c in citations_of for i in c}
    return [i for i, g in enumerate(grounded) if g.found and i not in used]


def span_of(pool: Pool, s: int) -> EvidenceSpan:
    n, span = pool.spans[s]
    return EvidenceSpan(source=pool.sources[n].id, start=span.start, end=span.end)

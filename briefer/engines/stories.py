"""Stories: which sentences of a news day tell the same event, across articles and languages.

A sentence is a bag of terms (see terms.py) weighed by rarity (idf), so that two articles in two
languages can meet on the names and figures they share.

Sentences are then grouped bottom-up (average linkage) on that similarity plus two hints from the
page: sentences under the same sub-heading of one article belong together, and neighbours in one
paragraph lean together. Nothing here knows a story in advance: a story is whatever group of
sentences holds together more than it holds to the rest.
"""

from __future__ import annotations

import bisect
import heapq
import math
from array import array
from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import repeat
from operator import mul

import numpy as np

from briefer.engines import vectors

# Unit.vector's dicts, by the unit's id, with the packed weights and terms each was made from (held
# here, they cannot be freed and their ids reused while the entry stands): a few MB at most.
_READ: dict[int, tuple[bytes, tuple[str, ...], dict[str, float]]] = {}
_READ_HELD = 4096


@dataclass(slots=True)  # slots: a thousand articles make 27,000 of these
class Unit:
    """A candidate sentence: where it is, what page structure surrounds it, and its terms."""

    source: str
    start: int
    end: int
    article: str  # the source's text, shared: the sentence is article[start:end]
    language: str
    order: int  # reading order over all sources
    block: str | None  # the sub-heading it stands under, if its article has sub-headings
    paragraph: str
    heading: str | None = None
    # The sentence's terms and their weights (packed float64s, in the terms' order): the raw weights
    # from read_terms, made unit-length tf·idf by weigh(). Packed, not a dict of floats: a dict and its
    # float objects were 650 bytes a sentence, the largest thing held per article at the engine's peak;
    # these two are 260. ``vector`` gives them as the dict.
    terms: tuple[str, ...] = ()
    weights: bytes = b""
    names: frozenset[str] = frozenset()  # names, numbers, months: what a fact is anchored on
    subject: frozenset[str] = frozenset()
    runs: tuple[tuple[str, ...], ...] = ()
    salient: frozenset[str] = frozenset()  # names not so common in the day's news that they say nothing
    plain: str = ""  # the sentence without Markdown syntax (Source.plain); empty when it has none

    @property
    def text(self) -> str:
        return self.article[self.start : self.end]

    @property
    def vector(self) -> dict[str, float]:
        """The terms with their weights, as a dict. The last _READ_HELD dicts made are kept: the ranking
        and selection read a story's sentences tens of thousands of times (clustering reads the packed
        form). Don't change it."""
        made = _READ.get(id(self))
        if made is None or made[0] is not self.weights or made[1] is not self.terms:
            made = (self.weights, self.terms, dict(zip(self.terms, memoryview(self.weights).cast("d"), strict=True)))
            if len(_READ) >= _READ_HELD:
                del _READ[next(iter(_READ))]  # the oldest
            _READ[id(self)] = made
        return made[2]

    @vector.setter
    def vector(self, weights: dict[str, float]) -> None:
        self.terms, self.weights = tuple(weights), array("d", weights.values()).tobytes()


@dataclass(frozen=True)
class Vocabulary:
    """How many of the day's sentences use each term: what is rare news and what is everywhere."""

    df: Counter[str]
    n: int

    def idf(self, term: str) -> float:
        return math.log((1 + self.n) / (1 + self.df.get(term, 0))) + 0.1

    def is_common(self, term: str) -> bool:
        """In so many sentences that sharing it says nothing ("Russia" on a day of war news)."""
        return self.df.get(term, 0) > max(4, COMMON_SHARE * self.n)

    def is_rare(self, term: str) -> bool:
        """A name almost nobody else mentions: what a one-line story is about."""
        return self.df.get(term, 0) <= max(1, RARE_SHARE * self.n) and not term.startswith(("#", "month:"))


COMMON_SHARE = 0.15
RARE_SHARE = 0.02


def weigh(units: list[Unit]) -> Vocabulary:
    """Give every unit a unit-length tf·idf vector and its salient names; return the vocabulary."""
    df: Counter[str] = Counter()
    for u in units:
        df.update(u.terms)
    vocabulary = Vocabulary(df, len(units))
    shared: dict[frozenset[str], frozenset[str]] = {}
    packed: dict[bytes, bytes] = {}  # one object for each distinct vector, as read_units shares them
    idf = {t: vocabulary.idf(t) for t in df}  # once a term, not once a sentence
    # Copies of a report share their terms and raw weights (terms.Shared): each is weighed once.
    weighed: dict[tuple[tuple[str, ...], bytes], bytes] = {}
    for u in units:
        salient = frozenset(t for t in u.names if not vocabulary.is_common(t))
        # most often the one set; else one object for each distinct set of the day
        u.salient = u.names if salient == u.names else shared.setdefault(salient, salient)
        raw = (u.terms, u.weights)
        if (done := weighed.get(raw)) is None:
            vec = [w * idf[t] for t, w in zip(u.terms, memoryview(u.weights).cast("d"), strict=True)]
            norm = math.sqrt(sum(v * v for v in vec)) or 1.0
            weights = array("d", [v / norm for v in vec]).tobytes()
            done = weighed[raw] = packed.setdefault(weights, weights)
        u.weights = done
    return vocabulary


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    # map over builtins rather than a generator: the same products summed in the same order, twice as fast
    return sum(map(mul, a.values(), map(b.get, a, repeat(0.0))))


# Hints from the page, added to the word similarity of two sentences.
SAME_BLOCK = 0.4  # under one sub-heading of one article: the writer said it is one story
OTHER_BLOCK = 0.2  # under different sub-headings of one article: the writer said they are apart
NEIGHBOURS = 0.08  # next to each other in one paragraph
JOIN = 0.07  # average similarity at which two groups are one story
MERGE = 0.2  # cosine of two groups' centres at which they are one story
_ACROSS = 0.08  # groups under different sub-headings of one article must be this much closer still
_MAX_MERGED = 80  # only the largest groups are compared centre to centre (quadratic in this)
_DESTINATIONS = 20  # only the largest groups can receive a sentence (a briefing shows ten stories)
_SETTLE_CHUNK = 2048  # sentences fitted at once (their arrays stay a few MB at any number of articles)
MOVE, MOVE_MARGIN = 1.5, 0.15  # a sentence moves to a story whose centre is this much closer than its own
_NEIGHBOURS_PER_UNIT = 15  # similarity graph kept sparse so a thousand articles stay linear
_TERMS_PER_UNIT = 12  # a unit's rarest terms find its candidates
_POSTINGS = 24  # per term, the candidates nearest in reading order
_CANDIDATES = 20  # scored in full
_BLOCK_REACH = 12  # sentences either side looked at for ones under the same sub-heading
_BLOCK = 8000  # sentences (about 300 articles) clustered at once; a news day is usually one block


def similarities(units: list[Unit]) -> dict[int, dict[int, float]]:
    """Sparse symmetric similarity graph (``links[i][j] == links[j][i]``): word cosine plus page
    hints, each unit's strongest only. Held once, as the adjacency the clustering then merges in
    place: a separate pair table beside it doubled the engine's memory at a thousand articles.

    Candidates come from a unit's rarest terms, and from a frequent term only the sentences nearest
    in reading order, so that the cost grows linearly with the number of sentences. The arithmetic
    runs in numpy (vectors.py), a chunk of sentences at a time, with the results of ``cosine`` and
    ``_hint`` to the last bit."""
    return links_of(*_edges(units), len(units))


def _edges(units: list[Unit]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The similarity graph's edges, each once: (unit, other, similarity) arrays."""
    a, b, s = vectors.similarity_pairs(
        units,
        terms=_TERMS_PER_UNIT,
        postings=_POSTINGS,
        candidates=_CANDIDATES,
        neighbours=_NEIGHBOURS_PER_UNIT,
        reach=_BLOCK_REACH,
        hints=(SAME_BLOCK, OTHER_BLOCK, NEIGHBOURS),
    )
    return vectors.undirected(a, b, s, len(units))


def links_of(a: np.ndarray, b: np.ndarray, s: np.ndarray, n: int) -> dict[int, dict[int, float]]:
    """The edges as an adjacency of dicts, both directions."""
    # Python objects shared as the dicts held them: one int per sentence, one float per edge for both ends.
    nodes, values = list(range(n)), s.tolist()
    rows, others, edges = vectors.adjacency_lists(a, b)
    other_nodes = list(map(nodes.__getitem__, others))
    edge_values = list(map(values.__getitem__, edges))
    links: dict[int, dict[int, float]] = defaultdict(dict)
    for i, lo, hi in rows:
        links[nodes[i]] = dict(zip(other_nodes[lo:hi], edge_values[lo:hi], strict=True))
    return links


def root(parent: list[int], x: int) -> int:
    """The representative of ``x``'s set in a union-find forest ``parent``, halving the path it walks."""
    while parent[x] != x:
        parent[x] = parent[parent[x]]
        x = parent[x]
    return x


def window(posting: list[int], i: int, size: int) -> list[int]:
    """At most ``size`` entries of a sorted posting list, those nearest to ``i``."""
    if len(posting) <= size:
        return posting
    at = bisect.bisect_left(posting, i)
    lo = max(0, min(at - size // 2, len(posting) - size))
    return posting[lo : lo + size]


def group(units: list[Unit]) -> list[list[int]]:
    """Clusters of units (indices, in reading order), largest evidence first.

    Sentences are clustered a block of articles at a time, so that the similarity graph is held for
    one block only and memory stays flat however many articles come in; the pieces of one story found
    in different blocks then meet centre to centre (merge_close)."""
    clusters: list[list[int]] = []
    for lo, hi in _blocks_of_articles(units, _BLOCK):
        clusters += [[lo + i for i in c] for c in agglomerate(units[lo:hi])]
    return split_events(units, settle(units, merge_close(units, clusters)))


def _blocks_of_articles(units: list[Unit], size: int) -> list[tuple[int, int]]:
    """Consecutive ranges of at least ``size`` units (the last may be smaller). An article is cut only
    when it alone is longer than a block, and then between paragraphs."""
    length = Counter(u.source for u in units)
    ranges, lo = [], 0
    for i in range(1, len(units) + 1):
        if i < len(units):
            if i - lo < size:
                continue
            same_article = units[i].source == units[i - 1].source
            if same_article and (length[units[i].source] <= size or units[i].paragraph == units[i - 1].paragraph):
                continue
        ranges.append((lo, i))
        lo = i
    return ranges


def agglomerate(units: list[Unit]) -> list[list[int]]:
    """Average-linkage clusters of units, each sorted, in order of their first unit.

    Each group keeps only its best partner in the heap, not every pair: a heap of all pairs was the
    engine's largest allocation at a thousand articles. The merge order is the same: the pair with the
    highest average similarity, ties to the lowest indices."""
    a, b, s = _edges(units)
    merging = _Merging(links_of(a, b, s, len(units)), vectors.best_partners(a, b, s, JOIN), len(units))
    merging.run()
    return [sorted(m) for m in merging.members.values()]


class _Merging:
    """Average-linkage merging on the similarity graph, which becomes the summed similarity between
    groups as they merge (``links``). A group's best pair is its heap key (-average, i, j): the highest
    average, then among the neighbours that reach it the lowest index. Copies of one report tie often."""

    def __init__(self, links: dict[int, dict[int, float]], partners: list[tuple[int, int, float]], n: int) -> None:
        self.links = links
        self.members: dict[int, list[int]] = {i: [i] for i in range(n)}
        self.size = [1] * n  # len(members[g]), read in the innermost loops
        self.best: dict[int, tuple[float, int, int]] = {}
        # Groups whose recorded best pair was with a group since merged. Such a pair's average can only
        # have fallen (the merged group's is a weighted mean of the two), so the entry stays in the heap as
        # an upper bound and the group looks again when it comes up, not at every merge next to it: a
        # large group's neighbours were rescanned thousands of times for entries that never came up.
        self.dirty: set[int] = set()
        # Every sentence alone: its best pair is its most similar neighbour (computed in arrays).
        for i, c, top in partners:
            self.best[i] = (-top, min(i, c), max(i, c))
        self.heap = list(self.best.values())
        heapq.heapify(self.heap)

    def run(self) -> None:
        members, size, links, heap, dirty = self.members, self.size, self.links, self.heap, self.dirty
        while heap:
            entry = heapq.heappop(heap)
            neg, a, b = entry
            # a stale entry: a group merged away, or this pair changed since it was pushed
            if a not in members or b not in members or abs(links[a].get(b, 0.0) / (size[a] * size[b]) + neg) > 1e-12:
                if a in dirty or b in dirty:
                    self.look_again(entry)
            else:
                self.merge(a, b)
                self.rescore(a, b)
            heap = self.heap
            if len(heap) > 4 * len(self.best) + 1024:  # drop the stale entries now and then
                heap = self.heap = sorted(self.best.values())

    def look_again(self, entry: tuple[float, int, int]) -> None:
        """A stale entry that was the bound a group held: that group's best now."""
        for g in entry[1:]:
            if g in self.dirty and self.best.get(g) == entry:
                self.dirty.discard(g)
                self.refresh(g)

    def merge(self, a: int, b: int) -> None:
        """Group ``b`` into ``a``: members, size and summed links."""
        members, size, links = self.members, self.size, self.links
        members[a].extend(members.pop(b))
        size[a] += size[b]
        self.best.pop(b, None)
        self.dirty.discard(a)
        self.dirty.discard(b)
        mine = links[a]
        for c, s in links.pop(b).items():
            theirs = links[c]
            theirs.pop(b, None)
            if c != a:
                theirs[a] = mine[c] = mine.get(c, 0.0) + s

    def rescore(self, a: int, b: int) -> None:
        """After ``b`` merged into ``a``: a's best pair, and each neighbour's if the merged group is now
        better than its best (or than the bound it holds), in one pass over a's links. A neighbour whose
        best pair was one of the two merged is marked to look again when it comes up."""
        best, dirty, size, heap = self.best, self.dirty, self.size, self.heap
        na = size[a]
        top, partner = 0.0, -1
        for c, s in self.links[a].items():
            v = s / (na * size[c])
            if v > top or (v == top and c < partner):
                top, partner = v, c
            mine = best.get(c)
            # (a tuple's -average is negative, so only its two groups can equal a group)
            if mine is not None and (a in mine or b in mine):
                dirty.add(c)
            elif -v <= -JOIN:
                k = (-v, a, c) if a < c else (-v, c, a)
                if mine is None or k < mine:
                    best[c] = k
                    dirty.discard(c)
                    heapq.heappush(heap, k)
        self.settle_best(a, top, partner)

    def refresh(self, a: int) -> None:
        """Group ``a``'s best pair, from one pass over its links."""
        size = self.size
        na = size[a]
        top, partner = 0.0, -1
        for d, s in self.links[a].items():
            v = s / (na * size[d])
            if v > top or (v == top and d < partner):
                top, partner = v, d
        self.settle_best(a, top, partner)

    def settle_best(self, a: int, top: float, partner: int) -> None:
        if partner >= 0 and -top <= -JOIN:
            self.best[a] = (-top, min(a, partner), max(a, partner))
            heapq.heappush(self.heap, self.best[a])
        else:
            self.best.pop(a, None)


def merge_close(units: list[Unit], clusters: list[list[int]]) -> list[list[int]]:
    """Join groups whose centres share most of their weight: pieces of one big story (the talks,
    the envoy's visit, the UN's warning) that pairwise sentence similarity left apart."""
    small = [c for c in clusters if len(c) < 2]
    pieces = sorted((c for c in clusters if len(c) >= 2), key=len, reverse=True)
    small += pieces[_MAX_MERGED:]
    pieces = pieces[:_MAX_MERGED]
    centres = [_unit_length(centroid(units, c)) for c in pieces]
    blocks = [_blocks(units, c) for c in pieces]
    alive = set(range(len(pieces)))

    def score(a: int, b: int) -> float:
        penalty = 0.0 if _compatible(blocks[a], blocks[b]) else _ACROSS
        return cosine(centres[a], centres[b]) - penalty

    scores = {(a, b): score(a, b) for a in alive for b in alive if a < b}
    while scores:
        (a, b), best = max(scores.items(), key=lambda kv: (kv[1], -kv[0][0], -kv[0][1]))
        if best < MERGE:
            break
        pieces[a] = sorted(pieces[a] + pieces[b])
        alive.discard(b)
        centres[a] = _unit_length(centroid(units, pieces[a]))
        blocks[a] = _blocks(units, pieces[a])
        scores = {k: v for k, v in scores.items() if b not in k}
        for c in alive - {a}:
            scores[(min(a, c), max(a, c))] = score(a, c)
    return [pieces[k] for k in sorted(alive)] + small


def _blocks(units: list[Unit], members: list[int]) -> dict[str, set[str]]:
    """Per source, the sub-headed blocks this group holds sentences of."""
    found: dict[str, set[str]] = defaultdict(set)
    for i in members:
        block = units[i].block
        if block is not None:
            found[units[i].source].add(block)
    return found


def _compatible(a: dict[str, set[str]], b: dict[str, set[str]]) -> bool:
    """Two groups built on different sub-headings of one article are likely different stories: the
    writer said so by giving each its own heading."""
    return all(a[s] <= b[s] or b[s] <= a[s] for s in a.keys() & b.keys())


def _unit_length(vector: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
    return {t: v / norm for t, v in vector.items()}


def centroid(units: list[Unit], members: list[int]) -> dict[str, float]:
    total: dict[str, float] = defaultdict(float)
    for i in members:
        u = units[i]
        for t, v in zip(u.terms, memoryview(u.weights).cast("d"), strict=True):
            total[t] += v / len(members)
    return total


def settle(units: list[Unit], clusters: list[list[int]]) -> list[list[int]]:
    """One refinement pass on words alone: a sentence that sits under one sub-heading but is about
    another story ("Meanwhile, in Cuba …" in a paragraph on Kim) moves to the story it names.

    In arrays, with the arithmetic of the dicts: each sentence's fit to its own story's centre
    (``vectors.own_fits``) and, a chunk of sentences at a time, to every destination's."""
    by_size = sorted(range(len(clusters)), key=lambda k: (-len(clusters[k]), k))
    big = sorted(k for k in by_size[:_DESTINATIONS] if len(clusters[k]) >= 3)
    centres = [centroid(units, clusters[k]) for k in big]
    home = np.zeros(len(units), dtype=np.int64)
    for k, c in enumerate(clusters):
        home[c] = k
    sizes = np.array([len(c) for c in clusters], dtype=np.int64)
    column = np.full(len(clusters), -1, dtype=np.int64)  # a destination's column in the fit table
    column[big] = np.arange(len(big))
    own = _leave_out_all(vectors.own_fits([vectors.packed(u) for u in units], clusters), sizes[home])
    destination = home.copy()
    for lo in range(0, len(units) if big else 0, _SETTLE_CHUNK):
        hi = min(len(units), lo + _SETTLE_CHUNK)
        table = vectors.fit_table([vectors.packed(u) for u in units[lo:hi]], centres)
        mine, rows = column[home[lo:hi]], np.arange(hi - lo)
        at_home = mine >= 0  # a sentence of a destination: its fit there, itself left out of the centre
        table[rows[at_home], mine[at_home]] = _leave_out_all(
            table[rows[at_home], mine[at_home]], sizes[home[lo:hi]][at_home]
        )
        fit_home = np.where(at_home, table[rows, np.maximum(mine, 0)], own[lo:hi])
        # the closest destination, the lowest index on a tie (big is ascending; argmax takes the first)
        best = table.argmax(axis=1)
        goes = (np.asarray(big)[best] != home[lo:hi]) & (
            table[rows, best] > MOVE * np.maximum(fit_home, 0.0) + MOVE_MARGIN
        )
        destination[lo:hi][goes] = np.asarray(big)[best][goes]
    settled: list[list[int]] = [[] for _ in clusters]
    for i, k in enumerate(destination.tolist()):
        settled[k].append(i)
    return [c for c in settled if c]


def _leave_out_all(fit: np.ndarray, size: np.ndarray) -> np.ndarray:
    """``_leave_out`` of each fit and size, the same operations."""
    return np.where(size > 1, (fit * size - 1.0) / np.maximum(size - 1, 1), 0.0)


def _leave_out(fit: float, size: int) -> float:
    """A sentence's fit to its own group's centre, with the sentence itself left out of the centre."""
    return (fit * size - 1.0) / (size - 1) if size > 1 else 0.0


CO_REPORTED = 3  # articles without sub-headings that tell both of two pieces make them one event


def co_reported(a: set[str], b: set[str]) -> bool:
    """Whether two pieces of the day are one event by their writers' word: at least ``CO_REPORTED``
    articles without sub-headings (each about one event) tell both. Words alone keep apart the toll,
    the cause and the evacuation of one derailment, told in English by some and in German by others;
    one article's passing mention of another story is one writer, not two."""
    return len(a & b) >= CO_REPORTED


_PREFIX = 5
_NOT_EVENT_NAMES = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday "
    "montag dienstag mittwoch donnerstag freitag samstag sonntag".split()
)


def split_events(units: list[Unit], clusters: list[list[int]]) -> list[list[int]]:
    """Clusters split where they join the reports of two events: sentences of different articles (or
    sub-headed parts) that meet on common words only ("zwölf Menschen gestorben" and "51 Menschen
    gestorben"), whose articles name nothing in common, while each names its own place or people
    (Kesselbach, Mertztal). Parts are linked through any name two of them share, directly or through
    a third; a part that names nothing goes to the part its words are closest to. Without this, one such sentence
    pair makes a derailment and a flood one story once the article glue joins their pieces."""
    names = _event_names(units)
    out: list[list[int]] = []
    for cluster in clusters:
        parts = _parts_by_names(units, cluster, names)
        if parts is None:
            out.append(cluster)
            continue
        nameless = parts.pop("", [])
        pieces = sorted(parts.values(), key=lambda p: (-len(p), p[0]))
        centres = [centroid(units, p) for p in pieces]
        for i in nameless:  # to the part its words are closest to (the first, the largest, on a tie)
            k = max(range(len(pieces)), key=lambda k: (cosine(units[i].vector, centres[k]), -k))
            pieces[k].append(i)
        out.extend(sorted(p) for p in pieces)
    return out


def _event_names(units: list[Unit]) -> defaultdict[str, set[str]]:
    """Per article (or sub-headed part), the names it tells an event by, as their first letters."""
    # Names by their first letters, so that a German compound meets the English name it holds
    # ("Mertztal", "Mertz valley"): German capitalises every noun, so there a word counts when its
    # first letters begin a name found elsewhere.
    names: defaultdict[str, set[str]] = defaultdict(set)
    for u in units:
        names[u.block or u.source].update(
            n[:_PREFIX] for n in u.names if not n.startswith(("#", "month:")) and n not in _NOT_EVENT_NAMES
        )
    prefixes = set().union(*names.values()) if names else set()
    for u in units:
        if u.language == "de":
            names[u.block or u.source].update(
                t[:_PREFIX] for t in u.terms if len(t) >= _PREFIX and t[:_PREFIX] in prefixes
            )
    return names


def _parts_by_names(units: list[Unit], cluster: list[int], names: dict[str, set[str]]) -> dict[str, list[int]] | None:
    """The cluster's sentences by the part of the day their article's names link it to (``""``: an article
    that names nothing), or None when that makes fewer than two parts."""
    wheres = sorted({units[i].block or units[i].source for i in cluster})
    named = [w for w in wheres if names[w]]
    if len(named) < 2:
        return None
    # Linked through a name two share, directly or through a third: each name's articles are walked once.
    by_name: defaultdict[str, list[str]] = defaultdict(list)
    for w in named:
        for n in names[w]:
            by_name[n].append(w)
    part: dict[str, str] = {}
    for w in named:
        if w in part:
            continue
        part[w], todo = w, [w]
        while todo:
            for n in names[todo.pop()]:
                for other in by_name.pop(n, ()):
                    if other not in part:
                        part[other] = w
                        todo.append(other)
    parts: defaultdict[str, list[int]] = defaultdict(list)
    for i in cluster:
        parts[part.get(units[i].block or units[i].source, "")].append(i)
    return parts if len(parts) - ("" in parts) >= 2 else None

"""Sentence vectors as arrays: the similarity graph and the sentence-to-story fits of stories.py, in numpy.

Every figure is made by the same floating-point operations, in the same order, as the dict arithmetic of
``stories.cosine`` it stands for: a product of two weights, and sums that accumulate term by term in the
order of the first vector's terms (the shorter one's). numpy adds whole columns of such sums at once, one
term position at a time, so the graph and therefore the clusters are the ones the dicts gave, only
computed a few hundred sentences at a time instead of one pair at a time. (The order is that of
Python 3.11's ``sum``; from 3.12 ``sum`` compensates its rounding, and may differ in the last bit.)
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain
from typing import Protocol

import numpy as np


class Unit(Protocol):
    """What this module reads of a ``stories.Unit`` (named here so that it need not import stories)."""

    terms: tuple[str, ...]
    weights: bytes  # float64s, one per term
    block: str | None
    source: str
    paragraph: str
    order: int


_CHUNK = 128  # sentences whose candidates are scored at once (their arrays stay a few MB)


@dataclass(frozen=True)
class Rows:
    """The term vectors of a list of units as compressed rows: row ``i``'s terms are
    ``ids[ptr[i]:ptr[i + 1]]`` in the order of its dict, with their weights. Term ids follow the terms'
    sorted order, so comparing ids compares the terms."""

    ptr: np.ndarray  # int64, one more than the rows
    ids: np.ndarray  # int64 term ids
    weights: np.ndarray  # float64
    number: dict[str, int]  # term → id

    @property
    def vocabulary(self) -> int:
        return len(self.number)

    @property
    def lengths(self) -> np.ndarray:
        return np.diff(self.ptr)


# A vector as a dict, or as a unit holds it: its terms and their weights packed as float64s.
Packed = tuple[tuple[str, ...], bytes]
Vector = dict[str, float] | Packed


def packed(unit: Unit) -> Packed:
    """A unit's vector as it holds it, without making its dict."""
    return unit.terms, unit.weights


def _terms(vector: Vector) -> Collection[str]:
    return vector[0] if isinstance(vector, tuple) else vector


def rows_of(vectors: Sequence[Vector]) -> Rows:
    keys = list(map(_terms, vectors))
    terms = sorted(set().union(*keys)) if vectors else []
    number = {t: k for k, t in enumerate(terms)}
    lengths = np.fromiter(map(len, keys), dtype=np.int64, count=len(vectors))
    ptr = np.zeros(len(vectors) + 1, dtype=np.int64)
    np.cumsum(lengths, out=ptr[1:])
    total = int(ptr[-1])
    ids = np.fromiter(map(number.__getitem__, chain.from_iterable(keys)), dtype=np.int64, count=total)
    if all(isinstance(v, tuple) for v in vectors):
        weights = np.frombuffer(b"".join(v[1] for v in vectors if isinstance(v, tuple)), dtype=np.float64)
    else:
        values = (v.values() if isinstance(v, dict) else memoryview(v[1]).cast("d") for v in vectors)
        weights = np.fromiter(chain.from_iterable(values), dtype=np.float64, count=total)
    return Rows(ptr, ids, weights, number)


def _ragged(starts: np.ndarray, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For groups given by start and count: each member's group and its index ``start + k``."""
    group = np.repeat(np.arange(len(counts)), counts)
    first = np.cumsum(counts) - counts
    return group, np.repeat(starts - first, counts) + np.arange(int(counts.sum()))


def _stable_order(keys: np.ndarray) -> np.ndarray:
    """``np.argsort(keys, kind="stable")`` for non-negative integer keys, as a radix sort where they fit
    in 16 bits (numpy sorts small integer types by radix, larger ones by merging)."""
    if len(keys) and keys.max() < 1 << 16:
        return np.argsort(keys.astype(np.uint16), kind="stable")
    return np.argsort(keys, kind="stable")


def _by_owner_then(owner: np.ndarray, *keys: np.ndarray) -> np.ndarray:
    """The order of ``np.lexsort((*keys, owner))`` (owner first, then the keys in turn), where ``owner``
    is already ascending: the keys sorted stably (last first), then the owners by radix."""
    order = np.arange(len(owner))
    for key in reversed(keys):
        ordered = key[order]
        order = order[_stable_order(ordered) if ordered.dtype.kind == "i" else np.argsort(ordered, kind="stable")]
    return order[_stable_order(owner[order])]


def _top(owner: np.ndarray, other: np.ndarray, score: np.ndarray, k: int) -> np.ndarray:
    """Mask of each owner's ``k`` best entries by (score descending, other ascending): ``heapq.nlargest``
    with the key ``(score, -other)``. Entries come sorted by (owner, other).

    Without sorting the scores: each owner's ``k``-th best score (a partition of the owners' scores laid
    out in a table) is its threshold; the entries above it are kept, and of those equal to it the ones
    with the lowest ``other`` (they come first) until ``k`` are kept."""
    starts = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]]) if len(owner) else np.zeros(0, dtype=np.int64)
    counts = np.diff(np.r_[starts, len(owner)])
    if not len(owner) or counts.max() <= k:
        return np.ones(len(owner), dtype=bool)
    group = np.repeat(np.arange(len(starts)), counts)
    table = np.full((len(starts), int(counts.max())), np.inf)
    table[group, np.arange(len(owner)) - starts[group]] = -score
    threshold = -np.partition(table, k - 1, axis=1)[:, k - 1][group]
    above = score > threshold
    tied = score == threshold
    room = k - np.bincount(group, weights=above, minlength=len(starts)).astype(np.int64)
    tie_rank = np.cumsum(tied) - 1
    tie_rank -= np.r_[0, np.cumsum(tied)][starts][group]  # within the owner
    return above | (tied & (tie_rank < room[group]))


def _sequential_sums(
    group: np.ndarray, position: np.ndarray, values: np.ndarray, groups: int, out: np.ndarray | None = None
) -> np.ndarray:
    """Per group, the sum of its values accumulated in the order of ``position`` (0, 1, 2 …, each at most
    once per group), from 0.0: what a Python loop ``total += value`` gives, not numpy's pairwise sum.
    ``out``: zeros of at least ``groups`` to add into (a buffer kept between calls), returned."""
    total = np.zeros(groups, dtype=np.float64) if out is None else out
    if len(values):
        order = _stable_order(position)
        group, values = group[order], values[order]
        bounds = np.searchsorted(position[order], np.arange(int(position.max()) + 2))
        for lo, hi in zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True):
            total[group[lo:hi]] += values[lo:hi]  # one value per group at each position
    return total


class Graph:
    """What ``stories.similarities`` needs of the units, as arrays, and the steps it takes."""

    def __init__(self, units: Sequence[Unit]) -> None:
        self.n = len(units)
        self.rows = rows_of([packed(u) for u in units])
        rows = self.rows
        self.owner = np.repeat(np.arange(self.n), rows.lengths)  # the row of each entry
        # Postings: for each term the rows that hold it, ascending, with the weight there.
        order = np.argsort(rows.ids, kind="stable")
        self.post_rows = self.owner[order]
        self.post_weights = rows.weights[order]
        self.df = np.bincount(rows.ids, minlength=rows.vocabulary)
        self.post_start = np.cumsum(self.df) - self.df
        place = np.empty_like(order)
        place[order] = np.arange(len(order))
        self.place = place - self.post_start[rows.ids]  # an entry's row's place in its term's postings
        ids: dict[str | None, int] = {}
        self.block = np.array([-1 if u.block is None else ids.setdefault(u.block, len(ids)) for u in units])
        self.source = np.array([ids.setdefault(u.source, len(ids)) for u in units])
        self.paragraph = np.array([ids.setdefault(u.paragraph, len(ids)) for u in units])
        self.order = np.array([u.order for u in units], dtype=np.int64)
        self.local = np.full(rows.vocabulary, -1, dtype=np.int64)  # term id → column, within one chunk
        self.cell_weight, self.cell_place = np.zeros(0), np.zeros(0, dtype=np.int64)  # cosines' buffers
        self.cell_score, self.cell_touched = np.zeros(0), np.zeros(0, dtype=bool)  # candidates' buffers

    def rarest(self, terms: int) -> np.ndarray:
        """Each row's ``terms`` rarest entries (fewest rows, then the term's text), rarest first, as
        entry indices grouped by row: the order of ``sorted(vector, key=lambda t: (len(index[t]), t))``."""
        ids = self.rows.ids
        key = self.df[ids] * self.rows.vocabulary + ids
        order = np.lexsort((key, self.owner))
        rank = np.arange(len(order)) - self.rows.ptr[self.owner[order]]
        return order[rank < terms]

    def candidates(self, entries: np.ndarray, postings: int, best: int) -> tuple[np.ndarray, np.ndarray]:
        """For the given (rarest) entries of some consecutive rows, the rows their terms' posting windows
        reach, scored by the summed products of the entry weights, and each row's ``best`` of them (itself
        included). Returns (row, candidate) pairs, ascending."""
        rows = self.rows
        term = rows.ids[entries]
        count = self.df[term]
        at = self.place[entries]
        lo = np.where(count <= postings, 0, np.maximum(0, np.minimum(at - postings // 2, count - postings)))
        width = np.minimum(count, postings)
        which, index = _ragged(self.post_start[term] + lo, width)
        owner = self.owner[entries]
        first = int(owner[0]) if len(owner) else 0
        # An entry's rank among its row's rarest terms (they come grouped by row, rarest first).
        rank = np.arange(len(owner)) - np.searchsorted(owner, owner)
        # Each (row, candidate) pair is a cell of a table over the chunk's rows and every row; a term's
        # window holds a row once, so a cell gets at most one value per rank, summed rank by rank from
        # 0.0: the order of the row's rarest terms, as the dicts added them.
        cell = (owner[which] - first) * self.n + self.post_rows[index]
        value = rows.weights[entries][which] * self.post_weights[index]
        cells = (int(owner[-1]) - first + 1) * self.n if len(owner) else 0
        if len(self.cell_score) < cells:  # kept between chunks, zero again after each
            self.cell_score, self.cell_touched = np.zeros(cells), np.zeros(cells, dtype=bool)
        score = _sequential_sums(cell, rank[which], value, cells, out=self.cell_score)
        self.cell_touched[cell] = True
        pair = np.flatnonzero(self.cell_touched[:cells])
        total = score[pair]
        score[pair], self.cell_touched[pair] = 0.0, False
        owner, other = pair // self.n + first, pair % self.n
        keep = _top(owner, other, total, best)
        return owner[keep], other[keep]

    def cosines(self, first: np.ndarray, second: np.ndarray) -> np.ndarray:
        """``stories.cosine(vector[first], vector[second])`` for each pair, the same sum in the same order:
        over the shorter vector's terms (the first's on a tie), in its order. ``first`` holds rows of one
        chunk of at most a few hundred rows."""
        rows, local = self.rows, self.local
        out = np.zeros(len(first), dtype=np.float64)
        if not len(first):
            return out
        mine = np.unique(first)
        slot = np.full(self.n, -1, dtype=np.int64)
        slot[mine] = np.arange(len(mine))
        mine_entry, mine_index = _ragged(rows.ptr[mine], rows.lengths[mine])
        columns = np.unique(rows.ids[mine_index])
        local[columns] = np.arange(len(columns))
        # The first vectors as a dense table (slot × column), in buffers kept between chunks: zero except
        # for the cells set here, which are cleared again below.
        width = len(columns)
        if len(self.cell_weight) < len(mine) * width:
            self.cell_weight = np.zeros(len(mine) * width, dtype=np.float64)
            self.cell_place = np.zeros(len(mine) * width, dtype=np.int64)
        weight, place = self.cell_weight, self.cell_place
        cells = mine_entry * width + local[rows.ids[mine_index]]
        weight[cells] = rows.weights[mine_index]
        place[cells] = mine_index - rows.ptr[mine][mine_entry]
        # Each term of the second vector, looked up in the first.
        pair, index = _ragged(rows.ptr[second], rows.lengths[second])
        column = local[rows.ids[index]]
        local[columns] = -1
        shared = column >= 0
        pair, index, column = pair[shared], index[shared], column[shared]
        at = slot[first[pair]] * width + column
        theirs = weight[at]
        shared = theirs > 0.0  # weights are positive: zero means the first lacks the term
        pair, index, at, theirs = pair[shared], index[shared], at[shared], theirs[shared]
        product = theirs * rows.weights[index]
        # Summed in the shorter vector's order: the first's places, or the second's own.
        first_walks = rows.lengths[first] <= rows.lengths[second]
        position = np.where(first_walks[pair], place[at], index - rows.ptr[second][pair])
        weight[cells] = 0.0
        return _sequential_sums(pair, position, product, len(first))

    def hints(self, a: np.ndarray, b: np.ndarray, same: float, other: float, neighbours: float) -> np.ndarray:
        """``stories._hint`` for each pair, the same additions from 0.0."""
        hint = np.zeros(len(a), dtype=np.float64)
        blocked = self.block[a] >= 0
        in_block = blocked & (self.block[a] == self.block[b])
        hint[in_block] += same
        hint[blocked & ~in_block & (self.source[a] == self.source[b])] -= other
        hint[(self.paragraph[a] == self.paragraph[b]) & (np.abs(self.order[a] - self.order[b]) == 1)] += neighbours
        return hint

    def near(self, rows: np.ndarray, reach: int) -> np.ndarray:
        """``row * n + other`` for the reading-order neighbours ``row ± 1`` and the rows within ``reach`` under
        the same sub-heading (``stories._block_mates``), ascending (``rows`` ascending)."""
        offsets = np.r_[np.arange(-reach, 0), np.arange(1, reach + 1)]
        other = rows[:, None] + offsets[None, :]  # row by row, each row's others ascending
        row = np.broadcast_to(rows[:, None], other.shape)
        inside = (other >= 0) & (other < self.n)
        row, other, far = row[inside], other[inside], np.broadcast_to(np.abs(offsets) > 1, inside.shape)[inside]
        keep = ~far | ((self.block[row] >= 0) & (self.block[row] == self.block[other]))
        return row[keep] * self.n + other[keep]


def similarity_pairs(
    units: Sequence[Unit],
    terms: int,
    postings: int,
    candidates: int,
    neighbours: int,
    reach: int,
    hints: tuple[float, float, float],
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The directed edges of ``stories.similarities``: for each row its ``neighbours`` strongest
    candidates (row, other, similarity computed with the row first), rows ascending, each row's best first."""
    graph = Graph(units)
    rarest = graph.rarest(terms)
    chosen_rows = graph.owner[rarest]
    out_a, out_b, out_s = [], [], []
    for lo in range(0, graph.n, _CHUNK):
        hi = min(graph.n, lo + _CHUNK)
        entries = rarest[(chosen_rows >= lo) & (chosen_rows < hi)]
        a, b = graph.candidates(entries, postings, candidates)
        # Both ascending: a stable sort merges the two runs (np.unique sorted them from scratch).
        pair = np.concatenate([a * graph.n + b, graph.near(np.arange(lo, hi), reach)])
        pair.sort(kind="stable")
        pair = pair[np.r_[True, pair[1:] != pair[:-1]]] if len(pair) else pair
        a, b = pair // graph.n, pair % graph.n
        a, b = a[a != b], b[a != b]
        s = graph.cosines(a, b) + graph.hints(a, b, *hints)
        keep = _top(a, b, s, neighbours)
        a, b, s = a[keep], b[keep], s[keep]
        order = np.lexsort((b, -s, a))
        out_a.append(a[order])
        out_b.append(b[order])
        out_s.append(s[order])
    if not out_a:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0)
    return np.concatenate(out_a), np.concatenate(out_b), np.concatenate(out_s)


def undirected(a: np.ndarray, b: np.ndarray, s: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each edge once, with the value ``stories.similarities`` keeps: the one computed by the first of the
    two rows (in reading order) that chose the other. A row skips an edge an earlier row already set."""
    # Only an edge to an earlier row can have been set before: its reverse looked up in the sorted keys
    # (a search, where np.isin sorted both lists together: a quarter of the time).
    key = np.sort(a * n + b)
    later = np.flatnonzero(b < a)
    reverse = b[later] * n + a[later]
    at = np.minimum(np.searchsorted(key, reverse), max(len(key) - 1, 0))
    keep = np.ones(len(a), dtype=bool)
    keep[later[key[at] == reverse]] = False
    return a[keep], b[keep], s[keep]


def best_partners(a: np.ndarray, b: np.ndarray, s: np.ndarray, join: float) -> list[tuple[int, int, float]]:
    """For each row with an edge of positive similarity: (row, partner, similarity) for its most similar
    neighbour (the lowest index on a tie), where that similarity is at least ``join`` (as ``-s <= -join``):
    the first best pair of each sentence in ``stories.agglomerate``, rows ascending."""
    row, other, value = np.concatenate([a, b]), np.concatenate([b, a]), np.concatenate([s, s])
    positive = value > 0.0
    row, other, value = row[positive], other[positive], value[positive]
    if not len(row):
        return []
    # Grouped by row (a radix sort), each row's highest value, then the lowest partner holding it: the
    # first of np.lexsort((other, -value, row)) for each row, without sorting by value.
    order = _stable_order(row)
    row, other, value = row[order], other[order], value[order]
    starts = np.flatnonzero(np.r_[True, row[1:] != row[:-1]])
    top = np.maximum.reduceat(value, starts)
    group = np.repeat(np.arange(len(starts)), np.diff(np.r_[starts, len(row)]))
    partner = np.minimum.reduceat(np.where(value == top[group], other, np.iinfo(other.dtype).max), starts)
    row = row[starts]
    keep = -top <= -join
    return list(zip(row[keep].tolist(), partner[keep].tolist(), top[keep].tolist(), strict=True))


def adjacency_lists(a: np.ndarray, b: np.ndarray) -> tuple[Iterator[tuple[int, int, int]], list[int], list[int]]:
    """Each row's neighbours and the index of the edge to each, both directions of every edge (rows
    ascending): (row, lo, hi) for each row, and the neighbours and edges as lists, row ``row``'s at
    ``lo:hi``."""
    edges = np.arange(len(a))
    first, second, edge = np.concatenate([a, b]), np.concatenate([b, a]), np.concatenate([edges, edges])
    order = np.argsort(first, kind="stable")
    first, second, edge = first[order], second[order], edge[order]
    starts = np.flatnonzero(np.r_[True, first[1:] != first[:-1]]) if len(first) else np.zeros(0, dtype=np.int64)
    ends = [*starts[1:].tolist(), len(first)] if len(first) else []  # no edges: no rows
    rows = zip(first[starts].tolist(), starts.tolist(), ends, strict=True)
    return rows, second.tolist(), edge.tolist()


def fits(vectors: Sequence[Vector], centres: list[dict[str, float]]) -> list[list[float]]:
    """``stories.cosine(vector, centre)`` for every vector and centre, as rows of floats: the same sums in
    the same order, over the vector's terms, or over the centre's where it has fewer."""
    return fit_table(vectors, centres).tolist()


def fit_table(vectors: Sequence[Vector], centres: list[dict[str, float]]) -> np.ndarray:
    """``fits`` as an array: a row per vector, a column per centre."""
    rows = rows_of(vectors)
    lengths = rows.lengths
    owner = np.repeat(np.arange(len(vectors)), lengths)
    position = np.arange(len(rows.ids)) - rows.ptr[owner]
    out = np.zeros((len(centres), len(vectors)), dtype=np.float64)
    dense = np.zeros(rows.vocabulary, dtype=np.float64)
    place = np.full(rows.vocabulary, -1, dtype=np.int64)
    for k, centre in enumerate(centres):
        known = [(rows.number[t], v, p) for p, (t, v) in enumerate(centre.items()) if t in rows.number]
        at = np.array([t for t, _, _ in known], dtype=np.int64)
        dense[at] = [v for _, v, _ in known]
        place[at] = [p for _, _, p in known]
        ids = rows.ids
        product = rows.weights * dense[ids]
        present = product > 0.0
        walks = np.where(lengths[owner] <= len(centre), position, place[ids])  # whose order the sum follows
        out[k] = _sequential_sums(owner[present], walks[present], product[present], len(vectors))
        dense[at], place[at] = 0.0, -1
    return out.T


def own_fits(vectors: Sequence[Vector], clusters: list[list[int]], entries: int = 1 << 18) -> np.ndarray:
    """For each vector, ``stories.cosine(vector, stories.centroid(units, cluster))`` with the cluster that
    holds it (the clusters partition the vectors), to the last bit, without building the centroids.

    A centroid holds every term of its members, so the cosine walks the member's own terms. Each
    centroid weight is summed as ``centroid`` sums it: ``weight / len(cluster)`` member by member, in
    the cluster's order, from 0.0. Whole clusters of about ``entries`` terms at a time, so that the
    arrays stay a few MB however many articles come in."""
    out = np.zeros(len(vectors), dtype=np.float64)
    batch: list[list[int]] = []
    held = 0
    for k, members in enumerate(clusters):
        batch.append(members)
        held += sum(len(_terms(vectors[i])) for i in members)
        if held >= entries or k == len(clusters) - 1:
            order = [i for m in batch for i in m]
            starts = np.cumsum([0] + [len(m) for m in batch])
            local = [list(range(lo, hi)) for lo, hi in zip(starts[:-1].tolist(), starts[1:].tolist(), strict=True)]
            out[order] = _own_fits([vectors[i] for i in order], local)
            batch, held = [], 0
    return out


def _own_fits(vectors: Sequence[Vector], clusters: list[list[int]]) -> np.ndarray:
    rows = rows_of(vectors)
    owner = np.repeat(np.arange(len(vectors)), rows.lengths)
    home, rank = np.zeros(len(vectors), dtype=np.int64), np.zeros(len(vectors), dtype=np.int64)
    size = np.zeros(len(clusters), dtype=np.int64)
    for k, members in enumerate(clusters):
        home[members], rank[members], size[k] = k, np.arange(len(members)), len(members)
    # One group per (cluster, term): the centroid's weights.
    cell, group = np.unique(home[owner] * max(1, rows.vocabulary) + rows.ids, return_inverse=True)
    shares = rows.weights / size[home[owner]]
    centroid = _sequential_sums(group, rank[owner], shares, len(cell))
    product = rows.weights * centroid[group]
    return _sequential_sums(owner, np.arange(len(rows.ids)) - rows.ptr[owner], product, len(vectors))

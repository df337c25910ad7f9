"""Story clustering in arrays: the same clusters as the dict arithmetic, without its per-pair cost.

The identity tests (named ``test_identity_…``) hold the pure-Python code that stories.py ran before the
similarity graph, settle's fits and agglomerate's bookkeeping moved to numpy and lazy rescans, and
check that every value and every cluster is the same to the last bit. The behaviour tests count the
work: pairwise dict cosines per sentence and neighbour rescans per merge.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from pathlib import Path

import pytest

from briefer.engines import stories, vectors
from briefer.engines.extractive import read_units
from briefer.engines.stories import Unit, cosine, weigh
from briefer.ingest import load_sources

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT / "fixtures" / "corpora"
SEEDS = ROOT / "fixtures" / "articles"


def _sequential_cosine(a: dict[str, float], b: dict[str, float]) -> float:
    """stories.cosine as Python 3.11's sum() computes it: one float added at a time, from 0."""
    if len(a) > len(b):
        a, b = b, a
    total = 0.0
    for t, v in a.items():
        total += v * b.get(t, 0.0)
    return total


def _edges(links: dict[int, dict[int, float]]) -> dict[int, dict[int, float]]:
    return {i: dict(v) for i, v in links.items() if v}


def _hint(a: Unit, b: Unit) -> float:
    hint = 0.0
    if a.block is not None and a.block == b.block:
        hint += stories.SAME_BLOCK
    elif a.block is not None and a.source == b.source:
        hint -= stories.OTHER_BLOCK
    if a.paragraph == b.paragraph and abs(a.order - b.order) == 1:
        hint += stories.NEIGHBOURS
    return hint


def reference_similarities(units: list[Unit]) -> dict[int, dict[int, float]]:
    """stories.similarities as it was in dicts (e6b76ac)."""
    index: dict[str, list[int]] = defaultdict(list)
    for i, u in enumerate(units):
        for t in u.vector:
            index[t].append(i)
    vecs = [u.vector for u in units]
    links: dict[int, dict[int, float]] = defaultdict(dict)
    for i, u in enumerate(units):
        vector = vecs[i]
        partial: dict[int, float] = {}
        for t in sorted(vector, key=lambda t: (len(index[t]), t))[: stories._TERMS_PER_UNIT]:
            w = vector[t]
            for j in stories.window(index[t], i, stories._POSTINGS):
                partial[j] = partial.get(j, 0.0) + w * vecs[j][t]
        found = set(heapq.nlargest(stories._CANDIDATES, partial, key=lambda j: (partial[j], -j)))
        found.update(j for j in (i - 1, i + 1) if 0 <= j < len(units))
        if u.block is not None:
            found.update(
                j for j in range(max(0, i - 12), min(len(units), i + 13)) if j != i and units[j].block == u.block
            )
        found.discard(i)
        scored = [(_sequential_cosine(vector, vecs[j]) + _hint(u, units[j]), j) for j in found]
        for s, j in heapq.nlargest(stories._NEIGHBOURS_PER_UNIT, scored, key=lambda sj: (sj[0], -sj[1])):
            if j not in links[i]:
                links[i][j] = links[j][i] = s
    return links


def reference_agglomerate(links: dict[int, dict[int, float]], n: int) -> list[list[int]]:
    """stories.agglomerate's merging as it was (e6b76ac): every neighbour whose best pair was one of the
    two merged groups rescanned at once."""
    members = {i: [i] for i in range(n)}
    best: dict[int, tuple[float, int, int]] = {}
    heap: list[tuple[float, int, int]] = []
    size = [1] * n

    def refresh(a: int) -> None:
        top, c = 0.0, -1
        for d, s in links[a].items():
            v = s / (size[a] * size[d])
            if v > top or (v == top and d < c):
                top, c = v, d
        if c >= 0 and -top <= -stories.JOIN:
            best[a] = (-top, min(a, c), max(a, c))
            heapq.heappush(heap, best[a])
        else:
            best.pop(a, None)

    for i in range(n):
        refresh(i)
    while heap:
        neg, a, b = heapq.heappop(heap)
        if a not in members or b not in members:
            continue
        if abs(links[a].get(b, 0.0) / (size[a] * size[b]) + neg) > 1e-12:
            continue
        members[a].extend(members.pop(b))
        size[a] += size[b]
        best.pop(b, None)
        for c, s in links.pop(b).items():
            links[c].pop(b, None)
            if c != a:
                links[a][c] = links[a].get(c, 0.0) + s
                links[c][a] = links[a][c]
        refresh(a)
        for c, s in links[a].items():
            mine = best.get(c)
            if mine is not None and (a in mine[1:] or b in mine[1:]):
                refresh(c)
            elif -(s / (size[a] * size[c])) <= -stories.JOIN:
                k = (-s / (size[a] * size[c]), min(a, c), max(a, c))
                if mine is None or k < mine:
                    best[c] = k
                    heapq.heappush(heap, k)
        if len(heap) > 4 * len(best) + 1024:
            heap = sorted(best.values())
    return [sorted(m) for m in members.values()]


def reference_settle(units: list[Unit], clusters: list[list[int]]) -> list[list[int]]:
    """stories.settle as it was in dicts (a87c0eb): each sentence's fits as a dict, the own story's
    centre built and compared by the dict cosine."""
    by_size = sorted(range(len(clusters)), key=lambda k: (-len(clusters[k]), k))
    big = sorted(k for k in by_size[: stories._DESTINATIONS] if len(clusters[k]) >= 3)
    centres = {k: stories.centroid(units, clusters[k]) for k in big}
    home = {i: k for k, c in enumerate(clusters) for i in c}
    moved: dict[int, int] = {}
    for i, u in enumerate(units):
        fits = {k: _sequential_cosine(u.vector, centres[k]) for k in big}
        own = home[i]
        if own not in centres:
            centres[own] = stories.centroid(units, clusters[own])
        fit = fits[own] if own in fits else _sequential_cosine(u.vector, centres[own])
        fits[own] = stories._leave_out(fit, len(clusters[own]))
        best = max(big, key=fits.__getitem__, default=own)
        if best != own and fits[best] > stories.MOVE * max(fits[own], 0.0) + stories.MOVE_MARGIN:
            moved[i] = best
    settled: list[list[int]] = [[] for _ in clusters]
    for i in range(len(units)):
        settled[moved.get(i, home[i])].append(i)
    return [c for c in settled if c]


def copies(tmp_path: Path, n: int) -> list[Unit]:
    """The seed articles ``n`` times over, each copy its own file (a wire report reprinted by ``n``
    papers): copies tie exactly, the case where merge order is easiest to get wrong."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    for k in range(n):
        for m, text in enumerate(texts):
            (tmp_path / f"{k:03d}-{m}.txt").write_text(f"{text}\n\nCopy {k} of report {m}.\n", encoding="utf-8")
    units = read_units(load_sources([tmp_path]))
    weigh(units)
    return units


def corpus(name: str) -> list[Unit]:
    folder = SEEDS if name == "seeds" else CORPORA / name / "articles"
    units = read_units(load_sources(sorted(folder.glob("*.txt"))))
    weigh(units)
    return units


@pytest.mark.parametrize("name", ["seeds", "derailment", "flood"])
def test_identity_similarity_graph_is_the_dict_arithmetic_to_the_last_bit(name: str) -> None:
    units = corpus(name)
    assert _edges(stories.similarities(units)) == _edges(reference_similarities(units))


def test_identity_similarity_graph_of_reprinted_reports(tmp_path: Path) -> None:
    units = copies(tmp_path, 6)
    assert _edges(stories.similarities(units)) == _edges(reference_similarities(units))


@pytest.mark.parametrize("name", ["seeds", "derailment", "flood"])
def test_identity_fits_are_the_dict_cosine_to_the_last_bit(name: str) -> None:
    units = corpus(name)
    centres = [stories.centroid(units, list(range(k, len(units), 7))) for k in range(7)]
    centres.append(units[0].vector)  # a centre shorter than most sentences: the centre's order is summed
    got = vectors.fits([u.vector for u in units], centres)
    assert got == [[_sequential_cosine(u.vector, c) for c in centres] for u in units]


@pytest.mark.parametrize("name", ["seeds", "derailment", "flood", "copies"])
def test_identity_agglomerate_merges_as_the_eager_rescans_did(name: str, tmp_path: Path) -> None:
    units = copies(tmp_path, 6) if name == "copies" else corpus(name)
    expected = reference_agglomerate(reference_similarities(units), len(units))
    assert stories.agglomerate(units) == expected


@pytest.mark.parametrize("name", ["seeds", "derailment", "flood"])
def test_identity_own_fits_are_the_dict_cosine_to_the_own_centroid(name: str) -> None:
    units = corpus(name)
    clusters = [list(range(k, len(units), 5)) for k in range(5)] + [[]]
    clusters[2] = clusters[2][::-1]  # a centroid summed in its members' order, not the units'
    home = {i: k for k, c in enumerate(clusters) for i in c}
    expected = [_sequential_cosine(u.vector, stories.centroid(units, clusters[home[i]])) for i, u in enumerate(units)]
    assert vectors.own_fits([u.vector for u in units], clusters).tolist() == expected
    assert vectors.own_fits([u.vector for u in units], clusters, entries=50).tolist() == expected  # a few at a time


@pytest.mark.parametrize("name", ["seeds", "derailment", "flood", "copies"])
def test_identity_settle_moves_what_the_dict_fits_moved(name: str, tmp_path: Path) -> None:
    units = copies(tmp_path, 3) if name == "copies" else corpus(name)
    clusters = stories.merge_close(units, stories.agglomerate(units))
    # also the largest story with every third sentence taken out, each on its own: some go back
    first, *rest = sorted(clusters, key=len, reverse=True)
    mixed = [sorted(first[1::3] + first[2::3]), *([i] for i in first[::3]), *rest]
    for partition in (clusters, mixed):
        assert stories.settle(units, partition) == reference_settle(units, partition)
    if name != "seeds":  # the seeds' largest story is too diffuse for a sentence to clear the margin
        assert reference_settle(units, mixed) != [sorted(c) for c in mixed]  # some went back


def test_group_computes_at_most_one_dict_cosine_per_sentence(tmp_path: Path, monkeypatch) -> None:
    """The word similarity of sentence pairs is array arithmetic: the dict cosine is left for the few
    sentences fitted to a centre of their own, and the few largest pieces compared centre to centre. It
    was 46 per sentence here (26 candidates in the graph, up to 20 destinations in settle)."""
    units = copies(tmp_path, 4)
    calls = 0

    def counted(a: dict[str, float], b: dict[str, float]) -> float:
        nonlocal calls
        calls += 1
        return cosine(a, b)

    monkeypatch.setattr(stories, "cosine", counted)
    stories.group(units)
    assert 0 < calls <= 2 * len(units)


class _Counted(dict):
    """A group's links that count how often they are walked."""

    walks = 0

    def items(self):  # type: ignore[override]
        _Counted.walks += 1
        return super().items()


def test_a_merge_rescans_a_few_neighbours_not_every_one_whose_best_it_touched(tmp_path: Path, monkeypatch) -> None:
    """Reprinted reports make groups with hundreds of neighbours whose best pair is the group itself;
    rescanning all of them at every merge was most of the clustering's time. A merge walks the links of
    the group merged away and, once, of the merged one (2); a sentence's first best pair comes from the
    arrays, without a walk; and on average at most one more: 2.1 here (it was 7.8 with eager rescans,
    then 3.1 with a walk to find the merged group's best and another to tell its neighbours)."""
    units = copies(tmp_path, 12)
    links_of = stories.links_of

    def counted(*args: object) -> defaultdict[int, dict[int, float]]:
        graph = links_of(*args)  # type: ignore[arg-type]
        walked: defaultdict[int, dict[int, float]] = defaultdict(_Counted)
        walked.update({i: _Counted(graph[i]) for i in range(len(units))})
        return walked

    monkeypatch.setattr(stories, "links_of", counted)
    _Counted.walks = 0
    clusters = stories.agglomerate(units)
    merges = len(units) - len(clusters)
    assert merges > 100
    assert _Counted.walks <= 3 * merges, (_Counted.walks, merges)


def test_a_units_vector_follows_its_weights_through_the_dicts_held_for_reading() -> None:
    """Unit.vector keeps the dicts it made (the ranking reads them tens of thousands of times); one
    made before the weights changed is never given again."""

    units = [Unit("s", 0, 3, "abc", "en", k, None, "p") for k in range(2)]
    units[0].vector = {"alpha": 1.0, "beta": 1.0}
    units[1].vector = {"alpha": 2.0}
    assert units[0].vector == {"alpha": 1.0, "beta": 1.0} and units[0].vector is units[0].vector
    weigh(units)  # new packed weights: unit length, tf·idf
    assert abs(sum(v * v for v in units[0].vector.values()) - 1.0) < 1e-9
    assert units[0].vector["beta"] > units[0].vector["alpha"]  # "beta" is the rarer term
    units[1].vector = {"gamma": 3.0}
    assert units[1].vector == {"gamma": 3.0}

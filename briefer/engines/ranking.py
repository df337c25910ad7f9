"""Ranking for the extractive engine: which clusters are stories and in what order, how central each
sentence is to its story (corroboration by other sources first), and each story's lede."""

from __future__ import annotations

from collections import Counter, defaultdict
from functools import lru_cache

from briefer.engines import vectors
from briefer.engines.leaning import _BARE_QUOTE, _DEPENDENT_START, _GARBLED, _forecasts, _opens, _reads_alone
from briefer.engines.reading import _plain_words
from briefer.engines.repeats import _FIGURE, _said_in, _touching
from briefer.engines.stories import Unit, Vocabulary, centroid, co_reported, cosine, root

_FACTS = 0.3  # weight per salient name or figure a sentence carries (up to four)


_LEAD = 2.0  # the first sentence of an article or under a heading: news puts what happened first


_FLOOR = 0.02  # the centrality every sentence has before its similarity to the rest


_PAIRWISE = 400  # up to this many sentences, a story's sentences are compared pairwise across sources


_CORROBORATION = 1.0


_OWN_FACT = 0.8  # the weight of a sentence in another language that gives a figure no other does


_SOURCES_COMPARED = 20  # a sentence's agreement is measured against the story's largest sources


_CANDIDATES = 2000  # per name, the sentences compared for the same fact (bounds the cost of huge days)


_SHARED_WORDS = 0.15  # a lone story shares at most this share of its plain words with its cluster


_GLUE_SOURCES = 3  # pieces reported by this many sources each are glued by an article only when …


_GLUE_WORDS = 0.1  # … their centres share at least this much


def rank_stories(units: list[Unit], clusters: list[list[int]], vocabulary: Vocabulary) -> list[list[int]]:
    """Clusters that are stories, most reported first. A sentence whose subject is rare names that
    nobody else in its cluster mentions is a story of its own (a resignation told in one line at an
    article's end); two sentences from one article and nothing else are not a story, unless they
    are the whole article."""
    article_words: dict[str, Counter[str]] = defaultdict(Counter)
    for u in units:
        article_words[u.source].update(_plain_words(u))
    article_size = Counter(u.source for u in units)
    stories: list[list[int]] = []
    # Parts of one article under one heading that nothing else reports are one story: the writer put
    # them together, and words alone tell apart the parts of a story as readily as two stories.
    told_by_one: dict[tuple[str, str | None], list[int]] = {}
    alone: set[int] = set()
    for cluster in clusters:
        lone = _lone_stories(units, cluster, vocabulary, article_words)
        alone.update(lone)
        stories.extend([i] for i in sorted(lone))
    # An article's first sentence and its block (what stands under its title before any sub-heading).
    first_unit: dict[str, int] = {}
    for i, u in enumerate(units):
        first_unit.setdefault(u.source, i)
    openings: list[list[int]] = []
    for rest in glue_by_article(units, clusters, alone):
        sources = {units[i].source for i in rest}
        # A short article that is wholly about one thing is a story however few sentences it has.
        whole_article = len(sources) == 1 and len(rest) == article_size[next(iter(sources))]
        if len(sources) == 1 and len(rest) < 3 and not whole_article:
            opening = units[first_unit[units[rest[0]].source]]
            if first_unit[opening.source] in rest and all(units[i].block == opening.block for i in rest):
                openings.append(rest)  # an article's lede under its title, its sub-headings after it
                continue
        if len(rest) >= 3 or len(sources) > 1 or whole_article:
            blocks = {units[i].block for i in rest}
            if len(sources) == 1 and len(blocks) == 1:
                where = (next(iter(sources)), next(iter(blocks)))
                if where in told_by_one:
                    told_by_one[where] += rest
                    continue
                told_by_one[where] = rest
            stories.append(rest)

    for rest in openings:
        _join_opening(units, stories, rest)

    def size(story: list[int]) -> float:
        return len({units[i].source for i in story}) * 2 + len(story) ** 0.5

    # Of one article's own stories, the one its opening tells comes first: its lede is the news, the
    # crossheads' stories follow it however many sentences they hold.
    best_alone: dict[str, float] = defaultdict(float)
    for story in stories:
        if len({units[i].source for i in story}) == 1:
            best_alone[units[story[0]].source] = max(best_alone[units[story[0]].source], size(story))

    def weight(story: list[int]) -> tuple[float, bool, int]:
        source = units[story[0]].source
        opens = first_unit[source] in story and all(units[i].source == source for i in story)
        return (-(best_alone[source] if opens else size(story)), not opens, story[0])

    return sorted((sorted(story) for story in stories), key=weight)


def _join_opening(units: list[Unit], stories: list[list[int]], opening: list[int]) -> None:
    """An article's opening before its first sub-heading (its lede: what the writer put first, the rest
    under crossheads such as "What is affected") joins the story of its own article it shares most words
    with; when it shares none, it is a story of its own. Never dropped as a two-sentence piece: it is
    the article's news."""
    source = units[opening[0]].source
    centre = _unit(centroid(units, opening))
    best, fit = None, _GLUE_WORDS
    for story in stories:
        if any(units[i].source == source for i in story):
            likeness = cosine(centre, _unit(centroid(units, story)))
            if likeness >= fit:
                best, fit = story, likeness
    if best is None:
        stories.append(list(opening))
    else:
        best.extend(opening)


def glue_by_article(units: list[Unit], clusters: list[list[int]], alone: set[int]) -> list[list[int]]:
    """Clusters joined through the articles that tell them together: an article without sub-headings
    is about one event (its writer gave the rest no heading of its own), so the pieces clustering cut
    it into are one story, and so is every piece another article shares with it (the toll, the
    evacuation and the cause of one derailment, in English and in German). Sentences that are stories
    of their own (``alone``) glue nothing. Two pieces that are each reported by several sources and
    share almost no words stay apart: one article's passing mention does not merge two big stories."""
    parts = [[i for i in c if i not in alone] for c in clusters]
    parts = [p for p in parts if p]
    parent = list(range(len(parts)))

    sources = [{units[i].source for i in p} for p in parts]
    # Sources without sub-headings that tell a piece: each is one writer's word that it is one event.
    plain = [{units[i].source for i in p if units[i].block is None} for p in parts]
    centres = [centroid(units, p) for p in parts]
    first_part: dict[str, int] = {}
    for k, p in enumerate(parts):
        for src in sorted({units[i].source for i in p if units[i].block is None}):
            if src not in first_part:
                first_part[src] = k
                continue
            a, b = root(parent, first_part[src]), root(parent, k)
            if a == b:
                continue
            big = len(sources[a]) >= _GLUE_SOURCES and len(sources[b]) >= _GLUE_SOURCES
            if (
                big
                and cosine(_unit(centres[a]), _unit(centres[b])) < _GLUE_WORDS
                and not co_reported(plain[a], plain[b])
            ):
                continue
            parent[b] = a
            sources[a] |= sources[b]
            plain[a] |= plain[b]
            for t, v in centres[b].items():
                centres[a][t] = centres[a].get(t, 0.0) + v
    merged: dict[int, list[int]] = defaultdict(list)
    for k, p in enumerate(parts):
        merged[root(parent, k)].extend(p)
    return [sorted(m) for _, m in sorted(merged.items())]


def _unit(vector: dict[str, float]) -> dict[str, float]:
    norm = sum(v * v for v in vector.values()) ** 0.5 or 1.0
    return {t: v / norm for t, v in vector.items()}


def _lone_stories(
    units: list[Unit], cluster: list[int], vocabulary: Vocabulary, article_words: dict[str, Counter[str]]
) -> list[int]:
    """Sentences of ``cluster`` that are stories of their own: rare names as subject that no other
    sentence of the cluster mentions, (almost) no plain word in common with the cluster or their own
    article, and no heading shared with the cluster. "Mayor Petra Wendholm asked residents …" shares
    its residents and town with the flood report it ends."""
    mentions = Counter(n for i in cluster for n in units[i].names)
    words = Counter(t for i in cluster for t in _plain_words(units[i]))
    blocks = Counter(units[i].block for i in cluster if units[i].block is not None)
    alone = []
    for i in cluster:
        u = units[i]
        if u.block is not None and blocks[u.block] > 1:
            continue  # its article's writer put it under the same heading as the rest
        if i == 0 or units[i - 1].source != u.source:
            continue  # an article's first sentence is its lede, not an aside
        if i + 1 < len(units) and units[i + 1].source == u.source and units[i + 1].block == u.block:
            continue  # the report goes on after it: a voice in the story, not an aside at its end
        rare = {n for n in u.subject if vocabulary.is_rare(n) and mentions[n] == 1}
        if len(rare) < 2 or len(u.names) < 4:
            continue
        own = _plain_words(u)
        shared = sum(1 for t in own if words[t] + article_words[u.source][t] > 2)  # both count u itself
        if shared <= _SHARED_WORDS * len(own):
            alone.append(i)
    return alone


def _lede(units: list[Unit], story: list[int], centrality: dict[int, float], language: str) -> int:
    """The story's opening line: of the ledes that read alone (the first sentence of an article or
    under a sub-heading), the most central; of any sentence that reads alone when none does. A detail
    that shares figures with a report in another language ("The crane, built in 1998, fell …") is
    central without being what happened. On NeuS (headlines read as headlines) this is even with the
    most central sentence anywhere, ROUGE-2 18.98 on the tuning half, 19.85 against 19.87 held out.
    A lede in the briefing's language opens the story when it has one."""
    readable = [i for i in story if _reads_alone(units[i])] or story
    # In the briefing's language first: a German lede opens an English story only when no English
    # lede does and no English sentence says the same.
    ledes = [i for i in readable if _opens(units, i)]
    own = [i for i in ledes if units[i].language == language]
    # An article's own first sentence before the first line under one of its sub-headings: the writer
    # put the news there and the crossheads' details after it.
    own = [i for i in own if not _under_crosshead(units, i)] or own
    # A lede in another language that a sentence in the briefing's language says too has no weight.
    told = [i for i in ledes if centrality[i] > 0]
    return max(own or told or readable, key=lambda i: (centrality[i], -i))


def _under_crosshead(units: list[Unit], i: int) -> bool:
    """Whether sentence ``i`` opens only because a sub-heading of its article stands right above it."""
    return i > 0 and units[i - 1].source == units[i].source and units[i - 1].block != units[i].block


def _centrality(units: list[Unit], story: list[int], language: str) -> dict[int, float]:
    """How much of the story each sentence carries: its mean similarity to the rest, plus its mean
    similarity to each other source's part of the story (so a fact many sources report weighs more),
    discounted when it reads badly alone or is not in the briefing's language."""
    in_language = _by_name([j for j in story if units[j].language == language], units)
    figures = {t for j in story if units[j].language == language for t in units[j].names if _FIGURE.match(t)}
    scores = _agreement(units, story)
    # Whether a sentence is said in the briefing's language depends on its salient names and their runs
    # only: copies of a report (which share these objects, see terms.Shared) are looked up once.
    said: dict[tuple[frozenset[str], tuple[tuple[str, ...], ...]], bool] = {}
    for i in story:
        u = units[i]
        score = scores[i]
        dependent, bare_quote, forecast, garbled, words = _marks(u.text)
        if dependent:
            score *= 0.5
        if bare_quote:
            score *= 0.5  # a quotation whose speaker is named in another sentence
        if forecast:
            score *= 0.5  # what someone expects, after what happened and what was said
        if garbled:
            score = 0.0  # never told: a sentence with a centrality of nothing is no candidate
        facts = len(_touching(u.runs, u.salient))
        score *= 1 + _FACTS * min(facts, 4)  # who, where, when, how many: what a briefing is for
        if u.language != language:
            # A figure or date that no sentence in the briefing's language gives is a fact only this
            # language reports: it is told in its own words (marked with its language), not passed over.
            own = any(_FIGURE.match(t) and t not in figures for t in u.names)
            score *= _OWN_FACT if own else 0.4
            # said in the briefing's language, unless with a figure or date of its own ("vom 10. bis
            # 13. September in Wladiwostok" beside "in Vladivostok in September")
            if not own:
                key = (u.salient, u.runs)
                if key not in said:
                    said[key] = _said_in(u, (units[j] for j in _candidates(u, in_language)))
                if said[key]:
                    score = 0.0  # cite that one instead
        if _opens(units, i):
            score *= _LEAD  # the first sentence under a heading or of an article says what the story is
        if words < 8 or words > 60:
            score *= 0.7
        scores[i] = score
    return scores


@lru_cache(maxsize=1 << 13)  # copies of a report repeat their sentences word for word
def _marks(text: str) -> tuple[bool, bool, bool, bool, int]:
    """What _centrality reads of a sentence's text alone: whether it leans on the one before, is a bare
    quotation, a forecast, garbled; and its number of words."""
    return (
        _DEPENDENT_START.match(text) is not None,
        _BARE_QUOTE.match(text) is not None,
        _forecasts(text),
        _GARBLED.search(text) is not None,
        len(text.split()),
    )


def _agreement(units: list[Unit], story: list[int]) -> dict[int, float]:
    """Each sentence's mean similarity to the rest of its story (above a floor), plus how closely each
    other source says the same: the part of its centrality that its words earn."""
    total: dict[str, float] = defaultdict(float)
    by_source: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    counts: Counter[str] = Counter()
    for j in story:
        counts[units[j].source] += 1
        for t, v in units[j].vector.items():
            total[t] += v
            by_source[units[j].source][t] += v
    # Units are unit vectors, so a sum of similarities is one dot product with the summed vectors.
    biggest = sorted(counts, key=lambda src: (-counts[src], src))[:_SOURCES_COMPARED]
    members: dict[str, list[int]] | None = None
    if len(story) <= _PAIRWISE:
        members = defaultdict(list)
        for j in story:
            members[units[j].source].append(j)
    # Every cosine at once, as arrays (vectors.fit_table: the sums ``cosine`` makes, to the last bit): each
    # sentence against the story's total, then against each sentence (a story compared pairwise) or each
    # of the largest sources' summed vectors (a huge one).
    others = [units[j].vector for j in story] if members is not None else [by_source[src] for src in biggest]
    table = vectors.fit_table([vectors.packed(units[i]) for i in story], [total, *others])
    column = {j: k for k, j in enumerate(story, start=1)}
    scores: dict[int, float] = {}
    for i, row in zip(story, table, strict=True):
        fit = row.tolist()  # a row at a time: the whole table as floats was 5 MB at the engine's peak
        u = units[i]
        score = (fit[0] - 1.0) / max(1, len(story) - 1)
        # A floor, so that the sentences of a short article, which share few words with one another,
        # still rank by what they carry and where they stand rather than all tie at nothing.
        score = max(score, 0.0) + _FLOOR
        if members is not None:
            # Corroboration: how closely each other source's best sentence says the same.
            score += _CORROBORATION * sum(
                max(fit[column[j]] for j in members[src]) for src in biggest if src != u.source
            )
        else:  # a huge story: its mean similarity to each other source's part stands in (linear, not quadratic)
            score += sum(fit[k] / counts[src] for k, src in enumerate(biggest, start=1) if src != u.source)
        scores[i] = score
    return scores


def _by_name(members: list[int], units: list[Unit], every_name: bool = False) -> dict[str, list[int]]:
    """Sentences by the salient names they hold (``every_name``: by all their names, figures too)."""
    index: dict[str, list[int]] = defaultdict(list)
    for j in members:
        for name in units[j].names if every_name else units[j].salient:
            index[name].append(j)
    return index


def _candidates(u: Unit, index: dict[str, list[int]]) -> list[int]:
    """Units that share a salient name with ``u``: the only ones that can report the same fact
    across languages, and in practice within one."""
    found: set[int] = set()
    for name in u.salient:
        found.update(index.get(name, ())[:_CANDIDATES])
    return sorted(found)

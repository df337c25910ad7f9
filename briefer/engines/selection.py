"""Assembling the extractive briefing: the budget shared out among stories, and each story's details
chosen by maximal marginal relevance, past repeats, with leaning sentences told after what they lean on."""

from __future__ import annotations

from briefer.engines.leaning import _DEPENDENT_START, _reads_alone, _stands_alone
from briefer.engines.ranking import _centrality, _lede
from briefer.engines.reading import _plain_words
from briefer.engines.repeats import _FIGURE, _Measured, _repeats
from briefer.engines.stories import Unit, cosine

MAX_SENTENCES = 25


MAX_PER_STORY = 10  # details beyond the essentials line (the budget is shared by story size first)


_MMR_LAMBDA = 0.7


_FLOOR_DETAILS = 2  # details every story with that much to tell gets before the rest is shared by size


_NEW_SOURCE = 0.1  # added to the MMR score of a sentence from a source the briefing cites nothing of yet


_SCAN = 3000  # per story, the candidates looked at past repeats before the story is told out


_POOL = 60  # only a story's most central sentences compete for its details


def select_sentences(
    units: list[Unit],
    stories: list[list[int]],
    language: str,
    budget: int = MAX_SENTENCES,
    superseded: dict[tuple[str, int], float] | None = None,
) -> tuple[list[int], list[list[int]]]:
    """Each story's lead sentence and its further, non-redundant details, within the sentence budget.
    A sentence whose figure a later report replaced (``superseded``) weighs less."""
    centrality: dict[int, float] = {}
    for story in stories:
        centrality.update(_centrality(units, story, language))
    for i in centrality:
        centrality[i] *= (superseded or {}).get((units[i].source, units[i].start), 1.0)
    leads = [_lede(units, story, centrality, language) for story in stories]
    quotas = _quotas(units, stories, budget - len(leads))
    chosen = list(leads)
    measured = _Measured(units, stories, superseded, language)
    tellers: list[_Teller] = []
    rest = 0  # what stories told out before their quota leave to the others
    for story, lead, quota in zip(stories, leads, quotas, strict=True):
        teller = _Teller(units, story, lead, centrality, measured)
        while len(teller.picked) < min(quota, len(story) - 1) and teller.tell(chosen) is not None:
            pass
        rest += quota - len(teller.picked)
        tellers.append(teller)
    _share_the_rest(units, stories, tellers, chosen, rest)
    return leads, [_in_telling_order(units, t.picked) for t in tellers]


def _share_the_rest(
    units: list[Unit], stories: list[list[int]], tellers: list[_Teller], chosen: list[int], rest: int
) -> None:
    """What stories could not tell (their details all lean on sentences that are not told, or repeat
    what is) goes to the stories that still have something to tell, one sentence at a time by their
    claim on the budget (D'Hondt, as the quotas), once every story has had its own quota."""
    sizes = _sizes(units, stories)
    open_ = [k for k, t in enumerate(tellers) if not t.done and len(t.picked) < len(stories[k]) - 1]
    while rest > 0 and open_:
        k = max(open_, key=lambda k: (sizes[k] / (len(tellers[k].picked) + 1), -k))
        if tellers[k].tell(chosen) is None:
            open_.remove(k)
            continue
        rest -= 1
        if len(tellers[k].picked) >= len(stories[k]) - 1:
            open_.remove(k)


class _Teller:
    """One story's details, chosen one at a time by maximal marginal relevance among its most central
    sentences that repeat nothing chosen (``chosen``: every story's, shared)."""

    def __init__(
        self, units: list[Unit], story: list[int], lead: int, centrality: dict[int, float], measured: _Measured
    ) -> None:
        self.units, self.centrality, self.measured = units, centrality, measured
        self.top = centrality[lead] or 1.0  # centrality relative to the lead, so small stories weigh alike
        ranked = sorted((i for i in story if i != lead and centrality[i] > 0), key=lambda i: (-centrality[i], i))
        self.ranked = _one_copy_each(units, ranked) if len(ranked) > _SCAN else ranked
        # The pool is refilled past sentences that repeat what is chosen: on a day of many copies of one
        # report, the most central hundreds can all say the lead again (the briefing then had no details).
        self.pool: list[int] = []
        self.cursor = 0
        self.follows = _follows_lede(units, story, lead, centrality)
        self.picked: list[int] = []
        self.done = False  # told out: nothing left that reads alone and repeats nothing chosen

    def tell(self, chosen: list[int]) -> int | None:
        """The next detail (added to ``picked`` and ``chosen``), or None when the story is told out."""
        units, measured = self.units, self.measured
        follows, self.follows = self.follows, None
        if follows is not None and not _repeats(units, follows, chosen, measured):
            return self._take(follows, chosen)
        self.pool = [i for i in self.pool if not _repeats(units, i, chosen, measured)]
        while len(self.pool) < _POOL and self.cursor < min(len(self.ranked), _SCAN):
            if not _repeats(units, self.ranked[self.cursor], chosen, measured):
                self.pool.append(self.ranked[self.cursor])
            self.cursor += 1
        told_by = {units[j].source for j in chosen}

        def mmr(i: int) -> tuple[float, int]:
            redundancy = max(cosine(units[i].vector, units[j].vector) for j in chosen)
            # A source nothing chosen comes from yet adds its own report (a minister's inquiry told
            # only by the politics desk, once the toll, cause and evacuation are one story).
            new = _NEW_SOURCE if units[i].source not in told_by else 0.0
            return (_MMR_LAMBDA * self.centrality[i] / self.top - (1 - _MMR_LAMBDA) * redundancy + new, -i)

        eligible = [i for i in self.pool if _stands_alone(units, i, self.picked)]
        if not eligible:
            self.done = True
            return None
        best = max(eligible, key=mmr)
        self.pool.remove(best)
        return self._take(best, chosen)

    def _take(self, i: int, chosen: list[int]) -> int:
        told = self._told_in_another_language(i, chosen)
        if told is None:
            told = self._told_in_parts(i, chosen)
        if told is not None:  # the fact in the briefing's language, in its place
            self.picked[self.picked.index(told)] = i
            chosen[chosen.index(told)] = i
            self.measured.clear.clear()  # what was cleared against the one replaced is compared again
            self.measured.across.clear()
            return i
        self.picked.append(i)
        chosen.append(i)
        return i

    def _told_in_another_language(self, i: int, chosen: list[int]) -> int | None:
        """A detail of this story, chosen before ``i`` and in another language, that says again what
        ``i`` says in the briefing's (repeats._Measured.said_across): then ``i`` takes its place. Not
        one a chosen sentence leans on (the sentence after it in its article)."""
        units, measured = self.units, self.measured
        if units[i].language != measured.language:
            return None
        with_i = [*chosen, i]
        for j in self.picked:
            leant_on = j + 1 in self.picked and not _reads_alone(units[j + 1])
            if units[j].language != measured.language and not leant_on:
                if measured.says_again_across(j, with_i):
                    return j
        return None

    def _told_in_parts(self, i: int, chosen: list[int]) -> int | None:
        """A detail of this story in the briefing's language, chosen before ``i`` (in another language),
        that ``i`` and the story's other chosen sentences tell in parts: each of its names and figures
        is given by one of them, and ``i`` gives at least two, a date or figure among them, a figure it
        does not, and a word of its claim written alike (repeats._akin): "Kim … wants to meet Putin again
        in Vladivostok in September" beside "Das vorgeschlagene Treffen soll … vom 10. bis 13. September in
        Wladiwostok stattfinden", Kim and Putin in the lede. Then ``i`` takes its place: it says more
        precisely what is left."""
        units, measured = self.units, self.measured
        if units[i].language == measured.language or not units[i].runs:
            return None
        story = measured.story_of.get(i)
        told = [j for j in chosen if measured.story_of.get(j) == story]
        mine = units[i].names
        for e in self.picked:
            ue = units[e]
            leant_on = e + 1 in self.picked and not _reads_alone(units[e + 1])
            if ue.language != measured.language or leant_on or not ue.runs:
                continue
            given = [r for r in ue.runs if not mine.isdisjoint(r)]
            if len(given) < 2 or not any(_FIGURE.match(t) for r in given for t in r):
                continue
            if not any(t.startswith("#") and t not in ue.names for t in mine):
                continue  # no figure of its own: not more precise
            if not measured.akin(i, e):
                continue  # no word of the claim in common: another thing at that place and time
            others = frozenset().union(*(units[j].names for j in told if j != e)) | mine
            if all(not others.isdisjoint(r) for r in ue.runs):
                return e
        return None


def _follows_lede(units: list[Unit], story: list[int], lead: int, centrality: dict[int, float]) -> int | None:
    """The sentence after the lede in the lede's article, when it stands in the same paragraph or the
    next, reads alone and is of the story: news tells first what most needs telling, and the writer's
    second sentence says what the lede does not ("The first delivery of a five-digit number of
    cartridges took place …" after "Ukraine has received ammunition for the Gepard …"), where the
    most central sentence shares the lede's words instead."""
    after = lead + 1
    if after >= len(units) or units[after].source != units[lead].source or centrality.get(after, 0.0) <= 0:
        return None
    if after not in set(story) or units[after].block != units[lead].block:
        return None
    return after if _reads_alone(units[after]) else None


def _one_copy_each(units: list[Unit], ranked: list[int]) -> list[int]:
    """The most central copy of each sentence told in the same plain words (a wire report reprinted
    with other names and figures): on a day of thousands of articles the scan of a story's
    candidates otherwise met only copies of what was already chosen, and the briefing shrank."""
    seen: set[frozenset[str]] = set()
    kept = []
    for i in ranked:
        words = frozenset(_plain_words(units[i]))
        if words not in seen:
            seen.add(words)
            kept.append(i)
    return kept


def _in_telling_order(units: list[Unit], picked: list[int]) -> list[int]:
    """Details most important first, as they were chosen (an inverted pyramid: on NeuS this order
    gave 16.1 ROUGE-2 for the briefing's lead against 15.5 in reading order), except that a sentence
    leaning on its predecessor follows it directly."""
    told: list[int] = []
    for i in picked:
        if _DEPENDENT_START.match(units[i].text) and i - 1 in told:
            told.insert(told.index(i - 1) + 1, i)
        else:
            told.append(i)
    return told


def _quotas(units: list[Unit], stories: list[list[int]], budget: int) -> list[int]:
    """Share the detail budget out by story size, one sentence at a time (D'Hondt)."""
    quotas = [0] * len(stories)
    # Five details a story when many share the budget; a day of one or two stories gets it all.
    cap = max(MAX_PER_STORY, budget // max(1, len(stories)))
    sizes = _sizes(units, stories)
    # A story of a few sentences still has more than one thing to tell (a cancelled exercise and the
    # minister's word on why): every story that has them gets _FLOOR_DETAILS first, when the budget
    # has room for that many in each.
    if budget >= _FLOOR_DETAILS * len(stories):
        for k, s in enumerate(stories):
            quotas[k] = min(_FLOOR_DETAILS, len(s) - 1)
        budget -= sum(quotas)
    for _ in range(max(0, budget)):
        open_ = [k for k, s in enumerate(stories) if quotas[k] < min(cap, len(s) - 1)]
        if not open_:  # every story told to its cap: the rest goes to those with more to tell (one event's day)
            open_ = [k for k, s in enumerate(stories) if quotas[k] < len(s) - 1]
        if not open_:
            break
        k = max(open_, key=lambda k: (sizes[k] / (quotas[k] + 1), -k))
        quotas[k] += 1
    return quotas


def _sizes(units: list[Unit], stories: list[list[int]]) -> list[float]:
    """Each story's claim on the budget: its size, and more for each further source that tells it."""
    return [len(s) ** 0.5 * (1 + 0.5 * (len({units[i].source for i in s}) - 1)) for s in stories]

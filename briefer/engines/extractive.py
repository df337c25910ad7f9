"""The embedded default engine: a briefing made of the articles' own sentences, no model involved.

It finds the day's stories across all articles (see stories.py), opens with one line per story
("Essentials"), then gives each story the sentences most central to it and least redundant with
what is already said (maximal marginal relevance). Every sentence cites its own exact span, and
records how many distinct sources report the same fact. Deterministic: the same sources give the
same briefing.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable
from itertools import accumulate

from briefer.config import Settings
from briefer.engines import Progress
from briefer.engines.conflicts import (
    disputed,
    find_conflicts,
    mark_disputed_titles,
    read_values,
    say_where_sources_differ,
)
from briefer.engines.stories import Unit, Vocabulary, centroid, co_reported, cosine, group, weigh, window
from briefer.engines.terms import Shared, read_terms, reads_known_names
from briefer.errors import InputError
from briefer.lexicon.patterns import alternation
from briefer.lexicon.reference import THOSE_WHO
from briefer.models import Briefing, Chunk, Citation, RunInfo, Section, Sentence, Source
from briefer.sentences import sentences_in

MAX_SENTENCES = 25
MAX_STORIES = 10
MAX_PER_STORY = 10  # details beyond the essentials line (the budget is shared by story size first)
_MMR_LAMBDA = 0.7
_FLOOR_DETAILS = 2  # details every story with that much to tell gets before the rest is shared by size
_NEW_SOURCE = 0.1  # added to the MMR score of a sentence from a source the briefing cites nothing of yet
_FACTS = 0.3  # weight per salient name or figure a sentence carries (up to four)
_LEAD = 2.0  # the first sentence of an article or under a heading: news puts what happened first
_FLOOR = 0.02  # the centrality every sentence has before its similarity to the rest
_SCAN = 3000  # per story, the candidates looked at past repeats before the story is told out
_POOL = 60  # only a story's most central sentences compete for its details
_PAIRWISE = 400  # up to this many sentences, a story's sentences are compared pairwise across sources
_CORROBORATION = 1.0
_HEADLINE_WORDS = 16  # an opening line alone in its paragraph and this short is a headline, not a lede
_OWN_FACT = 0.8  # the weight of a sentence in another language that gives a figure no other does
_SOURCES_COMPARED = 20  # a sentence's agreement is measured against the story's largest sources
_CANDIDATES = 2000  # per name, the sentences compared for the same fact (bounds the cost of huge days)
_CORROBORATING = 300  # per name, the sentences nearest in reading order compared for the same fact
_DUPLICATE = 0.35  # word similarity above which a sentence repeats one already chosen
_SHARED_WORDS = 0.15  # a lone story shares at most this share of its plain words with its cluster
_CONTAINED = 0.6  # share of a sentence's terms found in another at which it adds nothing to it
_SAME_FACT = 0.6  # share of a sentence's names and figures another source must report too
_PARAPHRASE = 0.4  # word similarity at which two sentences of one language say the same
_GLUE_SOURCES = 3  # pieces reported by this many sources each are glued by an article only when …
_GLUE_WORDS = 0.1  # … their centres share at least this much

_URL_OR_HANDLE = re.compile(r"https?://|www\.|@\w|#\w|pic\.twitter")
_BULLET = re.compile(r"^\s*[•·▪◦‣∙*\-–—]")
_LOWER_WORD = re.compile(r"\b[a-zäöüß]{3,}\b")
_BARE_QUOTE = re.compile(r"^\s*[“\"„‘'«][^“”\"„]*[”\"“’'»]\W*$")
# Sentences that lean on the one before ("He said …", "This …", "The talks also …") read badly out
# of context: a definite noun that names what the previous sentence introduced, or "also" early on.
_DEPENDENT_START = re.compile(
    r"^[“\"„]?(?:he|she|it|they|this|that|these|those|his|her|their|its|the two|but|and|also|"
    r"there(?!\s+(?:is|are|was|were|has|have|had|will|would)\b)|"  # "There were no reports": no antecedent
    r"at that time|at the time|then|however|of course|so far|meanwhile|moreover|in addition|"
    r"the (?:statement|talks|meeting|exercise|ministry|company|paper|city|network|announcement|move|"
    r"deal|report|decision|plan|visit|trip|group|agency|latter|former)\b|"
    r"according to (?:the|this|that) (?:announcement|statement|report|communiqué|ministry|paper)\b|"
    r"(?:laut|gemäß) (?:dem|diesem|der|dieser) (?:bericht|mitteilung|erklärung|zeitung|meldung)\b|"
    # Connectives that answer the sentence before ("In return, Kim …", "Im Gegenzug hat Kim …").
    r"in return|in exchange|in particular|on the other hand|nevertheless|as a result|"
    r"im gegenzug|insbesondere|allerdings|jedoch|stattdessen|trotzdem|deshalb|daher|"
    r"er|sie|es|dies|diese|dieser|dabei|dennoch|darüber|zudem|außerdem|auch)\b"
    r"|^(?:\S+\s+){0,3}also\b"
    # A contrast set after the sentence's first words answers the sentence before ("Kim hingegen …",
    # "The ministry, however, …", "Kim, on the other hand, …").
    r"|^(?:\S+\s+){1,3}(?:hingegen|dagegen|wiederum|however|on the other hand|in turn)\b"
    # A demonstrative early on that names what came before ("… released this information after …"),
    # not a time ("this year", "that week").
    # Nor "those" naming people by what they did ("proceedings against those responsible").
    r"|^(?:\S+\s+){1,7}(?:this|these|those)\s+(?!(?:year|week|month|morning|afternoon|evening|weekend|"
    r"summer|winter|spring|autumn|fall|time|day|days|weeks|months|years)\b)"
    rf"(?!(?<=those\s)(?:{alternation(THOSE_WHO)})\b)[a-z]{{4,}}\b(?![’']s)"
    r"|^(?:\S+\s+){0,5}(?:of|to|by|for|from|with|despite|after|before|besides|like)"
    r" (?:this|that|these|those|it)\s*[,;]",  # "As a sign of this, …"
    re.IGNORECASE,
)
# A sentence garbled in translation: a future tense in a temporal clause ("the news … comes after
# Russia will report that …"), which no English writer puts there. A briefing should not quote it.
_GARBLED = re.compile(r"\b(?:after|before|until|as soon as)\s+(?!which\b|what\b)(?:[\w’'-]+\s+){1,3}will\b", re.I)
_BLANK_LINE = re.compile(r"\n[ \t\r]*\n")
_FIGURE = re.compile(r"#|month:")  # terms that are numbers or dates (see terms.read_terms)
# A headline kept as a line of prose ("\"The carriage just rolled over\": passengers describe …").
_TITLE_LIKE = re.compile(r"^[“\"„][^”\"“]+[”\"“]\s*:")


class ExtractiveEngine:
    name = "extractive"
    uses_chunks = False  # it reads whole sources, sentence by sentence

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def brief(self, sources: list[Source], chunks: list[Chunk], progress: Progress | None = None) -> Briefing:
        units = read_units(sources)
        if not units:
            raise InputError(
                "nothing to brief: no source has a sentence of news prose "
                f"({len(sources)} file(s) read; headlines, lists and link lines are not briefed)"
            )
        vocabulary = weigh(units)
        max_stories = self.settings.max_stories or MAX_STORIES
        budget = self.settings.max_sentences or MAX_SENTENCES
        stories = rank_stories(units, group(units), vocabulary)[: min(max_stories, budget)]
        if progress:
            progress("stories", len(stories), len(stories))
        language = self.settings.language
        titles = [story_title(units, story, vocabulary, language) for story in stories]
        conflicts = find_conflicts(units, stories, titles)
        titles, conflicts = mark_disputed_titles(titles, conflicts)
        leads, details = select_sentences(units, stories, language, budget, disputed(conflicts))
        index = _by_name(list(range(len(units))), units, every_name=True)
        essentials = Section(title="Essentials", sentences=[cite(units, i, index) for i in leads])
        sections = [essentials] + [
            Section(title=title, sentences=[cite(units, i, index) for i in picked])
            for title, picked in zip(titles, details, strict=True)
            if picked
        ]
        for section in sections:
            section.sentences = say_where_sources_differ(section.sentences, conflicts)
        return Briefing(
            title=briefing_title(sources, titles, {units[i].source for i in stories[0]} if stories else None),
            language=language,
            sections=sections,
            conflicts=conflicts,
            run=RunInfo(engine=self.name, model=None),
        )


def read_units(sources: list[Source]) -> list[Unit]:
    """Every prose sentence of every source, with the sub-heading and paragraph it stands in."""
    units: list[Unit] = []
    for source in sources:
        headings = sorted((f.start, f.end) for f in source.furniture if f.kind == "heading")
        if source.title_span is not None:
            headings.insert(0, (source.title_span.start, source.title_span.end))
        has_subheadings = len(headings) > 1
        # One string per heading, block and paragraph, shared by their sentences.
        heading_texts = [source.plain(a, b).strip() for a, b in headings]
        # The headings a sentence stands below, by bisection: a 5 MB page has thousands of headings.
        by_end = sorted((b, k) for k, (_, b) in enumerate(headings))
        ends = [b for b, _ in by_end]
        last_above = list(accumulate((k for _, k in by_end), max))
        blocks = [f"{source.id}:{k}" for k in range(len(headings) + 1)] if has_subheadings else None
        paragraphs: dict[int, str] = {}
        newlines = counted_to = 0  # counted as we go: counting from the top each time was quadratic
        for span in sentences_in(source.text):
            start, end = span.start, span.end
            text = source.plain(start, end)  # without Markdown syntax: "**37 people**", "[…](url)"
            if source.is_furniture(start, end) or _overlaps(source, start, end) or not _is_prose(text):
                continue
            above = bisect_right(ends, start)
            newlines += source.text.count("\n", counted_to, start)
            counted_to = start
            units.append(
                Unit(
                    source=source.id,
                    start=start,
                    end=end,
                    article=source.text,
                    language=source.language,
                    order=len(units),
                    block=blocks[above] if blocks else None,
                    paragraph=paragraphs.setdefault(newlines, f"{source.id}:{newlines}"),
                    heading=heading_texts[last_above[above - 1]] if above else None,
                    plain=text if source.markup else "",
                )
            )
    # Names first from languages that capitalise only names; then every sentence is read knowing
    # them, so that a name opening a sentence, or a name in German, is still a name.
    shared = Shared()
    first = {id(u): shared(read_terms(u.plain or u.text)) for u in units if u.language != "de"}
    known = frozenset().union(*(t.names for t in first.values()))
    for u in units:
        text = u.plain or u.text
        terms = first.pop(id(u), None)
        if terms is None or reads_known_names(text, known):
            terms = shared(read_terms(text, known, capitals_are_names=u.language != "de"))
        u.vector, u.names, u.subject, u.runs = terms
    return [u for u in units if u.vector]


def _overlaps(source: Source, start: int, end: int) -> bool:
    title = source.title_span
    return title is not None and title.start < end and start < title.end


def _is_prose(text: str) -> bool:
    """A defensive net under ingest's furniture marks: bullets, links, handles and fragments are not news."""
    words = text.split()
    return (
        len(words) >= 5
        and len(_LOWER_WORD.findall(text)) >= 3
        and not _URL_OR_HANDLE.search(text)
        and not _BULLET.match(text)
        and not text.rstrip().endswith(":")
    )


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
    for rest in glue_by_article(units, clusters, alone):
        sources = {units[i].source for i in rest}
        # A short article that is wholly about one thing is a story however few sentences it has.
        whole_article = len(sources) == 1 and len(rest) == article_size[next(iter(sources))]
        if len(rest) >= 3 or len(sources) > 1 or whole_article:
            blocks = {units[i].block for i in rest}
            if len(sources) == 1 and len(blocks) == 1:
                where = (next(iter(sources)), next(iter(blocks)))
                if where in told_by_one:
                    told_by_one[where] += rest
                    continue
                told_by_one[where] = rest
            stories.append(rest)

    def weight(story: list[int]) -> tuple[float, int]:
        sources = len({units[i].source for i in story})
        return (-(sources * 2 + len(story) ** 0.5), story[0])

    return sorted((sorted(story) for story in stories), key=weight)


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

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

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
            a, b = root(first_part[src]), root(k)
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
        merged[root(k)].extend(p)
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
        rare = {n for n in u.subject if vocabulary.is_rare(n) and mentions[n] == 1}
        if len(rare) < 2 or len(u.names) < 4:
            continue
        own = _plain_words(u)
        shared = sum(1 for t in own if words[t] + article_words[u.source][t] > 2)  # both count u itself
        if shared <= _SHARED_WORDS * len(own):
            alone.append(i)
    return alone


def _plain_words(u: Unit) -> list[str]:
    return [t for t in u.vector if t not in u.names]


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
    measured = _Measured(units, stories, superseded)
    details: list[list[int]] = []
    carry = 0  # what a story told out before its quota leaves to the next ones
    for story, lead, quota in zip(stories, leads, quotas, strict=True):
        wanted = quota + carry
        quota = min(wanted, len(story) - 1)
        picked: list[int] = []
        top = centrality[lead] or 1.0  # centrality relative to the lead, so small stories weigh alike
        ranked = sorted((i for i in story if i != lead and centrality[i] > 0), key=lambda i: (-centrality[i], i))
        if len(ranked) > _SCAN:
            ranked = _one_copy_each(units, ranked)
        # The pool is refilled past sentences that repeat what is chosen: on a day of many copies of one
        # report, the most central hundreds can all say the lead again (the briefing then had no details).
        pool: list[int] = []
        cursor = 0
        follows = _follows_lede(units, story, lead, centrality)
        if quota > 0 and follows is not None and not _repeats(units, follows, chosen, measured):
            picked.append(follows)
            chosen.append(follows)
        while len(picked) < quota:
            pool = [i for i in pool if not _repeats(units, i, chosen, measured)]
            while len(pool) < _POOL and cursor < min(len(ranked), _SCAN):
                if not _repeats(units, ranked[cursor], chosen, measured):
                    pool.append(ranked[cursor])
                cursor += 1

            told_by = {units[j].source for j in chosen}

            def mmr(i: int, top: float = top, told_by: set[str] = told_by) -> tuple[float, int]:
                redundancy = max(cosine(units[i].vector, units[j].vector) for j in chosen)
                # A source nothing chosen comes from yet adds its own report (a minister's inquiry told
                # only by the politics desk, once the toll, cause and evacuation are one story).
                new = _NEW_SOURCE if units[i].source not in told_by else 0.0
                return (_MMR_LAMBDA * centrality[i] / top - (1 - _MMR_LAMBDA) * redundancy + new, -i)

            eligible = [i for i in pool if _stands_alone(units, i, picked)]
            if not eligible:
                break
            best = max(eligible, key=mmr)
            picked.append(best)
            chosen.append(best)
            pool.remove(best)
        carry = wanted - len(picked)
        details.append(_in_telling_order(units, picked))
    return leads, details


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
    # A lede in another language that a sentence in the briefing's language says too has no weight.
    told = [i for i in ledes if centrality[i] > 0]
    return max(own or told or readable, key=lambda i: (centrality[i], -i))


def _opens(units: list[Unit], i: int) -> bool:
    """Whether sentence ``i`` is the first of its article, or the first under its sub-heading; or the
    first after a headline that ingest took for prose (a short opening line alone in its paragraph,
    "Sanders sends Democratic establishment into panic mode.")."""
    if _first(units, i):
        return not _headline_like(units, i)
    return _first(units, i - 1) and _headline_like(units, i - 1)


def _first(units: list[Unit], i: int) -> bool:
    return i == 0 or units[i - 1].source != units[i].source or units[i - 1].block != units[i].block


def _headline_like(units: list[Unit], i: int) -> bool:
    """No headline above it, short, and a blank line between it and the next sentence."""
    u = units[i]
    if u.heading is not None or len(u.text.split()) > _HEADLINE_WORDS:
        return False
    after = units[i + 1] if i + 1 < len(units) else None
    return after is not None and after.source == u.source and bool(_BLANK_LINE.search(u.article, u.end, after.start))


def _reads_alone(u: Unit) -> bool:
    text = u.text
    return (
        not _DEPENDENT_START.match(text)
        and not _BARE_QUOTE.match(text)
        and not _GARBLED.search(text)
        and 8 <= len(text.split()) <= 60
        and not _TITLE_LIKE.match(text)
    )


def _stands_alone(units: list[Unit], i: int, picked: list[int]) -> bool:
    """A sentence that leans on the one before ("He said …", "The talks also …") is told only right
    after that sentence: it is a detail when its predecessor in the source is one already."""
    u = units[i]
    if not _DEPENDENT_START.match(u.text):
        return True
    before = i - 1
    return before in picked and units[before].source == u.source


def _centrality(units: list[Unit], story: list[int], language: str) -> dict[int, float]:
    """How much of the story each sentence carries: its mean similarity to the rest, plus its mean
    similarity to each other source's part of the story (so a fact many sources report weighs more),
    discounted when it reads badly alone or is not in the briefing's language."""
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
    in_language = _by_name([j for j in story if units[j].language == language], units)
    figures = {t for j in story if units[j].language == language for t in units[j].names if _FIGURE.match(t)}
    members: dict[str, list[int]] | None = None
    if len(story) <= _PAIRWISE:
        members = defaultdict(list)
        for j in story:
            members[units[j].source].append(j)
    scores: dict[int, float] = {}
    for i in story:
        u = units[i]
        score = (cosine(u.vector, total) - 1.0) / max(1, len(story) - 1)
        # A floor, so that the sentences of a short article, which share few words with one another,
        # still rank by what they carry and where they stand rather than all tie at nothing.
        score = max(score, 0.0) + _FLOOR
        if members is not None:
            # Corroboration: how closely each other source's best sentence says the same.
            score += _CORROBORATION * sum(
                max(cosine(u.vector, units[j].vector) for j in members[src]) for src in biggest if src != u.source
            )
        else:  # a huge story: its mean similarity to each other source's part stands in (linear, not quadratic)
            score += sum(cosine(u.vector, by_source[src]) / counts[src] for src in biggest if src != u.source)
        if _DEPENDENT_START.match(u.text):
            score *= 0.5
        if _BARE_QUOTE.match(u.text):
            score *= 0.5  # a quotation whose speaker is named in another sentence
        if _GARBLED.search(u.text):
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
            if not own and any(_covers(units[j], u) for j in _candidates(u, in_language)):
                score = 0.0  # cite that one instead
        if _opens(units, i):
            score *= _LEAD  # the first sentence under a heading or of an article says what the story is
        words = len(u.text.split())
        if words < 8 or words > 60:
            score *= 0.7
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


def _repeats(units: list[Unit], i: int, chosen: list[int], measured: _Measured | None = None) -> bool:
    """Whether sentence ``i`` says again what a chosen one says: close in words, the same fact, or
    most of its terms already contained in it ("Arms negotiations … are actively advancing"); or, with
    ``measured``, the same claim in other words (_same_claim) or the same measured things as chosen
    sentences of its story (see _Measured.told)."""
    terms = units[i].vector.keys()
    for j in chosen:
        if cosine(units[i].vector, units[j].vector) > _DUPLICATE or _same_fact(units[i], units[j]):
            return True
        other = units[j].vector.keys()
        shorter, longer = (terms, other) if len(terms) <= len(other) else (other, terms)
        if len(shorter & longer) >= _CONTAINED * len(shorter):
            return True
        if units[i].language != units[j].language and _figures_covered(units[i], units[j]):
            return True
        if measured is not None and units[i].language == units[j].language:
            mine = measured.claim(i)[0]
            if any(_same_claim(mine, theirs) for theirs in measured.claim(j)):
                return True
    return measured is not None and measured.told(i, chosen)


_CLAIM_WORD = re.compile(r"(?<![\w’'-])[a-zäöüß]{4,}(?![\w’'-])")
# Words of attribution and time: two reports of one claim differ in who said it and when.
_ATTRIBUTION = frozenset(
    "said says stated told added according spokesman spokeswoman spokesperson statement stressed "
    "warned publicly last week month year monday tuesday wednesday thursday friday saturday sunday "
    "that this with from have been were will would their there which about after before also "
    "sagte sagten teilte erklärte laut nach einem einer dass sich wurde wurden werden hatte haben".split()
)
_CLAIM_SHARED = 3  # content words (by synonym group) two sentences of one claim share at least …
_CLAIM_SHARE = 0.5  # … and this share of the shorter one's


def _same_claim(mine: frozenset[str], theirs: frozenset[str]) -> bool:
    """Whether two sentences of one language make the same claim in other words: most of the shorter
    one's content words, read by synonym group ("negotiations … are progressing" and "arms
    negotiations … were advancing"), are the other's, attribution and dates aside."""
    shared = len(mine & theirs)
    return shared >= _CLAIM_SHARED and shared >= _CLAIM_SHARE * min(len(mine), len(theirs))


def _claim_words(u: Unit) -> list[frozenset[str]]:
    """The sentence's content words by synonym group; then, when it joins claims with a semicolon
    ("The operator blames a signal fault; the agency says the signals worked"), each claim's: a
    later sentence that makes one of them again repeats it."""
    from briefer.lexicon.tables import concept  # the checker's synonym groups (imported here: load cost)

    text = u.plain or u.text
    parts = [text, *text.split(";")] if ";" in text else [text]
    return [frozenset(concept(w) for w in _CLAIM_WORD.findall(p) if w not in _ATTRIBUTION) for p in parts]


class _Measured:
    """The counts and measured figures each sentence gives (conflicts.read_values: "40 people were in
    hospital", "20 Menschen werden noch vermisst", "5,8 Meter"), read once per sentence. A sentence
    whose every measured thing a chosen sentence of its story already gives tells nothing new: the
    same value is the same fact in other words or another language ("Twenty people are still
    missing"), and another source's different value is the other side of a disagreement, which the
    briefing's "Sources disagree" block shows beside the chosen one. Unless the chosen value is one a
    later report replaced (``superseded``) and this one is not: then this one is the update."""

    def __init__(
        self, units: list[Unit], stories: list[list[int]], superseded: dict[tuple[str, int], float] | None = None
    ) -> None:
        self.units = units
        self.story_of = {i: k for k, story in enumerate(stories) for i in story}
        self.old = {i for i in self.story_of if (units[i].source, units[i].start) in (superseded or {})}
        self.cache: dict[int, list[tuple[str, float]]] = {}
        self.claims: dict[int, list[frozenset[str]]] = {}
        self.votes: dict[int | None, dict[tuple[str, float], int]] = {}

    def claim(self, i: int) -> list[frozenset[str]]:
        if i not in self.claims:
            self.claims[i] = _claim_words(self.units[i])
        return self.claims[i]

    def of(self, i: int) -> list[tuple[str, float]]:
        if i not in self.cache:
            self.cache[i] = [(r.about, r.value) for r in read_values(self.units[i], i)]
        return self.cache[i]

    def told(self, i: int, chosen: list[int]) -> bool:
        mine = self.of(i)
        if not mine:
            return False
        story, source = self.story_of.get(i), self.units[i].source
        given = [
            (about, value, self.units[j].source)
            for j in chosen
            if self.story_of.get(j) == story and (j not in self.old or i in self.old)
            for about, value in self.of(j)
        ]
        return all(
            self._outvoted(story, about, value, i)
            or any(
                a == about and (v == value or (src != source and self._outweighs(story, a, v, value, i)))
                for a, v, src in given
            )
            for about, value in mine
        )

    def _outweighs(self, story: int | None, about: str, theirs: float, mine: float, i: int) -> bool:
        """Whether a chosen value stands for the disagreement: newer than this one (an update replaced
        this), or given by more sources. Two values as many sources give are both told."""
        if i in self.old:
            return True
        votes = self._votes(story)
        return votes.get((about, theirs), 0) > votes.get((about, mine), 0)

    def _outvoted(self, story: int | None, about: str, mine: float, i: int) -> bool:
        """Whether more sources of the story give another value for the same thing than give this one:
        then this one is the disagreement's minority, shown in its block, not told as the story's."""
        votes = self._votes(story)
        return i not in self.old and any(
            a == about and v != mine and n > votes.get((about, mine), 0) for (a, v), n in votes.items()
        )

    def _votes(self, story: int | None) -> dict[tuple[str, float], int]:
        """How many sources give each value of each measured thing in the story (replaced values aside)."""
        if story not in self.votes:
            counted: dict[tuple[str, float], set[str]] = defaultdict(set)
            for j, k in self.story_of.items():
                if k == story and j not in self.old:
                    for a, v in self.of(j):
                        counted[(a, v)].add(self.units[j].source)
            self.votes[story] = {key: len(found) for key, found in counted.items()}
        return self.votes[story]


def _figures_covered(a: Unit, b: Unit) -> bool:
    """Whether ``a``, in another language than ``b``, names nothing but what ``b`` names, a figure
    among it ("Der Regionalexpress war … um 5.42 Uhr … entgleist" beside "… derailed … at 5:42 a.m."):
    words cannot be compared across languages, but a figure both give says they tell one thing."""
    if any(not t.startswith("#") for t in a.names - b.names) or not any(t.startswith("#") for t in a.names):
        return False  # a name of its own, or no figure: the cheap test first, most sentences end here
    mine, theirs = _figures_joined(a), _figures_joined(b) | b.names
    if not mine or not mine <= theirs:
        return False
    return all(t in theirs or t in b.names or t in _figure_parts(a) for t in a.names)


def _figure_parts(u: Unit) -> set[str]:
    return {t for r in u.runs if len(r) > 1 and all(t.startswith("#") for t in r) for t in r}


def _figures_joined(u: Unit) -> set[str]:
    """The sentence's figures, a run of them read as one ("5:42" is read as 5 and 42, "5.42" as 542)."""
    found = {"#" + "".join(t[1:] for t in r) for r in u.runs if r and all(t.startswith("#") for t in r)}
    return found | {t for t in u.names if t.startswith("#") and t not in _figure_parts(u)}


def _same_fact(a: Unit, b: Unit, every_name: bool = False) -> bool:
    """Two sentences report the same fact when most of the salient names and figures of each are
    in the other (a name written in full, "President Volodymyr Zelensky", counts once; three of them,
    or across languages two with a figure) and, in one language, their words agree too; or when
    their words agree closely."""
    same_language = a.language == b.language
    words = cosine(a.vector, b.vector) if same_language else 0.0
    if words >= _PARAPHRASE and len(set(_plain_words(a)) & set(_plain_words(b))) >= 2:
        return True  # not merely the same person named twice
    a_names, b_names = (a.names, b.names) if every_name else (a.salient, b.salient)
    a_runs = _touching(a.runs, a_names)
    b_runs = _touching(b.runs, b_names)
    common = _touching(a_runs, b_names)
    shared = min(len(common), len(_touching(b_runs, a_names)))
    # Across languages words cannot agree, but one figure and a name can say it ("The river Mertz peaked
    # at 6.2 metres …" and "Die Mertz erreichte … 6,2 Metern"); a different figure is a conflict, not this.
    # The figure must be the whole of it: "vom 10. bis 13. September" is not "in September" (a month
    # shared, the days not).
    figure = not same_language and any(
        any(_FIGURE.match(t) and t in b_names for t in r) and all(t in b_names for t in r if t.startswith("#"))
        for r in common
    )
    if shared < (2 if figure else 3) or shared < _SAME_FACT * min(len(a_runs), len(b_runs)):
        return False
    return not same_language or words >= _PARAPHRASE / 2


def _covers(a: Unit, b: Unit) -> bool:
    """Whether ``a`` names most of what ``b`` names (at least two names or figures): then a sentence
    in another language adds little to ``a``, even if it is not word for word the same fact."""
    b_runs = _touching(b.runs, b.salient)
    covered = len(_touching(b_runs, a.salient))
    return covered >= 2 and covered >= _SAME_FACT * len(b_runs)


def _touching(runs: Iterable[tuple[str, ...]], names: frozenset[str]) -> list[tuple[str, ...]]:
    """The runs of names (a name written in full is one run) that hold at least one of ``names``."""
    return [r for r in runs if not names.isdisjoint(r)]


def _quotas(units: list[Unit], stories: list[list[int]], budget: int) -> list[int]:
    """Share the detail budget out by story size, one sentence at a time (D'Hondt)."""
    quotas = [0] * len(stories)
    # Five details a story when many share the budget; a day of one or two stories gets it all.
    cap = max(MAX_PER_STORY, budget // max(1, len(stories)))
    sizes = [len(s) ** 0.5 * (1 + 0.5 * (len({units[i].source for i in s}) - 1)) for s in stories]
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


def cite(units: list[Unit], i: int, index: dict[str, list[int]]) -> Sentence:
    """The sentence with its own exact span, and every source that reports the same fact."""
    u = units[i]
    # Every source that reports the fact counts, in any language: here the names the day's news is full
    # of count too ("Kim", "Putin", "Russia" are the fact of the day's biggest story, not noise).
    candidates: set[int] = set()
    for name in u.names:
        candidates.update(window(index.get(name, []), i, _CORROBORATING))
    others = {
        units[j].source
        for j in sorted(candidates)
        if units[j].source != u.source and _same_fact(u, units[j], every_name=True)
    }
    corroborating = sorted({u.source} | others)
    return Sentence(
        text=u.plain or u.text,  # the words; the quote is the exact span, Markdown syntax included
        citations=[Citation(source=u.source, quote=u.text, start=u.start, end=u.end)],
        language=u.language,
        corroboration=len(corroborating),
        corroborating_sources=corroborating,
    )


def story_title(units: list[Unit], story: list[int], vocabulary: Vocabulary, language: str) -> str:
    """The sub-heading the story stands under (of those over at least three of its sentences, in
    the briefing's language first, the one whose words are most the story's), else its main name."""
    headings: Counter[tuple[bool, str]] = Counter(
        (units[i].language == language, heading)
        for i in story
        if (heading := units[i].heading) and not heading.endswith(":")
    )
    fitting = [(lang, h) for (lang, h), n in headings.items() if n >= 3 or n * 2 >= len(story)]
    if not fitting:
        return _name_phrase(units, story, vocabulary)
    centre = centroid(units, story)

    def fit(key: tuple[bool, str]) -> tuple[bool, float, str]:
        terms = read_terms(key[1]).weights
        return key[0], sum(centre.get(t, 0.0) * vocabulary.idf(t) for t in terms), key[1]

    return max(fitting, key=fit)[1]


_NAME_RUN = re.compile(r"(?:[A-Z][\w’'\-]+)(?:\s+[A-Z][\w’'\-]+)*")
_WEEKDAYS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday "
    "montag dienstag mittwoch donnerstag freitag samstag sonntag".split()
)


def _name_phrase(units: list[Unit], story: list[int], vocabulary: Vocabulary) -> str:
    """The name the story is most about: rare, and in many of its sentences (dates are no title)."""
    in_sentences: Counter[str] = Counter(t for i in story for t in units[i].names)

    def weight(phrase: str) -> float:
        terms = [t for t in read_terms(phrase, frozenset(in_sentences)).weights if t in in_sentences]
        return sum(vocabulary.idf(t) * in_sentences[t] for t in terms)

    phrases = {
        m.group(0): (i, m.start())
        for i in reversed(story)
        for m in reversed(list(_NAME_RUN.finditer(units[i].text)))
        if m.start() > 0 and not m.group(0).lower().startswith(tuple(_WEEKDAYS))  # nor "Donnerstagmorgen"
    }
    if not phrases:
        return units[story[0]].text[:60]
    return max(phrases, key=lambda p: (weight(p), tuple(-x for x in phrases[p])))


def briefing_title(sources: list[Source], titles: list[str], lead: set[str] | None = None) -> str:
    """The lead story's title under the newest date of the sources that tell it (``lead``: their ids),
    not of any source: another story's article may be days newer."""
    told = [s for s in sources if lead is None or s.id in lead]
    dates = sorted({s.date for s in told if s.date} or {s.date for s in sources if s.date})
    when = f"{dates[-1]:%-d %B %Y}" if dates else "News briefing"
    return f"{when}: {titles[0]}" if titles else when

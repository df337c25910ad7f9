"""The embedded default engine: a briefing made of the articles' own sentences, no model involved.

It finds the day's stories across all articles (see stories.py), opens with one line per story
("Essentials"), then gives each story the sentences most central to it and least redundant with
what is already said (maximal marginal relevance). Every sentence cites its own exact span, and
proposes, per other source that reports the same fact, the span that does (the checker confirms it).
Deterministic: the same sources give the same briefing.
"""

from __future__ import annotations

import re
from collections import Counter

from briefer.config import Settings
from briefer.engines import Progress
from briefer.engines.conflicts import (
    disputed,
    find_conflicts,
    mark_disputed_titles,
    say_where_sources_differ,
)
from briefer.engines.ranking import _by_name, rank_stories
from briefer.engines.reading import read_units
from briefer.engines.repeats import _same_fact
from briefer.engines.selection import MAX_SENTENCES, select_sentences
from briefer.engines.stories import Unit, Vocabulary, centroid, cosine, group, weigh, window
from briefer.engines.terms import read_terms
from briefer.errors import InputError
from briefer.models import Briefing, Chunk, Citation, Corroboration, RunInfo, Section, Sentence, Source

__all__ = ["MAX_SENTENCES", "MAX_STORIES", "ExtractiveEngine", "rank_stories", "read_units", "select_sentences"]

MAX_STORIES = 10


_CORROBORATING = 300  # per name, the sentences nearest in reading order compared for the same fact


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


def cite(units: list[Unit], i: int, index: dict[str, list[int]]) -> Sentence:
    """The sentence with its own exact span, and per other source that reports the same fact the span that
    does (its sentence most alike in words): proposed, for the checker to confirm (verify/corroboration.py)."""
    u = units[i]
    # Every source that reports the fact counts, in any language: here the names the day's news is full
    # of count too ("Kim", "Putin", "Russia" are the fact of the day's biggest story, not noise).
    candidates: set[int] = set()
    for name in u.names:
        candidates.update(window(index.get(name, []), i, _CORROBORATING))
    best: dict[str, tuple[float, int]] = {}
    for j in sorted(candidates):
        other = units[j]
        if other.source != u.source and _same_fact(u, other, every_name=True):
            alike = cosine(u.vector, other.vector)
            if other.source not in best or alike > best[other.source][0]:
                best[other.source] = (alike, j)
    spans = [
        Corroboration(source=units[j].source, quote=units[j].text, start=units[j].start, end=units[j].end)
        for _, j in (best[s] for s in sorted(best))
    ]
    corroborating = sorted({u.source} | set(best))
    return Sentence(
        text=u.plain or u.text,  # the words; the quote is the exact span, Markdown syntax included
        citations=[Citation(source=u.source, quote=u.text, start=u.start, end=u.end)],
        language=u.language,
        corroboration=len(corroborating),
        corroborating_sources=corroborating,
        corroborating_citations=spans,
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
    if not phrases:  # the opening words of its first sentence, cut between words
        words = (units[story[0]].plain or units[story[0]].text).split()
        title = ""
        for w in words:
            if len(title) + len(w) + 1 > 60:
                return (title or w[:60]) + " …"  # a first word longer than a title: that word, cut
            title = f"{title} {w}" if title else w
        return title
    return max(phrases, key=lambda p: (weight(p), tuple(-x for x in phrases[p])))


def briefing_title(sources: list[Source], titles: list[str], lead: set[str] | None = None) -> str:
    """The lead story's title under the newest date of the sources that tell it (``lead``: their ids),
    not of any source: another story's article may be days newer."""
    told = [s for s in sources if lead is None or s.id in lead]
    dates = sorted({s.date for s in told if s.date} or {s.date for s in sources if s.date})
    when = f"{dates[-1]:%-d %B %Y}" if dates else "News briefing"
    return f"{when}: {titles[0]}" if titles else when

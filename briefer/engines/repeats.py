"""Whether a sentence says again what a chosen one says (the extractive engine's repeats): close in
words, the same fact by its names and figures, the same claim in other words, or the same measured
things (see ``Measured``); and how many sources report one fact. Across languages by names, the
weekday, a count and the predicate: engines/across.py."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from typing import NamedTuple

from briefer.engines.across import _WORD, _counted_predicate, _denies, _same_across, _same_nouns, _touching
from briefer.engines.conflicts import read_values, units_measured
from briefer.engines.reading import _plain_words
from briefer.engines.stories import Unit, cosine
from briefer.lexicon.quantities import _NUMBER_WORDS

_DUPLICATE = 0.35  # word similarity above which a sentence repeats one already chosen


_CONTAINED = 0.6  # share of a sentence's terms found in another at which it adds nothing to it


_SAME_FACT = 0.6  # share of a sentence's names and figures another source must report too


_PARAPHRASE = 0.4  # word similarity at which two sentences of one language say the same


_FIGURE = re.compile(r"#|month:")  # terms that are numbers or dates (see terms.read_terms)


def _repeats(units: list[Unit], i: int, chosen: list[int], measured: _Measured | None = None) -> bool:
    """Whether sentence ``i`` says again what a chosen one says: close in words, the same fact, or
    most of its terms already contained in it ("Arms negotiations … are actively advancing"); or, with
    ``measured``, the same claim in other words (_same_claim) or the same measured things as chosen
    sentences of its story (see _Measured.told). With ``measured``, ``chosen`` only ever grows (one list
    per briefing): the chosen sentences ``i`` was already found not to repeat are not compared again."""
    terms = units[i].vector.keys()
    start = measured.clear.get(i, 0) if measured is not None else 0
    for j in chosen[start:]:
        other = units[j].vector.keys()
        shared = len(terms & other)
        # Close in words means more than one word in common: a story's salient name alone ("Cuba")
        # outweighs the rest of a short sentence, and two facts about Cuba are not one fact.
        close = shared >= 2 and cosine(units[i].vector, units[j].vector) > _DUPLICATE
        if close or _same_fact(units[i], units[j]):
            return True
        if shared >= _CONTAINED * min(len(terms), len(other)):
            return True
        if units[i].language != units[j].language and (
            _figures_covered(units[i], units[j])
            or _same_across(units[i], units[j])
            # In the briefing's language, a sentence that says by its nouns what a chosen one in another
            # language says takes that one's place instead (selection._told_in_another_language).
            or ((measured is None or units[i].language != measured.language) and _same_nouns(units[i], units[j]))
        ):
            return True
        if measured is not None and units[i].language == units[j].language:
            mine = measured.claim(i)[0]
            if any(_same_claim(mine, theirs) for theirs in measured.claim(j)):
                return True
    if measured is None:
        return False
    measured.clear[i] = len(chosen)
    return measured.told(i, chosen) or measured.said_across(i, chosen)


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
        self,
        units: list[Unit],
        stories: list[list[int]],
        superseded: dict[tuple[str, int], float] | None = None,
        language: str | None = None,
    ) -> None:
        self.units = units
        self.language = language  # the briefing's: see said_across
        self.words: dict[int, _Spelling] = {}
        self.anchors: dict[int, frozenset[str]] = {}
        self.across: dict[int, tuple[int, bool]] = {}  # said_across's answers, by how many were chosen
        self.story_of = {i: k for k, story in enumerate(stories) for i in story}
        self.old = {i for i in self.story_of if (units[i].source, units[i].start) in (superseded or {})}
        self.cache: dict[int, list[tuple[str, float]]] = {}
        self.claims: dict[int, list[frozenset[str]]] = {}
        self.votes: dict[int | None, dict[tuple[str, float], int]] = {}
        self.clear: dict[int, int] = {}  # per sentence: how many of the chosen ones it repeats none of (_repeats)

    def said_across(self, i: int, chosen: list[int]) -> bool:
        """Whether sentence ``i``, in another language than the briefing's, says again what a chosen
        sentence of its story in the briefing's language says. Words cannot be compared across
        languages, so what a sentence in another language adds must show: a name or figure the chosen
        sentences in the briefing's language don't give (German names count only as the other
        languages' sentences write them, see terms.read_terms). Without one, it repeats a chosen sentence
        with which it shares a word of its claim, written alike in both languages ("Signalfehler" and
        "signal fault", "Damm" and "dam"), unless one of the two denies and the other doesn't (a denial
        is the claim's other side), or the chosen one joins two claims with a semicolon (then it tells
        both sides already). A sentence that shares no such word is kept: it may tell what only its
        language's sources report (the opposition's criticism, a mayor's appeal)."""
        u = self.units[i]
        if self.language is None or u.language == self.language:
            return False
        # Once said, always: chosen only grows. Not said: so again while chosen has not grown.
        known = self.across.get(i)
        if known is not None and (known[1] or known[0] == len(chosen)):
            return known[1]
        said = self.says_again_across(i, chosen)
        self.across[i] = (len(chosen), said)
        return said

    def says_again_across(self, i: int, chosen: list[int]) -> bool:
        u = self.units[i]
        story = self.story_of.get(i)
        ours = [j for j in chosen if self.story_of.get(j) == story and self.units[j].language == self.language]
        if not ours or not self._anchors(i) <= frozenset().union(*(self._anchors(j) for j in ours)):
            return False
        mine = self._words(i)
        if not mine.whole:
            return False
        denies = _denies(u)
        return any(
            (_akin(mine, self._words(j)) and (_denies(self.units[j]) == denies or ";" in self.units[j].text))
            or _counted_predicate(u, self.units[j], not mine.whole.isdisjoint(_counts(self._words(j))))
            or _same_nouns(u, self.units[j])
            for j in ours
        )

    def akin(self, i: int, j: int) -> bool:
        """Whether two sentences share a word of their claims written alike (see _akin)."""
        return _akin(self._words(i), self._words(j))

    def _anchors(self, i: int) -> frozenset[str]:
        """The sentence's names and figures, numbers written as words among them ("drei", "three": #3)."""
        if i not in self.anchors:
            u = self.units[i]
            low = (u.plain or u.text).lower()
            counted = {f"#{_NUMBER_WORDS[w]:g}" for w in _WORD.findall(low) if w in _NUMBER_WORDS}
            self.anchors[i] = u.names | counted if counted else u.names
        return self.anchors[i]

    def _words(self, i: int) -> _Spelling:
        """The sentence's terms that are neither names nor figures (the words of its claim), and the units
        of time it counts in and of measure it gives a figure in, read alike in both languages ("eine
        Woche", "a week": ``unit:week``; "acht Prozent", "8%": ``unit:per cent``)."""
        if i not in self.words:
            from briefer.lexicon.quantities import time_units  # the checker's (imported here: load cost)

            u = self.units[i]
            words = {t for t in u.terms if t not in u.names and not _FIGURE.match(t)}
            words |= {t for t in self._anchors(i) if t.startswith("#")}  # a figure both give is a shared word
            words |= {f"unit:{k}" for k in time_units(u.plain or u.text)}
            self.words[i] = _Spelling.of(frozenset(words | {f"unit:{k}" for k in units_measured(u)}))
        return self.words[i]

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


def _counts(words: _Spelling) -> frozenset[str]:
    return frozenset(w for w in words.whole if w.startswith("#"))


class _Spelling(NamedTuple):
    """A sentence's claim words as ``_akin`` compares them: whole (figures and units of time only so),
    and by their first letters."""

    whole: frozenset[str]
    first5: frozenset[str]  # of the words of five letters or more
    first4: frozenset[str]  # of the words of four letters or more
    four: frozenset[str]  # the words of four letters
    first3_of_four: frozenset[str]  # of the words of four letters
    three: frozenset[str]  # the words of three letters

    @classmethod
    def of(cls, words: frozenset[str]) -> _Spelling:
        spelt = [w for w in words if not w.startswith(("#", "unit:"))]
        return cls(
            words,
            frozenset(w[:5] for w in spelt if len(w) >= 5),
            frozenset(w[:4] for w in spelt if len(w) >= 4),
            frozenset(w for w in spelt if len(w) == 4),
            frozenset(w[:3] for w in spelt if len(w) == 4),
            frozenset(w for w in spelt if len(w) == 3),
        )


def _akin(a: _Spelling, b: _Spelling) -> bool:
    """Whether two sentences in two languages share a word written alike: the same word (a figure or a
    unit of time only so), the same first five letters, or one word the start of the other ("signal"
    and "signalfehler"; "dam" and "damm": a word of three letters only beside one of four). One count
    alone is no shared word: "zwei Verdächtige" beside "Two firefighters" count different things."""
    shared = a.whole & b.whole
    return not (
        (len(shared) < 2 and all(w.startswith("#") for w in shared))
        and a.first5.isdisjoint(b.first5)
        and a.four.isdisjoint(b.first4)
        and b.four.isdisjoint(a.first4)
        and a.three.isdisjoint(b.first3_of_four)
        and b.three.isdisjoint(a.first3_of_four)
    )


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


def _said_in(b: Unit, others: Iterable[Unit]) -> bool:
    """Whether one of ``others`` names most of what ``b`` names (at least two names or figures): then a
    sentence in another language adds little to it, even if it is not word for word the same fact.
    ``b``'s runs of salient names are read once, not once for each of the thousands of candidates a
    story of a thousand articles has."""
    b_runs = _touching(b.runs, b.salient)
    return any(_covers_runs(a, b_runs) for a in others)


def _covers_runs(a: Unit, b_runs: list[tuple[str, ...]]) -> bool:
    covered = len(_touching(b_runs, a.salient))
    return covered >= 2 and covered >= _SAME_FACT * len(b_runs)

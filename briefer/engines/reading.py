"""Reading the sources into units: every prose sentence of every source, with the sub-heading and
paragraph it stands in and the names, figures and words it holds (the extractive engine's first step)."""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from functools import lru_cache
from itertools import accumulate

from briefer.engines.stories import Unit
from briefer.engines.terms import Shared, read_terms, reads_known_names
from briefer.models import Source
from briefer.sentences import sentences_in

_URL_OR_HANDLE = re.compile(r"https?://|www\.|@\w|#\w|pic\.twitter")


_BULLET = re.compile(r"^\s*[•·▪◦‣∙*\-–—]")


_LOWER_WORD = re.compile(r"\b[a-zäöüß]{3,}\b")


def read_units(sources: list[Source]) -> list[Unit]:
    """Every prose sentence of every source, with the sub-heading and paragraph it stands in."""
    units: list[Unit] = []
    for source in sources:
        _read_source(source, units)
    _read_terms(units)
    return [u for u in units if u.terms]


def _read_source(source: Source, units: list[Unit]) -> None:
    """The prose sentences of ``source``, appended to ``units`` (their order runs on across sources)."""
    # A line ending in a colon ("Key figures:", "Die wichtigsten Zahlen:") leads into a list of the
    # story it stands in: no sub-heading of a story of its own.
    headings = sorted(
        (f.start, f.end)
        for f in source.furniture
        if f.kind == "heading" and not source.plain(f.start, f.end).rstrip().endswith(":")
    )
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


def _read_terms(units: list[Unit]) -> None:
    """Each unit's names, figures and words. Names first from languages that capitalise only names;
    then every sentence is read knowing them, so that a name opening a sentence, or a name in German,
    is still a name."""
    shared = Shared()
    # Each unit holds its first reading at once (its weights packed, see Unit.terms): a dict of floats
    # for every English sentence, held until the second pass, was the read's largest allocation.
    # A sentence text is read once a pass: copies of a report repeat their sentences word for word
    # (a thousand articles of the scale bench hold some 2,300 distinct sentences in 27,000).
    first: dict[tuple[str, bool], _Reading] = {}
    for u in units:
        if u.language != "de":
            _hold(u, _read(u.plain or u.text, first, shared, frozenset(), True))
    known = frozenset().union(*(u.names for u in units if u.language != "de"))
    again: dict[tuple[str, bool], _Reading] = {}
    for u in units:
        text = u.plain or u.text
        if u.language == "de" or reads_known_names(text, known):
            _hold(u, _read(text, again, shared, known, u.language != "de"))


_READINGS_HELD = 1 << 14  # distinct sentence texts remembered by one pass (a few MB)

# A sentence's reading as units hold it: terms, packed weights, names, subject and runs.
_Reading = tuple[tuple[str, ...], bytes, frozenset[str], frozenset[str], tuple[tuple[str, ...], ...]]


def _read(
    text: str, cache: dict[tuple[str, bool], _Reading], shared: Shared, known: frozenset[str], capitals: bool
) -> _Reading:
    """``read_terms(text, known, capitals)`` as a unit holds it, read once per text and ``capitals`` for
    one ``cache`` (kept for one ``known``)."""
    key = (text, capitals)
    reading = cache.get(key)
    if reading is None:
        terms = shared(read_terms(text, known, capitals_are_names=capitals))
        packed = shared.packed(tuple(terms.weights), array("d", terms.weights.values()).tobytes())
        if len(cache) >= _READINGS_HELD:  # bounded: a day of distinct articles would hold every sentence twice
            cache.clear()
        reading = cache[key] = (*packed, terms.names, terms.subject, terms.runs)
    return reading


def _hold(u: Unit, reading: _Reading) -> None:
    u.terms, u.weights, u.names, u.subject, u.runs = reading


def _overlaps(source: Source, start: int, end: int) -> bool:
    title = source.title_span
    return title is not None and title.start < end and start < title.end


@lru_cache(maxsize=1 << 13)  # copies of a report repeat their sentences word for word
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


def _plain_words(u: Unit) -> list[str]:
    return [t for t in u.terms if t not in u.names]  # the vector's terms, in its order, without its dict

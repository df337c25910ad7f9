"""Sentence segmentation with exact spans, shared by chunking, the extractive engine and the checker.

News text defeats naive splitting on ". ": abbreviations ("U.S.", "Dr."), initials, German ordinals
("vom 10. bis 13. September"), dates ("9/4/2023") and quotes closing after the full stop. The rules
here are deliberately conservative: a missed split costs a longer sentence, a wrong split cuts a
claim in half.

Two segment boundaries are not punctuation: a leading ``date YYYY-MM-DD`` token (scraped articles
begin " date 2023-09-05 The real text…") and an all-caps dateline ("…Vladivostok WASHINGTON: North
Korean leader…") end the text before them, so that ingest can mark them as furniture without
cutting a sentence in half.

Every step looks at a bounded window around a candidate boundary, so a 1 MB line costs linear time.
"""

from __future__ import annotations

import re

from briefer.models import Span

_ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof gen col lt sgt capt gov sen rep st jr sr vs etc inc ltd co corp dept
    jan feb mar apr jun jul aug sep sept oct nov dec no nr fig approx ca bzw usw vgl ggf evtl
    dt hr fr abs art mio mrd bzw z.b d.h u.a s.o
    """.split()
)
_GERMAN_MONTHS = frozenset(
    "januar februar märz april mai juni juli august september oktober november dezember".split()
)

# Candidate boundary: a run of terminal punctuation (matched only from the run's first character,
# so a line of a million dots is scanned once, not once per dot), optional closing quotes or
# brackets, then whitespace. “ and ‘ close German quotes („so“).
# A full stop with no space after it still ends a sentence between a lowercase word and a capitalised
# one ("for longer.MSCI's index"): scraped text loses the space; "U.S.Army" and "e.g.Word" do not qualify.
_BOUNDARY = re.compile(r"(?<![.!?…])[.!?…]++[\"'”’“‘»)\]]*+(?=\s|(?<=[a-z][a-z][.!?])[A-Z][\w'’]*[a-z])")
_NEXT_WORD = re.compile(r"[\w\-]+")
_INITIALS = re.compile(r"(?:[a-z]\.)*[a-z]")
_LOOKBACK = 48  # longer "words" are never abbreviations, so nothing further back matters

# " date 2023-09-05 " at the very start of a line: the scraper's date stamp, not part of any sentence.
LEADING_DATE = re.compile(r"[ \t]*date (\d{4})-(\d{2})-(\d{2})(?=\s|$)")
# "WASHINGTON: " or "NEW YORK: " after a standfirst that has no full stop; only near a line's start,
# where agency datelines live, and only before a capitalised word.
_CAPS_DATELINE = re.compile(r"(?<=[\w,)] )[A-Z][A-Z\-]{3,}(?: [A-Z][A-Z\-]{2,})?: (?=[A-Z])")
_DATELINE_WINDOW = 400
# A line without terminal punctuation, colon or date stamp is one segment.
_MAY_CUT = re.compile(r"[.!?…]|: |^[ \t]*date ", re.MULTILINE)
# "the IAEA: Iran …" or "said NATO: …" is an acronym inside a sentence, not a dateline.
_NOT_BEFORE_DATELINE = frozenset(
    "the a an by of from to and or in on at for with said told der die das des von und".split()
)


def _is_false_boundary(text: str, line_start: int, punct_start: int, next_start: int) -> bool:
    # Bracketed ellipsis "(…)" or "[...]" marks an omission inside a quote, not a sentence end.
    if punct_start > line_start and text[punct_start - 1] in "([":
        return True
    if text[punct_start] != ".":
        return False
    lo = max(line_start, punct_start - _LOOKBACK)
    word_start = max(text.rfind(" ", lo, punct_start), text.rfind("\t", lo, punct_start)) + 1
    word_start = max(word_start, lo)
    word = text[word_start : punct_start + 1]
    bare = word.rstrip(".").lstrip("(\"'“‘„").lower()
    next_word = _NEXT_WORD.match(text, next_start, next_start + 20)
    next_token = next_word.group(0) if next_word else ""
    if bare in _ABBREVIATIONS:
        return True
    # Initials and dotted acronyms: "J.", "U.S.", "N.Korea" style stems.
    if _INITIALS.fullmatch(bare) and len(bare.replace(".", "")) <= 3 and word[:1].isupper():
        return True
    # German ordinals and dates: "10. September", "vom 10. bis 13.", "im 2. Quartal".
    if bare.isdigit() and len(bare) <= 2:
        if next_token.lower() in _GERMAN_MONTHS or next_token[:1].islower():
            return True
    # A lowercase continuation is almost never a new sentence.
    return bool(next_token[:1].islower())


def _line_cuts(text: str, ls: int, le: int, at_line_start: bool) -> list[tuple[int, int]]:
    """(end of this segment, start of the next) pairs within one line, in order."""
    if not _MAY_CUT.search(text, ls, le):  # most headings and list lines: nothing to look at
        return []
    cuts: list[tuple[int, int]] = []
    if at_line_start and (date := LEADING_DATE.match(text, ls, le)):
        cuts.append((date.end(), date.end()))
    for m in _BOUNDARY.finditer(text, ls, le):
        nxt = m.end()
        while nxt < le and text[nxt].isspace():
            nxt += 1
        if nxt < le and not _is_false_boundary(text, ls, m.start(), nxt):
            cuts.append((m.end(), nxt))
    dateline = caps_dateline_start(text, ls, le)
    if dateline is not None and not any(end <= dateline <= nxt for end, nxt in cuts):
        cuts.append((dateline, dateline))
        cuts.sort()
    return cuts


def caps_dateline_start(text: str, ls: int, le: int) -> int | None:
    """Where an agency dateline ("WASHINGTON: ") starts in the line ``text[ls:le]``, if it has one."""
    window_end = min(le, ls + _DATELINE_WINDOW)
    if text.find(": ", ls, window_end) == -1:  # the cheap test first: most lines have no colon at all
        return None
    caps = _CAPS_DATELINE.search(text, ls, window_end)
    if caps is None:
        return None
    before = text.rfind(" ", ls, caps.start() - 1) + 1
    return None if text[max(before, ls) : caps.start() - 1].lower() in _NOT_BEFORE_DATELINE else caps.start()


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Sentence spans of ``text[start:end]``, trimmed of surrounding whitespace.

    Line breaks always end a sentence: in the articles briefer reads, a line is a paragraph,
    a heading or a piece of furniture, never half a sentence.
    """
    end = len(text) if end is None else min(end, len(text))
    spans: list[Span] = []
    line_start = text.rfind("\n", 0, start) + 1
    while line_start < end:
        newline = text.find("\n", line_start, end)
        le = end if newline == -1 else newline
        ls = max(line_start, start)
        cursor = ls
        for cut_end, cut_next in _line_cuts(text, ls, le, at_line_start=ls == line_start):
            if cut_end > cursor:
                _append_trimmed(text, cursor, cut_end, spans)
                cursor = max(cursor, cut_next)
        _append_trimmed(text, cursor, le, spans)
        line_start = le + 1
    return spans


def _append_trimmed(text: str, start: int, end: int, spans: list[Span]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append(Span(start=start, end=end))

"""Sentence segmentation with exact spans, shared by chunking, the extractive engine and the checker.

News text defeats naive splitting on ". ": abbreviations ("U.S.", "Dr."), initials, German ordinals
("vom 10. bis 13. September"), dates ("9/4/2023") and quotes closing after the full stop. The rules
here are deliberately conservative: a missed split costs a longer sentence, a wrong split cuts a
claim in half.

Three segment boundaries are not punctuation: a leading ``date YYYY-MM-DD`` token (scraped articles
begin " date 2023-09-05 The real text…"), a paragraph's opening dateline ("KESSELBACH, 14 March 2024 —
The council…", "Berlin (dpa) – Die…") and an all-caps dateline after a standfirst ("…Vladivostok
WASHINGTON: North Korean leader…") end the text before them, so that ingest can mark them as furniture without
cutting a sentence in half.

Every step looks at a bounded window around a candidate boundary, so a 1 MB line costs linear time.
"""

from __future__ import annotations

import bisect
import re

from briefer.metadata import match_dateline
from briefer.models import Span

_ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof gen col lt sgt capt gov sen rep st jr sr vs etc inc ltd co corp dept
    jan feb mar apr jun jul aug sep sept oct nov dec no nr fig approx ca bzw usw vgl ggf evtl
    dt hr fr abs art mio mrd bzw z.b d.h u.a s.o e.g i.e cf al
    """.split()
)
# German words after which "2." is an ordinal ("im 2. Quartal", "am 3. Tag", "der 1. Weltkrieg").
_BEFORE_ORDINAL = frozenset(
    "im am vom zum beim bis ab seit zur der die das des dem den ein eine einem einer eines jeder jedes".split()
)
_GERMAN_MONTHS = frozenset("januar februar märz april mai juni juli august september oktober november dezember".split())

# Candidate boundary: a run of terminal punctuation (matched only from the run's first character,
# so a line of a million dots is scanned once, not once per dot), optional closing quotes or
# brackets, then whitespace. “ and ‘ close German quotes („so“).
# A full stop with no space after it ("for longer.MSCI's index") is _GLUED's, which knows URLs.
# (The run's first character is matched before the look back, so that the regex engine scans for it
# rather than trying the look back at every position: the same matches, found some times faster.)
_BOUNDARY = re.compile(r"[.!?…](?<![.!?…][.!?…])[.!?…]*+[\"'”’“‘»)\]]*+(?=\s)")
_NEXT_WORD = re.compile(r"[\w\-]+")
_INITIALS = re.compile(r"(?:[a-z]\.)*[a-z]")
_LOOKBACK = 48  # longer "words" are never abbreviations, so nothing further back matters
# "longer.MSCI's": a full stop with no space after it, between a lowercase word and a capitalised one
# (or an acronym of three or more capitals). "N.Korea", "ASP.NET", "Node.JS" and "3.5" do not qualify.
# (The stop is matched before the look back at the two letters before it, for the scan as in _BOUNDARY.)
_GLUED = re.compile(r"[.!?](?<=[^\W\d_][^\W\d_A-ZÄÖÜ][.!?])(?=[A-ZÄÖÜ](?:[a-zäöüß]|[A-ZÄÖÜ]{2}))")
_URLISH = frozenset("./@:\\=_")
# A block-quote or bullet marker opening a line ("> ", ">> ", "- ", "* ", "+ ").
_BLOCK_MARKER = re.compile(r"(?:>[ \t]?)+(?:[-*+][ \t]+)?|[-*+][ \t]+(?:>[ \t]?)*(?=\S)")
# Quotation marks: an opener and the closers that end it (German „…“, English “…”, guillemets both ways).
_QUOTE_MARK = re.compile(r"[„“”«»\"]")
_CLOSERS = {"„": "“”", "“": "”", "«": "»", "»": "«", '"': '"'}
_QUOTE_MAX = 600  # a quotation that does not close within this many characters is not held together

# " date 2023-09-05 " at the very start of a line: the scraper's date stamp, not part of any sentence.
LEADING_DATE = re.compile(r"[ \t]*date (\d{4})-(\d{2})-(\d{2})(?=\s|$)")
# "WASHINGTON: " or "NEW YORK: " after a standfirst that has no full stop; only near a line's start,
# where agency datelines live, and only before a capitalised word.
_CAPS_DATELINE = re.compile(r"(?<=[\w,)] )[A-Z][A-Z\-]{3,}(?: [A-Z][A-Z\-]{2,})?: (?=[A-Z])")
_DATELINE_WINDOW = 400
# A line without terminal punctuation, colon, dash or date stamp is one segment.
# (Two patterns: without the line-start branch, the first one's characters are scanned for.)
_MAY_CUT = re.compile(r"[.!?…]|: |[—–-][ \t]")
_MAY_CUT_AT_START = re.compile(r"^[ \t]*(?:date |>|[*+][ \t])", re.MULTILINE)
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
    # A single lowercase letter is an abbreviation's part: "z. B.", "d. h.", "u. a.".
    if len(bare) == 1 and bare.isalpha() and word[:1].islower():
        return True
    # German ordinals and dates: "10. September", "vom 10. bis 13.", "im 2. Quartal".
    if bare.isdigit() and len(bare) <= 2:
        if next_token.lower() in _GERMAN_MONTHS or next_token[:1].islower():
            return True
        before = text[max(lo, word_start - 8) : word_start].split()
        if before and before[-1].lower() in _BEFORE_ORDINAL:
            return True
    # A lowercase continuation is almost never a new sentence.
    return bool(next_token[:1].islower())


def _is_glued_boundary(text: str, line_start: int, punct: int) -> bool:
    """ "longer.MSCI's" is two sentences; "www.Example.com", "St.Petersburg" and "e.V.Die" are not."""
    lo = max(line_start, punct - _LOOKBACK)
    left_start = max(text.rfind(" ", lo, punct), text.rfind("\t", lo, punct)) + 1
    left = text[max(left_start, lo) : punct]
    right_end = min(len(text), punct + _LOOKBACK)
    right = text[punct + 1 : right_end].split(None, 1)[0] if punct + 1 < right_end else ""
    if any(c in _URLISH for c in left) or any(c in "/@\\=" for c in right):
        return False
    if "." in right.rstrip('.!?,;:"”’»)').rstrip("'’s"):  # "Example.com", a second domain label
        return False
    return left.lstrip("(\"'“‘„").lower() not in _ABBREVIATIONS


def _quote_regions(text: str, ls: int, le: int) -> list[tuple[int, int]]:
    """(opening mark, closing mark) of every quotation in the line that is bound to its attribution:
    one that ends without a full stop ("…a failure,” Putin said") or follows a colon or comma ("He
    said: “…”"), and closes within ``_QUOTE_MAX``. A quotation standing alone may still be split."""
    regions: list[tuple[int, int]] = []
    opened, opener = -1, ""
    for m in _QUOTE_MARK.finditer(text, ls, le):
        mark, at = m.group(0), m.start()
        if opened >= 0 and mark in _CLOSERS[opener]:
            before_open = text[max(ls, opened - 3) : opened].rstrip()
            attributed = text[at - 1] not in ".!?…" or before_open.endswith((":", ","))
            if at - opened <= _QUOTE_MAX and attributed:
                regions.append((opened, at))
            opened = -1
        elif mark in _CLOSERS:
            opened, opener = at, mark
    return regions


def _inside_quote(regions: list[tuple[int, int]], punct: int, run_end: int) -> bool:
    """True when the full stop at ``punct`` stands inside a quotation that goes on after its run:
    "“It is stalling. It is a failure,” Putin said." is one sentence with its attribution."""
    i = bisect.bisect_left(regions, (punct, -1)) - 1
    return i >= 0 and regions[i][0] < punct and run_end <= regions[i][1]


def _line_cuts(text: str, ls: int, le: int, at_line_start: bool, quotations: bool) -> list[tuple[int, int]]:
    """(end of this segment, start of the next) pairs within one line, in order."""
    if not (_MAY_CUT.search(text, ls, le) or _MAY_CUT_AT_START.match(text, ls, le)):  # most headings, list lines
        return []
    cuts: list[tuple[int, int]] = []
    if at_line_start:
        first = ls
        if date := LEADING_DATE.match(text, ls, le):
            cuts.append((date.end(), date.end()))
            first = date.end()
        while first < le and text[first].isspace():
            first += 1
        if marker := _BLOCK_MARKER.match(text, first, le):
            # "> quoted", "- item": the Markdown marker is not part of the sentence after it.
            cuts.append((marker.end(), marker.end()))
            first = marker.end()
        if opening := match_dateline(text, first, le):
            cuts.append((opening.end(), opening.end()))
    quotes = _quote_regions(text, ls, le) if quotations and _QUOTE_MARK.search(text, ls, le) else []
    for m in _BOUNDARY.finditer(text, ls, le):
        nxt = m.end()
        while nxt < le and text[nxt].isspace():
            nxt += 1
        if (
            nxt < le
            and not _is_false_boundary(text, ls, m.start(), nxt)
            and not (quotes and _inside_quote(quotes, m.start(), m.end()))
        ):
            cuts.append((m.end(), nxt))
    for m in _GLUED.finditer(text, ls, le):
        if _is_glued_boundary(text, ls, m.start()) and not (quotes and _inside_quote(quotes, m.start(), m.end())):
            cuts.append((m.end(), m.end()))

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


def split_sentences(text: str, start: int = 0, end: int | None = None, *, quotations: bool = False) -> list[Span]:
    """Sentence spans of ``text[start:end]``, trimmed of surrounding whitespace.

    Line breaks always end a sentence: in the articles briefer reads, a line is a paragraph,
    a heading or a piece of furniture, never half a sentence.

    With ``quotations``, a quotation of several sentences bound to its attribution is one span
    ("“It is not stalling. It is a failure,” Putin said."): the evidence a checker wants. It is off
    by default because the extractive engine's story clustering, tuned on the split form, loses the
    seeds' Reznikov story when the seeds' two such quotations are joined.
    """
    end = len(text) if end is None else min(end, len(text))
    spans: list[Span] = []
    line_start = text.rfind("\n", 0, start) + 1
    while line_start < end:
        newline = text.find("\n", line_start, end)
        le = end if newline == -1 else newline
        ls = max(line_start, start)
        cursor = ls
        for cut_end, cut_next in _line_cuts(text, ls, le, ls == line_start, quotations):
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

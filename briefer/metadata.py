"""What an article says about itself: its dates, bylines, datelines, outlet and author.

These lines are metadata, never content, headings or titles: "30 October 2024", "Stand: 31.10.2024,
14:05 Uhr", "By Jane Doe | 31 October 2024", "Von Ingrid Sauer", and the dateline that opens a
report, "KESSELBACH, 14 March 2024 —" or "Berlin (dpa) –". Furniture marks them with these rules;
ingest reads the publication date, author and outlet from the marked spans.

Dates are read in the ordinary English and German forms — "30 October 2024", "October 31, 2024",
"Oct. 31, 2024", "31.10.2024", "3. März 2024", ISO "2024-10-31" (with or without a time) and US
"10/31/2024" — and never invented: a date without a year ("Oct 31") is no date. ``bench/dates.py``
measures these rules against python-dateutil on the table of ``tests/test_metadata.py``.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple

_MONTH_NUMBERS = {
    **{
        m: i
        for i, m in enumerate(
            "january february march april may june july august september october november december".split(), 1
        )
    },
    **{
        m: i
        for i, m in enumerate(
            "januar februar märz april mai juni juli august september oktober november dezember".split(), 1
        )
    },
    "jänner": 1,
    "maerz": 3,
    "sept": 9,
    **{m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)},
    **{m: i for i, m in enumerate("jan feb mär apr mai jun jul aug sep okt nov dez".split(), 1)},
}
_MONTH = "(?i:" + "|".join(sorted(_MONTH_NUMBERS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = (
    r"(?i:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thurs|fri|sat|sun"
    r"|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonnabend|sonntag|mo|di|mi|do|fr|sa|so)\.?"
)
_I = re.IGNORECASE
# One alternation, a named group per form; the groups are read by :func:`_date_of`.
DATE = re.compile(
    r"(?<![\w.])(?:"
    r"(?P<iy>\d{4})-(?P<im>\d{2})-(?P<id>\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
    r"|(?P<nd>\d{1,2})\.\s?(?P<nm>\d{1,2})\.\s?(?P<ny>\d{4})"
    rf"|(?P<dd>\d{{1,2}})(?:\.|st|nd|rd|th)?\s+(?:of\s+)?(?P<dm>{_MONTH}),?\s+(?P<dy>\d{{4}})"
    rf"|(?P<mm>{_MONTH})\s+(?P<md>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<my>\d{{4}})"
    r"|(?P<sa>\d{1,2})/(?P<sb>\d{1,2})/(?P<sy>\d{4})"
    r")(?![\w])",
    _I,
)
# The same forms without group names, to embed in the line patterns below (read again with parse_date).
_ANY_DATE = re.sub(r"\?P<\w+>", "?:", DATE.pattern)
_TIME = (
    r"(?i:(?:\d{1,2}[:.]\d{2}(?::\d{2})?|\d{1,2})\s*(?:uhr|h|[ap]\.?\s?m\.?)?"
    r"(?:\s*(?:et|est|edt|pt|pst|pdt|gmt|utc|cet|cest|mez|mesz|bst))?)"
)
_LABEL = (
    r"(?i:(?:first\s+)?(?:published|updated|last\s+updated|posted|modified|date|dated|on|at"
    r"|veröffentlicht|aktualisiert|zuletzt\s+aktualisiert|erschienen|stand|datum|vom|am|um|seit)(?:\s+(?:on|am))?)"
)
_SEP = r"[\s,|·•/:;()\[\]\-–—]*"
# A line that is only a date: labels, weekdays, times and separators around one or two dates.
DATE_LINE = re.compile(
    rf"{_SEP}(?:{_LABEL}{_SEP})?(?:{_WEEKDAY}{_SEP})?{_ANY_DATE}"
    rf"(?:{_SEP}(?:{_LABEL}{_SEP})?(?:{_WEEKDAY}{_SEP})?(?:{_ANY_DATE}|{_TIME}))*{_SEP}",
    _I,
)
_UPDATED = re.compile(r"\b(?:updated|modified|aktualisiert|stand)\b", _I)

_NAME_WORD = r"(?:(?:Dr|Prof|Mag)\.\s+)?[A-ZÄÖÜ][\w'’\-]*\.?"
_PARTICLE = r"(?:von|van|de|der|den|du|da|di|le|la|al|bin|zu|vom|ter)"
_NAME = rf"{_NAME_WORD}(?:\s+(?:{_PARTICLE}\s+)?{_NAME_WORD}){{0,3}}"
_NAMES = rf"{_NAME}(?:\s+(?:and|und|&)\s+{_NAME})*"  # a comma starts the outlet: "By Jane Doe, Reuters"
# The words after a byline's names: an outlet or role, a date, a time (not a sentence: no full stop).
_TAIL_PART = rf"(?:{_ANY_DATE}|{_TIME}|{_LABEL}|[A-ZÄÖÜ][\w'’&.\-]*|(?i:for|für|der|die|des|the|of|and|und)\b)"
BYLINE = re.compile(
    rf"(?i:(?:written\s+)?by|von|text|autor(?:in)?|author|reporter(?:in)?)\s*:?\s+(?P<names>{_NAMES})"
    rf"(?P<tail>(?:\s*[,|·•/–—(]\s*|\s+(?=(?i:for|für)\b)){_TAIL_PART}(?:[\s,|·•/:()–—\-]*{_TAIL_PART})*)?\s*\)?",
)
# A lone "Source: Reuters" or "Quelle: dpa" line names the outlet.
SOURCE_LINE = re.compile(r"(?:source|quelle|via)\s*:\s*(?P<outlet>[A-ZÄÖÜ][\w'’&.\- ]{1,60}?)", _I)
AGENCIES = (
    "Reuters",
    "AP",
    "AFP",
    "dpa",
    "KNA",
    "epd",
    "Bloomberg",
    "DW",
    "APA",
    "SDA",
    "Keystone-SDA",
    "ANSA",
    "EFE",
    "Interfax",
    "TASS",
    "Yonhap",
    "Xinhua",
    "PA",
    "UPI",
)
_AGENCY = "(?:" + "|".join(re.escape(a) for a in sorted(AGENCIES, key=len, reverse=True)) + ")"
_PLACE_CAPS = r"[A-ZÄÖÜ][A-ZÄÖÜ'’.\-]{2,}(?:\s+[A-ZÄÖÜ][A-ZÄÖÜ'’.\-]+){0,3}"
_PLACE = r"[A-ZÄÖÜ][\wäöüß'’.\-]+(?:\s+[A-ZÄÖÜ][\wäöüß'’.\-]+){0,2}"
_DAY_MONTH = rf"(?:{_MONTH}\s+\d{{1,2}}|\d{{1,2}}\.?\s+{_MONTH})"
# "KESSELBACH, 14 March 2024 — ", "BERLIN, Oct 31 (Reuters) - ", "Berlin/Kiew (dpa) – ": a place (an all-caps
# one may name its region: "DRESDEN, Germany (AP) — "), then a
# date and/or an agency, then a dash, at the start of a paragraph. An all-caps place needs neither; a
# capitalised one ("Berlin") needs one of them, or it is the first words of a sentence.
_WHEN = rf"(?:,\s*(?:{_ANY_DATE}|{_DAY_MONTH}))"
_BY_AGENCY = rf"(?:\s*\((?P<agency>{_AGENCY})(?:/{_AGENCY})*\))"
_DASH = r"(?:\*\*|__|\*|_)?\s*[—–\-]{1,2}[ \t]+(?=[\"“„‚'A-ZÄÖÜ0-9])"  # "**KIEW** – …" in Markdown
# After an all-caps place, its region or country as agencies write it: "DRESDEN, Germany", "WASHINGTON, D.C.".
_REGION = r"(?:,\s*[A-Z][\w.'’\-]*(?:\s+[A-Z][\w.'’\-]*){0,2})"
DATELINES = (
    re.compile(rf"(?:\*\*|__|\*|_)?{_PLACE_CAPS}(?:/{_PLACE_CAPS})*{_REGION}?{_WHEN}?{_BY_AGENCY}?{_DASH}"),
    re.compile(rf"(?:\*\*|__|\*|_)?{_PLACE}(?:/{_PLACE})*(?:{_WHEN}|(?=\s*\({_AGENCY}[/)])){_BY_AGENCY}?{_DASH}"),
)
# A line that is a place and a date, as a dateline set on a line of its own: "Frankfurt, 5 June 2025",
# "BERLIN, 31.10.2024". (The place is what the article's opening dateline would name.)
PLACE_DATE_LINE = re.compile(rf"{_PLACE}(?:/{_PLACE})*\s*,\s*{DATE_LINE.pattern}")


def match_dateline(text: str, pos: int, endpos: int) -> re.Match[str] | None:
    """The dateline opening the paragraph ``text[pos:endpos]``, if it has one."""
    for pattern in DATELINES:
        if m := pattern.match(text, pos, min(endpos, pos + 160)):
            return m
    return None


class Dated(NamedTuple):
    date: dt.date
    updated: bool  # "Updated: …", "Stand: …": the last change, not the first publication


def parse_date(text: str) -> dt.date | None:
    """The first full date in ``text`` (day, month and year all stated), or None."""
    for m in DATE.finditer(text):
        if (date := _date_of(m)) is not None:
            return date
    return None


def _date_of(m: re.Match[str]) -> dt.date | None:
    g = m.groupdict()
    try:
        if g["iy"]:
            return dt.date(int(g["iy"]), int(g["im"]), int(g["id"]))
        if g["ny"]:
            return dt.date(int(g["ny"]), int(g["nm"]), int(g["nd"]))
        if g["dy"]:
            return dt.date(int(g["dy"]), _month(g["dm"]), int(g["dd"]))
        if g["my"]:
            return dt.date(int(g["my"]), _month(g["mm"]), int(g["md"]))
        a, b = int(g["sa"]), int(g["sb"])
        month, day = (b, a) if a > 12 else (a, b)  # US order, as news sites print it, unless it cannot be
        return dt.date(int(g["sy"]), month, day)
    except ValueError:
        return None


def _month(word: str) -> int:
    return _MONTH_NUMBERS[word.rstrip(".").lower()]


# Markdown emphasis at a word's edge: "**By Jane Doe** | *Metro Wire*" (not the "_" inside "jane_doe").
_EMPHASIS = re.compile(r"(?<![\w*_])[*_]+|[*_]+(?![\w*_])")


def unemphasised(line: str) -> str:
    """``line`` without its Markdown emphasis marks, for reading a byline or date line set in bold or italics."""
    return _EMPHASIS.sub("", line).strip()


def line_kind(line: str) -> str | None:
    """``"date"`` for a line that is only a date (with labels, weekday, time), ``"byline"`` for an
    author line ("By Jane Doe | 31 October 2024", "Von Ingrid Sauer"), ``"source"`` for "Source: dpa"."""
    if len(line) > 200 or line.rstrip()[-1:] in ".!?" and not line.rstrip().endswith(("a.m.", "p.m.")):
        return None
    if (DATE_LINE.fullmatch(line) or PLACE_DATE_LINE.fullmatch(line)) and parse_date(line) is not None:
        return "date"
    if BYLINE.fullmatch(line):
        return "byline"
    if SOURCE_LINE.fullmatch(line):
        return "source"
    return None


def dated(text: str) -> Dated | None:
    """The date a date, byline or dateline span states, and whether it is labelled as an update."""
    date = parse_date(text)
    return None if date is None else Dated(date, bool(_UPDATED.search(text)))


def byline_parts(line: str) -> tuple[str | None, str | None]:
    """(author, outlet) from a byline: "By Jane Doe, Kesselbacher Kurier | 31 October 2024"."""
    m = BYLINE.fullmatch(line)
    if m is None:
        return None, None
    author = m.group("names").strip()
    tail = m.group("tail") or ""
    tail = DATE.sub("|", tail)
    tail = re.sub(rf"(?<!\w){_TIME}(?!\w)|(?<!\w){_LABEL}(?!\w)", "|", tail, flags=_I)
    pieces = [p.strip(" ,|·•/:()–—-") for p in re.split(r"[|·•/(),–—]", tail)]
    pieces = [re.sub(r"^(?:(?:for|für)\s+)?(?:(?:the|der|die|das|den)\s+)?", "", p, flags=_I) for p in pieces]
    outlet = next((p for p in pieces if p and p[0].isupper()), None)
    return author, outlet


def source_outlet(line: str) -> str | None:
    m = SOURCE_LINE.fullmatch(line)
    return m.group("outlet").strip() if m else None


class Described(NamedTuple):
    date: dt.date | None
    author: str | None
    outlet: str | None


_FRONT_MATTER_KEY = re.compile(
    r"^[ \t]*(?P<key>[A-Za-z_]+)[ \t]*:[ \t]*[\"']?(?P<value>[^\n\"']*?)[\"']?[ \t]*$", re.MULTILINE
)
_AUTHOR_KEYS = frozenset({"author", "authors", "byline", "autor", "autorin"})
_OUTLET_KEYS = frozenset({"outlet", "source", "publisher", "publication", "site", "quelle", "medium"})
_DATE_KEYS = frozenset({"date", "published", "pubdate", "publishdate", "datum", "created"})


def describe(text: str, spans: list[tuple[int, int, str]]) -> Described:
    """Publication date, author and outlet, from the metadata spans ``(start, end, kind)`` of ``text``.

    The first date that is not labelled an update wins ("Updated: …" only when nothing else is dated);
    dates in the body are about events, not publication, and are never used. An agency in a dateline
    ("Berlin (dpa) –") is the outlet only when no byline or source line names one.
    """
    first: dt.date | None = None
    updated: dt.date | None = None
    author = outlet = agency = None
    for start, end, kind in spans:
        piece = unemphasised(text[start:end])  # "*By Jane Doe*", "**By Jane Doe** | *Metro Wire*": Markdown
        when = None
        if kind == "metadata" and piece.startswith("---"):
            keys = {m.group("key").lower(): m.group("value").strip() for m in _FRONT_MATTER_KEY.finditer(piece)}
            author = author or next((keys[k] for k in _AUTHOR_KEYS if keys.get(k)), None)
            outlet = outlet or next((keys[k] for k in _OUTLET_KEYS if keys.get(k)), None)
            when = next((d for k in _DATE_KEYS if (d := dated(keys.get(k, "")))), None)
        elif kind in ("date", "dateline", "metadata", "byline"):
            when = dated(piece)
        if kind == "byline":
            names, named_outlet = byline_parts(piece)
            author, outlet = author or names, outlet or named_outlet
        elif kind == "source":
            outlet = outlet or source_outlet(piece)
        elif kind == "dateline" and (m := match_dateline(piece + " X", 0, len(piece) + 2)):
            agency = agency or m.group("agency")
        if when is not None and when.updated:
            updated = updated or when.date
        elif when is not None:
            first = first or when.date
    return Described(first or updated, author, outlet or agency)

"""Quantities and dates as the checker compares them: "200,000" = "200.000" = "200 000", "a dozen" = 12,
"1,5 Millionen" = 1.5 million, "12. September" = "September 12", "Mitte August", "last week" = "letzte Woche".

Tables, not cleverness: an editor who finds a missed form adds it here. English and German, the
languages of the seed articles; across languages these are what can be compared offline.
"""

from __future__ import annotations

import re
from functools import lru_cache

from briefer.lexicon.patterns import alternation, first_letter

# ---------------------------------------------------------------- numbers

_NUMBER_WORDS = {
    # "one"/"ein" are left out: "one of the few", "ein Treffen" are not counts.
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "thousand": 1000,
    "dozen": 12,
    "zwei": 2,
    "drei": 3,
    "vier": 4,
    "fünf": 5,
    "sechs": 6,
    "sieben": 7,
    "acht": 8,
    "neun": 9,
    "zehn": 10,
    "elf": 11,
    "zwölf": 12,
    "zwanzig": 20,
    "dreißig": 30,
    "vierzig": 40,
    "fünfzig": 50,
    "hundert": 100,
    "tausend": 1000,
    "dutzend": 12,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "zweite": 2,
    "dritte": 3,
    "vierte": 4,
    "fünfte": 5,
    "twice": 2,  # "both" and "beide" say which, not how many: "both companies" is no figure
}
_ORDINALS = frozenset("second third fourth fifth sixth seventh eighth ninth tenth".split())
_FRACTIONS = {"halbe": 2, "drittel": 3, "viertel": 4, "fünftel": 5, "sechstel": 6, "achtel": 8, "zehntel": 10}
# After "the two" / "the three", these words show a pronoun ("the two had met"), not a count of things.
_AFTER_PRONOUN = frozenset(
    "had have has were are was will would met agreed said spoke signed also both then later".split()
)
# Words that multiply the number before them ("1.5 million", "3 Mrd.").
_SCALES = {
    "thousand": 1e3,
    "million": 1e6,
    "millions": 1e6,
    "billion": 1e9,
    "billions": 1e9,
    "trillion": 1e12,
    "tausend": 1e3,
    "mio": 1e6,
    "million_de": 1e6,
    "millionen": 1e6,
    "milliarde": 1e9,
    "milliarden": 1e9,
    "mrd": 1e9,
    "bn": 1e9,
    "mln": 1e6,
    "m": 1e6,
}
_NUMBER = re.compile(
    r"(?<![\w.,])(?<![^\W\d_]-)(\d{1,3}(?:([,.\u00a0\u202f])\d{3})(?:\2\d{3})*|\d+(?:[.,]\d+)?)(?:st|nd|rd|th)?"
    r"(?:\s*-?\s*(thousand|millions?|billions?|trillion|tausend|mio|mln|millionen|milliarden?|mrd|bn)\b)?",
    re.IGNORECASE,
)
# 9/4/2023, 4.9.2023, 2023-09-04: the month is one of the first two numbers (or the ISO middle one).
_NUMERIC_DATE = re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.](?:\d{4}|\d{2})\b|\b\d{4}-(\d{2})-\d{2}\b")
_WORDS = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


def word_value(word: str) -> tuple[float, bool] | None:
    """The value a spelled-out number or a magnitude word stands for, and whether it is a magnitude
    ("two" → (2, False), "million" → (1e6, True)); None for any other word."""
    low = word.lower()
    if low in _SCALES and len(low) > 1:  # "m" is also metres
        return _SCALES[low], True
    count = _NUMBER_WORDS.get(low)
    return (float(count), False) if count is not None else None


def numbers(text: str) -> set[float]:
    """Every quantity mentioned, as a value: "200,000", "200.000", "1.5 million", "a dozen", "70th".

    A numeric date ("4.9.2023", "9/4/2023") counts as its day, month and year, never as "4.9".
    Each caller gets its own set; a sentence's are found once (the checker reads a cited sentence
    both as evidence and as a quote), a long text's every time (the cache holds only short texts).
    """
    if len(text) > _CACHED_TEXT:
        return set(_numbers(text))
    return set(_cached_numbers(text))


_CACHED_TEXT = 1000  # characters: sentences, not whole sources (at most 4,096 × 1,000 characters held)


@lru_cache(maxsize=4096)
def _cached_numbers(text: str) -> frozenset[float]:
    return _numbers(text)


def _numbers(text: str) -> frozenset[float]:
    found: set[float] = set()
    for m in _NUMERIC_DATE.finditer(text):
        found.update(float(n) for n in re.findall(r"\d+", m.group(0)))
    text = _NUMERIC_DATE.sub(" ", text)
    for m in _NUMBER.finditer(text):
        digits, sep, scale = m.group(1), m.group(2), m.group(3)
        if sep:  # 3,000 or 3.000: thousands separators in either language
            value = float(digits.replace(sep, ""))
        else:
            value = float(digits.replace(",", "."))
        if scale:
            value *= _SCALES[scale.lower()]
        found.add(round(value, 6))
    words = _WORDS.findall(text.lower())
    if _COUNTING.isdisjoint(words):
        return frozenset(found)  # no number word: the loop below would add nothing (a word holds no "-")
    previous = 0
    for k, word in enumerate(words):
        before = words[k - 1] if k else ""
        after = words[k + 1] if k + 1 < len(words) else ""
        for part in word.split("-"):
            count = _NUMBER_WORDS.get(part)
            if count is None and part in _FRACTIONS:
                found.add(round(1 / _FRACTIONS[part], 6))  # "ein Fünftel" is a fifth, not five
            elif count is not None and part in _ORDINALS and before in ("a", "one") and after == "of":
                found.add(round(1 / count, 6))  # "a fifth of its trains"
                count = None
            elif count is not None and before in ("the", "die", "these") and after in _AFTER_PRONOUN:
                count = None  # "the two had met": the two named before, no figure
            if count is not None:
                found.add(float(count))
                if previous and previous % 10 == 0 and 20 <= previous <= 90 and count < 10:
                    found.add(float(previous + count))  # "twenty five", "twenty-five" → 25
            previous = count or 0
    return frozenset(found)


_COUNTING = frozenset(_NUMBER_WORDS) | frozenset(_FRACTIONS)  # the words _numbers' word loop reads


# ---------------------------------------------------------------- dates

_MONTHS = {
    1: "january januar jänner jan",
    2: "february februar feb",
    3: "march märz maerz mar",
    4: "april apr",
    5: "may mai",
    6: "june juni jun",
    7: "july juli jul",
    8: "august aug",
    9: "september sept sep",
    10: "october oktober oct okt",
    11: "november nov",
    12: "december dezember dec dez",
}
_WEEKDAYS = {
    1: "monday montag",
    2: "tuesday dienstag",
    3: "wednesday mittwoch",
    4: "thursday donnerstag",
    5: "friday freitag",
    6: "saturday samstag sonnabend",
    7: "sunday sonntag",
}
# Every number and numeric date starts at a digit: a digit test in front lets ``re`` pass over the
# other characters without trying the patterns' lookbehinds at each (the same matches, about 1.7x faster).
_NUMBER = re.compile(r"(?=\d)" + _NUMBER.pattern, _NUMBER.flags)
_NUMERIC_DATE = re.compile(r"(?=\d)(?:" + _NUMERIC_DATE.pattern + ")", _NUMERIC_DATE.flags)

_MONTH_OF = {w: n for n, ws in _MONTHS.items() for w in ws.split()}
_WEEKDAY_OF = {w: n for n, ws in _WEEKDAYS.items() for w in ws.split()}
# Candidate words for months and weekdays: every month and weekday name starts with one of these
# capitals or small letters, so one cheap scan finds them and a dict says which they are.
_ALPHA = re.compile(r"[^\W\d_]+")
# Abbreviations that are also ordinary words ("may", "mar", "jun") count only when capitalised.
_AMBIGUOUS = frozenset(("may", "mar", "jun", "jan", "dec", "sep", "nov", "oct", "aug", "apr", "feb"))


_MONTH = re.compile(
    first_letter(_MONTH_OF) + r"(?<![^\W\d_])(" + alternation(_MONTH_OF) + r")(?![^\W\d_])",
    re.IGNORECASE,  # longest first, as a trie, after a test of the first letter
)


def months(text: str, numeric: bool = False) -> set[int]:
    """Months named in ``text``; with ``numeric``, also every month a numeric date may mean (day and
    month order differs by country, so "9/4/2023" may be April or September)."""
    found = numeric_months(text) if numeric else set()
    for m in _MONTH.finditer(text):  # one scan for the candidate words, then the same tests as before
        word = m.group(1)
        lowered = word.lower()
        month = _MONTH_OF.get(lowered)
        if month is None or (lowered in _AMBIGUOUS and not word[0].isupper()):
            continue
        if lowered == "may" and not _may_is_month(text, m.start()):
            continue
        found.add(month)
    return found


def numeric_months(text: str) -> set[int]:
    """Every month a numeric date in ``text`` may mean."""
    return {int(g) for m in _NUMERIC_DATE.finditer(text) for g in m.groups() if g and 1 <= int(g) <= 12}


def _may_is_month(text: str, at: int) -> bool:
    """ "May" starting a sentence is the modal verb; "in May", "May 5" is the month."""
    before = text[max(0, at - 12) : at].lower().split()
    after = text[at + 3 : at + 8].strip()
    return (
        bool(before and before[-1] in ("in", "of", "since", "until", "late", "early", "mid", "on", "last"))
        or after[:1].isdigit()
    )


_RELATIVE = re.compile(
    r"\b(last|past|previous|this|next|coming|letzte[nmrs]?|vergangene[nmrs]?|vorige[nmrs]?|diese[nmrs]?"
    r"|nächste[nmrs]?|kommende[nmrs]?)\s+(year|month|week|weekend|jahr(?:es)?|monat(?:s)?|woche|wochenende)\b"
    r"|\b(yesterday|today|tomorrow|tonight|gestern|heute)\b",
    re.IGNORECASE,
)
_WHEN = {
    "last": "last",
    "past": "last",
    "previous": "last",
    "letzt": "last",
    "vergangen": "last",
    "vorig": "last",
    "this": "this",
    "dies": "this",
    "next": "next",
    "coming": "next",
    "nächst": "next",
    "kommend": "next",
}
_UNIT = {
    "year": "year",
    "jahr": "year",
    "month": "month",
    "monat": "month",
    "week": "week",
    "woche": "week",
    "weekend": "weekend",
    "wochenende": "weekend",
}
_DAY = {
    "yesterday": "yesterday",
    "gestern": "yesterday",
    "today": "today",
    "tonight": "today",
    "heute": "today",
    "tomorrow": "tomorrow",
}


_TIME_UNITS = {
    "hour": "hour hours stunde stunden stundenlang",
    "day": "day days tag tage tagen tagelang",
    "week": "week weeks woche wochen wochenlang",
    "month": "month months monat monate monaten monatelang",
    "year": "year years jahr jahre jahren jahres jahrelang",
    "decade": "decade decades jahrzehnt jahrzehnte jahrzehnten jahrzehntelang",
}
_TIME_UNIT_OF = {w: unit for unit, words in _TIME_UNITS.items() for w in words.split()}


def time_units(text: str) -> dict[str, str]:
    """The units of time a text counts in, English or German, each with the first word that names it:
    "several months" → {"month": "months"}, "mehrere Wochen" → {"week": "Wochen"}."""
    found: dict[str, str] = {}
    for m in _ALPHA.finditer(text):
        unit = _TIME_UNIT_OF.get(m.group(0).lower())
        if unit:
            found.setdefault(unit, m.group(0))
    return found


# A length of time said as an adjective: "a 48-hour strike", "a two-week closure", "ein 24-stündiger
# Warnstreik", "die zweitägigen Gespräche". Years are left out: "45-year-old", "45-jähriger" are ages.
_HOURS_IN = {"hour": 1.0, "day": 24.0, "week": 168.0, "month": 730.0}
_GERMAN_DURATION = {"stündig": "hour", "tägig": "day", "wöchig": "week", "monatig": "month"}
_DURATION = re.compile(
    r"(?<![\w.,-])(?:(\d+(?:[.,]\d+)?|[^\W\d_]+)-(hour|day|week|month)(?:-long)?(?=\s+[^\W\d_])"
    r"|(\d+-|[^\W\d_]+?)(stündig|tägig|wöchig|monatig)(?:e|en|er|em|es)?(?![^\W\d_]))",
    re.IGNORECASE,
)


def durations(text: str) -> list[tuple[str, float]]:
    """The lengths of time a text gives as adjectives, each as (its words, hours): "a 48-hour strike" →
    [("48-hour", 48.0)], "einen zweitägigen Streik" → [("zweitägigen", 48.0)]."""
    found = []
    for m in _DURATION.finditer(text):
        count, unit = (m.group(1), m.group(2)) if m.group(2) else (m.group(3).rstrip("-"), m.group(4))
        if count[0].isdigit():
            value = float(count.replace(",", "."))
        else:
            spelled = word_value(count)
            if spelled is None or spelled[1]:
                continue
            value = spelled[0]
        hours = _HOURS_IN[_GERMAN_DURATION.get(unit.lower(), unit.lower())]
        found.append((m.group(0), value * hours))
    return found


def relative_dates(text: str) -> set[str]:
    """ "last year", "this month", "letzte Woche", "gestern" … as comparable tokens ("last year")."""
    found: set[str] = set()
    for m in _RELATIVE.finditer(text):
        if m.group(3):
            found.add(_DAY[m.group(3).lower()])
            continue
        when, unit = m.group(1).lower(), m.group(2).lower()
        when = _WHEN.get(when) or _WHEN[re.sub(r"e[nmrs]?$", "", when)]
        unit = _UNIT.get(unit) or _UNIT[re.sub(r"(?:es|s)$", "", unit)]
        found.add(f"{when} {unit}")
    return found


# A German weekday is often the head of a compound: "Dienstagabend", "Montagmorgen", "sonntags".
_DAY_PARTS = "abend|abends|morgen|morgens|nachmittag|nachmittags|vormittag|vormittags|mittag|nacht|s"
_WEEKDAY = re.compile(
    first_letter(_WEEKDAY_OF) + r"(?<![^\W\d_])(" + "|".join(_WEEKDAY_OF) + r")(?:" + _DAY_PARTS + r")?(?![^\W\d_])",
    re.IGNORECASE,
)


def weekdays(text: str) -> set[int]:
    """Weekdays named in ``text`` (one regular-expression scan, not a lookup per word)."""
    return {_WEEKDAY_OF[m.group(1).lower()] for m in _WEEKDAY.finditer(text)}


def is_date_word(word: str) -> bool:
    """A month or weekday name (they have their own rule, not the names rule)."""
    lowered = word.lower().rstrip(".")
    return lowered in _MONTH_OF or lowered in _WEEKDAY_OF

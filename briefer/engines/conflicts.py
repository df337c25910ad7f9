"""Conflicts: where the day's sources disagree, found in their own sentences.

Two kinds. The same measured thing with different values: a count of dead, injured or in hospital,
evacuated or missing, or a figure in a unit (metres, kilometres, per cent, magnitude) near the same
names. And a claim against its denial: a sentence that denies, rejects or disputes what another
source's sentence states, when the two share the words of the claim.

Each side keeps its source, its exact span and, when the text gives one, its time ("as of 2 p.m.",
"Stand 14 Uhr", "on Thursday morning"), so that an older toll can be told from its update. Nothing
here decides which side is right: the engine shows every side.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, replace
from functools import lru_cache

from briefer.engines.stories import Unit, root, window
from briefer.engines.terms import read_terms
from briefer.lexicon import is_known, measured
from briefer.lexicon.quantities import durations, months
from briefer.lexicon.tables import AUXILIARIES, GERMAN_LIGHT, STOPWORDS
from briefer.models import Conflict, ConflictSide, Sentence

_NUMBER_WORDS = {
    w: n
    for n, words in {
        2: "two zwei",
        3: "three drei",
        4: "four vier",
        5: "five fünf",
        6: "six sechs",
        7: "seven sieben",
        8: "eight acht",
        9: "nine neun",
        10: "ten zehn",
        11: "eleven elf",
        12: "twelve zwölf",
        13: "thirteen dreizehn",
        14: "fourteen vierzehn",
        15: "fifteen fünfzehn",
        16: "sixteen sechzehn",
        17: "seventeen siebzehn",
        18: "eighteen achtzehn",
        19: "nineteen neunzehn",
        20: "twenty zwanzig",
        30: "thirty dreißig",
        40: "forty vierzig",
        50: "fifty fünfzig",
        100: "hundred hundert",
    }.items()
    for w in words.split()
}
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:[-'’][^\W\d_]+)*|%")
# What a count is of, by the stems of the words around it.
_KINDS = {
    "dead": (
        "kill",
        "dead",
        "died",
        "death",
        "toll",
        "fatalit",
        "tote",
        "toten",
        "getötet",
        "gestorben",
        "starben",
        "leben",
    ),  # "ums Leben gekommen"
    "injured or in hospital": ("injur", "hurt", "hospital", "wounded", "verletz", "krankenh", "klinik"),
    "evacuated": ("evacu", "evaku", "sicherheit"),  # "in Sicherheit gebracht"
    "missing": ("missing", "vermisst"),
}
_UNITS = {
    "metre": "metres",
    "metres": "metres",
    "meter": "metres",
    "metern": "metres",
    "m": "metres",
    "kilometres": "kilometres",
    "kilometer": "kilometres",
    "kilometern": "kilometres",
    "km": "kilometres",
    "centimetres": "centimetres",
    "zentimeter": "centimetres",
    "cm": "centimetres",
    "%": "per cent",
    "percent": "per cent",
    "prozent": "per cent",
    "magnitude": "magnitude",
    "stärke": "magnitude",
    "tonnes": "tonnes",
    "tons": "tonnes",
    "tonnen": "tonnes",
    "kilograms": "kilograms",
    "kilogramm": "kilograms",
    "kg": "kilograms",
    "litres": "litres",
    "liters": "litres",
    "liter": "litres",
    "litern": "litres",
}
_NOT_A_COUNT = frozenset(
    "a p m a.m am p.m pm uhr o'clock h hours stunden minutes minuten years jahre jahren year jahr days tage tagen "
    "january february march april may june july august september october november december januar februar "
    "märz mai juni juli oktober dezember th st nd rd "
    # "a 48-hour strike", "24-stündigen": a length of time (read by lexicon.quantities.durations)
    "hour day week month stündige stündigen stündiger tägige tägigen tägiger wöchige wöchigen".split()
)
# A count followed by one of these counts people; followed by another plural noun ("1,200 soldiers",
# "9,000 households") it counts something else than the toll near it.
_PEOPLE = frozenset(
    "people persons person residents inhabitants passengers children adults men women workers patients "
    "more others bodies menschen personen bewohner anwohner einwohner fahrgäste passagiere kinder "
    "erwachsene weitere tote verletzte vermisste todesopfer".split()
)
# A count of the workers taking part ("12,000 dockworkers", "10.000 Beschäftigte", "8,000 strikers") when no
# toll word is near: of the people words (_PEOPLE_ENDINGS, read first by _counts_something_else), those that
# name workers.
_WORKERS = (
    "workers",
    "employees",
    "strikers",
    "arbeiter",
    "beschäftigte",
    "beschäftigten",
    "mitarbeiter",
    "streikende",
    "streikenden",
)
_EARLIER = frozenset("from earlier previous previously zuvor vorher statt initially ursprünglich".split())
_SUBSET = frozenset("of davon".split())  # "seven of them", "zwei von ihnen": a part of the count, not the count
# Compound nouns of people ("Hafenarbeiter", "dockworkers", "Bahnreisende") count people, like _PEOPLE.
_PEOPLE_ENDINGS = (
    *_WORKERS,
    "insassen",
    "reisende",
    "fahrgäste",
    "passagiere",
    "bewohner",
    "passengers",
    "residents",
    "schüler",
    "besucher",
    "urlauber",
    "menschen",
    "personen",
)
# The words "no" / "keine" count none of: the people or deaths themselves ("no deaths", "keine Toten"),
# not a kind word's place or namesake ("no hospital", "no deadline", "keine Klinik").
_COUNTED_AS_NONE = frozenset("deaths dead fatalities injuries injured wounded tote toten verletzte verletzten".split())
_NOBODY = frozenset("nobody none niemand keiner".split())
_COMPARED = frozenset("above higher more über mehr than als".split())
_DENIAL = re.compile(
    r"\b(?:den(?:y|ied|ies)|rejected|rejects|dismissed|dismisses|disputed|disputes|refuted|"
    r"wies\b.{0,80}\bzurück|zurückgewiesen|bestritt|bestreitet|bestritten|dementier\w*)",
    re.IGNORECASE,
)
_NEGATION = re.compile(
    r"\b(?:not|no|nor|neither|never|nothing|none|weder|nicht|kein\w*|nie|niemals|nichts)\b|n[’']t\b", re.IGNORECASE
)
_CLAIM_WORDS = frozenset(
    "claim claims claimed report reports reported account accounts allegat allegations suggest suggestions "
    "bericht berichte berichten darstel darstellung behaupt behauptung vorwurf vorwürfe".split()
)
_OBJECT_TERMS = 4
_CLAUSE_END = re.compile(r",|;|:|—|–|\(|\band\b|\bund\b|\bsaying\b|\bbut\b|\baber\b")
_AS_OF = re.compile(
    r"\b(?:as of|as at)\s+[^,.;)]*?(?:\d{1,2}(?:[:.]\d\d)?\s*(?:a\.m\.|p\.m\.|am|pm)|\d{1,2}:\d\d|noon|midday|"
    r"[A-Z]\w+day(?:\s+(?:morning|afternoon|evening|night))?)"
    r"|\bStand:?\s+\d{1,2}(?:[.:]\d\d)?\s*Uhr"
    r"|\b(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\s+(?:morning|afternoon|evening|night)"
    r"|\b(?:in the|this|early)\s+(?:morning|afternoon|evening)"
    r"|\bam\s+(?:\w+tag)?(?:morgen|vormittag|nachmittag|abend)\b"
    r"|\bam\s+(?:Vormittag|Nachmittag|Abend|Morgen)\b",
    re.IGNORECASE,
)
_HOUR = re.compile(r"(\d{1,2})(?:[:.](\d\d))?\s*(a\.m\.|p\.m\.|am|pm|uhr)?", re.IGNORECASE)
# Looked up in this order: "afternoon" holds "noon", "Vormittag" and "Nachmittag" hold "mittag".
_PART_OF_DAY = {
    "afternoon": 15,
    "nachmittag": 15,
    "vormittag": 10,
    "morning": 8,
    "morgen": 8,
    "noon": 12,
    "midday": 12,
    "evening": 19,
    "abend": 19,
    "night": 22,
}
_MAX_SIDES = 8
_CLAIMS_COMPARED = 400  # per denial, the claims holding what it denies that are compared, nearest first
_MAX_PER_STORY = 5


@dataclass(frozen=True)
class Reading:
    """One sentence's value for one measured thing."""

    unit: int
    about: str
    value: float
    shown: str
    of: str = ""  # a length of time: what it is the length of ("strike", "pause"; see _measured)
    kinds: frozenset[str] = frozenset()  # a count of things: the English nouns it counts (see counts_of)


def find_conflicts(units: list[Unit], stories: list[list[int]], titles: list[str]) -> list[Conflict]:
    """The disagreements between sources, per story (the stories in the briefing, with their titles).

    Sentences of one event that clustering left in different stories still meet when they share a
    salient name: a conflict then belongs to the story of its first side."""
    story_of = {i: k for k, story in enumerate(stories) for i in story}
    members = sorted(story_of)
    readings = [r for i in members for r in read_values(units[i], i)]
    readings += one_thing_counted([r for i in members for r in counts_of(units[i], i)], units)
    readings += held_by_one([r for i in members for r in levels_of(units[i], i)], units, story_of)
    conflicts = _value_conflicts(units, readings, story_of, titles) + _denials(units, members, story_of, titles)
    per_story: dict[str, int] = defaultdict(int)
    kept = []
    for c in conflicts:
        per_story[c.story] += 1
        if per_story[c.story] <= _MAX_PER_STORY:
            kept.append(c)
    return kept


def read_values(u: Unit, index: int) -> list[Reading]:
    """The counts and measured figures sentence ``index`` gives, with what each is of."""
    return [replace(r, unit=index) for r in _values_in(u.text, u.language)]


@lru_cache(maxsize=1 << 12)  # copies of a report repeat their sentences word for word
def _values_in(text: str, language: str) -> tuple[Reading, ...]:
    """``read_values`` of a sentence's text, read once for each text (``unit`` -1: of no sentence yet)."""
    index = -1
    tokens = [(m.group(0), m.start()) for m in _TOKEN.finditer(text)]
    low = [t.lower() for t, _ in tokens]
    found: list[Reading] = []
    for k, (token, _) in enumerate(tokens):
        value = _value(token, language)
        if value is None:
            if kind := _nobody(low, k):  # "nobody was hurt", "Verletzt wurde niemand": a count of 0
                found.append(
                    Reading(index, kind, 0.0, " ".join(t for t, _ in tokens[k : k + 2 if low[k] == "no" else k + 1]))
                )
            continue
        after = low[k + 1 : k + 3]
        before = low[max(0, k - 4) : k]
        part_of = bool(after) and (after[0] in _SUBSET or after[0] == "von" and after[1:2] == ["ihnen"])
        if (after and after[0] in _NOT_A_COUNT) or part_of or _EARLIER & set(before):
            continue
        if _is_year(token):
            continue  # a year
        if after and _counts_something_else(tokens[k + 1][0], language):
            if after[0] not in _UNITS:
                continue
        if _counts_a_described_thing(tokens, low, k, language):
            continue  # "three minor crashes … but no injuries": three counts crashes, not the injured
        unit = _UNITS.get(after[0]) if after else None
        if unit:
            if len(after) > 1 and after[1] in _COMPARED:
                continue  # "four metres above its usual level": a difference, not the level
            found.append(Reading(index, unit, value, f"{token} {tokens[k + 1][0]}"))
            continue
        about = _nearest_kind(low, k) or ("workers" if after and after[0].endswith(_WORKERS) else None)
        if about:
            found.append(Reading(index, about, value, token))
    found += [
        Reading(index, "length of time", hours, words, _measured(text, words)) for words, hours in durations(text)
    ]
    # One value per thing per sentence: the first (a later one is most often a part or a comparison).
    first: dict[tuple[str, str], Reading] = {}
    for r in found:
        first.setdefault((r.about, r.of), r)
    return tuple(first.values())


# Words before a count that make it no level of the thing: a bound ("more than 43,000"), a change ("revised
# higher by 88,000"), a whole ("157 of 338 seats"), an expectation ("were expecting 870,000 jobs").
_NOT_A_LEVEL = frozenset(
    "than over least most under up by of expected expecting expect forecast predicted als über mindestens "
    "bis um von erwartet erwarteten".split()
)


def counts_of(u: Unit, index: int) -> list[Reading]:
    """The counts of things sentence ``index`` gives ("around 70 barges", "rund 90 Schiffe"): a number
    before a noun that counts neither people nor a toll (read_values reads those), with the English
    nouns it counts (lexicon/counted.py). Only the conflict finder reads them, and only across
    languages (one_thing_counted): the briefing's repeats compare what read_values reads."""
    return [replace(r, unit=index) for r in _counts_in(u.text, u.language)]


@lru_cache(maxsize=1 << 12)  # copies of a report repeat their sentences word for word
def _counts_in(text: str, language: str) -> tuple[Reading, ...]:
    """``counts_of`` a sentence's text, read once for each text (``unit`` -1: of no sentence yet)."""
    from briefer.lexicon.counted import counted_kinds, plural

    index = -1
    tokens = [m.group(0) for m in _TOKEN.finditer(text)]
    low = [t.lower() for t in tokens]
    found = []
    for k, token in enumerate(tokens[:-1]):
        value = _value(token, language)
        noun = tokens[k + 1]
        before = set(low[max(0, k - 3) : k])
        if value is None or low[k + 1] in _NOT_A_COUNT or low[k + 1] in _UNITS or (_EARLIER | _NOT_A_LEVEL) & before:
            continue
        if _is_year(token):
            continue  # a year
        if _counts_something_else(noun, language) and (kinds := counted_kinds(noun, language)):
            found.append(Reading(index, plural(min(kinds)), value, f"{token} {noun}", kinds=kinds))
    return tuple(found)


def one_thing_counted(readings: list[Reading], units: list[Unit]) -> list[Reading]:
    """The counts of things that count one thing in two languages, each named as the first count of
    it (lexicon.counted.same_kind: "70 barges" and "90 Schiffe" both count barges), so that its values
    meet. In one language, two reports' counts of one noun are too often two facts to be read as one
    (1,200 soldiers searched, 900 soldiers joined the search; 870,000 jobs expected, 943,000 added: on
    NeuS, two of three such pairs were); a German and an English report that count one thing at one
    place tell one fact."""
    from briefer.lexicon.counted import same_kind

    firsts: list[Reading] = []
    named = []
    for r in readings:
        first = next((f for f in firsts if same_kind(f.kinds, r.kinds)), None)
        if first is None:
            firsts.append(r)
        named.append(r if first is None else Reading(r.unit, first.about, r.value, r.shown, kinds=r.kinds))
    languages: dict[str, set[str]] = defaultdict(set)
    for r in named:
        languages[r.about].add(units[r.unit].language)
    return [r for r in named if len(languages[r.about]) > 1]


_LOOK_BACK = 10  # tokens before a figure searched for the thing it is of
_ARTICLES = frozenset("a an einen einem".split())


def levels_of(u: Unit, index: int) -> list[Reading]:
    """The levels a rate or share was set to or reached, and the sizes of its changes, in sentence
    ``index`` ("raised its benchmark interest rate by half a percentage point to 4.25 per cent": the
    interest rate at 4.25 per cent and a change of 0.5 points; "hat ihren Leitzins um 0,25
    Prozentpunkte auf 4,0 Prozent angehoben": 4.0 and 0.25), each of the thing named nearest before it
    (lexicon.measured). Not read: a figure of no thing named, a bound or estimate ("more than", "rund"),
    a range ("4 to 4.5 per cent"), a forecast anywhere before it ("expected to rise to", "were looking
    for"). What a figure is compared with (year on year, month on month) and the months and years the
    sentence names are kept with it (``Reading.of``), so that April's inflation meets only April's."""
    return [replace(r, unit=index) for r in _levels_in(u.text, u.language)]


@lru_cache(maxsize=1 << 12)  # copies of a report repeat their sentences word for word
def _levels_in(text: str, language: str) -> tuple[Reading, ...]:
    """``levels_of`` a sentence's text, read once for each text (``unit`` -1: of no sentence yet)."""
    index = -1
    tokens = [(m.group(0), m.start()) for m in _TOKEN.finditer(text)]
    low = [t.lower() for t, _ in tokens]
    found: list[Reading] = []
    when: str | None = None
    for k, (token, start) in enumerate(tokens):
        size = _value(token, language)
        if size is None and low[k] not in measured.SIZE_WORDS:
            continue
        figure = _figure(low, k, size)
        if figure is None:
            continue
        unit, value, end = figure
        m = k - 1
        if m >= 0 and low[m] in _ARTICLES:  # "by a quarter point", "um einen halben Prozentpunkt"
            m -= 1
        if m < 0:
            continue
        if (
            low[m] in measured.NOT_FIRM
            or (m > 0 and low[m - 1] in measured.NOT_FIRM)
            or (m > 0 and _value(tokens[m - 1][0], language) is not None)  # "4 to 4.5 per cent"
            or re.search(r"\d\s*[-–]\s*$", text[max(0, start - 3) : start])  # "4.0-4.25%"
        ):
            continue
        level = low[m] in measured.LEVEL
        if low[m] in measured.LEVEL_OF:
            level = m > 0 and _thing_at(tokens, low, m - 1, language) is not None
        if not level and low[m] not in measured.CHANGE:
            continue
        if unit == "points" and level:
            continue
        thing = _thing_before(tokens, low, text, m, language)
        if thing is None:
            continue
        # A forecast anywhere before the figure ("analysts were expecting 870,000 jobs and the rate to
        # fall to 5.7%") or right after it ("to 4.5 per cent next year").
        if any(low[i] in measured.FORECAST and tokens[i][0] != "May" for i in range(min(len(low), end + 3))):
            continue
        if when is None:
            when = _when_measured(text, low)
        about = thing if level else f"change in the {thing}" + (", per cent" if unit == "per cent" else "")
        shown = text[start if m == k - 1 else tokens[k - 1][1] : tokens[end - 1][1] + len(tokens[end - 1][0])]
        found.append(Reading(index, about, value, shown, when))
    first: dict[str, Reading] = {}
    for r in found:
        first.setdefault(r.about, r)
    return tuple(first.values())


def held_by_one(readings: list[Reading], units: list[Unit], story_of: dict[int, int]) -> list[Reading]:
    """The levels and changes of one story's rates, each told apart by whose rate it is: two sentences
    meet when they share a name that is no dictionary word (its first letters; a German word meets an
    English name it begins with, "Aldoranische" and "Aldoran", as in _related): "Aldoran", "ECB", not
    "Central", "Bank", "Tuesday". A story of two central banks' rates holds two interest rates; a
    sentence that names no one meets no other."""
    groups: dict[tuple[int, str, str], list[int]] = defaultdict(list)
    for k, r in enumerate(readings):
        groups[story_of[r.unit], r.about, r.of].append(k)
    held = list(readings)
    parent = list(range(len(readings)))  # one union-find over all readings; groups never join
    for members in groups.values():
        keys = {k: {name[:5] for name in _anchors(units[readings[k].unit]) if not is_known(name)} for k in members}
        prefixes = set().union(*keys.values())
        for k in members:
            keys[k] |= _german_keys(units[readings[k].unit], prefixes)
        by_key: dict[str, int] = {}
        for k in members:
            for key in sorted(keys[k]):
                other = by_key.setdefault(key, k)
                parent[root(parent, other)] = root(parent, k)
        for k in members:
            r = readings[k]
            held[k] = Reading(r.unit, r.about, r.value, r.shown, f"{r.of}#{root(parent, k) if keys[k] else k}")
    return held


def _german_keys(u: Unit, prefixes: set[str]) -> set[str]:
    """A German sentence's words whose first letters begin a name given elsewhere ("Mertztal" and
    "Mertz", "Aldoranische" and "Aldoran"): German capitalises every noun, so a word counts there only
    when a name elsewhere begins as it does. None for another language."""
    if u.language != "de":
        return set()
    return {t[:5] for t in u.terms if len(t) >= 5 and t[:5] in prefixes}


def _is_year(token: str) -> bool:
    return token.isdigit() and len(token) == 4 and 1900 <= int(token) <= 2100


def _figure(low: list[str], k: int, size: float | None) -> tuple[str, float, int] | None:
    """The unit, value and end (the token after it) of a figure in per cent or in points starting at
    ``k`` ("4.25 per cent", "4,0 Prozent", "half a percentage point", "25 basis points")."""
    nxt = low[k + 1 : k + 3]
    if size is not None and nxt[:1] and nxt[0] in measured.PER_CENT:
        return "per cent", size, k + 2
    if size is not None and nxt == ["per", "cent"]:
        return "per cent", size, k + 3
    j = k + 1
    while j < len(low) and j < k + 4 and low[j] in ("a", "an", "of"):
        j += 1
    scale = 1.0
    if j < len(low) and low[j] in measured.PERCENTAGE:
        j += 1
    elif j < len(low) and low[j] in measured.BASIS:
        scale, j = 0.01, j + 1
    if j >= len(low) or low[j] not in measured.POINTS:
        return None
    value = (size if size is not None else measured.SIZE_WORDS[low[k]]) * scale * measured.POINTS[low[j]]
    return "points", round(value, 4), j + 1


def _thing_at(tokens: list[tuple[str, int]], low: list[str], j: int, language: str) -> str | None:
    word = low[j]
    if language == "de" and tokens[j][0][:1].isupper():
        return measured.german_thing(tokens[j][0])
    if word not in measured.HEADS:
        return None
    return measured.thing_named(frozenset(low[max(0, j - 2) : j + 1]))


def _thing_before(tokens: list[tuple[str, int]], low: list[str], text: str, m: int, language: str) -> str | None:
    """The thing named nearest before the figure's marker at ``m``, in its clause."""
    for j in range(m - 1, max(-1, m - 1 - _LOOK_BACK), -1):
        if low[j] in measured.CLAUSE_BREAKS or ";" in text[tokens[j][1] : tokens[j + 1][1]]:
            return None
        if low[j] in measured.HEADS or (language == "de" and tokens[j][0][:1].isupper()):
            thing = _thing_at(tokens, low, j, language)
            if thing is not None:
                return thing
            if low[j] in measured.HEADS:
                return None  # a bare "rate": which, the sentence does not say
    return None


def _when_measured(text: str, low: list[str]) -> str:
    """What a sentence's figures are compared with, the periods, months and years it names ("year,in a
    quarter|4|2026")."""
    basis = sorted({measured.BASES[w] for w in low if w in measured.BASES})
    basis += sorted(
        {
            "in a " + measured.PERIODS[w]
            for i, w in enumerate(low)
            if w in measured.PERIODS and measured.POINTS.keys().isdisjoint(low[i + 1 : i + 4])  # "a quarter point"
        }
    )
    years = sorted({w for w in low if _is_year(w)})
    return "|".join([",".join(basis), ",".join(str(n) for n in sorted(months(text))), ",".join(years)])


_NEXT_WORD = re.compile(r"\s+([^\W\d_]+)")


def _measured(text: str, words: str) -> str:
    """What a length of time said as an adjective is the length of: the noun after it, by its first
    letters ("pause", "Pause"), a strike in either language as one ("strike", "Warnstreik"). A
    24-hour strike and a two-week pause in talks are no two values of one thing."""
    m = _NEXT_WORD.match(text, text.find(words) + len(words))
    noun = m.group(1).lower() if m else ""
    return "strike" if noun.endswith(("strike", "streik")) else noun[:5]


def _nobody(low: list[str], k: int) -> str | None:
    """What the word at ``k`` counts as none of: "nobody", "no one", "niemand", "keine" (with "Toten",
    "Verletzten"), "no" (with "deaths", "injuries"), when a kind word stands right after it ("no one was
    hurt", "keine Toten") or, for a word ending its clause, shortly before it ("Verletzt wurde nach Angaben
    der Feuerwehr niemand"). "Nobody knows how many died" counts nothing."""
    word = low[k]
    if word == "no" and low[k + 1 : k + 2] == ["one"]:
        k += 1
    elif word in ("no", "keine", "keinen"):
        after = low[k + 1 : k + 2]
        if not after or after[0] not in _COUNTED_AS_NONE:  # "no hospital", "no deadline": no count
            return None
        return _kind_of(after[0])
    elif word not in _NOBODY:
        return None
    for j in range(k + 1, min(len(low), k + 4)):  # "nobody was killed", "no one has been hurt"
        kind = _kind_of(low[j])
        if kind:
            return kind
        if low[j] not in AUXILIARIES:
            break
    if k + 1 < len(low):  # "nobody was arrested", "nobody is in critical condition": not its clause's end
        return None
    for j in range(k - 1, max(-1, k - 8), -1):  # "Verletzt wurde … niemand", "Getötet wurde niemand"
        kind = _kind_of(low[j])
        if kind:
            return kind
    return None


# Words between a count and what it counts that describe it ("three minor crashes", "drei leichten
# Unfällen"): at most this many, none of them a function word, a unit, a kind word or a people word.
_DESCRIBING = 2


def _counts_a_described_thing(tokens: list[tuple[str, int]], low: list[str], k: int, language: str) -> bool:
    """Whether the count at ``k`` counts something else than people or a toll, named after words that
    describe it ("three minor crashes", "drei leichten Unfällen"); "12 in floods", "two seriously
    injured", "drei weitere Menschen" count no such thing."""
    for j in range(k + 1, min(len(low), k + 2 + _DESCRIBING)):
        word = low[j]
        if j > k + 1 and _counts_something_else(tokens[j][0], language):
            return True
        if (
            word in STOPWORDS
            or word in GERMAN_LIGHT
            or word in _NOT_A_COUNT
            or word in _UNITS
            or word in _PEOPLE
            or _kind_of(word)
            or _value(tokens[j][0], language) is not None
            or (language == "de" and tokens[j][0][:1].isupper())
        ):
            return False
    return False


def _counts_something_else(word: str, language: str) -> bool:
    low = word.lower()
    if (
        low in _PEOPLE
        or low.endswith(_PEOPLE_ENDINGS)
        or low.startswith(tuple(s for stems in _KINDS.values() for s in stems))
    ):
        return False
    if language == "de":
        return word[:1].isupper()  # a noun: "1.200 Soldaten", "9.000 Haushalte"
    return low.endswith("s") and len(low) > 3 and low not in ("was", "has", "this")


def units_measured(u: Unit) -> set[str]:
    """The units of measure the sentence gives a figure in ("8%", "acht Prozent", "6,2 Metern": "per
    cent", "metres"), read alike in both languages."""
    low = [m.group(0).lower() for m in _TOKEN.finditer(u.text)]
    return {
        _UNITS[after]
        for token, after in zip(low, low[1:], strict=False)
        if after in _UNITS and _value(token, u.language) is not None
    }


def _value(token: str, language: str) -> float | None:
    low = token.lower()
    if low in _NUMBER_WORDS:
        return float(_NUMBER_WORDS[low])
    if not token[0].isdigit():
        return None
    thousands, decimal = (".", ",") if language == "de" else (",", ".")
    parts = token.split(thousands)
    if len(parts) > 1 and all(len(p) == 3 for p in parts[1:]):
        token = "".join(parts)
    elif len(parts) > 1:
        return None  # "5.42" in German: a time, not a count
    token = token.replace(decimal, ".")
    try:
        return float(token)
    except ValueError:
        return None


def _kind_of(word: str) -> str | None:
    """The kind of count a lowercase word names by its stem ("killed" → "dead"), if any."""
    return next((name for name, stems in _KINDS.items() if word.startswith(stems)), None)


def _nearest_kind(low: list[str], k: int) -> str | None:
    """What the number at ``k`` counts: the kind word nearest to it, preferring one after it ("12
    people were killed") over one before ("the death toll rose to 12")."""
    best: tuple[int, str] | None = None
    for d in range(1, 13):
        for j, cost in ((k + d, d), (k - d, d + 2)):
            if 0 <= j < len(low) and d <= (10 if j > k else 12):
                kind = _kind_of(low[j])
                if kind and (best is None or cost < best[0]):
                    best = (cost, kind)
    return best[1] if best else None


def as_of(u: Unit) -> str | None:
    m = _AS_OF.search(u.text)
    return m.group(0).strip() if m else None


def hour(when: str | None) -> float | None:
    """An "as of" time on one day's clock, to tell the older figure from its update (None: unknown)."""
    if not when:
        return None
    low = when.lower()
    m = _HOUR.search(low)
    if m and (m.group(3) or ":" in m.group(0) or "stand" in low):
        h = int(m.group(1)) % 24
        if m.group(3) in ("p.m.", "pm") and h < 12:
            h += 12
        return h + int(m.group(2) or 0) / 60
    return next((v for word, v in _PART_OF_DAY.items() if word in low), None)


def _side(u: Unit, value: str) -> ConflictSide:
    return ConflictSide(source=u.source, start=u.start, end=u.end, quote=u.text, value=value, as_of=as_of(u))


def _anchors(u: Unit) -> frozenset[str]:
    """The names a sentence is anchored on (not its figures or months): what two reports of one event share."""
    return frozenset(t for t in u.names if not t.startswith(("#", "month:")))


def _value_conflicts(
    units: list[Unit], readings: list[Reading], story_of: dict[int, int], titles: list[str]
) -> list[Conflict]:
    by_about: dict[tuple[str, str], list[Reading]] = defaultdict(list)
    for r in readings:
        by_about[r.about, r.of].append(r)
    conflicts = []
    for (about, _), found in by_about.items():
        for group in _related(units, found, story_of):
            sides: dict[tuple[str, float], Reading] = {}
            for r in group:
                sides.setdefault((units[r.unit].source, r.value), r)
            if not _sources_differ(sides):
                continue
            # Every value once before any twice, so that a few sides show the whole disagreement.
            ordered = sorted(sides.values(), key=lambda r: r.unit)
            seen: set[float] = set()
            picked = [r for r in ordered if not (r.value in seen or seen.add(r.value))]  # type: ignore[func-returns-value]
            picked += [r for r in ordered if r not in picked]
            story = titles[story_of[picked[0].unit]]
            conflicts.append(
                Conflict(
                    story=story,
                    about=about,
                    kind="value",
                    sides=[_side(units[r.unit], r.shown) for r in picked[:_MAX_SIDES]],
                )
            )
    return sorted(conflicts, key=lambda c: (titles.index(c.story), c.about))


def _sources_differ(sides: dict[tuple[str, float], Reading]) -> bool:
    """Two sources disagree when each gives a value the other does not. A source that gives both
    values itself is reporting two things (a demand and an offer, a union's count and the operators'),
    not contradicting another source that repeats one of them."""
    held: dict[str, set[float]] = defaultdict(set)
    for source, value in sides:
        held[source].add(value)
    return any(held[a] - held[b] and held[b] - held[a] for a in held for b in held if a < b)


def _related(units: list[Unit], readings: list[Reading], story_of: dict[int, int]) -> list[list[Reading]]:
    """Readings of one kind that speak of the same event: one story, or a salient name in common
    (a name-less sentence belongs with its story only). Union-find over the readings."""
    parent = list(range(len(readings)))

    by_story: dict[int, int] = {}
    by_name: dict[str, int] = {}
    # A German compound meets its English name by its first letters ("Mertztal", "Mertz"): German
    # capitalises every noun, so there a word counts when its first letters begin a name elsewhere.
    prefixes = {name[:5] for r in readings for name in _anchors(units[r.unit])}
    for k, r in enumerate(readings):
        u = units[r.unit]
        joins = [by_story.setdefault(story_of[r.unit], k)]
        keys = {name[:5] for name in _anchors(u)} | _german_keys(u, prefixes)
        joins += [by_name.setdefault(key, k) for key in sorted(keys)]
        for other in joins:
            parent[root(parent, other)] = root(parent, k)
    groups: dict[int, list[Reading]] = defaultdict(list)
    for k, r in enumerate(readings):
        groups[root(parent, k)].append(r)
    return list(groups.values())


def _denials(units: list[Unit], members: list[int], story_of: dict[int, int], titles: list[str]) -> list[Conflict]:
    """A sentence that denies what another sentence of the story states (another source's, or another
    speaker's in one article: a minister rejecting what a colleague abroad says there is evidence of).
    The claim must say affirmatively what the words after the denial name: the first of them (what
    is denied) and at least one more, one of them a plain word (the dam, the signal, the drones). A denial
    against a denial ("does not take part" / "is not part of the war") is agreement."""
    denials = [(i, m) for i in members if (m := _DENIAL.search(units[i].text))]
    if not denials:
        return []
    claims = [i for i in members if not _DENIAL.search(units[i].text) and not _NEGATION.search(units[i].text)]
    # A claim must hold what is denied first: claims are found by that term's first letters, the
    # nearest in reading order (a thousand articles hold tens of thousands of claims).
    said = {c: {t[:5] for t in units[c].terms} for c in claims}
    holding: dict[str, list[int]] = defaultdict(list)
    for c in claims:
        for prefix in said[c]:
            holding[prefix].append(c)
    anchors: dict[int, frozenset[str]] = {}

    def anchored(i: int) -> frozenset[str]:
        if i not in anchors:
            anchors[i] = _anchors(units[i])
        return anchors[i]

    groups: dict[int, list[int]] = {}
    for d, match in denials:
        du = units[d]
        if _NEGATION.search(du.text[max(0, match.start() - 25) : match.start()]):
            continue  # "did not confirm or deny", "neither confirmed nor denied": no denial
        # What is denied: the first few terms after the verb up to the clause's end, past "reports
        # that" and "the claim that"; compared by their first letters ("broken", "broke").
        clause = _CLAUSE_END.split(du.text[match.end() :], maxsplit=1)[0]
        tail = [t for t in read_terms(clause).weights if t not in _CLAIM_WORDS][:_OBJECT_TERMS]
        denied = {t[:5] for t in tail if not t.startswith("#")}
        plain = {t[:5] for t in tail if t not in du.names and not t.startswith("#")}
        head = tail[0][:5] if tail else ""  # what is denied, first: the dam, the signal fault, Ukraine's claim
        best: tuple[float, int] | None = None
        for c in window(holding.get(head, []), d, _CLAIMS_COMPARED):
            cu = units[c]
            if cu.source == du.source and abs(cu.order - du.order) <= 1:
                continue  # the sentence right before or after a denial is most often its context
            if story_of[c] != story_of[d] and not anchored(c) & anchored(d):
                continue
            if len(denied & said[c]) < 2 or not plain & said[c]:
                continue
            score = len(denied & said[c]) + len(du.vector.keys() & cu.vector.keys()) / 100
            if best is None or (score, -c) > (best[0], -best[1]):
                best = (score, c)
        if best is not None:
            groups.setdefault(best[1], []).append(d)
    conflicts = []
    for claim, ds in sorted(groups.items()):
        sides = [_side(units[claim], "states")]
        seen = {(units[claim].source, units[claim].start)}
        for d in ds:
            if (units[d].source, units[d].start) not in seen:
                seen.add((units[d].source, units[d].start))
                sides.append(_side(units[d], "denies"))
        conflicts.append(
            Conflict(
                story=titles[story_of[claim]], about="a claim and its denial", kind="denial", sides=sides[:_MAX_SIDES]
            )
        )
    return conflicts


def disputed(conflicts: list[Conflict]) -> dict[tuple[str, int], float]:
    """Sentences (by source and start) whose figure an update replaced, with the weight their choice
    as a story's lead or detail keeps: a toll given for an earlier time than another source's toll is
    news only beside its update."""
    weights: dict[tuple[str, int], float] = {}
    for c in conflicts:
        if c.kind != "value":
            continue
        hours = [hour(side.as_of) for side in c.sides]
        known = [h for h in hours if h is not None]
        if len(known) < 2:
            continue
        latest = max(known)
        for side, h in zip(c.sides, hours, strict=True):
            if h is not None and h < latest:
                weights[(side.source, side.start)] = _SUPERSEDED
    return weights


_SUPERSEDED = 0.3


def say_where_sources_differ(sentences: list[Sentence], conflicts: list[Conflict]) -> list[Sentence]:
    """A sentence that gives one side of a disagreement points at it (``Sentence.conflict``, the index
    into ``Briefing.conflicts``), so that every format says beside it that the sources differ: the
    briefing never silently picks one side. (Citing the other sides on the sentence itself would ask
    the checker to find the sentence's figure in a span that gives another.) A source that gives
    another figure does not corroborate it: it is taken off the sentence's corroborating sources, its
    span with it."""
    sides: dict[tuple[str, int], int] = {}
    against: dict[tuple[str, int], set[str]] = defaultdict(set)
    for k, c in enumerate(conflicts):
        for side in c.sides:
            sides.setdefault((side.source, side.start), k)  # the first it gives a side of (the rest: disputes_of)
            against[(side.source, side.start)] |= {o.source for o in c.sides if o.value != side.value}
    for sentence in sentences:
        own = sentence.citations[0] if sentence.citations else None
        if own is not None and own.start is not None:
            sentence.conflict = sides.get((own.source, own.start))
            others = against.get((own.source, own.start), set()) - {own.source}
            if others & set(sentence.corroborating_sources):
                kept = [s for s in sentence.corroborating_sources if s not in others]
                sentence.corroborating_sources = kept
                sentence.corroboration = len(kept)
                spans = sentence.corroborating_citations
                sentence.corroborating_citations = [c for c in spans if c.source not in others]
    return sentences


DISPUTED_TITLE = " (sources differ on this figure)"


def mark_disputed_titles(titles: list[str], conflicts: list[Conflict]) -> tuple[list[str], list[Conflict]]:
    """A story title that states one side's figure ("Nine dead after…" while an update says twelve)
    says that the sources differ: a title is read first and must not silently pick a side either.
    The conflicts are renamed with their story."""
    figures: dict[str, set[float]] = {}
    for c in conflicts:
        if c.kind == "value":
            for side in c.sides:
                # "48-hour", "24-stündigen": the figure before the hyphen
                first = side.value.split()[0].split("-")[0] if side.value else ""
                figures.setdefault(c.story, set()).update(_readings(first))
    renamed: dict[str, str] = {}
    for title in titles:
        stated = {v for token in _TOKEN.findall(title) for v in _readings(token)}
        if stated & figures.get(title, set()) and not title.endswith(DISPUTED_TITLE):
            renamed[title] = title + DISPUTED_TITLE
    marked = [c.model_copy(update={"story": renamed[c.story]}) if c.story in renamed else c for c in conflicts]
    return [renamed.get(t, t) for t in titles], marked


def _readings(token: str) -> set[float]:
    """What a figure can be worth, read as English and as German ("2.300" is 2,300 in German)."""
    return {v for language in ("en", "de") if token and (v := _value(token, language)) is not None}

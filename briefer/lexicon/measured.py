"""What a figure in per cent or in points is a level or a change of ("raised its benchmark interest rate by
half a percentage point to 4.25 per cent", "hat ihren Leitzins um 0,25 Prozentpunkte auf 4,0 Prozent
angehoben"): the things a report gives such a figure of, named in English, a German noun read by its
English words (lexicon.bilingual: "Leitzins" is a base, prime or interest rate); the words that make a
figure the level reached or the size of a change, and those that make it no firm value (a bound, an
estimate, a forecast); the sizes of a change said in words ("a quarter point"). The conflict finder
(engines/conflicts.levels_of) reads them."""

from __future__ import annotations

from functools import lru_cache

# The things measured, by the English words that name them: the first whose head a name holds, with
# one of its modifiers when it has any. A "rate" is one of these only with the word that says which
# ("interest rate", "key rate", "Arbeitslosenquote": rate and unemployment); a bare "rate" or "Quote"
# is none, nor "growth" alone (of the economy, of wages?), nor a bond's yield (of which bond?).
_RATE = "rate rates"
_THINGS: tuple[tuple[str, frozenset[str], frozenset[str]], ...] = tuple(
    (name, frozenset(heads.split()), frozenset(modifiers.split()))
    for name, heads, modifiers in (
        ("unemployment rate", f"unemployment joblessness {_RATE}", "unemployment jobless joblessness"),
        ("inflation", f"inflation {_RATE}", "inflation"),
        ("mortgage rate", _RATE, "mortgage"),
        ("deposit rate", _RATE, "deposit"),
        ("exchange rate", _RATE, "exchange"),
        ("interest rate", _RATE, "interest benchmark key policy base prime lending refinancing"),
        ("economic growth", "growth", "economic economy gdp"),
        ("turnout", "turnout", ""),
        ("market share", "share", "market"),
        ("vote share", "share", "vote"),
    )
)
# English nouns that end a thing's name.
HEADS = frozenset().union(*(heads for _, heads, _ in _THINGS))


def thing_named(words: frozenset[str]) -> str | None:
    """The thing a name's English words name ({"benchmark", "interest", "rate"}: "interest rate"), if any."""
    return next(
        (name for name, heads, modifiers in _THINGS if words & heads and (not modifiers or words & modifiers)),
        None,
    )


@lru_cache(maxsize=4096)
def german_thing(noun: str) -> str | None:
    """The thing a German noun names, by its English words ("Leitzins", "Inflationsrate",
    "Arbeitslosenquote"); None for any other noun ("Notenbank", "Interesse", "Anteil")."""
    from briefer.lexicon.bilingual import english_for, english_parts

    return thing_named(frozenset(english_parts(noun)) | frozenset(english_for(noun)))


# Units of a figure in per cent, and of a change in points (a percentage point, a hundredth of one).
PER_CENT = frozenset("% percent prozent".split())  # and "per cent", two words
POINTS = {
    "point": 1.0,
    "points": 1.0,
    "prozentpunkt": 1.0,
    "prozentpunkte": 1.0,
    "prozentpunkten": 1.0,
    "basispunkt": 0.01,
    "basispunkte": 0.01,
    "basispunkten": 0.01,
}
BASIS = frozenset("basis".split())  # "25 basis points"
PERCENTAGE = frozenset("percentage".split())  # "half a percentage point"
# A change's size said in words, before its unit: "half a (percentage) point", "a quarter point".
SIZE_WORDS = {
    "half": 0.5,
    "quarter": 0.25,
    "halben": 0.5,
    "halbe": 0.5,
    "viertel": 0.25,
    "full": 1.0,
    "one": 1.0,
    "einen": 1.0,
}
# The word before a figure that makes it the level reached ("to 4.25 per cent", "auf 4,0 Prozent",
# "stood at", "lag bei", "reached"), or the size of a change ("by", "um").
LEVEL = frozenset("to at auf bei reached reaching hit erreichte erreicht".split())
LEVEL_OF = frozenset("of von".split())  # a level only right after the thing: "inflation of 6.1 per cent"
CHANGE = frozenset("by um".split())
# Words near a figure that make it no firm value: a bound, an estimate or a range ("more than 4 per
# cent", "rund 4 Prozent", "up to", "between"), a forecast or a target ("expected to rise to", "dürfte
# … steigen", "next year").
NOT_FIRM = frozenset(
    "more less than over above below under nearly almost around about roughly some approximately least most "
    "up between mehr weniger zwischen als über unter knapp fast rund etwa gut mindestens höchstens zu "
    "ungefähr circa".split()
)
FORECAST = frozenset(
    "expect expects expected expecting forecast forecasts forecasting predicted predicts predict projected "
    "projects project could would will may might likely target targets aim aims goal next estimate estimates "
    "estimated see sees looking surveyed consensus erwartet erwarten erwartete prognose prognostiziert "
    "prognostizieren könnte könnten dürfte dürften soll sollen sollte ziel nächsten nächstes kommenden schätzt "
    "geschätzt".split()
)  # not "wird", "werden": German says what is done by them too ("wird angehoben")
# The periods a sentence names ("last year", "in the first quarter", "im Vorjahr"), kept with its figures.
PERIODS = {
    "year": "year",
    "jahr": "year",
    "jahres": "year",
    "quarter": "quarter",
    "quartal": "quarter",
    "quartals": "quarter",
    "month": "month",
    "monat": "month",
    "monats": "month",
    "week": "week",
    "woche": "week",
}
# How a figure is compared, kept with it: a year-on-year rate is no other value of a month-on-month one.
BASES = {
    "annual": "year",
    "yearly": "year",
    "year-on-year": "year",
    "vorjahr": "year",
    "vorjahresmonat": "year",
    "jahresrate": "year",
    "monthly": "month",
    "month-on-month": "month",
    "vormonat": "month",
    "quarterly": "quarter",
    "quarter-on-quarter": "quarter",
    "vorquartal": "quarter",
}
# Where the look for the thing a figure is of stops: another clause's subject follows.
CLAUSE_BREAKS = frozenset("while whereas während but aber and und".split())

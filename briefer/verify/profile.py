"""A text's profile: everything the support rules compare, computed once per piece of text.

Numbers, dates, names and entities, speakers, stems and synonym concepts, what each negation and
each hedge governs. Profiles are cached by text: a briefing cites the same spans and contexts often.
Every caller of ``profile(text)`` gets the same cached object, so a Profile is immutable: frozen, its
sets frozensets, its lists tuples and its dicts read-only views (and typed so that mypy says so).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, fields
from functools import lru_cache
from types import MappingProxyType

from briefer.lexicon import names, quantities
from briefer.lexicon import tables as lexicon

_TOKEN_OR_BREAK = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*|[,.;:!?“”\"()—–]")
_CAPITALISED = re.compile(r"(?<![\w'’])[A-ZÄÖÜ][^\W\d_]*(?:['’][^\W\d_]+)?")
_OPENERS = frozenset('.:;!?"“”„‘«(—–-')


@dataclass(frozen=True)
class Profile:
    """What the rules compare, computed once per piece of text."""

    vocab: AbstractSet[str]  # folded tokens, entity tokens included
    prefixes: AbstractSet[str]
    entities: AbstractSet[str]
    numbers: AbstractSet[float]
    months: AbstractSet[int]  # named months
    months_any: AbstractSet[int]  # named, or possibly meant by a numeric date
    weekdays: AbstractSet[int]
    relative: AbstractSet[str]  # "last year", "this month" …
    concepts: AbstractSet[str]  # stemmed, synonym-mapped content words
    terms: AbstractSet[str]  # concepts of every word but function words (polarity looks at these)
    concept_prefixes: AbstractSet[str]
    content: Sequence[str]  # content words in order, as written (for reasons)
    negated: AbstractSet[str]  # concepts inside a negation's scope
    has_negation: bool
    hedges: AbstractSet[str]
    # Per hedge word, the stems of the words it governs (the next dozen words): "likely to head
    # later this month to Vladivostok" hedges the trip, not "who rarely travels" before it.
    hedge_scope: Mapping[str, AbstractSet[str]]
    positive: AbstractSet[str]
    negative: AbstractSet[str]
    names: Sequence[tuple[str, bool]] = field(default_factory=tuple)  # capitalised words, opening a sentence?
    # Whom a country's title is given to: "Russian Defense Minister Sergei Shoigu" → {ent_sergei: {russia}}.
    affiliations: Mapping[str, AbstractSet[str]] = field(default_factory=dict)
    # whoever "said", "told", "according to": token → as written
    speakers: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for f in fields(self):
            object.__setattr__(self, f.name, _frozen(getattr(self, f.name)))


def _frozen(value: object) -> object:
    """An immutable copy: set → frozenset, list → tuple, dict → read-only view of frozen values."""
    if isinstance(value, set):
        return frozenset(value)
    if isinstance(value, list):
        return tuple(value)
    if isinstance(value, dict):
        return MappingProxyType({k: _frozen(v) for k, v in value.items()})
    return value


@lru_cache(maxsize=8192)
def profile(text: str) -> Profile:
    folded, entities = names.canonical_entities(text)
    tokens = re.findall(r"[\w'-]+", folded)
    vocab = {v for t in tokens for v in (t, t.removesuffix("'s"), *t.removesuffix("'s").split("-"))}
    lowered = lexicon.rewrite_phrases(text.lower().replace("’", "'"))
    # Words with clause breaks kept as "|": a negation's scope never crosses punctuation.
    marked = [m.group(0) if m.group(0)[0].isalpha() else "|" for m in _TOKEN_OR_BREAK.finditer(lowered)]
    marked = [w.removesuffix("'s") for t in marked for w in t.split("-") if w]
    words = [w for w in marked if w != "|"]
    content = [w for w in words if w not in lexicon.STOPWORDS and w not in lexicon.NEGATIONS and len(w) > 1]
    concepts = {lexicon.concept(w) for w in content}
    negated, has_negation = _negation_scope(marked)
    return Profile(
        vocab=vocab,
        prefixes={v[:5] for v in vocab if len(v) >= 5},
        entities=entities,
        numbers=quantities.numbers(text),
        months=(named := quantities.months(text)),
        months_any=named | quantities.numeric_months(text),
        weekdays=quantities.weekdays(text),
        relative=quantities.relative_dates(text),
        concepts=concepts,
        terms={lexicon.concept(w) for w in words if w not in lexicon.FUNCTION_WORDS and w not in lexicon.NEGATIONS}
        | {lexicon.light_stem(w) for w in words if w in _ANTONYM_WORDS},
        concept_prefixes={c[:5] for c in concepts if len(c) >= 5},
        content=content,
        negated=negated,
        has_negation=has_negation,
        # "In late May" is the month, not the modal verb.
        hedges={w for w in words if w in lexicon.HEDGES and not (w == "may" and 5 in named)},
        hedge_scope=_hedge_scope(words),
        positive={c for c in concepts if c in _POSITIVE},
        negative={c for c in concepts if c in _NEGATIVE},
        names=_names(text),
        speakers=_speakers(text),
        affiliations=_affiliations(tokens),
    )


_ANTONYM_WORDS = frozenset(w for pair in lexicon.ANTONYMS for w in pair)
ANTONYM_STEMS = tuple((lexicon.light_stem(a), lexicon.light_stem(b)) for a, b in lexicon.ANTONYMS)
_POSITIVE = {lexicon.concept(w) for w in lexicon.POSITIVE_VERBS}
_NEGATIVE = {lexicon.concept(w) for w in lexicon.NEGATIVE_VERBS}
_COORDINATORS = frozenset(("or", "nor", "and", "oder", "noch", "und"))


def _negation_scope(words: list[str]) -> tuple[set[str], bool]:
    """Concepts a negation applies to: the next content word, and those coordinated with it
    ("did not confirm or deny" negates both verbs; "not that it is stalling" negates "stalling")."""
    negated: set[str] = set()
    found = False
    for i, word in enumerate(words):
        if word not in lexicon.NEGATIONS and not word.endswith("n't"):
            continue
        found = True
        j = i + 1
        while j < len(words) and words[j] != "|":
            w = words[j]
            if w in lexicon.NEGATIONS or w in lexicon.FUNCTION_WORDS and w not in _COORDINATORS:
                j += 1
                continue
            if w in _COORDINATORS:
                break
            negated.add(lexicon.concept(w))
            if j + 2 < len(words) and words[j + 1] in _COORDINATORS:
                j += 2
                continue
            if w in lexicon.HEDGES:  # "does not want to comment" negates the commenting too
                j += 1
                continue
            break
    return negated, found


# At most six words: a bounded name keeps the search linear on a line of a million capitalised words.
_NAME = r"[A-ZÄÖÜ][\w’'-]+(?:\s+[A-ZÄÖÜ][\w’'-]+){0,5}"
_REPORTING = (
    r"(?:said|says|told|added|stated|announced|warned|stressed|explained|claimed|replied|insisted|noted"
    r"|wrote|sagte|erklärte|betonte|warnte|teilte)"
)
_SPEAKER = re.compile(
    rf"({_NAME})(?:\s+[a-z]+ly)?\s+{_REPORTING}\b"  # "Kirby said", "Peskov simply replied"
    rf"|\b{_REPORTING}\s+({_NAME})"  # "said Watson"
    rf"|\b(?:[Aa]ccording to|[Ll]aut|[Gg]emäß)\s+(?:the\s+|der\s+|dem\s+|des\s+)?({_NAME})"
)


def _speakers(text: str) -> dict[str, str]:
    tokens: dict[str, str] = {}
    for m in _SPEAKER.finditer(text):
        phrase = next(g for g in m.groups() if g)
        folded, _ = names.canonical_entities(phrase)
        for t in re.findall(r"[\w'-]+", folded):
            if t not in lexicon.STOPWORDS and not quantities.is_date_word(t):
                tokens[t.removesuffix("'s")] = phrase
    return tokens


_ROLE_STEMS = (
    frozenset(names.ROLE_WORDS)
    | {stem for stems in names.ROLE_WORDS.values() for stem in stems}
    | {british for british, us in lexicon.SPELLING.items() if us in names.ROLE_WORDS}
)


def _affiliations(tokens: list[str]) -> dict[str, set[str]]:
    """A country's entity, one to three title words, then the person they belong to."""
    found: dict[str, set[str]] = {}
    for i, token in enumerate(tokens):
        if not (token.startswith("ent_") and token[4:] in names.COUNTRIES):
            continue
        j = i + 1
        while j < len(tokens) and j - i <= 3 and any(stem in tokens[j] for stem in _ROLE_STEMS):
            j += 1
        if j > i + 1 and j < len(tokens) and tokens[j] not in lexicon.STOPWORDS:
            found.setdefault(tokens[j], set()).add(token[4:])
    return found


_HEDGE_REACH = 12


def _hedge_scope(words: list[str]) -> dict[str, set[str]]:
    scope: dict[str, set[str]] = {}
    for i, word in enumerate(words):
        if word in lexicon.HEDGES:
            governed = words[i + 1 : i + 1 + _HEDGE_REACH]
            scope.setdefault(word, set()).update(
                lexicon.light_stem(w) for w in governed if w not in lexicon.STOPWORDS and w not in lexicon.HEDGES
            )
    return scope


def _names(text: str) -> list[tuple[str, bool]]:
    """Capitalised words as written, each with whether it opens a sentence (where a capital says
    less: "Officials said" and "Kirby said" look alike)."""
    found: list[tuple[str, bool]] = []
    for m in _CAPITALISED.finditer(text):
        word = m.group(0)
        if word.lower() in lexicon.STOPWORDS or quantities.is_date_word(word):
            continue  # stopwords; dates have their own rule
        at = m.start() - 1
        while at >= 0 and text[at].isspace():
            at -= 1
        found.append((word, at < 0 or text[at] in _OPENERS))
    return found

"""A text's profile: everything the support rules compare, computed once per piece of text.

Numbers, dates, names and entities, speakers, stems and synonym concepts, what each negation and
each hedge governs. Profiles are cached by text: a briefing cites the same spans and contexts often.
Every caller of ``profile(text)`` gets the same cached object, so a Profile is immutable: no attribute
can be set, its sets are frozensets, its lists tuples and its dicts read-only views (and typed so that
mypy says so). Each group of fields is computed at its first read: the support rules ask a whole
source only for its vocabulary, a cited span only for its polarity and hedges, and the citation search
only for concepts, names, numbers and months.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from functools import lru_cache
from types import MappingProxyType
from typing import Generic, TypeVar, cast, overload

from briefer.lexicon import names, quantities
from briefer.lexicon import tables as lexicon

_TOKEN_OR_BREAK = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*|[,.;:!?“”\"()—–]")
_CAPITALISED = re.compile(r"(?=[A-ZÄÖÜ])(?<![\w'’])[A-ZÄÖÜ][^\W\d_]*(?:['’][^\W\d_]+)?")  # capital first: faster
_OPENERS = frozenset('.:;!?"“”„‘«(—–-')
T = TypeVar("T")


class _Lazy(Generic[T]):
    """A field of a Profile computed at its first read, with the other fields of its group: the
    group's builder stores them all in the instance's ``__dict__``, where every later read finds
    them (this descriptor has no ``__set__``, so the instance's value wins)."""

    def __init__(self, build: Callable[[Profile], dict[str, object]]) -> None:
        self.build = build

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, instance: None, owner: type) -> _Lazy[T]: ...
    @overload
    def __get__(self, instance: Profile, owner: type) -> T: ...
    def __get__(self, instance: Profile | None, owner: type) -> _Lazy[T] | T:
        if instance is None:
            return self
        values = instance.__dict__
        for key, value in self.build(instance).items():
            values.setdefault(key, _frozen(value))  # a racing thread computed the same values
        return cast(T, values[self.name])


def _by_names(p: Profile) -> dict[str, object]:
    folded, entities = names.canonical_entities(p.text)
    tokens = re.findall(r"[\w'-]+", folded)
    vocab = {v for t in tokens for v in (t, t.removesuffix("'s"), *t.removesuffix("'s").split("-"))}
    return {"vocab": vocab, "prefixes": {v[:5] for v in vocab if len(v) >= 5}, "entities": entities}


def _by_titles(p: Profile) -> dict[str, object]:
    # Apart from the vocabulary: a whole source's profile is asked only for that (canonical_entities
    # keeps a short text's result, so a sentence's tokens are not folded twice).
    return {"affiliations": _affiliations(re.findall(r"[\w'-]+", names.canonical_entities(p.text)[0]))}


def _by_words(p: Profile) -> dict[str, object]:
    """The words and their concepts: all the citation search reads of a source sentence."""
    lowered = lexicon.rewrite_phrases(p.text.lower().replace("’", "'"))
    # Words with clause breaks kept as "|": a negation's scope never crosses punctuation.
    marked = [m.group(0) if m.group(0)[0].isalpha() else "|" for m in _TOKEN_OR_BREAK.finditer(lowered)]
    marked = [w.removesuffix("'s") for t in marked for w in t.split("-") if w]
    words = [w for w in marked if w != "|"]
    content = [w for w in words if w not in lexicon.STOPWORDS and w not in lexicon.NEGATIONS and len(w) > 1]
    concepts = {_concept(w) for w in content}
    return {
        "concepts": concepts,
        "concept_prefixes": {c[:5] for c in concepts if len(c) >= 5},
        "content": content,
        "_marked": marked,
        "_words": words,
    }


def _by_polarity(p: Profile) -> dict[str, object]:
    """What the polarity and certainty rules read, from the words of ``_by_words`` (asked of quotes,
    their contexts and claims, not of every sentence the citation search scores)."""
    marked, words, concepts = p._marked, p._words, p.concepts
    negated, has_negation = _negation_scope(list(marked))
    return {
        "terms": {_concept(w) for w in words if w not in lexicon.FUNCTION_WORDS and w not in lexicon.NEGATIONS}
        | {lexicon.light_stem(w) for w in words if w in _ANTONYM_WORDS},
        "negated": negated,
        "has_negation": has_negation,
        "_hedge_words": [w for w in words if w in lexicon.HEDGES],
        "hedge_scope": _hedge_scope(list(words)),
        "positive": {c for c in concepts if c in _POSITIVE},
        "negative": {c for c in concepts if c in _NEGATIVE},
    }


@lru_cache(maxsize=65536)
def _concept(word: str) -> str:
    """``lexicon.concept`` once per word (every word of every profiled text is stemmed)."""
    return lexicon.concept(word)


def _by_hedges(p: Profile) -> dict[str, object]:
    # "In late May" is the month, not the modal verb (the hedge words are read with the other words).
    return {"hedges": {w for w in p._hedge_words if not (w == "may" and 5 in p.months)}}


def _one(name: str, compute: Callable[[str], object]) -> Callable[[Profile], dict[str, object]]:
    return lambda p: {name: compute(p.text)}


class Profile:
    """What the rules compare, computed once per piece of text, each group of fields at its first read
    (a whole source's profile is asked for its vocabulary only, a cited span's for its polarity).

    Every caller of ``profile(text)`` gets the same cached object, so a Profile is immutable: its
    attributes cannot be set, its sets are frozensets, its lists tuples and its dicts read-only views.
    """

    vocab: _Lazy[AbstractSet[str]] = _Lazy(_by_names)  # folded tokens, entity tokens included
    prefixes: _Lazy[AbstractSet[str]] = _Lazy(_by_names)
    entities: _Lazy[AbstractSet[str]] = _Lazy(_by_names)
    numbers: _Lazy[AbstractSet[float]] = _Lazy(_one("numbers", quantities.numbers))
    months: _Lazy[AbstractSet[int]] = _Lazy(_one("months", quantities.months))  # named months
    # named, or possibly meant by a numeric date
    months_any: _Lazy[AbstractSet[int]] = _Lazy(lambda p: {"months_any": p.months | quantities.numeric_months(p.text)})
    weekdays: _Lazy[AbstractSet[int]] = _Lazy(_one("weekdays", quantities.weekdays))
    relative: _Lazy[AbstractSet[str]] = _Lazy(_one("relative", quantities.relative_dates))  # "last year" …
    concepts: _Lazy[AbstractSet[str]] = _Lazy(_by_words)  # stemmed, synonym-mapped content words
    # concepts of every word but function words (polarity looks at these)
    terms: _Lazy[AbstractSet[str]] = _Lazy(_by_polarity)
    concept_prefixes: _Lazy[AbstractSet[str]] = _Lazy(_by_words)
    content: _Lazy[Sequence[str]] = _Lazy(_by_words)  # content words in order, as written (for reasons)
    _marked: _Lazy[Sequence[str]] = _Lazy(_by_words)  # the words with clause breaks as "|"
    _words: _Lazy[Sequence[str]] = _Lazy(_by_words)
    negated: _Lazy[AbstractSet[str]] = _Lazy(_by_polarity)  # concepts inside a negation's scope
    has_negation: _Lazy[bool] = _Lazy(_by_polarity)
    _hedge_words: _Lazy[Sequence[str]] = _Lazy(_by_polarity)
    hedges: _Lazy[AbstractSet[str]] = _Lazy(_by_hedges)
    # Per hedge word, the stems of the words it governs (the next dozen words): "likely to head
    # later this month to Vladivostok" hedges the trip, not "who rarely travels" before it.
    hedge_scope: _Lazy[Mapping[str, AbstractSet[str]]] = _Lazy(_by_polarity)
    positive: _Lazy[AbstractSet[str]] = _Lazy(_by_polarity)
    negative: _Lazy[AbstractSet[str]] = _Lazy(_by_polarity)
    # capitalised words, opening a sentence?
    names: _Lazy[Sequence[tuple[str, bool]]] = _Lazy(_one("names", lambda text: _names(text)))
    # Whom a country's title is given to: "Russian Defense Minister Sergei Shoigu" → {ent_sergei: {russia}}.
    affiliations: _Lazy[Mapping[str, AbstractSet[str]]] = _Lazy(_by_titles)
    # whoever "said", "told", "according to": token → as written
    speakers: _Lazy[Mapping[str, str]] = _Lazy(_one("speakers", lambda text: _speakers(text)))

    text: str

    def __init__(self, text: str) -> None:
        self.__dict__["text"] = text

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"a Profile is shared and read-only: cannot set {name}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"a Profile is shared and read-only: cannot delete {name}")

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in _FIELDS)
        return f"Profile({shown})"


_FIELDS = tuple(name for name, value in vars(Profile).items() if isinstance(value, _Lazy) and name[0] != "_")


def _frozen(value: object) -> object:
    """An immutable copy: set → frozenset, list → tuple, dict → read-only view of frozen values."""
    if isinstance(value, set):
        return frozenset(value)
    if isinstance(value, list):
        return tuple(value)
    if isinstance(value, dict):
        return MappingProxyType({k: _frozen(v) for k, v in value.items()})
    return value


def profile(text: str) -> Profile:
    """The shared profile of ``text``. Sentences and their contexts are kept by the thousand; whole
    sources (the names rule reads a cited source's vocabulary) only a few at a time, so that the
    cache's size stays bounded in memory, not only in entries."""
    return _short(text) if len(text) <= _SHORT else _long(text)


_SHORT = 4000  # characters


@lru_cache(maxsize=8192)
def _short(text: str) -> Profile:
    return Profile(text)


@lru_cache(maxsize=32)
def _long(text: str) -> Profile:
    return Profile(text)


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
            negated.add(_concept(w))
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

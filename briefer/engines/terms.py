"""Terms: what a sentence of news is about, as words two articles in two languages can share.

Content words are cut to a short stem; names, numbers and months are kept whole and weigh more;
English and German variants of one name fold together (Wladiwostok and Vladivostok, Selenskyj and
Zelenskyy, Nordkorea and North Korea). Tables, not cleverness: a missed variant is one more entry.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections import defaultdict
from functools import lru_cache
from typing import NamedTuple

_STOPWORD_TEXT = """
    a an the and or but if of to in on at by for with from as into onto over under about after before
    than then that this these those there here it its it's is are was were be been being has have had
    do does did not no nor so such too very can could would should will shall may might must also
    only just even still yet already again more most much many some any each every all both other
    another same own who whom whose which what when where why how he she they them their his her him
    we us our you your i me my one two said says say told according reported report reports while
    amid during since until up down out off through against between among without within last next
    year years month months week weeks day days today yesterday tomorrow time mr mrs ms however
    der die das den dem des ein eine einer eines einem einen und oder aber wenn als wie im in am an
    auf aus bei mit nach von vor zu zum zur über unter um durch für gegen ohne seit bis ist sind war
    waren wird werden wurde wurden hat haben hatte hatten sein seine seiner seinen ihr ihre ihren
    sich nicht auch noch nur schon sehr mehr dass daß es er sie wir ich du man dies diese dieser
    dieses diesem jedoch dabei laut gemäß sagte sagt erklärt erklärte jahr jahren woche letzte
    letzten kürzlich bereits alle allen einem
    """

# Folded spelling (see fold) of a name or word → one term for every language and transliteration.
# Tables, not cleverness: a missed variant is one more entry.
_VARIANTS = {
    "russland": "russia",
    "russlands": "russia",
    "russian": "russia",
    "russians": "russia",
    "russisch": "russia",
    "russische": "russia",
    "russischen": "russia",
    "russischer": "russia",
    "russia's": "russia",
    "ukrainian": "ukraine",
    "ukrainians": "ukraine",
    "ukrainisch": "ukraine",
    "ukrainische": "ukraine",
    "ukrainischen": "ukraine",
    "ukrainischer": "ukraine",
    "ukraine's": "ukraine",
    "nordkorea": "north_korea",
    "nordkoreas": "north_korea",
    "nordkoreanisch": "north_korea",
    "nordkoreanische": "north_korea",
    "nordkoreanischen": "north_korea",
    "dprk": "north_korea",
    "n.korea": "north_korea",
    "n.korea's": "north_korea",
    "sudkorea": "south_korea",
    "moskau": "moscow",
    "moskaus": "moscow",
    "moscov": "moscow",
    "moscov's": "moscow",
    "kiev": "kyiv",
    "kiyv": "kyiv",
    "kuba": "cuba",
    "cuban": "cuba",
    "cubans": "cuba",
    "kubaner": "cuba",
    "kubanisch": "cuba",
    "kubanische": "cuba",
    "rumanien": "romania",
    "romanian": "romania",
    "rumanisch": "romania",
    "rumanische": "romania",
    "german": "germany",
    "deutschland": "germany",
    "deutsche": "germany",
    "deutschen": "germany",
    "grossbritannien": "britain",
    "british": "britain",
    "britisch": "britain",
    "britische": "britain",
    "chinese": "china",
    "chinesisch": "china",
    "chinesische": "china",
    "japanese": "japan",
    "american": "us",
    "americans": "us",
    "amerikanisch": "us",
    "amerikanische": "us",
    "usa": "us",
    "kreml": "kremlin",
    "selenskyy": "zelensky",
    "selenskiy": "zelensky",
    "selenski": "zelensky",
    "zelenskyy": "zelensky",
    "zelenskyi": "zelensky",
    "zelenskiy": "zelensky",
    "vereinte": "un",
    "vereinten": "un",
}
# A few German news words whose English counterparts carry the same fact.
_WORD_VARIANTS = {
    "treffen": "meet",
    "getroffen": "meet",
    "waffen": "weapon",
    "munition": "ammunit",
    "verhandlungen": "negotia",
    "verhandeln": "negotia",
    "lieferungen": "deliver",
    "liefern": "deliver",
    "geliefert": "deliver",
    "soldaten": "soldier",
    "präsident": "president",
    "prasident": "president",
    "prasidenten": "president",
    "verteidigungsminister": "defense_minister",
    "rucktritt": "resign",
    "drohnen": "drone",
    "manover": "maneuver",
    "zug": "train",
    "panzer": "tank",
    "raketen": "missile",
}

_PHRASES = {
    ("north", "korea"): "north_korea",
    ("north", "korean"): "north_korea",
    ("north", "koreans"): "north_korea",
    ("north", "korea's"): "north_korea",
    ("south", "korea"): "south_korea",
    ("united", "states"): "us",
    ("vereinigte", "staaten"): "us",
    ("vereinigten", "staaten"): "us",
    ("white", "house"): "white_house",
    ("veisse", "haus"): "white_house",
    ("veisses", "haus"): "white_house",
    ("united", "nations"): "un",
    ("defense", "minister"): "defense_minister",
    ("defence", "minister"): "defense_minister",
    ("nev", "york"): "new_york",
}
_PHRASE_STARTS = frozenset(first for first, _ in _PHRASES)
_ACRONYMS = {"US": "us", "USA": "us", "UN": "un", "UK": "britain", "DPRK": "north_korea"}
_MONTHS = {
    name: f"month:{i}"
    for names in (
        "january february march april may june july august september october november december",
        "januar februar marz april mai juni juli august september oktober november dezember",
    )
    for i, name in enumerate(names.split(), start=1)
}
_TOKEN = re.compile(r"\d[\d.,]*\d|\d|[^\W\d_]+(?:[.'’\-][^\W\d_]+)*")
_STEM = 7  # content words are cut to 7 characters: "negotiations"/"negotiate", "Munition"/"Munitions…"
_NAME_WEIGHT = 2.0  # names, numbers and months say which event a sentence is about
_SUBJECT_WEIGHT = 2.0  # news sentences name their actor first ("Defense Minister Reznikov announced …")


@lru_cache(maxsize=1 << 16)  # news repeats its words: most lookups are hits
def fold(word: str) -> str:
    """Lowercase without diacritics, with German/English transliteration pairs (w/v, j/y, sch/sh) merged."""
    word = word.lower().replace("ß", "ss").replace("’", "'")
    word = "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))
    return word.replace("sch", "sh").replace("w", "v").replace("j", "y")


_STOPWORDS = frozenset(fold(w) for w in _STOPWORD_TEXT.split())
_VARIANT_TERMS = frozenset(_VARIANTS.values())


_NONE: frozenset[str] = frozenset()  # one empty set for every sentence without names


class Terms(NamedTuple):
    weights: dict[str, float]
    names: frozenset[str]  # names, numbers and months
    subject: frozenset[str]  # the names before the sentence's first plain word: who it is about
    runs: tuple[tuple[str, ...], ...]  # names written together ("President Volodymyr Zelensky") are one


def read_terms(text: str, known_names: frozenset[str] = frozenset(), capitals_are_names: bool = True) -> Terms:
    """The weighted terms of one sentence and its names.

    A capitalised word is a name unless it opens the sentence (then only if ``known_names`` has it).
    German capitalises every noun, so for German pass ``capitals_are_names=False``: there only
    ``known_names`` (names seen in the other languages' sentences) and the variant tables count."""
    raw = _TOKEN.findall(text)  # the whole matches: the pattern has no capturing group
    terms: dict[str, float] = defaultdict(float)
    subject: set[str] = set()
    runs: list[list[str]] = []
    in_subject, in_run = True, False
    i, n = 0, len(raw)
    while i < n:
        word = raw[i]
        folded, may_open_phrase, term, is_name, capitalised = _word(word)
        i += 1
        # the next word is folded only where a phrase may start
        if may_open_phrase and i < n and (phrase := _PHRASES.get((folded, fold(raw[i])))) is not None:
            term, is_name = phrase, True
            i += 1
        elif i == 1 or (capitalised and not capitals_are_names):
            term, is_name = _unusual(raw, word, folded, term, is_name, i == 1, known_names, capitals_are_names)
        if term is None:
            in_run = False
            continue
        if not is_name and not term.startswith("#"):
            in_subject = False
        terms[term] += _WEIGHTS[is_name, in_subject]
        if is_name:
            if in_subject:
                subject.add(term)
            if not in_run:
                runs.append([term])
            elif term not in runs[-1]:
                runs[-1].append(term)
        in_run = is_name
    names = frozenset().union(*runs) if runs else _NONE
    # Tuples, not frozensets: a one-name run as a frozenset is four times the size, times 27,000 sentences.
    return Terms(dict(terms), names, frozenset(subject) if subject else _NONE, tuple(tuple(r) for r in runs))


def _unusual(
    raw: list[str],
    word: str,
    folded: str,
    term: str | None,
    is_name: bool,
    first: bool,
    known: frozenset[str],
    capitals_are_names: bool,
) -> tuple[str | None, bool]:
    """The term of a sentence's first word, or of a capitalised word in German: where a capital does not
    by itself make a name."""
    if first:
        term, is_name = _term(word, True)
    if term is None or not word[0].isupper():
        return term, is_name
    whole = folded.removesuffix("'s")
    # "Finance Minister Olga Tresk resigned": an opening word that starts a run of names is one
    opens_run = first and capitals_are_names and len(raw) > 1 and raw[1][0].isupper()
    # A name the other languages' sentences use is a name in German too ("bei Kesselbach"), not only
    # as a sentence's first word.
    if whole in known or (not is_name and opens_run):
        return sys.intern(whole), True
    if not capitals_are_names and word[0].isalpha():
        return term, term in _VARIANT_TERMS or term.startswith("month:")
    return term, is_name


# A term's weight by (is a name, stands in the subject): the products of the two weights.
_WEIGHTS = {
    (name, subject): (_NAME_WEIGHT if name else 1.0) * (_SUBJECT_WEIGHT if subject else 1.0)
    for name in (False, True)
    for subject in (False, True)
}


@lru_cache(maxsize=1 << 16)  # news repeats its words: most lookups are hits
def _word(word: str) -> tuple[str, bool, str | None, bool, bool]:
    """What read_terms asks of a word that does not open its sentence, in one lookup: its folded
    spelling, whether a phrase may start with it, its term, whether it is a name, and whether it is
    capitalised."""
    folded = fold(word)
    term, is_name = _term(word, False)
    return folded, folded in _PHRASE_STARTS, term, is_name, word[0].isupper()


@lru_cache(maxsize=1 << 16)  # as fold's: a word read once is read again in most sentences
def _term(word: str, first: bool) -> tuple[str | None, bool]:
    """The term a word stands for (interned: a thousand articles repeat the same few thousand terms),
    and whether it is a name."""
    term, is_name = _read_term(word, fold(word), first)
    return (None if term is None else sys.intern(term)), is_name


def _read_term(word: str, folded: str, first: bool) -> tuple[str | None, bool]:
    if word[0].isdigit():
        return "#" + re.sub(r"[.,]", "", word), True
    if word in _ACRONYMS:
        return _ACRONYMS[word], True
    if folded in _MONTHS and (word[0].isupper() or folded != "may"):
        return _MONTHS[folded], True
    if folded in _VARIANTS:
        return _VARIANTS[folded], True
    if folded in _WORD_VARIANTS:
        return _WORD_VARIANTS[folded], False
    if folded in _STOPWORDS or len(folded) < 3:
        return None, False
    folded = folded.removesuffix("'s")
    is_name = word[0].isupper() and not first
    if is_name:
        return folded, True
    if len(folded) > _STEM:
        return folded[:_STEM], False
    return (folded[:-1] if folded.endswith("s") and len(folded) > 4 else folded), False


def reads_known_names(text: str, known_names: frozenset[str]) -> bool:
    """Whether ``read_terms(text, known_names)`` can differ from ``read_terms(text)`` for a language
    that capitalises only names: only a capitalised first word is looked up in ``known_names``. A
    thousand articles read each English sentence once instead of twice."""
    m = _TOKEN.search(text)
    return m is not None and m.group(0)[0].isupper() and fold(m.group(0)).removesuffix("'s") in known_names


class Shared:
    """One object for each distinct set of names and runs of a run's sentences: reports of one event
    repeat the same names sentence after sentence, and at 3,000 articles the sentences' own copies of
    these sets were the engine's largest allocation. Values are unchanged, only shared."""

    def __init__(self) -> None:
        self.sets: dict[frozenset[str], frozenset[str]] = {}
        self.runs: dict[tuple[tuple[str, ...], ...], tuple[tuple[str, ...], ...]] = {}
        self.terms: dict[tuple[str, ...], tuple[str, ...]] = {}
        self.weights: dict[bytes, bytes] = {}

    def packed(self, terms: tuple[str, ...], weights: bytes) -> tuple[tuple[str, ...], bytes]:
        """A sentence's packed vector (``stories.Unit.terms`` and ``weights``), one object for each distinct
        one: copies of a report repeat its sentences word for word, and their vectors were the largest
        thing the engine held per sentence once the names were shared."""
        return self.terms.setdefault(terms, terms), self.weights.setdefault(weights, weights)

    def names(self, names: frozenset[str]) -> frozenset[str]:
        return self.sets.setdefault(names, names)

    def __call__(self, terms: Terms) -> Terms:
        runs = self.runs.setdefault(terms.runs, terms.runs)
        return Terms(terms.weights, self.names(terms.names), self.names(terms.subject), runs)

"""Whether an English and a German sentence of one story tell the same (the extractive engine's repeats
across languages, engines/repeats.py): by the names, the weekday or a count both give and the predicate
the checker's translation reads in both; or by their nouns, the German ones read in English through the
lexicon's table (lexicon.bilingual: "Schifffahrt" and "shipping")."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from briefer.engines.conflicts import _DENIAL, _NEGATION
from briefer.engines.stories import Unit
from briefer.lexicon.quantities import weekdays
from briefer.lexicon.reference import CROSS_SAME


def _denies(u: Unit) -> bool:
    return bool(_DENIAL.search(u.text) or _NEGATION.search(u.text))


def _counted_predicate(a: Unit, b: Unit, count: bool) -> bool:
    """Whether an English and a German sentence that share a count (``count``) or the weekday say one
    predicate by the checker's translation of it (lexicon.words.cross_predicate_polarities), both
    negating it or neither: "None of its four crew members was injured." and "Die vier
    Besatzungsmitglieder blieben unverletzt."; "… pausing after seven consecutive cuts" and "Zuvor hatte
    sie die Zinsen sieben Mal in Folge gesenkt." A count alone is no restatement ("Die Polizei nahm zwei
    Verdächtige fest" beside "Two firefighters were injured"), nor is a count of another predicate."""
    english, german = (a, b) if b.language == "de" else (b, a)
    if german.language != "de" or english.language != "en" or not (count or _same_day(english, german) == 1):
        return False
    from briefer.lexicon.words import cross_predicate_polarities, german_says_a_predicate  # the checker's

    if not german_says_a_predicate(_words_of(german.plain or german.text)):
        return False  # (then the English words are not lemmatised: the lemmatiser loads in 26 ms)
    said = cross_predicate_polarities(_lemmas_of(english.plain or english.text), _words_of(german.plain or german.text))
    return any((negated or _denies(german)) == _denies(english) for negated in said)


def _same_across(a: Unit, b: Unit) -> bool:
    """Whether two sentences in English and German tell the same: two or more of the same names (a
    name written in full counts once; the weekday both give counts as one, see _same_day) and one
    predicate: a word of one group of lexicon.reference.CROSS_SAME in each ("… which Putin on Monday
    claimed was being unsuccessful" and "Die Ukraine führt … eine Gegenoffensive …, die von Putin als
    „gescheitert“ bezeichnet wurde"), or the checker's translation of it (lexicon.words.cross_predicate:
    "Talks are scheduled to resume on Friday in Bremen." and "Die Verhandlungen sollen am Freitag in
    Bremen fortgesetzt werden."). Another predicate at that place and day is another fact ("Am Freitag
    wollen Hafenarbeiter in Bremen demonstrieren.")."""
    english, german = (a, b) if b.language == "de" else (b, a)
    if german.language != "de" or english.language != "en":
        return False
    shared = len(_touching(_touching(a.runs, a.salient), b.salient))
    if not shared:
        return False  # (most pairs: the weekdays are not read for them)
    day = _same_day(english, german)
    if day is None or shared + day < 2:
        return False
    counts = [{t for t in u.names if t.startswith("#")} for u in (a, b)]
    if all(counts) and counts[0] != counts[1]:
        return False  # different figures: two sides of a disagreement, or two facts
    ours = set(_words_of(english.plain or english.text))
    theirs = _words_of(german.plain or german.text)
    if any(not words.isdisjoint(ours) and any(st in w for w in theirs for st in stems) for words, stems in _CROSS):
        return True
    from briefer.lexicon.words import cross_predicate, german_says_a_predicate  # the checker's (load cost)

    return german_says_a_predicate(theirs) and cross_predicate(_lemmas_of(english.plain or english.text), theirs)


_NOUNS_SHARED = 2  # German nouns an English sentence must give too, at least …
_GERMAN_SHARE = 0.6  # … and this share of the German sentence's nouns and names …
_ENGLISH_SHARE = 0.4  # … while the German one gives this share of the English one's


def _same_nouns(a: Unit, b: Unit) -> bool:
    """Whether an English and a German sentence speak of the same things: most of the German one's
    nouns and names (a capitalised word after the first), and at least two, are the English one's,
    read in English through the lexicon's table (lexicon.bilingual: "Die Schifffahrt soll frühestens am
    Freitag wieder freigegeben werden, sagte ein Sprecher" and "Shipping is expected to resume on Friday
    at the earliest, a spokesman … said"); and the German one gives a good part of the English one's
    nouns too: two sentences of one story share its topic ("Streik", "Hafen"), and a German sentence of
    the strike and the port that names what the English one does not ("Bremerhaven", the employers'
    association) tells something else. Not when they give two weekdays, two different figures, or one
    denies what the other does not: those are two facts, or the two sides of a disagreement."""
    english, german = (a, b) if b.language == "de" else (b, a)
    if german.language != "de" or english.language != "en":
        return False
    theirs, told = _german_nouns(german.plain or german.text)
    if len(theirs) < _NOUNS_SHARED:
        return False  # (German sentences of few nouns end here, before the English words are read)
    ours, said = _english_nouns(english.plain or english.text)
    shared = sum(1 for word, words in theirs if word in said or not words.isdisjoint(said))
    if shared < _NOUNS_SHARED or shared < _GERMAN_SHARE * len(theirs):
        return False  # (most pairs end here: the words of each sentence are read once, the rest per pair)
    if sum(1 for forms in ours if not forms.isdisjoint(told)) < _ENGLISH_SHARE * len(ours):
        return False
    counts = [{t for t in u.names if t.startswith("#")} for u in (a, b)]
    if all(counts) and counts[0] != counts[1]:
        return False
    return _same_day(english, german) is not None and _denies(english) == _denies(german)


@lru_cache(maxsize=4096)
def _german_nouns(text: str) -> tuple[tuple[tuple[str, frozenset[str]], ...], frozenset[str]]:
    """The German sentence's capitalised words after the first (its nouns and names), lowercase, each
    with its English words (all its parts' for a compound: lexicon.bilingual.english_parts), if known;
    and all of those words and English words together."""
    from briefer.lexicon.bilingual import english_parts  # (imported here: the table loads at first use)

    nouns = tuple(
        (m.group(0).lower(), english_parts(m.group(0)))
        for k, m in enumerate(_WORD.finditer(text))
        if k and m.group(0)[:1].isupper()
    )
    return nouns, frozenset().union(*(words | {word} for word, words in nouns))


@lru_cache(maxsize=4096)
def _english_nouns(text: str) -> tuple[tuple[frozenset[str], ...], frozenset[str]]:
    """The English sentence's nouns (a word WordNet knows as a noun, or a plural of one) and names (a
    capitalised word after the first), stopwords aside, each as the forms it may be read as; and all
    of those forms together."""
    from briefer.lexicon.tables import STOPWORDS
    from briefer.lexicon.words import generalisations, lemmas  # the checker's (imported here: load cost)

    found = []
    for k, m in enumerate(_WORD.finditer(text)):
        word = m.group(0)
        low = word.lower()
        if len(low) < 3 or low in STOPWORDS:
            continue
        if k and word[:1].isupper():
            found.append(frozenset({low}))
        elif generalisations(low) or (
            not low.endswith(("ing", "ed")) and any(generalisations(form) for form in lemmas(low))
        ):  # a noun or a plural, not a verb's form ("monitoring" a noun only as WordNet has it)
            found.append(lemmas(low))
    return tuple(found), frozenset().union(*found)


def _same_day(english: Unit, german: Unit) -> int | None:
    """1 when both sentences give the same weekday, 0 when not both give one, None when they give two:
    a German weekday is no name of its sentence (German names count only as English writes them, see
    terms.read_terms), so the day both give is counted here; another day is another fact."""
    days = weekdays(english.plain or english.text), weekdays(german.plain or german.text)
    if not days[0] or not days[1]:
        return 0
    return 1 if days[0] == days[1] else None


_WORD = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=4096)
def _words_of(text: str) -> tuple[str, ...]:
    """A sentence's words, lowercase, once per sentence text (a story's pairs ask for them again and again)."""
    return tuple(_WORD.findall(text.lower()))


@lru_cache(maxsize=4096)
def _lemmas_of(text: str) -> frozenset[str]:
    """Every lemma of an English sentence's words, once per sentence text."""
    from briefer.lexicon.words import lemmas  # the checker's (imported here: load cost)

    return frozenset().union(*(lemmas(w) for w in _words_of(text)))


_CROSS = tuple(
    (frozenset(line.split("|")[0].split()), tuple(line.split("|")[1].split())) for line in CROSS_SAME.splitlines()
)


def _touching(runs: Iterable[tuple[str, ...]], names: frozenset[str]) -> list[tuple[str, ...]]:
    """The runs of names (a name written in full is one run) that hold at least one of ``names``."""
    return [r for r in runs if not names.isdisjoint(r)]

"""A text as the claim rules read it: per word its lemmas and whether a negation governs it.

``read`` tokenises a claim or a source sentence once (multi-word paraphrases joined first, "handed
in" → "submitted"), marks each word's lemmas, which words are content words and which a negation's
scope covers; ``Text`` keeps that with the text's numbers, months, names and folded vocabulary.
The word lists every rule shares (function words, negators, hedges) live here too.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from dataclasses import dataclass, field
from functools import lru_cache

from briefer import lexicon
from briefer.lexicon import names, quantities
from briefer.lexicon import tables as old_lexicon
from briefer.lexicon import words as word_tables
from briefer.lexicon.tables import AUXILIARIES

_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*(?:-[^\W\d_]+)*|[,.;:!?()]")


NEGATORS = old_lexicon.NEGATIONS  # one list of negation words: the lexicon's


# The light words that name no thing or act of their own: grammar and the most general verbs.
_GRAMMAR = frozenset(
    """a an the and or but if then than that this these those there here it its they them their he him his she her
we us our you your i me my of to in on at by for from with as into onto over under about after before since until
while during against between among through per via so such also too very just only even again still already now
later soon yet more most less least much many some any each both other another which who whom whose what when
where why how all can could may might must shall should will would up out off down own same one ones get gets got
make makes made take takes going go goes went come comes came want wants let lets""".split()
)
# Words no claim rests on: function words, reporting and discourse verbs a summary adds ("the speaker
# discusses"), and the generic nouns of summaries of talk. They are compared by no rule but polarity.
LIGHT = _GRAMMAR | frozenset(
    """
is are was were be been being am has have had do does did s t mr mrs ms said say says saying told tell according
discuss discusses discussed mention mentions mentioned explain explains explained describe describes described
talk talks talked speaker speakers conversation person people someone something thing things way include
includes including well overall however therefore thus ago suggest suggests suggested focus focuses focused
inform informs informed ask asks asked invite invites invited express expresses expressed request requests
requested recommend recommends recommended highlight highlights highlighted emphasize emphasise emphasizes
emphasises emphasized emphasised outline outlines outlined share shares shared present presents presented
introduce introduces introduced address addresses addressed cover covers covered provide provides provided offer
offers offered reach reaches reached contact contacts contacted document text article paper email message letter
report call meeting podcast episode host hosts author writer sender recipient participant participants member
members speaker group team company firm representative individual others various different several within
regarding despite because across whether further eventually overall particular specific certain current
currently potential available related respectively correspondingly additionally furthermore moreover instead
rather
""".split()
)


_GENERAL = AUXILIARIES | _GRAMMAR  # no synonyms of a claim's word (related())


LIGHT_DE = LIGHT | old_lexicon.GERMAN_LIGHT  # German has its own function words (English "die" is a verb)


HEDGES = frozenset(
    "may might could possibly perhaps probably likely unlikely reportedly allegedly alleged "
    "apparently suspected expected plans planned planning intends proposed potential rumored "
    "rumoured".split()
)


@dataclass
class Text:
    """A text as the claim rules read it: per word, as written (lowercase), its possible lemmas, and
    whether a negation governs it; plus its numbers, months, names."""

    lemmas: list[frozenset[str]]
    words: list[str]
    negated_at: list[bool]
    numbers: set[float]
    months: set[int]
    vocab: set[str]  # folded tokens (for names)
    entities: set[str]
    all_lemmas: set[str] = field(default_factory=set)
    negated: set[str] = field(default_factory=set)  # lemmas in a negation's scope
    content: list[int] = field(default_factory=list)  # indices of content words
    positions: dict[str, list[int]] = field(default_factory=dict)  # lemma → indices of content words
    _near: dict[int, set[str]] = field(default_factory=dict)
    general: frozenset[str] | None = None  # nouns more general than its content nouns (pool.nouns_general)
    roots: frozenset[str] | None = None  # its lemmas and the words they derive from (opposites.roots)


_SCOPE_ENDS = frozenset(
    "because since while although though that which who whom when where if unless until so but and".split()
)  # a negation's scope ends with its clause


REACH = 6  # words either side that make a word's local context ("beating analysts' expectations")


@lru_cache(maxsize=4096)
def read(text: str, language: str = "en", names_too: bool = True) -> Text:
    """``text`` as the rules read it; without ``names_too`` its names, months and folded vocabulary are
    left out (a pool reads them once for all its sentences)."""
    if names_too:  # the words are read once: a claim that is a source sentence shares the pool's reading
        return _with_names(read(text, language, names_too=False), text)
    words, lemma_sets, negated_at, light = _scan(text, language)
    # names, months and vocabulary: _with_names
    out = Text(lemma_sets, words, negated_at, quantities.numbers(text), set(), set(), set())
    out.all_lemmas = {lemma for forms in lemma_sets for lemma in forms}
    out.negated = {lemma for forms, neg in zip(lemma_sets, negated_at, strict=True) if neg for lemma in forms}
    out.content = [
        i
        for i, (w, is_light) in enumerate(zip(words, light, strict=True))
        if not is_light and w not in NEGATORS and len(w) > 1 and not w.endswith("n't")
    ]
    for i in out.content:
        for f in lemma_sets[i]:
            out.positions.setdefault(f, []).append(i)
    return out


def _scan(text: str, language: str) -> tuple[list[str], list[frozenset[str]], list[bool], list[bool]]:
    """Per word: as written (lowercase), its possible lemmas, whether a negation governs it, whether it
    is a light word (a negator counts as one: no rule but polarity compares it).

    German "nicht" negates the verb its clause ends with, not the words between them: "Auf einen
    Zinspfad wollte sie sich nicht festlegen" and "Sie wollte sich nicht auf einen Zinspfad festlegen"
    both negate "festlegen" alone ("nicht nur" negates nothing)."""
    words: list[str] = []
    lemma_sets: list[frozenset[str]] = []
    negated_at: list[bool] = []
    lights: list[bool] = []
    scope = False
    verb_at: int | None = None  # after a German "nicht": the clause's last content word so far (-1: none yet)

    def close_clause() -> None:
        nonlocal verb_at
        if verb_at is not None and verb_at >= 0:
            negated_at[verb_at] = True
        verb_at = None

    # Multi-word synonyms become one word first ("handed in" → "submitted", "took place" → "happened").
    folded = old_lexicon.rewrite_phrases(text.lower().replace("’", "'"))
    for m in _TOKEN.finditer(folded):
        if not scope and m.group(0).lower() in ("or", "nor") and negated_at and negated_at[-1]:
            scope = True  # "did not confirm or deny": both verbs are negated
        low = m.group(0).lower().replace("’", "'")
        if (not low[0].isalpha() and not _in_figure(folded, m.start())) or low in old_lexicon.GERMAN_CLAUSE_ENDS:
            close_clause()
        if not low[0].isalpha():
            scope = False
            continue
        if language == "de" and low == "nicht":
            verb_at = -1
        elif verb_at == -1 and low == "nur":
            verb_at = None  # "nicht nur …, sondern auch": no negation
        elif low in NEGATORS or low.endswith("n't"):
            scope = True
        if low in NEGATORS or low.endswith("n't"):
            words.append(low)
            lemma_sets.append(frozenset((low,)))
            negated_at.append(False)
            lights.append(True)
            continue
        low = low.removesuffix("'s")
        forms, light = _word(low, language)
        words.append(low)
        lemma_sets.append(forms)
        lights.append(light)
        negated_at.append(scope and not light)
        if verb_at is not None and not light:
            verb_at = len(words) - 1
        if low in _SCOPE_ENDS:
            scope = False
        if scope and (not light or low in ("and", "but")):
            scope = low in HEDGES  # "does not plan to sell": the selling is negated too
    close_clause()
    return words, lemma_sets, negated_at, lights


def _in_figure(text: str, at: int) -> bool:
    """The mark at ``at`` stands between two digits ("2,25", "10.000"): part of a figure, no clause end."""
    return 0 < at < len(text) - 1 and text[at - 1].isdigit() and text[at + 1].isdigit()


@lru_cache(maxsize=65536)
def _word(low: str, language: str) -> tuple[frozenset[str], bool]:
    """A word's lemmas and whether it is light, once per word. A hyphenated word is one word
    ("never-before-seen" negates nothing), with its parts as forms. A German verb's stem makes no word
    light: "sucht" (stem "such", an English light word) is compared."""
    forms = lexicon.lemmas(low, language) if "-" not in low else frozenset((low, *low.split("-")))
    light_words = LIGHT_DE if language == "de" else LIGHT
    stems = word_tables.german_verb_stems(low) if language == "de" and "-" not in low else set()
    return forms, low in light_words or bool((forms - stems) & light_words)


def _with_names(words_only: Text, text: str) -> Text:
    """``words_only`` (read without names) with the names, months and folded vocabulary of ``text``: a
    new Text sharing the words' (never changed) lists and sets, with its own phrase memo."""
    vocab, entities = vocabulary(text)
    return dataclasses.replace(
        words_only, months=quantities.months(text, numeric=True), vocab=vocab, entities=entities, _near={}
    )


def vocabulary(text: str) -> tuple[set[str], set[str]]:
    """Folded tokens (entity spellings replaced by their key) and the entities named."""
    folded, entities = names.canonical_entities(text)
    return {v for t in re.findall(r"[\w'-]+", folded) for v in (t, t.removesuffix("'s"), *t.split("-"))}, entities


def phrase_around(t: Text, i: int) -> set[str]:
    """Lemmas of the content words around word ``i``: the phrase it belongs to."""
    near = t._near.get(i)
    if near is None:
        lo = bisect.bisect_left(t.content, i - REACH)
        hi = bisect.bisect_right(t.content, i + REACH)
        near = t._near[i] = {f for j in t.content[lo:hi] if j != i for f in t.lemmas[j]}
    return near


def same_phrase(a: set[str], b: set[str]) -> bool:
    return bool(a & b) or any(related(f) & b for f in a)


def matches(forms: frozenset[str], have: set[str] | frozenset[str]) -> bool:
    if forms & have:
        return True
    return any(related(f) & have for f in forms)


@lru_cache(maxsize=65536)
def related(lemma: str) -> frozenset[str]:
    """A lemma's synonyms and derivations but the grammar words and the most general verbs. WordNet puts
    "have" in a sense of "accept" and of "cause", "make" in one of "cause": the source's auxiliary ("has
    offered") must not account for "accepted"."""
    return lexicon.related(lemma) - _GENERAL


def surface(lemma: str, t: Text) -> str:
    return next((w for w, forms in zip(t.words, t.lemmas, strict=True) if lemma in forms), lemma)

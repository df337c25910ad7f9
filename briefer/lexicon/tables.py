"""Words as the checker compares them: stopwords, spellings, stems and synonyms, and the words that
carry polarity (negations, denials, antonyms) and certainty (hedges), in English and German.

Tables, not cleverness: an editor who finds a missed synonym or hedge adds it here. Numbers and
dates are in ``quantities``, names and roles in ``names``; lemmas, WordNet and the news paraphrase and
opposites tables in ``words``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from briefer.lexicon.patterns import alternation

# ---------------------------------------------------------------- stems and synonyms

STOPWORDS = frozenset(
    """
a an the and or but if then than that this these those there here it its it's they them their
he him his she her we us our you your i me my is are was were be been being am has have had do does
did of to in on at by for from with as into onto over under about after before since until while
during against between among through per via so such also too very just only even again still
already previously recently now later earlier soon yet more most less least much many some any
each both other another which who whom whose what when where why how all no not nor neither
s t would will shall should can could may might must up out off down own same
said say says saying told tell tells according quoted added remarked stressed reportedly
mr mrs ms one ones
roughly around approximately nearly almost some about
der das des dem den ein eine einer eines einem einen und oder aber als wie wenn dass daß ob zu zum zur
im in am an auf aus bei mit nach von vor für über unter um durch gegen seit bis ist sind waren wird werden
wurde wurden haben hatte hatten sei es er sie wir ihr ihre ihren ihrem ihrer sein seine seinen seinem
seiner sich auch noch nur schon sehr so dies diese dieser dieses diesen jedoch laut gemäß sagte sagten
""".split()
)

# German words no claim rests on: articles, pronouns, auxiliaries, prepositions and the particles of
# separable verbs ("wies … zurück", "bot … an": the verb's stem carries the claim).
GERMAN_LIGHT = frozenset(
    """
der die das des dem den ein eine einer eines einem einen und oder aber als wie wenn dass daß ob zu zum zur
im in am an auf aus bei beim mit nach von vom vor für über unter um durch gegen seit bis ins
ist sind war waren wird werden wurde wurden worden haben hat hatte hatten habe sei es er sie wir ihr ihre
ihren ihrem ihrer ihres sein seine seinen seinem seiner seines sich auch noch nur schon sehr so dies diese
dieser dieses diesen jedoch laut gemäß sagte sagten dabei dazu damit sowie bereits etwa rund weitere
weiteren ab zurück weg fest los hin her heraus hinaus vorbei fort
""".split()
)

SPELLING = {
    "defence": "defense",
    "offence": "offense",
    "travelled": "traveled",
    "travelling": "traveling",
    "cancelled": "canceled",
    "cancelling": "canceling",
    "manoeuvre": "maneuver",
    "manoeuvres": "maneuvers",
    "honour": "honor",
    "honoured": "honored",
    "honours": "honors",
    "labour": "labor",
    "centre": "center",
    "organisation": "organization",
    "programme": "program",
    "armoured": "armored",
    "favour": "favor",
    "counter-offensive": "counteroffensive",
    "neighbour": "neighbor",
    "neighbouring": "neighboring",
}
_PHRASES = {
    "called off": "canceled",
    "call off": "cancel",
    "calls off": "cancels",
    "handed in": "submitted",
    "hand in": "submit",
    "take place": "happen",
    "takes place": "happens",
    "took place": "happened",
    "taking place": "happening",
    "not far from": "near",
    "close to": "near",
    "carry out": "conduct",
    "carrying out": "conducting",
    "carried out": "conducted",
    "set up": "establish",
    "on the sidelines of": "during",
    "break up": "dismantle",
    "more than": "over",
    "at least": "over",
}
# A phrasal verb and the noun made of it are one word to a summary: "dock workers walked out" is a
# walkout, "the company laid off 200" a layoff. Each line: the noun, its particle, the verb's forms.
# Left out where the phrase usually means something else ("turned out", "set back") or a synonym
# table already holds the verb ("shut down").
_COMPOUNDS = """
walkout out walk walks walked walking
layoff off lay lays laid laying
lockout out lock locks locked locking
lockdown down lock locks locked locking
crackdown down crack cracks cracked cracking
bailout out bail bails bailed bailing
buyout out buy buys bought buying
pullout out pull pulls pulled pulling
handover over hand hands handed handing
payout out pay pays paid paying
rollout out roll rolls rolled rolling
takeover over take takes took taken taking
breakdown down break breaks broke broken breaking
cutback back cut cuts cutting
"""
for _line in _COMPOUNDS.strip().splitlines():
    _noun, _particle, *_forms = _line.split()
    for _form in _forms:
        _PHRASES.setdefault(f"{_form} {_particle}", _noun)
_PHRASE = re.compile(r"\b(" + alternation(_PHRASES) + r")\b")  # longest first, as a trie

_SYNONYM_GROUPS = """
travel visit trip head journey go fly
talk negotiation negotiate discussion discuss conversation
arm weapon weaponry munition ammunition shell arsenal
supply deliver delivery provide send give sell
cancel scrap drop abandon
stop cease halt end suspend
show display exhibition parade
happen occur
open initiate launch start begin
submit tender
reject deny dismiss refuse decline repudiate
confirm verify
country nation
leader ruler head
war conflict fighting
meet meeting summit
soldier troop
big large major
obtain acquire get procure receive secure buy
expand boost increase strengthen deepen grow intensify
cooperation collaboration cooperate
warn caution
progress advance
uncover detect discover find expose bust
plan intend prepare
want wish seek aim
agreement deal pact accord
violate breach
missile rocket
network ring
dismantle
sanction penalty
say state tell
previous earlier former
claim allegation assertion
region area
city town
attack strike
"""


# Irregular forms a suffix stripper cannot reach: the one table of them (words.lemmas reads it too).
IRREGULAR = {
    "went": "go",
    "gone": "go",
    "goes": "go",
    "gave": "give",
    "given": "give",
    "took": "take",
    "taken": "take",
    "met": "meet",
    "made": "make",
    "held": "hold",
    "sent": "send",
    "sold": "sell",
    "bought": "buy",
    "brought": "bring",
    "sought": "seek",
    "fought": "fight",
    "thought": "think",
    "began": "begin",
    "begun": "begin",
    "fell": "fall",
    "fallen": "fall",
    "left": "leave",
    "led": "lead",
    "spoke": "speak",
    "spoken": "speak",
    "knew": "know",
    "known": "know",
    "saw": "see",
    "seen": "see",
    "won": "win",
    "lost": "lose",
    "struck": "strike",
    "flew": "fly",
    "flown": "fly",
    "drove": "drive",
    "chose": "choose",
    "kept": "keep",
    "spent": "spend",
    "paid": "pay",
    "rose": "rise",
    "risen": "rise",
    "grew": "grow",
    "grown": "grow",
    "shot": "shoot",
    "hit": "hit",
    "ran": "run",
    "came": "come",
    "became": "become",
    "wrote": "write",
    "written": "write",
    "found": "find",
    "stood": "stand",
    "got": "get",
    "broke": "break",
    "broken": "break",
    "killed": "kill",
    "fled": "flee",
    "tried": "try",
    "felt": "feel",
    "bore": "bear",
}
# Of these, the past forms simplemma's dictionary reads as another word only ("rose" the flower, "won"
# the currency, "left" the side): ``words.lemmas`` adds the verb to simplemma's lemma. Tested in
# tests/verify/test_accounting.py.
MISREAD_BY_SIMPLEMMA = frozenset({"rose", "won", "left", "felt", "bore"})


def is_irregular_past(word: str) -> bool:
    """An irregular English past form ("lost", "sold", "fell")."""
    return word in IRREGULAR and IRREGULAR[word] != word


@lru_cache(maxsize=65536)
def light_stem(word: str) -> str:
    """A crude English stemmer: enough to meet "negotiations" with "negotiating"."""
    word = SPELLING.get(word, word)
    word = IRREGULAR.get(word, word)
    for suffix in ("ations", "ation", "ings", "ing", "ied", "ies", "edly", "ed", "es", "s", "e"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)] + ("y" if suffix in ("ied", "ies") else "")
            break
    return word


def _synonyms() -> dict[str, str]:
    table: dict[str, str] = {}
    for line in _SYNONYM_GROUPS.strip().splitlines():
        words = line.split()
        for w in words:
            table.setdefault(w, light_stem(words[0]))
            table.setdefault(light_stem(w), light_stem(words[0]))
    return table


_SYNONYM = _synonyms()


@lru_cache(maxsize=65536)
def concept(word: str) -> str:
    """The comparable form of a lowercase word: stemmed, then mapped to its synonym group."""
    if word in _SYNONYM:
        return _SYNONYM[word]
    stem = light_stem(word)
    return _SYNONYM.get(stem, stem)


def phrases_for(word: str) -> list[str]:
    """The phrases ``rewrite_phrases`` reads as ``word`` ("close to" for "near"), longest first."""
    return sorted((p for p, w in _PHRASES.items() if w == word), key=len, reverse=True)


def rewrite_phrases(text: str) -> str:
    """Multi-word synonyms replaced by one word ("called off" → "canceled"); ``text`` is lowercase."""
    return _PHRASE.sub(lambda m: _PHRASES[m.group(1)], text)


# ---------------------------------------------------------------- polarity and certainty

# The auxiliaries, English and German: grammar, not a claim ("has offered", "wurde verletzt").
AUXILIARIES = frozenset(
    "am is are was were be been being has have had do does did wurde wurden ist sind war waren worden".split()
)
# Certainty (verify/certainty.py): the words that make the verb after them a plan or an expectation
# ("is expected to resume", "plans to"), the modals that make it a possibility ("could resume"), and the
# German auxiliaries of what was done ("wurde … freigegeben", "hat … gesenkt").
PLAN_WORDS = frozenset("expected planned plans planning intends intended set due scheduled likely hopes aims".split())
MODALS = frozenset("may might could would will".split())
GERMAN_DONE_AUXILIARIES = frozenset("wurde wurden war waren ist sind hat haben hatte hatten".split())
# German conjunctions that end a clause, and with it a "nicht"'s reach (verify/reading.py).
GERMAN_CLAUSE_ENDS = frozenset("und aber oder sondern weil dass denn obwohl".split())

# Words before a noun: a past participle after one is an adjective ("the varied options"), not a deed.
DETERMINERS = frozenset("the a an its their his her our your my this that these those some many several".split())

# The words a clause can end on when it leaves its predicate out ("two weeks would not be", "Y won't"),
# and that open a coordinated clause with no subject of its own ("… but would not raise its offer",
# "…, hat aber nicht"): the auxiliaries and the modals, English and German.
CLAUSE_VERBS = AUXILIARIES | frozenset(
    "would will could can should might may must shall wo ca würde würden wird werden kann können will wollen "
    "hat haben hatte hatten soll sollen muss müssen".split()
)

# The negations of a verb that are not its subject: "… but never raised its offer", "…, aber nicht erhöht",
# not "… but nobody would raise wages" (a clause with a subject of its own).
NEGATING_ADVERBS = frozenset("not never nicht nie niemals".split())

NEGATIONS = frozenset(
    "not no never neither nor without none nothing n't cannot nobody nowhere "
    "nicht kein keine keinen keinem keiner keines nie niemals weder ohne nichts niemand niemandem niemanden "
    "nirgends nirgendwo".split()
)
# Words that deny or refuse what follows, and words that affirm it; a sentence that swaps one
# for the other reverses the claim.
NEGATIVE_VERBS = frozenset(
    "deny denied denies rejected rejects reject dismissed dismisses dismiss refused refuses refuse "
    "declined declines decline disputed disputes dispute vetoed blocked ruled denial denials "
    "condemned condemns condemn criticised criticized criticises criticizes".split()
)
POSITIVE_VERBS = frozenset(
    "confirmed confirms confirm accepted accepts accept approved approves approve admitted admits "
    "admit agreed agrees agree acknowledged acknowledges endorsed endorses verified welcomed welcomes "
    "welcome praised praises praise".split()
)
# Words that say the opposite of each other; a sentence with one where its span has the other
# reverses the claim ("one of the few" → "one of many", "rarely travels" → "frequently travels").
ANTONYMS = tuple(
    tuple(pair.split("/"))
    for pair in """
few/many rarely/often rarely/frequently rarely/regularly seldom/often seldom/frequently increase/decrease
rise/fall rose/fell more/fewer more/less higher/lower larger/smaller bigger/smaller win/lose won/lost
success/failure successful/unsuccessful allow/forbid allow/ban legal/illegal advance/retreat gain/loss
strengthen/weaken support/oppose welcome/reject
""".split()
)
# Words a negation's scope skips to reach what it negates; reporting verbs are not among them
# ("nothing to say" negates the saying).
FUNCTION_WORDS = STOPWORDS - frozenset("said say says saying told tell tells quoted added remarked stressed".split())
# The source reports intention, expectation, possibility or allegation, not a fact.
HEDGES = frozenset(
    """
plan plans planned planning intend intends intended intention want wants wanted wish wishes hope hopes
expect expects expected expectation likely unlikely may might could would possibly possible perhaps
probably reportedly allegedly alleged apparently appears appear seem seems seemed suspected
assumed assume believed proposed potential prospective considering consider aims aim aiming
prepares preparing prepare rumored rumoured speculation if planned expected scheduled
plant plante planen geplant will wollen möchte möchten soll sollen sollte angeblich möglicherweise
vermutlich wahrscheinlich könnte könnten würde würden erwartet erwarten offenbar offenbart
beabsichtigt beabsichtigen vorgeschlagen vorgeschlagene vorgeschlagenen mutmaßlich bereitet
""".split()
)
# English "will" states a future as certain; German "will" means "wants". Sentence hedges are
# looked up in the sentence's language, so the German reading never applies to English.
HEDGES_EN = HEDGES - {"will"}

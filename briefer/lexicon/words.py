"""Lemmas, WordNet relations and the two news tables (see the package docstring)."""

from __future__ import annotations

import gzip
from functools import lru_cache
from importlib import resources

import simplemma

# Groups of words a news summary uses for one another and WordNet does not put in one synset.
# Each line is one group; every word is a lemma. Tested in tests/verify/test_lexicon.py.
PARAPHRASES = """
disable shut close deactivate
ban prohibit forbid outlaw bar
admit confess acknowledge plead
order compel force require instruct direct
remove eliminate withdraw delete scrap
resign quit step leave
reveal disclose announce unveil
say state add note stress tell report mention explain describe discuss claim
buy purchase acquire
sell divest
rise increase grow climb gain jump surge soar
fall decrease decline drop slide slip sink plunge
company firm business corporation group
profit earnings income
revenue sales turnover
plan intend aim schedule
help assist aid support
talk discuss negotiate conversation discussion
agree accept approve endorse
kill slay
arrest detain
attack strike assault
country nation state
deny reject dismiss refuse repudiate
closer deeper stronger tighter increase strengthen deepen expand boost
""".strip()

# Pairs that say the opposite of each other, in English; a claim with one where its evidence has the
# other is contradicted. WordNet's direct antonyms are added to these at first use.
OPPOSITES = """
before after
up down
increase decrease
increase cut
rise fall
rise drop
rise decline
gain loss
gain lose
profit loss
buy sell
buyer seller
import export
win lose
beat miss
above below
high low
higher lower
more less
more fewer
over under
open close
accept reject
approve reject
confirm deny
admit deny
resign fire
resign stay
resign remain
leave stay
leave remain
resign dismiss
quit fire
speed slow
accelerate slow
hasten delay
start end
start stop
begin end
first last
maximum minimum
early late
earlier later
strong weak
positive negative
include exclude
new existing
new old
past future
internal external
success failure
succeed fail
allow ban
allow prohibit
allow forbid
permit ban
support oppose
agree disagree
ally enemy
victory defeat
hire fire
lend borrow
send receive
import export
inbound outbound
north south
east west
suspect victim
attacker victim
employer employee
landlord tenant
teacher student
parent child
winner loser
lender borrower
guilty innocent
legal illegal
safe dangerous
cheap expensive
expand shrink
expand contract
add remove
join leave
enter exit
arrive depart
always never
all none
most least
majority minority
propulsion navigation
cancel hold
cancel proceed
cancel continue
certain unclear
confirm unclear
""".strip()


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]], dict[str, frozenset[str]],
                       dict[str, frozenset[str]]]:
    """word → related words (synonyms, derivations, paraphrases); word → opposites; word → broader
    relations (similar, pertainyms, verb hypernyms). Read once."""
    related: dict[str, set[str]] = {}
    opposite: dict[str, set[str]] = {}
    broader: dict[str, set[str]] = {}
    derived: dict[str, set[str]] = {}
    data = resources.files("briefer.lexicon").joinpath("wordnet.tsv.gz").read_bytes()
    for line in gzip.decompress(data).decode("utf-8").splitlines():
        kind, _, rest = line.partition("\t")
        if kind == "S":
            words = rest.split("\t", 1)[1].split()
            if len(words) > 12:
                continue  # a huge synset is a vague one ("get": 30 lemmas): it would match anything
            for w in words:
                related.setdefault(w, set()).update(words)
        elif kind in ("D", "B"):
            a, b = rest.split("\t")
            for table in ((related, derived) if kind == "D" else (broader,)):
                table.setdefault(a, set()).add(b)
                table.setdefault(b, set()).add(a)
        elif kind == "A":
            a, b = rest.split("\t")
            opposite.setdefault(a, set()).add(b)
            opposite.setdefault(b, set()).add(a)
    for group in PARAPHRASES.splitlines():
        words = group.split()
        for w in words:
            related.setdefault(w, set()).update(words)
    for pair in OPPOSITES.splitlines():
        a, b = pair.split()
        opposite.setdefault(a, set()).add(b)
        opposite.setdefault(b, set()).add(a)
    return ({w: frozenset(s - {w}) for w, s in related.items()}, {w: frozenset(s) for w, s in opposite.items()},
            {w: frozenset(s - {w}) for w, s in broader.items()}, {w: frozenset(s) for w, s in derived.items()})


_SUFFIXES = (("ing", ""), ("ing", "e"), ("ed", ""), ("ed", "e"), ("es", ""), ("s", ""), ("ly", ""), ("ies", "y"),
             ("ied", "y"))


@lru_cache(maxsize=65536)
def lemmas(word: str, language: str = "en") -> frozenset[str]:
    """The lowercase forms ``word`` may be an inflection of: its dictionary lemma, itself, and (English)
    the verb a known "-ing"/"-ed" form comes from ("beating" is a noun and a form of "beat")."""
    low = word.lower()
    found = {low, simplemma.lemmatize(low, lang=language).lower()}
    if language == "en":
        for suffix, repl in _SUFFIXES:
            if low.endswith(suffix) and len(low) - len(suffix) >= 3:
                base = low[: -len(suffix)] + repl
                if base in _tables()[0] or base in _tables()[1]:
                    found.add(base)
        if len(low) > 6 and low.endswith(("ing", "ed")) and low.rstrip("ingd")[-1:] * 2 == low.rstrip("ingd")[-2:]:
            base = low.rstrip("ingd")[:-1]  # "stopping", "stopped" → "stop"
            if base in _tables()[0] or base in _tables()[1]:
                found.add(base)
    return frozenset(found)


def related(lemma: str) -> frozenset[str]:
    """Synonyms, derivations and paraphrases of a lemma (not the lemma itself)."""
    return _tables()[0].get(lemma, frozenset())


def derivations(lemma: str) -> frozenset[str]:
    """Words derived from the same root, across parts of speech: "resign"/"resignation"."""
    return _tables()[3].get(lemma, frozenset())


def broader(lemma: str) -> frozenset[str]:
    """Looser relations, enough to account for a word but not to align a phrase: similar adjectives,
    pertainyms ("monthly"/"month"), a verb's hypernym ("whisper"/"speak")."""
    return _tables()[2].get(lemma, frozenset())


def antonyms(lemma: str) -> frozenset[str]:
    """Opposites of a lemma: WordNet's direct antonyms, the OPPOSITES table, and un-/in-/non-/dis- forms."""
    found = set(_tables()[1].get(lemma, ()))
    for prefix in ("un", "non", "dis", "in", "im", "il", "ir"):
        if lemma.startswith(prefix) and len(lemma) - len(prefix) >= 4:
            found.add(lemma[len(prefix):])
    return frozenset(found)


def prefixed_opposites(lemma: str) -> tuple[str, ...]:
    return tuple(p + lemma for p in ("un", "non", "dis", "in", "im", "il", "ir"))


@lru_cache(maxsize=65536)
def is_known(word: str, language: str = "en") -> bool:
    """True when ``word`` (lowercase) is in the language's dictionary: a sentence-initial capital on
    a known word ("Ultimately", "Shares") marks no name."""
    return simplemma.is_known(word, lang=language) or word in _tables()[0]

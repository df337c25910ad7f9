"""Lemmas, WordNet relations and the two news tables (see the package docstring)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from functools import lru_cache
from importlib import resources

from briefer.config import briefer_version
from briefer.lexicon import lazy_rules, simplemma_english, store
from briefer.lexicon import wordnet as wordnet_table
from briefer.lexicon.tables import GERMAN_LIGHT, IRREGULAR, MISREAD_BY_SIMPLEMMA

lazy_rules.install()  # before simplemma's import: only the English rules are loaded (lazy_rules' doc)

import simplemma  # noqa: E402
from simplemma.strategies import DefaultStrategy, DictionaryLookupStrategy  # noqa: E402
from simplemma.strategies.dictionaries import DefaultDictionaryFactory  # noqa: E402

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
# Verbs of a change whose one opposite is that the thing was kept as it was: "cut its deposit rate" where
# the source says it "kept its deposit rate". One way only: "keep" has too many senses ("find and keep
# allies", "keep in touch") to stand against a change by itself.
CHANGES_NOT_KEPT = frozenset("cut lower reduce raise increase hike change".split())


OPPOSITES = """
before after
up down
increase decrease
increase cut
rise fall
rise drop
rise decline
rise slump
rise plunge
climb fall
climb drop
climb decline
gain fall
gain drop
gain decline
increase fall
increase drop
increase decline
grow shrink
grow fall
grow decline
jump fall
jump drop
surge fall
surge plunge
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
majority minority
propulsion navigation
free paid
connect disconnect
reconnect disconnect
cancel hold
run dismantle
operate dismantle
build dismantle
create dismantle
deny uncover
deny discover
deny reveal
cancel proceed
cancel continue
certain unclear
confirm unclear
grant reject
grant refuse
grant deny
restart shut
reopen close
reopen shut
convict acquit
keep remove
guilty acquit
resume stop
resume halt
resume suspend
resume end
resume cease
continue stop
continue halt
lift impose
lift issue
revoke issue
revoke grant
rescind issue
withdraw issue
overturn uphold
honour betray
honor betray
honour breach
honour violate
respect violate
uphold violate
comply violate
temporary permanent
""".strip()


# Predicates that hold both ways: "Putin met Kim" is "Kim met Putin"; no order of their parties is a swap.
SYMMETRIC = frozenset(
    """
meet meeting talk talks negotiate negotiation discuss agree agreement sign deal pact treaty trade fight clash
compete cooperate cooperation marry merge merger tie draw play face share border neighbour neighbor ally
alliance partner partnership contact relation relations exchange swap versus against between
treffen gespräch verhandlung verhandeln abkommen vertrag
""".split()
)


# English words and the German stems that say the same (found inside compounds: "Lohnerhöhung"), in
# opposite pairs: across languages, a sentence saying one where its German evidence says the other is
# contradicted (an English claim is not otherwise compared word by word with German evidence).
# Each line: group name, English lemmas, "|", German stems; each pair of groups in CROSS_OPPOSITES.
# A stem with "^" matches only at the start of a word ("^kauf": "kaufen", not "verkaufen").
CROSS_GROUPS = """
up increase rise raise grow gain climb hike | erhöh anstieg anstieg steig stieg gestiegen wachs zunahm zunehm
down decrease cut reduce decline lower reduction drop fall | senk rückgang sink sank gesunken kürz verringer
many many numerous | viele vielen zahlreich
few few | wenige wenigen
often often frequently regularly | häufig oft regelmäßig
rarely rarely seldom | selten
support support back endorse favour favor | unterstütz befürwort
oppose oppose reject condemn | ablehn abgelehnt lehnt verurteil
open open reopen | öffn geöffnet
close close shut | schließ geschlossen schloss sperr
accept accept | annehm angenommen akzeptier nahm
buy buy purchase acquire procure | ^kauf ^gekauft einkauf ankauf beschaff erwerb erworben
sell sell | verkauf veräußer
deliberately deliberately intentionally | absichtlich bewusst vorsätzlich
accidentally accidentally inadvertently | versehentlich unabsichtlich
temporarily temporarily temporary provisionally briefly interim | vorübergehend vorläufig zeitweise kurzzeitig
permanently permanently permanent indefinitely | dauerhaft endgültig unbefristet permanent
resume resume resumption restart continue | wiederaufnahm wiederaufgenommen fortsetz fortgesetzt fortzusetz weiterführ
stop stop halt end suspend cease | stopp einstell eingestellt einzustell beend aussetz ausgesetzt auszusetz
unchanged unchanged steady | belass unveränder beibehalt
""".strip()
CROSS_OPPOSITES = (
    ("up", "down"),
    ("many", "few"),
    ("often", "rarely"),
    ("support", "oppose"),
    ("open", "close"),
    ("accept", "oppose"),
    ("deliberately", "accidentally"),
    ("buy", "sell"),
    ("temporarily", "permanently"),
    ("resume", "stop"),
    ("up", "unchanged"),  # "hat den Zins gesenkt" where it "bei 2,25 Prozent belassen"
    ("down", "unchanged"),
)


# Events a sentence cannot assert by accident: that someone died, resigned, was fired or arrested, that
# a ban or a threat was made. Across languages the wording is not compared word by word, so an English
# claim naming one of these needs a German word for it in its evidence ("Wissing resigned." over
# "Wissing rief beide Seiten auf" has none). Each line: English lemmas, "|", German stems (as in
# CROSS_GROUPS; "a+b" needs both words, for separable verbs: "trat … zurück").
CROSS_EVENTS = """
die death dead | sterb starb storb tod tot töt ums+leben erlag umgekommen
kill | töt tot tod ermord umgebracht opfer ums+leben umgekommen erlag
resign resignation | rücktritt zurückgetret zurückzutret trat+zurück tritt+zurück niederleg niedergelegt abdank
fire sack oust | entlass entließ feuer absetz abgesetzt geschasst schoss schieß schuss brand
dismiss | entlass entließ absetz abgesetzt geschasst zurückgewies wies+zurück abgewiesen
arrest detain | festgenommen festnahm festnahme nahm+fest verhaft festgesetzt inhaftier gefangen
threaten threat | droh
ban prohibit outlaw | verbot verbiet untersag
""".strip()


def _cross_events() -> tuple[tuple[frozenset[str], tuple[tuple[str, ...], ...]], ...]:
    out = []
    for line in CROSS_EVENTS.splitlines():
        english, german = line.split("|")
        out.append((frozenset(english.split()), tuple(tuple(stem.split("+")) for stem in german.split())))
    return tuple(out)


_EVENTS = _cross_events()


def cross_missing_events(english: frozenset[str], german_words: list[str]) -> list[tuple[str, tuple[str, ...]]]:
    """(English lemma, German stems) for each event of CROSS_EVENTS the English lemmas name and no German
    word (or pair of words, for a separable verb) says."""
    found = []
    for words, stems in _EVENTS:
        ours = english & words
        if not ours:
            continue
        if any(all(any(_in(part, w) for w in german_words) for part in stem) for stem in stems):
            continue
        found.append((sorted(ours)[0], tuple("+".join(stem) for stem in stems)))
    return found


def _in(stem: str, word: str) -> bool:
    return word.startswith(stem[1:]) if stem[0] == "^" else stem in word


def _cross_groups() -> dict[str, tuple[frozenset[str], tuple[str, ...]]]:
    out = {}
    for line in CROSS_GROUPS.splitlines():
        english, german = line.split("|")
        name, *words = english.split()
        out[name] = (frozenset(words), tuple(german.split()))
    return out


_CROSS = _cross_groups()
# The English words of a thing left as it was ("left its key rate unchanged"), of CROSS_GROUPS' "unchanged".
UNCHANGED = _CROSS["unchanged"][0]


@lru_cache(maxsize=65536)
def _german_groups(word: str) -> frozenset[str]:
    """The groups of CROSS_GROUPS one of whose German stems is in ``word``, once per word."""
    return frozenset(name for name, (_, stems) in _CROSS.items() if any(_in(stem, word) for stem in stems))


def cross_opposites(english: frozenset[str], german_words: list[str]) -> list[tuple[str, str]]:
    """(English word group, German word) pairs where the English lemmas say one thing of a pair in
    CROSS_OPPOSITES and a German word the other, and nothing German says the same as the English."""
    found = []
    for a, b in (*CROSS_OPPOSITES, *((b, a) for a, b in CROSS_OPPOSITES)):
        ours = english & _CROSS[a][0]
        if not ours:
            continue
        if any(a in _german_groups(w) for w in german_words):
            continue
        theirs = next((w for w in german_words if b in _german_groups(w)), None)
        if theirs is not None:
            found.append((sorted(ours)[0], theirs))
    return found


def german_opposites(ours: list[str], theirs: list[str]) -> list[tuple[str, str]]:
    """(our word, their word) pairs of German words in opposite groups of CROSS_GROUPS, where nothing in
    ``theirs`` says what our word says ("häufig" over "selten", "abgelehnt" over "unterstützt")."""
    found = []
    for a, b in (*CROSS_OPPOSITES, *((b, a) for a, b in CROSS_OPPOSITES)):
        mine = next((w for w in ours if a in _german_groups(w)), None)
        if mine is None or any(a in _german_groups(w) for w in theirs):
            continue
        other = next((w for w in theirs if b in _german_groups(w)), None)
        if other is not None:
            found.append((mine, other))
    return found


# The groups of CROSS_GROUPS that say what happens (verbs), not how often, how many or on purpose: with
# CROSS_EVENTS, the translation of a sentence's predicate, by which the extractive engine tells that a
# German sentence of the same names says again what an English one says (engines/repeats.py): "Talks
# are scheduled to resume on Friday in Bremen." and "Die Verhandlungen sollen am Freitag in Bremen
# fortgesetzt werden."
_PREDICATES = ("up", "down", "support", "oppose", "open", "close", "accept", "buy", "sell", "resume", "stop")


# Verbs the extractive engine reads across languages beyond the checker's groups (not used by the checker,
# whose verdicts they would change): common news verbs, each German stem a translation of the English.
# Each line: English lemmas, "|", German stems (as in CROSS_GROUPS).
CROSS_VERBS = """
injure hurt wound | verletz
""".strip()


_VERBS = tuple(
    (frozenset(line.split("|")[0].split()), tuple((stem,) for stem in line.split("|")[1].split()))
    for line in CROSS_VERBS.splitlines()
)


# _PREDICATES as CROSS_EVENTS writes its lines: English lemmas, then alternatives of German stem parts.
_PREDICATE_GROUPS = tuple((_CROSS[name][0], tuple((s,) for s in _CROSS[name][1])) for name in _PREDICATES)


@lru_cache(maxsize=4096)
def german_says_a_predicate(german_words: tuple[str, ...]) -> bool:
    """Whether a German word holds a stem of the predicates cross_predicate and cross_predicate_polarities
    read: when none does, neither can find one, and the English side need not be lemmatised."""
    stems = [parts[0] for _, alternatives in (*_PREDICATE_GROUPS, *_EVENTS, *_VERBS) for parts in alternatives]
    return any(_in(stem, w) for w in german_words for stem in stems)


def cross_predicate(english: frozenset[str], german_words: Sequence[str]) -> bool:
    """True when an English lemma of ``english`` and a German word say one predicate of _PREDICATES or
    CROSS_EVENTS (a separable verb's two parts both among ``german_words``)."""
    return bool(_polarities(english, german_words, (*_PREDICATE_GROUPS, *_EVENTS)))


def cross_predicate_polarities(english: frozenset[str], german_words: Sequence[str]) -> frozenset[bool]:
    """For each predicate of _PREDICATES, CROSS_EVENTS or CROSS_VERBS an English lemma of ``english``
    and a German word both say, whether the German word itself negates it: "unverletzt" is "not
    injured", "verletzt" "injured". Empty when they share no predicate."""
    return _polarities(english, german_words, (*_PREDICATE_GROUPS, *_EVENTS, *_VERBS))


def _polarities(
    english: frozenset[str],
    german_words: Sequence[str],
    tables: Sequence[tuple[frozenset[str], tuple[tuple[str, ...], ...]]],
) -> frozenset[bool]:
    found: set[bool] = set()
    for words, stems in tables:
        if english.isdisjoint(words):
            continue
        for stem in stems:  # a separable verb's parts: all of them said, the first read for its "un"
            if all(any(_in(p, w) for w in german_words) for p in stem):
                found.update(_negates(stem[0], w) for w in german_words if _in(stem[0], w))
    return frozenset(found)


def _negates(stem: str, word: str) -> bool:
    """Whether ``word`` holds ``stem`` after a negating "un" ("unverletzt", "ungeöffnet")."""
    return stem[0] != "^" and word.startswith("un" + stem)


def cross_groups(words: list[str]) -> frozenset[str]:
    """The groups of CROSS_GROUPS some of ``words`` (lowercase, English or German) say: "raise" and
    "erhöhen" are both "up". What ties an English clause to a German claim beyond their names."""
    found = set()
    for name, (english, _) in _CROSS.items():
        if any(w in english or lemmas(w) & english or name in _german_groups(w) for w in words):
            found.add(name)
    return frozenset(found)


def cross_same(english: str, german_words: list[str]) -> bool:
    """True when a German word says what the English lemma of CROSS_GROUPS says."""
    return any(
        english in words and any(_in(stem, w) for w in german_words for stem in stems)
        for words, stems in _CROSS.values()
    )


class _Tables:
    """The WordNet table and the two news tables, read once: word → groups (lists of words) and word →
    neighbours, kept as plain lists; each word's set is built the first time it is asked for. WordNet's
    fields are views of the index shipped beside the table (``wordnet``), which decode only the words
    a run looks up; the news tables are joined to them as they are read."""

    def __init__(self, wordnet: bool = True, data: bytes | None = None) -> None:
        self.groups: Sequence[list[str]] = []
        self.in_groups: Mapping[str, list[int]] = {}
        self.derived: Mapping[str, list[str]] = {}
        self.broader: Mapping[str, list[str]] = {}
        self.opposite: Mapping[str, list[str]] = {}
        self.verbs: AbstractSet[str] = set()  # lemmas WordNet lists as verbs
        # Per noun, the nouns more general than it (WordNet's hypernyms of its senses, a few levels up,
        # as tools/wordnet_table.py walks them), space-separated.
        self.general: Mapping[str, str] = {}
        # ``data``: the bytes of a table in wordnet.tsv.gz's layout (tests), else that file's
        base = wordnet_table.load(data or wordnet_table.table_bytes()) if wordnet else dict(vars(self))
        self.__dict__.update(wordnet_table.joined(base, PARAPHRASES, OPPOSITES))

    def knows(self, word: str) -> bool:
        return word in self.in_groups or word in self.derived or word in self.opposite


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    return _Tables()


_SUFFIXES = (
    ("ing", ""),
    ("ing", "e"),
    ("ed", ""),
    ("ed", "e"),
    ("es", ""),
    ("s", ""),
    ("ly", ""),
    ("ies", "y"),
    ("ied", "y"),
)


_GERMAN_SUFFIXES = ("ungen", "ung", "en", "er", "es", "e", "n", "s")


_GERMAN_VERB_ENDINGS = ("test", "tet", "ten", "te", "et", "st", "t")


def german_verb_stems(low: str) -> set[str]:
    """The stem a German verb form shares with its verb and its "-ung" noun: "gesenkt", "senkte" and
    "Senkung" → "senk"; "ermittelt" and "Ermittlungen" → "ermittl" (a stem in "-el"/"-er" loses its "e"
    before "-ung"). No function word is a stem: "Nacht" and "Sicht" only end like a verb ("nach", "sich")."""
    word = low[2:] if low.startswith("ge") and low.endswith("t") and len(low) >= 7 else low
    ending = next((x for x in _GERMAN_VERB_ENDINGS if word.endswith(x) and len(word) - len(x) >= 4), None)
    if ending is None:
        return set()
    stem = word[: -len(ending)]
    stems = {stem, stem[:-2] + stem[-1]} if stem.endswith(("el", "er")) else {stem}
    return stems - GERMAN_LIGHT


@lru_cache(maxsize=65536)
def lemmas(word: str, language: str = "en") -> frozenset[str]:
    """The lowercase forms ``word`` may be an inflection of: itself and its dictionary lemma; in English
    also the verb a known "-ing"/"-ed" form comes from ("beating" is a noun and a form of "beat"). German
    words lose their inflection endings (simplemma's German dictionary costs seconds to load)."""
    low = word.lower()
    found = {low}
    if language != "en":
        found.update(low[: -len(x)] for x in _GERMAN_SUFFIXES if low.endswith(x) and len(low) - len(x) >= 4)
        found.update(german_verb_stems(low))
        return frozenset(found)
    found.add(_english()[0].lemmatize(low, "en").lower())
    if low in MISREAD_BY_SIMPLEMMA:  # a past form simplemma reads as another word only ("rose", "won")
        found.add(IRREGULAR[low])
    tables = _tables()
    for suffix, repl in _SUFFIXES:
        if low.endswith(suffix) and len(low) - len(suffix) >= 3:
            base = low[: -len(suffix)] + repl
            if tables.knows(base):
                found.add(base)
    stripped = low[:-3] if low.endswith("ing") else low[:-2] if low.endswith("ed") else ""
    if len(stripped) >= 4 and stripped[-1] == stripped[-2] and tables.knows(stripped[:-1]):
        found.add(stripped[:-1])  # "stopping", "stopped" → "stop"
    return frozenset(found)


@lru_cache(maxsize=65536)
def related(lemma: str) -> frozenset[str]:
    """Synonyms, derivations and paraphrases of a lemma (not the lemma itself)."""
    tables = _tables()
    found = {w for g in tables.in_groups.get(lemma, ()) for w in tables.groups[g]}
    found.update(tables.derived.get(lemma, ()))
    found.discard(lemma)
    return frozenset(found)


@lru_cache(maxsize=65536)
def derivations(lemma: str) -> frozenset[str]:
    """Words derived from the same root, across parts of speech: "resign"/"resignation"."""
    return frozenset(_tables().derived.get(lemma, ()))


@lru_cache(maxsize=65536)
def broader(lemma: str) -> frozenset[str]:
    """The words that account for ``lemma`` by a looser relation, not enough to align a phrase: similar
    adjectives, pertainyms ("monthly"/"month"), and for a verb its hyponyms: the source's "whisper"
    accounts for "speak", never "speak" for "whisper" (nor "hurt" for "kill")."""
    return frozenset(_tables().broader.get(lemma, ()))


@lru_cache(maxsize=65536)
def generalisations(lemma: str) -> frozenset[str]:
    """The nouns more general than ``lemma`` (not itself), a few levels above any of its senses: a
    summary's "the vehicle" for the source's "truck". One way only: the source's "vehicle" accounts
    for no "truck"."""
    return frozenset(_tables().general.get(lemma, "").split()) - {lemma}


_NEGATIVE_PREFIXES = ("un", "non", "dis", "in", "im", "il", "ir")


@lru_cache(maxsize=65536)
def antonyms(lemma: str) -> frozenset[str]:
    """Opposites of a lemma: WordNet's direct antonyms, the OPPOSITES table, and the word without its
    negative prefix ("unvaccinated" → "vaccinated")."""
    found = set(_tables().opposite.get(lemma, ()))
    for prefix in _NEGATIVE_PREFIXES:
        if lemma.startswith(prefix) and len(lemma) - len(prefix) >= 4:
            found.add(lemma[len(prefix) :])
    return frozenset(found)


def is_verb(lemma: str) -> bool:
    """True when WordNet lists ``lemma`` as a verb (it may be a noun too: "state", "cut")."""
    return lemma in _tables().verbs


def prefixed_opposites(lemma: str) -> tuple[str, ...]:
    """The lemma with a negative prefix ("vaccinated" → "unvaccinated", "nonvaccinated" …)."""
    return tuple(p + lemma for p in _NEGATIVE_PREFIXES)


@lru_cache(maxsize=65536)
def is_known(word: str, language: str = "en") -> bool:
    """True when ``word`` (lowercase) is in the language's dictionary: a sentence-initial capital on
    a known word ("Ultimately", "Shares") marks no name."""
    if language != "en":
        return False
    if not word:  # as simplemma.is_known
        raise ValueError("Wrong input value: empty string")
    # simplemma.is_known's lookup, NFC first (as simplemma does), on the cached dictionary
    known = _english()[1].get_lemma(unicodedata.normalize("NFC", word), "en") is not None
    return known or _tables().knows(word)


class _Dictionaries:
    """simplemma's dictionaries (its ``DictionaryFactory`` protocol), English read from briefer's cache
    directory after the first run (``store``): simplemma decodes its front-coded stream record by
    record, about a third of a second; the cache holds the same dictionary as an index a run reads
    only where it looks."""

    def __init__(self) -> None:
        self._default = DefaultDictionaryFactory()
        self._english: Mapping[str, str] | None = None

    def get_dictionary(self, lang: str) -> Mapping[str, str]:
        if lang != "en":
            return self._default.get_dictionary(lang)
        if self._english is None:
            self._english = self._read_english()
        return self._english

    def _read_english(self) -> Mapping[str, str]:
        try:
            data = resources.files("simplemma.strategies.dictionaries").joinpath("data", "en.plzma").read_bytes()
            decoder = store.source_of(simplemma_english.__file__)  # a changed decoder never reads an old cache
            key = store.cache_key(data, simplemma.__version__.encode(), decoder, *_code_identity())
        except (OSError, AttributeError):  # another layout of simplemma's data: its own loading, uncached
            return self._default.get_dictionary("en")
        english = store.cached("simplemma-en", key, lambda: {"en": self._built_english(data)})["en"]
        if not isinstance(english, store.Index):  # not indexable (a word with a newline): simplemma's own
            return self._default.get_dictionary("en")
        return english

    def _built_english(self, data: bytes) -> store.Entries | dict[bytes, bytes] | Mapping[str, str]:
        """The dictionary for the cache: decoded straight into the index's entries where its layout is
        simplemma 2's (``simplemma_english``), else as simplemma decodes it."""
        return simplemma_english.entries(data) or self._decoded_english()

    def _decoded_english(self) -> dict[bytes, bytes] | Mapping[str, str]:
        """simplemma 2's UTF-8 → UTF-8 store as it holds it (the index reads it back as strings, as
        simplemma decodes it), or another version's dictionary as it gives it."""
        default = self._default.get_dictionary("en")
        raw = getattr(default, "_dict", None)
        return raw if isinstance(raw, dict) else dict(default.items())


@lru_cache(maxsize=1)
def _code_identity() -> tuple[bytes, bytes]:
    """What every cached table's key holds beside its data: this module's source and briefer's version."""
    return store.source_of(__file__), briefer_version().encode()


@lru_cache(maxsize=1)
def _english() -> tuple[simplemma.Lemmatizer, DictionaryLookupStrategy]:
    """simplemma's default lemmatizer (what ``simplemma.lemmatize`` uses) and the lookup of
    ``simplemma.is_known``, over the cached dictionaries."""
    dictionaries = _Dictionaries()
    return (
        simplemma.Lemmatizer(lemmatization_strategy=DefaultStrategy(greedy=False, dictionary_factory=dictionaries)),
        DictionaryLookupStrategy(dictionaries),
    )


_WORD_RUN = re.compile(r"[^\W\d_]+")
# Short words an abbreviation spells out but may not start or end with ("earnings per share", "year over year").
_INNER = frozenset("of per over on and for to in the a de".split())


@lru_cache(maxsize=4096)
def initialisms(text: str) -> frozenset[str]:
    """The initials of every run of 2–6 consecutive words of ``text`` that starts and ends with a word
    of weight ("year-over-year" → "yoy", "earnings per share" → "eps", "convolutional neural networks"
    → "cnn"): what an abbreviation written in a claim may stand for. Meant for a sentence, not a whole
    source: over a long text almost any three letters are someone's initials."""
    words = [w.lower() for w in _WORD_RUN.findall(text)]
    out = set()
    for k in range(2, 7):
        for i in range(len(words) - k + 1):
            run = words[i : i + k]
            if run[0] not in _INNER and run[-1] not in _INNER:
                out.add("".join(w[0] for w in run))
    return frozenset(out)

"""Names as the checker compares them: people, places, organisations and roles, with their spellings,
transliterations and demonyms in English and German (Zelenskyy/Selenskyj, Wladiwostok, Nordkorea, Moskau).

Tables, not cleverness: an editor who finds a missed variant adds a line to ``_ENTITY_TABLE``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Set as AbstractSet
from functools import lru_cache

from briefer.lexicon.patterns import alternation

# ---------------------------------------------------------------- names

# Each line: one entity, its spellings in English and German, transliterations and demonyms.
_ENTITY_TABLE = """
north_korea: north korea|north korean|north koreans|nordkorea|nordkoreas|nordkoreanisch|nordkoreanische
north_korea: nordkoreanischen|nordkoreanischer|dprk|n.korea|n. korea
south_korea: south korea|south korean|südkorea|suedkorea|südkoreanisch|südkoreanische|seoul's
russia: russia|russian|russians|russland|russlands|russisch|russische|russischen|russischer|russia's
ukraine: ukraine|ukrainian|ukrainians|ukraina|ukrainisch|ukrainische|ukrainischen|ukrainischer|ukraine's
moscow: moscow|moskau|moskva|moscow's|moskaus
kyiv: kyiv|kiev|kiew
pyongyang: pyongyang|pjöngjang|pjoengjang
vladivostok: vladivostok|wladiwostok
pacific: pacific|pazifik|pazifische|pazifischen
us: united states|u.s.|usa|vereinigte staaten|vereinigten staaten|american|americans
us: amerikanisch|amerikanische|amerikanischen|us-angaben
un: united nations|vereinte nationen|vereinten nationen
britain: britain|great britain|united kingdom|uk|british|großbritannien|grossbritannien|britisch|britische|britischen
germany: germany|german|deutschland|deutsche|deutschen|deutscher
china: china|chinese|chinesisch|chinesische|chinesischen
japan: japan|japanese|japanisch|japanische
cuba: cuba|cuban|cubans|kuba|kubanisch|kubanische|kubanischen|kubaner
romania: romania|romanian|rumänien|rumaenien|rumänisch|rumänische|rumänischen
belarus: belarus|belarusian|belarussia|weißrussland|weissrussland
white_house: white house|weiße haus|weißes haus|weißen haus
kremlin: kremlin|kreml
security_council: security council|sicherheitsrat|sicherheitsrats|un-sicherheitsrat|un-sicherheitsrats
nsc: national security council|nationalen sicherheitsrat|nationalen sicherheitsrats|nsc
nyt: new york times|nyt
kim: kim jong un|kim jong-un|kim jon-un|kim jong-il un|jong un|jong-un
zelensky: zelenskyy|zelensky|zelenskyi|zelenskyj|zelenskiy|selenskyj|selenski|selenskij
shoigu: shoigu|schoigu|shoygu
sergei: sergei|sergej|sergey
vladimir: vladimir|wladimir
dmitry: dmitry|dmitri|dmitrij
peskov: peskov|peskow
lavrov: lavrov|lawrow
"""
COUNTRIES = frozenset(
    (
        "north_korea",
        "south_korea",
        "russia",
        "ukraine",
        "us",
        "britain",
        "germany",
        "china",
        "japan",
        "cuba",
        "romania",
        "belarus",
    )
)
_ACRONYMS = {"US": "us", "USA": "us", "UN": "un", "UK": "britain", "EU": "eu", "NATO": "nato"}


def _entity_patterns() -> tuple[re.Pattern[str], dict[str, str]]:
    variant_of: dict[str, str] = {}
    for line in _ENTITY_TABLE.strip().splitlines():
        key, variants = line.split(":", 1)
        for v in variants.split("|"):
            variant_of[fold(v.strip())] = key.strip()
    # The longest variant at each place (a trie: the same matches as the variants longest first, faster).
    pattern = re.compile(r"(?<!\w)(" + alternation(variant_of) + r")(?!\w)")
    return pattern, variant_of


def fold(text: str) -> str:
    """Lowercase, without diacritics, with the usual German/English transliteration pairs merged."""
    text = text.lower().replace("ß", "ss").replace("’", "'")
    if not text.isascii():
        text = text.translate(_latin_table())
    return text.replace("sch", "sh").replace("w", "v").replace("j", "y")


@lru_cache(maxsize=1)
def _latin_table() -> dict[int, str]:
    """Accented Latin letters → their base letters (é → e, ö → o, ł stays), built on first use."""
    table: dict[int, str] = {}
    for code in range(0x00C0, 0x0250):
        base = "".join(c for c in unicodedata.normalize("NFKD", chr(code)) if not unicodedata.combining(c))
        if base and base != chr(code):
            table[code] = base
    return table


_ENTITY, _VARIANT_OF = _entity_patterns()
_WORDS_OF: dict[str, frozenset[str]] = {}  # entity → the words of its spellings, for entity_words
for _variant, _key in _VARIANT_OF.items():
    _WORDS_OF[_key] = _WORDS_OF.get(_key, frozenset()) | frozenset(_variant.split())
_ACRONYM = re.compile(r"\b(" + "|".join(_ACRONYMS) + r")\b")


_ORG_ADJECTIVE = re.compile(r"(?<=[\w,;:’'\"“”)] )([A-ZÄÖÜ][^\W\d_]*(?:e|en|er|es))(?= [A-ZÄÖÜ][^\W\d_])")


_ORG_ADJECTIVE_START = re.compile(r"^([A-ZÄÖÜ][^\W\d_]*(?:e|en|er|es))(?= [A-ZÄÖÜ][^\W\d_])")


def organisation_only(entity: str, text: str, language: str = "de") -> bool:
    """True when every mention of ``entity`` in ``text`` is a German-inflected country adjective inside a
    proper name: "Deutsche Bahn", "die Deutsche Bank" name a company, not Germany. In English text
    "Deutsche" occurs only in such names; in German a country adjective is written in lower case unless
    it begins a name or the sentence (so a German sentence's first word is left alone)."""
    _, found = canonical_entities(text)
    if entity not in found:
        return False

    def drop(m: re.Match[str]) -> str:
        return "" if _VARIANT_OF.get(fold(m.group(1))) == entity and fold(m.group(1)) != entity else m.group(1)

    masked = _ORG_ADJECTIVE.sub(drop, text)
    if language == "en":  # an English sentence may open with one: "Deutsche Bahn said …"
        masked = _ORG_ADJECTIVE_START.sub(drop, masked)
    return entity not in canonical_entities(masked)[1]


def canonical_entities(text: str) -> tuple[str, set[str]]:
    """``text`` folded, with every known entity variant replaced by one token (``ent_russia``),
    and the set of those entities (each caller its own set). A short text's are found once: the
    checker reads a sentence as a claim, as evidence and as a quote."""
    if len(text) > _CACHED_TEXT:
        return _canonical_entities(text)
    folded, found = _cached_entities(text)
    return folded, set(found)


_CACHED_TEXT = 1000  # characters: sentences, not whole sources (at most 4,096 × 1,000 characters held)


@lru_cache(maxsize=4096)
def _cached_entities(text: str) -> tuple[str, set[str]]:
    return _canonical_entities(text)  # never handed out: callers get a copy of the set


def _canonical_entities(text: str) -> tuple[str, set[str]]:
    found: set[str] = set()

    def acronym(m: re.Match[str]) -> str:
        found.add(_ACRONYMS[m.group(1)])
        return f" ent_{_ACRONYMS[m.group(1)]} "

    text = _ACRONYM.sub(acronym, text)

    def entity(m: re.Match[str]) -> str:
        key = _VARIANT_OF[m.group(1)]
        found.add(key)
        return f" ent_{key} "

    return _ENTITY.sub(entity, fold(text)), found


@lru_cache(maxsize=16384)
def entities_in(word: str) -> frozenset[str]:
    """The entities a word or short phrase names (``canonical_entities(word)[1]``), found once per word."""
    return frozenset(canonical_entities(word)[1])


def entity_words(keys: AbstractSet[str]) -> set[str]:
    """The folded words of every spelling of these entities ("kim" → kim, yong, un)."""
    return {w for k in keys for w in _WORDS_OF.get(k, ())}


def entity_in_compound(key: str, vocabulary: AbstractSet[str]) -> bool:
    """German writes entities inside compounds ("Pazifikküste", "UN-Sicherheitsrat")."""
    variants = [v for v, k in _VARIANT_OF.items() if k == key and len(v) >= 5 and " " not in v]
    return any(v in token for token in vocabulary for v in variants)


def name_matches(name: str, vocabulary: AbstractSet[str], prefixes: AbstractSet[str]) -> bool:
    """A folded name token against folded evidence tokens: equal, or the same stem (Korea/Korean,
    Zelensky/Zelenskyy, Zaporizhia/Zaporizhzhia)."""
    if name in vocabulary:
        return True
    return len(name) >= 5 and name[:5] in prefixes


# ---------------------------------------------------------------- roles

# English role words and what they look like inside German compounds (Verteidigungsminister).
ROLE_WORDS = {
    "minister": ("minister",),
    "president": ("prasident", "president"),
    "spokesman": ("sprecher",),
    "spokeswoman": ("sprecherin", "sprecher"),
    "spokesperson": ("sprecher",),
    "chancellor": ("kanzler",),
    "foreign": ("aussen", "auswart"),
    "defense": ("verteidigung",),
    "interior": ("innen",),
    "finance": ("finanz",),
    "justice": ("yustiz",),
    "prime": ("premier", "regierungschef"),
    "leader": ("machthaber", "fuhrer", "anfuhrer", "chef", "vorsitz", "spitze"),
    "ruler": ("machthaber", "herrscher"),
    "ambassador": ("botschafter",),
    "secretary": ("sekretar", "minister"),
    "general": ("general",),
    "commander": ("kommandeur", "befehlshaber"),
    "chief": ("chef",),
    "deputy": ("stellvertret",),
    "mayor": ("burgermeister",),
    "governor": ("gouverneur",),
    "director": ("direktor",),
}
# Roles that name the same office in different words.
ROLE_SYNONYMS = {"spokeswoman": "spokesman", "spokesperson": "spokesman", "ruler": "leader"}

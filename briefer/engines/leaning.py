"""Sentences that lean on the one before them, and sentences that read alone (the extractive engine).

A sentence that opens by referring back ("He said …", "This …", "The talks also …") reads badly out of
context: it is told only right after the sentence it leans on. A story's lede is a sentence that reads
alone and opens an article or a sub-heading."""

from __future__ import annotations

import re
from functools import lru_cache

from briefer.engines.stories import Unit
from briefer.lexicon.patterns import alternation
from briefer.lexicon.reference import THOSE_WHO

_HEADLINE_WORDS = 16  # an opening line alone in its paragraph and this short is a headline, not a lede


_BARE_QUOTE = re.compile(r"^\s*[“\"„‘'«][^“”\"„]*[”\"“’'»]\W*$")


# Sentences that lean on the one before ("He said …", "This …", "The talks also …") read badly out
# of context: a definite noun that names what the previous sentence introduced, or "also" early on.
_DEPENDENT_START = re.compile(
    r"^[“\"„]?(?:he|she|it|they|this|that|these|those|his|her|their|its|the two|but|and|also|"
    r"there(?!\s+(?:is|are|was|were|has|have|had|will|would)\b)|"  # "There were no reports": no antecedent
    r"at that time|at the time|then|however|of course|so far|meanwhile|moreover|in addition|"
    r"the (?:statement|talks|meeting|exercise|ministry|company|paper|city|network|announcement|move|"
    r"deal|report|decision|plan|visit|trip|group|agency|latter|former)\b|"
    r"according to (?:the|this|that) (?:announcement|statement|report|communiqué|ministry|paper)\b|"
    r"(?:laut|gemäß) (?:dem|diesem|der|dieser) (?:bericht|mitteilung|erklärung|zeitung|meldung)\b|"
    # Connectives that answer the sentence before ("In return, Kim …", "Im Gegenzug hat Kim …").
    r"in return|in exchange|in particular|on the other hand|nevertheless|as a result|"
    r"im gegenzug|insbesondere|allerdings|jedoch|stattdessen|trotzdem|deshalb|daher|"
    r"er|sie|es|dies|diese|dieser|dabei|dennoch|darüber|zudem|außerdem|auch)\b"
    r"|^(?:\S+\s+){0,3}also\b"
    # A fragment of the sentence before: the tail of a quotation split across sentences (a closing
    # quotation mark before any opening one: "… in peace and harmony,” said Shoigu"), or an opening
    # comma or lower-case word (", Senior Consultant to the Russia and Eurasia Program …").
    r"|^[^“„«\"]*[”»]|^\s*[,;:)\]]|^\s*(?-i:[a-zäöü])"
    # "… were also discussed.": a passive whose verb ends the sentence adds its subject to what the
    # sentence before said was discussed, found or damaged, and says nothing of its own without it.
    r"|^.*\b(?:is|are|was|were|be|been)\s+also\s+[a-z]+(?:ed|en)\b(?:\s+[\w’'-]+){0,2}\W*$"
    # A contrast set after the sentence's first words answers the sentence before ("Kim hingegen …",
    # "The ministry, however, …", "Kim, on the other hand, …").
    r"|^(?:\S+\s+){1,3}(?:hingegen|dagegen|wiederum|however|on the other hand|in turn)\b"
    # A demonstrative early on that names what came before ("… released this information after …"),
    # not a time ("this year", "that week").
    # Nor "those" naming people by what they did ("proceedings against those responsible").
    r"|^(?:\S+\s+){1,7}(?:this|these|those)\s+(?!(?:year|week|month|morning|afternoon|evening|weekend|"
    r"summer|winter|spring|autumn|fall|time|day|days|weeks|months|years)\b)"
    rf"(?!(?<=those\s)(?:{alternation(THOSE_WHO)})\b)[a-z]{{4,}}\b(?![’']s)"
    r"|^(?:\S+\s+){0,5}(?:of|to|by|for|from|with|despite|after|before|besides|like)"
    r" (?:this|that|these|those|it)\s*[,;]"  # "As a sign of this, …"
    # A pronoun as the speaker ("…,” she said", "…, he added", "…“, sagte sie"): who speaks is named
    # only in the sentence before.
    r"|^.*[,”“\"]\s*(?:(?:he|she|they)\s+(?:said|says|added|told|warned|explained|wrote|insisted)"
    r"|(?:sagte|sagten|sagt|erklärte|erklärten|betonte|betonten|fügte|so)\s+(?:er|sie)\b)"
    # German "Das" as the subject of a reporting verb or of "is" ("Das teilte die Feuerwehr mit", "Das
    # ist der höchste Pegel …"), not the article ("Das Unternehmen teilte mit", "Das neue Gesetz …").
    r"|^[„“\"]?das\s+(?:teilte|teilten|sagte|sagten|erklärte|erklärten|berichtete|berichteten|meldete|"
    r"meldeten|bestätigte|bestätigten|geht|ging|ergab|ist|war|sei|wäre|hat|hatte)\b",
    re.IGNORECASE,
)


# A sentence garbled in translation: a future tense in a temporal clause ("the news … comes after
# Russia will report that …"), which no English writer puts there. A briefing should not quote it.
_GARBLED = re.compile(r"\b(?:after|before|until|as soon as)\s+(?!which\b|what\b)(?:[\w’'-]+\s+){1,3}will\b", re.I)


# A forecast: what someone expects to happen ("Kim is likely to want to emphasize …", "… will probably
# move production …", "Die Zahl dürfte steigen"). A briefing tells what happened and what was said
# before what is expected: such a sentence weighs half (ranking._centrality), like one that leans on the
# sentence before. Modal verbs ("could", "may") are not in it: news reports what officials say may
# happen, and discounting them lost ROUGE-2 on NeuS (19.18 -> 18.75).
_FORECAST = re.compile(
    r"\b(?:is|are|was|were|seems?|appears?) (?:un)?likely to\b|\b(?:likely|probably) (?:will|would)\b"
    r"|\bwill (?:likely|probably)\b|\b(?:dürfte|dürften|voraussichtlich|wahrscheinlich)\b",
    re.IGNORECASE,
)

# The forecast words without their first letter, case-sensitive: a cheap exit before _FORECAST for the
# sentences that have none (most), where the case-insensitive pattern costs most of the test.
_FORECAST_HINT = re.compile(r"ikely|robabl|ürfte|oraussichtlich|ahrscheinlich")


def _forecasts(text: str) -> bool:
    """Whether the sentence tells what someone expects to happen (see _FORECAST)."""
    return _FORECAST_HINT.search(text) is not None and _FORECAST.search(text) is not None


_BLANK_LINE = re.compile(r"\n[ \t\r]*\n")


# A headline kept as a line of prose ("\"The carriage just rolled over\": passengers describe …").
_TITLE_LIKE = re.compile(r"^[“\"„][^”\"“]+[”\"“]\s*:")


def _reads_alone(u: Unit) -> bool:
    return _text_reads_alone(u.text)


@lru_cache(maxsize=1 << 13)  # copies of a report repeat their sentences word for word
def _text_reads_alone(text: str) -> bool:
    return (
        not _DEPENDENT_START.match(text)
        and not _BARE_QUOTE.match(text)
        and not _GARBLED.search(text)
        and 8 <= len(text.split()) <= 60
        and not _TITLE_LIKE.match(text)
    )


def _stands_alone(units: list[Unit], i: int, picked: list[int]) -> bool:
    """A sentence that leans on the one before ("He said …", "The talks also …") is told only right
    after that sentence: it is a detail when its predecessor in the source is one already."""
    u = units[i]
    if not _DEPENDENT_START.match(u.text):
        return True
    before = i - 1
    return before in picked and units[before].source == u.source


def _opens(units: list[Unit], i: int) -> bool:
    """Whether sentence ``i`` is the first of its article, or the first under its sub-heading; or the
    first after a headline that ingest took for prose (a short opening line alone in its paragraph,
    "Sanders sends Democratic establishment into panic mode.")."""
    if _first(units, i):
        return not _headline_like(units, i)
    return _first(units, i - 1) and _headline_like(units, i - 1)


def _first(units: list[Unit], i: int) -> bool:
    return i == 0 or units[i - 1].source != units[i].source or units[i - 1].block != units[i].block


def _headline_like(units: list[Unit], i: int) -> bool:
    """No headline above it, short, and a blank line between it and the next sentence."""
    u = units[i]
    if u.heading is not None or len(u.text.split()) > _HEADLINE_WORDS:
        return False
    after = units[i + 1] if i + 1 < len(units) else None
    return after is not None and after.source == u.source and bool(_BLANK_LINE.search(u.article, u.end, after.start))

"""Numbers, dates and names: what a claim names that its source must hold as well.

A number the source does not hold (in any scale: "$8.2m" is "$8.2 million"), a month or weekday it
never names, a capitalised name it never has; and the ways a word that looks unmatched is accounted
for after all (a number word the source writes as a figure, an abbreviation it spells out).
"""

from __future__ import annotations

import re

from briefer import lexicon
from briefer.lexicon import names, quantities
from briefer.lexicon import tables as old_lexicon
from briefer.lexicon import words as word_tables
from briefer.verify.pool import WINDOW, Pool, clip, scaled, sentence_text
from briefer.verify.reading import LIGHT, NEGATORS, Text, matches


def list_marker(text: str) -> float | None:
    """The number of a list item the claim opens with ("9) The document analyses …"): no figure. Only
    when the number is not written again in the claim."""
    m = re.match(r"\s*\(?(\d{1,2})[).]\s+(?=[A-Z])", text)
    if m is None or len(re.findall(rf"(?<![\d.,]){m.group(1)}(?![\d.,])", text)) > 1:
        return None
    return float(m.group(1))


def spoken_decimal(value: float, text: str, pool: Pool) -> bool:
    """Whether the claim's decimal ``value`` ("12.50 Euros") is read out in one sentence of the source as
    its two parts, as talk transcripts write it ("twelve dot fifty", "twelve Euros and fifty cents")."""
    for m in re.finditer(r"(?<![\d.,])(\d+)[.,](\d{1,2})(?![\d.,])", text):
        whole, fraction = m.group(1), m.group(2)
        if float(f"{whole}.{fraction}") != value or float(fraction) == 0:
            continue
        parts = {float(fraction), float(fraction.ljust(2, "0"))}
        if any(pool.texts[s].numbers & parts for s in pool.by_number.get(float(whole), ())):
            return True
    return False


def counted(word: str, t: Text, pool: Pool, evidence: list[Text]) -> bool:
    """A number word the source holds as a figure: "million" in "5 million" where it writes "5 mln"
    (the number rule compared the figure), "fifty" where it writes 50. A small count ("three new
    words") only from an evidence sentence that shares a word with the claim: some 3 is in almost any
    document, and the search prefers a sentence holding the claim's numbers."""
    value = quantities.word_value(word)
    if value is None:
        return False
    amount, magnitude = value
    if magnitude:
        return any(n >= amount and scaled(n) & pool.numbers for n in t.numbers)
    if amount > 10:
        return bool(scaled(amount) & pool.numbers)
    near = {f for i in t.content for f in t.lemmas[i]}
    return any(amount in e.numbers and near & e.all_lemmas for e in evidence)


def spelled_out(word: str, text: str, evidence: list[int], pool: Pool) -> bool:
    """An abbreviation of the claim ("YoY", "EPS", "CNNs"; two capitals or more, three letters or more)
    that one of its evidence sentences writes out ("year-over-year", "earnings per share")."""
    short = word.removesuffix("s") if len(word) > 3 and word.endswith("s") else word
    if not 3 <= len(short) <= 6 or not re.search(rf"\b(?=[a-z]*[A-Z][a-z]*[A-Z])(?i:{re.escape(word)})\b", text):
        return False
    return any(short in word_tables.initialisms(sentence_text(pool, s)) for s in evidence)


def is_name_in_source(word: str, pool: Pool) -> bool:
    return names.fold(word).removesuffix("'s") in pool.vocab


def absent_names(text: str, pool: Pool, language: str, cross_lingual: bool) -> list[str]:
    """Capitalised words the source never has. A capital opening the sentence (or after a colon or
    quote) marks a name only when the word is not in the dictionary ("Ultimately", "Shares")."""
    if language == "de":
        return []  # German capitalises every noun: only the entity table speaks there
    out = []
    entity_words = names.entity_words(names.entities_in(text))
    for m in re.finditer(r"(?<![\w'’-])[A-Z][\w'’]*", text):
        word = m.group(0).removesuffix("'s").removesuffix("’s").rstrip("'’")
        if any(c.isdigit() for c in word) or (sum(c.isupper() for c in word) >= 2 and len(word) <= 5):
            continue  # a code or abbreviation (Q2, YoY, PhDs): spelled out in the source, or not at all
        low = word.lower()
        if low in LIGHT or low in NEGATORS or quantities.is_date_word(word) or len(word) < 2:
            continue
        before = text[: m.start()].rstrip()
        initial = not before or before[-1] in '.:;!?"“(—–-'
        if initial and lexicon.is_known(low, language):
            continue
        if low in names.ROLE_WORDS or old_lexicon.SPELLING.get(low) in names.ROLE_WORDS:
            continue  # roles have their own rule ("Defence Minister")
        if names.entities_in(word) or names.fold(word) in entity_words:
            continue  # part of a known entity ("Nordkoreas", "Jong Un"): the entity rule compares it
        folded = names.fold(word)
        parts = [p for p in re.split(r"[-'’]", folded) if p]
        if all(p in pool.vocab for p in parts) or folded in pool.vocab:
            continue
        if cross_lingual and len(folded) >= 5 and any(folded[:5] in v for v in pool.vocab):
            continue
        if not word[0].isupper() or (lexicon.is_known(low, language) and matches(lexicon.lemmas(low), pool.lemmas)):
            continue
        out.append(word)
    return out


def dates_near(evidence: list[int], pool: Pool) -> str:
    """The source's side of a date mismatch: the months and weekdays of the aligned evidence (the best
    sentence that names any), so a reason reads "“Friday” in the sentence, “Thursday” in the source"."""
    for s in evidence[:WINDOW]:
        text = sentence_text(pool, s)
        theirs = [MONTHS[m - 1] for m in sorted(quantities.months(text))]
        theirs += [DAYS[d - 1] for d in sorted(quantities.weekdays(text))]
        if theirs:
            return f"“{', '.join(theirs)}” in the source ({clip(text)})"
    return "the source names no such date"


DAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()


MONTHS = "January February March April May June July August September October November December".split()


def num(value: float) -> str:
    return f"{value:g}" if value != int(value) else f"{value:.0f}"

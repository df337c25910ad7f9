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


def written_in_digits(text: str) -> set[float]:
    """Every value a run of digits in ``text`` can be read as: "0.5" is 0.5 (and 0 and 5), "2,300" is
    2300 and 2.3, whichever convention the text follows (only membership is asked of it)."""
    values: set[float] = set()
    for run in re.findall(r"\d+(?:[.,]\d+)*", text):
        values.update(float(d) for d in re.findall(r"\d+", run))
        for thousands, decimal in ((",", "."), (".", ",")):
            try:
                values.add(float(run.replace(thousands, "").replace(decimal, ".")))
            except ValueError:  # two decimal marks: not a number in this convention
                pass
    return values


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
    """A figure for a reason: "48,000" as news writes it, but a year stays 2021 (as support's numbers)."""
    if value != int(value):
        return f"{value:g}"
    return f"{value:,.0f}" if value >= 10000 else f"{value:.0f}"


_HELD_DIFFERENTLY = False  # measured: fires as often on faithful rows as on edited ones


def number_findings(text: str, t: Text, evidence: list[int], pool: Pool) -> list[str]:
    """A number of the claim the source holds in no scale; "two friends" counts what the sentence
    names: a small number in words is a figure only when written as one or the source holds another there."""
    digits = written_in_digits(text)
    best_numbers = pool.texts[evidence[0]].numbers if evidence else set()
    listed = list_marker(text)
    missing = sorted(
        n
        for n in t.numbers
        if not scaled(n) & pool.numbers
        and (n > 10 or n in digits or best_numbers - t.numbers)
        and n != listed
        and not spoken_decimal(n, text, pool)
    )
    if missing:
        have = sorted({n for s in evidence for n in pool.texts[s].numbers})
        return [
            f"number: “{', '.join(num(n) for n in missing)}” in the sentence, "
            f"the source has {', '.join(num(n) for n in have[:6]) or 'no number there'}"
        ]
    if evidence and t.numbers and _HELD_DIFFERENTLY:
        return _held_differently(t, evidence[0], pool)
    return []


def _held_differently(t: Text, s: int, pool: Pool) -> list[str]:
    """The claim's figure where its best sentence holds another (off: see ``_HELD_DIFFERENTLY``)."""
    best = pool.texts[s]
    elsewhere = sorted(n for n in t.numbers if not scaled(n) & best.numbers)
    theirs = sorted(n for n in best.numbers - t.numbers if not scaled(n) & t.numbers)
    if elsewhere and theirs and len(t.all_lemmas & best.all_lemmas) >= 3:
        return [
            f"number: “{', '.join(num(n) for n in elsewhere)}” in the sentence, "
            f"“{', '.join(num(n) for n in theirs[:4])}” in the source's matching sentence "
            f"({clip(sentence_text(pool, s))})"
        ]
    return []


def date_findings(text: str, evidence: list[int], pool: Pool) -> list[str]:
    """A month or weekday of the claim the source never names."""
    missing_months = sorted(m for m in quantities.months(text) if m not in pool.months)
    missing_days = sorted(d for d in quantities.weekdays(text) if d not in pool.weekdays)
    if not (missing_months or missing_days):
        return []
    ours = [MONTHS[m - 1] for m in missing_months] + [DAYS[d - 1] for d in missing_days]
    return [f"date: “{', '.join(ours)}” in the sentence, {dates_near(evidence, pool)}"]


def name_findings(text: str, t: Text, pool: Pool, language: str, cross_lingual: bool) -> list[str]:
    """Known entities and capitalised names of the claim the source never has."""
    absent = [
        e
        for e in sorted(t.entities - pool.entities)  # a set: sorted, so the reason reads the same every run
        if not (cross_lingual and names.entity_in_compound(e, set(pool.vocab)))
        and not names.organisation_only(e, text, language)
    ]
    wrong = [e.replace("_", " ").title() for e in absent] + absent_names(text, pool, language, cross_lingual)
    if not wrong:
        return []
    return [f"name: {', '.join(dict.fromkeys(wrong))} in the sentence, not in the source"]

"""Each claim of a sentence against the evidence that can hold it.

For every atom (see ``atoms``): the evidence is the cited passages first (when quotes were given),
then the source sentences that best match the atom anywhere in the cited sources (in every given
source when none is cited), scored by shared lemmas and synonyms weighed by rarity. Then:

- every content word is accounted for: the same lemma, a WordNet synonym or derivation, or a
  paraphrase from the news table (``briefer.lexicon``), in the evidence or elsewhere in the source;
- a concrete mismatch is a contradiction: an opposite word where the evidence has its antonym
  ("missing" where the source says "beating", "down from" for "up from"), a negation the aligned
  evidence does not have (or lacks one it has), a number, month or name the source does not hold;
- a claim whose content words are mostly absent is ``not_in_source``; one with a word the rules
  cannot match (a paraphrase outside the tables) is ``unverified``; otherwise ``supported``.

Reasons show the sentence's words next to the source's. No unmatched word is ever tolerated silently.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from briefer import lexicon
from briefer.lexicon import names, quantities
from briefer.lexicon import tables as old_lexicon
from briefer.lexicon import words as word_tables
from briefer.models import VerdictLabel
from briefer.verify.atoms import Atom, concerned_part, split_atoms
from briefer.verify.figures import (
    DAYS,
    MONTHS,
    absent_names,
    counted,
    dates_near,
    is_name_in_source,
    list_marker,
    num,
    spelled_out,
    spoken_decimal,
)
from briefer.verify.opposites import cross_opposites, negated_discourse, negation_mismatch, opposite_words
from briefer.verify.pool import Pool, as_noun, best_sentences, clip, more_general, scaled, sentence_text
from briefer.verify.reading import Text, matches, read, surface
from briefer.verify.roles import cross_swapped_parties, fused_subject, swapped_direction, swapped_roles

_HELD_DIFFERENTLY = False  # measured: fires as often on faithful rows as on edited ones


_NOT_IN_SOURCE = 0.5  # below this share of content words accounted for, a claim has no evidence


@dataclass
class AtomResult:
    atom: Atom
    label: VerdictLabel
    reason: str
    evidence: list[int]  # pool sentence numbers, best first
    unmatched: list[str] = field(default_factory=list)
    kinds: frozenset[str] = frozenset()  # what a contradiction concerns: "number", "date", "name" …


def check_atom(
    atom: Atom, pool: Pool, preferred: Sequence[int] = (), language: str = "en", cross_lingual: bool = False
) -> AtomResult:
    t = read(atom.text, language)
    evidence = best_sentences(t, pool, preferred)
    ev_texts = [pool.texts[s] for s in evidence]
    ev_lemmas: set[str] = set().union(*(e.all_lemmas for e in ev_texts)) if ev_texts else set()
    findings: list[str] = []

    digits = {float(d) for d in re.findall(r"\d+", atom.text)}
    # "Two friends" counts what the sentence names: a small number in words is a figure only when written
    # as one or the source holds another there.
    best_numbers = pool.texts[evidence[0]].numbers if evidence else set()
    listed = list_marker(atom.text)
    missing_numbers = sorted(
        n
        for n in t.numbers
        if not scaled(n) & pool.numbers
        and (n > 10 or n in digits or best_numbers - t.numbers)
        and n != listed
        and not spoken_decimal(n, atom.text, pool)
    )
    kinds: set[str] = set()
    if missing_numbers:
        kinds.add("number")
        have = sorted({n for e in ev_texts for n in e.numbers})
        findings.append(
            f"number: “{', '.join(num(n) for n in missing_numbers)}” in the sentence, "
            f"the source has {', '.join(num(n) for n in have[:6]) or 'no number there'}"
        )
    if not missing_numbers and evidence and t.numbers and _HELD_DIFFERENTLY:
        best = pool.texts[evidence[0]]
        elsewhere = sorted(n for n in t.numbers if not scaled(n) & best.numbers)
        theirs = sorted(n for n in best.numbers - t.numbers if not scaled(n) & t.numbers)
        if elsewhere and theirs and len(t.all_lemmas & best.all_lemmas) >= 3:
            findings.append(
                f"number: “{', '.join(num(n) for n in elsewhere)}” in the sentence, "
                f"“{', '.join(num(n) for n in theirs[:4])}” in the source's matching sentence "
                f"({clip(sentence_text(pool, evidence[0]))})"
            )
    missing_months = sorted(m for m in quantities.months(atom.text) if m not in pool.months)
    missing_days = sorted(d for d in quantities.weekdays(atom.text) if d not in pool.weekdays)
    if missing_months or missing_days:
        kinds.add("date")
        ours = [MONTHS[m - 1] for m in missing_months] + [DAYS[d - 1] for d in missing_days]
        findings.append(f"date: “{', '.join(ours)}” in the sentence, {dates_near(evidence, pool)}")
    absent = [
        e
        for e in t.entities - pool.entities
        if not (cross_lingual and names.entity_in_compound(e, set(pool.vocab)))
        and not names.organisation_only(e, atom.text, language)
    ]
    wrong_names = [e.replace("_", " ").title() for e in absent] + absent_names(atom.text, pool, language, cross_lingual)
    if wrong_names:
        kinds.add("name")
        findings.append(f"name: {', '.join(dict.fromkeys(wrong_names))} in the sentence, not in the source")
    if not cross_lingual:
        findings += opposite_words(t, evidence, pool)
        findings += negation_mismatch(t, evidence, pool)
        if language == "de" and evidence:
            cited = sentence_text(pool, evidence[0])
            pairs = word_tables.german_opposites(
                [w.lower() for w in re.findall(r"[^\W\d_]+", atom.text)],
                [w.lower() for w in re.findall(r"[^\W\d_]+", cited)],
            )
            findings += [
                f"opposite: “{mine}” in the sentence, “{theirs}” in the source ({clip(cited)})"
                for mine, theirs in pairs[:1]
            ]
        if preferred:  # only against the cited sentence closest to the claim: a searched one may say anything
            closest = max(
                evidence[: len(preferred)],
                key=lambda s: (
                    sum(bool(t.lemmas[i] & pool.texts[s].all_lemmas) for i in t.content),
                    -evidence.index(s),
                ),
            )
            findings += swapped_roles(atom.text, t, [closest], pool, language)
        if language == "en":
            findings += negated_discourse(t, evidence if preferred else None, pool)
            if language == "en" and len(preferred) >= 2:
                findings += fused_subject(atom.text, t, preferred, pool)
    else:
        # A negation the claim lacks counts only in the clauses the claim is about; one the claim has
        # may concern any clause (which one, across languages, the rules cannot tell).
        concerned = [
            read(concerned_part(atom.text, sentence_text(pool, s)), language) if not t.negated else pool.texts[s]
            for s in evidence[:1]
        ]
        if bool(t.negated) != any(e.negated for e in concerned):
            findings.append("negation: only " + ("the sentence" if t.negated else "the source") + " says not")
        findings += cross_opposites(t, evidence[: len(preferred) or 1], pool)
        findings += cross_swapped_parties(atom.text, evidence[:1], pool)  # its neighbours name other parties
    findings += swapped_direction(atom.text, evidence[: len(preferred) or 1], pool, cross_lingual)

    if findings:
        return AtomResult(atom, VerdictLabel.CONTRADICTED, "; ".join(findings), evidence, kinds=frozenset(kinds))
    if cross_lingual:
        missing_events, events = _cross_events(t, evidence, pool)
        if missing_events:
            return AtomResult(atom, VerdictLabel.NOT_IN_SOURCE, missing_events, evidence, events)
        return AtomResult(atom, VerdictLabel.SUPPORTED, "numbers, dates, names and negation match", evidence)
    known = names.entity_words(t.entities & pool.entities)
    content = [i for i in t.content if names.fold(t.words[i]) not in known]  # compared by the entity rule
    # With cited spans, a word must be in the evidence; without, anywhere in the source will do.
    where = ev_lemmas if preferred else pool.lemmas | ev_lemmas
    general = (
        more_general({f for e in ev_texts for i in e.content for f in as_noun(e, i)}) if preferred else pool.general
    )
    unmatched = [
        t.words[i]
        for i in content
        if not (
            matches(t.lemmas[i], where)
            or any(lexicon.broader(f) & where for f in t.lemmas[i])
            or as_noun(t, i) & general
        )
        and not is_name_in_source(t.words[i], pool)
        and not counted(t.words[i], t, pool, ev_texts)
        and not spelled_out(t.words[i], atom.text, evidence, pool)
    ]
    unmatched = list(dict.fromkeys(unmatched))
    words = len({t.words[i] for i in content}) or 1
    # The share that decides "no evidence" leaves out names the source has: "Putin resigned." says one
    # thing about Putin, and that one thing is nowhere.
    capitals = {m.group(0).lower() for m in re.finditer(r"(?<![\w'’-])[A-Z][\w'’-]*", atom.text)}
    predicate = {
        t.words[i] for i in content if not (t.words[i] in capitals and is_name_in_source(t.words[i], pool))
    } or {""}
    share = 1 - len(unmatched) / words
    if predicate <= set(unmatched) and words <= 3:
        share = 0.0  # a short claim whose every word but its names is missing
    absent = [
        t.words[i]
        for i in content
        if t.words[i] in unmatched
        and preferred
        and not (
            matches(t.lemmas[i], pool.lemmas)
            or any(lexicon.broader(f) & pool.lemmas for f in t.lemmas[i])
            or as_noun(t, i) & pool.general
        )
    ]
    swaps = {w: _substituted(t, w, ev_texts[: len(preferred) or 1], language) for w in dict.fromkeys(absent)}
    if absent and all(swaps.values()):
        # Every missing word is a verb in the place of another verb of the cited passage ("scrapped 45
        # flights" where it says "cancelled 45 flights"): a paraphrase the tables do not know, or a
        # reversal they do not know either. Not decided: unverified, with both words side by side.
        side_by_side = "; ".join(
            f"“{w}” in the sentence where the source says “{theirs}”" for w, theirs in swaps.items()
        )
        return AtomResult(
            atom,
            VerdictLabel.UNVERIFIED,
            f"{side_by_side} (a paraphrase the word tables cannot confirm, or a reversal they do not know)",
            evidence,
            unmatched,
        )
    if absent:  # the writer pointed at a passage; these words are nowhere in the whole source
        return AtomResult(
            atom,
            VerdictLabel.NOT_IN_SOURCE,
            f"{', '.join(dict.fromkeys(absent))} (nowhere in the cited source; the cited passage has no word like it)",
            evidence,
            unmatched,
        )
    if unmatched and share < _NOT_IN_SOURCE:
        return AtomResult(
            atom,
            VerdictLabel.NOT_IN_SOURCE,
            f"{', '.join(unmatched)} ({len(unmatched)} of {words} content words found nowhere in it)",
            evidence,
            unmatched,
        )
    if unmatched:
        return AtomResult(
            atom,
            VerdictLabel.UNVERIFIED,
            f"no match in the source for: {', '.join(unmatched)} (a paraphrase the rules cannot match, or an addition)",
            evidence,
            unmatched,
        )
    return AtomResult(atom, VerdictLabel.SUPPORTED, f"all {words} content words found in the source", evidence)


def _cross_events(t: Text, evidence: list[int], pool: Pool) -> tuple[str, list[str]]:
    """What an English claim says happened (a death, a resignation, an arrest …) where no word of its
    German evidence says so: "Wissing resigned." over "Wissing rief beide Seiten auf". Empty when none."""
    if not evidence:
        return "", []
    cited = [w.lower() for s in evidence for w in re.findall(r"[^\W\d_]+", sentence_text(pool, s))]
    # A German function word in a sentence taken for English is no event ("die Grenzen").
    ours = frozenset(
        f for w, forms in zip(t.words, t.lemmas, strict=True) if w not in old_lexicon.GERMAN_LIGHT for f in forms
    )
    missing = word_tables.cross_missing_events(ours, cited)
    if not missing:
        return "", []
    said = [surface(lemma, t) for lemma, _ in missing]
    return (
        f"“{', '.join(said)}” in the sentence; the German evidence has no word for it "
        f"({clip(sentence_text(pool, evidence[0]))})",
        said,
    )


def _substituted(t: Text, word: str, evidence: list[Text], language: str = "en") -> str | None:
    """The evidence verb ``word`` (an inflected English verb of the claim) stands in place of, if any: a
    verb of the evidence the claim does not account for, with the same neighbours on both sides.
    An added word ("closed the airport permanently") has no such partner; neither has a noun ("a lack of
    money" where the source says troops): a different thing is a different claim."""
    i = next(k for k in t.content if t.words[k] == word)
    german = language == "de"  # no word classes there: the same slot alone decides
    if not german and not (word.endswith(("ed", "ing")) or old_lexicon.is_irregular_past(word)):
        return None
    if not german and not any(lexicon.is_verb(f) for f in t.lemmas[i]):
        return None
    pos = t.content.index(i)
    left = t.lemmas[t.content[pos - 1]] if pos > 0 else None
    right = t.lemmas[t.content[pos + 1]] if pos + 1 < len(t.content) else None
    for e in evidence:
        for k, j in enumerate(e.content):
            forms = e.lemmas[j]
            if matches(forms, t.all_lemmas) or not (german or any(lexicon.is_verb(f) for f in forms)):
                continue  # accounted for by the claim, or not a verb
            e_left = e.lemmas[e.content[k - 1]] if k > 0 else None
            e_right = e.lemmas[e.content[k + 1]] if k + 1 < len(e.content) else None
            if _side(left, e_left) and _side(right, e_right) and (left or right):
                return e.words[j]
    return None


def _side(ours: frozenset[str] | None, theirs: frozenset[str] | None) -> bool:
    """The same neighbour on one side of a swapped word: both phrases end there, or the words agree."""
    if ours is None or theirs is None:
        return ours is None and theirs is None
    return matches(ours, theirs)


def check_claims(
    text: str, pool: Pool, preferred: Sequence[int] = (), language: str = "en", cross_lingual: bool = False
) -> list[AtomResult]:
    return [check_atom(a, pool, preferred, language, cross_lingual) for a in split_atoms(text)]

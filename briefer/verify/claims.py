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
  cannot match (a paraphrase outside the tables) is ``unverified``; otherwise ``supported``;
- with a quote, a word only another sentence holds, standing where the cited passage has a word
  the claim leaves out, is ``unverified`` too ("raise" for the passage's "hold … steady": see
  ``passage``), and a pass says which of its words only sentences outside the passage hold.

Reasons show the sentence's words next to the source's. No unmatched word is ever tolerated silently.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from briefer import lexicon
from briefer.lexicon import names, quantities
from briefer.lexicon import tables as old_lexicon
from briefer.lexicon import words as word_tables
from briefer.models import VerdictLabel
from briefer.verify import passage
from briefer.verify.atoms import Atom, concerned_part, split_atoms
from briefer.verify.certainty import german_stated_as_done, stated_as_done
from briefer.verify.figures import (
    counted,
    date_findings,
    is_name_in_source,
    name_findings,
    number_findings,
    spelled_out,
)
from briefer.verify.opposites import cross_opposites, negated_discourse, negation_mismatch, opposite_words
from briefer.verify.pool import WINDOW, Pool, as_noun, best_sentences, clip, in_german, nouns_general, sentence_text
from briefer.verify.reading import NEGATORS, Text, matches, read, surface
from briefer.verify.roles import cross_swapped_parties, fused_subject, swapped_direction, swapped_roles

_NOT_IN_SOURCE = 0.5  # below this share of content words accounted for, a claim has no evidence


@dataclass
class AtomResult:
    atom: Atom
    label: VerdictLabel
    reason: str
    evidence: list[int]  # pool sentence numbers, best first
    unmatched: list[str] = field(default_factory=list)
    kinds: frozenset[str] = frozenset()  # what a contradiction concerns: "number", "date", "name" …
    outside: str = ""  # a pass's words that only sentences outside the cited passage hold, said (passage.py)


def check_atom(
    atom: Atom,
    pool: Pool,
    preferred: Sequence[int] = (),
    language: str = "en",
    cross_lingual: bool = False,
    cited: Sequence[int] = (),
) -> AtomResult:
    """One claim against its best evidence: a concrete mismatch first, then every word accounted for."""
    t = read(atom.text, language)
    evidence = best_sentences(t, pool, preferred)
    findings: list[str] = []
    kinds: set[str] = set()
    for kind, found in (
        ("number", number_findings(atom.text, t, evidence, pool)),
        ("date", date_findings(atom.text, evidence, pool)),
        ("name", name_findings(atom.text, t, pool, language, cross_lingual)),
    ):
        if found:
            kinds.add(kind)
            findings += found
    if cross_lingual:
        findings += _cross_lingual_findings(atom.text, t, evidence, preferred, pool, language)
    else:
        findings += _wording_findings(atom.text, t, evidence, preferred, pool, language)
    findings += swapped_direction(atom.text, evidence[: len(preferred) or 1], pool, cross_lingual)
    if findings:
        return AtomResult(atom, VerdictLabel.CONTRADICTED, "; ".join(findings), evidence, kinds=frozenset(kinds))
    if cross_lingual and not evidence:  # nothing in the source shares a name, number or date with it
        reason = (
            "no sentence of the source shares a name, number or date with it "
            "(across languages nothing else is compared)"
        )
        return AtomResult(atom, VerdictLabel.NOT_IN_SOURCE, reason, evidence)
    if cross_lingual:
        missing_events, events = _cross_events(t, evidence, pool)
        if missing_events:
            return AtomResult(atom, VerdictLabel.NOT_IN_SOURCE, missing_events, evidence, events)
        return AtomResult(atom, VerdictLabel.SUPPORTED, "numbers, dates, names and negation match", evidence)
    return _accounted(atom, t, evidence, preferred, pool, language, cited)


def _wording_findings(
    text: str, t: Text, evidence: list[int], preferred: Sequence[int], pool: Pool, language: str
) -> list[str]:
    """Within one language: opposites, negation, swapped roles, denied talk, a fused subject."""
    findings = opposite_words(t, evidence, pool)
    findings += negation_mismatch(t, evidence, pool)
    findings += (stated_as_done if language == "en" else german_stated_as_done)(t, evidence, pool)
    if language == "de" and evidence:
        findings += _german_opposites(text, sentence_text(pool, evidence[0]))
    if preferred:  # only against the cited sentence closest to the claim: a searched one may say anything
        closest = max(
            evidence[: len(preferred)],
            key=lambda s: (
                sum(bool(t.lemmas[i] & pool.texts[s].all_lemmas) for i in t.content),
                -evidence.index(s),
            ),
        )
        findings += swapped_roles(text, t, [closest], pool, language)
    if language == "en":
        findings += negated_discourse(t, evidence if preferred else None, pool)
        if len(preferred) >= 2:
            findings += fused_subject(text, t, preferred, pool)
    return findings


def _german_opposites(text: str, cited: str) -> list[str]:
    pairs = word_tables.german_opposites(
        [w.lower() for w in re.findall(r"[^\W\d_]+", text)],
        [w.lower() for w in re.findall(r"[^\W\d_]+", cited)],
    )
    return [
        f"opposite: “{mine}” in the sentence, “{theirs}” in the source ({clip(cited)})" for mine, theirs in pairs[:1]
    ]


def _other_time_unit(text: str, evidence: list[int], pool: Pool) -> list[str]:
    """A duration in another unit than the cited passage's, across languages: "several months" where it
    says "mehrere Wochen" (within one language the unmatched word says so already)."""
    ours = quantities.time_units(text)
    if not ours:
        return []
    held = [(s, quantities.time_units(sentence_text(pool, s))) for s in evidence]
    if any(ours.keys() & theirs.keys() for _, theirs in held):
        return []
    s, theirs = next(((s, theirs) for s, theirs in held if theirs), (-1, {}))
    if not theirs:
        return []
    mine, other = ", ".join(ours.values()), ", ".join(theirs.values())
    return [f"time: “{mine}” in the sentence, “{other}” in the source ({clip(sentence_text(pool, s))})"]


def _cross_lingual_findings(
    text: str, t: Text, evidence: list[int], preferred: Sequence[int], pool: Pool, language: str
) -> list[str]:
    """Across languages: negation (in the clauses the claim is about), opposites, swapped parties."""
    findings = []
    # A negation the claim lacks counts only in the clauses the claim is about; one the claim has
    # may concern any clause (which one, across languages, the rules cannot tell).
    concerned = [
        (s, read(concerned_part(text, sentence_text(pool, s)), language) if not t.negated else pool.texts[s])
        for s in evidence[:1]
    ]
    # German evidence's negation is read by its words, not their scope: German puts it after what it
    # negates ("Verletzt wurde niemand", "schließt … nicht aus"), where an English scope finds nothing.
    # English evidence keeps its scope: the "No." of "No. 10 Downing Street" negates nothing.
    if bool(t.negated) != any(
        e.negated or (in_german(pool, s) and not NEGATORS.isdisjoint(e.words)) for s, e in concerned
    ):
        findings.append("negation: only " + ("the sentence" if t.negated else "the source") + " says not")
    findings += cross_opposites(t, evidence[: len(preferred) or 1], pool)
    findings += _other_time_unit(text, evidence[: len(preferred) or WINDOW], pool)
    findings += cross_swapped_parties(text, evidence[:1], pool)  # its neighbours name other parties
    return findings


def _accounted(
    atom: Atom,
    t: Text,
    evidence: list[int],
    preferred: Sequence[int],
    pool: Pool,
    language: str,
    cited: Sequence[int] = (),
) -> AtomResult:
    """Every content word accounted for (supported), or the words that are not: unverified, or not in
    the source when most of them are missing or, with cited spans, when one is nowhere in the source."""
    ev_texts = [pool.texts[s] for s in evidence]
    known = names.entity_words(t.entities & pool.entities)
    content = [i for i in t.content if names.fold(t.words[i]) not in known]  # compared by the entity rule
    unmatched = _unmatched(atom.text, t, content, evidence, ev_texts, preferred, pool)
    words = len({t.words[i] for i in content}) or 1
    absent = [w for w in _absent(t, content, unmatched, pool)] if preferred else []
    swaps = {w: _substituted(t, w, ev_texts[: len(preferred) or 1], language) for w in dict.fromkeys(absent)}
    if absent and all(swaps.values()):
        # Every missing word is a verb in the place of another verb of the cited passage ("scrapped 45
        # flights" where it says "cancelled 45 flights"): a paraphrase the tables do not know, or a
        # reversal they do not know either. Not decided: unverified, with both words side by side.
        side_by_side = "; ".join(
            f"“{w}” in the sentence where the source says “{theirs}”" for w, theirs in swaps.items()
        )
        reason = f"{side_by_side} (a paraphrase the word tables cannot confirm, or a reversal they do not know)"
        return AtomResult(atom, VerdictLabel.UNVERIFIED, reason, evidence, unmatched)
    if absent:  # the writer pointed at a passage; these words are nowhere in the whole source
        reason = (
            f"{_as_written(dict.fromkeys(absent), atom.text)} (nowhere in the cited source; the cited passage has no"
            " word like it)"
        )
        return AtomResult(atom, VerdictLabel.NOT_IN_SOURCE, reason, evidence, unmatched)
    if unmatched and _share(atom.text, t, content, unmatched, words, pool) < _NOT_IN_SOURCE:
        reason = f"{_as_written(unmatched, atom.text)} ({len(unmatched)} of {words} content words found nowhere in it)"
        return AtomResult(atom, VerdictLabel.NOT_IN_SOURCE, reason, evidence, unmatched)
    if unmatched:
        reason = (
            f"no match in the source for: {_as_written(unmatched, atom.text)} (a paraphrase the rules cannot match, or"
            " an addition)"
        )
        return AtomResult(atom, VerdictLabel.UNVERIFIED, reason, evidence, unmatched)
    stray = [] if preferred else list(dict.fromkeys(_strays(t, content, known, ev_texts, pool)))
    if stray:
        reason = (
            f"{_as_written(stray, atom.text)}: in the source only apart from the claim's other words (the source may"
            " not say this of them)"
        )
        return AtomResult(atom, VerdictLabel.UNVERIFIED, reason, evidence, stray)
    return _passed(atom, t, content, evidence, preferred, pool, cited, words, language)


def _passed(
    atom: Atom,
    t: Text,
    content: list[int],
    evidence: list[int],
    preferred: Sequence[int],
    pool: Pool,
    cited: Sequence[int],
    words: int,
    language: str,
) -> AtomResult:
    """Every word accounted for: supported, saying which words only sentences outside the cited passage
    hold; unverified when one of them stands in the place of a word of the passage (``passage``).
    Without a quote there is no passage to compare with (a summary merges sentences freely: on
    bench/truth.py the rule there took a ✓ from 23 consistent claims for 27 inconsistent ones)."""
    if not preferred:  # no passage was named: the best-matching sentences are the evidence, said so
        return AtomResult(atom, VerdictLabel.SUPPORTED, f"all {words} content words found in the source", evidence)
    own = [s for s in evidence if s in cited]

    def unmatched_in(sentences: Sequence[int]) -> list[str]:
        ev = list(sentences)
        vocab = passage.tokens(pool, ev)  # a word written as it is counts only where it is written
        return _unmatched(atom.text, t, content, ev, [pool.texts[s] for s in ev], ev, pool, vocab)

    borrowed = passage.borrowed_words(atom.text, t, content, own, evidence, unmatched_in, pool, language)
    swaps = [b for b in borrowed if b.replaces]
    if swaps:
        reason = passage.substitution_reason(swaps, atom.text, pool)
        return AtomResult(atom, VerdictLabel.UNVERIFIED, reason, evidence, [b.word for b in swaps])
    note = passage.outside_note(borrowed, atom.text, pool)
    reason = f"all {words} content words found in the source" + (f"; {note}" if note else "")
    return AtomResult(atom, VerdictLabel.SUPPORTED, reason, evidence, outside=note)


def _as_written(words: Iterable[str], text: str) -> str:
    """The words (read lowercase) as the claim writes them: "Mannheim", not "mannheim"."""
    return ", ".join(passage.as_written(w, text) for w in words)


def _unmatched(
    text: str,
    t: Text,
    content: list[int],
    evidence: list[int],
    ev_texts: list[Text],
    preferred: Sequence[int],
    pool: Pool,
    vocab: frozenset[str] | None = None,
) -> list[str]:
    """The content words no rule accounts for, each once. With cited spans a word must be in the
    evidence; without, anywhere in the source will do (the evidence is part of the pool). A word the
    source writes as it is (a name) may be anywhere in it, or in ``vocab`` only when given."""
    where = set().union(*(e.all_lemmas for e in ev_texts)) if preferred else pool.lemmas
    general: list[frozenset[str]] = []  # the nouns more general than the evidence's: read when first needed

    def generalises(i: int) -> bool:
        if not general:
            general.append(frozenset().union(*(nouns_general(e) for e in ev_texts)) if preferred else pool.general)
        return bool(as_noun(t, i) & general[0])

    unmatched = [
        t.words[i]
        for i in content
        if not (matches(t.lemmas[i], where) or any(lexicon.broader(f) & where for f in t.lemmas[i]) or generalises(i))
        and not (is_name_in_source(t.words[i], pool) if vocab is None else names.fold(t.words[i]) in vocab)
        and not counted(t.words[i], t, pool, ev_texts)
        and not spelled_out(t.words[i], text, evidence, pool)
    ]
    return list(dict.fromkeys(unmatched))


def _strays(t: Text, content: list[int], known: set[str], ev_texts: list[Text], pool: Pool) -> list[str]:
    """The words the source has only where no other word of the claim is (nor one of its names), in their
    sentence or the sentences either side: "closed" from "Authorities closed a stretch of the Rhine" does
    not account for "Prosecutors closed their investigation". (Either side: "The barge, the Rheinperle, ran
    aground. None of its crew was injured." holds "Nobody on the Rheinperle was hurt".) A word an evidence
    sentence holding another of the claim's words matches through a synonym is accounted for there."""

    def with_others(i: int, n: Text) -> bool:
        return any(matches(t.lemmas[j], n.all_lemmas) for j in content if j != i) or bool(
            known and known & {names.fold(w) for w in n.words}
        )

    if len(content) < 2 and not known:
        return []  # a claim of one word ("Nobody was injured.") has no other word to stand beside
    out = []
    for i in content:
        holding = {s for f in t.lemmas[i] for s in pool.index.get(f, ())}
        if not holding or any(matches(t.lemmas[i], e.all_lemmas) and with_others(i, e) for e in ev_texts):
            continue  # found through a synonym or a broader word only, or beside the claim's other words
        near = {
            n
            for s in holding
            for n in (s - 1, s, s + 1)
            if 0 <= n < len(pool.texts) and pool.spans[n][0] == pool.spans[s][0]
        }
        if not any(with_others(i, pool.texts[n]) for n in near):
            out.append(t.words[i])
    return out


def _share(text: str, t: Text, content: list[int], unmatched: list[str], words: int, pool: Pool) -> float:
    """The share of content words accounted for. It leaves out names the source has: "Putin resigned."
    says one thing about Putin, and that one thing is nowhere."""
    capitals = {m.group(0).lower() for m in re.finditer(r"(?<![\w'’-])[A-Z][\w'’-]*", text)}
    predicate = {
        t.words[i] for i in content if not (t.words[i] in capitals and is_name_in_source(t.words[i], pool))
    } or {""}
    if predicate <= set(unmatched) and words <= 3:
        return 0.0  # a short claim whose every word but its names is missing
    return 1 - len(unmatched) / words


def _absent(t: Text, content: list[int], unmatched: list[str], pool: Pool) -> list[str]:
    """The unmatched words found nowhere in the whole cited source, not even as a broader word."""
    return [
        t.words[i]
        for i in content
        if t.words[i] in unmatched
        and not (
            matches(t.lemmas[i], pool.lemmas)
            or any(lexicon.broader(f) & pool.lemmas for f in t.lemmas[i])
            or as_noun(t, i) & pool.general
        )
    ]


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
    left, right = passage.neighbours(t, t.content.index(i))
    for e in evidence:
        for k, j in enumerate(e.content):
            forms = e.lemmas[j]
            if matches(forms, t.all_lemmas) or not (german or any(lexicon.is_verb(f) for f in forms)):
                continue  # accounted for by the claim, or not a verb
            e_left, e_right = passage.neighbours(e, k)
            if passage.same_side(left, e_left) and passage.same_side(right, e_right) and (left or right):
                return e.words[j]
    return None


def check_claims(
    text: str,
    pool: Pool,
    preferred: Sequence[int] = (),
    language: str = "en",
    cross_lingual: bool = False,
    cited: Sequence[int] = (),
) -> list[AtomResult]:
    """Each claim of ``text``; ``preferred`` are the pool sentences of the cited passages and their
    neighbours, ``cited`` those of the passages alone."""
    return [check_atom(a, pool, preferred, language, cross_lingual, cited) for a in split_atoms(text)]

"""What the cited passage itself holds of a claim, when the claim's evidence reaches beyond it.

A claim is checked against its cited passage and the sentences around it ("the city", "he" refer
back a sentence or two), and without a quote against the best-matching sentences of the source; so
a word of the claim may be accounted for by a sentence other than the one it cites. That is how a
faithful merge reads ("the central bank" where the passage says "the bank" and the lead says
"central"), and also how a substitution does: "urged the bank to raise rates" over a passage saying
"urged the bank to hold rates steady", where "raise" is only in another sentence, about the bank's
own move. Two rules follow:

- a word that stands where the passage has another word the claim leaves unaccounted (the same
  neighbours on both sides, as ``claims._substituted`` reads a swapped verb) and is found only in
  another sentence is a substitution: the claim is not passed, and the reason shows both words and
  where the claim's word is;
- a pass that rests on words found outside the passage says which words, and which sentence holds
  them, so that the verdict says what was compared.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from briefer import lexicon
from briefer.verify.pool import Pool, sentence_text
from briefer.verify.reading import Text, matches, vocabulary

# The passage's words shown for the one a substitution replaces: it and the next two content words
# the claim leaves unaccounted ("hold … steady" for "hold rates steady" when "rates" is accounted).
_REACH = 2


@dataclass(frozen=True)
class Borrowed:
    """A claim word that its cited passage does not account for, and another sentence does."""

    word: str  # as the claim writes it (lowercase)
    held_by: int | None  # the pool sentence that accounts for it (None: no single one does)
    replaces: str = ""  # the passage's words it stands in place of ("hold … steady"), if it does


def borrowed_words(
    text: str,
    t: Text,
    content: Sequence[int],
    passage: Sequence[int],
    evidence: Sequence[int],
    unmatched_in: Callable[[Sequence[int]], list[str]],
    pool: Pool,
    language: str = "en",
) -> list[Borrowed]:
    """The content words of ``t`` that the ``passage`` sentences leave unaccounted while the whole
    ``evidence`` accounts for them (``unmatched_in(sentences)``: the words those sentences leave
    unaccounted, by the claim rules' own accounting), each with the sentence that holds it and the
    passage's words it stands in place of, if any."""
    if not passage:
        return []
    own = set().union(*(pool.texts[s].all_lemmas for s in passage))
    if all(t.lemmas[i] & own for i in content):
        return []  # every word is the passage's own (most claims): no synonym, no name to look up
    outside = [s for s in evidence if s not in passage]
    missing = set(unmatched_in(passage))
    if not missing:
        return []
    holders = {s: set(unmatched_in([s])) for s in outside}
    texts = [(pool.texts[s], sentence_text(pool, s)) for s in passage]
    german = language == "de"
    out = []
    for word in dict.fromkeys(t.words[i] for i in content if t.words[i] in missing):
        i = next(i for i in content if t.words[i] == word)
        held = [s for s in outside if word not in holders[s]]
        # The sentence writing the word itself before one holding a synonym of it ("lifts" for "raise").
        held_by = next((s for s in held if t.lemmas[i] & pool.texts[s].all_lemmas), held[0] if held else None)
        if held_by is None:  # a word the source writes as it is, in a sentence beyond the evidence
            held_by = next((s for f in sorted(t.lemmas[i]) for s in pool.index.get(f, ()) if s not in passage), None)
        # A name for the passage's "the company" is the name rules' to compare (German capitals mark none).
        named = not german and _is_name(word, text)
        out.append(Borrowed(word, held_by, "" if named else _stands_for(t, i, texts, german)))
    return out


def _is_name(word: str, text: str) -> bool:
    """Whether ``text`` writes ``word`` with a capital inside the sentence, or at its start as no
    dictionary word ("Nordhaven lifted …", not "Markets had urged …")."""
    for m in re.finditer(rf"(?<![\w'’-]){re.escape(word)}(?![\w'’-])", text, re.IGNORECASE):
        if m.group(0)[0].isupper() and (text[: m.start()].strip() or not lexicon.is_known(word)):
            return True
    return False


def tokens(pool: Pool, sentences: Sequence[int]) -> frozenset[str]:
    """The folded words of pool ``sentences`` as written (``pool.vocab`` holds the whole source's)."""
    return frozenset(vocabulary(" ".join(sentence_text(pool, s) for s in sentences))[0])


def _stands_for(t: Text, i: int, passage: Sequence[tuple[Text, str]], german: bool = False) -> str:
    """The passage's words that claim word ``i`` stands in place of: a content word of the passage the
    claim does not account for, with the same neighbours on both sides (one of them a word); "" if none.
    An added word ("had urged the central bank") has no such partner; a name of the passage has none
    either ("a military exercise" for "the Sapad exercise" leaves a name out: the name rules' matter)."""
    left, right = neighbours(t, t.content.index(i))
    if left is None and right is None:
        return ""
    for e, written in passage:
        free = [  # unaccounted by the claim
            not matches(e.lemmas[j], t.all_lemmas) and (german or not _is_name(e.words[j], written)) for j in e.content
        ]
        for k, j in enumerate(e.content):
            if not free[k]:
                continue
            e_left, e_right = neighbours(e, k)
            if same_side(left, e_left) and same_side(right, e_right) and not _one_in_other(t.words[i], e.words[j]):
                return _phrase(e, [m for m in range(k, min(k + _REACH + 1, len(e.content))) if free[m]], written)
    return ""


def _one_in_other(ours: str, theirs: str) -> bool:
    """A shortened compound, not another word: "Beben" for "Erdbeben", "air" for "anti-aircraft"."""
    short, long = sorted((ours.lower(), theirs.lower()), key=len)
    return len(short) >= 3 and short in long


def neighbours(t: Text, pos: int) -> tuple[frozenset[str] | None, frozenset[str] | None]:
    """The lemmas of the content words either side of content position ``pos`` (None at an end): the
    slot a swapped word stands in, here and in ``claims._substituted``."""
    left = t.lemmas[t.content[pos - 1]] if pos > 0 else None
    right = t.lemmas[t.content[pos + 1]] if pos + 1 < len(t.content) else None
    return left, right


def same_side(ours: frozenset[str] | None, theirs: frozenset[str] | None) -> bool:
    """The same neighbour on one side of a swapped word: both phrases end there, or the words agree."""
    if ours is None or theirs is None:
        return ours is None and theirs is None
    return matches(ours, theirs)


def _phrase(e: Text, positions: list[int], written: str) -> str:
    """Content words of ``e`` at ``positions`` (content positions, ascending) as ``written`` has them:
    next ones joined by a space, a gap by " … "."""
    out = as_written(e.words[e.content[positions[0]]], written)
    for before, at in zip(positions, positions[1:], strict=False):
        out += (" " if at == before + 1 else " … ") + as_written(e.words[e.content[at]], written)
    return out


def where(pool: Pool, s: int | None) -> str:
    """A pool sentence as a reason names it: its source and characters."""
    if s is None:
        return "elsewhere in the source"
    n, span = pool.spans[s]
    return f"{pool.sources[n].id}, chars {span.start}–{span.end}"


def as_written(word: str, text: str) -> str:
    """``word`` (read lowercase) as ``text`` writes it."""
    m = re.search(rf"(?<![\w'’-]){re.escape(word)}(?![\w'’-])", text, re.IGNORECASE)
    return m.group(0) if m else word


def outside_note(borrowed: Sequence[Borrowed], text: str, pool: Pool) -> str:
    """ "outside the cited passage: “central” (ledger-bank, chars 103–271)": which words of a pass come
    from which other sentence. Empty when none does."""
    if not borrowed:
        return ""
    by_sentence: dict[int | None, list[str]] = {}
    for b in borrowed:
        by_sentence.setdefault(b.held_by, []).append(f"“{as_written(b.word, text)}”")
    said = "; ".join(f"{', '.join(words)} ({where(pool, s)})" for s, words in by_sentence.items())
    return f"outside the cited passage: {said}"


def substitution_reason(swaps: Sequence[Borrowed], text: str, pool: Pool) -> str:
    """What a substitution compared: the claim's word, the passage's words in its place, and where the
    claim's word is found instead."""
    said = "; ".join(
        f"“{as_written(b.word, text)}” is not in the cited passage, which says “{b.replaces}” there; "
        f"“{as_written(b.word, text)}” appears only in another sentence ({where(pool, b.held_by)})"
        for b in swaps
    )
    return (
        f"{said} (a word from another sentence in the place of the passage's own: a different claim, or a"
        " paraphrase the word tables cannot confirm)"
    )

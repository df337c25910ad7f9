"""Conflict sides, checked: each side of a "Sources disagree" entry is a source's own words at exact offsets.

A side is shown as what a source says, so it must be there: its quote found in its source (verbatim,
or give or take whitespace, quotation marks and dashes), and the side then shows the source's text at
that span. A side whose quote is not found is dropped, never shown as a source's statement; a conflict
left with fewer than two sides is dropped too.

An LLM names conflicts by fact id (``engines/llm.py``); ``confirm_conflict`` turns the facts' quotes
into sides and keeps the conflict only when the located quotes themselves disagree: every side gives a
figure and they differ ("value"), or a side denies what another states ("denial"). A model's claim that
two facts conflict is not taken on trust. ``check_conflicts`` re-checks the sides of any briefing (an
engine's, an edited one, another tool's) against the given sources.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from briefer.lexicon.quantities import numbers
from briefer.lexicon.tables import NEGATIONS, NEGATIVE_VERBS
from briefer.models import Briefing, Citation, Conflict, ConflictSide, Source
from briefer.verify.quotes import locate_quote

ABOUT_CHARS = 80  # what is disputed, as the model named it: a label, not a sentence
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


@dataclass(frozen=True)
class Claimed:
    """One side as a model named it: a fact id and the citations briefer holds for that fact."""

    fact: str
    citations: Sequence[Citation]


def locate_side(citation: Citation, sources: Mapping[str, Source]) -> tuple[str, int, int] | None:
    """(source, start, end) of ``citation``'s quote in its source, or None when it is not there."""
    source = sources.get(citation.source)
    quote = citation.quote
    if source is None or not quote or not quote.strip():
        return None
    start, end = citation.start, citation.end
    if start is not None and end is not None and source.text[start:end] == quote:
        return source.id, start, end
    found = locate_quote(quote, source.text)
    if found is None or found[2] == "fuzzy":  # a misremembered quote is not the source's statement
        return None
    return source.id, found[0], found[1]


def confirm_conflict(
    about: str, story: str, claimed: Sequence[Claimed], sources: Mapping[str, Source]
) -> tuple[Conflict | None, list[str]]:
    """The conflict a model named, with every side located, or None; and why anything was dropped."""
    notes: list[str] = []
    located: dict[tuple[str, int, int], str] = {}
    for side in claimed:
        spot = next((s for s in (locate_side(c, sources) for c in side.citations) if s is not None), None)
        if spot is None:
            notes.append(f"{side.fact}: its quote is not in its source; not shown as a side")
        else:
            located.setdefault(spot, side.fact)
    spans = [(src, start, end, sources[src].text[start:end]) for src, start, end in located]
    if len(spans) < 2:
        notes.append("fewer than two sides found in the sources; conflict dropped")
        return None, notes
    kind, values = _disagreement([quote for *_, quote in spans])
    if kind is None:
        ids = ", ".join(located.values())
        notes.append(f"the quotes of {ids} give neither different figures nor a denial; conflict dropped")
        return None, notes
    label = " ".join(about.split())[:ABOUT_CHARS].strip()
    label = label or ("different figures" if kind == "value" else "a claim and its denial")
    sides = [
        ConflictSide(source=src, start=start, end=end, quote=quote, value=value)
        for (src, start, end, quote), value in zip(spans, values, strict=True)
    ]
    return Conflict(story=story, about=label, kind=kind, sides=sides), notes


def _disagreement(quotes: list[str]) -> tuple[str | None, list[str]]:
    """("value", the figures each side gives that not every side shares) when every quote gives a figure
    and they differ; ("denial", "denies"/"states") when some quotes deny and others do not; else None."""
    figures = [numbers(q) for q in quotes]
    if all(figures) and len({frozenset(f) for f in figures}) > 1:
        shared = set.intersection(*figures)
        return "value", [", ".join(f"{v:g}" for v in sorted(f - shared) or sorted(f)) for f in figures]
    denies = [_denies(q) for q in quotes]
    if any(denies) and not all(denies):
        return "denial", ["denies" if d else "states" for d in denies]
    return None, []


def _denies(quote: str) -> bool:
    words = {w.casefold() for w in _WORD.findall(quote)}
    return bool(words & NEGATIONS or words & NEGATIVE_VERBS) or "n't" in quote or "n’t" in quote


def check_conflicts(briefing: Briefing, sources: Mapping[str, Source]) -> Briefing:
    """``briefing`` (changed in place and returned) with every conflict side re-located in its source.

    A side whose quote is no longer at its offsets is moved to where the quote is; one found nowhere is
    dropped; a conflict left with fewer than two sides is dropped, and the sentences that pointed at a
    dropped conflict no longer say the sources differ there.
    """
    if not briefing.conflicts:
        return briefing
    kept: list[Conflict] = []
    renumber: dict[int, int] = {}
    for k, conflict in enumerate(briefing.conflicts):
        sides = []
        for side in conflict.sides:
            spot = locate_side(Citation(source=side.source, quote=side.quote, start=side.start, end=side.end), sources)
            if spot is not None:
                src, start, end = spot
                sides.append(
                    side.model_copy(update={"start": start, "end": end, "quote": sources[src].text[start:end]})
                )
        if len({(s.source, s.start, s.end) for s in sides}) >= 2:
            renumber[k] = len(kept)
            kept.append(conflict.model_copy(update={"sides": sides}))
    briefing.conflicts = kept
    for _, _, sentence in briefing.sentences():
        if sentence.conflict is not None:
            sentence.conflict = renumber.get(sentence.conflict)
    return briefing

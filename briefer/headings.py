"""Titles and headings a model wrote are claims: checked like sentences, against what they head.

An engine that writes a headline as a claim sets ``Briefing.title_claim`` (and ``Section.title_claim``
for a heading) to a ``Sentence`` citing the evidence of what it heads; the extractive engine's
headings are picked words, not claims, and carry none. The claims go through the checker's public
``check_briefing`` in one batch (one pass of the judge, not one call per heading), and a flagged
claim makes the renderers mark the title (``Briefing.headline``, ``Section.heading``).
"""

from __future__ import annotations

from briefer.config import Settings
from briefer.models import Briefing, Section, Sentence, Source
from briefer.verify import check_briefing


def check_headings(briefing: Briefing, sources: list[Source], settings: Settings | None = None) -> Briefing:
    """``briefing`` with its title and heading claims checked (the same object when it has none)."""
    owners: list[Briefing | Section] = [briefing, *briefing.sections]
    claims = [(owner, owner.title_claim) for owner in owners if owner.title_claim is not None]
    if not claims:
        return briefing
    held = Briefing(
        title=briefing.title,
        sections=[Section(title="headings", sentences=[c.model_copy(update={"verdict": None}) for _, c in claims])],
        run=briefing.run,
    )
    checked = check_briefing(held, sources, settings=settings)
    out = briefing.model_copy(deep=True)
    by_identity = {id(owner): i for i, (owner, _) in enumerate(claims)}
    copies: list[Briefing | Section] = [out, *out.sections]
    for original, copy in zip(owners, copies, strict=True):
        if id(original) in by_identity:
            copy.title_claim = checked.sections[0].sentences[by_identity[id(original)]]
    out.run = checked.run
    return out


def claim_sentences(briefing: Briefing) -> list[Sentence]:
    """The title and heading claims in reading order (title first)."""
    return [c for c in [briefing.title_claim, *(s.title_claim for s in briefing.sections)] if c is not None]

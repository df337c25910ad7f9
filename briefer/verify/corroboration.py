"""Corroboration confirmed: another source counts as reporting a sentence's fact only where the checker,
comparing the sentence with that source's span alone, finds nothing against it.

An engine proposes, per other source, the span it takes to report the same fact
(``Sentence.corroborating_citations``). Each is located in its source (its offsets recomputed, as for
any citation; a span in page furniture is no reporting) and the sentence is checked against it with
the checker's own rules — a different figure, a negation, another name … and the source does not
corroborate it: the span is dropped and the verdict says what was compared. The count and the list
(``corroboration``, ``corroborating_sources``) are then derived from what holds: the cited sources of a
verdict that is not flagged, and the confirmed spans. A flagged sentence is corroborated by nothing.

The span alone; where that does not hold the fact, the span with the sentences the checker reads
around any cited span (two before and one after in its paragraph: "the company", "he" are named
there); never the whole source: a finding elsewhere in that source neither clears nor condemns the
span shown as reporting the fact. The verdict then depends only on the sentence and that text, so it
is kept by that key (``_verdict_on``): a day of a thousand near-copies proposes the same span for the
same sentence hundreds of times, and no source's whole sentence pool is built for it.
The rules alone decide (``--judge llm`` rules on the sentence, not on its corroborating spans).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

from rapidfuzz.distance import Indel

from briefer.controls import flag_hidden
from briefer.models import Citation, Corroboration, Sentence, Source, VerdictLabel
from briefer.verify.evidence import context_text, ground, language_of
from briefer.verify.sentence_verdict import shorten, verdict_of

_PASSING = (VerdictLabel.SUPPORTED, VerdictLabel.UNVERIFIED)
_NOTES = 5  # the spans not counted that the verdict names, one line each
# Proposed spans checked per sentence, the closest in wording first: a day of a thousand near-copies
# proposes hundreds for one fact (bench/scale.py at 1,000 articles: 4,066 for 25 sentences, 3 s of checks);
# beyond this many the count says "at least", and the verdict says how many were left unchecked.
CHECKED = 20


def confirm_corroboration(sentence: Sentence, sources: Mapping[str, Source]) -> None:
    """Keep (in place) the corroborating spans the checker confirms, note the ones it does not in the
    verdict, and derive ``corroboration`` and ``corroborating_sources`` from what holds."""
    verdict = sentence.verdict
    if verdict is None or verdict.flagged:
        sentence.corroborating_citations = []
        sentence.corroboration_unchecked = 0
        count_corroboration(sentence)
        return
    own = {c.source for c in sentence.citations}
    # One span per other source (a cited source is counted by its citation); the closest in wording first.
    proposals: dict[str, Corroboration] = {}
    for proposed in sentence.corroborating_citations:
        if proposed.source not in own:
            proposals.setdefault(proposed.source, proposed)
    ranked = sorted(
        proposals.values(), key=lambda c: (-Indel.normalized_similarity(sentence.text, c.quote or ""), c.source)
    )
    kept: list[Corroboration] = []
    notes: list[str] = []
    for proposed in ranked[:CHECKED]:
        confirmed, note = _confirmed(sentence, proposed, sources)
        if confirmed is not None:
            kept.append(confirmed)
        elif note:
            notes.append(note)
    sentence.corroborating_citations = sorted(kept, key=lambda c: c.source)
    sentence.corroboration_unchecked = max(0, len(ranked) - CHECKED)
    if len(notes) > _NOTES:  # a day of a thousand copies: hundreds of them; the editor reads a few
        notes = [*notes[:_NOTES], f"… and {len(notes) - _NOTES} more sources not counted as corroborating"]
    if len(ranked) > CHECKED:
        notes.append(
            f"{len(ranked) - CHECKED} more sources proposed as corroborating were not checked (the {CHECKED} "
            "closest in wording were): the count is of the checked ones, at least this many report it"
        )
    if notes:
        sentence.verdict = verdict.model_copy(update={"reasons": [*verdict.reasons, *notes]})
    count_corroboration(sentence)


def count_corroboration(sentence: Sentence) -> None:
    """``corroboration`` and ``corroborating_sources`` (in place) from the sentence's verdict and its
    confirmed corroborating spans: every source that reports it, its own included; at least one."""
    verdict = sentence.verdict
    reporting: set[str] = set()
    if verdict is not None and not verdict.flagged:
        reporting = {span.source for span in verdict.spans} | {c.source for c in sentence.corroborating_citations}
    sentence.corroborating_sources = sorted(reporting)
    sentence.corroboration = max(1, len(reporting))


def _confirmed(
    sentence: Sentence, proposed: Corroboration, sources: Mapping[str, Source]
) -> tuple[Corroboration | None, str]:
    """The span located and confirmed, or None and what the editor is told (nothing for a source not given)."""
    source = sources.get(proposed.source)
    if source is None:
        return None, ""  # nothing to compare with: not counted, as any span the checker could not read
    located = ground(Citation(source=proposed.source, quote=proposed.quote), sources, sentence.text)
    where = f"[{proposed.source}] “{shorten(proposed.quote or '')}”"
    if not located.found or located.citation.start is None or located.citation.end is None:
        return None, f"not counted as corroborating: {where} not found in {proposed.source}"
    if located.furniture is not None:
        return None, f"not counted as corroborating: {where} is page furniture ({located.furniture.kind})"
    start, end = located.citation.start, located.citation.end
    span, span_language = source.text[start:end], language_of(source)
    # The span alone first: when it holds the fact by itself, its neighbours cannot add to that, and a
    # thousand near-copies share their span texts far more often than their neighbours (the key).
    label, reason = _verdict_on(sentence.text, sentence.language, span, span, span_language)
    if label not in _PASSING:
        around = context_text(source, start, end)
        if around != span:
            label, reason = _verdict_on(sentence.text, sentence.language, span, around, span_language)
    if label not in _PASSING:
        return None, f"not counted as corroborating: {where}: {reason or label.value.replace('_', ' ')}"
    return Corroboration(**located.citation.model_dump(), label=label), ""


@lru_cache(maxsize=8192)
def _verdict_on(text: str, language: str, span: str, around: str, span_language: str) -> tuple[VerdictLabel, str]:
    """The rules' verdict on the sentence (``text``) citing ``span`` within ``around`` (the span and the
    sentences the checker reads around any cited span), and the reason that decided it."""
    alone = {"span": Source(id="span", path="", language=span_language, text=around)}
    cited = Sentence(text=text, language=language, citations=[Citation(source="span", quote=span)])
    grounded = [ground(c, alone, text) for c in cited.citations]  # what check_sentence does, judge aside
    cited.citations = [g.citation for g in grounded]
    cited.verdict, _ = verdict_of(cited, grounded, alone)
    flag_hidden(cited, alone)
    verdict = cited.verdict
    deciding = [a.reason for a in verdict.atoms if a.label is verdict.label and a.reason]
    return verdict.label, (deciding or verdict.reasons or [""])[0]

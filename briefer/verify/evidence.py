"""Evidence in a source: grounding a citation to exact offsets, the context around a span, and the
best-supporting spans for a sentence that cites nothing (or for an editor's search)."""

from __future__ import annotations

import bisect
from array import array
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate

from briefer.ingest import detect_language  # the checker's one import of it (verdicts.py takes it from here)
from briefer.models import Citation, Furniture, Source, Span
from briefer.sentences import sentences_in
from briefer.verify.profile import Profile, profile
from briefer.verify.quotes import holds_normalized, locate_all, quote_parts, text_view

_CONTEXT_BEFORE = 2  # "the city", "he", "there" refer back a sentence or two
_CONTEXT_AFTER = 1
# Headlines and teasers are the article's own words, but compressed: citable with a caution.
HEADLINE_KINDS = frozenset(("heading", "teaser", "title"))


@dataclass(frozen=True)
class Sentences:
    """A text's sentences, with the paragraph (line) each belongs to, for context windows."""

    spans: list[Span]
    starts: list[int]
    paragraphs: list[int]


@lru_cache(maxsize=32)
def sentences_of(text: str) -> Sentences:
    spans = sentences_in(text)  # split once per run, shared with the engine or chunker
    paragraphs: list[int] = []
    line, cursor = 0, 0
    for span in spans:
        line += text.count("\n", cursor, span.start)
        cursor = span.start
        paragraphs.append(line)
    return Sentences(spans, [s.start for s in spans], paragraphs)


def language_of(source: Source) -> str:
    return source.language if source.language != "und" else detect_language(source.text)


@dataclass(frozen=True)
class Grounded:
    """A citation as the checker located it (or could not)."""

    citation: Citation
    found: bool
    furniture: Furniture | None = None
    problem: str | None = None


def ground(citation: Citation, sources: Mapping[str, Source], sentence: str) -> Grounded:
    """Locate ``citation`` in its source; offsets and match kind are always recomputed."""
    source = sources.get(citation.source)
    # A span the checker searched for is its own choice for that wording, not the writer's quote: once
    # the sentence is edited (or checked again), it is searched again for the sentence as it now reads.
    quote = citation.quote or "" if citation.match != "searched" else ""
    hits = locate_all(quote, text_view(source.text)) if source is not None and quote.strip() else []
    if source is not None and hits:
        # A teaser or caption often repeats a sentence of the body: cite the body when it can.
        start, end, how = next((h for h in hits if not source.is_furniture(h[0], h[1])), hits[0])
        located = citation.model_copy(update={"start": start, "end": end, "match": how})
        return Grounded(located, True, _furniture_at(source, start, end))
    fresh = citation.model_copy(update={"start": None, "end": None, "match": "missing"})
    if source is None:
        problem = f"unknown source id {citation.source!r}: not among the given sources"
        return Grounded(fresh, False, problem=problem + _found_elsewhere(citation.quote, sources, citation.source))
    if not quote.strip():
        best = suggest_citations(sentence, [source], limit=1)
        if not best:
            return Grounded(fresh, False, problem=f"no quote, and nothing in {source.id} resembles the sentence")
        hit = best[0]
        update = {"start": hit.start, "end": hit.end, "match": "searched", "quote": hit.quote}
        return Grounded(citation.model_copy(update=update), True, _furniture_at(source, hit.start or 0, hit.end or 0))
    shown = quote if len(quote) <= 80 else quote[:77] + "…"
    problem = f"quote not found in {source.id}: “{shown}”"
    return Grounded(fresh, False, problem=problem + _found_elsewhere(quote, sources, source.id))


def _found_elsewhere(quote: str | None, sources: Mapping[str, Source], cited: str) -> str:
    """A hint for the editor when the quote is in another source (a wrong source id, not a fabrication)."""
    if not quote or not quote.strip():
        return ""
    parts = quote_parts(quote)  # normalised once, not once per source
    others = [s.id for s in sources.values() if s.id != cited and _holds(s.text, quote, parts)]
    return f" (the quote is in {', '.join(others)}: cite that source instead)" if others else ""


def _holds(text: str, quote: str, parts: list[str]) -> bool:
    """Whether ``text`` holds ``quote`` verbatim, or normalised when its normalised copy exists already:
    a quote found nowhere must not make every other source build one (that is quadratic in sources)."""
    if quote in text:
        return True
    view = text_view.peek(text)
    return view is not None and "norm" in view.__dict__ and holds_normalized(parts, view)


def _furniture_at(source: Source, start: int, end: int) -> Furniture | None:
    hit = next((f for f in source.furniture if f.start < end and start < f.end), None)
    if hit is None and source.title_span and source.title_span.start < end and start < source.title_span.end:
        return Furniture(start=source.title_span.start, end=source.title_span.end, kind="title")
    return hit


def furniture_reason(furniture: Furniture) -> str:
    if furniture.kind == "instruction":
        return "cites text addressed to the model (an injected instruction), not reporting"
    if furniture.kind in HEADLINE_KINDS:
        return f"cites a {furniture.kind}, not the article body: headlines compress and overstate"
    return f"cites page furniture ({furniture.kind}), not reporting"


def context_text(
    source: Source, start: int, end: int, before: int = _CONTEXT_BEFORE, after: int = _CONTEXT_AFTER
) -> str:
    """The sentences overlapping ``[start, end)`` plus up to ``before``/``after`` neighbours in the same
    paragraph (none: the span's own sentences)."""
    sents = sentences_of(source.text)
    if not sents.spans:
        return source.text[start:end]
    first = max(0, bisect.bisect_right(sents.starts, start) - 1)
    last = max(first, bisect.bisect_left(sents.starts, end) - 1)
    lo, hi = first, last
    while lo > 0 and first - lo < before and sents.paragraphs[lo - 1] == sents.paragraphs[first]:
        lo -= 1
    paragraph = sents.paragraphs[last]
    while hi + 1 < len(sents.spans) and hi - last < after and sents.paragraphs[hi + 1] == paragraph:
        hi += 1
    lo_char = min(start, sents.spans[lo].start)
    hi_char = max(end, sents.spans[hi].end)
    return source.text[lo_char:hi_char]


def suggest_citations(text: str, sources: Sequence[Source] | Mapping[str, Source], limit: int = 3) -> list[Citation]:
    """The sentences of ``sources`` that best support ``text`` (outside page furniture), best first.

    Scored by shared content words, names, numbers and dates; across languages only the last three
    count. Each comes back as a located citation (``match="searched"``).
    """
    pool = list(sources.values()) if isinstance(sources, Mapping) else list(sources)
    wanted = profile(text)
    if not (wanted.concepts or wanted.entities or wanted.numbers):
        return []
    scored: list[tuple[float, int, int, int]] = []
    for order, source in enumerate(pool):
        text = source.text
        offsets = _body_sentences(text, tuple((f.start, f.end) for f in source.furniture))
        for k in range(0, len(offsets), 2):
            start, end = offsets[k], offsets[k + 1]
            score = _overlap(wanted, profile(text[start:end]))
            if score > 0:
                scored.append((score, -order, -start, end))
    scored.sort(reverse=True)  # best score, then the earlier source, then the earlier sentence
    best = [(pool[-order], -start, end) for _, order, start, end in scored[:limit]]  # the signs undone
    return [Citation(source=s.id, quote=s.text[a:b], start=a, end=b, match="searched") for s, a, b in best]


@lru_cache(maxsize=32)
def _body_sentences(text: str, furniture: tuple[tuple[int, int], ...]) -> array[int]:
    """Start and end of every sentence of ``text`` outside the furniture spans, flat (16 bytes a sentence):
    the search reads a source's sentences for every claim that cites it without a quote."""
    ends = list(accumulate((b for _, b in sorted(furniture)), max))
    starts = sorted(a for a, _ in furniture)
    out: array[int] = array("q")
    for span in sentences_of(text).spans:
        before = bisect.bisect_left(starts, span.end)
        if not (before > 0 and ends[before - 1] > span.start):  # as Source.is_furniture
            out.extend((span.start, span.end))
    return out


def _overlap(wanted: Profile, have: Profile) -> float:
    # A sentence's names, numbers and months are read only when the claim has some to share.
    words = len(wanted.concepts & have.concepts) + sum(
        1 for c in wanted.concepts - have.concepts if len(c) >= 5 and c[:5] in have.concept_prefixes
    )
    names = len(wanted.entities & have.entities) * 2 if wanted.entities else 0
    facts = (len(wanted.numbers & have.numbers) * 2 if wanted.numbers else 0) + (
        len(wanted.months & have.months) if wanted.months else 0
    )
    size = len(wanted.concepts) + 2 * len(wanted.entities) + 2 * len(wanted.numbers) + len(wanted.months)
    return (words + names + facts) / max(size, 1)

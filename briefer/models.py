"""The types that pass between briefer's stages. Pydantic models only: no I/O, no logic beyond derivations.

Every offset is a character offset into a source's original decoded text, so that
``source.text[start:end]`` is always the evidence an editor sees.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from enum import StrEnum
from itertools import accumulate
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr
from pydantic.dataclasses import dataclass


class Span(BaseModel):
    """A half-open character range ``[start, end)`` in one source's original text."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    start: int = Field(ge=0)
    end: int = Field(ge=0)


@dataclass(frozen=True, slots=True, config=ConfigDict(extra="forbid"))
class Furniture:
    """Page furniture (share buttons, photo credits, embedded tweets …): never briefing content.

    A slotted pydantic dataclass, not a model like Span: every source holds a few dozen of these for as
    long as the run lasts, and a model's instance dict and set of fields made each one about 550 bytes
    (4 KiB an article); this is 72. Validated alike, compared and hashed by value alike."""

    start: Annotated[int, Field(ge=0)]
    end: Annotated[int, Field(ge=0)]
    kind: str


class SourceInfo(BaseModel):
    """What a briefing records of a source: enough to find it again and notice it changed."""

    model_config = ConfigDict(extra="allow")

    id: str
    path: str
    title: str | None = None
    date: dt.date | None = None
    language: str = "und"
    sha256: str | None = None
    # As the article states them (a byline, "Source: dpa", a dateline's agency, front matter); None if not.
    author: str | None = None
    outlet: str | None = None

    def label(self) -> str:
        """How a reader names the source: the outlet and author its article states, else its id (the file's stem)."""
        return " · ".join(part for part in (self.outlet, self.author) if part) or self.id


class Source(SourceInfo):
    """A source as ingested: its metadata plus the original text and what in it is furniture."""

    text: str
    title_span: Span | None = None
    furniture: tuple[Furniture, ...] = ()  # a tuple, so that the index is_furniture keeps cannot go stale
    # Runs of bidirectional controls and zero-width characters (briefer.controls): shown, never obeyed.
    controls: tuple[Span, ...] = ()
    # Markdown syntax inside content (``**``, ``[…](url)``, ``> ``, ``## ``), sorted and disjoint: see plain().
    markup: tuple[Span, ...] = ()
    # (the furniture it was built from, span starts in order, furthest end reached so far)
    _reach: tuple[tuple[Furniture, ...], list[int], list[int]] | None = PrivateAttr(default=None)
    _markup_ends: tuple[tuple[Span, ...], list[int]] | None = PrivateAttr(default=None)

    def info(self) -> SourceInfo:
        return SourceInfo(
            id=self.id,
            path=self.path,
            title=self.title,
            date=self.date,
            language=self.language,
            sha256=self.sha256,
            author=self.author,
            outlet=self.outlet,
        )

    def plain(self, start: int, end: int) -> str:
        """``text[start:end]`` without its Markdown syntax: the words a reader sees ("**37 people**" → "37
        people"). Offsets stay those of ``text``; for a source without markup this is the span itself."""
        if not self.markup:
            return self.text[start:end]
        if self._markup_ends is None or self._markup_ends[0] is not self.markup:
            self._markup_ends = (self.markup, [m.end for m in self.markup])
        i = bisect_left(self._markup_ends[1], start + 1)
        parts, pos = [], start
        for m in self.markup[i:]:
            if m.start >= end:
                break
            parts.append(self.text[pos : max(pos, m.start)])
            pos = max(pos, min(m.end, end))
        parts.append(self.text[pos:end])
        return "".join(parts)

    def is_furniture(self, start: int, end: int) -> bool:
        """True when ``[start, end)`` overlaps any furniture span.

        A search, not a scan: a 5 MB page has thousands of furniture spans and tens of thousands of
        sentences, and scanning made the extractive engine spend most of a minute here."""
        if self._reach is None or self._reach[0] is not self.furniture:
            spans = sorted((f.start, f.end) for f in self.furniture)
            self._reach = (self.furniture, [a for a, _ in spans], list(accumulate((b for _, b in spans), max)))
        _, starts, reach = self._reach
        before = bisect_left(starts, end)  # the spans that start before this range ends
        return before > 0 and reach[before - 1] > start


class Chunk(BaseModel):
    """A sentence-aligned piece of one source under a token budget; ``text == source.text[start:end]``."""

    model_config = ConfigDict(extra="forbid")

    source: str
    index: int
    start: int
    end: int
    text: str
    tokens: int


class VerdictLabel(StrEnum):
    """What the checker found. Only ``supported`` and ``unverified`` are not flagged; ``unverified`` is
    never shown as a pass (the rules could not decide and no judge ran: an editor should look)."""

    SUPPORTED = "supported"  # every claim of the sentence accounted for in the evidence
    UNVERIFIED = "unverified"  # no mismatch found, but wording the rules cannot match (a paraphrase?)
    CONTRADICTED = "contradicted"  # a concrete mismatch: opposite word, negation, number, date, name, role
    NOT_IN_SOURCE = "not_in_source"  # a claim with no evidence in the sources
    PARTIALLY_SUPPORTED = "partially_supported"  # rests on a headline or teaser (compressed, overstated)
    UNSUPPORTED = "unsupported"  # rests on page furniture or an injected instruction, not reporting
    CITATION_NOT_FOUND = "citation_not_found"
    UNCITED = "uncited"


class EvidenceSpan(Span):
    """A located piece of evidence: which source, and where."""

    source: str


class VerdictBinding(BaseModel):
    """What a verdict was made from (sha256 digests; see ``briefer.binding``), so that a verdict that
    no longer matches its sentence, its citations, its sources or the checker is noticed, not trusted."""

    text: str  # the sentence's text
    citations: str  # its citations: source, quote, start, end
    sources: dict[str, str | None]  # each cited source id → its text as checked (None: not given)
    checker: str  # the checker's version
    # each corroborating source id → its text as checked (None: not given)
    corroborating: dict[str, str | None] = Field(default_factory=dict)
    seal: str  # all of the above with the verdict itself and the corroboration it vouches for


class Verdict(BaseModel):
    """The checker's judgement of one sentence against the evidence it cites."""

    label: VerdictLabel
    score: float = Field(ge=0.0, le=1.0)
    reasons: list[str] = Field(default_factory=list)
    spans: list[EvidenceSpan] = Field(default_factory=list)
    judge: str = "rules"
    binding: VerdictBinding | None = None
    # Per claim of the sentence (its atoms): the claim, its state, and the citations (indices into the
    # sentence's citations) whose evidence holds it; empty for verdicts made before atoms existed.
    atoms: list[AtomCheck] = Field(default_factory=list)
    # Citations (indices) that support no claim of the sentence (ALCE's citation precision).
    idle_citations: list[int] = Field(default_factory=list)
    # True when only numbers, dates, names, negation and hedges could be compared (another language).
    cross_lingual: bool = False

    @property
    def flagged(self) -> bool:
        """An editor must act: everything but supported and unverified."""
        return self.label not in (VerdictLabel.SUPPORTED, VerdictLabel.UNVERIFIED)

    @property
    def unverified(self) -> bool:
        """Not flagged, not a pass either: the rules could not decide and no judge ran."""
        return self.label is VerdictLabel.UNVERIFIED


class AtomCheck(BaseModel):
    """One claim of a sentence and what the checker found for it."""

    text: str
    label: VerdictLabel
    reason: str = ""
    citations: list[int] = Field(default_factory=list)  # the sentence's citations that hold it
    evidence: list[EvidenceSpan] = Field(default_factory=list)


class Citation(BaseModel):
    """A claimed piece of evidence. ``quote`` is optional: without it the checker finds the span itself.

    ``start``/``end`` are filled by the checker when it locates the quote, never trusted from input.
    """

    model_config = ConfigDict(extra="allow")

    source: str
    quote: str | None = None
    start: int | None = None
    end: int | None = None
    match: str | None = None  # how the quote was located: exact, normalized, fuzzy, searched, or missing


class Corroboration(Citation):
    """A span of another source that reports a sentence's fact: proposed by the engine, kept only when the
    checker, comparing the sentence with this span alone, finds nothing against it (``label``: its verdict
    there, supported or unverified; None while only proposed)."""

    label: VerdictLabel | None = None


class DecisionAction(StrEnum):
    ACCEPTED = "accepted"
    EDITED = "edited"
    RECITED = "recited"  # the citations replaced
    CITED = "cited"  # a citation added
    DROPPED = "dropped"


class Decision(BaseModel):
    """An editor's decision on one sentence: the audit trail of the review."""

    action: DecisionAction
    editor: str
    at: dt.datetime
    note: str | None = None
    previous_text: str | None = None
    previous_citations: list[Citation] | None = None
    # sha256 of the sentence's text and citations as decided on: an acceptance covers that text only.
    sentence: str | None = None


class Sentence(BaseModel):
    model_config = ConfigDict(extra="allow")

    text: str
    citations: list[Citation] = Field(default_factory=list)
    language: str = "en"
    # How many distinct sources report the same fact (1 = only the cited one), and which: derived from the
    # cited sources the verdict holds and the other sources' spans the checker confirmed
    # (``corroborating_citations``, one per other source; see verify/corroboration.py).
    corroboration: int = 1
    corroborating_sources: list[str] = Field(default_factory=list)
    corroborating_citations: list[Corroboration] = Field(default_factory=list)
    # Other sources proposed as reporting it that the checker did not check (it checks the closest in
    # wording, up to verify.corroboration.CHECKED): the count is then a floor, "at least".
    corroboration_unchecked: int = 0
    verdict: Verdict | None = None
    decisions: list[Decision] = Field(default_factory=list)
    # When the sentence gives one side of a disagreement: its index in Briefing.conflicts.
    conflict: int | None = None

    @property
    def decision(self) -> Decision | None:
        return self.decisions[-1] if self.decisions else None

    @property
    def flagged(self) -> bool:
        """An unchecked sentence counts as flagged: nothing passes without a verdict."""
        return self.verdict is None or self.verdict.flagged

    @property
    def unverified(self) -> bool:
        """Checked, not flagged, and not a pass: the editor's queue shows it as its own state."""
        return self.verdict is not None and self.verdict.unverified


def _marked(text: str, claim: Sentence | None, what: str) -> str:
    """``text`` as a reader may see it: unmarked only when its claim was checked and is supported."""
    if claim is None or not claim.flagged:
        return text
    label = claim.verdict.label.value.replace("_", " ") if claim.verdict else "not checked"
    return f"⚠ {text} [{what} {label}]"


class Section(BaseModel):
    model_config = ConfigDict(extra="allow")

    title: str
    sentences: list[Sentence] = Field(default_factory=list)
    # A heading a model wrote is a claim too: checked against its section's citations (None: not a claim).
    title_claim: Sentence | None = None

    @property
    def heading(self) -> str:
        return _marked(self.title, self.title_claim, "heading")


class Usage(BaseModel):
    prompt_tokens: int = 0
    completion_tokens: int = 0
    calls: int = 0
    cache_hits: int = 0
    retries: int = 0
    truncated: int = 0  # answers cut off at the output budget, asked again for less


class RunInfo(BaseModel):
    """How a briefing was made: enough to reproduce it and to know what to trust."""

    model_config = ConfigDict(extra="allow")

    engine: str
    model: str | None = None
    judge_model: str | None = None  # the model that ruled on what the rules left open (--judge llm)
    base_url: str | None = None
    prompt_versions: dict[str, str] = Field(default_factory=dict)
    timings: dict[str, float] = Field(default_factory=dict)
    source_tokens: int = 0
    usage: Usage = Field(default_factory=Usage)
    briefer_version: str = ""
    created: dt.datetime | None = None
    # What went wrong without stopping the run and the user must know (a cache that stopped writing).
    warnings: list[str] = Field(default_factory=list)
    # Conflicts a model named that the checker could not confirm (an unknown id, a quote not in its
    # source, quotes that do not disagree), each with why: never shown as a disagreement.
    dropped_conflicts: list[str] = Field(default_factory=list)


class ConflictSide(BaseModel):
    """One side of a disagreement: what one source says, where, and as of when when it says so."""

    source: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    quote: str  # source.text[start:end]
    value: str  # the figure or the stance this side gives ("12", "denied")
    as_of: str | None = None  # the time the text gives for its figure ("as of 2 p.m.", "Stand 14 Uhr")


class Conflict(BaseModel):
    """Sources of one story disagree on one thing: the same measured quantity with different values,
    or a claim and its denial. Every side is shown; the briefing never silently picks one."""

    story: str  # the section title of the story
    about: str  # what is disputed: "dead", "in hospital", "evacuated", "a claim and its denial" …
    kind: str = "value"  # "value" (different figures) or "denial" (a claim against its denial)
    sides: list[ConflictSide] = Field(min_length=2)


class Briefing(BaseModel):
    """The product: sections of cited sentences, plus the sources and the run that made it."""

    model_config = ConfigDict(extra="allow")

    title: str = "Briefing"
    language: str = "en"
    sources: list[SourceInfo] = Field(default_factory=list)
    sections: list[Section] = Field(default_factory=list)
    # Where the sources disagree (per story): shown in every format, never resolved silently.
    conflicts: list[Conflict] = Field(default_factory=list)
    run: RunInfo | None = None
    # A title a model wrote is a claim: checked against the Essentials' citations (None: not a claim).
    title_claim: Sentence | None = None

    @property
    def headline(self) -> str:
        """The title as printed: a flagged or unchecked title claim is never shown unmarked."""
        return _marked(self.title, self.title_claim, "title")

    def sentences(self) -> list[tuple[int, int, Sentence]]:
        """Every sentence with its section and index, in reading order."""
        return [(si, i, s) for si, sec in enumerate(self.sections) for i, s in enumerate(sec.sentences)]

    def disputes_of(self, sentence: Sentence) -> list[int]:
        """The indices of the disagreements one of whose sides the sentence cites (a sentence may give
        sides of several: a strike's length and its number of strikers)."""
        cited = {(c.source, c.start) for c in sentence.citations if c.start is not None}
        found = [k for k, c in enumerate(self.conflicts) if any((s.source, s.start) in cited for s in c.sides)]
        if sentence.conflict is not None and sentence.conflict not in found and sentence.conflict < len(self.conflicts):
            found.insert(0, sentence.conflict)
        return found


class AuditEntry(BaseModel):
    """One sentence in an export's audit trail: what was published and everything that led to it."""

    number: str  # section.sentence, counted from 1 as in the reports
    text: str
    published: bool
    unverified: bool  # published marked [unverified] (export --allow-open)
    verdict: Verdict | None
    corroboration: int
    corroborating_sources: list[str]
    corroborating_citations: list[Corroboration]  # the span of each other source that reports it
    decisions: list[Decision]


class AuditTrail(BaseModel):
    """The record behind a publishable export (``briefer export --audit FILE``), kept out of the export."""

    title: str
    format: str
    exported: dt.datetime
    sources: list[SourceInfo]
    run: RunInfo | None = None
    sentences: list[AuditEntry]


class CheckedSentence(BaseModel):
    """One row of ``briefer check --format json``: the stable, scriptable contract."""

    section: int
    index: int
    text: str
    verdict: VerdictLabel
    flagged: bool
    score: float
    reasons: list[str]
    spans: list[EvidenceSpan]
    unverified: bool = False
    cross_lingual: bool = False
    atoms: list[AtomCheck] = Field(default_factory=list)
    idle_citations: list[int] = Field(default_factory=list)


class CheckReport(BaseModel):
    sentences: list[CheckedSentence]
    summary: dict[str, int]

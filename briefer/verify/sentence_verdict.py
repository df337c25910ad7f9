"""The rules' verdict on one sentence from its located citations.

What the quotes themselves claim (``support.judge``), then each claim of the sentence against the
evidence that can hold it (``claims``), the worst deciding; the reasons in reading order, which
citation holds which claim, and the question a judge would be asked when the rules leave it open.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from briefer.language import says_its_language
from briefer.models import (
    AtomCheck,
    EvidenceSpan,
    Sentence,
    Source,
    Verdict,
    VerdictLabel,
)
from briefer.verify.citations import (
    atom_citations,
    cached_pool,
    cited_sentences,
    idle_citations,
    preferred_sentences,
    quoted_sentences,
    span_of,
)
from briefer.verify.claims import AtomResult, check_claims
from briefer.verify.evidence import (
    HEADLINE_KINDS,
    Grounded,
    context_text,
    detect_language,
    furniture_reason,
    language_of,
)
from briefer.verify.findings import CROSS_LINGUAL_CAP, LABEL_RANK, Finding, Question
from briefer.verify.pool import Pool, sentence_text
from briefer.verify.support import judge, lacks


@dataclass(frozen=True)
class _Languages:
    """The sentence's language, its first cited source's, and whether they differ."""

    sentence: str
    span: str
    cross_lingual: bool


def verdict_of(
    sentence: Sentence, grounded: list[Grounded], sources: Mapping[str, Source]
) -> tuple[Verdict, Question | None]:
    """The rules' verdict, and the question for a judge when the rules could not settle it."""
    found = [g for g in grounded if g.found]
    spans = [_citation_span(g) for g in found]
    missing = [g.problem or "citation not found" for g in grounded if not g.found]
    if not found:
        return Verdict(label=VerdictLabel.CITATION_NOT_FOUND, score=0.0, reasons=missing), None
    languages = [language_of(sources[g.citation.source]) for g in found]
    sentence_language = _language_of(sentence, languages)
    cross_lingual = sentence_language not in languages and "und" not in (sentence_language, *languages)
    lang = _Languages(sentence_language, languages[0], cross_lingual)
    quoted = [g for g in found if g.citation.match != "searched"]
    findings = _quote_findings(sentence.text, quoted, sources, lang) if quoted else []
    cited_sources = list(dict.fromkeys(g.citation.source for g in found))
    pool = cached_pool([sources[i] for i in cited_sources], sentence_language)
    near = quoted_sentences(pool, quoted)
    preferred = preferred_sentences(pool, near)
    cited = cited_sentences(near)
    atoms = check_claims(sentence.text, pool, [p for p, _ in preferred], sentence_language, cross_lingual, cited)
    source_text = "\n".join(sources[i].text for i in cited_sources)
    findings, elsewhere = _held_elsewhere(sentence.text, findings, atoms, pool, source_text, lang)
    citations_of = atom_citations(atoms, pool, found, preferred)
    label, reasons = _label_and_reasons(atoms, findings, elsewhere, found, quoted, cross_lingual)
    reasons += _citation_notes(grounded, atoms, citations_of, quoted)
    atom_checks = [
        AtomCheck(text=a.atom.text, label=a.label, reason=a.reason, citations=c, evidence=_evidence(a, pool))
        for a, c in zip(atoms, citations_of, strict=True)
    ]
    if missing:
        return Verdict(
            label=VerdictLabel.CITATION_NOT_FOUND,
            score=0.0,
            reasons=missing + reasons,
            spans=spans,
            atoms=atom_checks,
            cross_lingual=cross_lingual,
        ), None
    searched = [] if quoted else [span_of(pool, s) for a in atoms for s in a.evidence[:1]]
    score = _SCORE[label] if label is not VerdictLabel.SUPPORTED else (CROSS_LINGUAL_CAP if cross_lingual else 0.95)
    verdict = Verdict(
        label=label,
        score=score,
        reasons=reasons,
        spans=list(dict.fromkeys(spans + searched)),
        atoms=atom_checks,
        idle_citations=idle_citations(grounded, citations_of) if len(grounded) > 1 else [],
        cross_lingual=cross_lingual,
    )
    return verdict, _question(sentence.text, label, atoms, pool, lang, retrieved=not quoted, source_text=source_text)


def _evidence(atom: AtomResult, pool: Pool) -> list[EvidenceSpan]:
    return [span_of(pool, s) for s in atom.evidence[:3]]


def _citation_span(g: Grounded) -> EvidenceSpan:
    return EvidenceSpan(source=g.citation.source, start=g.citation.start or 0, end=g.citation.end or 0)


def _quote_findings(
    text: str, quoted: list[Grounded], sources: Mapping[str, Source], lang: _Languages
) -> list[Finding]:
    """What the quotes themselves claim: their numbers, speaker, names, polarity and certainty."""
    q_spans = [_citation_span(g) for g in quoted]
    rules = judge(
        text,
        " ".join(sources[s.source].text[s.start : s.end] for s in q_spans),
        " ".join(context_text(sources[s.source], s.start, s.end) for s in q_spans),
        cross_lingual=lang.cross_lingual,
        span_language=lang.span,
        sentence_language=lang.sentence,
        own_text=" ".join(context_text(sources[s.source], s.start, s.end, before=0, after=0) for s in q_spans),
        content=False,
        source_text="\n".join(sources[i].text for i in dict.fromkeys(s.source for s in q_spans)),
    )
    if rules.label is VerdictLabel.SUPPORTED:
        return []
    return [
        Finding(VerdictLabel.CONTRADICTED, 0.05, reason, kind)
        for reason, kind in zip(rules.reasons, rules.kinds or [""] * len(rules.reasons), strict=True)
    ]


def _held_elsewhere(
    text: str, findings: list[Finding], atoms: list[AtomResult], pool: Pool, source_text: str, lang: _Languages
) -> tuple[list[Finding], list[Finding]]:
    """(the quote's findings that stand, those the cited source holds elsewhere). One reason per
    mismatch: what an atom already reports with both sides (a number, a date, a name nowhere in the
    source) is not repeated from the cited passage's own check."""
    said = {k for a in atoms for k in a.kinds}
    findings = [f for f in findings if not (f.kind and f.kind in said)]
    elsewhere = [f for f in findings if lacks(f)] if all(a.label is VerdictLabel.SUPPORTED for a in atoms) else []
    if elsewhere and not _held_by_one_sentence(text, atoms, pool, source_text, lang):
        elsewhere = []
    return [f for f in findings if f not in elsewhere], elsewhere


def _label_and_reasons(
    atoms: list[AtomResult],
    findings: list[Finding],
    elsewhere: list[Finding],
    found: list[Grounded],
    quoted: list[Grounded],
    cross_lingual: bool,
) -> tuple[VerdictLabel, list[str]]:
    """The worst atom's label (or contradicted, or the furniture's), with every reason in reading order."""
    label = max(atoms, key=lambda a: LABEL_RANK[a.label]).label
    reasons = [
        f"{_LABEL_WORDS[a.label]}: {a.reason}" + (f" [claim: “{shorten(a.atom.text, 80)}”]" if len(atoms) > 1 else "")
        for a in atoms
        if a.label is not VerdictLabel.SUPPORTED
    ]
    if findings:
        label = VerdictLabel.CONTRADICTED
        reasons = [f.reason for f in findings] + reasons
    if not reasons and len(atoms) == 1:
        reasons = [f"supported: {atoms[0].reason}"]
    elif not reasons:  # what each claim took from outside its cited passage is said too
        reasons = [f"supported: each of the {len(atoms)} claims found in the source"]
        reasons += [f"{a.outside} [claim: “{shorten(a.atom.text, 80)}”]" for a in atoms if a.outside]
    for f in elsewhere:
        reasons.append(f"the cited passage lacks it, the cited source has it elsewhere: {f.reason}")
    if cross_lingual:
        reasons.append(
            "cross-lingual: only numbers, dates, names, negation and hedges were compared (the wording itself was not)"
        )
    for g in quoted:  # a searched span is our own choice: the pool holds no furniture
        if g.furniture is not None:
            furn = VerdictLabel.PARTIALLY_SUPPORTED if g.furniture.kind in HEADLINE_KINDS else VerdictLabel.UNSUPPORTED
            reasons.insert(0, furniture_reason(g.furniture))
            if LABEL_RANK[furn] > LABEL_RANK[label]:
                label = furn
    for g in found:
        if g.citation.match == "fuzzy":
            reasons.append("the quote is not verbatim: located as a near-copy, judged against the source's own words")
    if not quoted:
        reasons.append("no quote given: each claim judged against the best-matching sentences of the cited source")
    return label, reasons


def _citation_notes(
    grounded: list[Grounded], atoms: list[AtomResult], citations_of: list[list[int]], quoted: list[Grounded]
) -> list[str]:
    """A citation that holds no claim, and claims no cited span holds (ALCE's precision and recall)."""
    notes = []
    idle = idle_citations(grounded, citations_of)
    if idle and len(grounded) > 1:
        notes.append("citation supports no claim of the sentence: " + ", ".join(f"#{i + 1}" for i in idle))
    uncovered = [a for a, c in zip(atoms, citations_of, strict=True) if not c]
    if uncovered and quoted and len(atoms) > 1:
        notes.append(f"{len(uncovered)} of {len(atoms)} claims rest on no cited span")
    return notes


def _question(
    text: str,
    label: VerdictLabel,
    atoms: list[AtomResult],
    pool: Pool,
    lang: _Languages,
    retrieved: bool = False,
    source_text: str = "",
) -> Question | None:
    """What a judge would be asked: the open atoms (every atom of a cross-lingual pass, and of a pass whose
    evidence the checker retrieved itself, no quote given) with their evidence, and the cited sources'
    whole text as the context (the judge sends it instead when it is short: ``judge.render``)."""
    open_atoms = [a for a in atoms if a.label is VerdictLabel.UNVERIFIED]
    rules_passed = label is VerdictLabel.SUPPORTED and (lang.cross_lingual or retrieved)
    if rules_passed:
        # the wording was not compared (cross-lingual), or rests on sentences no quote named: the judge may
        open_atoms = atoms
    if label not in (VerdictLabel.UNVERIFIED, VerdictLabel.SUPPORTED) or not open_atoms:
        return None
    evidence = " ".join(sentence_text(pool, s) for a in open_atoms for s in a.evidence[:3])
    return Question(
        text, evidence, source_text or evidence, lang.span, rules_passed=rules_passed and not lang.cross_lingual
    )


def _held_by_one_sentence(text: str, atoms: list[AtomResult], pool: Pool, source_text: str, lang: _Languages) -> bool:
    """Whether one of the claim's best evidence sentences holds every name, date and number the quote
    lacks. One sentence, not several joined: a place swapped for one a neighbouring sentence names
    ("in Moscow" for "in Vladivostok") must not pass as found elsewhere."""
    for s in dict.fromkeys(s for a in atoms for s in a.evidence[:3]):
        found = sentence_text(pool, s)
        again = judge(
            text,
            found,
            found,
            cross_lingual=lang.cross_lingual,
            span_language=lang.span,
            sentence_language=lang.sentence,
            own_text=found,
            content=False,
            source_text=source_text,
        )
        if again.label is VerdictLabel.SUPPORTED:
            return True
    return False


_LABEL_WORDS = {
    VerdictLabel.CONTRADICTED: "contradicted",
    VerdictLabel.NOT_IN_SOURCE: "not in the source",
    VerdictLabel.UNVERIFIED: "unverified",
    VerdictLabel.SUPPORTED: "supported",
}
_SCORE = {
    VerdictLabel.UNVERIFIED: 0.5,
    VerdictLabel.PARTIALLY_SUPPORTED: 0.45,
    VerdictLabel.NOT_IN_SOURCE: 0.2,
    VerdictLabel.UNSUPPORTED: 0.1,
    VerdictLabel.CONTRADICTED: 0.05,
}


def _language_of(sentence: Sentence, cited: Sequence[str] = ()) -> str:
    """The language a sentence says it is in. One that says none (a briefing from another tool, or
    written by hand: the model's default is "en") is in a cited source's language when detection says
    so, so that a German claim over its German source is not checked as a translation; another detected
    language only when the sentence's function words say so too (a short claim is easily misread: "Kim
    Jong Un died." is detected as German), so that a German claim over an English source is checked
    as one, not its nouns as English names."""
    given = "language" in sentence.model_fields_set
    if given and sentence.language and sentence.language != "und":
        return sentence.language
    detected = detect_language(sentence.text)
    if not given:
        return detected if detected in cited or says_its_language(sentence.text, detected) else "en"
    return detected if detected != "und" else "en"


def shorten(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"

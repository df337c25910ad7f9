"""Verdicts for sentences and briefings: ground every citation, check every claim, report.

A sentence is split into its claims (``atoms``); each is checked against the evidence that can hold
it (``claims``): the cited passages, then the best sentences anywhere in the cited sources. The
sentence is as supported as its weakest claim:

- ``contradicted`` — a concrete mismatch (opposite word, negation, number, date, name; and, for a
  quoted passage, its speaker, roles, hedges), shown with the sentence's words and the source's;
- ``not_in_source`` — a claim with no evidence (quoted: a word found nowhere in the source);
- ``unverified`` — nothing contradicts it, but wording the rules cannot match: not flagged, never ✓;
- ``supported`` — every content word of every claim accounted for.

Decisions the issue left open, made here:

- An unknown source id makes that citation ``citation_not_found`` (the reason names the id). Only
  when NONE of the ids a briefing cites is among the given sources is it bad input (``InputError``).
- A cited span in page furniture: captions, embeds, injected instructions … are ``unsupported``;
  a headline or teaser is the article's own (compressed) claim, so at most ``partially_supported``.
- Across languages only numbers, dates, names, negation and hedges are compared; a pass is
  ``supported`` with a capped score (0.7) and ``cross_lingual`` set, so every view can say so.
- Per claim, the citations whose evidence holds it are recorded (``Verdict.atoms``); a citation that
  holds no claim is listed in ``Verdict.idle_citations`` (ALCE's citation recall and precision).
- With ``settings.judge == "llm"`` only unverified sentences and cross-lingual passes go to the model
  (see judge.py); its ruling replaces the label, the rules' reasons stay underneath ("rules: …").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from briefer.config import Settings
from briefer.controls import flag_hidden, flag_hidden_in_briefing
from briefer.errors import ConfigError, InputError
from briefer.models import (
    AtomCheck,
    Briefing,
    CheckedSentence,
    CheckReport,
    EvidenceSpan,
    Sentence,
    Source,
    Usage,
    Verdict,
    VerdictLabel,
)
from briefer.verify.citations import POOLS, atom_citations, cached_pool, idle_citations, preferred_sentences, span_of
from briefer.verify.claims import AtomResult, check_claims
from briefer.verify.evidence import (
    HEADLINE_KINDS,
    Grounded,
    context_text,
    detect_language,
    furniture_reason,
    ground,
    language_of,
    suggest_citations,
)
from briefer.verify.findings import CROSS_LINGUAL_CAP, LABEL_RANK, Finding, Question
from briefer.verify.pool import Pool, sentence_text
from briefer.verify.sides import check_conflicts
from briefer.verify.support import judge, lacks

CLEARABLE = (POOLS,)  # the caches bench/checker.py clears beside the lru_caches


def check_sentence(sentence: Sentence, sources: Mapping[str, Source], settings: Settings | None = None) -> Sentence:
    """A copy of ``sentence`` with its citations located and its verdict set.

    With ``settings.judge == "llm"`` a sentence the rules leave open is also put to the model.
    """
    _require_endpoint(settings)
    checked, question = _check(sentence, sources)
    if question is not None and settings is not None and settings.judge == "llm":
        _apply_rulings([checked], [question], settings)
    flag_hidden(checked, sources)  # last: no judge ruling passes what a reader sees differently
    return checked


def _check(sentence: Sentence, sources: Mapping[str, Source], copy: bool = True) -> tuple[Sentence, Question | None]:
    checked = sentence.model_copy(deep=True) if copy else sentence
    if not checked.citations:
        checked.verdict = _uncited(checked.text, sources)
        return checked, None
    grounded = [ground(c, sources, checked.text) for c in checked.citations]
    checked.citations = [g.citation for g in grounded]
    checked.verdict, question = _verdict(checked, grounded, sources)
    return checked, question


def check_briefing(briefing: Briefing, sources: list[Source], settings: Settings | None = None) -> Briefing:
    """A copy of ``briefing`` with every citation located and every sentence's verdict set.

    Raises InputError when the briefing cites sources and none of them is among ``sources``.
    """
    _require_endpoint(settings)
    by_id = {s.id: s for s in sources}
    cited = {c.source for _, _, s in briefing.sentences() for c in s.citations}
    if cited and not cited & by_id.keys():
        shown = ", ".join(sorted(cited)[:5]) + (" …" if len(cited) > 5 else "")
        given = ", ".join(sorted(by_id)[:5]) or "none"
        raise InputError(
            f"none of the sources the briefing cites ({shown}) is among the given sources "
            f"({given}): pass the files it was made from"
        )
    checked = briefing.model_copy(deep=True)
    open_sentences: list[Sentence] = []
    questions: list[Question] = []
    for section in checked.sections:
        results = [_check(s, by_id, copy=False) for s in section.sentences]  # the briefing is a copy already
        section.sentences = [sentence for sentence, _ in results]
        for sentence, question in results:
            if question is not None:
                open_sentences.append(sentence)
                questions.append(question)
    if settings is not None and settings.judge == "llm":
        usage, tag = _apply_rulings(open_sentences, questions, settings)
        if checked.run is not None:
            checked.run.prompt_versions = {**checked.run.prompt_versions, "verify.judge": tag}
            for field in ("prompt_tokens", "completion_tokens", "calls", "cache_hits", "retries"):
                setattr(checked.run.usage, field, getattr(checked.run.usage, field) + getattr(usage, field))
    check_conflicts(checked, by_id)  # a "Sources disagree" side is shown only where its source says it
    flag_hidden_in_briefing(checked, by_id)  # last: no judge ruling passes what a reader sees differently
    return checked


def _require_endpoint(settings: Settings | None) -> None:
    """Fail before any work when the LLM judge is asked for and nothing could answer it."""
    if settings is not None and settings.judge == "llm" and not settings.endpoint_configured:
        raise ConfigError(
            "--judge llm needs a model endpoint: set OPENAI_API_KEY (OpenAI) or OPENAI_BASE_URL "
            "(a local server such as llama.cpp or Ollama), or check with the rules alone"
        )


def _apply_rulings(sentences: list[Sentence], questions: list[Question], settings: Settings) -> tuple[Usage, str]:
    """Put the open questions to the model and fold its rulings into the sentences' verdicts."""
    from briefer.verify.judge import ask, prompt_tag

    if not questions:
        return Usage(), prompt_tag()
    rulings = ask(questions, settings)
    for sentence, answer in zip(sentences, rulings.answers, strict=True):
        verdict = sentence.verdict
        if verdict is None:
            continue
        if answer is None:
            verdict.reasons.append("llm judge: no answer for this sentence; the rules' verdict stands")
            continue
        if verdict.label not in (VerdictLabel.SUPPORTED, VerdictLabel.UNVERIFIED):
            continue  # never lift what the rules found (questions are only asked of open sentences)
        label = _JUDGED[answer.label]
        score = {VerdictLabel.SUPPORTED: 0.85, VerdictLabel.PARTIALLY_SUPPORTED: 0.45}.get(label, 0.15)
        words = f" (unsupported: {', '.join(answer.unsupported_words)})" if answer.unsupported_words else ""
        sentence.verdict = verdict.model_copy(
            update={
                "label": label,
                "score": score,
                "judge": "llm",
                "reasons": [
                    f"llm judge ({settings.model}): {answer.label.replace('_', ' ')} — {answer.reason}{words}",
                    *(f"rules: {r}" for r in verdict.reasons),
                ],
            }
        )
    return rulings.usage, rulings.prompt_tag


# The judge's answer → the verdict: "partially" keeps its flagged state (a detail missing, or a plan
# stated as fact); "unsupported" means the claim is not in what the judge saw.
_JUDGED = {
    "supported": VerdictLabel.SUPPORTED,
    "partially_supported": VerdictLabel.PARTIALLY_SUPPORTED,
    "unsupported": VerdictLabel.NOT_IN_SOURCE,
}


def check_report(briefing: Briefing) -> CheckReport:
    """The scriptable summary: one row per sentence, counts per verdict, "sentences" and "flagged"."""
    rows: list[CheckedSentence] = []
    summary: dict[str, int] = {label.value: 0 for label in VerdictLabel}
    for si, i, sentence in briefing.sentences():
        verdict = sentence.verdict or Verdict(label=VerdictLabel.UNSUPPORTED, score=0.0, reasons=["not checked"])
        rows.append(
            CheckedSentence(
                section=si,
                index=i,
                text=sentence.text,
                verdict=verdict.label,
                flagged=verdict.flagged,
                score=verdict.score,
                reasons=verdict.reasons,
                spans=verdict.spans,
                unverified=verdict.unverified,
                cross_lingual=verdict.cross_lingual,
                atoms=verdict.atoms,
                idle_citations=verdict.idle_citations,
            )
        )
        summary[verdict.label.value] += 1
    summary["sentences"] = len(rows)
    summary["flagged"] = sum(r.flagged for r in rows)
    summary["cross_lingual"] = sum(r.cross_lingual for r in rows)
    return CheckReport(sentences=rows, summary=summary)


def _uncited(text: str, sources: Mapping[str, Source]) -> Verdict:
    reasons = ["uncited: the sentence cites no source"]
    best = suggest_citations(text, sources, limit=1)
    if best:
        hit = best[0]
        reasons.append(
            f"suggested citation: [{hit.source}] “{_clip(hit.quote or '')}” (characters {hit.start}–{hit.end})"
        )
    else:
        reasons.append("no span in the sources resembles it")
    return Verdict(label=VerdictLabel.UNCITED, score=0.0, reasons=reasons)


@dataclass(frozen=True)
class _Languages:
    """The sentence's language, its first cited source's, and whether they differ."""

    sentence: str
    span: str
    cross_lingual: bool


def _verdict(
    sentence: Sentence, grounded: list[Grounded], sources: Mapping[str, Source]
) -> tuple[Verdict, Question | None]:
    """The rules' verdict, and the question for a judge when the rules could not settle it."""
    found = [g for g in grounded if g.found]
    spans = [_citation_span(g) for g in found]
    missing = [g.problem or "citation not found" for g in grounded if not g.found]
    if not found:
        return Verdict(label=VerdictLabel.CITATION_NOT_FOUND, score=0.0, reasons=missing), None
    sentence_language = _sentence_language(sentence)
    languages = [language_of(sources[g.citation.source]) for g in found]
    cross_lingual = sentence_language not in languages and "und" not in (sentence_language, *languages)
    lang = _Languages(sentence_language, languages[0], cross_lingual)
    quoted = [g for g in found if g.citation.match != "searched"]
    findings = _quote_findings(sentence.text, quoted, sources, lang) if quoted else []
    cited_sources = list(dict.fromkeys(g.citation.source for g in found))
    pool = cached_pool([sources[i] for i in cited_sources], sentence_language)
    preferred = preferred_sentences(pool, quoted)
    atoms = check_claims(sentence.text, pool, [p for p, _ in preferred], sentence_language, cross_lingual)
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
    return verdict, _question(sentence.text, label, atoms, pool, lang)


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
        f"{_LABEL_WORDS[a.label]}: {a.reason}" + (f" [claim: “{_clip(a.atom.text, 80)}”]" if len(atoms) > 1 else "")
        for a in atoms
        if a.label is not VerdictLabel.SUPPORTED
    ]
    if findings:
        label = VerdictLabel.CONTRADICTED
        reasons = [f.reason for f in findings] + reasons
    if not reasons:
        reasons = [
            f"supported: {atoms[0].reason}"
            if len(atoms) == 1
            else f"supported: each of the {len(atoms)} claims found in the source"
        ]
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


def _question(text: str, label: VerdictLabel, atoms: list[AtomResult], pool: Pool, lang: _Languages) -> Question | None:
    """What a judge would be asked: the open atoms (every atom of a cross-lingual pass) with their evidence."""
    open_atoms = [a for a in atoms if a.label is VerdictLabel.UNVERIFIED]
    if lang.cross_lingual and label is VerdictLabel.SUPPORTED:
        open_atoms = atoms  # the wording was not compared: the judge may
    if label not in (VerdictLabel.UNVERIFIED, VerdictLabel.SUPPORTED) or not open_atoms:
        return None
    evidence = " ".join(sentence_text(pool, s) for a in open_atoms for s in a.evidence[:3])
    return Question(text, evidence, evidence, lang.span)


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


def _sentence_language(sentence: Sentence) -> str:
    if sentence.language and sentence.language != "und":
        return sentence.language
    detected = detect_language(sentence.text)
    return detected if detected != "und" else "en"


def _clip(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"

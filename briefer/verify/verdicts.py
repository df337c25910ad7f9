"""Verdicts for sentences and briefings: ground every citation, judge support, report.

Decisions the issue left open, made here:

- An unknown source id makes that citation ``citation_not_found`` (the reason names the id). Only
  when NONE of the ids a briefing cites is among the given sources is it bad input (``InputError``):
  that is a wrong ``--sources``, and a report of every sentence "not found" would hide it.
- A sentence with several citations is judged against all of its evidence together (a sentence
  may combine two quotes); a citation that cannot be located makes the sentence
  ``citation_not_found`` whatever the others say, since an editor must see the fabricated quote.
- A cited span in page furniture: captions, embeds, injected instructions … are ``unsupported``;
  a headline or teaser is the article's own (compressed) claim, so at most ``partially_supported``.
- Across languages, a sentence whose numbers, dates, names, roles, negation and hedges all match
  is ``supported`` with a capped score (0.7) and a reason saying what was and was not compared:
  flagging every faithful sentence over a German source would teach editors to ignore the flag.
- With ``settings.judge == "llm"`` only what the rules leave open goes to the model (see judge.py);
  its ruling replaces the rules' label, and the rules' reasons stay underneath ("rules: …").
"""

from __future__ import annotations

from collections.abc import Mapping

from briefer.config import Settings
from briefer.controls import flag_hidden, flag_hidden_in_briefing
from briefer.errors import ConfigError, InputError
from briefer.ingest import detect_language
from briefer.models import (
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
from briefer.verify.evidence import (
    HEADLINE_KINDS,
    Grounded,
    context_text,
    furniture_reason,
    ground,
    language_of,
    suggest_citations,
)
from briefer.verify.support import Finding, Judgement, Question, judge, worst


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
        raise InputError(f"none of the sources the briefing cites ({shown}) is among the given sources "
                         f"({given}): pass the files it was made from")
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
    flag_hidden_in_briefing(checked, by_id)  # last: no judge ruling passes what a reader sees differently
    return checked


def _require_endpoint(settings: Settings | None) -> None:
    """Fail before any work when the LLM judge is asked for and nothing could answer it."""
    if settings is not None and settings.judge == "llm" and not settings.endpoint_configured:
        raise ConfigError("--judge llm needs a model endpoint: set OPENAI_API_KEY (OpenAI) or OPENAI_BASE_URL "
                          "(a local server such as llama.cpp or Ollama), or check with the rules alone")


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
        label = VerdictLabel(answer.label)
        score = {VerdictLabel.SUPPORTED: 0.85, VerdictLabel.PARTIALLY_SUPPORTED: 0.45}.get(label, 0.15)
        sentence.verdict = verdict.model_copy(update={
            "label": label, "score": score, "judge": "llm",
            "reasons": [f"llm judge ({settings.model}): {answer.label.replace('_', ' ')} — {answer.reason}",
                        *(f"rules: {r}" for r in verdict.reasons)],
        })
    return rulings.usage, rulings.prompt_tag


def check_report(briefing: Briefing) -> CheckReport:
    """The scriptable summary: one row per sentence, counts per verdict, "sentences" and "flagged"."""
    rows: list[CheckedSentence] = []
    summary: dict[str, int] = {label.value: 0 for label in VerdictLabel}
    for si, i, sentence in briefing.sentences():
        verdict = sentence.verdict or Verdict(label=VerdictLabel.UNSUPPORTED, score=0.0, reasons=["not checked"])
        rows.append(CheckedSentence(section=si, index=i, text=sentence.text, verdict=verdict.label,
                                    flagged=verdict.flagged, score=verdict.score, reasons=verdict.reasons,
                                    spans=verdict.spans))
        summary[verdict.label.value] += 1
    summary["sentences"] = len(rows)
    summary["flagged"] = sum(r.flagged for r in rows)
    return CheckReport(sentences=rows, summary=summary)


def _uncited(text: str, sources: Mapping[str, Source]) -> Verdict:
    reasons = ["uncited: the sentence cites no source"]
    best = suggest_citations(text, sources, limit=1)
    if best:
        hit = best[0]
        reasons.append(f"suggested citation: [{hit.source}] “{_clip(hit.quote or '')}” "
                       f"(characters {hit.start}–{hit.end})")
    else:
        reasons.append("no span in the sources resembles it")
    return Verdict(label=VerdictLabel.UNCITED, score=0.0, reasons=reasons)


def _verdict(
    sentence: Sentence, grounded: list[Grounded], sources: Mapping[str, Source]
) -> tuple[Verdict, Question | None]:
    """The rules' verdict, and the question for a judge when the rules could not settle it."""
    found = [g for g in grounded if g.found]
    spans = [EvidenceSpan(source=g.citation.source, start=g.citation.start or 0, end=g.citation.end or 0)
             for g in found]
    missing = [g.problem or "citation not found" for g in grounded if not g.found]
    if not found:
        return Verdict(label=VerdictLabel.CITATION_NOT_FOUND, score=0.0, reasons=missing), None

    sentence_language = _sentence_language(sentence)
    languages = [language_of(sources[g.citation.source]) for g in found]
    cross_lingual = sentence_language not in languages and "und" not in (sentence_language, *languages)
    span_text = " ".join(sources[s.source].text[s.start : s.end] for s in spans)
    context = " ".join(context_text(sources[s.source], s.start, s.end) for s in spans)
    own = " ".join(context_text(sources[s.source], s.start, s.end, before=0, after=0) for s in spans)
    judgement = judge(sentence.text, span_text, context, cross_lingual=cross_lingual, span_language=languages[0],
                      sentence_language=sentence_language, own_text=own)

    extra: list[Finding] = []
    for g in found:
        if g.furniture is not None:
            label = (VerdictLabel.PARTIALLY_SUPPORTED if g.furniture.kind in HEADLINE_KINDS
                     else VerdictLabel.UNSUPPORTED)
            extra.append(Finding(label, 0.5 if label is VerdictLabel.PARTIALLY_SUPPORTED else 0.1,
                                 furniture_reason(g.furniture)))
        if g.citation.match == "fuzzy":
            extra.append(Finding(VerdictLabel.SUPPORTED, 1.0, "the quote is not verbatim: located as a near-copy, "
                                                              "judged against the source's own words"))
        if g.citation.match == "searched":
            extra.append(Finding(VerdictLabel.SUPPORTED, 1.0, "no quote given: judged against the best-matching "
                                                              "sentence of the cited source"))
    if missing:
        return Verdict(label=VerdictLabel.CITATION_NOT_FOUND, score=0.0,
                       reasons=missing + judgement.reasons, spans=spans), None
    merged = _merge(judgement, extra)
    verdict = Verdict(label=merged.label, score=merged.score, reasons=merged.reasons, spans=spans)
    settled_by_evidence = any(f.label is not VerdictLabel.SUPPORTED for f in extra)  # furniture
    if not judgement.open_question or settled_by_evidence:
        return verdict, None
    return verdict, Question(sentence.text, span_text, context, languages[0])


def _merge(judgement: Judgement, extra: list[Finding]) -> Judgement:
    if not extra:
        return judgement
    flags = [f for f in extra if f.label is not VerdictLabel.SUPPORTED]
    base = Finding(judgement.label, judgement.score, "")
    combined = worst([base, *flags], base)
    notes = [f.reason for f in extra if f.label is VerdictLabel.SUPPORTED]
    return Judgement(combined.label, combined.score, [f.reason for f in flags] + judgement.reasons + notes)


def _sentence_language(sentence: Sentence) -> str:
    if sentence.language and sentence.language != "und":
        return sentence.language
    detected = detect_language(sentence.text)
    return detected if detected != "und" else "en"


def _clip(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


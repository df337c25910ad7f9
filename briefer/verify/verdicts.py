"""Verdicts for sentences and briefings: ground every citation, check every claim, report.

A sentence is split into its claims (``atoms``); each is checked against the evidence that can hold
it (``claims``): the cited passages, then the best sentences anywhere in the cited sources
(``sentence_verdict`` puts one sentence's verdict together). The sentence is as supported as its
weakest claim:

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
- With ``settings.judge == "llm"`` only unverified sentences, cross-lingual passes and passes on evidence
  the checker retrieved (no quote given) go to the model (see judge.py); its ruling replaces the label,
  the rules' reasons stay underneath ("rules: …").
"""

from __future__ import annotations

from collections.abc import Mapping

from briefer.config import Settings
from briefer.controls import flag_hidden, flag_hidden_in_briefing
from briefer.errors import ConfigError, InputError
from briefer.models import (
    Briefing,
    CheckedSentence,
    CheckReport,
    Sentence,
    Source,
    Usage,
    Verdict,
    VerdictLabel,
)
from briefer.verify.citations import POOLS
from briefer.verify.corroboration import confirm_corroboration
from briefer.verify.evidence import (
    ground,
    suggest_citations,
)
from briefer.verify.findings import Question
from briefer.verify.sentence_verdict import shorten, verdict_of
from briefer.verify.sides import check_conflicts

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
    confirm_corroboration(checked, sources)  # on the final verdict: a flagged sentence is corroborated by nothing
    return checked


def _check(sentence: Sentence, sources: Mapping[str, Source], copy: bool = True) -> tuple[Sentence, Question | None]:
    checked = sentence.model_copy(deep=True) if copy else sentence
    if not checked.citations:
        checked.verdict = _uncited(checked.text, sources)
        return checked, None
    grounded = [ground(c, sources, checked.text) for c in checked.citations]
    checked.citations = [g.citation for g in grounded]
    checked.verdict, question = verdict_of(checked, grounded, sources)
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
            if usage.calls or usage.cache_hits:  # it ruled: name it, beside the engine's own model
                checked.run.judge_model = settings.model
            for field in ("prompt_tokens", "completion_tokens", "calls", "cache_hits", "retries"):
                setattr(checked.run.usage, field, getattr(checked.run.usage, field) + getattr(usage, field))
    check_conflicts(checked, by_id)  # a "Sources disagree" side is shown only where its source says it
    flag_hidden_in_briefing(checked, by_id)  # last: no judge ruling passes what a reader sees differently
    for _, _, sentence in checked.sentences():
        confirm_corroboration(sentence, by_id)
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
        if answer.label == "undecided":  # the model leaned neither way with confidence: the rules stand
            verdict.reasons.append(f"llm judge ({settings.model}): {answer.reason}")
            continue
        label = _JUDGED[answer.label]
        score = {VerdictLabel.SUPPORTED: 0.85, VerdictLabel.PARTIALLY_SUPPORTED: 0.45}.get(label, 0.15)
        if answer.score is not None:  # the model's own P(supported)
            score = round(answer.score, 2)
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
            f"suggested citation: [{hit.source}] “{shorten(hit.quote or '')}” (characters {hit.start}–{hit.end})"
        )
    else:
        reasons.append("no span in the sources resembles it")
    return Verdict(label=VerdictLabel.UNCITED, score=0.0, reasons=reasons)

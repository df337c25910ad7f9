"""What a quoted passage itself claims: its numbers, speaker, names, roles, polarity and certainty.

``verdicts`` calls ``judge(…, content=False)`` for sentences with quotes: every finding here is a
contradiction. The wording (is every content word accounted for?) is checked claim by claim in
``claims``; ``content=True`` keeps the older whole-sentence word check for callers that want it.

The sentence is compared with two texts: the cited span itself (what the quote claims: its
polarity and certainty) and the context around it (the sentences containing the span plus their
neighbours in the same paragraph, so that "the city", "he", "there" find what they refer to).
Each rule looks at one way a sentence goes wrong; the verdict is the worst of them, since a claim
is as supported as its weakest part.

Across languages (an English sentence over a German span) only what the tables in ``lexicon``,
``names`` and ``quantities`` can compare is checked: numbers, months, weekdays, names, roles,
negation and hedges. The reasons say so, and the score is capped, so a reader knows how much was checked.
"""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet

from briefer.lexicon import tables as lexicon
from briefer.models import VerdictLabel
from briefer.verify.atoms import concerned_part
from briefer.verify.findings import CROSS_LINGUAL_CAP, Finding, Judgement, worst
from briefer.verify.findings import Question as Question  # re-exported: judge.py and the tests import it here
from briefer.verify.naming import check_affiliations, check_names, check_speakers, concept_found
from briefer.verify.profile import ANTONYM_STEMS, Profile, profile

_SENTENCE_HEDGE = re.compile(r"\b(?:is|are|was|were) (?:to|set to|due to|expected to|said to)\b|\bsaid to be\b")


def judge(
    sentence: str,
    span_text: str,
    context_text: str,
    *,
    cross_lingual: bool,
    span_language: str,
    sentence_language: str = "en",
    own_text: str | None = None,
    content: bool = True,
    source_text: str | None = None,
) -> Judgement:
    """Judge ``sentence`` against a cited span and its context (the span's sentences and neighbours).

    Numbers, dates and the speaker must be in ``own_text`` (the sentences the span sits in; default:
    the span): a figure or a speaker from a neighbouring sentence belongs to a different claim, while
    names and content may come from the neighbours ("the city", "he"). Polarity and certainty are
    read from the span itself: they are what the quote claims. A name may come from anywhere in
    ``source_text`` (the whole cited source, when given): "Nordhaven" for the span's "The company"
    is the article's own subject, not a name the writer made up.
    """
    s, span, ctx = profile(sentence), profile(span_text), profile(context_text)
    own = profile(own_text) if own_text is not None else span
    findings = _findings(sentence, s, span, ctx, own, span_text, source_text, cross_lingual, sentence_language)
    findings += _check_certainty(sentence, s, span, span_language, sentence_language)
    if cross_lingual:
        return _cross_lingual(findings)
    if not content:  # the caller accounts for the wording itself (claims.py)
        return worst(
            findings,
            Finding(VerdictLabel.SUPPORTED, 1.0, "numbers, dates, names, negation and hedges match the cited span"),
        )
    return _with_wording(findings, s, ctx, span_language)


def _findings(
    sentence: str,
    s: Profile,
    span: Profile,
    ctx: Profile,
    own: Profile,
    span_text: str,
    source_text: str | None,
    cross_lingual: bool,
    sentence_language: str,
) -> list[Finding]:
    """Numbers, speakers, titles, names and polarity, each against the text it must be in."""
    findings = _check_numbers(s, own)
    findings += check_speakers(s, own)
    findings += check_affiliations(s, ctx)
    # German capitalises every noun: there a capital marks no name, and only known entities and roles count.
    names_ctx = ctx if source_text is None else profile(source_text)
    findings += check_names(
        sentence, s, ctx, cross_lingual, capitals_are_names=sentence_language != "de", whole=names_ctx
    )
    # Across languages, a negation the sentence lacks counts only in the clauses of the span it is about.
    polar = profile(concerned_part(sentence, span_text)) if cross_lingual and not s.has_negation else span
    findings += _check_polarity(s, polar, cross_lingual)
    return findings


def _cross_lingual(findings: list[Finding]) -> Judgement:
    """Across languages a pass is capped and stays open (the wording itself was not compared)."""
    checked = "cross-lingual: checked numbers, dates, names, roles, negation and hedges only"
    if findings:
        findings.append(Finding(VerdictLabel.SUPPORTED, CROSS_LINGUAL_CAP, checked))
        return worst(findings, findings[0])
    return Judgement(
        VerdictLabel.SUPPORTED,
        CROSS_LINGUAL_CAP,
        [f"{checked}; all of them match the cited span (the wording itself is not compared)"],
        open_question=True,
    )


def _with_wording(findings: list[Finding], s: Profile, ctx: Profile, span_language: str) -> Judgement:
    """The older whole-sentence word check on top of the findings (``content=True``)."""
    wordings = _check_content(s, ctx, bool(_hedges(ctx, span_language)))
    if findings:
        return worst(findings + wordings[1:], findings[0])
    coverage = wordings[0]
    if wordings[1:]:
        wording = worst(wordings[1:], wordings[1])
        wording.open_question = True
        return wording
    score = round(0.6 + 0.4 * coverage.score, 2)
    return Judgement(VerdictLabel.SUPPORTED, score, [coverage.reason])


# What a number or date finding says when the cited passage has none of its kind at all (an absence,
# not a different value): ``lacks`` reads it back.
_NO_NUMBER = "none"


_NO_DATE = "no date in the cited passage"


def lacks(finding: Finding) -> bool:
    """A name, date or number the cited passage lacks (rather than holds differently): a claim pass that
    reads the whole cited source may find it in another sentence of it."""
    if finding.kind == "name":
        return True
    if finding.kind == "date":
        return finding.reason.endswith(_NO_DATE)
    return finding.kind == "number" and finding.reason.endswith(f"(the evidence has: {_NO_NUMBER})")


def _check_numbers(s: Profile, ctx: Profile) -> list[Finding]:
    findings = []
    missing = sorted(s.numbers - ctx.numbers)
    if missing:
        have = ", ".join(_number(n) for n in sorted(ctx.numbers)) or _NO_NUMBER
        findings.append(
            Finding(
                VerdictLabel.UNSUPPORTED,
                0.1,
                f"number not in the evidence: {', '.join(_number(n) for n in missing)} (the evidence has: {have})",
                "number",
            )
        )
    months = s.months - ctx.months_any
    weekdays = s.weekdays - ctx.weekdays
    relative = s.relative - ctx.relative
    if months or weekdays or relative:
        dates = [_MONTH_NAMES[m] for m in sorted(months)] + [_WEEKDAY_NAMES[d] for d in sorted(weekdays)]
        dates += sorted(relative)
        theirs = [_MONTH_NAMES[m] for m in sorted(ctx.months)] + [_WEEKDAY_NAMES[d] for d in sorted(ctx.weekdays)]
        theirs += sorted(ctx.relative)
        findings.append(
            Finding(
                VerdictLabel.UNSUPPORTED,
                0.1,
                f"date: “{', '.join(dates)}” in the sentence, "
                + (f"“{', '.join(theirs)}” in the cited passage" if theirs else _NO_DATE),
                "date",
            )
        )
    return findings


_MONTH_NAMES = dict(
    enumerate("January February March April May June July August September October November December".split(), start=1)
)


_WEEKDAY_NAMES = dict(enumerate("Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split(), start=1))


def _number(value: float) -> str:
    if value != int(value):
        return f"{value:g}"
    return f"{value:,.0f}" if value >= 10000 else f"{value:.0f}"  # years stay 2021, not 2,021


def _check_polarity(s: Profile, span: Profile, cross_lingual: bool) -> list[Finding]:
    if cross_lingual:
        if s.has_negation != span.has_negation:
            where = "the cited span" if span.has_negation else "the sentence"
            return [_polarity(f"only {where} contains a negation")]
        return []
    findings = []
    reversed_ = (span.negated & s.terms) - s.negated
    reversed_ |= (s.negated & span.terms) - span.negated
    if reversed_:
        words = sorted({_as_written(t, s, span) for t in reversed_})
        findings.append(_polarity(f"negated in one and not the other: {', '.join(words)}"))
    opposites = _opposite_stems(s, span)
    if opposites:
        pairs = (o.split("/") for o in opposites)
        # One phrase per pair of words as written: "rose where the source says fell", not the stems twice.
        said = ", ".join(
            dict.fromkeys(f"{_as_written(a, s)} where the source says {_as_written(b, span)}" for a, b in pairs)
        )
        findings.append(_polarity(f"the sentence says the opposite of the source ({said})"))
    if s.positive and span.negative and not (s.positive & span.positive):
        ours, theirs = s.positive, span.negative
    elif s.negative and span.positive and not (s.negative & span.negative):
        ours, theirs = s.negative, span.positive
    else:
        return findings
    findings.append(
        _polarity(f"the sentence says {'/'.join(sorted(ours))}, the source says {'/'.join(sorted(theirs))}")
    )
    return findings


def _as_written(stem: str, *texts: Profile) -> str:
    """The first word of ``texts`` that ``stem`` stands for ("caus" → "cause", "ris" → "rose"), for a
    reason an editor reads; the stem itself when no word is found."""
    for p in texts:
        for word in p.content:
            folded = word.lower()
            if stem in (lexicon.light_stem(folded), lexicon.concept(folded)):
                return word
    return stem


def _polarity(reason: str) -> Finding:
    return Finding(VerdictLabel.UNSUPPORTED, 0.1, f"polarity: {reason}")


_STEMS = frozenset(stem for pair in ANTONYM_STEMS for stem in pair)


def _opposite_stems(s: Profile, span: Profile) -> list[str]:
    """ "a/b" for each antonym pair the sentence says one way and the span the other."""
    if not (s.terms & _STEMS and span.terms & _STEMS):
        return []  # neither side has a word of the table: nothing to compare
    return [
        f"{a}/{b}"
        for x, y in ANTONYM_STEMS
        for a, b in ((x, y), (y, x))
        if a in s.terms and b in span.terms and a not in span.terms and b not in s.terms
    ]


def _hedges(p: Profile, language: str) -> AbstractSet[str]:
    """The hedges of a text in its language: German "will" means "wants", English "will" is certain."""
    return p.hedges if language == "de" else p.hedges & lexicon.HEDGES_EN


def _check_certainty(
    sentence: str, s: Profile, span: Profile, span_language: str, sentence_language: str = "en"
) -> list[Finding]:
    hedges = _hedges(span, span_language)
    if span_language == sentence_language:
        # Same language: a hedge counts only if it governs something the sentence says (plain stems,
        # not synonyms: "rarely travels" is not the "likely to head" that follows it).
        said = {lexicon.light_stem(w) for w in s.content}
        hedges = {h for h in hedges if span.hedge_scope.get(h, set()) & said}
    if not hedges:
        return []
    if _hedges(s, sentence_language) or _SENTENCE_HEDGE.search(sentence.lower()):
        return []
    return [
        Finding(
            VerdictLabel.PARTIALLY_SUPPORTED,
            0.4,
            f"certainty: the source reports a plan, expectation or possibility "
            f"({', '.join(sorted(hedges))}); the sentence states it as fact",
        )
    ]


def _check_content(s: Profile, ctx: Profile, ctx_hedged: bool) -> list[Finding]:
    """First element: coverage (score = share of content words found); then any finding."""
    # Any hedge in the evidence answers a hedge in the sentence ("expected" for "assumed … would");
    # none answers "as planned".
    unmatched = [
        w for w in dict.fromkeys(s.content) if not (ctx_hedged if w in lexicon.HEDGES else concept_found(w, ctx))
    ]
    total = len(set(s.content)) or 1
    coverage = 1 - len(unmatched) / total
    head = Finding(
        VerdictLabel.SUPPORTED,
        coverage,
        f"numbers, dates and names match; {total - len(unmatched)} of {total} content words "
        "found in the evidence" + (f" (not: {', '.join(unmatched)})" if unmatched else ""),
    )
    if len(unmatched) >= 3 or (unmatched and coverage < 0.5):
        return [
            head,
            Finding(
                VerdictLabel.UNSUPPORTED,
                round(0.5 * coverage, 2),
                f"content not in the evidence: {', '.join(unmatched)}",
            ),
        ]
    if len(unmatched) == 2:
        return [
            head,
            Finding(
                VerdictLabel.PARTIALLY_SUPPORTED,
                round(0.7 * coverage, 2),
                f"content not in the evidence: {', '.join(unmatched)}",
            ),
        ]
    return [head]

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
from dataclasses import dataclass, field

from briefer.lexicon import names
from briefer.lexicon import tables as lexicon
from briefer.models import VerdictLabel
from briefer.verify.atoms import concerned_part
from briefer.verify.profile import ANTONYM_STEMS, Profile, profile

_SENTENCE_HEDGE = re.compile(r"\b(?:is|are|was|were) (?:to|set to|due to|expected to|said to)\b|\bsaid to be\b")

CROSS_LINGUAL_CAP = 0.7  # a cross-lingual pass is real but partial: the score says so


@dataclass(frozen=True)
class Finding:
    label: VerdictLabel
    score: float
    reason: str
    kind: str = ""  # "number", "date", "name": what the claim pass compares too (one reason, not two)


@dataclass
class Judgement:
    label: VerdictLabel
    score: float
    reasons: list[str]
    kinds: list[str] = field(default_factory=list)  # per reason, its Finding.kind
    # True when the rules could not settle the sentence: a cross-lingual pass (wording not compared)
    # or a flag from unmatched wording alone (a heavy paraphrase looks the same). An LLM judge may decide.
    open_question: bool = False


@dataclass(frozen=True)
class Question:
    """A sentence the rules left open, with the evidence a judge would see."""

    sentence: str
    span: str
    context: str
    span_language: str


# How bad each label is: a sentence is as supported as its weakest part (the rules' findings, the atoms).
LABEL_RANK = {
    VerdictLabel.SUPPORTED: 0,
    VerdictLabel.UNVERIFIED: 1,
    VerdictLabel.PARTIALLY_SUPPORTED: 2,
    VerdictLabel.NOT_IN_SOURCE: 3,
    VerdictLabel.UNSUPPORTED: 4,
    VerdictLabel.CONTRADICTED: 5,
    VerdictLabel.UNCITED: 6,
    VerdictLabel.CITATION_NOT_FOUND: 7,
}


def worst(findings: list[Finding], default: Finding) -> Judgement:
    """The weakest part decides the label; the lowest score goes with it; every reason is kept."""
    if not findings:
        return Judgement(default.label, default.score, [default.reason])
    label = max((f.label for f in findings), key=LABEL_RANK.__getitem__)
    return Judgement(label, min(f.score for f in findings), [f.reason for f in findings], [f.kind for f in findings])


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
    findings: list[Finding] = []
    findings += _check_numbers(s, own)
    findings += _check_speakers(s, own)
    findings += _check_affiliations(s, ctx)
    # German capitalises every noun: there a capital marks no name, and only known entities and roles count.
    names_ctx = ctx if source_text is None else profile(source_text)
    findings += _check_names(
        sentence, s, ctx, cross_lingual, capitals_are_names=sentence_language != "de", whole=names_ctx
    )
    # Across languages, a negation the sentence lacks counts only in the clauses of the span it is about.
    polar = profile(concerned_part(sentence, span_text)) if cross_lingual and not s.has_negation else span
    findings += _check_polarity(s, polar, cross_lingual)
    findings += _check_certainty(sentence, s, span, span_language, sentence_language)
    if cross_lingual:
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
    if not content:  # the caller accounts for the wording itself (claims.py)
        return worst(
            findings,
            Finding(VerdictLabel.SUPPORTED, 1.0, "numbers, dates, names, negation and hedges match the cited span"),
        )
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


def _named_short(key: str, ctx: Profile, whole: Profile) -> bool:
    """An entity the passage names by its short name alone ("Kim's trip" for Kim Jong Un), where the
    source names it in full elsewhere: a news story's later mentions are the surname."""
    return key in whole.entities and key in names.entity_words({key}) and bool({key, f"{key}'s"} & ctx.vocab)


def _check_names(
    sentence: str,
    s: Profile,
    ctx: Profile,
    cross_lingual: bool,
    *,
    capitals_are_names: bool = True,
    whole: Profile | None = None,
) -> list[Finding]:
    whole = whole or ctx
    absent = sorted(
        e
        for e in s.entities - ctx.entities
        if not (cross_lingual and names.entity_in_compound(e, ctx.vocab))
        and not names.organisation_only(e, sentence, "de" if not capitals_are_names else "en")
        and not _named_short(e, ctx, whole)
    )
    missing = [_ENTITY_LABEL.get(e, e.replace("_", " ").title()) for e in absent]
    for name, initial in s.names if capitals_are_names else ():
        token = names.fold(name).removesuffix("'s")
        if token not in s.vocab:
            continue  # part of a known entity, checked above
        spelled = names.fold(lexicon.SPELLING.get(token, token))
        # Who said it must be in the cited passage's neighbourhood; any other name may be anywhere in it.
        where = ctx if token in s.speakers else whole
        if names.name_matches(token, where.vocab, where.prefixes) or names.name_matches(
            spelled, where.vocab, where.prefixes
        ):
            continue
        if initial and name.lower() not in names.ROLE_WORDS and (cross_lingual or _concept_found(name.lower(), ctx)):
            continue  # an opening word: a name only when nothing like it is in the evidence
        if _role_matches(name.lower(), ctx, cross_lingual):
            continue
        if cross_lingual and len(token) >= 5 and any(token[:5] in t for t in ctx.vocab):
            continue  # inside a German compound: "Pazifik" in "Pazifikküste"
        missing.append(name)
    for word in s.content:  # roles written in lower case ("the foreign minister")
        if word in names.ROLE_WORDS or lexicon.SPELLING.get(word) in names.ROLE_WORDS:
            if not _role_matches(word, ctx, cross_lingual):
                missing.append(word)
    if not missing:
        return []
    unique = list({m.lower(): m for m in reversed(missing)}.values())[::-1]
    return [Finding(VerdictLabel.UNSUPPORTED, 0.2, f"name or role not in the evidence: {', '.join(unique)}", "name")]


_ENTITY_LABEL = {"us": "US", "un": "UN", "nsc": "National Security Council", "nyt": "New York Times"}


def _role_matches(word: str, ctx: Profile, cross_lingual: bool) -> bool:
    role = lexicon.SPELLING.get(word, word)
    if role not in names.ROLE_WORDS:
        return False
    alike = {role, names.ROLE_SYNONYMS.get(role, role)}
    alike |= {r for r, same in names.ROLE_SYNONYMS.items() if same in alike}
    if any(names.fold(a) in ctx.vocab for a in alike):
        return True
    if cross_lingual:
        stems = {st for a in alike for st in names.ROLE_WORDS[a]}
        return any(st in token for token in ctx.vocab for st in stems)
    return False


def _check_affiliations(s: Profile, ctx: Profile) -> list[Finding]:
    """A title's country must agree: "Ukrainian Defence Minister Shoigu" where the source says Russian."""
    wrong = []
    for person, countries in s.affiliations.items():
        theirs = ctx.affiliations.get(person)
        if theirs and not countries & theirs:
            wrong.append(
                f"{person.removeprefix('ent_').title()}: {'/'.join(sorted(countries))} in the sentence, "
                f"{'/'.join(sorted(theirs))} in the source"
            )
    if not wrong:
        return []
    return [Finding(VerdictLabel.UNSUPPORTED, 0.2, f"role: the title's country differs ({'; '.join(wrong)})")]


def _check_speakers(s: Profile, own: Profile) -> list[Finding]:
    """Whoever the sentence says said it must be named in the cited sentence when that one names a speaker
    (a neighbouring sentence's speaker said something else)."""
    if not (s.speakers and own.speakers):
        return []
    # A title in front of the name ("Interior Minister Ali Yerlikaya") is compared by the roles rule,
    # which knows it inside a German compound ("Innenminister"); here only the name must agree.
    missing = [
        t
        for t in s.speakers
        if not names.name_matches(t, own.vocab, own.prefixes)
        and t not in names.ROLE_WORDS
        and lexicon.SPELLING.get(t) not in names.ROLE_WORDS
    ]
    if not missing:
        return []
    theirs = ", ".join(dict.fromkeys(own.speakers.values()))
    ours = ", ".join(dict.fromkeys(s.speakers[t] for t in missing))
    return [
        Finding(VerdictLabel.UNSUPPORTED, 0.2, f"attribution: the cited sentence is attributed to {theirs}, not {ours}")
    ]


def _check_polarity(s: Profile, span: Profile, cross_lingual: bool) -> list[Finding]:
    if cross_lingual:
        if s.has_negation != span.has_negation:
            where = "the cited span" if span.has_negation else "the sentence"
            return [Finding(VerdictLabel.UNSUPPORTED, 0.1, f"polarity: only {where} contains a negation")]
        return []
    reversed_ = (span.negated & s.terms) - s.negated
    reversed_ |= (s.negated & span.terms) - span.negated
    findings = []
    if reversed_:
        findings.append(
            Finding(
                VerdictLabel.UNSUPPORTED,
                0.1,
                f"polarity: negated in one and not the other: {', '.join(sorted(reversed_))}",
            )
        )
    opposites = [
        f"{a}/{b}"
        for x, y in ANTONYM_STEMS
        for a, b in ((x, y), (y, x))
        if a in s.terms and b in span.terms and a not in span.terms and b not in s.terms
    ]
    if opposites:
        findings.append(
            Finding(
                VerdictLabel.UNSUPPORTED,
                0.1,
                "polarity: the sentence says the opposite of the source "
                f"({', '.join(o.replace('/', ' where the source says ') for o in opposites)})",
            )
        )
    if s.positive and span.negative and not (s.positive & span.positive):
        findings.append(
            Finding(
                VerdictLabel.UNSUPPORTED,
                0.1,
                f"polarity: the sentence says {'/'.join(sorted(s.positive))}, the source says "
                f"{'/'.join(sorted(span.negative))}",
            )
        )
    elif s.negative and span.positive and not (s.negative & span.negative):
        findings.append(
            Finding(
                VerdictLabel.UNSUPPORTED,
                0.1,
                f"polarity: the sentence says {'/'.join(sorted(s.negative))}, the source says "
                f"{'/'.join(sorted(span.positive))}",
            )
        )
    return findings


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
        w for w in dict.fromkeys(s.content) if not (ctx_hedged if w in lexicon.HEDGES else _concept_found(w, ctx))
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


def _concept_found(word: str, ctx: Profile) -> bool:
    c = lexicon.concept(word)
    if c in ctx.concepts or names.fold(word) in ctx.vocab:
        return True
    return len(c) >= 5 and c[:5] in ctx.concept_prefixes

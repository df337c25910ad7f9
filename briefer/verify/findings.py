"""What a rule reports and how reports combine: a finding per mismatch, the worst one decides.

A sentence is as supported as its weakest part (MiniCheck's rule): ``worst`` keeps every reason and
takes the worst label and the lowest score; ``LABEL_RANK`` says how bad each label is.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from briefer.models import VerdictLabel

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
    # True when the rules passed every atom (✓) on evidence they retrieved themselves: a "no" must be surer
    # to flag it (judge.FLAG_PASSED_BELOW) than to flag what the rules left open.
    rules_passed: bool = False


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

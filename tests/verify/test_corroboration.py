"""Corroboration confirmed by the checker: another source counts only where its span, compared with the
sentence alone, says the same; the count and the list are derived from the spans that hold."""

from __future__ import annotations

import pytest
from rich.console import Console

from briefer.binding import bind_briefing, source_digest, stale_reason
from briefer.models import Briefing, Citation, Corroboration, Section, Sentence, Source, VerdictLabel
from briefer.verify import check_briefing, check_sentence

OWN = "Holm said the government had urged the bank to sell its insurance arm."


def source(sid: str, sentence: str) -> Source:
    return Source(id=sid, path=f"{sid}.txt", language="en", text=f"Bank news\n\n{sentence}\n\nMore later.\n")


def proposing(text: str, other: str, cited: str | None = None) -> Sentence:
    """A sentence citing ``cited`` (its own text by default) from ``a``, ``b``'s span ``other`` proposed."""
    return Sentence(
        text=text,
        citations=[Citation(source="a", quote=cited or text)],
        corroborating_citations=[Corroboration(source="b", quote=other)],
    )


def corroborated(other: str, **kw: object) -> Sentence:
    """The sentence cited from ``a``, with ``b``'s sentence ``other`` proposed as corroborating it, checked."""
    sentence = Sentence(
        text=OWN,
        citations=[Citation(source="a", quote=OWN)],
        corroboration=2,
        corroborating_sources=["a", "b"],
        corroborating_citations=[Corroboration(source="b", quote=other, **kw)],
    )
    briefing = Briefing(sections=[Section(title="Bank", sentences=[sentence])])
    return check_briefing(briefing, [source("a", OWN), source("b", other)]).sections[0].sentences[0]


@pytest.mark.parametrize(
    "other",
    [
        "Holm said the government had urged the bank to sell its insurance arm, according to the minutes.",
        "The government urged the bank to sell its insurance arm, Holm said.",
    ],
    ids=["the-same-words-and-more", "a-reordering"],
)
def test_a_span_that_says_the_same_corroborates_with_its_located_offsets(other: str) -> None:
    checked = corroborated(other, start=0, end=3)  # offsets from the engine are never trusted
    assert (checked.corroboration, checked.corroborating_sources) == (2, ["a", "b"])
    (span,) = checked.corroborating_citations
    assert source("b", other).text[span.start : span.end] == other
    assert span.label is VerdictLabel.SUPPORTED


@pytest.mark.parametrize(
    ("other", "said"),
    [
        ("Holm said the government had not urged the bank to sell its insurance arm.", "not … urged"),
        ("Holm said the government had put no pressure on the bank to sell its insurance arm.", "urged"),
        ("Berg said the government had urged the bank to sell its insurance arm.", "Berg"),
        ("Holm said the government had urged the bank to sell its mortgage arm.", "insurance"),
    ],
    ids=["a-negation", "no-pressure", "another-speaker", "another-thing-sold"],
)
def test_a_span_that_says_otherwise_does_not_corroborate_and_the_verdict_says_what_was_compared(
    other: str, said: str
) -> None:
    checked = corroborated(other)
    assert (checked.corroboration, checked.corroborating_sources, checked.corroborating_citations) == (1, ["a"], [])
    assert not checked.verdict.flagged  # the sentence itself still stands on its own source
    (note,) = [r for r in checked.verdict.reasons if r.startswith("not counted as corroborating")]
    assert "[b]" in note and said in note


def test_a_figure_another_source_gives_differently_does_not_corroborate() -> None:
    own = "Velko Motors is recalling 48,000 vehicles in North America, the company said."
    other = "Velko Motors is recalling 52,000 vehicles in North America, the company said."
    checked = check_sentence(proposing(own, other), {"a": source("a", own), "b": source("b", other)})
    assert (checked.corroboration, checked.corroborating_citations) == (1, [])
    assert any("52,000" in r and "[b]" in r for r in checked.verdict.reasons)


@pytest.mark.parametrize(
    ("given", "quote"),
    [
        (False, "The government urged the bank to sell its insurance arm, Holm said."),
        (True, "Holm said the ministry had urged nothing at all."),  # not in b's text
    ],
    ids=["its-source-not-given", "its-span-not-in-its-source"],
)
def test_a_span_the_checker_cannot_read_does_not_corroborate(given: bool, quote: str) -> None:
    sources = {"a": source("a", OWN)} | ({"b": source("b", "The bank said nothing.")} if given else {})
    checked = check_sentence(proposing(OWN, quote), sources)
    assert (checked.corroboration, checked.corroborating_sources, checked.corroborating_citations) == (1, ["a"], [])


def test_a_flagged_sentence_is_corroborated_by_nothing() -> None:
    other = "Holm said the government had urged the bank to sell its insurance arm."
    wrong = "Holm said the government had urged the bank to sell its shipping arm."
    checked = check_sentence(proposing(wrong, other, cited=OWN), {"a": source("a", OWN), "b": source("b", other)})
    assert checked.verdict.flagged
    assert (checked.corroboration, checked.corroborating_sources, checked.corroborating_citations) == (1, [], [])


def test_a_corroborating_span_edited_or_its_source_changed_after_checking_is_noticed() -> None:
    other = "The government urged the bank to sell its insurance arm, Holm said."
    sources = [source("a", OWN), source("b", other)]
    sentence = Sentence(
        text=OWN,
        citations=[Citation(source="a", quote=OWN)],
        corroborating_citations=[Corroboration(source="b", quote=other)],
    )
    checked = bind_briefing(
        check_briefing(Briefing(sections=[Section(title="Bank", sentences=[sentence])]), sources), sources
    )
    bound = checked.sections[0].sentences[0]
    digests = {s.id: source_digest(s) for s in sources}
    assert stale_reason(bound, digests) is None
    assert "b" in (stale_reason(bound, digests | {"b": "changed"}) or "")
    by_hand = bound.model_copy(deep=True)
    by_hand.corroborating_citations.append(Corroboration(source="c", quote="Anything at all."))
    assert stale_reason(by_hand, digests) is not None


def test_the_verdict_names_a_few_of_the_spans_not_counted_and_counts_the_rest() -> None:
    others = {
        f"s{k}": f"Holm said the government had urged the bank to sell {k + 50} percent of its insurance arm."
        for k in range(9)
    }
    sentence = Sentence(
        text="Holm said the government had urged the bank to sell 40 percent of its insurance arm.",
        citations=[
            Citation(
                source="a", quote="Holm said the government had urged the bank to sell 40 percent of its insurance arm."
            )
        ],
        corroborating_citations=[Corroboration(source=sid, quote=text) for sid, text in others.items()],
    )
    sources = {"a": source("a", sentence.text)} | {sid: source(sid, text) for sid, text in others.items()}
    checked = check_sentence(sentence, sources)
    notes = [r for r in checked.verdict.reasons if "not counted as corroborating" in r]
    assert checked.corroboration == 1
    assert len(notes) == 6 and notes[-1] == "… and 4 more sources not counted as corroborating"


def test_past_the_checked_number_the_closest_spans_are_checked_and_the_count_says_at_least(monkeypatch) -> None:
    """A day of near-copies proposes hundreds of spans for one fact: the checker checks the closest in
    wording (``CHECKED`` of them), counts those that hold, and says how many it left unchecked."""
    from briefer.render.html import render_html
    from briefer.report import render_report
    from briefer.verify import corroboration

    monkeypatch.setattr(corroboration, "CHECKED", 3)
    close = [
        f"Holm said the government had urged the bank to sell its insurance arm, said paper {k}." for k in range(4)
    ]
    far = "The government, Holm said on a long day of talks, urged the bank to sell its insurance arm."
    others = {f"s{k}": text for k, text in enumerate([far, *close])}
    sentence = Sentence(
        text=OWN,
        citations=[Citation(source="a", quote=OWN)],
        corroborating_citations=[Corroboration(source=sid, quote=text) for sid, text in others.items()],
    )
    sources = [source("a", OWN), *(source(sid, text) for sid, text in others.items())]
    briefing = check_briefing(Briefing(sections=[Section(title="Bank", sentences=[sentence])]), sources)
    checked = briefing.sections[0].sentences[0]
    assert [c.source for c in checked.corroborating_citations] == ["s1", "s2", "s3"]  # the far one unchecked
    assert (checked.corroboration, checked.corroboration_unchecked) == (4, 2)
    assert any("2 more sources proposed as corroborating were not checked" in r for r in checked.verdict.reasons)
    assert "reported by at least 4 sources" in render_html(briefing, sources)
    console = Console(width=200, record=True)
    render_report(briefing, sources, console)
    assert "×4+ sources" in console.export_text()

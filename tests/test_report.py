"""The terminal report shows an editor what to trust and what to look at, in words as well as colours."""

from __future__ import annotations

import io

from rich.console import Console

from briefer.ingest import load_sources
from briefer.models import Briefing, Citation, RunInfo, Section, Sentence, Usage, Verdict, VerdictLabel
from briefer.report import render_report

QUOTE = "Ukrainian Defense Minister Oleksiy Reznikov on Monday announced he had handed in his resignation"


def _render(briefing: Briefing, sources) -> str:
    buf = io.StringIO()
    render_report(briefing, sources, Console(file=buf, width=140, color_system=None))
    return buf.getvalue()


def _briefing(sources, label: VerdictLabel, reasons: list[str]) -> Briefing:
    text = sources[0].text
    start = text.index(QUOTE)
    cite = Citation(source=sources[0].id, quote=QUOTE, start=start, end=start + len(QUOTE), match="exact")
    return Briefing(
        title="Test day",
        sources=[s.info() for s in sources],
        sections=[
            Section(
                title="Reznikov resigns",
                sentences=[
                    Sentence(
                        text="Reznikov announced his resignation.",
                        citations=[cite],
                        verdict=Verdict(label=label, score=0.4, reasons=reasons),
                    ),
                ],
            )
        ],
        run=RunInfo(
            engine="llm",
            model="test-model",
            prompt_versions={"summarize.map": "v1"},
            usage=Usage(calls=3, cache_hits=1, retries=2, prompt_tokens=100, completion_tokens=20),
            timings={"total": 1.5},
        ),
    )


def test_supported_sentence_is_listed_with_its_marker_and_not_flagged(articles_dir):
    sources = load_sources([articles_dir / "003_3d8662691a447c24.txt"])
    out = _render(_briefing(sources, VerdictLabel.SUPPORTED, []), sources)
    assert "1.1" in out and "Reznikov announced his resignation. [S1]" in out
    assert "✓ supported" in out
    assert "Flagged for review" not in out
    assert "1 sentences · 1 supported · 0 flagged" in out


def test_flagged_sentence_shows_reasons_and_the_cited_source_text(articles_dir):
    sources = load_sources([articles_dir / "003_3d8662691a447c24.txt"])
    out = _render(_briefing(sources, VerdictLabel.UNSUPPORTED, ["polarity: the source says the opposite"]), sources)
    assert "Flagged for review (1)" in out
    assert "polarity: the source says the opposite" in out
    assert "handed in his resignation" in out  # the evidence itself, beside the sentence
    assert "✗ unsupported" in out


def test_footer_names_engine_model_prompts_and_usage(articles_dir):
    sources = load_sources([articles_dir / "003_3d8662691a447c24.txt"])
    out = _render(_briefing(sources, VerdictLabel.SUPPORTED, []), sources)
    assert "engine llm · model test-model" in out
    assert "summarize.map@v1" in out
    assert "3 model calls (1 from cache, 2 retries)" in out

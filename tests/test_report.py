"""The terminal report shows an editor what to trust and what to look at, in words as well as colours."""

from __future__ import annotations

import io

import pytest
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
    assert "1 sentence · 1 supported · 0 flagged" in out  # one sentence, not "1 sentences"


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


PORT_EN = """Hamburg port workers stage 48-hour strike over pay

Some 12,000 dockworkers at the port of Hamburg walked off the job on Thursday in a 48-hour strike over pay.
Talks are scheduled to resume on Friday in Bremen.
"""
WEATHER = """Sunny weekend ahead

The weather service expects a sunny and dry weekend on the Baltic coast, with temperatures up to 24 degrees in Kiel.
Bathing spots in Kiel and Lübeck will be watched by lifeguards from Saturday, the city said.
"""


def test_the_report_names_the_sources_that_contributed_nothing(tmp_path) -> None:
    from briefer import Settings, summarize
    from briefer.render.html import render_html

    for name, text in (("a_port", PORT_EN), ("b_weather", WEATHER)):
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
    paths = sorted(tmp_path.glob("*.txt"))
    briefing, _ = summarize(paths, Settings(engine="extractive", max_stories=1, use_cache=False))
    sources = load_sources(paths)
    cited = {c.source for _, _, s in briefing.sentences() for c in s.citations}
    assert cited == {"a_port"}, cited  # --stories 1 leaves the weather out
    assert "contributed nothing: S2" in _render(briefing, sources)
    assert "contributed nothing: S2" in render_html(briefing, sources)
    assert "contributed nothing" not in render_html(briefing, sources, publishable=True)


@pytest.mark.parametrize(("briefing_language", "marked"), [("en", ""), ("de", " (en)")])
def test_the_terminal_marks_a_sentence_in_another_language_than_the_briefings(articles_dir, briefing_language, marked):
    sources = load_sources([articles_dir / "003_3d8662691a447c24.txt"])
    briefing = _briefing(sources, VerdictLabel.SUPPORTED, [])
    briefing.language = briefing_language
    briefing.sections[0].sentences[0].language = "en"
    out = _render(briefing, sources)
    assert f"Reznikov announced his resignation.{marked} [S1]" in out


@pytest.mark.parametrize("width", [80, 160])
def test_the_cross_lingual_caveat_is_shown_whole_in_the_terminal(articles_dir, width):
    sources = load_sources([articles_dir / "003_3d8662691a447c24.txt"])
    briefing = _briefing(sources, VerdictLabel.SUPPORTED, [])
    verdict = briefing.sections[0].sentences[0].verdict
    verdict.cross_lingual, verdict.judge = True, "rules"
    buf = io.StringIO()
    render_report(briefing, sources, Console(file=buf, width=width, color_system=None))
    out = " ".join(buf.getvalue().split())
    assert "✓ supported" in out and "…" not in out.split("Reznikov announced")[1].split("1 sentence")[0]
    assert "only numbers, dates, names, negation and hedges compared" in out


def test_a_judge_model_is_named_and_the_header_does_not_say_no_model_ran(articles_dir):
    sources = load_sources([articles_dir / "003_3d8662691a447c24.txt"])
    briefing = _briefing(sources, VerdictLabel.SUPPORTED, [])
    briefing.run = RunInfo(engine="extractive", judge_model="qwen-judge", usage=Usage(calls=2))
    out = " ".join(_render(briefing, sources).split())
    assert "no model" not in out
    assert "judge model qwen-judge" in out


def test_the_html_links_each_corroborating_source_to_the_span_that_reports_the_fact(tmp_path) -> None:
    import re

    from briefer import Settings, summarize
    from briefer.render.html import render_html

    said = "Velko Motors is recalling 48,000 vehicles in North America over a faulty brake hose, the company said."
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(f"Velko recalls cars\n\n{said}\n", encoding="utf-8")
    (folder / "b.txt").write_text(f"Velko recall\n\nBy Jana Koch\n\n{said}\n", encoding="utf-8")
    briefing, sources = summarize([folder], Settings(engine="extractive", use_cache=False))
    (sentence,) = [s for _, _, s in briefing.sentences() if "48,000" in s.text][:1]
    (span,) = sentence.corroborating_citations
    page = render_html(briefing, sources)
    about = re.search(r"reported by 2 sources \((.*?)\)</span>", page)
    assert about is not None, page
    (cid,) = re.findall(r"href='#a-([^']+)'", about.group(1))  # its own source is cited above
    marked = "".join(re.findall(rf"<mark data-c='(?:[^']* )?{cid}(?: [^']*)?'>(.*?)</mark>", page))
    assert marked == span.quote

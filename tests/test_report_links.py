"""Citation markers in the terminal report link to their source file (OSC 8) where the terminal takes
styles, and are plain text where it does not (a pipe, a file): rich decides, we test both."""

from __future__ import annotations

import io
import re

import pytest
from rich.console import Console

from briefer.ingest import load_sources
from briefer.models import Briefing, Citation, Section, Sentence, Verdict, VerdictLabel
from briefer.report import render_report

OSC8 = re.compile(r"\x1b\]8;[^;]*;([^\x1b]*)\x1b\\")


def _briefing(sources, label: VerdictLabel) -> Briefing:
    quote = sources[0].text[200:260]
    cite = Citation(source=sources[0].id, quote=quote, start=200, end=260, match="exact")
    return Briefing(
        sources=[s.info() for s in sources],
        sections=[
            Section(
                title="Story",
                sentences=[Sentence(text="A sentence.", citations=[cite], verdict=Verdict(label=label, score=0.5))],
            )
        ],
    )


def _render(briefing: Briefing, sources, **console: object) -> str:
    buf = io.StringIO()
    render_report(briefing, sources, Console(file=buf, width=140, **console))
    return buf.getvalue()


@pytest.mark.parametrize("label", [VerdictLabel.SUPPORTED, VerdictLabel.UNSUPPORTED], ids=["listed", "flagged"])
def test_markers_are_hyperlinks_to_the_source_file_in_a_terminal(articles_dir, label):
    sources = load_sources([articles_dir / "003_3d8662691a447c24.txt"])
    out = _render(_briefing(sources, label), sources, force_terminal=True, color_system="truecolor")
    targets = set(OSC8.findall(out)) - {""}
    assert targets == {(articles_dir / "003_3d8662691a447c24.txt").absolute().as_uri()}
    # What each link holds: the marker in the table, on the sentence line and (flagged) over the evidence.
    linked = re.findall(r"\x1b\]8;id=[^;]*;file://[^\x1b]*\x1b\\((?:\x1b\[[\d;]*m)*[^\x1b]*)", out)
    held = [re.sub(r"\x1b\[[\d;]*m", "", t) for t in linked]
    assert held == ["S1", "[S1]"] + (["[S1]"] if label is VerdictLabel.UNSUPPORTED else [])


def test_markers_are_plain_text_where_output_is_not_a_terminal(articles_dir):
    sources = load_sources([articles_dir / "003_3d8662691a447c24.txt"])
    out = _render(_briefing(sources, VerdictLabel.UNSUPPORTED), sources)  # a StringIO: not a terminal
    assert "\x1b" not in out
    assert "A sentence. [S1]" in out


def test_a_source_from_stdin_has_no_link(monkeypatch):
    import sys

    text = "Officials said on Monday that the talks would resume. " * 20
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
    sources = load_sources(["-"])
    out = _render(_briefing(sources, VerdictLabel.SUPPORTED), sources, force_terminal=True, color_system="truecolor")
    assert not [t for t in OSC8.findall(out) if t]
    assert "[S1]" in out

"""`briefer review` hands the review loop the briefing it has just checked and written, not a path to re-read."""

from __future__ import annotations

import io

from browser.sample import sample_briefing
from rich.console import Console

import briefer.review
from briefer.config import Settings
from briefer.files import write_briefing
from briefer.models import Briefing


def _no_reading(path) -> Briefing:
    raise AssertionError(f"review read {path} again")


def test_run_review_uses_the_briefing_it_is_given_without_reading_the_file(tmp_path, monkeypatch):
    briefing, sources = sample_briefing()
    path = tmp_path / "briefing.json"
    write_briefing(path, briefing)
    monkeypatch.setattr(briefer.review, "read_briefing", _no_reading)
    summary = briefer.review.run_review(path, sources, editor="ed", console=Console(file=io.StringIO()),
                                        read_key=lambda: "q", read_line=lambda prompt: "",
                                        settings=Settings.from_env({}), briefing=briefing)
    assert summary.open == sum(s.flagged for _, _, s in briefing.sentences())


def test_the_cli_passes_review_the_briefing_it_opened(tmp_path, monkeypatch, articles_dir):
    from briefer.cli import main
    from briefer.pipeline import summarize

    briefing, _ = summarize([articles_dir], Settings(engine="extractive"))
    path = tmp_path / "briefing.json"
    write_briefing(path, briefing)
    seen: dict[str, object] = {}

    def fake_review(review_path, sources, **options):
        seen.update(options, path=review_path)

    monkeypatch.setattr(briefer.review, "run_review", fake_review)
    assert main(["review", str(path), "--sources", str(articles_dir), "--editor", "ed"]) == 0
    assert isinstance(seen["briefing"], Briefing) and seen["path"] == path
    assert seen["briefing"].model_dump() == briefing.model_dump()

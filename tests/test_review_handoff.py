"""`briefer review` reads the briefing once, under the review lock: the CLI neither reads nor writes it first."""

from __future__ import annotations

import briefer.review
from briefer.config import Settings
from briefer.files import read_briefing, write_briefing
from briefer.models import Briefing


def test_the_cli_review_reads_the_briefing_file_once(tmp_path, monkeypatch, articles_dir):
    from briefer.cli import main
    from briefer.pipeline import summarize

    briefing, _ = summarize([articles_dir], Settings(engine="extractive"))
    path = tmp_path / "briefing.json"
    write_briefing(path, briefing)
    reads: list[object] = []

    def counting_read(p) -> Briefing:
        reads.append(p)
        return read_briefing(p)

    monkeypatch.setattr(briefer.review, "read_briefing", counting_read)
    monkeypatch.setattr(briefer.review, "_terminal_key", lambda: lambda: "q")
    assert main(["review", str(path), "--sources", str(articles_dir), "--editor", "ed"]) == 0
    assert reads == [path]

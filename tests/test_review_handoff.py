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


def test_the_cli_review_reads_the_folder_summarize_read_skipping_what_it_skipped(tmp_path, monkeypatch, capsys):
    from briefer.cli import main
    from briefer.pipeline import summarize

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "Council approves bridge\n\nThe council approved the new bridge on Tuesday, the mayor said.\n\n"
        "Construction will start in June and cost 4 million euros.\n",
        encoding="utf-8",
    )
    (folder / "empty.txt").write_text("", encoding="utf-8")
    briefing, _ = summarize([folder], Settings(engine="extractive"))
    path = tmp_path / "briefing.json"
    write_briefing(path, briefing)
    monkeypatch.setattr(briefer.review, "_terminal_key", lambda: lambda: "q")
    code = main(["review", str(path), "--sources", str(folder), "--editor", "ed"])
    err = capsys.readouterr().err
    assert code == 0, err
    assert "empty.txt: is empty" in " ".join(err.split())  # skipped with the warning summarize gave

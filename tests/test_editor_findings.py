"""What an editor briefing articles nobody on the team wrote found broken in files this branch leaves to
the helpers that own them (the engine's arrays and ranking, the pipeline's source loading). Each test is
the exact reproduction, marked ``xfail(strict=True)``: once the fix lands the test passes, the strict
mark fails the suite, and whoever fixed it removes the mark."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefer import Settings, summarize
from briefer.cli import main
from briefer.files import write_briefing


def write(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    "files",
    [
        {"a.txt": "The council met on Tuesday.\n", "b.txt": "Rain flooded the harbour overnight.\n"},
        {"memo.txt": "todo: call fire service at 5; check recall numbers with Velko PR.\n"},
    ],
    ids=["two-unrelated-one-line-articles", "one-sentence-with-a-semicolon"],
)
def test_a_day_of_sentences_that_share_nothing_is_briefed_not_a_traceback(tmp_path: Path, files) -> None:
    briefing, _ = summarize([write(tmp_path / "in", files)], Settings(engine="extractive"))
    assert briefing.sections[0].sentences


def test_the_lede_before_an_articles_first_sub_heading_is_briefed(tmp_path: Path) -> None:
    article = (
        "Velko Motors recalls 48,000 cars over brake fault\n\nBy Sam Lee | Metro Wire | 12 May 2026\n\n"
        "DETROIT, 12 May 2026 — Velko Motors is recalling 48,000 vehicles in North America because a faulty "
        "brake hose can leak fluid, the company said on Tuesday.\n\nWhat is affected\n\n"
        "The recall covers the Velko Arden sedan built between March 2024 and January 2025.\n\n"
        "Owners will be notified by mail starting 1 June.\nDealers will replace the hose free of charge.\n\n"
        "Injuries\n\nThe company said it knew of three minor crashes linked to the fault but no injuries.\n\n"
        '"Safety is our first priority," said Velko spokeswoman Ana Duarte.\n\n'
        "Shares of Velko fell 2.3 per cent in New York trading.\n"
    )
    briefing, _ = summarize([write(tmp_path / "in", {"wire.txt": article})], Settings(engine="extractive"))
    told = [s.text for _, _, s in briefing.sentences()]
    # The article's news opens the briefing, and its headline (not a crosshead) names it.
    assert told[0].startswith("Velko Motors is recalling 48,000 vehicles"), told
    assert "What is affected" not in briefing.title, briefing.title


@pytest.mark.parametrize("command", ["check", "export"])
def test_the_folder_summarize_read_can_be_checked_and_exported(tmp_path: Path, command: str, capsys) -> None:
    folder = write(
        tmp_path / "in",
        {
            "a.txt": "Council approves bridge\n\nThe council approved the new bridge on Tuesday, the mayor said.\n\n"
            "Construction will start in June and cost 4 million euros.\n",
            "empty.txt": "",
        },
    )
    briefing, _ = summarize([folder], Settings(engine="extractive"))
    path = tmp_path / "briefing.json"
    write_briefing(path, briefing)
    extra = ["--format", "markdown", "--out", str(tmp_path / "out.md")] if command == "export" else []
    code = main([command, str(path), "--sources", str(folder), *extra])
    err = capsys.readouterr().err
    assert code == 0, err
    assert "empty.txt" in err  # skipped with the warning summarize gave, not silently


RECALL = {
    "a.txt": "Velko recalls cars\n\nBy Sam Lee | Metro Wire | 12 May 2026\n\n"
    "Velko Motors is recalling 48,000 vehicles in North America because a faulty brake hose can leak fluid, "
    "the company said on Tuesday.\n\n"
    "The company said it knew of three minor crashes linked to the fault but no injuries.\n",
    "b.txt": "Velko recall grows\n\nBy Jana Koch, AutoWorld\n12 May 2026\n\n"
    "Velko Motors is recalling 52,000 vehicles in North America over a faulty brake hose, the company said "
    "on Tuesday.\n\nThe company said two people were injured in three minor crashes linked to the fault.\n",
}


def test_a_source_giving_another_figure_does_not_corroborate_a_sentence(tmp_path: Path) -> None:
    briefing, _ = summarize([write(tmp_path / "in", RECALL)], Settings(engine="extractive"))
    for _, _, sentence in briefing.sentences():
        if "52,000" in sentence.text:
            assert sentence.corroborating_sources == ["b"], sentence.corroborating_sources


def test_no_injuries_is_not_read_as_the_count_of_crashes(tmp_path: Path) -> None:
    briefing, _ = summarize([write(tmp_path / "in", RECALL)], Settings(engine="extractive"))
    sides = [(side.source, side.value) for c in briefing.conflicts for side in c.sides if "injur" in c.about]
    assert ("a", "three") not in sides, sides

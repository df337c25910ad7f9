"""A verdict in a briefing file is trusted only while it matches what it checked.

Hand-edited text, a hand-written "supported", a moved sentence, a changed source, another checker:
review, export and check check such a sentence again, never publish the stale verdict, and give it
the corroboration its own new verdict shows, not the one of the sentence it replaced.
"""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest
from browser.sample import ARTICLES, KIM, sample_briefing
from rich.console import Console

from briefer.cli import main
from briefer.config import Settings
from briefer.files import read_briefing, write_briefing
from briefer.models import Briefing
from briefer.review import run_review

FALSE = "North Korea declared war on Romania on Monday, the ministry said."


@pytest.fixture
def articles(tmp_path: Path, articles_dir: Path) -> Path:
    folder = tmp_path / "articles"
    shutil.copytree(articles_dir, folder)
    return folder


@pytest.fixture
def made(tmp_path: Path, articles: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """The seeds summarized and checked by briefer itself."""
    path = tmp_path / "briefing.json"
    assert main(["summarize", str(articles), "--format", "json", "--out", str(path)]) == 0
    capsys.readouterr()
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def supported_positions(data: dict) -> list[tuple[int, int]]:
    return [
        (si, i)
        for si, sec in enumerate(data["sections"])
        for i, s in enumerate(sec["sentences"])
        if s["verdict"]["label"] == "supported"
    ]


def tamper(path: Path, articles: Path, capsys: pytest.CaptureFixture[str], how: str) -> str:
    """Change the checked file by hand the way ``how`` says; return the sentence text that must not pass."""
    data = load(path)
    (si, i), (sj, j) = supported_positions(data)[:2]
    sentence = data["sections"][si]["sentences"][i]
    if how == "edit-text":  # the text changed after checking, the old "supported" left in place
        sentence["text"] = FALSE
    elif how == "forge-verdict":  # a genuinely flagged verdict, overwritten with "supported" by hand
        sentence["text"] = FALSE
        path.write_text(json.dumps(data), encoding="utf-8")
        assert main(["check", str(path), "--sources", str(articles), "--out", str(path.with_suffix(".c.json"))]) == 1
        capsys.readouterr()
        data = load(path.with_suffix(".c.json"))
        sentence = data["sections"][si]["sentences"][i]
        assert sentence["verdict"]["label"] != "supported"
        sentence["verdict"].update(label="supported", score=1.0, reasons=[])
    elif how == "swap-citations":  # two sentences' citations exchanged, both verdicts kept
        other = data["sections"][sj]["sentences"][j]
        sentence["citations"], other["citations"] = other["citations"], sentence["citations"]
        if sentence["text"] == other["text"]:
            pytest.skip("the two sentences are the same")
    path.write_text(json.dumps(data), encoding="utf-8")
    return sentence["text"]


@pytest.mark.parametrize("how", ["edit-text", "forge-verdict", "swap-citations"])
def test_export_never_publishes_a_verdict_that_no_longer_matches_the_sentence(made, articles, capsys, how):
    text = tamper(made, articles, capsys, how)
    code, out, err = run(capsys, "export", made, "--sources", articles, "--format", "markdown")
    assert code == 1, out
    flat = " ".join(err.split())
    assert "still undecided" in flat and " ".join(text.split())[:40] in flat
    assert "checked again" in flat  # the user is told which verdict did not hold


@pytest.mark.parametrize("how", ["edit-text", "forge-verdict"])
def test_review_shows_a_sentence_whose_verdict_no_longer_matches(made, articles, capsys, monkeypatch, how):
    text = tamper(made, articles, capsys, how)
    keys = iter(["q"])
    monkeypatch.setattr("briefer.review._terminal_key", lambda: lambda: next(keys))
    code, out, _ = run(capsys, "review", made, "--sources", articles)
    assert code == 0
    assert "nothing to review" not in out
    assert text[:40] in " ".join(out.replace("│", " ").split())


def test_check_flags_what_export_would_have_published(made, articles, capsys):
    tamper(made, articles, capsys, "edit-text")
    code, out, _ = run(capsys, "check", made, "--sources", articles, "--format", "json")
    assert code == 1 and json.loads(out)["summary"]["flagged"] >= 1


def test_check_out_records_the_sources_used_and_binds_every_verdict(tmp_path, articles, capsys):
    seed = articles / "003_3d8662691a447c24.txt"
    quote = "The paper said Kim could even travel to Moscow, but that was uncertain."
    assert quote in seed.read_text(encoding="utf-8")
    hand = tmp_path / "hand.json"
    hand.write_text(
        json.dumps(
            {
                "sections": [
                    {"title": "T", "sentences": [{"text": quote, "citations": [{"source": seed.stem, "quote": quote}]}]}
                ]
            }
        ),
        encoding="utf-8",
    )
    out = tmp_path / "checked.json"
    code, _, _ = run(capsys, "check", hand, "--sources", articles, "--out", out)
    assert code == 0
    checked = read_briefing(out)
    recorded = {s.id: s.sha256 for s in checked.sources}
    assert seed.stem in recorded and recorded[seed.stem]
    (sentence,) = [s for _, _, s in checked.sentences()]
    binding = sentence.verdict.binding
    assert binding is not None and set(binding.sources) == {seed.stem} and binding.sources[seed.stem]
    assert binding.checker and binding.text and binding.citations and binding.seal

    # The cited passage is replaced by a correction notice: the old "supported" must not survive.
    text = seed.read_text(encoding="utf-8")
    seed.write_text(
        text.replace(quote, "Correction: an earlier version of this story misquoted an official."), encoding="utf-8"
    )
    code, md, err = run(capsys, "export", out, "--sources", articles, "--format", "markdown")
    assert code == 1 and "1.1" in err
    assert "Correction" not in md


def test_a_moved_sentence_does_not_keep_the_corroboration_of_the_one_it_replaced(tmp_path, capsys):
    briefing, sources = sample_briefing()
    first, second = briefing.sections[0].sentences[:2]
    assert first.corroboration == 3
    # Move the second sentence's text and citations into the first one's place, by hand.
    first.text, first.citations = second.text, [c.model_copy() for c in second.citations]
    path = tmp_path / "moved.json"
    write_briefing(path, briefing)
    warnings: list[str] = []
    from briefer.binding import confirm_briefing

    confirmed = confirm_briefing(
        read_briefing(path), sources, settings=Settings.from_env({}), on_warning=warnings.append
    )
    moved = confirmed.sections[0].sentences[0]
    assert (moved.corroboration, moved.corroborating_sources) == (1, [])
    assert moved.verdict.flagged
    assert "1.1 (text changed since it was checked)" in warnings[0]


def test_a_sentence_edited_in_review_gets_its_own_corroboration(tmp_path):
    briefing, sources = sample_briefing()
    path = tmp_path / "b.json"
    write_briefing(path, briefing)
    keys = iter(["e", "q"])
    new = "Kim Jong Un wants to travel to Russia, according to US information."
    out = io.StringIO()
    run_review(
        path,
        sources,
        all_sentences=True,
        editor="ed",
        console=Console(file=out, width=120),
        read_key=lambda: next(keys),
        read_line=lambda prompt: "",
        open_editor=lambda text: new,
        settings=Settings.from_env({}),
    )
    edited = read_briefing(path).sections[0].sentences[0]
    assert edited.text == new and not edited.verdict.flagged
    # the spans that reported the old sentence do not report this one: only its own source does
    assert (edited.corroboration, edited.corroborating_sources) == (1, [edited.citations[0].source])
    assert edited.corroborating_citations == []
    assert edited.verdict.binding is not None


def test_an_acceptance_covers_only_the_text_it_was_made_on(tmp_path, capsys):
    briefing, sources = sample_briefing()
    path = tmp_path / "b.json"
    write_briefing(path, briefing)
    keys = iter(["a", "q"])
    lines = iter(["y", "checked with the desk"])
    run_review(
        path,
        sources,
        editor="ed",
        console=Console(file=io.StringIO()),
        read_key=lambda: next(keys),
        read_line=lambda prompt: next(lines),
        settings=Settings.from_env({}),
    )
    from briefer.publish import open_sentences

    accepted = read_briefing(path)
    assert [(si, i) for si, i, _ in open_sentences(accepted)] == [(0, 2), (1, 0)]
    accepted.sections[0].sentences[1].text = FALSE  # the accepted sentence rewritten afterwards, by hand
    assert [(si, i) for si, i, _ in open_sentences(accepted)] == [(0, 1), (0, 2), (1, 0)]


def test_another_checker_version_makes_every_verdict_stale(monkeypatch):
    from briefer import verify
    from briefer.binding import confirm_briefing

    briefing, sources = sample_briefing()
    assert confirm_briefing(briefing, sources) is briefing  # bound and matching: used as it is
    monkeypatch.setattr(verify, "CHECKER_VERSION", "a-later-checker", raising=False)
    warnings: list[str] = []
    confirmed = confirm_briefing(briefing, sources, on_warning=warnings.append)
    assert confirmed is not briefing
    assert warnings and warnings[0].startswith("5 verdict(s)") and "another version of the checker" in warnings[0]
    assert all(s.verdict.binding.checker == "a-later-checker" for _, _, s in confirmed.sentences())


def test_a_changed_source_rechecks_only_the_sentences_that_cite_it():
    from briefer.binding import confirm_briefing
    from briefer.models import Source

    briefing, sources = sample_briefing()
    changed = [Source(**{**s.model_dump(), "text": "UPDATED\n" + s.text}) if s.id == KIM else s for s in sources]
    warnings: list[str] = []
    confirm_briefing(briefing, changed, on_warning=warnings.append)
    cites_kim = [f"{si + 1}.{i + 1}" for si, i, s in briefing.sentences() if any(c.source == KIM for c in s.citations)]
    assert warnings[0].startswith(f"{len(cites_kim)} verdict(s)")
    assert all(f"{n} (source {KIM} changed" in warnings[0] for n in cites_kim)


def test_a_source_left_out_of_the_given_ones_is_named_as_missing_not_as_changed():
    from briefer.binding import confirm_briefing

    briefing, sources = sample_briefing()
    warnings: list[str] = []
    confirmed = confirm_briefing(briefing, [s for s in sources if s.id != KIM], on_warning=warnings.append)
    cites_kim = [f"{si + 1}.{i + 1}" for si, i, s in briefing.sentences() if any(c.source == KIM for c in s.citations)]
    assert all(f"{n} (source {KIM} is not among the given sources)" in warnings[0] for n in cites_kim)
    assert "changed" not in warnings[0]
    assert all(s.verdict.flagged for _, _, s in confirmed.sentences() if any(c.source == KIM for c in s.citations))


def test_a_briefing_from_json_round_trips_its_binding(tmp_path):
    briefing, _ = sample_briefing()
    path = tmp_path / "b.json"
    write_briefing(path, briefing)
    assert Briefing.model_validate_json(path.read_text()) == briefing


def test_a_second_review_from_the_command_line_is_one_line_and_exit_2(made, articles, capsys):
    from briefer.files import hold_lock

    before = made.read_bytes()
    with hold_lock(made, "tess"):
        code, _, err = run(capsys, "review", made, "--sources", articles)
    assert code == 2
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and "being reviewed by tess" in lines[0]
    assert made.read_bytes() == before  # nothing re-checked or saved behind the holder's back


def test_export_refuses_an_audit_file_that_is_the_out_file(made, articles, capsys, tmp_path):
    target = tmp_path / "same.md"
    code, _, err = run(capsys, "export", made, "--sources", articles, "--out", target, "--audit", target)
    assert code == 2 and "is the --out file" in err and not target.exists()


def test_a_briefing_nobody_touched_is_used_as_it_is(made, articles, capsys):
    from briefer.binding import confirm_briefing
    from briefer.ingest import load_sources

    stored = read_briefing(made)
    assert confirm_briefing(stored, load_sources([articles]), on_warning=pytest.fail) is stored
    code, _, err = run(capsys, "export", made, "--sources", articles, "--format", "markdown")
    assert (code, err) == (0, "")


def _corroboration(briefing: Briefing) -> list[tuple[int, list[str], list[dict]]]:
    return [
        (s.corroboration, s.corroborating_sources, [c.model_dump() for c in s.corroborating_citations])
        for _, _, s in briefing.sentences()
    ]


def test_summarize_check_and_review_count_the_same_corroboration_each_with_its_span():
    from briefer import summarize
    from briefer.binding import confirm_briefing, recheck_briefing
    from briefer.models import VerdictLabel

    briefing, sources = summarize([ARTICLES], Settings(engine="extractive", use_cache=False))
    by_id = {s.id: s for s in sources}
    assert max(s.corroboration for _, _, s in briefing.sentences()) >= 2
    for _, _, s in briefing.sentences():
        own = {c.source for c in s.citations} if not s.flagged else set()
        assert s.corroborating_sources == sorted(own | {c.source for c in s.corroborating_citations})
        assert s.corroboration == max(1, len(s.corroborating_sources))
        for c in s.corroborating_citations:
            assert by_id[c.source].text[c.start : c.end] == c.quote
            assert c.label in (VerdictLabel.SUPPORTED, VerdictLabel.UNVERIFIED)
    assert _corroboration(recheck_briefing(briefing, sources)) == _corroboration(briefing)
    unbound = briefing.model_copy(deep=True)
    for _, _, s in unbound.sentences():
        s.verdict.binding = None  # the review checks every sentence again
    assert _corroboration(confirm_briefing(unbound, sources, settings=Settings.from_env({}))) == _corroboration(
        briefing
    )

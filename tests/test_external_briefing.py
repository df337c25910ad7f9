"""Briefing JSON from outside (hand-edited, another tool's, tampered): one-line errors for what cannot be read,
and for what can, spans that always point at the text they claim — offsets in the input are never trusted."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest

from briefer.cli import main
from briefer.models import Briefing, VerdictLabel
from briefer.pipeline import open_briefing

SEED = "004_7609625af0c80f08"


@pytest.fixture
def articles(tmp_path: Path, articles_dir: Path) -> Path:
    """A private copy of the seed articles, free to be changed under a briefing."""
    return Path(shutil.copytree(articles_dir, tmp_path / "articles"))


def seed_text(articles: Path) -> str:
    return (articles / f"{SEED}.txt").read_text(encoding="utf-8")


def a_quote(articles: Path) -> str:
    """A sentence-long verbatim quote from the seed, away from its first line."""
    text = seed_text(articles)
    start = text.index("Kim, der für seine")
    return text[start : text.index(".", start) + 1]


def briefing_with(citation: dict, text: str = "Kim travels rarely.") -> dict:
    return {"sections": [{"title": "Main", "sentences": [{"text": text, "citations": [citation]}]}]}


def write(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "briefing.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def assert_spans_point_at_their_quotes(briefing: Briefing, articles: Path) -> None:
    """Every located citation and evidence span lies inside its source; an exact match is the quote itself."""
    texts = {p.stem: p.read_text(encoding="utf-8") for p in articles.glob("*.txt")}
    for _, _, sentence in briefing.sentences():
        for c in sentence.citations:
            if c.start is None and c.end is None:
                continue
            text = texts[c.source]
            assert c.start is not None and c.end is not None
            assert 0 <= c.start < c.end <= len(text), (c, len(text))
            if c.match == "exact" and c.quote:
                assert text[c.start : c.end] == c.quote
        for span in sentence.verdict.spans if sentence.verdict else []:
            assert 0 <= span.start < span.end <= len(texts[span.source]), span


# ---------------------------------------------------------------- what cannot be read: exit 2, one line


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ("{not json", "not valid JSON"),
        ("", "not valid JSON"),
        ("\xff\xfe binary", "not valid JSON"),
        ("[1, 2, 3]", "not a briefing"),
        ('{"title": "no sections"}', "not a briefing"),
        ('{"sections": {"title": "a dict, not a list"}}', "not a briefing"),
        ('{"sections": [{"sentences": []}]}', "sections.0.title"),
        ('{"sections": [{"title": 5, "sentences": []}]}', "sections.0.title"),
        ('{"sections": [{"title": "t", "sentences": "text"}]}', "sections.0.sentences"),
        ('{"sections": [{"title": "t", "sentences": [{"citations": []}]}]}', "sections.0.sentences.0.text"),
        ('{"sections": [{"title": "t", "sentences": [{"text": "x", "citations": [{"quote": "q"}]}]}]}', "source"),
        (
            '{"sections": [{"title": "t", "sentences": [{"text": "x", '
            '"citations": [{"source": "a", "start": "x"}]}]}]}',
            "start",
        ),
        ('{"sources": [{"id": "a"}], "sections": []}', "sources.0.path"),
    ],
    ids=[
        "truncated",
        "empty",
        "binary",
        "array",
        "no-sections",
        "sections-not-list",
        "no-title",
        "title-int",
        "sentences-str",
        "no-text",
        "citation-no-source",
        "start-str",
        "source-no-path",
    ],
)
@pytest.mark.parametrize("command", ["check", "export"])
def test_unreadable_briefing_is_a_one_line_error(
    tmp_path: Path, articles: Path, capsys: pytest.CaptureFixture[str], content: str, says: str, command: str
) -> None:
    path = tmp_path / "briefing.json"
    path.write_bytes(content.encode("latin-1") if content.startswith("\xff") else content.encode())

    code, out, err = run(capsys, command, str(path), "--sources", str(articles))

    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("briefer: error:"), err
    assert says in err


# ---------------------------------------------------------------- offsets in the input are never trusted


@pytest.mark.parametrize(
    ("start", "end"),
    [(50, 10), (-20, -5), (-1, 30), (10**6, 10**6 + 40), (0, 10**9), (0, 0)],
    ids=["start-after-end", "negative", "negative-start", "beyond-text", "end-beyond-text", "empty"],
)
def test_absurd_offsets_with_a_true_quote_are_relocated(
    tmp_path: Path, articles: Path, capsys: pytest.CaptureFixture[str], start: int, end: int
) -> None:
    quote = a_quote(articles)
    path = write(tmp_path, briefing_with({"source": SEED, "quote": quote, "start": start, "end": end}, text=quote))
    out_path = tmp_path / "checked.json"

    code, _, err = run(capsys, "check", str(path), "--sources", str(articles), "--out", str(out_path))

    assert code in (0, 1), err
    checked = Briefing.model_validate_json(out_path.read_text())
    citation = checked.sections[0].sentences[0].citations[0]
    assert (citation.start, citation.end) != (start, end)
    assert seed_text(articles)[citation.start : citation.end] == quote
    assert_spans_point_at_their_quotes(checked, articles)


@pytest.mark.parametrize(
    ("start", "end"),
    [(50, 10), (-20, -5), (10**6, 10**6 + 40), (0, 10**9)],
    ids=["start-after-end", "negative", "beyond-text", "end-beyond-text"],
)
def test_absurd_offsets_without_a_quote_never_yield_an_invalid_span(
    tmp_path: Path, articles: Path, capsys: pytest.CaptureFixture[str], start: int, end: int
) -> None:
    path = write(tmp_path, briefing_with({"source": SEED, "start": start, "end": end}))
    out_path = tmp_path / "checked.json"

    code, _, err = run(capsys, "check", str(path), "--sources", str(articles), "--out", str(out_path))

    assert code in (0, 1), err
    assert_spans_point_at_their_quotes(Briefing.model_validate_json(out_path.read_text()), articles)


def test_a_quote_that_is_not_in_the_source_is_flagged_whatever_the_offsets_say(
    tmp_path: Path, articles: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    invented = "Kim will sign a treaty on nuclear submarines in Minsk."
    path = write(
        tmp_path, briefing_with({"source": SEED, "quote": invented, "start": 0, "end": len(invented)}, text=invented)
    )

    code, out, _ = run(capsys, "check", str(path), "--sources", str(articles), "--format", "json")

    row = json.loads(out)["sentences"][0]
    assert code == 1
    assert row["flagged"] and row["verdict"] != VerdictLabel.SUPPORTED


def test_a_citation_of_a_source_that_was_not_given_is_flagged(
    tmp_path: Path, articles: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    quote = a_quote(articles)
    data = briefing_with({"source": SEED, "quote": quote}, text=quote)
    elsewhere = {"text": "Kim travels.", "citations": [{"source": "elsewhere", "quote": "Kim"}]}
    data["sections"][0]["sentences"].append(elsewhere)
    path = write(tmp_path, data)

    code, out, _ = run(capsys, "check", str(path), "--sources", str(articles), "--format", "json")

    rows = json.loads(out)["sentences"]
    assert code == 1
    assert [r["flagged"] for r in rows] == [False, True]


def test_a_briefing_citing_none_of_the_given_sources_is_a_one_line_error(
    tmp_path: Path, articles: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, briefing_with({"source": "no_such_article", "quote": "Kim"}))

    code, out, err = run(capsys, "check", str(path), "--sources", str(articles), "--format", "json")

    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and "no_such_article" in err


# ---------------------------------------------------------------- sources that changed since the briefing


def made_briefing(tmp_path: Path, articles: Path) -> Path:
    """A briefing as summarize writes it: sources with their sha256, citations with exact offsets."""
    sentences, infos = [], []
    for path in sorted(articles.glob("*.txt"))[:3]:
        text = path.read_text(encoding="utf-8")
        infos.append({"id": path.stem, "path": str(path), "sha256": hashlib.sha256(path.read_bytes()).hexdigest()})
        for quote in re.findall(r"[^.\n]{60,200}\.", text)[:2]:
            start = text.index(quote)
            citation = {
                "source": path.stem,
                "quote": quote,
                "start": start,
                "end": start + len(quote),
                "match": "exact",
            }
            sentences.append({"text": quote.strip(), "citations": [citation]})
    briefing = tmp_path / "made.json"
    briefing.write_text(json.dumps({"sources": infos, "sections": [{"title": "Main", "sentences": sentences}]}))
    return briefing


def cited(briefing: Briefing, source: str) -> list[str]:
    return [c.quote for _, _, s in briefing.sentences() for c in s.citations if c.source == source and c.quote]


@pytest.mark.parametrize("change", ["prepend", "delete-cited"])
def test_a_changed_source_is_rechecked_and_its_spans_never_point_at_wrong_text(
    tmp_path: Path, articles: Path, capsys: pytest.CaptureFixture[str], change: str
) -> None:
    made = Briefing.model_validate_json(made_briefing(tmp_path, articles).read_text())
    victim = next(s.id for s in made.sources if cited(made, s.id))
    path = articles / f"{victim}.txt"
    text = path.read_text(encoding="utf-8")
    if change == "prepend":  # every old offset now points 60 characters too early
        text = "EDITOR'S NOTE: this article was updated after publication.\n\n" + text
    else:
        for quote in cited(made, victim):
            text = text.replace(quote, "")
    path.write_text(text, encoding="utf-8")
    warnings: list[str] = []

    rechecked, _ = open_briefing(made, [articles], on_warning=warnings.append)

    assert len(warnings) == 1 and victim in warnings[0] and "changed" in warnings[0]
    assert_spans_point_at_their_quotes(rechecked, articles)
    victims = [(s, c) for _, _, s in rechecked.sentences() for c in s.citations if c.source == victim]
    if change == "prepend":
        assert all(text[c.start : c.end] for _, c in victims if c.start is not None)
    else:
        assert victims and all(s.verdict is not None and s.verdict.flagged for s, _ in victims)


def test_export_of_a_briefing_whose_source_changed_warns_on_stderr(
    tmp_path: Path, articles: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    made = made_briefing(tmp_path, articles)
    path = sorted(articles.glob("*.txt"))[0]
    path.write_text("UPDATED\n" + path.read_text(encoding="utf-8"), encoding="utf-8")

    code, _, err = run(capsys, "export", str(made), "--sources", str(articles), "--allow-open")

    assert code == 0
    assert "changed since the briefing was made" in err and path.stem in err


def test_export_checks_a_briefing_nobody_checked_and_refuses_only_what_is_flagged(
    tmp_path: Path, articles: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A hand-written briefing has no verdicts: export checks it first, so a faithful sentence goes out
    and an unsupported one blocks the export by name, instead of every sentence counting as open."""
    quote = a_quote(articles)
    faithful = briefing_with({"source": SEED, "quote": quote}, text=quote)
    code, out, err = run(
        capsys, "export", str(write(tmp_path, faithful)), "--sources", str(articles), "--format", "markdown"
    )
    assert (code, err) == (0, "")
    assert quote in out

    wrong = briefing_with({"source": SEED, "quote": quote}, text="Kim flew to Paris on Friday with 40 generals.")
    code, _, err = run(
        capsys, "export", str(write(tmp_path, wrong)), "--sources", str(articles), "--format", "markdown"
    )
    assert code == 1 and "1.1" in err


def test_review_checks_a_briefing_nobody_checked_before_showing_it(
    tmp_path: Path, articles: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    quote = a_quote(articles)
    data = briefing_with({"source": SEED, "quote": quote}, text=quote)
    data["sections"][0]["sentences"].append({"text": "Kim flew to Paris on Friday.", "citations": [{"source": SEED}]})
    path = write(tmp_path, data)
    keys = iter(["q"])
    monkeypatch.setattr("briefer.review._terminal_key", lambda: lambda: next(keys))

    code, out, _ = run(capsys, "review", str(path), "--sources", str(articles))

    assert code == 0
    assert "1 of 1" in out and "unchecked" not in out  # only the unsupported sentence is open
    stored = Briefing.model_validate_json(path.read_text(encoding="utf-8"))
    assert [s.verdict is not None for _, _, s in stored.sentences()] == [True, True]

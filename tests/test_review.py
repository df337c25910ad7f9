"""The editor loop driven by scripted keys: every decision is in the file before the next key is read,
an interrupted review resumes where it stopped, edits and new citations are re-checked at once."""

from __future__ import annotations

import datetime as dt
import io
import shlex
import sys

import pytest
from browser.sample import AFP, sample_briefing
from rich.console import Console

from briefer.config import Settings
from briefer.files import read_briefing, write_briefing
from briefer.models import DecisionAction, VerdictLabel
from briefer.review import run_review

# The sample's flagged sentences, in reading order: 1.2 unsupported, 1.3 partial, 2.1 quote not found.
FLAGGED = [(0, 1), (0, 2), (1, 0)]
VERBATIM = "The paper said Kim could even travel to Moscow, but that was uncertain."


@pytest.fixture
def briefing_file(tmp_path):
    briefing, sources = sample_briefing()
    path = tmp_path / "briefing.json"
    write_briefing(path, briefing)
    return path, sources


class Script:
    """Scripted keys and lines; before each key it records what the briefing file holds right then."""

    def __init__(self, path, keys, lines=()):
        self.path, self.keys, self.lines = path, list(keys), list(lines)
        self.seen: list[list[tuple[int, int, str]]] = []

    def key(self) -> str:
        self.seen.append(decisions_in(self.path))
        step = self.keys.pop(0)
        if isinstance(step, BaseException):
            raise step
        return step

    def line(self, prompt: str) -> str:
        return self.lines.pop(0)


def flat(screen: str) -> str:
    """The console output with panel borders and line wrapping undone, for phrase matching."""
    return " ".join(screen.replace("│", " ").split())


def decisions_in(path) -> list[tuple[int, int, str]]:
    return [(si, i, d.action.value) for si, i, s in read_briefing(path).sentences() for d in s.decisions]


def review(path, sources, script, **options):
    out = io.StringIO()
    options.setdefault("settings", Settings.from_env({}))
    summary = run_review(path, sources, editor="ed", console=Console(file=out, width=120), read_key=script.key,
                         read_line=script.line, **options)
    return summary, out.getvalue()


def test_each_decision_is_in_the_file_before_the_next_key_is_read(briefing_file):
    path, sources = briefing_file
    script = Script(path, ["a", "d", "q"], ["y", "checked with the desk", ""])
    summary, _ = review(path, sources, script)
    assert script.seen == [[], [(0, 1, "accepted")], [(0, 1, "accepted"), (0, 2, "dropped")]]
    assert (summary.accepted, summary.dropped, summary.open, summary.decided_now) == (1, 1, 1, 2)


@pytest.mark.parametrize(
    ("keys", "lines", "expected"),
    [
        (["a", "q"], ["y", "ok"], [(0, 1, "accepted")]),
        (["d", "q"], [""], [(0, 1, "dropped")]),
        (["s", "a", "q"], ["y", "ok"], [(0, 2, "accepted")]),
        (["s", "s", "d", "q"], [""], [(1, 0, "dropped")]),
        (["s", "b", "a", "q"], ["y", "ok"], [(0, 1, "accepted")]),
        (["b", "a", "q"], ["y", "ok"], [(0, 1, "accepted")]),  # back from the first stays there
        (["x", "?", "q"], [], []),  # unknown keys only show the help line
        (["s", "s", "s"], [], []),  # skipping past the last sentence ends the review
    ],
)
def test_keys_decide_as_labelled(briefing_file, keys, lines, expected):
    path, sources = briefing_file
    review(path, sources, Script(path, keys, lines))
    assert decisions_in(path) == expected


def test_an_unknown_key_shows_the_keys_without_repeating_the_sentence(briefing_file):
    path, sources = briefing_file
    _, out = review(path, sources, Script(path, ["x", "q"]))
    assert out.count("sentence 1.2") == 1
    assert "keys: [a]ccept" in out


def test_decisions_carry_the_audit_fields(briefing_file):
    path, sources = briefing_file
    before = dt.datetime.now(dt.UTC)
    review(path, sources, Script(path, ["a", "d", "q"], ["y", "checked with the desk", "no source says so"]))
    s12, s13 = read_briefing(path).sections[0].sentences[1:3]
    for sentence, action, note in [(s12, "accepted", "checked with the desk"), (s13, "dropped", "no source says so")]:
        (decision,) = sentence.decisions
        assert (decision.action.value, decision.editor, decision.note) == (action, "ed", note)
        assert decision.at.tzinfo is not None and before <= decision.at <= dt.datetime.now(dt.UTC)


def test_an_interrupted_review_loses_nothing_and_resumes_at_the_first_undecided_sentence(briefing_file):
    path, sources = briefing_file
    with pytest.raises(KeyboardInterrupt):
        review(path, sources, Script(path, ["a", KeyboardInterrupt()], ["y", "ok"]))
    assert decisions_in(path) == [(0, 1, "accepted")]

    summary, out = review(path, sources, Script(path, ["d", "q"], [""]))
    assert "sentence 1.3" in out.split("\n", 1)[0]
    assert decisions_in(path) == [(0, 1, "accepted"), (0, 2, "dropped")]
    assert summary.open == 1


def test_a_finished_review_has_nothing_left(briefing_file):
    path, sources = briefing_file
    review(path, sources, Script(path, ["a", "a", "a"], ["y", "ok"] * 3))
    summary, out = review(path, sources, Script(path, []))
    assert "nothing to review" in out
    assert (summary.accepted, summary.open) == (3, 0)


def test_all_sentences_visits_supported_ones_and_shows_corroboration(briefing_file):
    path, sources = briefing_file
    summary, out = review(path, sources, Script(path, ["a", "q"], [""]), all_sentences=True)
    assert decisions_in(path) == [(0, 0, "accepted")]
    assert "reported by 3 sources (S1, S3, S2)" in out
    assert "✓ supported" in out


def test_the_screen_shows_section_verdict_reasons_and_cited_text(briefing_file):
    path, sources = briefing_file
    _, screen = review(path, sources, Script(path, ["q"]))
    out = flat(screen)
    assert "section “Kim and Putin” · sentence 1.2" in out
    assert "✗ unsupported · score 0.20" in out
    assert "'fly' and 'next week' are not in the cited span" in out
    assert VERBATIM in out and "chars 1129–1200" in out
    assert "[a]ccept" in out


def test_an_edit_is_rechecked_at_once_and_recorded_with_the_previous_text(briefing_file):
    path, sources = briefing_file
    script = Script(path, ["e", "q"])
    _, out = review(path, sources, script, open_editor=lambda text: VERBATIM)
    sentence = read_briefing(path).sections[0].sentences[1]
    assert sentence.text == VERBATIM
    assert sentence.verdict.label is VerdictLabel.SUPPORTED
    (decision,) = sentence.decisions
    assert (decision.action, decision.previous_text) == (DecisionAction.EDITED, "Kim will fly to Moscow next week.")
    assert "re-checked: ✓ supported" in out
    assert "sentence 1.3" in out.rsplit("re-checked", 1)[1]  # a supported edit moves on


def test_an_edit_that_is_still_unsupported_stays_open_until_accepted(briefing_file):
    path, sources = briefing_file
    script = Script(path, ["e", "a", "q"], ["y", "vouched for"])
    summary, out = review(path, sources, script, open_editor=lambda text: "Kim will fly to Moscow in a jet next week.")
    sentence = read_briefing(path).sections[0].sentences[1]
    assert [d.action.value for d in sentence.decisions] == ["edited", "accepted"]
    assert sentence.verdict.flagged and "still flagged" in out
    assert summary.open == 2


@pytest.mark.parametrize("unchanged", [None, "", "Kim will fly to Moscow next week."])
def test_an_abandoned_edit_records_nothing(briefing_file, unchanged):
    path, sources = briefing_file
    review(path, sources, Script(path, ["e", "q"]), open_editor=lambda text: unchanged)
    assert decisions_in(path) == []


@pytest.mark.parametrize(("status", "edited"), [(0, True), (1, False)])
def test_the_configured_editor_edits_a_file_and_a_failing_editor_abandons(briefing_file, status, edited):
    path, sources = briefing_file
    fake_editor = (
        f"{shlex.quote(sys.executable)} -c "
        + shlex.quote(f"import sys, pathlib; pathlib.Path(sys.argv[1]).write_text({VERBATIM!r}); sys.exit({status})")
    )
    settings = Settings.from_env({"EDITOR": fake_editor})
    review(path, sources, Script(path, ["e", "q"]), settings=settings)
    assert (read_briefing(path).sections[0].sentences[1].text == VERBATIM) is edited


def test_replacing_the_citations_searches_the_sources_and_rechecks(briefing_file):
    path, sources = briefing_file
    script = Script(path, ["s", "s", "r", "q"], ["Russian drones landed exploded NATO EU member country", "1"])
    _, out = review(path, sources, script)
    sentence = read_briefing(path).sections[1].sentences[0]
    (decision,) = sentence.decisions
    assert decision.action is DecisionAction.RECITED
    assert decision.previous_citations[0].quote == "Romania confirmed that Russian drones exploded"
    (citation,) = sentence.citations
    source = {s.id: s for s in sources}[citation.source]
    assert citation.start is not None and source.text[citation.start : citation.end] == citation.quote
    assert "exploded in the NATO and EU member country" in citation.quote
    assert "re-checked:" in out


def test_a_cancelled_search_records_nothing(briefing_file):
    path, sources = briefing_file
    review(path, sources, Script(path, ["c", "q"], [VERBATIM, ""]))
    assert decisions_in(path) == []
    assert read_briefing(path).sections[0].sentences[1].citations[0].source == AFP

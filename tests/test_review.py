"""The editor loop driven by scripted keys: every decision is in the file before the next key is read,
an interrupted review resumes where it stopped, edits and new citations are re-checked at once."""

from __future__ import annotations

import datetime as dt
import io
import re
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
    summary = run_review(
        path,
        sources,
        editor="ed",
        console=Console(file=out, width=120),
        read_key=script.key,
        read_line=script.line,
        **options,
    )
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
    fake_editor = f"{shlex.quote(sys.executable)} -c " + shlex.quote(
        f"import sys, pathlib; pathlib.Path(sys.argv[1]).write_text({VERBATIM!r}); sys.exit({status})"
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


# ---------------------------------------------------------------- the editor's loop, as the hostile review found it


def test_citing_another_span_adds_a_citation_and_keeps_the_original_evidence(briefing_file):
    path, sources = briefing_file
    before = read_briefing(path).sections[0].sentences[1].citations
    script = Script(path, ["c", "q"], ["Kim travel Moscow Putin", "1"])
    review(path, sources, script)
    sentence = read_briefing(path).sections[0].sentences[1]
    assert len(sentence.citations) == 2
    assert sentence.citations[0].quote == before[0].quote  # the original evidence is still cited
    (decision,) = sentence.decisions
    assert decision.action is DecisionAction.CITED and decision.previous_citations == before


@pytest.mark.parametrize(
    ("lines", "accepted"),
    [
        (["", "a note"], False),  # no confirmation
        (["n", "a note"], False),
        (["y", ""], False),  # confirmed, but no note
        (["y", "confirmed with the ministry"], True),
    ],
)
def test_accepting_a_flagged_sentence_takes_a_confirmation_and_a_note(briefing_file, lines, accepted):
    path, sources = briefing_file
    review(path, sources, Script(path, ["a", "q"], list(lines)))
    assert decisions_in(path) == ([(0, 1, "accepted")] if accepted else [])
    if accepted:
        assert read_briefing(path).sections[0].sentences[1].decision.note == "confirmed with the ministry"


def test_after_a_recite_and_an_edit_the_summary_counts_both(briefing_file):
    path, sources = briefing_file
    script = Script(path, ["s", "s", "r", "e", "q"], ["Russian drones landed exploded NATO EU member country", "1"])
    summary, out = review(
        path, sources, script, open_editor=lambda text: "Russian drones landed and exploded in Romania, Ukraine said."
    )
    assert [d.action.value for d in read_briefing(path).sections[1].sentences[0].decisions] == ["recited", "edited"]
    assert (summary.edited, summary.recited) == (1, 1)
    assert "1 edited · 1 re-cited" in out


def test_the_inline_edit_starts_from_the_current_text_through_readline(monkeypatch):
    """On a terminal with readline, the line is prefilled: the pre-input hook inserts the current text."""
    from briefer import editing as review_module

    calls: list[tuple[str, object]] = []

    class FakeReadline:
        def set_pre_input_hook(self, hook=None):
            calls.append(("hook", hook))

        def insert_text(self, text):
            calls.append(("insert", text))

        def redisplay(self):
            calls.append(("redisplay", None))

    monkeypatch.setattr(review_module, "_readline", lambda: FakeReadline())

    def read():  # what input() does: run the pre-input hook, then return the edited line
        hook = calls[-1][1]
        hook()
        return "Kim will travel to Moscow."

    assert review_module._prefilled("Kim will fly to Moscow next week.", read) == "Kim will travel to Moscow."
    assert ("insert", "Kim will fly to Moscow next week.") in calls
    assert calls[-1] == ("hook", None)  # the hook is removed again


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["fly to Moscow next week", "travel to Moscow"], "Kim will travel to Moscow."),
        (["*", "Kim may travel to Moscow."], "Kim may travel to Moscow."),
        ([""], None),  # cancelled
        (["to Paris", "x"], None),  # not in the sentence
    ],
)
def test_without_readline_an_edit_replaces_words_instead_of_retyping(briefing_file, lines, expected):
    path, sources = briefing_file
    review(path, sources, Script(path, ["e", "q"], list(lines)))
    sentence = read_briefing(path).sections[0].sentences[1]
    if expected is None:
        assert decisions_in(path) == []
    else:
        assert sentence.text == expected and sentence.decision.action is DecisionAction.EDITED


def test_a_second_review_of_the_same_file_is_refused_naming_who_holds_it(briefing_file):
    from briefer.errors import InputError
    from briefer.files import hold_lock

    path, sources = briefing_file
    with hold_lock(path, "tess"), pytest.raises(InputError) as refused:
        review(path, sources, Script(path, ["q"]))
    message = str(refused.value)
    assert "being reviewed by tess" in message and "since 20" in message and "\n" not in message
    review(path, sources, Script(path, ["a", "q"], ["y", "ok"]))  # released: the next review may start
    assert decisions_in(path) == [(0, 1, "accepted")]


def test_a_lock_left_by_a_process_that_is_gone_is_taken_over(briefing_file):
    import json
    import socket
    import subprocess

    path, sources = briefing_file
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=True
    )
    lock = path.with_name(path.name + ".lock")
    lock.write_text(
        json.dumps(
            {
                "holder": "ghost",
                "pid": int(dead.stdout),
                "host": socket.gethostname(),
                "since": "2026-01-01 00:00:00 UTC",
            }
        )
    )
    review(path, sources, Script(path, ["q"]))
    assert not lock.exists()


def test_an_unverified_verdict_is_its_own_state_never_drawn_as_supported(briefing_file):
    from briefer.models import Verdict, VerdictLabel

    path, sources = briefing_file
    briefing = read_briefing(path)
    sentence = briefing.sections[0].sentences[0]
    sentence.verdict = Verdict(label=VerdictLabel.UNVERIFIED, score=0.5, reasons=["could not tell"])
    from briefer.publish import is_settled, is_unverified

    # Not flagged (nothing contradicts it), but not a pass either: an editor must still decide it.
    assert is_unverified(sentence) and not sentence.flagged and not is_settled(sentence)
    from briefer.review import _verdict_text

    shown = _verdict_text(sentence).plain
    assert shown.startswith("? unverified") and "✓" not in shown


def test_a_sentence_giving_sides_of_disagreements_shows_every_one_with_the_other_sides(tmp_path):
    # A strike's length and its number of strikers, both disputed by a German report: the review showed
    # neither, and the terminal report pointed at the second only.
    from briefer.engines.extractive import ExtractiveEngine
    from briefer.ingest import load_sources

    (tmp_path / "a.txt").write_text(
        "Strike at Lorvik port\n\nAbout 12,000 dockworkers at the port of Lorvik began a 48-hour strike on "
        "Tuesday, the union said.\n",
        encoding="utf-8",
    )
    (tmp_path / "b.txt").write_text(
        "Streik im Hafen Lorvik\n\nRund 10.000 Beschäftigte im Hafen von Lorvik sind am Dienstag in einen "
        "24-stündigen Warnstreik getreten.\n",
        encoding="utf-8",
    )
    sources = load_sources(sorted(tmp_path.glob("*.txt")))
    briefing = ExtractiveEngine(Settings(engine="extractive")).brief(sources, [])
    english = next(s for _, _, s in briefing.sentences() if s.text.startswith("About 12,000"))
    assert english.conflict == 0 and briefing.disputes_of(english) == [0, 1]
    path = tmp_path / "briefing.json"
    write_briefing(path, briefing)
    _, screen = review(path, sources, Script(path, ["s", "q"]), all_sentences=True)
    out = flat(screen)
    assert "⚠ sources differ (D1) on length of time: [S1] 48-hour · [S2] 24-stündigen" in out
    assert "⚠ sources differ (D2) on workers: [S1] 12,000 · [S2] 10.000" in out


def test_the_screen_and_the_search_name_a_source_by_the_outlet_its_article_states(briefing_file):
    path, sources = briefing_file
    for source in sources:
        source.outlet, source.author = f"Outlet {source.id[:3]}", "Jane Doe"
    script = Script(path, ["s", "s", "r", "q"], ["Russian drones landed exploded NATO EU member country", ""])
    _, screen = review(path, sources, script)
    out = flat(screen)
    cited = {c.source for _, _, s in read_briefing(path).sentences() for c in s.citations}
    assert any(f"Outlet {sid[:3]} · Jane Doe" in out for sid in cited)
    assert re.search(r"1\. \[S\d\] Outlet \d{3} · Jane Doe", out), out

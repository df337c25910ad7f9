"""What an export may publish: undecided flags block it, dropped sentences vanish, edits show,
citations survive as footnotes that parse back to the same sources and quotes."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from browser.sample import sample_briefing

from briefer.binding import bind, content_digest
from briefer.errors import InputError
from briefer.export import ExportBlocked, export_briefing, open_sentences
from briefer.models import Decision, DecisionAction, Source, Verdict, VerdictLabel
from briefer.render.html import render_html

AT = dt.datetime(2026, 11, 23, 8, 0, tzinfo=dt.UTC)
FOOTNOTE = re.compile(
    r"^\[\^(?P<n>\d+)\]: “(?P<quote>.*)” — (?P<title>.*) \(source (?P<source>\S+), "
    r"(?:chars (?P<start>\d+)–(?P<end>\d+)|not located)\)$",
    re.MULTILINE,
)


def unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def decide(sentence, action: DecisionAction, **fields) -> None:
    """A decision on the sentence as it stands (call it after changing the text, as review does)."""
    sentence.decisions.append(Decision(action=action, editor="ed", at=AT, sentence=content_digest(sentence), **fields))


def settled_briefing():
    """The sample with every flag settled: 1.2 dropped, 1.3 edited into a supported one, 2.1 accepted."""
    briefing, sources = sample_briefing()
    (_, s12, s13), (s21, _) = briefing.sections[0].sentences, briefing.sections[1].sentences
    decide(s12, DecisionAction.DROPPED)
    previous = s13.text
    s13.text = "The US warned that arms talks are progressing."
    s13.verdict = Verdict(label=VerdictLabel.SUPPORTED, score=0.8)
    bind(s13, sources)  # the re-check's verdict, as the review binds it
    decide(s13, DecisionAction.EDITED, previous_text=previous)
    decide(s21, DecisionAction.ACCEPTED, note="confirmed by phone")
    return briefing, sources


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_undecided_flags_block_the_export_and_are_named(fmt):
    briefing, sources = sample_briefing()
    with pytest.raises(ExportBlocked) as blocked:
        export_briefing(briefing, sources, fmt=fmt)
    assert isinstance(blocked.value, InputError)
    assert [(si, i) for si, i, _ in blocked.value.open_sentences] == [(0, 1), (0, 2), (1, 0)]
    assert "Kim will fly to Moscow next week." in str(blocked.value)


@pytest.mark.parametrize(
    ("action", "verdict_after", "still_open"),
    [
        (DecisionAction.ACCEPTED, VerdictLabel.UNSUPPORTED, False),
        (DecisionAction.DROPPED, VerdictLabel.UNSUPPORTED, False),
        (DecisionAction.EDITED, VerdictLabel.SUPPORTED, False),
        (DecisionAction.EDITED, VerdictLabel.UNSUPPORTED, True),  # an edit that is still unsupported needs accepting
        (DecisionAction.RECITED, VerdictLabel.SUPPORTED, False),
        (DecisionAction.RECITED, VerdictLabel.CITATION_NOT_FOUND, True),
    ],
)
def test_which_decisions_settle_a_flagged_sentence(action, verdict_after, still_open):
    briefing, _ = sample_briefing()
    sentence = briefing.sections[0].sentences[1]
    decide(sentence, action)
    sentence.verdict = Verdict(label=verdict_after, score=0.5)
    assert (sentence in [s for _, _, s in open_sentences(briefing)]) is still_open


def test_allow_open_exports_undecided_sentences_marked_unverified():
    briefing, sources = sample_briefing()
    text = export_briefing(briefing, sources, fmt="markdown", allow_open=True)
    body, note = text.split("> **Note:**")
    assert body.count("**\\[unverified: ") == 3 and "3 sentence(s)" in note
    assert "**\\[unverified: Kim will fly to Moscow next week.\\]**[^2]" in text


def test_markdown_leaves_dropped_out_and_uses_edited_text():
    briefing, sources = settled_briefing()
    text = export_briefing(briefing, sources, fmt="markdown")
    assert "Kim will fly" not in text
    assert "The US warned that arms talks are progressing." in text
    assert "arms negotiations between Russia and North Korea are progressing" not in text
    assert "unverified" not in text


def test_markdown_footnotes_parse_back_to_the_cited_sources_and_quotes():
    briefing, sources = settled_briefing()
    by_id = {s.id: s for s in sources}
    text = export_briefing(briefing, sources, fmt="markdown")
    notes = {int(m["n"]): m for m in FOOTNOTE.finditer(text)}
    published = [
        c for _, _, s in briefing.sentences() if not s.decisions or s.decision.action != "dropped" for c in s.citations
    ]
    assert sorted(notes) == list(range(1, len(published) + 1))
    assert sorted(int(n) for n in re.findall(r"\[\^(\d+)\](?!:)", text)) == sorted(notes)
    for n, cite in enumerate(published, start=1):
        note = notes[n]
        assert unescape(note["source"]) == cite.source
        source = by_id[cite.source]
        if cite.start is None:
            assert note["start"] is None and unescape(note["quote"]) == cite.quote
        else:
            assert (int(note["start"]), int(note["end"])) == (cite.start, cite.end)
            assert unescape(note["quote"]) == " ".join(source.text[cite.start : cite.end].split())
            assert unescape(note["title"]).startswith(source.title or source.id)


@pytest.mark.parametrize(
    "planted",
    ["<script>alert(1)</script>", "[click](javascript:alert(1))", "**bold** _it_ `code` # heading", "a | b & c"],
)
def test_markdown_escapes_markup_in_article_text_and_model_output(planted):
    briefing, sources = settled_briefing()
    briefing.sections[0].sentences[0].text = planted
    bind(briefing.sections[0].sentences[0], sources)  # as if the checker had passed it
    text = export_briefing(briefing, sources, fmt="markdown")
    line = next(line for line in text.splitlines() if "[^1]" in line and not line.startswith("[^1]:"))
    assert unescape(line.split("[^1]")[0]) == planted
    assert not re.search(r"(?<!\\)[<`*\[]", line.split("[^1]")[0])


def test_html_export_leaves_dropped_sentences_out_but_the_report_shows_them_struck_through():
    briefing, sources = settled_briefing()
    exported = export_briefing(briefing, sources, fmt="html")
    report = render_html(briefing, sources)
    assert "Kim will fly" not in exported
    assert "class='sentence v-unsupported dropped'" in report
    assert "accepted by ed · 2026-11-23 08:00 UTC — confirmed by phone" in report
    assert "(was: “The US said arms negotiations" in report


def test_html_is_self_contained_and_escapes_everything_it_did_not_write():
    briefing, sources = sample_briefing()
    sources[0] = Source(**{**sources[0].model_dump(), "text": sources[0].text + "<script>alert(1)</script>"})
    briefing.title = "</title><script>alert(2)</script>"
    html = render_html(briefing, sources)
    assert html.count("<script") == 1  # the report's own, allowed by hash
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "&lt;/title&gt;&lt;script&gt;alert(2)" in html
    assert "default-src 'none'" in html and "script-src 'sha256-" in html
    assert not re.search(r"(?:src|href)=['\"]?(?:https?:|//)", html)


# ---------------------------------------------------------------- a clean publishable output, the trail on request


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_the_publishable_export_carries_no_reviewer_trail_and_no_scores(fmt):
    briefing, sources = settled_briefing()
    text = export_briefing(briefing, sources, fmt=fmt)
    if fmt == "html":  # what a reader sees, and every attribute: the page's own CSS and JS aside
        text = re.sub(r"<style>.*?</style>|<script>.*?</script>", "", text, flags=re.DOTALL)
    for trail in [
        "The US said arms negotiations",
        "confirmed by phone",
        "accepted by",
        "edited by",
        " by ed",
        "score",
        "0.20",
        "0.90",
        "the quote is not in the source",
        "unsupported",
    ]:
        assert trail not in text, trail


def test_export_audit_writes_the_trail_to_its_own_file(tmp_path, capsys, monkeypatch):
    import json

    from briefer.cli import main
    from briefer.files import write_briefing

    briefing, sources = settled_briefing()
    path, out, audit = tmp_path / "b.json", tmp_path / "b.html", tmp_path / "audit.json"
    write_briefing(path, briefing)
    code = main(
        [
            "export",
            str(path),
            "--format",
            "html",
            "--out",
            str(out),
            "--audit",
            str(audit),
            "--sources",
            *(s.path for s in sources),
        ]
    )
    assert code == 0, capsys.readouterr().err
    trail = json.loads(audit.read_text())
    rows = {row["number"]: row for row in trail["sentences"]}
    assert rows["1.2"]["published"] is False and rows["1.2"]["decisions"][0]["action"] == "dropped"
    assert rows["1.3"]["decisions"][0]["previous_text"].startswith("The US said arms negotiations")
    assert rows["2.1"]["verdict"]["score"] == 0.2 and rows["2.1"]["decisions"][0]["note"] == "confirmed by phone"
    assert "The US said arms negotiations" not in out.read_text()


def test_the_markdown_unverified_mark_encloses_the_sentence_it_belongs_to():
    from markdown_it import MarkdownIt

    briefing, sources = sample_briefing()
    text = export_briefing(briefing, sources, fmt="markdown", allow_open=True)
    html = MarkdownIt("commonmark").render(text)
    strong = re.findall(r"<strong>(.*?)</strong>", html)
    assert "[unverified: Kim will fly to Moscow next week.]" in strong
    assert "[unverified: Romania confirmed that Russian drones exploded on its territory.]" in strong
    # and the sentence after an open one is not in any mark
    assert not any("Laut US-Angaben" in s for s in strong)


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_both_renderers_gate_publishing_by_the_same_rules(fmt):
    from briefer.render.markdown import render_markdown

    briefing, sources = sample_briefing()
    render = (
        (lambda **kw: render_markdown(briefing, sources, **kw))
        if fmt == "markdown"
        else (lambda **kw: render_html(briefing, sources, publishable=True, **kw))
    )
    with pytest.raises(ExportBlocked):
        render()
    assert "Kim will fly" in render(allow_open=True)


def test_the_renderers_do_not_import_the_export():
    import subprocess
    import sys

    probe = "import sys, briefer.render.markdown, briefer.render.html; print('briefer.export' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


@pytest.mark.parametrize(("fmt", "mark"), [("markdown", "*(de)*"), ("html", "<span class='lang'>(de)</span>")])
def test_a_sentence_in_another_language_than_the_briefing_says_which_in_every_format(fmt, mark):
    # Before, only the terminal report marked "(de)": Markdown and HTML quoted German unmarked.
    briefing, sources = settled_briefing()
    german = [s for _, _, s in briefing.sentences() if s.language == "de"]
    assert german and briefing.language == "en"
    text = export_briefing(briefing, sources, fmt=fmt)
    kept = [s for s in german if not s.decisions or s.decisions[-1].action is not DecisionAction.DROPPED]
    assert kept and text.count(mark) == len(kept)
    assert "(en)" not in text


FIRE_ARTICLES = {
    "harbor.txt": (
        "Wildfire forces hundreds from homes\n\nBy Dana Whitfield | Harbor Gazette\n12 May 2026\n\n"
        "A wildfire forced the evacuation of about 1,200 residents from the hills above Marlow Ridge on "
        "Tuesday, fire officials said.\n\nFire chief Elena Ruiz said crews were battling strong gusts near "
        "Marlow Ridge.\n"
    ),
    "coastal.txt": (
        "Marlow Ridge blaze: 1,500 evacuated\n\nBy Tom Okafor, Coastal Times\n12 May 2026\n\n"
        "Authorities ordered 1,500 people to evacuate as a wildfire spread across the hills north of "
        "Marlow Ridge on Tuesday.\n\nFire chief Elena Ruiz said more than 300 firefighters were deployed "
        "near Marlow Ridge.\n"
    ),
}


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_an_export_names_each_source_by_the_outlet_and_author_its_article_states(tmp_path, fmt):
    from briefer import Settings, summarize

    for name, text in FIRE_ARTICLES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    briefing, sources = summarize([tmp_path], Settings(engine="extractive"))
    assert briefing.conflicts, "the planted 1,200 / 1,500 disagreement is the side this test reads"
    text = export_briefing(briefing, sources, fmt=fmt, allow_open=True)
    for label in ("Harbor Gazette · Dana Whitfield", "Coastal Times · Tom Okafor"):
        assert label in text
    if fmt == "markdown":
        sides = [line for line in text.splitlines() if line.startswith("  - ")]
        assert sides and all(line.startswith(("  - Harbor Gazette", "  - Coastal Times")) for line in sides)
        notes = list(FOOTNOTE.finditer(text))
        assert notes and all(" · " in m["title"] for m in notes)

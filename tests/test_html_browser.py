"""The HTML report in a real headless Chromium: clicks highlight the exact cited spans, planted
markup stays text, and the page loads with the network off."""

from __future__ import annotations

import pytest
from browser.cdp import CHROMIUM, Browser
from browser.sample import cite, sample_briefing

from briefer.models import Sentence, Source, Verdict, VerdictLabel
from briefer.render.html import render_html

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium not installed (apt-get install chromium)")

PLANTED = (
    "Officials said <script>document.title = 'pwned'; window.__pwned = 1;</script> nothing. "
    '<img src=x onerror="window.__pwned = 2"> Later they said more.'
)
HIGHLIGHTED = "Array.from(document.querySelectorAll('mark.hl')).map(m => m.textContent).join('')"


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    briefing, sources = sample_briefing()
    evil = Source(id="planted", path="planted.txt", title="<script>window.__pwned = 3</script>", text=PLANTED)
    evil_cite = cite(evil, "<script>document.title = 'pwned'; window.__pwned = 1;</script> nothing.")
    briefing.sections[-1].sentences.append(
        Sentence(
            text='Officials said <b onmouseover="window.__pwned = 4">nothing</b>.',
            citations=[evil_cite],
            verdict=Verdict(label=VerdictLabel.UNSUPPORTED, score=0.1, reasons=["<script>window.__pwned=5</script>"]),
        )
    )
    briefing.sources.append(evil.info())
    sources.append(evil)
    path = tmp_path_factory.mktemp("report") / "report.html"
    path.write_text(render_html(briefing, sources), encoding="utf-8")
    browser = Browser()
    try:
        for domain in ("Page", "Network", "Runtime"):
            browser.call(f"{domain}.enable")
        browser.call(
            "Network.emulateNetworkConditions", offline=True, latency=0, downloadThroughput=-1, uploadThroughput=-1
        )
        browser.call("Page.navigate", url=path.as_uri())
        browser.wait_for("Page.loadEventFired")
        yield browser, briefing, {s.id: s for s in sources}, path
    finally:
        browser.close()


def located(briefing):
    """(selector of the sentence, its citations) for every sentence with located spans."""
    for si, i, sentence in briefing.sentences():
        cites = [c for c in sentence.citations if c.start is not None]
        if cites:
            yield f"#s-{si + 1}\\.{i + 1}", cites


def test_clicking_a_sentence_highlights_its_cited_span(report):
    browser, briefing, sources, _ = report
    checked = 0
    for selector, cites in located(briefing):
        browser.click(selector)
        expected = "".join(sources[c.source].text[c.start : c.end] for c in cites)
        assert browser.evaluate(HIGHLIGHTED) == expected, selector
        checked += 1
    assert checked >= 4


def test_clicking_a_citation_marker_highlights_exactly_that_span_even_where_spans_overlap(report):
    browser, briefing, sources, _ = report
    (_, first), (_, overlapping) = list(located(briefing))[0], list(located(briefing))[2]
    assert first[0].start < overlapping[0].start < first[0].end < overlapping[0].end  # the sample overlaps
    for n, citation in enumerate(c for _, cites in located(briefing) for c in cites):
        browser.click(f"a.cite[data-cite='c{_citation_number(briefing, citation)}']")
        assert browser.evaluate(HIGHLIGHTED) == sources[citation.source].text[citation.start : citation.end], n


def _citation_number(briefing, wanted) -> int:
    every = [c for _, _, s in briefing.sentences() for c in s.citations]
    return next(n for n, c in enumerate(every, start=1) if c is wanted)


def test_clicking_a_cited_span_in_a_source_leads_back_to_its_sentence(report):
    browser, *_ = report
    browser.click("#s-2\\.2")
    browser.click("mark[data-c='c2']")  # sentence 1.2's only citation
    assert browser.evaluate("document.querySelector('.sentence.active').id") == "s-1.2"
    _, briefing, sources, _ = report
    (cite,) = briefing.sections[0].sentences[1].citations
    assert browser.evaluate(HIGHLIGHTED) == sources[cite.source].text[cite.start : cite.end]


def test_the_highlighted_span_is_scrolled_into_view(report):
    browser, briefing, _, _ = report
    selector, _ = list(located(briefing))[-1]
    browser.evaluate("document.getElementById('sources').scrollTop = 0")
    browser.click(selector)
    top = browser.evaluate("document.querySelector('mark.hl').getBoundingClientRect().top")
    assert 0 < top < browser.evaluate("window.innerHeight")


def test_planted_markup_is_shown_as_text_and_never_runs(report):
    browser, *_ = report
    assert browser.evaluate("typeof window.__pwned") == "undefined"
    assert browser.evaluate("document.title") == "Kim–Putin arms talks"
    assert browser.evaluate("document.querySelectorAll('img, b, script').length") == 1  # only the report's own
    assert "<script>document.title = 'pwned'" in browser.evaluate("document.getElementById('sources').textContent")


def test_the_page_loads_nothing_but_itself_with_the_network_off(report):
    browser, _, _, path = report
    requested = [e["params"]["request"]["url"] for e in browser.events if e["method"] == "Network.requestWillBeSent"]
    assert requested == [path.as_uri()]
    assert browser.evaluate("performance.getEntriesByType('resource').length") == 0
    assert browser.evaluate("document.querySelectorAll('.sentence').length") == 6


def test_verdicts_are_shown_by_colour_and_by_label(report):
    browser, *_ = report
    label = browser.evaluate("document.querySelector('#s-1\\\\.2 .verdict').textContent")
    colour = browser.evaluate("getComputedStyle(document.querySelector('#s-1\\\\.2 .verdict')).backgroundColor")
    assert "unsupported" in label
    assert colour == "rgb(207, 34, 46)"

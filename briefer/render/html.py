"""A briefing as one self-contained HTML page: the briefing on the left, its sources on the right.

Clicking a sentence or a citation marker scrolls to the cited spans in the source text and
highlights them (a corroborating source's marker: its span). Cited spans are ``<mark>`` runs computed
from ``Citation.start/end``; where spans overlap, the text is cut at every boundary so each run carries
the ids of all citations covering it.

Everything that came from an article or a model is escaped, and a Content-Security-Policy allows
only the page's own inline style and script (by hash): no network, and nothing injected can run.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Mapping, Sequence
from html import escape as escape_html
from importlib.resources import files

from briefer.controls import reveal
from briefer.models import Briefing, Citation, Decision, Sentence, Source, SourceInfo, VerdictLabel
from briefer.publish import UNVERIFIED_MARK, is_dropped, is_settled, published
from briefer.render.markdown import language_mark
from briefer.report import counted, reported_by, silent_sources, source_markers, verdict_mark


def escape(text: str) -> str:
    """HTML-escaped, with bidirectional controls and zero-width characters shown as ⟨U+XXXX⟩, never obeyed."""
    return reveal(escape_html(text))


_ASSETS = files("briefer.render")
VERDICT_CLASS = {label: "v-" + label.value.replace("_", "-") for label in VerdictLabel}


def render_html(
    briefing: Briefing, sources: Sequence[Source], *, publishable: bool = False, allow_open: bool = False
) -> str:
    """The report page: every sentence with its verdict, score, reasons and editor decisions, dropped
    ones struck through. ``publishable`` is the reader's page instead, under the same publishing rules
    as the Markdown export: ``ExportBlocked`` while flagged sentences are undecided (unless
    ``allow_open``, which marks them), dropped sentences left out, and no scores, reasons or reviewer
    trail (that is the audit trail's, ``export --audit``)."""
    carried = {(si, i) for si, i, _ in published(briefing, allow_open)} if publishable else None
    infos: list[SourceInfo] = list(briefing.sources) or [s.info() for s in sources]
    known = {s.id for s in infos}
    infos += [s.info() for s in sources if s.id not in known]
    markers = source_markers(infos)
    by_id = {s.id: s for s in sources}
    anchors = {s.id: f"src-{n}" for n, s in enumerate(infos, start=1)}
    marks = _Marks()
    body = _sections(briefing, carried, marks, markers, by_id, publishable)
    if briefing.conflicts:
        body.append(_conflicts(briefing, marks, markers, by_id))
    panes = [
        _source(info, by_id.get(info.id), markers[info.id], anchors[info.id], marks.cited.get(info.id, []))
        for info in infos
    ]
    return _page(briefing, publishable, body, panes)


class _Marks:
    """Citation ids in page order (``c1``, ``c2`` …) and, per source, the located spans its pane marks."""

    def __init__(self) -> None:
        self.count = 0
        self.cited: dict[str, list[tuple[str, int, int]]] = {}

    def next_id(self) -> str:
        self.count += 1
        return f"c{self.count}"

    def mark(self, source: str, cid: str, start: int, end: int) -> None:
        self.cited.setdefault(source, []).append((cid, start, end))


def _sections(
    briefing: Briefing,
    carried: set[tuple[int, int]] | None,
    marks: _Marks,
    markers: dict[str, str],
    by_id: dict[str, Source],
    publishable: bool,
) -> list[str]:
    """One ``<section>`` per briefing section that keeps a sentence (``carried``: the reader's page's)."""
    body: list[str] = []
    for si, section in enumerate(briefing.sections, start=1):
        rows: list[str] = []
        for i, sentence in enumerate(section.sentences, start=1):
            if carried is not None and (si - 1, i - 1) not in carried:
                continue
            ids = []
            for cite in sentence.citations:
                ids.append(marks.next_id())
                source = by_id.get(cite.source)
                if source is not None and _located(cite, source):
                    marks.mark(cite.source, ids[-1], cite.start, cite.end)  # type: ignore[arg-type]
            also: dict[str, str] = {}  # each corroborating source → the id of its span, linked like a citation
            for span in sentence.corroborating_citations:
                source = by_id.get(span.source)
                if source is not None and _located(span, source):
                    also[span.source] = marks.next_id()
                    marks.mark(span.source, also[span.source], span.start, span.end)  # type: ignore[arg-type]
            rows.append(
                _sentence(
                    f"{si}.{i}",
                    sentence,
                    ids,
                    markers,
                    by_id,
                    publishable,
                    briefing.language,
                    briefing.disputes_of(sentence),
                    also,
                )
            )
        if rows:
            title = f"<h2>{escape(section.heading)}</h2>"
            body.append(f"<section>{title}<ol class='sentences'>{''.join(rows)}</ol></section>")
    return body


def _conflicts(briefing: Briefing, marks: _Marks, markers: dict[str, str], by_id: dict[str, Source]) -> str:
    """The "Sources disagree" block: each side's value, time and quote, linked to its span."""
    items = []
    for k, conflict in enumerate(briefing.conflicts, start=1):
        sides = []
        for side in conflict.sides:
            cid = marks.next_id()
            source = by_id.get(side.source)
            marker = escape(markers.get(side.source, side.source))
            if source is not None and 0 <= side.start <= side.end <= len(source.text):
                marks.mark(side.source, cid, side.start, side.end)
                link = f"<a class='cite' href='#a-{cid}' data-cite='{cid}'>[{marker}]</a>"
            else:
                link = f"<span class='cite missing'>[{marker}?]</span>"
            when = f" <span class='as-of'>({escape(side.as_of)})</span>" if side.as_of else ""
            sides.append(
                f"<li class='side' data-cites='{cid}' tabindex='0'>{link} <strong>{escape(side.value)}"
                f"</strong>{when} <q>{escape(side.quote)}</q></li>"
            )
        items.append(
            f"<li id='d-{k}'><span class='num'>D{k}</span> {escape(conflict.story)} — "
            f"{escape(conflict.about)}<ul>{''.join(sides)}</ul></li>"
        )
    return f"<section class='conflicts'><h2>Sources disagree</h2><ol>{''.join(items)}</ol></section>"


def _page(briefing: Briefing, publishable: bool, body: list[str], panes: list[str]) -> str:
    """The whole document: its inline style and script allowed by hash, nothing else."""
    style = (_ASSETS / "report.css").read_text(encoding="utf-8")
    script = (_ASSETS / "report.js").read_text(encoding="utf-8")
    csp = (
        "default-src 'none'; base-uri 'none'; form-action 'none'; "
        f"style-src '{_digest(style)}'; script-src '{_digest(script)}'"
    )
    return (
        "<!doctype html>\n"
        f"<html lang='{escape(briefing.language)}'><head><meta charset='utf-8'>"
        f"<meta http-equiv='Content-Security-Policy' content=\"{csp}\">"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{escape(briefing.headline)}</title><style>{style}</style></head><body>"
        f"<header><h1>{escape(briefing.headline)}</h1><p class='meta'>{_summary(briefing, publishable)}</p></header>"
        f"<main><div class='briefing' id='briefing'>{''.join(body)}</div>"
        f"<div class='sources' id='sources'>{''.join(panes)}</div></main>"
        f"<script>{script}</script></body></html>\n"
    )


def _digest(inline: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(inline.encode("utf-8")).digest()).decode("ascii")


def _located(cite: Citation, source: Source) -> bool:
    return cite.start is not None and cite.end is not None and 0 <= cite.start <= cite.end <= len(source.text)


def _summary(briefing: Briefing, publishable: bool) -> str:
    sentences = [s for _, _, s in briefing.sentences() if not (publishable and is_dropped(s))]
    flagged = sum(1 for s in sentences if s.flagged)
    unverified = sum(1 for s in sentences if s.unverified)
    open_ = sum(1 for s in sentences if not is_settled(s))
    parts = [counted(len(briefing.sources), "source"), counted(len(sentences), "sentence")]
    if publishable:
        parts += [f"{open_} {UNVERIFIED_MARK}"] if open_ else []
    else:
        parts += [f"{unverified} unverified", f"{flagged} flagged", f"{open_} open"]
    if briefing.conflicts:
        parts.append(f"{len(briefing.conflicts)} where sources disagree")
    silent = silent_sources(briefing)
    if silent and not publishable:  # the editor's page, as the terminal report's footer; not the reader's
        markers = source_markers(briefing.sources)
        parts.append("contributed nothing: " + ", ".join(markers.get(s, s) for s in silent))
    if briefing.run:
        run = briefing.run
        parts.append(f"engine {run.engine}" + (f" · model {run.model}" if run.model else ""))
        parts += [f"judge model {run.judge_model}"] if run.judge_model else []
    return escape(" · ".join(parts))


def _verdict(sentence: Sentence) -> str:
    verdict = sentence.verdict
    if verdict is None:
        return "<span class='verdict v-unchecked'>? unchecked</span>"
    return (
        f"<span class='verdict {VERDICT_CLASS.get(verdict.label, 'v-other')}'>{escape(verdict_mark(verdict))}"
        f" <span class='score'>{verdict.score:.2f}</span></span>"
    )


def _decision(decision: Decision) -> str:
    when = decision.at.strftime("%Y-%m-%d %H:%M UTC")
    text = f"{decision.action.value} by {decision.editor} · {when}"
    if decision.note:
        text += f" — {decision.note}"
    if decision.previous_text is not None:
        text += f" (was: “{decision.previous_text}”)"
    return f"<li class='decision d-{decision.action.value}'>{escape(text)}</li>"


def _sentence(
    number: str,
    sentence: Sentence,
    ids: list[str],
    markers: dict[str, str],
    sources: dict[str, Source],
    publishable: bool,
    briefing_language: str = "en",
    disputes: Sequence[int] = (),
    also: Mapping[str, str] | None = None,
) -> str:
    label = sentence.verdict.label if sentence.verdict else None
    classes = ["sentence"]
    if not publishable:  # the reader's page carries no verdict colours, only the [unverified] mark
        classes.append("v-" + label.value.replace("_", "-") if label else "v-unchecked")
    if is_dropped(sentence):
        classes.append("dropped")
    if not is_settled(sentence):
        classes.append("open")
    links = []
    for cid, cite in zip(ids, sentence.citations, strict=True):
        marker = escape(markers.get(cite.source, cite.source))
        source = sources.get(cite.source)
        if source is not None and _located(cite, source):
            links.append(f"<a class='cite' href='#a-{cid}' data-cite='{cid}'>[{marker}]</a>")
        else:
            links.append(f"<span class='cite missing' title='quote not located'>[{marker}?]</span>")
    lang = language_mark(escape(sentence.language), briefing_language, " <span class='lang'>({})</span>")
    parts = [
        f"<li class='{' '.join(classes)}' id='s-{number}' lang='{escape(sentence.language)}' "
        f"data-cites='{' '.join(ids)}' tabindex='0'>",
        f"<span class='num'>{number}</span> <span class='text'>{escape(sentence.text)}</span>{lang} {''.join(links)}",
    ]
    if publishable and not is_settled(sentence):
        parts.append(f" <strong class='unverified'>{escape(UNVERIFIED_MARK)}</strong>")
    parts.append(_about(sentence, markers, publishable, disputes, also or {}))
    if not publishable:
        parts.append(_trail(sentence))
    parts.append("</li>")
    return "".join(parts)


def _about(
    sentence: Sentence,
    markers: dict[str, str],
    publishable: bool,
    disputes: Sequence[int],
    also: Mapping[str, str],
) -> str:
    """The line under a sentence: its verdict (not on the reader's page), corroboration (each other
    source linked to its span, ``also``) and disagreement."""
    parts = [f"<div class='about'>{'' if publishable else _verdict(sentence)}"]
    if sentence.corroboration > 1:
        others = ", ".join(
            f"<a class='cite' href='#a-{also[s]}' data-cite='{also[s]}'>{escape(markers.get(s, s))}</a>"
            if s in also
            else escape(markers.get(s, s))
            for s in sentence.corroborating_sources
        )
        parts.append(f" <span class='corroboration'>{reported_by(sentence)}{f' ({others})' if others else ''}</span>")
    for k in disputes:  # every disagreement it gives a side of (Briefing.disputes_of)
        parts.append(f" <a class='disputed' href='#d-{k + 1}'>⚠ sources differ (D{k + 1})</a>")
    parts.append("</div>")
    return "".join(parts)


def _trail(sentence: Sentence) -> str:
    """The report page's audit lines: why a flagged sentence is flagged, and the editors' decisions."""
    parts = []
    if sentence.verdict and sentence.verdict.flagged and sentence.verdict.reasons:
        parts.append(
            "<ul class='reasons'>" + "".join(f"<li>{escape(r)}</li>" for r in sentence.verdict.reasons) + "</ul>"
        )
    if sentence.decisions:
        parts.append("<ul class='decisions'>" + "".join(_decision(d) for d in sentence.decisions) + "</ul>")
    return "".join(parts)


def _source(
    info: SourceInfo, source: Source | None, marker: str, anchor: str, spans: list[tuple[str, int, int]]
) -> str:
    named = info.label()  # the outlet and author the article states, then the file it came from
    meta = " · ".join(str(x) for x in (named, info.id if named != info.id else None, info.date, info.language) if x)
    head = (
        f"<article class='source' id='{anchor}' lang='{escape(info.language)}'>"
        f"<h2><span class='marker'>{escape(marker)}</span> {escape(info.title or info.id)}</h2>"
        f"<p class='meta'>{escape(meta)}</p>"
    )
    if source is None:
        return head + "<p class='missing'>source text not available</p></article>"
    return head + f"<div class='text'>{mark_spans(source, spans)}</div></article>"


def mark_spans(source: Source, spans: Sequence[tuple[str, int, int]]) -> str:
    """The escaped source text with each cited span wrapped in ``<mark data-c=…>`` runs.

    Overlapping spans are cut at every boundary: a run lists all citation ids that cover it, so the
    runs of one citation, read in order, are exactly ``source.text[start:end]``. An empty anchor
    ``#a-<id>`` before each span is the scroll target. Page furniture is dimmed.
    """
    text = source.text
    cuts = {0, len(text)}
    for _, start, end in spans:
        cuts.update((start, end))
    for f in source.furniture:
        cuts.update((min(f.start, len(text)), min(f.end, len(text))))
    bounds = sorted(cuts)
    starts: dict[int, list[str]] = {}
    for cid, start, _ in spans:
        starts.setdefault(start, []).append(cid)
    out = []
    for a, b in zip(bounds, bounds[1:] + [None], strict=True):
        out += [f"<span class='anchor' id='a-{cid}'></span>" for cid in starts.get(a, [])]
        if b is None or a == b:
            continue
        run = escape(text[a:b])
        if source.is_furniture(a, b):
            run = f"<span class='furniture'>{run}</span>"
        covering = [cid for cid, start, end in spans if start <= a and b <= end]
        if covering:
            run = f"<mark data-c='{' '.join(covering)}'>{run}</mark>"
        out.append(run)
    return "".join(out)

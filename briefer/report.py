"""The terminal report: rich renderables over a checked Briefing and its sources. No I/O beyond the console."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path

from rich import box
from rich.console import Console, Group
from rich.padding import Padding
from rich.panel import Panel
from rich.rule import Rule
from rich.style import Style
from rich.table import Table
from rich.text import Text

from briefer.controls import reveal, reveal_text
from briefer.models import Briefing, Citation, Sentence, Source, SourceInfo, Verdict, VerdictLabel
from briefer.render.markdown import language_mark

VERDICT_STYLE = {
    VerdictLabel.SUPPORTED: "green",
    VerdictLabel.UNVERIFIED: "cyan",
    VerdictLabel.CONTRADICTED: "bold red",
    VerdictLabel.NOT_IN_SOURCE: "bold red",
    VerdictLabel.PARTIALLY_SUPPORTED: "yellow",
    VerdictLabel.UNSUPPORTED: "bold red",
    VerdictLabel.CITATION_NOT_FOUND: "bold magenta",
    VerdictLabel.UNCITED: "magenta",
}
# Labels are words as well as colours: a report must read the same in monochrome.
VERDICT_MARK = {
    VerdictLabel.SUPPORTED: "✓ supported",
    VerdictLabel.UNVERIFIED: "? unverified",
    VerdictLabel.CONTRADICTED: "✗ contradicted",
    VerdictLabel.NOT_IN_SOURCE: "✗ not in source",
    VerdictLabel.PARTIALLY_SUPPORTED: "~ partial",
    VerdictLabel.UNSUPPORTED: "✗ unsupported",
    VerdictLabel.CITATION_NOT_FOUND: "✗ quote not found",
    VerdictLabel.UNCITED: "? uncited",
}
CONTEXT_CHARS = 160
CROSS_LINGUAL_NOTE = "across languages: only numbers, dates, names, negation and hedges compared"


def verdict_mark(verdict: Verdict) -> str:
    """The verdict's label as shown everywhere, with the cross-lingual caveat when the rules decided."""
    mark = VERDICT_MARK[verdict.label]
    if verdict.cross_lingual and verdict.judge == "rules":
        mark += f" ({CROSS_LINGUAL_NOTE})"
    return mark


_WORD = re.compile(r"\w{3,}", re.UNICODE)


def counted(n: int, noun: str) -> str:
    """ "1 source", "2 sources": a count with its noun, as every view writes it."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


def reported_by(sentence: Sentence) -> str:
    """ "reported by 3 sources"; "at least" when more sources were proposed than the checker checked."""
    return f"reported by {'at least ' if sentence.corroboration_unchecked else ''}{sentence.corroboration} sources"


def source_markers(sources: Sequence[SourceInfo]) -> dict[str, str]:
    """Short stable markers (S1, S2 …) in the order of the sources table."""
    return {s.id: f"S{i}" for i, s in enumerate(sources, start=1)}


def source_links(sources: Sequence[SourceInfo]) -> dict[str, Style]:
    """Per source id, the marker's style: cyan, and an OSC 8 hyperlink to the source file.

    rich writes the link only where it writes styles at all (a terminal); piped or redirected output
    gets the plain ``[S1]``. A source read from stdin has no file to link to."""
    return {
        s.id: Style(color="cyan", link=None if s.path == "stdin" else Path(s.path).absolute().as_uri()) for s in sources
    }


def render_report(briefing: Briefing, sources: Sequence[Source], console: Console) -> None:
    by_id = {s.id: s for s in sources}
    infos = briefing.sources or [s.info() for s in sources]
    markers = source_markers(infos)
    links = source_links(infos)
    console.print(_header(briefing))
    console.print(_sources_table(infos, markers, links))
    for si, section in enumerate(briefing.sections, start=1):
        console.print(Rule(Text(reveal(section.heading), style="bold"), align="left", style="cyan"))
        for i, sentence in enumerate(section.sentences, start=1):
            disputes = briefing.disputes_of(sentence)
            console.print(_sentence_line(f"{si}.{i}", sentence, markers, links, disputes, briefing.language))
    if briefing.conflicts:
        console.print(conflicts_panel(briefing, markers))
    flagged = [(si, i, s) for si, i, s in briefing.sentences() if s.flagged]
    if flagged:
        console.print(Rule(Text(f"Flagged for review ({len(flagged)})", style="bold red"), style="red"))
        for si, i, sentence in flagged:
            console.print(_flag_panel(f"{si + 1}.{i + 1}", sentence, by_id, markers, links))
    console.print(_footer(briefing))


def _header(briefing: Briefing) -> Panel:
    run = briefing.run
    engine = "engine: unknown"
    if run:
        engine = f"engine: {run.engine}" + (f" · model: {run.model}" if run.model else " (embedded, no model)")
        if run.judge_model:  # a model did run: the one that ruled on what the rules left open
            engine = engine.replace(", no model", "") + f" · judge model: {run.judge_model}"
    dates = sorted({s.date for s in briefing.sources if s.date})
    span = f"{dates[0]} – {dates[-1]}" if len(dates) > 1 else (str(dates[0]) if dates else "undated")
    body = Text(reveal(briefing.headline), style="bold")
    n = len(briefing.sources)
    body.append(f"\n{counted(n, 'source')} · {span}\n", style="dim")
    body.append(engine, style="cyan")
    return Panel(body, box=box.HEAVY, expand=True)


def _sources_table(
    sources: Sequence[SourceInfo], markers: Mapping[str, str], links: Mapping[str, Style] | None = None
) -> Table:
    table = Table(title="Sources", box=box.SIMPLE_HEAD, title_justify="left", expand=True)
    table.add_column("", style="bold cyan", no_wrap=True)
    table.add_column("source", no_wrap=True)
    table.add_column("title", ratio=1)
    table.add_column("date", no_wrap=True)
    table.add_column("lang", no_wrap=True)
    for s in sources:
        marker = Text(markers[s.id], style=(links or {}).get(s.id, ""))
        table.add_row(marker, s.label(), reveal(s.title or "—"), str(s.date) if s.date else "—", s.language)
    return table


def _verdict_text(sentence: Sentence, short: bool = False) -> Text:
    if sentence.verdict is None:
        return Text("unchecked", style="bold red")
    label = sentence.verdict.label
    mark = verdict_mark(sentence.verdict)
    if short and mark != VERDICT_MARK[label]:
        mark = VERDICT_MARK[label] + " *"  # the caveat is told whole under the sentence
    return Text(mark, style=VERDICT_STYLE[label])


def _sentence_line(
    number: str,
    sentence: Sentence,
    markers: Mapping[str, str],
    links: Mapping[str, Style] | None = None,
    disputes: Sequence[int] = (),
    briefing_language: str = "en",
) -> Table:
    grid = Table.grid(padding=(0, 1), expand=True)
    grid.add_column(width=5, style="dim", no_wrap=True)
    grid.add_column(ratio=1)
    grid.add_column(width=18, no_wrap=True)
    body = Text(reveal(sentence.text))
    if mark := language_mark(sentence.language, briefing_language, " ({})"):  # as Markdown and HTML mark it
        body.append(mark, style="italic dim")
    for cite in sentence.citations:
        body.append(" ")
        body.append(f"[{markers.get(cite.source, cite.source)}]", style=(links or {}).get(cite.source, "cyan"))
    if sentence.corroboration > 1:
        floor = "+" if sentence.corroboration_unchecked else ""  # more were proposed than checked
        body.append(f" ×{sentence.corroboration}{floor} sources", style="dim green")
    if disputes:  # every disagreement it gives a side of (Briefing.disputes_of)
        body.append(f" ⚠ sources differ (see {', '.join(f'D{k + 1}' for k in disputes)})", style="bold yellow")
    decision = sentence.decision
    if decision:
        body.append(f" — {decision.action.value} by {decision.editor}", style="italic blue")
    verdict = sentence.verdict
    if verdict is not None and verdict_mark(verdict) != VERDICT_MARK[verdict.label]:
        # The caveat is longer than the verdict column, which cut it to "(acro…": it goes under the words.
        body.append(f"\n* {VERDICT_MARK[verdict.label].split(' ', 1)[-1]} {CROSS_LINGUAL_NOTE}", style="dim")
    grid.add_row(number, body, _verdict_text(sentence, short=True))
    return grid


def evidence_text(source: Source, cite: Citation, sentence_text: str) -> Text:
    """The cited span in bold with some context, words shared with the sentence highlighted."""
    if cite.start is None or cite.end is None:
        return Text(reveal(cite.quote or ""), style="magenta")
    lo = max(0, cite.start - CONTEXT_CHARS)
    hi = min(len(source.text), cite.end + CONTEXT_CHARS)
    # Snap context to whole lines/sentences where possible so the editor does not read half-words.
    nl = source.text.rfind("\n", lo, cite.start)
    lo = nl + 1 if nl != -1 else lo
    nl = source.text.find("\n", cite.end, hi)
    hi = nl if nl != -1 else hi
    text = Text(("…" if lo > 0 else "") + source.text[lo:hi] + ("…" if hi < len(source.text) else ""))
    offset = 1 if lo > 0 else 0
    text.stylize("dim", 0, len(text))
    text.stylize("not dim bold", offset + cite.start - lo, offset + cite.end - lo)
    words = {w.lower() for w in _WORD.findall(sentence_text)}
    for m in _WORD.finditer(source.text, cite.start, cite.end):
        if m.group(0).lower() in words:
            text.stylize("black on yellow", offset + m.start() - lo, offset + m.end() - lo)
    return reveal_text(text)


def _flag_panel(
    number: str,
    sentence: Sentence,
    sources: Mapping[str, Source],
    markers: Mapping[str, str],
    links: Mapping[str, Style] | None = None,
) -> Panel:
    verdict = sentence.verdict
    reasons = Text()
    for reason in verdict.reasons if verdict else ["not checked"]:
        reasons.append("• " + reveal(reason) + "\n")
    evidence: list[Text | Padding] = []
    for cite in sentence.citations:
        head = Text()
        head.append(f"[{markers.get(cite.source, cite.source)}]", style=(links or {}).get(cite.source, "cyan"))
        head.append(f" {cite.source}", style="cyan")
        source = sources.get(cite.source)
        if source is not None and cite.start is not None and cite.end is not None:
            head.append(f"  chars {cite.start}–{cite.end} ({cite.match or 'located'})", style="dim")
            evidence += [head, Padding(evidence_text(source, cite, sentence.text), (0, 0, 1, 2))]
        else:
            head.append("  quote not located in this source", style="magenta")
            evidence += [head, Padding(Text(repr(cite.quote or ""), style="magenta"), (0, 0, 1, 2))]
    if not sentence.citations:
        evidence.append(Text("no citation", style="magenta"))
    grid = Table.grid(padding=(0, 2), expand=True)
    grid.add_column(ratio=2)
    grid.add_column(ratio=3)
    grid.add_row(Group(Text(reveal(sentence.text), style="bold"), Text(), reasons), Group(*evidence))
    title = Text(f"{number} ")
    title.append_text(_verdict_text(sentence))
    if verdict:
        title.append(f" · score {verdict.score:.2f}", style="dim")
    style = VERDICT_STYLE[verdict.label] if verdict else "red"
    return Panel(grid, title=title, title_align="left", border_style=style, expand=True)


def conflicts_panel(briefing: Briefing, markers: Mapping[str, str]) -> Group:
    """The "Sources disagree" block: per disagreement, every side with its source, value, time and span."""
    rows: list[Rule | Text] = [
        Rule(Text(f"Sources disagree ({len(briefing.conflicts)})", style="bold yellow"), style="yellow")
    ]
    for k, conflict in enumerate(briefing.conflicts, start=1):
        rows.append(Text(f"D{k}  {conflict.story} — {conflict.about}", style="bold"))
        for side in conflict.sides:
            line = Text(f"     [{markers.get(side.source, side.source)}] ", style="cyan")
            line.append(side.value, style="bold")
            if side.as_of:
                line.append(f" ({side.as_of})", style="dim")
            line.append(f" “{side.quote}” ")
            line.append(f"chars {side.start}–{side.end}", style="dim")
            rows.append(line)
    return Group(*rows)


def silent_sources(briefing: Briefing) -> list[str]:
    """Sources that contributed nothing: neither cited nor counted as reporting a cited fact."""
    used = {c.source for _, _, s in briefing.sentences() for c in s.citations}
    used |= {src for _, _, s in briefing.sentences() for src in s.corroborating_sources}
    used |= {side.source for c in briefing.conflicts for side in c.sides}
    return [s.id for s in briefing.sources if s.id not in used]


def verdict_counts(briefing: Briefing) -> Counter[str]:
    return Counter(s.verdict.label.value if s.verdict else "unchecked" for _, _, s in briefing.sentences())


def _footer(briefing: Briefing) -> Text:
    counts = verdict_counts(briefing)
    total = sum(counts.values())
    unverified = counts.get(VerdictLabel.UNVERIFIED.value, 0)
    flagged = total - counts.get(VerdictLabel.SUPPORTED.value, 0) - unverified
    text = Text(f"{counted(total, 'sentence')} · ", style="bold")
    text.append(f"{counts.get('supported', 0)} supported", style="green")
    text.append(" · ")
    text.append(f"{flagged} flagged", style="bold red" if flagged else "green")
    text.append(" · ")
    text.append(f"{unverified} unverified", style="cyan")
    details = [f"{k} {v}" for k, v in sorted(counts.items()) if k not in ("supported", "unverified")]
    if details:
        text.append(f" ({', '.join(details)})", style="dim")
    if briefing.conflicts:
        text.append(f" · {len(briefing.conflicts)} where sources disagree", style="bold yellow")
    silent = silent_sources(briefing)
    if silent:
        markers = source_markers(briefing.sources)
        text.append(f"\ncontributed nothing: {', '.join(markers.get(s, s) for s in silent)}", style="dim")
    run = briefing.run
    if run:
        text.append(f"\nengine {run.engine}")
        if run.model:
            text.append(f" · model {run.model}")
        if run.judge_model:
            text.append(f" · judge model {run.judge_model}")
        if run.prompt_versions:
            text.append(" · prompts " + ", ".join(f"{k}@{v}" for k, v in sorted(run.prompt_versions.items())))
        if run.usage.calls or run.usage.cache_hits:
            u = run.usage
            text.append(
                f"\n{u.calls} model calls ({u.cache_hits} from cache, {u.retries} retries) · "
                f"{u.prompt_tokens} prompt + {u.completion_tokens} completion tokens"
            )
        if "total" in run.timings:
            text.append(f" · {run.timings['total']:.2f} s", style="dim")
        if run.source_tokens:  # counted only where chunks were made (the LLM engine)
            text.append(f" · {run.source_tokens} source tokens", style="dim")
    return text

"""A briefing as Markdown: sentences in paragraphs, every citation a footnote naming its source and quote.

Article text and model output are escaped, so a quote can neither start Markdown formatting nor
smuggle raw HTML into whatever renders the file later.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from briefer.controls import reveal
from briefer.models import Briefing, Citation, Sentence, Source, SourceInfo
from briefer.publish import UNVERIFIED_MARK, is_settled, published

# Every ASCII punctuation character CommonMark lets a backslash escape that could start markup here.
_MARKUP = re.compile(r"([\\`*_\[\]<>#|~!&])")
_SPACE = re.compile(r"\s+")


def language_mark(language: str, briefing_language: str, form: str) -> str:
    """A sentence quoted in another language than the briefing's says which ("(de)"); unknown says nothing."""
    return form.format(language) if language and language not in (briefing_language, "und") else ""


def escape_markdown(text: str) -> str:
    """``text`` on one line with every markup character backslash-escaped and hidden characters shown."""
    return reveal(_MARKUP.sub(r"\\\1", _SPACE.sub(" ", text).strip()))


def render_markdown(briefing: Briefing, sources: Sequence[Source], *, allow_open: bool = False) -> str:
    """The publishable briefing: dropped sentences left out, edits in, citations as footnotes.

    Raises ``ExportBlocked`` while flagged sentences are undecided, unless ``allow_open``; an open
    sentence is then set in bold inside the mark, ``**[unverified: …]**``, so the mark belongs to it.
    """
    carried = published(briefing, allow_open)
    by_id = {s.id: s for s in sources}
    infos: dict[str, SourceInfo] = {s.id: s.info() for s in sources} | {s.id: s for s in briefing.sources}
    notes = _Notes(infos)
    unverified = 0
    out = [f"# {escape_markdown(briefing.headline)}", ""]
    for si, section in enumerate(briefing.sections):
        kept = [s for sj, _, s in carried if sj == si]
        if not kept:
            continue
        paragraph = [
            _sentence(sentence, briefing.language, by_id, notes, briefing.disputes_of(sentence)) for sentence in kept
        ]
        unverified += sum(1 for sentence in kept if not is_settled(sentence))
        out += [f"## {escape_markdown(section.heading)}", "", " ".join(paragraph), ""]
    if briefing.conflicts:
        out += _conflicts(briefing, notes)
    if unverified:
        out += [
            f"> **Note:** {unverified} sentence(s) shown as **{escape_markdown(UNVERIFIED_MARK[:-1])}: …"
            f"{escape_markdown(UNVERIFIED_MARK[-1])}** are not supported by their cited sources and were not "
            "reviewed by an editor.",
            "",
        ]
    if notes.footnotes:
        out += notes.footnotes + [""]
    return "\n".join(out)


class _Notes:
    """Footnotes in order of first reference; one span quoted twice is one footnote."""

    def __init__(self, infos: dict[str, SourceInfo]) -> None:
        self.infos = infos
        self.numbers: dict[tuple[str, int | None, int | None, str], int] = {}
        self.footnotes: list[str] = []

    def ref(self, cite: Citation, quote: str) -> str:
        key = (cite.source, cite.start, cite.end, quote)
        if key not in self.numbers:
            self.numbers[key] = len(self.numbers) + 1
            self.footnotes.append(_footnote(self.numbers[key], cite, quote, self.infos.get(cite.source)))
        return f"[^{self.numbers[key]}]"


def _sentence(
    sentence: Sentence, briefing_language: str, by_id: dict[str, Source], notes: _Notes, disputes: list[int]
) -> str:
    """One sentence with its language mark, footnote references and disagreement pointer; an open one
    inside its unverified mark."""
    text = escape_markdown(sentence.text)
    refs = language_mark(sentence.language, briefing_language, " *({})*")
    for cite in sentence.citations:
        refs += notes.ref(cite, _evidence(cite, by_id.get(cite.source)))
    if disputes:
        refs += f" *(sources differ: see {', '.join(f'D{k + 1}' for k in disputes)} below)*"
    if not is_settled(sentence):
        # The mark encloses its sentence: it can be read neither with the sentence before nor after.
        text = f"**{escape_markdown(UNVERIFIED_MARK[:-1])}: {text}{escape_markdown(UNVERIFIED_MARK[-1])}**"
    return text + refs


def _conflicts(briefing: Briefing, notes: _Notes) -> list[str]:
    """The "Sources disagree" list: each side's source, value, time and quote, with its footnote."""
    out = ["## Sources disagree", ""]
    for k, conflict in enumerate(briefing.conflicts, start=1):
        out.append(f"- **D{k}** {escape_markdown(conflict.story)} — {escape_markdown(conflict.about)}:")
        for side in conflict.sides:
            cite = Citation(source=side.source, quote=side.quote, start=side.start, end=side.end)
            when = f" ({escape_markdown(side.as_of)})" if side.as_of else ""
            info = notes.infos.get(side.source)
            named = escape_markdown(info.label() if info else side.source)
            out.append(
                f"  - {named}: **{escape_markdown(side.value)}**{when} "
                f"“{escape_markdown(side.quote)}”{notes.ref(cite, side.quote)}"
            )
    return out + [""]


def _evidence(cite: Citation, source: Source | None) -> str:
    """The located span when there is one (it is what the source says), else the claimed quote."""
    if source is not None and cite.start is not None and cite.end is not None:
        return source.text[cite.start : cite.end]
    return cite.quote or ""


def _footnote(number: int, cite: Citation, quote: str, info: SourceInfo | None) -> str:
    title = info.title if info and info.title else cite.source
    if info and info.label() != info.id:  # "Harbor Gazette · Dana Whitfield", as the article states them
        title = f"{title}, {info.label()}"
    dated = f"{title}, {info.date}" if info and info.date else title
    where = f"chars {cite.start}–{cite.end}" if cite.start is not None and cite.end is not None else "not located"
    return (
        f"[^{number}]: “{escape_markdown(quote)}” — {escape_markdown(dated)} "
        f"(source {escape_markdown(cite.source)}, {where})"
    )

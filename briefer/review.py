"""The editor loop: one flagged sentence at a time, a decision per key, each saved the moment it is made.

Every decision is appended to the sentence's audit trail (who, when, what it was before) and the
whole briefing is written atomically at once, so Ctrl-C or a crash loses nothing and the next
review resumes at the first sentence still undecided. Keys, lines and the editor are injectable
(``briefer.editing`` has the terminal's), so tests drive the loop without a terminal.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console, Group
from rich.padding import Padding
from rich.panel import Panel
from rich.rule import Rule
from rich.text import Text

from briefer.binding import confirm_briefing, content_digest, recheck_sentence
from briefer.config import Settings
from briefer.controls import reveal
from briefer.editing import EditorOpener, KeyReader, LineReader, console_prompt, sentence_editor
from briefer.editing import terminal_key as _terminal_key  # a module name here, so tests can swap the keyboard
from briefer.files import hold_lock, read_briefing, write_briefing
from briefer.models import Briefing, Citation, Decision, DecisionAction, Sentence, Source
from briefer.publish import applies, is_accepted, is_dropped, is_settled, open_sentences
from briefer.report import VERDICT_STYLE, evidence_text, reported_by, source_markers, verdict_mark
from briefer.verify import suggest_citations

KEYS = "[a]ccept  [e]dit  [c]ite another span  [r]eplace the citations  [d]rop  [s]kip  [b]ack  [q]uit"
SEARCH_HITS = 5


@dataclass(frozen=True)
class ReviewSummary:
    """Where the briefing stands after a review, counted in sentences: accepted (as they stand) and
    dropped by their latest decision; edited, and re-cited (a citation added or replaced), by any
    decision; and flags no one has settled."""

    accepted: int
    edited: int
    recited: int
    dropped: int
    open: int
    decided_now: int


def run_review(
    path: str | Path,
    sources: Sequence[Source] | Mapping[str, Source],
    *,
    all_sentences: bool = False,
    editor: str,
    console: Console | None = None,
    read_key: KeyReader | None = None,
    read_line: LineReader | None = None,
    open_editor: EditorOpener | None = None,
    settings: Settings | None = None,
    on_warning: Callable[[str], None] | None = None,
) -> ReviewSummary:
    """Review the briefing at ``path`` against ``sources``, writing every decision into it at once.

    The file is locked for the session (a second review is refused, naming who holds it since when).
    Every verdict that no longer matches what it checked is checked again first (``confirm_briefing``).
    Only flagged sentences are visited unless ``all_sentences``. Keys come from ``read_key`` (default:
    single keypresses from the terminal), notes and searches from ``read_line``, edits from
    ``open_editor`` (default: ``settings.editor_command`` on a temporary file, else an inline prompt
    that starts from the current text).
    """
    console = console or Console()
    settings = settings or Settings.from_env()
    prefill = read_line is None and sys.stdin.isatty()
    read_line = read_line or console_prompt(console)
    by_id = dict(sources) if isinstance(sources, Mapping) else {s.id: s for s in sources}
    with hold_lock(path, editor):
        stored = read_briefing(path)
        briefing = confirm_briefing(stored, list(by_id.values()), settings=settings, on_warning=on_warning)
        if briefing is not stored:
            write_briefing(path, briefing)  # (re-)checked: review what the checker found
        session = _Session(
            path=Path(path),
            briefing=briefing,
            sources=by_id,
            editor=editor,
            console=console,
            read_line=read_line,
            open_editor=open_editor or sentence_editor(settings.editor_command, read_line, console, prefill),
            settings=settings,
        )
        try:
            session.run(read_key or _terminal_key(), all_sentences)
        except KeyboardInterrupt:
            console.print(f"\ninterrupted — every decision so far is saved in {path}", style="yellow")
            session.print_summary()
            raise
        return session.print_summary()


@dataclass
class _Session:
    path: Path
    briefing: Briefing
    sources: dict[str, Source]
    editor: str
    console: Console
    read_line: LineReader
    open_editor: EditorOpener
    settings: Settings
    decided_now: int = 0

    def run(self, read_key: KeyReader, all_sentences: bool) -> None:
        # Unverified sentences are in the queue too, as their own state: never passed as ✓.
        queue = [
            (si, i)
            for si, i, s in self.briefing.sentences()
            if all_sentences or s.flagged or s.unverified or s.decisions
        ]
        pending = [n for n, (si, i) in enumerate(queue) if self._undecided(self._sentence(si, i), all_sentences)]
        if not pending:
            self.console.print("nothing to review: every flagged sentence has a decision", style="green")
            return
        pos, show = pending[0], True
        while 0 <= pos < len(queue):
            si, i = queue[pos]
            if show:
                self._show(si, i, pos, len(queue))
            show = True
            key = read_key().lower()
            if key in ("q", "\x04"):
                return
            if key == "s":
                pos += 1
            elif key == "b":
                pos = max(0, pos - 1)
            elif key == "a":
                if self._accept(si, i):
                    pos += 1
            elif key == "d":
                note = self.read_line("dropped — note (optional): ").strip() or None
                self._decide(si, i, self._sentence(si, i), DecisionAction.DROPPED, note=note)
                pos += 1
            elif key in ("e", "c", "r"):
                changed = self._edit(si, i) if key == "e" else self._recite(si, i, replace=key == "r")
                if changed and is_settled(self._sentence(si, i)):
                    pos += 1
            else:
                self.console.print(f"keys: {KEYS}", style="dim", markup=False)
                show = False

    @staticmethod
    def _undecided(sentence: Sentence, all_sentences: bool) -> bool:
        return not is_settled(sentence) or ((all_sentences or sentence.unverified) and not sentence.decisions)

    def _accept(self, si: int, i: int) -> bool:
        """Accept the sentence; a flagged one only after a yes and a note saying why."""
        sentence = self._sentence(si, i)
        if not sentence.flagged:
            note = self.read_line("accepted — note (optional): ").strip() or None
            self._decide(si, i, sentence, DecisionAction.ACCEPTED, note=note)
            return True
        mark = _verdict_text(sentence).plain.split(" · ")[0]
        answer = self.read_line(f"accept a flagged sentence ({mark}) as it stands? type y to confirm: ")
        if answer.strip().lower() not in ("y", "yes"):
            self.console.print("not accepted", style="dim")
            return False
        note = self.read_line("why may it be published? (a note is required): ").strip()
        if not note:
            self.console.print("not accepted: accepting a flagged sentence needs a note", style="yellow")
            return False
        self._decide(si, i, sentence, DecisionAction.ACCEPTED, note=note)
        return True

    def _sentence(self, si: int, i: int) -> Sentence:
        return self.briefing.sections[si].sentences[i]

    def _decide(
        self,
        si: int,
        i: int,
        sentence: Sentence,
        action: DecisionAction,
        note: str | None = None,
        previous_text: str | None = None,
        previous_citations: list[Citation] | None = None,
    ) -> None:
        """Append the decision to ``sentence``, put it in place and write the briefing atomically."""
        previous = self._sentence(si, i).decisions
        decision = Decision(
            action=action,
            editor=self.editor,
            at=dt.datetime.now(dt.UTC),
            note=note,
            previous_text=previous_text,
            previous_citations=previous_citations,
            sentence=content_digest(sentence),
        )
        sentence.decisions = [*previous, decision]
        self.briefing.sections[si].sentences[i] = sentence
        write_briefing(self.path, self.briefing)
        self.decided_now += 1
        self.console.print(f"→ {action.value} by {self.editor}, saved", style="blue")

    def _edit(self, si: int, i: int) -> bool:
        old = self._sentence(si, i)
        new_text = self.open_editor(old.text)
        if new_text is None or not new_text.strip() or new_text.strip() == old.text.strip():
            self.console.print("unchanged", style="dim")
            return False
        checked = recheck_sentence(
            old.model_copy(update={"text": new_text.strip()}, deep=True), self.sources, settings=self.settings
        )
        self._decide(si, i, checked, DecisionAction.EDITED, previous_text=old.text)
        self._print_recheck(checked)
        return True

    def _recite(self, si: int, i: int, replace: bool) -> bool:
        """Add a span the editor picks to the sentence's citations (or, with ``replace``, cite only it)."""
        old = self._sentence(si, i)
        query = self.read_line("search the sources for (empty: the sentence's words): ").strip() or old.text
        hits = suggest_citations(query, self.sources, limit=SEARCH_HITS)
        if not hits:
            self.console.print("no matching span in the sources", style="yellow")
            return False
        markers = source_markers([s.info() for s in self.sources.values()])
        for n, hit in enumerate(hits, start=1):
            named = self.sources[hit.source].label() if hit.source in self.sources else hit.source
            head = Text(f"{n}. [{markers.get(hit.source, hit.source)}] {reveal(named)}", style="cyan")
            self.console.print(head, Padding(self._evidence(hit, query), (0, 0, 0, 3)))
        choice = self.read_line(f"cite which (1–{len(hits)}, empty: cancel): ").strip()
        if not choice.isdigit() or not 1 <= int(choice) <= len(hits):
            self.console.print("cancelled", style="dim")
            return False
        picked = hits[int(choice) - 1]
        quote = picked.quote
        if quote is None and picked.start is not None and picked.source in self.sources:
            quote = self.sources[picked.source].text[picked.start : picked.end]
        fresh = Citation(source=picked.source, quote=quote)  # offsets are the checker's to fill
        citations = [fresh] if replace else [*old.citations, fresh]
        checked = recheck_sentence(
            old.model_copy(update={"citations": citations}, deep=True), self.sources, settings=self.settings
        )
        action = DecisionAction.RECITED if replace else DecisionAction.CITED
        self._decide(si, i, checked, action, previous_citations=old.citations)
        self._print_recheck(checked)
        return True

    def _print_recheck(self, sentence: Sentence) -> None:
        line = Text("re-checked: ")
        line.append_text(_verdict_text(sentence))
        if not is_settled(sentence):
            line.append("  still flagged: accept it, edit again, cite another span or drop it", style="yellow")
        self.console.print(line)

    def _evidence(self, cite: Citation, sentence_text: str) -> Text:
        source = self.sources.get(cite.source)
        if source is None:
            return Text(f"source {cite.source} not given (--sources)", style="magenta")
        return evidence_text(source, cite, sentence_text)

    def _show(self, si: int, i: int, pos: int, total: int) -> None:
        sentence = self._sentence(si, i)
        section = self.briefing.sections[si]
        markers = source_markers(self.briefing.sources or [s.info() for s in self.sources.values()])
        self.console.print(
            Rule(
                Text(f"{pos + 1} of {total} · section “{section.title}” · sentence {si + 1}.{i + 1}"),
                align="left",
                style="cyan",
            )
        )
        head = Text(reveal(sentence.text), style="bold")
        verdict = sentence.verdict
        parts: list[Text | Padding] = [head, _verdict_text(sentence)]
        for reason in verdict.reasons if verdict else ["not checked"]:
            parts.append(Text(f"  • {reveal(reason)}"))
        if sentence.corroboration > 1:
            others = ", ".join(markers.get(s, s) for s in sentence.corroborating_sources)
            parts.append(Text(reported_by(sentence) + (f" ({others})" if others else ""), style="green"))
            for c in sentence.corroborating_citations:  # the span of each other source, as the checker confirmed it
                quote = c.quote or ""
                shown = quote if len(quote) <= 100 else quote[:99] + "…"
                parts.append(Text(f"  [{markers.get(c.source, c.source)}] “{reveal(shown)}”", style="dim green"))
        else:
            parts.append(Text("reported by 1 source", style="dim"))
        for k in self.briefing.disputes_of(sentence):  # the other sides, where the editor decides
            conflict = self.briefing.conflicts[k]
            sides = " · ".join(f"[{markers.get(s.source, s.source)}] {s.value}" for s in conflict.sides)
            parts.append(Text(reveal(f"⚠ sources differ (D{k + 1}) on {conflict.about}: {sides}"), style="bold yellow"))
        for d in sentence.decisions:
            when = d.at.strftime("%Y-%m-%d %H:%M UTC")
            stale = "" if applies(d, sentence) or d is not sentence.decision else " (made on an earlier text)"
            parts.append(
                Text(
                    f"{d.action.value} by {d.editor} · {when}" + (f" — {d.note}" if d.note else "") + stale,
                    style="italic blue",
                )
            )
        for cite in sentence.citations:
            where = f"chars {cite.start}–{cite.end}" if cite.start is not None else "quote not located"
            source = self.sources.get(cite.source)
            # "Coastal Times · Tom Okafor: Marlow Ridge blaze …", as the article names itself, else its id
            named = source.label() if source else cite.source
            title = f"{named}: {source.title}" if source and source.title else named
            parts.append(Text(reveal(f"[{markers.get(cite.source, cite.source)}] {title} · {where}"), style="cyan"))
            parts.append(Padding(self._evidence(cite, sentence.text), (0, 0, 0, 2)))
        if not sentence.citations:
            parts.append(Text("no citation", style="magenta"))
        style = "yellow" if sentence.unverified else VERDICT_STYLE.get(verdict.label, "red") if verdict else "red"
        self.console.print(Panel(Group(*parts), border_style=style, expand=True))
        self.console.print(KEYS, style="bold", markup=False, highlight=False)

    def print_summary(self) -> ReviewSummary:
        sentences = [s for _, _, s in self.briefing.sentences()]
        recite = {DecisionAction.RECITED, DecisionAction.CITED}
        summary = ReviewSummary(
            accepted=sum(is_accepted(s) for s in sentences),
            edited=sum(any(d.action is DecisionAction.EDITED for d in s.decisions) for s in sentences),
            recited=sum(any(d.action in recite for d in s.decisions) for s in sentences),
            dropped=sum(is_dropped(s) for s in sentences),
            open=len(open_sentences(self.briefing)),
            decided_now=self.decided_now,
        )
        line = Text(
            f"review: {summary.accepted} accepted · {summary.edited} edited · {summary.recited} re-cited · "
            f"{summary.dropped} dropped · ",
            style="bold",
        )
        line.append(f"{summary.open} still open", style="bold red" if summary.open else "bold green")
        line.append(f"  ({summary.decided_now} decision(s) this session, saved in {self.path})", style="dim")
        self.console.print(line)
        return summary


def _verdict_text(sentence: Sentence) -> Text:
    verdict = sentence.verdict
    if verdict is None:
        return Text("? unchecked", style="bold red")
    text = Text(verdict_mark(verdict), style=VERDICT_STYLE.get(verdict.label, "yellow"))
    text.append(f" · score {verdict.score:.2f}", style="dim")
    return text

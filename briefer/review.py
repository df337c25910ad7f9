"""The editor loop: one flagged sentence at a time, a decision per key, each saved the moment it is made.

Every decision is appended to the sentence's audit trail (who, when, what it was before) and the
whole briefing is written atomically at once, so Ctrl-C or a crash loses nothing and the next
review resumes at the first sentence still undecided. Keys, lines and the editor are injectable
so tests drive the loop without a terminal.
"""

from __future__ import annotations

import datetime as dt
import shlex
import subprocess
import sys
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console, Group
from rich.padding import Padding
from rich.panel import Panel
from rich.rule import Rule
from rich.text import Text

from briefer.config import Settings
from briefer.export import is_settled, open_sentences
from briefer.files import read_briefing, write_briefing
from briefer.models import Briefing, Citation, Decision, DecisionAction, Sentence, Source
from briefer.report import VERDICT_STYLE, evidence_text, source_markers, verdict_mark
from briefer.verify import check_sentence, suggest_citations

KeyReader = Callable[[], str]
LineReader = Callable[[str], str]
EditorOpener = Callable[[str], str | None]

KEYS = "[a]ccept  [e]dit  [c]ite another span  [d]rop  [s]kip  [b]ack  [q]uit"
SEARCH_HITS = 5


@dataclass(frozen=True)
class ReviewSummary:
    """Where the briefing stands after a review: latest decisions, and flags no one has settled."""

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
) -> ReviewSummary:
    """Review the briefing at ``path`` against ``sources``, writing every decision into it at once.

    Only flagged sentences are visited unless ``all_sentences``. Keys come from ``read_key`` (default:
    single keypresses from the terminal), notes and searches from ``read_line``, edits from
    ``open_editor`` (default: ``settings.editor_command`` on a temporary file, else an inline prompt).
    """
    console = console or Console()
    settings = settings or Settings.from_env()
    read_line = read_line or _prompt(console)
    session = _Session(
        path=Path(path),
        briefing=read_briefing(path),
        sources=dict(sources) if isinstance(sources, Mapping) else {s.id: s for s in sources},
        editor=editor,
        console=console,
        read_line=read_line,
        open_editor=open_editor or _editor(settings.editor_command, read_line),
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
        queue = [(si, i) for si, i, s in self.briefing.sentences()
                 if all_sentences or s.flagged or s.unverified or s.decisions]
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
            elif key in ("a", "d"):
                action = DecisionAction.ACCEPTED if key == "a" else DecisionAction.DROPPED
                note = self.read_line(f"{action.value} — note (optional): ").strip() or None
                self._decide(si, i, self._sentence(si, i), action, note=note)
                pos += 1
            elif key in ("e", "c"):
                changed = self._edit(si, i) if key == "e" else self._recite(si, i)
                if changed and is_settled(self._sentence(si, i)):
                    pos += 1
            else:
                self.console.print(f"keys: {KEYS}", style="dim", markup=False)
                show = False

    @staticmethod
    def _undecided(sentence: Sentence, all_sentences: bool) -> bool:
        return not is_settled(sentence) or ((all_sentences or sentence.unverified) and not sentence.decisions)

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
        checked = check_sentence(old.model_copy(update={"text": new_text.strip()}, deep=True), self.sources,
                                 settings=self.settings)
        self._decide(si, i, checked, DecisionAction.EDITED, previous_text=old.text)
        self._print_recheck(checked)
        return True

    def _recite(self, si: int, i: int) -> bool:
        old = self._sentence(si, i)
        query = self.read_line("search the sources for (empty: the sentence's words): ").strip() or old.text
        hits = suggest_citations(query, self.sources, limit=SEARCH_HITS)
        if not hits:
            self.console.print("no matching span in the sources", style="yellow")
            return False
        markers = source_markers([s.info() for s in self.sources.values()])
        for n, hit in enumerate(hits, start=1):
            head = Text(f"{n}. [{markers.get(hit.source, hit.source)}] {hit.source}", style="cyan")
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
        checked = check_sentence(old.model_copy(update={"citations": [fresh]}, deep=True), self.sources,
                                 settings=self.settings)
        self._decide(si, i, checked, DecisionAction.RECITED, previous_citations=old.citations)
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
        self.console.print(Rule(Text(f"{pos + 1} of {total} · section “{section.title}” · sentence {si + 1}.{i + 1}"),
                                align="left", style="cyan"))
        head = Text(sentence.text, style="bold")
        verdict = sentence.verdict
        parts: list[Text | Padding] = [head, _verdict_text(sentence)]
        for reason in verdict.reasons if verdict else ["not checked"]:
            parts.append(Text(f"  • {reason}"))
        if sentence.corroboration > 1:
            others = ", ".join(markers.get(s, s) for s in sentence.corroborating_sources)
            parts.append(Text(f"reported by {sentence.corroboration} sources" + (f" ({others})" if others else ""),
                              style="green"))
        else:
            parts.append(Text("reported by 1 source", style="dim"))
        for d in sentence.decisions:
            when = d.at.strftime("%Y-%m-%d %H:%M UTC")
            parts.append(Text(f"{d.action.value} by {d.editor} · {when}" + (f" — {d.note}" if d.note else ""),
                              style="italic blue"))
        for cite in sentence.citations:
            where = f"chars {cite.start}–{cite.end}" if cite.start is not None else "quote not located"
            title = self.sources[cite.source].title if cite.source in self.sources else None
            parts.append(Text(f"[{markers.get(cite.source, cite.source)}] {title or cite.source} · {where}",
                              style="cyan"))
            parts.append(Padding(self._evidence(cite, sentence.text), (0, 0, 0, 2)))
        if not sentence.citations:
            parts.append(Text("no citation", style="magenta"))
        style = VERDICT_STYLE[verdict.label] if verdict else "red"
        self.console.print(Panel(Group(*parts), border_style=style, expand=True))
        self.console.print(KEYS, style="bold", markup=False, highlight=False)

    def print_summary(self) -> ReviewSummary:
        latest = [s.decision.action for _, _, s in self.briefing.sentences() if s.decision]
        summary = ReviewSummary(
            accepted=latest.count(DecisionAction.ACCEPTED),
            edited=latest.count(DecisionAction.EDITED),
            recited=latest.count(DecisionAction.RECITED),
            dropped=latest.count(DecisionAction.DROPPED),
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
    text = Text(verdict_mark(verdict), style=VERDICT_STYLE[verdict.label])
    text.append(f" · score {verdict.score:.2f}", style="dim")
    return text


def _prompt(console: Console) -> LineReader:
    def read(prompt: str) -> str:
        try:
            return console.input(prompt)
        except EOFError:
            return ""

    return read


def _editor(command: str | None, read_line: LineReader) -> EditorOpener:
    """$EDITOR on a temporary file when configured, else an inline prompt."""
    if not command:
        return lambda text: read_line("new text (empty: cancel): ")

    def open_editor(text: str) -> str | None:
        with tempfile.TemporaryDirectory(prefix="briefer-edit-") as tmp:
            draft = Path(tmp) / "sentence.txt"
            draft.write_text(text + "\n", encoding="utf-8")
            # An editor that exits non-zero (vim's :cq) means "abandon this edit".
            if subprocess.run([*shlex.split(command), str(draft)], check=False).returncode != 0:
                return None
            return " ".join(draft.read_text(encoding="utf-8").split())

    return open_editor


def _terminal_key() -> KeyReader:
    """One keypress without Enter on a terminal; the first character of a line otherwise (EOF quits)."""

    def read() -> str:
        if not sys.stdin.isatty():
            line = sys.stdin.readline()
            return line.strip()[:1] if line else "q"
        import termios
        import tty

        fd = sys.stdin.fileno()
        saved = termios.tcgetattr(fd)
        try:
            tty.setcbreak(fd)  # keeps ISIG: Ctrl-C still interrupts
            return sys.stdin.read(1)
        finally:
            termios.tcsetattr(fd, termios.TCSADRAIN, saved)

    return read

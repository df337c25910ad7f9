"""What is publishable: the rules that decide which sentences an export may carry, and how.

A flagged sentence may only be published once an editor has settled it. Until then an export is
refused (``ExportBlocked``) unless the caller explicitly allows open sentences, which are then marked.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from briefer.errors import InputError
from briefer.models import Briefing, DecisionAction, Sentence, Source

UNVERIFIED_MARK = "[unverified]"


class ExportBlocked(InputError):
    """Flagged sentences are still undecided; ``open_sentences`` lists them as (section, index, text)."""

    def __init__(self, open_sentences: Sequence[tuple[int, int, str]]) -> None:
        self.open_sentences = list(open_sentences)
        listed = "; ".join(f"{si + 1}.{i + 1} {text!r}" for si, i, text in self.open_sentences)
        super().__init__(
            f"{len(self.open_sentences)} flagged sentence(s) still undecided — review them "
            f"(briefer review) or pass --allow-open to export them marked {UNVERIFIED_MARK}: {listed}"
        )


def is_settled(sentence: Sentence) -> bool:
    """Whether the sentence needs no further editor decision.

    Accepting or dropping settles a sentence. An edit or a new citation settles it only when the
    re-check supports it: an editor must not turn an unsupported claim into another unsupported one
    without saying so by accepting it.
    """
    decision = sentence.decision
    if decision is None:
        return not sentence.flagged
    if decision.action in (DecisionAction.ACCEPTED, DecisionAction.DROPPED):
        return True
    return not sentence.flagged


def is_dropped(sentence: Sentence) -> bool:
    return sentence.decision is not None and sentence.decision.action is DecisionAction.DROPPED


def open_sentences(briefing: Briefing) -> list[tuple[int, int, Sentence]]:
    """Flagged sentences no editor has settled, as (section index, sentence index, sentence)."""
    return [(si, i, s) for si, i, s in briefing.sentences() if not is_settled(s)]


def ensure_publishable(briefing: Briefing, allow_open: bool) -> None:
    """Raise ``ExportBlocked`` while flagged sentences are undecided, unless ``allow_open``."""
    pending = open_sentences(briefing)
    if pending and not allow_open:
        raise ExportBlocked([(si, i, s.text) for si, i, s in pending])


def export_briefing(
    briefing: Briefing,
    sources: Sequence[Source],
    *,
    fmt: Literal["markdown", "html"] = "markdown",
    allow_open: bool = False,
) -> str:
    """The publishable briefing as Markdown or a self-contained HTML page.

    Dropped sentences are left out, edited text is used, citations become footnotes (Markdown) or
    links into the sources (HTML). Raises ``ExportBlocked`` while flagged sentences are undecided.
    """
    # Imported here because the renderers build on the rules above.
    if fmt == "markdown":
        from briefer.render.markdown import render_markdown

        return render_markdown(briefing, sources, allow_open=allow_open)
    if fmt == "html":
        from briefer.render.html import render_html

        ensure_publishable(briefing, allow_open)
        return render_html(briefing, sources, publishable=True)
    raise InputError(f"unknown export format {fmt!r} (use markdown or html)")

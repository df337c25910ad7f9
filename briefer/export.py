"""The publishable export: a briefing confirmed against its sources, rendered under the publishing rules.

Every verdict is first confirmed (``briefer.binding``): a sentence whose verdict no longer matches
what it checked is checked again, so an export never publishes a verdict the checker did not make.
The rules of what may be published live in ``briefer.publish``, shared by both renderers; the
reviewer trail goes to a separate audit record (``audit_trail``), never into the published text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Literal

from briefer.binding import confirm_briefing
from briefer.config import Settings
from briefer.errors import InputError
from briefer.models import AuditEntry, AuditTrail, Briefing, Source
from briefer.publish import (
    UNVERIFIED_MARK,
    ExportBlocked,
    ensure_publishable,
    is_dropped,
    is_settled,
    open_sentences,
    published,
)
from briefer.render.html import render_html
from briefer.render.markdown import render_markdown

__all__ = [
    "UNVERIFIED_MARK",
    "ExportBlocked",
    "audit_trail",
    "ensure_publishable",
    "export_briefing",
    "is_dropped",
    "is_settled",
    "open_sentences",
    "publish_briefing",
]

Format = Literal["markdown", "html"]


def publish_briefing(
    briefing: Briefing,
    sources: Sequence[Source],
    *,
    fmt: Format = "markdown",
    allow_open: bool = False,
    settings: Settings | None = None,
    on_warning: Callable[[str], None] | None = None,
) -> tuple[str, AuditTrail]:
    """The publishable briefing as Markdown or a self-contained HTML page, and its audit trail.

    Dropped sentences are left out, edited text is used, citations become footnotes (Markdown) or
    links into the sources (HTML); no scores, reasons or reviewer trail. Raises ``ExportBlocked``
    while flagged sentences are undecided, unless ``allow_open``.
    """
    if fmt not in ("markdown", "html"):
        raise InputError(f"unknown export format {fmt!r} (use markdown or html)")
    confirmed = confirm_briefing(briefing, sources, settings=settings, on_warning=on_warning)
    if fmt == "markdown":
        text = render_markdown(confirmed, sources, allow_open=allow_open)
    else:
        text = render_html(confirmed, sources, publishable=True, allow_open=allow_open)
    return text, audit_trail(confirmed, fmt, allow_open)


def export_briefing(
    briefing: Briefing,
    sources: Sequence[Source],
    *,
    fmt: Format = "markdown",
    allow_open: bool = False,
    settings: Settings | None = None,
    on_warning: Callable[[str], None] | None = None,
) -> str:
    """The publishable text of ``publish_briefing``."""
    text, _ = publish_briefing(
        briefing, sources, fmt=fmt, allow_open=allow_open, settings=settings, on_warning=on_warning
    )
    return text


def audit_trail(briefing: Briefing, fmt: str, allow_open: bool) -> AuditTrail:
    """Every sentence of a confirmed briefing: what was published, its verdict and every decision on it
    (with the text and citations it replaced)."""
    carried = {(si, i) for si, i, _ in published(briefing, allow_open=True)}
    entries = [
        AuditEntry(
            number=f"{si + 1}.{i + 1}",
            text=s.text,
            published=(si, i) in carried,
            unverified=(si, i) in carried and not is_settled(s),
            verdict=s.verdict,
            corroboration=s.corroboration,
            corroborating_sources=s.corroborating_sources,
            corroborating_citations=s.corroborating_citations,
            decisions=s.decisions,
        )
        for si, i, s in briefing.sentences()
    ]
    return AuditTrail(
        title=briefing.title,
        format=fmt,
        exported=dt.datetime.now(dt.UTC),
        sources=briefing.sources,
        run=briefing.run,
        sentences=entries,
    )

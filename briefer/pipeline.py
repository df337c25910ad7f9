"""The whole flow as plain functions: ingest → chunk → engine → verify. The CLI is a shell over these."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from briefer.chunk import chunk_sources
from briefer.config import Settings
from briefer.engines import Progress, select_engine
from briefer.headings import check_headings
from briefer.ingest import load_sources
from briefer.models import Briefing, RunInfo, Source
from briefer.verify import check_briefing


def briefer_version() -> str:
    try:
        return version("briefer")
    except PackageNotFoundError:
        return "0+unknown"


def summarize(
    paths: Iterable[str | Path],
    settings: Settings | None = None,
    progress: Progress | None = None,
    on_warning: Callable[[str], None] | None = None,
) -> tuple[Briefing, list[Source]]:
    """Read the articles at ``paths`` and return a checked briefing with the sources it cites.

    Unusable files are skipped with a message to ``on_warning`` (an error under ``settings.strict``).
    """
    settings = settings or Settings.from_env()
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    sources = load_sources(paths, strict=settings.strict, on_warning=on_warning)
    timings["ingest"] = time.perf_counter() - t0

    t = time.perf_counter()
    chunks = chunk_sources(sources, max_tokens=settings.chunk_tokens, encoding_name=settings.encoding_name)
    timings["chunk"] = time.perf_counter() - t

    engine = select_engine(settings)
    t = time.perf_counter()
    briefing = engine.brief(sources, chunks, progress)
    timings["engine"] = time.perf_counter() - t

    t = time.perf_counter()
    briefing = check_briefing(briefing, sources, settings=settings)
    briefing = check_headings(briefing, sources, settings=settings)
    timings["verify"] = time.perf_counter() - t
    timings["total"] = time.perf_counter() - t0

    run = briefing.run or RunInfo(engine=engine.name)
    run.timings = {**run.timings, **{k: round(v, 4) for k, v in timings.items()}}
    run.source_tokens = sum(c.tokens for c in chunks)
    run.briefer_version = briefer_version()
    run.created = run.created or dt.datetime.now(dt.UTC)
    briefing.run = run
    briefing.sources = [s.info() for s in sources]
    return briefing, sources


def check(
    briefing: Briefing,
    source_paths: Iterable[str | Path],
    settings: Settings | None = None,
) -> tuple[Briefing, list[Source]]:
    """Check an existing briefing (ours, edited, or another tool's) against the given source files."""
    settings = settings or Settings.from_env()
    sources = load_sources(source_paths, strict=True)
    checked = check_briefing(briefing, sources, settings=settings)
    return check_headings(checked, sources, settings=settings), sources


def open_briefing(
    briefing: Briefing,
    source_paths: Iterable[str | Path],
    settings: Settings | None = None,
    on_warning: Callable[[str], None] | None = None,
) -> tuple[Briefing, list[Source]]:
    """A briefing made earlier, with its sources read again from ``source_paths`` (never from paths the
    briefing itself names: a briefing from outside must not make briefer open arbitrary files).

    When a source's sha256 differs from the one recorded, its stored spans may point at the wrong text,
    so the whole briefing is checked again: quotes are re-located in the current text or flagged. A
    briefing with sentences never checked (written by hand or by another tool) is checked too, so that
    review and export see what is flagged rather than "unchecked" everywhere.
    """
    sources = load_sources(source_paths, strict=True)
    recorded = {s.id: s.sha256 for s in briefing.sources if s.sha256}
    changed = [s.id for s in sources if recorded.get(s.id) not in (None, s.sha256)]
    if changed and on_warning:
        on_warning(
            f"source(s) {', '.join(changed)} changed since the briefing was made (sha256 differs); "
            "citations re-checked against the current text"
        )
    if changed or any(s.verdict is None for _, _, s in briefing.sentences()):
        briefing = check_briefing(briefing, sources, settings=settings or Settings.from_env())
    return briefing, sources

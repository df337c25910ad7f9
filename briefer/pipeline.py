"""The whole flow as plain functions: ingest → chunk → engine → verify. The CLI is a shell over these."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from briefer.binding import bind_briefing, confirm_briefing, recheck_briefing
from briefer.chunk import chunk_sources
from briefer.config import Settings, briefer_version
from briefer.engines import Engine, Progress
from briefer.headings import check_headings
from briefer.ingest import load_sources
from briefer.models import Briefing, RunInfo, Source
from briefer.verify import check_briefing


def select_engine(settings: Settings) -> Engine:
    """The engine that will run: the LLM one with an endpoint configured (or asked for), else the
    embedded extractive one. Imported on demand: the LLM engine pulls in the openai client."""
    if settings.resolved_engine() == "llm":
        from briefer.engines.llm import LLMEngine

        return LLMEngine(settings)
    from briefer.engines.extractive import ExtractiveEngine

    return ExtractiveEngine(settings)


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

    engine = select_engine(settings)
    t = time.perf_counter()
    # Only an engine that reads chunks gets them: chunking needs the tokenizer, which the extractive
    # engine never uses.
    chunks = (
        chunk_sources(sources, max_tokens=settings.chunk_tokens, encoding_name=settings.encoding_name)
        if engine.uses_chunks
        else []
    )
    timings["chunk"] = time.perf_counter() - t

    t = time.perf_counter()
    briefing = engine.brief(sources, chunks, progress)
    timings["engine"] = time.perf_counter() - t
    # The one place a briefing gets its sources and the run its common fields, whichever engine ran.
    briefing.sources = [s.info() for s in sources]
    run = briefing.run or RunInfo(engine=engine.name)
    run.engine = engine.name
    run.source_tokens = sum(c.tokens for c in chunks)
    run.briefer_version = briefer_version()
    run.created = run.created or dt.datetime.now(dt.UTC)
    briefing.run = run
    if on_warning is not None:
        for warning in run.warnings:
            on_warning(warning)

    t = time.perf_counter()
    briefing = check_briefing(briefing, sources, settings=settings)
    briefing = check_headings(briefing, sources, settings=settings)
    timings["verify"] = time.perf_counter() - t
    timings["total"] = time.perf_counter() - t0
    if briefing.run is not None:
        briefing.run.timings = {**briefing.run.timings, **{k: round(v, 4) for k, v in timings.items()}}
    return bind_briefing(briefing, sources), sources


def check(
    briefing: Briefing,
    source_paths: Iterable[str | Path],
    settings: Settings | None = None,
) -> tuple[Briefing, list[Source]]:
    """Check an existing briefing (ours, edited, or another tool's) against the given source files."""
    settings = settings or Settings.from_env()
    sources = load_sources(source_paths, strict=True)
    checked = recheck_briefing(briefing, sources, settings=settings)
    return check_headings(checked, sources, settings=settings), sources


def open_briefing(
    briefing: Briefing,
    source_paths: Iterable[str | Path],
    settings: Settings | None = None,
    on_warning: Callable[[str], None] | None = None,
) -> tuple[Briefing, list[Source]]:
    """A briefing made earlier, with its sources read again from ``source_paths`` (never from paths the
    briefing itself names: a briefing from outside must not make briefer open arbitrary files).

    Every sentence whose verdict is not bound to what it checked (``briefer.binding``) is checked again:
    text or citations edited after checking, a source whose text changed (its stored spans may point at
    the wrong text), another checker version, a verdict written by hand, or none at all (a briefing
    from another tool), so that review and export only ever see verdicts the checker made.
    """
    sources = load_sources(source_paths, strict=True)
    recorded = {s.id: s.sha256 for s in briefing.sources if s.sha256}
    changed = [s.id for s in sources if recorded.get(s.id) not in (None, s.sha256)]
    if changed and on_warning:
        on_warning(
            f"source(s) {', '.join(changed)} changed since the briefing was made (sha256 differs); "
            "citations re-checked against the current text"
        )
    # Every sentence whose verdict no longer matches what it checked (a changed source among them) is
    # checked again; a verdict nobody checked or that was edited by hand is never used as it stands.
    confirmed = confirm_briefing(briefing, sources, settings=settings, on_warning=on_warning)
    # The title and headings are claims too; their verdicts are not bound, so they are checked again.
    return check_headings(confirmed, sources, settings=settings or Settings.from_env()), sources

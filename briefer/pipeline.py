"""The whole flow as plain functions: ingest → chunk → engine → verify. The CLI is a shell over these."""

from __future__ import annotations

import datetime as dt
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from briefer.chunk import check_budget, chunk_source, chunk_sources
from briefer.config import Settings, briefer_version
from briefer.engines import Engine, Progress, StreamingEngine
from briefer.ingest import iter_sources, load_sources
from briefer.models import Briefing, Chunk, RunInfo, Source
from briefer.prepare import Preparation

# Seconds a thread holds the GIL while another waits for it, during a streaming engine's run.
SWITCH_INTERVAL = 0.0005


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

    An engine that streams (the LLM one) gets each source's chunks as soon as it is read, so its
    first calls are in flight while the other sources are still being read and chunked, and the
    checker prepares itself and every source in the background while the model is working
    (``briefer.prepare``). The stages then overlap: ``run.timings`` gives ingest and chunk as the time
    spent in them, and engine as its wall time.
    """
    settings = settings or Settings.from_env()
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    reading = iter_sources(paths, strict=settings.strict, on_warning=on_warning)
    # The first article is read before the engine is built: input with nothing usable in it fails in
    # one line at once, before the LLM engine imports the openai client.
    first = next(reading)
    timings["ingest"] = time.perf_counter() - t0
    engine = select_engine(settings)
    preparation: Preparation | None = None
    if isinstance(engine, StreamingEngine):
        preparation = Preparation(settings.language)
        briefing, sources, chunks = _brief_streaming(engine, first, reading, settings, progress, timings, preparation)
    else:
        briefing, sources, chunks = _brief_whole(engine, first, reading, settings, progress, timings)
    briefing = _with_run_info(briefing, engine.name, sources, chunks, on_warning)
    t = time.perf_counter()
    if preparation is not None:
        preparation.stop()
    briefing = _checked(briefing, sources, settings)
    timings["verify"] = time.perf_counter() - t
    timings["total"] = time.perf_counter() - t0
    if briefing.run is not None:
        briefing.run.timings = {**briefing.run.timings, **{k: round(v, 4) for k, v in timings.items()}}
    from briefer.binding import bind_briefing

    return bind_briefing(briefing, sources), sources


def _brief_streaming(
    engine: StreamingEngine,
    first: Source,
    reading: Iterator[Source],
    settings: Settings,
    progress: Progress | None,
    timings: dict[str, float],
    preparation: Preparation,
) -> tuple[Briefing, list[Source], list[Chunk]]:
    """The engine fed one source's chunks at a time, each source read and chunked when it asks for the next.

    Every source read goes to the checker's preparation, which starts once every source is read and
    the engine has reported its first map progress (``("map", 0, n)`` once the first ``concurrency``
    calls are on their way, or the first answer): its imports and tables would otherwise hold up the
    first requests, and reading the sources that feed the next ones. It stops when the engine
    reports its reduce drafts back, before the engine checks their conflicts: the checker never runs
    in two threads at once.
    """
    sources = [first]
    chunks: list[Chunk] = []
    timings["chunk"] = 0.0
    cues: set[str] = set()

    def cue(what: str) -> None:  # from the event loop ("sent") and the stream's worker thread ("read")
        cues.add(what)
        if cues == {"sent", "read"}:
            preparation.start()

    stream = _chunked_as_read(first, reading, settings, timings, sources, chunks, preparation)

    def observed(stage: str, done: int, total: int) -> None:
        if stage == "map":
            cue("sent")
        elif stage == "reduce":  # the drafts are back: the engine's conflict check comes next, in this thread
            preparation.stop()
        if progress is not None:
            progress(stage, done, total)

    check_budget(settings.chunk_tokens)
    preparation.add(first)
    t = time.perf_counter()
    switching = sys.getswitchinterval()
    # The stream's worker and the preparation run Python in threads while the event loop waits for
    # answers; at the default 5 ms a thread holding the GIL keeps it that long after an answer
    # arrives, each time the loop's thread returns from a socket call, and every delay in sending the
    # next request lengthens the whole chain of calls behind it.
    sys.setswitchinterval(min(switching, SWITCH_INTERVAL))
    try:
        briefing = engine.brief_stream(_then(stream, lambda: cue("read")), observed, sources)
    except BaseException:
        preparation.stop(wait=False)
        raise
    finally:
        sys.setswitchinterval(switching)
    timings["engine"] = time.perf_counter() - t
    return briefing, sources, chunks


def _chunked_as_read(
    first: Source,
    reading: Iterator[Source],
    settings: Settings,
    timings: dict[str, float],
    sources: list[Source],
    chunks: list[Chunk],
    preparation: Preparation,
) -> Iterator[list[Chunk]]:
    """Each source's chunks, the next source read only when asked for; ``sources`` and ``chunks``
    grow as it goes, and each source read is handed to ``preparation``."""
    source: Source | None = first
    while source is not None:
        t = time.perf_counter()
        these = chunk_source(source, settings.chunk_tokens, settings.encoding_name)
        timings["chunk"] += time.perf_counter() - t
        chunks.extend(these)
        yield these
        t = time.perf_counter()
        source = next(reading, None)
        timings["ingest"] += time.perf_counter() - t
        if source is not None:
            sources.append(source)
            preparation.add(source)


def _then(items: Iterator[list[Chunk]], done: Callable[[], None]) -> Iterator[list[Chunk]]:
    """``items``, then ``done()`` once they are exhausted."""
    yield from items
    done()


def _brief_whole(
    engine: Engine,
    first: Source,
    reading: Iterator[Source],
    settings: Settings,
    progress: Progress | None,
    timings: dict[str, float],
) -> tuple[Briefing, list[Source], list[Chunk]]:
    """Every source read, then chunked if the engine reads chunks (the extractive engine does not: no
    tokenizer is built for it), then the engine over all of them."""
    t = time.perf_counter()
    sources = [first, *reading]
    timings["ingest"] += time.perf_counter() - t
    t = time.perf_counter()
    chunks = (
        chunk_sources(sources, max_tokens=settings.chunk_tokens, encoding_name=settings.encoding_name)
        if engine.uses_chunks
        else []
    )
    timings["chunk"] = time.perf_counter() - t
    t = time.perf_counter()
    briefing = engine.brief(sources, chunks, progress)
    timings["engine"] = time.perf_counter() - t
    return briefing, sources, chunks


def _with_run_info(
    briefing: Briefing,
    engine_name: str,
    sources: list[Source],
    chunks: list[Chunk],
    on_warning: Callable[[str], None] | None,
) -> Briefing:
    """The one place a briefing gets its sources and the run its common fields, whichever engine ran."""
    briefing.sources = [s.info() for s in sources]
    run = briefing.run or RunInfo(engine=engine_name)
    run.engine = engine_name
    run.source_tokens = sum(c.tokens for c in chunks)
    run.briefer_version = briefer_version()
    run.created = run.created or dt.datetime.now(dt.UTC)
    briefing.run = run
    if on_warning is not None:
        for warning in run.warnings:
            on_warning(warning)
    return briefing


def _checked(briefing: Briefing, sources: list[Source], settings: Settings) -> Briefing:
    from briefer.headings import check_headings
    from briefer.verify import check_briefing

    briefing = check_briefing(briefing, sources, settings=settings)
    return check_headings(briefing, sources, settings=settings)


def check(
    briefing: Briefing,
    source_paths: Iterable[str | Path],
    settings: Settings | None = None,
    on_warning: Callable[[str], None] | None = None,
) -> tuple[Briefing, list[Source]]:
    """Check an existing briefing (ours, edited, or another tool's) against the given source files.

    The sources are read as ``summarize`` reads them: an unusable file is skipped with a message to
    ``on_warning`` (an error under ``settings.strict``); a sentence citing a source that is not there is
    flagged by the re-check, never passed."""
    from briefer.binding import recheck_briefing
    from briefer.headings import check_headings

    settings = settings or Settings.from_env()
    sources = load_sources(source_paths, strict=settings.strict, on_warning=on_warning)
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
    from briefer.binding import confirm_briefing
    from briefer.headings import check_headings

    # Read as summarize read them: what it skipped with a warning is skipped here with the same warning.
    strict = settings.strict if settings else False
    sources = load_sources(source_paths, strict=strict, on_warning=on_warning)
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

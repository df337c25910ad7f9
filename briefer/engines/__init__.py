"""Engines turn sources into a Briefing. They share one interface so the checker, report and review
never need to know which one ran.

This package's ``__init__`` holds only the interface: the engines import it, and the pipeline
(``briefer.pipeline.select_engine``) picks one, so no import runs back from an engine to here and on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Protocol, runtime_checkable

from briefer.models import Briefing, Chunk, Source

# Called with (stage, done, total) so long runs can show progress without engines knowing about rich.
Progress = Callable[[str, int, int], None]


class Engine(Protocol):
    name: str
    # Whether ``brief`` reads ``chunks``. The pipeline chunks (and builds the tokenizer) only for an
    # engine that does; one that does not is handed an empty list.
    uses_chunks: bool

    def brief(self, sources: list[Source], chunks: list[Chunk], progress: Progress | None = None) -> Briefing:
        """A briefing whose sentences cite quotes; the checker fills spans and verdicts afterwards.

        ``briefing.sources`` and the run's engine, version, timings and source tokens are the
        pipeline's to fill (one place, for every engine); an engine's ``RunInfo`` holds its own part."""
        ...


@runtime_checkable
class StreamingEngine(Engine, Protocol):
    """An engine that can start on the first sources while the others are still being read and chunked."""

    def brief_stream(
        self, stream: Iterator[list[Chunk]], progress: Progress | None = None, sources: Sequence[Source] = ()
    ) -> Briefing:
        """``brief`` over the chunks ``stream`` yields, one source's chunks at a time, in source order.

        The result is the one ``brief`` gives for the same chunks; the pipeline reads and chunks each
        source when the engine asks for the next item, so the engine decides what overlaps with it.
        ``sources`` is filled as the stream is read: complete once the stream is exhausted."""
        ...

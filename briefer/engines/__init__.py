"""Engines turn sources into a Briefing. They share one interface so the checker, report and review
never need to know which one ran."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from briefer.config import Settings
from briefer.models import Briefing, Chunk, Source

# Called with (stage, done, total) so long runs can show progress without engines knowing about rich.
Progress = Callable[[str, int, int], None]


class Engine(Protocol):
    name: str

    def brief(self, sources: list[Source], chunks: list[Chunk], progress: Progress | None = None) -> Briefing:
        """A briefing whose sentences cite quotes; the checker fills spans and verdicts afterwards."""
        ...


def select_engine(settings: Settings) -> Engine:
    if settings.resolved_engine() == "llm":
        from briefer.engines.llm import LLMEngine

        return LLMEngine(settings)
    from briefer.engines.extractive import ExtractiveEngine

    return ExtractiveEngine(settings)

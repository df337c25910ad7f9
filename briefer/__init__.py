"""briefer: news articles in, a briefing out whose every sentence is checked against its sources.

The public API; nothing runs at import.

    >>> from briefer import summarize, Settings
    >>> briefing, sources = summarize(["fixtures/articles"], Settings(engine="extractive"))
"""

from typing import TYPE_CHECKING

from briefer.config import Settings
from briefer.errors import BrieferError, ConfigError, InputError, ModelError, ModelOutputError
from briefer.ingest import load_sources
from briefer.models import (
    Briefing,
    Chunk,
    Citation,
    Corroboration,
    Section,
    Sentence,
    Source,
    SourceInfo,
    Verdict,
    VerdictLabel,
)

if TYPE_CHECKING:  # what the lazy __getattr__ below returns, so that type checkers see the real signatures
    from briefer.pipeline import check, summarize

__all__ = [
    "Briefing",
    "BrieferError",
    "Chunk",
    "Citation",
    "ConfigError",
    "Corroboration",
    "InputError",
    "ModelError",
    "ModelOutputError",
    "Section",
    "Sentence",
    "Settings",
    "Source",
    "SourceInfo",
    "Verdict",
    "VerdictLabel",
    "check",
    "load_sources",
    "summarize",
]


def __getattr__(name: str) -> object:
    # The pipeline pulls in every stage (and the openai client for the llm engine); importing
    # `briefer.models` alone should stay cheap, so the pipeline loads on first use.
    if name in ("summarize", "check"):
        from briefer import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'briefer' has no attribute {name!r}")

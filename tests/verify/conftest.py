"""Sources for the checker's tests: the seed articles and the injected-instruction article, ingested once."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefer.ingest import load_sources
from briefer.models import Source

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
SEEDS = sorted((FIXTURES / "articles").glob("*.txt"))
INJECTION = FIXTURES / "llm" / "articles" / "council_injection.txt"


@pytest.fixture(scope="session")
def sources() -> dict[str, Source]:
    return {s.id: s for s in load_sources([*SEEDS, INJECTION])}

"""Every test runs hermetic: no endpoint configured, a private cache, no network."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
ARTICLES = FIXTURES / "articles"


@pytest.fixture(autouse=True)
def _hermetic_env(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    for var in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "BRIEFER_MODEL", "BRIEFER_ENGINE", "BRIEFER_RAISE_ERRORS"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("BRIEFER_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture
def articles_dir() -> Path:
    return ARTICLES

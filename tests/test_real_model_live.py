"""Live: the LLM path against a real llama.cpp server and a real small model (Qwen2.5-Coder-1.5B, Q4_K_M).

Deselected by default (``addopts`` in pyproject.toml); run it with ``pytest -m real_model`` once
``bench/real_model.py --setup-only`` has built the stack into its cache. It skips, saying why, when the
cache does not hold the server or the verified model. One short seed, the rules judge: some 3 minutes
on 2 cores.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from conftest import ARTICLES, ROOT

from briefer.config import Settings
from briefer.headings import claim_sentences
from briefer.pipeline import summarize

pytestmark = pytest.mark.real_model

sys.path.insert(0, str(ROOT / "bench"))
import real_model as stack  # noqa: E402

CACHE = Path(os.environ.get("BRIEFER_REAL_MODEL_CACHE", stack.DEFAULT_CACHE))


def _ready() -> str | None:
    """Why the live test cannot run here, or None."""
    model = CACHE / f"{stack.MODEL_NAME}.gguf"
    if not stack.server_installed(CACHE):
        return f"no llama-cpp-python[server] in {CACHE / 'venv'}: run bench/real_model.py --setup-only"
    if not model.exists() or model.stat().st_size != stack.MODEL_SIZE:
        return f"no verified model at {model}: run bench/real_model.py --setup-only"
    return None


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    reason = _ready()
    if reason:
        pytest.skip(reason)
    running = stack.Server(CACHE, stack.ensure_model(CACHE), tmp_path_factory.mktemp("server") / "server.log")
    try:
        running.wait_ready()
        running.smoke()
        yield running
    finally:
        running.stop()


def test_a_real_model_briefs_a_seed_article_and_every_claim_is_checked(server, tmp_path):
    settings = Settings(
        engine="llm",
        model=stack.MODEL_NAME,
        base_url=server.base_url,
        concurrency=1,
        timeout=900,
        cache_dir=tmp_path / "cache",
        judge="rules",
    )
    briefing, sources = summarize([ARTICLES / "003_3d8662691a447c24.txt"], settings)

    sentences = [s for _, _, s in briefing.sentences()]
    assert len(sentences) >= 2 and all(s.verdict is not None for s in sentences)
    assert briefing.title_claim is not None and briefing.title_claim.verdict is not None
    assert all(c.verdict is not None for c in claim_sentences(briefing))
    texts = [s.text for s in sentences]
    assert len(texts) == len(set(texts)), "no sentence is said twice"
    cited = {(c.start, c.end) for s in sentences for c in s.citations if c.start is not None}
    assert len(cited) >= 2, "the article's facts, not one of them"
    assert briefing.run is not None and briefing.run.usage.calls >= 2

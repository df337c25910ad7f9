"""What the LLM path loads before its first map request: nothing the request does not need.

Everything before the first request is on the run's critical path (``bench/llm_pipeline.py``); the
checker's modules and tables load in the background while the model works (``briefer.prepare``).
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def loaded_after(script: str, cwd: Path | None = None) -> set[str]:
    probe = textwrap.dedent(script) + "\nimport sys\nprint(' '.join(sorted(sys.modules)))\n"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, cwd=cwd)
    assert done.returncode == 0, done.stderr
    return set(done.stdout.split())


def test_the_llm_engine_is_imported_without_the_checker() -> None:
    loaded = loaded_after("import briefer.cli, briefer.pipeline, briefer.engines.llm")
    assert "openai" in loaded  # the probe itself works: the engine's client is there
    assert not {m for m in loaded if m.startswith(("briefer.verify", "briefer.lexicon")) or m == "simplemma"}


def test_progress_bars_are_imported_only_to_draw_on_a_terminal() -> None:
    loaded = loaded_after("import briefer.cli, briefer.progress")
    assert "briefer.progress" in loaded and "rich.progress" not in loaded


@pytest.mark.skipif(importlib.util.find_spec("click") is None, reason="without click httpx loads no CLI anyway")
def test_the_command_keeps_httpx_s_own_command_line_client_out() -> None:
    plain = loaded_after("import httpx")
    assert {"click", "pygments.lexers"} <= plain  # the probe itself works: httpx pulls its CLI in
    loaded = loaded_after("from briefer.cli import without_httpx_cli\nwithout_httpx_cli()\nimport httpx")
    assert "httpx" in loaded and not {"click", "pygments.lexers", "rich.syntax"} & loaded


ENGINE_RUN = """
import json, sys, time
from pathlib import Path

import httpx, respx
from pydantic import SecretStr

from briefer.chunk import chunk_sources
from briefer.config import Settings
from briefer.engines.llm import LLMEngine
from briefer.ingest import load_sources
from tests.llm_replay import CHAT_URL, completion, stage_of

SIDES = "briefer.verify.sides"
seen = {}


def answer(request):
    body = json.loads(request.content)
    if stage_of(body) == "chunk_facts":
        seen.setdefault("at the first map request", SIDES in sys.modules)
        fact = {"quotes": ["a"], "statement": "A fact."}
        return httpx.Response(200, json=completion(json.dumps({"facts": [fact]})))
    # The reduce call waits for the conflict check to be loaded in the background (or gives up).
    deadline = time.monotonic() + 60
    while SIDES not in sys.modules and time.monotonic() < deadline:
        time.sleep(0.01)
    seen["while the reduce call is answered"] = SIDES in sys.modules
    draft = {"title": "T", "essentials": [], "sections": []}
    return httpx.Response(200, json=completion(json.dumps(draft)))


sources = load_sources(["fixtures/articles"])
settings = Settings(engine="llm", api_key=SecretStr("sk-test"), cache_dir=Path(sys.argv[1]), chunk_tokens=400)
with respx.mock(assert_all_mocked=True) as mock:
    mock.post(url__regex=CHAT_URL).mock(side_effect=answer)
    LLMEngine(settings, http_client=httpx.AsyncClient()).brief(sources, chunk_sources(sources, 400, "o200k_base"))
print(json.dumps(seen))
"""


def test_the_conflict_check_loads_while_the_map_calls_are_answered(tmp_path) -> None:
    # Not before the first request (it would delay it) and not after the last answer (it would delay
    # the end): the reduce's conflicts are checked with it once the draft is back.
    done = subprocess.run(
        [sys.executable, "-c", ENGINE_RUN, str(tmp_path)], capture_output=True, text=True, timeout=180, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"at the first map request": False, "while the reduce call is answered": True}


def test_a_seed_run_compiles_no_language_rules_but_englishs() -> None:
    # simplemma's import ran every language's rules module (most compile their patterns); the checker
    # lemmatizes English only (briefer.lexicon.lazy_rules).
    loaded = loaded_after(
        """
        import io, contextlib
        from briefer.cli import main
        with contextlib.redirect_stdout(io.StringIO()):
            assert main(["summarize", "fixtures/articles", "--format", "json"]) == 0
        from briefer.lexicon import words
        assert words.lemmas("realizations") >= {"realization"}  # an unknown word: simplemma's English rules
        """
    )
    rules = {m.rsplit(".", 1)[1] for m in loaded if m.startswith("simplemma.strategies.defaultrules.")}
    assert "simplemma" in loaded and "briefer.verify.claims" in loaded  # the probe ran the checker
    assert rules <= {"en"}


def test_a_run_over_text_articles_does_not_load_the_markdown_parser() -> None:
    # On the critical path if loaded: the articles are read, and the first request built, before any
    # answer can come back. markdown-it reads .md articles only.
    loaded = loaded_after(
        """
        import json, httpx, respx, tempfile
        from pathlib import Path
        from pydantic import SecretStr
        from briefer.config import Settings
        from briefer.pipeline import summarize
        from tests.llm_replay import CHAT_URL, completion, stage_of

        def answer(request):
            if stage_of(json.loads(request.content)) == "chunk_facts":
                return httpx.Response(200, json=completion(json.dumps({"facts": []})))
            return httpx.Response(200, json=completion(json.dumps({"title": "T", "essentials": [], "sections": []})))

        cache = Path(tempfile.mkdtemp())
        settings = Settings(engine="llm", api_key=SecretStr("sk-test"), cache_dir=cache, chunk_tokens=400)
        with respx.mock(assert_all_mocked=True) as mock:
            route = mock.post(url__regex=CHAT_URL).mock(side_effect=answer)
            summarize(["fixtures/articles"], settings)
        assert route.call_count > 5
        """,
        cwd=ROOT,
    )
    assert "briefer.engines.llm" in loaded and "briefer.ingest" in loaded  # the probe ran the pipeline
    assert "markdown_it" not in loaded

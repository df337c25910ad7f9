"""What the LLM path loads before its first map request: nothing the request does not need.

Everything before the first request is on the run's critical path (``bench/llm_pipeline.py``); the
checker's modules and tables load in the background while the model works (``pipeline._warm_up_checker``).
"""

from __future__ import annotations

import subprocess
import sys
import textwrap


def loaded_after(script: str) -> set[str]:
    probe = textwrap.dedent(script) + "\nimport sys\nprint(' '.join(sorted(sys.modules)))\n"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return set(done.stdout.split())


def test_the_llm_engine_is_imported_without_the_checker() -> None:
    loaded = loaded_after("import briefer.cli, briefer.pipeline, briefer.engines.llm")
    assert "openai" in loaded  # the probe itself works: the engine's client is there
    assert not {m for m in loaded if m.startswith(("briefer.verify", "briefer.lexicon")) or m == "simplemma"}

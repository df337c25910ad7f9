"""How long briefer takes to give up on a misbehaving endpoint, and how often it asks: issue 12's "hangs and time".

Runs ``briefer summarize`` (its own process, the real openai client over loopback HTTP) on the 5 seed
articles against each server of tests/fault_server.py, with the options the issue used, and prints
one row per case: exit code, wall seconds until briefer exited, chat requests the server received,
and briefer's error line.

    python bench/hostile_endpoint.py                 # every case (the first takes about 2 minutes)
    python bench/hostile_endpoint.py trickle refused # some of them
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "fixtures" / "articles"

# name: (fault_server behaviour or None for a refused connection, extra briefer options, what the issue saw)
CASES: dict[str, tuple[str | None, list[str], str]] = {
    "hang-defaults": ("hang", [], "still running at 590 s"),
    "trickle": ("trickle", ["--timeout", "5"], "151 s past --timeout 5"),
    "retry-after-hour": ("retry-after-hour", [], "494 s to fail"),
    "refused": (None, [], "36 s of silent retries"),
}


def fault_server():  # type: ignore[no-untyped-def]  # a test helper module, loaded by path
    spec = importlib.util.spec_from_file_location("fault_server", ROOT / "tests" / "fault_server.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["fault_server"] = module
    spec.loader.exec_module(module)
    return module


def run(base_url: str, extra: list[str], cache: Path) -> tuple[int, float, str]:
    env = {
        **os.environ,
        "OPENAI_BASE_URL": base_url,
        "OPENAI_API_KEY": "sk-bench-loopback",
        "BRIEFER_CACHE_DIR": str(cache),
    }
    env.pop("BRIEFER_RAISE_ERRORS", None)
    argv = [sys.executable, "-m", "briefer", "summarize", str(ARTICLES), "--engine", "llm", *extra]
    start = time.monotonic()
    done = subprocess.run(argv, env=env, cwd=ROOT, capture_output=True, text=True, timeout=1800)
    return done.returncode, time.monotonic() - start, done.stderr.strip().splitlines()[-1:][0] if done.stderr else ""


def main(names: list[str]) -> None:
    servers = fault_server()
    print(f"{'case':<18} {'exit':>4} {'seconds':>8} {'requests':>8}  issue saw / briefer said")
    for name in names or list(CASES):
        behaviour, extra, before = CASES[name]
        with tempfile.TemporaryDirectory() as cache:
            if behaviour is None:
                code, seconds, line = run(servers.refused_url(), extra, Path(cache))
                requests = 0
            else:
                with servers.serve(behaviour=behaviour) as (base_url, faults):
                    code, seconds, line = run(base_url, extra, Path(cache))
                    requests = sum(faults.attempts.values())
        print(f"{name:<18} {code:>4} {seconds:>8.1f} {requests:>8}  {before} / {line[:160]}")


if __name__ == "__main__":
    main(sys.argv[1:])

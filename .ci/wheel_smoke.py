"""Smoke-test a NON-editable install of the briefer wheel, from outside the checkout, offline.

    .venv/bin/python .ci/wheel_smoke.py --venv /tmp/wheel-venv --workdir /tmp/wheel-work

``--venv`` holds briefer installed from its wheel (``.ci/run`` builds and installs it). Everything
runs with the working directory in ``--workdir`` (a copy of the seed articles, never the checkout),
so a file the wheel forgot to ship fails here. The LLM engine and ``--judge llm`` talk to
bench/mock_openai.py on 127.0.0.1 only; no request can leave the machine. Exit 1 on any failure.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(cmd: list[str], cwd: Path, env: dict[str, str], expect: tuple[int, ...] = (0,)) -> str:
    print("+", " ".join(cmd), flush=True)
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    if done.returncode not in expect:
        sys.stderr.write(done.stdout[-4000:] + done.stderr[-4000:])
        raise SystemExit(f"wheel smoke: {cmd[0]} {cmd[1] if len(cmd) > 1 else ''} exited {done.returncode}")
    return done.stdout


def check(ok: bool, what: str) -> None:
    print(("ok   " if ok else "FAIL ") + what, flush=True)
    if not ok:
        raise SystemExit(f"wheel smoke: {what}")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--venv", type=Path, required=True)
    parser.add_argument("--workdir", type=Path, required=True)
    args = parser.parse_args()
    work = args.workdir.resolve()
    work.mkdir(parents=True, exist_ok=True)
    briefer = str(args.venv.resolve() / "bin" / "briefer")
    python = str(args.venv.resolve() / "bin" / "python")
    articles = work / "articles"
    shutil.copytree(ROOT / "fixtures" / "articles", articles, dirs_exist_ok=True)
    # No key, no proxy, no base URL from the caller's environment: only the mock below can answer.
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("OPENAI_", "BRIEFER_")) and k.lower() not in ("http_proxy", "https_proxy")
    }
    env |= {"BRIEFER_CACHE_DIR": str(work / "cache"), "NO_PROXY": "127.0.0.1", "PYTHONPATH": ""}

    where = run([python, "-c", "import briefer, sys; print(briefer.__file__)"], work, env).strip()
    check("site-packages" in where and not where.startswith(str(ROOT)), f"briefer imported from the wheel ({where})")
    version = run([briefer, "--version"], work, env).strip()
    check(version.startswith("briefer "), f"--version prints {version!r}")

    run([briefer, "summarize", "articles", "--engine", "extractive", "--format", "json", "--out", "ex.json"], work, env)
    extractive = json.loads((work / "ex.json").read_text())
    check(len(extractive["sources"]) == 5 and extractive["sections"], "extractive engine briefs the 5 seed articles")
    cached = sorted(p.name.split("-")[0] for p in (work / "cache" / "lexicon").glob("*.fields"))
    check(cached == ["simplemma"], f"WordNet's index read from the wheel, none built in the cache ({cached})")
    run([briefer, "summarize", "articles", "--engine", "extractive"], work, env)  # the rich report
    run([briefer, "schema", "briefing"], work, env)

    mock = subprocess.Popen(
        [
            sys.executable,
            str(ROOT / "bench" / "mock_openai.py"),
            "--port",
            "0",
            "--latency-ms",
            "0",
            "--max-seconds",
            "600",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert mock.stdout is not None
        line = mock.stdout.readline()
        check("http://127.0.0.1:" in line, f"mock server started ({line.strip()})")
        base_url = line.split()[-1]
        llm_env = env | {"OPENAI_BASE_URL": base_url}
        run(
            [
                briefer,
                "summarize",
                "articles",
                "--engine",
                "llm",
                "--model",
                "mock",
                "--judge",
                "llm",
                "--format",
                "json",
                "--out",
                "llm.json",
            ],
            work,
            llm_env,
        )
        llm = json.loads((work / "llm.json").read_text())
        versions = llm["run"]["prompt_versions"]
        check(
            {"summarize.map", "summarize.reduce", "verify.judge"} <= versions.keys(),
            f"llm engine and --judge llm read their prompts from the wheel ({sorted(versions)})",
        )
        check(llm["run"]["engine"] == "llm" and bool(llm["sections"]), "llm engine wrote a briefing")
        report = json.loads(
            run(
                [briefer, "check", "llm.json", "--sources", "articles", "--judge", "llm", "--format", "json"],
                work,
                llm_env,
                expect=(0, 1),
            )
        )
        check(
            len(report["sentences"]) == len([s for sec in llm["sections"] for s in sec["sentences"]]),
            "check --judge llm reports every sentence",
        )
        with urllib.request.urlopen(base_url.removesuffix("/v1") + "/stats", timeout=10) as response:
            calls = json.load(response)["calls"]
        check(
            all(calls.get(stage, 0) > 0 for stage in ("chunk_facts", "briefing_draft", "judge")),
            f"the model calls went to the local mock ({calls})",
        )
    finally:
        mock.terminate()
        mock.wait(timeout=10)
    print("wheel smoke: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())

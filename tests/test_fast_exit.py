"""The ``briefer`` command leaves without tearing down the interpreter (``cli.run``): everything it
wrote must have reached its pipes and files first, and its exit code must be main's."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from briefer.models import Briefing

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted(str(p) for p in (ROOT / "fixtures" / "articles").iterdir())


def briefer(*argv: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    # Buffered stdout, as a user's shell gives it (the test runner may set PYTHONUNBUFFERED).
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "BRIEFER_", "PYTHONUNBUFFERED"))}
    env["BRIEFER_CACHE_DIR"] = str(cwd / "cache")
    return subprocess.run(
        [sys.executable, "-m", "briefer", *argv], capture_output=True, text=True, cwd=cwd, env=env, check=False
    )


@pytest.mark.parametrize("fail_on_flagged", [False, True])
def test_a_briefing_piped_to_stdout_arrives_whole_with_mains_exit_code(tmp_path, fail_on_flagged):
    flags = ["--fail-on-flagged"] if fail_on_flagged else []
    done = briefer("summarize", *SEEDS, "--engine", "extractive", "--format", "json", *flags, cwd=tmp_path)

    briefing = Briefing.model_validate_json(done.stdout)  # the whole document, many times stdout's buffer
    assert len(done.stdout) > 8 * io.DEFAULT_BUFFER_SIZE and briefing.sections
    flagged = any(s.flagged for _, _, s in briefing.sentences())
    assert done.returncode == (1 if fail_on_flagged and flagged else 0), done.stderr


def test_a_briefing_written_with_out_is_complete_and_the_message_is_on_stderr(tmp_path):
    out = tmp_path / "briefing.json"
    done = briefer("summarize", *SEEDS, "--engine", "extractive", "--format", "json", "--out", str(out), cwd=tmp_path)

    assert done.returncode == 0, done.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["sections"]
    assert f"wrote {out}" in done.stderr.replace("\n", "")


def test_an_output_smaller_than_stdouts_buffer_is_flushed_before_the_exit(tmp_path):
    done = briefer("schema", "check", cwd=tmp_path)

    assert done.returncode == 0, done.stderr
    assert 0 < len(done.stdout) < io.DEFAULT_BUFFER_SIZE  # it would sit in the buffer, lost to os._exit
    assert json.loads(done.stdout)["title"]

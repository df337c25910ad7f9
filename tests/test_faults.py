"""A flaky endpoint (429 with Retry-After, 500, timeouts, connection resets at a seeded rate) over 50
distinct articles: the llm run either completes with the briefing a clean run makes and reports its
retries, or stops with a ModelError whose cache lets the next run finish without repeating a call.

No test sleeps: the client's waits are recorded instead of slept."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import respx
from fault_server import FAULT_KINDS, Faults, load_bench, refused_url, serve
from pydantic import SecretStr

import briefer.engines.llm
from briefer.cli import main
from briefer.config import Settings
from briefer.engines.llm import LLMEngine
from briefer.errors import ModelError
from briefer.models import Briefing
from briefer.pipeline import summarize

BASE = "https://flaky.test/v1"
ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "fixtures" / "articles"


@pytest.fixture(scope="module")
def articles(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("articles")
    load_bench("corpus").write_corpus(out, 50, seed=6)
    return out


@pytest.fixture
def waits(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[float]]:
    """Every wait the client asks for between attempts, recorded instead of slept."""
    recorded: list[float] = []

    async def no_sleep(seconds: float) -> None:
        recorded.append(seconds)

    class RecordingEngine(LLMEngine):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.sleep = no_sleep

    monkeypatch.setattr(briefer.engines.llm, "LLMEngine", RecordingEngine)
    yield recorded


def run(articles: Path, cache: Path, faults: Faults, max_attempts: int = 5) -> Briefing:
    settings = Settings(
        engine="llm",
        base_url=BASE,
        api_key=SecretStr("sk-test"),
        cache_dir=cache,
        concurrency=8,
        max_attempts=max_attempts,
    )
    with respx.mock(base_url=BASE, assert_all_mocked=True) as router:
        router.post("/chat/completions").mock(side_effect=faults.respx_side_effect())
        briefing, _ = summarize([articles], settings)
    return briefing


def content(briefing: Briefing) -> list[tuple]:
    """What a reader gets: sentences, their located citations and verdicts (not timings or usage)."""
    return [
        (si, s.text, [(c.source, c.quote, c.start, c.end) for c in s.citations], s.verdict and s.verdict.label)
        for si, _, s in briefing.sentences()
    ]


@pytest.fixture(scope="module")
def clean(articles: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Briefing, Faults]:
    faults = Faults()
    return run(articles, tmp_path_factory.mktemp("clean-cache"), faults), faults


def test_the_clean_run_is_a_real_briefing(clean: tuple[Briefing, Faults]) -> None:
    briefing, faults = clean
    assert len(briefing.sources) == 50
    assert len(briefing.sentences()) >= 5
    assert briefing.run is not None and briefing.run.usage.retries == 0
    assert briefing.run.usage.calls == len(faults.answered) == len(set(faults.answered))


def test_a_flaky_endpoint_yields_the_same_briefing_with_every_retry_reported(
    articles: Path, tmp_path: Path, waits: list[float], clean: tuple[Briefing, Faults]
) -> None:
    faults = Faults(seed=6, rate=0.35, max_in_a_row=4)  # < 5 attempts: every call gets through

    briefing = run(articles, tmp_path, faults)

    assert set(faults.injected) == set(FAULT_KINDS) and faults.total_injected >= 20
    assert briefing.run is not None
    assert briefing.run.usage.retries == faults.total_injected == len(waits)
    assert Counter(map(float, faults.retry_afters)) <= Counter(waits)  # a 429's Retry-After is what is waited
    assert briefing.run.usage.calls == clean[0].run.usage.calls
    assert content(briefing) == content(clean[0])


@pytest.fixture(scope="module")
def clean_seeds(tmp_path_factory: pytest.TempPathFactory) -> Briefing:
    return run(ARTICLES, tmp_path_factory.mktemp("clean-seeds-cache"), Faults())


@pytest.mark.parametrize("kind", FAULT_KINDS)
def test_each_kind_of_fault_once_per_call_is_retried_through(
    kind: str, tmp_path: Path, waits: list[float], clean_seeds: Briefing
) -> None:
    faults = Faults(seed=1, rate=1.0, max_in_a_row=1, kinds=(kind,))

    briefing = run(ARTICLES, tmp_path, faults)

    calls = clean_seeds.run.usage.calls
    assert faults.injected == {kind: calls}
    assert briefing.run.usage.retries == len(waits) == calls
    if kind == "429":
        assert sorted(waits) == sorted(map(float, faults.retry_afters))
    assert content(briefing) == content(clean_seeds)


def doomed(body: dict) -> bool:
    """The map calls for article 13: they fail however often they are tried."""
    return any('<article id="00013_' in str(m["content"]) for m in body["messages"])


def test_a_call_that_keeps_failing_stops_the_run_and_the_rerun_repeats_no_finished_call(
    articles: Path, tmp_path: Path, waits: list[float], clean: tuple[Briefing, Faults]
) -> None:
    first = Faults(seed=3, rate=0.2, max_in_a_row=2, doomed=doomed)

    failed = r"chunk 00013_\S+: the model endpoint failed after 3 attempts: HTTP 500"
    with pytest.raises(ModelError, match=failed) as info:
        run(articles, tmp_path, first, max_attempts=3)
    assert info.value.source is not None and info.value.source.startswith("00013_")  # a field, not a message to parse
    assert (info.value.kind, info.value.status_code, info.value.attempts) == ("server", 500, 3)

    finished = set(first.answered)
    assert len(finished) == len(first.answered)  # no call answered twice within the run
    cached = list(tmp_path.rglob("*.json"))
    assert len(cached) == len(finished)  # every answered call, and nothing else, is in the cache

    second = Faults()
    briefing = run(articles, tmp_path, second)

    assert finished.isdisjoint(second.attempts)  # nothing finished before is asked again
    assert briefing.run.usage.cache_hits == len(finished)
    assert len(finished) + briefing.run.usage.calls == clean[0].run.usage.calls
    assert content(briefing) == content(clean[0])


def cli(
    articles: Path, cache: Path, faults: Faults, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, str]:
    monkeypatch.setenv("OPENAI_BASE_URL", BASE)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    with respx.mock(base_url=BASE, assert_all_mocked=True) as router:
        router.post("/chat/completions").mock(side_effect=faults.respx_side_effect())
        code = main(["summarize", str(articles), "--engine", "llm", "--cache-dir", str(cache)])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_report_tells_the_user_how_many_retries_it_took(
    articles: Path,
    tmp_path: Path,
    waits: list[float],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    faults = Faults(seed=11, rate=0.3, max_in_a_row=4)

    code, out, err = cli(articles, tmp_path, faults, monkeypatch, capsys)

    assert code == 0, err
    assert faults.total_injected > 0
    assert f"(0 from cache, {faults.total_injected} retries)" in " ".join(out.split())


def test_a_call_that_keeps_failing_is_one_clear_line_and_exit_2(
    articles: Path,
    tmp_path: Path,
    waits: list[float],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = cli(articles, tmp_path, Faults(doomed=doomed), monkeypatch, capsys)

    assert code == 2
    assert err.startswith("briefer: error: chunk 00013_") and err.count("\n") == 1, err
    assert "failed after 5 attempts: HTTP 500" in err


# ---------------------------------------------------------------- a hostile endpoint on loopback (fault_server.serve)
# The real openai client over real HTTP: each misbehaviour of BEHAVIOURS is one line, exit 2, never a traceback.

SEEDS = [str(p) for p in sorted(ARTICLES.glob("*.txt"))[:5]]


def loopback(
    base_url: str, cache: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *extra: str
) -> tuple[int, str, str]:
    monkeypatch.setenv("OPENAI_BASE_URL", base_url)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-loopback")
    code = main(["summarize", *SEEDS, "--engine", "llm", "--cache-dir", str(cache), *extra])
    out, err = capsys.readouterr()
    return code, out, err


def one_error_line(code: int, err: str) -> str:
    assert code == 2, err
    assert err.startswith("briefer: error: ") and err.count("\n") == 1 and "Traceback" not in err, err
    return err


@pytest.mark.parametrize(
    ("behaviour", "says", "attempts"),
    [
        ("html", r"HTTP 200 .*text/html.*not a chat completion.*/v1", 1),
        ("sse", r"stream.*text/event-stream", 1),
        ("empty", r"empty", 1),
        ("not-json", r"not JSON", 1),
        ("nested", r"nested too deeply", 1),
        ("gzip-bomb", r"larger than the limit of \d+ MB", 1),
        ("huge", r"larger than the limit of \d+ MB", 1),
        ("redirect", r"HTTP 307: the endpoint redirects to http://127\.0\.0\.1:9/elsewhere.*not followed", 1),
        ("not-found", r"HTTP 404: .*/chat/completions.*base URL.*/v1.*model 'gpt-4o-mini'", 1),
        ("retry-after-hour", r"HTTP 429: .*asks to wait 3600 s", 1),
    ],
)
def test_a_misbehaving_endpoint_is_one_clear_line_and_exit_2(
    behaviour: str,
    says: str,
    attempts: int,
    tmp_path: Path,
    waits: list[float],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    with serve(behaviour=behaviour) as (base_url, faults):
        code, out, err = loopback(base_url, tmp_path / "cache", monkeypatch, capsys, "--concurrency", "1")

    assert re.search(says, one_error_line(code, err)), err
    assert sum(faults.attempts.values()) == attempts  # not retried, and the calls queued behind it never start
    assert waits == []
    cached = sum(p.stat().st_size for p in (tmp_path / "cache").rglob("*") if p.is_file())
    assert cached < 100_000


def briefer_process(base_url: str, cache: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """briefer in its own process, so that a hang fails the test (after 60 s) instead of stopping the suite."""
    env = {
        **os.environ,
        "OPENAI_BASE_URL": base_url,
        "OPENAI_API_KEY": "sk-test-loopback",
        "BRIEFER_CACHE_DIR": str(cache),
    }
    argv = [sys.executable, "-m", "briefer", "summarize", *SEEDS, "--engine", "llm", *extra]
    return subprocess.run(argv, env=env, cwd=ROOT, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("behaviour", ["hang", "trickle"])
def test_an_endpoint_that_never_finishes_answering_is_given_up_on_after_the_timeout(
    behaviour: str, tmp_path: Path
) -> None:
    with serve(behaviour=behaviour) as (base_url, faults):
        done = briefer_process(base_url, tmp_path / "cache", "--timeout", "1", "--concurrency", "4")

    err = one_error_line(done.returncode, done.stderr)
    assert re.search(r"timed out after 1 s", err), err
    # an endpoint that never answered gets one more try per call, and the fifth call never starts
    assert sum(faults.attempts.values()) <= 4 * 2


def test_a_refused_connection_fails_at_once_and_suggests_the_extractive_engine(
    tmp_path: Path,
    waits: list[float],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = loopback(refused_url(), tmp_path / "cache", monkeypatch, capsys)

    err = one_error_line(code, err)
    assert "cannot connect" in err and "connection refused" in err.lower() and "--engine extractive" in err
    assert waits == []


@pytest.mark.parametrize(
    ("argv", "env", "says"),
    [
        (["--timeout", "inf"], {}, r"--timeout inf: .*finite"),
        (["--timeout", "nan"], {}, r"--timeout nan: .*finite"),
        (["--timeout", "0"], {}, r"--timeout 0(\.0)?: .*greater than 0"),
        (["--concurrency", "0"], {}, r"--concurrency 0: .*at least 1"),
        (["--concurrency", "1000"], {}, r"--concurrency 1000: .*at most 64"),
        (["--chunk-tokens", "5"], {}, r"--chunk-tokens 5: .*at least 64"),
        (["--budget", "-1"], {}, r"--budget -1(\.0)?: .*greater than 0"),
        (["--stories", "0"], {}, r"^briefer: error: --stories 0: .*at least 1"),  # the flag's own name
        (["--max-sentences", "0"], {}, r"^briefer: error: --max-sentences 0: .*at least 1"),
        ([], {"BRIEFER_ENGINE": "bogus"}, r"BRIEFER_ENGINE 'bogus': .*'auto', 'extractive' or 'llm'"),
    ],
)
def test_a_bad_setting_is_one_line_naming_the_flag_or_variable(
    argv: list[str],
    env: dict[str, str],
    says: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)

    code = main(["summarize", *SEEDS, *argv])

    out, err = capsys.readouterr()
    assert re.search(says, one_error_line(code, err)), err


def test_retries_are_shown_on_the_progress_display_as_they_happen(
    tmp_path: Path, waits: list[float], clean_seeds: Briefing
) -> None:
    faults = Faults(seed=1, rate=1.0, max_in_a_row=1, kinds=("429",))
    shown: list[tuple[str, int, int]] = []
    settings = Settings(engine="llm", base_url=BASE, api_key=SecretStr("sk-test"), cache_dir=tmp_path)
    with respx.mock(base_url=BASE, assert_all_mocked=True) as router:
        router.post("/chat/completions").mock(side_effect=faults.respx_side_effect())
        summarize([ARTICLES], settings, progress=lambda *update: shown.append(update))

    retries = [(stage, done) for stage, done, _ in shown if stage.startswith("retries")]
    assert [done for _, done in retries] == list(range(1, faults.total_injected + 1))
    assert all(re.fullmatch(r"retries: \S.*: HTTP 429: .*; attempt 2 of 5 in \d+ s", stage) for stage, _ in retries)


def test_the_progress_display_keeps_one_row_for_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    import rich.progress
    from rich.console import Console

    import briefer.progress

    made: list[rich.progress.Progress] = []

    class Kept(rich.progress.Progress):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            made.append(self)

    monkeypatch.setattr(rich.progress, "Progress", Kept)  # imported from there when a terminal is drawn on
    with (
        open(os.devnull, "w") as devnull,
        briefer.progress.progress_display(Console(force_terminal=True, file=devnull)) as update,
    ):
        assert update is not None
        update("map", 1, 5)
        update("retries: chunk a#0: HTTP 429; attempt 2 of 5 in 3 s", 1, 1)
        update("retries: chunk b#0: HTTP 500; attempt 2 of 5 in 1 s", 2, 2)
        rows = [(task.description, task.completed) for task in made[0].tasks]
    assert rows == [("map", 1), ("retries: chunk b#0: HTTP 500; attempt 2 of 5 in 1 s", 2)]


def test_an_unwritable_cache_stops_the_run_before_anything_is_paid_for(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    (tmp_path / "file").write_text("where the cache directory should be")
    with serve() as (base_url, faults):
        code, out, err = loopback(base_url, tmp_path / "file" / "cache", monkeypatch, capsys)

    assert "cannot write the response cache" in one_error_line(code, err) and "--no-cache" in err
    assert not faults.attempts


@pytest.mark.parametrize(("extra", "promised"), [((), True), (("--no-cache",), False)])
def test_a_retryable_failure_promises_cached_calls_only_when_there_is_a_cache(
    extra: tuple[str, ...],
    promised: bool,
    tmp_path: Path,
    waits: list[float],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    with serve(behaviour="retry-after-hour") as (base_url, _):
        code, _, err = loopback(base_url, tmp_path / "cache", monkeypatch, capsys, "--concurrency", "1", *extra)

    err = one_error_line(code, err)
    assert ("finished calls are cached" in err) is promised, err

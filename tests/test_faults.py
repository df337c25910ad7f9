"""A flaky endpoint (429 with Retry-After, 500, timeouts, connection resets at a seeded rate) over 50
distinct articles: the llm run either completes with the briefing a clean run makes and reports its
retries, or stops with a ModelError whose cache lets the next run finish without repeating a call.

No test sleeps: the client's waits are recorded instead of slept."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import respx
from fault_server import FAULT_KINDS, Faults, load_bench
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
    settings = Settings(engine="llm", base_url=BASE, api_key=SecretStr("sk-test"), cache_dir=cache,
                        concurrency=8, max_attempts=max_attempts)
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

    with pytest.raises(ModelError, match=r"chunk 00013_\S+: the model endpoint failed after 3 attempts: HTTP 500"):
        run(articles, tmp_path, first, max_attempts=3)

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


def cli(articles: Path, cache: Path, faults: Faults, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    monkeypatch.setenv("OPENAI_BASE_URL", BASE)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    with respx.mock(base_url=BASE, assert_all_mocked=True) as router:
        router.post("/chat/completions").mock(side_effect=faults.respx_side_effect())
        code = main(["summarize", str(articles), "--engine", "llm", "--cache-dir", str(cache)])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_report_tells_the_user_how_many_retries_it_took(
    articles: Path, tmp_path: Path, waits: list[float], monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    faults = Faults(seed=11, rate=0.3, max_in_a_row=4)

    code, out, err = cli(articles, tmp_path, faults, monkeypatch, capsys)

    assert code == 0, err
    assert faults.total_injected > 0
    assert f"(0 from cache, {faults.total_injected} retries)" in " ".join(out.split())


def test_a_call_that_keeps_failing_is_one_clear_line_and_exit_2(
    articles: Path, tmp_path: Path, waits: list[float], monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = cli(articles, tmp_path, Faults(doomed=doomed), monkeypatch, capsys)

    assert code == 2
    assert err.startswith("briefer: error: chunk 00013_") and err.count("\n") == 1, err
    assert "failed after 5 attempts: HTTP 500" in err

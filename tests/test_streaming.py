"""The LLM pipeline streams: a source's map calls go out while the later sources are still being read
and chunked, and what goes out and what comes back is what the engine gives unstreamed.

A respx model answers every request from its body (a map call: the article's first sentences as facts
quoted verbatim; a reduce call: one sentence per fact), so the same requests get the same answers
whatever order they arrive in.
"""

from __future__ import annotations

import json
import re
import sys
import threading
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx
from pydantic import SecretStr

import briefer.ingest
from briefer.binding import bind_briefing
from briefer.chunk import chunk_sources
from briefer.config import Settings
from briefer.engines.llm import LLMEngine
from briefer.errors import InputError
from briefer.headings import check_headings
from briefer.ingest import load_sources
from briefer.models import Briefing
from briefer.pipeline import SWITCH_INTERVAL, summarize
from briefer.prompts import read_facts
from briefer.verify import check_briefing
from tests.llm_replay import CHAT_URL, completion, stage_of

ARTICLES = Path(__file__).resolve().parent.parent / "fixtures" / "articles"
_ARTICLE = re.compile(r"<article [^>]*>\n(.*?)\n</article>", re.DOTALL)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def settings(cache: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "engine": "llm",
        "api_key": SecretStr("sk-test"),
        "cache_dir": cache,
        "concurrency": 2,
        "chunk_tokens": 400,  # several map calls per seed article
    }
    return Settings(**{**values, **overrides})


class Model:
    """Answers chat requests from their bodies and keeps every body it was sent."""

    def __init__(self) -> None:
        self.bodies: list[str] = []
        self.first_request = threading.Event()

    def __call__(self, request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        self.bodies.append(json.dumps(body, sort_keys=True))
        self.first_request.set()
        user = body["messages"][-1]["content"]
        if stage_of(body) == "chunk_facts":
            sentences = [s.strip() for a in _ARTICLE.findall(user) for s in _SENTENCE_END.split(a)]
            picked = [s for s in sentences if 6 <= len(s.split()) <= 60 and "\n" not in s and "&" not in s][:2]
            answer: dict[str, Any] = {"facts": [{"quotes": [s], "statement": s} for s in picked]}
        else:
            facts = read_facts(user)
            said = [{"text": f["statement"], "facts": [f["id"]]} for f in facts]
            answer = {"title": "Briefing", "essentials": said[:3], "sections": [{"title": "All", "sentences": said}]}
        return httpx.Response(200, json=completion(json.dumps(answer)))


def content(briefing: Briefing) -> list[tuple[Any, ...]]:
    return [
        (s.text, [(c.source, c.quote, c.start, c.end) for c in s.citations], s.verdict and s.verdict.label)
        for _, _, s in briefing.sentences()
    ]


def test_the_first_map_call_is_sent_before_the_second_article_is_read(tmp_path, monkeypatch):
    model = Model()
    read_after_first_call: list[bool] = []
    real_read = briefer.ingest.read_source

    def read_source(path, data=None):
        if read_after_first_call or Path(path).name != sorted(p.name for p in ARTICLES.iterdir())[0]:
            # Every article after the first waits for the first call (at most a few seconds: the
            # unstreamed pipeline reads every article before it sends anything).
            read_after_first_call.append(model.first_request.wait(timeout=5))
        return real_read(path, data)

    monkeypatch.setattr(briefer.ingest, "read_source", read_source)
    with respx.mock(assert_all_mocked=True) as router:
        router.post(url__regex=CHAT_URL).mock(side_effect=model)
        briefing, sources = summarize([ARTICLES], settings(tmp_path))

    assert len(sources) == 5 and len(read_after_first_call) == 4
    assert all(read_after_first_call)
    assert briefing.run is not None and briefing.run.usage.calls == len(model.bodies) > 6


def test_each_article_is_read_once_a_map_request_of_the_article_before_it_has_been_sent(tmp_path, monkeypatch):
    # Read in the worker thread while those requests are built, the next article would hold the GIL
    # that the event loop needs to write them (bench/llm_pipeline.py: the first request left later).
    model = Model()
    ids = [s.id for s in load_sources([ARTICLES])]
    sent_before_read: list[bool] = []
    real_read = briefer.ingest.read_source

    def read_source(path, data=None):
        n = len(sent_before_read) + 1
        if n > 1:
            sent = list(model.bodies)  # the bodies the model had when this article's reading began
            sent_before_read.append(any(f'<article id=\\"{ids[n - 2]}\\">' in body for body in sent))
        else:
            sent_before_read.append(True)
        return real_read(path, data)

    monkeypatch.setattr(briefer.ingest, "read_source", read_source)
    with respx.mock(assert_all_mocked=True) as router:
        router.post(url__regex=CHAT_URL).mock(side_effect=model)
        summarize([ARTICLES], settings(tmp_path, concurrency=8))

    assert len(sent_before_read) == len(ids) == 5
    assert all(sent_before_read), sent_before_read


def test_streamed_the_pipeline_sends_the_requests_and_makes_the_briefing_of_the_unstreamed_engine(tmp_path):
    streamed = Model()
    with respx.mock(assert_all_mocked=True) as router:
        router.post(url__regex=CHAT_URL).mock(side_effect=streamed)
        briefing, sources = summarize([ARTICLES], settings(tmp_path / "streamed"))

    whole = Model()
    unstreamed_settings = settings(tmp_path / "whole")
    sources = load_sources([ARTICLES])
    chunks = chunk_sources(sources, unstreamed_settings.chunk_tokens, unstreamed_settings.encoding_name)
    with respx.mock(assert_all_mocked=True) as router:
        router.post(url__regex=CHAT_URL).mock(side_effect=whole)
        drafted = LLMEngine(unstreamed_settings, http_client=httpx.AsyncClient()).brief(sources, chunks)
    expected = bind_briefing(check_headings(check_briefing(drafted, sources), sources), sources)

    assert sorted(streamed.bodies) == sorted(whole.bodies) and len(whole.bodies) > 6
    assert content(briefing) == content(expected) and len(briefing.sentences()) > 5
    assert briefing.title_claim == expected.title_claim
    assert briefing.run is not None and briefing.run.source_tokens == sum(c.tokens for c in chunks)
    assert [s.id for s in briefing.sources] == [s.id for s in sources]


def test_the_threads_beside_the_event_loop_hand_the_gil_back_quickly_while_the_engine_streams(tmp_path):
    seen: list[float] = []

    class Watching(Model):
        def __call__(self, request: httpx.Request) -> httpx.Response:
            seen.append(sys.getswitchinterval())  # respx answers in the event loop's thread
            return super().__call__(request)

    before = sys.getswitchinterval()
    with respx.mock(assert_all_mocked=True) as router:
        router.post(url__regex=CHAT_URL).mock(side_effect=Watching())
        summarize([ARTICLES], settings(tmp_path))
    assert before > SWITCH_INTERVAL and len(seen) > 6
    assert set(seen) == {SWITCH_INTERVAL} and sys.getswitchinterval() == before


def test_an_unreadable_article_under_strict_fails_after_the_calls_already_sent_are_cached(tmp_path):
    articles = tmp_path / "articles"
    articles.mkdir()
    for i, seed in enumerate(sorted(ARTICLES.iterdir())[:3]):
        (articles / f"{i}_{seed.name}").write_bytes(seed.read_bytes())
    (articles / "3_broken.txt").write_bytes(b"\xff\xfe\x00\x00 not text \x00\x00")
    model = Model()
    with respx.mock(assert_all_mocked=True) as router, pytest.raises(InputError, match="3_broken.txt"):
        router.post(url__regex=CHAT_URL).mock(side_effect=model)
        summarize([articles], settings(tmp_path / "cache", strict=True))
    sent = len(model.bodies)
    assert sent > 0, "the readable articles' map calls went out before the broken one was read"

    (articles / "3_broken.txt").unlink()
    again = Model()
    with respx.mock(assert_all_mocked=True) as router:
        router.post(url__regex=CHAT_URL).mock(side_effect=again)
        briefing, _ = summarize([articles], settings(tmp_path / "cache", strict=True))
    assert briefing.run is not None and briefing.run.usage.cache_hits == sent
    assert not set(again.bodies) & set(model.bodies), "no finished call is repeated"


def test_the_checker_prepares_every_source_from_the_first_request_on_before_the_reduce_answer(tmp_path, monkeypatch):
    import briefer.pipeline
    from briefer.client import LLMClient
    from briefer.prepare import Preparation

    made: list[Preparation] = []
    events: list[str] = []
    prepared_at_reduce: list[int] = []
    queued: list[int] = []

    class Watched(Preparation):
        def __init__(self, language: str) -> None:
            super().__init__(language)
            made.append(self)

        def start(self) -> None:
            if not queued:  # the first call (later ones do nothing)
                events.append("preparation starts")
                queued.append(self._queue.qsize())
            super().start()

        def stop(self, wait: bool = True) -> None:
            events.append("preparation stops")
            super().stop(wait)

    class Waiting(Model):
        def __call__(self, request: httpx.Request) -> httpx.Response:
            if stage_of(json.loads(request.content)) == "briefing_draft":
                # While the reduce call is answered the preparation gets through every source (or gives up).
                for _ in range(600):
                    if made[0].prepared == 5:
                        break
                    threading.Event().wait(0.1)
                prepared_at_reduce.append(made[0].prepared)
            return super().__call__(request)

    real_sending = LLMClient._sending

    async def sending(self: LLMClient, request: httpx.Request) -> None:
        events.append("request built")
        await real_sending(self, request)

    monkeypatch.setattr(LLMClient, "_sending", sending)
    monkeypatch.setattr(briefer.pipeline, "Preparation", Watched)
    model = Waiting()
    with respx.mock(assert_all_mocked=True) as router:
        router.post(url__regex=CHAT_URL).mock(side_effect=model)
        briefing, sources = summarize(
            [ARTICLES], settings(tmp_path), progress=lambda stage, done, _: events.append(f"{stage} {done}")
        )
    assert len(sources) == 5 and len(made) == 1
    # Not before the first requests are built and every source is read (its imports and tables would hold
    # them up): at the engine's first map progress ("map 0" once two calls are on their way, or here the
    # first answer, which respx gives at once) or once the last source is read, whichever comes last.
    started = events.index("preparation starts")
    assert "request built" in events[:started] and queued == [5]
    assert prepared_at_reduce == [5]
    # Stopped as the reduce drafts are back, before the engine checks their conflicts in its own thread.
    assert events.index("preparation stops") == events.index("reduce 1") - 1
    assert briefing.sentences() and all(s.verdict is not None for _, _, s in briefing.sentences())

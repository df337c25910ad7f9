"""The map stage through the Batch API: submit, poll with backoff, download, parse per custom_id, resume."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import respx
from pydantic import BaseModel, SecretStr

from briefer.batch import BatchJob, BatchRequest, BatchResult, batch_jsonl, batch_state_path, prefill_cache, run_batch
from briefer.client import LLMClient
from briefer.config import Settings
from briefer.errors import ModelError, ModelRequestError
from briefer.models import Briefing

BASE = "https://batch.test/v1"
REQUESTS = [
    BatchRequest(f"chunk-{i}", {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": f"chunk {i}"}]})
    for i in range(3)
]


def _completion(text: str) -> dict:
    return {
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "created": 0,
        "model": "gpt-4o-mini",
        "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": text}}],
        "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15},
    }


def _ok_line(custom_id: str) -> str:
    body = _completion(f"summary of {custom_id}")
    return json.dumps({"id": "r", "custom_id": custom_id, "response": {"status_code": 200, "body": body}})


def _batch(status: str, **extra: object) -> dict:
    return {
        "id": "batch_abc",
        "object": "batch",
        "endpoint": "/v1/chat/completions",
        "input_file_id": "file-in",
        "completion_window": "24h",
        "created_at": 0,
        "status": status,
        "request_counts": {"total": 3, "completed": 3 if status == "completed" else 1, "failed": 0},
        **extra,
    }


@pytest.fixture
def api() -> Iterator[respx.MockRouter]:
    with respx.mock(base_url=BASE, assert_all_mocked=True, assert_all_called=False) as router:
        router.post("/files", name="upload").respond(
            200,
            json={
                "id": "file-in",
                "object": "file",
                "bytes": 1,
                "created_at": 0,
                "filename": "briefer-batch.jsonl",
                "purpose": "batch",
                "status": "processed",
            },
        )
        router.post("/batches", name="create").respond(200, json=_batch("validating"))
        yield router


class FakeTime:
    """A clock that only moves when the code under test sleeps."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    def clock(self) -> float:
        return self.now


@pytest.fixture
def t() -> FakeTime:
    return FakeTime()


@pytest.fixture
def client(tmp_path: Path, t: FakeTime) -> LLMClient:
    settings = Settings(engine="llm", base_url=BASE, api_key=SecretStr("sk-test-batch-key"), cache_dir=tmp_path)
    llm = LLMClient(settings, http_client=httpx.AsyncClient())
    llm.sleep = t.sleep
    return llm


def batch(client: LLMClient, t: FakeTime, requests: list = REQUESTS, **kwargs: object) -> BatchResult:
    return asyncio.run(run_batch(client, requests, clock=t.clock, **kwargs))


def test_batch_is_submitted_polled_with_backoff_and_parsed_per_custom_id(
    api: respx.MockRouter, client: LLMClient, t: FakeTime, tmp_path: Path
) -> None:
    api.get("/batches/batch_abc", name="retrieve").side_effect = [
        httpx.Response(200, json=_batch("validating")),
        httpx.Response(200, json=_batch("in_progress")),
        httpx.Response(200, json=_batch("completed", output_file_id="file-out")),
    ]
    api.get("/files/file-out/content").respond(200, text="\n".join(_ok_line(r.custom_id) for r in REQUESTS) + "\n")
    result = batch(client, t, poll_interval=10)

    upload = api["upload"].calls.last.request
    assert b'name="purpose"\r\n\r\nbatch' in upload.content
    lines = [json.loads(line) for line in batch_jsonl(REQUESTS).decode().splitlines()]
    assert [line["custom_id"] for line in lines] == ["chunk-0", "chunk-1", "chunk-2"]
    assert all(line["url"] == "/v1/chat/completions" and line["method"] == "POST" for line in lines)
    assert batch_jsonl(REQUESTS) in upload.content
    created = json.loads(api["create"].calls.last.request.content)
    assert created["completion_window"] == "24h"
    assert created["endpoint"] == "/v1/chat/completions"
    assert created["input_file_id"] == "file-in"
    assert t.sleeps == [10, 15]  # backoff: each wait half as long again as the last
    assert {cid: result.text(cid) for cid in result.completions} == {
        r.custom_id: f"summary of {r.custom_id}" for r in REQUESTS
    }
    assert result.errors == {}
    assert (result.usage.calls, result.usage.prompt_tokens, result.usage.completion_tokens) == (3, 30, 15)
    assert (client.usage.calls, client.usage.prompt_tokens) == (3, 30)


def test_rerun_after_a_crash_polls_the_saved_batch_instead_of_resubmitting(
    api: respx.MockRouter, client: LLMClient, t: FakeTime, tmp_path: Path
) -> None:
    retrieve = api.get("/batches/batch_abc", name="retrieve")
    retrieve.respond(200, json=_batch("in_progress"))

    async def crash(seconds: float) -> None:
        raise KeyboardInterrupt  # the process dies while waiting for the batch

    client.sleep = crash
    with pytest.raises(KeyboardInterrupt):
        batch(client, t)
    assert json.loads(batch_state_path(tmp_path, batch_jsonl(REQUESTS)).read_text())["batch_id"] == "batch_abc"
    assert (api["upload"].call_count, api["create"].call_count) == (1, 1)

    retrieve.respond(200, json=_batch("completed", output_file_id="file-out"))
    api.get("/files/file-out/content").respond(200, text="\n".join(_ok_line(r.custom_id) for r in REQUESTS))
    result = batch(client, t)

    assert (api["upload"].call_count, api["create"].call_count) == (1, 1)  # nothing submitted twice
    assert result.batch_id == "batch_abc"
    assert sorted(result.completions) == ["chunk-0", "chunk-1", "chunk-2"]


def test_waiting_longer_than_max_wait_stops_with_a_resumable_model_error(
    api: respx.MockRouter, client: LLMClient, t: FakeTime, tmp_path: Path
) -> None:
    api.get("/batches/batch_abc").respond(200, json=_batch("in_progress"))
    with pytest.raises(ModelError, match="batch_abc still in_progress.*run again"):
        batch(client, t, poll_interval=60, max_wait=600)

    assert sum(t.sleeps) <= 600
    assert batch_state_path(tmp_path, batch_jsonl(REQUESTS)).exists()


@pytest.mark.parametrize(
    ("error_line", "reason"),
    [
        ({"custom_id": "chunk-1", "response": None, "error": {"code": "x", "message": "quota"}}, "quota"),
        ({"custom_id": "chunk-1", "response": {"status_code": 500, "body": {"error": {"message": "boom"}}}}, "boom"),
        ({"custom_id": "chunk-1", "response": {"status_code": 429, "body": None}}, "HTTP 429"),
    ],
)
def test_a_request_the_batch_could_not_answer_is_reported_by_custom_id(
    api: respx.MockRouter, client: LLMClient, t: FakeTime, tmp_path: Path, error_line: dict, reason: str
) -> None:
    api.get("/batches/batch_abc").respond(
        200, json=_batch("completed", output_file_id="file-out", error_file_id="file-err")
    )
    api.get("/files/file-out/content").respond(200, text=_ok_line("chunk-0") + "\n" + _ok_line("chunk-2"))
    api.get("/files/file-err/content").respond(200, text=json.dumps(error_line) + "\n")

    result = batch(client, t)

    assert sorted(result.completions) == ["chunk-0", "chunk-2"]
    assert result.errors == {"chunk-1": reason}
    with pytest.raises(ModelError, match="no completion for chunk-1"):
        result.text("chunk-1")


def test_an_expired_batch_keeps_what_finished_and_names_what_did_not(
    api: respx.MockRouter, client: LLMClient, t: FakeTime, tmp_path: Path
) -> None:
    api.get("/batches/batch_abc").respond(200, json=_batch("expired", output_file_id="file-out"))
    api.get("/files/file-out/content").respond(200, text=_ok_line("chunk-0"))

    result = batch(client, t)

    assert list(result.completions) == ["chunk-0"]
    assert set(result.errors) == {"chunk-1", "chunk-2"}
    assert all("expired" in e for e in result.errors.values())


def test_a_failed_batch_raises_and_the_next_run_submits_afresh(
    api: respx.MockRouter, client: LLMClient, t: FakeTime, tmp_path: Path
) -> None:
    failed = _batch("failed", errors={"object": "list", "data": [{"code": "invalid", "message": "bad model"}]})
    api.get("/batches/batch_abc").respond(200, json=failed)

    with pytest.raises(ModelError, match="batch_abc failed: bad model"):
        batch(client, t)
    assert not batch_state_path(tmp_path, batch_jsonl(REQUESTS)).exists()

    with pytest.raises(ModelError):
        batch(client, t)
    assert api["create"].call_count == 2


def test_other_requests_make_another_batch(tmp_path: Path) -> None:
    other = [BatchRequest("chunk-0", {"model": "gpt-4o-mini", "messages": []})]
    assert batch_state_path(tmp_path, batch_jsonl(REQUESTS)) != batch_state_path(tmp_path, batch_jsonl(other))


def test_duplicate_custom_ids_are_refused() -> None:
    with pytest.raises(ValueError, match="unique"):
        batch_jsonl([REQUESTS[0], REQUESTS[0]])


def test_a_poll_that_fails_for_a_moment_is_only_a_missed_look(
    api: respx.MockRouter, client: LLMClient, t: FakeTime
) -> None:
    api.get("/batches/batch_abc").side_effect = [
        httpx.Response(503, json={"error": {"message": "busy"}}),
        httpx.ConnectError("connection refused"),
        httpx.Response(200, json=_batch("completed", output_file_id="file-out")),
    ]
    api.get("/files/file-out/content").respond(200, text=_ok_line("chunk-0"))

    result = batch(client, t, requests=REQUESTS[:1])

    assert list(result.completions) == ["chunk-0"]
    assert client.usage.retries == 2 and len(t.sleeps) == 2


@pytest.mark.parametrize(
    ("route", "status", "says"),
    [
        ("upload", 401, "batch: cannot upload the batch input: HTTP 401"),
        ("create", 400, "batch: cannot create the batch: HTTP 400"),
    ],
)
def test_an_endpoint_that_refuses_the_batch_is_a_one_line_model_error(
    api: respx.MockRouter, client: LLMClient, t: FakeTime, route: str, status: int, says: str
) -> None:
    api[route].respond(status, json={"error": {"message": "no sk-test-batch-key here"}})

    with pytest.raises(ModelError, match=says) as caught:
        batch(client, t)

    assert "sk-test-batch-key" not in str(caught.value)


class Facts(BaseModel):
    facts: list[str]


def _job(i: int) -> BatchJob:
    return BatchJob(f"chunk-{i}", [{"role": "user", "content": f"chunk {i}"}], Facts, "chunk_facts")


def _answer_line(custom_id: str, content: str) -> str:
    body = {
        **_completion(content),
        "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": content}}],
    }
    return json.dumps({"custom_id": custom_id, "response": {"status_code": 200, "body": body}})


def test_prefilled_answers_are_what_the_live_map_stage_finds_in_the_cache(
    api: respx.MockRouter, client: LLMClient, t: FakeTime
) -> None:
    api.get("/batches/batch_abc").respond(200, json=_batch("completed", output_file_id="file-out"))
    api.get("/files/file-out/content").respond(
        200,
        text="\n".join(
            [
                _answer_line("chunk-0", '{"facts": ["zero"]}'),
                _answer_line("chunk-1", "not json at all"),
                _answer_line("chunk-2", '{"facts": ["two"]}'),
            ]
        ),
    )
    jobs = [_job(i) for i in range(3)]

    result = asyncio.run(prefill_cache(client, jobs, clock=t.clock))

    assert list(result.errors) == ["chunk-1"] and "chunk_facts" in result.errors["chunk-1"]
    sent = [
        json.loads(line)["body"]
        for line in api["upload"].calls.last.request.content.split(b"\n")
        if line.startswith(b'{"body"')
    ]
    assert sent[0] == client.request_body(jobs[0].messages, Facts, "chunk_facts")

    async def live(job: BatchJob) -> Facts:  # exactly how the engine asks; chat/completions is not mocked
        return await client.complete_json(messages=job.messages, schema=Facts, name=job.name, label=job.custom_id)

    assert asyncio.run(live(jobs[0])).facts == ["zero"]
    assert asyncio.run(live(jobs[2])).facts == ["two"]
    assert client.usage.cache_hits == 2

    again = asyncio.run(prefill_cache(client, [jobs[0], jobs[2]], clock=t.clock))
    assert again.batch_id == "" and api["create"].call_count == 1  # all cached: no second batch


def test_summarize_with_batch_sends_the_map_stage_through_the_batch_api_and_no_map_call_live(
    api: respx.MockRouter, tmp_path: Path, articles_dir: Path
) -> None:
    from llm_replay import whole_source_chunks

    from briefer.engines.llm import LLMEngine, batch_chunks, batch_label
    from briefer.ingest import load_sources

    sources = load_sources([articles_dir / "003_3d8662691a447c24.txt", articles_dir / "002_3909ca17b7eea6d5.txt"])
    chunks = whole_source_chunks(sources)
    settings = Settings(engine="llm", base_url=BASE, api_key=SecretStr("sk-test"), cache_dir=tmp_path, batch=True)
    quotes = {
        "003_3d8662691a447c24": "Ukrainian Defense Minister Oleksiy Reznikov on Monday announced "
        "he had handed in his resignation",
        "002_3909ca17b7eea6d5": "Bereits im Jahr 2019 hatten sich Kim und Putin in Wladiwostok getroffen.",
    }
    lines = []
    for group in batch_chunks(chunks, settings.chunk_tokens):
        source = group[0].source
        facts = {"facts": [{"statement": f"fact of {source}", "quotes": [quotes[source]]}]}
        lines.append(_answer_line(batch_label(group), json.dumps(facts)))
    api.get("/batches/batch_abc").respond(200, json=_batch("completed", output_file_id="file-out"))
    api.get("/files/file-out/content").respond(200, text="\n".join(lines))
    draft = {
        "title": "T",
        "essentials": [{"text": "Reznikov handed in his resignation on Monday.", "facts": ["F1"]}],
        "sections": [],
    }
    chat = api.post("/chat/completions").respond(200, json=_completion(json.dumps(draft)))

    def run() -> Briefing:
        engine = LLMEngine(settings, http_client=httpx.AsyncClient())
        engine.sleep = FakeTime().sleep
        return engine.brief(sources, chunks)

    briefing = run()
    assert api["create"].call_count == 1
    assert chat.call_count == 1  # the reduce only: every map answer came through the batch
    cite = briefing.sections[0].sentences[0].citations[0]
    assert (cite.source, cite.quote) == ("003_3d8662691a447c24", quotes["003_3d8662691a447c24"])

    run()  # a re-run: map answers are cached, reduce too; nothing submitted or asked again
    assert api["create"].call_count == 1 and chat.call_count == 1


def test_the_batch_path_uses_only_the_clients_verbs_and_never_openai() -> None:
    """batch.py speaks to the endpoint through LLMClient's public verbs: not its cache, counters or openai object."""
    import ast
    import inspect

    import briefer.batch

    tree = ast.parse(inspect.getsource(briefer.batch))
    imported = {
        alias.name for node in ast.walk(tree) if isinstance(node, ast.Import | ast.ImportFrom) for alias in node.names
    } | {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    used = {
        node.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "llm"
    }
    assert "openai" not in imported
    assert used <= BATCH_VERBS, used - BATCH_VERBS
    assert all(
        not name.startswith("_") and callable(getattr(LLMClient, name, None)) or name == "settings" for name in used
    )


BATCH_VERBS = {
    "settings",
    "is_cached",
    "store_answer",
    "request_body",
    "add_usage",
    "wait",
    "upload_batch",
    "create_batch",
    "batch_status",
    "download",
    "count_retry",
}


def test_a_batch_endpoint_failure_is_a_structured_model_error(
    api: respx.MockRouter, client: LLMClient, t: FakeTime
) -> None:
    api.get("/batches/batch_abc").respond(503, headers={"x-request-id": "req_poll"}, text="down")
    with pytest.raises(ModelError) as info:
        batch(client, t, max_wait=25)
    assert "still" in str(info.value)  # a poll that keeps failing is a missed look, until max_wait
    api.get("/batches/batch_abc").respond(401, headers={"x-request-id": "req_no"}, json={"error": {"message": "no"}})
    with pytest.raises(ModelRequestError) as refused:
        batch(client, t)
    assert (refused.value.status_code, refused.value.request_id, refused.value.retryable) == (401, "req_no", False)

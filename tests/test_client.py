"""LLMClient through the real openai client, with respx answering at the transport (assert_all_mocked)."""

from __future__ import annotations

import asyncio
import datetime as dt
import email.utils
import json
import ssl
import threading

import httpx
import pytest
import respx
from llm_replay import CHAT_URL, FAKE_KEY, completion, fixture_settings
from pydantic import BaseModel, SecretStr

from briefer.cache import ResponseCache
from briefer.client import (
    MAX_RETRY_AFTER,
    PLACEHOLDER_KEY,
    LLMClient,
    retry_after_seconds,
    strict_json_schema,
    tls_verification,
)
from briefer.config import Settings
from briefer.errors import (
    ConfigError,
    ModelConnectionError,
    ModelError,
    ModelOutputError,
    ModelRateLimitError,
    ModelRequestError,
    ModelResponseError,
    ModelServerError,
    ModelTimeoutError,
)

MESSAGES = [{"role": "system", "content": "Answer in JSON."}, {"role": "user", "content": "<article>…</article>"}]


class Answer(BaseModel):
    title: str
    count: int


GOOD = json.dumps({"title": "ok", "count": 3})


def ok(content: str = GOOD, **kwargs) -> httpx.Response:
    return httpx.Response(200, json=completion(content, **kwargs))


def make_client(tmp_path, **overrides) -> tuple[LLMClient, list[float]]:
    client = LLMClient(fixture_settings(tmp_path, **overrides), http_client=httpx.AsyncClient())
    waits: list[float] = []

    async def record_wait(seconds: float) -> None:
        waits.append(seconds)

    client.sleep = record_wait
    return client, waits


def ask(client: LLMClient, label: str = "chunk a#0", messages=MESSAGES) -> Answer:
    return asyncio.run(client.complete_json(messages=messages, schema=Answer, name="answer", label=label))


def sent(route: respx.Route, n: int) -> dict:
    return json.loads(route.calls[n].request.content)


# --- structured output -------------------------------------------------------------------------------


def test_asks_for_strict_json_schema_first(tmp_path):
    client, _ = make_client(tmp_path)
    with respx.mock(assert_all_mocked=True) as router:
        route = router.post(url__regex=CHAT_URL).mock(return_value=ok())
        assert ask(client) == Answer(title="ok", count=3)
    fmt = sent(route, 0)["response_format"]
    assert fmt["type"] == "json_schema"
    assert fmt["json_schema"]["strict"] is True
    assert fmt["json_schema"]["schema"] == strict_json_schema(Answer)
    assert fmt["json_schema"]["schema"]["additionalProperties"] is False
    assert fmt["json_schema"]["schema"]["required"] == ["title", "count"]


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (500, "Unsupported response_format type: json_schema"),  # llama.cpp
        (400, "Invalid parameter: 'response_format' of type 'json_schema' is not supported with this model."),
        (422, "json_schema is not a valid response_format"),
        (400, "structured outputs are not supported by this backend"),
    ],
)
def test_server_rejecting_json_schema_gets_json_object_for_the_rest_of_the_run(tmp_path, status, message):
    client, waits = make_client(tmp_path)
    with respx.mock(assert_all_mocked=True) as router:
        route = router.post(url__regex=CHAT_URL).mock(
            side_effect=[httpx.Response(status, json={"error": {"message": message}}), ok(), ok()]
        )
        ask(client)
        ask(client, messages=[*MESSAGES, {"role": "user", "content": "again"}])
    formats = [sent(route, i)["response_format"] for i in range(3)]
    assert [f["type"] for f in formats] == ["json_schema", "json_object", "json_object"]
    assert formats[1]["schema"] == strict_json_schema(Answer)
    assert waits == [] and client.usage.retries == 0


def test_a_plain_500_is_retried_not_taken_for_a_json_schema_rejection(tmp_path):
    client, waits = make_client(tmp_path)
    with respx.mock(assert_all_mocked=True) as router:
        route = router.post(url__regex=CHAT_URL).mock(
            side_effect=[httpx.Response(500, json={"error": {"message": "overloaded"}}), ok()]
        )
        ask(client)
    assert [sent(route, i)["response_format"]["type"] for i in range(2)] == ["json_schema", "json_schema"]
    assert len(waits) == 1


# --- repair round ----------------------------------------------------------------------------------------

BAD_ANSWERS = {
    "broken JSON": (dict(content='{"title": "ok", "count": '), "not valid JSON"),
    "truncated": (dict(content='{"title": "ok", "count": 3}', finish_reason="length"), "finish_reason=length"),
    "schema violation": (dict(content='{"title": "ok", "count": "many"}'), "count"),
    "missing field": (dict(content='{"title": "ok"}'), "count: Field required"),
    "empty": (dict(content=""), "empty"),
}


@pytest.mark.parametrize("case", BAD_ANSWERS, ids=list(BAD_ANSWERS))
def test_invalid_answer_gets_one_repair_round_showing_the_error(tmp_path, case):
    bad, error_text = BAD_ANSWERS[case]
    client, _ = make_client(tmp_path)
    with respx.mock(assert_all_mocked=True) as router:
        route = router.post(url__regex=CHAT_URL).mock(side_effect=[ok(**bad), ok()])
        assert ask(client) == Answer(title="ok", count=3)
    repair = sent(route, 1)["messages"]
    assert repair[: len(MESSAGES)] == MESSAGES
    assert repair[-2] == {"role": "assistant", "content": bad["content"]}
    assert repair[-1]["role"] == "user" and error_text in repair[-1]["content"]
    assert client.usage.calls == 2


def test_refusal_gets_a_repair_round(tmp_path):
    refused = completion("")
    refused["choices"][0]["message"] = {"role": "assistant", "content": None, "refusal": "I can't help with that."}
    client, _ = make_client(tmp_path)
    with respx.mock(assert_all_mocked=True) as router:
        route = router.post(url__regex=CHAT_URL).mock(side_effect=[httpx.Response(200, json=refused), ok()])
        assert ask(client).count == 3
    assert "refusal" in sent(route, 1)["messages"][-1]["content"]


def test_second_invalid_answer_raises_with_the_completion_and_the_chunk(tmp_path):
    client, _ = make_client(tmp_path)
    with respx.mock(assert_all_mocked=True) as router:
        router.post(url__regex=CHAT_URL).mock(side_effect=[ok("not json"), ok('{"title": 1}')])
        with pytest.raises(ModelOutputError) as info:
            ask(client, label="chunk 002_x#1")
    assert "chunk 002_x#1" in str(info.value) and "repair round" in str(info.value)
    assert info.value.last_completion == '{"title": 1}'
    assert info.value.attempts == 2
    assert not list((tmp_path / "cache").rglob("*.json")), "an invalid answer is never cached"


# --- retries -----------------------------------------------------------------------------------------------

FAILURES = {
    "429 with Retry-After": lambda: httpx.Response(429, headers={"retry-after": "2"}, json={"error": {}}),
    "500": lambda: httpx.Response(500, json={"error": {"message": "boom"}}),
    "503": lambda: httpx.Response(503, text="upstream unavailable"),
    "timeout": lambda: httpx.ReadTimeout("read timed out"),
    "connection reset": lambda: httpx.RemoteProtocolError("Server disconnected without sending a response."),
    "connection refused": lambda: httpx.ConnectError("[Errno 111] Connection refused"),
}


@pytest.mark.parametrize("failures", [1, 2, 4])
@pytest.mark.parametrize("kind", FAILURES, ids=list(FAILURES))
def test_transient_failures_are_retried_until_success(tmp_path, kind, failures):
    # A timeout or a refused connection is a blip at an endpoint that has answered before in the run
    # (at one that never answered, see test_a_silent_endpoint_is_not_retried_as_long).
    primed = kind in ("timeout", "connection refused")
    client, waits = make_client(tmp_path, max_attempts=5)
    with respx.mock(assert_all_mocked=True) as router:
        route = router.post(url__regex=CHAT_URL).mock(
            side_effect=[ok()] * primed + [FAILURES[kind]() for _ in range(failures)] + [ok()]
        )
        if primed:
            ask(client, messages=[*MESSAGES[:1], {"role": "user", "content": "an earlier call"}])
        assert ask(client).count == 3
    assert route.call_count == primed + failures + 1
    assert client.usage.retries == failures == len(waits)
    assert client.usage.calls == primed + 1
    if kind == "429 with Retry-After":
        assert waits == [2.0] * failures
    else:  # exponential backoff with up to 1 s of jitter: 1, 2, 4, 8 … seconds
        for n, wait in enumerate(waits):
            assert 2**n <= wait <= 2**n + 1


def test_exhausted_attempts_raise_model_error_naming_the_chunk(tmp_path):
    client, waits = make_client(tmp_path, max_attempts=3)
    with respx.mock(assert_all_mocked=True) as router:
        route = router.post(url__regex=CHAT_URL).mock(return_value=httpx.Response(503, text="down"))
        with pytest.raises(ModelError) as info:
            ask(client, label="chunk 001_abc#2")
    assert route.call_count == 3 and len(waits) == 2
    assert str(info.value).startswith("chunk 001_abc#2: the model endpoint failed after 3 attempts: HTTP 503")


def test_a_refused_request_is_not_retried_and_the_key_is_not_in_the_message(tmp_path):
    client, waits = make_client(tmp_path)
    body = {"error": {"message": f"Incorrect API key provided: {FAKE_KEY}.", "code": "invalid_api_key"}}
    with respx.mock(assert_all_mocked=True) as router:
        route = router.post(url__regex=CHAT_URL).mock(return_value=httpx.Response(401, json=body))
        with pytest.raises(ModelError) as info:
            ask(client, label="reduce")
    assert route.call_count == 1 and waits == []
    assert "reduce: the model endpoint refused the request: HTTP 401" in str(info.value)
    assert FAKE_KEY not in str(info.value)


NOW = dt.datetime(2026, 1, 1, 12, 0, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("headers", "seconds"),
    [
        ({"retry-after": "2"}, 2.0),
        ({"retry-after": "0.5"}, 0.5),
        ({"retry-after-ms": "1500"}, 1.5),
        ({"retry-after": email.utils.format_datetime(NOW + dt.timedelta(seconds=7), usegmt=True)}, 7.0),
        ({"retry-after": "86400"}, MAX_RETRY_AFTER),
        ({"retry-after": "-3"}, 0.0),
        ({"retry-after": "soon"}, None),
        ({}, None),
    ],
)
def test_retry_after_is_read_in_seconds_or_as_a_date_and_capped(headers, seconds):
    class Failure(Exception):
        response = httpx.Response(429, headers=headers)

    assert retry_after_seconds(Failure(), now=NOW) == seconds


# --- key handling, cache, recording, interception ------------------------------------------------------------


def test_local_server_without_key_gets_a_placeholder_key(tmp_path):
    settings = Settings(base_url="http://127.0.0.1:8080/v1", cache_dir=tmp_path)
    client = LLMClient(settings, http_client=httpx.AsyncClient())
    with respx.mock(assert_all_mocked=True) as router:
        route = router.post("http://127.0.0.1:8080/v1/chat/completions").mock(return_value=ok())
        ask(client)
    assert route.calls[0].request.headers["authorization"] == f"Bearer {PLACEHOLDER_KEY}"
    assert client.base_url == "http://127.0.0.1:8080/v1"


@pytest.mark.parametrize(
    ("base_url", "loads_the_ca_bundle"),
    [(None, True), ("https://api.example.com/v1", True), ("http://127.0.0.1:8080/v1", False), (" HTTP://h/v1", False)],
)
def test_only_an_https_endpoint_loads_the_ca_bundle_and_tls_never_goes_unchecked(base_url, loads_the_ca_bundle):
    verify = tls_verification(base_url)
    if loads_the_ca_bundle:
        assert verify is True  # httpx's default: certifi's bundle, hostnames checked
    else:
        assert isinstance(verify, ssl.SSLContext)
        assert verify.verify_mode == ssl.CERT_REQUIRED and verify.check_hostname
        assert verify.cert_store_stats()["x509_ca"] == 0  # trusts nothing: a TLS handshake would fail


def test_no_key_and_no_base_url_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match="OPENAI_API_KEY"):
        LLMClient(Settings(cache_dir=tmp_path))


@pytest.mark.parametrize(("use_cache", "calls"), [(True, 1), (False, 2)])
def test_a_finished_call_is_answered_from_the_cache(tmp_path, use_cache, calls):
    with respx.mock(assert_all_mocked=True) as router:
        route = router.post(url__regex=CHAT_URL).mock(return_value=ok())
        for _ in range(2):
            client, _ = make_client(tmp_path, use_cache=use_cache)
            assert ask(client).count == 3
    assert route.call_count == calls
    assert client.usage.cache_hits == (1 if use_cache else 0)


@pytest.mark.parametrize(
    "change",
    [
        {"model": "gpt-4.1-mini"},
        {"base_url": "http://127.0.0.1:8080/v1"},
        {"messages": [*MESSAGES[:1], {"role": "user", "content": "other"}]},
    ],
)
def test_the_cache_key_covers_model_endpoint_and_messages(tmp_path, change):
    messages = change.pop("messages", MESSAGES)
    with respx.mock(assert_all_mocked=True) as router:
        route = router.post(url__regex=CHAT_URL).mock(return_value=ok())
        ask(make_client(tmp_path)[0])
        ask(make_client(tmp_path, **change)[0], messages=messages)
    assert route.call_count == 2


def test_recording_writes_exchanges_without_credentials(tmp_path):
    record = tmp_path / "recorded"
    client, _ = make_client(tmp_path, record_dir=record)
    with respx.mock(assert_all_mocked=True) as router:
        router.post(url__regex=CHAT_URL).mock(
            side_effect=[httpx.Response(429, headers={"retry-after": "1"}, json={"error": {}}), ok()]
        )
        ask(client)
    files = sorted(record.glob("*.json"))
    exchanges = [json.loads(p.read_text()) for p in files]
    assert [e["response"]["status"] for e in exchanges] == [429, 200]
    assert exchanges[0]["response"]["headers"] == {"retry-after": "1", "content-type": "application/json"}
    assert exchanges[1]["request"]["path"] == "/v1/chat/completions"
    assert exchanges[1]["request"]["body"]["messages"] == MESSAGES
    assert exchanges[1]["response"]["body"]["choices"][0]["message"]["content"] == GOOD
    assert "gpt-4o-mini" in exchanges[1]["provenance"] and "https://api.openai.com/v1" in exchanges[1]["provenance"]
    for path in [*files, *(tmp_path / "cache").rglob("*.json")]:
        text = path.read_text().lower()
        assert FAKE_KEY.lower() not in text and "authorization" not in text and "bearer" not in text


def test_an_unmocked_request_fails_instead_of_reaching_the_network(tmp_path):
    client, _ = make_client(tmp_path)
    with respx.mock(assert_all_mocked=True, assert_all_called=False) as router:
        router.post("http://127.0.0.1:9/v1/chat/completions").mock(return_value=ok())
        with pytest.raises(respx.models.AllMockedAssertionError):
            ask(client)  # goes to api.openai.com, which no route answers


def test_api_key_setting_is_sent_as_bearer_token(tmp_path):
    settings = fixture_settings(tmp_path, api_key=SecretStr("sk-other"))
    client = LLMClient(settings, http_client=httpx.AsyncClient())
    with respx.mock(assert_all_mocked=True) as router:
        route = router.post("https://api.openai.com/v1/chat/completions").mock(return_value=ok())
        ask(client)
    assert route.calls[0].request.headers["authorization"] == "Bearer sk-other"


def test_the_next_call_is_sent_while_the_last_answer_is_still_being_cached(tmp_path, monkeypatch):
    # The write (fsync) runs in a worker thread: the first answer's write waits here until the second
    # request has been sent, which it could not be if the first call returned only once written.
    client, _ = make_client(tmp_path)
    second_sent = threading.Event()
    waited: list[bool] = []
    real_put = ResponseCache.put

    def slow_put(self, key, content, **meta):
        waited.append(second_sent.wait(timeout=20))
        real_put(self, key, content, **meta)

    def answer(request: httpx.Request) -> httpx.Response:
        if b"second" in request.content:
            second_sent.set()
        return ok()

    async def three_calls() -> None:
        first = [*MESSAGES[:1], {"role": "user", "content": "first"}]
        for messages in (first, [*MESSAGES[:1], {"role": "user", "content": "second"}], first):
            await client.complete_json(messages=messages, schema=Answer, name="answer", label="chunk a#0")
        await client.aclose()

    monkeypatch.setattr(ResponseCache, "put", slow_put)
    with respx.mock(assert_all_mocked=True) as router:
        route = router.post(url__regex=CHAT_URL).mock(side_effect=answer)
        asyncio.run(three_calls())
    # The third call repeats the first, answered from memory while (or after) its write went on.
    assert (waited, route.call_count, client.usage.cache_hits) == ([True, True], 2, 1)
    assert client.is_cached([*MESSAGES[:1], {"role": "user", "content": "second"}], Answer, "answer")


@pytest.mark.parametrize("stored", ["{torn", json.dumps({"key": "KEY", "content": {"title": 1}})])
def test_a_corrupt_or_stale_cache_entry_is_asked_again_and_overwritten(tmp_path, stored):
    client, _ = make_client(tmp_path)
    key = client.request_key(MESSAGES, Answer, "answer")
    client.cache.path(key).parent.mkdir(parents=True)
    client.cache.path(key).write_text(stored.replace("KEY", key))
    with respx.mock(assert_all_mocked=True) as router:
        route = router.post(url__regex=CHAT_URL).mock(return_value=ok())
        assert ask(client).count == 3
    assert route.call_count == 1 and client.usage.cache_hits == 0
    assert json.loads(client.cache.path(key).read_text())["content"] == {"title": "ok", "count": 3}


# --- structured errors: callers catch by meaning and read fields ------------------------------------------------

ERRORS = {
    "429": (
        lambda: httpx.Response(429, headers={"retry-after": "1", "x-request-id": "req_429"}, json={"error": {}}),
        ModelRateLimitError,
        "rate_limit",
        429,
        "req_429",
        True,
    ),
    "503": (
        lambda: httpx.Response(503, headers={"x-request-id": "req_503"}, text="down"),
        ModelServerError,
        "server",
        503,
        "req_503",
        True,
    ),
    "401": (
        lambda: httpx.Response(401, headers={"x-request-id": "req_401"}, json={"error": {"message": "no"}}),
        ModelRequestError,
        "request",
        401,
        "req_401",
        False,
    ),
    "404": (
        lambda: httpx.Response(404, json={"error": {"message": "Not Found"}}),
        ModelRequestError,
        "request",
        404,
        None,
        False,
    ),
    "307": (
        lambda: httpx.Response(307, headers={"location": "https://elsewhere.test/v1"}),
        ModelRequestError,
        "request",
        307,
        None,
        False,
    ),
    "timeout": (lambda: httpx.ReadTimeout("read timed out"), ModelTimeoutError, "timeout", None, None, True),
    "reset": (
        lambda: httpx.RemoteProtocolError("Server disconnected"),
        ModelConnectionError,
        "connection",
        None,
        None,
        True,
    ),
    "html": (
        lambda: httpx.Response(200, html="<html>portal</html>"),
        ModelResponseError,
        "bad_response",
        None,
        None,
        False,
    ),
}


@pytest.mark.parametrize("case", ERRORS, ids=list(ERRORS))
def test_a_failure_is_a_model_error_of_its_kind_with_the_fields_openai_gives(tmp_path, case):
    respond, cls, kind, status, request_id, retryable = ERRORS[case]
    client, _ = make_client(tmp_path, max_attempts=2)

    def reply(request: httpx.Request) -> httpx.Response:
        outcome = respond()
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    with respx.mock(assert_all_mocked=True) as router:
        router.post(url__regex=CHAT_URL).mock(side_effect=reply)
        with pytest.raises(ModelError) as info:
            ask(client, label="chunk 007_ab#0")
    error = info.value
    assert type(error) is cls and error.kind == kind
    assert (error.status_code, error.request_id, error.retryable) == (status, request_id, retryable)
    assert error.label == "chunk 007_ab#0" and str(error).startswith("chunk 007_ab#0: ")
    assert error.reason in str(error) and error.attempts == (2 if retryable else 1)


def test_a_retry_after_longer_than_briefer_waits_fails_the_call_at_once(tmp_path):
    client, waits = make_client(tmp_path)
    with respx.mock(assert_all_mocked=True) as router:
        route = router.post(url__regex=CHAT_URL).mock(
            return_value=httpx.Response(429, headers={"retry-after": "3600"}, json={"error": {"message": "quota"}})
        )
        with pytest.raises(ModelRateLimitError, match="asks to wait 3600 s") as info:
            ask(client)
    assert route.call_count == 1 and waits == []
    assert info.value.retryable  # later, not now


def test_the_run_budget_stops_retrying_and_says_so(tmp_path):
    client, waits = make_client(tmp_path, max_attempts=20, budget=100)
    now = [0.0]
    client.clock = lambda: now[0]

    async def advance(seconds: float) -> None:
        waits.append(seconds)
        now[0] += seconds

    client.sleep = advance
    with respx.mock(assert_all_mocked=True) as router:
        route = router.post(url__regex=CHAT_URL).mock(
            return_value=httpx.Response(429, headers={"retry-after": "30"}, json={"error": {}})
        )
        with pytest.raises(ModelError, match="failed after 4 attempts"):
            ask(client)
        with pytest.raises(ModelError):  # the run has failed: a new call does not start
            ask(client, messages=[*MESSAGES[:1], {"role": "user", "content": "another"}])
    assert waits == [30.0, 30.0, 30.0] and route.call_count == 4  # a fourth wait would pass 100 s


def test_after_a_call_failed_for_good_queued_calls_do_not_start(tmp_path):
    client, _ = make_client(tmp_path)
    with respx.mock(assert_all_mocked=True) as router:
        route = router.post(url__regex=CHAT_URL).mock(return_value=httpx.Response(404, json={"error": {}}))
        with pytest.raises(ModelRequestError) as first:
            ask(client, label="chunk 1")
        with pytest.raises(ModelRequestError) as second:
            ask(client, label="chunk 2", messages=[*MESSAGES[:1], {"role": "user", "content": "another"}])
    assert route.call_count == 1 and second.value is first.value  # the failure that stopped the run


def test_every_retry_is_told_before_its_wait(tmp_path):
    client, waits = make_client(tmp_path)
    notes: list[str] = []
    client.on_retry = notes.append
    with respx.mock(assert_all_mocked=True) as router:
        router.post(url__regex=CHAT_URL).mock(
            side_effect=[httpx.Response(429, headers={"retry-after": "2"}, json={"error": {}}), ok()]
        )
        ask(client, label="chunk 003_x#0")
    assert notes == ["chunk 003_x#0: HTTP 429: Error code: 429; attempt 2 of 5 in 2 s"]


# --- the cache: found unwritable before anything is paid for; an answer that arrived is never discarded -----------


def test_an_unwritable_cache_is_found_out_before_the_first_call(tmp_path):
    (tmp_path / "file").write_text("where the cache directory should be")
    with respx.mock(assert_all_mocked=True, assert_all_called=False) as router:
        route = router.post(url__regex=CHAT_URL).mock(return_value=ok())
        with pytest.raises(ConfigError, match="cannot write the response cache.*--no-cache"):
            make_client(tmp_path, cache_dir=tmp_path / "file" / "cache")
    assert route.call_count == 0


def test_a_cache_write_that_fails_mid_run_keeps_the_answer(tmp_path, monkeypatch):
    client, _ = make_client(tmp_path)
    monkeypatch.setattr("briefer.files.os.replace", lambda *a: (_ for _ in ()).throw(OSError(28, "No space left")))
    with respx.mock(assert_all_mocked=True) as router:
        router.post(url__regex=CHAT_URL).mock(return_value=ok())
        assert ask(client) == Answer(title="ok", count=3)
    assert "No space left" in client.cache.write_error


def test_an_answer_echoing_the_key_is_scrubbed_as_it_arrives(tmp_path):
    client, _ = make_client(tmp_path)
    with respx.mock(assert_all_mocked=True) as router:
        router.post(url__regex=CHAT_URL).mock(return_value=ok(json.dumps({"title": f"Bearer {FAKE_KEY}", "count": 1})))
        assert ask(client).title == "Bearer [key]"
    assert not [p for p in (tmp_path / "cache").rglob("*.json") if FAKE_KEY in p.read_text()]


def test_an_answer_nested_too_deeply_gets_the_repair_round_then_a_model_output_error(tmp_path):
    client, _ = make_client(tmp_path)
    nested = "[" * 100_000 + "]" * 100_000
    with respx.mock(assert_all_mocked=True) as router:
        route = router.post(url__regex=CHAT_URL).mock(side_effect=[ok(nested), ok(nested)])
        with pytest.raises(ModelOutputError, match="nested too deeply"):
            ask(client)
    assert route.call_count == 2


@pytest.mark.parametrize(
    ("status", "message", "refusal"),
    [
        (400, "logprobs is not supported with this model", True),
        (422, "Unsupported parameter: 'logprobs'", True),
        # A proxy echoing the request in a rate-limit error: before, this turned log-probabilities off
        # for the rest of the run.
        (429, "Rate limit reached; request was {'logprobs': True, 'top_logprobs': 5}", False),
        (400, "max_tokens is too large", False),
    ],
)
def test_only_a_refusal_of_logprobs_turns_them_off(status: int, message: str, refusal: bool) -> None:
    import httpx
    import openai

    from briefer.client import rejects_logprobs

    response = httpx.Response(status, request=httpx.Request("POST", "http://127.0.0.1/v1/chat/completions"))
    error = openai.APIStatusError(message, response=response, body={"error": {"message": message}})
    assert rejects_logprobs(error) is refusal

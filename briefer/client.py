"""The only importer of ``openai``: structured JSON answers with retries, a repair round, a cache and recording.

Decisions made once, here:
- openai 3.x sends through httpx2 by default; we hand it an explicit ``httpx.AsyncClient`` so that the
  connection limit is ours and tests can intercept the real client with respx.
- The openai client's own retries are off (``max_retries=0``): tenacity retries here, so attempts never multiply.
- Structured output asks for OpenAI's strict ``json_schema`` first; a server that rejects it (llama.cpp
  answers 500) gets ``json_object`` with the schema attached for the rest of the run.
- Time is bounded three ways: each attempt has one deadline for all of it (``--timeout``: connecting,
  waiting and reading, however slowly the bytes trickle); the run has a budget for model calls
  (``--budget``); and once a call has failed for good, no queued call starts (the run has failed, and
  the calls in flight still finish, so their answers are cached for the re-run).
- An endpoint that has not answered once in this run is probably misconfigured or down: a refused
  connection fails at once, a timeout is tried once more, and nothing waits longer than a Retry-After
  of ``MAX_RETRY_AFTER`` (a server asking for more fails the call: try later).
- Every failure becomes a ``ModelError`` subclass with the status code, request id and the work's label;
  answers over ``MAX_ANSWER_BYTES`` (unpacked) are refused while they arrive.
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import json
import ssl
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, TypeVar

import httpcore  # noqa: F401  # imported by httpx's transport when the first client is built: here, with the rest
import httpx
import openai
import openai.resources.chat.chat  # noqa: F401  # what openai imports on the first request, otherwise (``.chat``
import openai.resources.chat.completions.completions  # noqa: F401  # is lazy: importing the packages is not enough)
from openai.types.chat import ChatCompletion
from pydantic import BaseModel, ValidationError
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception, wait_exponential_jitter

from briefer._endpoint import (
    MAX_ANSWER_BYTES,
    MAX_RETRY_AFTER,
    Endpoint,
    Failure,
    TooLarge,
    limit_answer_size,
    rejects_json_schema,
    rejects_max_tokens,
    retry_after_seconds,
)
from briefer.cache import ResponseCache, cache_key
from briefer.config import Settings
from briefer.errors import (
    ConfigError,
    ModelBudgetError,
    ModelError,
    ModelOutputError,
    ModelResponseError,
    ModelTimeoutError,
    OutputTruncated,
)
from briefer.files import write_atomic
from briefer.models import Usage
from briefer.prompts import load_prompt
from briefer.redact import remember_secret, scrub

__all__ = [
    "MAX_ANSWER_BYTES",
    "MAX_RETRY_AFTER",
    "PLACEHOLDER_KEY",
    "BatchStatus",
    "ExchangeRecorder",
    "LLMClient",
    "Message",
    "parse_answer",
    "response_format",
    "retry_after_seconds",
    "strict_json_schema",
    "tls_verification",
]

T = TypeVar("T", bound=BaseModel)
Message = dict[str, Any]

# Local servers (llama.cpp, Ollama) ignore the key, but the openai client refuses to start without one.
PLACEHOLDER_KEY = "no-key-needed"
CONNECT_TIMEOUT = 10.0  # seconds, at most: a listening server accepts in milliseconds
PARAMETERS: dict[str, Any] = {"temperature": 0}
_RECORDED_HEADERS = ("content-type", "retry-after", "retry-after-ms")


class _InvalidOutput(Exception):
    """An answer that is not the JSON asked for; its message is shown to the model in the repair round."""


class _Truncated(_InvalidOutput):
    """An answer cut off at the output token limit."""


class LLMClient:
    """Chat completions that come back as validated pydantic objects, or raise ``ModelError``."""

    def __init__(self, settings: Settings, http_client: httpx.AsyncClient | None = None) -> None:
        if settings.api_key is None and not settings.base_url:
            raise ConfigError("the llm engine needs OPENAI_API_KEY (OpenAI) or OPENAI_BASE_URL (a local server)")
        self.settings = settings
        self.usage = Usage()
        self.cache = ResponseCache(settings.cache_dir, enabled=settings.use_cache)
        self.cache.open()  # an unwritable cache is found out now, before anything is paid for
        # Replaceable so tests observe the waits (and the budget's clock) instead of sleeping through them.
        self.sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
        self.clock: Callable[[], float] = time.monotonic
        # Told of every retry before its wait ("chunk …: HTTP 429; attempt 2 of 5 in 3 s"): the progress display.
        self.on_retry: Callable[[str], None] | None = None
        # Told as each request goes out (built, about to be written to the connection).
        self.on_send: Callable[[], None] | None = None
        self.structured_mode: Literal["json_schema", "json_object"] = "json_schema"
        # Output budgets are sent as max_tokens until a server refuses the parameter (some reasoning models do).
        self.send_max_tokens = True
        # Token log-probabilities (a caller's ``logprobs=N``) are sent until a server refuses them.
        self.send_logprobs = True
        self.repair_prompt = load_prompt("summarize.repair")
        self._started: float | None = None  # the budget runs from the first request
        self._answered = False  # has the endpoint answered once in this run?
        self._failed: ModelError | None = None  # the first call that failed for good: nothing new starts
        self._unwritten: dict[str, dict[str, Any]] = {}  # answers being cached, by key (``_write_later``)
        self._writes: set[asyncio.Future[None]] = set()
        timeout = httpx.Timeout(settings.timeout, connect=min(settings.timeout, CONNECT_TIMEOUT))
        self._owns_http = http_client is None
        self._http = http_client or httpx.AsyncClient(
            timeout=timeout,
            verify=tls_verification(settings.base_url),
            limits=httpx.Limits(max_connections=settings.concurrency, max_keepalive_connections=settings.concurrency),
        )
        key = settings.api_key.get_secret_value() if settings.api_key else PLACEHOLDER_KEY
        self._secret = key if settings.api_key else None
        remember_secret(self._secret)
        self._openai = openai.AsyncOpenAI(
            api_key=key,
            base_url=settings.base_url,
            http_client=self._http,  # type: ignore[arg-type]  # openai 3 takes httpx clients; its stubs say httpx2
            max_retries=0,
            timeout=timeout,  # type: ignore[arg-type]  # the same: an httpx.Timeout
        )
        self.base_url = str(self._openai.base_url).rstrip("/")
        self._endpoint = Endpoint(self.base_url, settings.model, settings.timeout)
        hooks = self._http.event_hooks
        hooks["response"] = [limit_answer_size, *hooks["response"]]
        hooks["request"] = [*hooks["request"], self._sending]
        if settings.record_dir is not None:
            provenance = f"recorded by briefer from model {settings.model} at {self.base_url}"
            hooks["response"].append(ExchangeRecorder(settings.record_dir, provenance, secret=self._secret))
        self._http.event_hooks = hooks

    async def _sending(self, request: httpx.Request) -> None:
        if self.on_send is not None:
            self.on_send()

    async def aclose(self) -> None:
        """Wait for every cache write still going on, then close the HTTP client if it is ours."""
        await asyncio.gather(*self._writes, return_exceptions=True)
        if self._owns_http:
            await self._http.aclose()

    def request_key(
        self,
        messages: list[Message],
        schema: type[BaseModel],
        name: str,
        max_tokens: int | None = None,
        logprobs: int | None = None,
    ) -> str:
        """The cache key of this request: what ``complete_json`` looks up and what a batch run prefills."""
        request: dict[str, Any] = {
            "model": self.settings.model,
            "base_url": self.base_url,
            "messages": messages,
            "schema": {"name": name, "schema": strict_json_schema(schema)},
            "parameters": PARAMETERS,
        }
        if max_tokens is not None:  # absent, not None, so that the keys of budget-less calls stay as they were
            request["max_tokens"] = max_tokens
        if logprobs is not None:  # the same: absent unless asked for
            request["logprobs"] = logprobs
        return cache_key(request)

    def request_body(
        self, messages: list[Message], schema: type[BaseModel], name: str, max_tokens: int | None = None
    ) -> dict[str, Any]:
        """The chat.completions request ``complete_json`` would send, for a Batch API input line."""
        wire_schema = strict_json_schema(schema)
        return {
            "model": self.settings.model,
            "messages": messages,
            "response_format": response_format(self.structured_mode, name, wire_schema),
            **PARAMETERS,
            **self._budget(max_tokens),
        }

    def _budget(self, max_tokens: int | None) -> dict[str, int]:
        return {"max_tokens": max_tokens} if max_tokens is not None and self.send_max_tokens else {}

    # --- the verbs of the Batch API path (briefer/batch.py): openai, the cache and the counters stay in here

    def is_cached(
        self, messages: list[Message], schema: type[BaseModel], name: str, max_tokens: int | None = None
    ) -> bool:
        """Whether ``complete_json`` would answer this request from the cache."""
        key = self.request_key(messages, schema, name, max_tokens)
        return key in self._unwritten or self.cache.get(key) is not None

    def store_answer(
        self,
        messages: list[Message],
        schema: type[BaseModel],
        name: str,
        answer: BaseModel,
        label: str,
        max_tokens: int | None = None,
    ) -> None:
        """Cache ``answer`` (from a batch) where ``complete_json`` will look for this request."""
        self.cache.put(
            self.request_key(messages, schema, name, max_tokens),
            answer.model_dump(mode="json"),
            model=self.settings.model,
            name=name,
            label=label,
        )

    def add_usage(self, usage: Usage) -> None:
        """Count calls and tokens made outside ``complete_json`` (a batch's) in this client's usage."""
        for field in ("calls", "prompt_tokens", "completion_tokens", "retries"):
            setattr(self.usage, field, getattr(self.usage, field) + getattr(usage, field))

    def count_retry(self) -> None:
        self.usage.retries += 1

    async def wait(self, seconds: float) -> None:
        await self.sleep(seconds)

    async def upload_batch(self, jsonl: bytes) -> str:
        """Upload a Batch API input file; its file id."""
        upload = ("briefer-batch.jsonl", jsonl)
        uploading = self._openai.files.create(file=upload, purpose="batch")
        uploaded = await self._batch_call("upload the batch input", uploading)
        return str(uploaded.id)

    async def create_batch(self, input_file_id: str, endpoint: str, window: str, metadata: dict[str, str]) -> str:
        """Start a batch over an uploaded input file; its batch id."""
        created = await self._batch_call(
            "create the batch",
            self._openai.batches.create(
                input_file_id=input_file_id,
                endpoint=endpoint,  # type: ignore[arg-type]  # one of the Literal endpoints, from batch.py
                completion_window=window,  # type: ignore[arg-type]  # the same: "24h"
                metadata=metadata,
            ),
        )
        return str(created.id)

    async def batch_status(self, batch_id: str) -> BatchStatus:
        """Where a batch is; a failure is a ``ModelError`` whose ``retryable`` says whether to look again."""
        batch = await self._batch_call(
            f"batch {batch_id}: cannot poll", self._openai.batches.retrieve(batch_id), plain=False
        )
        counts = batch.request_counts
        errors = getattr(batch.errors, "data", None) or []
        return BatchStatus(
            status=str(batch.status),
            completed=counts.completed if counts else 0,
            total=counts.total if counts else 0,
            output_file_id=batch.output_file_id,
            error_file_id=batch.error_file_id,
            errors=[str(e.message or e.code or "") for e in errors if e.message or e.code],
        )

    async def download(self, file_id: str) -> str:
        content = await self._batch_call(f"download {file_id}", self._openai.files.content(file_id))
        return str(content.text)

    async def _batch_call(self, what: str, call: Awaitable[Any], plain: bool = True) -> Any:
        """One Batch API request; an endpoint failure becomes a ``ModelError`` (labelled ``batch: cannot …``)."""
        try:
            result = await call
        except (openai.APIError, TooLarge) as exc:
            failure = self._endpoint.failure(exc, self._answered)
            label = f"batch: cannot {what}" if plain else what
            raise failure.at(label, plain=True, retryable=failure.retryable) from None
        self._answered = True
        return result

    async def complete_json(
        self,
        *,
        messages: list[Message],
        schema: type[T],
        name: str,
        label: str,
        source: str | None = None,
        max_tokens: int | None = None,
        logprobs: int | None = None,
    ) -> T:
        """The model's answer to ``messages`` as a ``schema`` instance; ``label`` names the work in errors,
        and ``source`` the article it is about (the ``ModelError.source`` field).

        A cached answer is returned without a call. An invalid answer gets one repair round in which the
        model sees its error; a second invalid answer raises ``ModelOutputError`` carrying it. With
        ``max_tokens`` (the caller's output budget) an answer cut off at the budget raises
        ``OutputTruncated`` at once: the caller knows how to ask for less, a repair round would not. Once
        one call has failed for good, the calls that have not started raise that same error. With
        ``logprobs`` the request asks for the ``logprobs`` most likely tokens at each answer position, and
        ``schema`` is validated with them as its context (``{"logprobs": choice.logprobs}``, None when the
        server sent none or refused the parameter): a schema may keep a score read from them.
        """
        wire_schema = strict_json_schema(schema)
        key = self.request_key(messages, schema, name, max_tokens, logprobs)
        cached = {"content": self._unwritten[key]} if key in self._unwritten else self.cache.get(key)
        if cached is not None:
            try:
                answer = schema.model_validate(cached["content"])
            except ValidationError:
                pass  # written by an older schema: a miss, overwritten below
            else:
                self.usage.cache_hits += 1
                return answer
        if self._failed is not None:
            raise self._failed
        try:
            answer = await self._answer(messages, schema, name, wire_schema, label, max_tokens, logprobs)
        except OutputTruncated:
            raise  # the caller asks again for less: not a failure of the run
        except ModelError as exc:
            exc.source = exc.source or source
            self._failed = self._failed or exc
            raise
        self._write_later(key, answer.model_dump(mode="json"), name=name, label=label)
        return answer

    def _write_later(self, key: str, content: dict[str, Any], **meta: str) -> None:
        """Cache an answer in a worker thread, so that the caller (and its slot among the calls in flight)
        goes on at once: an atomic write (mkstemp, fsync, rename) takes milliseconds, and up to a second
        on a loaded disk, which the next request would otherwise wait for. Until the file is there the
        answer is looked up in memory; ``aclose`` waits for every write, and a write under way when the
        run is interrupted finishes (``asyncio.run`` waits for its worker threads)."""
        self._unwritten[key] = content
        # Handed to the executor now (not in a task's first step, which a run ending at once would cancel).
        put = functools.partial(self.cache.put, key, content, model=self.settings.model, **meta)
        write = asyncio.get_running_loop().run_in_executor(None, put)
        self._writes.add(write)

        def written(done: asyncio.Future[None]) -> None:
            self._writes.discard(done)
            self._unwritten.pop(key, None)

        write.add_done_callback(written)

    async def _answer(
        self,
        messages: list[Message],
        schema: type[T],
        name: str,
        wire_schema: dict[str, Any],
        label: str,
        max_tokens: int | None = None,
        logprobs: int | None = None,
    ) -> T:
        conversation = list(messages)
        for attempt in (1, 2):
            text, choice = await self._complete(conversation, name, wire_schema, label, max_tokens, logprobs)
            try:
                return parse_answer(text, choice, schema)
            except _InvalidOutput as problem:
                if isinstance(problem, _Truncated) and max_tokens is not None:
                    # The caller set this budget and knows how to ask for less; a repair round would not.
                    self.usage.truncated += 1
                    raise OutputTruncated(
                        f"{label}: the answer was cut off at {max_tokens} output tokens",
                        last_completion=text,
                        attempts=attempt,
                        label=label,
                    ) from None
                if attempt == 2:
                    raise ModelOutputError(
                        f"{label}: the model's answer is not a valid {name} even after a repair round: {problem}",
                        last_completion=text,
                        attempts=attempt,
                        label=label,
                    ) from None
                conversation += [
                    {"role": "assistant", "content": text or ""},
                    {"role": "user", "content": self.repair_prompt.render(error=problem)},
                ]
        raise AssertionError("unreachable: the loop returns or raises")  # pragma: no cover

    async def _complete(
        self,
        messages: list[Message],
        name: str,
        wire_schema: dict[str, Any],
        label: str,
        max_tokens: int | None = None,
        logprobs: int | None = None,
    ) -> tuple[str | None, Any]:
        def before_sleep(state: RetryCallState) -> None:
            self.usage.retries += 1
            if self.on_retry is not None and state.outcome is not None:
                failure = state.outcome.exception()
                self.on_retry(
                    f"{label}: {getattr(failure, 'reason', failure)}; attempt {state.attempt_number + 1} of "
                    f"{self.settings.max_attempts} in {state.upcoming_sleep:.0f} s"
                )

        retrying = AsyncRetrying(
            stop=self._stop,
            wait=self._wait,
            retry=retry_if_exception(lambda exc: isinstance(exc, Failure) and exc.retryable),
            sleep=self.sleep,
            before_sleep=before_sleep,
            reraise=True,
        )
        try:
            async for attempt in retrying:
                with attempt:
                    return await self._attempt(messages, name, wire_schema, max_tokens, logprobs)
        except Failure as failure:
            attempts = int(retrying.statistics.get("attempt_number", 1))
            raise failure.at(label, attempts) from None
        raise AssertionError("unreachable: tenacity returns or re-raises")  # pragma: no cover

    async def _attempt(
        self,
        messages: list[Message],
        name: str,
        wire_schema: dict[str, Any],
        max_tokens: int | None = None,
        logprobs: int | None = None,
    ) -> tuple[str | None, Any]:
        """One request, within one deadline for all of it; every failure comes out as a ``Failure``."""
        now = self.clock()
        self._started = now if self._started is None else self._started
        remaining = self._started + self.settings.budget - now
        if remaining <= 0:
            raise Failure(ModelBudgetError, self._budget_spent())
        deadline = min(self.settings.timeout, remaining)
        try:
            async with asyncio.timeout(deadline):
                raw = await self._send(messages, name, wire_schema, max_tokens, logprobs)
        except TimeoutError:
            if deadline < self.settings.timeout:
                raise Failure(ModelBudgetError, self._budget_spent()) from None
            raise Failure(ModelTimeoutError, f"timed out after {deadline:g} s", retryable=True) from None
        except (openai.APIError, TooLarge) as exc:
            raise self._endpoint.failure(exc, self._answered) from None
        try:
            completion = raw.parse()
        except RecursionError:
            raise Failure(ModelResponseError, "the endpoint's answer is JSON nested too deeply to read") from None
        except ValueError:
            body = raw.http_response.content
            what = "an empty body" if not body.strip() else "a body that is not JSON"
            raise Failure(ModelResponseError, f"HTTP {raw.status_code} with {what}, not a chat completion") from None
        request_id = raw.headers.get("x-request-id")
        if not isinstance(completion, ChatCompletion):
            raise Failure(ModelResponseError, self._endpoint.not_a_completion(raw.headers), request_id=request_id)
        self._answered = True
        self.usage.calls += 1
        if completion.usage is not None:
            self.usage.prompt_tokens += completion.usage.prompt_tokens
            self.usage.completion_tokens += completion.usage.completion_tokens
        choice = completion.choices[0] if completion.choices else None
        text = choice.message.content if choice else None
        return (scrub(text) if text else text), choice

    async def _send(
        self,
        messages: list[Message],
        name: str,
        wire_schema: dict[str, Any],
        max_tokens: int | None = None,
        logprobs: int | None = None,
    ) -> Any:
        while True:
            mode = self.structured_mode
            budget = self._budget(max_tokens)
            scores = {"logprobs": True, "top_logprobs": logprobs} if logprobs and self.send_logprobs else {}
            try:
                # The stubs want TypedDicts; plain dicts (and **PARAMETERS) are the same JSON on the wire.
                return await self._openai.chat.completions.with_raw_response.create(  # type: ignore[call-overload]
                    model=self.settings.model,
                    messages=messages,
                    response_format=response_format(mode, name, wire_schema),
                    **PARAMETERS,
                    **budget,
                    **scores,
                )
            except openai.APIStatusError as exc:
                if scores and rejects_logprobs(exc):  # before json_schema: both say "not supported"
                    self.send_logprobs = False
                    continue
                if budget and rejects_max_tokens(exc):
                    self.send_max_tokens = False
                    continue
                if mode == "json_schema" and rejects_json_schema(exc):
                    self.structured_mode = "json_object"
                    continue
                raise

    def _stop(self, state: RetryCallState) -> bool:
        """No attempt after the last one, past the budget, or (on a timeout) beyond a second at a silent endpoint."""
        if state.attempt_number >= self.settings.max_attempts:
            return True
        failure = state.outcome.exception() if state.outcome else None
        if isinstance(failure, Failure) and failure.kind is ModelTimeoutError and not self._answered:
            return state.attempt_number >= 2
        started = self._started if self._started is not None else self.clock()
        return self.clock() + (state.upcoming_sleep or 0) >= started + self.settings.budget

    def _wait(self, state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        retry_after = retry_after_seconds(getattr(exc, "cause", None))
        if retry_after is not None:
            return retry_after
        return _BACKOFF(state)

    def _budget_spent(self) -> str:
        return f"the run's budget of {self.settings.budget:g} s for model calls is spent (--budget)"


@dataclass(frozen=True)
class BatchStatus:
    """What a poll of a Batch API batch says."""

    status: str
    completed: int
    total: int
    output_file_id: str | None
    error_file_id: str | None
    errors: list[str]


def tls_verification(base_url: str | None) -> ssl.SSLContext | bool:
    """httpx's ``verify`` for an endpoint: certificates checked against the CA bundle (``True``), except
    at an ``http://`` endpoint, which makes no TLS connection: loading the bundle would only delay the
    first request (0.05-0.2 s here). It gets a context that trusts no certificate at all, so that a TLS
    connection, were one ever made from it, fails instead of going unchecked."""
    if base_url is not None and base_url.strip().lower().startswith("http://"):
        return ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)  # verify_mode CERT_REQUIRED, no CA loaded
    return True


_BACKOFF = wait_exponential_jitter(initial=1, max=30, jitter=1)


def rejects_logprobs(exc: openai.APIStatusError) -> bool:
    """A server refusing token log-probabilities (some reasoning models do): asked without them. Only a
    refusal of the request itself (400, 422) whose own message names the parameter: a rate limit or
    another error from a proxy that echoes the request back is no refusal."""
    return exc.status_code in (400, 422) and "logprobs" in str(exc.message).lower()


def response_format(mode: str, name: str, wire_schema: dict[str, Any]) -> dict[str, Any]:
    """OpenAI's strict json_schema, or json_object with the schema attached (what llama.cpp reads)."""
    if mode == "json_schema":
        return {"type": "json_schema", "json_schema": {"name": name, "strict": True, "schema": wire_schema}}
    return {"type": "json_object", "schema": wire_schema}


@functools.cache  # pydantic builds a schema in milliseconds; every call of a run asks for the same few
def strict_json_schema(model: type[BaseModel]) -> dict[str, Any]:
    """The model's JSON schema as OpenAI strict mode wants it: closed objects, every property required."""

    def tighten(node: Any) -> Any:
        if isinstance(node, list):
            return [tighten(v) for v in node]
        if not isinstance(node, dict):
            return node
        # "title" and "default" are annotations strict mode refuses; a property *named* title must stay.
        out = {k: tighten(v) for k, v in node.items() if k not in ("default", "title", "properties", "$defs")}
        for mapping in ("properties", "$defs"):
            if mapping in node:
                out[mapping] = {name: tighten(sub) for name, sub in node[mapping].items()}
        if out.get("type") == "object" and "properties" in out:
            out["additionalProperties"] = False
            out["required"] = list(out["properties"])
        return out

    return tighten(model.model_json_schema())


def parse_answer(text: str | None, choice: Any, schema: type[T]) -> T:
    """Validate one completion, or raise ``_InvalidOutput`` with an explanation the model can act on."""
    if choice is None:
        raise _InvalidOutput("the response held no answer")
    if choice.finish_reason == "length":
        raise _Truncated("the answer was cut off at the output token limit (finish_reason=length); be briefer")
    refusal = getattr(choice.message, "refusal", None)
    if refusal:
        raise _InvalidOutput(f"the answer was a refusal ({refusal[:200]}); the task is to report on the data given")
    if not text:
        raise _InvalidOutput("the answer was empty")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _InvalidOutput(f"not valid JSON ({exc})") from None
    except RecursionError:
        raise _InvalidOutput("JSON nested too deeply to read; answer with the flat object asked for") from None
    try:
        return schema.model_validate(data, context={"logprobs": getattr(choice, "logprobs", None)})
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or 'top level'}: {err['msg']}" for err in exc.errors()[:5]
        )
        raise _InvalidOutput(f"does not match the schema ({problems})") from None


class ExchangeRecorder:
    """An httpx response hook saving each exchange as a JSON fixture, without credentials.

    Only the request's method, path and body and the response's status, a few harmless headers and
    body are written: no request headers at all, so neither ``Authorization`` nor ``api-key`` can leak.
    A server that echoes the key in a body (some proxies do, in their 401) has it replaced by ``[key]``.
    """

    def __init__(self, directory: Path, provenance: str, secret: str | None = None) -> None:
        self.directory = Path(directory)
        self.provenance = provenance
        self.secret = secret
        self._sequence: int | None = None  # continues after the highest number already in the directory

    async def __call__(self, response: httpx.Response) -> None:
        await response.aread()
        request = response.request
        exchange = {
            "provenance": self.provenance,
            "request": {"method": request.method, "path": request.url.path, "body": _json_or_text(request.content)},
            "response": {
                "status": response.status_code,
                "headers": {h: response.headers[h] for h in _RECORDED_HEADERS if h in response.headers},
                "body": _json_or_text(response.content),
            },
        }
        if self._sequence is None:
            existing = self.directory.glob("[0-9][0-9][0-9][0-9]-*.json")
            self._sequence = max((int(p.name[:4]) for p in existing), default=0)
        self._sequence += 1
        digest = hashlib.sha256(request.content).hexdigest()[:12]
        path = self.directory / f"{self._sequence:04d}-{digest}.json"
        text = json.dumps(exchange, ensure_ascii=False, indent=1) + "\n"
        try:
            write_atomic(path, scrub(text.replace(self.secret, "[key]") if self.secret else text))
        except OSError as exc:
            raise ConfigError(f"cannot record to {self.directory} ({exc.strerror or exc})") from exc


def _json_or_text(raw: bytes) -> Any:
    try:
        return json.loads(raw)
    except ValueError:
        return raw.decode("utf-8", errors="replace")

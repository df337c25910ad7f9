"""The only importer of ``openai``: structured JSON answers with retries, a repair round, a cache and recording.

Decisions made once, here:
- openai 3.x sends through httpx2 by default; we hand it an explicit ``httpx.AsyncClient`` so that the
  connection limit is ours and tests can intercept the real client with respx.
- The openai client's own retries are off (``max_retries=0``): tenacity retries here, so attempts never multiply.
- Structured output asks for OpenAI's strict ``json_schema`` first; a server that rejects it (llama.cpp
  answers 500) gets ``json_object`` with the schema attached for the rest of the run.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import email.utils
import functools
import hashlib
import json
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, Literal, TypeVar

import httpx
import openai
from pydantic import BaseModel, ValidationError
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception, stop_after_attempt, wait_exponential_jitter

from briefer.cache import ResponseCache, cache_key
from briefer.config import Settings
from briefer.errors import ConfigError, ModelError, ModelOutputError, OutputTruncated
from briefer.files import write_atomic
from briefer.models import Usage
from briefer.prompts import load_prompt

T = TypeVar("T", bound=BaseModel)
Message = dict[str, Any]

# Local servers (llama.cpp, Ollama) ignore the key, but the openai client refuses to start without one.
PLACEHOLDER_KEY = "no-key-needed"
MAX_RETRY_AFTER = 60.0  # seconds; a server asking for longer gets this, then the attempt budget decides
PARAMETERS: dict[str, Any] = {"temperature": 0}
_TRANSIENT_STATUS = frozenset({408, 409, 429})
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
        # Replaceable so tests observe the waits instead of sleeping through them.
        self.sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
        self.structured_mode: Literal["json_schema", "json_object"] = "json_schema"
        # Output budgets are sent as max_tokens until a server refuses the parameter (some reasoning models do).
        self.send_max_tokens = True
        self.repair_prompt = load_prompt("summarize.repair")
        self._owns_http = http_client is None
        self._http = http_client or httpx.AsyncClient(
            timeout=settings.timeout,
            limits=httpx.Limits(max_connections=settings.concurrency, max_keepalive_connections=settings.concurrency),
        )
        key = settings.api_key.get_secret_value() if settings.api_key else PLACEHOLDER_KEY
        self._secret = key if settings.api_key else None
        self._openai = openai.AsyncOpenAI(
            api_key=key,
            base_url=settings.base_url,
            http_client=self._http,  # type: ignore[arg-type]  # openai 3 takes httpx clients; its stubs say httpx2
            max_retries=0,
            timeout=settings.timeout,
        )
        self.base_url = str(self._openai.base_url).rstrip("/")
        if settings.record_dir is not None:
            provenance = f"recorded by briefer from model {settings.model} at {self.base_url}"
            hooks = self._http.event_hooks
            recorder = ExchangeRecorder(settings.record_dir, provenance, secret=self._secret)
            hooks["response"] = [*hooks["response"], recorder]
            self._http.event_hooks = hooks

    async def aclose(self) -> None:
        if self._owns_http:
            await self._http.aclose()

    @property
    def openai(self) -> openai.AsyncOpenAI:
        """The configured openai client (our httpx transport and recorder, no retries of its own):
        for the Batch API calls in ``briefer/batch.py``."""
        return self._openai

    def request_key(
        self, messages: list[Message], schema: type[BaseModel], name: str, max_tokens: int | None = None
    ) -> str:
        """The cache key of this request: what ``complete_json`` looks up and what a batch run prefills."""
        request = {
            "model": self.settings.model,
            "base_url": self.base_url,
            "messages": messages,
            "schema": {"name": name, "schema": strict_json_schema(schema)},
            "parameters": PARAMETERS,
        }
        if max_tokens is not None:  # absent, not None, so that the keys of budget-less calls stay as they were
            request["max_tokens"] = max_tokens
        return cache_key(request)

    def request_body(
        self, messages: list[Message], schema: type[BaseModel], name: str, max_tokens: int | None = None
    ) -> dict[str, Any]:
        """The chat.completions request ``complete_json`` would send, for a Batch API input line."""
        wire_schema = strict_json_schema(schema)
        budget = {"max_tokens": max_tokens} if max_tokens is not None and self.send_max_tokens else {}
        return {
            "model": self.settings.model,
            "messages": messages,
            "response_format": response_format(self.structured_mode, name, wire_schema),
            **PARAMETERS,
            **budget,
        }

    def api_error(self, exc: BaseException, label: str) -> ModelError | None:
        """``exc`` as a one-line ``ModelError`` (key scrubbed) if the endpoint raised it, else None."""
        if isinstance(exc, openai.APIStatusError | openai.APIConnectionError):
            return ModelError(f"{label}: {self._scrub(self._describe(exc))}")
        return None

    async def complete_json(
        self, *, messages: list[Message], schema: type[T], name: str, label: str, max_tokens: int | None = None
    ) -> T:
        """The model's answer to ``messages`` as a ``schema`` instance; ``label`` names the work in errors.

        A cached answer is returned without a call. An invalid answer gets one repair round in which the
        model sees its error; a second invalid answer raises ``ModelOutputError`` carrying it. With
        ``max_tokens`` (the caller's output budget) an answer cut off at the budget raises
        ``OutputTruncated`` at once: the caller knows how to ask for less, a repair round would not.
        """
        wire_schema = strict_json_schema(schema)
        key = self.request_key(messages, schema, name, max_tokens)
        cached = self.cache.get(key)
        if cached is not None:
            try:
                answer = schema.model_validate(cached["content"])
            except ValidationError:
                pass  # written by an older schema: a miss, overwritten below
            else:
                self.usage.cache_hits += 1
                return answer

        conversation = list(messages)
        for attempt in (1, 2):
            text, choice = await self._complete(conversation, name, wire_schema, label, max_tokens)
            try:
                answer = parse_answer(text, choice, schema)
            except _Truncated as problem:
                if max_tokens is not None:
                    self.usage.truncated += 1
                    raise OutputTruncated(
                        f"{label}: the answer was cut off at {max_tokens} output tokens",
                        last_completion=text,
                        attempts=attempt,
                    ) from None
                if attempt == 2:
                    raise ModelOutputError(
                        f"{label}: the model's answer is not a valid {name} even after a repair round: {problem}",
                        last_completion=text,
                        attempts=attempt,
                    ) from None
                conversation += [
                    {"role": "assistant", "content": text or ""},
                    {"role": "user", "content": self.repair_prompt.render(error=problem)},
                ]
                continue
            except _InvalidOutput as problem:
                if attempt == 2:
                    raise ModelOutputError(
                        f"{label}: the model's answer is not a valid {name} even after a repair round: {problem}",
                        last_completion=text,
                        attempts=attempt,
                    ) from None
                conversation += [
                    {"role": "assistant", "content": text or ""},
                    {"role": "user", "content": self.repair_prompt.render(error=problem)},
                ]
                continue
            # Off the event loop: an atomic write (mkstemp, fsync, rename) costs milliseconds on some disks.
            await asyncio.to_thread(
                self.cache.put, key, answer.model_dump(mode="json"), model=self.settings.model, name=name, label=label
            )
            return answer
        raise AssertionError("unreachable: the loop returns or raises")  # pragma: no cover

    async def _complete(
        self, messages: list[Message], name: str, wire_schema: dict[str, Any], label: str,
        max_tokens: int | None = None,
    ) -> tuple[str | None, Any]:
        retrying = AsyncRetrying(
            stop=stop_after_attempt(self.settings.max_attempts),
            wait=self._wait,
            retry=retry_if_exception(is_transient),
            sleep=self.sleep,
            before_sleep=self._count_retry,
            reraise=True,
        )
        try:
            async for attempt in retrying:
                with attempt:
                    return await self._send(messages, name, wire_schema, max_tokens)
        except (openai.APIStatusError, openai.APIConnectionError) as exc:
            reason = self._scrub(self._describe(exc))
            if is_transient(exc):
                attempts = retrying.statistics.get("attempt_number", self.settings.max_attempts)
                raise ModelError(f"{label}: the model endpoint failed after {attempts} attempts: {reason}") from None
            raise ModelError(f"{label}: the model endpoint refused the request: {reason}") from None
        raise AssertionError("unreachable: tenacity returns or re-raises")  # pragma: no cover

    async def _send(
        self, messages: list[Message], name: str, wire_schema: dict[str, Any], max_tokens: int | None = None
    ) -> tuple[str | None, Any]:
        while True:
            mode = self.structured_mode
            budget = {"max_tokens": max_tokens} if max_tokens is not None and self.send_max_tokens else {}
            try:
                # The stubs want TypedDicts; plain dicts (and **PARAMETERS) are the same JSON on the wire.
                response = await self._openai.chat.completions.create(  # type: ignore[call-overload]
                    model=self.settings.model,
                    messages=messages,
                    response_format=response_format(mode, name, wire_schema),
                    **PARAMETERS,
                    **budget,
                )
            except openai.APIStatusError as exc:
                if budget and rejects_max_tokens(exc):
                    self.send_max_tokens = False
                    continue
                if mode == "json_schema" and rejects_json_schema(exc):
                    self.structured_mode = "json_object"
                    continue
                raise
            break
        self.usage.calls += 1
        if response.usage is not None:
            self.usage.prompt_tokens += response.usage.prompt_tokens
            self.usage.completion_tokens += response.usage.completion_tokens
        choice = response.choices[0] if response.choices else None
        return (choice.message.content if choice else None), choice

    def _wait(self, state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        retry_after = retry_after_seconds(exc)
        if retry_after is not None:
            return retry_after
        return _BACKOFF(state)

    def _count_retry(self, _state: RetryCallState) -> None:
        self.usage.retries += 1

    def _describe(self, exc: Exception) -> str:
        if isinstance(exc, openai.APITimeoutError):
            return f"timed out after {self.settings.timeout:g} s"
        if isinstance(exc, openai.APIConnectionError):
            cause = exc.__cause__
            return f"cannot connect to {self.base_url} ({type(cause).__name__ if cause else 'connection error'})"
        if isinstance(exc, openai.APIStatusError):
            return f"HTTP {exc.status_code}: {exc.message[:300]}"
        return str(exc)

    def _scrub(self, text: str) -> str:
        return text.replace(self._secret, "[key]") if self._secret else text


_BACKOFF = wait_exponential_jitter(initial=1, max=30, jitter=1)


def is_transient(exc: BaseException) -> bool:
    """Worth another attempt: rate limits, server errors, timeouts and broken connections."""
    if isinstance(exc, openai.APIConnectionError):  # includes APITimeoutError
        return True
    if isinstance(exc, openai.APIStatusError):
        return exc.status_code in _TRANSIENT_STATUS or exc.status_code >= 500
    return False


def rejects_json_schema(exc: openai.APIStatusError) -> bool:
    """A server saying it does not do ``response_format: json_schema`` (as opposed to failing for a while)."""
    text = f"{exc.message} {json.dumps(exc.body, default=str)}".lower()
    mentions_format = "response_format" in text or "json_schema" in text
    if exc.status_code in (400, 422, 500) and mentions_format:
        return True
    return 400 <= exc.status_code < 500 and "not supported" in text


def rejects_max_tokens(exc: openai.APIStatusError) -> bool:
    """A server refusing the ``max_tokens`` parameter itself (OpenAI's reasoning models want another name)."""
    text = f"{exc.message} {json.dumps(exc.body, default=str)}".lower()
    return 400 <= exc.status_code < 500 and "max_tokens" in text


def retry_after_seconds(exc: BaseException | None, now: dt.datetime | None = None) -> float | None:
    """The server's Retry-After (seconds or an HTTP date; or retry-after-ms) capped at MAX_RETRY_AFTER."""
    response = getattr(exc, "response", None)
    if not isinstance(response, httpx.Response):
        return None
    headers = response.headers
    seconds: float | None = None
    if "retry-after-ms" in headers:
        try:
            seconds = float(headers["retry-after-ms"]) / 1000
        except ValueError:
            seconds = None
    if seconds is None and "retry-after" in headers:
        value = headers["retry-after"].strip()
        try:
            seconds = float(value)
        except ValueError:
            try:
                when = email.utils.parsedate_to_datetime(value)
            except (TypeError, ValueError):
                return None
            seconds = (when - (now or dt.datetime.now(dt.UTC))).total_seconds()
    if seconds is None:
        return None
    return min(max(seconds, 0.0), MAX_RETRY_AFTER)


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
    try:
        return schema.model_validate(data)
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
            write_atomic(path, text.replace(self.secret, "[key]") if self.secret else text)
        except OSError as exc:
            raise ConfigError(f"cannot record to {self.directory} ({exc.strerror or exc})") from exc


def _json_or_text(raw: bytes) -> Any:
    try:
        return json.loads(raw)
    except ValueError:
        return raw.decode("utf-8", errors="replace")

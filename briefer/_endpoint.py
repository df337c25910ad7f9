"""What a model endpoint did, read as briefer's ``ModelError`` kinds: the client's private half.

``Endpoint.failure`` turns whatever the openai client raised for one request into a ``Failure`` (kind,
reason with the key scrubbed, status code, request id, whether another attempt may help); the client
decides about retries and ``Failure.at`` makes the ``ModelError`` it raises. ``limit_answer_size`` is
the response hook that reads a chat completion under ``MAX_ANSWER_BYTES``. Only ``client.py`` imports
this module (and, with it, the only other import of openai).
"""

from __future__ import annotations

import datetime as dt
import email.utils
import json
from dataclasses import dataclass
from typing import Any

import httpx
import openai

from briefer.errors import (
    ModelBudgetError,
    ModelConnectionError,
    ModelError,
    ModelRateLimitError,
    ModelRequestError,
    ModelResponseError,
    ModelServerError,
    ModelTimeoutError,
)
from briefer.redact import scrub

MAX_RETRY_AFTER = 60.0  # seconds; a server asking for longer fails the call (its quota is out: try later)
MAX_ANSWER_BYTES = 4 * 1024 * 1024  # a chat completion, unpacked; a briefing draft is tens of kB
_TRANSIENT_STATUS = frozenset({408, 409, 429})


class TooLarge(Exception):
    """Raised by ``limit_answer_size`` while an answer arrives, once it passes ``MAX_ANSWER_BYTES``."""


@dataclass(frozen=True)
class Endpoint:
    """Where requests go, for messages that say what a failure means there."""

    base_url: str
    model: str
    timeout: float

    def failure(self, exc: BaseException, answered: bool) -> Failure:
        """What went wrong with one request, by kind; the key scrubbed from whatever the server said."""
        cause = exc.__cause__ if isinstance(exc, openai.APIConnectionError) else None
        if isinstance(exc, TooLarge) or isinstance(cause, TooLarge):
            limit = MAX_ANSWER_BYTES // (1024 * 1024)
            return Failure(ModelResponseError, f"the endpoint's answer is larger than the limit of {limit} MB")
        if isinstance(exc, openai.APITimeoutError):
            return Failure(ModelTimeoutError, f"timed out after {self.timeout:g} s", retryable=True)
        if isinstance(exc, openai.APIConnectionError):
            return self._connection_failure(exc, answered)
        if isinstance(exc, openai.APIStatusError):
            return self._status_failure(exc)
        if isinstance(exc, openai.APIResponseValidationError):
            return Failure(ModelResponseError, f"HTTP {exc.status_code}: not a chat completion ({exc.message[:200]})")
        return Failure(ModelError, str(exc))

    def _connection_failure(self, exc: openai.APIConnectionError, answered: bool) -> Failure:
        chain: list[BaseException] = [exc]
        while len(chain) < 10 and (chain[-1].__cause__ or chain[-1].__context__) is not None:
            chain.append(chain[-1].__cause__ or chain[-1].__context__)  # type: ignore[arg-type]  # not None: above
        refused = any(isinstance(e, ConnectionRefusedError) or "refused" in str(e).lower() for e in chain)
        if refused:
            reason = (
                f"cannot connect to {self.base_url} (connection refused): is the server running? "
                "Or summarize without a model: --engine extractive"
            )
            # Refused before anything answered: nothing listens there, and asking again will not change that.
            return Failure(ModelConnectionError, reason, retryable=answered, cause=exc)
        name = type(exc.__cause__).__name__ if exc.__cause__ else "connection error"
        return Failure(ModelConnectionError, f"cannot connect to {self.base_url} ({name})", retryable=True, cause=exc)

    def _status_failure(self, exc: openai.APIStatusError) -> Failure:
        status, message = exc.status_code, scrub(exc.message[:300])
        fields: dict[str, Any] = {"status_code": status, "request_id": exc.request_id, "cause": exc}
        if status == 429:
            asked = retry_after_seconds(exc, cap=None)
            if asked is not None and asked > MAX_RETRY_AFTER:
                reason = (
                    f"HTTP 429: {message}; the endpoint asks to wait {asked:.0f} s, longer than briefer "
                    f"waits ({MAX_RETRY_AFTER:.0f} s): its quota is spent, try again later"
                )
                return Failure(ModelRateLimitError, reason, **fields)
            return Failure(ModelRateLimitError, f"HTTP 429: {message}", retryable=True, **fields)
        if status >= 500:
            return Failure(ModelServerError, f"HTTP {status}: {message}", retryable=True, **fields)
        if status in _TRANSIENT_STATUS:
            return Failure(ModelServerError, f"HTTP {status}: {message}", retryable=True, **fields)
        url = exc.response.request.url
        if 300 <= status < 400:
            where = exc.response.headers.get("location", "another address")
            reason = (
                f"HTTP {status}: the endpoint redirects to {where}; redirects are not followed (they would "
                "send the key elsewhere): set OPENAI_BASE_URL to the address it names"
            )
        elif status == 404:
            reason = (
                f"HTTP 404: {url} was not found: is the base URL right (OpenAI-compatible servers usually "
                f"end it in /v1), and does model '{self.model}' exist there?"
            )
        elif status in (401, 403):
            reason = f"HTTP {status}: {message} (the endpoint refused the key: check OPENAI_API_KEY)"
        else:
            reason = f"HTTP {status}: {message}"
        return Failure(ModelRequestError, reason, **fields)

    def not_a_completion(self, headers: Any) -> str:
        content_type = str(headers.get("content-type", "no content type")).split(";")[0]
        if content_type == "text/event-stream":
            return (
                "the endpoint streamed its answer (text/event-stream) although briefer asked for one JSON "
                "answer: is it an OpenAI-compatible chat completions endpoint?"
            )
        return (
            f"HTTP 200 with {content_type}, not a chat completion: is the base URL right "
            f"({self.base_url}; OpenAI-compatible servers usually end it in /v1)?"
        )


class Failure(Exception):
    """One attempt's failure, by kind, before it is known whether it is the last (then ``at`` labels it)."""

    def __init__(
        self,
        kind: type[ModelError],
        reason: str,
        *,
        retryable: bool = False,
        status_code: int | None = None,
        request_id: str | None = None,
        cause: BaseException | None = None,
    ) -> None:
        super().__init__(reason)
        self.kind, self.reason, self.retryable = kind, scrub(reason), retryable
        self.status_code, self.request_id, self.cause = status_code, request_id, cause

    def at(self, label: str, attempts: int = 1, plain: bool = False, retryable: bool | None = None) -> ModelError:
        """The ``ModelError`` to raise for the work ``label`` after ``attempts``; ``plain``: no words between
        the label and the reason."""
        if plain:
            message = f"{label}: {self.reason}"
        elif self.retryable and attempts > 1:
            message = f"{label}: the model endpoint failed after {attempts} attempts: {self.reason}"
        elif self.kind in (ModelRequestError, ModelRateLimitError) and self.status_code:
            message = f"{label}: the model endpoint refused the request: {self.reason}"
        else:
            message = f"{label}: {self.reason}"
        return self.kind(
            message,
            label=label,
            reason=self.reason,
            status_code=self.status_code,
            request_id=self.request_id,
            retryable=(self.retryable or self.kind in (ModelRateLimitError, ModelBudgetError))
            if retryable is None
            else retryable,
            attempts=attempts,
        )


async def limit_answer_size(response: httpx.Response) -> None:
    """Read a chat completion as it arrives (unpacked), refusing it past ``MAX_ANSWER_BYTES``: a gzip bomb or a
    runaway answer never fills memory, the cache or a recording."""
    if not response.request.url.path.endswith("/chat/completions"):
        return
    parts: list[bytes] = []
    size = 0
    async for part in response.aiter_bytes():
        size += len(part)
        if size > MAX_ANSWER_BYTES:
            await response.aclose()
            raise TooLarge(size)
        parts.append(part)
    response._content = b"".join(parts)  # what aread() would have kept; the body is consumed


def rejects_max_tokens(exc: openai.APIStatusError) -> bool:
    """A server refusing the ``max_tokens`` parameter itself (OpenAI's reasoning models want another name)."""
    text = f"{exc.message} {json.dumps(exc.body, default=str)}".lower()
    return 400 <= exc.status_code < 500 and "max_tokens" in text


def rejects_json_schema(exc: openai.APIStatusError) -> bool:
    """A server saying it does not do ``response_format: json_schema`` (as opposed to failing for a while)."""
    text = f"{exc.message} {json.dumps(exc.body, default=str)}".lower()
    mentions_format = "response_format" in text or "json_schema" in text
    if exc.status_code in (400, 422, 500) and mentions_format:
        return True
    return 400 <= exc.status_code < 500 and "not supported" in text


def retry_after_seconds(
    exc: BaseException | None, now: dt.datetime | None = None, cap: float | None = MAX_RETRY_AFTER
) -> float | None:
    """The server's Retry-After (seconds or an HTTP date; or retry-after-ms), capped at ``cap``."""
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
    seconds = max(seconds, 0.0)
    return seconds if cap is None else min(seconds, cap)

"""The map stage through the OpenAI Batch API, for runs too large or too patient for live calls.

submit (upload a JSONL file, create a batch) → poll with backoff → download → parse per ``custom_id``.
The batch id is saved in the cache directory the moment the batch exists, keyed by the hash of the
requests, so a re-run after a crash (or after ``max_wait`` ran out) polls the same batch instead of
paying for the same work twice.

``prefill_cache`` is the entry point for the engine: it answers map requests through a batch and
stores each valid answer in the response cache under the key ``LLMClient.complete_json`` looks up,
so the ordinary map stage that follows makes no call for them (and calls live for any the batch
could not answer).

Everything here goes through the verbs ``LLMClient`` offers the batch path (``upload_batch``,
``create_batch``, ``batch_status``, ``download``, ``is_cached``, ``store_answer``, ``add_usage``):
openai, the cache and the usage counters stay behind the client.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from pydantic import BaseModel, ValidationError

from briefer.client import BatchStatus, LLMClient, Message
from briefer.errors import ModelError
from briefer.files import write_atomic
from briefer.models import Usage

ENDPOINT: Final = "/v1/chat/completions"
COMPLETION_WINDOW: Final = "24h"
_RUNNING = frozenset({"validating", "in_progress", "finalizing", "cancelling"})


@dataclass(frozen=True)
class BatchRequest:
    """One chat completion to make: ``body`` is what ``chat.completions.create`` would be given."""

    custom_id: str
    body: dict[str, Any]


@dataclass
class BatchResult:
    """What came back, by ``custom_id``: the chat completion bodies and, for requests that failed, why."""

    batch_id: str
    completions: dict[str, dict[str, Any]] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    usage: Usage = field(default_factory=Usage)

    def text(self, custom_id: str) -> str:
        """The message content of one completion (what the live map stage would have parsed)."""
        try:
            content = self.completions[custom_id]["choices"][0]["message"]["content"]
        except (KeyError, IndexError, TypeError):
            raise ModelError(f"batch {self.batch_id}: no completion for {custom_id}") from None
        if not isinstance(content, str):
            raise ModelError(f"batch {self.batch_id}: completion for {custom_id} has no text")
        return content


def batch_jsonl(requests: Sequence[BatchRequest]) -> bytes:
    """The Batch API input file: one request per line, in a stable form so its hash names the batch."""
    ids = [r.custom_id for r in requests]
    if len(set(ids)) != len(ids):
        raise ValueError("custom_id values must be unique within a batch")
    lines = (
        json.dumps({"custom_id": r.custom_id, "method": "POST", "url": ENDPOINT, "body": r.body}, sort_keys=True)
        for r in requests
    )
    return ("\n".join(lines) + "\n").encode("utf-8")


def batch_state_path(cache_dir: Path, payload: bytes) -> Path:
    return Path(cache_dir) / "batches" / f"{hashlib.sha256(payload).hexdigest()}.json"


@dataclass(frozen=True)
class BatchJob:
    """One map request as the engine would make it through ``LLMClient.complete_json``."""

    custom_id: str
    messages: list[Message]
    schema: type[BaseModel]
    name: str
    max_tokens: int | None = None  # the output budget the live call would send


async def prefill_cache(llm: LLMClient, jobs: Sequence[BatchJob], **polling: Any) -> BatchResult:
    """Answer the uncached ``jobs`` through one batch and cache every answer that fits its schema.

    Returns the batch's result; ``errors`` names the jobs left uncached (the batch failed them or
    their answer did not validate), which the live map stage then calls as usual. ``polling`` goes
    to ``run_batch``.
    """
    pending = [j for j in jobs if not llm.is_cached(j.messages, j.schema, j.name, j.max_tokens)]
    requests = [
        BatchRequest(j.custom_id, llm.request_body(j.messages, j.schema, j.name, j.max_tokens)) for j in pending
    ]
    result = await run_batch(llm, requests, **polling)
    for job in pending:
        if job.custom_id not in result.completions:
            continue
        try:
            answer = job.schema.model_validate_json(result.text(job.custom_id))
        except (ValidationError, ModelError) as exc:
            result.errors[job.custom_id] = f"answer does not fit {job.name}: {str(exc).splitlines()[0]}"
            continue
        llm.store_answer(
            job.messages,
            job.schema,
            job.name,
            answer,
            label=f"batch {result.batch_id} {job.custom_id}",
            max_tokens=job.max_tokens,
        )
    return result


async def run_batch(
    llm: LLMClient,
    requests: Sequence[BatchRequest],
    *,
    clock: Callable[[], float] = time.monotonic,
    poll_interval: float = 10.0,
    max_poll_interval: float = 300.0,
    max_wait: float = 24 * 3600.0,
    on_status: Callable[[str, int, int], None] | None = None,
) -> BatchResult:
    """Run ``requests`` as one batch through ``llm``'s endpoint; its usage is added to ``llm.usage``.

    Resumes the batch recorded in the cache directory for the same requests if there is one. Polls
    every ``poll_interval`` seconds (waiting with ``llm.wait``), growing by half each time up to
    ``max_poll_interval``; after ``max_wait`` raises ``ModelError`` (the batch keeps running; a re-run
    picks it up). ``on_status`` gets (status, completed, total) after each poll. Requests the batch
    could not answer are in ``errors``.
    """
    if not requests:
        return BatchResult(batch_id="")
    payload = batch_jsonl(requests)
    state_path = batch_state_path(llm.settings.cache_dir, payload)
    batch_id = _recorded_batch_id(state_path)
    if batch_id is None:
        batch_id = await _submit(llm, payload, state_path)

    batch = await _poll(llm, batch_id, clock, poll_interval, max_poll_interval, max_wait, on_status)
    result = BatchResult(batch_id=batch_id)
    if batch.output_file_id:
        _collect(await llm.download(batch.output_file_id), result)
    if batch.error_file_id:
        _collect(await llm.download(batch.error_file_id), result)
    if batch.status != "completed" and not result.completions:
        state_path.unlink(missing_ok=True)  # nothing to resume: the next run submits afresh
        raise ModelError(f"batch {batch_id} {batch.status}{_batch_errors(batch)}")
    for r in requests:
        if r.custom_id not in result.completions and r.custom_id not in result.errors:
            result.errors[r.custom_id] = f"batch {batch.status} before this request was answered"
    llm.add_usage(result.usage)
    return result


def _recorded_batch_id(state_path: Path) -> str | None:
    try:
        state = json.loads(state_path.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return None
    batch_id = state.get("batch_id") if isinstance(state, dict) else None
    return batch_id if isinstance(batch_id, str) and batch_id else None


async def _submit(llm: LLMClient, payload: bytes, state_path: Path) -> str:
    input_file_id = await llm.upload_batch(payload)
    metadata = {"briefer_requests": state_path.stem[:64]}
    batch_id = await llm.create_batch(input_file_id, ENDPOINT, COMPLETION_WINDOW, metadata)
    write_atomic(state_path, json.dumps({"batch_id": batch_id, "input_file_id": input_file_id}) + "\n")
    return batch_id


async def _poll(
    llm: LLMClient,
    batch_id: str,
    clock: Callable[[], float],
    interval: float,
    max_interval: float,
    max_wait: float,
    on_status: Callable[[str, int, int], None] | None,
) -> BatchStatus:
    deadline = clock() + max_wait
    status = "unknown"
    while True:
        try:
            batch = await llm.batch_status(batch_id)
        except ModelError as exc:
            if not exc.retryable:
                raise
            llm.count_retry()  # a failed poll is only a missed look: wait and look again
        else:
            status = batch.status
            if on_status is not None:
                on_status(status, batch.completed, batch.total)
            if status not in _RUNNING:
                return batch
        if clock() + interval > deadline:
            raise ModelError(
                f"batch {batch_id} still {status} after {max_wait:.0f}s; "
                "run again to keep waiting for the same batch (its id is saved in the cache directory)"
            )
        await llm.wait(interval)
        interval = min(interval * 1.5, max_interval)


def _collect(jsonl: str, result: BatchResult) -> None:
    """Sort each output line into ``completions`` or ``errors``; a line that is not JSON is skipped."""
    for line in jsonl.splitlines():
        try:
            row = json.loads(line)
        except ValueError:
            continue
        if not isinstance(row, dict) or not isinstance(row.get("custom_id"), str):
            continue
        custom_id = row["custom_id"]
        response = row.get("response") or {}
        body = response.get("body") if isinstance(response, dict) else None
        if row.get("error") or not isinstance(body, dict) or response.get("status_code") != 200:
            result.errors[custom_id] = _line_error(row, response)
            continue
        result.completions[custom_id] = body
        result.errors.pop(custom_id, None)
        usage = body.get("usage") or {}
        result.usage.calls += 1
        result.usage.prompt_tokens += int(usage.get("prompt_tokens") or 0)
        result.usage.completion_tokens += int(usage.get("completion_tokens") or 0)


def _line_error(row: dict[str, Any], response: Any) -> str:
    error = row.get("error")
    if not error and isinstance(response, dict):
        body = response.get("body")
        error = body.get("error") if isinstance(body, dict) else None
        error = error or f"HTTP {response.get('status_code')}"
    if isinstance(error, dict):
        error = error.get("message") or error.get("code") or json.dumps(error)
    return str(error)


def _batch_errors(batch: BatchStatus) -> str:
    return ": " + "; ".join(batch.errors) if batch.errors else ""

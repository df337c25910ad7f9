"""A seeded, faulty OpenAI-compatible endpoint for fault, resume and security tests.

``answer`` plays the model with bench/mock_openai.py's answers (map: the excerpt's first sentences as
facts quoting themselves verbatim; reduce: one story per source citing the facts). ``Faults`` decides, from a seed,
the request body and how often that body was already tried, whether a call fails and how (429 with
Retry-After, 500, timeout, connection reset) — so the same run fails the same way whatever order
concurrent calls arrive in. It serves as a respx side effect (in-process) or over loopback HTTP
(``serve``) for tests that run briefer in a subprocess.

Over loopback, ``serve(behaviour=…)`` makes the server misbehave the way a hostile or misconfigured
endpoint does, on every chat completion: see ``BEHAVIOURS``. ``refused_url()`` names a port where
nothing listens.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import random
import socket
import threading
import time
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx

FAULT_KINDS = ("429", "500", "timeout", "reset")
# What ``serve(behaviour=…)`` does to every chat completion instead of answering it properly.
BEHAVIOURS = {
    "hang": "accept the request and never answer",
    "trickle": "send the headers, then one byte of whitespace every 0.2 s, forever",
    "html": "HTTP 200 with an HTML page (a proxy's or a web UI's)",
    "sse": "HTTP 200 streaming the answer as server-sent events",
    "empty": "HTTP 200, JSON content type, empty body",
    "not-json": "HTTP 200, JSON content type, a body that is not JSON",
    "nested": "HTTP 200 with JSON nested 100,000 levels deep",
    "gzip-bomb": "HTTP 200, gzip-encoded, 200 MB once unpacked (200 kB on the wire)",
    "huge": "a valid chat completion whose answer is 10 MB",
    "redirect": "HTTP 307 to another address",
    "not-found": "HTTP 404 (a base URL without /v1, or an unknown model)",
    "retry-after-hour": "HTTP 429 asking to come back in an hour",
    "echo-key-refusal": "HTTP 401 whose message repeats the Authorization header",
    "echo-key-answer": "a normal answer whose first fact repeats the Authorization header",
}
ROOT = Path(__file__).resolve().parent.parent


def load_bench(name: str) -> ModuleType:
    """A module of bench/ (scripts, not a package), loaded by path: the mock server, the corpus writer."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "bench" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_MOCK = load_bench("mock_openai")


def digest(body: bytes | dict[str, Any]) -> str:
    raw = body if isinstance(body, bytes) else json.dumps(body, sort_keys=True).encode()
    return hashlib.sha256(raw).hexdigest()


def answer(body: dict[str, Any]) -> dict[str, Any]:
    """A chat completion answering a briefer map or reduce request as bench/mock_openai.py does."""
    stage = _MOCK.stage_of(body)
    user = body["messages"][-1]["content"]
    if stage not in ("chunk_facts", "briefing_draft"):
        raise ValueError(f"not a briefer request ({stage})")
    text = json.dumps(_MOCK.answer_map(user) if stage == "chunk_facts" else _MOCK.answer_reduce(user))
    return {
        "id": "chatcmpl-" + digest(body)[:12],
        "object": "chat.completion",
        "created": 0,
        "model": body.get("model", "mock"),
        "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": text}}],
        "usage": {
            "prompt_tokens": len(user) // 4,
            "completion_tokens": len(text) // 4,
            "total_tokens": (len(user) + len(text)) // 4,
        },
    }


@dataclass
class Faults:
    """Which calls fail. ``rate``: chance that an attempt fails; at most ``max_in_a_row`` failures per
    request body (so ``max_in_a_row < max_attempts`` means every call eventually succeeds); a body for
    which ``doomed`` is true always fails with 500."""

    seed: int = 0
    rate: float = 0.0
    max_in_a_row: int = 10**9
    doomed: Callable[[dict[str, Any]], bool] = lambda body: False
    kinds: tuple[str, ...] = FAULT_KINDS
    attempts: Counter[str] = field(default_factory=Counter)
    injected: Counter[str] = field(default_factory=Counter)
    answered: list[str] = field(default_factory=list)  # digests of bodies that got a 200, in order
    retry_afters: list[int] = field(default_factory=list)  # the Retry-After of every 429 sent
    lock: threading.Lock = field(default_factory=threading.Lock)

    def decide(self, body: dict[str, Any]) -> str | None:
        """The fault for this attempt at ``body`` (None: answer it), recorded in the counters."""
        key = digest(body)
        with self.lock:
            attempt = self.attempts[key]
            self.attempts[key] += 1
            if self.doomed(body):
                fault: str | None = "500"
            else:
                rng = random.Random(f"{self.seed}:{key}:{attempt}")
                fault = rng.choice(self.kinds) if rng.random() < self.rate and attempt < self.max_in_a_row else None
            if fault:
                self.injected[fault] += 1
            else:
                self.answered.append(key)
            return fault

    @property
    def total_injected(self) -> int:
        return sum(self.injected.values())

    def retry_after(self, body: dict[str, Any]) -> int:
        seconds = random.Random(f"{self.seed}:retry-after:{digest(body)}").randint(1, 9)
        with self.lock:
            self.retry_afters.append(seconds)
        return seconds

    def respx_side_effect(self) -> Callable[[httpx.Request], httpx.Response]:
        """For ``respx.post(".../chat/completions").mock(side_effect=…)``."""

        def respond(request: httpx.Request) -> httpx.Response:
            body = json.loads(request.content)
            fault = self.decide(body)
            if fault == "429":
                return httpx.Response(
                    429,
                    headers={"retry-after": str(self.retry_after(body))},
                    json={"error": {"message": "rate limited", "type": "rate_limit"}},
                )
            if fault == "500":
                return httpx.Response(500, json={"error": {"message": "internal error", "type": "server_error"}})
            if fault == "timeout":
                raise httpx.ReadTimeout("timed out", request=request)
            if fault == "reset":
                raise httpx.RemoteProtocolError("Server disconnected without sending a response.", request=request)
            return httpx.Response(200, json=answer(body))

        return respond


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client killed mid-answer breaks the pipe: expected here, not worth a traceback


def refused_url() -> str:
    """A loopback base URL where nothing listens (the port was just free), so connecting is refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1"


def _echo_key(completion: dict[str, Any], authorization: str) -> dict[str, Any]:
    """``completion`` with the caller's Authorization value repeated in its first fact or sentence."""
    message = completion["choices"][0]["message"]
    content = json.loads(message["content"])
    items = content.get("facts") or content.get("essentials") or []
    if items:
        key = "statement" if "statement" in items[0] else "text"
        items[0][key] = f"{items[0][key].rstrip('.')} (session {authorization})."
    message["content"] = json.dumps(content)
    return completion


def misbehave(handler: BaseHTTPRequestHandler, behaviour: str, body: dict[str, Any], stop: threading.Event) -> None:
    """Answer one chat completion as ``behaviour`` (a key of ``BEHAVIOURS``) says."""
    authorization = handler.headers.get("Authorization", "")

    def send(status: int, data: bytes, content_type: str = "application/json", **headers: str) -> None:
        handler.send_response(status)
        for k, v in {"Content-Type": content_type, "Content-Length": str(len(data)), **headers}.items():
            handler.send_header(k, v)
        handler.end_headers()
        handler.wfile.write(data)

    if behaviour == "hang":
        stop.wait()
    elif behaviour == "trickle":
        handler.send_response(200)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(10**9))
        handler.end_headers()
        while not stop.wait(0.2):
            handler.wfile.write(b" ")
            handler.wfile.flush()
    elif behaviour == "html":
        send(200, b"<!doctype html><html><body><h1>Welcome to the web UI</h1></body></html>", "text/html")
    elif behaviour == "sse":
        chunk = {"id": "x", "object": "chat.completion.chunk", "choices": [{"index": 0, "delta": {"content": "{"}}]}
        send(200, f"data: {json.dumps(chunk)}\n\ndata: [DONE]\n\n".encode(), "text/event-stream")
    elif behaviour == "empty":
        send(200, b"")
    elif behaviour == "not-json":
        send(200, b"Service temporarily unavailable; try again later")
    elif behaviour == "nested":
        send(200, b"[" * 100_000 + b"]" * 100_000)
    elif behaviour == "gzip-bomb":
        send(200, _GZIP_BOMB(), **{"Content-Encoding": "gzip"})
    elif behaviour == "huge":
        completion = answer(body)
        completion["choices"][0]["message"]["content"] = json.dumps({"facts": [], "padding": "x" * 10_000_000})
        send(200, json.dumps(completion).encode())
    elif behaviour == "redirect":
        send(307, b"", Location="http://127.0.0.1:9/elsewhere/v1/chat/completions")
    elif behaviour == "not-found":
        send(404, json.dumps({"error": {"message": "Not Found"}}).encode())
    elif behaviour == "retry-after-hour":
        send(429, json.dumps({"error": {"message": "quota exceeded"}}).encode(), **{"Retry-After": "3600"})
    elif behaviour == "echo-key-refusal":
        message = f"Incorrect API key provided: {authorization}"
        send(401, json.dumps({"error": {"message": message, "type": "invalid_request_error"}}).encode())
    elif behaviour == "echo-key-answer":
        send(200, json.dumps(_echo_key(answer(body), authorization)).encode())
    else:
        raise ValueError(f"unknown behaviour {behaviour!r}; see BEHAVIOURS")


@functools.cache
def _GZIP_BOMB() -> bytes:  # noqa: N802  (a constant, built when first needed)
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)  # wbits 31: a gzip stream
    megabyte = b" " * 1_000_000
    return b"".join(
        [packer.compress(b"{"), *(packer.compress(megabyte) for _ in range(200)), packer.compress(b"}"), packer.flush()]
    )


@contextmanager
def serve(
    faults: Faults | None = None, latency: float = 0.0, port: int = 0, behaviour: str | None = None
) -> Iterator[tuple[str, Faults]]:
    """A loopback HTTP endpoint (on an ephemeral port unless ``port``): yields (base_url, faults), stops on exit.

    With ``behaviour`` (a key of ``BEHAVIOURS``) every chat completion is answered that way instead.

    The base URL is part of every cache key, so a resumed run must find the endpoint on the same port.

    Faults over HTTP are 429 and 500 only: timeouts and resets need a client-side view to be worth it,
    and the respx tests cover those.
    """
    faults = faults or Faults()
    if behaviour is not None and behaviour not in BEHAVIOURS:
        raise ValueError(f"unknown behaviour {behaviour!r}; see BEHAVIOURS")
    stop = threading.Event()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as the openai client expects
        disable_nagle_algorithm = True  # else delayed ACKs add 40 ms per answer

        def do_POST(self) -> None:  # noqa: N802  (http.server's naming)
            raw = self.rfile.read(int(self.headers.get("content-length", 0)))
            self.server.headers_seen.append(dict(self.headers))  # type: ignore[attr-defined]
            time.sleep(latency)
            body = json.loads(raw)
            if behaviour is not None and self.path.endswith("/chat/completions"):
                faults.decide(body)  # counted as an attempt, whatever is sent back
                misbehave(self, behaviour, body, stop)
                return
            fault = faults.decide(body) if self.path.endswith("/chat/completions") else "404"
            status, payload, extra = 200, None, {}
            if fault == "429":
                status, extra = 429, {"Retry-After": "0"}
                payload = {"error": {"message": "rate limited"}}
            elif fault:
                status, payload = (404 if fault == "404" else 500), {"error": {"message": "mock failure"}}
            else:
                payload = answer(body)
            data = json.dumps(payload).encode()
            self.send_response(status)
            for k, v in {"Content-Type": "application/json", "Content-Length": str(len(data)), **extra}.items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002  (http.server's signature)
            pass

    server = _QuietServer(("127.0.0.1", port), Handler)
    server.daemon_threads = True
    server.headers_seen = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1", faults
    finally:
        stop.set()
        server.shutdown()
        server.server_close()

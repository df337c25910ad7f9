"""Replaying recorded OpenAI exchanges through respx, so the real openai client runs in every test.

Usage::

    replay = Replay(FIXTURES / "llm" / "seeds")
    with respx.mock(assert_all_mocked=True) as router:
        replay.install(router)
        ... run the engine with http_client=httpx.AsyncClient() ...
    replay.assert_complete()  # every recorded response was used, no request went unanswered

A request matches an exchange when its JSON body is equal to the recorded one, so editing a prompt
or a chunk visibly stales the fixtures (re-run ``fixtures/llm/write_fixtures.py``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import respx
from pydantic import SecretStr

from briefer.config import Settings
from briefer.models import Chunk, Source
from briefer.prompts import delimit_facts
from briefer.tokens import count_tokens

# Never a real key: tests grep fixtures and caches for it to prove no key is ever written.
FAKE_KEY = "sk-test-briefer-NOT-A-REAL-KEY-7f3a9c"
CHAT_URL = r".*/chat/completions$"


def fixture_settings(tmp_path: Path, **overrides: Any) -> Settings:
    """The settings the recorded fixtures were made with (model and language shape every request body)."""
    values: dict[str, Any] = {
        "engine": "llm",
        "model": "gpt-4o-mini",
        "api_key": SecretStr(FAKE_KEY),
        "cache_dir": tmp_path / "cache",
        "language": "en",
        "concurrency": 4,
    }
    return Settings(**{**values, **overrides})


def whole_source_chunks(sources: list[Source], encoding_name: str = "o200k_base") -> list[Chunk]:
    """One chunk per source, so the fixtures do not depend on the chunker's choices."""
    return [
        Chunk(source=s.id, index=0, start=0, end=len(s.text), text=s.text, tokens=count_tokens(s.text, encoding_name))
        for s in sources
    ]


def completion(content: str, *, finish_reason: str = "stop", prompt_tokens: int = 10, completion_tokens: int = 5):
    """A chat.completion response body in the OpenAI wire format."""
    return {
        "id": "chatcmpl-fixture",
        "object": "chat.completion",
        "created": 1693900800,
        "model": "gpt-4o-mini",
        "choices": [
            {
                "index": 0,
                "finish_reason": finish_reason,
                "message": {"role": "assistant", "content": content, "refusal": None},
            }
        ],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        },
    }


@dataclass
class Exchange:
    path: Path
    request_body: Any
    status: int
    headers: dict[str, str]
    response_body: Any
    used: bool = False


def stage_of(body: dict[str, Any]) -> str:
    """Which call a chat request is: chunk_facts, briefing_draft or judge (json_object requests carry no
    schema name, so they are told apart by their schema's properties)."""
    fmt = body.get("response_format", {})
    if fmt.get("type") == "json_schema":
        return str(fmt["json_schema"]["name"])
    properties = fmt.get("schema", {}).get("properties", {})
    if "facts" in properties:
        return "chunk_facts"
    return "judge" if "verdicts" in properties or "supported" in properties else "briefing_draft"


def same_data(recorded: list[dict[str, Any]], sent: list[dict[str, Any]]) -> bool:
    """The messages after the system prompt ask about the same data: equal, or a recorded ``<facts>``
    block of JSON objects (one a line, before reduce prompt v5) that lists the facts sent, one a line."""
    if recorded == sent:
        return True
    if len(recorded) != 1 or len(sent) != 1 or recorded[0]["role"] != sent[0]["role"]:
        return False
    old, new = recorded[0]["content"], sent[0]["content"]
    if not (old.startswith("<facts>\n{") and new.startswith("<facts>\n")):
        return False
    listed = [json.loads(line) for line in old.removeprefix("<facts>\n").removesuffix("\n</facts>").splitlines()]
    return delimit_facts(listed) == new


class Replay:
    def __init__(
        self, directory: Path, where: Callable[[Any], bool] | None = None, stale: frozenset[str] = frozenset()
    ) -> None:
        """The exchanges recorded in ``directory``; ``where`` keeps those whose request body it accepts.

        ``stale``: stages whose prompt changed since the recording (a real run cannot be re-recorded
        here). A request of such a stage matches the recorded exchange of that stage with the same user
        message (the same data asked about; for a reduce request recorded while facts were listed as
        JSON objects, the same facts as ``delimit_facts`` lists them now), so the model's recorded answer
        to the earlier prompt is replayed to the current one; every other request must still equal its
        recorded body.
        """
        self.stale = stale
        self.exchanges = []
        for path in sorted(Path(directory).glob("*.json")):
            data = json.loads(path.read_text(encoding="utf-8"))
            if where is not None and not where(data["request"]["body"]):
                continue
            self.exchanges.append(
                Exchange(
                    path=path,
                    request_body=data["request"]["body"],
                    status=data["response"]["status"],
                    headers=data["response"].get("headers", {}),
                    response_body=data["response"]["body"],
                )
            )
        if not self.exchanges:
            raise FileNotFoundError(f"no recorded exchanges in {directory}")
        self.unmatched: list[Any] = []

    def install(self, router: respx.Router) -> respx.Route:
        return router.post(url__regex=CHAT_URL).mock(side_effect=self.respond)

    def respond(self, request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        for exchange in self.exchanges:
            if not exchange.used and self._matches(exchange.request_body, body):
                exchange.used = True
                return httpx.Response(exchange.status, json=exchange.response_body, headers=exchange.headers)
        self.unmatched.append(body)
        # 418: not retryable, so the run stops at once with a message naming the cause.
        message = "no recorded exchange matches this request; re-run fixtures/llm/write_fixtures.py"
        return httpx.Response(418, json={"error": {"message": message}})

    def _matches(self, recorded: Any, body: Any) -> bool:
        if recorded == body:
            return True
        stage = stage_of(body)
        return (
            stage in self.stale
            and stage_of(recorded) == stage
            and same_data(recorded["messages"][1:], body["messages"][1:])
            and recorded.get("model") == body.get("model")
        )

    def assert_complete(self) -> None:
        assert not self.unmatched, f"{len(self.unmatched)} request(s) had no recorded exchange (prompt changed?)"
        unused = [e.path.name for e in self.exchanges if not e.used]
        assert not unused, f"recorded responses never requested: {unused}"

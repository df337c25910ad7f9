"""A local stand-in for the OpenAI chat completions endpoint, for benches: loopback only, bounded.

    .venv/bin/python bench/mock_openai.py --port 8080 --latency-ms 300
    OPENAI_BASE_URL=http://127.0.0.1:8080/v1 briefer summarize fixtures/articles

It answers briefer's requests plausibly and instantly after a fixed latency: a map request
(schema ``chunk_facts``) with up to three sentences of the article as facts quoted verbatim, a reduce
request (``briefing_draft``) with one story per source citing the listed fact ids, and a judge
request (``judge``, from ``--judge llm``) with a word-overlap rule: supported when every word of
the claim longer than three letters is in the evidence, else the missing words (a stand-in to
exercise the plumbing, not a judge: no figure from it means anything). It counts prompt
tokens with tiktoken (o200k_base) over the messages, and ``GET /stats`` reports calls, tokens, the
most requests ever in flight and every request's arrival time and stage.

Bounds: binds 127.0.0.1 only, refuses bodies over 8 MiB, serves at most --max-seconds (default 1 h).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from briefer.prompts import read_facts  # noqa: E402
from briefer.tokens import count_tokens  # noqa: E402

MAX_BODY = 8 * 1024 * 1024
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_EXCERPT = re.compile(r"<article [^>]*>\n(.*?)\n</article>", re.DOTALL)
_JUDGE_ITEM = re.compile(r'<item id="([^"]+)">')
_EVIDENCE = re.compile(r"<evidence[^>]*>\n(.*?)\n</evidence>", re.DOTALL)
_CLAIM = re.compile(r"<claim>(.*?)</claim>", re.DOTALL)
_WORD = re.compile(r"\w{4,}")


def answer_map(user: str, max_facts: int = 3) -> dict:
    excerpts = [
        e.replace("&lt;article", "<article").replace("&lt;/article", "</article") for e in _EXCERPT.findall(user)
    ]
    sentences = [s.strip() for e in excerpts for s in _SENTENCE_END.split(e)]
    picked = [s for s in sentences if 6 <= len(s.split()) <= 60 and "\n" not in s][:max_facts]
    return {"facts": [{"statement": s, "quotes": [s]} for s in picked]}


def answer_reduce(user: str, max_stories: int = 8) -> dict:
    if user.startswith("<facts>\n{"):  # a tree from before reduce prompt v5 (--baseline): JSON objects
        facts = [json.loads(line) for line in user.removeprefix("<facts>\n").removesuffix("\n</facts>").splitlines()]
    else:
        facts = read_facts(user)
    stories: dict[str, list[dict]] = {}
    for fact in facts:
        stories.setdefault(",".join(fact["sources"]) or "?", []).append(fact)
    groups = list(stories.values())[:max_stories]

    def said(fact: dict) -> dict:
        return {"text": fact["statement"], "facts": [fact["id"]]}

    return {
        "title": "Mock briefing",
        "essentials": [said(group[0]) for group in groups],
        "sections": [
            {"title": f"Story {i}", "sentences": [said(f) for f in group[:6]]} for i, group in enumerate(groups, 1)
        ],
    }


def answer_judge(user: str) -> dict:
    claim, evidence = _CLAIM.search(user), _EVIDENCE.search(user)
    if claim is None or evidence is None:  # the judge prompt's v2: items with ids
        return {
            "verdicts": [
                {"id": item, "label": "partially_supported", "reason": "mock judge"}
                for item in _JUDGE_ITEM.findall(user)
            ]
        }
    known = {w.casefold() for w in _WORD.findall(evidence.group(1))}
    missing = [w for w in _WORD.findall(claim.group(1)) if w.casefold() not in known]
    return {"supported": not missing, "unsupported_words": missing[:6]}


ANSWERS = {"chunk_facts": answer_map, "briefing_draft": answer_reduce, "judge": answer_judge}


def stage_of(body: dict) -> str:
    fmt = body.get("response_format") or {}
    if fmt.get("type") == "json_schema":
        return fmt["json_schema"]["name"]
    properties = (fmt.get("schema") or {}).get("properties", {})
    if "verdicts" in properties or "supported" in properties:
        return "judge"
    return "chunk_facts" if "facts" in properties else "briefing_draft" if "essentials" in properties else "?"


class Stats:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.calls: dict[str, int] = {}
        self.prompt_tokens = self.completion_tokens = 0
        self.in_flight = self.max_in_flight = 0
        self.arrivals: list[tuple[float, str]] = []
        # (arrival, answered, stage) on time.monotonic(), which other processes on this machine share:
        # a bench timing a whole `briefer` process takes from these the time it spent waiting on us.
        self.intervals: list[tuple[float, float, str]] = []

    def as_dict(self) -> dict:
        with self.lock:
            return {
                "calls": dict(self.calls),
                "prompt_tokens": self.prompt_tokens,
                "completion_tokens": self.completion_tokens,
                "max_in_flight": self.max_in_flight,
                "arrivals": list(self.arrivals),
                "intervals": list(self.intervals),
            }


def make_handler(latency: float, stats: Stats) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as the openai client expects
        # Without TCP_NODELAY, headers and body as separate segments meet delayed ACKs: +40 ms per answer.
        disable_nagle_algorithm = True

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's name
            pass

        def reply(self, status: int, payload: dict) -> None:
            data = json.dumps(payload, ensure_ascii=False).encode()
            self.send_response(status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
            if self.path == "/stats":
                self.reply(200, stats.as_dict())
            else:
                self.reply(404, {"error": {"message": "not found"}})

        def do_POST(self) -> None:  # noqa: N802 - the stdlib's name
            length = int(self.headers.get("content-length") or 0)
            if length > MAX_BODY:
                self.close_connection = True
                self.reply(413, {"error": {"message": "request too large"}})
                return
            body = json.loads(self.rfile.read(length))
            stage = stage_of(body)
            arrived = time.monotonic()
            with stats.lock:
                stats.in_flight += 1
                stats.max_in_flight = max(stats.max_in_flight, stats.in_flight)
                stats.arrivals.append((arrived, stage))
            try:
                time.sleep(latency)
                if not self.path.endswith("/chat/completions") or stage not in ANSWERS:
                    self.reply(400, {"error": {"message": f"the mock does not answer {self.path} ({stage})"}})
                    return
                user = body["messages"][-1]["content"]
                content = json.dumps(ANSWERS[stage](user))
                prompt = sum(count_tokens(m["content"], "o200k_base") for m in body["messages"])
                completion = count_tokens(content, "o200k_base")
                with stats.lock:
                    stats.calls[stage] = stats.calls.get(stage, 0) + 1
                    stats.prompt_tokens += prompt
                    stats.completion_tokens += completion
                self.reply(
                    200,
                    {
                        "id": "chatcmpl-mock",
                        "object": "chat.completion",
                        "created": int(time.time()),
                        "model": body.get("model", "mock"),
                        "choices": [
                            {"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": content}}
                        ],
                        "usage": {
                            "prompt_tokens": prompt,
                            "completion_tokens": completion,
                            "total_tokens": prompt + completion,
                        },
                    },
                )
            finally:
                with stats.lock:
                    stats.in_flight -= 1
                    stats.intervals.append((arrived, time.monotonic(), stage))

    return Handler


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=8080, help="0 picks a free port (printed on stdout)")
    parser.add_argument("--latency-ms", type=float, default=300.0, help="delay before every answer")
    parser.add_argument("--max-seconds", type=float, default=3600.0, help="stop serving after this long")
    args = parser.parse_args(argv)

    count_tokens("warm up", "o200k_base")  # loading the encoding takes a second: not on the first request
    server = ThreadingHTTPServer(("127.0.0.1", args.port), make_handler(args.latency_ms / 1000, Stats()))
    server.daemon_threads = True
    stop = threading.Timer(args.max_seconds, server.shutdown)
    stop.daemon = True
    stop.start()
    print(f"mock OpenAI server on http://127.0.0.1:{server.server_address[1]}/v1", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

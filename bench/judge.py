"""The LLM judge measured: balanced accuracy of the rules alone and of rules + judge on the same rows.

    .venv/bin/python bench/judge.py --start-server --sample 300          # the real local model (~1 h idle)
    .venv/bin/python bench/judge.py --endpoint http://127.0.0.1:8080/v1 --sample 300   # a server you run
    .venv/bin/python bench/judge.py --endpoint http://127.0.0.1:8091/v1 --sample 20   # bench/mock_openai.py

Data: ``../shared/dev-eval/summedits-other/pairs.jsonl`` (see the README there), read only here. The
sample is balanced: half consistent rows, half inconsistent, spread evenly over the seven domains
(``--seed``). Every row is checked as ``bench/truth.py`` checks it (one sentence of a briefing citing
its document with no quote, ``verify.check_briefing``, ``flagged`` as the prediction), once with the
rules alone and once with ``--judge llm`` against the endpoint. Only the claims the rules leave open
(``unverified``, or a cross-lingual pass) are put to the model, one question per call; the judge never
lifts a contradiction the rules found.

Printed: balanced accuracy per domain and mean, both ways, with the flag rate; the judge's questions,
calls made and answered from the cache, seconds (the judge pass in all, and per call made), prompt and
completion tokens, answers that were unusable (cut off or invalid: the rules' verdict stands), and how
the judge moved the open claims (to supported, to flagged) by their label.

The model's answers are cached in ``--cache-dir`` (default ``~/.cache/briefer-bench/judge``): a re-run
repeats no finished call. The cache keys hold the endpoint's URL, so keep ``--port`` (with
``--start-server``) or ``--endpoint`` the same between runs. ``--start-server`` starts the llama.cpp
server of ``bench/real_model.py`` (Qwen2.5-Coder-1.5B-Instruct Q4_K_M, set up by ``bench/real_model.py
--setup-only``) on 127.0.0.1 for the run and stops it after.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from truth import DATA, balanced_accuracy  # noqa: E402

from briefer.config import Settings  # noqa: E402
from briefer.errors import BrieferError  # noqa: E402
from briefer.ingest import read_source  # noqa: E402
from briefer.models import Briefing, Citation, RunInfo, Section, Sentence, Usage  # noqa: E402
from briefer.verify import check_briefing  # noqa: E402

DEFAULT_CACHE = Path.home() / ".cache" / "briefer-bench" / "judge"
DEFAULT_PORT = 8093
NO_ANSWER = "llm judge: no answer for this sentence"
UNDECIDED = "undecided (P(supported)"
_P = re.compile(r"^llm judge \(.*?P\(supported\) (\d\.\d\d)")


def _score(reasons: list[str]) -> float | None:
    """The judge's P(supported) as its reason gives it (None: no score, or not asked)."""
    for reason in reasons:
        if found := _P.match(reason):
            return float(found.group(1))
    return None


def balanced_sample(rows: list[dict], n: int, seed: int) -> list[dict]:
    """``n`` rows, half of each label, each half taken in turn from every domain (shuffled by ``seed``)."""
    rng = random.Random(seed)
    picked: list[dict] = []
    for label, want in ((0, n // 2), (1, n - n // 2)):
        pools: dict[str, list[dict]] = defaultdict(list)
        for row in rows:
            if row["label"] == label:
                pools[row["domain"]].append(row)
        for pool in pools.values():
            rng.shuffle(pool)
        order = sorted(pools)
        taken = 0
        while taken < want and any(pools.values()):
            for domain in order:
                if pools[domain] and taken < want:
                    picked.append(pools[domain].pop())
                    taken += 1
    return picked


def check_rows(rows: list[dict], settings: Settings | None) -> tuple[list[dict], Usage]:
    """Each row with its verdict, ``flagged``, whether the judge ruled on it; and what the judge cost."""
    by_document: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        by_document[row["source"]].append(row)
    usage = Usage()
    out: list[dict] = []
    for n, (text, group) in enumerate(by_document.items()):
        source = read_source(f"doc{n}.txt", text.encode("utf-8"))
        sentences = [Sentence(text=r["claim"], citations=[Citation(source=source.id)]) for r in group]
        briefing = Briefing(sections=[Section(title="claims", sentences=sentences)], run=RunInfo(engine="bench"))
        checked = check_briefing(briefing, [source], settings)
        if checked.run is not None:
            for field in ("prompt_tokens", "completion_tokens", "calls", "cache_hits", "retries", "truncated"):
                setattr(usage, field, getattr(usage, field) + getattr(checked.run.usage, field))
        for row, sentence in zip(group, checked.sections[0].sentences, strict=True):
            verdict = sentence.verdict
            assert verdict is not None
            out.append(
                {
                    **row,
                    "flagged": verdict.flagged,
                    "verdict": verdict.label.value,
                    "judged": verdict.judge == "llm",
                    "no_answer": any(r.startswith(NO_ANSWER) for r in verdict.reasons),
                    # asked, answered, and left to the rules: the model's "no" was not confident enough
                    "undecided": any(r.startswith("llm judge (") and UNDECIDED in r for r in verdict.reasons),
                    "p_supported": _score(verdict.reasons),
                    "reasons": verdict.reasons,
                }
            )
    return out, usage


def table(rows: list[dict], title: str) -> float:
    print(f"\n{title}")
    print(f"{'domain':<12} {'rows':>5} {'bal.acc':>8} {'flag%':>6} {'unverified':>10}")
    scores = []
    for domain in sorted({r["domain"] for r in rows}):
        part = [r for r in rows if r["domain"] == domain]
        ba = balanced_accuracy(part)
        scores.append(ba)
        flag = sum(r["flagged"] for r in part) / len(part)
        unverified = sum(r["verdict"] == "unverified" for r in part)
        print(f"{domain:<12} {len(part):>5} {ba:>8.3f} {flag:>6.1%} {unverified:>10}")
    mean = sum(scores) / len(scores)
    flag = sum(r["flagged"] for r in rows) / len(rows)
    print(
        f"{'MEAN':<12} {len(rows):>5} {mean:>8.3f} {flag:>6.1%} {sum(r['verdict'] == 'unverified' for r in rows):>10}"
        f"   (pooled {balanced_accuracy(rows):.3f}, min domain {min(scores):.3f})"
    )
    return mean


def start_server(port: int, log_dir: Path, threads: int | None = None):  # -> real_model.Server
    import real_model

    cache = real_model.DEFAULT_CACHE
    if not real_model.server_installed(cache):
        raise SystemExit(f"no llama.cpp server in {cache}: run bench/real_model.py --setup-only first")
    model = real_model.ensure_model(cache)
    log_dir.mkdir(parents=True, exist_ok=True)
    # The judge's prompts are short: a 4k context takes less memory than the summarizer's 8k.
    server = real_model.Server(
        cache, model, log_dir / "server.log", n_ctx=4096, port=port, n_threads=threads or real_model.N_THREADS
    )
    try:
        server.wait_ready()
        server.smoke()
    except BaseException:
        server.stop()
        raise
    print(f"server ready at {server.base_url} ({real_model.server_version(cache)})", file=sys.stderr)
    return server


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--sample", type=int, default=300, help="balanced rows to check (0: every row)")
    parser.add_argument("--seed", type=int, default=0)
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--endpoint", help="an OpenAI-compatible base URL, e.g. http://127.0.0.1:8080/v1")
    where.add_argument("--start-server", action="store_true", help="run bench/real_model.py's llama.cpp server")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help="for --start-server")
    parser.add_argument(
        "--threads",
        type=int,
        default=None,
        help="for --start-server: llama.cpp threads (default 2; on a machine loaded by other work, 1 thread "
        "decoded 5x faster here, its threads not waiting for each other)",
    )
    parser.add_argument("--model", default=None, help="model name sent (default: the real model's alias)")
    parser.add_argument("--cache-dir", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--timeout", type=float, default=600, help="seconds per model request")
    parser.add_argument("--concurrency", type=int, default=1)
    parser.add_argument("--dump", type=Path, help="every row's two verdicts as JSON lines")
    args = parser.parse_args()
    if not args.data.is_file():
        print(f"dev data absent: {args.data} (see /work/wt/shared/dev-eval/README.md)", file=sys.stderr)
        return 2
    rows = [json.loads(line) for line in args.data.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = balanced_sample(rows, args.sample, args.seed) if args.sample else rows
    labels = Counter(r["label"] for r in rows)
    print(f"{len(rows)} rows ({labels[0]} inconsistent, {labels[1]} consistent), seed {args.seed}")

    t = time.perf_counter()
    rules, _ = check_rows(rows, None)
    rules_seconds = time.perf_counter() - t

    server = start_server(args.port, args.cache_dir / "server", args.threads) if args.start_server else None
    try:
        import real_model

        settings = Settings(
            judge="llm",
            base_url=server.base_url if server else args.endpoint,
            model=args.model or real_model.MODEL_NAME,
            cache_dir=args.cache_dir / "responses",
            concurrency=args.concurrency,
            timeout=args.timeout,
            budget=24 * 3600,
        )
        t = time.perf_counter()
        try:
            judged, usage = check_rows(rows, settings)
        except BrieferError as exc:
            print(f"bench/judge.py: {exc} (finished answers are cached: run again to resume)", file=sys.stderr)
            return 2
        judge_seconds = time.perf_counter() - t
    finally:
        if server is not None:
            server.stop()

    rules_mean = table(rules, f"rules alone ({rules_seconds:.1f} s)")
    judged_mean = table(judged, f"rules + judge ({settings.model} at {settings.base_url})")
    asked = [j for j in judged if j["judged"] or j["no_answer"] or j["undecided"]]
    print(f"\nbalanced accuracy, mean over domains: rules {rules_mean:.3f} -> rules + judge {judged_mean:.3f}")
    made = usage.calls
    print(
        f"judge: {len(asked)} questions; {made} calls made, {usage.cache_hits} from the cache; "
        f"{judge_seconds:.0f} s for the judge pass"
        + (f" ({judge_seconds / made:.1f} s per call made)" if made else "")
        + f"; tokens {usage.prompt_tokens} prompt + {usage.completion_tokens} completion"
        + (f" ({(usage.prompt_tokens + usage.completion_tokens) / made:.0f} per call)" if made else "")
        + f"; unusable answers {sum(j['no_answer'] for j in judged)} (cut off {usage.truncated})"
    )
    moves: Counter[tuple[str, str, int]] = Counter()
    for before, after in zip(rules, judged, strict=True):
        if after["judged"] or after["undecided"]:
            to = "flagged" if after["flagged"] else "undecided" if after["undecided"] else after["verdict"]
            moves[(before["verdict"], to, after["label"])] += 1
    for (before, after, label), count in sorted(moves.items()):
        print(f"  {before} -> {after}: {count} {'consistent' if label else 'inconsistent'}")
    scored = [j for j in judged if j["p_supported"] is not None]
    if scored:  # how the model's score separates the open rows, whatever the thresholds
        print(f"P(supported) of the {len(scored)} scored answers, by label:")
        for lo, hi in ((0.0, 0.1), (0.1, 0.25), (0.25, 0.4), (0.4, 0.5), (0.5, 0.75), (0.75, 1.01)):
            part = [j for j in scored if lo <= j["p_supported"] < hi]
            bad = sum(j["label"] == 0 for j in part)
            print(f"  [{lo:.2f}, {min(hi, 1):.2f}): {bad} inconsistent, {len(part) - bad} consistent")
    faithful = [j for j in judged if j["label"] == 1]
    print(
        f"unverified on faithful rows: rules {sum(r['verdict'] == 'unverified' for r in rules if r['label'] == 1)}"
        f"/{len(faithful)} -> rules + judge {sum(j['verdict'] == 'unverified' for j in faithful)}/{len(faithful)}"
    )
    if args.dump:
        with args.dump.open("w", encoding="utf-8") as fh:
            for before, after in zip(rules, judged, strict=True):
                keep = ("id", "domain", "label", "claim")
                fh.write(
                    json.dumps(
                        {
                            **{k: before[k] for k in keep},
                            "rules": {k: before[k] for k in ("verdict", "flagged", "reasons")},
                            "judge": {
                                k: after[k]
                                for k in ("verdict", "flagged", "judged", "undecided", "p_supported", "reasons")
                            },
                        },
                        ensure_ascii=False,
                    )
                    + "\n"
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Does the judge's P(supported) separate what its plain yes/no does not? A probe on bench/judge.py's sample.

    .venv/bin/python bench/judge_scores.py --endpoint http://127.0.0.1:8098/v1          # the 300 rows of seed 0
    .venv/bin/python bench/judge_scores.py --endpoint URL --limit 20                    # the first 20 questions

Data: ``../shared/dev-eval/summedits-other/pairs.jsonl`` (read only here), the balanced sample of
``bench/judge.py`` (``--sample``, ``--seed``). Every row is checked by the rules; the rows they leave open
are the judge's questions. The judge prompt v3's plain answers to them come from the response cache of
the last ``bench/judge.py --start-server`` run (``--old-cache``, keyed by that run's base URL
``--old-endpoint``): this probe asks no question whose answer is known. A "yes" there was decoded
greedily between "true" and "false" at temperature 0, so its P(supported) is at least 0.5: not flagged
at any threshold up to 0.5, lifted to supported. Only the rows answered "no" are asked again, with the
judge's v4 request (its prompt, evidence and claim, with ``logprobs``) of the live model at
``--endpoint``; only the answer's first boolean is read, so the answer is cut after ``--max-tokens``.
The answers are kept in ``--cache`` (JSON lines, keyed by the messages, ``--max-tokens`` and the
alternatives asked for: what decides the boolean's log-probabilities): a re-run repeats no call.

Printed: P(supported) of the re-asked rows by label; balanced accuracy (mean over domains, as
bench/judge.py prints it) of the rules alone, of rules + the plain yes/no, and of rules + judge when a
"no" flags only under each threshold (``FLAG_BELOW`` is the shipped one); the `unverified` share of the
faithful rows; calls and seconds. Rows a "no" was not re-asked for (``--limit``) count as not flagged,
and the line says how many.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import math
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import judge as bench_judge  # noqa: E402
from truth import DATA, balanced_accuracy  # noqa: E402

import briefer.verify.judge as verify_judge  # noqa: E402
from briefer.client import LLMClient, strict_json_schema  # noqa: E402
from briefer.config import Settings  # noqa: E402
from briefer.models import Usage  # noqa: E402

MODEL = "qwen2.5-coder-1.5b-instruct-q4_k_m"
THRESHOLDS = (0.05, 0.1, 0.15, 0.2, verify_judge.FLAG_BELOW, 0.3, 0.35, 0.4, 0.45, 0.5)


def questions_of(rows: list[dict]) -> list[tuple[dict, dict, object]]:
    """(row, the rules' verdict, the judge's question or None) per row: the checker's own questions."""
    captured: list = []

    def capture(questions, settings, http_client=None):  # noqa: ANN001, ANN202
        captured.extend(questions)
        return verify_judge.Rulings([None] * len(questions), Usage(), "probe", 0)

    real_ask = verify_judge.ask
    verify_judge.ask = capture
    try:
        settings = Settings(judge="llm", base_url="http://127.0.0.1:9/v1", model=MODEL, use_cache=False)
        out = []
        for row in rows:
            captured.clear()
            (checked,), _ = bench_judge.check_rows([row], settings)
            out.append((row, checked, captured[0] if captured else None))
    finally:
        verify_judge.ask = real_ask
    return out


def score_key(messages: list[dict], max_tokens: int) -> str:
    """What decides the first boolean's log-probabilities: the prompt (the grammar only masks tokens,
    and the server reports the unmasked distribution) and how many alternatives are sent."""
    what = {"messages": messages, "max_tokens": max_tokens, "top_logprobs": verify_judge.TOP_LOGPROBS}
    return hashlib.sha256(json.dumps(what, sort_keys=True).encode()).hexdigest()


def messages_of(question: object) -> list[dict]:
    return [
        {"role": "system", "content": verify_judge.load_prompt(verify_judge.PROMPT).text},
        {"role": "user", "content": verify_judge.render(question)},  # type: ignore[arg-type]
    ]


def is_cached(question: object, max_tokens: int, cache: dict) -> bool:
    return score_key(messages_of(question), max_tokens) in cache


def ask(endpoint: str, question: object, max_tokens: int, cache: dict, cache_path: Path) -> dict:
    messages = messages_of(question)
    body = {
        "model": MODEL,
        "messages": messages,
        "response_format": {"type": "json_object", "schema": strict_json_schema(verify_judge.JudgeAnswer)},
        "temperature": 0,
        "max_tokens": max_tokens,
        "logprobs": True,
        "top_logprobs": verify_judge.TOP_LOGPROBS,
    }
    key = score_key(messages, max_tokens)
    if key in cache:
        return cache[key] | {"cached": True}
    request = urllib.request.Request(
        f"{endpoint.rstrip('/')}/chat/completions",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
    )
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=3600) as answer:
        data = json.load(answer)
    choice = data["choices"][0]
    record = {
        "key": key,
        "p": verify_judge.p_supported(choice.get("logprobs")),
        "text": choice["message"]["content"],
        "seconds": time.perf_counter() - started,
        "usage": data.get("usage"),
    }
    cache[key] = record
    with cache_path.open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(record) + "\n")
    return record | {"cached": False}


def mean_ba(rows: list[dict]) -> float:
    domains = sorted({r["domain"] for r in rows})
    return sum(balanced_accuracy([r for r in rows if r["domain"] == d]) for d in domains) / len(domains)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options this script and bench/judge_halves.py share: the sample, the server, the caches."""
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--sample", type=int, default=300)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--endpoint", required=True, help="the live llama.cpp server, e.g. http://127.0.0.1:8098/v1")
    parser.add_argument("--old-cache", type=Path, default=bench_judge.DEFAULT_CACHE / "responses")
    parser.add_argument("--old-endpoint", default=f"http://127.0.0.1:{bench_judge.DEFAULT_PORT}/v1")
    parser.add_argument("--cache", type=Path, default=bench_judge.DEFAULT_CACHE / "scores.jsonl")
    parser.add_argument("--max-tokens", type=int, default=6, help='enough for {"supported": false')


def prepare(args: argparse.Namespace) -> tuple[list[dict], list, LLMClient, dict]:
    """What this script and bench/judge_halves.py start from: the sample, its rows checked by the rules
    with their questions, the client of the last bench/judge.py run's cache, and the scores' cache."""
    rows = [json.loads(line) for line in args.data.read_text(encoding="utf-8").splitlines() if line.strip()]
    sample = bench_judge.balanced_sample(rows, args.sample, args.seed)
    checked = questions_of(sample)
    old = LLMClient(Settings(judge="llm", base_url=args.old_endpoint, model=MODEL, cache_dir=args.old_cache))
    cache: dict = {}
    if args.cache.exists():
        for line in args.cache.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            cache[record["key"]] = record
    args.cache.parent.mkdir(parents=True, exist_ok=True)
    return sample, checked, old, cache


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    add_arguments(parser)
    parser.add_argument("--limit", type=int, default=0, help="re-ask at most this many rows (0: all)")
    args = parser.parse_args()
    if not args.data.is_file():
        print(f"dev data absent: {args.data} (see /work/wt/shared/dev-eval/README.md)", file=sys.stderr)
        return 2
    sample, checked, old, cache = prepare(args)

    plains: list[bool | None] = []
    for _, _, question in checked:
        plain = None
        if question is not None:
            messages = [
                {"role": "system", "content": verify_judge.load_prompt(verify_judge.PROMPT).text},
                {"role": "user", "content": verify_judge.render(question)},  # type: ignore[arg-type]
            ]
            hit = old.cache.get(
                old.request_key(messages, verify_judge.JudgeAnswer, "judge", verify_judge.ANSWER_TOKENS)
            )
            plain = None if hit is None else bool(hit["content"]["supported"])
        plains.append(plain)
    # The "no" rows asked in turn by label (the sample lists every inconsistent row first): a --limit
    # or a run cut short still sees both labels.
    by_label = [[n for n, plain in enumerate(plains) if plain is False and checked[n][0]["label"] == y] for y in (0, 1)]
    order = [n for pair in itertools.zip_longest(*by_label) for n in pair if n is not None]
    if args.limit:
        order = order[: args.limit]
    scores: dict[int, float | None] = {}
    calls = seconds = 0.0
    for asked, n in enumerate(order, 1):
        row, _, question = checked[n]
        record = ask(args.endpoint, question, args.max_tokens, cache, args.cache)
        scores[n] = record["p"]
        if not record["cached"]:
            calls += 1
            seconds += record["seconds"]
            print(f"  asked {asked}: P {record['p']} label {row['label']} ({record['seconds']:.0f} s)", file=sys.stderr)
    results = [(row, rules, plains[n], scores.get(n)) for n, (row, rules, _) in enumerate(checked)]

    open_rows = [r for r in results if r[2] is not None]
    no = [r for r in open_rows if r[2] is False]
    scored = [r for r in no if r[3] is not None]
    print(f"{len(sample)} rows, seed {args.seed}: {sum(q is not None for *_, q in checked)} open questions")
    print(
        f"plain v3 answers cached: {len(open_rows)} ({len(open_rows) - len(no)} yes, {len(no)} no); "
        f"re-asked with logprobs: {len(scored)} of the {len(no)} no ({calls:.0f} calls made, {seconds:.0f} s"
        + (f", {seconds / calls:.0f} s a call" if calls else "")
        + ")"
    )
    print(f"P(supported) of the re-asked 'no' answers, by label ({sum(r[3] >= 0.5 for r in scored)} at or above 0.5):")
    for lo, hi in (
        (0.0, 0.1),
        (0.1, 0.2),
        (0.2, 0.25),
        (0.25, 0.3),
        (0.3, 0.35),
        (0.35, 0.4),
        (0.4, 0.45),
        (0.45, 0.5),
        (0.5, 1.01),
    ):
        part = [r for r in scored if lo <= r[3] < hi]
        bad = sum(r[0]["label"] == 0 for r in part)
        print(f"  [{lo:.2f}, {min(hi, 1.0):.2f}): {bad} inconsistent, {len(part) - bad} consistent")

    def outcome(flag_when) -> list[dict]:  # noqa: ANN001
        return [
            {"label": row["label"], "domain": row["domain"], "flagged": rules["flagged"] or flag_when(plain, p)}
            for row, rules, plain, p in results
        ]

    rules_ba = mean_ba(outcome(lambda plain, p: False))
    plain_ba = mean_ba(outcome(lambda plain, p: plain is False))
    print(f"balanced accuracy, mean over domains: rules alone {rules_ba:.3f}; rules + plain yes/no {plain_ba:.3f}")
    for t in THRESHOLDS:
        ba = mean_ba(outcome(lambda plain, p, t=t: p is not None and p < t))
        flagged = sum(p is not None and p < t for *_, p in results)
        mark = "  <- FLAG_BELOW" if t == verify_judge.FLAG_BELOW else ""
        print(f"  a 'no' flags under P {t:.2f}: {ba:.3f} ({flagged} rows flagged by the judge){mark}")
    if len(scored) < len(no):
        print(f"  ({len(no) - len(scored)} 'no' rows not re-asked: counted as not flagged)")
    faithful = [r for r in results if r[0]["label"] == 1]
    unverified_rules = sum(r[1]["verdict"] == "unverified" for r in faithful)
    lifted = sum(r[1]["verdict"] == "unverified" and r[2] is True for r in faithful)
    flagged_faithful = sum(
        r[1]["verdict"] == "unverified" and r[3] is not None and r[3] < verify_judge.FLAG_BELOW for r in faithful
    )
    after = unverified_rules - lifted - flagged_faithful
    print(
        f"unverified on faithful rows: rules {unverified_rules}/{len(faithful)} "
        f"({unverified_rules / len(faithful):.1%})"
        f" -> rules + judge v4 {after}/{len(faithful)} ({after / len(faithful):.1%}; lifted by a 'yes': {lifted})"
    )
    lifted_all = [r for r in open_rows if r[1]["verdict"] == "unverified" and r[2] is True]
    if lifted_all:
        good = sum(r[0]["label"] == 1 for r in lifted_all)
        print(
            f"precision of what a 'yes' lifts to supported: {good}/{len(lifted_all)} consistent "
            f"({good / len(lifted_all):.1%})"
        )
    if not math.isfinite(rules_ba):
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

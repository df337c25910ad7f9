"""Rules + judge, the combination chosen on one half of the dev documents and reported on both halves.

    .venv/bin/python bench/judge_halves.py --endpoint http://127.0.0.1:8098/v1     # the 300 rows of seed 0
    .venv/bin/python bench/judge_halves.py --endpoint URL --tune-half 1           # tune on the other half

Data: ``../shared/dev-eval/summedits-other/pairs.jsonl`` (read only here), the balanced sample of
``bench/judge.py`` (``--sample``, ``--seed``). The rows are split in two halves by their document (the
first byte of the source's sha256, even or odd), so a seed summary and its edits stay in one half.

The judge's questions are the checker's own (``verify.check_briefing`` with ``--judge llm``): what the rules
left ``unverified``, and what they passed (✓) on evidence they retrieved themselves, no quote given
(``Question.rules_passed``). Each question's P(supported) is read from the
judge's v4 request with log-probabilities, answers cut after ``--max-tokens`` (only the ``"supported":``
value is read), kept in ``--cache`` with bench/judge_scores.py's keys: a re-run repeats no call. An
``unverified`` question whose cached plain v3 answer (``--old-cache``, the last ``bench/judge.py
--start-server`` run) was "yes" is not asked again: a greedy "yes" is P >= 0.5, which lifts and never
flags at a threshold up to 0.5, so the open threshold is searched only up to 0.5.

Printed: on the tuning half, balanced accuracy (mean over domains) for every pair of thresholds (a "no"
flags an open question under ``t_open``, a passed one under ``t_passed``; "-" is not asking the passed ones);
the best pair there (ties: the fewest judge flags); then for the shipped constants of
``briefer/verify/judge.py`` (``FLAG_BELOW``, ``FLAG_PASSED_BELOW``) the checker's own verdicts — the real
``_apply_rulings`` with the cached answers — per half and over all rows, rules alone beside them, for
the judge's evidence of ``--before-words`` (default 0: the rules' evidence sentences only) and then of
``--whole-source-words`` (default: the shipped ``WHOLE_SOURCE_WORDS``: a source that short is sent whole), with
the ``unverified`` share, the second figure counting ``unverified`` as flagged, and the judge's calls,
seconds per call and tokens. ``--splits N``: N random halvings of the documents, the pair tuned on one
half and measured on the other (both thresholds tuned, or only the pass threshold with ``FLAG_BELOW``
fixed), held mean ± spread beside the rules alone on the same halves.
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import random
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import judge as bench_judge  # noqa: E402
import judge_scores  # noqa: E402
from truth import balanced_accuracy  # noqa: E402

import briefer.verify.judge as verify_judge  # noqa: E402
from briefer.client import LLMClient  # noqa: E402
from briefer.config import Settings  # noqa: E402
from briefer.models import Usage  # noqa: E402

MODEL = judge_scores.MODEL
WHOLE_GRID = (None, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75)
OPEN_GRID = (None, 0.1, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5)
PASSED_GRID = (None, 0.3, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8)


def half_of(row: dict) -> int:
    return hashlib.sha256(row["source"].encode("utf-8")).digest()[0] % 2


def mean_ba(rows: list[dict], key: str = "flagged") -> float:
    domains = sorted({r["domain"] for r in rows})
    return sum(balanced_accuracy([{**r, "flagged": r[key]} for r in rows if r["domain"] == d]) for d in domains) / len(
        domains
    )


def plain_answer(old: LLMClient, question: object) -> bool | None:
    messages = [
        {"role": "system", "content": verify_judge.load_prompt(verify_judge.PROMPT).text},
        {"role": "user", "content": verify_judge.render(question)},  # type: ignore[arg-type]
    ]
    hit = old.cache.get(old.request_key(messages, verify_judge.JudgeAnswer, "judge", verify_judge.ANSWER_TOKENS))
    return None if hit is None else bool(hit["content"]["supported"])


def flags(
    results: list[dict], t_open: float | None, t_passed: float | None, t_whole: float | None = None
) -> list[dict]:
    """Each row flagged by the rules, or by a "no" under its threshold (``t_whole``, when given, for a
    question the model read the whole source for)."""
    out = []
    for r in results:
        p, passed = r["p"], r["passed"]
        limit = t_whole if t_whole is not None and r.get("whole_source") else t_passed if passed else t_open
        by_judge = r["asked"] and p is not None and limit is not None and p < limit
        out.append({"label": r["label"], "domain": r["domain"], "flagged": r["rules_flagged"] or by_judge})
    return out


def shipped(rows: list[dict], answers: dict[int, tuple[bool | None, float | None]]) -> list[dict]:
    """The checker's own verdicts with the judge on, each row's question answered from the cached answers
    (its plain v3 answer and P(supported)) through the shipped ``judge._item``."""
    current: list[int] = [0]

    def answer_from_cache(questions, settings, http_client=None):  # noqa: ANN001, ANN202
        items: list[verify_judge.JudgeItem | None] = []
        for q in questions:  # one row at a time: at most one question
            plain, p = answers.get(current[0], (None, None))
            if plain is None and p is None:
                items.append(None)
                continue
            answer = verify_judge.JudgeAnswer(supported=bool(plain) if p is None else p >= 0.5, p_supported=p)
            items.append(verify_judge._item(answer, q.rules_passed, verify_judge.evidence_of(q) != q.span))
        return verify_judge.Rulings(items, Usage(), verify_judge.prompt_tag(), 0)

    real_ask = verify_judge.ask
    verify_judge.ask = answer_from_cache
    try:
        settings = Settings(judge="llm", base_url="http://127.0.0.1:9/v1", model=MODEL, use_cache=False)
        out = []
        for n, row in enumerate(rows):
            current[0] = n
            (checked,), _ = bench_judge.check_rows([row], settings)
            out.append(checked)
        return out
    finally:
        verify_judge.ask = real_ask


def best_pair(rows: list[dict], open_grid: tuple, passed_grid: tuple) -> tuple[float | None, float | None]:
    """The pair with the best mean balanced accuracy on ``rows`` (ties: the fewest judge flags)."""
    best: tuple[float, int, float | None, float | None] | None = None
    for t_open in open_grid:
        for t_passed in passed_grid:
            outcome = flags(rows, t_open, t_passed)
            key = (round(mean_ba(outcome), 6), -sum(o["flagged"] for o in outcome), t_open, t_passed)
            if best is None or key[:2] > best[:2]:
                best = key
    assert best is not None
    return best[2], best[3]


def splits(results: list[dict], count: int, seed: int) -> None:
    """The tuning procedure itself held out: ``count`` random halvings of the documents, the pair tuned on
    one half and measured on the other; the held figures' mean and spread, rules alone beside them."""
    if not count:
        return
    documents = sorted({r["document"] for r in results})
    print(f"\n{count} random halvings of the {len(documents)} documents: tuned on one half, measured on the other")
    fixed = (verify_judge.FLAG_BELOW,)
    for name, open_grid in (("both thresholds tuned", OPEN_GRID), (f"t_open fixed at {fixed[0]}", fixed)):
        held, rules, picks = [], [], []
        rng = random.Random(seed)  # the same halvings for both ways of tuning
        documents.sort()
        for _ in range(count):
            rng.shuffle(documents)
            tune_docs = set(documents[: len(documents) // 2])
            tune = [r for r in results if r["document"] in tune_docs]
            other = [r for r in results if r["document"] not in tune_docs]
            t_open, t_passed = best_pair(tune, open_grid, PASSED_GRID)
            picks.append((t_open, t_passed))
            held.append(mean_ba(flags(other, t_open, t_passed)))
            rules.append(mean_ba(flags(other, None, None)))
        print(
            f"  {name}: held {statistics.mean(held):.3f} ± {statistics.stdev(held):.3f} "
            f"(rules alone on the same halves {statistics.mean(rules):.3f} ± {statistics.stdev(rules):.3f}; "
            f"held better than rules alone in {sum(h > r for h, r in zip(held, rules, strict=True))}/{count}); "
            f"pairs picked: {dict(collections.Counter(picks).most_common(4))}"
        )


def whole_splits(results: list[dict], count: int, seed: int, pair: tuple[float, float]) -> None:
    """``t_whole`` tuned on one half of ``count`` random halvings and measured on the other."""
    if not count:
        return
    documents = sorted({r["document"] for r in results})
    rng = random.Random(seed)
    held, rules, picks = [], [], []
    for _ in range(count):
        rng.shuffle(documents)
        tune_docs = set(documents[: len(documents) // 2])
        tune = [r for r in results if r["document"] in tune_docs]
        other = [r for r in results if r["document"] not in tune_docs]
        pick = max(
            WHOLE_GRID,
            key=lambda t: (
                round(mean_ba(flags(tune, *pair, t)), 6),
                -sum(o["flagged"] for o in flags(tune, *pair, t)),
            ),
        )
        picks.append(pick)
        held.append(mean_ba(flags(other, *pair, pick)))
        rules.append(mean_ba(flags(other, *pair)))
    print(
        f"  {count} random halvings, t_whole tuned on one half: held {statistics.mean(held):.3f} ± "
        f"{statistics.stdev(held):.3f} (the shipped pair without t_whole on the same halves "
        f"{statistics.mean(rules):.3f} ± {statistics.stdev(rules):.3f}; better in "
        f"{sum(h > r for h, r in zip(held, rules, strict=True))}/{count}); picked: {dict(collections.Counter(picks))}"
    )


def report(title: str, rules: list[dict], judged: list[dict]) -> None:
    for r in judged:
        r["flagged_or_unverified"] = r["flagged"] or r["verdict"] == "unverified"
    for r in rules:
        r["flagged_or_unverified"] = r["flagged"] or r["verdict"] == "unverified"
    faithful = [r for r in judged if r["label"] == 1]
    print(
        f"{title}: {len(judged)} rows; rules alone {mean_ba(rules):.3f} -> rules + judge {mean_ba(judged):.3f} "
        f"(flagged {sum(r['flagged'] for r in judged) / len(judged):.1%}; unverified on faithful rows "
        f"{sum(r['verdict'] == 'unverified' for r in faithful)}/{len(faithful)}; counting unverified as flagged: "
        f"{mean_ba(rules, 'flagged_or_unverified'):.3f} -> {mean_ba(judged, 'flagged_or_unverified'):.3f})"
    )


def collect(
    args: argparse.Namespace, checked: list, old: LLMClient, cache: dict, words: int
) -> tuple[list[dict], dict[int, tuple[bool | None, float | None]], list[dict]]:
    """Every row's question answered with the evidence of ``WHOLE_SOURCE_WORDS = words`` (asked of the live
    model where no answer is cached): per row what the thresholds need, the answers, the calls' records."""
    verify_judge.WHOLE_SOURCE_WORDS = words
    results: list[dict] = []
    answers: dict[int, tuple[bool | None, float | None]] = {}
    records: list[dict] = []
    for n, (row, rules, question) in enumerate(checked):
        passed = question is not None and question.rules_passed
        plain = None if question is None or passed else plain_answer(old, question)
        p = None
        if question is not None and plain is not True:  # a greedy "yes" is P >= 0.5: not asked again
            record = judge_scores.ask(args.endpoint, question, args.max_tokens, cache, args.cache)
            records.append(record | {"whole_source": verify_judge.evidence_of(question) != question.span})
            p = record["p"]
            if not record["cached"]:
                print(f"  asked {n}: P {p} label {row['label']} ({record['seconds']:.0f} s)", file=sys.stderr)
        if question is not None:
            answers[n] = (plain, p)
        results.append(
            {
                "label": row["label"],
                "domain": row["domain"],
                "half": half_of(row),
                "document": hashlib.sha256(row["source"].encode("utf-8")).hexdigest(),
                "rules_flagged": rules["flagged"],
                "asked": question is not None,
                "passed": passed,
                "p": p,
                "whole_source": question is not None and verify_judge.evidence_of(question) != question.span,
            }
        )
    return results, answers, records


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    judge_scores.add_arguments(parser)
    parser.add_argument("--tune-half", type=int, choices=(0, 1), default=0)
    parser.add_argument("--splits", type=int, default=20, help="random halvings of the documents (0: none)")
    parser.add_argument(
        "--whole-source-words",
        type=int,
        default=verify_judge.WHOLE_SOURCE_WORDS,
        help="send a source this short whole (default: the shipped judge.WHOLE_SOURCE_WORDS)",
    )
    parser.add_argument(
        "--before-words", type=int, default=0, help="the same for the figures beside them (0: the sentences only)"
    )
    parser.add_argument("--cached-only", action="store_true", help="leave out the rows with an answer not cached")
    args = parser.parse_args()
    if not args.data.is_file():
        print(f"dev data absent: {args.data} (see /work/wt/shared/dev-eval/README.md)", file=sys.stderr)
        return 2
    sample, checked, old, cache = judge_scores.prepare(args)
    shipped_words = verify_judge.WHOLE_SOURCE_WORDS
    if args.cached_only:  # a look while the calls are made: only the rows whose every answer is known
        verify_judge.WHOLE_SOURCE_WORDS = args.whole_source_words
        keep = [
            n
            for n, (_, _, q) in enumerate(checked)
            if q is None
            or judge_scores.is_cached(q, args.max_tokens, cache)
            or (not q.rules_passed and plain_answer(old, q) is True)
        ]
        print(f"--cached-only: {len(checked) - len(keep)} rows without a cached answer left out", file=sys.stderr)
        sample, checked = [sample[n] for n in keep], [checked[n] for n in keep]
    _, before_answers, _ = collect(args, checked, old, cache, args.before_words)
    results, answers, records = collect(args, checked, old, cache, args.whole_source_words)
    verify_judge.WHOLE_SOURCE_WORDS = shipped_words

    tune = [r for r in results if r["half"] == args.tune_half]
    print(
        f"{len(sample)} rows, seed {args.seed}; tuning half {args.tune_half}: {len(tune)} rows "
        f"({len({row['source'] for row, r in zip(sample, results, strict=True) if r['half'] == args.tune_half})} "
        f"documents); held half: {len(results) - len(tune)} rows"
    )
    asked_open = sum(r["asked"] and not r["passed"] for r in results)
    asked_passed = sum(r["passed"] for r in results)
    print(f"questions: {asked_open} open (unverified), {asked_passed} passed by the rules on retrieved evidence")
    print(
        f"evidence: the whole source when at most {args.whole_source_words} words "
        f"({sum(r['whole_source'] for r in results)} questions), else the rules' evidence sentences; beside it "
        + (f"the same at {args.before_words} words" if args.before_words else "the sentences only")
    )
    print("P(supported) of the passed questions, by label:")
    for lo, hi in ((0.0, 0.3), (0.3, 0.5), (0.5, 0.6), (0.6, 0.7), (0.7, 0.8), (0.8, 1.01)):
        part = [r for r in results if r["passed"] and r["p"] is not None and lo <= r["p"] < hi]
        bad = sum(r["label"] == 0 for r in part)
        print(f"  [{lo:.2f}, {min(hi, 1):.2f}): {bad} inconsistent, {len(part) - bad} consistent")
    print("\nbalanced accuracy on the tuning half (rows: t_open; columns: t_passed, '-' = not asked):")
    print("        " + " ".join(f"{'-' if t is None else f'{t:.2f}':>6}" for t in PASSED_GRID))
    best = None
    for t_open in OPEN_GRID:
        line = []
        for t_passed in PASSED_GRID:
            outcome = flags(tune, t_open, t_passed)
            ba = mean_ba(outcome)
            judge_flags = sum(o["flagged"] for o in outcome) - sum(r["rules_flagged"] for r in tune)
            if best is None or (round(ba, 6), -judge_flags) > (round(best[0], 6), -best[3]):
                best = (ba, t_open, t_passed, judge_flags)
            line.append(f"{ba:>6.3f}")
        print(f"  {'-' if t_open is None else f'{t_open:.2f}':>5} " + " ".join(line))
    assert best is not None
    print(f"best on the tuning half: t_open {best[1]}, t_passed {best[2]}: {best[0]:.3f} ({best[3]} judge flags)")
    held = [r for r in results if r["half"] != args.tune_half]
    print(f"  the same pair on the held half: {mean_ba(flags(held, best[1], best[2])):.3f}")

    shipped_pair = (verify_judge.FLAG_BELOW, verify_judge.FLAG_PASSED_BELOW)
    print(
        f"\nthe whole-source threshold t_whole ('-': none, the two above apply), t_open and t_passed shipped "
        f"{shipped_pair}; questions read on the whole source, P(supported) by label:"
    )
    for lo, hi in ((0.0, 0.4), (0.4, 0.5), (0.5, 0.55), (0.55, 0.6), (0.6, 0.65), (0.65, 0.7), (0.7, 1.01)):
        part = [r for r in results if r["whole_source"] and r["p"] is not None and lo <= r["p"] < hi]
        bad = sum(r["label"] == 0 for r in part)
        print(f"  [{lo:.2f}, {min(hi, 1):.2f}): {bad} inconsistent, {len(part) - bad} consistent")
    held = [r for r in results if r["half"] != args.tune_half]
    print("  t_whole      " + " ".join(f"{'-' if t is None else f'{t:.2f}':>6}" for t in WHOLE_GRID))
    for name, part in (("tuning half", tune), ("held half  ", held)):
        line = " ".join(f"{mean_ba(flags(part, *shipped_pair, t)):>6.3f}" for t in WHOLE_GRID)
        print(f"  {name}  {line}")
    best_whole = max(
        WHOLE_GRID,
        key=lambda t: (
            round(mean_ba(flags(tune, *shipped_pair, t)), 6),
            -sum(o["flagged"] for o in flags(tune, *shipped_pair, t)),
        ),
    )
    print(f"best t_whole on the tuning half: {best_whole}; shipped FLAG_WHOLE_BELOW {verify_judge.FLAG_WHOLE_BELOW}")
    whole_splits(results, args.splits, args.seed, shipped_pair)

    splits(results, args.splits, args.seed)
    print(
        f"\nshipped constants (briefer/verify/judge.py): FLAG_BELOW {verify_judge.FLAG_BELOW}, "
        f"FLAG_PASSED_BELOW {verify_judge.FLAG_PASSED_BELOW}, LIFT_FROM {verify_judge.LIFT_FROM}"
    )
    rules_rows = [r for _, r, _ in checked]
    for words, given in ((args.before_words, before_answers), (args.whole_source_words, answers)):
        print(f"evidence: the whole source up to {words} words" if words else "evidence: the sentences only")
        verify_judge.WHOLE_SOURCE_WORDS = words
        judged = shipped(sample, given)
        verify_judge.WHOLE_SOURCE_WORDS = shipped_words
        for half in (args.tune_half, 1 - args.tune_half):
            picked = [n for n, r in enumerate(results) if r["half"] == half]
            name = "tuning half" if half == args.tune_half else "held half  "
            report(f"  {name} {half}", [rules_rows[n] for n in picked], [judged[n] for n in picked])
        report("  all rows     ", rules_rows, judged)
    made = [r for r in records]
    seconds = [r["seconds"] for r in made]
    prompt = [r["usage"]["prompt_tokens"] for r in made if r.get("usage")]
    completion = [r["usage"]["completion_tokens"] for r in made if r.get("usage")]
    print(
        f"judge calls with log-probabilities for this sample: {len(made)} "
        f"({sum(not r['cached'] for r in made)} made in this run, the rest from {args.cache}); "
        f"{sum(seconds) / max(len(seconds), 1):.1f} s per call as measured when made (1 llama.cpp thread, "
        f"a loaded machine); tokens per call {sum(prompt) / max(len(prompt), 1):.0f} prompt + "
        f"{sum(completion) / max(len(completion), 1):.0f} completion (cut after --max-tokens "
        f"{args.max_tokens}); plus {sum(a[0] is True for a in answers.values())} open questions answered 'yes' "
        "by the last bench/judge.py run's cache"
    )
    whole = [r for r in records if r["whole_source"]]
    if whole:
        tokens = [r["usage"]["prompt_tokens"] for r in whole if r.get("usage")]
        print(
            f"  of them read on the whole source: {len(whole)}, {sum(r['seconds'] for r in whole) / len(whole):.1f} s "
            f"per call as made, {sum(tokens) / max(len(tokens), 1):.0f} prompt tokens"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""False alarms on ordinary text: what the injection detector marks as ``instruction``, and which texts hold
hidden characters (bidi controls, zero-width marks) that would flag the sentences citing them.

    .venv/bin/python bench/injection.py            # counts, the marked sentences, and the time per MB
    .venv/bin/python bench/injection.py --show 0   # counts only

Reads the public dev sets in ``../shared/dev-eval/`` (see the README there): the news articles of
``neus-val/clusters.jsonl`` (three outlets per event) and the distinct source documents of
``summedits-other/pairs.jsonl`` (podcasts, meetings, sales calls and e-mails, chats, papers: much
text addressed to a "you"). None of it holds an injected prompt, so every mark is a false alarm;
the marked text is printed so that a reader can judge each one. The detector's hits on real
injections are specified in ``tests/test_injection.py``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from briefer.controls import find_controls  # noqa: E402
from briefer.furniture import find_furniture  # noqa: E402
from briefer.segment import split_sentences  # noqa: E402

DEV = ROOT.parent / "shared" / "dev-eval"


def news() -> list[str]:
    rows = [json.loads(line) for line in (DEV / "neus-val" / "clusters.jsonl").read_text(encoding="utf-8").splitlines()]
    texts = [f"{a.get('title', '')}\n\n{a['text']}" for row in rows for a in row["articles"]]
    return texts


def documents() -> list[str]:
    lines = (DEV / "summedits-other" / "pairs.jsonl").read_text(encoding="utf-8").splitlines()
    return list(dict.fromkeys(json.loads(line)["source"] for line in lines))


def probe(name: str, texts: list[str], show: int) -> list[str]:
    t = time.perf_counter()
    marks = [(text, f) for text in texts for f in find_furniture(text) if f.kind == "instruction"]
    seconds = time.perf_counter() - t
    size = sum(len(text) for text in texts)
    sentences = sum(len(split_sentences(text, 0, len(text))) for text in texts)
    lines = [
        f"{name}: {len(texts)} texts, {sentences:,} sentences, {size / 1e6:.1f} M characters; "
        f"{len(marks)} instruction mark(s) in {len({id(t) for t, _ in marks})} text(s); "
        f"furniture rules {seconds / (size / 1e6):.2f} s per M characters; "
        f"{sum(bool(find_controls(text)) for text in texts)} text(s) hold hidden characters (briefer.controls)"
    ]
    for text, f in marks[:show]:
        lines.append(f"    {text[f.start : f.end][:150]!r}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--show", type=int, default=20, help="marked passages to print per set (default 20)")
    args = parser.parse_args(argv)
    if not DEV.is_dir():
        print(f"{DEV} is absent: this bench needs the public dev sets (see the brief)", file=sys.stderr)
        return 2
    out = probe("neus-val news articles", news(), args.show)
    out += probe("summedits-other source documents", documents(), args.show)
    print("\n".join(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())

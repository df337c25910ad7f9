"""Sentence boundaries: the table of tests/test_segment.py and the seed articles.

    .venv/bin/python bench/segment.py            # table score, seed sentence counts
    .venv/bin/python bench/segment.py --show     # also every seed sentence, to diff two versions

Table: cases whose every sentence comes out exactly as written. Seeds: sentences per article, and a
short hash of all boundaries, so two versions of the segmenter can be compared (diff the --show output).
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from test_segment import CASES, QUOTATIONS  # noqa: E402

from briefer.segment import split_sentences  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--show", action="store_true")
    args = parser.parse_args()
    wrong = [(text, want) for text, want in CASES if [text[s.start : s.end] for s in split_sentences(text)] != want]
    print(f"table: {len(CASES) - len(wrong)}/{len(CASES)} cases split exactly as written")
    for text, _ in wrong:
        print(f"  wrong: {text!r}")
    for flag in (False, True):
        right = sum(
            [text[s.start : s.end] for s in split_sentences(text, quotations=flag)] == want for text, want in QUOTATIONS
        )
        print(f"quotation table, quotations={flag}: {right}/{len(QUOTATIONS)}")
    digest = hashlib.sha256()
    for path in sorted((ROOT / "fixtures" / "articles").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        spans = split_sentences(text)
        digest.update(repr([(s.start, s.end) for s in spans]).encode())
        print(f"{path.name}: {len(spans)} segments")
        if args.show:
            for s in spans:
                print(f"    {text[s.start : s.end]}")
    print(f"seed boundaries sha256: {digest.hexdigest()[:16]}")


if __name__ == "__main__":
    main()

"""How right and how complete is the German–English table (briefer/lexicon/german_english.tsv.gz)?

    .venv/bin/python bench/german_english.py            # the pairs of bench/german_english.pairs.tsv
    .venv/bin/python bench/german_english.py --sample 50  # also: 50 entries drawn at random, to judge by eye

The pairs were written before the table was built (their file says so); three fixes to the build
(the first three English words of each entry, a noun's own entries first, the head of "X of Y") were
made while reading its misses, so the figure is not blind; `--sample` is. Measured: 110 of 112 given,
107 right (the same pairs gave 59 and 26 for a table of multilingual-e5-small's nearest English word
to each German one, mutual nearest only: word embeddings confuse "Streik" with "streak"). Printed: how many of their
German nouns the table (with its compound and inflection reading, lexicon.bilingual.english_for)
gives English words for (coverage), how many of those hold a right one (precision), and the wrong ones.
"""

from __future__ import annotations

import argparse
import gzip
import random
import sys
from importlib import resources
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from briefer.lexicon.bilingual import TABLE, english_for  # noqa: E402

PAIRS = Path(__file__).with_name("german_english.pairs.tsv")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sample", type=int, default=0)
    args = parser.parse_args()
    pairs = [line.split("\t") for line in PAIRS.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    given = right = 0
    wrong = []
    for german, english in pairs:
        found = english_for(german)
        if found:
            given += 1
            if set(english.split()) & set(found):
                right += 1
            else:
                wrong.append(f"{german} → {' '.join(found)} (right: {english})")
        else:
            wrong.append(f"{german} → nothing (right: {english})")
    print(
        f"{len(pairs)} pairs: English words given for {given} ({given / len(pairs):.0%} coverage), "
        f"a right one among them for {right} ({right / max(given, 1):.0%} precision; {right / len(pairs):.0%} of all)"
    )
    for line in wrong:
        print("  ", line)
    if args.sample:
        data = resources.files("briefer.lexicon").joinpath(TABLE).read_bytes()
        rows = gzip.decompress(data).decode("utf-8").splitlines()
        print(f"{len(rows)} entries; {args.sample} at random (seed 0):")
        for row in random.Random(0).sample(rows, args.sample):
            german, english, *_ = row.split("\t")
            print(f"   {german} → {english}")


if __name__ == "__main__":
    main()

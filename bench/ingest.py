"""How fast ingest, segmentation and chunking are, on the seeds and on hostile inputs.

    .venv/bin/python bench/ingest.py                 # all cases, best of 3
    .venv/bin/python bench/ingest.py --repeat 1 --files 1000

Cases: the 5 seed articles (ingest + chunk, tokenizer already loaded; the one-time tokenizer build
is reported separately), N tiny files in one directory, 1000 seed variants (bench/corpus.py), a
1 MB single-line article, a 0.9 MB Markdown article, a file at the line cap and one far over it,
pathological 1 MB lines for
the segmenter, and a 50 MB file that must be refused after reading no more than the 5 MB limit
(peak traced memory is reported). Each timing is the best of ``--repeat`` runs in this process,
wall clock.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from corpus import write_corpus  # noqa: E402  (bench scripts run from any directory)

from briefer.chunk import chunk_sources  # noqa: E402
from briefer.errors import InputError  # noqa: E402
from briefer.ingest import MAX_FILE_BYTES, MAX_LINES, load_sources  # noqa: E402
from briefer.segment import split_sentences  # noqa: E402
from briefer.tokens import get_encoding  # noqa: E402

ENCODING = "o200k_base"
TINY = "The minister said that the talks with the allies were going well and that it is {n} days to the summit.\n"


MARKDOWN = """## Evacuations in the valley

> "We have never seen water rise this fast," said the mayor. "The bridge was gone within an hour."

About **2,300 people** were evacuated, according to [the fire service](https://example.org/fire).

- The army sent 400 soldiers to help.
- Schools will stay closed until *Monday*.

"""


def best_of(repeat: int, run: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        run()
        times.append(time.perf_counter() - t)
    return min(times)


def ingest_and_chunk(paths: list[Path], budget: int = 1500) -> None:
    chunk_sources(load_sources(paths, on_warning=lambda _: None), budget, ENCODING)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--files", type=int, default=10_000, help="number of tiny files")
    args = parser.parse_args()
    rows: list[tuple[str, str]] = []

    t = time.perf_counter()
    get_encoding(ENCODING)
    rows.append((f"tokenizer build ({ENCODING}, once per process)", f"{time.perf_counter() - t:.3f} s"))

    seeds = ROOT / "fixtures" / "articles"
    rows.append(
        (
            "5 seeds: ingest + chunk (1500-token budget)",
            f"{best_of(args.repeat, lambda: ingest_and_chunk([seeds])) * 1000:.1f} ms",
        )
    )

    with tempfile.TemporaryDirectory() as tmp:
        tiny = Path(tmp, "tiny")
        tiny.mkdir()
        for i in range(args.files):
            (tiny / f"{i:05d}.txt").write_text(TINY.format(n=i), encoding="utf-8")
        rows.append(
            (f"{args.files} tiny files: load_sources", f"{best_of(args.repeat, lambda: load_sources([tiny])):.2f} s")
        )
        rows.append(
            (
                f"{args.files} tiny files: ingest + chunk",
                f"{best_of(args.repeat, lambda: ingest_and_chunk([tiny])):.2f} s",
            )
        )

        variants = Path(tmp, "variants")
        write_corpus(variants, 1000)
        rows.append(
            (
                "1000 seed variants: ingest + chunk",
                f"{best_of(args.repeat, lambda: ingest_and_chunk([variants])):.2f} s",
            )
        )

        one_line = Path(tmp, "one-line.txt")
        one_line.write_text("Kim met Putin and the talks went on. " * 28_000, encoding="utf-8")
        rows.append(
            (
                "1 MB single-line article: ingest + chunk",
                f"{best_of(args.repeat, lambda: ingest_and_chunk([one_line])):.2f} s",
            )
        )

        markdown = Path(tmp, "markdown.md")
        markdown.write_text(MARKDOWN * 1_200, encoding="utf-8")  # ~0.9 MB of headings, quotes, lists, links
        rows.append(
            (
                "0.9 MB Markdown article: ingest + chunk",
                f"{best_of(args.repeat, lambda: ingest_and_chunk([markdown])):.2f} s",
            )
        )

        many_lines = Path(tmp, "many-lines.txt")
        many_lines.write_text("a\n" * MAX_LINES, encoding="utf-8")
        rows.append(
            (
                f"{MAX_LINES:,} one-letter lines (the line cap): ingest + chunk",
                f"{best_of(args.repeat, lambda: ingest_and_chunk([many_lines])):.2f} s",
            )
        )
        too_many = Path(tmp, "too-many-lines.txt")
        too_many.write_text("a\n" * (MAX_FILE_BYTES // 2), encoding="utf-8")
        rows.append(
            (
                "5 MB of one-letter lines (2.6M lines): refused",
                f"{best_of(args.repeat, lambda: load_sources([too_many, many_lines])) * 1000:.0f} ms "
                "(with the capped file beside it)",
            )
        )

        for name, line in [
            ("dots", "." * 1_000_000),
            ("short sentences", "Aa. " * 250_000),
            ("one word", "x" * 1_000_000),
            ("ellipses", "(…) " * 250_000),
        ]:
            rows.append(
                (
                    f"split_sentences on a 1 MB line of {name}",
                    f"{best_of(args.repeat, lambda line=line: split_sentences(line)):.2f} s",
                )
            )

        huge = Path(tmp, "huge.txt")
        with huge.open("wb") as fh:
            for _ in range(50):
                fh.write(TINY.encode() * (2**20 // len(TINY)))
        tracemalloc.start()
        t = time.perf_counter()
        try:
            load_sources([huge])
        except InputError:
            pass
        elapsed = time.perf_counter() - t
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        rows.append(("50 MB file refused", f"{elapsed * 1000:.1f} ms, peak traced {peak / 2**20:.1f} MiB"))

    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value}")


if __name__ == "__main__":
    main()

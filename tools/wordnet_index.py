"""Build briefer/lexicon/wordnet.fields: the index of wordnet.tsv.gz that every run reads in place.

    .venv/bin/python tools/wordnet_index.py          # after a change to the table or its parser

The index is what briefer/lexicon/wordnet.py's ``parse`` gives for the bundled table, in
briefer/lexicon/store.py's layout, sealed and keyed by the table, the parser and the format
(wordnet.py's doc). A run whose key differs parses the table itself, so a stale file is slow, never
wrong; tests/test_lexicon_store.py rebuilds the file and fails until this script has been run.
Deterministic: the same inputs give the same bytes on any machine.
"""

from __future__ import annotations

from pathlib import Path

from briefer.lexicon import wordnet

OUT = Path(__file__).resolve().parent.parent / "briefer" / "lexicon" / wordnet.SHIPPED


def main() -> None:
    body = wordnet.shipped_file(wordnet.table_bytes())
    if OUT.exists() and OUT.read_bytes() == body:
        print(f"{OUT}: up to date ({len(body):,} bytes)")
        return
    OUT.write_bytes(body)
    print(f"wrote {OUT} ({len(body):,} bytes)")


if __name__ == "__main__":
    main()

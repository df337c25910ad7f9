"""Language detection on short texts: briefer.language (py3langid) against the stopword count it replaced.

    .venv/bin/python bench/language.py

Rows: every sentence of the seed articles outside page furniture, labelled with its article's language
(000, 001, 003 English; 002, 004 German), and the short-text table of tests/test_language.py. For each
detector: right, wrong, and "und" (unsure). Also, on whole articles, how many the function-word
shortcut answers without loading the model and whether it agrees; the one-time model load; the per-call time.
"""

from __future__ import annotations

import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from test_language import LONG, SHORT_TEXTS  # noqa: E402

from briefer import language  # noqa: E402
from briefer.ingest import read_source  # noqa: E402
from briefer.segment import split_sentences  # noqa: E402

SEED_LANGUAGE = {"000": "en", "001": "en", "002": "de", "003": "en", "004": "de"}

# briefer's detector until 2026-12-01 (stopword hits, "und" unless one language clearly leads), kept
# here verbatim so that the comparison can be re-run.
_STOPWORDS = {
    "en": frozenset("the and of to in is that for on with was said as by it from at are has have were be".split()),
    "de": frozenset("der die das und ist nicht mit den von zu sich auf für dem ein eine des im wurde auch".split()),
    "fr": frozenset("le la les et est des une dans pour sur avec pas qui que du au il elle été".split()),
    "es": frozenset("el la los las y es en del que por con para una se su al fue como".split()),
    "it": frozenset("il la che di e è per una sono con del della non gli nel ha".split()),
    "nl": frozenset("de het een en van is dat op te met niet zijn voor aan er".split()),
}
_WORD = re.compile(r"[^\W\d_]+")


def stopword_language(text: str) -> str:
    words = Counter(_WORD.findall(text[:10_000].lower()))
    if not words:
        return "und"
    scores = sorted(
        ((sum(n for w, n in words.items() if w in stop), code) for code, stop in _STOPWORDS.items()), reverse=True
    )
    (best, code), (second, _) = scores[0], scores[1]
    return code if best >= 5 and best > 1.5 * second else "und"


def seed_rows() -> list[tuple[str, str]]:
    rows = []
    for path in sorted((ROOT / "fixtures" / "articles").glob("*.txt")):
        source = read_source(path)
        for span in split_sentences(source.text):
            if not source.is_furniture(span.start, span.end):
                rows.append((source.text[span.start : span.end], SEED_LANGUAGE[path.name[:3]]))
    return rows


def score(detect: Callable[[str], str], rows: list[tuple[str, str]]) -> tuple[int, int, int]:
    got = [detect(text) for text, _ in rows]
    right = sum(g == want for g, (_, want) in zip(got, rows, strict=True))
    unsure = got.count("und")
    return right, len(rows) - right - unsure, unsure


def main() -> None:
    t = time.perf_counter()
    language.detect_language("Das ist ein Satz.")
    load = time.perf_counter() - t
    tables = {"seed sentences": seed_rows(), "short texts (tests)": [(t, w) for t, w in SHORT_TEXTS if w != "und"]}
    print(f"py3langid model load: {load:.2f} s (once per process)")
    for name, rows in tables.items():
        print(f"\n{name}: {len(rows)} rows   right / wrong / unsure")
        for label, detect in (
            ("briefer.language (py3langid, restricted)", language.detect_language),
            ("stopword count (before)", stopword_language),
        ):
            right, wrong, unsure = score(detect, rows)
            print(f"  {label:42} {right:4} / {wrong:3} / {unsure:3}")
    articles = [
        (read_source(p).text, SEED_LANGUAGE[p.name[:3]]) for p in sorted((ROOT / "fixtures" / "articles").glob("*.txt"))
    ]
    articles += [(text * 6, code) for code, text in LONG.items()]
    fast = [language._by_function_words(text[:5_000]) for text, _ in articles]
    model = [language._identifier().classify(text[:5_000])[0] for text, _ in articles]
    right_fast = sum(f == w for f, (_, w) in zip(fast, articles, strict=True))
    print(
        f"\nwhole articles ({len(articles)}: 5 seeds + tests' LONG table): answered without the model "
        f"{sum(f is not None for f in fast)}, of them right {right_fast}; "
        f"the model alone right on {sum(m == w for m, (_, w) in zip(model, articles, strict=True))}"
    )
    rows = tables["seed sentences"]
    t = time.perf_counter()
    for text, _ in rows:
        language.detect_language(text)
    print(f"\nper sentence: {(time.perf_counter() - t) / len(rows) * 1e6:.0f} µs")


if __name__ == "__main__":
    main()

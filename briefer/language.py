"""Which language a text is in: the one place ingest and the checker ask.

``py3langid`` (a maintained fork of langid.py, a naive-Bayes model over byte n-grams of 97+ languages,
numpy only, bundled with the package) names short German sentences that a stopword count cannot:
``bench/language.py`` measures both on the seed sentences and a table of short texts. Its model is
loaded on the first call, not at import, and kept for the process.

The answer is an ISO 639-1 code, or ``"und"`` when the text has no letters or the model is unsure:
its normalised probability is below ``MIN_CONFIDENCE`` and not at least ``MIN_LEAD`` times the
runner-up's (a four-word sentence spreads probability over many languages while still clearly leading
with one). A caller then decides what to assume.

The model costs most of a second to load (measured by ``bench/language.py``), more than briefing the seed
articles takes. A long English or German article names itself by its function words, which make up a
fifth of any such text (``the``, ``and``, ``der``, ``und`` …), so it is answered without the model when
those of one language are at least ``_FAST_SHARE`` of its words and ``_FAST_LEAD`` times those of the
other; everything shorter or less clear-cut goes to the model.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from py3langid.langid import LanguageIdentifier  # type: ignore[import-untyped]  # ships no type information

# langid's model knows ~100 languages, among them close neighbours of German and English (lb, nn, af,
# fy …) that a short news sentence is almost never in, and which steal it from de/en when it is short.
# Restricting to the languages news in a European newsroom comes in keeps the rest of the model's skill.
LANGUAGES = (
    "en",
    "de",
    "fr",
    "es",
    "it",
    "pt",
    "nl",
    "pl",
    "cs",
    "sk",
    "hu",
    "ro",
    "bg",
    "hr",
    "sl",
    "sr",
    "ru",
    "uk",
    "el",
    "tr",
    "sv",
    "da",
    "no",
    "fi",
    "et",
    "lv",
    "lt",
    "ar",
    "he",
    "fa",
    "zh",
    "ja",
    "ko",
)
MIN_CONFIDENCE = 0.5
MIN_LEAD = 2.0
_MIN_LEADING = 0.2
_SAMPLE_CHARS = 5_000
# Digits, dates, times and punctuation say nothing about a language; a sentence of them is "und".
_LETTERS = re.compile(r"[^\W\d_]{2,}")


_FUNCTION_WORDS = {
    "en": frozenset("the and of to in is that for on with was said as by it from at are has have were be".split()),
    "de": frozenset("der die das und ist nicht mit den von zu sich auf für dem ein eine des im wurde auch".split()),
}
_FAST_MIN_WORDS = 150
_FAST_SHARE = 0.15
_FAST_LEAD = 4.0
_WORD = re.compile(r"[^\W\d_]+")


# The function words that tell a short English sentence from a German one (words both languages
# write, "in", "so", "was", "will", "die", are in neither).
_BOTH_WRITE = frozenset("in so was will die".split())
_TELLING = {
    "en": _FUNCTION_WORDS["en"] - _BOTH_WRITE | frozenset("not would".split()),
    "de": _FUNCTION_WORDS["de"] - _BOTH_WRITE
    | frozenset("ihr ihre sein seine hat sind werden wird noch keine kein mehr nach bei".split()),
}


def says_its_language(text: str, code: str) -> bool:
    """Whether a short text's own function words say it is in ``code`` (English or German) more than in
    the other: "Die Gewerkschaft fordert mehr Lohn" does, "Kim Jong Un died." (detected as German) does not."""
    if code not in _TELLING:
        return False
    words = _WORD.findall(text.lower())
    hits = {c: sum(w in vocabulary for w in words) for c, vocabulary in _TELLING.items()}
    return hits[code] > max(n for c, n in hits.items() if c != code)


def _by_function_words(sample: str) -> str | None:
    words = _WORD.findall(sample.lower())
    if len(words) < _FAST_MIN_WORDS:
        return None
    counts = Counter(words)
    hits = {code: sum(counts[w] for w in vocabulary) for code, vocabulary in _FUNCTION_WORDS.items()}
    (first, best), (_, second) = sorted(hits.items(), key=lambda kv: -kv[1])
    return first if best >= _FAST_SHARE * len(words) and best >= _FAST_LEAD * second else None


@lru_cache(maxsize=1)
def _identifier() -> LanguageIdentifier:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(LANGUAGES))
    return identifier


def detect_language(text: str) -> str:
    """An ISO 639-1 code for ``text``, or ``"und"`` when it has no words or the model is unsure."""
    sample = text[:_SAMPLE_CHARS]
    if not _LETTERS.search(sample):
        return "und"
    if (fast := _by_function_words(sample)) is not None:
        return fast
    (code, best), (_, second) = _identifier().rank(sample)[:2]
    sure = best >= MIN_CONFIDENCE or (best >= _MIN_LEADING and best >= MIN_LEAD * second)
    return str(code) if sure else "und"

"""Word alternations as tries (briefer/lexicon/patterns.py) match what the longest-first alternation
matched. The three pattern tests are identity checks against the plain alternation each replaced."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from briefer.lexicon import names, quantities, tables
from briefer.lexicon.patterns import alternation, first_letter
from briefer.verify import profile

ROOT = Path(__file__).resolve().parent.parent
TEXTS = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "fixtures").rglob("*.txt"))]


def plain(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def fuzz(words: list[str], seed: int = 0) -> list[str]:
    """Strings made of the alternatives, their prefixes and glue: where a longest-first match matters."""
    rng = random.Random(seed)
    pieces = [*words, *(w[: len(w) // 2] for w in words), "x", "-", ".", "'s", "a", "S", "Mai"]
    return [
        "".join(rng.choice(pieces) + rng.choice(["", " ", "-", "s", ".", "n ", "\n"]) for _ in range(40))
        for _ in range(400)
    ]


def spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group(1)) for m in pattern.finditer(text)]


@pytest.mark.parametrize(
    ("name", "pattern", "words", "around", "flags", "fold"),
    [
        ("entities", names._ENTITY, list(names._VARIANT_OF), (r"(?<!\w)(", r")(?!\w)"), 0, names.fold),
        ("phrases", tables._PHRASE, list(tables._PHRASES), (r"\b(", r")\b"), 0, str.lower),
        ("months", quantities._MONTH, list(quantities._MONTH_OF), (r"(?<![^\W\d_])(", r")(?![^\W\d_])"), re.I, str),
    ],
    ids=["entities", "phrases", "months"],
)
def test_identity_the_trie_finds_what_the_longest_first_alternation_found(name, pattern, words, around, flags, fold):
    before = re.compile(around[0] + plain(words) + around[1], flags)
    texts = [fold(t) for t in TEXTS] + fuzz(words) + [w.upper() for w in fuzz(words, 1)]
    for text in texts:
        assert spans(pattern, text) == spans(before, text), text[:120]
    assert any(spans(pattern, t) for t in texts)


@pytest.mark.parametrize(
    ("words", "text", "found"),
    [
        (["korea", "north korea", "north korean"], "north korean troops", ["north korean"]),
        (["korea", "north korea", "north korean"], "north koreans", []),  # no whole word: not even "korea"
        (["u.s.", "us"], "the u.s. said", ["u.s."]),
        (["ab", "abc"], "abd", []),
    ],
)
def test_the_longest_alternative_that_the_pattern_accepts_wins(words, text, found):
    pattern = re.compile(r"(?<!\w)(" + alternation(words) + r")(?!\w)")
    assert [m.group(1) for m in pattern.finditer(text)] == found


def test_an_empty_alternative_is_refused():
    with pytest.raises(ValueError):
        alternation(["a", ""])


@pytest.mark.parametrize("name", ["_NUMBER", "_NUMERIC_DATE"])
def test_identity_a_number_pattern_with_its_digit_test_first_finds_what_it_found_without(name):
    """An identity check: the digit lookahead in front of quantities' number patterns changes no match."""
    pattern = getattr(quantities, name)
    assert pattern.pattern.startswith("(?=\\d)")
    before = re.compile(pattern.pattern.removeprefix("(?=\\d)"), pattern.flags)
    rng = random.Random(2)
    glue = ["1", "12", "2023", ",", ".", "-", "/", " ", "3,000", "1.5", "million", "bn", "a", "x-", "th", "9/4/2023"]
    texts = TEXTS + ["".join(rng.choice(glue) for _ in range(60)) for _ in range(500)]
    for text in texts:
        assert [(m.span(), m.groups()) for m in pattern.finditer(text)] == [
            (m.span(), m.groups()) for m in before.finditer(text)
        ], text[:120]


@pytest.mark.parametrize(
    ("pattern", "prefix"),
    [
        (quantities._MONTH, first_letter(quantities._MONTH_OF)),
        (quantities._WEEKDAY, first_letter(quantities._WEEKDAY_OF)),
        (profile._CAPITALISED, "(?=[A-ZÄÖÜ])"),
    ],
    ids=["months", "weekdays", "capitalised"],
)
def test_identity_a_pattern_with_its_first_letter_test_finds_what_it_found_without(pattern, prefix):
    """An identity check: the first-letter lookahead in front of a word pattern changes no match."""
    assert pattern.pattern.startswith(prefix)
    before = re.compile(pattern.pattern.removeprefix(prefix), pattern.flags)
    words = [*quantities._MONTH_OF, *quantities._WEEKDAY_OF, "Mai", "MONTAG", "Kim's", "O'Neill", "Äpfel", "x"]
    texts = TEXTS + fuzz(words, 3) + [t.upper() for t in TEXTS[:5]]
    for text in texts:
        assert [(m.span(), m.groups()) for m in pattern.finditer(text)] == [
            (m.span(), m.groups()) for m in before.finditer(text)
        ], text[:120]

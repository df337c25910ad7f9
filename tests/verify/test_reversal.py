"""The reversal suite (fixtures/reversal/cases.jsonl) as a specification of the checker.

Written without reading the checker's rules, so that it measures them: every error sentence must be
flagged and no faithful one. Cases the checker gets wrong today are listed in
``fixtures/reversal/known_misses.txt`` and xfail strictly, so a fix shows up as a failure until the line
is removed (``bench/reversal.py --write-known-misses`` rewrites the file; the figures come from there).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from briefer import Briefing, Settings, check
from briefer.ingest import load_sources
from briefer.models import Source

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
SUITE = FIXTURES / "reversal"
SOURCE_PATHS = [FIXTURES / "articles", SUITE / "articles"]
CASES = [json.loads(line) for line in (SUITE / "cases.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
KNOWN_MISSES = dict(
    line.split("\t", 1)
    for line in (SUITE / "known_misses.txt").read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("#")
)
ERROR_KINDS = (
    "reversal_verb",
    "reversal_adjective",
    "reversal_preposition",
    "reversal_adverb",
    "false_predicate",
    "relation_swap",
    "unsupported_addition",
    "wrong_number",
    "wrong_date",
)
FAITHFUL_KINDS = ("paraphrase", "fusion", "near_verbatim")
FIELDS = {"id", "sentence", "citations", "expected", "kind", "languages", "rationale"}


@pytest.fixture(scope="module")
def suite_sources() -> dict[str, Source]:
    return {s.id: s for s in load_sources(SOURCE_PATHS, strict=True)}


# ---------------------------------------------------------------- the data itself


def test_case_ids_are_unique() -> None:
    ids = Counter(c["id"] for c in CASES)
    assert [i for i, n in ids.items() if n > 1] == []


@pytest.mark.parametrize("expected", ["error", "faithful"])
def test_at_least_sixty_cases_of_each_kind(expected: str) -> None:
    assert sum(c["expected"] == expected for c in CASES) >= 60


def test_every_case_has_the_fields_and_one_line_rationale() -> None:
    for case in CASES:
        assert set(case) == FIELDS, case["id"]
        assert case["expected"] in ("error", "faithful"), case["id"]
        assert case["citations"] and case["sentence"].strip(), case["id"]
        assert case["rationale"].strip() and "\n" not in case["rationale"], case["id"]


def test_every_quote_is_verbatim_content_of_its_source(suite_sources: dict[str, Source]) -> None:
    for case in CASES:
        for citation in case["citations"]:
            source = suite_sources[citation["source"]]
            at = source.text.find(citation["quote"])
            assert at >= 0, (case["id"], citation["quote"])
            # A quote of page furniture would test the furniture rule, not the claim.
            assert not source.is_furniture(at, at + len(citation["quote"])), (case["id"], citation["quote"])


def test_languages_name_the_sentence_and_the_cited_sources(suite_sources: dict[str, Source]) -> None:
    for case in CASES:
        said, cited = case["languages"].split(">")
        assert said in ("en", "de"), case["id"]
        assert cited.split("+") == sorted({suite_sources[c["source"]].language for c in case["citations"]}), case["id"]


@pytest.mark.parametrize("pair", ["en>en", "en>de", "de>de"])
@pytest.mark.parametrize("expected", ["error", "faithful"])
def test_both_languages_are_present(expected: str, pair: str) -> None:
    assert any(c["expected"] == expected and c["languages"] == pair for c in CASES)


@pytest.mark.parametrize("pair", ["en>en", "en>de"])
@pytest.mark.parametrize(
    ("expected", "kind"), [("error", k) for k in ERROR_KINDS] + [("faithful", k) for k in FAITHFUL_KINDS]
)
def test_every_kind_is_present_in_english_and_over_german(expected: str, kind: str, pair: str) -> None:
    assert any(c["expected"] == expected and c["kind"] == kind and c["languages"] == pair for c in CASES)


def test_known_misses_name_real_cases() -> None:
    assert set(KNOWN_MISSES) <= {c["id"] for c in CASES}


# ---------------------------------------------------------------- the checker against the suite


@pytest.fixture(scope="module")
def checked() -> dict[str, bool]:
    """Each case's ``flagged``, from one ``check`` of a briefing holding every case as a sentence."""
    briefing = Briefing.model_validate(
        {
            "sections": [
                {
                    "title": "Cases",
                    "sentences": [
                        {"text": c["sentence"], "language": c["languages"].split(">")[0], "citations": c["citations"]}
                        for c in CASES
                    ],
                }
            ]
        }
    )
    result, _ = check(briefing, SOURCE_PATHS, Settings(engine="extractive", judge="rules"))
    sentences = [s for _, _, s in result.sentences()]
    assert len(sentences) == len(CASES)
    return {c["id"]: s.flagged for c, s in zip(CASES, sentences, strict=True)}


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(
            c,
            id=c["id"],
            marks=[pytest.mark.xfail(strict=True, reason=KNOWN_MISSES[c["id"]])] if c["id"] in KNOWN_MISSES else [],
        )
        for c in CASES
    ],
)
def test_checker_flags_errors_and_passes_faithful_sentences(case: dict, checked: dict[str, bool]) -> None:
    assert checked[case["id"]] == (case["expected"] == "error"), f"{case['kind']}: {case['rationale']}"

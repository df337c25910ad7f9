"""The planted-error set (fixtures/planted): faithful paraphrases must pass, planted errors must be flagged.

faithful.json and errors.json were written before the rules; heldout.json after them (its first run
found general bugs, fixed since); heldout2.json after every rule change, never tuned against. Known
misses are marked (strict xfail: fixing one turns the test red until the mark goes). The aggregate
targets are the issue's, asserted over the first three files: at least 95% of planted errors flagged,
at most 10% of same-language faithful sentences flagged. heldout2 is reported by bench/checker.py and
does NOT meet the faithful target (its faithful sentences need world knowledge or heavy paraphrase).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefer.models import Citation, Sentence, Source
from briefer.verify import check_sentence

PLANTED = Path(__file__).resolve().parents[2] / "fixtures" / "planted"


def load(name: str) -> list[dict]:
    return json.loads((PLANTED / f"{name}.json").read_text(encoding="utf-8"))["items"]


HELDOUT = load("heldout")  # written after the rules passed the first two files; see its provenance
HELDOUT2 = load("heldout2")  # written after every rule change, measured, never tuned against
FAITHFUL = load("faithful") + [i for i in HELDOUT if not i["flagged"]]
ERRORS = load("errors") + [i for i in HELDOUT if i["flagged"]]
FAITHFUL2 = [i for i in HELDOUT2 if not i["flagged"]]
ERRORS2 = [i for i in HELDOUT2 if i["flagged"]]

# Held-out sentences the rules still get wrong, each for a reason the rules cannot see.
KNOWN_MISSES = {
    "Ukraine has received ammunition for the Gepard anti-aircraft tank from Germany after running short of "
    "air-defence missiles.": "an addition whose words the source has elsewhere (shortage): unverified, not flagged",
    # heldout2
    "Shoigu said of North Korea that you do not choose your neighbours.": "'our neighbors' refers to North Korea "
    "named outside the context window",
    "Shoigu visited Pyongyang last July to attend weapons shows and to sign an artillery deal.": "an addition "
    "whose words the source has in other sentences: the claim is unverified (shown as such), not flagged",
    "Kuleba accused Romania of downplaying certain events to avoid being drawn into a direct conflict.": "heavy "
    "paraphrase (accused, avoid, drawn)",
    "The British defence ministry said in its daily intelligence update that Russia was expected to cancel the "
    "manoeuvres for lack of troops.": "paraphrase: intelligence update/situation assessment",
    "Cuba said several Cuban citizens had signed contracts with the Russian armed forces.": "a claim attributed "
    "to the wrong reporter (a Russian newspaper said it) while no reporting verb names the newspaper",
    "The US says North Korea has kept its public commitment not to supply Russia with weapons.": "a demand read "
    "as a kept promise across languages; both sides carry a negation",
}


def ids(items: list[dict]) -> list[str]:
    return [f"{item['kind']}-{n}" for n, item in enumerate(items)]


def cases(items: list[dict]) -> list[object]:
    return [
        pytest.param(item, marks=pytest.mark.xfail(strict=True, reason=KNOWN_MISSES[item["sentence"]]))
        if item["sentence"] in KNOWN_MISSES
        else item
        for item in items
    ]


def checked(item: dict, sources: dict[str, Source]) -> Sentence:
    sentence = Sentence(text=item["sentence"], citations=[Citation(**c) for c in item["citations"]])
    return check_sentence(sentence, sources)


def test_the_set_is_large_and_covers_every_kind_of_error() -> None:
    kinds = {item["kind"] for item in ERRORS}
    assert len(FAITHFUL) + len(ERRORS) >= 60
    assert kinds >= {
        "number",
        "date",
        "negation",
        "polarity",
        "entity",
        "role",
        "place",
        "attribution",
        "speculation",
        "addition",
        "fabricated_quote",
        "wrong_source",
        "uncited",
        "xling_number",
        "xling_entity",
        "furniture",
    }
    assert {item["kind"] for item in FAITHFUL} == {"faithful", "faithful_xling"}


@pytest.mark.parametrize("item", cases(FAITHFUL + FAITHFUL2), ids=ids(FAITHFUL + FAITHFUL2))
def test_a_faithful_sentence_is_supported(item: dict, sources: dict[str, Source]) -> None:
    verdict = checked(item, sources).verdict
    assert verdict is not None and not verdict.flagged, verdict.reasons


@pytest.mark.parametrize("item", cases(ERRORS + ERRORS2), ids=ids(ERRORS + ERRORS2))
def test_a_planted_error_is_flagged(item: dict, sources: dict[str, Source]) -> None:
    verdict = checked(item, sources).verdict
    assert verdict is not None and verdict.flagged, verdict.reasons
    if item.get("verdict"):
        assert verdict.label == item["verdict"], verdict.reasons
    assert verdict.reasons  # an editor is told why


def test_aggregate_targets(sources: dict[str, Source]) -> None:
    flagged_errors = sum(checked(i, sources).verdict.flagged for i in ERRORS)  # type: ignore[union-attr]
    same_language = [i for i in FAITHFUL if i["kind"] == "faithful"]
    flagged_faithful = sum(checked(i, sources).verdict.flagged for i in same_language)  # type: ignore[union-attr]
    assert flagged_errors / len(ERRORS) >= 0.95
    assert flagged_faithful / len(same_language) <= 0.10


def test_every_located_citation_points_at_its_evidence(sources: dict[str, Source]) -> None:
    for item in FAITHFUL + ERRORS + HELDOUT2:
        for citation in checked(item, sources).citations:
            if citation.match in ("exact", "searched"):
                text = sources[citation.source].text
                assert text[citation.start : citation.end] == citation.quote
            elif citation.match in ("normalized", "fuzzy"):
                assert citation.start is not None and citation.end is not None and citation.start < citation.end
            else:
                assert (citation.start, citation.end, citation.match) == (None, None, "missing")

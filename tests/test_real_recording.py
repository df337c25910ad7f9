"""The recorded real run (fixtures/llm/real/), replayed offline through respx and the real openai client.

``bench/real_model.py --record fixtures/llm/real`` ran Qwen2.5-Coder-1.5B-Instruct (Q4_K_M) on llama.cpp's
server over the seed articles and kept every exchange, the briefing and the provenance. ``labels.json``
beside them holds a hand label for every sentence, the title and each heading of that briefing (read
against the articles by a person: supported or not, and why). These tests replay the model's answers and
hold the checker's verdicts to the labels: where the checker disagrees today the row says why, and the
test is a strict xfail, so a checker that learns to agree shows up as an XPASS to promote.
"""

from __future__ import annotations

import json

import pytest
import respx
from conftest import ARTICLES, FIXTURES
from llm_replay import Replay, stage_of

from briefer.config import Settings
from briefer.errors import ModelError
from briefer.headings import claim_sentences
from briefer.models import Briefing, Sentence
from briefer.pipeline import summarize
from briefer.prompts import load_prompt

REAL = FIXTURES / "llm" / "real"
if not (REAL / "labels.json").exists():
    pytest.skip(
        "no labelled real recording in fixtures/llm/real (bench/real_model.py --record)", allow_module_level=True
    )
PROVENANCE = json.loads((REAL / "PROVENANCE.json").read_text(encoding="utf-8"))
LABELS = json.loads((REAL / "labels.json").read_text(encoding="utf-8"))["sentences"]
RECORDED = Briefing.model_validate_json((REAL / "briefing.json").read_text(encoding="utf-8"))


def real_settings(tmp_path, judge: str) -> Settings:
    """The run's own settings: every request body then equals the recorded one."""
    params = PROVENANCE["briefer_parameters"]
    return Settings(
        engine="llm",
        model=params["model"],
        base_url="http://127.0.0.1:8080/v1",
        concurrency=1,
        chunk_tokens=params["chunk_tokens"],
        judge=judge,
        cache_dir=tmp_path / "cache",
        language="en",
    )


def stale_stages() -> frozenset[str]:
    """The engine stages whose prompt changed since the recording: the reduce prompt asked for no
    conflicts before v4, so the model's recorded reduce answer (without any) replays to the v4 request."""
    recorded = RECORDED.run.prompt_versions if RECORDED.run else {}
    reduce_changed = recorded.get("summarize.reduce") != load_prompt("summarize.reduce").tag
    return frozenset({"briefing_draft"} if reduce_changed else ())


def replayed(tmp_path, judge: str) -> tuple[Briefing, Replay]:
    keep = None if judge == "llm" else (lambda body: stage_of(body) != "judge")
    replay = Replay(REAL / "exchanges", where=keep, stale=stale_stages())
    with respx.mock(assert_all_mocked=True) as router:
        replay.install(router)
        briefing, _ = summarize([ARTICLES / name for name in PROVENANCE["articles"]], real_settings(tmp_path, judge))
    return briefing, replay


@pytest.fixture(scope="module")
def rules_briefing(tmp_path_factory) -> Briefing:
    """The engine's exchanges replayed strictly, the sentences checked by the rules alone."""
    briefing, replay = replayed(tmp_path_factory.mktemp("real"), "rules")
    replay.assert_complete()
    return briefing


def claims(briefing: Briefing) -> dict[str, Sentence]:
    """Every checked claim a reader sees, by where it stands: the title, "heading N" (N counts sections
    from 1, Essentials first) and "sentence N.M"."""
    found: dict[str, Sentence] = {"title": briefing.title_claim} if briefing.title_claim else {}
    for n, section in enumerate(briefing.sections, 1):
        if section.title_claim is not None:
            found[f"heading {n}"] = section.title_claim
        found |= {f"sentence {n}.{m}": s for m, s in enumerate(section.sentences, 1)}
    return found


def should_flag(row: dict) -> bool:
    """Unsupported, or a true sentence whose cited quote is not in its source or, being there, does not
    hold it (a reader cannot check it from what it cites). A citation that is only imprecise (the cited
    source says it in another sentence, which the checker reads) is no reason to flag."""
    return row["label"] != "supported" or row.get("citation") in ("not in the source", "does not support it")


def test_the_recording_states_its_provenance_and_holds_no_key():
    assert PROVENANCE["model_file_sha256"] == "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
    assert PROVENANCE["quantisation"] == "Q4_K_M" and PROVENANCE["server"].startswith("llama-cpp-python ")
    recorder = f"recorded by briefer from model {PROVENANCE['briefer_parameters']['model']} at http://127.0.0.1:"
    for path in (REAL / "exchanges").glob("*.json"):
        text = path.read_text(encoding="utf-8")
        assert json.loads(text)["provenance"].startswith(recorder)
        assert "authorization" not in text.lower() and "bearer " not in text.lower()


def test_the_real_run_replays_into_an_english_briefing_whose_every_claim_is_checked(rules_briefing):
    sentences = [s for _, _, s in rules_briefing.sentences()]
    assert rules_briefing.language == "en" and len(rules_briefing.sections) >= 2
    assert all(s.verdict is not None for s in sentences)
    assert rules_briefing.title_claim is not None and all(c.verdict for c in claim_sentences(rules_briefing))
    texts = [s.text for s in sentences]
    assert len(texts) == len(set(texts)), "a sentence is said once, not in Essentials and again in a section"
    assert rules_briefing.run.prompt_versions["summarize.map"] == load_prompt("summarize.map").tag
    # The real model named no conflict (the small model left the optional field out): none shown or dropped.
    assert rules_briefing.conflicts == [] and rules_briefing.run.dropped_conflicts == []


def test_a_stale_stage_replays_by_its_data_and_every_other_request_must_match_exactly():
    (reduce_exchange,) = [
        e for e in Replay(REAL / "exchanges").exchanges if stage_of(e.request_body) == "briefing_draft"
    ]
    (map_exchange, *_) = [e for e in Replay(REAL / "exchanges").exchanges if stage_of(e.request_body) == "chunk_facts"]
    replay = Replay(REAL / "exchanges", stale=frozenset({"briefing_draft"}))
    reprompted = json.loads(json.dumps(reduce_exchange.request_body))
    reprompted["messages"][0]["content"] += " A changed instruction."
    assert replay._matches(reduce_exchange.request_body, reprompted)
    other_data = json.loads(json.dumps(reprompted))
    other_data["messages"][1]["content"] += " "
    assert not replay._matches(reduce_exchange.request_body, other_data)
    remapped = json.loads(json.dumps(map_exchange.request_body))
    remapped["messages"][0]["content"] += " A changed instruction."
    assert not replay._matches(map_exchange.request_body, remapped), "the map prompt is never replayed loosely"


def test_every_claim_of_the_real_briefing_has_a_hand_label(rules_briefing):
    found = claims(rules_briefing)
    assert sorted(found) == sorted(row["where"] for row in LABELS)
    assert all(found[row["where"]].text == row["text"] for row in LABELS)
    assert all(row["label"] in ("supported", "unsupported") and row["why"] for row in LABELS)


def _label_cases() -> list:
    cases = []
    for row in LABELS:
        disagrees = row.get("checker_disagrees")
        marks = [pytest.mark.xfail(strict=True, reason=disagrees)] if disagrees else []
        cases.append(pytest.param(row, marks=marks, id=row["where"]))
    return cases


@pytest.mark.parametrize("row", _label_cases())
def test_the_rules_flag_what_the_hand_labels_call_unsupported_and_only_that(rules_briefing, row):
    sentence = claims(rules_briefing)[row["where"]]
    assert sentence.flagged == should_flag(row), (row["why"], sentence.verdict)


def test_the_recorded_judge_rulings_replay_too(tmp_path):
    """With the LLM judge the run replays whole: every recorded exchange used, the recorded verdicts again."""
    judge_tag = RECORDED.run.prompt_versions.get("verify.judge") if RECORDED.run else None
    if PROVENANCE["briefer_parameters"]["judge"] != "llm":
        pytest.skip("the recorded run checked with the rules alone: it holds no judge exchange to replay")
    if judge_tag != load_prompt("verify.judge").tag:
        pytest.skip(
            f"verify.judge is {load_prompt('verify.judge').tag} now, {judge_tag} when recorded: "
            "re-record with bench/real_model.py --record fixtures/llm/real"
        )
    try:
        briefing, replay = replayed(tmp_path, "llm")
    except ModelError:
        pytest.skip("the checker now asks the judge other questions than when the run was recorded: re-record")
    replay.assert_complete()
    now = {text: s.verdict.label for text, s in claims(briefing).items()}
    then = {text: s.verdict.label for text, s in claims(RECORDED).items()}
    assert now == then

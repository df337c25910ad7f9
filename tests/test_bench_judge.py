"""bench/judge.py's pieces on rows written here (the dev data is read by the bench only, never by tests)."""

from __future__ import annotations

import json
from collections import Counter

import httpx
import respx
from fault_server import load_bench
from llm_replay import completion
from pydantic import SecretStr

from briefer.config import Settings

JUDGE = load_bench("judge")
MOCK = load_bench("mock_openai")


def rows(domains: dict[str, tuple[int, int]]) -> list[dict]:
    """Synthetic rows: per domain, how many inconsistent (label 0) and consistent (label 1)."""
    out = []
    for domain, (bad, good) in domains.items():
        for label, count in ((0, bad), (1, good)):
            out += [{"id": f"{domain}-{label}-{i}", "domain": domain, "label": label} for i in range(count)]
    return out


def test_the_sample_is_balanced_by_label_and_spread_over_domains():
    pool = rows({"a": (40, 5), "b": (3, 40), "c": (40, 40)})
    sample = JUDGE.balanced_sample(pool, 20, seed=0)
    assert len(sample) == 20 and len({r["id"] for r in sample}) == 20
    labels = Counter(r["label"] for r in sample)
    assert labels == {0: 10, 1: 10}
    bad = Counter(r["domain"] for r in sample if r["label"] == 0)
    good = Counter(r["domain"] for r in sample if r["label"] == 1)
    assert bad == {"a": 4, "b": 3, "c": 3}, "a domain short of rows gives what it has, the others fill in"
    assert good == {"a": 4, "b": 3, "c": 3}
    assert JUDGE.balanced_sample(pool, 20, seed=0) == sample != JUDGE.balanced_sample(pool, 20, seed=1)


DOCUMENT = (
    "The city council approved the new budget on Tuesday. The mayor praised the vote. "
    "The budget includes funds for two new schools."
)
CLAIMS = [
    ("The city council approved the new budget on Tuesday.", 1),
    ("The city council rejected the new budget on Tuesday.", 0),
    ("The council's vote was welcomed by the mayor.", 1),
    ("The budget includes funds for three new schools.", 0),
    ("The budget pays for two new hospitals, the council said after a long debate.", 0),
]


def test_only_the_claims_the_rules_leave_open_or_pass_on_retrieved_evidence_are_asked_and_a_rerun_asks_nothing(
    tmp_path,
):
    data = [
        {"id": f"r{i}", "domain": "d", "source": DOCUMENT, "claim": claim, "label": label}
        for i, (claim, label) in enumerate(CLAIMS)
    ]
    rules, _ = JUDGE.check_rows(data, None)
    # the bench's claims cite their document with no quote: a pass rests on evidence the rules retrieved
    open_claims = [r["claim"] for r in rules if r["verdict"] in ("unverified", "supported")]
    assert {r["verdict"] for r in rules if r["claim"] in open_claims} == {"unverified", "supported"}, (
        "the rows hold a claim the rules cannot settle and one they pass"
    )
    asked: list[str] = []

    def model(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        user = body["messages"][1]["content"]
        asked.append(user.split("<claim>")[1].split("</claim>")[0])
        content = json.dumps(MOCK.answer_judge(user))
        return httpx.Response(200, json=completion(content, prompt_tokens=50))

    settings = Settings(judge="llm", api_key=SecretStr("sk-test-not-a-key"), cache_dir=tmp_path / "cache")
    for run in (1, 2):
        with respx.mock(assert_all_mocked=True, assert_all_called=False) as router:
            router.post(url__regex=r".*/chat/completions$").mock(side_effect=model)
            judged, usage = JUDGE.check_rows(data, settings)
        if run == 1:
            assert sorted(asked) == sorted(open_claims) and usage.calls == len(open_claims)
        else:
            assert len(asked) == len(open_claims) and usage.calls == 0 and usage.cache_hits == len(open_claims)
    contradicted = [r for r in rules if r["verdict"] == "contradicted"]
    assert contradicted, "the rows hold a contradiction the rules find"
    assert all(j["verdict"] == "contradicted" for j in judged if j["id"] in {r["id"] for r in contradicted})
    assert sum(j["judged"] for j in judged) == len(open_claims)


def test_the_mock_server_answers_a_judge_question_by_word_overlap():
    evidence = '<evidence language="English (en)">\nThe council approved the budget.\n</evidence>\n'
    assert MOCK.answer_judge(evidence + "<claim>The council approved it.</claim>") == {
        "supported": True,
        "unsupported_words": [],
    }
    assert MOCK.answer_judge(evidence + "<claim>The council rejected the budget.</claim>") == {
        "supported": False,
        "unsupported_words": ["rejected"],
    }


def test_the_judge_s_score_and_undecided_ruling_are_read_from_its_reasons():
    from briefer.verify.judge import JudgeAnswer, _item

    undecided = _item(JudgeAnswer(supported=False, p_supported=0.4)).reason
    lifted = _item(JudgeAnswer(supported=True, p_supported=0.71)).reason
    assert JUDGE._score([f"llm judge (m): {undecided}", "rules: unverified"]) == 0.4
    assert JUDGE._score([f"llm judge (m): supported — {lifted}"]) == 0.71
    assert JUDGE._score(["llm judge (m): supported — the evidence supports every part of the claim"]) is None
    assert JUDGE.UNDECIDED in undecided and JUDGE.UNDECIDED not in lifted

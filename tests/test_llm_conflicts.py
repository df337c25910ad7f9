"""Conflicts from the LLM engine: the reduce answer names them by fact id, the checker confirms every side.

Through the real openai client on respx (assert_all_mocked); the seed exchange is the hand-written fixture
of fixtures/llm/write_fixtures.py (its provenance says so), the rest are scripted answers written here.
"""

from __future__ import annotations

import httpx
import pytest
import respx
from conftest import ARTICLES, FIXTURES
from llm_replay import CHAT_URL, Replay, fixture_settings, whole_source_chunks
from test_llm_engine import ScriptedModel, stage

from briefer.client import strict_json_schema
from briefer.engines.llm import (
    BriefingDraft,
    DraftConflict,
    DraftSection,
    DraftSentence,
    Fact,
    LLMEngine,
    assemble_briefing,
    briefing_draft_schema,
    draft_conflicts,
)
from briefer.ingest import read_source
from briefer.models import Briefing, Citation, Conflict, ConflictSide, Section, Sentence, Source
from briefer.render.markdown import render_markdown
from briefer.verify import check_briefing

SEEDS = sorted(ARTICLES.glob("*.txt"))

A = Source(id="a", path="a.txt", text="Officials said 12 people died in the crash. The bridge was closed on Monday.")
B = Source(
    id="b",
    path="b.txt",
    text="Police said nine people died in the crash. The mayor denied that the bridge was closed.",
)
FACTS = {
    "a": [
        {"quotes": ["Officials said 12 people died in the crash."], "statement": "12 people died."},  # F1
        {"quotes": ["The bridge was closed on Monday."], "statement": "The bridge was closed."},  # F2
    ],
    "b": [
        {"quotes": ["Police said nine people died in the crash."], "statement": "Nine people died."},  # F3
        {"quotes": ["The mayor denied that the bridge was closed."], "statement": "The mayor denied it."},  # F4
        {"quotes": ["Police said 40 people died in the crash."], "statement": "40 people died."},  # F5: invented
    ],
}


def draft_with(conflicts: list[dict] | None) -> dict:
    """A reduce answer citing every fact, with ``conflicts`` as given (None: the field left out)."""
    answer = {
        "title": "Crash",
        "essentials": [{"text": "People died in a crash.", "facts": ["F1"]}],
        "sections": [
            {
                "title": "The crash",
                "sentences": [
                    {"text": "Officials said 12 people died.", "facts": ["F1"]},
                    {"text": "Police said nine people died.", "facts": ["F3"]},
                    {"text": "The bridge was closed on Monday.", "facts": ["F2"]},
                ],
            }
        ],
    }
    return answer if conflicts is None else {**answer, "conflicts": conflicts}


def brief(tmp_path, conflicts: list[dict] | None) -> tuple[Briefing, ScriptedModel]:
    model = ScriptedModel(FACTS, reduce=lambda _: draft_with(conflicts))
    engine = LLMEngine(fixture_settings(tmp_path), http_client=httpx.AsyncClient())
    with respx.mock(assert_all_mocked=True) as router:
        router.post(url__regex=CHAT_URL).mock(side_effect=model)
        briefing = engine.brief([A, B], whole_source_chunks([A, B]))
    return briefing, model


def test_the_seed_disagreement_named_by_fact_id_is_shown_with_both_sides_located(tmp_path):
    sources = [read_source(p) for p in SEEDS]
    replay = Replay(FIXTURES / "llm" / "seeds")
    with respx.mock(assert_all_mocked=True) as router:
        replay.install(router)
        engine = LLMEngine(fixture_settings(tmp_path), http_client=httpx.AsyncClient())
        briefing = engine.brief(sources, whole_source_chunks(sources))
    replay.assert_complete()
    (conflict,) = briefing.conflicts
    texts = {s.id: s.text for s in sources}
    assert (conflict.kind, conflict.about) == ("denial", "whether Russian drones fell on Romania")
    assert conflict.story == "Romania rejects the Ukrainian drone account"
    assert [s.value for s in conflict.sides] == ["denies", "states"]
    assert all(texts[s.source][s.start : s.end] == s.quote for s in conflict.sides)
    assert "Odobescu has dismissed" in conflict.sides[0].quote and "Kuleba said" in conflict.sides[1].quote
    pointing = [s.text for _, _, s in briefing.sentences() if s.conflict == 0]
    assert len(pointing) == 3, "the Essentials line and both section sentences say the sources differ"
    assert briefing.run.dropped_conflicts == []
    checked = check_briefing(briefing, sources)
    assert checked.conflicts == briefing.conflicts, "both sides are where their sources say them"
    markdown = render_markdown(checked, sources, allow_open=True)
    assert "## Sources disagree" in markdown and "sources differ: see D1" in markdown


@pytest.mark.parametrize(
    ("named", "kind", "values", "dropped"),
    [
        ([{"about": "the death toll", "facts": ["F1", "F3"]}], "value", ["12", "9"], []),
        ([{"about": "", "facts": ["F2", "F4"]}], "denial", ["states", "denies"], []),
        ([{"about": "toll", "facts": ["F1", "F99"]}], None, None, ["F99 is not a listed fact", "fewer than two"]),
        ([{"about": "toll", "facts": ["F1", "F5"]}], None, None, ["F5: its quote is not in its source"]),
        ([{"about": "toll", "facts": ["F1", "F2"]}], None, None, ["give neither different figures nor a denial"]),
        ([{"about": "toll", "facts": ["F1", "F1"]}], None, None, ["fewer than two sides"]),
        ([], None, None, []),
        (None, None, None, []),  # a model that leaves the optional field out
    ],
    ids=["figures", "denial", "unknown-id", "invented-quote", "no-disagreement", "one-fact-twice", "none", "omitted"],
)
def test_a_named_conflict_is_shown_only_when_every_side_is_in_its_source_and_they_disagree(
    tmp_path, named, kind, values, dropped
):
    briefing, _ = brief(tmp_path, named)
    notes = briefing.run.dropped_conflicts
    assert all(any(d in note for note in notes) for d in dropped), notes
    if kind is None:
        assert briefing.conflicts == [] and all(s.conflict is None for _, _, s in briefing.sentences())
        assert bool(notes) == bool(dropped)
        return
    (conflict,) = briefing.conflicts
    assert conflict.kind == kind and [s.value for s in conflict.sides] == values and notes == []
    assert conflict.about == (named[0]["about"] or "a claim and its denial")
    assert conflict.story == "The crash"
    assert all({"a": A, "b": B}[s.source].text[s.start : s.end] == s.quote for s in conflict.sides)


def test_the_reduce_schema_asks_for_conflicts_last_as_short_groups_of_ids(tmp_path):
    _, model = brief(tmp_path, [])
    (reduce_body,) = [b for b in model.requests if stage(b) == "briefing_draft"]
    schema = reduce_body["response_format"]["json_schema"]["schema"]
    assert list(schema["properties"]) == ["title", "essentials", "sections", "conflicts"]
    item = schema["$defs"]["DraftConflict"]
    assert item["properties"]["facts"] == {"items": {"type": "string"}, "maxItems": 4, "minItems": 2, "type": "array"}
    assert list(item["properties"]) == ["about", "facts"], "flat: a label and ids, no nested objects"
    assert (
        "conflicts" in reduce_body["messages"][0]["content"] and "empty list" in reduce_body["messages"][0]["content"]
    )
    assert strict_json_schema(briefing_draft_schema(6)) == schema
    assert BriefingDraft.model_validate({"title": "T", "essentials": [], "sections": []}).conflicts == []


def test_a_merged_fact_is_not_a_side_but_its_sentence_still_points_at_the_conflict():
    quote = Citation(source="a", quote="Officials said 12 people died in the crash.")
    other = Citation(source="b", quote="Police said nine people died in the crash.")
    facts = {
        "F1": Fact(id="F1", statement="12 died", sources=["a"], citations=[quote]),
        "F3": Fact(id="F3", statement="9 died", sources=["b"], citations=[other]),
        "G1": Fact(id="G1", statement="People died", sources=["a", "b"], citations=[quote, other]),
    }
    draft = BriefingDraft(
        title="T",
        essentials=[],
        sections=[],
        conflicts=[DraftConflict(about="toll", facts=["G1", "F3"]), DraftConflict(about="toll", facts=["F1", "F3"])],
    )
    found, dropped = draft_conflicts(draft, facts, {"a": A, "b": B})
    assert dropped[0] == "G1/F3: G1 stands for several facts, not one source's statement"
    ((conflict, ids),) = found
    assert ids == ["F1", "F3"] and [s.value for s in conflict.sides] == ["12", "9"]
    draft.sections = [DraftSection(title="Crash", sentences=[DraftSentence(text="People died.", facts=["G1"])])]
    briefing = assemble_briefing(draft, facts, "en", found)
    assert briefing.sections[1].sentences[0].conflict == 0 and briefing.conflicts[0].story == "Crash"


def _briefing_with_sides(*sides: ConflictSide) -> Briefing:
    cite = Citation(source="a", quote="Officials said 12 people died in the crash.")
    return Briefing(
        sections=[
            Section(
                title="Crash", sentences=[Sentence(text="Officials said 12 people died.", citations=[cite], conflict=0)]
            )
        ],
        conflicts=[Conflict(story="Crash", about="dead", sides=list(sides))],
    )


TWELVE = ConflictSide(source="a", start=0, end=43, quote="Officials said 12 people died in the crash.", value="12")
NINE = ConflictSide(source="b", start=0, end=42, quote="Police said nine people died in the crash.", value="9")


@pytest.mark.parametrize(
    ("sides", "kept"),
    [
        ((TWELVE, NINE), [(0, 43), (0, 42)]),
        ((TWELVE, NINE.model_copy(update={"start": 5, "end": 20})), [(0, 43), (0, 42)]),  # moved: relocated
        ((TWELVE, NINE.model_copy(update={"quote": "Police said 40 people died in the crash."})), None),  # not there
        ((TWELVE, NINE.model_copy(update={"source": "zz"})), None),  # no such source
    ],
    ids=["in-place", "offsets-stale", "quote-not-in-source", "unknown-source"],
)
def test_the_checker_shows_a_side_only_where_its_source_says_it(sides, kept):
    checked = check_briefing(_briefing_with_sides(*sides), [A, B])
    if kept is None:
        assert checked.conflicts == [] and checked.sections[0].sentences[0].conflict is None
        assert "Sources disagree" not in render_markdown(checked, [A, B], allow_open=True)
    else:
        (conflict,) = checked.conflicts
        assert [(s.start, s.end) for s in conflict.sides] == kept
        assert all({"a": A, "b": B}[s.source].text[s.start : s.end] == s.quote for s in conflict.sides)
        assert checked.sections[0].sentences[0].conflict == 0


def test_a_conflict_in_the_reduce_answer_costs_little_output_budget(tmp_path):
    _, model = brief(tmp_path, [])
    (reduce_body,) = [b for b in model.requests if stage(b) == "briefing_draft"]
    # 5 facts: sentences as before (80 + 70 × 8) plus two conflicts of 30 tokens each
    assert reduce_body["max_tokens"] == 80 + 70 * (5 + 3) + 30 * 2

"""The optional LLM judge: sentences the rules cannot settle, asked of the configured model.

Only open questions go to the model: an ``unverified`` sentence (a claim whose wording the rules could
not match: a paraphrase outside the tables, or an addition), with the evidence sentences of its
unverified claims, and a cross-lingual pass, whose wording the rules cannot compare. A failure the
rules can see (a contradiction: number, date, name, negation, opposite word, hedge; furniture; a claim
with no evidence; a quote not found) is never sent and never lifted: the model may confirm or flag
only what the rules left open.

One question per call, MiniCheck-style (prompt v3): the evidence sentences, then the claim, and a
flat answer ``{"supported": bool, "unsupported_words": [...]}`` under a small output budget. Measured
with a 1.5B local model (issue 9's probe), one claim per call beat several items with ids and labels
per call: a small model keeps no ids, and its answer costs a dozen tokens instead of a paragraph. The
calls go through ``LLMClient`` (cache, retries, recording), ``settings.concurrency`` at a time. An
answer cut off at the budget or invalid after the repair round is no answer: the rules' verdict stands
(``Rulings.unusable`` counts them).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Annotated, Literal

import httpx
from pydantic import BaseModel, ConfigDict, Field

from briefer import interrupts
from briefer.client import LLMClient
from briefer.config import Settings
from briefer.controls import reveal
from briefer.errors import ModelOutputError
from briefer.models import Usage
from briefer.prompts import escape_attribute, escape_tag, language_name, load_prompt
from briefer.verify.support import Question

PROMPT = "verify.judge"
MAX_WORDS = 6  # unsupported words named: a hint for the editor, not a list of the claim
ANSWER_TOKENS = 80  # {"supported": false, "unsupported_words": [six words]} with room to spare


class JudgeAnswer(BaseModel):
    """The model's answer to one question (the wire schema)."""

    model_config = ConfigDict(extra="forbid")

    supported: bool
    # The words the model found unsupported: a hint, often not a pinpoint (small models name the wrong
    # part of the claim).
    unsupported_words: Annotated[list[str], Field(json_schema_extra={"maxItems": MAX_WORDS})] = []


class JudgeItem(BaseModel):
    """A ruling as the checker applies it."""

    model_config = ConfigDict(extra="forbid")

    label: Literal["supported", "partially_supported", "unsupported"]
    unsupported_words: list[str] = []
    reason: str


@dataclass(frozen=True)
class Rulings:
    """The model's answers in question order (None where it gave none), what they cost, the prompt's tag,
    and how many answers were unusable (cut off, or invalid after the repair round)."""

    answers: list[JudgeItem | None]
    usage: Usage
    prompt_tag: str
    unusable: int = 0


def prompt_tag() -> str:
    return load_prompt(PROMPT).tag


def ask(questions: list[Question], settings: Settings, http_client: httpx.AsyncClient | None = None) -> Rulings:
    """Rulings on ``questions``; raises ``ModelError`` when the endpoint fails after its retries."""
    return interrupts.run(_ask(questions, settings, http_client))


async def _ask(questions: list[Question], settings: Settings, http_client: httpx.AsyncClient | None) -> Rulings:
    prompt = load_prompt(PROMPT)
    client = LLMClient(settings, http_client)
    limit = asyncio.Semaphore(settings.concurrency)
    unusable = 0

    async def rule(n: int) -> JudgeItem | None:
        nonlocal unusable
        messages = [{"role": "system", "content": prompt.text}, {"role": "user", "content": render(questions[n])}]
        async with limit:
            try:
                answer = await client.complete_json(
                    messages=messages,
                    schema=JudgeAnswer,
                    name="judge",
                    label=f"judging sentence {n + 1}",
                    max_tokens=ANSWER_TOKENS,
                )
            except ModelOutputError:  # cut off at the budget, or invalid twice: no answer, the rules stand
                unusable += 1
                # One unusable answer is this question's, not the endpoint's: the next questions are asked.
                client._failed = None
                return None
        return _item(answer)

    try:
        answers = await asyncio.gather(*(rule(n) for n in range(len(questions))))
    finally:
        await client.aclose()
    return Rulings(list(answers), client.usage, prompt.tag, unusable)


def _item(answer: JudgeAnswer) -> JudgeItem:
    words = [w for w in dict.fromkeys(answer.unsupported_words) if w.strip()][:MAX_WORDS]
    if answer.supported:
        return JudgeItem(label="supported", reason="the evidence supports every part of the claim")
    return JudgeItem(label="unsupported", unsupported_words=words, reason="the evidence does not support the claim")


def render(q: Question) -> str:
    """One question as the user message: the evidence first, then the claim (MiniCheck's order)."""
    evidence = q.span if q.context in ("", q.span) else f"{q.span}\n{q.context}"
    return (
        f'<evidence language="{escape_attribute(language_name(q.span_language))}">\n{_data(evidence)}\n</evidence>\n'
        f"<claim>{_data(q.sentence)}</claim>"
    )


def _data(text: str) -> str:
    """Text that cannot open or close the question's tags; hidden characters shown, never obeyed."""
    text = reveal(text)
    for tag in ("evidence", "claim"):
        text = escape_tag(text, tag)
    return text

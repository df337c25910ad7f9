"""The optional LLM judge: sentences the rules cannot settle, asked of the configured model.

Only open questions go to the model: an ``unverified`` sentence (a claim whose wording the rules could
not match: a paraphrase outside the tables, or an addition), with the evidence sentences of its
unverified claims, and a cross-lingual pass, whose wording the rules cannot compare. A failure the
rules can see (a contradiction: number, date, name, negation, opposite word, hedge; furniture; a claim
with no evidence; a quote not found) is never sent and never lifted: the model may confirm or flag
only what the rules left open.

Questions go in batches, several to a call, through ``LLMClient`` (cache, retries, recording).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Literal

import httpx
from pydantic import BaseModel, ConfigDict

from briefer.client import LLMClient
from briefer.config import Settings
from briefer.models import Usage
from briefer.prompts import escape_attribute, escape_tag, language_name, load_prompt
from briefer.verify.support import Question

BATCH = 8  # items per call: small enough that a model keeps every id, large enough to share the prompt
PROMPT = "verify.judge"


class JudgeItem(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    label: Literal["supported", "partially_supported", "unsupported"]
    # The words the model found unsupported: a hint for the editor, often not a pinpoint (small models
    # name the wrong part of the claim).
    unsupported_words: list[str] = []
    reason: str


class JudgeAnswer(BaseModel):
    model_config = ConfigDict(extra="forbid")

    verdicts: list[JudgeItem]


@dataclass(frozen=True)
class Rulings:
    """The model's answers in question order (None where it gave none), what they cost, the prompt's tag."""

    answers: list[JudgeItem | None]
    usage: Usage
    prompt_tag: str


def prompt_tag() -> str:
    return load_prompt(PROMPT).tag


def ask(questions: list[Question], settings: Settings, http_client: httpx.AsyncClient | None = None) -> Rulings:
    """Rulings on ``questions``; raises ``ModelError`` when the endpoint fails after its retries."""
    return asyncio.run(_ask(questions, settings, http_client))


async def _ask(questions: list[Question], settings: Settings, http_client: httpx.AsyncClient | None) -> Rulings:
    prompt = load_prompt(PROMPT)
    client = LLMClient(settings, http_client)
    limit = asyncio.Semaphore(settings.concurrency)
    batches = [list(range(i, min(i + BATCH, len(questions)))) for i in range(0, len(questions), BATCH)]

    async def rule(batch: list[int]) -> dict[int, JudgeItem]:
        messages = [
            {"role": "system", "content": prompt.text},
            {"role": "user", "content": "\n\n".join(_item(n, questions[n]) for n in batch)},
        ]
        async with limit:
            answer = await client.complete_json(
                messages=messages,
                schema=JudgeAnswer,
                name="judge",
                label=f"judging sentences {batch[0] + 1}–{batch[-1] + 1}",
            )
        wanted = {f"S{n + 1}": n for n in batch}
        return {wanted[item.id]: item for item in answer.verdicts if item.id in wanted}

    try:
        results = await asyncio.gather(*(rule(b) for b in batches))
    finally:
        await client.aclose()
    merged = {n: item for result in results for n, item in result.items()}
    return Rulings([merged.get(n) for n in range(len(questions))], client.usage, prompt.tag)


def _item(n: int, q: Question) -> str:
    return (
        f'<item id="S{n + 1}">\n<sentence>{_data(q.sentence)}</sentence>\n'
        f'<passage language="{escape_attribute(language_name(q.span_language))}">{_data(q.span)}</passage>\n'
        f"<surrounding>{_data(q.context)}</surrounding>\n</item>"
    )


def _data(text: str) -> str:
    """Text that cannot open or close any of the item's tags."""
    for tag in ("item", "sentence", "passage", "surrounding"):
        text = escape_tag(text, tag)
    return text

"""The optional LLM judge: sentences the rules cannot settle, asked of the configured model.

Only open questions go to the model: an ``unverified`` sentence (a claim whose wording the rules could
not match: a paraphrase outside the tables, or an addition), with the evidence sentences of its
unverified claims; a cross-lingual pass, whose wording the rules cannot compare; and a pass that rests
on evidence the rules retrieved themselves (the sentence gave no quote: ``Question.rules_passed``), whose
✓ had a precision near 0.5 on issue 9's dev rows. A failure the
rules can see (a contradiction: number, date, name, negation, opposite word, hedge; furniture; a claim
with no evidence; a quote not found) is never sent and never lifted: the model may confirm or flag
only what the rules left open.

One question per call, MiniCheck-style (prompt v4, v3's words): the evidence (the cited sources whole when
they are short, ``WHOLE_SOURCE_WORDS``; else the evidence sentences of the open claims), then the claim,
and a flat answer ``{"supported": bool, "unsupported_words": [...]}`` under a small output budget. Measured
with a 1.5B local model (issue 9's probe), one claim per call beat several items with ids and labels
per call: a small model keeps no ids, and its answer costs a dozen tokens instead of a paragraph. The
calls go through ``LLMClient`` (cache, retries, recording), ``settings.concurrency`` at a time. An
answer cut off at the budget or invalid after the repair round is no answer: the rules' verdict stands
(``Rulings.unusable`` counts them).

A score, not a yes/no (MiniCheck's decision, v4): the request asks for the answer's token
log-probabilities, and ``P(supported)`` is the weight of "true" against "false" at the answer's first
boolean. Measured on the real 1.5B model (issue 9, ``bench/judge.py``), its plain "false" flagged
faithful paraphrases about as often as edits. So a "no" counts only when the model is confident
(``P < FLAG_BELOW``: flagged, ``not_in_source``); its "yes" (``P >= 0.5``) lifts the claim to
``supported``; in between the ruling is ``undecided`` and the rules' ``unverified`` stands, its reason
giving the score. A server that sends no log-probabilities gets the plain yes/no, as before. A rules
pass is overturned (flagged, ``not_in_source``) when the model leans "no" (``P < FLAG_PASSED_BELOW``,
0.5, fixed before its scores were seen), never by a plain "no" without a score. A claim judged on the
whole (short) source is flagged under ``FLAG_WHOLE_BELOW``, open or passed.
"""

from __future__ import annotations

import asyncio
import math
import re
from dataclasses import dataclass
from typing import Annotated, Literal

import httpx
from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, model_validator
from pydantic.json_schema import SkipJsonSchema

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
TOP_LOGPROBS = 5  # alternatives per answer token: "true" and "false" are both among them at the decision
# A "no" flags only at 3:1 odds or more. Fixed before measuring (not tuned on the dev rows): the plain
# "no" of a 1.5B model (odds above 1:1) flagged faithful paraphrases about as often as edits.
FLAG_BELOW = 0.25
LIFT_FROM = 0.5  # the model's "yes"
# A sentence the rules passed (✓) on evidence they retrieved themselves (no quote given) is asked too, and
# flagged when the model leans "no". Fixed before its scores were seen, not tuned: thresholds tuned on
# half of the dev documents did not carry over to the other half (bench/judge_halves.py).
FLAG_PASSED_BELOW = 0.5
# A source this short (in words, all cited sources together) is sent whole instead of the rules' evidence
# sentences: a claim that fuses facts from several sentences, or a retrieval that missed one, is judged on
# all of it (MiniCheck's document, not its best sentences). Chosen for cost before the scores were seen,
# not tuned: a prompt no longer than about twice the sentences', which the 1.5B local model on one loaded
# core reads at 4-7 tokens/s (300 and 400 words were started and given up for their time); a longer source
# keeps the sentences.
WHOLE_SOURCE_WORDS = 150
# Read on the whole source, the 1.5B model says "yes" more readily, to faithful claims and edits alike (its
# P(supported) lies mostly between 0.5 and 0.8), and its "no" is surer: a claim it read the whole source
# for (open, or passed by the rules) is flagged under this. Picked on half 0 of the dev documents from
# 0.40-0.75 (bench/judge_halves.py), reported on half 1 and over all rows; over 20 random halvings the
# tuned value carried over (held 0.709 ± 0.029 against 0.701 ± 0.034 without it).
FLAG_WHOLE_BELOW = 0.5


class JudgeAnswer(BaseModel):
    """The model's answer to one question (the wire schema)."""

    model_config = ConfigDict(extra="forbid")

    supported: bool
    # The words the model found unsupported: a hint, often not a pinpoint (small models name the wrong
    # part of the claim).
    unsupported_words: Annotated[list[str], Field(json_schema_extra={"maxItems": MAX_WORDS})] = []
    # P("supported": true) read from the answer's token log-probabilities: never asked of the model (not
    # in the wire schema), kept in the cache with the answer; None when the server sent none.
    p_supported: SkipJsonSchema[float | None] = None

    @model_validator(mode="before")
    @classmethod
    def _score(cls, data: object, info: ValidationInfo) -> object:
        """A fresh answer (validated with the completion's ``logprobs`` as context) gets its score from
        them, whatever the model wrote; a cached one (no context) keeps the score it was stored with."""
        if info.context is None or not isinstance(data, dict):
            return data
        data = {k: v for k, v in data.items() if k != "p_supported"}
        score = p_supported(info.context.get("logprobs"))
        return data if score is None else {**data, "p_supported": score}


class JudgeItem(BaseModel):
    """A ruling as the checker applies it."""

    model_config = ConfigDict(extra="forbid")

    # "undecided": the model leaned neither way with confidence; the rules' verdict stands.
    label: Literal["supported", "partially_supported", "unsupported", "undecided"]
    unsupported_words: list[str] = []
    reason: str
    score: float | None = None  # P(supported), when the server sent log-probabilities


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
                    logprobs=TOP_LOGPROBS,
                )
            except ModelOutputError:  # cut off at the budget, or invalid twice: no answer, the rules stand
                unusable += 1
                # One unusable answer is this question's, not the endpoint's: the next questions are asked.
                client._failed = None
                return None
        return _item(answer, questions[n].rules_passed, evidence_of(questions[n]) != questions[n].span)

    try:
        answers = await asyncio.gather(*(rule(n) for n in range(len(questions))))
    finally:
        await client.aclose()
    return Rulings(list(answers), client.usage, prompt.tag, unusable)


def _item(answer: JudgeAnswer, rules_passed: bool = False, whole_source: bool = False) -> JudgeItem:
    """The ruling an answer makes: a "yes" lifts, a "no" flags only under the threshold of what was asked
    (``FLAG_BELOW`` for what the rules left open, ``FLAG_PASSED_BELOW`` for what they passed,
    ``FLAG_WHOLE_BELOW`` for either when the model read the whole source)."""
    words = [w for w in dict.fromkeys(answer.unsupported_words) if w.strip()][:MAX_WORDS]
    p = answer.p_supported
    flag_below = FLAG_WHOLE_BELOW if whole_source else FLAG_PASSED_BELOW if rules_passed else FLAG_BELOW
    if p is None and rules_passed:  # no score: a plain "no" is not enough to overturn the rules' pass
        return JudgeItem(
            label="supported" if answer.supported else "undecided",
            unsupported_words=[] if answer.supported else words,
            reason="the evidence supports every part of the claim"
            if answer.supported
            else "undecided (no score sent: a plain no does not overturn the rules' pass); the rules' verdict stands",
        )
    if p is None:  # no log-probabilities: the plain answer
        if answer.supported:
            return JudgeItem(label="supported", reason="the evidence supports every part of the claim")
        return JudgeItem(label="unsupported", unsupported_words=words, reason="the evidence does not support the claim")
    odds = f"P(supported) {p:.2f}"
    if p < flag_below:  # first: a pass is overturned under a threshold that may lie above LIFT_FROM
        return JudgeItem(
            label="unsupported",
            unsupported_words=words,
            reason=f"the evidence does not support the claim ({odds})",
            score=p,
        )
    if p >= LIFT_FROM:
        return JudgeItem(label="supported", reason=f"the evidence supports every part of the claim ({odds})", score=p)
    return JudgeItem(
        label="undecided",
        unsupported_words=words,
        reason=f"undecided ({odds}: a flag needs under {flag_below:.2f}); the rules' verdict stands",
        score=p,
    )


_BOOLEANS = {"true": True, "false": False}


_SUPPORTED_VALUE = re.compile(r'"supported"\s*:\s*(true|false)\b')


def p_supported(logprobs: object) -> float | None:
    """P(true) against P(false) at the token that writes the answer's ``"supported":`` value, from a
    chat completion's ``logprobs`` (``{"content": [{"token", "logprob", "top_logprobs": [{"token",
    "logprob"}]}]}``, as objects or dicts). None when the tokens write no such value, or write it split
    across tokens: then the plain answer decides. Not the first boolean anywhere: a "false" inside
    ``unsupported_words`` written first is no answer."""
    tokens = _items(_get(logprobs, "content"))
    texts = [str(_get(token, "token") or "") for token in tokens]
    found = _SUPPORTED_VALUE.search("".join(texts))
    if found is None:
        return None
    at = 0
    for token, text in zip(tokens, texts, strict=True):
        if at <= found.start(1) < at + len(text):
            if _BOOLEANS.get(text.strip().lower()) is None:
                return None  # the value is cut across tokens: no single choice to read
            return _weight_of_true(token)
        at += len(text)
    return None


def _weight_of_true(token: object) -> float | None:
    weight = {True: 0.0, False: 0.0}
    seen: set[str] = set()
    for alt in [token, *_items(_get(token, "top_logprobs"))]:
        text = str(_get(alt, "token") or "")
        value = _BOOLEANS.get(text.strip().lower())
        logprob = _get(alt, "logprob")
        if value is None or text in seen or not isinstance(logprob, int | float):
            continue
        seen.add(text)
        weight[value] += math.exp(max(float(logprob), -100.0))
    total = weight[True] + weight[False]
    return weight[True] / total if total > 0 else None


def _get(node: object, key: str) -> object:
    return node.get(key) if isinstance(node, dict) else getattr(node, key, None)


def _items(node: object) -> list[object]:
    return list(node) if isinstance(node, list | tuple) else []


def evidence_of(q: Question) -> str:
    """What the judge reads: the cited sources' whole text (``Question.context``) when it is at most
    ``WHOLE_SOURCE_WORDS`` words, else the evidence sentences the rules found for the open claims."""
    if q.context and q.context != q.span and len(q.context.split()) <= WHOLE_SOURCE_WORDS:
        return q.context
    return q.span


def render(q: Question) -> str:
    """One question as the user message: the evidence first, then the claim (MiniCheck's order)."""
    evidence = evidence_of(q)
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

"""The LLM engine: map each chunk to quoted facts, reduce all facts to a briefing that cites them by id.

The model never writes an offset. Map answers carry verbatim quotes; briefer numbers the facts (F1,
F2 …) and turns the ids the reduce answer cites back into ``Citation(source, quote)``. An id the model
invented resolves to nothing, so its sentence loses that citation and the checker flags it.

When the facts do not fit the reduce budget, groups of them are reduced first and each sentence of a
group's draft becomes a merged fact (G1, G2 …) standing for the facts it cited: the final briefing
still cites the original quotes.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import cast

import httpx
from pydantic import BaseModel

from briefer.batch import BatchJob, prefill_cache
from briefer.client import LLMClient
from briefer.config import Settings
from briefer.engines import Progress
from briefer.models import Briefing, Chunk, Citation, RunInfo, Section, Sentence, Source
from briefer.prompts import delimit_article, delimit_facts, language_name, load_prompt
from briefer.tokens import count_tokens

ESSENTIALS = "Essentials"
MAX_REDUCE_DEPTH = 3  # levels of grouping before the rest is sent as it is


class ExtractedFact(BaseModel):
    statement: str
    quotes: list[str]


class ChunkFacts(BaseModel):
    facts: list[ExtractedFact]


class DraftSentence(BaseModel):
    text: str
    facts: list[str]


class DraftSection(BaseModel):
    title: str
    sentences: list[DraftSentence]


class BriefingDraft(BaseModel):
    title: str
    essentials: list[DraftSentence]
    sections: list[DraftSection]


@dataclass
class Fact:
    """A numbered fact: what the model said, and the evidence briefer holds for it."""

    id: str
    statement: str
    sources: list[str]
    citations: list[Citation] = field(default_factory=list)

    def wire(self, aliases: dict[str, str]) -> dict[str, object]:
        """What the reduce prompt lists: short source labels instead of long ids, no quotes (ids cite them)."""
        return {"id": self.id, "sources": [aliases[s] for s in self.sources], "statement": self.statement}


class LLMEngine:
    name = "llm"
    uses_chunks = True

    def __init__(
        self, settings: Settings, http_client: httpx.AsyncClient | None = None, reduce_tokens: int | None = None
    ) -> None:
        self.settings = settings
        self.http_client = http_client
        # The facts one reduce call may read. Facts are one short line each, so this holds ~250 of them
        # (~50 articles) in one call; a smaller --chunk-tokens shrinks it for small-context local models.
        self.reduce_tokens = reduce_tokens or 8 * settings.chunk_tokens
        # Handed to the client: tests replace it to observe retry waits without sleeping.
        self.sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
        self.prompts = {p.name: p for p in map(load_prompt, ("summarize.map", "summarize.reduce", "summarize.repair"))}

    def brief(self, sources: list[Source], chunks: list[Chunk], progress: Progress | None = None) -> Briefing:
        return asyncio.run(self.brief_async(sources, chunks, progress))

    async def brief_async(
        self, sources: list[Source], chunks: list[Chunk], progress: Progress | None = None
    ) -> Briefing:
        client = LLMClient(self.settings, self.http_client)
        client.sleep = self.sleep
        if progress:  # each retry on its own progress row, as it happens: "retries: chunk …: HTTP 429; …"
            client.on_retry = lambda note: progress(f"retries: {note}", client.usage.retries, client.usage.retries)
        try:
            timings: dict[str, float] = {}
            t = time.perf_counter()
            facts = await self._map(client, chunks, progress)
            timings["map"] = round(time.perf_counter() - t, 4)
            t = time.perf_counter()
            draft, known = await self._reduce(client, facts, progress) if facts else (None, {})
            timings["reduce"] = round(time.perf_counter() - t, 4)
        finally:
            await client.aclose()
        briefing = assemble_briefing(draft, known, self.settings.language) if draft else Briefing()
        briefing.language = self.settings.language
        briefing.run = RunInfo(
            engine=self.name,
            model=self.settings.model,
            base_url=client.base_url,
            prompt_versions={name: p.tag for name, p in self.prompts.items()},
            timings=timings,
            usage=client.usage,
        )
        return briefing

    async def _map(self, client: LLMClient, chunks: list[Chunk], progress: Progress | None) -> list[Fact]:
        """Facts of every chunk, numbered in chunk order whatever order the calls finish in."""
        batches = batch_chunks(chunks, self.settings.chunk_tokens)
        limit = asyncio.Semaphore(self.settings.concurrency)
        done = 0

        if self.settings.batch:
            # Answers that come back through the Batch API land in the cache, so the calls below
            # find them there; whatever the batch could not answer is asked live as usual.
            jobs = [BatchJob(batch_label(b), self._map_messages(b), ChunkFacts, "chunk_facts") for b in batches]
            await prefill_cache(client, jobs, on_status=_batch_progress(progress))

        async def extract(batch: list[Chunk]) -> ChunkFacts:
            nonlocal done
            messages = self._map_messages(batch)
            async with limit:
                answer = await client.complete_json(
                    messages=messages, schema=ChunkFacts, name="chunk_facts", label=batch_label(batch),
                    source=batch[0].source,
                )
            done += 1
            if progress:
                progress("map", done, len(batches))
            return answer

        # return_exceptions: every call that can finish does, so its answer is cached for the re-run.
        answers = await asyncio.gather(*(extract(b) for b in batches), return_exceptions=True)
        failures = [a for a in answers if isinstance(a, BaseException)]
        if failures:
            raise failures[0]
        facts: list[Fact] = []
        for batch, answer in zip(batches, answers, strict=True):
            source = batch[0].source
            for extracted in cast(ChunkFacts, answer).facts:
                quotes = [q for q in dict.fromkeys(extracted.quotes) if q.strip()]
                facts.append(
                    Fact(
                        id=f"F{len(facts) + 1}",
                        statement=extracted.statement,
                        sources=[source],
                        citations=[locate_quote(batch, q) for q in quotes] or [Citation(source=source)],
                    )
                )
        return facts

    def _map_messages(self, batch: list[Chunk]) -> list[dict[str, str]]:
        tokens = sum(c.tokens for c in batch)
        system_text = self.prompts["summarize.map"].render(
            max_facts=max(3, min(10, tokens // 120)), language_name=language_name(self.settings.language)
        )
        # One block per call: the chunks of one source, in order, with the furniture between them left out.
        user_text = delimit_article("\n\n".join(c.text for c in batch), source=batch[0].source)
        return [{"role": "system", "content": system_text}, {"role": "user", "content": user_text}]

    async def _reduce(
        self, client: LLMClient, facts: list[Fact], progress: Progress | None
    ) -> tuple[BriefingDraft, dict[str, Fact]]:
        """One briefing from all facts, and every fact it may cite by id.

        While the facts exceed the budget, groups of them are reduced first and their sentences become
        merged facts for the next level.
        """
        known = {f.id: f for f in facts}
        sources = dict.fromkeys(s for f in facts for s in f.sources)
        aliases = {source: f"S{i}" for i, source in enumerate(sources, 1)}
        current = facts
        for depth in range(1, MAX_REDUCE_DEPTH + 1):
            groups = self._group(current, aliases)
            if len(groups) == 1:
                break
            labels = [f"reduce level {depth} group {i}/{len(groups)}" for i in range(1, len(groups) + 1)]
            merged: list[Fact] = []
            for draft in await self._write_all(client, groups, labels, aliases, progress):
                for drafted in [s for sec in draft.sections for s in sec.sentences] or draft.essentials:
                    cited = [known[i] for i in dict.fromkeys(drafted.facts) if i in known]
                    fact = Fact(
                        id=f"G{len(known) - len(facts) + 1}",
                        statement=drafted.text,
                        sources=sorted({s for f in cited for s in f.sources}),
                        citations=[c for f in cited for c in f.citations],
                    )
                    known[fact.id] = fact
                    merged.append(fact)
            current = merged
        if not current:
            return BriefingDraft(title="Briefing", essentials=[], sections=[]), known
        (draft,) = await self._write_all(client, [current], ["reduce"], aliases, progress)
        return draft, known

    async def _write_all(
        self,
        client: LLMClient,
        groups: list[list[Fact]],
        labels: list[str],
        aliases: dict[str, str],
        progress: Progress | None,
    ) -> list[BriefingDraft]:
        limit = asyncio.Semaphore(self.settings.concurrency)
        system = self.prompts["summarize.reduce"].render(language_name=language_name(self.settings.language))

        async def write(group: list[Fact], label: str) -> BriefingDraft:
            messages = [
                {"role": "system", "content": system},
                {"role": "user", "content": delimit_facts([f.wire(aliases) for f in group])},
            ]
            async with limit:
                return await client.complete_json(
                    messages=messages, schema=BriefingDraft, name="briefing_draft", label=label
                )

        drafts = await asyncio.gather(*(write(g, label) for g, label in zip(groups, labels, strict=True)))
        if progress:
            progress("reduce", len(groups), len(groups))
        return list(drafts)

    def _group(self, facts: list[Fact], aliases: dict[str, str]) -> list[list[Fact]]:
        """Consecutive facts (so a source's facts stay together) packed into groups under the budget."""
        groups: list[list[Fact]] = [[]]
        used = 0
        for fact in facts:
            tokens = count_tokens(delimit_facts([fact.wire(aliases)]), self.settings.encoding_name)
            if groups[-1] and used + tokens > self.reduce_tokens:
                groups.append([])
                used = 0
            groups[-1].append(fact)
            used += tokens
        return groups


def _batch_progress(progress: Progress | None) -> Callable[[str, int, int], None] | None:
    if progress is None:
        return None
    return lambda status, done, total: progress(f"batch {status}", done, total)


def batch_chunks(chunks: list[Chunk], max_tokens: int) -> list[list[Chunk]]:
    """Consecutive chunks of one source packed into map calls of at most ``max_tokens``.

    The chunker cuts at furniture, which leaves many small chunks; one call per chunk would resend the
    instructions for every few sentences.
    """
    batches: list[list[Chunk]] = []
    for chunk in chunks:
        last = batches[-1] if batches else None
        if last and last[0].source == chunk.source and sum(c.tokens for c in last) + chunk.tokens <= max_tokens:
            last.append(chunk)
        else:
            batches.append([chunk])
    return batches


def batch_label(batch: list[Chunk]) -> str:
    first, last = batch[0], batch[-1]
    return f"chunk {first.source}#{first.index}" + (f"-{last.index}" if last is not first else "")


def locate_quote(batch: list[Chunk], quote: str) -> Citation:
    """A citation of ``quote``; with exact offsets when it occurs verbatim in a chunk (the checker re-locates)."""
    for chunk in batch:
        at = chunk.text.find(quote)
        if at >= 0:
            start = chunk.start + at
            return Citation(source=chunk.source, quote=quote, start=start, end=start + len(quote), match="exact")
    return Citation(source=batch[0].source, quote=quote)


def assemble_briefing(draft: BriefingDraft, facts: dict[str, Fact], language: str) -> Briefing:
    """The draft's sentences with fact ids turned back into citations; unknown ids cite nothing."""

    def sentence(draft_sentence: DraftSentence) -> Sentence:
        cited = [facts[i] for i in dict.fromkeys(draft_sentence.facts) if i in facts]
        citations = list({(c.source, c.quote, c.start): c for f in cited for c in f.citations}.values())
        sources = sorted({c.source for c in citations})
        return Sentence(
            text=draft_sentence.text,
            citations=citations,
            language=language,
            corroboration=max(1, len(sources)),
            corroborating_sources=sources if len(sources) > 1 else [],
        )

    sections = [Section(title=ESSENTIALS, sentences=[sentence(s) for s in draft.essentials])]
    sections += [Section(title=sec.title, sentences=[sentence(s) for s in sec.sentences]) for sec in draft.sections]
    return Briefing(title=draft.title, language=language, sections=sections)

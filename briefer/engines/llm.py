"""The LLM engine: map each chunk to quoted facts, reduce all facts to a briefing that cites them by id.

The model never writes an offset. Map answers carry verbatim quotes; briefer numbers the facts (F1,
F2 …) and turns the ids the reduce answer cites back into ``Citation(source, quote)``. An id the model
invented resolves to nothing, so its sentence loses that citation and the checker flags it.

When the facts do not fit the reduce budget, groups of them are reduced first and each sentence of a
group's draft becomes a merged fact (G1, G2 …) standing for the facts it cited: the final briefing
still cites the original quotes.

What a small local model needs (measured against Qwen2.5-Coder-1.5B on llama.cpp, bench/real_model.py)
and a large one does not mind:
- the schema itself says how many facts an article of this length should yield (``minItems``/
  ``maxItems``, which llama.cpp turns into its grammar), so a map answer is an article's facts, not one;
- every call has an output budget (``max_tokens``) derived from the schema's bounds and the input, so
  a model that starts repeating itself stops there instead of filling the context;
- an answer cut off at that budget is asked again for less (half the facts, shorter sections) rather
  than shown its own broken JSON in a repair round;
- the title and every section heading become claims (``title_claim``) citing what they head, so
  the checker judges them like sentences; a sentence repeated from Essentials in a section is dropped.

Conflicts: the reduce answer may name groups of fact ids that disagree (the same measured thing with
different values, a claim against its denial) in an optional, flat ``conflicts`` list; a model that
names none, or leaves the field out, is fine. Each id becomes a side with its fact's quote located in
its source (``verify/sides.py``): an unknown id, a merged (G) id, a quote not in its source, or quotes
that give neither different figures nor a denial are dropped and said so in ``RunInfo.dropped_conflicts``.
A sentence citing a side's fact says that the sources differ (``Sentence.conflict``).
"""

from __future__ import annotations

import asyncio
import functools
import re
import time
from collections.abc import Awaitable, Callable, Coroutine, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Annotated, Any, TypeVar, cast

import httpx
from pydantic import BaseModel, Field, create_model
from pydantic.fields import FieldInfo

from briefer import interrupts
from briefer.batch import BatchJob, prefill_cache
from briefer.client import LLMClient
from briefer.config import Settings
from briefer.engines import Progress
from briefer.errors import OutputTruncated
from briefer.markup import strip_markup
from briefer.models import Briefing, Chunk, Citation, Conflict, RunInfo, Section, Sentence, Source
from briefer.prompts import delimit_article, delimit_facts, language_name, load_prompt
from briefer.tokens import count_tokens

ESSENTIALS = "Essentials"
MAX_REDUCE_DEPTH = 3  # levels of grouping before the rest is sent as it is
MAX_QUOTES = 2  # per fact: one passage usually proves one fact; two when it spans sentences
# Output budgets, in tokens of the briefing's encoding (a local model's own tokenizer may count up to a
# third more, hence the margins): a fact is two quotes of ~40 words and a sentence; a briefing sentence
# is ~30 words and its ids.
FACT_TOKENS = 160
SENTENCE_TOKENS = 70
ANSWER_OVERHEAD = 80
MAX_SECTION_SENTENCES = 6
MAX_CONFLICTS = 5  # per reduce answer: a briefing lists a few disagreements, not every difference
MAX_CONFLICT_SIDES = 4
# A draft citing under half of the facts whose quotes were found verbatim has dropped the rest (a small
# model's thin reduce: 6 of 24 facts from Qwen2.5-1.5B on the seeds); those facts follow, in the model's
# own words with their quotes, under a heading that is briefer's and no claim, up to this many sentences.
LEFT_OUT = "Also in the sources"
MAX_BRIEFING_SENTENCES = 25
# Seconds the next source waits at most for the map calls of the one before to send their requests.
SEND_WAIT = 0.25
CONFLICT_TOKENS = 30  # a conflict: a few words of what is disputed and two to four ids
T = TypeVar("T", bound=BaseModel)


class ExtractedFact(BaseModel):
    # Quotes first: a model that has copied the passage states the fact from it, not from memory.
    quotes: list[str]
    statement: str


class ChunkFacts(BaseModel):
    facts: list[ExtractedFact]


class DraftSentence(BaseModel):
    text: str
    facts: list[str]


class DraftSection(BaseModel):
    title: str
    sentences: list[DraftSentence]


class DraftConflict(BaseModel):
    about: str = ""
    facts: list[str]


class BriefingDraft(BaseModel):
    title: str
    essentials: list[DraftSentence]
    sections: list[DraftSection]
    # Last, and optional: a model that names no conflict (or omits the field) has answered in full.
    conflicts: list[DraftConflict] = []


@dataclass
class Fact:
    """A numbered fact: what the model said, and the evidence briefer holds for it."""

    id: str
    statement: str
    sources: list[str]
    citations: list[Citation] = field(default_factory=list)

    def wire(self, aliases: dict[str, str]) -> dict[str, object]:
        """What the reduce prompt lists (``delimit_facts`` writes it as one line): short source labels
        instead of long ids, no quotes (ids cite them)."""
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
        return interrupts.run(self.brief_async(sources, chunks, progress))

    def brief_stream(
        self, stream: Iterator[list[Chunk]], progress: Progress | None = None, sources: Sequence[Source] = ()
    ) -> Briefing:
        """``brief`` on chunks that arrive a source at a time: ``stream`` yields each source's chunks
        as it is read and chunked. The stream is read in a worker thread while the map calls of the
        sources read so far are in flight, so reading and chunking overlap the wait for the model;
        the requests, their order and the briefing are those ``brief`` makes from the same chunks."""
        return interrupts.run(self._brief(stream, progress, sources))

    async def brief_async(
        self, sources: list[Source], chunks: list[Chunk], progress: Progress | None = None
    ) -> Briefing:
        return await self._brief(iter([chunks]), progress, sources)

    async def _brief(
        self, stream: Iterator[list[Chunk]], progress: Progress | None, sources: Sequence[Source]
    ) -> Briefing:
        client = LLMClient(self.settings, self.http_client)
        client.sleep = self.sleep
        if progress:  # each retry on its own progress row, as it happens: "retries: chunk …: HTTP 429; …"
            client.on_retry = lambda note: progress(f"retries: {note}", client.usage.retries, client.usage.retries)
        try:
            timings: dict[str, float] = {}
            t = time.perf_counter()
            facts = await self._map(client, stream, progress)
            timings["map"] = round(time.perf_counter() - t, 4)
            t = time.perf_counter()
            draft, known = await self._reduce(client, facts, progress) if facts else (None, {})
            timings["reduce"] = round(time.perf_counter() - t, 4)
        finally:
            await client.aclose()
        dropped: list[str] = []
        if draft:
            conflicts, dropped = draft_conflicts(draft, known, {s.id: s for s in sources})
            briefing = assemble_briefing(draft, known, self.settings.language, conflicts)
        else:
            briefing = Briefing()
        briefing.language = self.settings.language
        briefing.run = RunInfo(
            engine=self.name,
            model=self.settings.model,
            base_url=client.base_url,
            prompt_versions={name: p.tag for name, p in self.prompts.items()},
            timings=timings,
            usage=client.usage,
            # Every answer was kept, but a re-run would pay for those the cache could not hold.
            warnings=[f"{client.cache.write_error}: answers after that were not cached"]
            if client.cache.write_error
            else [],
            dropped_conflicts=dropped,
        )
        return briefing

    async def _ask(
        self,
        client: LLMClient,
        request: Callable[[int], tuple[list[dict[str, str]], type[T], int]],
        name: str,
        label: str,
        size: int,
        source: str | None = None,
    ) -> T:
        """``request(size)`` answered; an answer cut off at its budget is asked again with half the size."""
        while True:
            messages, schema, budget = request(size)
            try:
                return await client.complete_json(
                    messages=messages, schema=schema, name=name, label=label, max_tokens=budget, source=source
                )
            except OutputTruncated:
                if size <= 1:
                    raise
                size = max(1, size // 2)

    async def _map(self, client: LLMClient, stream: Iterator[list[Chunk]], progress: Progress | None) -> list[Fact]:
        """Facts of every chunk, numbered in chunk order whatever order the calls finish in.

        Each item of ``stream`` is packed into map calls that start at once (``concurrency`` at a
        time, in chunk order) while the next item is read in a worker thread.
        """
        if self.settings.batch:
            stream = await self._prefill(client, stream, progress)
        batches: list[list[Chunk]] = []
        loading: list[asyncio.Task[None]] = []
        settled: dict[asyncio.Task[Any], asyncio.Future[None]] = {}
        extract = self._extractor(client, batches, loading, progress, settled)
        # Tasks in chunk order: the semaphore lets them send in that order, as the stream fills them.
        calls: list[asyncio.Task[ChunkFacts]] = []
        try:
            while (item := await asyncio.to_thread(next, stream, None)) is not None:
                new = []
                for batch in batch_chunks(item, self.settings.chunk_tokens):
                    batches.append(batch)
                    task = asyncio.create_task(extract(batch))
                    settled[task] = asyncio.get_running_loop().create_future()
                    task.add_done_callback(_settle(settled))
                    calls.append(task)
                    new.append(settled[task])
                # The next source is read and chunked once these calls have sent their requests (or wait
                # for a slot, or are answered from the cache): read in the worker thread meanwhile, it
                # would hold the GIL while the event loop builds and writes the requests that can go now.
                if new:
                    await asyncio.wait(new, timeout=SEND_WAIT)
        except Exception:  # not a cancellation: Ctrl-C stops the calls at once
            # A source that cannot be read (``--strict``) fails the run once the calls already sent
            # have finished, so that their answers are cached for the re-run.
            await asyncio.gather(*calls, *loading, return_exceptions=True)
            raise
        # return_exceptions: every call that can finish does, so its answer is cached for the re-run.
        answers = await asyncio.gather(*calls, return_exceptions=True)
        client.on_send = None  # fewer calls than ``concurrency``: the reduce's is no map call
        await asyncio.gather(*loading, return_exceptions=True)  # a failed import fails again where it is used
        failures = [a for a in answers if isinstance(a, BaseException)]
        if failures:
            raise failures[0]
        return numbered_facts(batches, cast(list[ChunkFacts], answers))

    async def _prefill(
        self, client: LLMClient, stream: Iterator[list[Chunk]], progress: Progress | None
    ) -> Iterator[list[Chunk]]:
        """The Batch API takes every request at once, so the whole stream is read first. Answers that
        come back through it land in the cache, so the map calls find them there; whatever the batch
        could not answer is asked live as usual. The stream's chunks, as one item."""
        chunks = [c for item in stream for c in item]
        jobs = []
        for b in batch_chunks(chunks, self.settings.chunk_tokens):
            messages, schema, budget = self._map_request(b)
            jobs.append(BatchJob(batch_label(b), messages, schema, "chunk_facts", budget))
        await prefill_cache(client, jobs, on_status=_batch_progress(progress))
        return iter([chunks])

    def _extractor(
        self,
        client: LLMClient,
        batches: list[list[Chunk]],
        loading: list[asyncio.Task[None]],
        progress: Progress | None,
        settled: dict[asyncio.Task[Any], asyncio.Future[None]] | None = None,
    ) -> Callable[[list[Chunk]], Coroutine[Any, Any, ChunkFacts]]:
        """The map call of one batch, ``concurrency`` at a time, with progress: "map 0 of N" once the first
        ``concurrency`` calls are on their way (the pipeline starts its checker then: no answer can come
        back before the model's latency has passed), then one step per answer of ``batches``.

        ``settled``: a future per call's task, resolved once its request is sent or it waits for a slot."""
        limit = asyncio.Semaphore(self.settings.concurrency)
        done = sent = 0
        settled = {} if settled is None else settled

        def on_send() -> None:  # in the task whose request is being sent
            nonlocal sent
            _settle(settled)(asyncio.current_task())
            sent += 1
            if progress and sent == self.settings.concurrency:
                # Once this request's task yields (it is being written to its connection), not before.
                asyncio.get_running_loop().call_soon(progress, "map", done, len(batches))

        client.on_send = on_send

        async def extract(batch: list[Chunk]) -> ChunkFacts:
            nonlocal done
            _, most = fact_bounds(sum(c.tokens for c in batch))
            if limit.locked():  # queued behind the calls in flight: nothing to send yet
                _settle(settled)(asyncio.current_task())
            async with limit:
                answer = await self._ask(
                    client,
                    lambda n: self._map_request(batch, n),
                    "chunk_facts",
                    batch_label(batch),
                    most,
                    source=batch[0].source,
                )
            done += 1
            if done == 1:
                # What the reduce's conflicts are checked with loads while the other calls are answered:
                # neither before the first request nor after the last answer.
                loading.append(asyncio.create_task(asyncio.to_thread(_load_conflict_check)))
            if progress:
                progress("map", done, len(batches))
            return answer

        return extract

    def _map_request(
        self, batch: list[Chunk], most: int | None = None
    ) -> tuple[list[dict[str, str]], type[ChunkFacts], int]:
        """The messages, the schema and the output budget of a map call asking for at most ``most`` facts."""
        tokens = sum(c.tokens for c in batch)
        least, default_most = fact_bounds(tokens)
        most = default_most if most is None else most
        least = min(least, most)
        system_text = self.prompts["summarize.map"].render(
            min_facts=least, max_facts=most, language_name=language_name(self.settings.language)
        )
        # One block per call: the chunks of one source, in order, with the furniture between them left out.
        user_text = delimit_article("\n\n".join(c.text for c in batch), source=batch[0].source)
        messages = [{"role": "system", "content": system_text}, {"role": "user", "content": user_text}]
        # Quotes are copied from the input, so an answer never needs much more than the input itself.
        budget = ANSWER_OVERHEAD + min(most * FACT_TOKENS, 2 * tokens + most * SENTENCE_TOKENS)
        return messages, chunk_facts_schema(least, most), budget

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
        named: list[DraftConflict] = []  # conflicts named at every level, kept for the final draft
        for depth in range(1, MAX_REDUCE_DEPTH + 1):
            groups = self._group(current, aliases)
            if len(groups) == 1:
                break
            labels = [f"reduce level {depth} group {i}/{len(groups)}" for i in range(1, len(groups) + 1)]
            merged: list[Fact] = []
            for draft in await self._write_all(client, groups, labels, aliases, progress):
                named += draft.conflicts
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
            return BriefingDraft(title="Briefing", essentials=[], sections=[], conflicts=named), known
        (draft,) = await self._write_all(client, [current], ["reduce"], aliases, progress)
        draft.conflicts = named + draft.conflicts
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

        def request(group: list[Fact], most: int) -> tuple[list[dict[str, str]], type[BriefingDraft], int]:
            system = self.prompts["summarize.reduce"].render(
                language_name=language_name(self.settings.language), max_sentences=most
            )
            messages = [
                {"role": "system", "content": system},
                {"role": "user", "content": delimit_facts([f.wire(aliases) for f in group])},
            ]
            # Each fact is said about once in a section, each story once more in Essentials; a conflict
            # takes two facts at least.
            sentences = min(len(group), most * len(group)) + (len(group) + 1) // 2
            conflicts = min(MAX_CONFLICTS, len(group) // 2)
            budget = ANSWER_OVERHEAD + SENTENCE_TOKENS * sentences + CONFLICT_TOKENS * conflicts
            return messages, briefing_draft_schema(most), budget

        async def write(group: list[Fact], label: str) -> BriefingDraft:
            async with limit:
                return await self._ask(
                    client, lambda n: request(group, n), "briefing_draft", label, MAX_SECTION_SENTENCES
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


def numbered_facts(batches: list[list[Chunk]], answers: list[ChunkFacts]) -> list[Fact]:
    """Every answer's facts numbered F1, F2 … in batch order, each quote located in its batch."""
    facts: list[Fact] = []
    for batch, answer in zip(batches, answers, strict=True):
        source = batch[0].source
        for extracted in answer.facts:
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


def fact_bounds(tokens: int) -> tuple[int, int]:
    """How many facts an excerpt of ``tokens`` should yield, at least and at most: about one per 250
    tokens at least (a 500-token report holds more than one fact), one per 100 at most, 3 to 10."""
    most = max(3, min(10, tokens // 100))
    least = 0 if tokens < 120 else max(1, min(most, tokens // 250))
    return least, most


def _bounded(least: int, most: int) -> FieldInfo:
    """Array bounds in the JSON schema only: they steer the model (llama.cpp compiles them into its grammar)
    but an answer outside them is still valid, so a large model's judgement is never overruled."""
    info: FieldInfo = Field(json_schema_extra={"minItems": least, "maxItems": most})
    return info


@functools.cache  # one class per bound: the client caches schemas by class
def chunk_facts_schema(least: int, most: int) -> type[ChunkFacts]:
    """``ChunkFacts`` whose JSON schema asks for ``least`` to ``most`` facts of one or two quotes."""
    fact = create_model(
        "ExtractedFact", __base__=ExtractedFact, quotes=(Annotated[list[str], _bounded(1, MAX_QUOTES)], ...)
    )
    return create_model(
        "ChunkFacts",
        __base__=ChunkFacts,
        facts=(Annotated[list[fact], _bounded(least, most)], ...),  # type: ignore[valid-type,arg-type]  # a runtime class
    )


@functools.cache
def briefing_draft_schema(most: int) -> type[BriefingDraft]:
    """``BriefingDraft`` whose JSON schema asks for one to ``most`` sentences per section."""
    section = create_model(
        "DraftSection", __base__=DraftSection, sentences=(Annotated[list[DraftSentence], _bounded(1, most)], ...)
    )
    conflict = create_model(
        "DraftConflict",
        __base__=DraftConflict,
        facts=(Annotated[list[str], _bounded(2, MAX_CONFLICT_SIDES)], ...),
    )
    return create_model(
        "BriefingDraft",
        __base__=BriefingDraft,
        sections=(list[section], ...),  # type: ignore[valid-type]  # runtime
        conflicts=(Annotated[list[conflict], _bounded(0, MAX_CONFLICTS)], []),  # type: ignore[valid-type,arg-type]  # runtime
    )


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


def _settle(settled: dict[asyncio.Task[Any], asyncio.Future[None]]) -> Callable[[Any], None]:
    """Resolve the future of a map call's task (a task that has none, or a resolved one, is left)."""

    def settle(task: Any) -> None:
        future = settled.get(task)
        if future is not None and not future.done():
            future.set_result(None)

    return settle


def _load_conflict_check() -> None:
    import briefer.verify.sides  # noqa: F401  # imported for draft_conflicts, which imports it where it is used


def draft_conflicts(
    draft: BriefingDraft, facts: dict[str, Fact], sources: dict[str, Source]
) -> tuple[list[tuple[Conflict, list[str]]], list[str]]:
    """The conflicts the draft names, each with the fact ids of its sides, every side located in its
    source; and a note for every id or conflict dropped (unknown or merged id, quote not in its source,
    quotes that do not disagree)."""
    # Imported here, not at the top: the checker's modules (its word tables, simplemma) would otherwise
    # load before the first map request; by the time a draft names conflicts the checker is loaded.
    from briefer.verify.sides import Claimed, confirm_conflict

    found: list[tuple[Conflict, list[str]]] = []
    dropped: list[str] = []
    seen: set[frozenset[tuple[str, int]]] = set()
    for named in draft.conflicts:
        ids = list(dict.fromkeys(named.facts))
        claimed = []
        for i in ids:
            if i not in facts:
                dropped.append(f"{'/'.join(ids)}: {i} is not a listed fact")
            elif not i.startswith("F"):
                dropped.append(f"{'/'.join(ids)}: {i} stands for several facts, not one source's statement")
            else:
                claimed.append(Claimed(i, facts[i].citations))
        conflict, notes = confirm_conflict(named.about, "", claimed, sources)
        dropped += [f"{'/'.join(ids)}: {note}" for note in notes]
        if conflict is None:
            continue
        key = frozenset((s.source, s.start) for s in conflict.sides)
        if key not in seen:  # the same disagreement named at two reduce levels is shown once
            seen.add(key)
            sides = {(s.source, s.start) for s in conflict.sides}
            kept = [c.fact for c in claimed if any((x.source, x.start) in sides for x in c.citations)]
            found.append((conflict, kept or [c.fact for c in claimed]))
    return found, dropped


def assemble_briefing(
    draft: BriefingDraft,
    facts: dict[str, Fact],
    language: str,
    conflicts: list[tuple[Conflict, list[str]]] | None = None,
) -> Briefing:
    """The draft's sentences with fact ids turned back into citations; unknown ids cite nothing.

    ``conflicts`` (from ``draft_conflicts``): each conflict with the fact ids of its sides. A sentence
    citing one of them points at its conflict, and the conflict is filed under that sentence's story.
    """
    conflicts = conflicts or []
    conflict_of: dict[str, int] = {}
    for k, (_, ids) in enumerate(conflicts):
        for i in ids:
            conflict_of.setdefault(i, k)

    def sentence(draft_sentence: DraftSentence) -> Sentence:
        return _cited_sentence(draft_sentence, facts, language, conflict_of)

    essentials = Section(title=ESSENTIALS, sentences=[sentence(s) for s in draft.essentials])
    seen = [_words(s.text) for s in draft.essentials]
    sections = [essentials, *_story_sections(draft, sentence, seen, language)]
    room = MAX_BRIEFING_SENTENCES - sum(len(sec.sentences) for sec in sections)
    added = []
    for fact in left_out(draft, facts)[: max(0, room)]:
        words = _words(fact.statement)
        if not any(_same_sentence(words, other) for other in seen):
            seen.append(words)
            added.append(sentence(DraftSentence(text=fact.statement, facts=[fact.id])))
    if added:
        sections.append(Section(title=LEFT_OUT, sentences=added))
    headed = essentials.sentences or [s for sec in sections for s in sec.sentences]
    title = strip_markup(draft.title)  # as a reader sees it, and as its claim is checked
    return Briefing(
        title=title,
        language=language,
        sections=sections,
        conflicts=_filed_conflicts(conflicts, sections, draft.title),
        title_claim=_claim(title, headed, language),
    )


def _cited_sentence(
    draft_sentence: DraftSentence, facts: dict[str, Fact], language: str, conflict_of: dict[str, int]
) -> Sentence:
    ids = list(dict.fromkeys(draft_sentence.facts))
    cited = [facts[i] for i in ids if i in facts]
    citations = list({(c.source, c.quote, c.start): c for f in cited for c in f.citations}.values())
    sources = sorted({c.source for c in citations})
    return Sentence(
        text=strip_markup(draft_sentence.text),  # a model copies a Markdown article's "**48,000**"
        citations=citations,
        language=language,
        corroboration=max(1, len(sources)),
        corroborating_sources=sources,  # each cited: its own span is the one the checker reads
        conflict=_conflict_of(ids, facts, conflict_of),
    )


def _story_sections(
    draft: BriefingDraft, sentence: Callable[[DraftSentence], Sentence], seen: list[set[str]], language: str
) -> list[Section]:
    """The draft's sections, each sentence said already (``seen``, which grows) left out, and a section
    left with none dropped; each heading a claim citing what it heads."""
    sections = []
    for drafted in draft.sections:
        kept = []
        for s in drafted.sentences:
            words = _words(s.text)
            if any(_same_sentence(words, other) for other in seen):
                continue  # said already (small models repeat Essentials word for word in the sections)
            seen.append(words)
            kept.append(sentence(s))
        if kept:
            title = strip_markup(drafted.title)
            sections.append(Section(title=title, sentences=kept, title_claim=_claim(title, kept, language)))
    return sections


def _filed_conflicts(
    conflicts: list[tuple[Conflict, list[str]]], sections: list[Section], title: str
) -> list[Conflict]:
    """Each conflict filed under the story of the first sentence pointing at it: its own section first,
    else Essentials (the briefing's title), else the title."""
    stories: dict[int, str] = {}
    essentials = sections[0]
    for section in sections[1:] + sections[:1]:
        for said in section.sentences:
            if said.conflict is not None:
                stories.setdefault(said.conflict, section.title if section is not essentials else title)
    return [c.model_copy(update={"story": stories.get(k, title)}) for k, (c, _) in enumerate(conflicts)]


def left_out(draft: BriefingDraft, facts: dict[str, Fact]) -> list[Fact]:
    """The located map facts a draft cites nothing of, when it cites under half of them; else none."""
    located = [f for i, f in facts.items() if not i.startswith("G") and any(c.start is not None for c in f.citations)]
    said = [*draft.essentials, *(s for sec in draft.sections for s in sec.sentences)]
    cited = {(c.source, c.quote) for s in said for i in s.facts if i in facts for c in facts[i].citations}
    missing = [f for f in located if not cited & {(c.source, c.quote) for c in f.citations}]
    return missing if len(missing) * 2 > len(located) else []


def _conflict_of(ids: list[str], facts: dict[str, Fact], conflict_of: dict[str, int]) -> int | None:
    """The conflict one of ``ids`` is a side of; a merged (G) fact stands for the facts it merged."""
    for i in ids:
        if i in conflict_of:
            return conflict_of[i]
    merged = [facts[i] for i in ids if i.startswith("G") and i in facts]
    quotes = {(c.source, c.quote) for f in merged for c in f.citations}
    for j, k in conflict_of.items():
        if quotes & {(c.source, c.quote) for c in facts[j].citations}:
            return k
    return None


def _claim(text: str, under: list[Sentence], language: str) -> Sentence:
    """A title or heading as a sentence citing everything it heads, for the checker."""
    citations = list({(c.source, c.quote, c.start): c for s in under for c in s.citations}.values())
    return Sentence(text=text, citations=[c.model_copy() for c in citations], language=language)


_WORD = re.compile(r"\w+")


def _words(text: str) -> set[str]:
    return set(_WORD.findall(text.casefold()))


def _same_sentence(a: set[str], b: set[str]) -> bool:
    """The same sentence give or take a word or two: 80 % of the words of both in common."""
    return bool(a and b) and len(a & b) / len(a | b) >= 0.8

"""Verdicts bound to what they checked: a verdict in a briefing file is trusted only while it still matches.

A verdict records (``Verdict.binding``) the sha256 of the sentence's text, of its citations, of each
cited source's text and the checker's version, and a seal over all of that with the verdict and the
corroboration it vouches for. ``confirm_briefing`` re-checks every sentence whose binding does not
match — text or citations edited after checking, a source that changed, another checker, a verdict
or a corroboration written by hand — so review and export never use a verdict the checker did not
make or confirm. A re-checked sentence's corroboration is recomputed from its own verdict: only the
sources whose cited spans the checker found supporting it, and the other sources' spans it confirmed
(each corroborating source's text is bound too).

The seal is an integrity check, not a signature: it catches hand edits and stale files, not someone
who recomputes it with this module.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from functools import cache
from importlib.resources import files

from briefer.config import Settings
from briefer.models import Briefing, Sentence, Source, SourceInfo, VerdictBinding


def checker_version() -> str:
    """The checker's version: ``briefer.verify.CHECKER_VERSION`` when it declares one, else a digest of
    the checker's own source files, so that any change to the checker makes its old verdicts stale."""
    from briefer import verify

    declared = getattr(verify, "CHECKER_VERSION", None)
    return str(declared) if declared else f"src-{_checker_source_digest()}"


@cache
def _checker_source_digest() -> str:
    # The rules (verify/), the word knowledge they read (lexicon/, tables included) and the hidden-character
    # check all decide verdicts: a change to any of them makes old verdicts stale.
    digest = hashlib.sha256()
    for package_name in ("briefer.verify", "briefer.lexicon"):
        package = files(package_name)
        for entry in sorted(package.iterdir(), key=lambda e: e.name):
            # ``.fields``: the shipped WordNet index, derived from wordnet.tsv.gz and wordnet.py (both
            # hashed here) and used only while it matches them (lexicon/wordnet.py)
            if entry.is_file() and not entry.name.endswith((".pyc", "LICENSE", ".fields")):
                digest.update(f"{package_name}/{entry.name}".encode() + b"\0" + entry.read_bytes() + b"\0")
    controls = files("briefer").joinpath("controls.py")
    digest.update(b"briefer/controls.py\0" + controls.read_bytes())
    return digest.hexdigest()[:16]


def _sha(value: object) -> str:
    return hashlib.sha256(json.dumps(value, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()


def text_digest(sentence: Sentence) -> str:
    return _sha(sentence.text)


def citations_digest(sentence: Sentence) -> str:
    return _sha([[c.source, c.quote, c.start, c.end] for c in sentence.citations])


def content_digest(sentence: Sentence) -> str:
    """sha256 of what an editor decides on: the sentence's text and its citations."""
    return _sha([text_digest(sentence), citations_digest(sentence)])


def source_digest(source: Source) -> str:
    """sha256 of a source's text as the checker read it."""
    return hashlib.sha256(source.text.encode("utf-8")).hexdigest()


def _seal(sentence: Sentence, binding: VerdictBinding) -> str:
    verdict = sentence.verdict
    held = verdict.model_dump(mode="json", exclude={"binding"}) if verdict is not None else None
    return _sha(
        [
            binding.model_dump(mode="json", exclude={"seal"}),
            held,
            sentence.corroboration,
            sentence.corroborating_sources,
            [[c.source, c.quote, c.start, c.end, c.label] for c in sentence.corroborating_citations],
        ]
    )


def _binding(sentence: Sentence, digests: Mapping[str, str]) -> VerdictBinding:
    return VerdictBinding(
        text=text_digest(sentence),
        citations=citations_digest(sentence),
        sources={c.source: digests.get(c.source) for c in sentence.citations},
        checker=checker_version(),
        corroborating={c.source: digests.get(c.source) for c in sentence.corroborating_citations},
        seal="",
    )


def bind(sentence: Sentence, sources: Mapping[str, Source] | Sequence[Source]) -> Sentence:
    """Bind ``sentence``'s verdict (just made by the checker) to what it checked, in place."""
    if sentence.verdict is None:
        return sentence
    by_id = _by_id(sources)
    cited = [*sentence.citations, *sentence.corroborating_citations]
    digests = {c.source: source_digest(by_id[c.source]) for c in cited if c.source in by_id}
    _bind(sentence, digests)
    return sentence


def _bind(sentence: Sentence, digests: Mapping[str, str]) -> None:
    if sentence.verdict is None:
        return
    binding = _binding(sentence, digests)
    sentence.verdict.binding = binding
    binding.seal = _seal(sentence, binding)


def bind_briefing(briefing: Briefing, sources: Sequence[Source]) -> Briefing:
    """Bind every verdict of a briefing the checker has just checked against ``sources``, in place."""
    digests = {s.id: source_digest(s) for s in sources}
    for _, _, sentence in briefing.sentences():
        _bind(sentence, digests)
    return briefing


def stale_reason(sentence: Sentence, digests: Mapping[str, str]) -> str | None:
    """Why the sentence's verdict cannot be trusted as it stands, or None when it is bound and matches.

    ``digests`` maps each given source's id to ``source_digest``."""
    verdict = sentence.verdict
    if verdict is None:
        return "never checked"
    bound = verdict.binding
    if bound is None:
        return "its verdict says nothing of what it checked"
    if bound.text != text_digest(sentence):
        return "text changed since it was checked"
    if bound.citations != citations_digest(sentence):
        return "citations changed since it was checked"
    for source_id, digest in bound.sources.items():
        if source_id not in digests:
            return f"source {source_id} is not among the given sources"
        if digests[source_id] != digest:
            return f"source {source_id} changed since it was checked"
    if set(bound.sources) != {c.source for c in sentence.citations}:
        return "citations changed since it was checked"
    for source_id, digest in bound.corroborating.items():
        if digests.get(source_id) != digest:
            return f"source {source_id}, counted as corroborating, changed since it was checked"
    if set(bound.corroborating) != {c.source for c in sentence.corroborating_citations}:
        return "corroborating spans changed since they were checked"
    if bound.checker != checker_version():
        return "checked by another version of the checker"
    if bound.seal != _seal(sentence, bound):
        return "verdict or corroboration edited after checking"
    return None


def recompute_corroboration(sentence: Sentence) -> None:
    """The sources that report the sentence, as its own verdict and its confirmed corroborating spans
    show them (``verify.corroboration.count_corroboration``): the cited sources of a verdict that is not
    flagged and the other sources' spans the checker confirmed; one (its own) otherwise."""
    from briefer.verify.corroboration import count_corroboration

    count_corroboration(sentence)


def recheck_sentence(
    sentence: Sentence, sources: Mapping[str, Source] | Sequence[Source], settings: Settings | None = None
) -> Sentence:
    """A re-checked, re-bound copy of ``sentence`` with its corroboration recomputed (the review's re-check)."""
    from briefer.verify import check_sentence

    by_id = _by_id(sources)
    checked = check_sentence(sentence, by_id, settings=settings)
    recompute_corroboration(checked)
    return bind(checked, by_id)


def recheck_briefing(briefing: Briefing, sources: Sequence[Source], settings: Settings | None = None) -> Briefing:
    """Every sentence checked again (``briefer check``), its corroborating spans confirmed again and its
    corroboration recomputed from them, as summarize did; bound."""
    from briefer.verify import check_briefing

    digests = {s.id: source_digest(s) for s in sources}
    checked = check_briefing(briefing, list(sources), settings=settings)
    for _, _, sentence in checked.sentences():
        _bind(sentence, digests)
    checked.sources = _merge_sources(checked, sources)
    return checked


def confirm_briefing(
    briefing: Briefing,
    sources: Sequence[Source],
    settings: Settings | None = None,
    on_warning: Callable[[str], None] | None = None,
) -> Briefing:
    """``briefing`` itself when every verdict is bound and matches; else a copy in which every sentence
    whose binding does not match is checked again, corroboration recomputed, and bound."""
    from briefer.verify import check_briefing, check_sentence

    digests = {s.id: source_digest(s) for s in sources}
    stale = [(si, i, reason) for si, i, s in briefing.sentences() if (reason := stale_reason(s, digests))]
    if not stale:
        return briefing
    settings = settings or Settings.from_env()
    by_id = {s.id: s for s in sources}
    if len(stale) == len(briefing.sentences()):
        # Everything: one pass, so the checker sees the whole briefing (wrong --sources, one judge batch).
        checked = check_briefing(briefing, list(sources), settings=settings)
    else:
        checked = briefing.model_copy(deep=True)
        for si, i, _ in stale:
            checked.sections[si].sentences[i] = check_sentence(
                checked.sections[si].sentences[i], by_id, settings=settings
            )
    for si, i, _ in stale:
        sentence = checked.sections[si].sentences[i]
        recompute_corroboration(sentence)
        _bind(sentence, digests)
    checked.sources = _merge_sources(checked, sources)
    if on_warning is not None:
        never = [r for _, _, r in stale if r == "never checked"]
        shown = [f"{si + 1}.{i + 1} ({reason})" for si, i, reason in stale if reason != "never checked"]
        if shown:
            listed = "; ".join(shown[:8]) + (f"; … {len(shown) - 8} more" if len(shown) > 8 else "")
            on_warning(
                f"{len(shown)} verdict(s) no longer matched what was checked and were checked again: "
                f"{listed}" + (f" (and {len(never)} sentence(s) never checked)" if never else "")
            )
    return checked


def _merge_sources(briefing: Briefing, sources: Sequence[Source]) -> list[SourceInfo]:
    """The briefing's source list with each given source's current record (path, sha256) in its place."""
    given = {s.id: s.info() for s in sources}
    merged = [given.pop(info.id, info) for info in briefing.sources]
    return merged + list(given.values())


def _by_id(sources: Mapping[str, Source] | Sequence[Source]) -> Mapping[str, Source]:
    return sources if isinstance(sources, Mapping) else {s.id: s for s in sources}

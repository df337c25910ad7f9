"""Characters that change what text looks like without being seen: bidirectional controls and zero-width marks.

A right-to-left override (U+202E) makes the two characters "21" display as "12": the checker reads
one thing while the editor sees another beside "✓ supported". Zero-width characters hide inside a
word and make two spellings that look the same compare different. None of them belongs in news
prose, so briefer never lets them act:

- ingest records where they are (``Source.controls``, from :func:`find_controls`);
- the checker flags a sentence whose text, quote or cited span holds one, naming the characters
  (:func:`flag_hidden`, called where verdicts are set);
- every report shows them as ``⟨U+202E⟩`` (:func:`reveal`, :func:`reveal_text`) instead of letting
  them reorder or hide text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import TYPE_CHECKING

from briefer.models import Briefing, Sentence, Source, Span, VerdictLabel

if TYPE_CHECKING:
    from rich.text import Text

# Bidirectional embeddings, overrides and isolates, the implicit direction marks, the Arabic letter
# mark; zero-width space, non-joiner, joiner, word joiner, and a byte-order mark inside the text
# (ingest drops a leading one: there it is an encoding marker).
HIDDEN_CHARACTERS = (
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c\u200b\u200c\u200d\u2060\ufeff"
)
# Also hidden, and kept out of the per-character tables: the invisible mathematical operators, the
# Mongolian vowel separator, and the Unicode tag characters, which can spell out a whole instruction
# that no reader sees ("ASCII smuggling").
OTHER_HIDDEN_RANGES = "\u2061-\u2064\u180e\U000e0000-\U000e007f"
_HIDDEN = re.compile(f"[{HIDDEN_CHARACTERS}{OTHER_HIDDEN_RANGES}]+")
_HIDDEN_ONE = re.compile(f"[{HIDDEN_CHARACTERS}{OTHER_HIDDEN_RANGES}]")
# The label a hidden character turns a passing verdict into. The checker's labels are being renamed
# (issue 9), so the first of these that exists is used: the rules did not check what a reader sees.
_FLAGGED_LABELS = ("not_in_source", "unsupported")
# A smuggled instruction is dozens of distinct tag characters; a reason names the first few.
_NAMED_AT_MOST = 4


def find_controls(text: str) -> tuple[Span, ...]:
    """Every run of hidden characters in ``text``, in order."""
    return tuple(Span(start=m.start(), end=m.end()) for m in _HIDDEN.finditer(text))


def codepoint(char: str) -> str:
    return f"U+{ord(char):04X}"


def reveal(text: str) -> str:
    """``text`` with every hidden character written out as ``⟨U+XXXX⟩``."""
    return _HIDDEN_ONE.sub(lambda m: f"⟨{codepoint(m.group(0))}⟩", text)


def reveal_text(text: Text, style: str = "bold reverse red") -> Text:
    """A rich ``Text`` with every hidden character written out as ``⟨U+XXXX⟩``, its other styles kept."""
    from rich.text import Text

    plain = text.plain
    hits = [m.start() for m in _HIDDEN_ONE.finditer(plain)]
    if not hits:
        return text
    out = Text(style=text.style, end=text.end, justify=text.justify, no_wrap=text.no_wrap)
    done = 0
    for at in hits:
        out.append_text(text[done:at])
        out.append(f"⟨{codepoint(plain[at])}⟩", style=style)
        done = at + 1
    out.append_text(text[done:])
    return out


def describe(chars: str) -> str:
    """ "U+202E (RIGHT-TO-LEFT OVERRIDE), U+200B (ZERO WIDTH SPACE)" for the distinct characters in ``chars``."""
    distinct = list(dict.fromkeys(c for c in chars if _HIDDEN_ONE.match(c)))
    named = ", ".join(f"{codepoint(c)} ({unicodedata.name(c, 'unnamed')})" for c in distinct[:_NAMED_AT_MOST])
    more = len(distinct) - _NAMED_AT_MOST
    return named + (f" and {more} more" if more > 0 else "")


def _hidden_in_source(source: Source, start: int, end: int) -> str:
    if not source.controls:  # the cited range only: not a scan of the whole text for every citation
        return "".join(_HIDDEN.findall(source.text, start, end))
    spans = source.controls
    return "".join(source.text[max(s.start, start) : min(s.end, end)] for s in spans if s.start < end and start < s.end)


def flag_hidden(sentence: Sentence, sources: Mapping[str, Source]) -> None:
    """Flag ``sentence`` (in place) when its text, a quote or a cited span holds a hidden character.

    The reason names the characters and where they are; a verdict that passed becomes a flagged one
    with score 0, since what was checked is not what a reader sees.
    """
    places: list[tuple[str, str]] = []
    if found := "".join(_HIDDEN_ONE.findall(sentence.text)):
        places.append(("the sentence", found))
    for cite in sentence.citations:
        found = "".join(_HIDDEN_ONE.findall(cite.quote or ""))
        source = sources.get(cite.source)
        if source is not None and cite.start is not None and cite.end is not None:
            found += _hidden_in_source(source, cite.start, cite.end)
        if found:
            places.append((f"the span cited from {cite.source}", found))
    verdict = sentence.verdict
    if not places or verdict is None:
        return
    where = "; ".join(f"{describe(chars)} in {place}" for place, chars in places)
    reason = f"hidden characters: {where}: the text may display differently from what was checked"
    update: dict[str, object] = {"reasons": [reason, *verdict.reasons]}
    if not verdict.flagged:
        label = next(VerdictLabel(v) for v in _FLAGGED_LABELS if v in VerdictLabel._value2member_map_)
        update |= {"label": label, "score": 0.0}
    sentence.verdict = verdict.model_copy(update=update)


def flag_hidden_in_briefing(briefing: Briefing, sources: Mapping[str, Source]) -> None:
    """:func:`flag_hidden` for every sentence of ``briefing`` (in place)."""
    for _, _, sentence in briefing.sentences():
        flag_hidden(sentence, sources)

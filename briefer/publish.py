"""The publishing rules, in one place for every renderer: which sentences an export may carry, and how.

A flagged sentence may only be published once an editor has settled it. Until then an export is
refused (``ExportBlocked``) unless the caller explicitly allows open sentences, which are then marked
``[unverified]``. An acceptance covers the text and citations it was made on (``Decision.sentence``):
change either afterwards and the sentence is open again. A drop always holds: leaving a sentence out
never publishes anything unchecked.
"""

from __future__ import annotations

from collections.abc import Sequence

from briefer.binding import content_digest
from briefer.errors import InputError
from briefer.models import Briefing, Decision, DecisionAction, Sentence

UNVERIFIED_MARK = "[unverified]"


class ExportBlocked(InputError):
    """Flagged sentences are still undecided; ``open_sentences`` lists them as (section, index, text)."""

    def __init__(self, open_sentences: Sequence[tuple[int, int, str]]) -> None:
        self.open_sentences = list(open_sentences)
        listed = "; ".join(f"{si + 1}.{i + 1} {text!r}" for si, i, text in self.open_sentences)
        super().__init__(
            f"{len(self.open_sentences)} flagged sentence(s) still undecided — review them "
            f"(briefer review) or pass --allow-open to export them marked {UNVERIFIED_MARK}: {listed}"
        )


def is_unverified(sentence: Sentence) -> bool:
    """The checker could not tell (or never looked): neither supported nor shown as such."""
    return sentence.verdict is None or sentence.unverified


def applies(decision: Decision, sentence: Sentence) -> bool:
    """Whether ``decision`` was made on the sentence as it stands (same text, same citations)."""
    return decision.sentence is not None and decision.sentence == content_digest(sentence)


def is_accepted(sentence: Sentence) -> bool:
    """An editor accepted the sentence as it stands now."""
    decision = sentence.decision
    return decision is not None and decision.action is DecisionAction.ACCEPTED and applies(decision, sentence)


def is_settled(sentence: Sentence) -> bool:
    """Whether the sentence needs no further editor decision.

    Accepting (the sentence as it stands) or dropping settles a sentence. An edit or a new citation
    settles it only when the re-check supports it: an editor must not turn an unsupported claim into
    another unsupported one without saying so by accepting it.
    """
    # An unverified sentence is not flagged, but nothing confirmed it either: it waits for a decision.
    return is_dropped(sentence) or is_accepted(sentence) or not (sentence.flagged or is_unverified(sentence))


def is_dropped(sentence: Sentence) -> bool:
    return sentence.decision is not None and sentence.decision.action is DecisionAction.DROPPED


def open_sentences(briefing: Briefing) -> list[tuple[int, int, Sentence]]:
    """Flagged sentences no editor has settled, as (section index, sentence index, sentence)."""
    return [(si, i, s) for si, i, s in briefing.sentences() if not is_settled(s)]


def ensure_publishable(briefing: Briefing, allow_open: bool) -> None:
    """Raise ``ExportBlocked`` while flagged sentences are undecided, unless ``allow_open``."""
    pending = open_sentences(briefing)
    if pending and not allow_open:
        raise ExportBlocked([(si, i, s.text) for si, i, s in pending])


def published(briefing: Briefing, allow_open: bool) -> list[tuple[int, int, Sentence]]:
    """The sentences a publishable export carries, in order (dropped ones left out), after the gate."""
    ensure_publishable(briefing, allow_open)
    return [(si, i, s) for si, i, s in briefing.sentences() if not is_dropped(s)]

"""The checker: every citation grounded to exact source offsets, every sentence given a verdict.

``check_briefing`` for a whole briefing, ``check_sentence`` for one (the review loop's re-check),
``check_report`` for the scriptable summary, ``locate_quote`` and ``suggest_citations`` for the
pieces. Offline and deterministic unless ``settings.judge == "llm"``.
"""

from briefer.verify.evidence import suggest_citations
from briefer.verify.quotes import locate_quote
from briefer.verify.verdicts import check_briefing, check_report, check_sentence

__all__ = ["check_briefing", "check_report", "check_sentence", "locate_quote", "suggest_citations"]

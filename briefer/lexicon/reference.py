"""Words that decide whether a sentence refers back to the one before it (the extractive engine's
leaning-sentence rules, engines/extractive.py): an editor who finds a missed word adds it here.
No loading: plain tables, read at import.
"""

from __future__ import annotations

# "those" names people by what they did or what befell them, not something said before: "criminal
# proceedings against those responsible", "those affected by the floods". Not a demonstrative.
THOSE_WHO = frozenset(
    "responsible involved affected concerned killed injured wounded hurt arrested detained accused "
    "charged convicted missing present living remaining displaced evacuated trapped rescued "
    "surveyed questioned polled interviewed close".split()
)

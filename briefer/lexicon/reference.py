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

# Words that say the same thing in English and German, for telling that a sentence in one language
# repeats a chosen one in the other (the extractive engine's repeats, engines/repeats.py): the same
# names and one of these groups ("… which Putin … claimed was being unsuccessful" after "… die von
# Putin als „gescheitert“ bezeichnet wurde"). Each line: English words, "|", German stems (a German
# word holding the stem says it). The checker's cross-language groups are lexicon.words.CROSS_GROUPS.
CROSS_SAME = """
fail fails failed failing failure unsuccessful | scheiter gescheitert misserfolg fehlschlag
resign resigns resigned resignation | rücktritt zurückgetreten zurückzutreten
evacuate evacuated evacuation | evakuier
derail derailed derailment | entgleis
""".strip()

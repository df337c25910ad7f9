"""The lexicon's decoded tables cached in briefer's cache directory (briefer/lexicon/store.py): a cached
read gives exactly what decoding gives, a damaged or stale file is rebuilt, concurrent runs agree."""

from __future__ import annotations

import gzip
import hashlib
import json
import lzma
import os
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest
import simplemma

from briefer import sealed
from briefer.lexicon import simplemma_english, store, wordnet, words

ROOT = Path(__file__).resolve().parent.parent


def lexicon_files(cache: Path) -> list[Path]:
    return sorted((cache / "lexicon").iterdir()) if (cache / "lexicon").is_dir() else []


def a_table(extra: str = "") -> bytes:
    """A small table in wordnet.tsv.gz's layout (synsets, antonyms, broader, derived, then hypernyms)."""
    lines = [
        "S\tn\tcar auto automobile",
        "S\tv\tbuy purchase",
        "A\thot\tcold",
        "B\twhisper\tspeak",
        "D\tresign\tresignation",
        "G\ttruck\tvehicle conveyance",
        "G\twoman\tperson adult",
    ]
    return gzip.compress(("\n".join(lines) + "\n" + extra).encode("utf-8"), mtime=0)  # the same bytes each call


def plain_tables(data: bytes) -> dict[str, object]:
    """The reference: the table and the news tables parsed into plain dicts in one pass, WordNet's
    lines first (as words._Tables held them before the index was shipped)."""
    fields = wordnet.parse(data)
    for line in words.PARAPHRASES.splitlines():
        wordnet.add_group(fields["groups"], fields["in_groups"], line.split())
    for line in words.OPPOSITES.splitlines():
        wordnet.add_pair(fields["opposite"], *line.split())
    return fields


def test_identity_the_bundled_table_read_from_the_shipped_index_is_the_table_parsed(tmp_path, monkeypatch):
    """An identity check: every field of the bundled table, read from the shipped index with the news
    tables joined, equals the tables parsed afresh into plain dicts; nothing is written to the cache."""
    monkeypatch.setenv("BRIEFER_CACHE_DIR", str(tmp_path))
    shipped = words._Tables()
    assert lexicon_files(tmp_path) == []  # the shipped index was read: no WordNet file in the cache
    parsed = plain_tables(wordnet.table_bytes())
    assert vars(shipped).keys() == vars(words._Tables(wordnet=False)).keys() == parsed.keys()
    assert vars(shipped) == parsed
    assert isinstance(shipped.general, store.Index) and isinstance(shipped.verbs, store.IndexSet)
    assert shipped.general and shipped.in_groups and shipped.broader and shipped.verbs
    news = words.PARAPHRASES.split()[0]  # a word of the first news group: its group comes after WordNet's
    assert shipped.in_groups[news] == parsed["in_groups"][news] and shipped.groups[-1] == parsed["groups"][-1]


def test_the_shipped_index_is_the_one_tools_wordnet_index_builds():
    # Fails after a change to wordnet.tsv.gz, lexicon/wordnet.py or the store's layout until
    # `.venv/bin/python tools/wordnet_index.py` is run (a stale file is slow, not wrong: next tests).
    assert wordnet.shipped_bytes() == wordnet.shipped_file(wordnet.table_bytes()), "run tools/wordnet_index.py"


@pytest.mark.parametrize(
    "shipped",
    [
        lambda data: b"",  # missing
        lambda data: data[: len(data) // 2],  # truncated
        lambda data: data[:5000] + bytes([data[5000] ^ 1]) + data[5001:],  # one bit flipped
        lambda data: data[:32] + b"0" * 32 + data[64:],  # another table's or parser's key (unsealed now)
        lambda data: sealed.seal(b"0" * 32 + bytes(sealed.unseal(data) or b"")[32:]),  # another key, sealed
    ],
    ids=["missing", "truncated", "bit flipped", "key changed", "another key"],
)
def test_a_shipped_index_that_is_missing_damaged_or_stale_means_parsing_and_caching(tmp_path, monkeypatch, shipped):
    monkeypatch.setenv("BRIEFER_CACHE_DIR", str(tmp_path))
    damaged = shipped(wordnet.shipped_bytes())
    monkeypatch.setattr(wordnet, "shipped_bytes", lambda: damaged)
    first = words._Tables()
    (path,) = lexicon_files(tmp_path)  # parsed and cached as before the index was shipped
    assert path.name.startswith("wordnet-")
    assert vars(first) == vars(words._Tables()) == plain_tables(wordnet.table_bytes())
    assert lexicon_files(tmp_path) == [path]  # the second read came from the cache


def test_a_shipped_index_with_the_right_key_but_other_tables_is_not_read():
    data = wordnet.shipped_bytes()
    key = wordnet.shipped_key(wordnet.table_bytes())
    assert wordnet.read_shipped(data, key) is not None
    other = sealed.seal(key.encode() + (store.encode({"groups": []}) or b""))
    assert wordnet.read_shipped(other, key) is None  # not the fields words._Tables reads


@pytest.mark.parametrize(
    "extra",
    [
        "",
        "S\tv\tsell vend\n",  # a synset after the hypernyms: the line-by-line path
        "B\tmurmur\tspeak\nD\tsell\tsale\n",  # more relations after them
    ],
)
def test_a_table_of_the_same_layout_reads_back_from_the_cache_as_parsed(tmp_path, monkeypatch, extra):
    monkeypatch.setenv("BRIEFER_CACHE_DIR", str(tmp_path))
    first = words._Tables(data=a_table(extra))
    second = words._Tables(data=a_table(extra))
    assert vars(second) == vars(first)
    assert second.general["truck"] == "vehicle conveyance"
    assert {w for g in second.in_groups["car"] for w in second.groups[g]} == {"car", "auto", "automobile"}
    assert len(lexicon_files(tmp_path)) == 1


def test_a_changed_table_is_never_read_from_the_old_tables_cache_and_replaces_it(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFER_CACHE_DIR", str(tmp_path))
    words._Tables(data=a_table())
    (old,) = lexicon_files(tmp_path)
    changed = words._Tables(data=a_table("A\tbig\tsmall\n"))
    assert changed.opposite["big"] == ["small"]
    (new,) = lexicon_files(tmp_path)  # each table has its own key; the old table's file is gone
    assert new != old and vars(words._Tables(data=a_table("A\tbig\tsmall\n"))) == vars(changed)


def test_an_older_file_that_cannot_be_removed_leaves_the_run_working(tmp_path, monkeypatch):
    # A shared cache directory (the sticky bit: another user's file) refuses the unlink; before, the
    # PermissionError stopped the run.
    monkeypatch.setenv("BRIEFER_CACHE_DIR", str(tmp_path))
    store.cached("t", store.cache_key(b"1"), lambda: {"a": ["b"]})
    real_unlink = Path.unlink

    def refuse(self: Path, missing_ok: bool = False) -> None:
        if self.name.startswith("t-"):
            raise PermissionError(13, "Operation not permitted", str(self))
        real_unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", refuse)
    assert store.cached("t", store.cache_key(b"2"), lambda: {"a": ["c"]}) == {"a": ["c"]}
    assert len([p for p in lexicon_files(tmp_path) if p.name.startswith("t-")]) == 2


def test_a_cache_of_another_name_is_left_alone(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFER_CACHE_DIR", str(tmp_path))
    store.cached("other", store.cache_key(b"x"), lambda: {"a": ["b"]})
    words._Tables(data=a_table())
    assert sorted(p.name.split("-")[0] for p in lexicon_files(tmp_path)) == ["other", "wordnet"]


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # truncated
        lambda data: data[:40] + bytes([data[40] ^ 1]) + data[41:],  # one bit flipped
        lambda data: b"",  # empty
        lambda data: b"not a cache file at all",
    ],
    ids=["truncated", "bit flipped", "empty", "garbage"],
)
def test_a_damaged_cache_file_is_rebuilt_not_read(tmp_path, monkeypatch, damage):
    monkeypatch.setenv("BRIEFER_CACHE_DIR", str(tmp_path))
    expected = vars(words._Tables(data=a_table()))
    (path,) = lexicon_files(tmp_path)
    whole = path.read_bytes()
    path.write_bytes(damage(whole))
    assert vars(words._Tables(data=a_table())) == expected
    assert path.read_bytes() == whole  # rewritten whole


@pytest.mark.parametrize(
    "body",
    [
        b'[["groups","dict"]]',  # not this layout at all
        b"\x04\x00\x00\x00\x00\x00\x00\x00[{}]",  # a header naming fields that are not there
        b'L\x00\x00\x00\x00\x00\x00\x00[{"name":"general","table":"map","values":"str","at":0,"count":9,"len":1}]  ',
    ],
    ids=["another layout", "fields missing", "a table past the end"],
)
def test_a_well_formed_file_that_does_not_fit_its_header_is_rebuilt(tmp_path, monkeypatch, body):
    monkeypatch.setenv("BRIEFER_CACHE_DIR", str(tmp_path))
    expected = vars(words._Tables(data=a_table()))
    (path,) = lexicon_files(tmp_path)
    path.write_bytes(hashlib.sha256(body).digest() + body)
    assert store.read(path) is None
    assert vars(words._Tables(data=a_table())) == expected


def test_an_unwritable_cache_directory_only_means_parsing_again(tmp_path, monkeypatch):
    blocker = tmp_path / "a file"
    blocker.write_text("")
    monkeypatch.setenv("BRIEFER_CACHE_DIR", str(blocker / "cache"))  # under a file: mkdir fails
    assert vars(words._Tables(data=a_table())) == vars(words._Tables(data=a_table()))


def test_no_temporary_file_is_left_behind(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFER_CACHE_DIR", str(tmp_path))
    words._Tables(data=a_table())
    assert [p.name.startswith("wordnet-") for p in lexicon_files(tmp_path)] == [True]


CHILD = """
import hashlib, json, sys
from briefer.lexicon import words
tables = words._tables()
lemmas = [sorted(words.lemmas(w)) for w in ("went", "stopping", "negotiations", "Shares")]
known = [words.is_known(w) for w in ("ultimately", "shares", "zzyzx")]
print(hashlib.sha256(json.dumps([sorted(vars(tables)), dict(tables.general), dict(tables.in_groups), lemmas, known],
                                sort_keys=True).encode()).hexdigest())
"""


def test_concurrent_runs_with_an_empty_cache_agree_and_leave_one_whole_file_per_table(tmp_path):
    env = {**os.environ, "BRIEFER_CACHE_DIR": str(tmp_path)}
    runs = [
        subprocess.Popen([sys.executable, "-c", CHILD], env=env, stdout=subprocess.PIPE, text=True) for _ in range(4)
    ]
    digests = {run.communicate(timeout=300)[0].strip() for run in runs}
    assert all(run.returncode == 0 for run in runs)
    again = subprocess.run([sys.executable, "-c", CHILD], env=env, capture_output=True, text=True, check=True)
    assert digests == {again.stdout.strip()}  # the cached read agrees with the racing builders
    names = [p.name.split("-")[0] for p in lexicon_files(tmp_path)]
    assert names == ["simplemma"]  # whole files only: no temporary left, no torn file (WordNet is shipped)
    for path in lexicon_files(tmp_path):
        assert store.read(path) is not None


# ---------------------------------------------------------------- simplemma's dictionary


def sample_words() -> list[str]:
    keys = sorted(simplemma.strategies.dictionaries.DefaultDictionaryFactory().get_dictionary("en"))
    return [*keys[::97], "went", "stopping", "Shares", "Ultimately", "naïve", "zzyzx", "o'clock", "re-elected"]


def test_identity_lemmas_and_known_words_over_the_cached_dictionary_are_simplemmas(tmp_path, monkeypatch):
    """An identity check: over a sample of simplemma's English dictionary and a few other words,
    the cached dictionary gives simplemma.lemmatize's and simplemma.is_known's answers, built and read."""
    monkeypatch.setenv("BRIEFER_CACHE_DIR", str(tmp_path))
    sample = sample_words()
    for _ in ("built", "read from the cache"):
        words._english.cache_clear()
        lemmatizer, lookup = words._english()
        for word in sample:
            assert lemmatizer.lemmatize(word, "en") == simplemma.lemmatize(word, lang="en"), word
            known = lookup.get_lemma(word, "en") is not None
            assert known == simplemma.is_known(word, lang="en"), word
        assert [p.name.split("-")[0] for p in lexicon_files(tmp_path)] == ["simplemma"]
    words._english.cache_clear()
    for check in (words.is_known.__wrapped__, simplemma.is_known):
        with pytest.raises(ValueError):
            check("", "en")


def test_a_damaged_dictionary_cache_is_rebuilt(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFER_CACHE_DIR", str(tmp_path))
    words._english.cache_clear()
    words._english()[0].lemmatize("went", "en")
    (path,) = lexicon_files(tmp_path)
    whole = path.read_bytes()
    path.write_bytes(whole[:1000])
    words._english.cache_clear()
    assert words._english()[0].lemmatize("went", "en") == "go"
    assert path.read_bytes() == whole
    words._english.cache_clear()


def english_stream() -> bytes:
    return resources.files("simplemma.strategies.dictionaries").joinpath("data", "en.plzma").read_bytes()


def test_identity_the_english_dictionary_decoded_straight_is_simplemmas():
    """An identity check: every entry decoded straight from simplemma's stream is simplemma's own
    decoding of the same bytes, and the two index to the same bytes."""
    from simplemma.strategies.dictionaries import frontcode

    found = simplemma_english.entries(english_stream())
    theirs = frontcode._decode_stream(lzma.decompress(english_stream()))
    assert found is not None and len(found) == len(theirs) > 100_000
    assert found == [key + b"\x00" + value for key, value in sorted(theirs.items())]
    assert store.encode({"en": found}) == store.encode({"en": theirs})


def restream(edit) -> bytes:
    return lzma.compress(edit(lzma.decompress(english_stream())))


@pytest.mark.parametrize(
    "stream",
    [
        lambda: b"not lzma at all",
        lambda: restream(lambda data: b"SMFC2" + data[5:]),  # another layout
        lambda: restream(lambda data: data[:5] + b"\x01" + data[6:]),  # keys stored reversed
        lambda: restream(lambda data: data[: len(data) // 2]),  # truncated
        lambda: restream(lambda data: data[:-1]),  # the last value one byte short
        lambda: restream(lambda data: data + data[6 + 3 :]),  # the records again: keys no longer increase
    ],
    ids=["not lzma", "another magic", "reversed keys", "truncated", "last byte missing", "keys not increasing"],
)
def test_a_stream_of_another_layout_is_left_to_simplemmas_own_decoding(stream):
    assert simplemma_english.entries(stream()) is None


# ---------------------------------------------------------------- the format


@pytest.mark.parametrize(
    "state",
    [
        {"a": {"x": "y z", "w": ""}},
        {"a": {"x": [1, 2], "y": [3]}, "b": ["p", "q"], "c": {"p", "q"}, "d": [], "e": set()},
        {"groups": [["a", "b"], ["c"]], "in": {"a": [0], "b": [0], "c": [1]}},
        {"a": {"naïve": ["Wörter", "日本"]}},
        {"a": {"x": "a\x00b", "y": "two\nlines"}},  # not one a line: as JSON
        {"a": {"x": "a\x00b"}, "b": {"x": ["", "a\x1fb"], "y": ["p"]}, "c": {"n": 3, "s": "t"}},
        {"a": {f"w{i}": [i, i + 1] for i in range(500)}, "b": [[f"w{i}"] for i in range(300)]},
    ],
)
def test_plain_data_reads_back_as_it_was(state):
    payload = store.encode(state)
    assert payload is not None and store.decode(payload) == state
    read = store.decode(payload)
    assert {name: plain(value) for name, value in read.items()} == state
    assert [entry["name"] for entry in json.loads(payload[8 : 8 + int.from_bytes(payload[:8], "little")])] == list(
        state
    )  # a header naming every value


def plain(value: object) -> object:
    """A view of an index as the plain value it reads as (what a caller iterating over it sees)."""
    if isinstance(value, store.Index):
        return {key: value[key] for key in value}
    if isinstance(value, store.IndexSet):
        return set(value)
    return list(value)  # type: ignore[call-overload]


@pytest.mark.parametrize("empty", [{}, set(), []], ids=["dict", "set", "list"])
def test_an_empty_table_is_kept_like_any_other(empty):
    # Before, encode gave up on an empty dict (and a run whose table had no such lines never cached it).
    payload = store.encode({"a": {"x": "y"}, "b": empty, "c": ["z"]})
    assert payload is not None
    read = store.decode(payload)
    assert read == {"a": {"x": "y"}, "b": empty, "c": ["z"]} and plain(read["b"]) == empty
    assert "x" not in read["b"] and len(read["b"]) == 0


def test_a_table_without_one_kind_of_line_is_cached_too(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFER_CACHE_DIR", str(tmp_path))
    without_broader = gzip.compress(b"S\tn\tcar auto automobile\nA\thot\tcold\nG\ttruck\tvehicle\n")
    first = words._Tables(data=without_broader)
    assert first.broader == {} and len(lexicon_files(tmp_path)) == 1
    second = words._Tables(data=without_broader)
    assert isinstance(second.broader, store.Index) and vars(second) == vars(first)


@pytest.mark.parametrize(
    "key",
    ["x", "naïve", "日本", "", "x\ud800", "a b", "missing", "xx", "\x01"],
)
def test_a_lookup_finds_exactly_the_keys_there_are(key):
    table = {"x": "1", "naïve": "2", "日本": "3", "": "4", "a b": "5", "\x01": "6"}
    read = store.decode(store.encode({"t": table, "s": set(table)}) or b"")
    assert read["t"].get(key) == table.get(key) and (key in read["s"]) == (key in table)
    assert read["t"].get(1) is None and 1 not in read["s"]  # type: ignore[call-overload, operator]


@pytest.mark.parametrize(
    "state",
    [
        {"a": {"x": ("y",)}},  # a tuple reads back as a list
        {"a": [1.5]},
        {"a": [True]},
        {"a": {"two\nlines": "x"}},
        {"a": {"a\x00b": "x"}},
        {"a": {1: "x"}},
        {"a": "a string"},
        {"a": {"x": [["nested", "twice"]]}},
    ],
)
def test_data_that_would_not_read_back_exactly_is_not_cached(state):
    assert store.encode(state) is None


def test_utf8_bytes_as_simplemma_holds_them_read_back_as_strings():
    table = {b"went": b"go", "naïve".encode(): "naïf".encode(), b"": b"x"}
    read = store.decode(store.encode({"en": table}) or b"")["en"]
    assert plain(read) == {"went": "go", "naïve": "naïf", "": "x"} and read.get("gone") is None


@pytest.mark.parametrize(
    "table",
    [{b"\xff": b"x"}, {b"x": b"\xc3"}, {b"two\nlines": b"x"}, {b"x": b"two\nlines"}, {b"a\x00b": b"x"}, {b"x": "y"}],
    ids=["key not UTF-8", "value not UTF-8", "key newline", "value newline", "key NUL", "value a string"],
)
def test_bytes_that_would_not_read_back_are_not_cached(table):
    assert store.encode({"en": table}) is None

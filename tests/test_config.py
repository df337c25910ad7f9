from pathlib import Path

import pytest

from briefer.config import Settings
from briefer.errors import ConfigError


@pytest.mark.parametrize(
    ("env", "overrides", "engine"),
    [
        ({}, {}, "extractive"),
        ({"OPENAI_API_KEY": "sk-test"}, {}, "llm"),
        ({"OPENAI_BASE_URL": "http://127.0.0.1:8080/v1"}, {}, "llm"),
        ({"OPENAI_API_KEY": "sk-test"}, {"engine": "extractive"}, "extractive"),
        ({"BRIEFER_ENGINE": "extractive", "OPENAI_API_KEY": "sk-test"}, {}, "extractive"),
    ],
)
def test_engine_is_the_embedded_default_unless_an_endpoint_is_configured(env, overrides, engine):
    assert Settings.from_env(env, **overrides).resolved_engine() == engine


def test_llm_engine_without_an_endpoint_is_a_config_error():
    with pytest.raises(ConfigError, match="OPENAI_API_KEY"):
        Settings.from_env({}, engine="llm").resolved_engine()


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"BRIEFER_CACHE_DIR": "/x/cache"}, Path("/x/cache")),
        ({"XDG_CACHE_HOME": "/xdg"}, Path("/xdg/briefer")),
        ({"XDG_CACHE_HOME": "/xdg", "BRIEFER_CACHE_DIR": "/y"}, Path("/y")),
    ],
)
def test_cache_dir_follows_env(env, expected):
    assert Settings.from_env(env).cache_dir == expected


def test_flags_override_env_and_none_means_not_given():
    s = Settings.from_env({"BRIEFER_MODEL": "env-model"}, model=None, concurrency=None)
    assert s.model == "env-model" and s.concurrency == 4
    assert Settings.from_env({"BRIEFER_MODEL": "env-model"}, model="flag-model").model == "flag-model"


def test_api_key_never_shows_in_repr_or_dump():
    s = Settings.from_env({"OPENAI_API_KEY": "sk-secret-123"})
    assert "sk-secret-123" not in repr(s)
    assert "sk-secret-123" not in s.model_dump_json()


@pytest.mark.parametrize(
    ("model", "encoding"), [("gpt-4o-mini", "o200k_base"), ("gpt-4", "cl100k_base"), ("qwen2.5:7b", "o200k_base")]
)
def test_encoding_follows_the_model_with_o200k_as_default(model, encoding):
    assert Settings.from_env({}, model=model).encoding_name == encoding


def test_invalid_setting_is_a_config_error():
    with pytest.raises(ConfigError, match="concurrency"):
        Settings.from_env({}, concurrency=0)

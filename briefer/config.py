"""Settings: the one place briefer reads the environment.

Precedence: explicit arguments (the CLI's flags) over environment variables over defaults.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError

from briefer.errors import ConfigError

DEFAULT_MODEL = "gpt-4o-mini"
DEFAULT_ENCODING = "o200k_base"


def _default_cache_dir(env: Mapping[str, str]) -> Path:
    if env.get("BRIEFER_CACHE_DIR"):
        return Path(env["BRIEFER_CACHE_DIR"])
    xdg = env.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(xdg) / "briefer"


def default_cache_dir() -> Path:
    """briefer's cache directory from the environment (what ``Settings.cache_dir`` defaults to)."""
    return _default_cache_dir(os.environ)


def briefer_version() -> str:
    """The installed distribution's version (what ``briefer --version`` prints and a briefing records)."""
    try:
        return version("briefer")
    except PackageNotFoundError:
        return "0+unknown"


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    engine: Literal["auto", "extractive", "llm"] = "auto"
    model: str = DEFAULT_MODEL
    base_url: str | None = None
    api_key: SecretStr | None = None
    cache_dir: Path = Field(default_factory=lambda: _default_cache_dir(os.environ))
    use_cache: bool = True
    record_dir: Path | None = None
    concurrency: int = Field(default=4, ge=1, le=64)
    # Seconds one request may take in all (connecting, waiting, reading however slowly it trickles).
    timeout: float = Field(default=60.0, gt=0, allow_inf_nan=False)
    # Seconds a run may spend on model calls in all, retries included; then it stops with what is cached.
    budget: float = Field(default=1800.0, gt=0, allow_inf_nan=False)
    max_attempts: int = Field(default=5, ge=1, le=20)
    language: str = "en"
    chunk_tokens: int = Field(default=1500, ge=64)
    judge: Literal["rules", "llm"] = "rules"
    # Submit the map stage through the OpenAI Batch API (cheaper, slower; resumable by batch id).
    batch: bool = False
    strict: bool = False
    # Length of the extractive briefing: at most this many sentences and stories (None: 25 and 10).
    max_sentences: int | None = Field(default=None, ge=1, le=500)
    max_stories: int | None = Field(default=None, ge=1, le=100)
    raise_errors: bool = False
    # The editor `briefer review` opens for an edit ($VISUAL, then $EDITOR); None: an inline prompt.
    editor_command: str | None = None

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: object) -> Settings:
        """Build settings from ``env`` (default: ``os.environ``); ``None`` overrides are ignored."""
        env = os.environ if env is None else env
        values: dict[str, object] = {"cache_dir": _default_cache_dir(env)}
        if env.get("BRIEFER_MODEL"):
            values["model"] = env["BRIEFER_MODEL"]
        if env.get("OPENAI_BASE_URL"):
            values["base_url"] = env["OPENAI_BASE_URL"]
        if env.get("OPENAI_API_KEY"):
            values["api_key"] = SecretStr(env["OPENAI_API_KEY"])
        if env.get("BRIEFER_ENGINE"):
            values["engine"] = env["BRIEFER_ENGINE"]
        if env.get("BRIEFER_RAISE_ERRORS"):
            values["raise_errors"] = True
        if env.get("VISUAL") or env.get("EDITOR"):
            values["editor_command"] = env.get("VISUAL") or env.get("EDITOR")
        values.update({k: v for k, v in overrides.items() if v is not None})
        try:
            return cls.model_validate(values)
        except ValidationError as exc:
            raise ConfigError(_one_line(exc, {k for k, v in overrides.items() if v is not None})) from None

    @property
    def endpoint_configured(self) -> bool:
        return bool(self.base_url or self.api_key)

    def resolved_engine(self) -> Literal["extractive", "llm"]:
        """The engine that will run: the embedded extractive default unless an endpoint is configured."""
        if self.engine == "auto":
            return "llm" if self.endpoint_configured else "extractive"
        if self.engine == "llm" and not self.endpoint_configured:
            raise ConfigError(
                "the llm engine needs an endpoint: set OPENAI_API_KEY (OpenAI) or OPENAI_BASE_URL "
                "(a local server such as llama.cpp or Ollama)"
            )
        return self.engine

    @property
    def encoding_name(self) -> str:
        """tiktoken encoding for the configured model; o200k_base for models tiktoken does not know."""
        import tiktoken.model

        try:
            return tiktoken.model.encoding_name_for_model(self.model)
        except KeyError:
            return DEFAULT_ENCODING


def raise_errors_requested(env: Mapping[str, str] | None = None) -> bool:
    """BRIEFER_RAISE_ERRORS, read on its own: the CLI's error handler must not fail on another bad variable."""
    return bool((os.environ if env is None else env).get("BRIEFER_RAISE_ERRORS"))


# Where a setting came from, for the one-line error: the CLI flag, else the environment variable.
_FLAGS = {
    "record_dir": "--record",
    "use_cache": "--no-cache",
    "strict": "--strict",
    "batch": "--batch",
    "max_stories": "--stories",
}
_VARIABLES = {
    "engine": "BRIEFER_ENGINE",
    "model": "BRIEFER_MODEL",
    "base_url": "OPENAI_BASE_URL",
    "cache_dir": "BRIEFER_CACHE_DIR",
    "editor_command": "VISUAL/EDITOR",
}


def _one_line(exc: ValidationError, from_flags: set[str]) -> str:
    """Pydantic's report as one line per the first problem: which flag or variable, its value, what is wrong."""
    error = exc.errors()[0]
    field = str(error["loc"][0]) if error["loc"] else "settings"
    if field in from_flags or field not in _VARIABLES:
        name = _FLAGS.get(field, "--" + field.replace("_", "-"))
    else:
        name = _VARIABLES[field]
    value = error.get("input")
    shown = f"{value:g}" if isinstance(value, float) else repr(value) if isinstance(value, str) else str(value)
    ctx = error.get("ctx") or {}
    kind = error["type"]
    if kind == "greater_than_equal":
        problem = f"must be at least {ctx['ge']}"
    elif kind == "less_than_equal":
        problem = f"must be at most {ctx['le']}"
    elif kind == "greater_than":
        problem = f"must be greater than {ctx['gt']:g}"
    elif kind == "finite_number":
        problem = "must be a finite number of seconds" if field in ("timeout", "budget") else "must be finite"
    else:
        problem = str(error["msg"]).replace("Input should be", "should be")
    more = len(exc.errors()) - 1
    return f"{name} {shown}: {problem}" + (f" (and {more} more problem{'s' * (more > 1)})" if more else "")

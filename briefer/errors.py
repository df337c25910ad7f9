"""briefer's error tree. The library raises these; only ``cli.py`` catches them and picks an exit code."""

from __future__ import annotations


class BrieferError(Exception):
    """Anything briefer can explain to a user in one line."""


class InputError(BrieferError):
    """A file, directory or briefing that briefer cannot use as given (exit 2)."""


class ConfigError(BrieferError):
    """Settings that do not fit together: unknown model, bad URL, missing key (exit 2)."""


class ModelError(BrieferError):
    """The model endpoint failed after every retry (rate limits, timeouts, 5xx, refused connections)."""


class ModelOutputError(ModelError):
    """The model answered, but not with what was asked for, even after a repair round.

    Carries the last raw completion and the number of attempts so that nothing paid for is lost.
    """

    def __init__(self, message: str, *, last_completion: str | None = None, attempts: int = 0) -> None:
        super().__init__(message)
        self.last_completion = last_completion
        self.attempts = attempts


class OutputTruncated(ModelOutputError):
    """The answer hit the output budget the caller set (``finish_reason == "length"``): ask for less."""

"""briefer's error tree. The library raises these; only ``cli.py`` catches them and picks an exit code.

``ModelError`` carries what openai's errors carry (status code, request id) plus what briefer knows
(which chunk or stage, how many attempts, whether trying again later can help), and one subclass per
kind of failure, so callers catch by meaning and read fields instead of parsing messages::

    BrieferError
      InputError, ConfigError
      ModelError
        ModelRateLimitError      429, or a Retry-After longer than briefer waits
        ModelTimeoutError        an attempt that did not finish within --timeout
        ModelBudgetError         the run's --budget for model calls ran out
        ModelConnectionError     refused, reset, DNS: no HTTP answer at all
        ModelServerError         5xx
        ModelRequestError        the endpoint will not do this request as configured: 3xx, 401, 404, other 4xx
        ModelResponseError       an HTTP answer that is not a chat completion (HTML, a stream, not JSON, too large)
        ModelOutputError         a chat completion whose answer is not what was asked for, after a repair round
"""

from __future__ import annotations

from typing import ClassVar


class BrieferError(Exception):
    """Anything briefer can explain to a user in one line."""


class InputError(BrieferError):
    """A file, directory or briefing that briefer cannot use as given (exit 2)."""


class ConfigError(BrieferError):
    """Settings that do not fit together: unknown model, bad URL, missing key (exit 2)."""


class ModelError(BrieferError):
    """The model endpoint failed (after every retry worth making).

    ``label`` names the work (``chunk 003_ab#0-2``, ``reduce``, ``batch …``) and ``source`` the article
    it was about, when it was about one; ``reason`` is the failure without the label; ``retryable``
    says whether running again later may succeed (a rate limit, a timeout, a server error) or not
    until something changes (a wrong URL, a refused key).
    """

    kind: ClassVar[str] = "endpoint"

    def __init__(
        self,
        message: str,
        *,
        label: str | None = None,
        source: str | None = None,
        reason: str | None = None,
        status_code: int | None = None,
        request_id: str | None = None,
        retryable: bool = False,
        attempts: int = 0,
    ) -> None:
        super().__init__(message)
        self.label = label
        self.source = source
        self.reason = reason if reason is not None else message
        self.status_code = status_code
        self.request_id = request_id
        self.retryable = retryable
        self.attempts = attempts

    @property
    def message(self) -> str:
        return str(self)


class ModelRateLimitError(ModelError):
    kind = "rate_limit"


class ModelTimeoutError(ModelError):
    kind = "timeout"


class ModelBudgetError(ModelError):
    kind = "budget"


class ModelConnectionError(ModelError):
    kind = "connection"


class ModelServerError(ModelError):
    kind = "server"


class ModelRequestError(ModelError):
    kind = "request"


class ModelResponseError(ModelError):
    kind = "bad_response"


class ModelOutputError(ModelError):
    """The model answered, but not with what was asked for, even after a repair round.

    Carries the last raw completion and the number of attempts so that nothing paid for is lost.
    """

    kind = "bad_output"

    def __init__(
        self, message: str, *, last_completion: str | None = None, attempts: int = 0, label: str | None = None
    ) -> None:
        super().__init__(message, label=label, attempts=attempts)
        self.last_completion = last_completion


class OutputTruncated(ModelOutputError):
    """The answer hit the output budget the caller set (``finish_reason == "length"``): ask for less."""

"""Ctrl-C while the model is asked: the run stops, whatever the libraries inside it do with the signal.

``asyncio.run`` turns the first Ctrl-C into a cancellation of its main task and raises
``KeyboardInterrupt`` only when that cancellation comes back out of the task. Code inside the run that
takes a cancellation for its own (a cancel scope of the HTTP stack, a ``gather`` that outlives it) can
swallow it, and the run then finishes and writes its output as if Ctrl-C had never been pressed.
:func:`run` remembers the signal instead: once the run is over, however it ended, a Ctrl-C pressed
during it raises ``KeyboardInterrupt``. A second Ctrl-C raises at once, as with ``asyncio.run``; where
SIGINT is ignored or handled by the host program, :func:`run` is ``asyncio.run``, as ``asyncio.Runner``
leaves such handlers alone too.
"""

from __future__ import annotations

import asyncio
import signal
import threading
from collections.abc import Coroutine
from types import FrameType
from typing import Any, TypeVar

T = TypeVar("T")


def run(coro: Coroutine[Any, Any, T]) -> T:
    """``asyncio.run(coro)``, after which a Ctrl-C pressed during the run always raises KeyboardInterrupt."""
    if threading.current_thread() is not threading.main_thread():
        return asyncio.run(coro)  # only the main thread receives signals
    if signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
        return asyncio.run(coro)  # SIGINT ignored (a background job) or a host program's own handler: theirs
    with asyncio.Runner() as runner:
        loop = runner.get_loop()
        task = loop.create_task(coro)
        pressed: list[bool] = []

        def on_interrupt(signum: int, frame: FrameType | None) -> None:
            if pressed or task.done():
                raise KeyboardInterrupt
            pressed.append(True)
            task.cancel()
            loop.call_soon_threadsafe(lambda: None)  # wake the loop if it waits for I/O

        previous = signal.signal(signal.SIGINT, on_interrupt)
        try:
            result = loop.run_until_complete(task)
        except asyncio.CancelledError:
            if pressed:
                raise KeyboardInterrupt from None
            raise
        finally:
            signal.signal(signal.SIGINT, previous)
        if pressed:  # the cancellation was swallowed inside the run: Ctrl-C still stops it
            raise KeyboardInterrupt
        return result

"""Ctrl-C during the model calls stops the run even when code inside it swallows the cancellation."""

from __future__ import annotations

import asyncio
import os
import signal
import threading

import pytest

from briefer.interrupts import run


async def swallows_its_cancellation(started: threading.Event) -> str:
    started.set()
    try:
        await asyncio.sleep(30)
    except asyncio.CancelledError:  # as a cancel scope that takes the cancellation for its own
        return "finished as if never interrupted"
    return "slept"


async def quick() -> str:
    return "done"


def press_ctrl_c_once(started: threading.Event) -> threading.Thread:
    def press() -> None:
        started.wait(10)
        os.kill(os.getpid(), signal.SIGINT)

    thread = threading.Thread(target=press)
    thread.start()
    return thread


def test_ctrl_c_stops_a_run_whose_task_swallows_the_cancellation() -> None:
    started = threading.Event()
    presser = press_ctrl_c_once(started)
    with pytest.raises(KeyboardInterrupt):
        run(swallows_its_cancellation(started))
    presser.join()


def test_a_run_without_ctrl_c_returns_its_result_and_restores_the_handler() -> None:
    before = signal.getsignal(signal.SIGINT)
    assert run(quick()) == "done"
    assert signal.getsignal(signal.SIGINT) is before


def test_an_ignored_sigint_stays_ignored() -> None:
    # A background job ("briefer … &" in a non-interactive shell) ignores SIGINT: so does the run.
    before = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        started = threading.Event()
        presser = press_ctrl_c_once(started)
        assert run(swallows_its_cancellation_briefly(started)) == "slept"
        presser.join()
    finally:
        signal.signal(signal.SIGINT, before)


async def swallows_its_cancellation_briefly(started: threading.Event) -> str:
    started.set()
    await asyncio.sleep(0.5)
    return "slept"

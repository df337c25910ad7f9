"""Progress on stderr for long runs; nothing at all when stderr is not a terminal."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from briefer.engines import Progress as ProgressCallback

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import TaskID


@contextmanager
def progress_display(console: Console) -> Iterator[ProgressCallback | None]:
    """Yield a ``(stage, done, total)`` callback drawing bars on ``console``, or None when not a TTY."""
    if not console.is_terminal:
        yield None
        return
    # Imported only for a terminal: a run whose stderr is a file or a pipe draws nothing.
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    bars = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    )
    tasks: dict[str, TaskID] = {}

    def update(stage: str, done: int, total: int) -> None:
        row = stage.split(":", 1)[0]  # "retries: chunk …: HTTP 429; …" updates the one "retries" row
        if row not in tasks:
            tasks[row] = bars.add_task(stage, total=total)
        bars.update(tasks[row], completed=done, total=total, description=stage)

    with bars:
        yield update

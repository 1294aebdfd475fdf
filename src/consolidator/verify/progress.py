"""Progress of long replays on stderr (rich): one bar per replay, files done / total."""

from __future__ import annotations

import contextlib
import sys
from typing import Iterator

from consolidator.verify.legacy import ProgressCallback
from consolidator.verify.run import ProgressFactory, no_progress


@contextlib.contextmanager
def progress_display(enabled: bool | None = None) -> Iterator[ProgressFactory]:
    """A progress factory for :func:`consolidator.verify.run.verify`; silent unless stderr is a terminal."""
    if enabled is None:
        enabled = sys.stderr.isatty()
    if not enabled:
        yield no_progress
        return

    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[file]}"),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bars:

        def factory(label: str, total: int) -> ProgressCallback:
            task = bars.add_task(label, total=total, file="")

            def advance(done: int, total_: int, name: str) -> None:
                bars.update(task, completed=done, file=name)

            return advance

        yield factory

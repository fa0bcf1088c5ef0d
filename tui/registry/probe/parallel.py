"""Run independent subjects (sets, images) concurrently on plain threads (no executor import)."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up
if TYPE_CHECKING:
    from typing import TypeVar

    T = TypeVar("T")
    R = TypeVar("R")


def concurrently(
    func: Callable[[T], R], items: Sequence[T], *, within: float | None = None,
) -> list[R]:
    """`[func(item) for item in items]`, each in its own thread; results in input order.

    An exception in one item is re-raised (after all finished) so the step's runner turns it
    into INTERNAL_ERROR; the probes themselves never raise for network faults. With `within`
    (seconds), items still running then are left behind and their results are None.
    """
    if len(items) == 1 and within is None:  # nothing to overlap: no thread (nor `threading`)
        return [func(items[0])]
    import threading

    results: list[R | None] = [None] * len(items)
    errors: list[BaseException] = []

    def work(index: int, item: T) -> None:
        try:
            results[index] = func(item)
        except BaseException as exc:  # handed to the caller below
            errors.append(exc)

    threads = [
        threading.Thread(target=work, args=(i, item), name=f"probe {i}", daemon=True)
        for i, item in enumerate(items)
    ]
    for thread in threads:
        thread.start()
    end = None if within is None else time.monotonic() + within
    for thread in threads:
        thread.join(None if end is None else max(0.0, end - time.monotonic()))
    if errors:
        raise errors[0]
    return list(results)  # type: ignore[arg-type]

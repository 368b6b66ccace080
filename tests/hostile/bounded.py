"""A wall-clock bound for the tests of pure rules: the test fails (instead of hanging)
when the code under test runs past it. The service bounds analyses with its runner's
processes (service/analysis/runner.py); a test of one function in its own process can use
a timer signal, which interrupts pure Python and the regular expression engines."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager


class Overrun(Exception):
    """The code under test ran past its bound."""


@contextmanager
def within(seconds: float) -> Iterator[None]:
    def expired(_signum, _frame):
        raise Overrun(f"took longer than {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)

"""The command's entry point: SIGTERM, SIGHUP and Ctrl-C are answered from the first instant.

The command line interface imports its framework and more before :func:`cli.run` puts
its own signal handlers in place; a SIGTERM in that first tenth of a second ended the
process with 143 and no word (review 14b F8). Here, before anything heavy is imported, a
handler turns such a signal into :class:`EarlyStop`, which ends the run with the same
message and exit code as a stop later on; :func:`cli.run` then replaces it.
"""

from __future__ import annotations

import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager

#: [True] while a signal must not raise (signals_held); the signals that came meanwhile
holding: list[bool] = [False]
held: list[int] = []


@contextmanager
def signals_held() -> Iterator[None]:
    """A SIGTERM or SIGINT that comes meanwhile is acted on right after, not inside: an
    exception raised while DuckDB's extension module sets itself up aborts the whole
    process («Critical nanobind error», exit 134, no message) — the handlers check
    :data:`holding`."""
    held.clear()
    holding[0] = True
    try:
        yield
    finally:
        holding[0] = False
    if held:
        signum = held[0]
        held.clear()
        signal.raise_signal(signum)  # now the handler raises, as it would have


class EarlyStop(BaseException):
    """A SIGTERM or SIGINT that came before the command's own handlers were in place."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def early(signum: int, frame: object) -> None:
    if holding[0]:
        held.append(signum)
        return
    raise EarlyStop(signum)


def stopped_early(signum: int) -> int:
    """The message (in the language the command line asks for) and exit code of a run
    stopped before it began: nothing was read or written yet."""
    from . import clitext, notices

    notices.use("en" if clitext.english(sys.argv[1:]) else "da")
    if signum == signal.SIGINT:
        notices.say("stopped_int")
        return 130
    notices.say("stopped_term", signal=signal.Signals(signum).name)
    return 128 + signum


def main() -> None:
    try:
        signal.signal(signal.SIGTERM, early)
        # a closed terminal (SIGHUP) ends the run as SIGTERM does — every temporary file
        # removed — unless it is ignored (nohup)
        if signal.getsignal(signal.SIGHUP) is signal.SIG_DFL:
            signal.signal(signal.SIGHUP, early)
        if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
            signal.signal(signal.SIGINT, early)
    except ValueError:  # pragma: no cover - not the main thread
        pass
    try:
        from .cli import run
    except EarlyStop as exc:
        sys.exit(stopped_early(exc.signum))
    try:
        code = run()
    except EarlyStop as exc:  # a signal after run() put the early handlers back
        code = stopped_early(exc.signum)
    sys.exit(code)

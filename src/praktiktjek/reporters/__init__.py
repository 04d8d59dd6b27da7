"""Reporters turn results into text, JSON, SARIF, JUnit… chosen by name from one dict.
Only the text reporter imports rich, and only when it runs."""

from __future__ import annotations

from collections.abc import Callable
from typing import IO

from ..engine import Result
from ..results import Summary
from ..rulepack import RuleSet

Reporter = Callable[[list[Result], Summary, RuleSet, str, IO[str]], None]


def _text(results: list[Result], summary: Summary, rs: RuleSet, lang: str, out: IO[str]) -> None:
    from .text import report
    report(results, summary, rs, lang, out)


def _json(results: list[Result], summary: Summary, rs: RuleSet, lang: str, out: IO[str]) -> None:
    from .jsonout import report
    report(results, summary, rs, lang, out)


REPORTERS: dict[str, Reporter] = {"text": _text, "json": _json}

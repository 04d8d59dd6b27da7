"""Reporters turn results into text, JSON, SARIF, JUnit XML or GitHub annotations, chosen
by name from one dict. Only the text reporter imports rich, and only on a terminal."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO

from ..engine import Engine, Result
from ..results import Summary
from ..rulepack import RuleSet

#: GitHub code scanning rejects a SARIF run with more results than this.
GITHUB_MAX_RESULTS = 25_000


def _stderr(text: str) -> None:
    print(f"praktiktjek: {text}", file=sys.stderr)


@dataclass(frozen=True)
class ReportContext:
    rs: RuleSet
    lang: str
    engine: Engine | None = None
    #: the --fail-on threshold: a finding below it is not a failure (JUnit)
    fail_on: str = "error"
    #: results kept in a SARIF run (the most severe first); 0 keeps every result
    sarif_max_results: int = GITHUB_MAX_RESULTS
    #: JUnit test cases: "agreement" (one per agreement, one per finding) or "rule"
    junit_cases: str = "agreement"
    #: where a reporter says what the user must know beside its output (stderr)
    warn: Callable[[str], None] = _stderr


Reporter = Callable[[list[Result], Summary, ReportContext, IO[str]], None]

_MODULES = {"text": "text", "json": "jsonout", "sarif": "sarif", "junit": "junit",
            "github": "github"}


def _lazy(module: str) -> Reporter:
    def run(results: list[Result], summary: Summary, ctx: ReportContext, out: IO[str]) -> None:
        importlib.import_module(f"{__name__}.{module}").report(results, summary, ctx, out)

    return run


REPORTERS: dict[str, Reporter] = {name: _lazy(mod) for name, mod in _MODULES.items()}

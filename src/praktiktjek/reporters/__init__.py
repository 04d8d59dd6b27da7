"""Reporters turn results into text, JSON, SARIF, JUnit XML or GitHub annotations, chosen
by name from one dict. Only the text reporter imports rich, and only on a terminal."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO

from ..engine import Engine, Result
from ..results import Summary
from ..rulepack import RuleSet


@dataclass(frozen=True)
class ReportContext:
    rs: RuleSet
    lang: str
    engine: Engine | None = None


Reporter = Callable[[list[Result], Summary, ReportContext, IO[str]], None]

_MODULES = {"text": "text", "json": "jsonout", "sarif": "sarif", "junit": "junit",
            "github": "github"}


def _lazy(module: str) -> Reporter:
    def run(results: list[Result], summary: Summary, ctx: ReportContext, out: IO[str]) -> None:
        importlib.import_module(f"{__name__}.{module}").report(results, summary, ctx, out)

    return run


REPORTERS: dict[str, Reporter] = {name: _lazy(mod) for name, mod in _MODULES.items()}

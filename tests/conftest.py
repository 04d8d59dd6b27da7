"""Shared test helpers: run the CLI in-process, build agreements from the example base."""

from __future__ import annotations

import copy
import io
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import settings

from praktiktjek.cli import run
from praktiktjek.engine import Engine
from praktiktjek.mergepatch import merge_patch
from praktiktjek.pipeline import national_rules_dir
from praktiktjek.rulepack import RuleSet, load_rules

#: No per-example time limit: the suite runs on two shared cores beside other work, where one
#: example can take 500 ms once and 0.2 ms on retry; a time limit there flakes, it proves
#: nothing (speed is measured in benchmarks/, not asserted). Set before any test module.
#: The profile is chosen by PRAKTIKTJEK_HYPOTHESIS: "ci" (the default, `make test`), "full"
#: (every property at the count written in its test) or "fuzz" (`make fuzz`: five times
#: that, and 1,000 for a property that names no count). Every profile keeps Hypothesis's
#: example database (.hypothesis/), so a failing example found once is tried first again.
settings.register_profile("ci", deadline=None)
settings.register_profile("full", deadline=None)
settings.register_profile("fuzz", deadline=None, max_examples=1000)
HYPOTHESIS_PROFILE = os.environ.get("PRAKTIKTJEK_HYPOTHESIS", "ci")
settings.load_profile(HYPOTHESIS_PROFILE)


def examples(n: int) -> int:
    """The example count for a costly property written as ``n``: half of it (never under
    10, nor over ``n``) in the default "ci" profile, ``n`` in "full", ``5 * n`` in "fuzz"."""
    if HYPOTHESIS_PROFILE == "fuzz":
        return 5 * n
    if HYPOTHESIS_PROFILE == "full":
        return n
    return max(min(n, 10), n // 2)


@pytest.fixture(autouse=True)
def _cpr_masked_unless_asked() -> Any:
    """Each test starts as a run does: CPR numbers masked. An in-process ``--show-cpr``
    run sets the door's switch for its thread (``cli.run`` sets it at every start), and
    a later test calling the door directly must not inherit it."""
    from praktiktjek import door

    token = door.SHOW_CPR.set(False)
    yield
    door.SHOW_CPR.reset(token)


ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "agreements"
#: A snapshot of shared/domain/RULES.md kept in the repo, so the citation tests run anywhere.
RULES_MD = ROOT / "docs" / "RULES.md"
SHARED_RULES_MD = ROOT.parent / "shared" / "domain" / "RULES.md"


@dataclass
class CliResult:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Run `praktiktjek ARGS` in-process; assert the exit code and show output on failure."""

    def _run(*args: str, stdin: bytes | None = None, code: int | None = None) -> CliResult:
        if stdin is not None:
            monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
        got = run(list(args))
        cap = capsys.readouterr()
        res = CliResult(got, cap.out, cap.err)
        if code is not None:
            assert got == code, f"exit {got}, wanted {code}\n--- stdout\n{cap.out}\n--- stderr\n{cap.err}"
        return res

    return _run


_RULESET: RuleSet | None = None


def ruleset() -> RuleSet:
    global _RULESET
    if _RULESET is None:
        _RULESET = load_rules([], national=national_rules_dir())
    return _RULESET


def base_agreement() -> dict[str, Any]:
    base = ruleset().example_base
    assert base is not None
    return copy.deepcopy(base)


def agreement(patch: dict[str, Any] | None = None) -> dict[str, Any]:
    return merge_patch(base_agreement(), patch or {})  # type: ignore[no-any-return]


def check_data(data: Any, engine: Engine | None = None, **kw: Any) -> list[Any]:
    """Run the engine on one in-memory record, through the same path as a file."""
    from praktiktjek.readers.jsonfile import read_json

    engine = engine or Engine(ruleset(), **kw)
    raw = json.dumps(data, ensure_ascii=False).encode()
    return [engine.run(rec) for rec in read_json(raw, "test.json")]


def rule_ids(data: Any, **kw: Any) -> list[str]:
    return [f.rule for r in check_data(data, **kw) for f in r.findings]


def load_yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text("utf-8"))

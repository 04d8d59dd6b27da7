"""Summaries over results, shared by every reporter and the exit code."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from .door import shown_path
from .engine import INPUT_RULE, Finding, Result
from .rulepack import SEVERITY_RANK

FAIL_ON = ("error", "warning", "info", "never")


@dataclass
class Summary:
    records: int = 0
    error: int = 0
    warning: int = 0
    info: int = 0
    input_problems: int = 0
    waived: int = 0
    by_rule: dict[str, int] = field(default_factory=dict)
    #: per source (as shown), the rules its columns cannot feed, which were not run (a CSV
    #: export without a column a rule needs; VITAS_EXPORT.md "Columns an export does not
    #: have"): every reporter shows them, so that "no findings" never reads as complete
    not_checkable: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: the same per source as data for JSON, which a CI pipeline reads: the ids of the whole
    #: rules not run, and each rule of which only one part could not run as
    #: {"rule", "part", "text"} (set by the caller; without it JSON lists `not_checkable`)
    not_checkable_data: dict[str, tuple[tuple[str, ...], tuple[dict[str, str], ...]]] = field(default_factory=dict)

    def add(self, result: Result) -> None:
        if result.is_record:
            self.records += 1
        for f in result.findings:
            if f.waiver is not None:
                self.waived += 1
                continue
            setattr(self, f.severity, getattr(self, f.severity) + 1)
            if f.rule == INPUT_RULE:
                self.input_problems += 1
            self.by_rule[f.rule] = self.by_rule.get(f.rule, 0) + 1

    def as_dict(self) -> dict[str, object]:
        d: dict[str, object] = {"records": self.records, "error": self.error, "warning": self.warning,
                                "info": self.info, "input_problems": self.input_problems,
                                "waived": self.waived}
        if self.not_checkable:
            d["not_checkable"] = [self._not_checkable_entry(source, rules)
                                  for source, rules in self.not_checkable.items()]
        return d

    def _not_checkable_entry(self, source: str, rules: tuple[str, ...]) -> dict[str, object]:
        if source not in self.not_checkable_data:
            return {"source": shown_path(source), "rules": list(rules)}
        whole, parts = self.not_checkable_data[source]
        return {"source": shown_path(source), "rules": list(whole), **({"parts": list(parts)} if parts else {})}

    def not_checked_count(self) -> int:
        return len({rid for rules in self.not_checkable.values() for rid in rules})


def summarise(results: Iterable[Result]) -> Summary:
    s = Summary()
    for r in results:
        s.add(r)
    return s


def fails(finding: Finding, fail_on: str) -> bool:
    if fail_on == "never" or finding.waiver is not None:
        return False
    return SEVERITY_RANK[finding.severity] >= SEVERITY_RANK[fail_on]


def exit_code(results: Iterable[Result], fail_on: str) -> int:
    return 1 if any(fails(f, fail_on) for r in results for f in r.findings) else 0

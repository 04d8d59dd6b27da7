"""What the machine-readable reporters share: locations as URIs, levels, rule help."""

from __future__ import annotations

import hashlib
from pathlib import Path
from urllib.parse import quote

from ..engine import Citation, Finding, Result
from ..rulepack import Rule, RuleSet

LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def artifact_uri(source: str) -> str:
    """A relative path as a URI reference (æ, ø, å and spaces percent-encoded)."""
    if source == "<stdin>":
        return "stdin"
    if Path(source).is_absolute():
        return Path(source).as_uri()
    return quote(source, safe="/-_.~")


def help_url(rule: Rule, rs: RuleSet) -> str | None:
    """The address of the law the rule rests on (the newest version of its first act)."""
    for c in rule.spec.citations:
        act = rs.acts[c.act]
        for v in reversed(act.versions):
            if v.url:
                return v.url
    return None


def citation_line(c: Citation | None, lang: str) -> str:
    if c is None:
        return ""
    numbers = [s.number for s in c.sources if s.number and s.kind in ("law", "executive_order")]
    label = "Hjemmel" if lang == "da" else "Legal basis"
    text = f"{label}: {c.text}"
    if numbers:
        text += f" ({'; '.join(dict.fromkeys(numbers))})"
    return text


def fingerprint(result: Result, finding: Finding, occurrence: int) -> str:
    """Stable across runs: rule, file, agreement, field and occurrence; never the line."""
    key = f"{finding.rule}|{result.source}|{result.agreement_id}|{finding.pointer}|{occurrence}"
    return hashlib.sha256(key.encode()).hexdigest()[:32]

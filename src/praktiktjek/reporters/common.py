"""What the machine-readable reporters share: locations as URIs, levels, rule help."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from pathlib import Path
from urllib.parse import quote

from ..engine import Citation, Finding, Result
from ..rulepack import Rule, RuleSet
from .text import shown_path as shown_path

LEVELS = {"error": "error", "warning": "warning", "info": "note"}


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def repo_root(start: Path | None = None) -> Path:
    """The top of the git work tree holding ``start`` (default: the working directory),
    else ``start`` itself: SARIF paths are relative to it, as GitHub's code scanning wants."""
    here = Path(os.path.abspath(start or Path.cwd()))
    for d in (here, *here.parents):
        if (d / ".git").exists():
            return d
    return here


def source_location(source: str, root: Path) -> dict[str, str]:
    """A SARIF artifactLocation: relative to ``root`` with ``uriBaseId`` %SRCROOT% when the
    file is below it, else an absolute file URI. Every character is percent-encoded as a
    URI needs (æ, space, a newline: %0A), so the real name survives."""
    if source == "<stdin>":
        return {"uri": "stdin"}
    path = Path(os.path.abspath(source))
    try:
        rel = path.relative_to(root)
    except ValueError:
        return {"uri": path.as_uri()}
    return {"uri": quote(rel.as_posix(), safe="/-_.~"), "uriBaseId": SRCROOT}


SRCROOT = "%SRCROOT%"


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


# The characters that make inline Markdown (emphasis, code, links, tables, strikethrough,
# headings); data never starts a line here, so list and block markers need no escape.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~#])")


def md_escape(text: str) -> str:
    """Text for Markdown (GitHub-flavoured): HTML made inert, Markdown markup escaped,
    line breaks (none should come from data, see engine.clean) as spaces."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _CONTROL.sub(" ", text)
    return _MD_SPECIAL.sub(r"\\\1", text)


def md_link(text: str, url: str | None) -> str:
    """``[text](url)``, or the escaped text alone without an address."""
    if not url:
        return md_escape(text)
    return f"[{md_escape(text)}](<{url.replace('>', '%3E').replace(' ', '%20')}>)"


def citation_links(rule: Rule, rs: RuleSet, day: dt.date, lang: str) -> list[str]:
    """The rule's citations in force on ``day`` as Markdown links to the act's version in
    force that day (its newest version when none is dated for the day)."""
    out: list[str] = []
    for c in rule.spec.citations:
        if not c.in_force(day):
            continue
        act = rs.acts[c.act]
        version = act.version_at(day) or act.versions[-1]
        url = version.url or next((v.url for v in reversed(act.versions) if v.url), None)
        link = md_link(c.get(lang), url)
        if link not in out:
            out.append(link)
    return out

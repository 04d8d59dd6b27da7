"""What the machine-readable reporters share: locations as URIs, levels, rule help."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from collections.abc import Callable
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


def _no_mask(value: str) -> str:
    return value


def uri_path(path: str, mask: Callable[[str], str] = _no_mask) -> str:
    """A path as URI text: through the door first (a CPR number in any folder's name is
    masked; the name is otherwise kept as it really is), then its raw bytes
    percent-encoded (æ, a space, a newline: %0A; a byte that is not UTF-8, which the file
    system gives as a lone surrogate, as that very byte)."""
    from ..door import across, path_text

    # percent-encoding writes digits too: «0101 1234» as 0101%201234 reads as a CPR number
    return across(quote(os.fsencode(path_text(path, mask)), safe="/-_.~"), [])


def file_uri(path: Path, mask: Callable[[str], str] = _no_mask, *, folder: bool = False) -> str:
    """An absolute path as a ``file://`` URI (``folder``: ending in ``/``)."""
    text = uri_path(path.as_posix(), mask)
    if folder and not text.endswith("/"):
        text += "/"
    return "file://" + text


def source_location(source: str, root: Path, mask: Callable[[str], str] = _no_mask) -> dict[str, str]:
    """A SARIF artifactLocation: relative to ``root`` with ``uriBaseId`` %SRCROOT% when the
    file is below it, else an absolute file URI. The whole path passes the door, not only
    the name the file was given by (the folders between the root and the working
    directory, issue #9 H2)."""
    if source == "<stdin>":
        return {"uri": "stdin"}
    path = Path(os.path.abspath(source))
    try:
        rel = path.relative_to(root)
    except ValueError:
        return {"uri": file_uri(path, mask)}
    return {"uri": uri_path(rel.as_posix(), mask), "uriBaseId": SRCROOT}


SRCROOT = "%SRCROOT%"


def artifact_uri(source: str, mask: Callable[[str], str] = _no_mask) -> str:
    """A relative path as a URI reference (æ, ø, å and spaces percent-encoded)."""
    if source == "<stdin>":
        return "stdin"
    if Path(source).is_absolute():
        return file_uri(Path(source), mask)
    return uri_path(source, mask)


def help_url(rule: Rule, rs: RuleSet) -> str | None:
    """The address of the law the rule rests on (the newest version of its first act)."""
    from ..rulepack import web_url

    for c in rule.spec.citations:
        act = rs.acts[c.act]
        for v in reversed(act.versions):
            if web_url(v.url):
                return v.url
    return None


#: said after an act version whose in-force dates are inferred (RULES.md «cite from … (inferred)»):
#: the choice of that version for the start date is an inference too (review 15, F13)
DATES_INFERRED = {"da": "ikrafttræden udledt", "en": "dates inferred"}


def act_number(number: str, dates_inferred: bool, lang: str) -> str:
    """One act version as a finding names it: «LBK nr. 280 af 01/03/2024», and «…,
    ikrafttræden udledt» when its in-force dates are inferred."""
    return f"{number}, {DATES_INFERRED['en' if lang == 'en' else 'da']}" if dates_inferred else number


def act_numbers(c: Citation | None, lang: str = "da") -> str:
    """The act versions a citation rests on, as the text report names them after the
    paragraphs («LBK nr. 701 af 22/05/2022, ikrafttræden udledt»; several joined by «; »), or ""."""
    if c is None:
        return ""
    numbers = [act_number(s.number, s.dates_inferred, lang)
               for s in c.sources if s.number and s.kind in ("law", "executive_order")]
    return "; ".join(dict.fromkeys(numbers))


def citation_line(c: Citation | None, lang: str) -> str:
    if c is None:
        return ""
    numbers = act_numbers(c, lang)
    label = "Hjemmel" if lang == "da" else "Legal basis"
    text = f"{label}: {c.text}"
    if numbers:
        text += f" ({numbers})"
    return text


def fingerprint(result: Result, finding: Finding, occurrence: int) -> str:
    """Stable across runs: rule, file, agreement, field and occurrence; never the line."""
    key = f"{finding.rule}|{result.source}|{result.agreement_id}|{finding.pointer}|{occurrence}"
    # a name that is not UTF-8 keeps its own bytes (surrogateescape), so it stays stable
    # Hex digits written as the letters g–p: a hash's ten digits in a row can read as a CPR
    # number (300470-4258), and no output may show one; letters keep it stable and unique.
    return hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()[:32].translate(_NO_DIGITS)


_NO_DIGITS = str.maketrans("0123456789", "ghijklmnop")


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
    """``[text](url)``, or the escaped text alone without an http(s) address."""
    from ..rulepack import web_url

    url = web_url(url)
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

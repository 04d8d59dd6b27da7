"""Run the rules in force on an agreement's start date and produce plain result objects.

Checks return hits (pointer + facts); the engine attaches rule id, severity, message,
what-to-change text and the citation of the act version in force on the start date.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import string
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ValidationError

from . import contract, labels
from .checks import Context, Hit, Term
from .checks.base import NOISE, Code
from .door import NOT_SHOWN, Shown, across, clean, cut, except_kept, masker, path_text, person_id, shown_path
from .model import Agreement
from .readers import LINE_UNITS, InputProblem, RawRecord
from .rulepack import Rule, RuleSet, TermText

#: one rule in force on a date: (id, check function, its parameters that day, the rule)
PlannedRule = tuple[str, Callable[..., Iterable[Hit]], BaseModel, Rule]

INPUT_RULE = "VP000"
UNKNOWN_FIELD_RULE = "VP003"
#: Facts that hold company identifiers (CVR, P-number): not personal data, never masked.
COMPANY_IDS = frozenset({"cvr", "p_number"})
REVIEW_RULE = "VP010"


@dataclass(frozen=True, slots=True)
class Source:
    """One legal source behind a citation, in the version in force on the start date."""

    text: str
    act: str
    number: str | None
    url: str | None
    kind: str
    inferred: bool = False
    amended_by: str | None = None
    #: the act version's in-force dates are inferred (RULES.md «cite from … (inferred)»), so
    #: choosing it for the start date is too: the findings say «ikrafttræden udledt» after it
    dates_inferred: bool = False


@dataclass(frozen=True, slots=True)
class Citation:
    text: str
    url: str | None
    sources: tuple[Source, ...]


@dataclass(slots=True)
class Finding:
    rule: str
    severity: str
    message: str
    pointer: str
    citation: Citation | None = None
    fix: str = ""
    title: str = ""
    line: int | None = None
    column: int | None = None
    #: where the field's value ends (the column after it), when the source text knows
    end_line: int | None = None
    end_column: int | None = None
    #: set by the waiver step (issue #3): the waiver that accepted this finding
    waiver: Any = None


@dataclass(slots=True)
class Result:
    source: str
    line: int | None
    agreement_id: str | None
    citizen: str | None
    findings: list[Finding] = field(default_factory=list)
    #: the parsed agreement, while steps after the check need it; never written out
    agreement: Agreement | None = None
    #: False for a result that is not an input record (findings about the waiver file)
    is_record: bool = True
    #: kept when the agreement itself is let go (see ``slim``): the start date and the
    #: id as written (a waiver names the real id; it is never output unmasked)
    start: dt.date | None = None
    real_id: str | None = None
    #: how long reading and checking the record took (JUnit's ``time``)
    seconds: float = 0.0

    @property
    def readable(self) -> bool:
        return self.start is not None

    def slim(self) -> Result:
        """Let go of the parsed agreement (kilobytes each); keep what reporting needs."""
        self.agreement = None
        return self


# --------------------------------------------------------------------------- formatting

# clean() lives in the output door now (clean, then mask, then escape); re-exported here.
#: a number this close to a whole one is that whole number (float noise: 37/37·…); the
#: checks compare with the same tolerance, so a value they find over a limit is shown apart
WHOLE = NOISE
#: decimals a number may need to be shown as what it is (WHOLE is 10⁻⁹)
MAX_DIGITS = 9


def _num(x: float, lang: str, digits: int = 1) -> str:
    """``x`` with at least ``digits`` decimals where it is not whole, and as many more
    (up to nine) as it takes not to show a whole number the value is not: «1,0004
    personer … højst 1», never «1 personer … højst 1» (review 6, leftovers). The digits
    shown are the value's own first digits: a rounding that carries is not shown («0,005»
    of 0.0049 showed a 5 the number does not have), more decimals are; a number that is
    not 0 is never shown as 0, a very small one as a power of ten («1 · 10⁻³⁰⁰» timer, not
    «0 timer»: review 21 cli, F1)."""
    if abs(x - round(x)) < WHOLE and (round(x) != 0 or x == 0):
        return str(round(x))
    # the value's own digits, as its shortest text to nine decimals (1.0499999999999998 is
    # float noise of 1.05, whose digits these are)
    exact = format(Decimal(repr(round(x, MAX_DIGITS))), "f")
    for d in range(max(digits, 1), MAX_DIGITS + 1):
        s = f"{x:.{d}f}"
        if exact.startswith(s.rstrip("0")) or exact.startswith(s):
            s = s.rstrip("0").rstrip(".")
            if "." in s:
                return s.replace(".", ",") if lang == "da" else s
    # every rounding carried: the value's first nine decimals as they are
    point = exact.find(".")
    s = exact[:point + MAX_DIGITS + 1].rstrip("0").rstrip(".") if point >= 0 else exact
    if "." not in s:  # not 0, but too small for nine decimals
        return contract.number_words(x, lang)
    return s.replace(".", ",") if lang == "da" else s


def _apart(a: float, b: float, lang: str) -> tuple[str, str] | None:
    """``a`` and ``b`` shown with the fewest decimals that tell them apart, or None when
    they are the same number (within WHOLE)."""
    if abs(a - b) < WHOLE or not (math.isfinite(a) and math.isfinite(b)):
        return None
    for d in range(1, MAX_DIGITS + 1):
        sa, sb = _num(a, lang, d), _num(b, lang, d)
        if sa != sb:
            return sa, sb
    return None


#: (plural, singular) of the nouns rule texts count, per language: a number shown as 1
#: right before the plural takes the singular («{weeks} uger» with 1: «1 uge»)
NOUNS: dict[str, tuple[tuple[str, str], ...]] = {
    "da": (("uger", "uge"), ("dage", "dag"), ("måneder", "måned"), ("timer", "time"),
           ("personer", "person"), ("ukendte felter", "ukendt felt"),
           ("ordinært ansatte", "ordinært ansat"), ("forskellige borgere", "forskellig borger"),
           ("borgere", "borger"), ("aftaler", "aftale"), ("forlængelser", "forlængelse")),
    "en": (("weeks", "week"), ("days", "day"), ("months", "month"), ("hours", "hour"),
           ("persons", "person"), ("more unknown fields", "more unknown field"), ("words", "word"),
           ("ordinary employees", "ordinary employee"), ("different citizens", "different citizen"),
           ("earlier internships", "earlier internship"), ("citizens", "citizen"),
           ("agreements", "agreement"), ("extensions", "extension")),
}
_ONE = frozenset({"1", "-1"})


def singular_after(literal: str, lang: str) -> str:
    """The text after a number shown as 1: its counted plural noun made singular."""
    for plural, one in NOUNS.get(lang, NOUNS["da"]):
        n = len(plural) + 1
        if literal.startswith(" " + plural) and not literal[n:n + 1].isalpha():
            return " " + one + literal[n:]
    return literal


def fill(template: str, facts: Mapping[str, str], lang: str) -> str:
    """``template.format_map(facts)`` with number agreement: a fact shown as 1 before a
    counted noun takes its singular (templates hold only plain ``{name}``, rulepack)."""
    out: list[str] = []
    one = False
    for literal, name, _spec, _conv in string.Formatter().parse(template):
        out.append(singular_after(literal, lang) if one else literal)
        one = False
        if name is None:
            continue
        value = facts[name]
        out.append(value)
        one = value in _ONE
    return "".join(out)


def fmt_value(value: Any, lang: str, mask: Callable[[str], str]) -> str:
    if isinstance(value, Shown):  # a company's CVR or P-number in it stays as written
        return except_kept(value, mask)
    if isinstance(value, Code):
        return clean(mask(labels.code(value.kind, value.value, lang)))
    if isinstance(value, bool):
        return ("ja" if value else "nej") if lang == "da" else str(value).lower()
    if isinstance(value, int | float):
        return mask(_num(float(value), lang))  # a CPR number typed into a number field
    if isinstance(value, dt.date):
        return labels.date(value, lang)
    if isinstance(value, list | tuple | set | frozenset):
        return ", ".join(fmt_value(v, lang, mask) for v in value)
    return mask(clean(str(value)))


#: what joins a rule id and a part's term in a skip set (``Engine.not_checkable``)
PART_SEP = ":"


def part_token(rule_id: str, term: str) -> str:
    """The skip-set entry for one part of a rule (CheckKind.parts) not checkable."""
    return f"{rule_id}{PART_SEP}{term}"


def skipped_parts(rule_id: str, skip: frozenset[str]) -> frozenset[str]:
    """The terms of ``rule_id``'s parts in ``skip``."""
    head = rule_id + PART_SEP
    return frozenset(t[len(head):] for t in skip if t.startswith(head))


def carried_over_note(until: dt.date, lang: str) -> str:
    """What a citation carried over past the reviewed period says (RULES.md: never as if
    verified for a start on or after ``reviewed_until``); ``explain`` marks the act versions
    still in force then with the same words."""
    return f" ({carried_over_text(until, lang)})"


def carried_over_text(until: dt.date, lang: str) -> str:
    """:func:`carried_over_note`'s words without the brackets (the web rule page's note column)."""
    day = fmt_value(until, lang, _no_mask)
    if lang == "da":
        return f"gældende før {day}; ikke efterprøvet for en start fra {day}, hvor loven ændres"
    return f"in force before {day}; not verified for a start from {day}, when the law changes"


def _no_mask(text: str) -> str:
    return clean(text)


class _Facts(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "?"


# --------------------------------------------------------------------------- strict reading


def to_agreement(data: dict[str, Any], mask: Callable[[str], str],
                 form: contract.FormLabels | None = None,
                 written: Callable[[str], str | None] | None = None,
                 columns: Callable[[str], str | None] | None = None) -> Agreement | InputProblem:
    """``written``: a number's JSON text at a pointer, which a VP000 shows where the number
    read is not the number written (1e-400 read as 0); ``columns``: a CSV row's column
    header of a pointer, which a VP000 names instead of the pointer."""
    try:
        a = Agreement.model_validate(data)
    except ValidationError as exc:
        return contract.problem(exc, mask, clean, form, written, columns)
    unread = contract.unread_numbers(a, written) if written is not None else None
    if unread is not None:  # a number read as another than the file writes (review 20, F7)
        return contract.problem(unread, mask, clean, form, written, columns)
    return a


# --------------------------------------------------------------------------- engine


def _ident(data: Any, key: str) -> str | None:
    if isinstance(data, dict):
        v = data.get(key)
        if isinstance(v, str | int) and not isinstance(v, bool):
            return str(v)
    return None


#: how many unknown keys of a record are compared with the known fields for a suggestion
#: (a bound: a record may hold thousands of keys)
SUGGEST_BOUND = 200


class Engine:
    def __init__(
        self,
        rules: RuleSet,
        *,
        disabled: Iterable[str] = (),
        lang: str = "da",
        show_cpr: bool = False,
        strict_dates: bool = False,
    ) -> None:
        self.rs = rules
        self.lang = lang
        self.mask: Callable[[str], str] = masker(show_cpr)  # clean, then mask (the door)
        self.disabled = set(disabled)
        self.strict_dates = strict_dates
        self.ctx = Context(groups=rules.target_groups)
        self._plans: dict[dt.date, list[PlannedRule]] = {}
        self._citations: dict[tuple[str, dt.date, frozenset[str]], Citation | None] = {}
        self._not_checkable: dict[frozenset[str], frozenset[str]] = {}
        nat = rules.national
        self.reviewed_from = nat.reviewed_from if nat else None
        self.reviewed_until = nat.reviewed_until if nat else None

    # -- rules in force

    def plan(self, day: dt.date) -> list[PlannedRule]:
        """The rules in force on ``day`` as (id, check function, parameters for that day,
        rule), memoised per date: the per-record loop does no look-ups of its own."""
        plan = self._plans.get(day)
        if plan is None:
            plan = [
                (r.id, r.kind.fn, r.params_at(day), r)
                for r in sorted(self.rs.rules.values(), key=lambda r: r.id)
                if r.kind.scope == "agreement" and r.id not in self.disabled and r.in_force(day)
            ]
            self._plans[day] = plan
        return plan

    def not_checkable(self, present: frozenset[str] | None) -> frozenset[str]:
        """The rules a source carrying only ``present`` fields (a CSV export's mapped
        columns) cannot check: running them would report an absent column as absent
        content. None (JSON): every field can be there."""
        if present is None:
            return frozenset()
        got = self._not_checkable.get(present)
        if got is None:
            from .fields import satisfied

            full = {r.id for r in self.rs.rules.values()
                    if r.kind.scope == "agreement" and not all(satisfied(n, present) for n in r.needs)}
            # a part of a rule the export cannot feed: «VP206:no_need» (part_token)
            parts = {part_token(r.id, term) for r in self.rs.rules.values()
                     if r.kind.scope == "agreement" and r.id not in full
                     for term, fields in r.kind.parts if not all(satisfied(n, present) for n in fields)}
            got = frozenset(full | parts)
            self._not_checkable[present] = got
        return got

    def part_of(self, token: str) -> tuple[str, str | None, str]:
        """A skip-set entry read: (rule id, the part's term or None for the whole rule, the
        part as shown — «kun delen «der er ikke angivet et helt særligt behov»», from the
        rule file's wording of that term; "" for the whole rule)."""
        rid, sep, term = token.partition(PART_SEP)
        if not sep:
            return rid, None, ""
        rule = self.rs.rules.get(rid)
        t = rule.spec.terms.get(term) if rule is not None else None
        said = t.get(self.lang) if t is not None else term
        return rid, term, (f"kun delen «{said}»" if self.lang == "da" else f"only the part «{said}»")

    def shown_skip(self, token: str) -> str:
        """A skip-set entry as a reporter lists it: «VP206» or «VP206 (kun delen «…»)»."""
        rid, _, part = self.part_of(token)
        return f"{rid} ({part})" if part else rid

    def citation(self, rule: Rule, day: dt.date, tags: frozenset[str]) -> Citation | None:
        key = (rule.id, day, tags)
        if key in self._citations:
            return self._citations[key]
        sources = []
        # RULES.md: the law changes on reviewed_until (2027-01-01) and its text is not known
        # here: the last known paragraphs are never cited for a later start as if verified
        # (review 9, finding 3) — every source of an act the change rewrites is marked
        # inferred, and the text says so; an act it leaves alone (forvaltningsloven, the
        # GDPR) is cited as it is (review 19).
        after_review = bool(self.reviewed_until and day >= self.reviewed_until)
        texts: list[str] = []
        carried: list[bool] = []
        for part in rule.spec.citations:
            if part.valid_from and day < part.valid_from:
                continue
            if part.valid_to and day > part.valid_to:
                continue
            if part.when and part.when not in tags:
                continue
            act = self.rs.acts[part.act]
            v = act.version_at(day)
            # RULES.md gives the 2020 paragraph numbers; an older act version that numbered
            # its provisions differently (the report: § 44, BAB § 71), or one whose numbering
            # RULES.md lists as an open question, is not cited as if the number were verified
            # there, unless the citation is written for that version.
            unverified = bool(v and v.numbering
                              and not (part.valid_to and v.valid_to and part.valid_to <= v.valid_to))
            carried_over = after_review and act.changes_at_review_end
            carried.append(carried_over)
            texts.append(part.get(self.lang)
                         + (f" ({v.numbering.get(self.lang)})" if unverified and v and v.numbering else ""))
            sources.append(Source(
                text=part.get(self.lang), act=act.title, number=v.number if v else None,
                url=v.url if v else None, kind=act.kind,
                inferred=(v.inferred if v else False) or carried_over or unverified,
                amended_by=v.amended_by if v else None, dates_inferred=bool(v and v.inferred)))
        cit = None
        if sources:
            if all(carried):  # one note for the whole citation
                text = "; ".join(texts) + self._carried_over_note()
            else:  # the note after each part it concerns
                text = "; ".join(t + (self._carried_over_note() if c else "")
                                 for t, c in zip(texts, carried, strict=True))
            cit = Citation(text, next((s.url for s in sources if s.url), None), tuple(sources))
        self._citations[key] = cit
        return cit

    def _carried_over_note(self) -> str:
        assert self.reviewed_until is not None  # only for a start on or after it
        return carried_over_note(self.reviewed_until, self.lang)

    # -- messages

    def _term(self, rule: Rule, key: str) -> TermText:
        return rule.spec.terms.get(key) or self.rs.terms[key]

    def render(self, rule: Rule, facts: Mapping[str, Any], a: Agreement | None) -> tuple[str, str]:
        lang = self.lang
        out = _Facts()
        if a is not None:
            g = self.rs.target_groups.get(a.target_group)
            # a group the pack does not cover is named in words too, never by its code
            out["group"] = g.label.get(lang) if g else self.mask(labels.code("target_group", a.target_group, lang))
            out["group_plural"] = g.plural.get(lang) if g else self.mask(labels.group_plural(a.target_group, lang))
            out["agreement_id"] = self.mask(a.id)
            out["start"] = fmt_value(a.start, lang, self.mask)
            out["end"] = fmt_value(a.end, lang, self.mask)
        terms = {}
        for k, v in facts.items():
            if isinstance(v, Term):
                terms[k] = v
            elif k in COMPANY_IDS:  # not personal data: never masked
                out[k] = fmt_value(v, lang, _no_mask)
            else:
                out[k] = fmt_value(v, lang, self.mask)
        # two different numbers of one text (a value and its limit) are never shown alike
        nums = {k: float(v) for k, v in facts.items()
                if isinstance(v, int | float) and not isinstance(v, bool) and k not in COMPANY_IDS}
        for k1, k2 in itertools.combinations(nums, 2):
            if out[k1] == out[k2] and (shown := _apart(nums[k1], nums[k2], lang)) is not None:
                out[k1], out[k2] = self.mask(shown[0]), self.mask(shown[1])
        for k, t in terms.items():
            out[k] = fill(self._term(rule, t.key).get(lang), out, lang)
        message, fix = fill(rule.spec.message.get(lang), out, lang), fill(rule.spec.fix.get(lang), out, lang)
        if self.mask is clean:  # --show-cpr
            return message, fix
        # facts that passed the door one by one, joined in one text («0 230487, 1357 kasse»),
        # must not read as one CPR number (review 8, finding 12); a company id stays whole
        keep = [out[k] for k in facts if k in COMPANY_IDS]
        keep += [clean(piece) for v in facts.values() if isinstance(v, Shown) for piece in v.keep]
        return across(message, keep), across(fix, keep)

    def finding(self, rule: Rule, hit: Hit, a: Agreement | None, day: dt.date | None,
                severity: str | None = None) -> Finding:
        message, fix = self.render(rule, hit.facts, a)
        return Finding(
            rule=rule.id, severity=severity or rule.severity, message=message,
            pointer=hit.pointer, citation=self.citation(rule, day, hit.tags) if day else None,
            fix=fix, title=rule.spec.title.get(self.lang))

    # -- one agreement

    def check(self, a: Agreement, ctx: Context | None = None,
              skip: frozenset[str] = frozenset()) -> list[Finding]:
        ctx = ctx or self.ctx
        day = a.start
        findings = []
        for rid, fn, params, rule in self.plan(day):
            if rid in skip:
                continue
            parts = skipped_parts(rid, skip) if skip and rule.kind.parts else frozenset()
            for hit in fn(a, params, ctx):
                if parts and any(isinstance(v, Term) and v.key in parts for v in hit.facts.values()):
                    continue  # a part the source cannot feed: listed as not checkable instead
                findings.append(self.finding(rule, hit, a, day))
        review = self.rs.rules.get(REVIEW_RULE)
        if review is not None and REVIEW_RULE not in self.disabled and (
            (self.reviewed_from and day < self.reviewed_from)
            or (self.reviewed_until and day >= self.reviewed_until)
        ):
            sev = "error" if self.strict_dates else None
            before = bool(self.reviewed_from and day < self.reviewed_from)
            hit = Hit("/start", {"reviewed_from": self.reviewed_from or "—",
                                 "reviewed_until": self.reviewed_until or "—",
                                 # the period's last day: «til og med», not its first day after
                                 "reviewed_last": self.reviewed_until - dt.timedelta(days=1)
                                 if self.reviewed_until else "—",
                                 "when": Term("before" if before else "after"),
                                 "advice": Term("fix_before" if before else "fix_after")})
            findings.insert(0, self.finding(review, hit, a, None, sev))
        return findings

    def input_finding(self, rec: RawRecord, problem: InputProblem) -> Finding:
        rule = self.rs.rules[INPUT_RULE]
        # as every output names the file («eks\\xe6.csv, række 3»), and a control or format
        # character escaped (``a\\x07.csv``): a message is cleaned, which would drop it and
        # name another file (review 19)
        # — and, as the location, cleaned and masked when it holds a CPR number, as written
        # or as escaped (``12128\\x0771357.json``: review 20)
        where = shown_path(path_text(rec.source, self.mask), NOT_SHOWN)
        line, col = problem.line, problem.column
        if line is None and rec.locator is not None and problem.pointer:
            got = rec.locator.locate(problem.pointer)
            if got:
                line, col = got
        line = line or rec.line
        if line:
            unit = {"row": ("række", "row")}.get(rec.unit, ("linje", "line"))
            where += f", {unit[0] if self.lang == 'da' else unit[1]} {line}"
        detail = problem.detail
        if self.lang == "en":
            from .input_en import to_english

            detail = problem.detail_en or to_english(detail)
        detail = detail if detail[-1:] in (".", "?", "!") else detail + "."
        fix = problem.fix or contract.reader_fix(problem.detail)
        # a company's CVR or P-number echoed as written is never masked (the contract)
        hit = Hit(problem.pointer, {"where": where, "detail": Shown(detail, problem.keep),
                                    "fix": Shown(fix[1] if self.lang == "en" else fix[0], problem.keep)})
        f = self.finding(rule, hit, None, None)
        f.line, f.column = line, col
        return f

    def unknown_field_findings(self, rec: RawRecord, a: Agreement) -> list[Finding]:
        """VP003 for each field format v1 does not know, at most ``max_per_record`` of
        them; the last one counts the rest. A key that is a near miss of a known field
        («hours_per_weak»: «mente du «hours_per_week»?») is named before the others, so the
        cap never hides the typo that explains another finding (review 19); the first
        ``SUGGEST_BOUND`` keys are compared."""
        rule = self.rs.rules[UNKNOWN_FIELD_RULE]
        cap = max(1, int(getattr(rule.params_at(a.start), "max_per_record", 10)))
        unknown = list(rec.unknown) if rec.unknown is not None else list(
            contract.unknown_fields(rec.data, SUGGEST_BOUND))
        unknown.sort(key=lambda u: u[2] is None)  # stable: near misses first, each in file order
        out = []
        for i, (ptr, key, near) in enumerate(unknown[:cap]):
            rest = len(unknown) - cap if i == cap - 1 else 0
            shown = cut(key, 60)  # past a CPR number, never through it: masking follows
            out.append(self.finding(rule, Hit(ptr, {
                "what": Term("near" if near else "none"), "field": shown, "suggestion": near or "",
                "more": Term("more" if rest > 0 else "no_more"), "count": rest}), a, None))
        return out

    def run(self, rec: RawRecord, ctx: Context | None = None,
            prepare: Callable[[Agreement], Context | None] | None = None,
            skip: frozenset[str] = frozenset()) -> Result:
        """One raw record → one result; never raises on bad data.

        ``prepare`` (a batch audit) may add to the agreement what the export knows (its
        history) and return the context to check it in; ``skip`` names rules not to run.
        """
        mask = self.mask
        aid = _ident(rec.data, "id")
        citizen = _ident(rec.data.get("citizen"), "id") if isinstance(rec.data, dict) else None
        # The path keeps its real name (a file may really be named with a newline) unless
        # it holds a CPR number; each reporter escapes it for its format (issue #10).
        result = Result(path_text(rec.source, mask), rec.line, mask(aid) if aid else None,
                        person_id(citizen, mask) if citizen else None)
        problem = rec.problem
        agreement = None
        if problem is None:
            written = rec.written or (rec.locator.written if rec.locator is not None else None)
            parsed = to_agreement(rec.data, mask, rec.form_labels, written, rec.columns)
            if isinstance(parsed, InputProblem):
                problem = parsed
            else:
                agreement = parsed
        if problem is not None:
            if INPUT_RULE not in self.disabled:
                result.findings.append(self.input_finding(rec, problem))
            return result
        assert agreement is not None
        result.agreement = agreement
        result.start, result.real_id = agreement.start, agreement.id
        if prepare is not None:
            ctx = prepare(agreement) or ctx
        result.findings = self.check(agreement, ctx, skip)
        if UNKNOWN_FIELD_RULE not in self.disabled and UNKNOWN_FIELD_RULE in self.rs.rules:
            result.findings += self.unknown_field_findings(rec, agreement)
        if result.findings and rec.locator is not None:
            for f in result.findings:
                got = rec.locator.locate(f.pointer)
                if got:
                    f.line, f.column = got
                    end = rec.locator.end(f.pointer)
                    if end:
                        f.end_line, f.end_column = end
        elif rec.unit in LINE_UNITS:  # a CSV row, a JSON Lines record in an audit: every finding on its line
            for f in result.findings:
                f.line = rec.line
        return result

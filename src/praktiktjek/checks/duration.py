"""Coverage, period and duration (VP001, VP201–VP208)."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from typing import Any, Literal

from ..model import Agreement
from .base import Context, Hit, Params, Term, blank, days, duration_class, end_pointer, norm


class NoParams(Params):
    pass


def target_group_covered(a: Agreement, p: NoParams, ctx: Context) -> Iterator[Hit]:
    if a.target_group not in ctx.groups:
        yield Hit("/target_group", {"value": a.target_group})


class OutdatedCode(Params):
    #: old code -> the code to use now
    replacements: dict[str, str]


def outdated_code(a: Agreement, p: OutdatedCode, ctx: Context) -> Iterator[Hit]:
    new = p.replacements.get(a.target_group)
    if new is not None:
        yield Hit("/target_group", {"value": a.target_group, "replacement": new})


def period_order(a: Agreement, p: NoParams, ctx: Context) -> Iterator[Hit]:
    if a.end < a.start:
        yield Hit("/end", {"problem": Term("end_before_start"), "date": a.end, "previous": a.start})
    prev = a.end
    for i, ext in enumerate(a.extensions or ()):
        if ext.end <= prev:
            yield Hit(
                f"/extensions/{i}/end",
                {"problem": Term("extension_not_later"), "date": ext.end, "previous": prev,
                 "number": i + 1},
            )
        prev = max(prev, ext.end)


class GraduateException(Params):
    mode: Literal["none", "unconditional", "conditional", "unconfirmed"]
    max_days: int
    group: str


class FourWeek(Params):
    limit_days: int
    graduate_exception: GraduateException
    report: Literal["over_limit", "graduate_unverified"]

    def template_facts(self) -> dict[str, Any]:
        return {**super().template_facts(), "max_weeks": self.graduate_exception.max_days / 7}


def four_week_duration(a: Agreement, p: FourWeek, ctx: Context) -> Iterator[Hit]:
    if duration_class(a, ctx) != "four_week" or a.final_end < a.start:
        return
    d = days(a.start, a.final_end)
    if d <= p.limit_days:
        return
    ge = p.graduate_exception
    graduate = a.target_group == ge.group and a.citizen.graduate is True and ge.mode != "none"
    tags: frozenset[str] = frozenset()
    limit = p.limit_days
    outcome = "over_limit"
    if graduate:
        c, pos = a.citizen, a.position
        uses = pos.uses_education if pos is not None else None
        known_to_fail = (
            c.higher_education is False or c.job_in_field_since_graduation is True or uses is False
        )
        if ge.mode != "unconditional":
            tags = frozenset({"graduate"})
        if not known_to_fail:
            limit = ge.max_days
            if d <= ge.max_days:
                shown = (
                    c.higher_education is True
                    and c.job_in_field_since_graduation is False
                    and uses is True
                )
                if ge.mode == "unconditional" or (ge.mode == "conditional" and shown):
                    return
                outcome = "graduate_unverified"
    if outcome != p.report:
        return
    yield Hit(
        end_pointer(a),
        {"days": d, "weeks": d / 7, "limit_days": limit, "limit_weeks": limit / 7,
         "max_weeks": ge.max_days / 7},
        tags,
    )


def no_extension(a: Agreement, p: NoParams, ctx: Context) -> Iterator[Hit]:
    if duration_class(a, ctx) == "four_week" and a.extensions:
        yield Hit("/extensions/0", {"count": len(a.extensions)})


class ThirteenWeek(Params):
    limit_days: int


def thirteen_week_duration(a: Agreement, p: ThirteenWeek, ctx: Context) -> Iterator[Hit]:
    """Over 13 weeks as first agreed: with no extension, or before the extensions (they
    extend a 13-week internship; a longer first period is not made lawful by them)."""
    if duration_class(a, ctx) != "thirteen_week":
        return
    d = days(a.start, a.end)
    if d > p.limit_days:
        yield Hit("/end", {"what": Term("first_period" if a.extensions else "no_extension"),
                           "days": d, "weeks": d / 7, "limit_days": p.limit_days,
                           "limit_weeks": p.limit_days / 7})


class ExtensionAssessment(Params):
    pass


def extension_assessment(a: Agreement, p: ExtensionAssessment, ctx: Context) -> Iterator[Hit]:
    """Every extension, also beyond week 26: both sentences of stk. 2 require one."""
    if duration_class(a, ctx) != "thirteen_week":
        return
    for i, ext in enumerate(a.extensions or ()):
        if blank(ext.assessment):
            yield Hit(f"/extensions/{i}/assessment", {"number": i + 1, "end_date": ext.end})


class SpecialNeed(Params):
    beyond_days: int
    max_step_days: int

    def template_facts(self) -> dict[str, Any]:
        return {**super().template_facts(), "limit_weeks": self.beyond_days / 7}


def extension_special_need(a: Agreement, p: SpecialNeed, ctx: Context) -> Iterator[Hit]:
    if duration_class(a, ctx) != "thirteen_week":
        return
    prev = a.end
    for i, ext in enumerate(a.extensions or ()):
        if days(a.start, ext.end) > p.beyond_days:
            facts = {"number": i + 1, "end_date": ext.end, "limit_weeks": p.beyond_days / 7,
                     "step_days": (ext.end - prev).days, "max_step_weeks": p.max_step_days / 7}
            if blank(ext.special_need):
                yield Hit(f"/extensions/{i}/special_need", {**facts, "problem": Term("no_need")})
            if (ext.end - prev).days > p.max_step_days:
                yield Hit(f"/extensions/{i}/end", {**facts, "problem": Term("step_too_long")})
        prev = ext.end


class ExtensionReason(Params):
    empty_reasons: list[str]


_ASCII_DANISH = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa"})


def _bare(text: str) -> str:
    """Case-folded, with white space and punctuation trimmed from both ends, and æ/ø/å as
    ae/oe/aa (so "Fortsaettelse" is the word "fortsættelse" typed without æ)."""
    text = norm(text).translate(_ASCII_DANISH)
    while text and (text[0].isspace() or unicodedata.category(text[0]).startswith("P")):
        text = text[1:]
    while text and (text[-1].isspace() or unicodedata.category(text[-1]).startswith("P")):
        text = text[:-1]
    return text


def extension_reason(a: Agreement, p: ExtensionReason, ctx: Context) -> Iterator[Hit]:
    empty = {_bare(r) for r in p.empty_reasons} | {""}  # "-", "…" and "." say nothing either
    for i, ext in enumerate(a.extensions or ()):
        if blank(ext.reason) or _bare(ext.reason or "") in empty:
            yield Hit(f"/extensions/{i}/reason", {"number": i + 1, "reason": ext.reason or ""})

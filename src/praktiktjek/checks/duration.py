"""Coverage, period and duration (VP001, VP201–VP208)."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from typing import Any, Literal

from ..model import Agreement
from .base import (
    Code,
    Context,
    Hit,
    Params,
    Term,
    blank,
    days,
    duration_class,
    end_pointer,
    lit,
    norm,
    sql_code,
    sql_term,
)


class NoParams(Params):
    pass


def target_group_covered(a: Agreement, p: NoParams, ctx: Context) -> Iterator[Hit]:
    if a.target_group not in ctx.groups:
        yield Hit("/target_group", {"value": Code("target_group", a.target_group)})  # its label, not the code


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
    # an earlier internship that ends before it starts (review 18, F1): RULES.md's «period
    # impossible: end before start» is not only the agreement's own period. An entry an
    # audit built from another record is that record's own period, reported on it.
    for i, h in enumerate(a.history or ()):
        if h.start is not None and h.end is not None and h.end < h.start and not h.from_export:
            yield Hit(f"/history/{i}/end", {"problem": Term("history_end_before_start"), "date": h.end,
                                             "previous": h.start, "number": i + 1})


class GraduateException(Params):
    mode: Literal["none", "unconditional", "conditional", "unconfirmed"]
    max_days: int
    group: str


class FourWeek(Params):
    limit_days: int
    graduate_exception: GraduateException
    report: Literal["over_limit", "graduate_unverified"]

    def template_facts(self) -> dict[str, Any]:
        return {**super().template_facts(), "max_weeks": self.graduate_exception.max_days / 7,
                "lawful_weeks": self.limit_days / 7}


def four_week_duration(a: Agreement, p: FourWeek, ctx: Context) -> Iterator[Hit]:
    if duration_class(a, ctx) != "four_week" or a.final_end < a.start:
        return
    d = days(a.start, a.final_end)
    if d <= p.limit_days:
        return
    ge = p.graduate_exception
    graduate = a.target_group == ge.group and a.citizen.graduate is True and ge.mode != "none"
    known_to_fail = applies = False
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
        shown = (
            c.higher_education is True
            and c.job_in_field_since_graduation is False
            and uses is True
        )
        # the exception certainly applies (before 2020 unconditionally, RULES.md VP202; in
        # the trial with its conditions shown): its most is what the agreement may last
        applies = not known_to_fail and (ge.mode == "unconditional" or (ge.mode == "conditional" and shown))
        # over the exception's most, or a condition known to fail: an error against the
        # limit without the exception (RULES.md VP202), which the message states (U3)
        if not known_to_fail and d <= ge.max_days:
            limit = ge.max_days
            if applies:
                return
            outcome = "graduate_unverified"
    if outcome != p.report:
        return
    yield Hit(
        end_pointer(a),
        {"days": d, "weeks": d / 7, "limit_days": limit, "limit_weeks": limit / 7,
         "max_weeks": ge.max_days / 7,
         # a graduate the exception could cover, but over its most: the message says that it
         # allows no more (a condition known to fail: the 4-week limit alone)
         "exception": Term("graduate_most" if graduate and not known_to_fail and d > ge.max_days
                           else "graduate_plain"),
         # the limit without the graduate exception, and whether the hit is that the exception
         # is in doubt (VP208): then ``limit_days`` is lawful only if the exception applies
         "base_limit_days": p.limit_days, "exception_in_doubt": outcome == "graduate_unverified",
         # the most the agreement may last as it stands (review 15 F5): the exception's most
         # where it certainly applies, so the fix and the latest lawful end agree with the verdict
         "exception_applies": applies, "lawful_weeks": (ge.max_days if applies else limit) / 7},
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
        # the previous end is the latest so far, as VP201 reads the chain (review 9, finding 11)
        prev = max(prev, ext.end)


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
    if duration_class(a, ctx) is None:  # VP001: no duration rule for a group the pack does not cover
        return
    empty = {_bare(r) for r in p.empty_reasons} | {""}  # "-", "…" and "." say nothing either
    for i, ext in enumerate(a.extensions or ()):
        if blank(ext.reason) or _bare(ext.reason or "") in empty:
            # a blank reason is said to be missing, not quoted as «» (review 15, F9)
            said = Term("no_reason" if blank(ext.reason) else "quoted")
            yield Hit(f"/extensions/{i}/reason", {"number": i + 1, "reason": ext.reason or "", "said": said})


# --------------------------------------------------------------------------- SQL forms
#: the text VP207 compares, also for the batch screen
bare = _bare

#: one row per extension of each agreement: ``i`` counts from 1, ``e`` is its struct
_EACH_EXTENSION = """(SELECT *, exts[i] AS e, ext_ends[i] AS ext_end
      FROM (SELECT *, unnest(generate_series(1, n_ext)) AS i FROM scope WHERE n_ext > 0))"""
_END_POINTER = "CASE WHEN n_ext > 0 THEN '/extensions/' || (n_ext - 1) || '/end' ELSE '/end' END"


def target_group_covered_sql(p: NoParams) -> str:
    return f"""
    SELECT rec, 0 AS seq, '/target_group' AS pointer,
           json_object('value', {sql_code("target_group", "target_group")}) AS facts
    FROM scope WHERE target_group NOT IN (SELECT code FROM target_groups)"""


def outdated_code_sql(p: OutdatedCode) -> str:
    if not p.replacements:
        return "SELECT NULL::BIGINT AS rec, 0 AS seq, '' AS pointer, '{}' AS facts WHERE FALSE"
    values = ", ".join(f"({lit(k)}, {lit(v)})" for k, v in p.replacements.items())
    return f"""
    SELECT rec, 0 AS seq, '/target_group' AS pointer,
           json_object('value', target_group, 'replacement', r.new) AS facts
    FROM scope JOIN (VALUES {values}) r(old, new) ON r.old = scope.target_group"""


def period_order_sql(p: NoParams) -> str:
    return f"""
    SELECT rec, 0 AS seq, '/end' AS pointer,
           json_object('problem', {sql_term("end_before_start")}, 'date', "end", 'previous', start) AS facts
    FROM scope WHERE "end" < start
    UNION ALL
    SELECT rec, i AS seq, '/extensions/' || (i - 1) || '/end',
           json_object('problem', {sql_term("extension_not_later")}, 'date', ext_end, 'previous', prev, 'number', i)
    FROM (SELECT rec, i, ext_end, greatest("end", coalesce(list_max(ext_ends[1:i - 1]), "end")) AS prev
          FROM {_EACH_EXTENSION})
    WHERE ext_end <= prev
    UNION ALL
    SELECT h.rec, {HISTORY_SEQ} + h.idx, '/history/' || h.idx || '/end',
           json_object('problem', {sql_term("history_end_before_start")}, 'date', h."end", 'previous', h.start,
                       'number', h.idx + 1)
    FROM own_history h JOIN scope s ON s.rec = h.rec
    WHERE h.start IS NOT NULL AND h."end" IS NOT NULL AND h."end" < h.start"""


#: history hits come after the extension hits of the same record, as in the Python check
HISTORY_SEQ = 1_000_000


def four_week_duration_sql(p: FourWeek) -> str:
    ge = p.graduate_exception
    return f"""
    SELECT rec, 0 AS seq, {_END_POINTER} AS pointer,
           json_object('days', d, 'weeks', d / 7, 'limit_days', lim,
                       'limit_weeks', CASE WHEN lim = {lit(ge.max_days)} THEN {lit(ge.max_days / 7)}
                                      ELSE {lit(p.limit_days / 7)} END,
                       'max_weeks', {lit(ge.max_days / 7)},
                       'exception', CASE WHEN grad AND NOT ktf AND d > {lit(ge.max_days)}
                                         THEN {sql_term("graduate_most")} ELSE {sql_term("graduate_plain")} END,
                       'base_limit_days', {lit(p.limit_days)}, 'exception_in_doubt', outcome = 'graduate_unverified',
                       'exception_applies', applies,
                       'lawful_weeks', CASE WHEN applies THEN {lit(ge.max_days / 7)}
                                       WHEN lim = {lit(ge.max_days)} THEN {lit(ge.max_days / 7)}
                                       ELSE {lit(p.limit_days / 7)} END,
                       '_tags', CASE WHEN grad AND {lit(ge.mode != "unconditional")} THEN ['graduate']
                                ELSE []::VARCHAR[] END) AS facts
    FROM (SELECT *, CASE WHEN grad AND NOT ktf AND d <= {lit(ge.max_days)} THEN {lit(ge.max_days)}
                         ELSE {lit(p.limit_days)} END AS lim,
                 CASE WHEN grad AND NOT ktf AND d <= {lit(ge.max_days)} THEN
                      CASE WHEN applies THEN 'none' ELSE 'graduate_unverified' END
                      ELSE 'over_limit' END AS outcome
          FROM (SELECT *, coalesce(grad AND NOT ktf AND ({lit(ge.mode == "unconditional")}
                                                          OR ({lit(ge.mode == "conditional")} AND shown)), false)
                          AS applies FROM
               (SELECT rec, n_ext, CAST(date_diff('day', start, final_end) + 1 AS DOUBLE) AS d,
                       (target_group = {lit(ge.group)} AND graduate IS TRUE AND {lit(ge.mode != "none")}) AS grad,
                       (higher_education IS FALSE OR job_in_field IS TRUE OR uses_education IS FALSE) AS ktf,
                       (higher_education IS TRUE AND job_in_field IS FALSE AND uses_education IS TRUE) AS shown
                FROM scope WHERE cls = 'four_week' AND final_end >= start)))
    WHERE d > {lit(p.limit_days)} AND outcome = {lit(p.report)}"""


def no_extension_sql(p: NoParams) -> str:
    return """
    SELECT rec, 0 AS seq, '/extensions/0' AS pointer, json_object('count', n_ext) AS facts
    FROM scope WHERE cls = 'four_week' AND n_ext > 0"""


def thirteen_week_duration_sql(p: ThirteenWeek) -> str:
    return f"""
    SELECT rec, 0 AS seq, '/end' AS pointer,
           json_object('what', CASE WHEN n_ext > 0 THEN {sql_term("first_period")} ELSE {sql_term("no_extension")} END,
                       'days', d, 'weeks', d / 7, 'limit_days', {lit(p.limit_days)},
                       'limit_weeks', {lit(p.limit_days / 7)}) AS facts
    FROM (SELECT rec, n_ext, CAST(date_diff('day', start, "end") + 1 AS DOUBLE) AS d FROM scope
          WHERE cls = 'thirteen_week')
    WHERE d > {lit(p.limit_days)}"""


def extension_assessment_sql(p: ExtensionAssessment) -> str:
    return f"""
    SELECT rec, i AS seq, '/extensions/' || (i - 1) || '/assessment' AS pointer,
           json_object('number', i, 'end_date', ext_end) AS facts
    FROM {_EACH_EXTENSION} WHERE cls = 'thirteen_week' AND e.assessment_blank"""


def extension_special_need_sql(p: SpecialNeed) -> str:
    facts = (f"'number', i, 'end_date', ext_end, 'limit_weeks', {lit(p.beyond_days / 7)}, "
             f"'step_days', step, 'max_step_weeks', {lit(p.max_step_days / 7)}")
    return f"""
    WITH x AS (SELECT rec, i, e, ext_end,
                      date_diff('day', greatest("end", coalesce(list_max(ext_ends[1:i - 1]), "end")), ext_end) AS step
               FROM {_EACH_EXTENSION}
               WHERE cls = 'thirteen_week' AND date_diff('day', start, ext_end) + 1 > {lit(p.beyond_days)})
    SELECT rec, 2 * i AS seq, '/extensions/' || (i - 1) || '/special_need' AS pointer,
           json_object({facts}, 'problem', {sql_term("no_need")}) AS facts
    FROM x WHERE e.special_need_blank
    UNION ALL
    SELECT rec, 2 * i + 1, '/extensions/' || (i - 1) || '/end',
           json_object({facts}, 'problem', {sql_term("step_too_long")})
    FROM x WHERE step > {lit(p.max_step_days)}"""


def extension_reason_sql(p: ExtensionReason) -> str:
    empty = sorted({_bare(r) for r in p.empty_reasons} | {""})  # as extension_reason
    return f"""
    SELECT rec, i AS seq, '/extensions/' || (i - 1) || '/reason' AS pointer,
           json_object('number', i, 'reason', coalesce(e.reason, ''),
                       'said', CASE WHEN e.reason_blank THEN {sql_term("no_reason")}
                                    ELSE {sql_term("quoted")} END) AS facts
    FROM {_EACH_EXTENSION} WHERE cls IS NOT NULL AND (e.reason_blank OR list_contains({lit(empty)}, e.reason_bare))"""

"""What to change, computed: the value a rule's own parameters allow.

A rule's fix text says what to do in words ("Forkort praktikken til højst 4 uger"); for
the rules where a value follows from the agreement and the rule's parameters, the page
also gives that value ("seneste lovlige slutdato: 28. marts 2021"). Every number here
comes from the finding's facts, which the check took from the rule file, never from a
constant in this module.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping
from typing import Any

from ..checks.base import Term
from ..model import Agreement
from .forms import format_date


def _num(x: float, lang: str) -> str:
    """Hours to the hundredth (9,25), without trailing zeros."""
    text = f"{x:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") if lang == "da" else text


Suggester = Callable[[Agreement, Mapping[str, Any], str], str | None]


def _latest_end(a: Agreement, facts: Mapping[str, Any], lang: str) -> str | None:
    limit = facts.get("limit_days")
    if facts.get("exception_in_doubt") is True:
        # VP208: the longer limit holds only if the graduate exception applies, which is what
        # the finding doubts; the latest end that is lawful without it is the one to give
        limit = facts.get("base_limit_days")
        if not isinstance(limit, int) or limit < 1:
            return None
        last = a.start + dt.timedelta(days=limit - 1)
        return (f"seneste lovlige slutdato, hvis dimittendundtagelsen ikke gælder: {format_date(last, 'da')}"
                if lang == "da" else
                f"latest lawful end date if the graduate exception does not apply: {format_date(last, 'en')}")
    if not isinstance(limit, int) or limit < 1:
        return None
    last = a.start + dt.timedelta(days=limit - 1)  # periods count both their first and last day
    exception, most = facts.get("exception"), facts.get("max_weeks")
    if (isinstance(exception, Term) and exception.key == "graduate_most" and isinstance(most, int | float)
            and round(most * 7) > limit):
        # VP202 of a graduate over the exception's most: the finding is against the limit
        # without it; the exception's own latest end holds only if it applies (U3)
        longest = a.start + dt.timedelta(days=round(most * 7) - 1)
        return (f"seneste lovlige slutdato: {format_date(last, 'da')} ({format_date(longest, 'da')}, "
                "hvis dimittendundtagelsen gælder)" if lang == "da" else
                f"latest lawful end date: {format_date(last, 'en')} ({format_date(longest, 'en')} if the "
                "graduate exception applies)")
    return (f"seneste lovlige slutdato: {format_date(last, 'da')}" if lang == "da"
            else f"latest lawful end date: {format_date(last, 'en')}")


def _room(top: float, other: float) -> float:
    """The most hours beside ``other`` that keep the sum at most ``top``, rounded down to the
    hundredth (the value is shown to the hundredth, so one step past it is 0,01 more)."""
    room = math.floor((top - other) * 100 + 1e-9) / 100
    while room > 0 and room + other > top:  # a float sum just over the cap: one hundredth less
        room = round(room - 0.01, 2)
    return room


def _max_hours(a: Agreement, facts: Mapping[str, Any], lang: str) -> str | None:
    top, paid, problem = facts.get("max_hours"), facts.get("concurrent_hours"), facts.get("problem")
    hours = a.hours_per_week
    if not isinstance(top, int | float) or not isinstance(paid, int | float) or hours is None \
            or not isinstance(problem, Term):
        return None
    top, paid = float(top), float(paid)
    if problem.key == "combined":
        if hours > top:
            return None
        # paid hours beside the internship
        room = _room(top, hours)
        return (f"højst {_num(room, 'da')} løntimer om ugen ved siden af {_num(hours, 'da')} "
                "praktiktimer" if lang == "da"
                else f"at most {_num(room, 'en')} paid hours a week beside {_num(hours, 'en')} "
                "internship hours")
    if paid <= 0:
        return (f"højst {_num(top, 'da')} praktiktimer om ugen" if lang == "da"
                else f"at most {_num(top, 'en')} internship hours a week")
    # internship hours beside the concurrent paid hours: the internship alone under the cap is
    # not enough when the two together still exceed it
    room = _room(top, paid)
    if room <= 0:
        return None  # the paid hours alone fill the week: no number of internship hours is lawful
    return (f"højst {_num(room, 'da')} praktiktimer om ugen ved siden af {_num(paid, 'da')} løntimer"
            if lang == "da"
            else f"at most {_num(room, 'en')} internship hours a week beside {_num(paid, 'en')} paid hours")


def _extension_step(a: Agreement, facts: Mapping[str, Any], lang: str) -> str | None:
    end, step, max_weeks = facts.get("end_date"), facts.get("step_days"), facts.get("max_step_weeks")
    if not isinstance(end, dt.date) or not isinstance(step, int) or not isinstance(max_weeks, int | float):
        return None
    previous = end - dt.timedelta(days=step)
    problem = facts.get("problem")
    if isinstance(problem, Term) and problem.key == "no_need":
        # without a special need no day beyond the limit (week 26) is lawful: the step limit
        # (13 weeks) would need the special need this finding says is missing
        beyond = facts.get("limit_weeks")
        if not isinstance(beyond, int | float):
            return None
        last = a.start + dt.timedelta(days=round(beyond * 7) - 1)  # both first and last day count
        if last <= previous:
            return None  # the previous end already lies beyond it: this extension needs the special need
        return (f"seneste slutdato for denne forlængelse uden et helt særligt behov: {format_date(last, 'da')}"
                if lang == "da" else
                f"latest end of this extension without a very special need: {format_date(last, 'en')}")
    last = previous + dt.timedelta(days=round(max_weeks * 7))
    return (f"seneste slutdato for denne forlængelse: {format_date(last, 'da')}" if lang == "da"
            else f"latest end of this extension: {format_date(last, 'en')}")


def _ratio(a: Agreement, facts: Mapping[str, Any], lang: str) -> str | None:
    cap, others = facts.get("cap"), facts.get("others")
    if not isinstance(cap, int) or not isinstance(others, int | float):
        return None
    return (f"højst {cap} støttede personer (årsværk) på arbejdspladsen; {_num(float(others), 'da')} er "
            "støttet i forvejen" if lang == "da"
            else f"at most {cap} subsidised persons (full-time equivalents) at the workplace; "
            f"{_num(float(others), 'en')} already are")


def _after_gap(a: Agreement, facts: Mapping[str, Any], lang: str) -> str | None:
    earlier, gap = facts.get("earlier_end"), facts.get("max_gap_days")
    if not isinstance(earlier, dt.date) or not isinstance(gap, int):
        return None
    first = earlier + dt.timedelta(days=gap + 1)  # the gap must be longer than the rule's days
    return (f"tidligste startdato efter det tidligere forløb: {format_date(first, 'da')}" if lang == "da"
            else f"earliest start after the earlier internship: {format_date(first, 'en')}")


#: by check kind (the rule file's ``check:``), so that a local rule of the same kind gets it too
SUGGESTERS: dict[str, Suggester] = {
    "four_week_duration": _latest_end,
    "thirteen_week_duration": _latest_end,
    "max_hours": _max_hours,
    "extension_special_need": _extension_step,
    "ratio": _ratio,
    "repeat_back_to_back": _after_gap,
}


def suggestion(check: str, a: Agreement | None, facts: Mapping[str, Any], lang: str) -> str | None:
    fn = SUGGESTERS.get(check)
    if fn is None or a is None:
        return None
    return fn(a, facts, lang)

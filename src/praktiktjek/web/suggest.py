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
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from ..checks.base import Hit, Term
from ..model import Agreement
from .forms import format_date


def _num(x: float, lang: str) -> str:
    """Hours to the hundredth (9,25), without trailing zeros."""
    text = f"{x:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") if lang == "da" else text


#: the check kind that limits each extension step (VP206)
STEP_CHECK = "extension_special_need"
#: the hits of the rules that limit each extension step (VP206's ``extension_special_need``,
#: as in force for the agreement) on an agreement: what an end moved earlier is checked against
StepCheck = Callable[[Agreement], Iterable[Hit]]
Suggester = Callable[[Agreement, Mapping[str, Any], str, StepCheck], str | None]


def _no_steps(a: Agreement) -> Iterable[Hit]:
    return ()


def _with_end(a: Agreement, index: int, end: dt.date) -> Agreement:
    """``a`` with the end of its first period (``index`` -1) or of extension ``index`` moved."""
    if index < 0:
        return a.model_copy(update={"end": end})
    exts = list(a.extensions or ())
    exts[index] = exts[index].model_copy(update={"end": end})
    return a.model_copy(update={"extensions": exts})


def _step_end(a: Agreement, facts: Mapping[str, Any]) -> dt.date | None:
    """The latest lawful end of an extension whose step is too long: a full step (13 weeks)
    from the previous end, or the last day before the step limit applies (week 26), when
    that is later — an extension that does not reach beyond week 26 has no step limit."""
    end, step, max_weeks, beyond = (facts.get("end_date"), facts.get("step_days"), facts.get("max_step_weeks"),
                                    facts.get("limit_weeks"))
    if not isinstance(end, dt.date) or not isinstance(step, int) or not isinstance(max_weeks, int | float):
        return None
    last = _shift(end, round(max_weeks * 7) - step)
    week26 = _shift(a.start, round(beyond * 7) - 1) if isinstance(beyond, int | float) else None  # both days count
    if last is None or week26 is None:
        return last if week26 is None else week26
    return max(last, week26)


def _later_moves(a: Agreement, index: int, end: dt.date, steps: StepCheck) -> list[tuple[int, dt.date]]:
    """Moving an end earlier lengthens the next extension's step (review 12, D4): the later
    extensions that must then end earlier too, each at the latest end its step allows
    (number, new end), so that the whole agreement holds. Found by the step rule itself on
    the moved agreement, one extension at a time in order: a move changes only the steps
    after it, and each moved step is exactly the longest allowed, so none comes back."""
    if index >= len(a.extensions or ()):
        return []  # facts that name no extension of this agreement: nothing follows it
    moved, moves = _with_end(a, index, end), []
    for _ in range(len(a.extensions or ())):
        late = [(h.facts["number"], h.facts) for h in steps(moved)
                if isinstance(h.facts.get("problem"), Term) and h.facts["problem"].key == "step_too_long"
                and isinstance(h.facts.get("number"), int) and h.facts["number"] > index + 1]
        if not late:
            break
        number, facts = min(late, key=lambda nf: nf[0])
        new = _step_end(moved, facts)
        if new is None:
            break
        moves.append((number, new))
        moved = _with_end(moved, number - 1, new)
    return moves


def _and_then(moves: list[tuple[int, dt.date]], lang: str) -> str:
    """What the later extensions must then be, appended to a value ("" when nothing)."""
    if not moves:
        return ""
    if lang == "da":
        (n, d), *rest = moves
        parts = [f"forlængelse {n} skal da slutte senest {format_date(d, 'da')}"]
        parts += [f"forlængelse {m} senest {format_date(e, 'da')}" for m, e in rest]
    else:
        (n, d), *rest = moves
        parts = [f"extension {n} must then end by {format_date(d, 'en')}"]
        parts += [f"extension {m} by {format_date(e, 'en')}" for m, e in rest]
    joined = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + (" og " if lang == "da" else " and ") + parts[-1]
    return "; " + joined


def _shift(day: dt.date, days: int) -> dt.date | None:
    """``day`` moved by ``days``; None when the result lies outside the calendar (before
    1 January of year 1 or after 31 December 9999) — an agreement near either end must get
    its findings, not an error (review 11, finding 13)."""
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return None


def _date_value(label_da: str, label_en: str, day: dt.date | None, lang: str) -> str | None:
    """«label: date»; no value when a latest lawful date lies past the calendar's end (every
    date there is lawful, so there is nothing to move to)."""
    if day is None:
        return None
    return f"{label_da}: {format_date(day, 'da')}" if lang == "da" else f"{label_en}: {format_date(day, 'en')}"


def _latest_end(a: Agreement, facts: Mapping[str, Any], lang: str, steps: StepCheck = _no_steps) -> str | None:
    limit = facts.get("limit_days")
    if facts.get("exception_in_doubt") is True:
        # VP208: the longer limit holds only if the graduate exception applies, which is what
        # the finding doubts; the latest end that is lawful without it is the one to give
        limit = facts.get("base_limit_days")
        if not isinstance(limit, int) or limit < 1:
            return None
        return _date_value("seneste lovlige slutdato, hvis dimittendundtagelsen ikke gælder",
                           "latest lawful end date if the graduate exception does not apply",
                           _shift(a.start, limit - 1), lang)
    if not isinstance(limit, int) or limit < 1:
        return None
    last = _shift(a.start, limit - 1)  # periods count both their first and last day
    exception, most = facts.get("exception"), facts.get("max_weeks")
    if (last is not None and isinstance(exception, Term) and exception.key == "graduate_most"
            and isinstance(most, int | float) and round(most * 7) > limit):
        # VP202 of a graduate over the exception's most: the finding is against the limit
        # without it; the exception's own latest end holds only if it applies (U3)
        longest = _shift(a.start, round(most * 7) - 1)
        if facts.get("exception_applies") is True:
            # the exception certainly applies (before 2020, RULES.md VP202; in the trial with
            # its conditions shown): its most is the latest lawful end (review 15 F5)
            return _date_value("seneste lovlige slutdato", "latest lawful end date", longest, lang)
        if longest is not None:
            return (f"seneste lovlige slutdato: {format_date(last, 'da')} ({format_date(longest, 'da')}, "
                    "hvis dimittendundtagelsen gælder)" if lang == "da" else
                    f"latest lawful end date: {format_date(last, 'en')} ({format_date(longest, 'en')} if the "
                    "graduate exception applies)")
    return _date_value("seneste lovlige slutdato", "latest lawful end date", last, lang)


def _first_period_end(a: Agreement, facts: Mapping[str, Any], lang: str, steps: StepCheck = _no_steps) -> str | None:
    """VP204: the first period's latest end, and the extensions that must then end earlier
    for each step to stay within its limit."""
    value = _latest_end(a, facts, lang)
    limit = facts.get("limit_days")
    if value is None or not isinstance(limit, int):
        return value
    end = _shift(a.start, limit - 1)
    return value + _and_then(_later_moves(a, -1, end, steps), lang) if end else value


def _room(top: float, other: float) -> float:
    """The most hours beside ``other`` that keep the sum at most ``top``, rounded down to the
    hundredth (the value is shown to the hundredth, so one step past it is 0,01 more)."""
    room = math.floor((top - other) * 100 + 1e-9) / 100
    while room > 0 and room + other > top:  # a float sum just over the cap: one hundredth less
        room = round(room - 0.01, 2)
    return room


def _max_hours(a: Agreement, facts: Mapping[str, Any], lang: str, steps: StepCheck = _no_steps) -> str | None:
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


def _extension_step(a: Agreement, facts: Mapping[str, Any], lang: str, steps: StepCheck = _no_steps) -> str | None:
    end, step, max_weeks = facts.get("end_date"), facts.get("step_days"), facts.get("max_step_weeks")
    number = facts.get("number")
    if not isinstance(end, dt.date) or not isinstance(step, int) or not isinstance(max_weeks, int | float) \
            or not isinstance(number, int):
        return None
    previous = _shift(end, -step)
    if previous is None:
        return None  # a step reaching before the calendar's first day: no previous end to count from
    problem = facts.get("problem")
    if isinstance(problem, Term) and problem.key == "no_need":
        # without a special need no day beyond the limit (week 26) is lawful: the step limit
        # (13 weeks) would need the special need this finding says is missing
        beyond = facts.get("limit_weeks")
        if not isinstance(beyond, int | float):
            return None
        last = _shift(a.start, round(beyond * 7) - 1)  # both first and last day count
        if last is not None and last <= previous:
            return None  # the previous end already lies beyond it: this extension needs the special need
        value = _date_value("seneste slutdato for denne forlængelse uden et helt særligt behov",
                            "latest end of this extension without a very special need", last, lang)
        return value + _and_then(_later_moves(a, number - 1, last, steps), lang) if value and last else value
    full = _step_end(a, facts)
    value = _date_value("seneste slutdato for denne forlængelse", "latest end of this extension", full, lang)
    return value + _and_then(_later_moves(a, number - 1, full, steps), lang) if value and full else value


def _ratio(a: Agreement, facts: Mapping[str, Any], lang: str, steps: StepCheck = _no_steps) -> str | None:
    cap, others = facts.get("cap"), facts.get("others")
    if not isinstance(cap, int) or not isinstance(others, int | float):
        return None
    return (f"højst {cap} støttede personer (årsværk) på arbejdspladsen; {_num(float(others), 'da')} er "
            "støttet i forvejen" if lang == "da"
            else f"at most {cap} subsidised persons (full-time equivalents) at the workplace; "
            f"{_num(float(others), 'en')} already are")


def _after_gap(a: Agreement, facts: Mapping[str, Any], lang: str, steps: StepCheck = _no_steps) -> str | None:
    earlier, gap = facts.get("earlier_end"), facts.get("max_gap_days")
    if not isinstance(earlier, dt.date) or not isinstance(gap, int):
        return None
    first = _shift(earlier, gap + 1)  # the gap must be longer than the rule's days
    if first is None:  # said plainly: no start date in the calendar is lawful
        return ("tidligste startdato efter det tidligere forløb: ingen dato før år 10000" if lang == "da"
                else "earliest start after the earlier internship: no date before the year 10000")
    return _date_value("tidligste startdato efter det tidligere forløb",
                       "earliest start after the earlier internship", first, lang)


#: by check kind (the rule file's ``check:``), so that a local rule of the same kind gets it too
SUGGESTERS: dict[str, Suggester] = {
    "four_week_duration": _latest_end,
    "thirteen_week_duration": _first_period_end,
    "max_hours": _max_hours,
    "extension_special_need": _extension_step,
    "ratio": _ratio,
    "repeat_back_to_back": _after_gap,
}


def suggestion(check: str, a: Agreement | None, facts: Mapping[str, Any], lang: str,
               steps: StepCheck = _no_steps) -> str | None:
    """The value ``check``'s finding allows; ``steps`` checks the extension steps of the
    agreement with an end moved, so that a value moving an end earlier says which later
    extensions must move too (none when ``steps`` finds nothing)."""
    fn = SUGGESTERS.get(check)
    if fn is None or a is None:
        return None
    try:
        return fn(a, facts, lang, steps)
    except (OverflowError, ValueError):
        # a value past what a number or a date can hold (a rule parameter of 1e308 weeks):
        # the finding stands without a computed value; it must never cost the record its result
        return None

"""The web page's computed values («Beregnet: …», web/suggest.py), each tested as the README
says: move the agreement to the value and one step past it — the value gives no finding of
the rule, one step past gives it. Over generated agreements where a class of inputs is the
cause (review 9, findings 4–6)."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import agreement, check_data, rule_ids, ruleset
from praktiktjek.readers.jsonfile import read_json
from praktiktjek.web.app import WebEngine
from praktiktjek.web.forms import format_date

_ENGINES: dict[str, WebEngine] = {}


def computed(data: dict[str, Any], rule: str, lang: str = "da") -> list[str | None]:
    """The computed value of each finding of ``rule`` on ``data`` (None: no value)."""
    engine = _ENGINES.get(lang) or _ENGINES.setdefault(lang, WebEngine(ruleset(), lang=lang))
    raw = json.dumps(data, ensure_ascii=False).encode()
    return [f.suggestion for rec in read_json(raw, "test.json") for f in engine.run_one(rec).findings
            if f.rule == rule]


def number(text: str, before: str, after: str) -> float:
    return float(text.split(before, 1)[1].split(after, 1)[0].replace(",", "."))


def date_in(text: str, after: str, near: dt.date) -> dt.date:
    shown = text.split(after, 1)[1]
    return next(near + dt.timedelta(days=d) for d in range(-400, 400)
                if format_date(near + dt.timedelta(days=d), "da") == shown)


# ------------------------------------------------------------------ VP301 (finding 4)

hundredths = st.integers(1, 6000).map(lambda n: n / 100)


@settings(max_examples=80, deadline=None)
@given(hours=hundredths, paid=st.integers(0, 4500).map(lambda n: n / 100),
       timing=st.sampled_from(["concurrent", "after", None]))
def test_vp301_value_is_lawful_and_one_hundredth_more_is_not(hours: float, paid: float, timing: str | None) -> None:
    """Internship hours alone over the cap or not, concurrent paid hours or paid hours after
    the internship or none: the computed value is lawful, one hundredth more is not."""
    oh = {"timing": timing, "hours_per_week": paid, "functions": ["kasse"]}
    data = agreement({"hours_per_week": hours, "ordinary_hours": oh if timing else None})
    values = computed(data, "VP301")
    concurrent = paid if timing == "concurrent" else 0.0
    assert bool(values) == (hours > 37 or hours + concurrent > 37)
    for value in values:
        if value is None:
            # only when the concurrent paid hours alone fill the week
            assert concurrent >= 37 and hours > 37
            assert "VP301" in rule_ids({**data, "hours_per_week": 0.01})
        elif "praktiktimer om ugen" in value and "løntimer om ugen" not in value:
            top = number(value, "højst ", " praktiktimer")
            assert "VP301" not in rule_ids({**data, "hours_per_week": top})
            assert "VP301" in rule_ids({**data, "hours_per_week": round(top + 0.01, 2)})
        else:
            room = number(value, "højst ", " løntimer")
            assert "VP301" not in rule_ids({**data, "ordinary_hours": {**oh, "hours_per_week": room}})
            assert "VP301" in rule_ids({**data, "ordinary_hours": {**oh, "hours_per_week": round(room + 0.01, 2)}})


def test_vp301_over_the_cap_alone_with_concurrent_hours_counts_them() -> None:
    """Review 9's reproduction: 40 h + 5 h concurrent gave «højst 37 praktiktimer» (42 in all)."""
    data = agreement({"hours_per_week": 40, "ordinary_hours": {"timing": "concurrent", "hours_per_week": 5,
                                                                "functions": ["kasse"]}})
    assert computed(data, "VP301") == ["højst 32 praktiktimer om ugen ved siden af 5 løntimer"]
    assert computed(data, "VP301", "en") == ["at most 32 internship hours a week beside 5 paid hours"]
    after = {**data, "ordinary_hours": {**data["ordinary_hours"], "timing": "after"}}
    assert computed(after, "VP301") == ["højst 37 praktiktimer om ugen"]


# ------------------------------------------------------------------ VP208 (finding 5)


@settings(max_examples=40, deadline=None)
@given(start=st.dates(dt.date(2021, 5, 16), dt.date(2026, 12, 31)), days=st.integers(29, 56),
       facts=st.fixed_dictionaries({"higher_education": st.sampled_from([True, None]),
                                    "job_in_field_since_graduation": st.sampled_from([False, None]),
                                    "uses_education": st.sampled_from([True, None])}))
def test_vp208_value_is_the_end_lawful_without_the_exception(start: dt.date, days: int,
                                                             facts: dict[str, Any]) -> None:
    """VP208 doubts the graduate exception: its value is the latest end lawful without it
    (never the exception's 8-week end), and one day later is VP208 again."""
    uses = facts.pop("uses_education")
    data = agreement({"target_group": "dagpenge", "start": start.isoformat(),
                      "end": (start + dt.timedelta(days=days - 1)).isoformat(),
                      "citizen": {"graduate": True, **facts}, "position": {"uses_education": uses}})
    ids = rule_ids(data)
    if "VP208" not in ids:  # every condition shown during the trial: lawful, nothing to compute
        return
    [value] = computed(data, "VP208")
    assert value is not None and value.startswith("seneste lovlige slutdato, hvis dimittendundtagelsen ikke gælder: ")
    last = date_in(value, "gælder: ", start)
    assert last < dt.date.fromisoformat(data["end"])
    assert not {"VP202", "VP208"} & set(rule_ids({**data, "end": last.isoformat()}))
    assert "VP208" in rule_ids({**data, "end": (last + dt.timedelta(days=1)).isoformat()})
    [en] = computed(data, "VP208", "en")
    assert en is not None and en.startswith("latest lawful end date if the graduate exception does not apply: ")


# ------------------------------------------------------------------ VP206 (finding 6)


def _extension(end: dt.date, need: str | None = None) -> dict[str, Any]:
    return {"end": end.isoformat(), "reason": "Borgeren skal nå at lære varemodtagelsen.",
            "assessment": "Konkret vurdering: borgeren udvikler sig og har brug for mere tid.",
            "special_need": need}


@settings(max_examples=40, deadline=None)
@given(start=st.dates(dt.date(2019, 1, 1), dt.date(2026, 6, 30)), first=st.integers(30, 181),
       beyond=st.integers(183, 300))
def test_vp206_without_a_special_need_the_value_is_no_later_than_week_26(start: dt.date, first: int,
                                                                         beyond: int) -> None:
    """An extension reaching beyond week 26 with no special need: the value is the latest
    end lawful without one (day 182), not the 13-week step (which needs the special need);
    the value gives no VP206, one day later gives it."""
    day = lambda n: start + dt.timedelta(days=n - 1)  # noqa: E731 - day n of the internship
    exts = ([_extension(day(first))] if first > 91 else []) + [_extension(day(beyond))]
    data = agreement({"target_group": "aktivitetsparat_kontanthjaelp", "start": start.isoformat(),
                      "end": day(min(first, 91)).isoformat(), "extensions": exts})
    values = computed(data, "VP206")
    needs = [v for v in values if v is None or "uden et helt særligt behov" in v]
    assert len(needs) == 1
    [value] = needs
    assert value is not None
    last = date_in(value, "behov: ", start)
    assert last == day(182)

    def moved(end: dt.date) -> dict[str, Any]:
        return {**data, "extensions": [*exts[:-1], _extension(end)]}

    assert not {"VP201", "VP206"} & set(rule_ids(moved(last)))
    assert "VP206" in rule_ids(moved(last + dt.timedelta(days=1)))
    assert any(v and v.startswith("latest end of this extension without a very special need: ")
               for v in computed(data, "VP206", "en"))


def test_vp206_no_value_without_a_special_need_when_the_previous_end_is_already_past_week_26() -> None:
    start = dt.date(2021, 1, 4)
    data = agreement({"target_group": "aktivitetsparat_kontanthjaelp", "start": "2021-01-04", "end": "2021-04-04",
                      "extensions": [_extension(start + dt.timedelta(days=181)),
                                     _extension(dt.date(2021, 8, 1))]})
    assert computed(data, "VP206") == [None]  # review 9's reproduction: 3 October 2021 was given
    with_step = {**data, "extensions": [_extension(start + dt.timedelta(days=181)),
                                        _extension(dt.date(2021, 10, 10), need="Borgeren har et helt særligt behov.")]}
    assert computed(with_step, "VP206") == ["seneste slutdato for denne forlængelse: 3. oktober 2021"]


# ------------------------------------------------------------------ VP204 and VP206 over a chain (review 12, D4)

_NEED = "Borgeren har et helt særligt behov for længere tid på grund af angst."
_LATER = re.compile(r"forlængelse (\d+) (?:skal da slutte )?senest (\d+\. \w+ \d{4})")


def _da_date(text: str, near: dt.date) -> dt.date:
    return next(near + dt.timedelta(days=d) for d in range(-800, 800)
                if format_date(near + dt.timedelta(days=d), "da") == text)


def _moved(data: dict[str, Any], index: int, end: dt.date) -> dict[str, Any]:
    """``data`` with the first period's end (``index`` -1) or extension ``index``'s end moved."""
    if index < 0:
        return {**data, "end": end.isoformat()}
    exts = [dict(e) for e in data["extensions"]]
    exts[index]["end"] = end.isoformat()
    return {**data, "extensions": exts}


def _found(data: dict[str, Any]) -> set[tuple[str, str]]:
    (r,) = check_data(data)
    return {(f.rule, f.pointer) for f in r.findings}


@settings(max_examples=120, deadline=None)
@given(start=st.dates(dt.date(2020, 1, 1), dt.date(2026, 6, 30)), first=st.integers(60, 130),
       steps=st.lists(st.tuples(st.integers(20, 130), st.booleans()), min_size=1, max_size=4))
def test_vp204_and_vp206_values_hold_for_the_whole_extension_chain(start: dt.date, first: int,
                                                                    steps: list[tuple[int, bool]]) -> None:
    """Moving an end earlier lengthens the next extension's step (review 12, D4: day 91 for
    the first period made the 99-day step of extension 1 a new VP206). Every VP204/VP206
    value, applied with the later extensions it says must move, removes its finding and adds
    none; one day past the value (the later moves kept) gives the finding again, and so does
    one day past each later extension's value."""
    day = lambda n: start + dt.timedelta(days=n - 1)  # noqa: E731 - day n of the internship
    exts, last = [], first
    for step, need in steps:
        last += step
        exts.append(_extension(day(last), _NEED if need else None))
    data = agreement({"target_group": "aktivitetsparat_kontanthjaelp", "start": start.isoformat(),
                      "end": day(first).isoformat(), "extensions": exts})
    before = _found(data)
    engine = _ENGINES.get("da") or _ENGINES.setdefault("da", WebEngine(ruleset(), lang="da"))
    (rec,) = read_json(json.dumps(data, ensure_ascii=False).encode(), "test.json")
    for f in engine.run_one(rec).findings:
        if f.rule not in {"VP204", "VP206"} or f.suggestion is None:
            continue
        head, _, tail = f.suggestion.partition("; ")
        value = _da_date(head.split(": ", 1)[1], start)
        index = -1 if f.rule == "VP204" else int(f.pointer.split("/")[2])
        later = [(int(n) - 1, _da_date(d, start)) for n, d in _LATER.findall(tail)]
        assert [i for i, _ in later] == sorted(i for i, _ in later) and all(i > index for i, _ in later)
        fixed = _moved(data, index, value)
        for i, end in later:
            fixed = _moved(fixed, i, end)
        after = _found(fixed)
        assert (f.rule, f.pointer) not in after, f.suggestion
        assert after <= before, (f.suggestion, after - before)  # no new finding of any rule
        assert (f.rule, f.pointer) in _found(_moved(fixed, index, value + dt.timedelta(days=1)))
        for i, end in later:  # each later value is the latest its step allows
            assert ("VP206", f"/extensions/{i}/end") in _found(_moved(fixed, i, end + dt.timedelta(days=1)))


def test_review_12s_reproductions_say_which_later_extension_must_move() -> None:
    start = dt.date(2021, 1, 4)
    day = lambda n: start + dt.timedelta(days=n - 1)  # noqa: E731
    vp204 = agreement({"target_group": "aktivitetsparat_kontanthjaelp", "start": "2021-01-04",
                       "end": day(100).isoformat(), "extensions": [_extension(day(190), _NEED)]})
    assert computed(vp204, "VP204") == ["seneste lovlige slutdato: 4. april 2021; "
                                        "forlængelse 1 skal da slutte senest 4. juli 2021"]
    vp206 = agreement({"target_group": "aktivitetsparat_kontanthjaelp", "start": "2021-01-04",
                       "end": day(91).isoformat(),
                       "extensions": [_extension(day(200), _NEED), _extension(day(291), _NEED)]})
    assert computed(vp206, "VP206") == ["seneste slutdato for denne forlængelse: 4. juli 2021; "
                                        "forlængelse 2 skal da slutte senest 3. oktober 2021"]
    assert computed(vp206, "VP206", "en")[0] == ("latest end of this extension: 4 July 2021; "
                                                 "extension 2 must then end by 3 October 2021")

# ------------------------------------------------------------------ the calendar's ends (review 11, finding 13)

def _base() -> Any:
    from praktiktjek.model import Agreement

    return Agreement.model_validate(agreement())


_any_date = st.dates(dt.date.min, dt.date.max)
_days = st.integers(-(10**10), 10**10)


@settings(max_examples=200, deadline=None)
@given(start=_any_date, day=_any_date, n=_days, m=_days, weeks=st.one_of(_days, st.floats(-1e6, 1e6)),
       key=st.sampled_from(["no_need", "step", "combined"]), doubt=st.booleans(), lang=st.sampled_from(["da", "en"]))
def test_every_date_suggestion_over_the_whole_calendar_never_raises(start: dt.date, day: dt.date, n: int, m: int,
                                                                   weeks: float, key: str, doubt: bool,
                                                                   lang: str) -> None:
    """Each suggester itself (not only the guard around them) gives a text or None for any date
    from 1 January of year 1 to 31 December 9999 and any day count: moving past the calendar's
    end is no value, never an OverflowError."""
    from praktiktjek.checks.base import Term
    from praktiktjek.web.suggest import SUGGESTERS

    a = _base().model_copy(update={"start": start, "end": day})
    facts = {"limit_days": n, "base_limit_days": m, "exception_in_doubt": doubt, "earlier_end": day,
             "max_gap_days": n, "end_date": day, "step_days": m, "max_step_weeks": weeks,
             "limit_weeks": weeks, "problem": Term(key), "number": 1}
    for fn in set(SUGGESTERS.values()):
        value = fn(a, facts, lang)
        assert value is None or (isinstance(value, str) and value)


def test_vp503_near_year_9999_says_plainly_that_no_start_date_is_lawful() -> None:
    """The review's case: VP503 with an earlier internship ending 20 December 9999; the earliest
    lawful start lies past the calendar, and the page says so instead of failing."""
    patch = {"start": "9999-12-22", "end": "9999-12-31", "history": [{
        "cvr": "35954716", "p_number": "1012345678", "id": "H1", "start": "9999-12-01",
        "end": "9999-12-20", "title": "Receptionist", "functions": ["reception"],
        "difference": "Bogholderi i stedet for reception."}]}
    data = agreement(patch)
    assert computed(data, "VP503") == ["tidligste startdato efter det tidligere forløb: ingen dato før år 10000"]
    assert computed(data, "VP503", "en") == [
        "earliest start after the earlier internship: no date before the year 10000"]


# ------------------------------------------------------------------ VP503 (review 12, D3)


@settings(max_examples=60, deadline=None)
@given(earlier=st.lists(st.tuples(st.integers(1, 150), st.integers(0, 200)), min_size=1, max_size=4))
def test_vp503_value_is_measured_from_the_latest_earlier_end(earlier: list[tuple[int, int]]) -> None:
    """Several earlier internships at the company, one perhaps still running when a later
    one ended (review 12, D3: the one that started last was named, and its end gave a start
    inside the other): the finding names the internship that ended last, the value is the
    day after the gap from that end — starting then gives no VP503, a day earlier does."""
    base = agreement()
    start, c = dt.date.fromisoformat(base["start"]), base["company"]
    history = [{"id": f"E{n}", "cvr": c["cvr"], "p_number": c["p_number"],
                "start": (start - dt.timedelta(days=before)).isoformat(),
                "end": (start - dt.timedelta(days=before - length)).isoformat(),
                "title": f"Titel {n}", "functions": [f"funktion {n}"], "difference": "Andre opgaver."}
               for n, (before, length) in enumerate(earlier)]
    latest_end = max(dt.date.fromisoformat(h["end"]) for h in history)
    values = computed(agreement({"history": history}), "VP503")
    assert len(values) == ((start - latest_end).days <= 14)
    for value in values:
        assert value is not None
        first = date_in(value, ": ", latest_end)
        assert first == latest_end + dt.timedelta(days=15)

        def moved(day: dt.date) -> dict[str, Any]:
            return agreement({"history": history, "start": day.isoformat(),
                              "end": (day + dt.timedelta(days=27)).isoformat()})

        assert computed(moved(first), "VP503") == []
        assert len(computed(moved(first - dt.timedelta(days=1)), "VP503")) == 1


@settings(max_examples=25, deadline=None)
@given(hours=st.integers(3701, 6000).map(lambda n: n / 100), paid=st.integers(0, 2000).map(lambda n: n / 100))
def test_vp301_states_both_facts_when_both_are_over(hours: float, paid: float) -> None:
    """The internship's hours over the cap with concurrent paid hours: the sum is over too,
    and VP301 told only the hours alone. The message states both (the rule file's term
    «both»), and the web page's value is the internship hours beside the paid hours."""
    from praktiktjek.engine import fmt_value

    data = agreement({"hours_per_week": hours, "ordinary_hours": {
        "timing": "concurrent", "hours_per_week": paid, "functions": ["kasse"]}})
    engine = WebEngine(ruleset(), lang="da")
    raw = json.dumps(data, ensure_ascii=False).encode()
    found = [f for rec in read_json(raw, "t.json") for f in engine.run_one(rec).findings if f.rule == "VP301"]
    assert len(found) == 1
    shown_hours = fmt_value(hours, "da", str)
    if paid:
        # two numbers of one text are never shown alike (37,06 and 37,07, not 37,1 twice)
        m = re.fullmatch(r"Både praktikkens timetal \(([0-9,]+) timer\) og praktik og samtidige ordinære "
                         r"løntimer \(([0-9,]+) timer i alt\) overstiger normal fuld tid på 37 timer pr\. uge\.",
                         found[0].message)
        assert m is not None, found[0].message
        shown = [float(x.replace(",", ".")) for x in m.groups()]
        assert abs(shown[0] - hours) < 0.051 and abs(shown[1] - (hours + paid)) < 0.051
        assert m.group(1) != m.group(2) or round(hours, 2) == round(hours + paid, 2)
        room = round(37 - paid, 2)
        value = found[0].suggestion
        assert room <= 0 or (value is not None and value.startswith("højst ") and value.endswith(" løntimer")
                             and "praktiktimer om ugen ved siden af" in value)
        value = found[0].suggestion
        if value is not None:  # the value is lawful: no VP301 at it (one step past it: VP301)
            lawful = number(value, "højst ", " praktiktimer")
            assert "VP301" not in rule_ids({**data, "hours_per_week": lawful})
    else:
        assert found[0].message == f"Praktikkens timetal ({shown_hours} timer) overstiger normal fuld tid på 37 timer pr. uge."


# ------------------------------------------------------------------ VP202 of a graduate over 8 weeks (U3)


@settings(max_examples=40, deadline=None)
@given(start=st.dates(dt.date(2019, 1, 1), dt.date(2026, 12, 31)), days=st.integers(57, 120),
       facts=st.fixed_dictionaries({"higher_education": st.sampled_from([True, None]),
                                    "job_in_field_since_graduation": st.sampled_from([False, None]),
                                    "uses_education": st.sampled_from([True, None])}))
def test_vp202_of_a_graduate_over_8_weeks_states_the_4_week_limit_and_a_lawful_end(
        start: dt.date, days: int, facts: dict[str, Any]) -> None:
    """RULES.md VP202: a graduate over 8 weeks is an error against the 4-week limit. The
    message says 4 weeks (28 days) and that the exception allows at most 8 weeks — never
    «for dagpengemodtagere er grænsen 8 uger» (U3); the computed value's first date is
    lawful for any dagpenge recipient, its second lawful only with the exception: at it
    there is no VP202, one day later there is."""
    uses = facts.pop("uses_education")
    data = agreement({"target_group": "dagpenge", "start": start.isoformat(),
                      "end": (start + dt.timedelta(days=days - 1)).isoformat(),
                      "citizen": {"graduate": True, **facts}, "position": {"uses_education": uses}})
    engine = _ENGINES.get("da") or _ENGINES.setdefault("da", WebEngine(ruleset(), lang="da"))
    raw = json.dumps(data, ensure_ascii=False).encode()
    found = [f for rec in read_json(raw, "test.json") for f in engine.run_one(rec).findings if f.rule == "VP202"]
    if start.year >= 2020 and start < dt.date(2021, 5, 16):  # no graduate exception then
        assert found and "(28 dage)." in found[0].message and "dimittend" not in found[0].message
        return
    [f] = found
    assert "grænsen 4 uger (28 dage), og også med dimittendundtagelsen højst 8 uger." in f.message
    assert "grænsen 8 uger" not in f.message
    value = f.suggestion
    # review 15 F5: where the exception certainly applies — before 2020 for every dagpenge
    # graduate (RULES.md VP202), in the trial with its three conditions shown — its 8 weeks
    # are no condition: the fix and the latest lawful end say 8 weeks, and that end is lawful
    applies = start < dt.date(2020, 1, 1) or (
        start <= dt.date(2022, 11, 15) and facts == {"higher_education": True, "job_in_field_since_graduation": False}
        and uses is True)
    if applies:
        assert f.fix == "Forkort praktikken til højst 8 uger, eller vælg et andet tilbud."
        assert value is not None and value.startswith("seneste lovlige slutdato: ") and "hvis" not in value
        longest = date_in(value, "slutdato: ", start)
        assert (longest - start).days == 55
        assert not {"VP202", "VP208"} & set(rule_ids({**data, "end": longest.isoformat()}))
        assert "VP202" in rule_ids({**data, "end": (longest + dt.timedelta(days=1)).isoformat()})
        [en] = computed(data, "VP202", "en")
        assert en is not None and en.startswith("latest lawful end date: ") and " if " not in en
        return
    assert f.fix == "Forkort praktikken til højst 4 uger, eller vælg et andet tilbud."
    assert value is not None and value.startswith("seneste lovlige slutdato: ") and value.endswith(
        ", hvis dimittendundtagelsen gælder)")
    first = date_in(value.split(" (", 1)[0], "slutdato: ", start)
    longest = date_in("(" + value.split(" (", 1)[1].split(",", 1)[0], "(", start)
    assert (first - start).days == 27 and (longest - start).days == 55
    assert not {"VP202", "VP208"} & set(rule_ids({**data, "end": first.isoformat()}))
    assert "VP202" not in rule_ids({**data, "end": longest.isoformat()})
    assert "VP202" in rule_ids({**data, "end": (longest + dt.timedelta(days=1)).isoformat()})
    [en] = computed(data, "VP202", "en")
    assert en is not None and en.startswith("latest lawful end date: ") and en.endswith(
        " if the graduate exception applies)")


def test_vp202_of_a_2021_graduate_57_days_names_the_limit_it_is_measured_against() -> None:
    """Review 9, U3: a 57-day 2021 graduate got «for dagpengemodtagere er grænsen 8 uger (56
    dage)», untrue of dagpenge recipients in general. In check and in both audit engines
    the message now states the 4-week limit, the exception's 8 weeks as its most."""
    import tempfile
    from pathlib import Path

    from praktiktjek.engine import Engine
    from test_batch_parity import assert_same, write_jsonl

    data = agreement({"target_group": "dagpenge", "start": "2021-06-01", "end": "2021-07-27",
                      "citizen": {"graduate": True}})
    want = ("Praktikken varer 8,1 uger (57 dage); for dagpengemodtagere er grænsen 4 uger (28 dage), "
            "og også med dimittendundtagelsen højst 8 uger.")
    [f] = [f for rec in read_json(json.dumps(data).encode(), "t.json")
           for f in WebEngine(ruleset()).run_one(rec).findings if f.rule == "VP202"]
    assert f.message == want
    assert f.suggestion == "seneste lovlige slutdato: 28. juni 2021 (26. juli 2021, hvis dimittendundtagelsen gælder)"
    with tempfile.TemporaryDirectory() as tmp:
        for lang, text in (("da", want), ("en", "The internship lasts 8.1 weeks (57 days); for unemployment benefit recipients "
                                               "the limit is 4 weeks (28 days), and at most 8 weeks even with the "
                                               "graduate exception.")):
            (doc,) = assert_same([write_jsonl(Path(tmp) / "g.jsonl", [data])], Engine(ruleset(), lang=lang))
            assert [x["message"] for x in doc["findings"] if x["rule"] == "VP202"] == [text]

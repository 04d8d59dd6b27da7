"""Purpose, content and agreement (VP101–VP106)."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from ..model import Agreement
from .base import (
    Code,
    Context,
    Hit,
    Params,
    Term,
    blank,
    is_availability_test,
    lit,
    norm,
    ordinary_hours_given,
    sql_code,
    sql_term,
)


class CategoryStated(Params):
    availability_groups: list[str]


def category_stated(a: Agreement, p: CategoryStated, ctx: Context) -> Iterator[Hit]:
    """Missing or empty, and a list of only blank entries is empty (RULES.md "Empty")."""
    if is_availability_test(a, p.availability_groups):
        return
    if a.purpose is None or all(blank(c) for c in a.purpose.categories or ()):
        yield Hit("/purpose/categories")


class CategoryAllowed(Params):
    allowed: list[str]
    availability_category: str
    availability_groups: list[str]


def category_allowed(a: Agreement, p: CategoryAllowed, ctx: Context) -> Iterator[Hit]:
    if a.purpose is None:
        return
    for i, cat in enumerate(a.purpose.categories or ()):
        if cat in p.allowed or blank(cat):
            continue  # a blank entry states no purpose: not VP102's «Formålet «»» (U8)
        if cat == p.availability_category and a.target_group in p.availability_groups:
            continue  # a missing availability_test object is VP602's business
        yield Hit(f"/purpose/categories/{i}", {"category": cat})


class Description(Params):
    min_words: int
    category_labels: list[str]
    availability_groups: list[str]


def word_count(text: str) -> int:
    """The words of a text as VP103 counts them: what white space parts that holds a letter
    or a digit — a dash, a dot or a row of them is no word («- - - - - - - - - -» passed
    as ten words, review 22 F2)."""
    return sum(1 for w in text.split() if any(c.isalnum() for c in w))


def description(a: Agreement, p: Description, ctx: Context) -> Iterator[Hit]:
    if is_availability_test(a, p.availability_groups):
        return
    text = a.purpose.description if a.purpose else None
    if blank(text):
        yield Hit("/purpose/description", {"problem": Term("missing")})
        return
    assert text is not None
    n = norm(text).strip(" .")
    if n in {norm(label) for label in p.category_labels}:
        yield Hit("/purpose/description", {"problem": Term("only_label")})
        return
    words = word_count(text)
    if words < p.min_words:
        yield Hit(
            "/purpose/description",
            {"problem": Term("too_short"), "words": words, "min_words": p.min_words},
        )


class ContentStated(Params):
    #: fewer minutes a week than this state no extent (VP104); 0 hours always
    min_minutes_per_week: float = Field(0, ge=0)


def content_stated(a: Agreement, p: ContentStated, ctx: Context) -> Iterator[Hit]:
    pos = a.position
    if pos is None or blank(pos.title):
        yield Hit("/position/title", {"missing": Term("title")})
    if pos is None or not [f for f in pos.functions or () if not blank(f)]:
        yield Hit("/position/functions", {"missing": Term("functions")})
    if a.hours_per_week is None:
        yield Hit("/hours_per_week", {"missing": Term("hours")})
    elif a.hours_per_week == 0 or a.hours_per_week * 60 < p.min_minutes_per_week:
        # 0 hours a week states no extent (omfang): readable, but not a lawful agreement
        # (review 11, finding 7); nor does a vanishing fraction of an hour (review 13, F5:
        # 1e-7 hours passed green) — the floor is the rule file's parameter
        yield Hit("/hours_per_week", {"missing": Term("zero_hours"), "hours": a.hours_per_week})


class OrdinaryHoursPlan(Params):
    ok_after: list[str]
    groups: list[str] | None = None


def ordinary_hours_plan(a: Agreement, p: OrdinaryHoursPlan, ctx: Context) -> Iterator[Hit]:
    if a.availability_test is not None:
        return
    if p.groups is not None and a.target_group not in p.groups:
        return
    if not ordinary_hours_given(a.ordinary_hours) and a.after_internship not in p.ok_after:
        yield Hit("/after_internship", {"after": Code("after", a.after_internship)})


class AgreedByAll(Params):
    parties: list[str]
    alternatives: dict[str, list[str]] = Field(default_factory=dict)
    #: the term that names the public party on the start date (jobcentret → kommunen)
    authority: str = "jobcenter"


def _given(value: object) -> bool:
    if value is None or value is False:
        return False
    return not (isinstance(value, str) and blank(value))  # blank as the model's BlankText


def agreed_by_all(a: Agreement, p: AgreedByAll, ctx: Context) -> Iterator[Hit]:
    """VP106. A party written under two keys (``jobcenter`` and ``municipality``, one
    party): agreed when one key gives it and none says ``false`` in so many words — a
    record stating that the jobcenter did not agree is not agreed, whatever the other key
    says (review 19); ``null`` beside a date only leaves that key unstated."""
    ab = a.agreed_by
    for party in p.parties:
        names = [party, *p.alternatives.get(party, [])]
        refused = [n for n in names if ab is not None and getattr(ab, n, None) is False]
        if ab is not None and not refused and any(_given(getattr(ab, n, None)) for n in names):
            continue
        term = p.authority if party == "jobcenter" else party
        yield Hit(f"/agreed_by/{refused[0] if refused else party}" if ab is not None else "/agreed_by",
                  {"party": Term(term), "authority": Term(p.authority)})


# --------------------------------------------------------------------------- SQL forms
#: the test VP106 applies to a party's value, also for the batch screen
given = _given
#: one row per purpose category: ``i`` counts from 1
_EACH_CATEGORY = """(SELECT *, cats[i] AS cat
      FROM (SELECT *, unnest(generate_series(1, len(cats))) AS i FROM scope WHERE len(cats) > 0))"""


def _availability_test_sql(groups: list[str]) -> str:
    return f"(avail AND list_contains({lit(groups)}, target_group))"


def category_stated_sql(p: CategoryStated) -> str:
    # ``cats`` holds a blank entry as NULL (batch/screen.py): only blank entries is empty
    return f"""
    SELECT rec, 0 AS seq, '/purpose/categories' AS pointer, '{{}}' AS facts
    FROM scope WHERE NOT {_availability_test_sql(p.availability_groups)}
      AND coalesce(len(list_filter(cats, lambda c: c IS NOT NULL)), 0) = 0"""


def category_allowed_sql(p: CategoryAllowed) -> str:
    return f"""
    SELECT rec, i AS seq, '/purpose/categories/' || (i - 1) AS pointer, json_object('category', cat) AS facts
    FROM {_EACH_CATEGORY}
    WHERE cat IS NOT NULL AND NOT list_contains({lit(p.allowed)}, cat)
      AND NOT (cat = {lit(p.availability_category)} AND list_contains({lit(p.availability_groups)}, target_group))"""


def description_sql(p: Description) -> str:
    labels = sorted({norm(label) for label in p.category_labels})
    return f"""
    SELECT rec, 0 AS seq, '/purpose/description' AS pointer,
           CASE WHEN desc_blank THEN json_object('problem', {sql_term("missing")})
                WHEN list_contains({lit(labels)}, desc_stripped) THEN json_object('problem', {sql_term("only_label")})
                ELSE json_object('problem', {sql_term("too_short")}, 'words', desc_words,
                                 'min_words', {lit(p.min_words)}) END AS facts
    FROM scope
    WHERE NOT {_availability_test_sql(p.availability_groups)}
      AND (desc_blank OR list_contains({lit(labels)}, desc_stripped) OR desc_words < {lit(p.min_words)})"""


def content_stated_sql(p: ContentStated) -> str:
    return f"""
    SELECT rec, 0 AS seq, '/position/title' AS pointer, json_object('missing', {sql_term("title")}) AS facts
    FROM scope WHERE title_blank
    UNION ALL
    SELECT rec, 1, '/position/functions', json_object('missing', {sql_term("functions")})
    FROM scope WHERE NOT fns_any
    UNION ALL
    SELECT rec, 2, '/hours_per_week', json_object('missing', {sql_term("hours")})
    FROM scope WHERE hours IS NULL
    UNION ALL
    SELECT rec, 2, '/hours_per_week', json_object('missing', {sql_term("zero_hours")}, 'hours', hours)
    FROM scope WHERE hours = 0 OR hours * 60 < {lit(p.min_minutes_per_week)}"""


def ordinary_hours_plan_sql(p: OrdinaryHoursPlan) -> str:
    groups = f"AND list_contains({lit(p.groups)}, target_group)" if p.groups is not None else ""
    return f"""
    SELECT rec, 0 AS seq, '/after_internship' AS pointer,
           json_object('after', {sql_code('after', 'after')}) AS facts
    FROM scope WHERE NOT avail {groups} AND NOT oh_present
      AND (after IS NULL OR NOT list_contains({lit(p.ok_after)}, after))"""


def agreed_by_all_sql(p: AgreedByAll) -> str:
    parts = []
    for n, party in enumerate(p.parties):
        names = [party, *p.alternatives.get(party, [])]
        term = p.authority if party == "jobcenter" else party
        refused = " ".join(f"WHEN list_contains(ab_refused, {lit(name)}) THEN {lit('/agreed_by/' + name)}"
                           for name in names)
        parts.append(f"""
    SELECT rec, {n} AS seq,
           CASE WHEN NOT ab_present THEN '/agreed_by' {refused} ELSE {lit("/agreed_by/" + party)} END AS pointer,
           json_object('party', {sql_term(term)}, 'authority', {sql_term(p.authority)}) AS facts
    FROM scope WHERE NOT (ab_present AND list_has_any(ab_given, {lit(names)})
                          AND NOT list_has_any(ab_refused, {lit(names)}))""")
    return " UNION ALL ".join(parts) or "SELECT NULL::BIGINT AS rec, 0 AS seq, '' AS pointer, '{}' AS facts WHERE FALSE"

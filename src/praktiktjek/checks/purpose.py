"""Purpose, content and agreement (VP101–VP106)."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from ..model import Agreement
from .base import Code, Context, Hit, Params, Term, blank, is_availability_test, norm


class CategoryStated(Params):
    availability_groups: list[str]


def category_stated(a: Agreement, p: CategoryStated, ctx: Context) -> Iterator[Hit]:
    if is_availability_test(a, p.availability_groups):
        return
    if a.purpose is None or not a.purpose.categories:
        yield Hit("/purpose/categories")


class CategoryAllowed(Params):
    allowed: list[str]
    availability_category: str
    availability_groups: list[str]


def category_allowed(a: Agreement, p: CategoryAllowed, ctx: Context) -> Iterator[Hit]:
    if a.purpose is None:
        return
    for i, cat in enumerate(a.purpose.categories or ()):
        if cat in p.allowed:
            continue
        if cat == p.availability_category and a.target_group in p.availability_groups:
            continue  # a missing availability_test object is VP602's business
        yield Hit(f"/purpose/categories/{i}", {"category": cat})


class Description(Params):
    min_words: int
    category_labels: list[str]
    availability_groups: list[str]


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
    words = len(text.split())
    if words < p.min_words:
        yield Hit(
            "/purpose/description",
            {"problem": Term("too_short"), "words": words, "min_words": p.min_words},
        )


class ContentStated(Params):
    pass


def content_stated(a: Agreement, p: ContentStated, ctx: Context) -> Iterator[Hit]:
    pos = a.position
    if pos is None or blank(pos.title):
        yield Hit("/position/title", {"missing": Term("title")})
    if pos is None or not [f for f in pos.functions or () if not blank(f)]:
        yield Hit("/position/functions", {"missing": Term("functions")})
    if a.hours_per_week is None:
        yield Hit("/hours_per_week", {"missing": Term("hours")})


class OrdinaryHoursPlan(Params):
    ok_after: list[str]
    groups: list[str] | None = None


def ordinary_hours_plan(a: Agreement, p: OrdinaryHoursPlan, ctx: Context) -> Iterator[Hit]:
    if a.availability_test is not None:
        return
    if p.groups is not None and a.target_group not in p.groups:
        return
    if a.ordinary_hours is None and a.after_internship not in p.ok_after:
        yield Hit("/after_internship", {"after": Code("after", a.after_internship)})


class AgreedByAll(Params):
    parties: list[str]
    alternatives: dict[str, list[str]] = Field(default_factory=dict)
    #: the term that names the public party on the start date (jobcentret → kommunen)
    authority: str = "jobcenter"


def _given(value: object) -> bool:
    if value is None or value is False:
        return False
    return not (isinstance(value, str) and not value.strip())


def agreed_by_all(a: Agreement, p: AgreedByAll, ctx: Context) -> Iterator[Hit]:
    ab = a.agreed_by
    for party in p.parties:
        names = [party, *p.alternatives.get(party, [])]
        if ab is not None and any(_given(getattr(ab, n, None)) for n in names):
            continue
        term = p.authority if party == "jobcenter" else party
        yield Hit(f"/agreed_by/{party}" if ab is not None else "/agreed_by",
                  {"party": Term(term), "authority": Term(p.authority)})

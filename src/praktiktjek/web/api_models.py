"""The API's answers as models, for the OpenAPI document (and so for schemathesis)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class Problem(BaseModel):
    """An RFC 9457 problem document."""

    type: str
    title: str
    status: int
    detail: str


class SourceOut(BaseModel):
    text: str
    act: str
    number: str | None
    url: str | None
    kind: str
    inferred: bool
    amended_by: str | None = None
    dates_inferred: bool = False


class CitationOut(BaseModel):
    text: str
    url: str | None
    sources: list[SourceOut]


class FindingOut(BaseModel):
    rule: str = Field(examples=["VP202"])
    severity: str = Field(description="error, warning or info")
    message: str
    citation: CitationOut | None
    pointer: str = Field(description="JSON pointer to the field the finding is about")
    line: int | None = Field(description="line of that field in the request body")
    column: int | None
    title: str
    fix: str
    waived: dict[str, Any] | None = None


class ResultOut(BaseModel):
    source: str
    line: int | None
    agreement_id: str | None
    citizen: str | None = Field(description="masked when it is a CPR number")
    findings: list[FindingOut]


class SummaryOut(BaseModel):
    records: int
    error: int
    warning: int
    info: int
    input_problems: int
    waived: int


class PackOut(BaseModel):
    """A rule pack in force, as `check -f json` names it under ``tool.packs``."""

    name: str = Field(examples=["national"])
    prefix: str = Field(examples=["VP"])
    title: str
    version: str | None
    file: str | None = Field(description="always null here: the server's paths are its own "
                                         "(`check -f json` gives a local pack's file as given)")
    national: bool


class ToolOut(BaseModel):
    name: str
    version: str
    packs: list[PackOut] = Field(description="the rule packs in force, the national one first")


class CheckOut(BaseModel):
    """The JSON output contract (AGREEMENT_FORMAT.md)."""

    results: list[ResultOut]
    summary: SummaryOut
    tool: ToolOut


class RuleOut(BaseModel):
    id: str
    severity: str
    title: dict[str, str]
    citations: list[dict[str, Any]]
    confidence: dict[str, Any]
    check: str
    pack: str
    valid_from: str | None
    valid_to: str | None


class RuleDetail(BaseModel):
    id: str
    severity: str
    title: str
    pack: str
    in_force: str
    rationale: str
    message: str
    text_day: str
    citations: list[dict[str, Any]]
    confidence: str
    confidence_note: str | None
    legal_text: str | None
    parameters: list[str]
    fix: str
    examples: list[dict[str, Any]]


class Health(BaseModel):
    status: str
    version: str
    rules: int
    packs: list[PackOut] = Field(description="the rule packs in force, the national one first")

"""The agreement format, version 1 (see shared/domain/AGREEMENT_FORMAT.md).

Field names and meanings are a public contract: add optional fields, never rename.
Unknown extra fields are ignored (the format is additive). Target groups, purposes and
other coded values are plain strings on purpose: an unknown value is data that a rule
reports (VP001, VP102), not a reason to reject the record.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

FORMAT_V1 = "praktiktjek/agreement@1"

#: A required identifier: text (numbers are accepted and read as text), not empty.
Ident = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
#: Hours, weeks and head counts: a number, never negative, never NaN or infinite.
Amount = Annotated[float, Field(ge=0)]


class _Part(BaseModel):
    model_config = ConfigDict(extra="ignore", coerce_numbers_to_str=True, allow_inf_nan=False)


class LastEmployer(_Part):
    cvr: str | None = None
    p_number: str | None = None
    functions: list[str] | None = None


class Citizen(_Part):
    id: Ident = Field(description="Links the same person across agreements; may be a CPR number")
    graduate: bool | None = Field(None, description="dimittend")
    higher_education: bool | None = None
    job_in_field_since_graduation: bool | None = None
    extended_duration_basis: str | None = Field(
        None, description="no_work_experience, long_term_unemployment or hard_to_place"
    )
    benefit_weeks_before_start: Amount | None = None
    last_employer: LastEmployer | None = None


class Company(_Part):
    name: str | None = None
    cvr: Ident
    p_number: str | None = None
    sector: str | None = Field(None, description="private or public")
    industry: str | None = None
    ordinary_employees: Amount | None = Field(None, description="full-time equivalents (årsværk)")
    subsidised_persons: Amount | None = Field(
        None, description="persons already subsidised at the P-number, full-time equivalents"
    )


class Position(_Part):
    title: str | None = None
    functions: list[str] | None = None
    uses_education: bool | None = None


class Purpose(_Part):
    categories: list[str] | None = None
    description: str | None = None


class OrdinaryHours(_Part):
    timing: str | None = Field(None, description="concurrent (a hybrid internship) or after")
    hours_per_week: Amount | None = None
    functions: list[str] | None = None


class Extension(_Part):
    end: dt.date
    reason: str | None = None
    assessment: str | None = None
    special_need: str | None = None


class AvailabilityTest(_Part):
    justification: str | None = None


class HistoryEntry(_Part):
    id: str | None = None
    cvr: str | None = None
    p_number: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    title: str | None = None
    functions: list[str] | None = None
    difference: str | None = None


Consent = dt.date | bool | str | None


class AgreedBy(_Part):
    citizen: Consent = None
    company: Consent = None
    jobcenter: Consent = None
    municipality: Consent = Field(None, description="accepted in place of jobcenter")


class Accommodations(_Part):
    needs: str | None = None
    health_information_shared: bool | None = None
    consent_to_share: bool | None = None


class Agreement(_Part):
    """One virksomhedspraktik agreement."""

    format: str | None = Field(None, description=f"{FORMAT_V1}; absent means version 1")
    id: Ident
    municipality: str | None = None
    target_group: Ident
    citizen: Citizen
    company: Company
    start: dt.date
    end: dt.date
    hours_per_week: Amount | None = None
    position: Position | None = None
    purpose: Purpose | None = None
    ordinary_hours: OrdinaryHours | None = None
    after_internship: str | None = None
    extensions: list[Extension] | None = None
    availability_test: AvailabilityTest | None = None
    history: list[HistoryEntry] | None = None
    agreed_by: AgreedBy | None = None
    accommodations: Accommodations | None = None
    mentor_hours_per_week: Amount | None = None
    difference_from_earlier: str | None = Field(
        None, description="(additive) how this internship differs from earlier ones at the same "
        "company; a batch audit puts it on the history it builds from the export")

    @property
    def final_end(self) -> dt.date:
        """The last extension's end, or ``end`` when there is none."""
        if self.extensions:
            return self.extensions[-1].end
        return self.end


def json_schema() -> dict[str, object]:
    schema = Agreement.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "urn:praktiktjek:schema:agreement:1"
    schema["title"] = "praktiktjek agreement, format version 1"
    return schema

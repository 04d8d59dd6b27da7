"""The agreement format, version 1: the input contract (docs/format.md).

Field names and meanings are a public contract: add optional fields, never rename.
Reading is strict, as JSON has its types: no coercion (``"30"`` is not a number, ``1`` is
not a boolean, ``42`` is not a text), dates are exactly ``YYYY-MM-DD``, coded fields take
only their listed codes. The JSON Schema (``praktiktjek schema``) is generated from these
classes, so the schema and the checker agree: a record is valid under the schema exactly
when the checker gives it no VP000 (duplicate keys, which a schema cannot see, excepted).

Unknown fields are not an error (newer writers may add fields); the engine reports each
with the warning VP003 and the closest known name. ``purpose.categories`` entries that are
not codes are the rule finding VP102, not VP000: the law's purposes are that rule's point.

Every field carries its Danish and English title and description (``x-title-da`` …) and
coded fields their labels (``x-enum-labels``): the form, docs/format.md and the messages
all read them from here.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, ClassVar, Literal, get_args

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

FORMAT_V1 = "praktiktjek/agreement@1"

# --------------------------------------------------------------------------- codes

#: code -> (Danish label, English label). The six groups the national pack covers come
#: first; the rest are known groups it does not cover yet (VP001).
TARGET_GROUPS: dict[str, tuple[str, str]] = {
    "dagpenge": ("dagpengemodtager", "unemployment benefit recipient"),
    "jobparat_kontanthjaelp": ("jobparat kontanthjælpsmodtager", "job-ready social assistance recipient"),
    "aktivitetsparat_kontanthjaelp": ("aktivitetsparat kontanthjælpsmodtager",
                                      "activity-ready social assistance recipient"),
    "uddannelsesparat_uddannelseshjaelp": ("uddannelsesparat uddannelseshjælpsmodtager",
                                           "education-ready education benefit recipient"),
    "aktivitetsparat_uddannelseshjaelp": ("aktivitetsparat uddannelseshjælpsmodtager",
                                          "activity-ready education benefit recipient"),
    "uddannelsesparat_kontanthjaelp": ("uddannelsesparat kontanthjælpsmodtager",
                                       "education-ready social assistance recipient"),
    "sygedagpenge": ("sygedagpengemodtager", "sickness benefit recipient"),
    "jobafklaring": ("borger i jobafklaringsforløb", "person in a job clarification course"),
    "ressourceforloeb": ("borger i ressourceforløb", "person in a resource course"),
    "revalidering": ("revalidend", "person in rehabilitation (revalidering)"),
    "ledighedsydelse": ("ledighedsydelsesmodtager", "unemployment allowance (ledighedsydelse) recipient"),
    "selvforsoergelses_hjemrejse_overgangsydelse": (
        "modtager af selvforsørgelses- og hjemrejseydelse eller overgangsydelse",
        "self-support and repatriation or transition benefit recipient"),
    "other": ("anden målgruppe", "another target group"),
}
PURPOSE_CATEGORIES: dict[str, tuple[str, str]] = {
    "ordinary_hours": ("ordinære løntimer (BAB § 60, stk. 2, nr. 1)",
                       "ordinary paid hours (BAB § 60, stk. 2, nr. 1)"),
    "skills_training": ("optræning af specifikke kompetencer (nr. 2)",
                        "training of specific skills (nr. 2)"),
    "goal_clarification": ("afklaring af job- eller uddannelsesmål (nr. 3)",
                           "clarifying job or education goals (nr. 3)"),
    "availability_test": ("rådighedsafprøvning (stk. 4, kun dagpenge)",
                          "availability test (stk. 4, dagpenge only)"),
}
AFTER_INTERNSHIP: dict[str, tuple[str, str]] = {
    "ordinary_hours": ("ordinære løntimer", "ordinary paid hours"),
    "wage_subsidy": ("løntilskud", "wage subsidy"),
    "education": ("uddannelse", "education"),
    "none": ("ingen plan", "no plan"),
    "unknown": ("ukendt", "unknown"),
}
TIMING: dict[str, tuple[str, str]] = {
    "concurrent": ("samtidig med praktikken (hybrid praktik)", "alongside the internship (hybrid)"),
    "after": ("efter praktikken", "after the internship"),
}
SECTORS: dict[str, tuple[str, str]] = {
    "private": ("privat", "private"),
    "public": ("offentlig", "public"),
}
EXTENDED_BASIS: dict[str, tuple[str, str]] = {
    "no_work_experience": ("ingen erhvervserfaring", "no work experience"),
    "long_term_unemployment": ("langvarig ledighed", "long-term unemployment"),
    "hard_to_place": ("vanskelig at placere i løntilskud", "hard to place in wage subsidy"),
}
FORMATS: dict[str, tuple[str, str]] = {FORMAT_V1: ("format version 1", "format version 1")}

TargetGroup = Literal[
    "dagpenge", "jobparat_kontanthjaelp", "aktivitetsparat_kontanthjaelp",
    "uddannelsesparat_uddannelseshjaelp", "aktivitetsparat_uddannelseshjaelp",
    "uddannelsesparat_kontanthjaelp", "sygedagpenge", "jobafklaring", "ressourceforloeb",
    "revalidering", "ledighedsydelse", "selvforsoergelses_hjemrejse_overgangsydelse", "other",
]
AfterInternship = Literal["ordinary_hours", "wage_subsidy", "education", "none", "unknown"]
Timing = Literal["concurrent", "after"]
Sector = Literal["private", "public"]
ExtendedBasis = Literal["no_work_experience", "long_term_unemployment", "hard_to_place"]
Format = Literal["praktiktjek/agreement@1"]

for _lit, _table in ((TargetGroup, TARGET_GROUPS), (AfterInternship, AFTER_INTERNSHIP),
                     (Timing, TIMING), (Sector, SECTORS), (ExtendedBasis, EXTENDED_BASIS),
                     (Format, FORMATS)):
    assert tuple(get_args(_lit)) == tuple(_table), _table  # one list of codes, not two

# --------------------------------------------------------------------------- value types

#: Python's ``$`` also matches before a final newline; ``(?!\n)`` makes "12345678\n" fail
#: in Python's regex engine as it does in JSON Schema's (ECMA 262).
_END = r"$(?!\n)"
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}" + _END
CVR_PATTERN = r"^[0-9]{8}" + _END
P_NUMBER_PATTERN = r"^[0-9]{10}" + _END
#: What counts as blank ("blank" = shows nothing): every character that Python's
#: ``str.isspace`` or ECMA 262's ``\s`` (JSON Schema's regex dialect) calls white space;
#: every Basic Multilingual Plane code point that Unicode 15 calls
#: Default_Ignorable_Code_Point (soft hyphen U+00AD, U+034F, U+061C, the Hangul fillers
#: U+115F, U+1160, U+3164, U+FFA0, U+17B4–U+17B5, U+180B–U+180F, U+200B–U+200F,
#: U+202A–U+202E, U+2060–U+206F, variation selectors U+FE00–U+FE0F, U+FEFF, U+FFF0–U+FFF8);
#: the Braille blank U+2800; and every control character (C0, DEL, C1), which the output
#: door removes, so a text of them shows nothing (review 11, finding 11). Spelled out, so
#: that the schema means the same in every validator. The default-ignorable code points
#: beyond the BMP (tag characters U+E0000–E0FFF, U+1BCA0–1BCA3, U+1D173–1D17A) are in it
#: too (review 13, F1: a title of only TAG SPACE passed green): written as the characters
#: themselves, not as escapes, so that Python's ``re`` and ECMA 262 with the ``u`` flag
#: (ajv, check-jsonschema's regress) both read one code point range. (An ECMA pattern
#: without the ``u`` flag cannot name a code point beyond the BMP at all.)
BLANK_CLASS = (r"\u0000-\u0020\u007f-\u009f\u00a0\u00ad\u034f\u061c\u115f\u1160"
               r"\u1680\u17b4\u17b5\u180b-\u180f\u2000-\u200f\u2028-\u202f\u205f-\u206f"
               r"\u2800\u3000\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8"
               "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff")
#: at least one character that is not blank ("   " counts as empty)
NON_BLANK_PATTERN = f"[^{BLANK_CLASS}]"
BLANK_RE = re.compile(f"^[{BLANK_CLASS}]*$")
_DATE_RE = re.compile(DATE_PATTERN)


def _iso_date(value: Any) -> Any:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value  # a reader that already made a date (CSV)
    if not isinstance(value, str):
        raise PydanticCustomError("date_type", "a date must be text YYYY-MM-DD")
    if not _DATE_RE.search(value):
        raise PydanticCustomError("date_format", "a date must be written YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise PydanticCustomError("date_invalid", "the date does not exist") from None


_DATE_SCHEMA = {"type": "string", "format": "date", "pattern": DATE_PATTERN}
IsoDate = Annotated[dt.date, BeforeValidator(_iso_date), WithJsonSchema(_DATE_SCHEMA)]
Text = str
#: A required identifier: text, not empty or white space only.
Ident = Annotated[str, StringConstraints(pattern=NON_BLANK_PATTERN)]
Cvr = Annotated[str, StringConstraints(pattern=CVR_PATTERN)]
PNumber = Annotated[str, StringConstraints(pattern=P_NUMBER_PATTERN)]
#: A week has 168 hours.
Hours = Annotated[float, Field(ge=0, le=168)]
Weeks = Annotated[float, Field(ge=0, le=5200)]
Persons = Annotated[float, Field(ge=0, le=1_000_000)]
#: Text that shows nothing ("" or only blank characters): empty, as missing or null is
#: ("Whitespace-only text counts as empty everywhere", AGREEMENT_FORMAT's † note)
BLANK_PATTERN = f"^[{BLANK_CLASS}]*" + _END
BlankText = Annotated[str, StringConstraints(pattern=BLANK_PATTERN)]
#: a party's agreement: the date, or true; false, null and empty text are "not agreed"
#: (VP106, not VP000: review 12, D7 — a CSV's empty cell was VP106 already)
Consent = IsoDate | BlankText | bool | None


def _f(default: Any, da: str, en: str, desc_da: str = "", desc_en: str = "", *,
       absent: str | None = None, labels: dict[str, tuple[str, str]] | None = None,
       examples: list[Any] | None = None) -> Any:
    """A field with its Danish and English title and description for the schema, the
    form and docs/format.md. ``absent`` names what its absence gives (e.g. VP104)."""
    extra: dict[str, Any] = {"x-title-da": da}  # x-absent is Danish: it is shown to caseworkers
    if desc_da:
        extra["x-description-da"] = desc_da
    if absent:
        extra["x-absent"] = absent
    if labels:
        extra["x-enum-labels"] = {"da": {k: v[0] for k, v in labels.items()},
                                  "en": {k: v[1] for k, v in labels.items()}}
    kwargs: dict[str, Any] = {"title": en, "json_schema_extra": extra}
    if desc_en:
        kwargs["description"] = desc_en
    if examples:
        kwargs["examples"] = examples
    return Field(default, **kwargs)


class _Part(BaseModel):
    # strict: no coercion of types; python-re: the schema's patterns mean in the checker
    # exactly what they mean to a JSON Schema validator in Python.
    model_config = ConfigDict(extra="ignore", strict=True, allow_inf_nan=False,
                              regex_engine="python-re")


class LastEmployer(_Part):
    cvr: Cvr | None = _f(None, "CVR-nummer", "CVR number", "8 cifre", "8 digits", examples=["12345678"])
    p_number: PNumber | None = _f(None, "P-nummer", "P-number", "10 cifre", "10 digits",
                                  examples=["1003456789"])
    functions: list[Text] | None = _f(
        None, "Arbejdsfunktioner", "Work functions",
        "Funktionerne i den seneste ansættelse (for at vise forskellen, BAB § 61, stk. 3)",
        "The functions of the last employment (to show the difference, BAB § 61, stk. 3)",
        absent="VP505 for de grupper, reglen gælder, når borgeren kommer tilbage til seneste arbejdsgiver")


class Citizen(_Part):
    id: Ident = _f(..., "Borger-id", "Citizen id",
                   "Binder samme person sammen på tværs af aftaler; må være et CPR-nummer (det maskeres i "
                   "alle uddata)",
                   "Links the same person across agreements; may be a CPR number (masked in every output)",
                   examples=["c-7f3a9"])
    graduate: bool | None = _f(None, "Dimittend", "Graduate",
                               "Dagpenge på dimittendvilkår", "On dagpenge as a graduate (dimittend)")
    higher_education: bool | None = _f(
        None, "Videregående uddannelse", "Higher education",
        "Har gennemført mindst en kort videregående uddannelse",
        "Has completed at least a short higher education")
    job_in_field_since_graduation: bool | None = _f(
        None, "Job i faget siden dimission", "Job in the field since graduating",
        "Har haft ordinært job inden for uddannelsens fag siden dimissionen",
        "Has had an ordinary job in the field of the education since graduating")
    extended_duration_basis: ExtendedBasis | None = _f(
        None, "Grundlag for 13 uger", "Basis for 13 weeks",
        "For jobparate og uddannelsesparate: hvorfor 13-ugers-reglen gælder",
        "For job-ready and education-ready groups: why the 13-week class applies",
        labels=EXTENDED_BASIS)
    benefit_weeks_before_start: Weeks | None = _f(
        None, "Uger på offentlig forsørgelse før start", "Weeks on benefits before start",
        "Bruges til løntilskuddets krav om 6 måneder", "Used for the wage subsidy's 6-month condition",
        absent="VP801 kan ikke kontrolleres")
    last_employer: LastEmployer | None = _f(
        None, "Seneste arbejdsgiver", "Last employer", absent="VP504 og VP505 kan ikke kontrolleres")


class Company(_Part):
    name: Text | None = _f(None, "Virksomhedens navn", "Company name", examples=["Netto Vestergade"])
    cvr: Cvr = _f(..., "CVR-nummer", "CVR number", "8 cifre", "8 digits", examples=["35954716"])
    p_number: PNumber | None = _f(None, "P-nummer", "P-number",
                                  "10 cifre; forholdstalsreglen tælles pr. P-nummer",
                                  "10 digits; the ratio rule is counted per P-number",
                                  examples=["1012345678"])
    sector: Sector | None = _f(None, "Sektor", "Sector", labels=SECTORS)
    industry: Text | None = _f(None, "Branche", "Industry")
    ordinary_employees: Persons | None = _f(
        None, "Ordinært ansatte (årsværk)", "Ordinary employees (full-time equivalents)",
        "Gennemsnit af de 4 måneder før start, uden støttede og ansatte under 18",
        "Average of the 4 months before start, without subsidised staff and employees under 18",
        absent="VP702 (forholdstalsreglen kan ikke kontrolleres)")
    subsidised_persons: Persons | None = _f(
        None, "Personer med støtte i forvejen (årsværk)", "Subsidised persons already (full-time equivalents)",
        "Personer i praktik, løntilskud eller nytteindsats på P-nummeret på startdatoen, denne aftale "
        "ikke medregnet",
        "Persons in internship, wage subsidy or nytteindsats at the P-number on the start date, not "
        "counting this agreement")


class Position(_Part):
    title: Text | None = _f(None, "Stillingsbetegnelse", "Job title", absent="VP104",
                            examples=["Butiksassistent"])
    functions: list[Text] | None = _f(None, "Arbejdsfunktioner", "Work functions",
                                      "Opgaverne i praktikken (indholdet)",
                                      "The tasks of the internship (the content)", absent="VP104")
    uses_education: bool | None = _f(
        None, "Opgaverne bruger uddannelsen", "Tasks use the education",
        "Betingelse for dimittendundtagelsen", "Condition of the graduate exception")


class Purpose(_Part):
    categories: list[Text] | None = _f(
        None, "Formål", "Purposes",
        "Et eller flere af de lovlige formål (BAB § 60, stk. 2, nr. 1–3; stk. 4 for rådighedsafprøvning)",
        "One or more of the lawful purposes (BAB § 60, stk. 2, nr. 1–3; stk. 4 for an availability test)",
        absent="VP101", labels=PURPOSE_CATEGORIES, examples=[["ordinary_hours"]])
    description: Text | None = _f(
        None, "Det præcise formål", "The precise purpose",
        "Borgerens individuelle, præcise formål med praktikken med egne ord",
        "The citizen's individual, precise purpose, in free text", absent="VP103")


class OrdinaryHours(_Part):
    timing: Timing | None = _f(None, "Hvornår", "When", labels=TIMING)
    hours_per_week: Hours | None = _f(None, "Løntimer pr. uge", "Paid hours per week")
    functions: list[Text] | None = _f(None, "Lønnede funktioner", "Paid functions",
                                      absent="VP402 ved hybrid praktik")


class Extension(_Part):
    end: IsoDate = _f(..., "Ny slutdato", "New end date", examples=["2021-06-30"])
    reason: Text | None = _f(None, "Begrundelse", "Reason",
                             "Hvad forlængelsen skal udvikle", "What the extension is to develop",
                             absent="VP207")
    assessment: Text | None = _f(None, "Konkret vurdering", "Concrete assessment", absent="VP205")
    special_need: Text | None = _f(None, "Helt særligt behov", "Very special need",
                                   "Kræves for en forlængelse ud over uge 26",
                                   "Required for an extension beyond week 26", absent="VP206")


class AvailabilityTest(_Part):
    justification: Text | None = _f(None, "Begrundelse", "Justification", absent="VP602")


class HistoryEntry(_Part):
    id: Text | None = _f(None, "Aftale-id", "Agreement id")
    cvr: Cvr | None = _f(None, "CVR-nummer", "CVR number", "8 cifre", "8 digits")
    p_number: PNumber | None = _f(None, "P-nummer", "P-number", "10 cifre", "10 digits")
    start: IsoDate | None = _f(None, "Startdato", "Start date")
    end: IsoDate | None = _f(None, "Slutdato", "End date")
    title: Text | None = _f(None, "Stillingsbetegnelse", "Job title")
    functions: list[Text] | None = _f(None, "Arbejdsfunktioner", "Work functions")
    difference: Text | None = _f(None, "Forskel fra det tidligere forløb", "Difference from that one",
                                 "Hvordan denne praktik adskiller sig fra den tidligere",
                                 "How this internship differs from that one", absent="VP502")
    #: True on an entry a batch audit built from an export that has no difference field
    #: (batch/reference.py): how the internships differ is unknown there, not "not stated",
    #: so VP502 does not read it (RULES.md VP502: "otherwise VP501 alone speaks")
    difference_unknown: ClassVar[bool] = False
    #: True on an entry a batch audit built from another record of the export (the
    #: agreement itself does not hold it: a defect of its own period is that record's)
    from_export: ClassVar[bool] = False


class AgreedBy(_Part):
    citizen: Consent = _f(None, "Borgeren", "The citizen", "Dato (ÅÅÅÅ-MM-DD) eller true",
                          "Date (YYYY-MM-DD) or true", absent="VP106")
    company: Consent = _f(None, "Virksomheden", "The company", "Dato (ÅÅÅÅ-MM-DD) eller true",
                          "Date (YYYY-MM-DD) or true", absent="VP106")
    jobcenter: Consent = _f(None, "Jobcentret (kommunen)", "The jobcenter (municipality)",
                            "Dato (ÅÅÅÅ-MM-DD) eller true", "Date (YYYY-MM-DD) or true", absent="VP106")
    municipality: Consent = _f(None, "Kommunen", "The municipality",
                               "Godtages i stedet for jobcentret (loven siger »kommunen« fra 01-02-2026)",
                               "Accepted in place of the jobcenter (the law says 'kommunen' from 2026-02-01)")


class Accommodations(_Part):
    needs: Text | None = _f(None, "Skånehensyn", "Accommodations needed")
    health_information_shared: bool | None = _f(
        None, "Helbredsoplysninger delt med virksomheden", "Health information shared with the company")
    consent_to_share: bool | None = _f(None, "Samtykke til deling", "Consent to share", absent="VP901")


class Agreement(_Part):
    """One virksomhedspraktik agreement (format version 1)."""

    format: Format | None = _f(None, "Formatversion", "Format version",
                               f"{FORMAT_V1}; udeladt betyder version 1",
                               f"{FORMAT_V1}; absent means version 1", labels=FORMATS)
    id: Ident = _f(..., "Aftale-id", "Agreement id",
                   "Aftalens eget id (VITAS-id eller kommunens sagsnummer)",
                   "The agreement's own id (VITAS id or the municipality's case number)",
                   examples=["AAL-2021-000042"])
    municipality: Text | None = _f(None, "Kommune", "Municipality", "Navn eller 3-cifret kommunekode",
                                   "Name or 3-digit municipality code", examples=["Aalborg"])
    target_group: TargetGroup = _f(..., "Målgruppe", "Target group", "Borgerens målgruppe (LAB § 6)",
                                   "The citizen's target group (LAB § 6)", labels=TARGET_GROUPS)
    citizen: Citizen = _f(..., "Borger", "Citizen")
    company: Company = _f(..., "Virksomhed", "Company")
    start: IsoDate = _f(..., "Startdato", "Start date", "Praktikkens første dag",
                        "First day of the internship", examples=["2021-03-01"])
    end: IsoDate = _f(..., "Slutdato", "End date", "Sidste dag som først aftalt (medregnet)",
                      "Last day as first agreed (inclusive)", examples=["2021-03-28"])
    hours_per_week: Hours | None = _f(None, "Timer pr. uge", "Hours per week",
                                      "Aftalt omfang i timer pr. uge", "Agreed hours per week (the extent)",
                                      absent="VP104", examples=[30])
    position: Position | None = _f(None, "Stilling", "Position", absent="VP104")
    purpose: Purpose | None = _f(None, "Formål", "Purpose", absent="VP101 og VP103")
    ordinary_hours: OrdinaryHours | None = _f(
        None, "Ordinære løntimer", "Ordinary paid hours",
        "Lønnede timer knyttet til praktikken, samtidig (hybrid) eller efter",
        "Paid hours tied to the internship, alongside (hybrid) or after",
        absent="VP105 (også et tomt objekt)")
    after_internship: AfterInternship | None = _f(None, "Plan efter praktikken", "Plan after the internship",
                                                  labels=AFTER_INTERNSHIP, absent="VP105")
    extensions: list[Extension] | None = _f(None, "Forlængelser", "Extensions",
                                            "I rækkefølge; hver flytter slutdatoen",
                                            "In order; each moves the end date")
    availability_test: AvailabilityTest | None = _f(
        None, "Rådighedsafprøvning", "Availability test",
        "Udfyldes kun, når praktikken tilbydes som rådighedsafprøvning (LAB § 54, stk. 1)",
        "Only when the internship is offered as an availability test (LAB § 54, stk. 1)")
    history: list[HistoryEntry] | None = _f(None, "Tidligere forløb", "Earlier internships",
                                            "Borgerens tidligere praktikker", "The citizen's earlier internships")
    agreed_by: AgreedBy | None = _f(None, "Aftalt af", "Agreed by", absent="VP106")
    accommodations: Accommodations | None = _f(None, "Skånehensyn og helbred", "Accommodations and health")
    mentor_hours_per_week: Hours | None = _f(None, "Mentortimer pr. uge", "Mentor hours per week")
    difference_from_earlier: Text | None = _f(
        None, "Forskel fra tidligere forløb", "Difference from earlier internships",
        "Hvordan praktikken adskiller sig fra tidligere forløb i samme virksomhed: gælder for hvert "
        "tidligere forløb uden sin egen forskel (en batchrevision lægger den også på den historik, den "
        "bygger af udtrækket)",
        "How this internship differs from earlier ones at the same company: holds for every earlier "
        "internship without a difference of its own (a batch audit also puts it on the history it "
        "builds from the export)")

    @property
    def final_end(self) -> dt.date:
        """The last extension's end, or ``end`` when there is none."""
        if self.extensions:
            return self.extensions[-1].end
        return self.end


def _models(model: type[BaseModel]) -> dict[str, type[BaseModel]]:
    out = {model.__name__: model}
    for f in model.model_fields.values():
        stack = [f.annotation]
        while stack:
            t = stack.pop()
            if isinstance(t, type) and issubclass(t, BaseModel):
                out.update(_models(t))
            stack.extend(get_args(t))
    return out


def json_schema() -> dict[str, Any]:
    schema = Agreement.model_json_schema()
    # pydantic leaves out the title of a field that is a nested object ({"$ref": …});
    # every field carries both titles, for the form and for people reading the schema
    for name, model in _models(Agreement).items():
        props = (schema if model is Agreement else schema["$defs"][name])["properties"]
        for field_name, f in model.model_fields.items():
            props[field_name].setdefault("title", f.title)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "urn:praktiktjek:schema:agreement:1"
    schema["title"] = "praktiktjek agreement, format version 1"
    schema["x-title-da"] = "praktiktjek-aftale, format version 1"
    return schema

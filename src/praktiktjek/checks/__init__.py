"""The explicit registry of check kinds: rule files name a kind, an unknown name is a
load error. Each kind lists the facts its hits carry (for message templates) and the
terms (wordings) a rule using it must define."""

from __future__ import annotations

from . import duration, hours, misc, purpose, repeat
from .base import CheckKind, Context, Hit, Params, SqlForm, Term

#: Facts the engine adds to every finding, usable in any template.
ENGINE_FACTS = frozenset({"group", "group_plural", "agreement_id", "start", "end"})

_DUR = frozenset({"days", "weeks", "limit_days", "limit_weeks"})
_EARLIER = frozenset({"earlier_id", "earlier_start", "earlier_end", "earlier_when", "earlier_one", "more",
                      "more_count"})
#: how many more earlier internships matched than the one a history finding names; and how
#: it dates the one it names (from its start, by its end, or undated: review 17, F4); what
#: it calls it (earlier, or of unknown start when it ends after this start: review 18, F3)
_MORE = frozenset({"more_none", "more_some", "earlier_from", "earlier_ended", "earlier_undated",
                   "earlier_before", "earlier_start_unknown"})

REGISTRY: dict[str, CheckKind] = {
    # coverage, period, duration
    "target_group_covered": CheckKind(duration.target_group_covered, duration.NoParams,
                                      frozenset({"value"})),
    "outdated_code": CheckKind(duration.outdated_code, duration.OutdatedCode,
                               frozenset({"value", "replacement"})),
    "period_order": CheckKind(duration.period_order, duration.NoParams,
                              frozenset({"problem", "date", "previous", "number"}),
                              frozenset({"end_before_start", "extension_not_later", "history_end_before_start"})),
    "four_week_duration": CheckKind(duration.four_week_duration, duration.FourWeek,
                                    _DUR | {"max_weeks", "base_limit_days", "exception_in_doubt", "exception",
                                           "exception_applies", "lawful_weeks"},
                                    frozenset({"graduate_most", "graduate_plain"})),
    "no_extension": CheckKind(duration.no_extension, duration.NoParams, frozenset({"count"}),
        needs=frozenset(['extension.end'])),
    "thirteen_week_duration": CheckKind(duration.thirteen_week_duration, duration.ThirteenWeek,
                                        _DUR | {"what"}, frozenset({"no_extension", "first_period"})),
    "extension_assessment": CheckKind(duration.extension_assessment,
                                      duration.ExtensionAssessment,
                                      frozenset({"number", "end_date"}),
        needs=frozenset(['extension.end', 'extension.assessment'])),
    "extension_special_need": CheckKind(duration.extension_special_need, duration.SpecialNeed,
                                        frozenset({"number", "end_date", "limit_weeks",
                                                   "step_days", "max_step_weeks", "problem"}),
                                        frozenset({"no_need", "step_too_long"}),
        # the steps across week 26 need only the dates; «no very special need» needs its column
        needs=frozenset(['extension.end']), parts=(("no_need", frozenset(['extension.special_need'])),)),
    "extension_reason": CheckKind(duration.extension_reason, duration.ExtensionReason,
                                  frozenset({"number", "reason", "said"}), frozenset({"no_reason", "quoted"}),
        needs=frozenset(['extension.end', 'extension.reason'])),
    # purpose, content, agreement
    "purpose_category_stated": CheckKind(purpose.category_stated, purpose.CategoryStated,
        needs=frozenset(['purpose.categories'])),
    "purpose_category_allowed": CheckKind(purpose.category_allowed, purpose.CategoryAllowed,
                                          frozenset({"category"}),
        needs=frozenset(['purpose.categories'])),
    "purpose_description": CheckKind(purpose.description, purpose.Description,
                                     frozenset({"problem", "words", "min_words", "citizens"}),
                                     frozenset({"missing", "only_label", "too_short", "boilerplate"}),
        needs=frozenset(['purpose.description'])),
    "content_stated": CheckKind(purpose.content_stated, purpose.ContentStated,
                                frozenset({"missing", "hours"}),
                                frozenset({"title", "functions", "hours", "zero_hours"}),
        needs=frozenset(['position.title', 'position.functions', 'hours_per_week'])),
    "ordinary_hours_plan": CheckKind(purpose.ordinary_hours_plan, purpose.OrdinaryHoursPlan,
                                     frozenset({"after"}),
        needs=frozenset(['after_internship'])),
    "agreed_by_all": CheckKind(purpose.agreed_by_all, purpose.AgreedByAll,
                               frozenset({"party", "authority"}),
        needs=frozenset(['agreed_by.citizen', 'agreed_by.company', 'agreed_by.jobcenter|agreed_by.municipality'])),
    # hours and hybrid
    "max_hours": CheckKind(hours.max_hours, hours.MaxHours,
                           frozenset({"problem", "hours", "total_hours", "max_hours", "concurrent_hours"}),
                           frozenset({"alone", "both", "combined"}),
        needs=frozenset(['hours_per_week'])),
    "hybrid_distinct_functions": CheckKind(hours.hybrid_distinct_functions, hours.Hybrid,
                                           frozenset({"functions"}),
        needs=frozenset(['ordinary_hours.timing', 'ordinary_hours.functions', 'position.functions'])),
    "hybrid_paid_functions_listed": CheckKind(hours.hybrid_paid_functions_listed, hours.Hybrid,
        needs=frozenset(['ordinary_hours.timing', 'ordinary_hours.functions'])),
    # repeats and last employer
    "repeat_same_function": CheckKind(repeat.repeat_same_function, repeat.NoParams,
                                      _EARLIER | {"shared"}, _MORE),
    "repeat_difference_stated": CheckKind(repeat.repeat_difference_stated, repeat.NoParams,
                                          _EARLIER, _MORE),
    "repeat_back_to_back": CheckKind(repeat.repeat_back_to_back, repeat.BackToBack,
                                     _EARLIER | {"gap_days", "max_gap_days", "problem"},
                                     frozenset({"gap", "overlap"}) | _MORE),
    "last_employer": CheckKind(repeat.last_employer, repeat.LastEmployer,
                               frozenset({"shared", "problem"}), frozenset({"overlap", "not_stated"}),
        needs=frozenset(['citizen.last_employer.cvr|citizen.last_employer.p_number'])),
    # availability test, ratio, wage subsidy, privacy
    "availability_test_group": CheckKind(misc.availability_test_group, misc.AvailabilityGroups,
        needs=frozenset(['purpose.categories|availability_test.justification'])),
    "availability_test_justified": CheckKind(misc.availability_test_justified,
                                             misc.AvailabilityGroups,
        needs=frozenset(['availability_test.justification'])),
    "ratio": CheckKind(misc.ratio, misc.Ratio, frozenset({"load", "cap", "employees", "others"}),
        needs=frozenset(['company.ordinary_employees', 'hours_per_week'])),
    "ratio_checkable": CheckKind(misc.ratio_checkable, misc.NoParams,
        needs=frozenset(['company.ordinary_employees'])),
    "wage_subsidy_benefit_weeks": CheckKind(misc.wage_subsidy_benefit_weeks, misc.WageSubsidy,
                                            frozenset({"total_weeks", "min_weeks",
                                                       "before_weeks"}),
        needs=frozenset(['after_internship', 'citizen.benefit_weeks_before_start'])),
    "health_consent": CheckKind(misc.health_consent, misc.NoParams,
        needs=frozenset(['accommodations.health_information_shared', 'accommodations.consent_to_share'])),
    # for local packs
    "company_cvr_in": CheckKind(misc.company_cvr_in, misc.CompanyCvrIn, frozenset({"cvr"})),
    # findings the engine makes itself; listed so that their rules load and document
    "input_problem": CheckKind(misc.engine_made, misc.NoParams,
                               frozenset({"where", "detail", "fix"}), scope="engine"),
    "unknown_field": CheckKind(misc.engine_made, misc.UnknownField,
                               frozenset({"field", "suggestion", "what", "more", "count"}),
                               frozenset({"near", "none", "more", "no_more"}), scope="engine"),
    "review_period": CheckKind(misc.engine_made, misc.NoParams,
                               frozenset({"reviewed_from", "reviewed_until", "reviewed_last", "when",
                                          "advice"}),
                               frozenset({"before", "after", "fix_before", "fix_after"}), scope="engine"),
    "waiver_unused": CheckKind(misc.engine_made, misc.NoParams,
                               frozenset({"waiver", "waived_rule"}), scope="engine"),
    "waiver_expired": CheckKind(misc.engine_made, misc.NoParams,
                                frozenset({"waiver", "waived_rule", "expires"}), scope="engine"),
}

#: The SQL form of each check kind that has one (batch/rules.py runs them on DuckDB); a kind
#: without one runs in Python on each screened record. Parity: tests/test_batch_parity.py.
SQL_FORMS: dict[str, SqlForm] = {
    "target_group_covered": duration.target_group_covered_sql,
    "outdated_code": duration.outdated_code_sql,
    "period_order": duration.period_order_sql,
    "four_week_duration": duration.four_week_duration_sql,
    "no_extension": duration.no_extension_sql,
    "thirteen_week_duration": duration.thirteen_week_duration_sql,
    "extension_assessment": duration.extension_assessment_sql,
    "extension_special_need": duration.extension_special_need_sql,
    "extension_reason": duration.extension_reason_sql,
    "purpose_category_stated": purpose.category_stated_sql,
    "purpose_category_allowed": purpose.category_allowed_sql,
    "purpose_description": purpose.description_sql,
    "content_stated": purpose.content_stated_sql,
    "ordinary_hours_plan": purpose.ordinary_hours_plan_sql,
    "agreed_by_all": purpose.agreed_by_all_sql,
    "max_hours": hours.max_hours_sql,
    "hybrid_distinct_functions": hours.hybrid_distinct_functions_sql,
    "hybrid_paid_functions_listed": hours.hybrid_paid_functions_listed_sql,
    "last_employer": repeat.last_employer_sql,
    "availability_test_group": misc.availability_test_group_sql,
    "availability_test_justified": misc.availability_test_justified_sql,
    "wage_subsidy_benefit_weeks": misc.wage_subsidy_benefit_weeks_sql,
    "company_cvr_in": misc.company_cvr_in_sql,
    "repeat_same_function": repeat.repeat_same_function_sql,
    "repeat_difference_stated": repeat.repeat_difference_stated_sql,
    "repeat_back_to_back": repeat.repeat_back_to_back_sql,
    "ratio": misc.ratio_sql,
    "ratio_checkable": misc.ratio_checkable_sql,
    "health_consent": misc.health_consent_sql,
}

__all__ = ["ENGINE_FACTS", "REGISTRY", "SQL_FORMS", "CheckKind", "Context", "Hit", "Params", "SqlForm", "Term"]

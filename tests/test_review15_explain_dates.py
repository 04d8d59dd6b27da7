"""Review 15, F3: `explain` says which in-force date of an act version is inferred (start,
end, or a secondary source), as RULES.md's acts table does, from the rule pack's data;
no act row carries the blanket «ikrafttræden udledt» any more."""

from __future__ import annotations

import pytest

from conftest import ruleset


@pytest.mark.parametrize("lang", ["da", "en"])
def test_no_inferred_act_version_of_the_national_pack_lacks_its_dates_note(lang: str) -> None:
    rs = ruleset()
    for name, act in rs.acts.items():
        for v in act.versions:
            if v.inferred:
                assert v.dates is not None and v.dates.get(lang), (name, v.number)


@pytest.mark.parametrize(("lang", "rule", "row"), [
    ("da", "VP301", "BEK nr. 1180 af 25/11/2019 01-01-2020 – 31-12-2020 (slutdato udledt)"),
    ("da", "VP301", "BEK nr. 2636 af 28/12/2021 01-01-2022 – 31-12-2023 (startdato udledt; slutdato fra en "
                    "sekundær kilde («ophæves 1. januar 2024»))"),
    ("da", "VP202", "LBK nr. 701 af 22/05/2022 22-05-2022 – 29-02-2024 (citeres fra 22-05-2022, udledt)"),
    ("da", "VP202", "LBK nr. 280 af 01/03/2024 fra 01-02-2026 (citeres fra 01-03-2024, udledt; ændringsloven "
                    "træder i kraft 01-02-2026 og 01-07-2026), ændret ved lov nr. 1750 af 29/12/2025"),
    ("en", "VP301", "BEK nr. 1180 af 25/11/2019 2020-01-01 – 2020-12-31 (end inferred)"),
    ("en", "VP202", "(cite from 2024-03-01, inferred; the amending act comes into force 2026-02-01 and 2026-07-01)"),
])
def test_explain_says_which_date_is_inferred(run_cli, lang: str, rule: str, row: str) -> None:  # type: ignore[no-untyped-def]
    out = run_cli("explain", rule, "--lang", lang, code=0).out
    assert row in out
    assert "ikrafttræden udledt" not in out and "dates inferred" not in out

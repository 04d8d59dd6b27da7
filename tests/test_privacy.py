from __future__ import annotations

import pytest

from praktiktjek.privacy import looks_like_cpr, mask_cpr


@pytest.mark.parametrize(("text", "masked"), [
    ("0101901234", "010190-****"),
    ("010190-1234", "010190-****"),
    ("cpr 311299-0001 og 290200-1111", "cpr 311299-**** og 290200-****"),
    ("aftale AAL-2021-000042", "aftale AAL-2021-000042"),
    ("3213901234", "3213901234"),        # month 13: not a date
    ("3102901234", "3102901234"),        # 31 February
    ("12345678901", "12345678901"),      # eleven digits: not a CPR number
])
def test_mask(text: str, masked: str) -> None:
    assert mask_cpr(text) == masked
    assert looks_like_cpr(text) == (text != masked)

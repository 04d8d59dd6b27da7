"""CPR detection and masking, used on every output path.

A CPR number is ``ddmmyy-xxxx`` or ``ddmmyyxxxx`` whose first six digits are a real day
and month. It is shown as ``ddmmyy-****``. Company identifiers (CVR, P-number) are
never passed through here, so they are never masked, even when they look like a date.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_CPR = re.compile(r"(?<![0-9])([0-3][0-9])([01][0-9])([0-9]{2})-?[0-9]{4}(?![0-9])")
_DAYS_IN_MONTH = (0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _replace(m: re.Match[str]) -> str:
    dd, mm, yy = int(m.group(1)), int(m.group(2)), m.group(3)
    if 1 <= mm <= 12 and 1 <= dd <= _DAYS_IN_MONTH[mm]:
        return f"{m.group(1)}{m.group(2)}{yy}-****"
    return m.group(0)


def mask_cpr(text: str) -> str:
    """Mask every CPR-shaped substring of ``text``."""
    if len(text) < 10:
        return text
    return _CPR.sub(_replace, text)


def looks_like_cpr(text: str) -> bool:
    return mask_cpr(text) != text


def no_mask(text: str) -> str:
    return text


def masker(show_cpr: bool) -> Callable[[str], str]:
    return no_mask if show_cpr else mask_cpr

"""Checks on a figure that an editor may overrule after reading them (warnings, not errors).

The hard rules (shares within 0-100, no negative counts, a period that ends after it starts, the
unit of the indicator, no duplicate) live in Observation.clean(), the form and the database.
These two are warnings because the reports legitimately break them now and then:
- a quote need not contain the number as digits: 002 writes "超两万亿元" and "超七成";
- a target may be dated before its source: 002 (2024) recalls 2023's "全年 9000 家的目标".
"""

import re
from decimal import Decimal

from django.utils.translation import gettext as _

from indicators.formatting import format_number, plain_number
from indicators.quotes import normalize
from indicators.units import UNIT_INFO

_LEADING_NUMBER = re.compile(r"^[\d.,]+(?:万亿|亿|万)?")


def number_spellings(value: Decimal, unit: str) -> set[str]:
    """Ways a report may write this number with digits: 22000, 22,000, 2.2万亿, 2.2, 220000."""
    value = Decimal(value)
    base = value * UNIT_INFO[unit].scale
    spellings = {
        plain_number(value),
        f"{value:,f}".rstrip("0").rstrip("."),
        plain_number(base),
        f"{base:,.0f}",
    }
    for lang in ("zh-hans", "en"):
        match = _LEADING_NUMBER.match(format_number(value, unit, lang).lstrip("> <≈≥"))
        if match:
            spellings.add(match.group(0))
    return {s for s in spellings if s}


def observation_warnings(*, value, unit, kind, period_end, source, quote) -> list[str]:
    warnings = []
    if value is not None and unit and quote:
        text = normalize(quote).replace(",", "")
        if not any(s.replace(",", "") in text for s in number_spellings(value, unit)):
            warnings.append(
                _(
                    "引文中没有找到数字 %(value)s:请核对数值和引文是否对应(来源用汉字写数时可以确认保存)。"
                )
                % {"value": plain_number(value)}
            )
    if kind == "target" and period_end and source is not None and period_end < source.published:
        warnings.append(
            _(
                "这个目标的时期(截至 %(end)s)早于来源发布日期 %(published)s:只有来源回顾以往目标时才应如此。"
            )
            % {"end": period_end.isoformat(), "published": source.published_label}
        )
    return warnings

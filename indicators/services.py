"""The one write path for figures (HackSoft's "services"): every create or update of an
observation goes through ``save_figure()`` — the admin form, the spreadsheet import, and anything
later (report ingestion, an API). A rule or a warning therefore exists once, here.

- **Hard rules** stop the write: the model's ``clean()`` (shares within 0-100, no negative counts
  or amounts, a period that ends after it starts and fits its granularity, a quote, a site inside
  the region), its database constraints (no duplicate figure, closed sets), and the unit the
  report used must be the indicator's unit.
- **Warnings** stop it until the writer confirms them explicitly (per figure in the form, per row
  in an import), because reports legitimately break them now and then:
  - a quote need not contain the number as digits: 002 writes "超两万亿元" and "超七成";
  - a target may be dated before its source: 002 (2024) recalls 2023's "全年 9000 家的目标".
- The write runs in one transaction with its history record (who, and the reason) and the data
  version bump that refreshes every cached page (core/caching.py, via the model's signals).
"""

import re
from decimal import Decimal

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.exports import has_control_characters
from core.quotes import normalize
from indicators.choices import Kind
from indicators.formatting import format_number, plain_number
from indicators.models import Observation
from indicators.units import UNIT_INFO

_LEADING_NUMBER = re.compile(r"^[\d.,]+(?:万亿|亿|万)?")
# Foreign keys whose existence the caller has already established (the import looks them up).
_LOOKED_UP = ["indicator", "region", "site", "source"]


CONTROL_MESSAGE = _("含有控制字符（如从别处粘贴带来的不可见字符）；请删除后再保存。")


class WarningsNotConfirmed(ValidationError):
    """The figure is valid but has warnings that nobody confirmed; nothing was written."""

    def __init__(self, warnings: list[str]):
        self.warnings = list(warnings)
        super().__init__({NON_FIELD_ERRORS: self.warnings})


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


def figure_warnings(obs: Observation) -> list[str]:
    """What the writer must confirm before this (otherwise valid) figure is written."""
    warnings = []
    unit = obs.indicator.unit if obs.indicator_id else None
    if obs.value is not None and unit and obs.quote:
        text = normalize(obs.quote).replace(",", "")
        if not any(s.replace(",", "") in text for s in number_spellings(obs.value, unit)):
            warnings.append(
                _(
                    "引文中没有找到数字 %(value)s：请核对数值和引文是否对应（来源用汉字写数时可以确认保存）。"
                )
                % {"value": plain_number(obs.value)}
            )
    source = obs.source if obs.source_id else None
    if obs.kind == Kind.TARGET and obs.period_end and source and obs.period_end < source.published:
        warnings.append(
            _(
                "这个目标的时期（截至 %(end)s）早于来源发布日期 %(published)s：只有来源回顾以往目标时才应如此。"
            )
            % {"end": obs.period_end.isoformat(), "published": source.published_label}
        )
    return warnings


def unit_error(obs: Observation, unit: str) -> str | None:
    """The report's unit must be the indicator's (written as its code or its English name)."""
    if not obs.indicator_id:
        return None
    expected = obs.indicator.unit
    written = (unit or "").strip()
    if written.lower() in {expected.lower(), UNIT_INFO[expected].en_axis.lower()} and written:
        return None
    return _("单位“%(unit)s”与指标“%(indicator)s”的单位“%(expected)s”不一致。") % {
        "unit": written,
        "indicator": obs.indicator.name_zh,
        "expected": expected,
    }


def check_figure(obs: Observation, *, unit: str, check_database: bool = True) -> list[str]:
    """Apply every hard rule; raise ValidationError (by field) if one fails; return the warnings.

    ``check_database=False`` skips the rules that need a query per figure (foreign keys exist,
    no duplicate, constraints) for a caller that established them itself, as the spreadsheet
    import does for thousands of rows; the database enforces them again when the row is written.
    """
    errors: dict = {}
    try:
        obs.full_clean(
            exclude=None if check_database else _LOOKED_UP,
            validate_unique=check_database,
            validate_constraints=check_database,
        )
    except ValidationError as exc:
        errors = exc.update_error_dict(errors)
    for name in ("quote", "note"):
        if has_control_characters(getattr(obs, name)):
            errors.setdefault(name, []).append(CONTROL_MESSAGE)
    if "indicator" not in errors:
        problem = unit_error(obs, unit)
        if problem:
            errors.setdefault("unit", []).append(problem)
    if errors:
        raise ValidationError(errors)
    return figure_warnings(obs)


def figure_state(obs: Observation) -> dict[str, str]:
    """Every stored field of a figure as text: what an editor saw when they opened it."""
    return {
        f.attname: "" if getattr(obs, f.attname) is None else str(getattr(obs, f.attname))
        for f in Observation._meta.concrete_fields
        if not f.primary_key
    }


def changes_since(seen: dict[str, str], pk: int) -> list[tuple[str, str, str]]:
    """(field, what the editor saw, what is stored now) for every field changed since, read
    with a row lock (held until the caller's transaction ends) so no save slips in between."""
    current = figure_state(Observation.objects.select_for_update().get(pk=pk))
    return [
        (name, seen.get(name, ""), value)
        for name, value in current.items()
        if seen.get(name) != value
    ]


def save_figure(
    obs: Observation,
    *,
    unit: str,
    confirmed: bool = False,
    reason: str = "",
    user=None,
    check_database: bool = True,
) -> Observation:
    """Create or update one figure: validate, require confirmed warnings, write with history.

    Raises ValidationError for a broken hard rule and WarningsNotConfirmed when warnings remain
    unconfirmed; in both cases nothing is written.
    """
    warnings = check_figure(obs, unit=unit, check_database=check_database)
    if warnings and not confirmed:
        raise WarningsNotConfirmed(warnings)
    with transaction.atomic():
        obs._change_reason = reason or ""
        if user is not None and getattr(user, "is_authenticated", False):
            obs._history_user = user
        obs.save()  # post_save bumps the data version in this transaction (core/caching.py)
    return obs

"""The closed sets a figure is described with, and how a qualifier is written beside a number.

Below models.py and formatting.py, which both need them.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Topic(models.TextChoices):
    SCALE = "scale", _("数字经济规模")
    AI = "ai", _("人工智能")
    INFRASTRUCTURE = "infrastructure", _("数字基础设施")
    DATA = "data", _("数据要素")
    ENTERPRISES = "enterprises", _("企业与产业")
    INNOVATION = "innovation", _("科技创新")
    APPLICATIONS = "applications", _("数字化应用")
    OPENNESS = "openness", _("对外开放")


class Nature(models.TextChoices):
    STOCK = "stock", _("存量（时点）")
    FLOW = "flow", _("流量（时期）")


class ValueType(models.TextChoices):
    """What kind of number it is, so an editor's slip (a negative count, a 120% share) is caught."""

    COUNT = "count", _("数量（不为负）")
    AMOUNT = "amount", _("金额或规模（不为负）")
    SHARE = "share", _("占比（0-100）")
    CHANGE = "change", _("增速或变化（可为负）")
    # A place in a ranking (全国第一 → 1): lower is better, so rankings sort it ascending. The
    # field of comparison (全国, 全球190个城市) is written in the indicator's definition.
    RANK = "rank", _("名次（越小越靠前）")


class Qualifier(models.TextChoices):
    EXACT = "exact", _("确数")
    MORE_THAN = "more_than", _("超过（超/突破/逾/多/余）")
    AT_LEAST = "at_least", _("不少于（以上）")
    ABOUT = "about", _("约（近/约/左右）")
    LESS_THAN = "less_than", _("不足（不足/不到）")


# How a qualifier is written next to a number, in each language.
QUALIFIER_SIGNS = {
    Qualifier.EXACT: ("", ""),
    Qualifier.MORE_THAN: ("超", ">"),
    Qualifier.AT_LEAST: ("", "≥"),  # Chinese puts 以上 after the number
    Qualifier.ABOUT: ("约", "≈"),
    Qualifier.LESS_THAN: ("不足", "<"),
}

BOUND_QUALIFIERS = frozenset({Qualifier.MORE_THAN, Qualifier.AT_LEAST, Qualifier.LESS_THAN})


class Kind(models.TextChoices):
    ACTUAL = "actual", _("实际值")
    TARGET = "target", _("目标值")
    EXPECTED = "expected", _("预计值")


class Granularity(models.TextChoices):
    YEAR = "year", _("全年")
    YEARS = "years", _("跨年度")
    MONTHS = "months", _("年内月份")
    POINT = "point", _("时点（截至某日）")
    CURRENT = "current", _("报道时的“目前”")


POINT_LIKE = (Granularity.POINT, Granularity.CURRENT)

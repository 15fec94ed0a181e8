"""The units the reports state figures in.

A figure keeps the unit its report uses (亿元, 万个, P, 家, 款, %...). Each unit knows how many
base units it stands for, so pages can show Chinese magnitudes in Chinese (1.88万亿元) and
converted ones in English (1.88 trillion yuan).
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _


class Unit(models.TextChoices):
    YI_YUAN = "亿元", _("亿元")
    WAN_YUAN = "万元", _("万元")
    PERCENT = "%", _("%")
    POINTS = "百分点", _("百分点")
    WAN_GE = "万个", _("万个")
    GE = "个", _("个")
    PER_10K_PEOPLE = "个/万人", _("个/万人")
    JIA = "家", _("家")
    KUAN = "款", _("款")
    PFLOPS = "P", _("P（PFlops 算力）")
    KE = "颗", _("颗")
    ZHONG = "种", _("种")
    CI = "次", _("次")
    YI_CI = "亿次", _("亿次")
    WAN_TAO = "万套", _("万套")
    WAN_HU = "万户", _("万户")
    WAN_JIAN = "万件", _("万件")
    WAN_REN = "万人", _("万人")
    TB = "TB", _("TB")
    KM2 = "平方公里", _("平方公里")
    WAN_M2 = "万平方米", _("万平方米")
    TIAO = "条", _("条")
    KM = "公里", _("公里")
    LIANG = "辆", _("辆")
    SECONDS = "秒", _("秒")
    DAO = "道", _("道")
    FEN = "份", _("份")
    ZHANG = "张", _("张")
    JIAN = "件", _("件")
    XIANG = "项", _("项")
    RANK = "名次", _("名次")
    M2 = "平方米", _("平方米")
    CHANG = "场", _("场")
    BEI = "倍", _("倍")
    LI = "例", _("例")
    LEI = "类", _("类")
    PI = "批", _("批")
    WEI = "位", _("位")
    QI = "期", _("期")


@dataclass(frozen=True)
class UnitInfo:
    """How to write a value stated in this unit.

    ``scale``: base units per unit (亿元 → 1e8 yuan). ``zh_base``: the Chinese counting word the
    scale applies to (元, 个, 家...), so 18766.7亿元 can be written 1.88万亿元. ``en``: the English
    word after a converted number ("yuan", "firms"), empty where the indicator's name says it.
    """

    scale: Decimal
    zh_base: str
    en: str
    en_axis: str = ""  # the unit itself in English, for chart axes and tables: "100 million yuan"


UNIT_INFO: dict[str, UnitInfo] = {
    Unit.YI_YUAN: UnitInfo(Decimal("1e8"), "元", "yuan", "100 million yuan"),
    Unit.WAN_YUAN: UnitInfo(Decimal("1e4"), "元", "yuan", "10,000 yuan"),
    Unit.PERCENT: UnitInfo(Decimal(1), "%", "%", "%"),
    Unit.POINTS: UnitInfo(Decimal(1), "个百分点", "percentage points", "percentage points"),
    Unit.WAN_GE: UnitInfo(Decimal("1e4"), "个", "", "10,000"),
    Unit.GE: UnitInfo(Decimal(1), "个", "", ""),
    Unit.PER_10K_PEOPLE: UnitInfo(Decimal(1), "个/万人", "per 10,000 people", "per 10,000 people"),
    Unit.JIA: UnitInfo(Decimal(1), "家", "firms", "firms"),
    Unit.KUAN: UnitInfo(Decimal(1), "款", "", "models"),
    Unit.PFLOPS: UnitInfo(Decimal(1), "P", "PFLOPS", "PFLOPS"),
    Unit.KE: UnitInfo(Decimal(1), "颗", "", "satellites"),
    Unit.ZHONG: UnitInfo(Decimal(1), "种", "kinds", "kinds"),
    Unit.CI: UnitInfo(Decimal(1), "次", "times", "times"),
    Unit.YI_CI: UnitInfo(Decimal("1e8"), "次", "", "100 million times"),
    Unit.WAN_TAO: UnitInfo(Decimal("1e4"), "套", "sets", "10,000 sets"),
    Unit.WAN_HU: UnitInfo(Decimal("1e4"), "户", "users", "10,000 users"),
    Unit.WAN_JIAN: UnitInfo(Decimal("1e4"), "件", "", "10,000 items"),
    Unit.WAN_REN: UnitInfo(Decimal("1e4"), "人", "people", "10,000 people"),
    Unit.TB: UnitInfo(Decimal(1), "TB", "TB", "TB"),
    Unit.KM2: UnitInfo(Decimal(1), "平方公里", "km²", "km²"),
    Unit.WAN_M2: UnitInfo(Decimal("1e4"), "平方米", "m²", "10,000 m²"),
    Unit.TIAO: UnitInfo(Decimal(1), "条", "", "items"),  # roads (323条) and measures (42条)
    Unit.KM: UnitInfo(Decimal(1), "公里", "km", "km"),
    Unit.LIANG: UnitInfo(Decimal(1), "辆", "vehicles", "vehicles"),
    Unit.SECONDS: UnitInfo(Decimal(1), "秒", "seconds", "seconds"),
    Unit.DAO: UnitInfo(Decimal(1), "道", "", "processes"),
    Unit.FEN: UnitInfo(Decimal(1), "份", "", "filings"),
    Unit.ZHANG: UnitInfo(Decimal(1), "张", "", "certificates"),
    Unit.JIAN: UnitInfo(Decimal(1), "件", "", "items"),
    Unit.XIANG: UnitInfo(Decimal(1), "项", "", "services"),
    Unit.RANK: UnitInfo(Decimal(1), "名次", "", "rank"),
    Unit.M2: UnitInfo(Decimal(1), "平方米", "m²", "m²"),
    Unit.CHANG: UnitInfo(Decimal(1), "场", "", "events"),
    Unit.BEI: UnitInfo(Decimal(1), "倍", "times", "times"),
    Unit.LI: UnitInfo(Decimal(1), "例", "cases", "cases"),
    Unit.LEI: UnitInfo(Decimal(1), "类", "categories", "categories"),
    Unit.PI: UnitInfo(Decimal(1), "批", "batches", "batches"),
    Unit.WEI: UnitInfo(Decimal(1), "位", "people", "people"),
    Unit.QI: UnitInfo(Decimal(1), "期", "sessions", "sessions"),
}


def unit_label(unit: str, lang: str) -> str:
    """The unit as a column or axis heading: 亿元 in Chinese, "100 million yuan" in English."""
    if lang.startswith("en"):
        return UNIT_INFO[unit].en_axis
    return unit

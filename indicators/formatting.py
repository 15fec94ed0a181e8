"""Writing a figure for a reader: magnitude, unit and qualifier, in the active language.

Chinese keeps Chinese magnitudes (18766.7亿元 → 1.88万亿元); English converts them
(1.88 trillion yuan). The qualifier always travels with the number: 超2万亿元 / > 2 trillion yuan.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import get_language

from indicators.choices import QUALIFIER_SIGNS, Qualifier
from indicators.units import UNIT_INFO, Unit

# Units whose numbers a Chinese reader expects in 万/亿 even though the unit itself has no
# magnitude (the reports write 4.5万P and 1.4万家).
_ZH_MAGNITUDE_UNITS = {Unit.PFLOPS, Unit.JIA}
_ZH_MAGNITUDES = [(Decimal("1e12"), "万亿"), (Decimal("1e8"), "亿"), (Decimal("1e4"), "万")]
_EN_MAGNITUDES = [
    (Decimal("1e12"), "trillion"),
    (Decimal("1e9"), "billion"),
    (Decimal("1e6"), "million"),
]
_TWO_PLACES = Decimal("0.01")


def _plain(number: Decimal) -> str:
    """A decimal without trailing zeros or exponent: 22000.0000 → 22000, 7.70 → 7.7."""
    if number == number.to_integral_value():
        return f"{number.quantize(Decimal(1)):f}"
    return f"{number.normalize():f}"


def plain_number(number) -> str:
    """The value as a plain number for downloads: 22000, 18766.7, 13.39."""
    return _plain(Decimal(number))


def _grouped(number: Decimal) -> str:
    text = _plain(number)
    whole, _, frac = text.partition(".")
    sign = "-" if whole.startswith("-") else ""
    whole = f"{int(whole.lstrip('-')):,}"
    return sign + whole + (f".{frac}" if frac else "")


def _round2(number: Decimal) -> Decimal:
    return number.quantize(_TWO_PLACES, rounding=ROUND_HALF_UP)


def _is_exact_in_two_places(number: Decimal) -> bool:
    return _round2(number) == number


def _zh_number(value: Decimal, unit: str) -> str:
    info = UNIT_INFO[unit]
    scaled = info.scale != 1 or unit in _ZH_MAGNITUDE_UNITS
    if not scaled:
        return f"{_plain(value)}{unit}"
    base = value * info.scale
    is_money = info.zh_base == "元"
    for size, word in _ZH_MAGNITUDES:
        if abs(base) >= size:
            shown = base / size
            # Money is rounded to two places, as the reports do (1.88万亿元); a count is only
            # re-expressed when nothing is lost (14000家 → 1.4万家, but 12152家 stays).
            if is_money or _is_exact_in_two_places(shown):
                return f"{_plain(_round2(shown))}{word}{info.zh_base}"
            break
    if info.scale == 1:
        return f"{_plain(value)}{unit}"
    return f"{_plain(base)}{info.zh_base}"


def _en_number(value: Decimal, unit: str) -> str:
    info = UNIT_INFO[unit]
    if unit == Unit.PERCENT:
        return f"{_plain(value)}%"
    base = value * info.scale
    text = None
    for size, word in _EN_MAGNITUDES:
        if abs(base) >= size:
            text = f"{_plain(_round2(base / size))} {word}"
            break
    if text is None:
        text = _grouped(base)
    return f"{text} {info.en}".strip()


def format_number(value: Decimal, unit: str, lang: str | None = None) -> str:
    """The number with its unit, without a qualifier: 2.2万亿元 / 2.2 trillion yuan."""
    lang = lang or get_language() or "zh-hans"
    value = Decimal(value)
    if unit == Unit.RANK:  # a place in a ranking: 第1名 / No. 1
        return f"No. {_plain(value)}" if lang.startswith("en") else f"第{_plain(value)}名"
    return _en_number(value, unit) if lang.startswith("en") else _zh_number(value, unit)


def format_value(
    value: Decimal, unit: str, qualifier: str = "exact", lang: str | None = None
) -> str:
    """The figure as a reader sees it: 超2万亿元, 5000个以上, > 2 trillion yuan, ≈ 600 firms."""
    lang = lang or get_language() or "zh-hans"
    number = format_number(value, unit, lang)
    zh_sign, en_sign = QUALIFIER_SIGNS[Qualifier(qualifier)]
    if lang.startswith("en"):
        return f"{en_sign} {number}" if en_sign else number
    if qualifier == Qualifier.AT_LEAST:
        return f"{number}以上"
    return f"{zh_sign}{number}"

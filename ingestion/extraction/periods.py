"""Time expressions, turned into a figure's period: start, end and granularity.

2024年 → the year; 2023年1-11月 → months; 截至2023年11月末 → a point; 2024年底 → a point;
上半年 → months 1-6; 2020-2022年 and "2022年…比2020年" → several years; 目前 / today → the
document's date with granularity "current"; 到2025年 / by 2025 → a target's year.
"""

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from indicators.choices import Granularity

_ZH_DIGIT = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_MONTHS_EN = {m.lower(): i for i, m in enumerate(calendar.month_name) if m} | {
    m.lower(): i for i, m in enumerate(calendar.month_abbr) if m
}
_EN_MONTH = "|".join(sorted(_MONTHS_EN, key=len, reverse=True))


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date
    granularity: str

    @classmethod
    def year(cls, year: int) -> "Period":
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31), Granularity.YEAR)

    @classmethod
    def years(cls, first: int, last: int) -> "Period":
        return cls(dt.date(first, 1, 1), dt.date(last, 12, 31), Granularity.YEARS)

    @classmethod
    def months(cls, year: int, first: int, last: int) -> "Period":
        return cls(dt.date(year, first, 1), month_end(year, last), Granularity.MONTHS)

    @classmethod
    def point(cls, day: dt.date) -> "Period":
        return cls(day, day, Granularity.POINT)

    @classmethod
    def current(cls, day: dt.date) -> "Period":
        return cls(day, day, Granularity.CURRENT)

    def since_year_start(self) -> "Period":
        """From 1 January to this point: what "比上年末增加" (up on last year-end) covers."""
        if self.granularity != Granularity.POINT:
            return self
        if self.end.month == 12 and self.end.day == 31:
            return Period.year(self.end.year)
        if self.end == month_end(self.end.year, self.end.month):
            return Period.months(self.end.year, 1, self.end.month)
        return self


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


@dataclass(frozen=True)
class PeriodMention:
    start: int
    end: int
    period: Period
    target: bool = False  # 到2025年 / by 2025: the year a target is set for
    carries: bool = True  # may it stand for later sentences? (not a comparison's years)
    comparison_base: bool = False  # 比2020年: the base of a comparison, not a period itself
    year_start: bool = False  # 年初 without a year: 1 January of the year the context gives


_YEAR = r"((?:19|20)\d\d)"
_ZH_PATTERNS: list[tuple[re.Pattern, str]] = [
    (re.compile(rf"(?:截至|截止到?|到){_YEAR}年第?([一二三四1-4])季度(?:末|底)?"), "quarter_point"),
    (re.compile(rf"{_YEAR}年(?:第([一二三四1-4])季度|([一二三四1-4])季度)"), "quarter"),
    (re.compile(rf"{_YEAR}年前([一二三1-3])季度"), "first_quarters"),
    (re.compile(rf"(?:截至|截止到?|到)?{_YEAR}年(\d{{1,2}})月(\d{{1,2}})日"), "day"),
    (re.compile(rf"(截至|截止到?)?{_YEAR}年(\d{{1,2}})月(末|底)?(?![-~～—至到]\d|\d)"), "month"),
    (re.compile(rf"(截至|截止到?)?{_YEAR}年(末|底)"), "year_end"),
    (re.compile(rf"{_YEAR}年(\d{{1,2}})[-~～—–至到](\d{{1,2}})月"), "months"),
    (re.compile(rf"{_YEAR}年(上半年|下半年)"), "half"),
    (re.compile(rf"{_YEAR}[-~～—–至到]{_YEAR}年"), "years"),
    (re.compile(rf"比{_YEAR}年"), "comparison_base"),
    (re.compile(rf"(到|至){_YEAR}年(?!底|末|\d)"), "target_year"),
    (re.compile(rf"{_YEAR}年(?!度?[-~～—至到]?\d)"), "year"),
    (re.compile(r"截至(?:去年|上年)(?:底|末)"), "last_year_end"),
    (re.compile(r"(?<!\d)年初"), "year_start"),
    # An event named with its year: 2025全球数字经济大会 → 2025.
    (re.compile(rf"{_YEAR}(?=[\u4e00-\u9fff])(?!年)"), "event_year"),
    (
        re.compile(r"截至(?:目前|当前|今天)|目前|当前|现阶段|如今|今年以来|迄今|至今|近日|日前"),
        "current",
    ),
    (re.compile(r"(?<![一二三四五六七八九十\d])(上半年)"), "half_bare"),
    (re.compile(r"(?<!上)(今年|去年)(?!以来)"), "relative_year"),
]
_EN_PATTERNS: list[tuple[re.Pattern, str]] = [
    (
        re.compile(
            rf"\b(?:as of|as at|by the end of|at the end of|end of) (?:({_EN_MONTH}) )?{_YEAR}\b",
            re.I,
        ),
        "en_point",
    ),
    (re.compile(rf"\bfrom ({_EN_MONTH}) to ({_EN_MONTH}) {_YEAR}\b", re.I), "en_months"),
    (re.compile(rf"\b(?:in the )?first half of {_YEAR}\b", re.I), "en_half"),
    (re.compile(rf"\b{_YEAR}\s*[-–—]\s*{_YEAR}\b", re.I), "en_years"),
    (re.compile(rf"\bby {_YEAR}\b", re.I), "en_by"),
    (
        re.compile(rf"\b(?:Conference|Summit|Forum|Expo|Games|Week|Congress) {_YEAR}\b"),
        "event_year",
    ),
    (re.compile(rf"\b(?:in|during|for|throughout) {_YEAR}\b", re.I), "en_year"),
    (
        re.compile(
            r"\b(?:today|currently|now|so far|to date|at present|this year|since the beginning of this year)\b",
            re.I,
        ),
        "current",
    ),
]


def find_periods(text: str, published: dt.date, english: bool = False) -> list[PeriodMention]:
    """Every time expression in compact text, earliest first; overlapping ones resolved in
    favour of the longer, more precise one (截至2023年11月末 over 2023年)."""
    patterns = _EN_PATTERNS if english else _ZH_PATTERNS
    found: list[PeriodMention] = []
    taken: list[tuple[int, int]] = []
    titles = _book_titles(text)
    for pattern, name in patterns:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(s < end and start < e for s, e in taken):
                continue
            if any(s <= start < e for s, e in titles):
                continue  # 《…2025年工作要点》: the name of a document, not a period
            mention = _mention(name, match, published)
            if mention is None:
                continue
            found.append(mention)
            taken.append((start, end))
    return sorted(found, key=lambda m: m.start)


def _book_titles(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in re.finditer(r"《[^《》]{0,80}》", text)]


def _mention(name: str, match: re.Match, published: dt.date) -> PeriodMention | None:
    g = match.groups()
    start, end = match.span()
    try:
        if name == "quarter_point":
            quarter = _ZH_DIGIT[g[1]]
            return PeriodMention(start, end, Period.point(month_end(int(g[0]), quarter * 3)))
        if name == "quarter":
            quarter = _ZH_DIGIT[g[1] or g[2]]
            year = int(g[0])
            return PeriodMention(start, end, Period.months(year, quarter * 3 - 2, quarter * 3))
        if name == "first_quarters":
            return PeriodMention(start, end, Period.months(int(g[0]), 1, _ZH_DIGIT[g[1]] * 3))
        if name == "day":
            day = dt.date(int(g[0]), int(g[1]), int(g[2]))
            return PeriodMention(start, end, Period.point(day))
        if name == "month":
            year, month = int(g[1]), int(g[2])
            if g[0] or g[3]:
                return PeriodMention(start, end, Period.point(month_end(year, month)))
            return PeriodMention(start, end, Period.months(year, month, month))
        if name == "year_end":
            return PeriodMention(start, end, Period.point(dt.date(int(g[1]), 12, 31)))
        if name == "months":
            year, first, last = int(g[0]), int(g[1]), int(g[2])
            if not 1 <= first <= last <= 12:
                return None
            return PeriodMention(start, end, Period.months(year, first, last))
        if name == "half":
            first, last = (1, 6) if g[1] == "上半年" else (7, 12)
            return PeriodMention(start, end, Period.months(int(g[0]), first, last))
        if name == "half_bare":
            return PeriodMention(start, end, Period.months(published.year, 1, 6))
        if name == "years":
            first, last = int(g[0]), int(g[1])
            if last <= first:
                return None
            return PeriodMention(start, end, Period.years(first, last), carries=False)
        if name == "comparison_base":
            return PeriodMention(
                start, end, Period.year(int(g[0])), carries=False, comparison_base=True
            )
        if name == "target_year":
            year = int(g[1])
            return PeriodMention(start, end, Period.year(year), target=year >= published.year)
        if name == "year":
            return PeriodMention(start, end, Period.year(int(g[0])))
        if name == "year_start":
            return PeriodMention(
                start, end, Period.point(dt.date(published.year, 1, 1)), year_start=True
            )
        if name == "event_year":
            return PeriodMention(start, end, Period.year(int(g[0])))
        if name == "last_year_end":
            return PeriodMention(start, end, Period.point(dt.date(published.year - 1, 12, 31)))
        if name == "current":
            return PeriodMention(start, end, Period.current(published))
        if name == "relative_year":
            year = published.year if g[0] == "今年" else published.year - 1
            return PeriodMention(start, end, Period.year(year))
        if name == "en_point":
            year = int(g[1])
            month = _MONTHS_EN[g[0].lower()] if g[0] else 12
            return PeriodMention(start, end, Period.point(month_end(year, month)))
        if name == "en_months":
            return PeriodMention(
                start,
                end,
                Period.months(int(g[2]), _MONTHS_EN[g[0].lower()], _MONTHS_EN[g[1].lower()]),
            )
        if name == "en_half":
            return PeriodMention(start, end, Period.months(int(g[0]), 1, 6))
        if name == "en_years":
            first, last = int(g[0]), int(g[1])
            if last <= first:
                return None
            return PeriodMention(start, end, Period.years(first, last), carries=False)
        if name == "en_by":
            year = int(g[0])
            if year >= published.year:
                return PeriodMention(start, end, Period.year(year), target=True)
            return PeriodMention(start, end, Period.year(year))
        if name == "en_year":
            return PeriodMention(start, end, Period.year(int(g[0])))
    except (ValueError, KeyError):
        return None
    return None


def comparison_years(mentions: list[PeriodMention]) -> Period | None:
    """ "2022年…比2020年提升": the years from the base to the year compared (2020-2022)."""
    bases = [m for m in mentions if m.comparison_base]
    if not bases:
        return None
    base = bases[0]
    before = [m for m in mentions if m.end <= base.start and not m.comparison_base]
    if not before:
        return None
    later = before[-1].period
    if later.granularity != Granularity.YEAR or later.start.year <= base.period.start.year:
        return None
    return Period.years(base.period.start.year, later.start.year)

"""What the extractor knows of the site: regions (every name and alias), sites and indicators.

Built from the database (``Vocabulary.from_database()``, for the admin and the command) or from
the fixture files (``Vocabulary.from_fixtures()``, for the benchmark, which needs no database).
Places outside the site's regions (全国, 我国, 上海, China…) are listed here too: a figure whose
subject is one of them is not a figure of ours.
"""

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from districts.models import Placement, Region, RegionKind, Site
from indicators.models import Indicator


@dataclass(frozen=True)
class RegionEntry:
    slug: str
    kind: str
    names: tuple[str, ...]


@dataclass(frozen=True)
class SiteEntry:
    slug: str
    region: str
    placed_by_source: bool  # the source itself places it in its region (not the project)
    names: tuple[str, ...]


@dataclass(frozen=True)
class IndicatorEntry:
    slug: str
    name_zh: str
    name_en: str
    unit: str
    value_type: str


# Places that are not ours. Provinces and cities first: a heading naming one (重庆…, 江苏…)
# makes its whole article somebody else's.
PROVINCES_ZH = [
    "上海",
    "天津",
    "重庆",
    "河北",
    "山西",
    "辽宁",
    "吉林",
    "黑龙江",
    "江苏",
    "浙江",
    "安徽",
    "福建",
    "江西",
    "山东",
    "河南",
    "湖北",
    "湖南",
    "广东",
    "海南",
    "四川",
    "贵州",
    "云南",
    "陕西",
    "甘肃",
    "青海",
    "台湾",
    "内蒙古",
    "广西",
    "西藏",
    "宁夏",
    "新疆",
    "香港",
    "澳门",
    "深圳",
    "广州",
    "杭州",
    "南京",
    "苏州",
    "无锡",
    "成都",
    "武汉",
    "西安",
    "长沙",
    "郑州",
    "青岛",
    "厦门",
    "宁波",
    "合肥",
    "吉安",
    "峡江",
    "雄安",
]
OUTSIDE_ZH = tuple(PROVINCES_ZH) + (
    "全国",
    "我国",
    "中国",
    "全球",
    "世界",
    "各国",
    "等国",
    "新兴国家",
    "发达国家",
    "各省",
    "美国",
    "欧盟",
    "欧洲",
    "德国",
    "英国",
    "日本",
    "韩国",
    "印度",
    "俄罗斯",
    "巴西",
    "沙特阿拉伯",
    "沙特",
    "墨西哥",
    "新加坡",
    "印度尼西亚",
    "西班牙",
    "乌兹别克斯坦",
    "塔什干",
)
OUTSIDE_EN = (
    "China",
    "national",
    "nationwide",
    "the country",
    "global",
    "globally",
    "world",
    "worldwide",
    "United States",
    "U.S.",
    "Europe",
    "EU",
    "Shanghai",
    "Tashkent",
    "Uzbekistan",
)


@dataclass
class Vocabulary:
    regions: list[RegionEntry]
    sites: list[SiteEntry]
    indicators: list[IndicatorEntry]
    city: str | None = None  # the site's own city: the subject when a report names none
    _by_slug: dict = field(default_factory=dict, repr=False)

    def __post_init__(self):
        self._by_slug = {i.slug: i for i in self.indicators}

    def indicator(self, slug: str) -> IndicatorEntry | None:
        return self._by_slug.get(slug)

    def site(self, slug: str) -> SiteEntry | None:
        return next((s for s in self.sites if s.slug == slug), None)

    @classmethod
    def from_database(cls) -> "Vocabulary":
        regions = [
            RegionEntry(
                r.slug,
                r.kind,
                _names(r.name_zh, r.short_name_zh, r.name_en, r.short_name_en, *r.alias_list),
            )
            for r in Region.objects.order_by("order", "slug")
        ]
        sites = [
            SiteEntry(
                s.slug,
                s.region.slug,
                s.placement == Placement.SOURCE,
                _site_names(s.name_zh, s.name_en),
            )
            for s in Site.objects.select_related("region")
        ]
        indicators = [
            IndicatorEntry(i.slug, i.name_zh, i.name_en, i.unit, i.value_type)
            for i in Indicator.objects.all()
        ]
        city = Region.objects.city()
        return cls(regions, sites, indicators, city.slug if city else None)

    @classmethod
    def from_fixtures(cls, directory: Path) -> "Vocabulary":
        """The data release's vocabulary, read from its JSON files (no database needed)."""
        directory = Path(directory)
        rows: dict[str, list[dict]] = {}
        for path in sorted(directory.glob("*.json")):
            for obj in json.loads(path.read_text(encoding="utf-8")):
                rows.setdefault(obj["model"], []).append(obj["fields"])
        regions = []
        city = None
        for f in rows.get("districts.region", []):
            aliases = [a.strip() for a in (f.get("aliases") or "").splitlines() if a.strip()]
            regions.append(
                RegionEntry(
                    f["slug"],
                    f["kind"],
                    _names(
                        f["name_zh"],
                        f.get("short_name_zh", ""),
                        f.get("name_en", ""),
                        f.get("short_name_en", ""),
                        *aliases,
                    ),
                )
            )
            if f["kind"] == RegionKind.CITY and not f.get("parent") and city is None:
                city = f["slug"]
        sites = [
            SiteEntry(
                f["slug"],
                f["region"][0],
                f.get("placement", Placement.SOURCE) == Placement.SOURCE,
                _site_names(f["name_zh"], f.get("name_en", "")),
            )
            for f in rows.get("districts.site", [])
        ]
        indicators = [
            IndicatorEntry(
                f["slug"], f["name_zh"], f.get("name_en", ""), f["unit"], f["value_type"]
            )
            for f in rows.get("indicators.indicator", [])
        ]
        return cls(regions, sites, indicators, city)


def _names(*names: str) -> tuple[str, ...]:
    seen = []
    for name in names:
        name = (name or "").strip()
        if name and name not in seen:
            seen.append(name)
    return tuple(seen)


_GENERIC_EN = {
    "beijing",
    "national",
    "digital",
    "ai",
    "west",
    "bda",
    "the",
    "chaoyang",
    "haidian",
    "shijingshan",
    "mentougou",
    "yizhuang",
}


def _site_names(name_zh: str, name_en: str) -> tuple[str, ...]:
    """A site's name and the short forms reports use: 北京高级别自动驾驶示范区 → 高级别自动驾驶
    示范区; 小米汽车超级工厂 → 小米工厂 (head and tail kept); Xiaomi EV Hyperfactory → Xiaomi."""
    names = [name_zh, name_en]
    for prefix in ("北京市", "北京", "国家"):
        if name_zh.startswith(prefix) and len(name_zh) - len(prefix) >= 4:
            names.append(name_zh[len(prefix) :])
    if len(name_zh) >= 6 and re.fullmatch(r"[\u4e00-\u9fff]+", name_zh):
        names.append(name_zh[:2] + name_zh[-2:])
    first = (name_en or "").split(" ")[0] if name_en else ""
    if first and first.lower() not in _GENERIC_EN and first[0].isupper() and len(first) > 3:
        names.append(first)
    return _names(*names)

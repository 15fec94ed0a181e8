"""Where a statement is about: mentions of regions, sites and outside places in compact text.

A mention is a name at a position. Not every name is a subject: "居全国第一", "全市领先",
"占全国总量的35%", "全球首个" compare with a place rather than speak of it, and a list that
counts ("海淀、朝阳、亦庄、京西等4个公共算力中心") enumerates what is counted. Those are marked so
the extractor skips them.
"""

import re
from dataclasses import dataclass

from ingestion.extraction.vocabulary import OUTSIDE_EN, OUTSIDE_ZH, PROVINCES_ZH, Vocabulary

OUTSIDE = "__outside__"

_ZH_NOT_SUBJECT_AFTER = re.compile(
    r"^(?:的)?(?:半数|一半|过半|\d+(?:\.\d+)?%|[一二三四五六七八九]成|第[一二三四五六七八九十\d]|居首|首位|首个|首家|首批|首创|首次|首条|首款|首|前列|领先|领跑"
    r"|最|一流|率先|排名|范围|平均|总量|水平|标杆|数字经济标杆|数字经济大会|数字经济城市|影响力|之最"
    r"|同类|同行|各地|各省|人民|式现代化|特色|信息通信研究院|企业评价协会|城市报|世界贸易组织)"
)
_ZH_NOT_SUBJECT_BEFORE = re.compile(
    r"(?:占|领跑|领先|位居|居|位列|跻身|面向|辐射|覆盖|高于|低于|相较于|相比|对标|赋能|走向|服务|数字|美丽|健康|平安)$"
)
_EN_NOT_SUBJECT_AFTER = re.compile(
    r"^(?:’s|'s)?\s*(?:first|leading|top|largest|second-largest|class|total|digital economy|"
    r"benchmark|hub|average|level|ranks?)",
    re.IGNORECASE,
)
_COUNTED_LIST = re.compile(r"^(?:、[^、，,。；;]{1,6}){0,3}等(?:\d|[一二两三四五六七八九十])")
_LIST_JOIN = re.compile(r"^(?:、|和|与|及|以及|,\s?|，|\s?and\s|,\s?and\s)$")


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    name: str
    region: str | None  # a region's slug, OUTSIDE, or None for a site
    site: str | None = None
    subject: bool = True  # False: a comparison or an enumeration, not what the clause is about
    group: int = -1  # mentions listed together (东城、西城、石景山) share a group


class PlaceFinder:
    def __init__(self, vocabulary: Vocabulary, english: bool):
        self.vocabulary = vocabulary
        self.english = english
        entries: dict[str, tuple[str | None, str | None]] = {}
        for region in vocabulary.regions:
            for name in region.names:
                if self._usable(name):
                    entries.setdefault(name, (region.slug, None))
        site_names: dict[str, set[str]] = {}
        for site in vocabulary.sites:
            for name in site.names:
                if self._usable(name):
                    site_names.setdefault(name, set()).add(site.slug)
        for name, slugs in site_names.items():
            if len(slugs) == 1:  # a name several sites share (智能算力中心) names none of them
                entries.setdefault(name, (None, next(iter(slugs))))
        for name in OUTSIDE_EN if english else OUTSIDE_ZH:
            entries.setdefault(name, (OUTSIDE, None))
        self.entries = entries
        names = sorted(entries, key=len, reverse=True)
        if english:
            self.pattern = re.compile(
                r"(?<![\w])(" + "|".join(re.escape(n) for n in names) + r")(?![\w])"
            )
        else:
            self.pattern = re.compile("|".join(re.escape(n) for n in names))
        self.province_pattern = re.compile("|".join(PROVINCES_ZH))

    def _usable(self, name: str) -> bool:
        is_latin = bool(re.search(r"[A-Za-z]", name)) and not re.search(r"[\u4e00-\u9fff]", name)
        return is_latin == self.english and len(name) >= 2

    def find(self, text: str) -> list[Mention]:
        mentions: list[Mention] = []
        for match in self.pattern.finditer(text):
            name = match.group(0)
            region, site = self.entries[name]
            start, end = match.span()
            subject = self._is_subject(text, start, end)
            mentions.append(Mention(start, end, name, region, site, subject))
        return self._group(text, mentions)

    def _is_subject(self, text: str, start: int, end: int) -> bool:
        after = text[end : end + 30]
        before = text[max(0, start - 4) : start]
        if self.english:
            return not _EN_NOT_SUBJECT_AFTER.match(after)
        if _ZH_NOT_SUBJECT_AFTER.match(after) or _ZH_NOT_SUBJECT_BEFORE.search(before):
            return False
        # Inside a short quoted slogan or name (“全球引领”, “数字中国”): not a subject.
        for opening, closing in (("“", "”"), ('"', '"')):
            opened = text.rfind(opening, max(0, start - 8), start)
            if opened < 0 or closing in text[opened + 1 : start]:
                continue
            if text.find(closing, end, end + 8) >= 0:
                return False
        # Inside a document's title (《北京市数字经济促进条例》): a name, not a subject.
        opened = text.rfind("《", 0, start)
        return not (opened >= 0 and text.find("》", opened) > start)

    def _group(self, text: str, mentions: list[Mention]) -> list[Mention]:
        """Join listed mentions into groups and mark counted lists as not subjects."""
        result: list[Mention] = []
        group = 0
        for index, mention in enumerate(mentions):
            if index and result:
                previous = result[-1]
                joined = _LIST_JOIN.match(text[previous.end : mention.start])
                same_kind = (previous.region == OUTSIDE) == (mention.region == OUTSIDE)
                if not (joined and same_kind):
                    group += 1
            result.append(Mention(**{**mention.__dict__, "group": group}))
        by_group: dict[int, list[Mention]] = {}
        for mention in result:
            by_group.setdefault(mention.group, []).append(mention)
        final = []
        for members in by_group.values():
            counted = len(members) > 1 and _COUNTED_LIST.match(text[members[-1].end :])
            for m in members:
                final.append(Mention(**{**m.__dict__, "subject": m.subject and not counted}))
        return final

    def heading_subject(self, text: str) -> str | None:
        """The region (or OUTSIDE) a heading names: it is the subject of the article below.
        A byline (■中国城市报记者…) or a photo credit names no subject."""
        if re.search(r"记者|通讯员|编辑|摄影|供图|来源|Source|Reporter|By ", text):
            return None
        for mention in self.find(text):
            if mention.region and mention.region != OUTSIDE and mention.subject:
                return mention.region
        if not self.english and self.province_pattern.search(text):
            return OUTSIDE
        return None

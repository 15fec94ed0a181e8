"""Which indicator a statement is about, and the unit its value is written in.

An indicator is suggested when enough of its name occurs in the words around the number
(character pairs in Chinese, word stems in English), its unit can hold the number (亿元 holds
元, 万个 holds 个…), and a percentage is a share or a change as the words say (占…比重 versus
增长…). When nothing fits well enough, the candidate proposes a new indicator instead.
"""

import re
from dataclasses import dataclass
from decimal import Decimal

from indicators.choices import ValueType
from indicators.units import UNIT_INFO, Unit
from ingestion.extraction.vocabulary import IndicatorEntry, Vocabulary

# Words that say the same thing in reports and in indicator names.
_SYNONYMS = [
    ("同比增长", "增速"),
    ("同比名义增长", "增速"),
    ("增长", "增速"),
    ("营业收入", "收入"),
    ("营收", "收入"),
    ("地区生产总值", "GDP"),
    ("占比", "比重"),
    ("人驻", "入驻"),
    ("达到", ""),
]
_STOP_EN = {
    "the",
    "of",
    "a",
    "an",
    "in",
    "on",
    "and",
    "to",
    "for",
    "with",
    "by",
    "at",
    "from",
    "as",
    "is",
    "are",
    "was",
    "were",
    "its",
    "it",
    "this",
    "that",
    "has",
    "have",
    "had",
    "be",
    "been",
    "their",
    "our",
    "per",
    "more",
    "than",
    "over",
    "about",
    "around",
    "nearly",
    "up",
}
_CHANGE_ZH = re.compile(
    r"(?:增长|增速|提高|提升|降低|下降|增加|减少|回落|上升|增幅|涨)[了为达到至]*$"
)
_SHARE_ZH = re.compile(r"(?:占|比重|占比|率|覆盖率|比例|份额)")
_CHANGE_EN = re.compile(
    r"(?:increase|increased|grew|growing|growth|rise|rose|reduced|reduce|"
    r"decrease|decreased|fell|up|down|by)\W*$",
    re.IGNORECASE,
)

# Each unit's base word and scale (indicators/units.py): 亿元 counts 元 by 1e8.
UNIT_BASES: dict[str, tuple[str, Decimal]] = {
    code: (info.zh_base, info.scale) for code, info in UNIT_INFO.items()
}
COUNT_BASES = {"个", "家", "款", "颗", "种", "次", "条", "辆", "道", "份", "张", "件", "项"}


@dataclass(frozen=True)
class Suggestion:
    indicator: IndicatorEntry | None
    score: float


def _normalise_zh(text: str) -> str:
    for word, replacement in _SYNONYMS:
        text = text.replace(word, replacement)
    return re.sub(r"[(（][^)）]*[)）]", "", text)


def _bigrams(text: str) -> set[str]:
    text = re.sub(r"[\s,，。、;；:：“”\"'《》()（）|<>/\\*-]", "", text)
    return {text[i : i + 2] for i in range(len(text) - 1)}


def _stems(text: str) -> set[str]:
    words = re.findall(r"[a-z0-9]+", text.lower().replace("’", "'"))
    return {_stem(w) for w in words if w not in _STOP_EN and len(w) > 1}


def _stem(word: str) -> str:
    for suffix in ("ies", "es", "s", "ed", "ing"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def unit_fits(unit: str, base: str) -> bool:
    """Can a value counted in ``base`` (元, 个, %, "" for a bare 1.4亿) be stored in ``unit``?"""
    unit_base, _ = UNIT_BASES[unit]
    if base == "":
        return unit_base not in {"%", "个百分点"}
    if base == unit_base:
        return True
    if unit == Unit.PER_10K_PEOPLE:
        return base == "个/万人"
    return False


class IndicatorMatcher:
    def __init__(self, vocabulary: Vocabulary, english: bool):
        self.english = english
        self.entries = []
        for indicator in vocabulary.indicators:
            if english:
                keys = _stems(indicator.name_en)
            else:
                keys = _bigrams(_normalise_zh(indicator.name_zh))
            if keys:
                self.entries.append((indicator, keys))

    def suggest(
        self, clause: str, sentence_before: str, number_prefix: str, base: str, noun: str = ""
    ) -> Suggestion:
        """The best indicator for a number with this base, given the clause it stands in, the
        sentence before that clause and the few words right before the number."""
        if self.english:
            near, far = _stems(clause), _stems(sentence_before)
        else:
            near, far = _bigrams(_normalise_zh(clause)), _bigrams(_normalise_zh(sentence_before))
        change = self._is_change(number_prefix)
        best: tuple[float, IndicatorEntry | None] = (0.0, None)
        for indicator, keys in self.entries:
            if base not in {"count"} and not unit_fits(indicator.unit, base):
                continue
            if base == "count" and UNIT_BASES[indicator.unit][0] not in COUNT_BASES | {"个"}:
                continue
            hits = sum(1.0 if k in near else 0.6 if k in far else 0.0 for k in keys)
            score = hits / len(keys)
            if base == "%":
                is_change = indicator.value_type == ValueType.CHANGE
                if change != is_change:
                    score -= 0.25
            if score > best[0] + 1e-9 or (
                abs(score - best[0]) < 1e-9 and best[1] and len(keys) > len(self._keys(best[1]))
            ):
                best = (score, indicator)
        threshold = 0.45 if self.english else 0.5
        if best[0] < threshold:
            return Suggestion(None, best[0])
        return Suggestion(best[1], best[0])

    def _keys(self, indicator: IndicatorEntry) -> set[str]:
        return next(keys for entry, keys in self.entries if entry is indicator)

    def _is_change(self, prefix: str) -> bool:
        if self.english:
            return bool(_CHANGE_EN.search(prefix))
        return bool(_CHANGE_ZH.search(prefix)) and not _SHARE_ZH.search(prefix[-3:])


def choose_unit(
    base: str, base_value: Decimal, written_scale: Decimal, indicator: IndicatorEntry | None
) -> tuple[str, Decimal] | None:
    """The unit to propose and the value in it: the indicator's when it fits, otherwise the
    unit the report wrote (万户 for 1898.2万户), otherwise the largest that keeps value ≥ 1."""
    if indicator is not None and (base in ("count",) or unit_fits(indicator.unit, base)):
        return indicator.unit, _in_unit(base_value, indicator.unit)
    if base in ("count", ""):
        return (Unit.GE, base_value) if base == "count" else None
    fitting = [code for code, (unit_base, _) in UNIT_BASES.items() if unit_base == base]
    if not fitting:
        return None
    for code in fitting:
        if UNIT_BASES[code][1] == written_scale and written_scale != 1:
            return code, _in_unit(base_value, code)
    fitting.sort(key=lambda code: UNIT_BASES[code][1], reverse=True)
    for code in fitting:
        scale = UNIT_BASES[code][1]
        if base_value >= scale or scale == 1:
            return code, _in_unit(base_value, code)
    return fitting[-1], _in_unit(base_value, fitting[-1])


def _in_unit(base_value: Decimal, unit: str) -> Decimal:
    return (base_value / UNIT_BASES[unit][1]).quantize(Decimal("0.0001"))

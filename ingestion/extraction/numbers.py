"""Numbers as reports write them: 2.2万亿元, 超两万亿元, 1.4亿, 10.04 万家, 二十余家, 300余家,
70多万家, 超七成, 不足一成, 半数左右, 两位数增长, 5000个以上; and in English, 2.2 trillion yuan,
over 140,000 base stations, more than 100 satellites, 7.7%.

Everything here is pure Python on text: ``parse_chinese_number()`` turns a numeral into a
Decimal, ``find_quantities()`` finds every number that carries a unit in a stretch of compact
text (whitespace between Chinese characters already removed, see layout.py) and says what it
is: value in base units, the unit's base word (元, 个, 家, %...), the qualifier, and where it is.
"""

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from indicators.choices import Qualifier
from indicators.units import UNIT_INFO

# --- Chinese numerals ---------------------------------------------------------------------------

_DIGITS = {
    "零": 0,
    "〇": 0,
    "○": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_BIG_UNITS = {"万": 10**4, "亿": 10**8}
NUMERAL_CHARS = "".join(_DIGITS) + "".join(_SMALL_UNITS) + "".join(_BIG_UNITS) + "点"


def parse_chinese_number(text: str) -> Decimal:
    """A Chinese or mixed numeral as a Decimal: 两万亿 → 2e12, 1.4亿 → 1.4e8, 二十 → 20,
    十万 → 1e5, 一千零五 → 1005, 三点五 → 3.5, 10.04万 → 100400, 千亿 → 1e11.

    Raises ValueError for anything that is not a numeral.
    """
    text = (text or "").strip().replace(",", "")
    if not text or all(c in _BIG_UNITS for c in text):
        raise ValueError(f"not a numeral: {text!r}")
    # A trailing magnitude applies to everything before it: 1.4亿, 两万亿, 10.04万.
    for suffix, factor in (("万亿", 10**12), ("亿", 10**8), ("万", 10**4)):
        if text.endswith(suffix) and len(text) > len(suffix):
            head = text[: -len(suffix)]
            if _is_arabic(head):
                return Decimal(head) * factor
    if _is_arabic(text):
        return Decimal(text)
    if "点" in text:  # 三点五
        whole, _, fraction = text.partition("点")
        if not fraction or any(c not in _DIGITS for c in fraction):
            raise ValueError(f"not a numeral: {text!r}")
        digits = "".join(str(_DIGITS[c]) for c in fraction)
        return parse_chinese_number(whole or "零") + Decimal("0." + digits)
    return Decimal(_parse_integer(text))


def _is_arabic(text: str) -> bool:
    try:
        Decimal(text)
    except InvalidOperation:
        return False
    return bool(re.fullmatch(r"\d+(?:\.\d+)?", text))


def _parse_integer(text: str) -> int:
    """Integer Chinese numerals with 万 and 亿 sections: 一亿二千万 → 120000000."""
    if any(c not in _DIGITS and c not in _SMALL_UNITS and c not in _BIG_UNITS for c in text):
        # Arabic digits mixed with Chinese units: 3千, 2百.
        match = re.fullmatch(r"(\d+)([十百千])", text)
        if match:
            return int(match.group(1)) * _SMALL_UNITS[match.group(2)]
        raise ValueError(f"not a numeral: {text!r}")
    total, section, digit = 0, 0, None
    for char in text:
        if char in _DIGITS:
            digit = _DIGITS[char]
        elif char in _SMALL_UNITS:
            section += (1 if digit is None else digit) * _SMALL_UNITS[char]
            digit = None
        else:  # 万 or 亿: a magnitude for everything before it in its section
            section += digit or 0
            digit = None
            if char == "亿":
                total = ((total + section) or 1) * _BIG_UNITS[char]  # 两万亿: (2万)亿
            else:
                total += (section or 1) * _BIG_UNITS[char]
            section = 0
    return total + section + (digit or 0)


# --- Units -----------------------------------------------------------------------------------

# The unit words a figure may carry after its number, with the base word they count in (the
# project's units are built from these bases, indicators/units.py's ``zh_base``) and a factor:
# 亿元 counts 元 by 1e8. "成" is tenths, written as a percentage.
ZH_UNIT_WORDS: dict[str, tuple[str, Decimal]] = {
    "个百分点": ("个百分点", Decimal(1)),
    "百分点": ("个百分点", Decimal(1)),
    "平方公里": ("平方公里", Decimal(1)),
    "平方千米": ("平方公里", Decimal(1)),
    "平方米": ("平方米", Decimal(1)),
    "公里": ("公里", Decimal(1)),
    "千米": ("公里", Decimal(1)),
    "%": ("%", Decimal(1)),
    "％": ("%", Decimal(1)),
    "成": ("%", Decimal(10)),
    "元": ("元", Decimal(1)),
    "家": ("家", Decimal(1)),
    "款": ("款", Decimal(1)),
    "颗": ("颗", Decimal(1)),
    "种": ("种", Decimal(1)),
    "次": ("次", Decimal(1)),
    "套": ("套", Decimal(1)),
    "户": ("户", Decimal(1)),
    "人": ("人", Decimal(1)),
    "名": ("人", Decimal(1)),
    "条": ("条", Decimal(1)),
    "辆": ("辆", Decimal(1)),
    "秒": ("秒", Decimal(1)),
    "道": ("道", Decimal(1)),
    "份": ("份", Decimal(1)),
    "张": ("张", Decimal(1)),
    "件": ("件", Decimal(1)),
    "项": ("项", Decimal(1)),
    "个": ("个", Decimal(1)),
    "TB": ("TB", Decimal(1)),
    "PB": ("TB", Decimal(1024)),
    "P": ("P", Decimal(1)),
    "EFLOPS": ("P", Decimal(1000)),
    "PFLOPS": ("P", Decimal(1)),
}
# Every counting word the project's units are built on (indicators/units.py) is a unit word
# too, so a unit added there (场, 例, 批…) is recognised here without a change.
for _info in UNIT_INFO.values():
    _word = _info.zh_base
    if _word and _word not in ZH_UNIT_WORDS and re.fullmatch(r"[\u4e00-\u9fff]{1,2}", _word):
        ZH_UNIT_WORDS[_word] = (_word, Decimal(1))
ZH_UNIT_WORDS.pop("名次", None)  # ranks are read by find_ranks(): 全国第一, 居首
# Currencies we cannot store (no indicator is in them): a number in one is not a candidate.
FOREIGN_CURRENCIES = ("美元", "欧元", "日元", "英镑", "港元", "港币")

_MAGNITUDES = {"万亿": Decimal(10**12), "亿": Decimal(10**8), "万": Decimal(10**4)}
_MAGNITUDE_BASES = {"千": Decimal(1000), "百": Decimal(100)}

# English: magnitude words and counting nouns. A noun's base is a unit word; "count" nouns
# (robots, products…) fit any counting unit and take the indicator's when one is suggested.
EN_MAGNITUDES = {
    "trillion": Decimal(10**12),
    "billion": Decimal(10**9),
    "million": Decimal(10**6),
    "thousand": Decimal(1000),
}
EN_NOUNS: dict[str, str] = {
    "yuan": "元",
    "rmb": "元",
    "percent": "%",
    "per cent": "%",
    "percentage points": "个百分点",
    "percentage point": "个百分点",
    "square kilometers": "平方公里",
    "square kilometres": "平方公里",
    "square-kilometer": "平方公里",
    "square meters": "平方米",
    "square metres": "平方米",
    "square-meter": "平方米",
    "square-metre": "平方米",
    "kilometers": "公里",
    "kilometres": "公里",
    "km": "公里",
    "seconds": "秒",
    "second": "秒",
    "firms": "家",
    "enterprises": "家",
    "companies": "家",
    "businesses": "家",
    "hospitals": "家",
    "models": "款",
    "satellites": "颗",
    "times": "次",
    "users": "户",
    "households": "户",
    "people": "人",
    "residents": "人",
    "vehicles": "辆",
    "cars": "辆",
    "processes": "道",
    "services": "项",
    "tb": "TB",
    "terabytes": "TB",
    "pflops": "P",
    "robots": "个",
    "base stations": "个",
    "stations": "个",
    "centres": "个",
    "centers": "个",
    "datasets": "个",
    "products": "种",
    "scenarios": "种",
    "kinds": "种",
    "types": "种",
    "roads": "条",
    "certificates": "张",
    "filings": "份",
    "items": "件",
    "forums": "场",
    "events": "场",
    "countries": "个",
    "cities": "个",
    "cases": "例",
    "trials": "例",
    "categories": "类",
    "batches": "批",
}


# --- Qualifiers ------------------------------------------------------------------------------

_ZH_BEFORE = [
    (Qualifier.MORE_THAN, ("超过", "超出", "突破", "多于", "高于", "大于", "逾", "超")),
    (Qualifier.ABOUT, ("将近", "接近", "大约", "约为", "约", "近")),
    (Qualifier.LESS_THAN, ("不足", "不到", "少于", "低于", "未满", "不及")),
]
_ZH_AFTER = [
    (Qualifier.AT_LEAST, ("及以上", "以上")),
    (Qualifier.ABOUT, ("左右", "上下")),
    (Qualifier.LESS_THAN, ("以下", "以内")),
]
_EN_BEFORE = [
    (
        Qualifier.MORE_THAN,
        r"more than|over|exceeded|exceeding|exceeds|exceed|above|upwards of|in excess of|surpassed|topped",
    ),
    (Qualifier.AT_LEAST, r"at least|no less than|no fewer than|a minimum of"),
    (Qualifier.ABOUT, r"nearly|about|around|approximately|almost|roughly|close to|some"),
    (Qualifier.LESS_THAN, r"less than|fewer than|under|below"),
]


@dataclass(frozen=True)
class Quantity:
    """A number with its unit, as found in compact text (offsets into that text)."""

    start: int  # where the whole expression (qualifier included) begins
    end: int
    number_start: int  # the number itself, for highlighting and quotes
    number_end: int
    text: str  # the expression as written: 超两万亿元
    base_value: Decimal  # in the base word: 2e12 (元)
    base: str  # 元, 个, 家, %, 个百分点, P, "count" (an English noun that fits any count)
    written_scale: Decimal  # the magnitude the report wrote: 1e8 for 亿元, 1 for 元
    qualifier: str
    noun: str = ""  # English: the noun that gave the unit


_ZH_NUMBER = (
    r"(?P<num>\d+(?:,\d{3})*(?:\.\d+)?"
    r"|[零〇一二两三四五六七八九十百千]+(?:点[零〇一二三四五六七八九]+)?)"
)
_ZH_UNIT_ALTERNATION = "|".join(re.escape(w) for w in sorted(ZH_UNIT_WORDS, key=len, reverse=True))
_ZH_QUANTITY = re.compile(
    _ZH_NUMBER
    + r"(?:[-~～—–]\d+(?:\.\d+)?)?"  # 1-2个: a range, read from its lower end
    + r"(?P<approx1>余|多)?(?P<mag>万亿|亿|万)?(?P<approx2>余|多)?"
    + rf"(?P<unit>{_ZH_UNIT_ALTERNATION})?"
)
_RANGE_AFTER = re.compile(r"[-~～—–]\d")
_SPECIAL_ZH = [
    # 两位数增长: growth of at least 10 %.
    (re.compile(r"两位数(?=的?(?:增长|增速))"), Decimal(10), "%", Qualifier.AT_LEAST),
    # 半数左右 / 过半 / 一半: half.
    (re.compile(r"半数|一半"), Decimal(50), "%", None),
    (re.compile(r"过半"), Decimal(50), "%", Qualifier.MORE_THAN),
]
_ASCII_WORD = re.compile(r"[A-Za-z]")
_SINGLE_DIGITS = set("一二两三四五六七八九十")


def _zh_qualifier_before(text: str, start: int) -> tuple[str, int]:
    window = text[max(0, start - 4) : start]
    for qualifier, words in _ZH_BEFORE:
        for word in words:
            if window.endswith(word):
                # 超 in 超额 or 超过 handled by order; 近 in 最近/附近 is not "about".
                if word == "近" and window[:-1].endswith(("最", "附", "临", "将")):
                    continue
                if word == "超" and window[:-1].endswith(("高", "最")):
                    continue
                return qualifier, start - len(word)
    return Qualifier.EXACT, start


def _zh_qualifier_after(text: str, end: int) -> tuple[str | None, int]:
    window = text[end : end + 3]
    for qualifier, words in _ZH_AFTER:
        for word in words:
            if window.startswith(word):
                return qualifier, end + len(word)
    return None, end


def find_zh_quantities(text: str) -> list[Quantity]:
    """Every number with a unit in compact Chinese text."""
    found: list[Quantity] = []
    for match in _ZH_QUANTITY.finditer(text):
        quantity = _zh_quantity(text, match)
        if quantity is not None:
            found.append(quantity)
    taken = [(q.number_start, q.number_end) for q in found]
    for pattern, value, base, fixed in _SPECIAL_ZH:
        for match in pattern.finditer(text):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            qualifier, start = _zh_qualifier_before(text, match.start())
            after, end = _zh_qualifier_after(text, match.end())
            found.append(
                Quantity(
                    start=start,
                    end=end,
                    number_start=match.start(),
                    number_end=match.end(),
                    text=text[start:end],
                    base_value=value,
                    base=base,
                    written_scale=Decimal(1),
                    qualifier=fixed or after or qualifier,
                )
            )
    return sorted(found, key=lambda q: q.number_start)


def _next_in(text: str, position: int, characters: str) -> bool:
    following = text[position : position + 1]
    return bool(following) and following in characters


def _in_short_name(text: str, start: int, end: int) -> bool:
    """Is the number inside a short quoted name (“软8条”, “工16条”)?"""
    opened = max(
        text.rfind("“", max(0, start - 6), start), text.rfind('"', max(0, start - 6), start)
    )
    if opened < 0:
        return False
    closed = max(text.find("”", end, end + 6), text.find('"', end, end + 6))
    return closed >= 0 and re.search(r"[\u4e00-\u9fff]", text[opened + 1 : start]) is not None


def _zh_quantity(text: str, match: re.Match) -> Quantity | None:
    number = match.group("num")
    unit = match.group("unit")
    mag = match.group("mag")
    approx = match.group("approx1") or match.group("approx2")
    start, end = match.start(), match.end()
    if not unit:
        # A bare magnitude (1.4亿, 3000亿) is a figure when a noun before it says what counts;
        # the caller decides its base from the context.
        if not mag:
            return None
        unit_base, factor = "", Decimal(1)
    else:
        if text[end : end + 2] in FOREIGN_CURRENCIES or (
            unit == "元" and text[end - 2 : end] in FOREIGN_CURRENCIES
        ):
            return None
        unit_base, factor = ZH_UNIT_WORDS[unit]
    before = text[max(0, start - 1) : start]
    after = text[end : end + 1]
    # Part of a name or code: 5G, IPv6, GPT4.0, A100, C919, TOP500, 3GPP, 1080P高清.
    if before and (_ASCII_WORD.match(before) or before in "第./:："):
        return None
    if before and before in "-~～—–" and re.search(r"\d[-~～—–]$", text[max(0, start - 2) : start]):
        return None  # 2 in 1-2个
    if _in_short_name(text, start, end):
        return None  # “软8条”: the name of a policy, not a count
    if unit and unit.isascii() and after and _ASCII_WORD.match(after):
        return None
    if not unit and after and _ASCII_WORD.match(after):
        return None
    # The upper end of a range (1-2个): the range is read from its lower end, below.
    if not number[0].isdigit():
        # A lone Chinese digit is usually a word (一张蓝图, 两批, 三医), not a figure; 十余家,
        # 二十余, 两万亿, 七成 are figures.
        if number == "一" and not (mag or approx or unit == "成"):
            return None  # 一张蓝图, 一个: an article, not a count
        if number[0] in "十百千" and len(number) == 1 and not (mag or approx):
            # 十大, 百种, 千行百业: words, except 千亿, 百余.
            return None
        if re.search(r"[一二两三四五六七八九][一二两三四五六七八九]", number):
            return None  # 一两次, 三四家: a range in words
    if unit == "成" and not (not number[0].isdigit() and len(number) == 1):
        return None  # 成 only after a single Chinese digit: 七成, 一成
    if unit == "人" and _next_in(text, end, "工民才员口类"):
        return None  # 人工智能, 人民, 人才…: a word, not a count of people
    if unit == "元" and _next_in(text, end, "宇素"):
        return None  # 元宇宙, 元素
    if unit == "种" and _next_in(text, end, "子"):
        return None
    if unit == "次" and _next_in(text, end, "元级生序"):
        return None
    if unit == "张" and text[end : end + 2] == "蓝图":
        return None
    if unit == "位" and _next_in(text, end, "数于置"):
        return None  # 两位数 (read below), 位于, 位置
    if unit == "道" and _next_in(text, end, "路口"):
        return None
    if unit == "项" and _next_in(text, end, "目"):
        return None
    if unit == "条" and _next_in(text, end, "件例"):
        return None
    if unit == "名" and _next_in(text, end, "称单"):
        return None
    try:
        value = parse_chinese_number(number)
    except ValueError:
        return None
    scale = _MAGNITUDES.get(mag, Decimal(1)) if mag else Decimal(1)
    base_value = value * scale * factor
    qualifier, q_start = _zh_qualifier_before(text, start)
    if approx:
        qualifier = Qualifier.MORE_THAN
    if _RANGE_AFTER.match(text, start + len(number)) and number[0].isdigit():
        qualifier = Qualifier.AT_LEAST  # 1-2个: at least the lower end
    after_q, q_end = _zh_qualifier_after(text, end)
    if after_q:
        qualifier = after_q
    return Quantity(
        start=q_start,
        end=q_end,
        number_start=start,
        number_end=end,
        text=text[q_start:q_end],
        base_value=base_value,
        base=unit_base,
        written_scale=scale,
        qualifier=qualifier,
    )


# --- Ranks ------------------------------------------------------------------------------------

_SCOPE = r"(?:全国|全球|世界|全市|国内|全省)"
_ORDINAL = r"([一二两三四五六七八九十]{1,3}|\d{1,3})"
_RANK_PATTERNS = [
    # 居全国第一, 位列全国第一、全球第五, 位居第一, 排第二位, 数量全国第一
    re.compile(
        rf"(?:(?:稳居|位居|位列|名列|居于|居|排名|排在|排|列){_SCOPE}?|{_SCOPE})第{_ORDINAL}"
        r"(?:位|名)?(?![批季产梯届阶个次家款期代轮部大])"
    ),
    # 和第三位 after a rank: 分别排第二位和第三位
    re.compile(rf"(?<=位)(?:和|、|与)第{_ORDINAL}位"),
]
_FIRST_PATTERNS = [
    re.compile(rf"(?:居|位居)?{_SCOPE}(?:首位|居首)|居{_SCOPE}首位|{_SCOPE}首位"),
    re.compile(rf"{_SCOPE}[^，,。；;、]{{0,24}}?(?:最多|最大|最高|最强|最快)"),
]
_EN_RANK = re.compile(
    r"\b(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d{1,2}(?:st|nd|rd|th))"
    r"[- ](?:largest|biggest|place|in the world|in china|nationwide)\b",
    re.IGNORECASE,
)
_EN_ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
}


def find_ranks(text: str, english: bool = False) -> list[Quantity]:
    """Ranks as figures (unit 名次): 居全国第一 → 1, 全国居首 → 1, 世界第二 → 2, 全球第五 → 5,
    全国…最多 → 1; in English, the world's second-largest → 2."""
    found: list[Quantity] = []
    if english:
        for match in _EN_RANK.finditer(text):
            word = match.group(1).lower()
            value = _EN_ORDINALS.get(word) or int(re.match(r"\d+", word).group(0))
            found.append(_rank(match, match.start(1), match.end(1), value))
        return found
    for pattern in _RANK_PATTERNS:
        for match in pattern.finditer(text):
            try:
                value = int(parse_chinese_number(match.group(1)))
            except ValueError:
                continue
            found.append(_rank(match, match.start(1), match.end(1), value))
    for pattern in _FIRST_PATTERNS:
        for match in pattern.finditer(text):
            if any(q.start < match.end() and match.start() < q.end for q in found):
                continue
            found.append(_rank(match, match.start(), match.end(), 1))
    return sorted(found, key=lambda q: q.number_start)


def _rank(match: re.Match, number_start: int, number_end: int, value: int) -> Quantity:
    return Quantity(
        start=match.start(),
        end=match.end(),
        number_start=number_start,
        number_end=number_end,
        text=match.group(0),
        base_value=Decimal(value),
        base="名次",
        written_scale=Decimal(1),
        qualifier=Qualifier.EXACT,
    )


# --- English ---------------------------------------------------------------------------------

_EN_NUMBER = re.compile(
    r"(?<![\w.,-])(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?:\s*(?P<pct>%|percent\b|per cent\b))?"
    r"(?:[\s-]+(?P<mag>trillion|billion|million|thousand)\b)?",
    re.IGNORECASE,
)
_EN_NOUN = re.compile(
    r"[\s-]+(?:[A-Za-z0-9’'-]+\s+){0,4}?(?P<noun>"
    + "|".join(re.escape(n) for n in sorted(EN_NOUNS, key=len, reverse=True))
    + r")\b",
    re.IGNORECASE,
)
_EN_BEFORE = [(q, re.compile(rf"\b(?:{words})\s*$", re.IGNORECASE)) for q, words in _EN_BEFORE]
_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december"
    "|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_EN_DATE_AROUND = re.compile(rf"(?:{_MONTHS})\.?\s*$", re.IGNORECASE)


_EN_WORDS = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "hundred": 100,
}
_EN_WORD_NUMBER = re.compile(r"\b(" + "|".join(_EN_WORDS) + r")\b", re.IGNORECASE)


def find_en_quantities(text: str) -> list[Quantity]:
    """Every number with a unit (a percent sign, a currency, a counting noun) in English;
    small numbers in words (three human trials) when a counting noun follows."""
    found = _en_word_quantities(text)
    for match in _EN_NUMBER.finditer(text):
        number = match.group("num")
        start, end = match.start(), match.end()
        after = text[end : end + 1]
        if after and (after.isalpha() and not match.group("mag") and not match.group("pct")):
            continue  # 5G, 3GPP
        if _EN_DATE_AROUND.search(text[max(0, start - 12) : start]):
            continue  # July 2
        if re.fullmatch(r"(19|20)\d\d", number) and not match.group("pct"):
            continue  # a year
        value = Decimal(number.replace(",", ""))
        scale = EN_MAGNITUDES.get((match.group("mag") or "").lower(), Decimal(1))
        if match.group("pct"):
            base, noun = "%", "%"
            expression_end = end
        else:
            noun_match = _EN_NOUN.match(text, end)
            if not noun_match:
                continue
            noun = noun_match.group("noun").lower()
            base = EN_NOUNS[noun]
            expression_end = noun_match.end()
        qualifier, q_start = Qualifier.EXACT, start
        prefix = text[max(0, start - 24) : start]
        for candidate, pattern in _EN_BEFORE:
            hit = pattern.search(prefix)
            if hit:
                qualifier, q_start = candidate, start - (len(prefix) - hit.start())
                break
        if re.match(r"\s+or more\b", text[expression_end:], re.IGNORECASE):
            qualifier = Qualifier.AT_LEAST
        found.append(
            Quantity(
                start=q_start,
                end=expression_end,
                number_start=start,
                number_end=end,
                text=text[q_start:expression_end],
                base_value=value * scale,
                base=base,
                written_scale=Decimal(1),
                qualifier=qualifier,
                noun=noun,
            )
        )
    return found


def _en_word_quantities(text: str) -> list[Quantity]:
    found = []
    for match in _EN_WORD_NUMBER.finditer(text):
        noun_match = _EN_NOUN.match(text, match.end())
        if not noun_match:
            continue
        noun = noun_match.group("noun").lower()
        found.append(
            Quantity(
                start=match.start(),
                end=noun_match.end(),
                number_start=match.start(),
                number_end=match.end(),
                text=text[match.start() : noun_match.end()],
                base_value=Decimal(_EN_WORDS[match.group(1).lower()]),
                base=EN_NOUNS[noun],
                written_scale=Decimal(1),
                qualifier=Qualifier.EXACT,
                noun=noun,
            )
        )
    return found

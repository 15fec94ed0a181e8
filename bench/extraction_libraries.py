"""Which library reads our reports' number and time expressions right? (docs/extraction.md)

Run it in a scratch virtualenv that has the candidates installed, with the repository on the
path (the project's own parser is measured beside them):

    python3 -m venv /tmp/libs && /tmp/libs/bin/pip install django cn2an jionlp chinese2digits \\
        recognizers-text-suite quantulum3 word2number
    PYTHONPATH=. /tmp/libs/bin/python bench/extraction_libraries.py

A library that is not installed is reported as such. None of them is a dependency of the
project; the table in docs/extraction.md is this script's output.
"""

import datetime as dt
import importlib
import re
import warnings
from decimal import Decimal

warnings.filterwarnings("ignore")

# (expression as the report writes it, the numeral alone, value in base units, qualifier)
NUMBERS = [
    ("超两万亿元", "两万亿", Decimal("2e12"), "more_than"),
    ("突破2.2万亿元", "2.2万亿", Decimal("2.2e12"), "more_than"),
    ("超过1.4亿", "1.4亿", Decimal("1.4e8"), "more_than"),
    ("10.04万家", "10.04万", Decimal("100400"), "exact"),
    ("二十余家", "二十余", Decimal(20), "more_than"),
    ("70多万家", "70多万", Decimal(700000), "more_than"),
    ("300余家", "300余", Decimal(300), "more_than"),
    ("超过千亿元", "千亿", Decimal("1e11"), "more_than"),
    ("18766.7亿元", "18766.7亿", Decimal("1876670000000"), "exact"),
    ("4771 万人", "4771 万", Decimal(47710000), "exact"),
    ("5000个以上", "5000", Decimal(5000), "at_least"),
    ("近600家", "600", Decimal(600), "about"),
    ("超七成", "七成", Decimal(70), "more_than"),
    ("不足一成", "一成", Decimal(10), "less_than"),
    ("半数左右", "半数", Decimal(50), "about"),
    ("两位数增长", "两位数", Decimal(10), "at_least"),
    ("1-2个", "1-2", Decimal(1), "at_least"),
    ("居全国第一", "第一", Decimal(1), "exact"),
]
ENGLISH = [
    ("exceeded 2.2 trillion yuan", Decimal("2.2e12"), "more_than"),
    ("over 140,000 5G base stations", Decimal(140000), "more_than"),
    ("up to 30 million yuan", Decimal("3e7"), "exact"),
    ("completed three human trials", Decimal(3), "exact"),
    ("the world’s second-largest digital economy", Decimal(2), "exact"),
]
PUBLISHED = dt.date(2025, 7, 2)
PERIODS = [
    ("2024年", ("2024-01-01", "2024-12-31")),
    ("2023年1-11月", ("2023-01-01", "2023-11-30")),
    ("截至2023年11月末", ("2023-11-30", "2023-11-30")),
    ("截至 2023 年 11 月末", ("2023-11-30", "2023-11-30")),
    ("2024年底", ("2024-12-31", "2024-12-31")),
    ("上半年", ("2025-01-01", "2025-06-30")),
    ("目前", ("2025-07-02", "2025-07-02")),
    ("到2025年", ("2025-01-01", "2025-12-31")),
]


class _Score:
    """Right values, and right values with the right qualifier."""

    def __init__(self):
        self.value = self.both = 0

    def __iadd__(self, pair):
        self.value += pair[0]
        self.both += pair[0] and pair[1]
        return self


def _score(value_right: bool, qualifier_right: bool) -> tuple[bool, bool]:
    return bool(value_right), bool(value_right and qualifier_right)


def _try(module: str):
    try:
        return importlib.import_module(module)
    except Exception:  # noqa: BLE001  (any import failure: not usable here)
        return None


def _close(value, expected: Decimal) -> bool:
    try:
        return abs(Decimal(str(value)) - expected) <= abs(expected) * Decimal("1e-9")
    except Exception:  # noqa: BLE001
        return False


def cn2an_numbers():
    cn2an = _try("cn2an")
    if cn2an is None:
        return None
    right = _Score()
    for _expression, numeral, value, qualifier in NUMBERS:
        try:
            found = cn2an.cn2an(numeral.replace(" ", ""), "smart")
        except Exception:  # noqa: BLE001
            continue
        right += _score(_close(found, value), qualifier == "exact")
    return right


def chinese2digits_numbers():
    c2d = _try("chinese2digits")
    if c2d is None:
        return None
    right = _Score()
    for expression, _numeral, value, qualifier in NUMBERS:
        try:
            digits = c2d.takeNumberFromString(expression)["digitsStringList"]
        except Exception:  # noqa: BLE001
            continue
        right += _score(bool(digits) and _close(digits[0], value), qualifier == "exact")
    return right


def jionlp_numbers():
    jio = _try("jionlp")
    if jio is None:
        return None
    right = _Score()
    for expression, _numeral, value, qualifier in NUMBERS:
        text = expression if "元" in expression else expression + "元"
        try:
            money = jio.parse_money(text)
        except Exception:  # noqa: BLE001
            continue
        blur = {"accurate": "exact", "blur+": "more_than", "blur-": "less_than", "blur": "about"}
        right += _score(_close(money["num"], value), blur.get(money["definition"]) == qualifier)
    return right


def recognizers_numbers():
    suite = _try("recognizers_suite")
    if suite is None:
        return None
    from recognizers_text import Culture  # noqa: PLC0415

    right = _Score()
    for expression, _numeral, value, qualifier in NUMBERS:
        try:
            results = suite.recognize_number(
                expression, Culture.Chinese
            ) or suite.recognize_percentage(expression, Culture.Chinese)
        except Exception:  # noqa: BLE001
            continue
        if results:
            found = re.sub(r"[^\d.]", "", str(results[0].resolution.get("value", "")))
            right += _score(_close(found or "nan", value), qualifier == "exact")
    return right


def ours_numbers():
    numbers = _try("ingestion.extraction.numbers")
    if numbers is None:
        return None
    right = _Score()
    for expression, _numeral, value, qualifier in NUMBERS:
        # The extractor reads compact text (layout.py drops OCR's spaces between characters).
        compact = re.sub(r"\s", "", expression)
        found = numbers.find_zh_quantities(compact) + numbers.find_ranks(compact)
        right += _score(
            bool(found) and found[0].base_value == value,
            bool(found) and found[0].qualifier == qualifier,
        )
    return right


def english(name: str):
    right = 0
    if name == "quantulum3":
        parser = _try("quantulum3.parser")
        if parser is None:
            return None
        for text, value, qualifier in ENGLISH:
            try:
                found = parser.parse(text)
            except Exception:  # noqa: BLE001
                continue
            right += bool(found) and _close(found[0].value, value) and qualifier == "exact"
        return right
    if name == "word2number":
        w2n = _try("word2number.w2n")
        if w2n is None:
            return None
        for text, value, qualifier in ENGLISH:
            try:
                right += _close(w2n.word_to_num(text), value) and qualifier == "exact"
            except Exception:  # noqa: BLE001
                continue
        return right
    numbers = _try("ingestion.extraction.numbers")
    if numbers is None:
        return None
    for text, value, qualifier in ENGLISH:
        found = numbers.find_en_quantities(text) + numbers.find_ranks(text, english=True)
        right += bool(found) and found[0].base_value == value and found[0].qualifier == qualifier
    return right


def periods(name: str):
    right = 0
    if name == "jionlp":
        jio = _try("jionlp")
        if jio is None:
            return None
        base = {"year": PUBLISHED.year, "month": PUBLISHED.month, "day": PUBLISHED.day}
        for text, (start, end) in PERIODS:
            try:
                found = jio.parse_time(text, time_base=base)["time"]
            except Exception:  # noqa: BLE001
                continue
            right += found[0][:10] == start and found[1][:10] == end
        return right
    module = _try("ingestion.extraction.periods")
    if module is None:
        return None
    for text, (start, end) in PERIODS:
        found = module.find_periods(re.sub(r"\s", "", text), PUBLISHED)
        right += bool(found) and (
            found[0].period.start.isoformat(),
            found[0].period.end.isoformat(),
        ) == (start, end)
    return right


def main():
    def cell(score, total):
        if score is None:
            return "does not import"
        if isinstance(score, _Score):
            return f"{score.value}/{total} · {score.both}/{total}"
        return f"{score}/{total}"

    rows = [
        ("cn2an 0.5", cell(cn2an_numbers(), len(NUMBERS)), "—", "—"),
        ("jionlp 1.5 (parse_money, parse_time)", cell(jionlp_numbers(), len(NUMBERS)), "—",
         cell(periods("jionlp"), len(PERIODS))),
        ("chinese2digits 6", cell(chinese2digits_numbers(), len(NUMBERS)), "—", "—"),
        ("recognizers-text 1.0.2a2 (Chinese)", cell(recognizers_numbers(), len(NUMBERS)), "—", "—"),
        ("quantulum3 0.10", "—", cell(english("quantulum3"), len(ENGLISH)), "—"),
        ("word2number 1.1", "—", cell(english("word2number"), len(ENGLISH)), "—"),
        ("ours (ingestion/extraction)", cell(ours_numbers(), len(NUMBERS)),
         cell(english("ours"), len(ENGLISH)), cell(periods("ours"), len(PERIODS))),
    ]  # fmt: skip
    print("| library | Chinese numbers: value · value and qualifier | English numbers | periods |")
    print("|---|---:|---:|---:|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()

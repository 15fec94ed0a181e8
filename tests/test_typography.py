"""Chinese interface text uses full-width punctuation (，；：（）), English half-width; quotes from
reports stay verbatim.

Checked where every interface string meets: the message catalogue's msgids (the Chinese text of
templates and Python code, as makemessages extracted it), and the gettext strings of the Python
code themselves (so a new message is caught before the catalogue is extracted again).
"""

import ast
import json
import re

import polib
import pytest

from tests.conftest import ROOT

# The project's catalogue and the apps' own (releases has one).
CATALOGUES = sorted(
    p
    for p in ROOT.glob("**/locale/en/LC_MESSAGES/django.po")
    if not {".venv", "node_modules"} & set(p.relative_to(ROOT).parts)
)
CJK = re.compile(r"[\u2e80-\u9fff\u3000-\u303f\uff00-\uffef]")
# What a rule may not look inside: a quotation in Chinese quotation marks (a report's words, a
# menu's name) and a placeholder (%(name)s, %d, {name}).
QUOTED_OR_PLACEHOLDER = re.compile(r"“[^”]*”|%\([a-z_]+\)[-#0 +]*\d*(?:\.\d+)?[sdfr]|%[sd]|\{\w*\}")
GETTEXT = {
    "_",
    "gettext",
    "gettext_lazy",
    "gettext_noop",
    "pgettext",
    "pgettext_lazy",
    "ngettext",
    "ngettext_lazy",
    "npgettext",
    "npgettext_lazy",
}


def half_width_in_chinese(text: str) -> list[str]:
    """The half-width , ; : ( ) that stand in Chinese text: next to a Chinese character or
    full-width sign (spaces aside), or a parenthesis around Chinese words. ``a,b`` in a list of
    codes, a time 12:30 or an address https://… in a Chinese sentence are left alone."""
    if not CJK.search(text):
        return []
    chars = QUOTED_OR_PLACEHOLDER.sub(lambda m: "“" if m.group(0)[0] == "“" else "x", text)

    def chinese(i: int, step: int) -> bool:
        i += step
        while 0 <= i < len(chars) and chars[i] == " ":
            i += step
        return 0 <= i < len(chars) and bool(CJK.match(chars[i]) or chars[i] in "“”")

    found = []
    opened: list[int] = []
    for i, c in enumerate(chars):
        if c in ",;:" and (chinese(i, -1) or chinese(i, 1)):
            found.append(f"{c!r} at {i}: …{text[max(0, i - 8) : i + 8]}…")
        elif c == "(":
            opened.append(i)
        elif c == ")" and opened:
            start = opened.pop()
            if CJK.search(chars[start + 1 : i]) or chinese(start, -1) or chinese(i, 1):
                found.append(f"() at {start}: …{text[max(0, start - 8) : i + 2]}…")
    return found


@pytest.mark.parametrize(
    "text",
    [
        "经开区是功能区,不是行政区。",
        "筛选条件有误,请修改:",
        "目前(2025年7月报道)",
        "单位(unit)",
        "P(PFlops 算力)",
        "排序(降序在前面加 -):%(columns)s",
        "XLSX 文件里有 XML 文档类型声明(DOCTYPE),出于安全原因不能读取。",
    ],
)
def test_half_width_punctuation_in_chinese_is_found(text):
    assert half_width_in_chinese(text)


@pytest.mark.parametrize(
    "text",
    [
        "经开区是功能区，不是行政区。",
        "Every figure (with its quote): here, there; everywhere.",
        "请在 Excel 中“另存为”“CSV UTF-8(逗号分隔)”后再导入。",  # a menu's own name, quoted
        "写成 YYYY-MM-DD_YYYY-MM-DD，例如 2023-01-01_2023-12-31。",
        "compare 图需要 regions 参数：1 到 %(max)d 个区域标识，如 haidian,chaoyang。",
        "%(subject)s。来源：%(publisher)s（%(date)s）",
        "数据接口：https://example.org/api/",
    ],
)
def test_full_width_chinese_codes_and_english_pass(text):
    assert half_width_in_chinese(text) == []


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_chinese_interface_strings_in_the_catalogues_use_full_width_punctuation(catalogue):
    wrong = {
        entry.msgid: problems
        for entry in polib.pofile(str(catalogue))
        if not entry.obsolete
        for problems in [half_width_in_chinese(entry.msgid)]
        if problems
    }
    assert not wrong, "\n".join(f"{msgid!r}: {problems}" for msgid, problems in wrong.items())


def test_every_catalogue_is_checked():
    assert ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po" in CATALOGUES
    assert ROOT / "releases" / "locale" / "en" / "LC_MESSAGES" / "django.po" in CATALOGUES


def _python_messages():
    for path in sorted(ROOT.glob("*/**/*.py")):
        if {".venv", "node_modules", "tests", "migrations"} & set(path.relative_to(ROOT).parts):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", "")
            if name not in GETTEXT:
                continue
            for arg in node.args:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    yield f"{path.relative_to(ROOT)}:{node.lineno}", arg.value


def test_python_messages_in_chinese_use_full_width_punctuation():
    messages = list(_python_messages())
    assert len(messages) > 100  # the walk found the project's messages
    wrong = [
        f"{where}: {text!r} {problems}"
        for where, text in messages
        for problems in [half_width_in_chinese(text)]
        if problems
    ]
    assert not wrong, "\n".join(wrong)


# Our own Chinese data text in the release (indicator names and definitions, notes). Quotes,
# source titles, publishers and brand texts are a report's words and stay as written.
OWN_DATA_TEXT = {"name_zh", "definition_zh", "note"}


def test_our_chinese_data_text_in_the_fixtures_uses_full_width_punctuation():
    checked, wrong = 0, []
    for path in sorted((ROOT / "fixtures").glob("*.json")):
        for record in json.loads(path.read_text(encoding="utf-8")):
            for field, text in record["fields"].items():
                if field in OWN_DATA_TEXT and isinstance(text, str) and text:
                    checked += 1
                    problems = half_width_in_chinese(text)
                    if problems:
                        wrong.append(f"{path.name} {record['model']} {field}: {problems}")
    assert checked > 200  # names, definitions and notes were read
    assert not wrong, "\n".join(wrong)

"""Bilingual text: the English on English pages when there is one, the Chinese otherwise."""

from django.utils.translation import get_language


def localized(zh: str, en: str) -> str:
    """The English text on English pages when there is one, the Chinese otherwise."""
    lang = get_language() or "zh-hans"
    return en if lang.startswith("en") and en else zh


def is_english(lang: str | None = None) -> bool:
    return (lang or get_language() or "zh-hans").startswith("en")


def chinese_only(zh: str, en: str) -> bool:
    """Is this text shown in Chinese on an English page for want of an English version? Pages
    then mark it 仅有中文 / "Chinese only" rather than pass it off as a translation."""
    return bool(zh) and not en and is_english()

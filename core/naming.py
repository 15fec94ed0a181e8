"""Bilingual text: the English on English pages when there is one, the Chinese otherwise."""

from django.utils.translation import get_language


def localized(zh: str, en: str) -> str:
    """The English text on English pages when there is one, the Chinese otherwise."""
    lang = get_language() or "zh-hans"
    return en if lang.startswith("en") and en else zh


def is_english(lang: str | None = None) -> bool:
    return (lang or get_language() or "zh-hans").startswith("en")

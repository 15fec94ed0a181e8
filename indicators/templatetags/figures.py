from django import template
from django.urls import translate_url
from django.utils.translation import get_language

from indicators import figure_html as markup
from indicators.formatting import format_value
from indicators.units import unit_label as _unit_label

register = template.Library()


@register.filter
def figure(obs) -> str:
    """超2万亿元 / > 2 trillion yuan."""
    return format_value(obs.value, obs.indicator.unit, obs.qualifier)


@register.filter
def unit_label(indicator) -> str:
    return _unit_label(indicator.unit, get_language() or "zh-hans")


@register.simple_tag(takes_context=True)
def language_url(context, language: str) -> str:
    """The page the reader is on, in the other language, query string kept."""
    request = context["request"]
    return translate_url(request.get_full_path(), language)


@register.filter
def joined(names) -> str:
    separator = ", " if (get_language() or "").startswith("en") else "、"
    return separator.join(str(n) for n in names)


@register.filter
def get_item(mapping, key):
    return mapping.get(key)


@register.filter
def figure_block(obs):
    """{{ obs|figure_block }}: value, period and citations (indicators/figure_html.py)."""
    return markup.figure_html(obs)


@register.filter
def value_block(obs):
    return markup.value_html(obs)

from django import template
from django.utils.translation import get_language

from indicators import figure_html as markup
from indicators.units import unit_label as _unit_label

register = template.Library()


@register.filter
def unit_label(indicator) -> str:
    return _unit_label(indicator.unit, get_language() or "zh-hans")


@register.filter
def figure_block(obs):
    """{{ obs|figure_block }}: value, period and citations (indicators/figure_html.py)."""
    return markup.figure_html(obs)


@register.filter
def value_block(obs):
    return markup.value_html(obs)

"""A figure's markup, built in Python: it appears hundreds of times on a page, and a template
include per figure cost more than the rest of the page (measured by bench/benchmark.py).

Written with f-strings over escaped parts where a page builds hundreds (format_html escapes
every argument again and costs more than the markup). The markup: the value with its qualifier
(bounds underlined dotted, targets badged), the period, and for each citation a disclosure with
the source, its verbatim quote, the note and the figure's citation with a button that copies it.
"""

from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from core.citations import citation_html as record_citation_html
from indicators.formatting import format_value


def figure_subject(obs) -> str:
    """What a figure's citation is about: 海淀区 · 数字经济增加值：超3000亿元（2024年）."""
    where = f"{obs.region.name} · {obs.site.name}" if obs.site_id else obs.region.name
    words = {
        "where": where,
        "indicator": obs.indicator.name,
        "value": format_value(obs.value, obs.indicator.unit, obs.qualifier),
        "period": obs.period_label,
    }
    if obs.kind == "actual":  # most figures: no kind to name (get_kind_display costs a gettext)
        return _("%(where)s · %(indicator)s：%(value)s（%(period)s）") % words
    words["kind"] = obs.get_kind_display()
    return _("%(where)s · %(indicator)s：%(value)s（%(period)s，%(kind)s）") % words


def citation_html(obs) -> SafeString:
    """A statement's source and quote (core/citations.py), with the figure's citation to copy."""
    return record_citation_html(obs, figure_subject(obs))


def value_html(obs) -> SafeString:
    classes = "value"
    if obs.is_bound:
        classes += " bound"
    badge = ""
    if obs.kind != "actual":
        classes += f" {obs.kind}"
        badge = format_html(' <span class="badge {}">{}</span>', obs.kind, obs.get_kind_display())
    text = conditional_escape(format_value(obs.value, obs.indicator.unit, obs.qualifier))
    return mark_safe(f'<span class="{classes}">{text}</span>{badge}')  # noqa: S308  (escaped)


def earlier_html(obs) -> SafeString:
    """A revised figure's earlier statements: each with its value, qualifier, source and quote."""
    earlier = getattr(obs, "earlier", None)
    if not earlier:
        return mark_safe("")  # noqa: S308  (an empty string)
    return format_html(
        '<div class="revised"><p><span class="badge revised">{}</span> {}</p><ul>{}</ul></div>',
        _("已修订"),
        _("来源的说法不一致；上面是最新发布的来源的说法。较早的说法："),
        format_html_join(
            "", "<li>{} {}</li>", ((value_html(o), citation_html(o)) for o in earlier)
        ),
    )


def figure_html(obs) -> SafeString:
    """Value, period, every citation and, for a revised figure, every earlier statement."""
    citations = getattr(obs, "citations", None) or [obs]
    cited = "".join(citation_html(c) for c in citations)
    return mark_safe(  # noqa: S308  (every part is markup built above or escaped here)
        f'<div class="figure">{value_html(obs)} <span class="period">'
        f"{conditional_escape(obs.period_label)}</span>{cited}{earlier_html(obs)}</div>"
    )

"""A chart's markup, built in Python: the caption, the canvas charts.js draws on, the PNG button,
the chart's data as JSON for charts.js and as a table (also the chart's text for screen readers),
the note on bounds and the embed code.

A profile at scale draws a hundred charts, and the template include per chart cost a fifth of
the page (bench/benchmark.py); ``{% chart_block chart %}`` (releases/templatetags/release_tags.py)
writes the same markup from here.
"""

from django.utils.html import conditional_escape, json_script
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _


def png_name(chart: dict, region_slug: str = "", selected_slugs=()) -> str:
    """The PNG's file name (without .png): bjdigital, the page's region or regions, the chart."""
    where = region_slug or " ".join(str(conditional_escape(s)) for s in selected_slugs)
    return slugify(f"bjdigital {where} {str(chart['id']).replace('chart-data-', '')}")


def chart_html(chart: dict, *, embedded: bool = False, png: str = "", embed=None) -> SafeString:
    """The chart's figure element. ``embedded``: on an embed page (no PNG button, no embed code);
    ``png``: the PNG's file name (png_name); ``embed``: the embed snippet (chart_embed) or None."""
    english = get_language() == "en"
    title = conditional_escape(chart["title"])
    chart_id = conditional_escape(chart["id"])
    unit = ""
    if chart.get("unit"):
        u = conditional_escape(chart["unit"])
        unit = (
            f' <span class="unit">({u})</span>' if english else f'<span class="unit">（{u}）</span>'
        )
    parts = [
        f'\n<figure class="chart">\n  <figcaption>{title}{unit}</figcaption>\n'
        f'  <div class="chart-box"><canvas data-chart="{chart_id}" role="img" '
        f'aria-label="{title}"></canvas></div>\n  '
    ]
    if not embedded:
        label = conditional_escape(_("下载图片（PNG）"))
        colon = ": " if english else "："
        parts.append(
            f'<p class="chart-actions screen-only" hidden><button type="button" '
            f'data-png-for="{chart_id}" data-png-name="{png}" aria-label="{label}{colon}{title}">'
            f"{label}</button></p>"
        )
    line = chart.get("type") == "line"
    heading = _("时期") if line else _("区域")
    rows = "".join(
        f'<tr><th scope="row">{conditional_escape(row["label"])}</th>'
        f"<td>{conditional_escape(row['text'])}</td></tr>"
        for row in chart.get("rows", ())
    )
    parts.append(
        f"\n  {json_script(chart, chart['id'])}\n"
        f'  <table class="table chart-data">\n'
        f'    <thead><tr><th scope="col">{conditional_escape(heading)}</th>'
        f'<th scope="col">{conditional_escape(_("数值"))}</th></tr></thead>\n'
        f"    <tbody>{rows}</tbody>\n  </table>\n  "
    )
    if chart.get("has_bounds"):
        note = (
            _("空心点表示来源只给出了上限或下限（如“超”“不足”），点的高度是该界限值。")
            if line
            else _("浅色柱表示来源只给出了上限或下限（如“超”“不足”），柱高是该界限值。")
        )
        parts.append(f'<p class="note">{conditional_escape(note)}</p>')
    parts.append("\n  ")
    if not embedded and embed:
        pinned = _(
            "把下面的代码放进网页，即可显示这张图和它的数据表，固定为第 %(number)s 版数据。"
        ) % {"number": conditional_escape(embed["release"])}
        summary = conditional_escape(_("嵌入"))
        code = conditional_escape(_("嵌入代码"))
        preview = conditional_escape(_("预览嵌入的图"))
        parts.append(
            f'<details class="embed-code"><summary>{summary}</summary>\n'
            f'    <p class="note">{pinned}</p>\n'
            f'    <textarea readonly rows="4" cols="40" aria-label="{code}">'
            f"{conditional_escape(embed['snippet'])}</textarea>\n"
            f'    <p><a href="{conditional_escape(embed["url"])}">{preview}</a></p>'
            f"</details>"
        )
    parts.append("\n</figure>\n")
    return mark_safe("".join(parts))  # noqa: S308  (every value escaped above)

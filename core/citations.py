"""One citation's markup, for every quoted record on the site (figures, brands, featured
industries, sites): the source's publisher and date as a disclosure, the verbatim quote, the
record's note, and a link to the source's page.

Built in Python: a figures page shows hundreds, and a template include per citation cost more
than the rest of the page (bench/benchmark.py).
"""

from django.utils.html import format_html
from django.utils.safestring import SafeString


def citation_html(record) -> SafeString:
    source = record.source
    note = format_html('<p class="note" lang="zh-Hans">{}</p>', record.note) if record.note else ""
    return format_html(
        '<details class="citation"><summary>{} {}</summary><blockquote lang="{}">{}</blockquote>{}'
        '<p class="source-link"><a href="{}">{}</a></p></details>',
        source.publisher_name,
        source.published_label,
        "en" if source.language == "en" else "zh-Hans",
        record.quote,
        note,
        source.get_absolute_url(),
        source.display_title,
    )

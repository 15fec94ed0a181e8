"""The extractor: every figure-bearing statement of a report, as candidate figures.

For each number with a unit (numbers.py) the extractor proposes:

- **value and unit**: converted into the suggested indicator's unit when there is one
  (2.2万亿元 → 22000 亿元), otherwise into the unit the report wrote;
- **qualifier** from the words around the number (超/突破/逾/多/余, 以上, 约/近/左右, 不足/不到);
- **period**: the nearest time expression before the number in its sentence; else the last one
  of an earlier sentence in its paragraph (not a comparison's years); else, for a list item
  (一是…, ——…), the period its introducing paragraph ended with; else the document's year
  (a report titled "2023年…报告") or, failing that, the document's date as "current";
- **kind**: target (目标, 力争, 到2025年, 我们将… for the rest of the paragraph, "will"),
  expected (预计, 有望), else actual;
- **region**: the nearest region named before the number in its sentence (a list names one
  candidate per region: 东城、西城、石景山、昌平 → four), else one named earlier in the
  paragraph, else the article's (its heading's) region, else the city. Comparisons (居全国第一,
  全市领先, 全球首个) and counted lists (海淀、朝阳…等5个中心) are not subjects; a number whose
  subject is a place outside the site (全国, 我国, 上海, China…) is no candidate;
- **site**: a named site shortly before the number, and its region when the report places it;
- **indicator**: the best match by name and unit (matching.py), or a new indicator's name;
- **quote**: the verbatim sentence (shortened to the clauses that matter), with offsets into the
  text; a sentence the OCR split around a caption is quoted with "…" between its parts, the
  convention verify_quotes knows.
"""

import datetime as dt
import re
from dataclasses import asdict, dataclass
from decimal import Decimal

from indicators.choices import Granularity, Kind
from indicators.units import Unit
from ingestion.extraction.layout import Block, Span, is_english, sentences, split_blocks
from ingestion.extraction.matching import IndicatorMatcher, choose_unit
from ingestion.extraction.numbers import (
    ZH_UNIT_WORDS,
    Quantity,
    find_en_quantities,
    find_ranks,
    find_zh_quantities,
)
from ingestion.extraction.periods import Period, comparison_years, find_periods
from ingestion.extraction.places import OUTSIDE, Mention, PlaceFinder
from ingestion.extraction.vocabulary import Vocabulary

EXTRACTOR_VERSION = "1"
MAX_QUOTE = 100  # compact characters; longer sentences are quoted from a later clause on


@dataclass(frozen=True)
class DocumentContext:
    """What the extractor needs to know of the document besides its text."""

    published: dt.date
    language: str = ""  # "zh" or "en"; guessed from the text when empty
    title: str = ""

    @property
    def reference_year(self) -> int | None:
        """A report titled "2023年北京…报告" is about 2023: its undated figures are 2023's."""
        match = re.match(r"\s*[《“\"]?((?:19|20)\d\d)\s*年", self.title or "")
        return int(match.group(1)) if match else None


@dataclass
class Proposal:
    value: Decimal
    unit: str
    qualifier: str
    kind: str
    period_start: dt.date
    period_end: dt.date
    granularity: str
    region: str | None
    site: str | None
    indicator: str | None
    indicator_score: float
    new_indicator_name: str
    quote: str
    start: int  # the quote's offsets in the text (for an elided quote, first to last part)
    end: int
    number_start: int  # the number's offsets in the text, for highlighting
    number_end: int
    number_text: str

    def as_dict(self) -> dict:
        data = asdict(self)
        data["value"] = str(self.value)
        data["period_start"] = self.period_start.isoformat()
        data["period_end"] = self.period_end.isoformat()
        return data


_TARGET_BEFORE = re.compile(
    r"力争|争取|目标是|目标为|计划到|规划到|(?:我们|我市|本市|北京市?|全市|今年|明年|还|也|并|市)将(?!近)"
)
_PARAGRAPH_PLAN = re.compile(r"(?:我们|我市|本市|全市|北京市?)将(?!近)|要(?:加快|推动|实现)")
_TARGET_AFTER = re.compile(r"^[^，,；;。]{0,14}?的?目标")
_EXPECTED_BEFORE = re.compile(r"预计|预期|有望|估计")
_EN_TARGET = re.compile(r"\b(?:will|aims? to|target|goal|plans? to|is set to|strive)\b", re.I)
_EN_EXPECTED = re.compile(r"\b(?:expected|projected|forecast|estimated to)\b", re.I)
_SHARED = re.compile(r"(?:均|都)(?:实现了?|达到|超过|超|居|为|在|是)?[^，,、]{0,2}$")
_SINCE_YEAR_END = re.compile(r"(?:比|较)上年末(?:增加|新增|增长|提高)")
_BARE_BASES = [
    (
        re.compile(
            r"(?:营收|收入|规模|金额|交易额|投资|产值|增加值|资金|融资|销售额|成交额)[^，,；;]{0,6}$"
        ),
        "元",
    ),
    (re.compile(r"(?:用户|终端)[^，,；;]{0,6}$"), "户"),
    (re.compile(r"(?:人口|人数)[^，,；;]{0,6}$"), "人"),
    (re.compile(r"(?:企业|公司)[^，,；;]{0,6}$"), "家"),
]
_NAME_TRIM = re.compile(
    r"(?:达到|达|为|是|超过|超|突破|逾|约|近|接近|不足|不到|增长|增加|提高|提升|累计|共计|共|已)+$"
)


@dataclass
class _Paragraph:
    period: Period | None = None
    place: list[Mention] | None = None
    plan: bool = False


class Extractor:
    def __init__(self, vocabulary: Vocabulary, context: DocumentContext):
        self.vocabulary = vocabulary
        self.context = context

    def run(self, text: str) -> list[Proposal]:
        english = self.context.language == "en" or (not self.context.language and is_english(text))
        self.english = english
        self.text = text
        self.places = PlaceFinder(self.vocabulary, english)
        self.matcher = IndicatorMatcher(self.vocabulary, english)
        reference = self.context.reference_year
        self.default_period = (
            Period.year(reference) if reference else Period.current(self.context.published)
        )
        blocks = split_blocks(text)
        proposals: list[Proposal] = []
        section_subject: str | None = None
        list_context: _Paragraph = _Paragraph()
        done_tables: set[int] = set()
        for index, block in enumerate(blocks):
            if block.kind == "heading":
                subject = self.places.heading_subject(block.text)
                if subject:
                    section_subject = subject
                continue
            if block.kind == "caption":
                continue
            if block.kind == "table":
                if block.table_index not in done_tables:
                    done_tables.add(block.table_index)
                    proposals += self._table(blocks, index, section_subject)
                continue
            inherited = (
                _Paragraph(list_context.period, None, list_context.plan)
                if block.is_list_item
                else _Paragraph()
            )
            state = self._paragraph(block, inherited, section_subject, proposals)
            if not block.is_list_item:
                list_context = _Paragraph(state.period, None, False)
        proposals.sort(key=lambda p: (p.number_start, p.region or ""))
        return _unique(proposals)

    # --- paragraphs --------------------------------------------------------------------------

    def _paragraph(
        self, block: Block, state: _Paragraph, section_subject: str | None, out: list[Proposal]
    ) -> _Paragraph:
        text = block.text
        if section_subject == OUTSIDE:
            return state  # an article about somewhere else (重庆…, 江苏…)
        quantities = find_en_quantities(text) if self.english else find_zh_quantities(text)
        taken = [(q.start, q.end) for q in quantities]
        quantities += [
            r
            for r in find_ranks(text, self.english)
            if not any(s < r.end and r.start < e for s, e in taken)
        ]
        quantities.sort(key=lambda q: q.number_start)
        periods = find_periods(text, self.context.published, self.english)
        mentions = self.places.find(text)
        # A number inside a name (五道口) is no figure; a place inside a rank (居全国第一) is
        # its scope, not its subject.
        quantities = [
            q
            for q in quantities
            if q.base == "名次" or not any(m.start <= q.number_start < m.end for m in mentions)
        ]
        ranks = [(q.start, q.end) for q in quantities if q.base == "名次"]
        mentions = [
            Mention(**{**m.__dict__, "subject": False})
            if any(a <= m.start < b for a, b in ranks)
            else m
            for m in mentions
        ]
        for sentence in sentences(text, self.english):
            s_text = text[sentence.start : sentence.end]
            s_periods = [p for p in periods if sentence.start <= p.start < sentence.end]
            s_mentions = [m for m in mentions if sentence.start <= m.start < sentence.end]
            for quantity in quantities:
                if not sentence.start <= quantity.number_start < sentence.end:
                    continue
                out.extend(
                    self._candidates(
                        block.span,
                        text,
                        sentence,
                        quantity,
                        s_periods,
                        s_mentions,
                        state,
                        section_subject,
                        s_text,
                    )
                )
            compares = any(m.comparison_base for m in s_periods)
            reference = self.context.reference_year
            for mention in s_periods:
                if not mention.carries or mention.comparison_base or mention.year_start:
                    continue
                if compares:
                    continue  # "2022年…比2020年提升": those years are the comparison's own
                if reference and mention.period.end.year < reference:
                    continue  # an older date (截至2022年底) does not govern a 2023 report
                state.period = mention.period
            subjects = [m for m in s_mentions if m.subject and m.region and m.region != OUTSIDE]
            if subjects:
                last = subjects[-1]
                state.place = [m for m in subjects if m.group == last.group]
            if self.english:
                if re.search(r"\b(?:we|the city|beijing) will\b", s_text, re.I):
                    state.plan = True
            elif _PARAGRAPH_PLAN.search(s_text):
                state.plan = True
        return state

    def _candidates(
        self,
        span: Span,
        text: str,
        sentence,
        q: Quantity,
        periods,
        mentions: list[Mention],
        state: _Paragraph,
        section_subject: str | None,
        s_text: str,
    ) -> list[Proposal]:
        clause_index, clause = _clause_of(sentence, q.number_start)
        clause_text = text[clause[0] : clause[1]]
        if q.base == "P" and "算力" not in s_text and not self.english:
            return []  # 1080P is a resolution; P counts computing power
        base = q.base
        if base == "":
            base = _bare_base(text[clause[0] : q.number_start])
            if base is None:
                return []
        if base == "个" and re.search(r"每万人[^，,；;]{0,10}$", text[clause[0] : q.number_start]):
            base = "个/万人"
        # Where, and which site.
        regions, site = self._where(
            text, sentence, clause_index, q, mentions, state, section_subject
        )
        if regions is None:
            return []
        period, kind = self._when(text, sentence, clause, q, periods, state)
        # Which indicator, and the unit. An English counting noun (robots, hospitals) fits
        # any counting unit: the indicator's decides.
        match_base = "count" if (self.english and base in _COUNTABLE) else base
        suggestion = self.matcher.suggest(
            clause_text,
            text[sentence.start : clause[0]],
            text[max(clause[0], q.number_start - 8) : q.number_start],
            match_base,
            q.noun,
        )
        # "解决率和满意率均超97%": one figure for each thing the clause lists.
        subjects = [(suggestion, "")]
        shared = None if self.english else _SHARED.search(text[clause[0] : q.start])
        if shared:
            listed = self._listed(text[clause[0] : clause[0] + shared.start()], mentions)
            if len(listed) > 1:
                subjects = []
                for part in listed:
                    one = self.matcher.suggest(
                        part, text[sentence.start : clause[0]] + clause_text, "", match_base
                    )
                    if one.indicator and any(s.indicator == one.indicator for s, _ in subjects):
                        one = type(one)(None, one.score)
                    subjects.append((one, part))
        quote, start, end = self._quote(span, text, sentence, clause_index, q)
        number_start, number_end = span.original(q.start, q.end)
        proposals = []
        for one, part in subjects:
            unit_base = match_base if one.indicator else base
            chosen = choose_unit(unit_base, q.base_value, q.written_scale, one.indicator)
            if chosen is None or (q.base == "" and one.indicator is None):
                continue
            unit, value = chosen
            name = ""
            if one.indicator is None:
                name = part or _new_name(text, clause, q, self.english)
            for region in regions:
                proposals.append(
                    Proposal(
                        value=value,
                        unit=unit,
                        qualifier=q.qualifier,
                        kind=kind,
                        period_start=period.start,
                        period_end=period.end,
                        granularity=period.granularity,
                        region=region,
                        site=site,
                        indicator=one.indicator.slug if one.indicator else None,
                        indicator_score=round(one.score, 3),
                        new_indicator_name=name,
                        quote=quote,
                        start=start,
                        end=end,
                        number_start=number_start,
                        number_end=number_end,
                        number_text=self.text[number_start:number_end],
                    )
                )
        return proposals

    def _listed(self, subject: str, mentions) -> list[str]:
        """The things a subject lists (A、B和C), with region names taken out; none when the
        list is of regions (those are handled as regions)."""
        parts = [p for p in re.split(r"、|和|与|以及|及", subject) if p.strip()]
        found = []
        for part in parts:
            for m in self.places.find(part):
                if m.region:
                    part = part.replace(m.name, "")
            part = part.strip("“”\"'的")
            if len(part) < 2:
                return []
            found.append(part)
        return found

    def _where(self, text, sentence, clause_index, q, mentions, state, section_subject):
        """(regions, site) for a number, or (None, None) when its subject is not ours."""
        before = [m for m in mentions if m.end <= q.start]
        clause_start = sentence.clauses[clause_index][0]
        starts_clause = not re.sub(r"[“”\"'‘’—\s]", "", text[clause_start : q.start])
        site_mention = None
        candidates = list(before)
        if self.english and not any(m.site or m.region for m in before):
            candidates = [m for m in mentions if m.start >= q.end][:1]
        for m in reversed(candidates):
            if m.site is None:
                continue
            distance = abs(clause_index - _clause_of(sentence, m.start)[0])
            site_clause = sentence.clauses[_clause_of(sentence, m.start)[0]]
            site_has_figure = bool(
                (find_en_quantities if self.english else find_zh_quantities)(
                    text[site_clause[0] : site_clause[1]]
                )
            )
            if distance <= 2 and not (distance >= 1 and starts_clause and site_has_figure):
                site_mention = (m, distance)
            break
        site = site_mention[0].site if site_mention else None
        region_mentions = [m for m in before if m.region and m.subject]
        if site_mention:
            entry = self.vocabulary.site(site)
            nearer = [m for m in region_mentions if m.start > site_mention[0].start]
            if entry and entry.placed_by_source and site_mention[1] <= 1 and not nearer:
                return [entry.region], site
        after = [m for m in mentions if m.start >= q.end and m.region and m.subject]
        if region_mentions:
            last = region_mentions[-1]
            group = [m for m in region_mentions if m.group == last.group]
        elif self.english and after:
            group = [m for m in after if m.group == after[0].group]
        elif state.place:
            group = state.place
        elif section_subject:
            group = [Mention(0, 0, "", section_subject)]
        else:
            group = [Mention(0, 0, "", self.vocabulary.city)]
        if any(m.region == OUTSIDE for m in group):
            return None, None
        regions = []
        for m in group:
            if m.region and m.region not in regions:
                regions.append(m.region)
        if not regions:
            regions = [self.vocabulary.city]
        return regions, site

    def _when(self, text, sentence, clause, q, periods, state) -> tuple[Period, str]:
        before = [
            p
            for p in periods
            if p.end <= q.number_start
            and not p.comparison_base
            and not (p.year_start and p.start < clause[0])
        ]
        after = [p for p in periods if p.start >= q.end and p.start < clause[1]]
        span_years = comparison_years([p for p in periods if p.start < q.number_start])
        context_year = self._context_year(periods, state)
        target = False
        chosen = None
        if span_years is not None:
            period = span_years
        elif before:
            chosen = before[-1]
        elif after:
            chosen = after[0]
        if chosen is not None:
            period, target = chosen.period, chosen.target
            if chosen.year_start:
                period = Period.point(dt.date(context_year, 1, 1))
            if re.search(r"(?:至|到)$", text[max(clause[0], q.start - 2) : q.start]):
                # 从2018年的34.8%提高至40.0% (in 2023); 由年初的80%提升至95% (at year end)
                years = [p for p in periods if not p.year_start and not p.comparison_base]
                latest = max(years, key=lambda p: p.period.end, default=None)
                if chosen.year_start:
                    period = Period.point(dt.date(context_year, 12, 31))
                elif latest is not None and latest.period.end > period.end:
                    period = latest.period
        elif span_years is None:
            period = state.period if state.period is not None else self.default_period
        if _SINCE_YEAR_END.search(text[clause[0] : q.number_start]):
            period = period.since_year_start()
        prefix = text[sentence.start : q.number_start]
        if self.english:
            expected = bool(_EN_EXPECTED.search(prefix))
            target = target or bool(_EN_TARGET.search(prefix)) or state.plan
        else:
            expected = bool(_EXPECTED_BEFORE.search(prefix))
            target = (
                target
                or bool(_TARGET_BEFORE.search(prefix))
                or bool(_TARGET_AFTER.match(text[q.end : clause[1] + 1]))
                or state.plan
            )
        kind = Kind.EXPECTED if expected else Kind.TARGET if target else Kind.ACTUAL
        if kind != Kind.ACTUAL and period.granularity == Granularity.CURRENT:
            period = Period.year(self.context.published.year)
        return period, kind

    def _context_year(self, periods, state) -> int:
        for mention in reversed(periods):
            if not mention.year_start:
                return mention.period.end.year
        if state.period is not None:
            return state.period.end.year
        return self.default_period.end.year

    def _quote(self, span: Span, text, sentence, clause_index, q) -> tuple[str, int, int]:
        clauses = sentence.clauses
        end = clauses[clause_index][1]
        # Keep a 、-list or a closing 以上/左右 with the clause; drop closing punctuation.
        end = _trim_end(text, sentence.start, end)
        start = sentence.start
        first = 0
        while end - start > MAX_QUOTE and first < clause_index:
            first += 1
            start = clauses[first][0]
        return quote_of(self.text, span, start, end)

    # --- tables --------------------------------------------------------------------------

    def _table(self, blocks: list[Block], index: int, section_subject) -> list[Proposal]:
        table = blocks[index].table_index
        rows = [b for b in blocks if b.kind == "table" and b.table_index == table]
        first = blocks.index(rows[0])
        last = blocks.index(rows[-1])
        nearby_before = blocks[max(0, first - 3) : first]
        nearby_after = blocks[last + 1 : last + 3]
        unit_word = None
        title = None
        for b in nearby_before:
            match = re.match(r"^单位[:：,，]?(.+)$", b.text.strip())
            if match:
                unit_word = match.group(1).strip()
            if b.kind == "caption" and re.match(r"^表\d+", b.text):
                title = b
        if title is None:
            title = next(
                (b for b in nearby_after if b.kind == "caption" and re.match(r"^表\d+", b.text)),
                None,
            )
        title_before = title is not None and blocks.index(title) < first
        # Header rows: no number in any cell but the first.
        header: list[Block] = []
        body: list[Block] = []
        for row in rows:
            numeric = any(_is_number(c.text) or find_zh_quantities(c.text) for c in row.cells[1:])
            if not body and not numeric:
                header.append(row)
            else:
                body.append(row)
        columns = max(len(r.cells) for r in rows)
        column_regions: list[str | None] = [None] * columns
        column_labels = [""] * columns
        for row in header:
            current = None
            for i, cell in enumerate(row.cells):
                found = [m for m in self.places.find(cell.text) if m.region]
                if found:
                    current = found[0].region
                elif cell.text.strip() and i and not found:
                    current = current if row is header[0] else current
                if i and (found or (row is header[0] and not cell.text.strip())):
                    column_regions[i] = current
                column_labels[i] += cell.text.replace("<br>", "")
        ours = {i for i, r in enumerate(column_regions) if r and r != OUTSIDE}
        published = self.context.published
        proposals = []
        for row in body:
            label = row.cells[0].text.replace("<br>", "") if row.cells else ""
            for i, cell in enumerate(row.cells[1:], start=1):
                if ours and i not in ours:
                    continue
                region = column_regions[i] if ours else None
                if region is None:
                    region = (
                        section_subject
                        if section_subject and section_subject != OUTSIDE
                        else self.vocabulary.city
                    )
                label_periods = find_periods(column_labels[i], published, self.english)
                period = label_periods[-1].period if label_periods else self.default_period
                context = f"{title.text if title else ''}{label}{column_labels[i]}"
                for q in self._cell_quantities(cell, unit_word):
                    suggestion = self.matcher.suggest(label + column_labels[i], context, "", q.base)
                    chosen = choose_unit(
                        q.base, q.base_value, q.written_scale, suggestion.indicator
                    )
                    if chosen is None:
                        continue
                    unit, value = chosen
                    row_start = row.span.offsets[0]
                    cell_end = cell.offsets[-1] + 1 if cell.offsets else row_start
                    bar = self.text.find("|", cell_end)
                    row_end = bar + 1 if 0 <= bar < row.parts[0][1] else cell_end
                    row_text = self.text[row_start:row_end]
                    quote, start = row_text, row_start
                    if title is not None and title_before:
                        title_start, title_end = title.span.original(0, len(title.span.text))
                        gap = re.sub(r"\s", "", self.text[title_end:row_start])
                        if len(gap) <= 350:
                            quote = self.text[title_start:title_end] + "…" + row_text
                            start = title_start
                    number_start, number_end = cell.original(q.start, q.end)
                    proposals.append(
                        Proposal(
                            value=value,
                            unit=unit,
                            qualifier=q.qualifier,
                            kind=Kind.ACTUAL,
                            period_start=period.start,
                            period_end=period.end,
                            granularity=period.granularity,
                            region=region,
                            site=None,
                            indicator=suggestion.indicator.slug if suggestion.indicator else None,
                            indicator_score=round(suggestion.score, 3),
                            new_indicator_name=""
                            if suggestion.indicator
                            else f"{label}{column_labels[i]}"[:60],
                            quote=quote,
                            start=start,
                            end=row_end,
                            number_start=number_start,
                            number_end=number_end,
                            number_text=self.text[number_start:number_end],
                        )
                    )
        return proposals

    def _cell_quantities(self, cell: Span, unit_word: str | None) -> list[Quantity]:
        text = cell.text.strip()
        if _is_number(text) and unit_word:
            found = find_zh_quantities(text + unit_word)
            if found:
                q = found[0]
                offset = cell.text.index(text)
                return [
                    Quantity(
                        start=offset,
                        end=offset + len(text),
                        number_start=offset,
                        number_end=offset + len(text),
                        text=text,
                        base_value=q.base_value,
                        base=q.base,
                        written_scale=q.written_scale,
                        qualifier=q.qualifier,
                    )
                ]
            return []
        return find_en_quantities(cell.text) if self.english else find_zh_quantities(cell.text)


_COUNTABLE = {"个", "家", "款", "颗", "种", "次", "条", "辆", "道", "份", "张", "件", "项"}


def _is_number(text: str) -> bool:
    return bool(re.fullmatch(r"\s*\d+(?:,\d{3})*(?:\.\d+)?\s*", text))


def _clause_of(sentence, position: int) -> tuple[int, tuple[int, int]]:
    for index, clause in enumerate(sentence.clauses):
        if clause[0] <= position < clause[1]:
            return index, clause
    index = len(sentence.clauses) - 1
    for i, clause in enumerate(sentence.clauses):
        if position < clause[0]:
            index = max(0, i - 1)
            break
    return index, sentence.clauses[index]


def _bare_base(prefix: str) -> str | None:
    for pattern, base in _BARE_BASES:
        if pattern.search(prefix):
            return base
    return None


def _trim_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in "，,；;。:：!?！？ ":
        end -= 1
    return end


def _new_name(text: str, clause, q: Quantity, english: bool) -> str:
    if english:
        after = text[q.end : clause[1]].strip(" ,.;")
        return (after or text[clause[0] : q.start]).strip()[:60]
    name = text[clause[0] : q.start]
    name = re.sub(r"^(?:\d{4}年|其中|此外|同时|截至[^，,]*|全市|北京市?|我市|本市|累计)+", "", name)
    name = _NAME_TRIM.sub("", name)
    if len(name) < 2:
        name = text[q.end : clause[1]]
    return name.strip()[:60]


def _unique(proposals: list[Proposal]) -> list[Proposal]:
    seen = set()
    result = []
    for p in proposals:
        key = (p.number_start, p.region, p.indicator, p.new_indicator_name)
        if key in seen:
            continue
        seen.add(key)
        result.append(p)
    return result


def quote_of(original: str, span: Span, start: int, end: int) -> tuple[str, int, int]:
    """The original text of compact[start:end], with "…" where the compact text skipped
    something other than whitespace (a caption the OCR put inside the sentence)."""
    if start >= end:
        return "", 0, 0
    parts = []
    part_start = span.offsets[start]
    previous = span.offsets[start]
    for i in range(start + 1, end):
        position = span.offsets[i]
        skipped = original[previous + 1 : position]
        if skipped.strip():
            parts.append((part_start, previous + 1))
            part_start = position
        previous = position
    parts.append((part_start, previous + 1))
    quote = "…".join(original[a:b] for a, b in parts)
    return quote, parts[0][0], parts[-1][1]


def extract(text: str, context: DocumentContext, vocabulary: Vocabulary) -> list[Proposal]:
    """Every candidate figure in ``text``, in the order they appear."""
    return Extractor(vocabulary, context).run(text)


__all__ = [
    "EXTRACTOR_VERSION",
    "DocumentContext",
    "Proposal",
    "Unit",
    "ZH_UNIT_WORDS",
    "extract",
]

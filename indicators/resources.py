"""Importing figures from a spreadsheet (CSV or XLSX) in admin, with django-import-export.

The columns are the download's (/data/?_export=csv), so an export can be edited and imported
back: region, indicator, period, value, unit, qualifier, kind, source, quote, period_start,
period_end, granularity, site, region_slug, indicator_slug, source_slug, note. Chinese headers
from a Chinese download work too. Regions, indicators, sources and sites may be named by slug or
by any name (a region also by an alias). ``period`` is only a label and is ignored on import.

Every row is checked by the figures' write path (indicators/services.py: the same hard rules
and warnings as the admin form) in a dry run that writes nothing, whose result the editor
previews. A row with a warning (a quote without the number in digits, a target dated before its
source) is held as invalid until the editor confirms it by writing "yes" in that row's
``confirm_warnings`` column. Nothing is written unless every row is valid; then every row is
written through the same write path, in one transaction, with the history reason "导入 <file>".

The file is read by indicators/spreadsheets.py (limits enforced while reading); the two steps
and the preview kept between them are indicators/admin.py and indicators/import_previews.py.
Cells may say what the reports say: 超/突破/逾/多/余, 以上, 约/近/左右, 不足/不到, 确数/精确 in the
qualifier column; 2023/12/31 or an Excel date cell for a date; an empty unit where the English
download leaves it empty (个). A bad cell is refused with a message naming its column and what to
write. A row that would change an existing figure needs the permission to change figures.
"""

import datetime as dt
import unicodedata
from decimal import Decimal, InvalidOperation

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from districts.models import Region, Site
from indicators import services
from indicators.import_limits import ImportRefused, import_limits
from indicators.models import FIGURE_IDENTITY, Granularity, Indicator, Kind, Observation, Qualifier
from indicators.tables import ObservationTable
from indicators.units import UNIT_INFO
from sources.models import Source

REQUIRED = [
    "indicator",
    "region",
    "value",
    "unit",
    "qualifier",
    "kind",
    "period_start",
    "period_end",
    "granularity",
    "source",
    "quote",
]


class LookupWidget(widgets.ForeignKeyWidget):
    """Finds a row by slug or any of its names, case-insensitively, from one query per import."""

    def __init__(self, model, keys, label):
        super().__init__(model, field="slug")
        self.keys, self.label = keys, label
        self._index = None

    def reset(self):
        self._index = None

    def _lookup(self) -> dict:
        """Every name → the rows it names. A slug names one row; a name may name several (two
        regions called 朝阳区 under different cities), and then the row must say which."""
        if self._index is None:
            index: dict[str, list] = {}
            for obj in self.model._default_manager.all():
                for key in self.keys:
                    for value in str(getattr(obj, key, "") or "").splitlines():
                        names = index.setdefault(value.strip().lower(), [])
                        if value.strip() and obj not in names:
                            names.append(obj)
            self._index = index
        return self._index

    def clean(self, value, row=None, **kwargs):
        if value is None or str(value).strip() == "":
            return None
        text = str(value).strip()
        found = self._lookup().get(text.lower(), [])
        by_slug = [obj for obj in found if obj.slug.lower() == text.lower()]
        if by_slug:
            return by_slug[0]
        if len(found) > 1:
            raise ValueError(
                _("“%(value)s”对应多个%(label)s:%(slugs)s。请改用其中一个的标识。")
                % {"value": text, "label": self.label, "slugs": ", ".join(o.slug for o in found)}
            )
        if not found:
            raise ValueError(
                _("未知的%(label)s：“%(value)s”") % {"label": self.label, "value": value}
            )
        return found[0]

    def render(self, value, obj=None, **kwargs):
        return value.slug if value else ""


class FileRefused(ImportRefused):
    """The file as a whole cannot be imported (columns missing, a figure twice, too many rows)."""


class ChoiceWidget(widgets.Widget):
    """A closed set, written as its code (more_than), its label in either language, or one of
    the words the reports themselves use (``aliases``: 超 → more_than)."""

    def __init__(self, choices, label, aliases=None):
        super().__init__()
        self.choices, self.label = choices, label
        self.aliases = {word.lower(): code for word, code in (aliases or {}).items()}

    def clean(self, value, row=None, **kwargs):
        text = unicodedata.normalize("NFKC", str(value or "")).strip()
        if not text:
            raise ValueError(_("%(label)s不能为空。") % {"label": self.label})
        if text.lower() in self.aliases:
            return self.aliases[text.lower()]
        for code, name in self.choices.choices:
            labels = {code}
            for lang in ("zh-hans", "en"):
                with translation.override(lang):
                    labels.add(unicodedata.normalize("NFKC", str(name)))
            if text.lower() in {label.lower() for label in labels}:
                return code
        raise ValueError(
            _("%(label)s“%(value)s”无法识别；可用：%(codes)s")
            % {
                "label": self.label,
                "value": text[:50],
                "codes": ", ".join([*self.choices.values, *self.aliases]),
            }
        )


# The words the reports put next to a number (README, "Adding or correcting a figure"), and the
# signs the English pages use.
QUALIFIER_WORDS = {
    **dict.fromkeys(["超", "超过", "突破", "逾", "多", "余", "多于", ">"], Qualifier.MORE_THAN),
    **dict.fromkeys(["以上", "不少于", "不低于", "≥", ">="], Qualifier.AT_LEAST),
    **dict.fromkeys(["约", "近", "左右", "大约", "≈", "~"], Qualifier.ABOUT),
    **dict.fromkeys(["不足", "不到", "少于", "<"], Qualifier.LESS_THAN),
    **dict.fromkeys(["确数", "精确", "="], Qualifier.EXACT),
}
KIND_WORDS = {
    **dict.fromkeys(["实际", "实际数"], Kind.ACTUAL),
    **dict.fromkeys(["目标"], Kind.TARGET),
    **dict.fromkeys(["预计", "预计数"], Kind.EXPECTED),
}
_QUALIFIER_PREFIXES = sorted((w for w in QUALIFIER_WORDS if len(w) <= 2), key=len, reverse=True)


class ValueWidget(widgets.DecimalWidget):
    """The figure as a plain number; anything else is refused with a message saying what to write
    (Decimal's own error reads ``[<class 'decimal.InvalidOperation'>]``)."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            value = str(value)
        if isinstance(value, (int, Decimal)):
            number = Decimal(value)
        elif isinstance(value, float):
            number = Decimal(repr(value))
        else:
            text = unicodedata.normalize("NFKC", str(value or "")).strip()
            if not text:
                raise ValueError(_("数值（value）不能为空：请写数字，如 1200 或 12.5。"))
            try:
                number = Decimal(text.replace(",", "").replace(" ", ""))
            except InvalidOperation:
                raise ValueError(self.explain(text)) from None
        if not number.is_finite():
            raise ValueError(self.explain(str(value)))
        return number

    @staticmethod
    def explain(text: str) -> str:
        shown = text[:40]
        for word in _QUALIFIER_PREFIXES:
            if text.startswith(word) or text.endswith(word):
                return _(
                    "数值（value）“%(value)s”不是数字：只写数字，“%(word)s”写在限定（qualifier）列。"
                ) % {"value": shown, "word": word}
        if any(mark in text for mark in ("万", "亿")):
            return _(
                "数值（value）“%(value)s”不是数字：请按单位（unit）列写成数字，"
                "如单位是“亿元”时，2.2万亿元写 22000。"
            ) % {"value": shown}
        return _("数值（value）“%(value)s”不是数字：请只写数字，如 1200 或 12.5。") % {
            "value": shown
        }


class DateValueWidget(widgets.DateWidget):
    """A date as 2023-12-31 (the downloads' form), 2023/12/31 (Excel's), 2023.12.31, 2023年12月31日
    or an XLSX date cell; anything else is refused saying what to write."""

    FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d")

    def __init__(self, label):
        super().__init__(format="%Y-%m-%d")
        self.label = label

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        text = unicodedata.normalize("NFKC", str(value or "")).strip()
        if not text:
            raise ValueError(
                _("%(label)s不能为空：请写日期，如 2023-12-31。") % {"label": self.label}
            )
        if " " in text and text.split(" ", 1)[1].strip() in {"0:00:00", "00:00:00", "00:00"}:
            text = text.split(" ", 1)[0]  # 2023-12-31 00:00:00, a date cell saved as text
        for fmt in self.FORMATS:
            try:
                return dt.datetime.strptime(text, fmt).date()
            except ValueError:
                continue
        raise ValueError(
            _("%(label)s“%(value)s”不是日期：请写成 2023-12-31 这样的年-月-日。")
            % {"label": self.label, "value": text[:40]}
        )


class RequiredText(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        text = super().clean(value, row, **kwargs)
        if not (text or "").strip():
            raise ValueError(_("不能为空。"))
        return text.strip()


# The preview page lists this many rows (indicators/admin.py); their diffs are all it needs.
DIFF_ROWS_KEPT = 200

# The optional column in which an editor confirms a row's warnings, and the words that confirm.
CONFIRM, CONFIRM_ZH = "confirm_warnings", "确认提醒"
_YES = {"yes", "y", "1", "true", "on", "是", "确认"}


def row_confirms_warnings(row) -> bool:
    return str(row.get(CONFIRM) or "").strip().lower() in _YES


def figure_label(obs) -> str:
    """An existing figure as an editor recognises it: 海淀区 · 人工智能企业数 · 2023年 (#12)."""
    try:
        where = f"{obs.region.name_zh}·{obs.site.name_zh}" if obs.site_id else obs.region.name_zh
        return f"{where} · {obs.indicator.name_zh} · {obs.period_label} (#{obs.pk})"
    except (AttributeError, ValueError, TypeError):
        return f"#{obs.pk}"


def _field(name, widget, **kwargs):
    return fields.Field(attribute=name, column_name=name, widget=widget, **kwargs)


def export_header_map() -> dict[str, str]:
    """Chinese download headers → the English column names (read off the download's table)."""
    mapping = {CONFIRM_ZH: CONFIRM}
    for name, column in ObservationTable.base_columns.items():
        if name.startswith("x_"):
            with translation.override("zh-hans"):
                zh = str(column.verbose_name)
            with translation.override("en"):
                en = str(column.verbose_name)
            mapping[zh] = en
    return mapping


class ObservationResource(resources.ModelResource):
    indicator = _field(
        "indicator", LookupWidget(Indicator, ["slug", "name_zh", "name_en"], _("指标"))
    )
    region = _field(
        "region",
        LookupWidget(
            Region,
            ["slug", "name_zh", "name_en", "short_name_zh", "short_name_en", "aliases", "code"],
            _("区域"),
        ),
    )
    site = _field("site", LookupWidget(Site, ["slug", "name_zh", "name_en"], _("园区或项目")))
    source = _field("source", LookupWidget(Source, ["slug", "title", "title_en"], _("来源")))
    value = _field("value", ValueWidget())
    qualifier = _field("qualifier", ChoiceWidget(Qualifier, _("限定"), QUALIFIER_WORDS))
    kind = _field("kind", ChoiceWidget(Kind, _("性质"), KIND_WORDS))
    granularity = _field("granularity", ChoiceWidget(Granularity, _("时期类型")))
    period_start = _field("period_start", DateValueWidget(_("起始日期（period_start）")))
    period_end = _field("period_end", DateValueWidget(_("截止日期（period_end）")))
    quote = _field("quote", RequiredText())
    note = _field("note", widgets.CharWidget(allow_blank=True))

    class Meta:
        model = Observation
        fields = [
            "indicator",
            "region",
            "site",
            "value",
            "qualifier",
            "kind",
            "granularity",
            "period_start",
            "period_end",
            "source",
            "quote",
            "note",
        ]
        # An edited download updates the figures it came from instead of duplicating them.
        import_id_fields = list(FIGURE_IDENTITY)
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_transactions = True

    def before_import(self, dataset, **kwargs):
        for field in self.fields.values():
            if isinstance(field.widget, LookupWidget):
                field.widget.reset()
        user = kwargs.get("user")
        # Updating a figure is changing it: an editor who may only add figures may import new
        # ones, never overwrite existing ones (rows that change nothing are skipped, so an
        # unchanged download still imports cleanly).
        self._may_change = user is None or user.has_perm(
            f"{Observation._meta.app_label}.change_{Observation._meta.model_name}"
        )
        try:
            self.prepare_dataset(dataset)
        except FileRefused:
            del dataset[0 : len(dataset)]  # nothing to import; no error per row on top
            raise

    def prepare_dataset(self, dataset) -> None:
        """Headers to the column names, slug columns preferred, and the checks on the file as a
        whole. Raises FileRefused; running it again on a prepared dataset changes nothing."""
        max_rows = import_limits().max_rows
        if len(dataset) > max_rows:
            raise FileRefused(
                _("文件有 %(rows)d 行，超过上限 %(max)d 行；请分成几个文件导入。")
                % {"rows": len(dataset), "max": max_rows}
            )
        headers = [str(h or "").strip() for h in (dataset.headers or [])]
        mapping = export_header_map()
        headers = [mapping.get(h, h) for h in headers]
        dataset.headers = headers
        # The slug columns of a download name rows exactly; prefer them to display names.
        for name in ("region", "indicator", "source"):
            slug_column = f"{name}_slug"
            if slug_column in headers:
                slugs = dataset[slug_column]
                if name in headers:
                    names = dataset[name]
                    del dataset[name]
                    dataset.append_col(
                        [s or n for s, n in zip(slugs, names, strict=True)], header=name
                    )
                else:
                    dataset.append_col(list(slugs), header=name)
        if "site" not in dataset.headers:
            dataset.append_col([""] * len(dataset), header="site")
        missing = [c for c in REQUIRED if c not in dataset.headers]
        if missing:
            raise FileRefused(
                _("缺少这些列：%(missing)s。请用导入模板或从 /data/ 下载的文件作为底稿。")
                % {"missing": ", ".join(missing)}
            )
        self._check_no_duplicate_rows(dataset)

    def _check_no_duplicate_rows(self, dataset):
        """Two rows for one figure would silently overwrite each other: refuse the file instead."""
        offset = getattr(dataset, "line_offset", 1)
        key_columns = [dataset[c] for c in self._meta.import_id_fields]
        seen: dict[tuple, int] = {}
        for number, key in enumerate(zip(*key_columns, strict=True), start=1):
            key = tuple(str(v or "").strip().lower() for v in key)
            if not any(key):
                continue  # a blank row, reported on its own
            if key in seen:
                raise FileRefused(
                    _(
                        "第 %(first)d 行和第 %(second)d 行是同一个数字（指标、区域、园区、时期、性质和来源都相同）。"
                    )
                    % {"first": seen[key] + offset, "second": number + offset}
                )
            seen[key] = number

    def import_row(self, row, instance_loader, **kwargs):
        deadline = kwargs.get("deadline")
        if deadline is not None:
            deadline.check()  # ImportTooSlow leaves import_data: its transaction rolls back
        row_result = super().import_row(row, instance_loader, **kwargs)
        if kwargs.get("row_number", 0) > DIFF_ROWS_KEPT:
            row_result.diff = None  # the preview lists the first rows only; 50,000 diffs are MBs
        return row_result

    def before_import_row(self, row, **kwargs):
        self._row = row  # the unit and the confirmation column are read while validating it
        if all(str(v if v is not None else "").strip() == "" for v in row.values()):
            raise ValidationError(
                {NON_FIELD_ERRORS: [_("这一行是空的：请删除空行，或填上这一行的数字。")]}
            )

    def after_init_instance(self, instance, new, row, **kwargs):
        self._new = new

    def row_unit(self, instance, row) -> str:
        """The row's unit. The English downloads leave it empty for the units that have no English
        label (个: the indicator's name says what is counted), so empty means the indicator's
        own unit exactly there, and nowhere else."""
        written = str(row.get("unit") or "").strip()
        if not written and instance.indicator_id:
            unit = instance.indicator.unit
            info = UNIT_INFO.get(unit)
            if info is not None and not info.en_axis:
                return unit
        return written

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """The write path's rules (indicators/services.py), without a query per row.

        The foreign keys come from the lookup widgets, so they exist; an existing figure is found
        by its identity and updated, and duplicates inside the file are refused above. The
        database enforces all of them again when the rows are written.
        """
        errors = dict(import_validation_errors or {})
        if errors:
            raise ValidationError(errors)
        if not getattr(self, "_new", True) and not getattr(self, "_may_change", True):
            raise ValidationError(
                {
                    NON_FIELD_ERRORS: [
                        _(
                            "这一行会修改已有的数字（%(figure)s），你的账号只能添加数字、不能修改；"
                            "这次什么都不会写入。请删掉这一行，或请有修改权限的编辑导入。"
                        )
                        % {"figure": figure_label(instance)}
                    ]
                }
            )
        row = self._row
        warnings = services.check_figure(
            instance, unit=self.row_unit(instance, row), check_database=False
        )
        if warnings and not row_confirms_warnings(row):
            raise ValidationError(
                {
                    NON_FIELD_ERRORS: [
                        *warnings,
                        _("核对无误后，在这一行的 %(column)s 列填 yes 再导入。")
                        % {"column": CONFIRM},
                    ]
                }
            )

    def save_instance(self, instance, is_create, row, **kwargs):
        """Written through the one write path; the preview (dry run) writes nothing at all."""
        if kwargs.get("dry_run"):
            return
        file_name = kwargs.get("file_name") or ""
        services.save_figure(
            instance,
            unit=self.row_unit(instance, row),
            confirmed=row_confirms_warnings(row),
            reason=(_("导入 %(file)s") % {"file": file_name})[:100],
            user=kwargs.get("user"),
            check_database=False,
        )

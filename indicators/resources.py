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
"""

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from districts.models import Region, Site
from indicators import services
from indicators.models import FIGURE_IDENTITY, Granularity, Indicator, Kind, Observation, Qualifier
from indicators.tables import ObservationTable
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
                _("未知的%(label)s:“%(value)s”") % {"label": self.label, "value": value}
            )
        return found[0]

    def render(self, value, obj=None, **kwargs):
        return value.slug if value else ""


class ChoiceWidget(widgets.Widget):
    """A closed set, written as its code (more_than) or its label in either language."""

    def __init__(self, choices, label):
        super().__init__()
        self.choices, self.label = choices, label

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip()
        if not text:
            raise ValueError(_("%(label)s不能为空。") % {"label": self.label})
        for code, name in self.choices.choices:
            labels = {code}
            for lang in ("zh-hans", "en"):
                with translation.override(lang):
                    labels.add(str(name))
            if text.lower() in {label.lower() for label in labels}:
                return code
        raise ValueError(
            _("%(label)s“%(value)s”无法识别;可用:%(codes)s")
            % {"label": self.label, "value": text, "codes": ", ".join(self.choices.values)}
        )


class RequiredText(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        text = super().clean(value, row, **kwargs)
        if not (text or "").strip():
            raise ValueError(_("不能为空。"))
        return text.strip()


# The optional column in which an editor confirms a row's warnings, and the words that confirm.
CONFIRM, CONFIRM_ZH = "confirm_warnings", "确认提醒"
_YES = {"yes", "y", "1", "true", "on", "是", "确认"}


def row_confirms_warnings(row) -> bool:
    return str(row.get(CONFIRM) or "").strip().lower() in _YES


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
    value = _field("value", widgets.DecimalWidget())
    qualifier = _field("qualifier", ChoiceWidget(Qualifier, _("限定")))
    kind = _field("kind", ChoiceWidget(Kind, _("性质")))
    granularity = _field("granularity", ChoiceWidget(Granularity, _("时期类型")))
    period_start = _field("period_start", widgets.DateWidget(format="%Y-%m-%d"))
    period_end = _field("period_end", widgets.DateWidget(format="%Y-%m-%d"))
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
        if len(dataset) > settings.IMPORT_MAX_ROWS:
            raise ValueError(
                _("文件有 %(rows)d 行,超过上限 %(max)d 行;请分成几个文件导入。")
                % {"rows": len(dataset), "max": settings.IMPORT_MAX_ROWS}
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
            raise ValueError(
                _("缺少这些列:%(missing)s。请用导入模板或从 /data/ 下载的文件作为底稿。")
                % {"missing": ", ".join(missing)}
            )
        self._check_no_duplicate_rows(dataset)

    def _check_no_duplicate_rows(self, dataset):
        """Two rows for one figure would silently overwrite each other: refuse the file instead."""
        key_columns = [dataset[c] for c in self._meta.import_id_fields]
        seen: dict[tuple, int] = {}
        for number, key in enumerate(zip(*key_columns, strict=True), start=1):
            key = tuple(str(v or "").strip().lower() for v in key)
            if key in seen:
                raise ValueError(
                    _(
                        "第 %(first)d 行和第 %(second)d 行是同一个数字(指标、区域、园区、时期、性质和来源都相同)。"
                    )
                    % {"first": seen[key], "second": number}
                )
            seen[key] = number

    def before_import_row(self, row, **kwargs):
        self._row = row  # the unit and the confirmation column are read while validating it

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """The write path's rules (indicators/services.py), without a query per row.

        The foreign keys come from the lookup widgets, so they exist; an existing figure is found
        by its identity and updated, and duplicates inside the file are refused above. The
        database enforces all of them again when the rows are written.
        """
        errors = dict(import_validation_errors or {})
        if errors:
            raise ValidationError(errors)
        row = self._row
        warnings = services.check_figure(
            instance, unit=str(row.get("unit") or ""), check_database=False
        )
        if warnings and not row_confirms_warnings(row):
            raise ValidationError(
                {
                    NON_FIELD_ERRORS: [
                        *warnings,
                        _("核对无误后,在这一行的 %(column)s 列填 yes 再导入。")
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
            unit=str(row.get("unit") or ""),
            confirmed=row_confirms_warnings(row),
            reason=(_("导入 %(file)s") % {"file": file_name})[:100],
            user=kwargs.get("user"),
            check_database=False,
        )

"""What every data model shares, and the data version that keeps cached pages honest.

The data apps (sources, districts, indicators) build their models on these classes:

- ``DataQuerySet`` / ``DataManager``: bulk writes (``update()``, ``bulk_create()``,
  ``bulk_update()``) bump the data version in the same transaction, as every ``save()`` and
  ``delete()`` does through signals (core/caching.py). No write can leave a stale cached page.
- ``SlugManager`` and ``BilingualNamed``: a slug as natural key, names in Chinese and English.
- ``BilingualNote`` / ``english_note_field``: a note in Chinese and English.
- ``Cited``: a statement read from a source document, with its verbatim quote.
"""

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.naming import chinese_only, localized


class DataVersion(models.Model):
    """One row whose number changes whenever the data changes, so every page cache sees an edit.

    Cached pages are keyed by this number (core/caching.py). Any write to a data model adds one,
    in the same transaction, so every worker and server misses its old pages.
    """

    value = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("数据版本")
        constraints = [
            models.CheckConstraint(condition=Q(pk=1), name="core_data_version_single_row")
        ]

    def __str__(self):
        return str(self.value)


def data_version() -> int:
    value = DataVersion.objects.filter(pk=1).values_list("value", flat=True).first()
    return value or 0


def bump_data_version(**kwargs) -> None:
    """Add one to the data version (a signal receiver too, hence ``**kwargs``)."""
    if not DataVersion.objects.filter(pk=1).update(value=F("value") + 1):
        DataVersion.objects.get_or_create(pk=1, defaults={"value": 1})


class DataQuerySet(models.QuerySet):
    """A queryset of site data whose bulk writes, like single saves, refresh cached pages.

    ``save()`` and ``delete()`` bump the data version through signals; these bulk methods send
    no signals, so they bump it themselves, inside the same transaction as the write.
    """

    def update(self, **kwargs):
        with transaction.atomic(using=self.db):
            count = super().update(**kwargs)
            if count:
                bump_data_version()
        return count

    update.alters_data = True

    def bulk_create(self, objs, *args, **kwargs):
        with transaction.atomic(using=self.db):
            created = super().bulk_create(objs, *args, **kwargs)
            if created:
                bump_data_version()
        return created

    bulk_create.alters_data = True

    def bulk_update(self, objs, fields, *args, **kwargs):
        with transaction.atomic(using=self.db):
            count = super().bulk_update(objs, fields, *args, **kwargs)
            if count:
                bump_data_version()
        return count

    bulk_update.alters_data = True


class DataManager(models.Manager.from_queryset(DataQuerySet)):
    pass


class SlugManager(DataManager):
    """Natural keys by slug, so fixtures refer to rows by name rather than by id."""

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class BilingualNamed(models.Model):
    slug = models.SlugField(_("标识"), max_length=80, unique=True)
    name_zh = models.CharField(_("中文名称"), max_length=120, unique=True)
    name_en = models.CharField(_("英文名称"), max_length=200, blank=True)

    objects = SlugManager()

    class Meta:
        abstract = True

    def __str__(self):
        return self.name_zh

    def natural_key(self):
        return (self.slug,)

    @property
    def name(self) -> str:
        return localized(self.name_zh, self.name_en)


class Reading(models.TextChoices):
    """How a cited record follows from its quote: as stated, or by a reading a careful reader
    could dispute. Pages show every reading other than "as stated" as a badge beside the record
    (the profile, the comparison, the industry pages), and its note says why."""

    AS_STATED = "", _("如来源所述")
    WORD_ORDER = "word_order", _("据行文顺序对应")


def english_note_field() -> models.TextField:
    """``note_en``: the note's faithful English, beside a model's Chinese ``note``."""
    return models.TextField(
        _("备注（英文）"),
        blank=True,
        help_text=_("备注的忠实英译；留空时，英文页面显示中文备注并标明“仅有中文”。"),
    )


class BilingualNote:
    """A model with ``note`` and ``note_en``: the note in the page's language, and whether an
    English page must show it in Chinese (core/bilingual.py marks it)."""

    @property
    def display_note(self) -> str:
        return localized(self.note, self.note_en)

    @property
    def note_chinese_only(self) -> bool:
        """An English page shows this note in Chinese: it has no English yet (pages say so)."""
        return chinese_only(self.note, self.note_en)


class Cited(BilingualNote, models.Model):
    """A statement read from a source document, with the verbatim words it was read from.

    Each subclass declares its own ``source`` foreign key (for its own reverse name on Source).
    ``reading`` says whether the record is what the quote states or a pairing read from the
    order of its words (通州区、门头沟区基于元宇宙、“5G+8K”……, without 分别); the note explains.
    """

    quote = models.TextField(_("原文引文"), help_text=_("从来源文献中逐字摘录的原话，不作改写。"))
    note = models.TextField(_("备注"), blank=True)
    note_en = english_note_field()
    reading = models.CharField(
        _("解读"),
        max_length=12,
        choices=Reading.choices,
        default=Reading.AS_STATED,
        blank=True,
        help_text=_(
            "引文直接写明的留空；只凭行文顺序对应（原文没有“分别”）时选“据行文顺序对应”，"
            "并在备注里说明。页面会在该条旁显示这一标记。"
        ),
    )

    class Meta:
        abstract = True

    @property
    def is_read_into(self) -> bool:
        """Is this record a reading of its quote rather than what the quote states?"""
        return self.reading != Reading.AS_STATED

    def clean(self):
        super().clean()
        if not (self.quote or "").strip():
            raise ValidationError({"quote": _("请填写来源中的原文引文。")})
        if self.reading != Reading.AS_STATED and not (self.note or "").strip():
            raise ValidationError({"note": _("不是来源直接写明的对应关系，请在备注里说明依据。")})

"""What every named thing on the site shares: a slug as natural key and names in two languages."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def localized(zh: str, en: str) -> str:
    """The English text on English pages when there is one, the Chinese otherwise."""
    lang = get_language() or "zh-hans"
    return en if lang.startswith("en") and en else zh


class SlugManager(models.Manager):
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

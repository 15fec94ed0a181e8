"""Numbered data releases: the data frozen as it stood when published, with its downloads.

A release is written once (``manage.py publish_release``) and never changes: its files are stored
as bytes with their SHA-256, so a download fetched years later is byte-identical to the one
fetched on the day, whatever editors have done since. Rows refuse updates and deletes.
"""

import hashlib

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Immutable(Exception):
    """A published release, or one of its files, was about to be changed or deleted."""


class FrozenQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise Immutable("published releases never change")

    update.alters_data = True

    def delete(self):
        raise Immutable("published releases are never deleted")

    delete.alters_data = True


class FrozenModel(models.Model):
    """Inserted once; a second save() or a delete() raises Immutable."""

    objects = FrozenQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise Immutable(f"{self._meta.label} {self.pk} is published and never changes")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise Immutable(f"{self._meta.label} {self.pk} is published and never deleted")


class Release(FrozenModel):
    number = models.PositiveIntegerField(_("版本号"), unique=True)
    published_at = models.DateTimeField(_("发布时间"))
    note = models.TextField(_("说明"))
    # The data version (core.models.DataVersion) the release froze; an edit after it raises the
    # live version above this number, and pages say that edits are newer than the release.
    data_version = models.PositiveBigIntegerField(_("数据版本"))
    counts = models.JSONField(_("条数"), default=dict)
    # {"previous": N-1 or null, "added": [...], "changed": [...], "removed": [...]}: statements
    # keyed by indicators.models.FIGURE_IDENTITY (releases/changelog.py).
    changelog = models.JSONField(_("变更"), default=dict)

    class Meta:
        ordering = ["-number"]
        verbose_name = _("数据版本")
        verbose_name_plural = _("数据版本")

    def __str__(self):
        return f"{self.number}"

    def get_absolute_url(self):
        return reverse("releases:detail", args=[self.number])


class ReleaseFile(FrozenModel):
    release = models.ForeignKey(
        Release, verbose_name=_("数据版本"), on_delete=models.PROTECT, related_name="files"
    )
    name = models.CharField(_("文件名"), max_length=100)
    media_type = models.CharField(_("类型"), max_length=100)
    content = models.BinaryField(_("内容"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveBigIntegerField(_("字节数"))
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["release", "order", "name"]
        verbose_name = _("数据版本文件")
        verbose_name_plural = _("数据版本文件")
        constraints = [
            models.UniqueConstraint(fields=["release", "name"], name="release_file_unique_name"),
        ]

    def __str__(self):
        return f"{self.release_id}/{self.name}"

    def get_absolute_url(self):
        return reverse("release_files:file", args=[self.release.number, self.name])

    @classmethod
    def of(cls, name: str, media_type: str, content: bytes, order: int = 0) -> "ReleaseFile":
        return cls(
            name=name,
            media_type=media_type,
            content=content,
            sha256=hashlib.sha256(content).hexdigest(),
            size=len(content),
            order=order,
        )

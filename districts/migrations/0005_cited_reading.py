"""A reading on every cited record: as stated, or paired by word order (据行文顺序对应)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("districts", "0004_region_kind_context"),
    ]

    operations = [
        migrations.AddField(
            model_name="brand",
            name="reading",
            field=models.CharField(
                blank=True,
                choices=[("", "如来源所述"), ("word_order", "据行文顺序对应")],
                default="",
                help_text="引文直接写明的留空;只凭行文顺序对应(原文没有“分别”)时选“据行文顺序对应”,并在备注里说明。页面会在该条旁显示这一标记。",
                max_length=12,
                verbose_name="解读",
            ),
        ),
        migrations.AddField(
            model_name="featuredindustry",
            name="reading",
            field=models.CharField(
                blank=True,
                choices=[("", "如来源所述"), ("word_order", "据行文顺序对应")],
                default="",
                help_text="引文直接写明的留空;只凭行文顺序对应(原文没有“分别”)时选“据行文顺序对应”,并在备注里说明。页面会在该条旁显示这一标记。",
                max_length=12,
                verbose_name="解读",
            ),
        ),
        migrations.AddField(
            model_name="historicalbrand",
            name="reading",
            field=models.CharField(
                blank=True,
                choices=[("", "如来源所述"), ("word_order", "据行文顺序对应")],
                default="",
                help_text="引文直接写明的留空;只凭行文顺序对应(原文没有“分别”)时选“据行文顺序对应”,并在备注里说明。页面会在该条旁显示这一标记。",
                max_length=12,
                verbose_name="解读",
            ),
        ),
        migrations.AddField(
            model_name="historicalfeaturedindustry",
            name="reading",
            field=models.CharField(
                blank=True,
                choices=[("", "如来源所述"), ("word_order", "据行文顺序对应")],
                default="",
                help_text="引文直接写明的留空;只凭行文顺序对应(原文没有“分别”)时选“据行文顺序对应”,并在备注里说明。页面会在该条旁显示这一标记。",
                max_length=12,
                verbose_name="解读",
            ),
        ),
        migrations.AddField(
            model_name="historicalsite",
            name="reading",
            field=models.CharField(
                blank=True,
                choices=[("", "如来源所述"), ("word_order", "据行文顺序对应")],
                default="",
                help_text="引文直接写明的留空;只凭行文顺序对应(原文没有“分别”)时选“据行文顺序对应”,并在备注里说明。页面会在该条旁显示这一标记。",
                max_length=12,
                verbose_name="解读",
            ),
        ),
        migrations.AddField(
            model_name="site",
            name="reading",
            field=models.CharField(
                blank=True,
                choices=[("", "如来源所述"), ("word_order", "据行文顺序对应")],
                default="",
                help_text="引文直接写明的留空;只凭行文顺序对应(原文没有“分别”)时选“据行文顺序对应”,并在备注里说明。页面会在该条旁显示这一标记。",
                max_length=12,
                verbose_name="解读",
            ),
        ),
        migrations.AddConstraint(
            model_name="brand",
            constraint=models.CheckConstraint(
                condition=models.Q(("reading__in", ["", "word_order"])), name="brand_reading_valid"
            ),
        ),
        migrations.AddConstraint(
            model_name="featuredindustry",
            constraint=models.CheckConstraint(
                condition=models.Q(("reading__in", ["", "word_order"])),
                name="featured_industry_reading_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="site",
            constraint=models.CheckConstraint(
                condition=models.Q(("reading__in", ["", "word_order"])), name="site_reading_valid"
            ),
        ),
    ]

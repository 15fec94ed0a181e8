"""Regions of kind "context" (对比地区): 全国 and 上海市, set beside Beijing by the reports."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("districts", "0003_region_names_unique_per_parent"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="region",
            name="region_kind_valid",
        ),
        migrations.AlterField(
            model_name="historicalregion",
            name="code",
            field=models.CharField(
                blank=True,
                help_text="GB/T 2260 代码;功能区没有代码,留空;对比地区有代码就填(如上海市 310000)。",
                max_length=6,
                verbose_name="行政区划代码",
            ),
        ),
        migrations.AlterField(
            model_name="historicalregion",
            name="kind",
            field=models.CharField(
                choices=[
                    ("city", "市"),
                    ("district", "区"),
                    ("zone", "功能区"),
                    ("context", "对比地区"),
                ],
                max_length=10,
                verbose_name="类型",
            ),
        ),
        migrations.AlterField(
            model_name="region",
            name="code",
            field=models.CharField(
                blank=True,
                help_text="GB/T 2260 代码;功能区没有代码,留空;对比地区有代码就填(如上海市 310000)。",
                max_length=6,
                verbose_name="行政区划代码",
            ),
        ),
        migrations.AlterField(
            model_name="region",
            name="kind",
            field=models.CharField(
                choices=[
                    ("city", "市"),
                    ("district", "区"),
                    ("zone", "功能区"),
                    ("context", "对比地区"),
                ],
                max_length=10,
                verbose_name="类型",
            ),
        ),
        migrations.AddConstraint(
            model_name="region",
            constraint=models.CheckConstraint(
                condition=models.Q(("kind__in", ["city", "district", "zone", "context"])),
                name="region_kind_valid",
            ),
        ),
    ]

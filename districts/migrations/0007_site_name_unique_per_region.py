"""Site names are unique per region: a source may list 智能算力中心 in several districts
without naming them."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("districts", "0006_site_placement_unplaced"),
    ]

    operations = [
        migrations.AlterField(
            model_name="historicalsite",
            name="name_zh",
            field=models.CharField(max_length=120, verbose_name="中文名称"),
        ),
        migrations.AlterField(
            model_name="site",
            name="name_zh",
            field=models.CharField(max_length=120, verbose_name="中文名称"),
        ),
        migrations.AddConstraint(
            model_name="site",
            constraint=models.UniqueConstraint(
                fields=("region", "name_zh"),
                name="site_name_unique_per_region",
                violation_error_message="这个区域已有同名的园区或项目。",
            ),
        ),
    ]

"""Placement "project" (placed from general knowledge) becomes "unplaced" (所在区未见于来源), only
for sites filed under the city."""

from django.db import migrations, models


def unplace_guessed_sites(apps, schema_editor):
    """Sites the project had placed from general knowledge ("project") go to the city, marked
    unplaced: no site is placed in a district unless a source says so."""
    Region = apps.get_model("districts", "Region")
    Site = apps.get_model("districts", "Site")
    guessed = Site.objects.filter(placement="project")
    if not guessed.exists():
        return
    city = Region.objects.filter(kind="city", parent__isnull=True).order_by("order", "pk").first()
    if city is None:
        raise RuntimeError("Sites placed from general knowledge need a city to be filed under.")
    guessed.update(placement="unplaced", region=city)


def restore_placement_code(apps, schema_editor):
    """Backwards: the old vocabulary had no "unplaced"; the regions guessed before are gone."""
    apps.get_model("districts", "Site").objects.filter(placement="unplaced").update(
        placement="project"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("districts", "0005_cited_reading"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="site",
            name="site_placement_valid",
        ),
        migrations.AlterField(
            model_name="historicalsite",
            name="placement",
            field=models.CharField(
                choices=[
                    ("source", "来源写明所在区域"),
                    ("unplaced", "所在区未见于来源(记在全市名下)"),
                ],
                default="source",
                help_text="来源没有写明所在区时,区域选北京市、这里选“所在区未见于来源”,并在备注里写来源怎么说;不要据常识归到某个区。",
                max_length=10,
                verbose_name="区域归属依据",
            ),
        ),
        migrations.AlterField(
            model_name="site",
            name="placement",
            field=models.CharField(
                choices=[
                    ("source", "来源写明所在区域"),
                    ("unplaced", "所在区未见于来源(记在全市名下)"),
                ],
                default="source",
                help_text="来源没有写明所在区时,区域选北京市、这里选“所在区未见于来源”,并在备注里写来源怎么说;不要据常识归到某个区。",
                max_length=10,
                verbose_name="区域归属依据",
            ),
        ),
        migrations.RunPython(unplace_guessed_sites, restore_placement_code),
        migrations.AddConstraint(
            model_name="site",
            constraint=models.CheckConstraint(
                condition=models.Q(("placement__in", ["source", "unplaced"])),
                name="site_placement_valid",
            ),
        ),
    ]

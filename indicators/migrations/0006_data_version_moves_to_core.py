from django.db import migrations


def copy_version(apps, schema_editor):
    """Carry the current data version over, so no cached page of an older version is served."""
    old = apps.get_model("indicators", "DataVersion").objects.filter(pk=1).first()
    if old is not None:
        apps.get_model("core", "DataVersion").objects.update_or_create(
            pk=1, defaults={"value": old.value + 1}
        )


class Migration(migrations.Migration):
    """The data version belongs to the shared kernel now (core.DataVersion)."""

    dependencies = [
        ("indicators", "0005_scale_indexes"),
        ("core", "0001_data_version"),
    ]

    operations = [
        migrations.RunPython(copy_version, migrations.RunPython.noop),
        migrations.DeleteModel(name="DataVersion"),
    ]

from django.db import migrations


def create_group(apps, schema_editor):
    from indicators.roles import sync_data_editors

    sync_data_editors(apps)


def remove_group(apps, schema_editor):
    from indicators.roles import DATA_EDITORS

    apps.get_model("auth", "Group").objects.filter(name=DATA_EDITORS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("sources", "0002_historicalsource"),
        ("districts", "0002_historicalbrand_historicalfeaturedindustry_and_more"),
        ("indicators", "0002_historicalindicator_historicalobservation"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]

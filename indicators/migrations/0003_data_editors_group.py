from django.db import migrations

# The "data editors" group used to be created here. It is now brought in line with the data
# models after every migrate (core/roles.py, connected to post_migrate in CoreConfig.ready), so
# this migration no longer does anything; it stays because later migrations depend on it.


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("sources", "0002_historicalsource"),
        ("districts", "0002_historicalbrand_historicalfeaturedindustry_and_more"),
        ("indicators", "0002_historicalindicator_historicalobservation"),
    ]

    operations = []

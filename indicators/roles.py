"""The editor role: who may change the data, and nothing else."""

DATA_EDITORS = "data editors"

# Each model an editor maintains: they may view, add and change it, never delete it (a figure
# that is wrong is corrected, and history keeps what it was) and never touch users or groups.
EDITABLE_MODELS = {
    "sources": ["source"],
    "districts": ["region", "industry", "brand", "featuredindustry", "site"],
    "indicators": ["indicator", "observation"],
}
ACTIONS = ["view", "add", "change"]


def editor_permission_codenames() -> list[tuple[str, str]]:
    """(app_label, codename) for every permission the data editors hold."""
    pairs = []
    for app_label, models in EDITABLE_MODELS.items():
        for model in models:
            pairs += [(app_label, f"{action}_{model}") for action in ACTIONS]
            # The history pages of simple-history need the historical model's view permission.
            pairs.append((app_label, f"view_historical{model}"))
    return pairs


def sync_data_editors(apps=None) -> None:
    """Create the group if needed and give it exactly the permissions above."""
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions

    apps = apps or global_apps
    # On a fresh database, permissions are only created after all migrations have run, so
    # create them now. create_permissions() skips apps whose models_module is unset; set it for
    # the call and put the real value back (leaving it None would hide the app from dumpdata).
    for app_config in global_apps.get_app_configs():
        original = app_config.models_module
        app_config.models_module = original or True
        try:
            create_permissions(app_config, apps=apps, verbosity=0)
        finally:
            app_config.models_module = original
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=DATA_EDITORS)
    wanted = []
    for app_label, codename in editor_permission_codenames():
        wanted.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    group.permissions.set(wanted)
